"""The county's review: approve clean results, hold flagged ones, return, unlock, sample."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from nlts_desktop.domain.enums import (
    Grade,
    HourSource,
    RecheckOutcome,
    ReviewState,
    Role,
    SubmissionState,
)
from nlts_desktop.domain.errors import PermissionDeniedError, ValidationError
from nlts_desktop.paths import data_paths
from nlts_desktop.services.context import Actor
from nlts_desktop.services.workspace import Workspace
from nlts_desktop.storage.models import AuditEntry, HourRecord
from tests.conftest import WENJIANG
from tests.helpers import add_teachers, grade_all, ready_school


@pytest.fixture
def teachers(workspace: Workspace, school: int) -> list[int]:
    return add_teachers(workspace, 4)


@pytest.fixture
def submitted(workspace: Workspace, school: int, teachers: list[int]) -> list[int]:
    """Four teachers graded 合格, the batch submitted."""
    ready_school(workspace, school, teachers)
    grade_all(workspace, school)
    workspace.assessment.submit(school)
    return teachers


def credits(workspace: Workspace) -> dict[int, float]:
    with workspace.context.read() as session:
        rows = session.execute(
            select(HourRecord.teacher_id, HourRecord.half_hours).where(
                HourRecord.source == HourSource.ASSESSMENT.value
            )
        ).all()
    return {tid: half / 2 for tid, half in rows}


def test_approving_a_clean_batch_credits_practice_hours_and_locks(
    workspace: Workspace, school: int, submitted: list[int]
) -> None:
    queue = workspace.review.queue()
    assert [(q.school_id, q.state, q.pending) for q in queue] == [
        (school, SubmissionState.SUBMITTED, 4)
    ]
    review = workspace.review.school(school)
    assert all(row.clean and row.result is Grade.PASS for row in review.rows)
    assert review.rows[0].id_number.count("*") == 8
    outcome = workspace.review.approve_clean(school)
    assert (outcome.approved, outcome.held, outcome.credited) == (4, 0, 4)
    assert outcome.batch.state is SubmissionState.APPROVED
    assert credits(workspace) == dict.fromkeys(submitted, 30.0)  # 四川 2.0 credits 30
    hours = {t.teacher_id: t for t in workspace.hours.teacher_hours()}
    assert all(hours[t].assessment == "passed" and hours[t].practice == 30 for t in submitted)
    grid = workspace.assessment.grid(school)
    assert all(r.locked and r.review_state is ReviewState.APPROVED for r in grid.rows)
    with pytest.raises(ValidationError, match="不能重复通过") as caught:
        workspace.review.approve_clean(school)
    assert caught.value.code == "review.already_approved"
    with pytest.raises(ValidationError, match="已审核通过并锁定"):
        workspace.assessment.set_score(grid.rows[0].points[0].items[0].item_id, "1", assessor="王")
    assert len(credits(workspace)) == 4


def test_selection_to_qualified_teacher(
    workspace: Workspace, school: int, submitted: list[int]
) -> None:
    teacher = submitted[0]
    workspace.hours.add(
        {"teacher_id": teacher, "category": "网络研修", "hours": "20", "date": "2021-05-20"}
    )
    before = next(t for t in workspace.hours.teacher_hours() if t.teacher_id == teacher)
    assert not before.verdict.qualified
    workspace.review.approve_clean(school)
    after = next(t for t in workspace.hours.teacher_hours() if t.teacher_id == teacher)
    assert (after.online, after.practice, after.assessment) == (20, 30, "passed")
    assert after.verdict.qualified


def test_flagged_results_are_held_and_approved_only_on_purpose(
    workspace: Workspace, school: int, teachers: list[int]
) -> None:
    ready_school(workspace, school, teachers)
    grade_all(workspace, school)
    row = workspace.assessment.grid(school).rows[1]
    workspace.assessment.update_evidence(row.points[0].items[0].item_id, external_ref=None)
    failing = workspace.assessment.grid(school).rows[2].points[1].items[0].item_id
    workspace.assessment.set_score(failing, "不合格", assessor="王")
    workspace.assessment.submit(school)

    flags = {r.teacher_id: r.flags for r in workspace.review.school(school).rows}
    assert flags[teachers[1]] == ("缺少证据材料：A1-1",)
    assert flags[teachers[2]] == ()  # 不合格 is a result, not a flag
    outcome = workspace.review.approve_clean(school)
    assert (outcome.approved, outcome.held, outcome.credited) == (3, 1, 2)
    assert outcome.batch.state is SubmissionState.SUBMITTED
    states = {r.teacher_id: r.state for r in workspace.review.school(school).rows}
    assert states[teachers[1]] is ReviewState.HELD
    assert teachers[2] not in credits(workspace)  # 不合格: certified, not credited
    with pytest.raises(ValidationError, match="没有可直接通过的结果：1 人"):
        workspace.review.approve_clean(school)
    final = workspace.review.approve(school, [teachers[1]])
    assert final.approved == 1 and final.batch.state is SubmissionState.APPROVED
    assert set(credits(workspace)) == {teachers[0], teachers[1], teachers[3]}
    hours = {t.teacher_id: t.assessment for t in workspace.hours.teacher_hours()}
    assert hours[teachers[2]] == "failed"


def test_return_with_reasons_then_resubmit(
    workspace: Workspace, school: int, submitted: list[int]
) -> None:
    grid = workspace.assessment.grid(school)
    item = grid.rows[0].points[1].items[1].item_id
    with pytest.raises(ValidationError, match="请填写退回理由"):
        workspace.review.return_batch(school, "")
    batch = workspace.review.return_batch(
        school,
        "部分课堂实录超过10分钟",
        teacher_reasons={submitted[0]: "A5 视频超时"},
        item_reasons={item: "视频 12 分钟，超过 10 分钟"},
    )
    assert batch.state is SubmissionState.RETURNED and batch.return_reason
    assert [(e.to_state, e.reason) for e in batch.events][-3:] == [
        ("returned", "部分课堂实录超过10分钟"),
        ("returned", "A5 视频超时"),
        ("returned", "视频 12 分钟，超过 10 分钟"),
    ]
    assert batch.events[-2].teacher_name == "教师甲一"
    row = workspace.assessment.grid(school).rows[0]
    assert not row.locked and row.reason == "A5 视频超时"
    assert row.points[1].items[1].reason == "视频 12 分钟，超过 10 分钟"
    with pytest.raises(ValidationError, match="已退回学校"):
        workspace.review.approve_clean(school)
    # The school fixes the item and sends the batch again.
    workspace.assessment.set_score(item, "1", assessor="王")
    assert workspace.assessment.submit(school).state is SubmissionState.SUBMITTED
    assert workspace.review.approve_clean(school).approved == 4


def test_unlock_needs_a_reason_withdraws_credits_and_is_logged(
    workspace: Workspace, school: int, submitted: list[int]
) -> None:
    workspace.review.approve_clean(school)
    with pytest.raises(ValidationError, match="请填写解锁理由"):
        workspace.review.unlock(school, "  ")
    batch = workspace.review.unlock(school, "教师甲一的成绩录错", teacher_ids=[submitted[0]])
    assert batch.state is SubmissionState.RETURNED
    assert batch.events[-1].reason == "解锁：教师甲一的成绩录错"
    assert set(credits(workspace)) == set(submitted[1:])
    rows = {r.teacher_id: r for r in workspace.assessment.grid(school).rows}
    assert not rows[submitted[0]].locked and rows[submitted[1]].locked
    with workspace.context.read() as session:
        summaries = session.scalars(select(AuditEntry.summary)).all()
    assert any("解锁" in (s or "") and "教师甲一的成绩录错" in (s or "") for s in summaries)
    # Resubmitted: only the reopened teacher waits; approval credits him again, once.
    workspace.assessment.submit(school)
    again = workspace.review.approve_clean(school)
    assert (again.approved, again.credited) == (1, 1)
    assert set(credits(workspace)) == set(submitted)


def test_only_the_county_reviews(workspace: Workspace, school: int, submitted: list[int]) -> None:
    workspace.act_as(Actor("coord", Role.SCHOOL_COORDINATOR, school_id=school))
    with pytest.raises(PermissionDeniedError):
        workspace.review.approve_clean(school)
    with pytest.raises(PermissionDeniedError):
        workspace.review.draw_sample(ratio=0.1)
    workspace.act_as(Actor("reviewer", Role.COUNTY_REVIEWER))
    assert workspace.review.approve_clean(school).approved == 4
    assert credits(workspace)


def test_draft_batches_cannot_be_decided(workspace: Workspace, school: int) -> None:
    with pytest.raises(ValidationError, match="尚未提交"):
        workspace.review.approve_clean(school)
    with pytest.raises(ValidationError, match="没有已审核通过的考核结果"):
        workspace.review.unlock(school, "试试")


# ---------------------------------------------------------------- sampling


def _county(root: Path) -> Workspace:
    ws = Workspace.create(data_paths(root), WENJIANG, actor=Actor.system("admin"))
    school = ws.schools.create(
        {
            "code": "2151000001",
            "name": "温江区实验小学",
            "urban_rural": "111",
            "environments": "A,B",
        }
    ).id
    teachers = add_teachers(ws, 6)
    ready_school(ws, school, teachers)
    grade_all(ws, school)
    ws.assessment.submit(school)
    ws.review.approve_clean(school)
    return ws


def test_the_same_seed_draws_the_same_sample(tmp_path: Path) -> None:
    drawn = []
    for name in ("one", "two"):
        ws = _county(tmp_path / name)
        try:
            record = ws.review.draw_sample(ratio="20%", seed=20221120)
            drawn.append([(c.teacher_name, c.point_code) for c in record.checks])
            assert (record.seed, record.size_label) == (20221120, "比例 20%")
            assert len(record.checks) == 4  # 18 approved point results × 20 %, rounded up
        finally:
            ws.close()
    assert drawn[0] == drawn[1]


def test_recheck_outcomes_and_the_flag_they_raise(tmp_path: Path) -> None:
    ws = _county(tmp_path / "ws")
    try:
        with pytest.raises(ValidationError, match="两者选其一"):
            ws.review.draw_sample(ratio=0.1, count=2)
        record = ws.review.draw_sample(count=2)
        assert 0 <= record.seed < 2**31 and len(record.checks) == 2
        first, second = record.checks
        same = ws.review.record_recheck(first.check_id, grade="合格", notes="材料齐全")
        assert same.outcome is RecheckOutcome.CONFIRMED and same.checked_by == "admin"
        changed = ws.review.record_recheck(second.check_id, grade="3", notes="视频超时")
        assert changed.outcome is RecheckOutcome.CHANGED
        with pytest.raises(ValidationError, match="不是有效的考核等级"):
            ws.review.record_recheck(second.check_id, grade="良")
        summary = ws.review.draws()[0]
        assert (summary.total, summary.checked, summary.changed) == (2, 2, 1)
        flagged = [r for r in ws.review.school(1).rows if r.flags]
        assert [r.name for r in flagged] == [second.teacher_name]
        assert flagged[0].flags == ("抽样复核等级与原等级不一致",)
    finally:
        ws.close()


def test_nothing_to_sample_before_any_approval(workspace: Workspace) -> None:
    with pytest.raises(ValidationError, match="还没有审核通过的考核结果"):
        workspace.review.draw_sample(ratio=0.1, seed=1)


def test_holds_are_kept_when_nothing_is_clean(
    workspace: Workspace, school: int, teachers: list[int]
) -> None:
    ready_school(workspace, school, teachers[:1])
    grade_all(workspace, school)
    item = workspace.assessment.grid(school).rows[0].points[0].items[0].item_id
    workspace.assessment.update_evidence(item, external_ref=None)
    for teacher in teachers[1:]:
        workspace.teachers.set_active(teacher, False)
    workspace.assessment.submit(school)
    outcome = workspace.review.approve_clean(school)
    assert (outcome.approved, outcome.held) == (0, 1)
    assert workspace.review.school(school).rows[0].state is ReviewState.HELD
    with pytest.raises(ValidationError, match="没有可直接通过的结果：1 人"):
        workspace.review.approve_clean(school)
