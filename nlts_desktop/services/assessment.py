"""School-based assessment (校本应用考核) as the school does it: plan, selections, evidence,
grades and submission of the school's batch.

The county's side (review, approval, sampling) is :mod:`nlts_desktop.services.review`; both
read a school's sheet through :func:`load_sheet`, so the grid the coordinator fills and the
list the reviewer approves are the same data.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import and_, delete, select
from sqlalchemy.orm import Session

from nlts_desktop.domain.catalogue import (
    AbilityPointSpec,
    Catalogue,
    normalize_point_code,
    parse_catalogue,
)
from nlts_desktop.domain.enums import (
    Environment,
    Grade,
    PlanApproval,
    ReviewState,
    SubmissionState,
    TeacherStatus,
)
from nlts_desktop.domain.errors import NotFoundError, ValidationError
from nlts_desktop.domain.evidence import DEFAULT_MAX_MB, check_evidence_file
from nlts_desktop.domain.grading import aggregate_point_grade, parse_grade, teacher_result
from nlts_desktop.domain.presets import PointRule
from nlts_desktop.domain.roster import parse_date, parse_environments
from nlts_desktop.domain.selection_rules import SelectionCheck, check_selection
from nlts_desktop.domain.text import normalize_prose, normalize_text
from nlts_desktop.exchange.excel_writer import atomic_write
from nlts_desktop.services.audit import record_import
from nlts_desktop.services.context import (
    ADMIN_ROLES,
    REVIEW_ROLES,
    SCHOOL_ROLES,
    WRITE_ROLES,
    ServiceContext,
    stale_error,
)
from nlts_desktop.services.progress import Cancelled, CancelToken, Progress, no_progress
from nlts_desktop.services.projects import workspace_preset
from nlts_desktop.storage.base import utcnow
from nlts_desktop.storage.models import (
    AbilityPoint,
    AssessmentResult,
    EvidenceItem,
    EvidenceSpecRow,
    PointSelection,
    SamplingCheck,
    School,
    SchoolPlan,
    SchoolPlanPoint,
    Score,
    Submission,
    SubmissionEvent,
    Teacher,
    WorkspaceRow,
)
from nlts_desktop.storage.models import Catalogue as CatalogueRow

# Batch states in which the school may still change its selections and grades.
OPEN_STATES = frozenset({SubmissionState.DRAFT.value, SubmissionState.RETURNED.value})
_TITLE_LIMIT = 255
_REF_LIMIT = 512
_NAMES_SHOWN = 8


# ---------------------------------------------------------------- plain values


@dataclass(frozen=True)
class PlanPoint:
    """A point in a school's plan (必选 required or 自选 elective)."""

    code: str
    name: str
    environment: str
    dimension: str
    required: bool


@dataclass(frozen=True)
class SchoolPlanRecord:
    """A school's plan for the cycle (校本研修方案, scoring rules, environments, points)."""

    school_id: int
    school_code: str
    school_name: str
    cycle: int
    saved: bool
    environments: tuple[str, ...]
    points: tuple[PlanPoint, ...]
    plan_title: str | None
    plan_date: date | None
    plan_file_ref: str | None
    rules_title: str | None
    rules_date: date | None
    rules_file_ref: str | None
    approval_state: PlanApproval
    approval_note: str | None
    approved_by: str | None
    approved_at: datetime | None
    version: int


@dataclass(frozen=True)
class SelectionContext:
    """What a teacher of this school may choose: the catalogue, the rule, the environments."""

    catalogue: Catalogue
    rule: PointRule
    environments: tuple[Environment, ...]
    plan_points: tuple[PlanPoint, ...]

    def check(self, codes: Iterable[str]) -> SelectionCheck:
        """The preset's rule applied to a choice (no database involved: call it per click)."""
        return check_selection(
            self.catalogue, self.rule, codes, school_environments=self.environments
        )


@dataclass(frozen=True)
class GridItem:
    """One evidence item of a chosen point, with its grade."""

    item_id: int
    spec_code: str
    spec_name: str
    kind: str
    max_minutes: int | None
    grade: Grade | None
    assessor: str | None
    scored_at: datetime | None
    has_evidence: bool
    reason: str | None = None


@dataclass(frozen=True)
class GridPoint:
    """A point a teacher chose, its items and the grade that follows from them."""

    selection_id: int
    code: str
    name: str
    dimension: str
    grade: Grade | None
    items: tuple[GridItem, ...]


@dataclass(frozen=True)
class GridRow:
    """One teacher of the school: points, items, result and whether it can still change."""

    teacher_id: int
    name: str
    id_number: str
    subject_code: str | None
    points: tuple[GridPoint, ...]
    result: Grade | None
    review_state: ReviewState | None
    locked: bool
    lock_reason: str | None
    reason: str | None
    problems: tuple[str, ...]

    @property
    def ungraded(self) -> int:
        """Items without a grade."""
        return sum(item.grade is None for point in self.points for item in point.items)

    @property
    def without_evidence(self) -> tuple[str, ...]:
        """Codes of items with neither a file nor an external reference."""
        return tuple(
            item.spec_code for p in self.points for item in p.items if not item.has_evidence
        )


@dataclass(frozen=True)
class BatchEvent:
    """One line of a batch's history: a transition, or a reason for a teacher or an item."""

    from_state: str | None
    to_state: str
    actor: str
    at: datetime
    reason: str | None
    teacher_name: str | None = None
    item_code: str | None = None


@dataclass(frozen=True)
class BatchRecord:
    """A school's batch of the cycle (草稿 → 已提交 → 已通过 | 已退回) and its history."""

    school_id: int
    school_code: str
    school_name: str
    cycle: int
    state: SubmissionState
    submitted_at: datetime | None
    submitted_by: str | None
    decided_at: datetime | None
    decided_by: str | None
    return_reason: str | None
    events: tuple[BatchEvent, ...] = ()

    @property
    def open(self) -> bool:
        """The school can still change its data (草稿 or 已退回)."""
        return self.state.value in OPEN_STATES


@dataclass(frozen=True)
class ScoreGrid:
    """Everything the score entry grid shows for one school."""

    batch: BatchRecord
    plan_approved: bool
    min_points: int
    rows: tuple[GridRow, ...]

    @property
    def point_slots(self) -> int:
        """How many point column groups the grid needs (at least the rule's minimum)."""
        return max([self.min_points, *(len(r.points) for r in self.rows)])

    @property
    def item_slots(self) -> int:
        """How many item columns each point group needs."""
        return max([1, *(len(p.items) for r in self.rows for p in r.points)])


@dataclass(frozen=True)
class CellUpdate:
    """What changed after a grade was saved: the item, its point and the teacher's result."""

    item_id: int
    grade: Grade | None
    selection_id: int
    point_grade: Grade | None
    teacher_id: int
    result: Grade | None


@dataclass(frozen=True)
class EvidenceRecord:
    """An evidence item as the evidence dialog shows it."""

    item_id: int
    point_code: str
    point_name: str
    spec_code: str
    spec_name: str
    kind: str
    max_minutes: int | None
    title: str | None
    file_name: str | None
    file_size: int | None
    file_sha256: str | None
    external_ref: str | None
    version: int


@dataclass(frozen=True)
class SheetEntry:
    """One row of a score sheet: a teacher's evidence item, its grade and evidence note."""

    id_number: str
    point_code: str
    spec_code: str
    grade: Grade | None
    evidence: str | None = None
    #: Who graded it (评分人), when the sheet says; else the sheet's assessor.
    assessor: str | None = None


@dataclass(frozen=True)
class SheetOutcome:
    """What a score sheet did (or would do, on a dry run); ``problems`` are (entry, message)."""

    teachers: int
    points_added: int
    grades_set: int
    grades_cleared: int
    unchanged: int
    problems: tuple[tuple[int, str], ...] = ()
    written: bool = False


class _DryRun(Exception):
    """Raised inside the transaction to roll back a dry run or a refused sheet."""


@dataclass
class _Sheet:
    """A school's data of the cycle, loaded in a few queries (see :func:`load_sheet`)."""

    school: School
    cycle: int
    batch: Submission | None
    rows: list[GridRow] = field(default_factory=list)


# ---------------------------------------------------------------- shared readers


def current_cycle(session: Session) -> int:
    """The workspace's assessment cycle (考核年度)."""
    cycle = session.scalars(select(WorkspaceRow.current_cycle)).one()
    if cycle is None:
        raise ValidationError(
            "工作区尚未设置考核年度，请先在工作区设置中选择当前年度。", code="assessment.cycle"
        )
    return cycle


def workspace_catalogue(session: Session) -> Catalogue:
    """The catalogue in force."""
    row = session.scalars(
        select(CatalogueRow).join(WorkspaceRow, WorkspaceRow.catalogue_id == CatalogueRow.id)
    ).one()
    return parse_catalogue(json.loads(row.source_json), source=f"工作区目录 {row.version}")


def catalogue_point_ids(session: Session) -> dict[str, int]:
    """Row ids of the points of the catalogue in force, by code."""
    query = select(AbilityPoint.code, AbilityPoint.id).join(
        WorkspaceRow, WorkspaceRow.catalogue_id == AbilityPoint.catalogue_id
    )
    return {code: point_id for code, point_id in session.execute(query).all()}


def get_school(session: Session, school_id: int) -> School:
    """The school, or a Chinese NotFoundError."""
    school = session.get(School, school_id)
    if school is None:
        raise NotFoundError("找不到该学校，可能已被删除。请刷新后重试。", code="school.missing")
    return school


def find_batch(session: Session, school_id: int, cycle: int) -> Submission | None:
    """The school's batch of the cycle, if any."""
    return session.scalars(
        select(Submission).where(Submission.school_id == school_id, Submission.cycle == cycle)
    ).one_or_none()


def batch_record(session: Session, school: School, cycle: int) -> BatchRecord:
    """The batch as a plain value, with its history (a draft when none exists yet)."""
    batch = find_batch(session, school.id, cycle)
    if batch is None:
        return BatchRecord(
            school.id,
            school.code,
            school.name,
            cycle,
            SubmissionState.DRAFT,
            None,
            None,
            None,
            None,
            None,
        )
    rows = session.execute(
        select(SubmissionEvent, Teacher.name, EvidenceItem.spec_code)
        .outerjoin(Teacher, Teacher.id == SubmissionEvent.teacher_id)
        .outerjoin(EvidenceItem, EvidenceItem.id == SubmissionEvent.evidence_item_id)
        .where(SubmissionEvent.submission_id == batch.id)
        .order_by(SubmissionEvent.id)
    ).all()
    events = tuple(
        BatchEvent(e.from_state, e.to_state, e.actor, e.at, e.reason, name, code)
        for e, name, code in rows
    )
    return BatchRecord(
        school.id,
        school.code,
        school.name,
        cycle,
        SubmissionState(batch.state),
        batch.submitted_at,
        batch.submitted_by,
        batch.decided_at,
        batch.decided_by,
        batch.return_reason,
        events,
    )


def plan_environments(session: Session, school: School, cycle: int) -> tuple[Environment, ...]:
    """The environments of the school's plan of the cycle, else those on the school record."""
    text = session.scalar(
        select(SchoolPlan.environments).where(
            SchoolPlan.school_id == school.id, SchoolPlan.cycle == cycle
        )
    )
    return parse_environments(text if text is not None else school.environments)


def load_sheet(
    session: Session,
    school_id: int,
    cycle: int,
    *,
    min_points: int,
    context: SelectionContext,
    teacher_id: int | None = None,
) -> _Sheet:
    """A school's active teachers (or one of them) with points, items, grades, results, reasons."""
    school = get_school(session, school_id)
    batch = find_batch(session, school_id, cycle)
    connection = session.connection()
    in_school = select(Teacher.id).where(Teacher.school_id == school_id)
    if teacher_id is not None:
        in_school = in_school.where(Teacher.id == teacher_id)
    teachers = connection.execute(
        select(Teacher.id, Teacher.name, Teacher.id_number, Teacher.subject_code)
        .where(Teacher.id.in_(in_school), Teacher.status == TeacherStatus.ACTIVE.value)
        .order_by(Teacher.id)
    ).all()
    selections = connection.execute(
        select(
            PointSelection.id,
            PointSelection.teacher_id,
            AbilityPoint.code,
            AbilityPoint.name,
            AbilityPoint.dimension,
            PointSelection.grade,
        )
        .join(AbilityPoint, AbilityPoint.id == PointSelection.point_id)
        .where(PointSelection.cycle == cycle, PointSelection.teacher_id.in_(in_school))
        .order_by(PointSelection.teacher_id, AbilityPoint.id)
    ).all()
    items = connection.execute(
        select(
            EvidenceItem.id,
            EvidenceItem.selection_id,
            EvidenceItem.spec_code,
            EvidenceSpecRow.name,
            EvidenceItem.kind,
            EvidenceSpecRow.max_minutes,
            Score.grade,
            Score.assessor,
            Score.scored_at,
            (EvidenceItem.file_sha256.is_not(None) | EvidenceItem.external_ref.is_not(None)),
        )
        .join(PointSelection, PointSelection.id == EvidenceItem.selection_id)
        .outerjoin(
            EvidenceSpecRow,
            and_(
                EvidenceSpecRow.point_id == PointSelection.point_id,
                EvidenceSpecRow.code == EvidenceItem.spec_code,
            ),
        )
        .outerjoin(Score, Score.evidence_item_id == EvidenceItem.id)
        .where(PointSelection.cycle == cycle, PointSelection.teacher_id.in_(in_school))
        .order_by(EvidenceItem.selection_id, EvidenceSpecRow.sort_order, EvidenceItem.spec_code)
    ).all()
    results = {
        tid: (state, reason)
        for tid, state, reason in connection.execute(
            select(
                AssessmentResult.teacher_id, AssessmentResult.state, AssessmentResult.reason
            ).where(AssessmentResult.cycle == cycle, AssessmentResult.teacher_id.in_(in_school))
        )
    }
    item_reasons: dict[int, str] = {}
    if batch is not None and batch.state == SubmissionState.RETURNED.value:
        # The reasons of the latest return, per item.
        for item_id, reason in connection.execute(
            select(SubmissionEvent.evidence_item_id, SubmissionEvent.reason)
            .where(
                SubmissionEvent.submission_id == batch.id,
                SubmissionEvent.evidence_item_id.is_not(None),
                SubmissionEvent.to_state == SubmissionState.RETURNED.value,
            )
            .order_by(SubmissionEvent.id)
        ):
            if item_id is not None:
                item_reasons[item_id] = reason or ""

    items_of: dict[int, list[GridItem]] = defaultdict(list)
    for iid, sid, code, name, kind, minutes, grade, assessor, scored_at, has in items:
        items_of[sid].append(
            GridItem(
                iid,
                code,
                name or code,
                kind,
                minutes,
                Grade(grade) if grade else None,
                assessor,
                scored_at,
                bool(has),
                item_reasons.get(iid),
            )
        )
    points_of: dict[int, list[GridPoint]] = defaultdict(list)
    for sid, tid, code, name, dimension, grade in selections:
        points_of[tid].append(
            GridPoint(
                sid,
                code,
                name,
                dimension,
                Grade(grade) if grade else None,
                tuple(items_of.get(sid, ())),
            )
        )

    batch_state = batch.state if batch is not None else SubmissionState.DRAFT.value
    sheet = _Sheet(school=school, cycle=cycle, batch=batch)
    for tid, name, number, subject in teachers:
        points = tuple(points_of.get(tid, ()))
        state, reason = results.get(tid, (None, None))
        review = ReviewState(state) if state else None
        lock = _lock_reason(batch_state, review)
        problems: tuple[str, ...] = ()
        if points:
            problems = tuple(p.message for p in context.check([p.code for p in points]).problems)
        else:
            problems = ("尚未选择能力点",)
        sheet.rows.append(
            GridRow(
                tid,
                name,
                number,
                subject,
                points,
                teacher_result([p.grade for p in points], min_points=min_points),
                review,
                lock is not None,
                lock,
                reason if review in (ReviewState.RETURNED, ReviewState.HELD) else None,
                problems,
            )
        )
    return sheet


def _lock_reason(batch_state: str, review: ReviewState | None) -> str | None:
    """Why a teacher's data cannot change now, or None when it can."""
    if review is ReviewState.APPROVED:
        return "考核结果已审核通过并锁定，如需更正请联系区县解锁（需说明理由）。"
    if batch_state == SubmissionState.SUBMITTED.value:
        return "本校考核批次已提交区县审核，审核完成或退回前不能修改。"
    if batch_state == SubmissionState.APPROVED.value:
        return "本校考核批次已审核通过并锁定，如需更正请联系区县解锁（需说明理由）。"
    return None


def names_list(names: Sequence[str]) -> str:
    """张三、李四 … 等 12 人 (a few names, then the count)."""
    shown = "、".join(names[:_NAMES_SHOWN])
    return shown if len(names) <= _NAMES_SHOWN else f"{shown} 等 {len(names)} 人"


def add_event(
    session: Session,
    batch: Submission,
    *,
    old: str | None,
    new: str,
    actor: str,
    reason: str | None = None,
    teacher_id: int | None = None,
    item_id: int | None = None,
) -> None:
    """Record a transition (or a reason for a teacher or item) in the batch's history."""
    session.add(
        SubmissionEvent(
            submission_id=batch.id,
            from_state=old,
            to_state=new,
            actor=actor,
            at=utcnow(),
            reason=reason,
            teacher_id=teacher_id,
            evidence_item_id=item_id,
        )
    )


def clean_reason(value: object, *, what: str) -> str:
    """A reason the user must give (退回理由, 解锁理由): not empty, not too long."""
    text = normalize_prose(value, multiline=True)
    if not text:
        raise ValidationError(f"请填写{what}。", code="review.reason", field="reason")
    if len(text) > 1000:
        raise ValidationError(
            f"{what}过长（{len(text)} 字），请控制在 1000 字以内。",
            code="review.reason",
            field="reason",
        )
    return text


# ---------------------------------------------------------------- the service


class AssessmentService:
    """The school's side of 校本应用考核."""

    def __init__(self, context: ServiceContext, evidence_dir: Path) -> None:
        self._context = context
        self._evidence_dir = evidence_dir

    # ------------------------------------------------------------ plan

    def cycle(self) -> int:
        """The current assessment cycle (考核年度)."""
        with self._context.read() as session:
            return current_cycle(session)

    def plan(self, school_id: int) -> SchoolPlanRecord:
        """The school's plan of the cycle (defaults from the school record when not saved)."""
        with self._context.read() as session:
            return self._plan_record(session, get_school(session, school_id))

    def _plan_record(self, session: Session, school: School) -> SchoolPlanRecord:
        cycle = current_cycle(session)
        plan = session.scalars(
            select(SchoolPlan).where(SchoolPlan.school_id == school.id, SchoolPlan.cycle == cycle)
        ).one_or_none()
        if plan is None:
            return SchoolPlanRecord(
                school_id=school.id,
                school_code=school.code,
                school_name=school.name,
                cycle=cycle,
                saved=False,
                environments=tuple(e.value for e in parse_environments(school.environments)),
                points=(),
                plan_title=None,
                plan_date=None,
                plan_file_ref=None,
                rules_title=None,
                rules_date=None,
                rules_file_ref=None,
                approval_state=PlanApproval.PENDING,
                approval_note=None,
                approved_by=None,
                approved_at=None,
                version=0,
            )
        points = tuple(
            PlanPoint(code, name, environment, dimension, required)
            for code, name, environment, dimension, required in session.execute(
                select(
                    AbilityPoint.code,
                    AbilityPoint.name,
                    AbilityPoint.environment,
                    AbilityPoint.dimension,
                    SchoolPlanPoint.required,
                )
                .join(AbilityPoint, AbilityPoint.id == SchoolPlanPoint.point_id)
                .where(SchoolPlanPoint.plan_id == plan.id)
                .order_by(AbilityPoint.id)
            )
        )
        return SchoolPlanRecord(
            school.id,
            school.code,
            school.name,
            cycle,
            True,
            tuple(e.value for e in parse_environments(plan.environments)),
            points,
            plan.plan_title,
            plan.plan_date,
            plan.plan_file_ref,
            plan.rules_title,
            plan.rules_date,
            plan.rules_file_ref,
            PlanApproval(plan.approval_state),
            plan.approval_note,
            plan.approved_by,
            plan.approved_at,
            plan.version,
        )

    def save_plan(self, school_id: int, fields: Mapping[str, object]) -> SchoolPlanRecord:
        """Save the school's plan: environments, points (code, required), 方案 and 细则.

        ``fields``: ``environments`` ("A,B" or a sequence), ``points`` (pairs of code and
        required), ``plan_title``/``plan_date``/``plan_file_ref``, the same for ``rules_``,
        and ``version`` (the one read, to refuse a stale save).  A changed plan that the county
        had approved goes back to 待审批.
        """
        self._context.require(SCHOOL_ROLES, "修改学校的校本研修方案")
        self._context.require_school(school_id, "修改学校的校本研修方案")
        raw_env = fields.get("environments")
        environments = parse_environments(
            ",".join(str(e) for e in raw_env) if isinstance(raw_env, list | tuple) else raw_env
        )
        texts = {
            key: _limited(fields.get(key), key=key, limit=_TITLE_LIMIT)
            for key in ("plan_title", "plan_file_ref", "rules_title", "rules_file_ref")
        }
        dates = {key: parse_date(fields.get(key), field=key) for key in ("plan_date", "rules_date")}
        with self._context.unit_of_work() as session:
            school = get_school(session, school_id)
            cycle = current_cycle(session)
            rule = workspace_preset(session).points
            if not environments:
                raise ValidationError(
                    "请至少选择一种信息化教学环境（多媒体教学环境、混合学习环境、智慧学习环境）。",
                    code="plan.environments",
                    field="environments",
                )
            outside = [e for e in environments if e not in rule.allowed_environments]
            if outside:
                raise ValidationError(
                    f"本地规则不允许选择{'、'.join(e.label for e in outside)}。",
                    code="plan.environments",
                    field="environments",
                )
            catalogue = workspace_catalogue(session)
            chosen: dict[str, bool] = {}
            for code, required in _plan_points(fields.get("points")):
                point = catalogue.point(code)
                if point.environment not in environments:
                    raise ValidationError(
                        f"{point.label} 属于{point.environment.label}，不在本校选定的环境中，"
                        "不能列入方案。",
                        code="plan.point_environment",
                        field="points",
                        value=point.code,
                    )
                chosen[point.code] = bool(required)
            point_ids = catalogue_point_ids(session)
            plan = session.scalars(
                select(SchoolPlan).where(
                    SchoolPlan.school_id == school_id, SchoolPlan.cycle == cycle
                )
            ).one_or_none()
            version = fields.get("version")
            if plan is None:
                plan = SchoolPlan(school_id=school_id, cycle=cycle, environments="")
                session.add(plan)
            elif version not in (None, 0) and version != plan.version:
                raise stale_error()
            env_text = ",".join(e.value for e in environments)
            before = (
                plan.environments,
                plan.plan_title,
                plan.plan_date,
                plan.rules_title,
                plan.rules_date,
                plan.plan_file_ref,
                plan.rules_file_ref,
            )
            plan.environments = env_text
            plan.plan_title = texts["plan_title"]
            plan.plan_file_ref = texts["plan_file_ref"]
            plan.rules_title = texts["rules_title"]
            plan.rules_file_ref = texts["rules_file_ref"]
            plan.plan_date = dates["plan_date"]
            plan.rules_date = dates["rules_date"]
            session.flush()
            existing = {
                point_id: row
                for point_id, row in (
                    (r.point_id, r)
                    for r in session.scalars(
                        select(SchoolPlanPoint).where(SchoolPlanPoint.plan_id == plan.id)
                    )
                )
            }
            wanted = {point_ids[code]: required for code, required in chosen.items()}
            changed = False
            for point_id, row in existing.items():
                if point_id not in wanted:
                    session.delete(row)
                    changed = True
                elif row.required != wanted[point_id]:
                    row.required = wanted[point_id]
                    changed = True
            for point_id, required in wanted.items():
                if point_id not in existing:
                    session.add(
                        SchoolPlanPoint(plan_id=plan.id, point_id=point_id, required=required)
                    )
                    changed = True
            after = (
                plan.environments,
                plan.plan_title,
                plan.plan_date,
                plan.rules_title,
                plan.rules_date,
                plan.plan_file_ref,
                plan.rules_file_ref,
            )
            if plan.approval_state != PlanApproval.PENDING.value and (changed or before != after):
                # Approved or returned: the county looks at the changed plan again.
                plan.approval_state = PlanApproval.PENDING.value
                plan.approval_note = "方案修改后待区县重新审批。"
            session.flush()
            return self._plan_record(session, school)

    def decide_plan(
        self, school_id: int, *, approve: bool, note: object = None, version: int | None = None
    ) -> SchoolPlanRecord:
        """The county approves the school's plan, or returns it with a note (required)."""
        self._context.require(REVIEW_ROLES, "审批学校的校本研修方案")
        text = normalize_prose(note, multiline=True) or None
        if not approve:
            text = clean_reason(note, what="退回方案的理由")
        with self._context.unit_of_work() as session:
            school = get_school(session, school_id)
            cycle = current_cycle(session)
            plan = session.scalars(
                select(SchoolPlan).where(
                    SchoolPlan.school_id == school_id, SchoolPlan.cycle == cycle
                )
            ).one_or_none()
            if plan is None or not plan.plan_title:
                raise ValidationError(
                    f"{school.name}尚未填写{cycle}年度的校本研修方案，无法审批。",
                    code="plan.missing",
                )
            if version is not None and version != plan.version:
                raise stale_error()  # the school changed the plan after it was read
            plan.approval_state = (
                PlanApproval.APPROVED if approve else PlanApproval.RETURNED
            ).value
            plan.approval_note = text
            plan.approved_by = self._context.actor.username
            plan.approved_at = utcnow()
            session.flush()
            return self._plan_record(session, school)

    # ------------------------------------------------------------ selections

    def selection_context(self, school_id: int) -> SelectionContext:
        """The catalogue, the rule and the school's environments, for checking as one picks."""
        with self._context.read() as session:
            return self._selection_context(session, get_school(session, school_id))

    def _selection_context(self, session: Session, school: School) -> SelectionContext:
        cycle = current_cycle(session)
        plan = self._plan_record(session, school)
        return SelectionContext(
            workspace_catalogue(session),
            workspace_preset(session).points,
            plan_environments(session, school, cycle),
            plan.points,
        )

    def set_selection(self, teacher_id: int, codes: Sequence[str]) -> GridRow:
        """Set the points a teacher chose this cycle (checked against the rule).

        Points kept keep their evidence and grades; points dropped lose theirs; new points get
        one empty evidence item per item the catalogue requires.
        """
        self._context.require(SCHOOL_ROLES, "为教师选择能力点")
        with self._context.unit_of_work() as session:
            teacher = self._teacher(session, teacher_id)
            self._context.require_school(teacher.school_id, "为教师选择能力点")
            school = get_school(session, teacher.school_id)
            cycle = current_cycle(session)
            context = self._selection_context(session, school)
            checked = context.check(codes)
            if not checked.ok:
                raise ValidationError(
                    f"{teacher.name}的选点不符合要求："
                    + "；".join(p.message for p in checked.problems),
                    code=checked.problems[0].code,
                    field="points",
                    details={"problems": [p.message for p in checked.problems]},
                )
            batch = self._open_batch(session, school, cycle)
            self._guard_teacher(session, teacher, cycle)
            point_rows = catalogue_point_ids(session)
            existing = {
                s.point_id: s
                for s in session.scalars(
                    select(PointSelection).where(
                        PointSelection.teacher_id == teacher_id, PointSelection.cycle == cycle
                    )
                )
            }
            wanted = {point_rows[p.code]: p for p in checked.points}
            dropped = [s for pid, s in existing.items() if pid not in wanted]
            if dropped:
                self.drop_selections(session, [s.id for s in dropped])
            _add_selections(
                session,
                teacher_id,
                cycle,
                batch,
                [(pid, p) for pid, p in wanted.items() if pid not in existing],
            )
            return self._row(session, school, cycle, teacher_id)

    @staticmethod
    def drop_selections(session: Session, ids: Sequence[int]) -> None:
        """Delete selections with their evidence items, grades and item reasons."""
        sampled = session.scalar(
            select(SamplingCheck.id).where(SamplingCheck.selection_id.in_(ids)).limit(1)
        )
        if sampled is not None:
            raise ValidationError(
                "该能力点已被区县抽样复核，不能删除。", code="selection.sampled", field="points"
            )
        item_ids = select(EvidenceItem.id).where(EvidenceItem.selection_id.in_(ids))
        session.execute(
            delete(SubmissionEvent).where(SubmissionEvent.evidence_item_id.in_(item_ids))
        )
        for score in session.scalars(select(Score).where(Score.evidence_item_id.in_(item_ids))):
            session.delete(score)
        for item in session.scalars(select(EvidenceItem).where(EvidenceItem.selection_id.in_(ids))):
            session.delete(item)
        session.flush()
        for selection in session.scalars(select(PointSelection).where(PointSelection.id.in_(ids))):
            session.delete(selection)
        session.flush()

    # ------------------------------------------------------------ the grid

    def grid(self, school_id: int) -> ScoreGrid:
        """The score entry grid of one school (teachers × chosen points × evidence items)."""
        with self._context.read() as session:
            school = get_school(session, school_id)
            cycle = current_cycle(session)
            preset = workspace_preset(session)
            context = self._selection_context(session, school)
            sheet = load_sheet(
                session, school_id, cycle, min_points=preset.points.min_points, context=context
            )
            plan = self._plan_record(session, school)
            return ScoreGrid(
                batch_record(session, school, cycle),
                plan.approval_state is PlanApproval.APPROVED,
                preset.points.min_points,
                tuple(sheet.rows),
            )

    def _row(self, session: Session, school: School, cycle: int, teacher_id: int) -> GridRow:
        preset = workspace_preset(session)
        context = self._selection_context(session, school)
        sheet = load_sheet(
            session,
            school.id,
            cycle,
            min_points=preset.points.min_points,
            context=context,
            teacher_id=teacher_id,
        )
        return sheet.rows[0]

    def set_score(self, item_id: int, grade: object, *, assessor: str) -> CellUpdate:
        """Grade one evidence item (优秀/合格/不合格, 1/2/3, Y/H/B; empty clears it)."""
        return self.set_scores([(item_id, grade)], assessor=assessor)[0]

    def set_scores(
        self, entries: Sequence[tuple[int, object]], *, assessor: str
    ) -> list[CellUpdate]:
        """Grade several items at once (a pasted block): all saved, or none when one is wrong.

        An invalid grade raises ValidationError ``grade.invalid`` with ``details["cells"]``:
        ``(item_id, value, message)`` for every bad cell, so the grid can mark them all.
        """
        self._context.require(SCHOOL_ROLES, "录入考核成绩")
        who = normalize_text(assessor)
        if not who:
            raise ValidationError("请先填写评分人（考核小组成员姓名）。", code="score.assessor")
        if len(who) > 64:
            raise ValidationError("评分人姓名过长，请控制在 64 字以内。", code="score.assessor")
        grades: dict[int, Grade | None] = {}
        bad: list[tuple[int, object, str]] = []
        for item_id, raw in entries:
            try:
                grades[item_id] = parse_grade(raw)
            except ValidationError as exc:
                bad.append((item_id, raw, exc.message))
        if bad:
            first = bad[0][2]
            message = (
                f"共 {len(bad)} 个单元格的等级有误，没有保存任何成绩。第一个错误：{first}"
                if len(bad) > 1
                else f"{first}成绩没有保存。"
            )
            raise ValidationError(
                message,
                code="grade.invalid",
                field="grade",
                details={"cells": bad},
            )
        if not grades:
            return []
        with self._context.unit_of_work() as session:
            cycle = current_cycle(session)
            rows = session.execute(
                select(EvidenceItem.id, EvidenceItem.selection_id, PointSelection.teacher_id)
                .join(PointSelection, PointSelection.id == EvidenceItem.selection_id)
                .where(EvidenceItem.id.in_(grades))
            ).all()
            if len(rows) != len(grades):
                raise NotFoundError(
                    "要评分的证据材料不存在（可能已删除能力点），请刷新后重试。",
                    code="score.item_missing",
                )
            teacher_ids = {tid for _iid, _sid, tid in rows}
            for teacher in session.scalars(select(Teacher).where(Teacher.id.in_(teacher_ids))):
                self._context.require_school(teacher.school_id, "录入考核成绩")
                self._guard_teacher(session, teacher, cycle)
            return _write_scores(session, grades, who=who, cycle=cycle, rows=rows)

    # ------------------------------------------------------------ score sheets

    def apply_sheet(
        self,
        school_id: int,
        entries: Sequence[SheetEntry],
        *,
        assessor: str,
        dry_run: bool = False,
        source: Path | None = None,
    ) -> SheetOutcome:
        """Apply a score sheet for one school in one transaction: all of it, or nothing.

        Points in the sheet are added to each teacher's selection (never removed: a sheet
        that omits a point does not delete its grades); the selection with them must meet the
        rule.  Every row is checked — teacher of this school, not locked, point and item in
        the catalogue — and when any row has a problem nothing is written and the outcome
        lists them all.  ``dry_run`` checks and counts without writing.  ``source`` is the
        file the sheet came from: the import is then recorded in the audit log.
        """
        self._context.require(SCHOOL_ROLES, "导入考核成绩")
        self._context.require_school(school_id, "导入考核成绩")
        who = normalize_text(assessor) or self._context.actor.username
        outcome: SheetOutcome | None = None
        try:
            with self._context.unit_of_work() as session:
                outcome = self.apply_sheet_in(session, school_id, entries, who=who)
                if outcome.problems or dry_run:
                    raise _DryRun
                if source is not None:
                    record_import(
                        session,
                        entity="scores",
                        what="考核成绩",
                        path=source,
                        counts=f"教师 {outcome.teachers} 名，评定 {outcome.grades_set} 项，"
                        f"清除 {outcome.grades_cleared} 项，未变 {outcome.unchanged} 项",
                        school_id=school_id,
                    )
        except _DryRun:
            assert outcome is not None
            return outcome
        assert outcome is not None
        return SheetOutcome(
            outcome.teachers,
            outcome.points_added,
            outcome.grades_set,
            outcome.grades_cleared,
            outcome.unchanged,
            written=True,
        )

    def apply_sheet_in(
        self, session: Session, school_id: int, entries: Sequence[SheetEntry], *, who: str
    ) -> SheetOutcome:
        """:meth:`apply_sheet` inside the caller's unit of work (no role check, no rollback)."""
        school = get_school(session, school_id)
        cycle = current_cycle(session)
        context = self._selection_context(session, school)
        catalogue = context.catalogue
        problems: list[tuple[int, str]] = []
        numbers = {e.id_number for e in entries}
        teachers = {
            t.id_number: t
            for t in session.scalars(select(Teacher).where(Teacher.id_number.in_(numbers)))
        }
        other_schools = {
            sid: name
            for sid, name in session.execute(
                select(School.id, School.name).where(
                    School.id.in_({t.school_id for t in teachers.values()})
                )
            ).all()
        }
        rows_of: dict[int, list[int]] = defaultdict(list)
        for index, entry in enumerate(entries):
            teacher = teachers.get(entry.id_number)
            if teacher is None:
                problems.append((index, "该身份证号不在教师花名册中，请先登记该教师。"))
                continue
            if teacher.school_id != school_id:
                problems.append(
                    (
                        index,
                        f"{teacher.name}属于{other_schools.get(teacher.school_id, '其他学校')}，"
                        f"不是{school.name}的教师，不能导入到本校。",
                    )
                )
                continue
            if teacher.status != TeacherStatus.ACTIVE.value:
                problems.append((index, f"{teacher.name}已停用，不能录入考核成绩。"))
                continue
            point = catalogue.find(entry.point_code)
            if point is None:
                problems.append(
                    (index, f"“{entry.point_code}”不是能力点目录中的编号（如 A1、B3、C5）。")
                )
                continue
            if entry.spec_code not in {spec.code for spec in point.evidence}:
                spec_codes = "、".join(spec.code for spec in point.evidence)
                problems.append(
                    (
                        index,
                        f"材料编号“{entry.spec_code}”不属于能力点 {point.code}"
                        f"（该能力点的材料为 {spec_codes}）。",
                    )
                )
                continue
            rows_of[teacher.id].append(index)
        by_id = {t.id: t for t in teachers.values()}
        existing: dict[int, dict[str, int]] = defaultdict(dict)
        for tid, code, sid in session.execute(
            select(PointSelection.teacher_id, AbilityPoint.code, PointSelection.id)
            .join(AbilityPoint, AbilityPoint.id == PointSelection.point_id)
            .where(PointSelection.cycle == cycle, PointSelection.teacher_id.in_(rows_of))
        ).all():
            existing[tid][code] = sid
        for tid, indexes in rows_of.items():
            teacher = by_id[tid]
            try:
                self._guard_teacher(session, teacher, cycle)
            except ValidationError as exc:
                problems.extend((i, exc.message) for i in indexes)
                continue
            codes = [
                *existing[tid],
                *(normalize_point_code(entries[i].point_code) for i in indexes),
            ]
            checked = context.check(list(dict.fromkeys(codes)))
            if not checked.ok:
                message = "选点不符合要求：" + "；".join(p.message for p in checked.problems)
                problems.extend((i, message) for i in indexes)
        if problems:
            return SheetOutcome(len(rows_of), 0, 0, 0, 0, tuple(sorted(problems)))

        batch = self._open_batch(session, school, cycle)
        point_ids = catalogue_point_ids(session)
        added = 0
        for tid, indexes in rows_of.items():
            new_codes = dict.fromkeys(
                normalize_point_code(entries[i].point_code)
                for i in indexes
                if normalize_point_code(entries[i].point_code) not in existing[tid]
            )
            created = _add_selections(
                session,
                tid,
                cycle,
                batch,
                [(point_ids[code], catalogue.point(code)) for code in new_codes],
            )
            existing[tid].update(created)
            added += len(created)
        items = {
            (sid, code): item
            for item in session.scalars(
                select(EvidenceItem).where(
                    EvidenceItem.selection_id.in_(
                        [sid for codes in existing.values() for sid in codes.values()]
                    )
                )
            )
            for sid, code in [(item.selection_id, item.spec_code)]
        }
        current = {
            item_id: grade
            for item_id, grade in session.execute(
                select(Score.evidence_item_id, Score.grade).where(
                    Score.evidence_item_id.in_([i.id for i in items.values()])
                )
            ).all()
        }
        grades: dict[int, Grade | None] = {}
        by_assessor: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
        unchanged = 0
        for tid, indexes in rows_of.items():
            for index in indexes:
                entry = entries[index]
                sid = existing[tid][normalize_point_code(entry.point_code)]
                item = items[(sid, entry.spec_code)]
                if entry.evidence and not item.file_sha256 and item.external_ref != entry.evidence:
                    item.external_ref = entry.evidence
                old = current.get(item.id)
                if (entry.grade.value if entry.grade else None) == old:
                    unchanged += 1
                    continue
                grades[item.id] = entry.grade
                by_assessor[entry.assessor or who].append((item.id, sid, tid))
        session.flush()
        for assessor, rows in by_assessor.items():
            _write_scores(
                session,
                {row[0]: grades[row[0]] for row in rows},
                who=assessor,
                cycle=cycle,
                rows=rows,
            )
        set_count = sum(g is not None for g in grades.values())
        return SheetOutcome(len(rows_of), added, set_count, len(grades) - set_count, unchanged)

    # ------------------------------------------------------------ evidence

    def evidence_limit_mb(self) -> int:
        """The largest evidence file accepted, in MB."""
        with self._context.read() as session:
            return session.scalar(select(WorkspaceRow.evidence_max_mb)) or DEFAULT_MAX_MB

    def set_evidence_limit_mb(self, value: object) -> int:
        """Change the evidence size limit (administrator)."""
        self._context.require(ADMIN_ROLES, "修改证据材料大小上限")
        try:
            mb = int(str(value).strip())
        except ValueError:
            mb = 0
        if not 1 <= mb <= 4096:
            raise ValidationError(
                f"证据材料大小上限“{value}”无效，请填写 1 到 4096 之间的整数（单位 MB）。",
                code="evidence.limit",
                field="evidence_max_mb",
                value=value,
            )
        with self._context.unit_of_work() as session:
            session.scalars(select(WorkspaceRow)).one().evidence_max_mb = mb
        return mb

    def evidence(self, teacher_id: int) -> list[EvidenceRecord]:
        """The evidence items of a teacher's chosen points this cycle."""
        with self._context.read() as session:
            self._teacher(session, teacher_id)
            cycle = current_cycle(session)
            rows = session.execute(
                select(EvidenceItem, AbilityPoint.code, AbilityPoint.name, EvidenceSpecRow)
                .join(PointSelection, PointSelection.id == EvidenceItem.selection_id)
                .join(AbilityPoint, AbilityPoint.id == PointSelection.point_id)
                .outerjoin(
                    EvidenceSpecRow,
                    and_(
                        EvidenceSpecRow.point_id == PointSelection.point_id,
                        EvidenceSpecRow.code == EvidenceItem.spec_code,
                    ),
                )
                .where(PointSelection.teacher_id == teacher_id, PointSelection.cycle == cycle)
                .order_by(AbilityPoint.id, EvidenceSpecRow.sort_order)
            ).all()
            return [_evidence_record(item, code, name, spec) for item, code, name, spec in rows]

    def update_evidence(
        self,
        item_id: int,
        *,
        title: object = None,
        external_ref: object = None,
        file: Path | None = None,
        remove_file: bool = False,
        progress: Progress = no_progress,
        cancel: CancelToken | None = None,
    ) -> EvidenceRecord:
        """Describe an evidence item; attach a file (copied under its SHA-256) or a reference.

        Copying a large video reports ``progress`` and stops at ``cancel`` (nothing is kept).
        """
        self._context.require(SCHOOL_ROLES, "修改证据材料")
        title_text = _limited(title, key="title", limit=_TITLE_LIMIT)
        ref_text = _limited(external_ref, key="external_ref", limit=_REF_LIMIT)
        stored: tuple[str, str, int] | None = None
        if file is not None:
            with self._context.read() as session:
                item = session.get(EvidenceItem, item_id)
                if item is None:
                    raise NotFoundError("该证据材料不存在，请刷新后重试。", code="evidence.missing")
                kind = item.kind
                limit = session.scalar(select(WorkspaceRow.evidence_max_mb)) or DEFAULT_MAX_MB
            stored = self._store_file(
                file, kind=kind, max_mb=limit, progress=progress, cancel=cancel
            )
        with self._context.unit_of_work() as session:
            item = session.get(EvidenceItem, item_id)
            if item is None:
                raise NotFoundError("该证据材料不存在，请刷新后重试。", code="evidence.missing")
            selection = session.get_one(PointSelection, item.selection_id)
            teacher = self._teacher(session, selection.teacher_id)
            self._context.require_school(teacher.school_id, "修改证据材料")
            self._guard_teacher(session, teacher, selection.cycle)
            item.title = title_text
            item.external_ref = ref_text
            if stored is not None:
                item.file_sha256, item.file_name, item.file_size = stored
            elif remove_file:
                item.file_sha256 = item.file_name = None
                item.file_size = None
            session.flush()
            point = session.get_one(AbilityPoint, selection.point_id)
            spec = session.scalars(
                select(EvidenceSpecRow).where(
                    EvidenceSpecRow.point_id == point.id, EvidenceSpecRow.code == item.spec_code
                )
            ).one_or_none()
            return _evidence_record(item, point.code, point.name, spec)

    def lock_reason(self, teacher_id: int) -> str | None:
        """Why the teacher's selection, evidence and grades cannot change now (None: they can)."""
        with self._context.read() as session:
            teacher = self._teacher(session, teacher_id)
            try:
                self._guard_teacher(session, teacher, current_cycle(session))
            except ValidationError as exc:
                return exc.message
            return None

    def evidence_path(self, item_id: int) -> Path | None:
        """Where the item's stored file is (named by its SHA-256, without extension), or None."""
        with self._context.read() as session:
            item = session.get(EvidenceItem, item_id)
            if item is None or not item.file_sha256:
                return None
            return self._blob_path(item.file_sha256)

    def _blob_path(self, sha256: str) -> Path:
        # The digest may come from a package's rows: only a real one names a file in the store.
        if len(sha256) != 64 or sha256.strip("0123456789abcdef"):
            raise ValidationError(
                "证据材料记录中的文件校验值无效（不是 SHA-256），无法找到对应的文件。"
                "请让学校重新上传该证据材料。",
                code="evidence.bad_digest",
                value=sha256[:80],
            )
        return self._evidence_dir / sha256[:2] / sha256

    def blob(self, sha256: str) -> bytes | None:
        """An evidence file's bytes from the store, if it is there."""
        try:
            return self._blob_path(sha256).read_bytes()
        except OSError:
            return None

    def store_blob(self, sha256: str, data: bytes) -> None:
        """Put a file that came in a package into the store, under its (checked) SHA-256."""
        self._context.require(WRITE_ROLES, "保存证据材料文件")
        if hashlib.sha256(data).hexdigest() != sha256:
            raise ValidationError(
                "数据包中的证据材料文件与其校验值不符，已拒绝。", code="evidence.hash"
            )
        target = self._blob_path(sha256)
        if target.exists():
            return
        target.parent.mkdir(parents=True, exist_ok=True)

        def write(temp: Path) -> None:
            temp.write_bytes(data)

        atomic_write(target, write)

    def _store_file(
        self,
        path: Path,
        *,
        kind: str,
        max_mb: int,
        progress: Progress = no_progress,
        cancel: CancelToken | None = None,
    ) -> tuple[str, str, int]:
        """Check and copy a file into the evidence folder; returns (sha256, name, size)."""
        try:
            size = path.stat().st_size
            with path.open("rb") as handle:
                head = handle.read(8)
        except OSError as exc:
            raise ValidationError(
                f"无法读取文件“{path}”（{exc.strerror or exc}），请确认文件存在且未被占用。",
                code="evidence.unreadable",
                field="file",
                value=str(path),
            ) from exc
        if not path.is_file():
            raise ValidationError(
                f"“{path}”不是文件，请选择一个证据材料文件。", code="evidence.unreadable"
            )
        check_evidence_file(path.name, size=size, head=head, kind=kind, max_mb=max_mb)
        self._evidence_dir.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        handle_out, temp_name = tempfile.mkstemp(prefix=".incoming-", dir=self._evidence_dir)
        message = f"正在复制“{path.name}”……"
        done = 0
        try:
            with os.fdopen(handle_out, "wb") as out, path.open("rb") as source:
                while chunk := source.read(1024 * 1024):
                    if cancel is not None:
                        cancel.check()
                    digest.update(chunk)
                    out.write(chunk)
                    done += len(chunk)
                    progress(done, size, message)
                out.flush()
                os.fsync(out.fileno())
            sha = digest.hexdigest()
            target = self._blob_path(sha)
            target.parent.mkdir(parents=True, exist_ok=True)
            if target.exists():
                os.unlink(temp_name)
            else:
                os.replace(temp_name, target)
        except Cancelled:
            Path(temp_name).unlink(missing_ok=True)
            raise
        except OSError as exc:
            Path(temp_name).unlink(missing_ok=True)
            raise ValidationError(
                f"复制文件“{path.name}”到证据材料文件夹失败（{exc.strerror or exc}），"
                "请检查磁盘空间后重试。",
                code="evidence.copy",
                field="file",
                value=str(path),
            ) from exc
        return sha, path.name[:_TITLE_LIMIT], size

    # ------------------------------------------------------------ the batch

    def batch(self, school_id: int) -> BatchRecord:
        """The school's batch of the cycle and its history."""
        with self._context.read() as session:
            school = get_school(session, school_id)
            return batch_record(session, school, current_cycle(session))

    def submit(self, school_id: int) -> BatchRecord:
        """Send the school's batch to the county (every active teacher complete and valid)."""
        self._context.require(SCHOOL_ROLES, "提交考核结果")
        self._context.require_school(school_id, "提交考核结果")
        with self._context.unit_of_work() as session:
            school = get_school(session, school_id)
            cycle = current_cycle(session)
            batch = find_batch(session, school_id, cycle)
            if batch is not None and batch.state == SubmissionState.SUBMITTED.value:
                raise ValidationError(
                    f"{school.name}的考核批次已提交，正在等待区县审核，不能重复提交。",
                    code="batch.already_submitted",
                )
            if batch is not None and batch.state == SubmissionState.APPROVED.value:
                raise ValidationError(
                    f"{school.name}的考核批次已审核通过，不能再次提交。",
                    code="batch.already_approved",
                )
            plan = self._plan_record(session, school)
            if plan.approval_state is not PlanApproval.APPROVED:
                raise ValidationError(
                    f"{school.name}的校本研修方案和考核细则尚未经区县批准"
                    f"（当前：{plan.approval_state.label}），批准后才能提交考核结果。",
                    code="batch.plan_not_approved",
                )
            preset = workspace_preset(session)
            context = self._selection_context(session, school)
            sheet = load_sheet(
                session, school_id, cycle, min_points=preset.points.min_points, context=context
            )
            if not sheet.rows:
                raise ValidationError(
                    f"{school.name}没有在职教师，无需提交考核结果。", code="batch.empty"
                )
            pending = [r for r in sheet.rows if not r.locked or r.review_state is not None]
            no_points = [r.name for r in pending if not r.points]
            invalid = [r.name for r in pending if r.points and r.problems]
            ungraded = [r.name for r in pending if r.points and not r.problems and r.ungraded]
            problems = []
            if no_points:
                problems.append(f"未选择能力点：{names_list(no_points)}")
            if invalid:
                problems.append(f"选点不符合要求：{names_list(invalid)}")
            if ungraded:
                problems.append(f"还有证据材料未评分：{names_list(ungraded)}")
            if problems:
                raise ValidationError(
                    f"{school.name}还不能提交：" + "；".join(problems) + "。请补全后再提交。",
                    code="batch.incomplete",
                    details={"no_points": no_points, "invalid": invalid, "ungraded": ungraded},
                )
            batch = self._open_batch(session, school, cycle)
            old = batch.state
            batch.state = SubmissionState.SUBMITTED.value
            batch.submitted_at = utcnow()
            batch.submitted_by = self._context.actor.username
            batch.return_reason = None
            add_event(session, batch, old=old, new=batch.state, actor=self._context.actor.username)
            results = {
                r.teacher_id: r
                for r in session.scalars(
                    select(AssessmentResult).where(
                        AssessmentResult.cycle == cycle,
                        AssessmentResult.teacher_id.in_([row.teacher_id for row in sheet.rows]),
                    )
                )
            }
            for row in sheet.rows:
                result = results.get(row.teacher_id)
                if result is None:
                    session.add(
                        AssessmentResult(
                            teacher_id=row.teacher_id,
                            cycle=cycle,
                            submission_id=batch.id,
                            state=ReviewState.PENDING.value,
                        )
                    )
                elif result.state != ReviewState.APPROVED.value:
                    result.state = ReviewState.PENDING.value
                    result.submission_id = batch.id
                    result.reason = None
            session.flush()
            return batch_record(session, school, cycle)

    # ------------------------------------------------------------ guards

    @staticmethod
    def _teacher(session: Session, teacher_id: int) -> Teacher:
        teacher = session.get(Teacher, teacher_id)
        if teacher is None:
            raise NotFoundError(
                "找不到该教师，可能已被删除。请刷新后重试。", code="teacher.missing"
            )
        return teacher

    def _open_batch(self, session: Session, school: School, cycle: int) -> Submission:
        """The school's batch, created as a draft; refused when it is not open for changes."""
        batch = find_batch(session, school.id, cycle)
        if batch is None:
            batch = Submission(school_id=school.id, cycle=cycle, state=SubmissionState.DRAFT.value)
            session.add(batch)
            session.flush()
        return batch

    def _guard_teacher(self, session: Session, teacher: Teacher, cycle: int) -> None:
        """Refuse changes to a teacher whose batch is with the county or whose result is locked."""
        batch = find_batch(session, teacher.school_id, cycle)
        state = batch.state if batch is not None else SubmissionState.DRAFT.value
        review = session.scalar(
            select(AssessmentResult.state).where(
                AssessmentResult.teacher_id == teacher.id, AssessmentResult.cycle == cycle
            )
        )
        reason = _lock_reason(state, ReviewState(review) if review else None)
        if reason is not None:
            code = (
                "assessment.locked"
                if review == ReviewState.APPROVED.value or state == SubmissionState.APPROVED.value
                else "assessment.submitted"
            )
            raise ValidationError(f"{teacher.name}：{reason}", code=code)


# ---------------------------------------------------------------- helpers


def _add_selections(
    session: Session,
    teacher_id: int,
    cycle: int,
    batch: Submission,
    points: Sequence[tuple[int, AbilityPointSpec]],
) -> dict[str, int]:
    """New selections with one empty evidence item per required item; ids by point code."""
    created: dict[str, int] = {}
    for point_id, point in points:
        selection = PointSelection(
            teacher_id=teacher_id, point_id=point_id, cycle=cycle, submission_id=batch.id
        )
        session.add(selection)
        session.flush()
        created[point.code] = selection.id
        for spec in point.evidence:
            session.add(
                EvidenceItem(selection_id=selection.id, spec_code=spec.code, kind=spec.kind)
            )
    session.flush()
    return created


def _write_scores(
    session: Session,
    grades: Mapping[int, Grade | None],
    *,
    who: str,
    cycle: int,
    rows: Sequence[tuple[int, int, int]],
) -> list[CellUpdate]:
    """Save grades (item id → grade, None clears); ``rows`` are (item, selection, teacher)."""
    teacher_ids = {tid for _iid, _sid, tid in rows}
    scores = {
        s.evidence_item_id: s
        for s in session.scalars(select(Score).where(Score.evidence_item_id.in_(grades)))
    }
    now = utcnow()
    for item_id, grade in grades.items():
        score = scores.get(item_id)
        if grade is None:
            if score is not None:
                session.delete(score)
        elif score is None:
            session.add(
                Score(evidence_item_id=item_id, grade=grade.value, assessor=who, scored_at=now)
            )
        elif score.grade != grade.value:
            score.grade = grade.value
            score.assessor = who
            score.scored_at = now
    session.flush()
    selection_ids = {sid for _iid, sid, _tid in rows}
    point_grades = _refresh_point_grades(session, selection_ids)
    preset = workspace_preset(session)
    results: dict[int, Grade | None] = {}
    by_teacher: dict[int, list[Grade | None]] = defaultdict(list)
    for tid, grade_text in session.execute(
        select(PointSelection.teacher_id, PointSelection.grade).where(
            PointSelection.teacher_id.in_(teacher_ids), PointSelection.cycle == cycle
        )
    ):
        by_teacher[tid].append(Grade(grade_text) if grade_text else None)
    for tid, point_list in by_teacher.items():
        results[tid] = teacher_result(point_list, min_points=preset.points.min_points)
    return [
        CellUpdate(iid, grades[iid], sid, point_grades[sid], tid, results.get(tid))
        for iid, sid, tid in rows
    ]


def _refresh_point_grades(session: Session, selection_ids: set[int]) -> dict[int, Grade | None]:
    """Recompute the grade of each point from its items (stored on the selection)."""
    items: dict[int, list[Grade | None]] = defaultdict(list)
    for sid, grade in session.execute(
        select(EvidenceItem.selection_id, Score.grade)
        .outerjoin(Score, Score.evidence_item_id == EvidenceItem.id)
        .where(EvidenceItem.selection_id.in_(selection_ids))
    ):
        items[sid].append(Grade(grade) if grade else None)
    out: dict[int, Grade | None] = {}
    for selection in session.scalars(
        select(PointSelection).where(PointSelection.id.in_(selection_ids))
    ):
        grade = aggregate_point_grade(items.get(selection.id, []))
        out[selection.id] = grade
        value = grade.value if grade else None
        if selection.grade != value:
            selection.grade = value
    session.flush()
    return out


def _limited(value: object, *, key: str, limit: int) -> str | None:
    text = normalize_prose(value)
    if not text:
        return None
    if len(text) > limit:
        raise ValidationError(
            f"内容过长（{len(text)} 字），请控制在 {limit} 字以内。",
            code="text.too_long",
            field=key,
            value=text[:40],
        )
    return text


def _plan_points(raw: object) -> list[tuple[str, bool]]:
    """Points of a plan: pairs (code, required), or plain codes (elective)."""
    if raw is None or raw == "":
        return []
    if isinstance(raw, str):
        return [
            (code, False)
            for code in raw.replace("，", ",").replace("、", ",").split(",")
            if code.strip()
        ]
    out: list[tuple[str, bool]] = []
    for entry in raw if isinstance(raw, list | tuple) else []:
        if isinstance(entry, str):
            out.append((entry, False))
        else:
            code, required = entry
            out.append((str(code), bool(required)))
    return out


def _evidence_record(
    item: EvidenceItem, code: str, name: str, spec: EvidenceSpecRow | None
) -> EvidenceRecord:
    return EvidenceRecord(
        item.id,
        code,
        name,
        item.spec_code,
        spec.name if spec else item.spec_code,
        item.kind,
        spec.max_minutes if spec else None,
        item.title,
        item.file_name,
        item.file_size,
        item.file_sha256,
        item.external_ref,
        item.version,
    )
