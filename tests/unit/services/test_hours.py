"""The hours ledger and the hours verdicts through the service layer."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from nlts_desktop.domain.enums import Grade, HourSource, Role, SubmissionState
from nlts_desktop.domain.errors import (
    DuplicateError,
    NotFoundError,
    PermissionDeniedError,
    StorageError,
    ValidationError,
)
from nlts_desktop.domain.grading import teacher_result
from nlts_desktop.domain.hour_rules import HourTotals, evaluate_hours
from nlts_desktop.paths import data_paths
from nlts_desktop.services.context import Actor, ServiceContext
from nlts_desktop.services.demo import create_demo
from nlts_desktop.services.hours import HoursService, TeacherHours
from nlts_desktop.services.workspace import Workspace
from nlts_desktop.storage.models import (
    AbilityPoint,
    AssessmentResult,
    AuditEntry,
    HourRecord,
    PointSelection,
    Submission,
    Teacher,
)
from tests.helpers import add_teachers, id_number, project_fields


def hour_count(workspace: Workspace) -> int:
    with workspace.context.read() as session:
        return int(session.scalar(select(func.count()).select_from(HourRecord)) or 0)


def entry(teacher_id: int, /, **overrides: object) -> dict[str, object]:
    """A valid manual online entry of 2 hours on 2021-05-20."""
    fields: dict[str, object] = {
        "teacher_id": teacher_id,
        "category": "网络研修",
        "hours": "2",
        "date": "2021-05-20",
    }
    fields.update(overrides)
    return fields


@pytest.fixture
def teachers(workspace: Workspace, school: int) -> list[int]:
    return add_teachers(workspace, 4)


@pytest.fixture
def project(workspace: Workspace, teachers: list[int]) -> int:
    workspace.projects.create_institution({"name": "四川师范大学"})
    record = workspace.projects.create_project(project_fields(hours=30))
    workspace.projects.enroll(record.id, teachers[:3])
    return record.id


def add_assessment(
    workspace: Workspace, teacher_id: int, grades: list[Grade | None], *, state: str
) -> None:
    """Point grades of the current cycle (2022) in the school's batch in ``state``."""
    with workspace.context.unit_of_work() as session:
        teacher = session.get_one(Teacher, teacher_id)
        submission = session.scalars(
            select(Submission).where(
                Submission.school_id == teacher.school_id, Submission.cycle == 2022
            )
        ).first()
        if submission is None:
            submission = Submission(school_id=teacher.school_id, cycle=2022, state=state)
            session.add(submission)
            session.flush()
        submission.state = state
        points = session.scalars(select(AbilityPoint.id).limit(len(grades))).all()
        for point, grade in zip(points, grades, strict=True):
            session.add(
                PointSelection(
                    teacher_id=teacher_id,
                    point_id=point,
                    cycle=2022,
                    submission_id=submission.id,
                    grade=grade.value if grade else None,
                )
            )
        # The county's decision follows the batch, for every teacher in it.
        review = "approved" if state == SubmissionState.APPROVED.value else "pending"
        results = session.scalars(
            select(AssessmentResult).where(AssessmentResult.submission_id == submission.id)
        ).all()
        for result in results:
            result.state = review
        if state != SubmissionState.DRAFT.value and teacher_id not in {
            r.teacher_id for r in results
        }:
            session.add(
                AssessmentResult(
                    teacher_id=teacher_id, cycle=2022, submission_id=submission.id, state=review
                )
            )


def verdict_of(workspace: Workspace, teacher_id: int) -> TeacherHours:
    return next(t for t in workspace.hours.teacher_hours() if t.teacher_id == teacher_id)


# ---------------------------------------------------------------- the ledger


def test_add_by_id_number_and_ledger_newest_first(
    workspace: Workspace, teachers: list[int]
) -> None:
    number = id_number(0, female=True)
    full_width = str.maketrans("0123456789", "０１２３４５６７８９")
    typed = f" {number[:6].translate(full_width)} {number[6:14]} {number[14:].lower()}"
    first = workspace.hours.add(
        {"id_number": typed, "category": "实践", "hours": "3.5学时", "date": "2021.5.2"}
    )
    assert first.teacher_id == teachers[0]
    assert (first.category, first.hours, first.year) == ("practice", 3.5, 2021)
    assert first.source == "manual" and first.source_label == "手工录入"
    second = workspace.hours.add(entry(teachers[0], date="2021-06-01", year=2021))
    older = workspace.hours.add(entry(teachers[0], date="2020-09-01"))
    assert [e.id for e in workspace.hours.ledger(teachers[0])] == [second.id, first.id, older.id]
    assert workspace.hours.ledger(teachers[1]) == []


@pytest.mark.parametrize(
    ("overrides", "error", "code", "words"),
    [
        ({"hours": -2}, ValidationError, "hours.not_positive", "必须大于 0"),
        ({"hours": "两小时"}, ValidationError, "hours.not_number", "不是有效的学时数"),
        ({"hours": "2.3"}, ValidationError, "hours.step", "0.5 的整数倍"),
        ({"hours": 25}, ValidationError, "hours.too_many", "一天最多"),
        ({"category": "自学"}, ValidationError, "code.hour_categories", "学时类别"),
        ({"year": 2019, "date": "2019-05-20"}, ValidationError, "year.outside_programme",
         "2020、2021、2022"),
        ({"year": 2022}, ValidationError, "hours.date_year", "年度应与日期的年份一致"),
        ({"date": ""}, ValidationError, "hours.date_empty", "日期不能为空"),
        ({"date": "上周"}, ValidationError, "date.invalid", "不是有效的日期"),
        ({"source": "区县认定"}, ValidationError, "hours.certified_by_empty", "认定单位"),
        ({"source": "考核认定"}, ValidationError, "hours.source_not_manual", "不能手工添加"),
        ({"teacher_id": None, "id_number": id_number(40)}, NotFoundError,
         "hours.teacher_unknown", "名单中没有身份证号为 510115********"),
        ({"teacher_id": None, "name": "教师甲一"}, ValidationError, "hours.teacher_missing",
         "只凭姓名无法确定"),
        ({"teacher_id": None, "id_number": "510115198501010011"}, ValidationError,
         "id.checksum", "身份证号"),
        ({"teacher_id": 999}, NotFoundError, "teacher.unknown", "找不到编号为 999 的教师"),
        ({"project": "没有的项目"}, NotFoundError, "project.unknown", "找不到培训项目"),
    ],
)  # fmt: skip
def test_bad_entries_write_nothing(
    workspace: Workspace,
    teachers: list[int],
    overrides: dict[str, object],
    error: type[Exception],
    code: str,
    words: str,
) -> None:
    with pytest.raises(error) as caught:
        workspace.hours.add(entry(teachers[0], **overrides))
    assert getattr(caught.value, "code", None) == code
    assert words in str(caught.value)
    assert hour_count(workspace) == 0


def test_over_24_hours_in_one_day(workspace: Workspace, teachers: list[int]) -> None:
    workspace.hours.add(entry(teachers[0], hours=20))
    with pytest.raises(ValidationError) as caught:
        workspace.hours.add(entry(teachers[0], category="校本实践应用", hours=4.5))
    assert caught.value.code == "hours.day_over"
    assert "已登记 20 学时，再加 4.5 学时共 24.5 学时" in caught.value.message
    workspace.hours.add(entry(teachers[0], category="校本实践应用", hours=4))  # exactly 24
    assert hour_count(workspace) == 2


def test_same_record_twice_refused(workspace: Workspace, teachers: list[int]) -> None:
    workspace.hours.add(entry(teachers[0]))
    with pytest.raises(DuplicateError) as caught:
        workspace.hours.add(entry(teachers[0], category="线上", hours="2.0"))
    assert caught.value.code == "hours.duplicate"
    assert "同一条记录不能登记两次" in caught.value.message
    workspace.hours.add(entry(teachers[0], hours=2.5))  # a different record
    assert hour_count(workspace) == 2


def test_project_hours_cap_and_enrolment(
    workspace: Workspace, teachers: list[int], project: int
) -> None:
    name = str(project_fields()["name"])
    workspace.hours.add(entry(teachers[0], project=project, hours=20))
    workspace.hours.add(entry(teachers[0], project=name, hours=8, date="2021-05-21"))
    with pytest.raises(ValidationError) as over:
        workspace.hours.add(entry(teachers[0], project=project, hours=2.5, date="2021-05-22"))
    assert over.value.code == "hours.project_over"
    assert "已登记 28 学时，再加 2.5 学时共 30.5 学时，超过了该项目提供的 30 学时" in (
        over.value.message
    )
    with pytest.raises(ValidationError) as outsider:
        workspace.hours.add(entry(teachers[3], project=project))
    assert outsider.value.code == "hours.not_enrolled"
    with pytest.raises(ValidationError) as wrong_year:
        workspace.hours.add(entry(teachers[1], project=project, date="2022-03-01"))
    assert wrong_year.value.code == "hours.project_year"
    assert hour_count(workspace) == 2
    # Registering the project's hours for 2022 makes that year acceptable.
    workspace.projects.set_year_hours(project, {2021: 20, 2022: 10})
    workspace.hours.add(entry(teachers[1], project=project, date="2022-03-01"))
    ledger = workspace.hours.ledger(teachers[0])
    assert {e.project_name for e in ledger} == {name}


def test_certified_entry(workspace: Workspace, teachers: list[int]) -> None:
    record = workspace.hours.add(
        entry(teachers[0], category="校本实践应用", hours=8, source="区县认定",
              certified_by="温江区教育局", note="疫情期间线上教学")
    )  # fmt: skip
    assert record.source == HourSource.CERTIFIED.value
    assert record.certified_by == "温江区教育局"


def test_update_and_delete(workspace: Workspace, teachers: list[int]) -> None:
    record = workspace.hours.add(entry(teachers[0]))
    changed = workspace.hours.update(record.id, {"hours": 3, "note": "补录"}, version=1)
    assert (changed.hours, changed.note, changed.version) == (3.0, "补录", 2)
    with pytest.raises(StorageError):
        workspace.hours.update(record.id, {"hours": 4}, version=1)
    with pytest.raises(ValidationError) as moved:
        workspace.hours.update(record.id, {"teacher_id": teachers[1]})
    assert moved.value.code == "hours.teacher_change"
    with pytest.raises(ValidationError):
        workspace.hours.update(record.id, {"hours": -1})
    assert workspace.hours.ledger(teachers[0])[0].hours == 3.0
    workspace.hours.delete(record.id)
    assert hour_count(workspace) == 0
    with pytest.raises(NotFoundError):
        workspace.hours.delete(record.id)


def _insert(
    workspace: Workspace, teacher_id: int, source: HourSource, *, half_hours: int = 40
) -> int:
    with workspace.context.unit_of_work() as session:
        row = HourRecord(
            teacher_id=teacher_id,
            category="online",
            half_hours=half_hours,
            year=2021,
            record_date=date(2021, 6, 15),
            source=source.value,
            source_ref="中国研修网学时导出.xlsx" if source is HourSource.IMPORTED else None,
        )
        session.add(row)
        session.flush()
        return row.id


@pytest.mark.parametrize(
    ("source", "words"),
    [(HourSource.IMPORTED, "中国研修网学时导出.xlsx"), (HourSource.ASSESSMENT, "考核")],
)
def test_imported_and_credited_entries_are_not_deleted_by_hand(
    workspace: Workspace, teachers: list[int], source: HourSource, words: str
) -> None:
    entry_id = _insert(workspace, teachers[0], source)
    with pytest.raises(ValidationError) as caught:
        workspace.hours.delete(entry_id)
    assert caught.value.code == "hours.protected"
    assert words in caught.value.message and "不能手工删除" in caught.value.message
    with pytest.raises(ValidationError):
        workspace.hours.update(entry_id, {"hours": 10})
    noted = workspace.hours.update(entry_id, {"note": "已核对"})
    assert noted.note == "已核对" and noted.hours == 20.0 and noted.source == source.value
    assert hour_count(workspace) == 1


def test_note_of_a_long_imported_entry(workspace: Workspace, teachers: list[int]) -> None:
    # An institution's export may report 30 hours in one row: more than a day's maximum for
    # an entry typed by hand, yet its note can still be edited.
    entry_id = _insert(workspace, teachers[0], HourSource.IMPORTED, half_hours=60)
    noted = workspace.hours.update(entry_id, {"note": "机构已确认"})
    assert (noted.hours, noted.note) == (30.0, "机构已确认")
    sent_back = workspace.hours.update(
        entry_id,
        {"category": "网络研修", "hours": 30, "date": "2021-06-15", "year": 2021, "note": "再核对"},
    )
    assert sent_back.note == "再核对"
    with pytest.raises(ValidationError) as caught:
        workspace.hours.update(entry_id, {"hours": 29, "note": "改学时"})
    assert "只能修改备注" in caught.value.message
    assert workspace.hours.ledger(teachers[0])[0].note == "再核对"


def test_bulk_is_all_or_nothing(workspace: Workspace, teachers: list[int]) -> None:
    workspace.hours.add(entry(teachers[2], hours=22))
    fields = {"category": "校本实践应用", "hours": 3, "date": "2021-05-20"}
    with pytest.raises(ValidationError) as caught:
        workspace.hours.add_bulk(teachers, fields)
    assert caught.value.code == "hours.day_over"
    assert "教师丙一" in caught.value.message  # the third teacher is named
    assert "全部没有登记" in caught.value.message
    assert hour_count(workspace) == 1
    with pytest.raises(NotFoundError):
        workspace.hours.add_bulk([teachers[0], 999], fields)
    assert hour_count(workspace) == 1
    written = workspace.hours.add_bulk([teachers[0], teachers[1], teachers[0]], fields)
    assert written == 2
    assert [e.hours for e in workspace.hours.ledger(teachers[1])] == [3.0]
    with workspace.context.read() as session:
        audit = session.scalars(
            select(AuditEntry.summary).where(AuditEntry.action == "create_bulk")
        ).one()
    assert "2 名教师" in str(audit)
    with pytest.raises(DuplicateError):
        workspace.hours.add_bulk([teachers[3], teachers[1]], fields)
    assert hour_count(workspace) == 3


def test_only_the_county_admin_writes(workspace: Workspace, teachers: list[int]) -> None:
    viewer = HoursService(ServiceContext(workspace.db, Actor("look", Role.VIEWER)))
    with pytest.raises(PermissionDeniedError):
        viewer.add(entry(teachers[0]))
    with pytest.raises(PermissionDeniedError):
        viewer.set_preset("anhui-2.0")
    assert viewer.ledger(teachers[0]) == []
    assert len(viewer.teacher_hours()) == 4


# ---------------------------------------------------------------- verdicts


def test_preset_switch_changes_the_verdict(workspace: Workspace, teachers: list[int]) -> None:
    teacher = teachers[0]
    workspace.hours.add(entry(teacher, hours=20))
    workspace.hours.add(entry(teacher, category="校本实践应用", hours=24, date="2022-04-01"))
    workspace.hours.add(entry(teacher, category="校本实践应用", hours=6, date="2022-04-02"))
    add_assessment(workspace, teacher, [Grade.PASS, Grade.EXCELLENT, Grade.PASS], state="approved")
    sichuan = verdict_of(workspace, teacher)
    assert (sichuan.online, sichuan.practice, sichuan.total) == (20.0, 30.0, 50.0)
    assert sichuan.assessment == "passed"
    assert sichuan.qualified, sichuan.verdict.reasons

    assert workspace.hours.set_preset("anhui-2.0").name == "安徽 2.0"
    assert workspace.info().preset_id == "anhui-2.0"
    anhui = verdict_of(workspace, teacher)
    assert not anhui.qualified
    assert anhui.verdict.reason_codes == ("online_short", "total_short")
    assert anhui.verdict.online_short == 10.0 and anhui.verdict.total_short == 10.0
    assert "网络研修学时不足" in anhui.verdict.reasons[0]

    workspace.hours.set_preset("sichuan-2.0")
    assert verdict_of(workspace, teacher).qualified


def test_assessment_states(workspace: Workspace, teachers: list[int]) -> None:
    passed, failed, pending, nothing = teachers
    add_assessment(workspace, passed, [Grade.PASS] * 3, state="approved")
    add_assessment(workspace, failed, [Grade.PASS, Grade.FAIL, None], state="approved")
    add_assessment(workspace, pending, [Grade.PASS, Grade.PASS, None], state="approved")
    states = {t.teacher_id: t.assessment for t in workspace.hours.teacher_hours()}
    assert states == {passed: "passed", failed: "failed", pending: "pending", nothing: "pending"}
    codes = {t.teacher_id: t.verdict.reason_codes for t in workspace.hours.teacher_hours()}
    assert "assessment_failed" in codes[failed] and "assessment_pending" in codes[nothing]
    # Until the county approves the batch, no grade counts, a 不合格 included.
    add_assessment(workspace, passed, [], state=SubmissionState.SUBMITTED.value)
    states = {t.teacher_id: t.assessment for t in workspace.hours.teacher_hours()}
    assert set(states.values()) == {"pending"}


def test_filters_and_still_short(workspace: Workspace, teachers: list[int], project: int) -> None:
    workspace.hours.add(entry(teachers[0], hours=20, project=project))
    workspace.hours.add(entry(teachers[1], hours=10, date="2020-05-20"))
    workspace.teachers.set_active(teachers[3], False)
    everyone = workspace.hours.teacher_hours()
    assert [t.teacher_id for t in everyone] == teachers[:3]  # active teachers only
    assert [t.online for t in workspace.hours.teacher_hours(year=2020)] == [0.0, 10.0, 0.0]
    assert {t.teacher_id for t in workspace.hours.teacher_hours(project_id=project)} == set(
        teachers[:3]
    )
    short_online = workspace.hours.still_short(short_of="online")
    assert [t.teacher_id for t in short_online] == teachers[1:3]
    assert len(workspace.hours.still_short()) == 3
    assert len(workspace.hours.still_short(short_of="assessment")) == 3
    assert workspace.hours.teacher_hours(school_id=999) == []
    with pytest.raises(ValidationError) as caught:
        workspace.hours.still_short(short_of="网络")
    assert "online" in caught.value.message


# ---------------------------------------------------------------- on the demo


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    paths = data_paths(Path(tmp_path_factory.mktemp("hours-demo")))
    workspace, _summary = create_demo(paths, teachers=800, seed=5)
    yield workspace
    workspace.close()


def _expected_assessment(workspace: Workspace) -> dict[int, str]:
    """Teacher by teacher, the slow way, as the rule says it."""
    preset = workspace.hours.preset()
    out: dict[int, str] = {}
    with workspace.context.read() as session:
        for teacher in session.scalars(select(Teacher).where(Teacher.status == "active")):
            rows = session.scalars(
                select(PointSelection.grade).where(
                    PointSelection.teacher_id == teacher.id, PointSelection.cycle == 2022
                )
            ).all()
            review = session.scalar(
                select(AssessmentResult.state).where(
                    AssessmentResult.teacher_id == teacher.id, AssessmentResult.cycle == 2022
                )
            )
            if not rows or review != "approved":
                out[teacher.id] = "pending"
                continue
            grades = [Grade(g) if g else None for g in rows]
            result = teacher_result(grades, min_points=preset.points.min_points)
            out[teacher.id] = (
                "failed" if result is Grade.FAIL else "pending" if result is None else "passed"
            )
    return out


def _check_against_the_rule(workspace: Workspace) -> int:
    rule = workspace.hours.preset().hours
    rows = workspace.hours.teacher_hours()
    passed_on = {"passed": True, "failed": False, "pending": None}
    for t in rows:
        assert t.verdict == evaluate_hours(
            rule,
            HourTotals(online=t.online, practice=t.practice, other=t.other),
            assessment_passed=passed_on[t.assessment],
        )
    return sum(t.qualified for t in rows)


def test_demo_verdicts_follow_the_preset(demo: Workspace) -> None:
    rows = demo.hours.teacher_hours()
    expected = _expected_assessment(demo)
    assert {t.teacher_id: t.assessment for t in rows} == expected
    assert Counter(expected.values()).keys() == {"passed", "failed", "pending"}
    with demo.context.read() as session:
        sums = dict(
            session.execute(
                select(HourRecord.teacher_id, func.sum(HourRecord.half_hours)).group_by(
                    HourRecord.teacher_id
                )
            ).all()
        )
    assert all(t.online + t.practice + t.other == sums.get(t.teacher_id, 0) / 2 for t in rows)

    before = _check_against_the_rule(demo)
    demo.hours.set_preset("anhui-2.0")
    try:
        after = _check_against_the_rule(demo)
    finally:
        demo.hours.set_preset("sichuan-2.0")
    # The demo gives teachers Sichuan's 20 online hours; Anhui asks for 30.
    assert before > 0 and after < before
    assert _check_against_the_rule(demo) == before


def test_demo_summaries_add_up(demo: Workspace) -> None:
    rows = demo.hours.teacher_hours()
    schools = demo.hours.school_summaries()
    county = demo.hours.county_summary()
    assert sum(s.teachers for s in schools) == len(rows) == county.teachers
    assert sum(s.qualified for s in schools) == sum(t.qualified for t in rows) == county.qualified
    assert county.short_of_online == sum("online_short" in t.verdict.reason_codes for t in rows)
    assert county.short_of_practice == sum(s.short_of_practice for s in schools)
    assert county.assessment_pending == sum(t.assessment == "pending" for t in rows)
    assert county.online_hours == sum(t.online for t in rows)
    assert county.practice_hours == sum(s.practice_hours for s in schools)
    assert county.schools == len(schools)
    by_school = Counter(t.school_id for t in rows)
    assert all(s.teachers == by_school.get(s.school_id, 0) for s in schools)
    short = demo.hours.still_short()
    assert len(short) == county.teachers - county.qualified
    one = schools[0]
    assert len(demo.hours.still_short(school_id=one.school_id)) == one.teachers - one.qualified
    assert len(demo.hours.still_short(short_of="practice")) == county.short_of_practice
