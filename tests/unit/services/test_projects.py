"""Institutions, training projects and enrolments through the service layer."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from nlts_desktop.domain.enums import Role
from nlts_desktop.domain.errors import (
    DuplicateError,
    NotFoundError,
    PermissionDeniedError,
    StorageError,
    ValidationError,
)
from nlts_desktop.services.context import Actor, ServiceContext
from nlts_desktop.services.projects import ProjectService
from nlts_desktop.services.workspace import Workspace
from nlts_desktop.storage.base import Base
from nlts_desktop.storage.models import (
    AuditEntry,
    Enrollment,
    EnrollmentChange,
    Institution,
    ProjectYearHours,
    TrainingProject,
)
from tests.helpers import add_teachers, project_fields


def count(workspace: Workspace, model: type[Base]) -> int:
    with workspace.context.read() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


@pytest.fixture
def institution(workspace: Workspace) -> int:
    return workspace.projects.create_institution(
        {"name": "四川师范大学", "contact_name": "郑立海", "phone": "139 8080 0207"}
    ).id


@pytest.fixture
def project(workspace: Workspace, institution: int) -> int:
    return workspace.projects.create_project(project_fields()).id


# ---------------------------------------------------------------- institutions


def test_institution_normalised_and_unique(workspace: Workspace, institution: int) -> None:
    record = workspace.projects.get_institution(institution)
    assert record.phone == "13980800207"
    assert record.contact_name == "郑立海"
    with pytest.raises(DuplicateError) as caught:
        workspace.projects.create_institution({"name": " 四川师范大学 "})
    assert "已经登记过了" in caught.value.message
    with pytest.raises(ValidationError) as bad:
        workspace.projects.create_institution({"name": "华东师范大学", "phone": "12345"})
    assert bad.value.field == "phone"
    assert count(workspace, Institution) == 1
    updated = workspace.projects.update_institution(
        institution, {"name": "四川师范大学继续教育学院", "phone": "028-84760000"}, version=1
    )
    assert updated.name == "四川师范大学继续教育学院" and updated.version == 2
    assert [i.name for i in workspace.projects.list_institutions()] == [updated.name]


# ---------------------------------------------------------------- projects


def test_project_created_with_codes_budget_and_dates(workspace: Workspace, project: int) -> None:
    record = workspace.projects.get_project(project)
    assert record.level_code == "national" and record.level_name == "国家级"
    assert record.budget_yuan == 125_000 and record.budget_wan == 12.5
    assert record.funding_source_code == "provincial"
    assert record.funding_source_name == "省级财政"
    assert record.hours_offered == 30.0
    assert record.planned_count == 120
    assert record.institution_name == "四川师范大学"
    assert record.start_date == date(2021, 3, 1) and record.end_date == date(2021, 11, 30)


@pytest.mark.parametrize(
    ("overrides", "code", "words"),
    [
        ({"year": 2019}, "year.outside_programme", "2020、2021、2022"),
        ({"year": "明年"}, "year.invalid", "4 位年份"),
        ({"hours": "三十"}, "hours.not_number", "不是有效的学时数"),
        ({"hours": -10}, "hours.not_positive", "必须大于 0"),
        ({"hours": 0}, "hours.not_positive", "必须大于 0"),
        ({"hours": 30.3}, "hours.step", "0.5 学时为单位"),
        ({"hours": 1800}, "hours.project_too_many", "分钟或课时"),
        ({"hours": ""}, "hours.empty", "不能为空"),
        ({"budget": "-3"}, "budget.negative", "不能为负数"),
        ({"budget": -3}, "budget.negative", "不能为负数"),
        ({"budget": "125000"}, "budget.too_large", "除以 10000"),
        ({"budget": "1.23456"}, "budget.precision", "4 位小数"),
        ({"budget": "十万"}, "budget.invalid", "万元为单位"),
        ({"level": "特级"}, "code.project_levels", "项目级别"),
        ({"level": ""}, "project.level_empty", "国培"),
        ({"funding_source": "捐款"}, "code.funding_sources", "经费来源"),
        ({"end_date": "2021-02-01"}, "project.dates", "早于开始日期"),
        ({"name": "  "}, "name.empty", "项目名称不能为空"),
        ({"planned_count": "约100人"}, "planned_count.invalid", "整数"),
    ],
)
def test_bad_project_fields_write_nothing(
    workspace: Workspace, institution: int, overrides: dict[str, object], code: str, words: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        workspace.projects.create_project(project_fields(**overrides))
    assert caught.value.code == code
    assert words in caught.value.message
    assert count(workspace, TrainingProject) == 0


def test_budget_spellings(workspace: Workspace, institution: int) -> None:
    for n, (typed, yuan) in enumerate(
        [("12.5万元", 125_000), (8, 80_000), ("０.５", 5_000), ("", 0), (3.75, 37_500)]
    ):
        record = workspace.projects.create_project(
            project_fields(name=f"项目{n}", budget=typed, institution=None)
        )
        assert record.budget_yuan == yuan, typed


def test_duplicate_name_refused_in_the_same_year_only(workspace: Workspace, project: int) -> None:
    with pytest.raises(DuplicateError) as caught:
        workspace.projects.create_project(project_fields())
    assert "同一年度的项目名称不能重复" in caught.value.message
    other_year = workspace.projects.create_project(project_fields(year="2022年"))
    assert other_year.year == 2022
    assert count(workspace, TrainingProject) == 2


def test_unknown_institution_named(workspace: Workspace, institution: int) -> None:
    with pytest.raises(NotFoundError) as caught:
        workspace.projects.create_project(project_fields(institution="不存在的机构"))
    assert "四川师范大学" in caught.value.message  # the known ones are listed


def test_year_hours_must_fit_the_hours_offered(workspace: Workspace, project: int) -> None:
    record = workspace.projects.set_year_hours(project, {2021: 20, 2022: "10"})
    assert [(y.year, y.hours) for y in record.year_hours] == [(2021, 20.0), (2022, 10.0)]
    with pytest.raises(ValidationError) as caught:
        workspace.projects.set_year_hours(project, {2021: 20, 2022: 20})
    assert caught.value.code == "project.years_over_total"
    assert "40" in caught.value.message and "30" in caught.value.message
    with pytest.raises(ValidationError) as outside:
        workspace.projects.set_year_hours(project, {2019: 10})
    assert outside.value.code == "year.outside_programme"
    # Replacing keeps only the years given.
    record = workspace.projects.set_year_hours(project, {2022: 12.5})
    assert [(y.year, y.hours) for y in record.year_hours] == [(2022, 12.5)]
    assert count(workspace, ProjectYearHours) == 1
    with pytest.raises(ValidationError) as lower:
        workspace.projects.update_project(project, project_fields(hours=10))
    assert lower.value.code == "project.hours_below_years"


def test_update_project_and_stale_version(workspace: Workspace, project: int) -> None:
    record = workspace.projects.update_project(
        project, project_fields(level="省培", budget="20"), version=1
    )
    assert record.level_code == "provincial" and record.budget_yuan == 200_000
    with pytest.raises(StorageError) as stale:
        workspace.projects.update_project(project, project_fields(), version=1)
    assert "已被他人修改" in str(stale.value)


def test_list_orders_by_year_and_level(workspace: Workspace, institution: int) -> None:
    workspace.projects.create_project(project_fields(name="县级项目", level="县级"))
    workspace.projects.create_project(project_fields(name="国培项目", level="国培"))
    workspace.projects.create_project(project_fields(name="早年项目", level="校级", year=2020))
    names = [p.name for p in workspace.projects.list_projects()]
    assert names == ["早年项目", "国培项目", "县级项目"]
    assert [p.name for p in workspace.projects.list_projects(year=2021)] == ["国培项目", "县级项目"]


def test_only_the_county_admin_writes(workspace: Workspace, project: int) -> None:
    viewer = ProjectService(ServiceContext(workspace.db, Actor("look", Role.VIEWER)))
    with pytest.raises(PermissionDeniedError):
        viewer.create_project(project_fields(name="另一个项目"))
    with pytest.raises(PermissionDeniedError):
        viewer.enroll(project, [1])
    assert viewer.get_project(project).name == project_fields()["name"]


# ---------------------------------------------------------------- enrolments


def test_enrolment_twice_is_skipped(workspace: Workspace, school: int, project: int) -> None:
    ids = add_teachers(workspace, 4)
    first = workspace.projects.enroll(project, ids[:3])
    assert (first.added, first.skipped) == (3, 0)
    again = workspace.projects.enroll(project, [ids[0], ids[0], ids[3]])
    assert (again.added, again.skipped) == (1, 1)
    assert count(workspace, Enrollment) == 4
    assert workspace.projects.get_project(project).enrolled_count == 4
    with workspace.context.read() as session:
        summary = session.scalars(
            select(AuditEntry.summary).where(AuditEntry.action == "enroll")
        ).all()
    assert len(summary) == 2 and "添加参训教师 3 名" in str(summary[0])


def test_enrol_unknown_or_inactive_teacher_writes_nothing(
    workspace: Workspace, school: int, project: int
) -> None:
    ids = add_teachers(workspace, 2)
    with pytest.raises(NotFoundError):
        workspace.projects.enroll(project, [ids[0], 9999])
    workspace.teachers.set_active(ids[1], False)
    with pytest.raises(ValidationError) as caught:
        workspace.projects.enroll(project, ids)
    assert "已停用" in caught.value.message
    assert count(workspace, Enrollment) == 0


def test_enrol_by_filter_takes_active_teachers(
    workspace: Workspace, school: int, project: int
) -> None:
    ids = add_teachers(workspace, 5)
    workspace.teachers.set_active(ids[4], False)
    result = workspace.projects.enroll_by_filter(project, school_id=school, stage_code="小学")
    assert (result.added, result.skipped) == (4, 0)
    assert {e.teacher_id for e in workspace.projects.enrolled(project)} == set(ids[:4])
    assert workspace.projects.enroll_by_filter(project, subject_code="语文").added == 0
    removed = workspace.projects.unenroll(project, [ids[0], ids[4]])
    assert removed == 1
    assert len(workspace.projects.enrolled(project)) == 3


def test_replacement_recorded_and_listed(workspace: Workspace, school: int, project: int) -> None:
    original, substitute, other = add_teachers(workspace, 3)
    workspace.projects.enroll(project, [original])
    change = workspace.projects.replace(
        project,
        original_teacher_id=original,
        replacement_teacher_id=substitute,
        reason="  长期病假 ",
        on=date(2021, 4, 1),
    )
    assert change.reason == "长期病假" and change.change_date == date(2021, 4, 1)
    assert change.project_name == project_fields()["name"]
    assert change.institution_name == "四川师范大学"
    assert change.original.teacher_id == original and change.original.gender_label == "女"
    assert change.replacement.gender_label == "男"
    assert change.original.school_name == "温江区实验小学"
    assert change.replacement.phone == "13800000001"
    statuses = {
        e.teacher_id: e.status for e in workspace.projects.enrolled(project, include_replaced=True)
    }
    assert statuses == {original: "replaced", substitute: "enrolled"}
    assert [e.teacher_id for e in workspace.projects.enrolled(project)] == [substitute]
    assert workspace.projects.changes() == [change]
    assert workspace.projects.changes(project_id=project) == [change]

    # The original is no longer enrolled; the replacement already is.
    with pytest.raises(ValidationError) as gone:
        workspace.projects.replace(
            project, original_teacher_id=original, replacement_teacher_id=other,
            reason="调离", on=date(2021, 5, 1),
        )  # fmt: skip
    assert "已被替换" in gone.value.message
    with pytest.raises(DuplicateError) as twice:
        workspace.projects.replace(
            project, original_teacher_id=substitute, replacement_teacher_id=original,
            reason="调离", on=date(2021, 5, 1),
        )  # fmt: skip
    assert "参训两次" in twice.value.message
    with pytest.raises(ValidationError) as never:
        workspace.projects.replace(
            project, original_teacher_id=other, replacement_teacher_id=original,
            reason="调离", on=date(2021, 5, 1),
        )  # fmt: skip
    assert "没有参加该项目" in never.value.message
    assert count(workspace, EnrollmentChange) == 1


def test_replacement_needs_phones_for_the_form(
    workspace: Workspace, school: int, project: int
) -> None:
    original, substitute = add_teachers(workspace, 2)
    workspace.projects.enroll(project, [original])
    record = workspace.teachers.get(substitute)
    workspace.teachers.update(
        substitute,
        {"id_number": record.id_number, "name": record.name, "school": "2151000001"},
    )
    with pytest.raises(ValidationError) as caught:
        workspace.projects.replace(
            project, original_teacher_id=original, replacement_teacher_id=substitute,
            reason="调离", on=date(2021, 5, 1),
        )  # fmt: skip
    assert "联系电话" in caught.value.message
    assert count(workspace, EnrollmentChange) == 0
    assert [e.status for e in workspace.projects.enrolled(project)] == ["enrolled"]
