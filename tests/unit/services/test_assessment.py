"""The school's side of 校本应用考核: plan, selections, evidence, grades, submission."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from nlts_desktop.domain.enums import Grade, PlanApproval, ReviewState, Role, SubmissionState
from nlts_desktop.domain.errors import (
    AppError,
    PermissionDeniedError,
    StorageError,
    ValidationError,
)
from nlts_desktop.services.assessment import SheetEntry
from nlts_desktop.services.context import Actor
from nlts_desktop.services.progress import Cancelled, CancelToken
from nlts_desktop.services.workspace import Workspace
from nlts_desktop.storage.models import EvidenceItem, PointSelection, Score
from tests.helpers import add_teachers, grade_all, id_number, ready_school


@pytest.fixture
def teachers(workspace: Workspace, school: int) -> list[int]:
    return add_teachers(workspace, 3)


@pytest.fixture
def ready(workspace: Workspace, school: int, teachers: list[int]) -> list[int]:
    ready_school(workspace, school, teachers)
    return teachers


def counts(workspace: Workspace) -> tuple[int, int, int]:
    """Selections, evidence items and scores in the database."""
    with workspace.context.read() as session:
        return tuple(  # type: ignore[return-value]
            int(session.scalar(select(func.count()).select_from(model)) or 0)
            for model in (PointSelection, EvidenceItem, Score)
        )


def first_item(workspace: Workspace, school: int, row: int = 0) -> int:
    return workspace.assessment.grid(school).rows[row].points[0].items[0].item_id


# ---------------------------------------------------------------- plan


def test_plan_defaults_then_saved_and_approved(workspace: Workspace, school: int) -> None:
    plan = workspace.assessment.plan(school)
    assert not plan.saved and plan.environments == ("A", "B") and plan.cycle == 2022
    saved = workspace.assessment.save_plan(
        school,
        {
            "environments": ["A"],
            "points": [("A1", True), ("a5", False)],
            "plan_title": "校本研修方案",
            "plan_date": "2022.3.1",
        },
    )
    assert saved.saved and saved.environments == ("A",)
    assert [(p.code, p.required) for p in saved.points] == [("A1", True), ("A5", False)]
    assert saved.approval_state is PlanApproval.PENDING
    approved = workspace.assessment.decide_plan(school, approve=True)
    assert approved.approval_state is PlanApproval.APPROVED and approved.approved_by == "admin"
    # A changed plan goes back to the county.
    changed = workspace.assessment.save_plan(
        school, {"environments": "A", "points": "A1", "plan_title": "校本研修方案（修订）"}
    )
    assert changed.approval_state is PlanApproval.PENDING


def test_bad_plans_write_nothing(workspace: Workspace, school: int) -> None:
    with pytest.raises(ValidationError, match="至少选择一种"):
        workspace.assessment.save_plan(school, {"environments": ""})
    with pytest.raises(ValidationError, match=r"B3 .*不在本校选定的环境中"):
        workspace.assessment.save_plan(school, {"environments": "A", "points": "B3"})
    with pytest.raises(AppError, match="没有编号为“Z9”"):
        workspace.assessment.save_plan(school, {"environments": "A", "points": "Z9"})
    assert not workspace.assessment.plan(school).saved
    with pytest.raises(ValidationError, match="尚未填写"):
        workspace.assessment.decide_plan(school, approve=True)
    workspace.assessment.save_plan(school, {"environments": "A", "plan_title": "方案"})
    with pytest.raises(ValidationError, match="请填写退回方案的理由"):
        workspace.assessment.decide_plan(school, approve=False, note=" ")
    returned = workspace.assessment.decide_plan(school, approve=False, note="请补充评分细则")
    assert returned.approval_state is PlanApproval.RETURNED
    assert returned.approval_note == "请补充评分细则"


def test_stale_plan_save_is_refused(workspace: Workspace, school: int) -> None:
    first = workspace.assessment.save_plan(school, {"environments": "A", "plan_title": "一"})
    workspace.assessment.save_plan(school, {"environments": "A", "plan_title": "二"})
    with pytest.raises(StorageError, match="已被他人修改"):
        workspace.assessment.save_plan(
            school, {"environments": "A", "plan_title": "三", "version": first.version}
        )


# ---------------------------------------------------------------- selections


def test_selection_creates_one_item_per_required_evidence(
    workspace: Workspace, school: int, teachers: list[int]
) -> None:
    row = workspace.assessment.set_selection(teachers[0], ["a1", "Ａ5", "A11"])
    assert [p.code for p in row.points] == ["A1", "A5", "A11"]
    catalogue = workspace.catalogue.current()
    for point in row.points:
        specs = [s.code for s in catalogue.point(point.code).evidence]
        assert [i.spec_code for i in point.items] == specs
    assert row.problems == () and row.result is None


@pytest.mark.parametrize(
    ("codes", "message"),
    [
        (["A1", "A5"], "至少选择 3 个能力点"),
        (["A1", "A2", "A3"], "至少要覆盖 3 个能力维度"),
        (["A1", "A5", "C6"], "C6 属于智慧学习环境"),
        (["A1", "A5", "Z9"], "不是能力点目录中的编号"),
    ],
)
def test_bad_selections_write_nothing(
    workspace: Workspace, school: int, teachers: list[int], codes: list[str], message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        workspace.assessment.set_selection(teachers[0], codes)
    assert counts(workspace) == (0, 0, 0)


def test_changing_a_selection_keeps_kept_points_and_their_grades(
    workspace: Workspace, school: int, ready: list[int]
) -> None:
    item = first_item(workspace, school)
    workspace.assessment.set_score(item, "1", assessor="王老师")
    row = workspace.assessment.set_selection(ready[0], ["A1", "A5", "B9"])
    assert [p.code for p in row.points] == ["A1", "A5", "B9"]
    assert row.points[0].items[0].grade is Grade.EXCELLENT


def test_live_check_needs_no_database(workspace: Workspace, school: int) -> None:
    context = workspace.assessment.selection_context(school)
    assert context.check(["A1", "A5", "A11"]).ok
    problems = context.check(["A1", "C1"]).problems
    assert {p.code for p in problems} >= {"selection.environment", "selection.too_few"}


# ---------------------------------------------------------------- grades


def test_grades_typed_as_digits_letters_or_words(
    workspace: Workspace, school: int, ready: list[int]
) -> None:
    grid = workspace.assessment.grid(school)
    a1, a5, a11 = grid.rows[0].points
    updates = [
        workspace.assessment.set_score(a1.items[0].item_id, "1", assessor="王老师"),
        workspace.assessment.set_score(a1.items[1].item_id, "y", assessor="王老师"),
    ]
    assert updates[-1].point_grade is Grade.EXCELLENT and updates[-1].result is None
    for item in a5.items:
        workspace.assessment.set_score(item.item_id, "合格", assessor="王老师")
    last = None
    for item in a11.items:
        last = workspace.assessment.set_score(item.item_id, "H", assessor="王老师")
    assert last is not None and last.result is Grade.PASS
    row = workspace.assessment.grid(school).rows[0]
    assert [p.grade for p in row.points] == [Grade.EXCELLENT, Grade.PASS, Grade.PASS]
    assert row.points[0].items[0].assessor == "王老师"
    assert row.points[0].items[0].scored_at is not None
    # One 不合格 item fails the point and the teacher.
    fail = workspace.assessment.set_score(a5.items[0].item_id, "3", assessor="李老师")
    assert fail.point_grade is Grade.FAIL and fail.result is Grade.FAIL
    cleared = workspace.assessment.set_score(a5.items[0].item_id, None, assessor="李老师")
    assert cleared.grade is None and cleared.point_grade is None


def test_a_bad_cell_in_a_block_saves_nothing(
    workspace: Workspace, school: int, ready: list[int]
) -> None:
    grid = workspace.assessment.grid(school)
    items = [i.item_id for p in grid.rows[0].points for i in p.items]
    with pytest.raises(ValidationError) as caught:
        workspace.assessment.set_scores(
            [(items[0], "1"), (items[1], "4"), (items[2], "良好")], assessor="王老师"
        )
    assert caught.value.code == "grade.invalid"
    assert "共 2 个单元格" in caught.value.message
    assert [cell[1] for cell in caught.value.details["cells"]] == ["4", "良好"]
    assert counts(workspace)[2] == 0
    with pytest.raises(ValidationError, match="评分人"):
        workspace.assessment.set_scores([(items[0], "1")], assessor=" ")


def test_who_may_grade(workspace: Workspace, school: int, ready: list[int]) -> None:
    item = first_item(workspace, school)
    other = workspace.schools.create(
        {"code": "2151000002", "name": "温江区第二小学", "urban_rural": "111"}
    ).id
    workspace.act_as(Actor("coord2", Role.SCHOOL_COORDINATOR, school_id=other))
    with pytest.raises(PermissionDeniedError, match="只能处理本校"):
        workspace.assessment.set_score(item, "1", assessor="王")
    workspace.act_as(Actor("look", Role.VIEWER))
    with pytest.raises(PermissionDeniedError):
        workspace.assessment.set_score(item, "1", assessor="王")
    workspace.act_as(Actor("coord", Role.SCHOOL_COORDINATOR, school_id=school))
    assert workspace.assessment.set_score(item, "1", assessor="王").grade is Grade.EXCELLENT
    with pytest.raises(PermissionDeniedError):
        workspace.assessment.decide_plan(school, approve=True)
    assert counts(workspace)[2] == 1


# ---------------------------------------------------------------- evidence


def test_evidence_file_is_stored_under_its_hash(
    workspace: Workspace, school: int, ready: list[int], tmp_path: Path
) -> None:
    item = first_item(workspace, school)
    source = tmp_path / "学情分析方案.pdf"
    source.write_bytes(b"%PDF-1.4 evidence")
    record = workspace.assessment.update_evidence(item, title="学情分析方案", file=source)
    assert record.file_name == "学情分析方案.pdf" and record.file_size == 17
    stored = workspace.assessment.evidence_path(item)
    assert stored is not None and stored.name == record.file_sha256
    assert stored.read_bytes() == source.read_bytes()
    removed = workspace.assessment.update_evidence(item, title="学情分析方案", remove_file=True)
    assert removed.file_sha256 is None


def test_bad_evidence_files_write_nothing(
    workspace: Workspace, school: int, ready: list[int], tmp_path: Path
) -> None:
    item = first_item(workspace, school)
    program = tmp_path / "setup.exe"
    program.write_bytes(b"MZ\x90\x00")
    with pytest.raises(ValidationError, match="不能作为文档类证据材料"):
        workspace.assessment.update_evidence(item, file=program)
    disguised = tmp_path / "方案.pdf"
    disguised.write_bytes(b"MZ\x90\x00rest")
    with pytest.raises(ValidationError, match="可执行程序"):
        workspace.assessment.update_evidence(item, file=disguised)
    workspace.assessment.set_evidence_limit_mb(1)
    big = tmp_path / "大文件.pdf"
    big.write_bytes(b"%PDF" + b"0" * (2 * 1024 * 1024))
    with pytest.raises(ValidationError, match="超过了证据材料的上限 1 MB"):
        workspace.assessment.update_evidence(item, file=big)
    record = next(e for e in workspace.assessment.evidence(ready[0]) if e.item_id == item)
    assert record.file_sha256 is None and record.external_ref == "研修平台作品"
    evidence_dir = workspace.paths.evidence
    assert not evidence_dir.exists() or not any(evidence_dir.rglob("*"))


# ---------------------------------------------------------------- submission


def test_submit_needs_an_approved_plan_and_complete_grades(
    workspace: Workspace, school: int, teachers: list[int]
) -> None:
    with pytest.raises(ValidationError, match="尚未经区县批准"):
        workspace.assessment.submit(school)
    ready_school(workspace, school, teachers[:2])
    with pytest.raises(ValidationError) as caught:
        workspace.assessment.submit(school)
    assert "未选择能力点：教师丙一" in caught.value.message
    assert "还有证据材料未评分：教师甲一、教师乙一" in caught.value.message
    workspace.assessment.set_selection(teachers[2], ["A1", "A5", "A11"])
    grade_all(workspace, school)
    batch = workspace.assessment.submit(school)
    assert batch.state is SubmissionState.SUBMITTED and batch.submitted_by == "admin"
    assert [(e.from_state, e.to_state) for e in batch.events] == [("draft", "submitted")]
    grid = workspace.assessment.grid(school)
    assert all(r.locked and r.review_state is ReviewState.PENDING for r in grid.rows)


def test_a_submitted_batch_is_read_only_to_the_school(
    workspace: Workspace, school: int, ready: list[int], tmp_path: Path
) -> None:
    grade_all(workspace, school)
    workspace.assessment.submit(school)
    before = counts(workspace)
    item = first_item(workspace, school)
    with pytest.raises(ValidationError, match="已提交区县审核") as caught:
        workspace.assessment.set_score(item, "1", assessor="王")
    assert caught.value.code == "assessment.submitted"
    with pytest.raises(ValidationError, match="已提交区县审核"):
        workspace.assessment.set_selection(ready[0], ["A1", "A5", "B9"])
    with pytest.raises(ValidationError, match="已提交区县审核"):
        workspace.assessment.update_evidence(item, external_ref="改")
    with pytest.raises(ValidationError, match="不能重复提交"):
        workspace.assessment.submit(school)
    assert counts(workspace) == before
    grid = workspace.assessment.grid(school)
    assert all(i.grade is Grade.PASS for r in grid.rows for p in r.points for i in p.items)


# ---------------------------------------------------------------- score sheets


def number(n: int) -> str:
    """The 身份证号 add_teachers gave teacher ``n``."""
    return id_number(n, female=n % 2 == 0)


def sheet(number: str, grade: Grade | None = Grade.PASS) -> list[SheetEntry]:
    rows = []
    for point, specs in (("A1", 2), ("A5", 3), ("A11", 2)):
        for n in range(1, specs + 1):
            rows.append(SheetEntry(number, point, f"{point}-{n}", grade, "平台作品"))
    return rows


def test_a_sheet_is_applied_whole_or_not_at_all(
    workspace: Workspace, school: int, teachers: list[int]
) -> None:
    other = workspace.schools.create(
        {"code": "2151000002", "name": "温江区第二小学", "urban_rural": "111"}
    ).id
    stranger = add_teachers(workspace, 1, school="2151000002", start=20)[0]
    assert stranger and other
    entries = sheet(number(0)) + sheet(number(20))
    entries.append(SheetEntry(number(1), "A1", "A1-9", Grade.PASS))
    outcome = workspace.assessment.apply_sheet(school, entries, assessor="王老师")
    assert not outcome.written
    messages = dict(outcome.problems)
    assert "不是温江区实验小学的教师" in messages[7]
    assert "不属于能力点 A1" in messages[14]
    assert counts(workspace) == (0, 0, 0)

    dry = workspace.assessment.apply_sheet(school, sheet(number(0)), assessor="王", dry_run=True)
    assert (dry.points_added, dry.grades_set, dry.written) == (3, 7, False)
    assert counts(workspace) == (0, 0, 0)
    done = workspace.assessment.apply_sheet(school, sheet(number(0)), assessor="王")
    assert (done.points_added, done.grades_set, done.written) == (3, 7, True)
    again = workspace.assessment.apply_sheet(school, sheet(number(0)), assessor="王")
    assert (again.points_added, again.grades_set, again.unchanged) == (0, 0, 7)
    row = workspace.assessment.grid(school).rows[0]
    assert row.result is Grade.PASS and not row.without_evidence


def test_a_sheet_with_too_few_points_is_refused(
    workspace: Workspace, school: int, teachers: list[int]
) -> None:
    entries = [e for e in sheet(number(0)) if e.point_code != "A11"]
    outcome = workspace.assessment.apply_sheet(school, entries, assessor="王")
    assert outcome.problems and "至少选择 3 个能力点" in outcome.problems[0][1]
    assert counts(workspace) == (0, 0, 0)


def test_a_returned_plan_goes_back_to_the_county_when_fixed(
    workspace: Workspace, school: int
) -> None:
    read = workspace.assessment.save_plan(school, {"environments": "A", "plan_title": "方案"})
    workspace.assessment.decide_plan(school, approve=False, note="请补充细则")
    fixed = workspace.assessment.save_plan(
        school, {"environments": "A", "plan_title": "方案", "rules_title": "评分细则"}
    )
    assert fixed.approval_state is PlanApproval.PENDING
    # Approving what was read before the school's change is refused.
    with pytest.raises(StorageError, match="已被他人修改"):
        workspace.assessment.decide_plan(school, approve=True, version=read.version)
    approved = workspace.assessment.decide_plan(school, approve=True, version=fixed.version)
    assert approved.approval_state is PlanApproval.APPROVED


def test_copying_a_big_file_reports_progress_and_can_be_cancelled(
    workspace: Workspace, school: int, ready: list[int], tmp_path: Path
) -> None:
    item = first_item(workspace, school)
    video = tmp_path / "课堂实录.pdf"
    video.write_bytes(b"%PDF" + b"0" * (3 * 1024 * 1024))
    seen: list[tuple[int, int]] = []
    token = CancelToken()

    def progress(done: int, total: int, _message: str) -> None:
        seen.append((done, total))
        if len(seen) == 2:
            token.cancel()

    with pytest.raises(Cancelled):
        workspace.assessment.update_evidence(item, file=video, progress=progress, cancel=token)
    assert seen[0] == (1024 * 1024, video.stat().st_size)
    record = next(e for e in workspace.assessment.evidence(ready[0]) if e.item_id == item)
    assert record.file_sha256 is None
    assert not any(p.is_file() for p in workspace.paths.evidence.rglob("*"))


def test_lock_reason_says_why_a_teacher_cannot_change(
    workspace: Workspace, school: int, ready: list[int]
) -> None:
    assert workspace.assessment.lock_reason(ready[0]) is None
    grade_all(workspace, school)
    workspace.assessment.submit(school)
    assert "已提交区县审核" in (workspace.assessment.lock_reason(ready[0]) or "")
