"""The county return (区县退回包): the county's decisions on a school's batch, back to the school.

Made by the county once it has decided a batch (returned, or approved): it carries the batch's
state and reason, each teacher's result (approved and locked, or returned with the reason),
the reasons given for single evidence items, and the selections as the county now holds them
(with their digests, the school's new bases).  The school takes it in: its copy becomes the
county's, returned teachers open for correction, approved ones locked; a resubmission follows.

Taking it in is refused when the school changed a record since it last exchanged it with the
county (those changes would be lost): the school must finish and submit them first.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from nlts_desktop.domain.enums import Role, SubmissionState, WorkspaceLevel
from nlts_desktop.domain.errors import ValidationError
from nlts_desktop.exchange.package import OpenedPackage, PackageContent, WrittenPackage
from nlts_desktop.services.assessment import (
    AssessmentService,
    add_event,
    current_cycle,
    find_batch,
    get_school,
)
from nlts_desktop.services.context import REVIEW_ROLES, ServiceContext
from nlts_desktop.services.intake import Changes, Inspection, Refusal
from nlts_desktop.services.keys import workspace_origin
from nlts_desktop.services.packages import PackageService
from nlts_desktop.services.school_kit import (
    BATCH_COLUMNS,
    RESULT_COLUMNS,
    bases,
    digests,
    key_parts,
    next_sequence,
    plain_row,
    selection_rows,
    set_bases,
    teacher_numbers,
    travelled_digests,
    typed_row,
)
from nlts_desktop.services.submissions import replace_selections
from nlts_desktop.storage.models import (
    AbilityPoint,
    AssessmentResult,
    EvidenceItem,
    PointSelection,
    School,
    Submission,
    SubmissionEvent,
    Teacher,
    WorkspaceRow,
)

KIND = "county_return"
_STATE_LABELS = {
    SubmissionState.RETURNED.value: "退回修改",
    SubmissionState.APPROVED.value: "审核通过",
}


class ReturnService:
    """Make a school's return package (the county's side)."""

    def __init__(self, context: ServiceContext, packages: PackageService) -> None:
        self._context = context
        self._packages = packages

    def make(self, school_id: int, out: Path) -> WrittenPackage:
        """Package the county's decisions on the school's batch; sealed to the school if known."""
        self._context.require(REVIEW_ROLES, "生成区县退回包")
        with self._context.read() as session:
            school = get_school(session, school_id)
            cycle = current_cycle(session)
            batch = find_batch(session, school.id, cycle)
            if batch is None or batch.state not in _STATE_LABELS:
                raise ValidationError(
                    f"{school.name}的考核批次还没有审核决定（退回或通过），没有可以发回学校的内容。",
                    code="return.undecided",
                )
            data = return_data(session, school, batch)
            content = PackageContent(
                kind=KIND,
                origin=workspace_origin(session),
                sequence=next_sequence(session),
                period=str(cycle),
                data=data,
                counts={
                    "teachers": len(data["results"]),
                    "returned": sum(r["state"] == "returned" for r in data["results"]),
                    "selections": len(data["selections"]),
                },
                recipient=school.code,
            )
        return self._packages.send(
            out, content, recipient_code=school.code, message=f"发回{school.name}"
        )


def return_data(session: Session, school: School, batch: Submission) -> dict[str, Any]:
    """The batch, results, item reasons and selections, as JSON values."""
    cycle = batch.cycle
    numbers = teacher_numbers(session, school.id, active_only=True)
    results = [
        {"id_number": numbers[r.teacher_id], **plain_row(r, RESULT_COLUMNS)}
        for r in session.scalars(
            select(AssessmentResult).where(
                AssessmentResult.cycle == cycle, AssessmentResult.teacher_id.in_(numbers)
            )
        )
    ]
    latest: dict[int, tuple[str, str, str, str]] = {}
    for event, number, point, spec in session.execute(
        select(SubmissionEvent, Teacher.id_number, AbilityPoint.code, EvidenceItem.spec_code)
        .join(EvidenceItem, EvidenceItem.id == SubmissionEvent.evidence_item_id)
        .join(PointSelection, PointSelection.id == EvidenceItem.selection_id)
        .join(AbilityPoint, AbilityPoint.id == PointSelection.point_id)
        .join(Teacher, Teacher.id == PointSelection.teacher_id)
        .where(SubmissionEvent.submission_id == batch.id)
        .order_by(SubmissionEvent.id)
    ).all():
        if event.reason:
            latest[event.evidence_item_id or 0] = (number, point, spec, event.reason)
    return {
        "school": {"code": school.code, "name": school.name},
        "cycle": cycle,
        "batch": plain_row(batch, BATCH_COLUMNS),
        "results": results,
        "item_reasons": [
            {"id_number": n, "point": p, "spec_code": s, "reason": r}
            for n, p, s, r in latest.values()
        ],
        "selections": selection_rows(session, numbers, cycle, version_key="version"),
    }


class ReturnIntake:
    """The school takes in the county's return (an ``services.intake`` handler)."""

    kind = KIND
    levels = frozenset({WorkspaceLevel.SCHOOL})
    roles = frozenset({Role.COUNTY_ADMIN, Role.SCHOOL_COORDINATOR})
    action = "导入区县退回包"

    def __init__(self, context: ServiceContext, assessment: AssessmentService) -> None:
        self._context = context
        self._assessment = assessment

    def summarize(self, opened: OpenedPackage) -> Inspection:
        data = opened.content.data
        state = (data.get("batch") or {}).get("state", "")
        results = data.get("results", [])
        returned = [r for r in results if r.get("state") == "returned"]
        reason = (data.get("batch") or {}).get("return_reason")
        return Inspection(
            f"{opened.manifest.origin.name}发回的审核结果（{_STATE_LABELS.get(state, state)}）",
            (
                f"审核通过 {sum(r.get('state') == 'approved' for r in results)} 人，"
                f"退回修改 {len(returned)} 人，单项意见 {len(data.get('item_reasons', []))} 条",
                *([f"退回理由：{reason}"] if reason else []),
            ),
            Changes(),
            unit="个选点",
        )

    def inspect(self, session: Session, opened: OpenedPackage) -> Inspection:
        data = opened.content.data
        school = _own_school(session)
        # Before anything is written (the preview runs this first): another school's
        # coordinator is refused even the look.
        self._context.require_school(school.id, self.action)
        if (data.get("school") or {}).get("code") != school.code:
            raise Refusal(
                f"这个退回包是给{(data.get('school') or {}).get('name', '其他学校')}的，"
                f"不是本校（{school.name}）的，不能导入。",
                "return.other_school",
            )
        cycle = current_cycle(session)
        if int(data.get("cycle", 0)) != cycle:
            raise Refusal(
                f"退回包是 {data.get('cycle')} 年度的审核结果，本校当前是 {cycle} 年度，不能导入。",
                "return.cycle",
            )
        numbers = teacher_numbers(session, school.id, active_only=False)
        names = {number: name for number, name in _names(session, school.id)}
        mine = digests(session, numbers, cycle)
        theirs = travelled_digests(data.get("selections", []))
        known = bases(session)
        counts: dict[str, int] = defaultdict(int)
        conflicts = []
        for key in sorted(set(mine) | set(theirs)):
            here, there = mine.get(key), theirs.get(key)
            if here == there:
                counts["unchanged"] += 1
                continue
            if here is not None and here not in known.get(key, []):
                number, point = key_parts(key)
                conflicts.append(
                    f"{names.get(number, number)}的能力点 {point} 在本校修改后还没有上报，"
                    "导入会丢失这些修改。请先提交并生成上报包"
                )
            counts["new" if here is None else "removed" if there is None else "changed"] += 1
        summary = self.summarize(opened)
        return Inspection(
            summary.title,
            summary.details,
            Changes(
                new=counts["new"],
                changed=counts["changed"],
                unchanged=counts["unchanged"],
                removed=counts["removed"],
                conflicts=tuple(conflicts),
            ),
            summary.unit,
        )

    def apply(self, session: Session, opened: OpenedPackage) -> str:
        data = opened.content.data
        school = _own_school(session)
        cycle = current_cycle(session)
        batch = find_batch(session, school.id, cycle)
        if batch is None:
            batch = Submission(school_id=school.id, cycle=cycle, state="draft")
            session.add(batch)
            session.flush()
        old_state = batch.state
        # Open the batch and the results first, so the county's selections can be written.
        batch.state = SubmissionState.DRAFT.value
        batch.locked = False
        teachers = dict(
            session.execute(
                select(Teacher.id_number, Teacher.id).where(Teacher.school_id == school.id)
            ).all()
        )
        results = {
            r.teacher_id: r
            for r in session.scalars(
                select(AssessmentResult).where(
                    AssessmentResult.cycle == cycle,
                    AssessmentResult.teacher_id.in_(teachers.values()),
                )
            )
        }
        for result in results.values():
            session.delete(result)
        session.flush()
        selections = data.get("selections", [])
        mine = digests(session, {v: k for k, v in teachers.items()}, cycle)
        theirs = travelled_digests(selections)
        # Teachers with any selection the county holds otherwise (changed, added or dropped).
        differing = {
            key_parts(key)[0]
            for key in mine.keys() | theirs.keys()
            if mine.get(key) != theirs.get(key)
        }
        replace_selections(
            session,
            self._assessment,
            school.id,
            cycle,
            selections,
            differing & set(teachers),
            files={},
            who="区县审核",
            where="退回包",
        )
        for values in data.get("results", []):
            teacher_id = teachers.get(values["id_number"])
            if teacher_id is not None:
                session.add(
                    AssessmentResult(
                        teacher_id=teacher_id,
                        cycle=cycle,
                        submission_id=batch.id,
                        **typed_row(AssessmentResult, values, RESULT_COLUMNS),
                    )
                )
        county_batch = typed_row(Submission, data["batch"], BATCH_COLUMNS)
        for name, value in county_batch.items():
            if name != "version":
                setattr(batch, name, value)
        session.flush()
        actor = self._context.actor.username
        add_event(
            session,
            batch,
            old=old_state,
            new=batch.state,
            actor=str(county_batch.get("decided_by") or actor),
            reason=batch.return_reason or "区县审核结果导入",
        )
        items = {
            (number, point, spec): item_id
            for item_id, number, point, spec in session.execute(
                select(
                    EvidenceItem.id, Teacher.id_number, AbilityPoint.code, EvidenceItem.spec_code
                )
                .join(PointSelection, PointSelection.id == EvidenceItem.selection_id)
                .join(AbilityPoint, AbilityPoint.id == PointSelection.point_id)
                .join(Teacher, Teacher.id == PointSelection.teacher_id)
                .where(Teacher.school_id == school.id, PointSelection.cycle == cycle)
            ).all()
        }
        for reason in data.get("item_reasons", []):
            item_id = items.get((reason["id_number"], reason["point"], reason["spec_code"]))
            if item_id is not None:
                add_event(
                    session,
                    batch,
                    old=None,
                    new=batch.state,
                    actor=str(county_batch.get("decided_by") or actor),
                    reason=reason["reason"],
                    item_id=item_id,
                )
        set_bases(session, selections, reset=True)
        returned = sum(r.get("state") == "returned" for r in data.get("results", []))
        decided = county_batch.get("decided_at")
        when = decided.date().isoformat() if isinstance(decided, datetime) else ""
        return f"区县{when}的审核结果：退回 {returned} 人"


def _own_school(session: Session) -> School:
    code = session.scalars(select(WorkspaceRow.school_code)).one()
    return session.scalars(select(School).where(School.code == code)).one()


def _names(session: Session, school_id: int) -> list[tuple[str, str]]:
    return list(
        session.execute(
            select(Teacher.id_number, Teacher.name).where(Teacher.school_id == school_id)
        ).all()
    )
