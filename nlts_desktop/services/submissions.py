"""The school submission (学校考核上报包): a school-mode workspace's batch, taken in by the county.

The school makes it after submitting its batch locally; it carries every active teacher's
chosen points, the evidence descriptions (files optionally, by hash), the grades with who gave
them and when, the coordinator's note, and for each selection the version it was edited from
(the kit's), so the county can see what it changed itself in the meantime.

Taking it in checks, before anything is written: the package, that it is a submission of one of
this county's schools meant for this county, the sender's key (unknown or changed keys must be
accepted explicitly), replays (a lower sequence than the last one taken in from that school)
and re-imports (the same package again changes nothing).  Then the school's data replaces the
county's copy of that batch in one transaction, and the batch is 已提交 for review.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any, NoReturn

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from nlts_desktop.domain.enums import Grade, ReviewState, SubmissionState
from nlts_desktop.domain.errors import AppError, ValidationError
from nlts_desktop.exchange.package import (
    OpenedPackage,
    PackageContent,
    WrittenPackage,
    open_package,
)
from nlts_desktop.services.assessment import (
    AssessmentService,
    SheetEntry,
    add_event,
    current_cycle,
    find_batch,
)
from nlts_desktop.services.context import REVIEW_ROLES, SCHOOL_ROLES, ServiceContext
from nlts_desktop.services.keys import STATUS_LABELS, KeyService, workspace_origin
from nlts_desktop.services.packages import IMPORTED, PackageService
from nlts_desktop.services.school_kit import next_sequence, selection_rows
from nlts_desktop.storage.base import utcnow
from nlts_desktop.storage.models import (
    AbilityPoint,
    AssessmentResult,
    EvidenceItem,
    PackageRecord,
    PointSelection,
    School,
    Score,
    Teacher,
    WorkspaceRow,
)

KIND = "school_submission"


class _Refusal(Exception):
    """A reason to refuse found while reading; logged and raised once the read is over."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True)
class SubmissionPreview:
    """What taking a submission in would do."""

    file_name: str
    school_code: str
    school_name: str
    sequence: int
    teachers: int
    grades: int
    sender: str
    sender_fingerprint: str
    already_imported: bool
    conflicts: tuple[str, ...]

    @property
    def sender_label(self) -> str:
        """The sender's standing in Chinese."""
        return STATUS_LABELS[self.sender]


class SubmissionService:
    """Make a school's submission (school mode) and take it in (county)."""

    def __init__(
        self,
        context: ServiceContext,
        keys: KeyService,
        packages: PackageService,
        assessment: AssessmentService,
    ) -> None:
        self._context = context
        self._keys = keys
        self._packages = packages
        self._assessment = assessment

    # ------------------------------------------------------------ the school's side

    def make(self, out: Path, *, note: str | None = None) -> WrittenPackage:
        """Package this school-mode workspace's submitted batch for the county."""
        self._context.require(SCHOOL_ROLES, "生成考核上报包")
        with self._context.read() as session:
            row = session.scalars(select(WorkspaceRow)).one()
            if row.level != "school" or not row.school_code:
                raise ValidationError(
                    "只有学校工作区（由区县的学校工作包建立）才能生成学校考核上报包。",
                    code="submission.not_school",
                )
            school = session.scalars(select(School).where(School.code == row.school_code)).one()
            cycle = current_cycle(session)
            batch = find_batch(session, school.id, cycle)
            if batch is None or batch.state != SubmissionState.SUBMITTED.value:
                raise ValidationError(
                    "本校的考核结果还没有提交。请先在“考核”页检查无误后点“提交审核”，再生成上报包。",
                    code="submission.not_submitted",
                )
            selections = _selections(session, school.id, cycle)
            data: dict[str, Any] = {
                "school": {"code": school.code, "name": school.name},
                "cycle": cycle,
                "note": note,
                "submitted_by": batch.submitted_by,
                "submitted_at": batch.submitted_at.isoformat() if batch.submitted_at else None,
                "selections": selections,
            }
            content = PackageContent(
                kind=KIND,
                origin=workspace_origin(session),
                sequence=next_sequence(session),
                period=str(cycle),
                data=data,
                counts={
                    "teachers": len({s["id_number"] for s in selections}),
                    "selections": len(selections),
                },
                recipient=row.region_code,
            )
            county = row.region_code
        return self._packages.send(out, content, recipient_code=county, message="上报区县")

    # ------------------------------------------------------------ the county's side

    def preview(self, path: Path) -> SubmissionPreview:
        """Check a submission completely and say what taking it in would do."""
        opened = self._open(path)
        return self._checked(path, opened)

    def _checked(self, path: Path, opened: OpenedPackage) -> SubmissionPreview:
        try:
            with self._context.read() as session:
                return self._preview(session, path, opened)
        except _Refusal as refusal:
            # Logged after the read has ended (a write inside it would wait on itself).
            self._refuse(path, opened, refusal.message, refusal.code)

    def take_in(self, path: Path, *, accept_new_key: bool = False) -> SubmissionPreview:
        """Take a submission in (one transaction); the school's batch becomes 已提交."""
        self._context.require(REVIEW_ROLES, "导入学校考核上报包")
        opened = self._open(path)
        preview = self._checked(path, opened)
        if preview.already_imported:
            return preview
        manifest = opened.manifest
        if preview.sender in ("unknown", "changed") and not accept_new_key:
            self._refuse(
                path,
                opened,
                f"{preview.school_name}的上报包由{preview.sender_label}签名（指纹 "
                f"{preview.sender_fingerprint}）。请与学校电话核对指纹，一致时选择“接受新密钥”"
                "后再导入。",
                "submission.new_key",
            )
        if preview.sender == "revoked":
            self._refuse(
                path,
                opened,
                f"{preview.school_name}的上报包使用的密钥已被吊销，不能导入。",
                "submission.revoked_key",
            )
        with self._context.read() as session:
            school_id = session.scalars(
                select(School.id).where(School.code == preview.school_code)
            ).one()
            batch = find_batch(session, school_id, current_cycle(session))
            approved = batch is not None and batch.state == SubmissionState.APPROVED.value
        if approved:
            self._refuse(
                path,
                opened,
                f"{preview.school_name}的考核批次已审核通过并锁定，不能再导入上报包。"
                "如需更正，请先在“审核”页解锁（须说明理由），再请学校重新上报。",
                "submission.locked",
            )
        if preview.conflicts:
            self._refuse(
                path,
                opened,
                f"{preview.school_name}的上报包与区县的数据有冲突：{preview.conflicts[0]}"
                f"（共 {len(preview.conflicts)} 处）。没有导入任何内容。",
                "submission.conflict",
            )
        if preview.sender in ("unknown", "changed"):
            self._keys.accept(manifest.origin, manifest.signer_public, None)
        try:
            with self._context.unit_of_work() as session:
                self._apply(session, opened)
        except AppError as exc:
            self._packages.record_in(path, opened, "refused", exc.message)
            raise
        self._packages.record_in(path, opened, IMPORTED, f"{preview.teachers} 名教师的考核结果")
        return replace(preview, already_imported=False)

    def _open(self, path: Path) -> OpenedPackage:
        try:
            opened = open_package(path, decryption_key=self._keys.decryption_key())
        except AppError as exc:
            self._packages.log_refusal(path, exc.message)
            raise
        if opened.manifest.kind != KIND:
            self._refuse(
                path,
                opened,
                f"这个数据包是“{opened.manifest.kind_label}”，不是学校考核上报包。",
                "submission.kind",
            )
        return opened

    def _refuse(self, path: Path, opened: OpenedPackage, message: str, code: str) -> NoReturn:
        self._packages.record_in(path, opened, "refused", message)
        raise ValidationError(message, code=code)

    def _preview(self, session: Session, path: Path, opened: OpenedPackage) -> SubmissionPreview:
        manifest = opened.manifest
        data = opened.content.data
        own = workspace_origin(session)
        school_code = str(manifest.origin.code)
        school = session.scalars(select(School).where(School.code == school_code)).one_or_none()
        if manifest.recipient != own.code or school is None:
            raise _Refusal(
                f"这个上报包来自{manifest.origin.name}（{school_code}），是发给"
                f"“{manifest.recipient or '未注明'}”的，不是本区县（{own.name}）的学校，不能导入。",
                "submission.other_county",
            )
        assert school is not None
        cycle = current_cycle(session)
        if int(data.get("cycle", 0)) != cycle:
            raise _Refusal(
                f"上报包是 {data.get('cycle')} 年度的考核结果，"
                f"本区县当前是 {cycle} 年度，不能导入。",
                "submission.cycle",
            )
        seen = session.scalar(
            select(PackageRecord.sha256).where(
                PackageRecord.package_id == manifest.package_id,
                PackageRecord.result == IMPORTED,
            )
        )
        if seen is not None and seen != opened.sha256:
            raise _Refusal(
                "这个上报包的编号已经导入过，但内容不同，可能被改动过，已拒绝。",
                "submission.same_id_other_content",
            )
        last = session.scalar(
            select(func.max(PackageRecord.sequence)).where(
                PackageRecord.origin == school_code,
                PackageRecord.direction == "in",
                PackageRecord.result == IMPORTED,
            )
        )
        if seen is None and last is not None and manifest.sequence <= last:
            raise _Refusal(
                f"{school.name}已导入过序号 {last} 的上报包，这个包（序号 {manifest.sequence}）"
                "较旧，导入会覆盖较新的数据，已拒绝。",
                "submission.replay",
            )
        selections = data.get("selections", [])
        return SubmissionPreview(
            path.name,
            school.code,
            school.name,
            manifest.sequence,
            len({s["id_number"] for s in selections}),
            sum(1 for s in selections for i in s["items"] if i.get("grade")),
            self._keys.sender_status(school_code, manifest.signer_public),
            opened.signer_fingerprint,
            seen is not None,
            tuple(_conflicts(session, school, cycle, selections)),
        )

    def _apply(self, session: Session, opened: OpenedPackage) -> None:
        data = opened.content.data
        school = session.scalars(
            select(School).where(School.code == str(opened.manifest.origin.code))
        ).one()
        cycle = current_cycle(session)
        entries = [
            SheetEntry(
                s["id_number"],
                s["point"],
                item["spec_code"],
                Grade(item["grade"]) if item.get("grade") else None,
                item.get("external_ref"),
                item.get("assessor"),
            )
            for s in data.get("selections", [])
            for item in s["items"]
        ]
        batch = find_batch(session, school.id, cycle)
        if batch is not None and batch.state == SubmissionState.SUBMITTED.value:
            # A resubmission before the county decided: reopen, then take the new data.
            batch.state = SubmissionState.DRAFT.value
            session.flush()
        # Teachers the county has approved keep their locked results (the preview made sure
        # the submission does not change them).
        locked = set(
            session.scalars(
                select(Teacher.id_number)
                .join(AssessmentResult, AssessmentResult.teacher_id == Teacher.id)
                .where(
                    Teacher.school_id == school.id,
                    AssessmentResult.cycle == cycle,
                    AssessmentResult.state == ReviewState.APPROVED.value,
                )
            )
        )
        entries = [e for e in entries if e.id_number not in locked]
        outcome = self._assessment.apply_sheet_in(session, school.id, entries, who="学校考核小组")
        if outcome.problems:
            index, message = outcome.problems[0]
            raise ValidationError(
                f"上报包中第 {index + 1} 项成绩不能导入：{message}没有导入任何内容。",
                code="submission.invalid",
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
        numbers = {s["id_number"] for s in data.get("selections", [])}
        teachers = {
            t.id_number: t.id
            for t in session.scalars(select(Teacher).where(Teacher.id_number.in_(numbers)))
        }
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


def _selections(session: Session, school_id: int, cycle: int) -> list[dict[str, Any]]:
    """Every active teacher's selections of the cycle, with the version each was edited from."""
    numbers = {
        tid: number
        for tid, number in session.execute(
            select(Teacher.id, Teacher.id_number).where(
                Teacher.school_id == school_id, Teacher.status == "active"
            )
        ).all()
    }
    return selection_rows(session, numbers, cycle, version_key="base_version")


def _conflicts(
    session: Session, school: School, cycle: int, selections: list[dict[str, Any]]
) -> list[str]:
    """Results the county has approved (locked) that the submission would change."""
    numbers = {s["id_number"] for s in selections}
    locked = {
        number: name
        for number, name in session.execute(
            select(Teacher.id_number, Teacher.name)
            .join(AssessmentResult, AssessmentResult.teacher_id == Teacher.id)
            .where(
                Teacher.id_number.in_(numbers),
                AssessmentResult.cycle == cycle,
                AssessmentResult.state == ReviewState.APPROVED.value,
            )
        ).all()
    }
    if not locked:
        return []
    current: dict[tuple[str, str, str], str | None] = {}
    for number, code, spec, grade in session.execute(
        select(Teacher.id_number, AbilityPoint.code, EvidenceItem.spec_code, Score.grade)
        .join(PointSelection, PointSelection.teacher_id == Teacher.id)
        .join(AbilityPoint, AbilityPoint.id == PointSelection.point_id)
        .join(EvidenceItem, EvidenceItem.selection_id == PointSelection.id)
        .outerjoin(Score, Score.evidence_item_id == EvidenceItem.id)
        .where(Teacher.id_number.in_(locked), PointSelection.cycle == cycle)
    ).all():
        current[(number, code, spec)] = grade
    out = []
    for selection in selections:
        number = selection["id_number"]
        if number not in locked:
            continue
        for item in selection["items"]:
            key = (number, selection["point"], item["spec_code"])
            if current.get(key, "missing") != item.get("grade"):
                out.append(f"{locked[number]}的考核结果已由区县审核通过并锁定，上报包却修改了它")
                break
    return out
