"""ReportService: the forms and the ledger from a small county, verdicts, refusals, scope."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from nlts_desktop.domain.enums import Role
from nlts_desktop.domain.errors import AppError, PermissionDeniedError
from nlts_desktop.domain.idcard import check_char
from nlts_desktop.domain.presets import load_preset, preset_to_dict
from nlts_desktop.services.context import Actor
from nlts_desktop.services.reports import describe_hour_rule
from nlts_desktop.services.workspace import Workspace
from nlts_desktop.storage.models import (
    AbilityPoint,
    AssessmentResult,
    EnrollmentChange,
    HourRecord,
    Institution,
    PointSelection,
    Submission,
    Teacher,
    TrainingProject,
    WorkspaceRow,
)

FILLED = date(2026, 3, 5)
CYCLE = 2022  # the sichuan-2.0 workspace's current cycle (the preset's last year)


def id_number(seq: int) -> str:
    """A valid 身份证号 born 1980-01-01 in 温江区."""
    first17 = f"51011519800101{seq:03d}"
    return first17 + check_char(first17)


@dataclass(frozen=True)
class County:
    workspace: Workspace
    school_a: int
    school_b: int
    teachers: dict[str, int]
    project: int


def _add_teacher(workspace: Workspace, name: str, seq: int, school: str, phone: str | None) -> int:
    fields: dict[str, object] = {"id_number": id_number(seq), "name": name, "school": school}
    if phone:
        fields["phone"] = phone
    return workspace.teachers.create(fields).id


@pytest.fixture
def county(workspace: Workspace, school: int) -> County:
    """School A (approved assessment) with 3 active + 1 inactive teacher, school B (submitted)."""
    school_b = workspace.schools.create(
        {"code": "3151000002", "name": "温江区第二中学", "urban_rural": "121", "environments": "A"}
    ).id
    teachers = {
        "达标": _add_teacher(workspace, "张丽", 1, "2151000001", "13800000001"),
        "网络不足": _add_teacher(workspace, "李华", 2, "2151000001", "13800000002"),
        "实践不足": _add_teacher(workspace, "王芳", 3, "2151000001", "13800000003"),
        "停用": _add_teacher(workspace, "赵强", 4, "2151000001", None),
        "待认定": _add_teacher(workspace, "陈静", 5, "3151000002", "13800000005"),
    }
    workspace.teachers.set_active(teachers["停用"], False)
    hours = {  # online, practice
        "达标": (20, 30),
        "网络不足": (10, 30),
        "实践不足": (30, 20),
        "停用": (50, 50),
        "待认定": (25, 30),
    }
    with workspace.context.unit_of_work() as session:
        institution = Institution(name="四川师范大学", contact_name="郑立海", phone="13980800207")
        session.add(institution)
        session.flush()
        project = TrainingProject(
            year=2020,
            level_code="national",
            name="国培计划—2020年温江区整校推进",
            summary="围绕微能力点开展网络研修与校本实践应用。",
            institution_id=institution.id,
            offered_half_hours=60,
            planned_count=50,
            budget_yuan=505_000,
            funding_source="central",
        )
        session.add(project)
        session.flush()
        for key, (online, practice) in hours.items():
            for category, amount in (("online", online), ("practice", practice)):
                session.add(
                    HourRecord(
                        teacher_id=teachers[key],
                        category=category,
                        half_hours=amount * 2,
                        year=2020,
                        record_date=date(2020, 6, 15),
                        project_id=project.id if category == "online" else None,
                        source="manual",
                        note="疫情防控期间线上教学" if category == "practice" else None,
                        certified_by="温江区教育局" if category == "practice" else None,
                    )
                )
        session.add(
            EnrollmentChange(
                project_id=project.id,
                original_teacher_id=teachers["停用"],
                replacement_teacher_id=teachers["达标"],
                reason="调离本县",
                change_date=date(2020, 3, 21),
            )
        )
        batches = {
            school: Submission(school_id=school, cycle=CYCLE, state="approved"),
            school_b: Submission(school_id=school_b, cycle=CYCLE, state="submitted"),
        }
        session.add_all(batches.values())
        session.flush()
        points = list(session.scalars(select(AbilityPoint.id).limit(3)))
        grades = {
            "达标": ("pass", "excellent", "pass"),
            "网络不足": ("pass", "pass", "pass"),
            "实践不足": ("pass", "fail", "pass"),
            "待认定": ("pass", "pass", "pass"),
        }
        for key, point_grades in grades.items():
            for point, grade in zip(points, point_grades, strict=True):
                session.add(
                    PointSelection(
                        teacher_id=teachers[key], point_id=point, cycle=CYCLE, grade=grade
                    )
                )
            batch = batches[school_b if key == "待认定" else school]
            session.add(
                AssessmentResult(
                    teacher_id=teachers[key],
                    cycle=CYCLE,
                    submission_id=batch.id,
                    state="approved" if batch.state == "approved" else "pending",
                )
            )
        project_id = project.id
    return County(workspace, school, school_b, teachers, project_id)


def _sheet(path: Path) -> list[list[object]]:
    book = openpyxl.load_workbook(path)
    return [[cell.value for cell in row] for row in book.worksheets[0].iter_rows()]


def _row_starting(rows: list[list[object]], first: object) -> list[object]:
    return next(row for row in rows if row[0] == first)


def test_project_design_form(county: County, tmp_path: Path) -> None:
    out = tmp_path / "设计表.xlsx"
    count = county.workspace.reports.project_design_form(
        out, contact="王老师", phone="028-82712345", filled_on=FILLED
    )
    assert count == 1
    rows = _sheet(out)
    assert rows[1][0] == "2020年能力提升工程项目设计表"
    assert rows[2][0] == "填报单位：成都市温江区"
    assert _row_starting(rows, 1) == [
        1,
        "国家级",
        "国培计划—2020年温江区整校推进",
        "围绕微能力点开展网络研修与校本实践应用。",
        50,
        50.5,
        "中央财政",
    ]
    assert _row_starting(rows, "合计")[4:6] == [50, 50.5]


def test_a_project_without_funding_source_is_refused(county: County, tmp_path: Path) -> None:
    with county.workspace.context.unit_of_work() as session:
        project = session.get_one(TrainingProject, county.project)
        project.funding_source = None
        project.summary = " "
    out = tmp_path / "设计表.xlsx"
    with pytest.raises(AppError) as caught:
        county.workspace.reports.project_design_form(out)
    assert caught.value.code == "report.missing_data"
    assert "国培计划—2020年温江区整校推进" in caught.value.message
    assert "经费来源" in caught.value.message and "项目简介" in caught.value.message
    assert not out.exists()
    with pytest.raises(AppError) as empty:
        county.workspace.reports.project_design_form(out, year=2021)
    assert empty.value.code == "report.no_projects"


def test_trainee_changes_need_every_phone(county: County, tmp_path: Path) -> None:
    out = tmp_path / "变更.xlsx"
    with pytest.raises(AppError) as caught:
        county.workspace.reports.trainee_changes_form(out)
    assert "原报送人员“赵强”没有联系电话" in caught.value.message
    assert not out.exists()
    with county.workspace.context.unit_of_work() as session:
        session.get_one(Teacher, county.teachers["停用"]).phone = "13800000004"
    count = county.workspace.reports.trainee_changes_form(
        out, filler="王老师", filled_on=FILLED, project_id=county.project
    )
    assert count == 1
    rows = _sheet(out)
    assert rows[1][0] == "四川省中小学教师信息技术应用能力提升培训"
    first = _row_starting(rows, "国培计划—2020年温江区整校推进")
    assert first == [
        "国培计划—2020年温江区整校推进",
        "原报送人员",
        "赵强",
        "女",
        "温江区实验小学",
        "13800000004",
        "四川师范大学",
        "调离本县；2020-03-21变更",
    ]
    second = rows[rows.index(first) + 1]
    assert second[1:6] == ["变更人员", "张丽", "男", "温江区实验小学", "13800000001"]


def test_institutions_form_and_missing_contact(county: County, tmp_path: Path) -> None:
    out = tmp_path / "机构.xlsx"
    assert county.workspace.reports.institutions_form(out) == 1
    assert _row_starting(_sheet(out), 1) == [1, "四川师范大学", "郑立海", "13980800207"]
    with county.workspace.context.unit_of_work() as session:
        session.add(Institution(name="中国研修网", contact_name=None, phone="18201525520"))
    with pytest.raises(AppError) as caught:
        county.workspace.reports.institutions_form(out)
    assert "培训机构“中国研修网”缺少机构负责人" in caught.value.message


def _summary(county: County, tmp_path: Path) -> dict[object, list[object]]:
    out = tmp_path / "汇总.xlsx"
    assert county.workspace.reports.school_hours_summary(out, filled_on=FILLED) == 2
    return {row[0]: row for row in _sheet(out) if row[0] in ("2151000001", "3151000002", "合计")}


def test_school_hours_summary_counts_verdicts(county: County, tmp_path: Path) -> None:
    rows = _summary(county, tmp_path)
    # 学校标识码, 名称, 在职, 达标, 达标率, 网络, 实践, 网络不足, 实践不足, 未通过, 待认定
    assert rows["2151000001"][2:] == [3, 1, pytest.approx(1 / 3, abs=1e-4), 60, 80, 1, 1, 1, 0]
    assert rows["3151000002"][2:] == [1, 0, 0, 25, 30, 0, 0, 0, 1]
    assert rows["合计"][2:] == [4, 1, 0.25, 85, 110, 1, 1, 1, 1]


def test_switching_the_preset_changes_the_verdicts(county: County, tmp_path: Path) -> None:
    assert _summary(county, tmp_path)["2151000001"][3] == 1
    with county.workspace.context.unit_of_work() as session:
        row = session.scalars(select(WorkspaceRow)).one()
        row.preset_json = json.dumps(preset_to_dict(load_preset("anhui-2.0")), ensure_ascii=False)
    rows = _summary(county, tmp_path)
    # 安徽 30 + 30: 张丽's 20 online hours no longer suffice; everybody at A is short online.
    assert rows["2151000001"][3] == 0
    assert rows["2151000001"][7] == 2  # 李华 (10) and 张丽 (20); 王芳 has 30
    assert rows["2151000001"][8] == 1  # 王芳 20 practice


def test_describe_hour_rule() -> None:
    text = describe_hour_rule(load_preset("guangdong-2.0").hours)
    assert text == (
        "总学时不少于 50 学时，其中网络研修不少于 25 学时、校本实践应用不少于 25 学时，"
        "校本实践应用学时占比不少于 50%；须通过校本应用考核。"
    )


def _pdf_pages(path: Path) -> int:
    return len(re.findall(rb"/Type /Page\b(?!s)", path.read_bytes()))


def test_ledger_pdf_per_school_and_per_teacher(county: County, tmp_path: Path) -> None:
    reports = county.workspace.reports
    out = tmp_path / "档案.pdf"
    assert reports.ledger_pdf(out, school_id=county.school_a, generated_on=FILLED) == 3
    assert _pdf_pages(out) == 3  # the inactive teacher is not printed
    single = tmp_path / "one.pdf"
    assert reports.ledger_pdf(single, teacher_ids=[county.teachers["停用"]]) == 1
    if shutil.which("pdftotext") is None:
        return
    text = subprocess.run(
        ["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = text.split("\f")
    # Sorted by the surname's pinyin: 李 (li) < 王 (wang) < 张 (zhang).
    assert "李华" in pages[0] and "王芳" in pages[1] and "张丽" in pages[2]
    assert "认定结论：达标" in pages[2] and "认定结论：未达标" in pages[0]
    assert "网络研修学时不足" in pages[0]
    assert "校本应用考核未通过" in pages[1]
    assert "国培计划—2020年温江区整校推进" in text
    assert "认定单位：温江区教育局" in "".join(text.split())  # wrapped in its cell
    assert "510115********" in text and id_number(1) not in text


def test_ledger_refusals_and_school_scope(county: County, tmp_path: Path) -> None:
    reports = county.workspace.reports
    out = tmp_path / "x.pdf"
    with pytest.raises(AppError) as caught:
        reports.ledger_pdf(out)
    assert caught.value.code == "ledger.no_selection"
    county.workspace.act_as(Actor("校管理员", Role.SCHOOL_COORDINATOR, school_id=county.school_b))
    with pytest.raises(PermissionDeniedError):
        reports.ledger_pdf(out, school_id=county.school_a)
    with pytest.raises(PermissionDeniedError):
        reports.ledger_pdf(out, teacher_ids=[county.teachers["达标"]])
    with pytest.raises(PermissionDeniedError):
        reports.institutions_form(tmp_path / "机构.xlsx")
    assert reports.ledger_pdf(out, school_id=county.school_b) == 1
    summary = tmp_path / "汇总.xlsx"
    assert reports.school_hours_summary(summary) == 1  # only the coordinator's own school
    assert not (tmp_path / "机构.xlsx").exists()
