"""Hours import from an institution's own export: mapping per institution, idempotency, refusals."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from nlts_desktop.domain.errors import NotFoundError, ValidationError
from nlts_desktop.services.hours_import import COLUMNS_CHANGED, ImportRejectedError
from nlts_desktop.services.workspace import Workspace
from nlts_desktop.storage.models import (
    AuditEntry,
    HourRecord,
    Institution,
    Teacher,
    TrainingProject,
)

ZHANG = "510115198503150016"
LI = "510115198604200027"
WANG = "510115199001010034"
NOT_ON_ROSTER = "510115197007070047"  # a valid number nobody registered
TODAY = date(2026, 11, 23)

# An export as a platform makes it: its own headers, a unit column we ignore, a course title.
PLATFORM = [
    "序号",
    "学员姓名",
    "证件号",
    "所在单位",
    "课程名称",
    "获得学时",
    "认定时间",
    "学习记录ID",
]


@dataclass(frozen=True)
class Setup:
    workspace: Workspace
    institution_id: int
    other_institution_id: int
    project_id: int
    open_project_id: int


def _count(workspace: Workspace, model: type) -> int:
    with workspace.context.read() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def _changes(workspace: Workspace) -> int:
    """Audit entries other than the backup made before each import."""
    with workspace.context.read() as session:
        query = select(func.count()).select_from(AuditEntry).where(AuditEntry.action != "backup")
        return int(session.scalar(query) or 0)


def _export(path: Path, headers: list[str], rows: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "学时导出"
    sheet.append(["中国研修网 学员学时明细"])
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def _platform_rows(hours: tuple[object, object, object] = (12, 10.5, 8)) -> list[list[object]]:
    return [
        [
            1,
            "张丽",
            ZHANG,
            "温江区实验小学",
            "A1 技术支持的学情分析",
            hours[0],
            "2021-06-15",
            "R001",
        ],
        [2, "李明", LI, "温江区实验小学", "B2 微课程设计与制作", hours[1], "2021-06-20", "R002"],
        [
            3,
            "王芳",
            WANG,
            "温江区实验小学",
            "A3 演示文稿设计与制作",
            hours[2],
            "2021-07-01",
            "R003",
        ],
    ]


@pytest.fixture
def setup(workspace: Workspace, school: int) -> Setup:
    """Three teachers, two institutions, a 2021 project of 30 hours and one without a limit."""
    for number, name in ((ZHANG, "张丽"), (LI, "李明"), (WANG, "王芳")):
        workspace.teachers.create({"id_number": number, "name": name, "school": "2151000001"})
    with workspace.context.unit_of_work() as session:
        institution = Institution(name="中国研修网", contact_name="刘老师", phone="010-12345678")
        other = Institution(name="华东师范大学")
        session.add_all([institution, other])
        session.flush()
        project = TrainingProject(
            year=2021,
            level_code="county",
            name="2021年温江区整校推进信息技术应用能力提升培训",
            institution_id=institution.id,
            offered_half_hours=60,
        )
        open_project = TrainingProject(
            year=2022,
            level_code="county",
            name="2022年温江区信息技术应用能力提升网络研修",
            institution_id=None,
            offered_half_hours=0,
        )
        session.add_all([project, open_project])
        session.flush()
        ids = (institution.id, other.id, project.id, open_project.id)
    return Setup(workspace, *ids)


def _records(workspace: Workspace) -> dict[str, HourRecord]:
    with workspace.context.read() as session:
        return {
            str(r.source_key): r
            for r in session.scalars(select(HourRecord).order_by(HourRecord.id))
        }


def _teacher_id(workspace: Workspace, number: str) -> int:
    with workspace.context.read() as session:
        return int(session.scalars(select(Teacher.id).where(Teacher.id_number == number)).one())


def _saved(workspace: Workspace, institution_id: int) -> dict[str, object] | None:
    with workspace.context.read() as session:
        text = session.get_one(Institution, institution_id).hours_mapping_json
    return json.loads(text) if text else None


# ---------------------------------------------------------------- mapping


def test_synonyms_map_a_platform_export_and_the_mapping_is_saved(
    setup: Setup, tmp_path: Path
) -> None:
    ws = setup.workspace
    path = _export(tmp_path / "研修网学时.xlsx", PLATFORM, _platform_rows())
    plan = ws.hours_import.plan(
        path, institution="中国研修网", project_id=setup.project_id, today=TODAY
    )
    assert plan.mapping_source == "automatic"
    assert plan.mapping["证件号"] == "id_number"
    assert plan.mapping["获得学时"] == "hours"
    assert plan.mapping["认定时间"] == "date"
    assert plan.mapping["学习记录ID"] == "record_key"
    assert plan.mapping["课程名称"] == "" and plan.mapping["所在单位"] == ""
    preview = plan.summary()
    assert (preview.new, preview.changed, preview.unchanged, preview.rejected) == (3, 0, 0, 0)
    assert preview.header_row == 2
    result = ws.hours_import.commit(plan)
    assert result.written and result.new == 3
    records = _records(ws)
    key = f"inst{setup.institution_id}:R002"
    assert records[key].half_hours == 21
    assert records[key].category == "online"  # no 学时类型 column: 网络研修
    assert records[key].year == 2021  # the date's year
    assert records[key].record_date == date(2021, 6, 20)
    assert records[key].project_id == setup.project_id
    assert records[key].source == "imported" and records[key].source_ref == "研修网学时.xlsx"
    saved = _saved(ws, setup.institution_id)
    assert saved is not None
    assert saved["headers"] == PLATFORM
    assert saved["mapping"] == plan.mapping
    assert _saved(ws, setup.other_institution_id) is None


def test_explicit_mapping_is_saved_per_institution_and_reused(setup: Setup, tmp_path: Path) -> None:
    ws = setup.workspace
    headers = ["姓名", "身份证号", "时长(小时)", "备注"]  # 时长 is no synonym of 学时
    rows = [["张丽", ZHANG, 6, "线上"], ["李明", LI, 4.5, ""]]
    first = _export(tmp_path / "第一批.xlsx", headers, rows)
    with pytest.raises(ValidationError) as caught:
        ws.hours_import.plan(first, institution="中国研修网", project_id=setup.project_id)
    assert caught.value.code == "import.missing_column"
    plan = ws.hours_import.plan(
        first,
        institution="中国研修网",
        project_id=setup.project_id,
        mapping={"时长(小时)": "hours", "备注": ""},
        today=TODAY,
    )
    assert plan.mapping_source == "explicit" and plan.summary().new == 2
    ws.hours_import.commit(plan)
    # The next export of the same platform: no mapping given, the saved one is used.
    later = _export(tmp_path / "第二批.xlsx", headers, [["王芳", WANG, 3, ""]])
    again = ws.hours_import.plan(
        later, institution="中国研修网", project_id=setup.project_id, today=TODAY
    )
    assert again.mapping_source == "saved" and again.mapping_to_save is None
    assert again.summary().new == 1
    audits = _changes(ws)
    ws.hours_import.commit(again)
    assert _changes(ws) == audits + 1  # the import only: the mapping was not rewritten
    # Another institution has no saved mapping: the same file is not understood there.
    with pytest.raises(ValidationError) as other:
        ws.hours_import.plan(later, institution="华东师范大学", project_id=setup.open_project_id)
    assert other.value.code == "import.missing_column"


def test_changed_columns_are_refused_until_the_mapping_is_confirmed(
    setup: Setup, tmp_path: Path
) -> None:
    ws = setup.workspace
    path = _export(tmp_path / "研修网学时.xlsx", PLATFORM, _platform_rows())
    ws.hours_import.commit(
        ws.hours_import.plan(
            path, institution="中国研修网", project_id=setup.project_id, today=TODAY
        )
    )
    # The platform renamed 获得学时 (a synonym both ways) and added a column.
    changed = [*PLATFORM[:5], "完成学时", *PLATFORM[6:], "备注"]
    renamed = _export(tmp_path / "新版导出.xlsx", changed, [[*r, ""] for r in _platform_rows()])
    with pytest.raises(ValidationError) as caught:
        ws.hours_import.plan(renamed, institution="中国研修网", project_id=setup.project_id)
    error = caught.value
    assert error.code == COLUMNS_CHANGED
    assert "新版导出.xlsx" in error.message and "中国研修网" in error.message
    assert "新增了列“完成学时”、“备注”" in error.message
    assert "缺少了列“获得学时”" in error.message
    assert "确认列对应" in error.message
    assert error.details["added"] == ["完成学时", "备注"]
    assert error.details["missing"] == ["获得学时"]
    # A second hours column next to the saved one: not a clash of columns but a change.
    added = _export(
        tmp_path / "加列.xlsx", [*PLATFORM, "完成学时"], [[*r, 1] for r in _platform_rows()]
    )
    with pytest.raises(ValidationError) as clash:
        ws.hours_import.plan(added, institution="中国研修网", project_id=setup.project_id)
    assert clash.value.code == COLUMNS_CHANGED
    assert clash.value.details["added"] == ["完成学时"] and clash.value.details["missing"] == []
    # A required column gone under a name no synonym knows: still "columns changed".
    odd = [*PLATFORM[:5], "本次时长", *PLATFORM[6:]]
    unknown = _export(tmp_path / "改名.xlsx", odd, _platform_rows())
    with pytest.raises(ValidationError) as missing:
        ws.hours_import.plan(unknown, institution="中国研修网", project_id=setup.project_id)
    assert missing.value.code == COLUMNS_CHANGED
    assert "缺少了列“获得学时”" in missing.value.message
    # Confirmed by the clerk: the new mapping is used and saved with the import.
    plan = ws.hours_import.plan(
        renamed,
        institution="中国研修网",
        project_id=setup.project_id,
        mapping={"完成学时": "hours", "备注": ""},
        today=TODAY,
    )
    assert plan.mapping_to_save is not None
    assert plan.summary().unchanged == 3
    result = ws.hours_import.commit(plan)
    assert result.written  # the mapping was written, no hour changed
    saved = _saved(ws, setup.institution_id)
    assert saved is not None and "完成学时" in saved["headers"]  # type: ignore[operator]
    again = ws.hours_import.plan(renamed, institution="中国研修网", project_id=setup.project_id)
    assert again.mapping_source == "saved" and again.summary().unchanged == 3


def test_error_report_headers_do_not_count_as_changed_columns(setup: Setup, tmp_path: Path) -> None:
    ws = setup.workspace
    rows = _platform_rows()
    rows[2][5] = "abc"
    path = _export(tmp_path / "研修网学时.xlsx", PLATFORM, rows)
    plan = ws.hours_import.plan(
        path, institution="中国研修网", project_id=setup.project_id, today=TODAY
    )
    ws.hours_import.commit(plan, valid_only=True)
    report = ws.hours_import.write_error_report(plan)
    book = openpyxl.load_workbook(report)
    sheet = book.worksheets[0]
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value == "abc":
                cell.value = 8
    book.save(report)
    fixed = ws.hours_import.plan(
        report, institution="中国研修网", project_id=setup.project_id, today=TODAY
    )
    assert fixed.mapping_source == "saved"
    assert (fixed.summary().new, fixed.summary().rejected) == (1, 0)


# ---------------------------------------------------------------- idempotency


def test_reimporting_the_same_file_writes_nothing(setup: Setup, tmp_path: Path) -> None:
    ws = setup.workspace
    path = _export(tmp_path / "研修网学时.xlsx", PLATFORM, _platform_rows())
    ws.hours_import.commit(
        ws.hours_import.plan(
            path, institution="中国研修网", project_id=setup.project_id, today=TODAY
        )
    )
    records, audits = _count(ws, HourRecord), _count(ws, AuditEntry)
    again = ws.hours_import.plan(
        path, institution="中国研修网", project_id=setup.project_id, today=TODAY
    )
    preview = again.summary()
    assert (preview.new, preview.changed, preview.unchanged, preview.rejected) == (0, 0, 3, 0)
    result = ws.hours_import.commit(again)
    assert not result.written
    assert (_count(ws, HourRecord), _count(ws, AuditEntry)) == (records, audits)


@pytest.mark.parametrize("with_record_ids", [True, False])
def test_a_later_export_updates_instead_of_doubling(
    setup: Setup, tmp_path: Path, with_record_ids: bool
) -> None:
    ws = setup.workspace
    headers = PLATFORM if with_record_ids else PLATFORM[:-1]
    width = len(headers)
    first = _export(tmp_path / "六月.xlsx", headers, [r[:width] for r in _platform_rows()])
    ws.hours_import.commit(
        ws.hours_import.plan(
            first, institution="中国研修网", project_id=setup.project_id, today=TODAY
        )
    )
    before = _records(ws)
    later_rows = [r[:width] for r in _platform_rows(hours=(12, 15, 8))]
    later = _export(tmp_path / "七月.xlsx", headers, later_rows)
    plan = ws.hours_import.plan(
        later, institution="中国研修网", project_id=setup.project_id, today=TODAY
    )
    preview = plan.summary()
    assert (preview.new, preview.changed, preview.unchanged, preview.rejected) == (0, 1, 2, 0)
    assert ws.hours_import.commit(plan).changed == 1
    after = _records(ws)
    assert after.keys() == before.keys() and len(after) == 3
    changed = next(r for r in after.values() if r.teacher_id == _teacher_id(ws, LI))
    assert changed.half_hours == 30 and changed.version == 2
    assert changed.source_ref == "七月.xlsx"
    unchanged = next(r for r in after.values() if r.half_hours == 24)
    assert unchanged.version == 1 and unchanged.source_ref == "六月.xlsx"
    with ws.context.read() as session:
        entry = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert entry is not None and entry.after_json is not None
    assert '"before": {"half_hours": 21}' in entry.after_json


# ---------------------------------------------------------------- refusals

BAD_HEADERS = ["姓名", "身份证号", "学时", "完成日期", "年度", "记录编号"]
BAD_ROWS: list[list[object]] = [
    ["张丽", ZHANG, 6, "2021-03-01", 2021, "G1"],  # fine
    ["张丽", ZHANG, -2, "2021-03-02", 2021, "B1"],  # negative
    ["张丽", ZHANG, "abc", "2021-03-03", 2021, "B2"],  # not a number
    ["张丽", ZHANG, 2.3, "2021-03-04", 2021, "B3"],  # not a multiple of 0.5
    ["张丽", ZHANG, 30, "2021-03-05", 2021, "B4"],  # more than a day holds
    ["李明", LI, 20, "2021-03-06", 2021, "B5"],  # with the next: 32 of 30 offered
    ["李明", LI, 12, "2021-03-07", 2021, "B6"],
    ["赵六", NOT_ON_ROSTER, 2, "2021-03-08", 2021, "B7"],  # not on the roster
    ["王芳", 5.10115199001010e17, 2, "2021-03-09", 2021, "B8"],  # ID stored as a number
    ["王芳", WANG, 2, "2019-03-10", 2019, "B9"],  # outside the programme years
    ["王芳", WANG, 3, "2021-03-11", 2021, "G1"],  # the same record as the first row
    ["王小芳", WANG, 3, "2021-03-12", 2021, "B10"],  # another person's ID
]


def test_each_bad_row_is_rejected_with_its_reason_and_nothing_is_written(
    setup: Setup, tmp_path: Path
) -> None:
    ws = setup.workspace
    path = _export(tmp_path / "有错的学时.xlsx", BAD_HEADERS, BAD_ROWS)
    audits = _count(ws, AuditEntry)
    plan = ws.hours_import.plan(
        path, institution="中国研修网", project_id=setup.project_id, today=TODAY
    )
    preview = plan.summary()
    assert (preview.new, preview.rejected) == (1, 11)
    by_row = {issue.row: issue for issue in preview.issues}
    expected = {
        4: ("hours.not_positive", "学时", "大于 0"),
        5: ("hours.not_number", "学时", "不是有效的学时数"),
        6: ("hours.step", "学时", "0.5 的整数倍"),
        7: ("hours.too_many", "学时", "一天最多"),
        8: ("hours_import.over_offer", "学时", "超过了项目提供的 30 学时"),
        9: ("hours_import.over_offer", "学时", "合计将达到 32 学时"),
        10: ("hours_import.unknown_teacher", "身份证号", f"“{NOT_ON_ROSTER}”的教师不在名册中"),
        11: ("id.numeric", "身份证号", "存成了数字"),
        12: ("hours_import.year_outside", "年度", "不在本工程的年度（2020、2021、2022）"),
        13: ("import.duplicate_in_file", "记录编号", "与第 3 行是同一条学时记录"),
        14: ("hours_import.name_mismatch", "姓名", "与名册中身份证号"),
    }
    for row, (code, column, words) in expected.items():
        issue = by_row[row]
        assert (issue.code, issue.column) == (code, column), issue
        assert words in issue.reason, issue.reason
    assert by_row[10].value == NOT_ON_ROSTER  # the full number: the clerk has to fix it
    assert by_row[11].value.startswith("5.10115")
    assert by_row[14].value == "王小芳" and "王芳" in by_row[14].reason
    with pytest.raises(ImportRejectedError) as caught:
        ws.hours_import.commit(plan)
    assert "11 行" in caught.value.message and "有错的学时.xlsx" in caught.value.message
    assert _count(ws, HourRecord) == 0 and _count(ws, AuditEntry) == audits
    assert _saved(ws, setup.institution_id) is None  # the mapping is saved only with an import
    report = ws.hours_import.write_error_report(plan)
    assert report == tmp_path / "有错的学时_错误报告.xlsx"
    sheet = openpyxl.load_workbook(report).worksheets[0]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    header = values[1]
    assert header[-2:] == ["原行号", "错误原因"]
    assert [row[-2] for row in values[2:]] == list(range(4, 15))  # row 3 was fine
    assert values[-1][0] == "王小芳" and "王芳" in str(values[-1][-1])


def test_valid_only_writes_the_valid_rows(setup: Setup, tmp_path: Path) -> None:
    ws = setup.workspace
    path = _export(tmp_path / "有错的学时.xlsx", BAD_HEADERS, BAD_ROWS)
    plan = ws.hours_import.plan(
        path, institution="中国研修网", project_id=setup.project_id, today=TODAY
    )
    result = ws.hours_import.commit(plan, valid_only=True)
    assert result.written and (result.new, result.rejected) == (1, 11)
    records = _records(ws)
    assert list(records) == [f"inst{setup.institution_id}:G1"]
    assert records[f"inst{setup.institution_id}:G1"].half_hours == 12
    assert _saved(ws, setup.institution_id) is not None


def test_categories_years_and_projects_from_the_file(setup: Setup, tmp_path: Path) -> None:
    ws = setup.workspace
    headers = ["身份证号", "学时", "学时类型", "项目名称", "年度"]
    rows: list[list[object]] = [
        [ZHANG, 10, "校本研修", "2021年温江区整校推进信息技术应用能力提升培训", ""],
        [ZHANG, 10, "", "2022年温江区信息技术应用能力提升网络研修", "2022年度"],
        [LI, 4, "讲座", "2022年温江区信息技术应用能力提升网络研修", 2022],
        [LI, 4, "", "不存在的项目", 2022],
        [WANG, 4, "网络研修", "", ""],  # no project on the row and none chosen
    ]
    path = _export(tmp_path / "按项目.xlsx", headers, rows)
    plan = ws.hours_import.plan(path, institution="中国研修网", today=TODAY)
    preview = plan.summary()
    assert (preview.new, preview.rejected) == (2, 3)
    codes = {issue.row: issue.code for issue in preview.issues}
    assert codes == {
        5: "code.hour_categories",
        6: "hours_import.unknown_project",
        7: "hours_import.no_project",
    }
    ws.hours_import.commit(plan, valid_only=True)
    stored = sorted((r.category, r.year, r.project_id, r.half_hours) for r in _records(ws).values())
    assert stored == [
        ("online", 2022, setup.open_project_id, 20),
        ("practice", 2021, setup.project_id, 20),  # the project's year
    ]


def test_refusals_before_reading_rows(setup: Setup, tmp_path: Path) -> None:
    ws = setup.workspace
    path = _export(tmp_path / "研修网学时.xlsx", PLATFORM, _platform_rows())
    with pytest.raises(NotFoundError) as unknown:
        ws.hours_import.plan(path, institution="不存在的机构", project_id=setup.project_id)
    assert "不存在的机构" in unknown.value.message and "中国研修网" in unknown.value.message
    with pytest.raises(ValidationError) as no_project:
        ws.hours_import.plan(path, institution="中国研修网")
    assert no_project.value.code == "hours_import.no_project"
    assert "--project" in no_project.value.message
    with pytest.raises(ValidationError) as wrong:
        ws.hours_import.plan(path, institution="华东师范大学", project_id=setup.project_id)
    assert wrong.value.code == "hours_import.project_institution"
    assert "中国研修网" in wrong.value.message
    with pytest.raises(NotFoundError):
        ws.hours_import.plan(path, institution="中国研修网", project_id=999)
    # Spaces and full-width forms in the name do not matter.
    plan = ws.hours_import.plan(path, institution=" 中国 研修网 ", project_id=setup.project_id)
    assert plan.institution_name == "中国研修网"
