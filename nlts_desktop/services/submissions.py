"""The school submission (学校考核上报包): a school-mode workspace's batch, taken in by the county.

The school makes it after submitting its batch locally; it carries every active teacher's
chosen points, the evidence descriptions (the files too, when asked), the grades with who gave
them and when, the coordinator's note, and the school's *bases*: for each record, the contents
the county is known to have held (as the kit or the last return brought it, or as the school
sent it since).  The county can then tell a record only the school changed from one the county
changed itself in the meantime (a conflict, shown and refused rather than overwritten).

Taking it in (``services.intake`` does the common checks) requires a submission of one of this
county's schools for the current cycle, a batch not approved and locked, and no conflicts.
Then, in one transaction, the school's selections *replace* the county's copy for every teacher
the county has not approved (points dropped at the school are dropped here too), evidence
descriptions and files are taken over, and the batch is 已提交 for review.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from nlts_desktop.domain.enums import Grade, ReviewState, SubmissionState, WorkspaceLevel
from nlts_desktop.domain.errors import ValidationError
from nlts_desktop.exchange.package import OpenedPackage, PackageContent, WrittenPackage
from nlts_desktop.services.assessment import (
    AssessmentService,
    SheetEntry,
    add_event,
    current_cycle,
    find_batch,
)
from nlts_desktop.services.context import REVIEW_ROLES, SCHOOL_ROLES, ServiceContext
from nlts_desktop.services.intake import Changes, Inspection, Refusal
from nlts_desktop.services.keys import workspace_origin
from nlts_desktop.services.packages import PackageService
from nlts_desktop.services.school_kit import (
    ITEM_COLUMNS,
    bases,
    digests,
    key_parts,
    next_sequence,
    selection_rows,
    set_bases,
    teacher_numbers,
    travelled_digests,
    typed_row,
)
from nlts_desktop.storage.base import utcnow
from nlts_desktop.storage.models import (
    AbilityPoint,
    AssessmentResult,
    EvidenceItem,
    PointSelection,
    School,
    Teacher,
    WorkspaceRow,
)

KIND = "school_submission"


class SubmissionService:
    """Make a school's submission (school mode); the county's side is :class:`SubmissionIntake`."""

    def __init__(
        self, context: ServiceContext, packages: PackageService, assessment: AssessmentService
    ) -> None:
        self._context = context
        self._packages = packages
        self._assessment = assessment

    def make(
        self, out: Path, *, note: str | None = None, include_files: bool = False
    ) -> WrittenPackage:
        """Package this school-mode workspace's submitted batch for the county.

        ``include_files`` puts the evidence files themselves in the package (by hash); without
        it only their descriptions travel (name, size, SHA-256) and the files stay at school.
        """
        self._context.require(SCHOOL_ROLES, "生成考核上报包")
        with self._context.read() as session:
            row = session.scalars(select(WorkspaceRow)).one()
            if row.level != WorkspaceLevel.SCHOOL.value or not row.school_code:
                raise ValidationError(
                    "只有学校工作区（由区县的学校工作包建立）才能生成学校考核上报包。",
                    code="submission.not_school",
                )
            school = session.scalars(select(School).where(School.code == row.school_code)).one()
            self._context.require_school(school.id, "生成考核上报包")
            cycle = current_cycle(session)
            batch = find_batch(session, school.id, cycle)
            if batch is None or batch.state != SubmissionState.SUBMITTED.value:
                raise ValidationError(
                    "本校的考核结果还没有提交。请先在“考核”页检查无误后点“提交审核”，再生成上报包。",
                    code="submission.not_submitted",
                )
            numbers = teacher_numbers(session, school.id, active_only=True)
            selections = selection_rows(session, numbers, cycle, version_key="version")
            data: dict[str, Any] = {
                "school": {"code": school.code, "name": school.name},
                "cycle": cycle,
                "note": note,
                "submitted_by": batch.submitted_by,
                "submitted_at": batch.submitted_at.isoformat() if batch.submitted_at else None,
                "teachers": sorted(numbers.values()),
                "selections": selections,
                "bases": bases(session),
            }
            files: dict[str, bytes] = {}
            if include_files:
                for selection in selections:
                    for item in selection["items"]:
                        sha = item.get("file_sha256")
                        if sha and f"evidence/{sha}" not in files:
                            blob = self._assessment.blob(sha)
                            if blob is None:
                                raise ValidationError(
                                    f"证据材料“{item.get('file_name')}”在本机的材料文件夹中找不到，"
                                    "无法放入上报包。请重新上传该材料，或不带材料文件生成上报包。",
                                    code="submission.file_missing",
                                )
                            files[f"evidence/{sha}"] = blob
            content = PackageContent(
                kind=KIND,
                origin=workspace_origin(session),
                sequence=next_sequence(session),
                period=str(cycle),
                data=data,
                files=files,
                counts={
                    "teachers": len(numbers),
                    "selections": len(selections),
                    "files": len(files),
                },
                recipient=row.region_code,
            )
            county = row.region_code
        written = self._packages.send(out, content, recipient_code=county, message="上报区县")
        # What the school sent is a content the county may hold from now on.
        with self._context.unit_of_work() as session:
            set_bases(session, selections, reset=False)
        return written


class SubmissionIntake:
    """The county takes in a school's submission (an ``services.intake`` handler)."""

    kind = KIND
    levels = frozenset({WorkspaceLevel.COUNTY})
    roles = REVIEW_ROLES
    action = "导入学校考核上报包"

    def __init__(self, context: ServiceContext, assessment: AssessmentService) -> None:
        self._context = context
        self._assessment = assessment

    def summarize(self, opened: OpenedPackage) -> Inspection:
        data = opened.content.data
        school = data.get("school") or {}
        selections = data.get("selections", [])
        return Inspection(
            f"{school.get('name', '')}（{school.get('code', '')}）的考核上报包",
            (
                f"教师 {len(data.get('teachers', []))} 名，选点 {len(selections)} 个，"
                f"成绩 {sum(1 for s in selections for i in s['items'] if i.get('grade'))} 项，"
                f"材料文件 {opened.manifest.counts.get('files', 0)} 个",
                *([f"学校的说明：{data['note']}"] if data.get("note") else []),
            ),
            Changes(),
            unit="个选点",
        )

    def inspect(self, session: Session, opened: OpenedPackage) -> Inspection:
        manifest = opened.manifest
        data = opened.content.data
        school_code = str(manifest.origin.code)
        school = session.scalars(select(School).where(School.code == school_code)).one_or_none()
        if school is None or manifest.origin.level != "school":
            raise Refusal(
                f"这个上报包来自{manifest.origin.name}（{school_code}），不是本区县登记的学校，"
                "不能导入。",
                "submission.other_county",
            )
        cycle = current_cycle(session)
        if int(data.get("cycle", 0)) != cycle:
            raise Refusal(
                f"上报包是 {data.get('cycle')} 年度的考核结果，"
                f"本区县当前是 {cycle} 年度，不能导入。",
                "submission.cycle",
            )
        batch = find_batch(session, school.id, cycle)
        if batch is not None and batch.state == SubmissionState.APPROVED.value:
            raise Refusal(
                f"{school.name}的考核批次已审核通过并锁定，不能再导入上报包。"
                "如需更正，请先在“审核”页解锁（须说明理由），再请学校重新上报。",
                "submission.locked",
            )
        summary = self.summarize(opened)
        return Inspection(
            summary.title, summary.details, _changes(session, school, cycle, data), summary.unit
        )

    def apply(self, session: Session, opened: OpenedPackage) -> str:
        data = opened.content.data
        school = session.scalars(
            select(School).where(School.code == str(opened.manifest.origin.code))
        ).one()
        cycle = current_cycle(session)
        batch = find_batch(session, school.id, cycle)
        if batch is not None and batch.state == SubmissionState.SUBMITTED.value:
            # A resubmission before the county decided: reopen, then take the new data.
            batch.state = SubmissionState.DRAFT.value
            session.flush()
        locked = _locked(session, school.id, cycle)
        listed = set(data.get("teachers", [])) - set(locked)
        replace_selections(
            session,
            self._assessment,
            school.id,
            cycle,
            data.get("selections", []),
            listed,
            files=opened.content.files,
            who="学校考核小组",
            where="上报包",
        )
        batch = find_batch(session, school.id, cycle)
        assert batch is not None
        old = batch.state
        batch.state = SubmissionState.SUBMITTED.value
        batch.submitted_at = (
            datetime.fromisoformat(data["submitted_at"]) if data.get("submitted_at") else utcnow()
        )
        batch.submitted_by = str(data.get("submitted_by") or school.name)[:64]
        batch.return_reason = None
        add_event(
            session,
            batch,
            old=old,
            new=batch.state,
            actor=self._context.actor.username,
            reason=(f"学校上报包导入。{data['note']}" if data.get("note") else "学校上报包导入"),
        )
        teachers = dict(
            session.execute(
                select(Teacher.id_number, Teacher.id).where(
                    Teacher.school_id == school.id, Teacher.id_number.in_(listed)
                )
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
        for teacher_id in teachers.values():
            result = results.get(teacher_id)
            if result is None:
                session.add(
                    AssessmentResult(
                        teacher_id=teacher_id,
                        cycle=cycle,
                        submission_id=batch.id,
                        state=ReviewState.PENDING.value,
                    )
                )
            elif result.state != ReviewState.APPROVED.value:
                result.state = ReviewState.PENDING.value
                result.reason = None
        session.flush()
        return f"{len(teachers)} 名教师的考核结果"


def replace_selections(
    session: Session,
    assessment: AssessmentService,
    school_id: int,
    cycle: int,
    selections: Sequence[Mapping[str, Any]],
    listed: set[str],
    *,
    files: Mapping[str, bytes],
    who: str,
    where: str,
) -> None:
    """Make the listed teachers' selections exactly the travelled ones (inside a transaction).

    Points not travelled are dropped; the others are added or regraded (``apply_sheet_in``,
    with its checks); evidence descriptions are taken over and files that came along go into
    the evidence store by hash.
    """
    wanted = {(s["id_number"], s["point"]) for s in selections if s["id_number"] in listed}
    dropped = [
        sid
        for sid, number, point in _county_selections(session, school_id, cycle, listed)
        if (number, point) not in wanted
    ]
    if dropped:
        AssessmentService.drop_selections(session, dropped)
    entries = [
        SheetEntry(
            s["id_number"],
            s["point"],
            item["spec_code"],
            Grade(item["grade"]) if item.get("grade") else None,
            item.get("external_ref"),
            item.get("assessor"),
        )
        for s in selections
        if s["id_number"] in listed
        for item in s["items"]
    ]
    outcome = assessment.apply_sheet_in(session, school_id, entries, who=who)
    if outcome.problems:
        index, message = outcome.problems[0]
        raise ValidationError(
            f"{where}中第 {index + 1} 项成绩不能导入：{message}没有导入任何内容。",
            code="package.invalid_grades",
        )
    sent = {
        (s["id_number"], s["point"], item["spec_code"]): item
        for s in selections
        if s["id_number"] in listed
        for item in s["items"]
    }
    for item, number, point in session.execute(
        select(EvidenceItem, Teacher.id_number, AbilityPoint.code)
        .join(PointSelection, PointSelection.id == EvidenceItem.selection_id)
        .join(AbilityPoint, AbilityPoint.id == PointSelection.point_id)
        .join(Teacher, Teacher.id == PointSelection.teacher_id)
        .where(
            Teacher.school_id == school_id,
            PointSelection.cycle == cycle,
            Teacher.id_number.in_(listed),
        )
    ).all():
        values = sent.get((number, point, item.spec_code))
        if values is None:
            continue
        for name, value in typed_row(EvidenceItem, values, ITEM_COLUMNS).items():
            if name != "version" and getattr(item, name) != value:
                setattr(item, name, value)
    for name, data in files.items():
        if name.startswith("evidence/"):
            assessment.store_blob(name.removeprefix("evidence/"), data)
    session.flush()


def _locked(session: Session, school_id: int, cycle: int) -> dict[str, str]:
    """Teachers whose results the county has approved (locked), 身份证号 → name."""
    return dict(
        session.execute(
            select(Teacher.id_number, Teacher.name)
            .join(AssessmentResult, AssessmentResult.teacher_id == Teacher.id)
            .where(
                Teacher.school_id == school_id,
                AssessmentResult.cycle == cycle,
                AssessmentResult.state == ReviewState.APPROVED.value,
            )
        ).all()
    )


def _county_selections(
    session: Session, school_id: int, cycle: int, numbers: set[str]
) -> list[tuple[int, str, str]]:
    return list(
        session.execute(
            select(PointSelection.id, Teacher.id_number, AbilityPoint.code)
            .join(Teacher, Teacher.id == PointSelection.teacher_id)
            .join(AbilityPoint, AbilityPoint.id == PointSelection.point_id)
            .where(
                Teacher.school_id == school_id,
                PointSelection.cycle == cycle,
                Teacher.id_number.in_(numbers),
            )
        ).all()
    )


def _changes(session: Session, school: School, cycle: int, data: Mapping[str, Any]) -> Changes:
    """New / changed / unchanged / removed selections, and conflicts.

    A conflict: a record the county holds in a content the school never saw (not one of the
    school's bases) and that differs from what the school sends — the county changed it
    itself since; or a result the county approved (locked) that the submission changes.
    """
    numbers = teacher_numbers(session, school.id, active_only=False)
    names = dict(
        session.execute(
            select(Teacher.id_number, Teacher.name).where(Teacher.school_id == school.id)
        ).all()
    )
    county = digests(session, numbers, cycle)
    sent = travelled_digests(data.get("selections", []))
    known: dict[str, list[str]] = data.get("bases") or {}
    locked = _locked(session, school.id, cycle)
    listed = set(data.get("teachers", []))
    counts: dict[str, int] = defaultdict(int)
    conflicts: list[str] = []
    for key in sorted(set(county) | set(sent)):
        number, point = key_parts(key)
        if number not in listed:
            continue
        mine, theirs = county.get(key), sent.get(key)
        if mine == theirs:
            counts["unchanged"] += 1
            continue
        name = names.get(number, number)
        if number in locked:
            conflicts.append(
                f"{name}的考核结果已由区县审核通过并锁定，上报包却修改了能力点 {point}"
            )
        elif mine is not None and mine not in known.get(key, []):
            conflicts.append(
                f"{name}的能力点 {point} 在学校上次收到数据后被区县修改过，与学校上报的不同"
            )
        counts["new" if mine is None else "removed" if theirs is None else "changed"] += 1
    return Changes(
        new=counts["new"],
        changed=counts["changed"],
        unchanged=counts["unchanged"],
        removed=counts["removed"],
        conflicts=tuple(conflicts),
    )
