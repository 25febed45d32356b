"""The county's side of 校本应用考核: review queue, approval with hour crediting, return,
unlock, and sampling checks (抽样检查).

A batch is reviewed teacher by teacher: "approve the clean ones" approves every result with
nothing to look at and holds the flagged ones (incomplete, rule broken, evidence missing, a
sampled grade that did not hold); the batch is approved — and locked — when every result in
it is.  Approval credits the preset's practice hours through the hours ledger.
"""

from __future__ import annotations

import secrets
from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, delete, func, insert, select
from sqlalchemy.orm import Session

from nlts_desktop.domain.enums import (
    Grade,
    HourCategory,
    HourSource,
    RecheckOutcome,
    ReviewState,
    SubmissionState,
)
from nlts_desktop.domain.errors import NotFoundError, ValidationError
from nlts_desktop.domain.grading import parse_grade
from nlts_desktop.domain.hour_rules import credited_practice_hours
from nlts_desktop.domain.idcard import mask_id_number
from nlts_desktop.domain.sampling import MAX_SEED, SampleSize, check_seed, draw, sample_size
from nlts_desktop.domain.text import normalize_prose
from nlts_desktop.services.assessment import (
    BatchRecord,
    GridRow,
    SelectionContext,
    add_event,
    batch_record,
    clean_reason,
    current_cycle,
    find_batch,
    get_school,
    load_sheet,
    plan_environments,
    workspace_catalogue,
)
from nlts_desktop.services.context import REVIEW_ROLES, ServiceContext, stale_error
from nlts_desktop.services.projects import workspace_preset
from nlts_desktop.storage.audit import record_audit
from nlts_desktop.storage.base import utcnow
from nlts_desktop.storage.models import (
    AbilityPoint,
    AssessmentResult,
    HourRecord,
    PointSelection,
    SamplingCheck,
    SamplingDraw,
    School,
    Submission,
    Teacher,
)

_PASSING = frozenset({Grade.EXCELLENT, Grade.PASS})


def assessment_source_key(cycle: int, id_number: str) -> str:
    """The hours ledger key of a teacher's practice credit for a cycle (one per teacher)."""
    return f"assessment:{cycle}:{id_number}"


# ---------------------------------------------------------------- plain values


@dataclass(frozen=True)
class QueueEntry:
    """One school's batch in the review queue, with its results counted by state."""

    school_id: int
    school_code: str
    school_name: str
    state: SubmissionState
    submitted_at: datetime | None
    submitted_by: str | None
    decided_at: datetime | None
    teachers: int
    pending: int
    held: int
    approved: int
    returned: int


@dataclass(frozen=True)
class ReviewRow:
    """A teacher's result as the reviewer sees it, with what needs a closer look."""

    teacher_id: int
    name: str
    id_number: str
    points: tuple[tuple[str, Grade | None], ...]
    result: Grade | None
    state: ReviewState | None
    flags: tuple[str, ...]
    reason: str | None

    @property
    def clean(self) -> bool:
        """Nothing to look at: can be approved with the others in one action."""
        return not self.flags


@dataclass(frozen=True)
class SchoolReview:
    """The per-school view of the review tab."""

    batch: BatchRecord
    rows: tuple[ReviewRow, ...]


@dataclass(frozen=True)
class ApprovalOutcome:
    """What one approval did."""

    approved: int
    held: int
    credited: int
    batch: BatchRecord


@dataclass(frozen=True)
class SampleCheckRow:
    """One sampled result and its re-check."""

    check_id: int
    school_code: str
    school_name: str
    teacher_name: str
    id_number: str
    point_code: str
    point_name: str
    original_grade: Grade | None
    recheck_grade: Grade | None
    outcome: RecheckOutcome
    notes: str | None
    checked_by: str | None
    checked_at: datetime | None
    version: int


@dataclass(frozen=True)
class SampleRecord:
    """A sampling draw with its checks (the sampling record, 抽样检查记录)."""

    draw_id: int
    cycle: int
    size_label: str
    seed: int
    drawn_by: str
    drawn_at: datetime
    checks: tuple[SampleCheckRow, ...]

    def count(self, outcome: RecheckOutcome) -> int:
        """How many checks have this outcome."""
        return sum(c.outcome is outcome for c in self.checks)


@dataclass(frozen=True)
class DrawSummary:
    """A draw in the list of draws."""

    draw_id: int
    cycle: int
    size_label: str
    seed: int
    drawn_by: str
    drawn_at: datetime
    total: int
    checked: int
    changed: int


def _size_label(ratio_permille: int | None, count: int | None) -> str:
    if count is not None:
        return SampleSize(count=count).label
    return SampleSize(ratio=(ratio_permille or 0) / 1000).label


# ---------------------------------------------------------------- the service


class ReviewService:
    """Review, approval, return, unlock and sampling (区县审核与抽样检查)."""

    def __init__(self, context: ServiceContext) -> None:
        self._context = context

    # ------------------------------------------------------------ reading

    def queue(self) -> list[QueueEntry]:
        """Every batch that has been submitted at least once; waiting ones first."""
        with self._context.read() as session:
            cycle = current_cycle(session)
            counts = {
                sid: (total, pending, held, approved, returned)
                for sid, total, pending, held, approved, returned in session.execute(
                    select(
                        AssessmentResult.submission_id,
                        func.count(),
                        *(
                            func.sum(case((AssessmentResult.state == state.value, 1), else_=0))
                            for state in (
                                ReviewState.PENDING,
                                ReviewState.HELD,
                                ReviewState.APPROVED,
                                ReviewState.RETURNED,
                            )
                        ),
                    )
                    .where(AssessmentResult.cycle == cycle)
                    .group_by(AssessmentResult.submission_id)
                ).all()
            }
            rows = session.execute(
                select(Submission, School.code, School.name)
                .join(School, School.id == Submission.school_id)
                .where(
                    Submission.cycle == cycle,
                    Submission.state != SubmissionState.DRAFT.value,
                )
            ).all()
            order = {
                SubmissionState.SUBMITTED.value: 0,
                SubmissionState.RETURNED.value: 1,
                SubmissionState.APPROVED.value: 2,
            }
            out = [
                QueueEntry(
                    batch.school_id,
                    code,
                    name,
                    SubmissionState(batch.state),
                    batch.submitted_at,
                    batch.submitted_by,
                    batch.decided_at,
                    *(int(v or 0) for v in counts.get(batch.id, (0, 0, 0, 0, 0))),
                )
                for batch, code, name in rows
            ]
            out.sort(key=lambda e: (order.get(e.state.value, 3), e.school_code))
            return out

    def school(self, school_id: int) -> SchoolReview:
        """A school's results with flags, for the per-school view."""
        with self._context.read() as session:
            school = get_school(session, school_id)
            cycle = current_cycle(session)
            rows = self._review_rows(session, school, cycle)
            return SchoolReview(batch_record(session, school, cycle), tuple(rows))

    def _review_rows(self, session: Session, school: School, cycle: int) -> list[ReviewRow]:
        preset = workspace_preset(session)
        context = SelectionContext(
            workspace_catalogue(session),
            preset.points,
            plan_environments(session, school, cycle),
            (),
        )
        sheet = load_sheet(
            session, school.id, cycle, min_points=preset.points.min_points, context=context
        )
        changed = set(
            session.scalars(
                select(PointSelection.teacher_id)
                .join(SamplingCheck, SamplingCheck.selection_id == PointSelection.id)
                .where(
                    PointSelection.cycle == cycle,
                    SamplingCheck.outcome == RecheckOutcome.CHANGED.value,
                    PointSelection.teacher_id.in_([r.teacher_id for r in sheet.rows]),
                )
            )
        )
        return [
            ReviewRow(
                row.teacher_id,
                row.name,
                mask_id_number(row.id_number),
                tuple((p.code, p.grade) for p in row.points),
                row.result,
                row.review_state,
                _flags(row, sampled_changed=row.teacher_id in changed),
                row.reason,
            )
            for row in sheet.rows
            if row.review_state is not None or row.points
        ]

    # ------------------------------------------------------------ deciding

    def approve_clean(self, school_id: int) -> ApprovalOutcome:
        """Approve every result with no flags; hold the flagged ones with their flags as reason."""
        return self._approve(school_id, teacher_ids=None)

    def approve(self, school_id: int, teacher_ids: Collection[int]) -> ApprovalOutcome:
        """Approve chosen results, held ones included, after the reviewer has looked at them."""
        if not teacher_ids:
            raise ValidationError("请先选择要通过的教师。", code="review.nothing_selected")
        return self._approve(school_id, teacher_ids=set(teacher_ids))

    def _approve(self, school_id: int, *, teacher_ids: set[int] | None) -> ApprovalOutcome:
        self._context.require(REVIEW_ROLES, "审核通过考核结果")
        actor = self._context.actor.username
        with self._context.unit_of_work() as session:
            school = get_school(session, school_id)
            cycle = current_cycle(session)
            batch = self._submitted_batch(session, school, cycle, action="通过")
            rows = {r.teacher_id: r for r in self._review_rows(session, school, cycle)}
            results = {
                r.teacher_id: r
                for r in session.scalars(
                    select(AssessmentResult).where(AssessmentResult.submission_id == batch.id)
                )
            }
            now = utcnow()
            approved: list[int] = []
            held = 0
            for tid, result in results.items():
                row = rows.get(tid)
                if result.state == ReviewState.APPROVED.value or row is None:
                    continue
                if teacher_ids is None:
                    if result.state != ReviewState.PENDING.value:
                        continue
                    if row.flags:
                        result.state = ReviewState.HELD.value
                        result.reason = "；".join(row.flags)
                        held += 1
                        continue
                elif tid not in teacher_ids:
                    continue
                elif row.result is None:
                    raise ValidationError(
                        f"{row.name}的成绩还没有评完（{'；'.join(row.flags)}），不能通过。"
                        "请退回学校补全。",
                        code="review.incomplete",
                    )
                result.state = ReviewState.APPROVED.value
                result.grade = row.result.value if row.result else None
                result.reason = None
                result.decided_by = actor
                result.decided_at = now
                approved.append(tid)
            if teacher_ids is not None:
                unknown = teacher_ids - {t for t in results if t in rows}
                if unknown:
                    raise NotFoundError(
                        "所选教师不在本校的考核批次中，请刷新后重试。", code="review.not_in_batch"
                    )
            if not approved and not held:
                # Holds just set are kept (and reported): only "nothing at all to do" refuses.
                waiting = sum(r.state == ReviewState.HELD.value for r in results.values())
                raise ValidationError(
                    f"{school.name}没有可直接通过的结果：{waiting} 人的结果被标记为需关注，"
                    "请逐一查看后选择“通过所选”或退回学校。",
                    code="review.nothing_clean",
                )
            passing = [tid for tid in approved if rows[tid].result in _PASSING]
            credited = self._credit(session, school, cycle, passing, now=now)
            session.flush()
            if all(r.state == ReviewState.APPROVED.value for r in results.values()):
                batch.state = SubmissionState.APPROVED.value
                batch.locked = True
                batch.decided_at = now
                batch.decided_by = actor
                add_event(
                    session,
                    batch,
                    old=SubmissionState.SUBMITTED.value,
                    new=batch.state,
                    actor=actor,
                )
            session.flush()
            return ApprovalOutcome(
                len(approved), held, credited, batch_record(session, school, cycle)
            )

    def _credit(
        self,
        session: Session,
        school: School,
        cycle: int,
        teacher_ids: Sequence[int],
        *,
        now: datetime,
    ) -> int:
        """Practice hours credited for the passed results (source: assessment)."""
        hours = credited_practice_hours(workspace_preset(session).hours)
        if not hours or not teacher_ids:
            return 0
        numbers = {
            tid: number
            for tid, number in session.execute(
                select(Teacher.id, Teacher.id_number).where(Teacher.id.in_(teacher_ids))
            ).all()
        }
        keys = {tid: assessment_source_key(cycle, numbers[tid]) for tid in teacher_ids}
        already = set(
            session.scalars(
                select(HourRecord.source_key).where(HourRecord.source_key.in_(keys.values()))
            )
        )
        rows = [
            {
                "teacher_id": tid,
                "category": HourCategory.PRACTICE.value,
                "half_hours": round(hours * 2),
                "year": cycle,
                "record_date": now.date(),
                "project_id": None,
                "source": HourSource.ASSESSMENT.value,
                "source_ref": f"{cycle}年度校本应用考核（{school.name}）",
                "source_key": key,
                "certified_by": self._context.actor.username,
                "note": None,
                "created_at": now,
                "updated_at": now,
                "version": 1,
            }
            for tid, key in keys.items()
            if key not in already
        ]
        if rows:
            session.execute(insert(HourRecord), rows)
            record_audit(
                session,
                action="insert",
                entity="hour_records",
                summary=f"考核通过认定实践学时：{school.name} {len(rows)} 人，每人 {hours:g} 学时",
                after={"school": school.code, "cycle": cycle, "teachers": len(rows)},
            )
        return len(rows)

    def hold(self, school_id: int, teacher_ids: Collection[int], reason: object) -> SchoolReview:
        """Set chosen results aside (暂缓) with a reason, without returning the batch."""
        self._context.require(REVIEW_ROLES, "暂缓考核结果")
        text = clean_reason(reason, what="暂缓的理由")
        with self._context.unit_of_work() as session:
            school = get_school(session, school_id)
            cycle = current_cycle(session)
            batch = self._submitted_batch(session, school, cycle, action="暂缓")
            for result in session.scalars(
                select(AssessmentResult).where(
                    AssessmentResult.submission_id == batch.id,
                    AssessmentResult.teacher_id.in_(teacher_ids),
                    AssessmentResult.state != ReviewState.APPROVED.value,
                )
            ):
                result.state = ReviewState.HELD.value
                result.reason = text
            session.flush()
            return SchoolReview(
                batch_record(session, school, cycle),
                tuple(self._review_rows(session, school, cycle)),
            )

    def return_batch(
        self,
        school_id: int,
        reason: object,
        *,
        teacher_reasons: Mapping[int, str] | None = None,
        item_reasons: Mapping[int, str] | None = None,
    ) -> BatchRecord:
        """Send the batch back to the school with a reason, and reasons per teacher or item.

        Results already approved stay approved and locked; the others go back to the school.
        """
        self._context.require(REVIEW_ROLES, "退回考核批次")
        text = clean_reason(reason, what="退回理由")
        actor = self._context.actor.username
        with self._context.unit_of_work() as session:
            school = get_school(session, school_id)
            cycle = current_cycle(session)
            batch = self._submitted_batch(session, school, cycle, action="退回")
            now = utcnow()
            batch.state = SubmissionState.RETURNED.value
            batch.return_reason = text
            batch.decided_at = now
            batch.decided_by = actor
            add_event(
                session,
                batch,
                old=SubmissionState.SUBMITTED.value,
                new=batch.state,
                actor=actor,
                reason=text,
            )
            per_teacher = {
                tid: normalize_prose(r, multiline=True)
                for tid, r in (teacher_reasons or {}).items()
                if normalize_prose(r)
            }
            for result in session.scalars(
                select(AssessmentResult).where(
                    AssessmentResult.submission_id == batch.id,
                    AssessmentResult.state != ReviewState.APPROVED.value,
                )
            ):
                result.state = ReviewState.RETURNED.value
                result.reason = per_teacher.get(result.teacher_id) or result.reason
                result.decided_by = actor
                result.decided_at = now
                if result.teacher_id in per_teacher:
                    add_event(
                        session,
                        batch,
                        old=None,
                        new=batch.state,
                        actor=actor,
                        reason=per_teacher[result.teacher_id],
                        teacher_id=result.teacher_id,
                    )
            for item_id, item_reason in (item_reasons or {}).items():
                if normalize_prose(item_reason):
                    add_event(
                        session,
                        batch,
                        old=None,
                        new=batch.state,
                        actor=actor,
                        reason=normalize_prose(item_reason, multiline=True),
                        item_id=item_id,
                    )
            session.flush()
            return batch_record(session, school, cycle)

    def unlock(
        self, school_id: int, reason: object, *, teacher_ids: Collection[int] | None = None
    ) -> BatchRecord:
        """Reopen approved results for correction (reason required, logged); credits withdrawn."""
        self._context.require(REVIEW_ROLES, "解锁已通过的考核结果")
        text = clean_reason(reason, what="解锁理由")
        actor = self._context.actor.username
        with self._context.unit_of_work() as session:
            school = get_school(session, school_id)
            cycle = current_cycle(session)
            batch = find_batch(session, school_id, cycle)
            query = select(AssessmentResult).where(
                AssessmentResult.cycle == cycle,
                AssessmentResult.state == ReviewState.APPROVED.value,
                AssessmentResult.teacher_id.in_(
                    select(Teacher.id).where(Teacher.school_id == school_id)
                ),
            )
            if teacher_ids is not None:
                query = query.where(AssessmentResult.teacher_id.in_(teacher_ids))
            results = list(session.scalars(query))
            if batch is None or not results:
                raise ValidationError(
                    f"{school.name}没有已审核通过的考核结果，无需解锁。",
                    code="review.nothing_locked",
                )
            now = utcnow()
            for result in results:
                result.state = ReviewState.RETURNED.value
                result.reason = f"区县解锁：{text}"
                result.decided_by = actor
                result.decided_at = now
            numbers = session.scalars(
                select(Teacher.id_number).where(Teacher.id.in_([r.teacher_id for r in results]))
            ).all()
            session.execute(
                delete(HourRecord).where(
                    HourRecord.source == HourSource.ASSESSMENT.value,
                    HourRecord.source_key.in_([assessment_source_key(cycle, n) for n in numbers]),
                )
            )
            record_audit(
                session,
                action="unlock",
                entity="assessment_results",
                summary=f"解锁 {school.name} {len(results)} 人的考核结果并撤销认定学时：{text}",
                after={"school": school.code, "cycle": cycle, "teachers": len(results)},
            )
            old = batch.state
            if old != SubmissionState.SUBMITTED.value:
                batch.state = SubmissionState.RETURNED.value
                batch.locked = False
                batch.return_reason = f"区县解锁：{text}"
                batch.decided_at = now
                batch.decided_by = actor
            add_event(session, batch, old=old, new=batch.state, actor=actor, reason=f"解锁：{text}")
            session.flush()
            return batch_record(session, school, cycle)

    def _submitted_batch(
        self, session: Session, school: School, cycle: int, *, action: str
    ) -> Submission:
        batch = find_batch(session, school.id, cycle)
        state = batch.state if batch is not None else SubmissionState.DRAFT.value
        if batch is None or state == SubmissionState.DRAFT.value:
            raise ValidationError(
                f"{school.name}尚未提交考核结果，不能{action}。", code="review.not_submitted"
            )
        if state == SubmissionState.APPROVED.value:
            raise ValidationError(
                f"{school.name}的考核批次已审核通过并锁定，不能重复{action}。"
                "如需更正，请先解锁（需说明理由）。",
                code="review.already_approved",
            )
        if state == SubmissionState.RETURNED.value:
            raise ValidationError(
                f"{school.name}的考核批次已退回学校，等学校重新提交后才能{action}。",
                code="review.returned",
            )
        return batch

    # ------------------------------------------------------------ sampling

    def draw_sample(
        self,
        *,
        ratio: object = None,
        count: object = None,
        seed: object = None,
        school_ids: Collection[int] | None = None,
    ) -> SampleRecord:
        """Draw approved point results for re-checking, per school; the seed is recorded."""
        self._context.require(REVIEW_ROLES, "抽样检查")
        size = sample_size(ratio=ratio, count=count)
        if size.ratio is not None:
            # Recorded in ‰: draw with exactly what is recorded, so the record reproduces it.
            size = SampleSize(ratio=max(1, round(size.ratio * 1000)) / 1000)
        chosen_seed = secrets.randbelow(MAX_SEED + 1) if seed in (None, "") else check_seed(seed)
        with self._context.unit_of_work() as session:
            cycle = current_cycle(session)
            query = (
                select(
                    Teacher.school_id,
                    PointSelection.id,
                    Teacher.id_number,
                    AbilityPoint.code,
                    PointSelection.grade,
                )
                .join(Teacher, Teacher.id == PointSelection.teacher_id)
                .join(AbilityPoint, AbilityPoint.id == PointSelection.point_id)
                .join(
                    AssessmentResult,
                    (AssessmentResult.teacher_id == PointSelection.teacher_id)
                    & (AssessmentResult.cycle == PointSelection.cycle),
                )
                .where(
                    PointSelection.cycle == cycle,
                    PointSelection.grade.is_not(None),
                    AssessmentResult.state == ReviewState.APPROVED.value,
                )
            )
            if school_ids is not None:
                query = query.where(Teacher.school_id.in_(school_ids))
            groups: dict[int, list[str]] = defaultdict(list)
            by_key: dict[str, tuple[int, str | None]] = {}
            for school_id, selection_id, number, code, grade in session.execute(query):
                key = f"{number}:{code}:{cycle}"
                groups[school_id].append(key)
                by_key[key] = (selection_id, grade)
            if not by_key:
                raise ValidationError(
                    f"{cycle}年度还没有审核通过的考核结果，无法抽样。", code="sampling.empty"
                )
            drawn = draw(chosen_seed, groups, size)
            record = SamplingDraw(
                cycle=cycle,
                ratio_permille=round(size.ratio * 1000) if size.ratio is not None else None,
                count_per_school=size.count,
                seed=chosen_seed,
                drawn_by=self._context.actor.username,
                drawn_at=utcnow(),
            )
            session.add(record)
            session.flush()
            rows = [
                {
                    "draw_id": record.id,
                    "selection_id": by_key[key][0],
                    "original_grade": by_key[key][1],
                    "recheck_grade": None,
                    "outcome": RecheckOutcome.PENDING.value,
                    "created_at": record.drawn_at,
                    "updated_at": record.drawn_at,
                    "version": 1,
                }
                for school in sorted(drawn)
                for key in drawn[school]
            ]
            session.execute(insert(SamplingCheck), rows)
            record_audit(
                session,
                action="sample",
                entity="sampling_draws",
                entity_id=record.id,
                summary=f"抽样检查：{size.label}，随机种子 {chosen_seed}，抽取 {len(rows)} 个结果",
                after={"seed": chosen_seed, "checks": len(rows)},
            )
            return self._sample(session, record.id)

    def draws(self) -> list[DrawSummary]:
        """Every sampling draw, newest first."""
        with self._context.read() as session:
            counts = {
                did: (total, checked, changed)
                for did, total, checked, changed in session.execute(
                    select(
                        SamplingCheck.draw_id,
                        func.count(),
                        func.sum(
                            case(
                                (SamplingCheck.outcome != RecheckOutcome.PENDING.value, 1), else_=0
                            )
                        ),
                        func.sum(
                            case(
                                (SamplingCheck.outcome == RecheckOutcome.CHANGED.value, 1), else_=0
                            )
                        ),
                    ).group_by(SamplingCheck.draw_id)
                ).all()
            }
            return [
                DrawSummary(
                    d.id,
                    d.cycle,
                    _size_label(d.ratio_permille, d.count_per_school),
                    d.seed,
                    d.drawn_by,
                    d.drawn_at,
                    *(int(v or 0) for v in counts.get(d.id, (0, 0, 0))),
                )
                for d in session.scalars(select(SamplingDraw).order_by(SamplingDraw.id.desc()))
            ]

    def sample(self, draw_id: int) -> SampleRecord:
        """A draw with its checks."""
        with self._context.read() as session:
            return self._sample(session, draw_id)

    def _sample(self, session: Session, draw_id: int) -> SampleRecord:
        record = session.get(SamplingDraw, draw_id)
        if record is None:
            raise NotFoundError("找不到该次抽样记录，请刷新后重试。", code="sampling.missing")
        rows = session.execute(
            select(
                SamplingCheck,
                School.code,
                School.name,
                Teacher.name,
                Teacher.id_number,
                AbilityPoint.code,
                AbilityPoint.name,
            )
            .join(PointSelection, PointSelection.id == SamplingCheck.selection_id)
            .join(Teacher, Teacher.id == PointSelection.teacher_id)
            .join(School, School.id == Teacher.school_id)
            .join(AbilityPoint, AbilityPoint.id == PointSelection.point_id)
            .where(SamplingCheck.draw_id == draw_id)
            .order_by(School.code, Teacher.id, AbilityPoint.id)
        ).all()
        checks = tuple(
            SampleCheckRow(
                check.id,
                school_code,
                school_name,
                teacher_name,
                mask_id_number(number),
                point_code,
                point_name,
                Grade(check.original_grade) if check.original_grade else None,
                Grade(check.recheck_grade) if check.recheck_grade else None,
                RecheckOutcome(check.outcome),
                check.notes,
                check.checked_by,
                check.checked_at,
                check.version,
            )
            for check, school_code, school_name, teacher_name, number, point_code, point_name in (
                rows
            )
        )
        return SampleRecord(
            record.id,
            record.cycle,
            _size_label(record.ratio_permille, record.count_per_school),
            record.seed,
            record.drawn_by,
            record.drawn_at,
            checks,
        )

    def record_recheck(
        self, check_id: int, *, grade: object, notes: object = None, version: int | None = None
    ) -> SampleCheckRow:
        """Record the re-check grade and notes; the outcome follows (一致 / 不一致 / 待复核)."""
        self._context.require(REVIEW_ROLES, "记录抽样复核结果")
        parsed = parse_grade(grade)
        text = normalize_prose(notes, multiline=True) or None
        if text is not None and len(text) > 1000:
            raise ValidationError("复核意见过长，请控制在 1000 字以内。", code="sampling.notes")
        with self._context.unit_of_work() as session:
            check = session.get(SamplingCheck, check_id)
            if check is None:
                raise NotFoundError("找不到该抽样结果，请刷新后重试。", code="sampling.missing")
            if version is not None and version != check.version:
                raise stale_error()
            check.recheck_grade = parsed.value if parsed else None
            check.notes = text
            if parsed is None:
                check.outcome = RecheckOutcome.PENDING.value
                check.checked_by = None
                check.checked_at = None
            else:
                same = parsed.value == check.original_grade
                check.outcome = (RecheckOutcome.CONFIRMED if same else RecheckOutcome.CHANGED).value
                check.checked_by = self._context.actor.username
                check.checked_at = utcnow()
            session.flush()
            record = self._sample(session, check.draw_id)
            return next(c for c in record.checks if c.check_id == check_id)


def _flags(row: GridRow, *, sampled_changed: bool) -> tuple[str, ...]:
    """What a reviewer should look at before approving a result."""
    flags: list[str] = []
    if not row.points:
        flags.append("未选择能力点")
    else:
        flags.extend(row.problems)
        if row.ungraded:
            flags.append(f"还有 {row.ungraded} 项证据材料未评分")
        missing = row.without_evidence
        if missing:
            flags.append(f"缺少证据材料：{'、'.join(missing)}")
    if sampled_changed:
        flags.append("抽样复核等级与原等级不一致")
    if row.review_state is ReviewState.HELD and row.reason and row.reason != "；".join(flags):
        flags.append(f"暂缓：{row.reason}")
    return tuple(flags)
