"""TargetService: targets set and checked, suggestions from the preset, 附件1-1 out and in."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from nlts_desktop.domain.enums import Role
from nlts_desktop.domain.errors import AppError, PermissionDeniedError, ValidationError
from nlts_desktop.domain.presets import load_preset, preset_to_dict
from nlts_desktop.services.context import Actor
from nlts_desktop.services.roster_import import ImportRejectedError
from nlts_desktop.services.workspace import Workspace
from nlts_desktop.storage.models import Teacher, WorkspaceRow
from tests.helpers import add_teachers

FILLED = date(2026, 3, 5)


@pytest.fixture
def county(workspace: Workspace, school: int) -> Workspace:
    """温江区 (四川 2.0: 30 % / 70 % / 100 % of teachers, cumulative) with 20 active teachers."""
    add_teachers(workspace, 20)
    return workspace


def _use_preset(workspace: Workspace, preset_id: str) -> None:
    with workspace.context.unit_of_work() as session:
        row = session.scalars(select(WorkspaceRow)).one()
        row.preset_json = json.dumps(preset_to_dict(load_preset(preset_id)), ensure_ascii=False)


def _stored(workspace: Workspace) -> list[tuple[int, str, int, int | None]]:
    return [
        (t.year, t.level_code, t.planned_teachers, t.planned_schools)
        for t in workspace.targets.list_targets()
    ]


def test_set_targets_by_code_or_name(county: Workspace) -> None:
    year = county.targets.set_targets(
        2021, {"省级": (2, None), "county": ("5", 1), "国培": (0, None)}, notes={"县级": "整校推进"}
    )
    assert year.year == 2021 and year.teachers == 7 and year.schools == 1
    assert year.teacher_share == 0.7 and year.cumulative
    assert [(t.level_code, t.level_name, t.planned_teachers) for t in year.targets] == [
        ("provincial", "省级", 2),
        ("county", "县级", 5),
    ]  # 国培 0: nothing planned, nothing stored
    assert year.targets[1].note == "整校推进"
    # Setting the year again replaces it: a level left out is removed.
    county.targets.set_targets(2021, {"county": (6, None)})
    assert _stored(county) == [(2021, "county", 6, None)]
    years = county.targets.by_year()
    assert [y.year for y in years] == [2020, 2021, 2022]
    assert years[0].teachers == 0 and years[0].targets == ()


def test_a_typed_total_that_does_not_add_up_is_refused(county: Workspace) -> None:
    with pytest.raises(ValidationError) as caught:
        county.targets.set_targets(2021, {"provincial": (2, None), "county": (5, None)}, total=8)
    assert caught.value.code == "targets.total_mismatch"
    assert "合计填写为 8" in caught.value.message and "之和为 7" in caught.value.message
    assert _stored(county) == []
    county.targets.set_targets(2021, {"provincial": (2, None), "county": (5, None)}, total=7)
    assert len(_stored(county)) == 2


def test_years_together_may_not_exceed_the_registered_teachers(county: Workspace) -> None:
    county.targets.set_plan({2020: {"county": (6, None)}, 2021: {"county": (8, None)}})
    with pytest.raises(ValidationError) as caught:
        county.targets.set_targets(2022, {"county": (7, None)})
    error = caught.value
    assert error.code == "targets.exceeds_registered"
    assert "21 人" in error.message and "在册的教师数 20 人" in error.message
    assert "2020 年 6 人、2021 年 8 人、2022 年 7 人" in error.message
    assert [y for y, *_ in _stored(county)] == [2020, 2021]  # nothing of 2022 written
    county.targets.set_targets(2022, {"county": (6, None)})  # exactly the whole staff


def test_an_excessive_plan_can_be_lowered_year_by_year(county: Workspace) -> None:
    county.targets.set_plan({2020: {"county": (10, None)}, 2021: {"county": (10, None)}})
    with county.context.read() as session:
        ids = list(session.scalars(select(Teacher.id).order_by(Teacher.id).limit(5)))
    for teacher_id in ids:  # the roster shrinks to 15: the plan of 20 is now too big
        county.teachers.set_active(teacher_id, False)
    county.targets.set_targets(2020, {"county": (8, None)})  # 18 > 15, but lower than 20
    with pytest.raises(ValidationError):
        county.targets.set_targets(2020, {"county": (9, None)})  # raising it again is not
    assert _stored(county) == [(2020, "county", 8, None), (2021, "county", 10, None)]


def test_counts_and_years_are_checked(county: Workspace) -> None:
    for bad in (-1, 2.5, "十", True, "1e3"):
        with pytest.raises(ValidationError) as caught:
            county.targets.set_targets(2021, {"county": (bad, None)})
        assert caught.value.code == "targets.count", bad
    with pytest.raises(ValidationError) as caught:
        county.targets.set_targets(2019, {"county": (1, None)})
    assert caught.value.code == "targets.year"
    assert "2020、2021、2022" in caught.value.message
    with pytest.raises(ValidationError) as caught:
        county.targets.set_targets(2021, {"乡级": (1, None)})
    assert caught.value.code == "targets.level"
    with pytest.raises(ValidationError) as caught:
        county.targets.set_targets(2021, {"county": (1, None), "县级": (2, None)})
    assert caught.value.code == "targets.level_twice"
    assert _stored(county) == []


def test_schools_planned_may_not_exceed_the_schools(county: Workspace) -> None:
    county.targets.set_targets(2020, {"county": (3, 1)})  # one school registered
    with pytest.raises(ValidationError) as caught:
        county.targets.set_targets(2021, {"county": (3, 1)})
    assert "学校" in caught.value.message and caught.value.details["registered"] == 1


def test_suggest_turns_cumulative_shares_into_yearly_counts(county: Workspace) -> None:
    counts = [county.targets.suggest(year) for year in (2020, 2021, 2022)]
    assert [s.teachers for s in counts] == [6, 8, 6]  # 30 %, 70 %, 100 % of 20
    assert sum(s.teachers or 0 for s in counts) == 20
    assert counts[1].cumulative and counts[1].basis_teachers == 20
    assert "累计完成 70%" in counts[1].explanation
    assert counts[1].as_values() == {"county": (8, None)}
    with pytest.raises(ValidationError):
        county.targets.suggest(2030)


def test_suggest_for_foshan_and_hunan(county: Workspace) -> None:
    _use_preset(county, "guangdong-2.0")
    assert [county.targets.suggest(y).teachers for y in (2020, 2021, 2022)] == [6, 10, 4]
    _use_preset(county, "hunan-2.0")
    hunan = county.targets.suggest(2022)
    assert hunan.teachers is None and hunan.school_share == 1.0
    assert hunan.schools == 0 and hunan.basis_schools == 1  # the one school, reached in 2020
    assert county.targets.suggest(2020).schools == 0  # round(0.3 × 1) = 0
    assert "学校" in hunan.explanation


def test_plan_table_form_lists_what_is_missing(county: Workspace, tmp_path: Path) -> None:
    out = tmp_path / "计划表.xlsx"
    county.targets.set_targets(2021, {"county": (8, None)})
    with pytest.raises(AppError) as caught:
        county.targets.plan_table_form(out)
    assert caught.value.code == "report.missing_data"
    assert caught.value.details["missing"] == [
        "2020 年没有设定年度目标（各级别计划培训人数）",
        "2022 年没有设定年度目标（各级别计划培训人数）",
    ]
    assert not out.exists()


def _full_plan(workspace: Workspace) -> None:
    workspace.targets.set_plan(
        {
            2020: {"provincial": (2, None), "county": (4, None)},
            2021: {"provincial": (2, None), "county": (6, 1)},
            2022: {"county": (6, None)},
        }
    )


def test_plan_table_form(county: Workspace, tmp_path: Path) -> None:
    _full_plan(county)
    out = tmp_path / "计划表.xlsx"
    assert county.targets.plan_table_form(out, contact="王老师", filled_on=FILLED) == 3
    sheet = openpyxl.load_workbook(out).worksheets[0]
    assert sheet["A2"].value == "四川省中小学教师信息技术应用能力提升工程"
    assert sheet["A4"].value == "成都市温江区"
    row = [c.value for c in sheet[8]]
    assert row == ["温江区", 20, 2, 4, 6, 30, 2, 6, 8, 40, 0, 6, 6, 30]
    notes = [sheet.cell(row=r, column=1).value for r in range(10, sheet.max_row + 1)]
    assert "2. 教师总数为截至2026年3月5日本地区登记在册的在职教师数；" in notes
    assert any("2020年累计完成教师的30%" in str(n) for n in notes)


def test_national_targets_get_their_own_column(county: Workspace, tmp_path: Path) -> None:
    first = {"national": (1, None), "provincial": (2, None), "city": (1, None), "county": (2, None)}
    county.targets.set_plan({2020: first, 2021: {"county": (6, None)}, 2022: {"county": (6, None)}})
    out = tmp_path / "计划表.xlsx"
    county.targets.plan_table_form(out)
    sheet = openpyxl.load_workbook(out).worksheets[0]
    labels = [str(c.value).replace("\n", "") for c in sheet[7]][2:7]
    assert labels == ["省培", "国培", "市级", "合计", "完成比例（%）"]
    assert [c.value for c in sheet[8]][:7] == ["温江区", 20, 2, 1, 3, 6, 30]


def test_export_then_import_gives_the_same_targets(county: Workspace, tmp_path: Path) -> None:
    _full_plan(county)
    before = _stored(county)
    out = tmp_path / "计划表.xlsx"
    county.targets.plan_table_form(out)
    for year in (2020, 2021, 2022):
        county.targets.clear_year(year)
    county.targets.set_targets(2021, {"county": (1, 1)})  # schools planned for the level stay
    preview = county.targets.read_plan_table(out)
    assert not preview.written and preview.teachers == 20 and preview.region == "温江区"
    assert preview.years == {
        2020: {"provincial": 2, "county": 4},
        2021: {"provincial": 2, "county": 6},
        2022: {"provincial": 0, "county": 6},
    }
    assert _stored(county) == [(2021, "county", 1, 1)]  # read_plan_table wrote nothing
    result = county.targets.import_plan_table(out)
    assert result.written
    assert _stored(county) == before


def _edited(source: Path, target: Path, **cells: object) -> Path:
    book = openpyxl.load_workbook(source)
    sheet = book.worksheets[0]
    for ref, value in cells.items():
        sheet[ref] = value
    book.save(target)
    return target


def test_a_plan_file_that_does_not_add_up_is_refused_whole(
    county: Workspace, tmp_path: Path
) -> None:
    _full_plan(county)
    good = tmp_path / "计划表.xlsx"
    county.targets.plan_table_form(good)
    before = _stored(county)
    bad = _edited(good, tmp_path / "bad.xlsx", E8=7, F8=55, G8=-1, K9=99)
    with pytest.raises(ImportRejectedError) as caught:
        county.targets.import_plan_table(bad)
    error = caught.value
    issues = {(i.row, i.column): i for i in error.details["issues"]}
    assert issues[(8, "2020年合计（E列）")].reason == "合计 7 与省级+市级之和 6 不一致。"
    assert issues[(8, "2020年合计（E列）")].value == "7"
    assert (
        "完成比例应为合计 6 ÷ 教师总数 20 × 100 = 30.0"
        in issues[(8, "2020年完成比例（F列）")].reason
    )
    assert issues[(8, "2021年省级（G列）")].code == "plan_table.count"
    assert issues[(9, "2022年省级（K列）")].code == "plan_table.total_row"
    assert "bad.xlsx" in error.message and "年度计划表" in error.message
    assert "第 8 行2020年合计（E列）（“7”）" in error.message
    assert _stored(county) == before


def test_a_plan_file_for_more_teachers_or_another_year(county: Workspace, tmp_path: Path) -> None:
    _full_plan(county)
    good = tmp_path / "计划表.xlsx"
    county.targets.plan_table_form(good)
    many = _edited(good, tmp_path / "many.xlsx", L8=10, M8=10, N8=None, L9=None, M9=None)
    with pytest.raises(ImportRejectedError) as caught:
        county.targets.import_plan_table(many)
    (issue,) = caught.value.details["issues"]
    assert issue.code == "plan_table.exceeds_teachers" and issue.column == "教师总数（B列）"
    assert issue.reason == "各年度计划人数合计 24 人，超过了教师总数 20 人。"
    other_year = _edited(good, tmp_path / "year.xlsx", K6="2019年")
    with pytest.raises(ImportRejectedError) as caught:
        county.targets.import_plan_table(other_year)
    assert caught.value.details["issues"][0].code == "plan_table.year"
    other_region = _edited(good, tmp_path / "region.xlsx", A8="新都区")
    with pytest.raises(ImportRejectedError) as caught:
        county.targets.import_plan_table(other_region)
    assert "不是本工作区" in caught.value.message


def test_a_blank_year_keeps_its_targets(county: Workspace, tmp_path: Path) -> None:
    _full_plan(county)
    good = tmp_path / "计划表.xlsx"
    county.targets.plan_table_form(good)
    blank = {f"{c}{r}": None for c in "KLMN" for r in (8, 9)}
    changed = _edited(good, tmp_path / "blank.xlsx", D8=3, E8=5, F8=None, D9=3, E9=5, **blank)
    county.targets.import_plan_table(changed)
    assert (2020, "county", 3, None) in _stored(county)
    assert (2022, "county", 6, None) in _stored(county)


def test_permissions(county: Workspace, tmp_path: Path) -> None:
    _full_plan(county)
    county.act_as(Actor("look", Role.VIEWER))
    assert county.targets.plan_table_form(tmp_path / "x.xlsx") == 3  # a viewer may export
    with pytest.raises(PermissionDeniedError):
        county.targets.set_targets(2021, {"county": (1, None)})
    with pytest.raises(PermissionDeniedError):
        county.targets.import_plan_table(tmp_path / "x.xlsx")
