"""合格证书: the register (issue, void, reissue), printing with its log, and verification.

A certificate goes to a teacher who is qualified under the preset in force — hours *and* the
school-based assessment, as :class:`~nlts_desktop.services.hours.TeacherHours` judges it — and
to nobody else; the refusal names what is missing.  Each teacher holds at most one certificate
chain: issuing skips a teacher who already has one (live or voided — a voided one is replaced
by 补发, which keeps the link), and a reissue needs the old certificate voided first.

What is printed is signed with this workspace's Ed25519 key (the payload of
:mod:`nlts_desktop.domain.certificates`) and kept in the register as issued, so a reprint says
exactly what the first print said.  Verification takes the QR payload — checked against this
workspace's key or a registered key of the issuing office, entirely offline — or the typed
short code, looked up in this register.

Issuing, voiding, reissuing, printing and the settings are the county administrator's;
verifying and reading the register are anyone's.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Literal

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, aliased

from nlts_desktop.domain.certificates import (
    DEFAULT_SERIAL_PATTERN,
    CertificateFacts,
    CertificateLayout,
    SerialPattern,
    SerialValues,
    SignedPayload,
    make_facts,
    mask_id_for_certificate,
    parse_layout,
    parse_serial_pattern,
    read_verification_input,
)
from nlts_desktop.domain.enums import CertificateState, TeacherStatus, WorkspaceLevel
from nlts_desktop.domain.errors import NotFoundError, ValidationError
from nlts_desktop.domain.hour_rules import format_hours
from nlts_desktop.domain.text import normalize_compact, normalize_prose, normalize_text
from nlts_desktop.exchange.certificate_pdf import CertificatePage, write_certificates_pdf
from nlts_desktop.exchange.forms import surname_sort_key
from nlts_desktop.exchange.package import raw_public
from nlts_desktop.services.audit import audited_export
from nlts_desktop.services.context import ADMIN_ROLES, ServiceContext, stale_error
from nlts_desktop.services.hours import HoursService, TeacherHours
from nlts_desktop.services.keys import KeyService, workspace_origin
from nlts_desktop.storage.audit import record_audit
from nlts_desktop.storage.base import utcnow
from nlts_desktop.storage.models import (
    AppSetting,
    Certificate,
    CertificatePrint,
    KnownKey,
    School,
    Teacher,
    WorkspaceRow,
)

SETTING_PATTERN = "certificate.serial_pattern"
SETTING_ISSUER = "certificate.issuer_name"
SETTING_LAYOUT = "certificate.layout"
LIVE_STATES = (CertificateState.ISSUED.value, CertificateState.REISSUED.value)
MAX_ISSUER_LENGTH = 40
# The payload carries the year as four digits.
MIN_YEAR, MAX_YEAR = 2000, 2099
# Teachers named in one refusal message; the rest are counted.
_NAMED_IN_MESSAGE = 10
_IN_CHUNK = 500
_FILE_NAME_LIMIT = 255  # certificate_prints.file_name
# Above this many schools one pass over every teacher beats a pass per school.
_SCHOOL_PASSES = 20

# ---------------------------------------------------------------- plain values


@dataclass(frozen=True)
class CertificateSettings:
    """The serial pattern, the issuing unit printed on the certificate, the print offsets."""

    serial_pattern: str
    issuer_name: str
    layout: CertificateLayout


@dataclass(frozen=True)
class CertificateRecord:
    """One certificate of the register (证书登记簿)."""

    id: int
    serial: str
    short_code: str
    state: CertificateState
    teacher_id: int
    teacher_name: str
    masked_id: str
    school_id: int | None
    school_code: str | None
    school_name: str | None
    year: int | None
    hours: str | None
    issued_at: datetime
    issued_by: str | None
    voided_at: datetime | None
    voided_by: str | None
    void_reason: str | None
    replaces_id: int | None
    replaces_serial: str | None
    replaced_by_serial: str | None
    payload: str | None
    version: int

    @property
    def state_label(self) -> str:
        """已发放 / 已补发 / 已作废."""
        return self.state.label

    @property
    def live(self) -> bool:
        """Issued or reissued, not voided."""
        return self.state is not CertificateState.VOIDED


@dataclass(frozen=True)
class IssueNote:
    """A teacher left out of an issue, and why (in Chinese)."""

    teacher_id: int
    name: str
    masked_id: str
    school_name: str
    reason: str


@dataclass(frozen=True)
class IssueOutcome:
    """What one issue did: certificates made, teachers refused (not qualified), skipped."""

    issued: tuple[CertificateRecord, ...]
    refused: tuple[IssueNote, ...]
    skipped: tuple[IssueNote, ...]


@dataclass(frozen=True)
class PrintOutcome:
    """A certificate PDF written and logged."""

    path: Path
    pages: int
    first_serial: str
    last_serial: str
    print_id: int


@dataclass(frozen=True)
class PrintRecord:
    """One line of the print log (打印记录)."""

    id: int
    printed_at: datetime
    printed_by: str
    school_id: int | None
    school_name: str | None
    count: int
    first_serial: str | None
    last_serial: str | None
    file_name: str | None
    pre_printed: bool


VerificationMethod = Literal["payload", "short_code", "unreadable"]


@dataclass(frozen=True)
class VerificationResult:
    """The answer to "is this certificate genuine and in force?", with the reason."""

    valid: bool
    message: str
    method: VerificationMethod
    serial: str | None = None
    teacher_name: str | None = None
    masked_id: str | None = None
    year: int | None = None
    hours: str | None = None
    issuer_code: str | None = None
    issuer_name: str | None = None
    state: CertificateState | None = None
    certificate_id: int | None = None

    @property
    def state_label(self) -> str | None:
        """The register state in Chinese, when this workspace's register knows it."""
        return self.state.label if self.state is not None else None


# ---------------------------------------------------------------- helpers


def sign_certificate(key: Ed25519PrivateKey, facts: CertificateFacts) -> SignedPayload:
    """The signed payload of ``facts`` (also used by the demo workspace)."""
    return SignedPayload(facts, key.sign(facts.message()))


def _payload_hours(payload: str | None) -> str | None:
    if not payload:
        return None
    parts = payload.split("|")
    return parts[5] if len(parts) == 8 else None


def _local_date(moment: datetime) -> date:
    return moment.astimezone().date()


def _describe(row: Certificate) -> str:
    return f"证书 {row.serial}（{row.teacher_name or ''}）"


def _teacher_order(school_code: str, subject: str | None, name: str) -> tuple[object, ...]:
    """Print order: school, then 学科 (code order of the national table), then surname pinyin.

    The roster has no class (班级), so teachers of one subject come together instead.
    """
    return (school_code, subject is None, subject or "", surname_sort_key(name))


def _require_reason(value: object, what: str) -> str:
    text = normalize_prose(value)
    if not text:
        raise ValidationError(f"请填写{what}的原因。", code="certificate.reason", field="reason")
    if len(text) > 200:
        raise ValidationError(
            f"{what}的原因太长（{len(text)} 个字），最多 200 个字。",
            code="certificate.reason",
            field="reason",
            value=text,
        )
    return text


def _get_setting(session: Session, key: str) -> object:
    text = session.scalar(select(AppSetting.value_json).where(AppSetting.key == key))
    return json.loads(text) if text else None


def _put_setting(session: Session, key: str, value: object) -> None:
    row = session.scalars(select(AppSetting).where(AppSetting.key == key)).one_or_none()
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    if row is None:
        session.add(AppSetting(key=key, value_json=text))
    elif row.value_json != text:
        row.value_json = text


def _default_issuer(session: Session) -> str:
    row = session.scalars(select(WorkspaceRow)).one()
    return f"{row.parent_name or ''}{row.region_name}教育局"


def _settings(session: Session) -> CertificateSettings:
    pattern = _get_setting(session, SETTING_PATTERN)
    issuer = _get_setting(session, SETTING_ISSUER)
    layout = _get_setting(session, SETTING_LAYOUT)
    return CertificateSettings(
        serial_pattern=str(pattern) if pattern else DEFAULT_SERIAL_PATTERN,
        issuer_name=str(issuer) if issuer else _default_issuer(session),
        layout=parse_layout(layout if isinstance(layout, Mapping) else None),
    )


def _clean_issuer(value: object) -> str:
    # Prose, not a code: full-width brackets stay as typed on the printed certificate.
    text = normalize_prose(value)
    if not text:
        raise ValidationError(
            "发证单位不能为空（例如 成都市温江区教育局）。", code="certificate.issuer",
            field="issuer_name",
        )  # fmt: skip
    if len(text) > MAX_ISSUER_LENGTH or "|" in text:
        raise ValidationError(
            f"发证单位“{text}”不正确：最多 {MAX_ISSUER_LENGTH} 个字，不能含有“|”。",
            code="certificate.issuer",
            field="issuer_name",
            value=text,
        )
    return text


def _record_query() -> Select[Certificate, Teacher, School, str, str]:
    replaces = aliased(Certificate)
    replaced_by = aliased(Certificate)
    return (
        select(Certificate, Teacher, School, replaces.serial, replaced_by.serial)
        .join(Teacher, Teacher.id == Certificate.teacher_id)
        .outerjoin(School, School.id == func.coalesce(Certificate.school_id, Teacher.school_id))
        .outerjoin(replaces, replaces.id == Certificate.replaces_id)
        .outerjoin(replaced_by, replaced_by.replaces_id == Certificate.id)
    )


def _record(
    row: Certificate,
    teacher: Teacher,
    school: School | None,
    replaces_serial: str | None,
    replaced_by_serial: str | None,
) -> CertificateRecord:
    return CertificateRecord(
        id=row.id,
        serial=row.serial,
        short_code=row.verification_code,
        state=CertificateState(row.state),
        teacher_id=row.teacher_id,
        teacher_name=row.teacher_name or teacher.name,
        masked_id=row.masked_id or mask_id_for_certificate(teacher.id_number),
        school_id=school.id if school else None,
        school_code=school.code if school else None,
        school_name=school.name if school else None,
        year=row.year,
        hours=_payload_hours(row.payload),
        issued_at=row.issued_at,
        issued_by=row.issued_by,
        voided_at=row.voided_at,
        voided_by=row.voided_by,
        void_reason=row.void_reason,
        replaces_id=row.replaces_id,
        replaces_serial=replaces_serial,
        replaced_by_serial=replaced_by_serial,
        payload=row.payload,
        version=row.version,
    )


def _records(session: Session, ids: Sequence[int]) -> list[CertificateRecord]:
    found: dict[int, CertificateRecord] = {}
    for start in range(0, len(ids), _IN_CHUNK):
        chunk = ids[start : start + _IN_CHUNK]
        for row in session.execute(_record_query().where(Certificate.id.in_(chunk))).all():
            found[row[0].id] = _record(*row)
    return [found[i] for i in ids if i in found]


class _Serials:
    """Hands out the next serial numbers of a pattern, scope by scope, within one write."""

    def __init__(self, session: Session, pattern: SerialPattern) -> None:
        self._session = session
        self._pattern = pattern
        self._next: dict[str, int] = {}

    def take(self, values: SerialValues) -> str:
        # Everything but the sequence number names the scope the sequence counts in.
        key = self._pattern.render(values, 0)
        seq = self._next.get(key)
        if seq is None:
            seq = 1
            prefix = self._pattern.prefix(values)
            for serial in self._session.scalars(
                select(Certificate.serial).where(
                    Certificate.serial.startswith(prefix, autoescape=True)
                )
            ):
                used = self._pattern.sequence_of(serial, values)
                if used is not None and used >= seq:
                    seq = used + 1
        self._next[key] = seq + 1
        return self._pattern.render(values, seq)


# ---------------------------------------------------------------- the service


class CertificateService:
    """The certificate register of one workspace."""

    def __init__(self, context: ServiceContext, keys: KeyService, hours: HoursService) -> None:
        self._context = context
        self._keys = keys
        self._hours = hours

    # ------------------------------------------------------------ settings

    def settings(self) -> CertificateSettings:
        """The serial pattern, issuing unit and print layout in force."""
        with self._context.read() as session:
            return _settings(session)

    def update_settings(
        self,
        *,
        serial_pattern: object = None,
        issuer_name: object = None,
        layout: CertificateLayout | Mapping[str, object] | None = None,
    ) -> CertificateSettings:
        """Change what is given (None leaves a setting as it is); returns the settings."""
        self._context.require(ADMIN_ROLES, "修改证书设置")
        pattern = parse_serial_pattern(serial_pattern) if serial_pattern is not None else None
        issuer = _clean_issuer(issuer_name) if issuer_name is not None else None
        if isinstance(layout, CertificateLayout):
            layout = layout.to_dict()
        chosen_layout = parse_layout(layout) if layout is not None else None
        with self._context.unit_of_work() as session:
            if pattern is not None:
                _put_setting(session, SETTING_PATTERN, pattern.text)
            if issuer is not None:
                _put_setting(session, SETTING_ISSUER, issuer)
            if chosen_layout is not None:
                _put_setting(session, SETTING_LAYOUT, chosen_layout.to_dict())
            session.flush()
            return _settings(session)

    # ------------------------------------------------------------ issuing

    def _require_issuer(self, action: str) -> None:
        self._context.require(ADMIN_ROLES, action)
        with self._context.read() as session:
            level = session.scalars(select(WorkspaceRow.level)).one()
        if level != WorkspaceLevel.COUNTY.value:
            raise ValidationError(
                f"合格证书由区县发放：当前是{WorkspaceLevel(level).label}工作区，不能{action}。",
                code="certificate.not_county",
            )

    def _verdicts(
        self, school_id: int | None, teacher_ids: Sequence[int] | None
    ) -> tuple[list[TeacherHours], list[IssueNote]]:
        """The hours verdicts of the chosen active teachers; inactive ones as notes."""
        if school_id is not None:
            with self._context.read() as session:
                if session.get(School, school_id) is None:
                    raise NotFoundError(
                        "找不到该学校，可能已被删除。请刷新后重试。", code="school.missing"
                    )
            return self._hours.teacher_hours(school_id=school_id), []
        wanted = list(dict.fromkeys(teacher_ids or ()))
        rows: list[tuple[int, str, str, int, str, str]] = []
        with self._context.read() as session:
            for start in range(0, len(wanted), _IN_CHUNK):
                rows += session.execute(
                    select(
                        Teacher.id,
                        Teacher.name,
                        Teacher.id_number,
                        Teacher.school_id,
                        Teacher.status,
                        School.name,
                    )
                    .join(School, School.id == Teacher.school_id)
                    .where(Teacher.id.in_(wanted[start : start + _IN_CHUNK]))
                ).all()
        missing = set(wanted) - {row[0] for row in rows}
        if missing:
            raise NotFoundError(
                f"找不到编号为 {min(missing)} 的教师，可能已被删除。请刷新后重试。",
                code="teacher.unknown",
            )
        inactive = [
            IssueNote(tid, name, mask_id_for_certificate(number), school, "教师已停用，不发证书。")
            for tid, name, number, _sid, status, school in rows
            if status != TeacherStatus.ACTIVE.value
        ]
        active = {row[0] for row in rows} - {note.teacher_id for note in inactive}
        schools = {row[3] for row in rows if row[0] in active}
        verdicts: list[TeacherHours] = []
        if len(schools) > _SCHOOL_PASSES:
            verdicts = [t for t in self._hours.teacher_hours() if t.teacher_id in active]
        else:
            for sid in sorted(schools):
                verdicts += [
                    t for t in self._hours.teacher_hours(school_id=sid) if t.teacher_id in active
                ]
        return verdicts, inactive

    def issue(
        self,
        *,
        school_id: int | None = None,
        teacher_ids: Sequence[int] | None = None,
        year: int | None = None,
    ) -> IssueOutcome:
        """Issue certificates to the qualified teachers of a school, or to chosen teachers.

        For a school, teachers who are not qualified are left out and listed with the reason
        (``refused``).  For chosen teachers it is all or nothing: one who is not qualified (or
        is inactive) refuses the whole action with the reasons.  Either way a teacher who
        already has a certificate is skipped (``skipped``): a second copy is a 补发 of the
        voided one.  Serials follow the print order.
        """
        if (school_id is None) == (teacher_ids is None):
            raise ValidationError(
                "请选择一所学校，或选择要发证的教师。", code="certificate.no_selection"
            )
        if teacher_ids is not None and not teacher_ids:
            raise ValidationError(
                "没有选择任何教师，请先选择要发证的教师。", code="certificate.no_selection"
            )
        if year is not None and not MIN_YEAR <= year <= MAX_YEAR:
            raise ValidationError(
                f"证书年度“{year}”不正确，应为 {MIN_YEAR} 至 {MAX_YEAR} 之间的年份。",
                code="certificate.year",
                field="year",
                value=year,
            )
        self._require_issuer("发放合格证书")
        verdicts, inactive = self._verdicts(school_id, teacher_ids)
        refused = list(inactive)
        candidates: list[TeacherHours] = []
        for teacher in verdicts:
            if teacher.qualified:
                candidates.append(teacher)
            else:
                refused.append(
                    IssueNote(
                        teacher.teacher_id,
                        teacher.name,
                        mask_id_for_certificate(teacher.id_number),
                        teacher.school_name,
                        "未达到发证条件：" + "".join(teacher.verdict.reasons),
                    )
                )
        if teacher_ids is not None and refused:
            shown = refused[:_NAMED_IN_MESSAGE]
            named = "；".join(f"{n.name}（{n.masked_id}）{n.reason}" for n in shown)
            more = f"等 {len(refused)} 名教师" if len(refused) > _NAMED_IN_MESSAGE else ""
            raise ValidationError(
                f"以下教师不能发证，本次没有发放任何证书：{named}{more}",
                code="certificate.not_qualified",
                details={"teacher_ids": [n.teacher_id for n in refused]},
            )
        key = self._keys.signing_key()
        issued_ids: list[int] = []
        skipped: list[IssueNote] = []
        with self._context.unit_of_work() as session:
            workspace = session.scalars(select(WorkspaceRow)).one()
            settings = _settings(session)
            pattern = parse_serial_pattern(settings.serial_pattern)
            chosen_year = year or workspace.current_cycle or date.today().year
            ids = [t.teacher_id for t in candidates]
            held: dict[int, tuple[str, str]] = {}
            subjects: dict[int, str | None] = {}
            for start in range(0, len(ids), _IN_CHUNK):
                chunk = ids[start : start + _IN_CHUNK]
                for tid, serial, state in session.execute(
                    select(Certificate.teacher_id, Certificate.serial, Certificate.state)
                    .where(Certificate.teacher_id.in_(chunk))
                    .order_by(Certificate.id)
                ).all():
                    # The newest certificate of the chain speaks for it.
                    held[tid] = (serial, state)
                subjects.update(
                    session.execute(
                        select(Teacher.id, Teacher.subject_code).where(Teacher.id.in_(chunk))
                    ).all()
                )
            to_issue: list[TeacherHours] = []
            for teacher in candidates:
                holding = held.get(teacher.teacher_id)
                if holding is None:
                    to_issue.append(teacher)
                    continue
                serial, state = holding
                reason = (
                    f"已有证书（编号 {serial}），不重复发放。"
                    if state in LIVE_STATES
                    else f"原证书（编号 {serial}）已作废，如需重新发证请使用“补发”。"
                )
                skipped.append(
                    IssueNote(
                        teacher.teacher_id,
                        teacher.name,
                        mask_id_for_certificate(teacher.id_number),
                        teacher.school_name,
                        reason,
                    )
                )
            if not to_issue:
                reasons = []
                if skipped:
                    reasons.append(f"{len(skipped)} 名已有证书")
                if refused:
                    reasons.append(f"{len(refused)} 名未达到发证条件")
                why = "，".join(reasons) if reasons else "没有在职教师"
                raise ValidationError(
                    f"没有可以发放证书的教师（{why}）。", code="certificate.nothing_to_issue"
                )
            to_issue.sort(
                key=lambda t: _teacher_order(t.school_code, subjects.get(t.teacher_id), t.name)
            )
            serials = _Serials(session, pattern)
            now = utcnow()
            actor = self._context.actor.username
            rows: list[Certificate] = []
            for teacher in to_issue:
                serial = serials.take(
                    SerialValues(chosen_year, workspace.region_code, teacher.school_code)
                )
                facts = make_facts(
                    serial=serial,
                    masked_id=mask_id_for_certificate(teacher.id_number),
                    name=teacher.name,
                    year=chosen_year,
                    hours=format_hours(teacher.verdict.counted_total),
                    issuer_code=workspace.region_code,
                )
                signed = sign_certificate(key, facts)
                rows.append(
                    Certificate(
                        serial=facts.serial,
                        teacher_id=teacher.teacher_id,
                        state=CertificateState.ISSUED.value,
                        verification_code=signed.short_code,
                        issued_at=now,
                        year=chosen_year,
                        school_id=teacher.school_id,
                        teacher_name=facts.name,
                        masked_id=facts.masked_id,
                        issued_by=actor,
                        payload=signed.text,
                    )
                )
            session.add_all(rows)
            session.flush()
            issued_ids = [row.id for row in rows]
            records = _records(session, issued_ids)
        return IssueOutcome(tuple(records), tuple(refused), tuple(skipped))

    def void(
        self, certificate_id: int, reason: object, *, version: int | None = None
    ) -> CertificateRecord:
        """Void a certificate (作废), with the reason; it then verifies as 已作废."""
        self._context.require(ADMIN_ROLES, "作废证书")
        text = _require_reason(reason, "作废")
        with self._context.unit_of_work() as session:
            row = self._get_row(session, certificate_id)
            if version is not None and row.version != version:
                raise stale_error()
            if row.state == CertificateState.VOIDED.value:
                when = _local_date(row.voided_at).isoformat() if row.voided_at else ""
                raise ValidationError(
                    f"{_describe(row)}已于 {when} 作废，不需要再次作废。",
                    code="certificate.already_voided",
                )
            row.state = CertificateState.VOIDED.value
            row.voided_at = utcnow()
            row.voided_by = self._context.actor.username
            row.void_reason = text
            session.flush()
            return _records(session, [row.id])[0]

    def reissue(self, certificate_id: int, reason: object = None) -> CertificateRecord:
        """补发: a new certificate (new serial, 已补发) replacing a voided one.

        The teacher's current name, ID and school are printed; the year and hours are those
        the voided certificate certified.  Qualification is not judged again: it was when the
        first certificate was issued.  Without a reason the voiding reason is recorded.
        """
        self._require_issuer("补发证书")
        given = normalize_prose(reason)
        text = _require_reason(given, "补发") if given else ""
        key = self._keys.signing_key()
        with self._context.unit_of_work() as session:
            old = self._get_row(session, certificate_id)
            text = text or f"原证书作废原因：{old.void_reason or '未说明'}"
            if old.state != CertificateState.VOIDED.value:
                raise ValidationError(
                    f"补发前请先作废原证书：{_describe(old)}目前的状态是"
                    f"“{CertificateState(old.state).label}”。",
                    code="certificate.not_voided",
                )
            newer = session.scalar(
                select(Certificate.serial).where(Certificate.replaces_id == old.id)
            )
            if newer is not None:
                raise ValidationError(
                    f"{_describe(old)}已经补发过（新证书编号 {newer}），不能再次补发；"
                    "如新证书也需要补发，请先作废新证书，再对它补发。",
                    code="certificate.already_reissued",
                )
            teacher = session.get(Teacher, old.teacher_id)
            if teacher is None:
                raise NotFoundError("找不到该证书的教师，可能已被删除。", code="teacher.unknown")
            school = session.get(School, teacher.school_id)
            assert school is not None  # teachers.school_id is a foreign key
            workspace = session.scalars(select(WorkspaceRow)).one()
            settings = _settings(session)
            year = old.year or workspace.current_cycle or date.today().year
            hours = _payload_hours(old.payload)
            if hours is None:
                verdict = next(
                    (
                        t
                        for t in self._hours.teacher_hours(school_id=school.id)
                        if t.teacher_id == teacher.id
                    ),
                    None,
                )
                hours = format_hours(verdict.verdict.counted_total if verdict else 0)
            serial = _Serials(session, parse_serial_pattern(settings.serial_pattern)).take(
                SerialValues(year, workspace.region_code, school.code)
            )
            facts = make_facts(
                serial=serial,
                masked_id=mask_id_for_certificate(teacher.id_number),
                name=teacher.name,
                year=year,
                hours=hours,
                issuer_code=workspace.region_code,
            )
            signed = sign_certificate(key, facts)
            row = Certificate(
                serial=facts.serial,
                teacher_id=teacher.id,
                state=CertificateState.REISSUED.value,
                verification_code=signed.short_code,
                issued_at=utcnow(),
                replaces_id=old.id,
                year=year,
                school_id=school.id,
                teacher_name=facts.name,
                masked_id=facts.masked_id,
                issued_by=self._context.actor.username,
                payload=signed.text,
            )
            session.add(row)
            session.flush()
            record_audit(
                session,
                action="reissue",
                entity="certificates",
                entity_id=row.id,
                summary=f"补发证书 {row.serial}，替代已作废的 {old.serial}：{text}",
                after={"replaces": old.serial, "reason": text},
            )
            return _records(session, [row.id])[0]

    # ------------------------------------------------------------ register

    @staticmethod
    def _get_row(session: Session, certificate_id: int) -> Certificate:
        row = session.get(Certificate, certificate_id)
        if row is None:
            raise NotFoundError(
                "找不到该证书，可能已被删除。请刷新后重试。", code="certificate.unknown"
            )
        return row

    def get(self, certificate_id: int) -> CertificateRecord:
        """One certificate of the register."""
        with self._context.read() as session:
            self._get_row(session, certificate_id)
            return _records(session, [certificate_id])[0]

    def find(self, serial: str) -> CertificateRecord:
        """A certificate by its serial (case and spaces as typed do not matter)."""
        text = normalize_compact(serial).upper()
        with self._context.read() as session:
            row_id = session.scalar(select(Certificate.id).where(Certificate.serial == text))
            if row_id is None:
                raise NotFoundError(
                    f"证书登记簿中没有编号为“{text}”的证书，请核对编号。",
                    code="certificate.unknown",
                    details={"serial": text},
                )
            return _records(session, [row_id])[0]

    def register(
        self,
        *,
        school_id: int | None = None,
        state: CertificateState | str | None = None,
        year: int | None = None,
        teacher_id: int | None = None,
        search: str | None = None,
    ) -> list[CertificateRecord]:
        """The register, by serial; filters: school, state, year, teacher, name/serial text."""
        query = _record_query().order_by(Certificate.serial)
        if school_id is not None:
            query = query.where(
                func.coalesce(Certificate.school_id, Teacher.school_id) == school_id
            )
        if state is not None:
            query = query.where(Certificate.state == CertificateState(state).value)
        if year is not None:
            query = query.where(Certificate.year == year)
        if teacher_id is not None:
            query = query.where(Certificate.teacher_id == teacher_id)
        text = normalize_text(search)
        if text:
            like = f"%{text.replace('%', '').replace('_', '')}%"
            query = query.where(
                Certificate.serial.ilike(like)
                | func.coalesce(Certificate.teacher_name, Teacher.name).like(like)
                | (Certificate.verification_code == text.upper())
            )
        with self._context.read() as session:
            return [_record(*row) for row in session.execute(query).all()]

    def prints(self) -> list[PrintRecord]:
        """The print log, newest first."""
        with self._context.read() as session:
            rows = session.execute(
                select(CertificatePrint, School.name)
                .outerjoin(School, School.id == CertificatePrint.school_id)
                .order_by(CertificatePrint.id.desc())
            ).all()
        out: list[PrintRecord] = []
        for row, school_name in rows:
            layout = json.loads(row.layout_json) if row.layout_json else {}
            out.append(
                PrintRecord(
                    id=row.id,
                    printed_at=row.printed_at,
                    printed_by=row.printed_by,
                    school_id=row.school_id,
                    school_name=school_name,
                    count=row.count,
                    first_serial=row.first_serial,
                    last_serial=row.last_serial,
                    file_name=row.file_name,
                    pre_printed=bool(layout.get("pre_printed")),
                )
            )
        return out

    # ------------------------------------------------------------ printing

    @audited_export("certificates", "证书", unit="页")
    def print_pdf(
        self,
        out: Path,
        *,
        school_id: int | None = None,
        certificate_ids: Sequence[int] | None = None,
        pre_printed: bool = False,
    ) -> PrintOutcome:
        """Write the chosen certificates into one PDF and log the print.

        A school prints all its certificates in force; chosen ones print as chosen, except
        that a voided certificate is refused.  Order: school, 学科, surname pinyin (no class
        field).  ``pre_printed`` draws only the data, for paper with the rest printed on it.
        """
        self._context.require(ADMIN_ROLES, "打印证书")
        if (school_id is None) == (certificate_ids is None):
            raise ValidationError(
                "请选择一所学校，或选择要打印的证书。", code="certificate.no_selection"
            )
        with self._context.read() as session:
            settings = _settings(session)
            query = _record_query()
            if school_id is not None:
                if session.get(School, school_id) is None:
                    raise NotFoundError(
                        "找不到该学校，可能已被删除。请刷新后重试。", code="school.missing"
                    )
                query = query.where(
                    func.coalesce(Certificate.school_id, Teacher.school_id) == school_id,
                    Certificate.state.in_(LIVE_STATES),
                )
                found = [(_record(*row), row[1].subject_code) for row in session.execute(query)]
            else:
                wanted = list(dict.fromkeys(certificate_ids or ()))
                found = []
                for start in range(0, len(wanted), _IN_CHUNK):
                    chunk = query.where(Certificate.id.in_(wanted[start : start + _IN_CHUNK]))
                    found += [
                        (_record(*row), row[1].subject_code) for row in session.execute(chunk)
                    ]
                if len(found) < len(wanted):
                    raise NotFoundError(
                        "要打印的证书中有的已不存在，请刷新后重试。", code="certificate.unknown"
                    )
        voided = [record for record, _ in found if not record.live]
        if voided:
            listed = "、".join(r.serial for r in voided[:_NAMED_IN_MESSAGE])
            raise ValidationError(
                f"已作废的证书不能打印：{listed}。如需新证书，请先补发。",
                code="certificate.print_voided",
            )
        if not found:
            raise ValidationError(
                "该校还没有可打印的证书，请先发放证书。", code="certificate.nothing_to_print"
            )
        missing = [record.serial for record, _ in found if not record.payload]
        if missing:
            raise ValidationError(
                f"证书 {'、'.join(missing[:_NAMED_IN_MESSAGE])} 缺少签名的验证信息"
                "（由旧版本程序登记），不能打印；请作废后补发。",
                code="certificate.no_payload",
            )
        found.sort(
            key=lambda pair: (
                *_teacher_order(pair[0].school_code or "", pair[1], pair[0].teacher_name),
                pair[0].serial,
            )
        )
        pages = [
            CertificatePage(
                serial=record.serial,
                short_code=record.short_code,
                payload=record.payload or "",
                name=record.teacher_name,
                masked_id=record.masked_id,
                school=record.school_name or "",
                year=record.year or _local_date(record.issued_at).year,
                hours=record.hours or "",
                issuer=settings.issuer_name,
                issued_on=_local_date(record.issued_at),
            )
            for record, _ in found
        ]
        count = write_certificates_pdf(out, pages, layout=settings.layout, pre_printed=pre_printed)
        # Chosen certificates of one school are that school's print too.
        schools = {record.school_id for record, _ in found}
        log_school = school_id
        if log_school is None and len(schools) == 1:
            log_school = schools.pop()
        where = str(out) if len(str(out)) <= _FILE_NAME_LIMIT else out.name[-_FILE_NAME_LIMIT:]
        with self._context.unit_of_work() as session:
            log = CertificatePrint(
                printed_by=self._context.actor.username,
                school_id=log_school,
                count=count,
                first_serial=pages[0].serial,
                last_serial=pages[-1].serial,
                file_name=where,
                layout_json=json.dumps(
                    {"pre_printed": pre_printed, "layout": settings.layout.to_dict()},
                    ensure_ascii=False,
                ),
            )
            session.add(log)
            session.flush()
            print_id = log.id
        return PrintOutcome(out, count, pages[0].serial, pages[-1].serial, print_id)

    # ------------------------------------------------------------ verification

    def verify(self, text: object) -> VerificationResult:
        """Check a scanned payload or a typed short code; never raises for a bad input."""
        try:
            kind, value = read_verification_input(text)
        except ValidationError as exc:
            return VerificationResult(False, exc.message, "unreadable")
        if kind == "payload":
            assert isinstance(value, SignedPayload)
            return self._verify_payload(value)
        assert isinstance(value, str)
        return self._verify_short_code(value)

    def _own_public(self) -> Ed25519PublicKey:
        return self._keys.signing_key().public_key()

    def _verify_payload(self, payload: SignedPayload) -> VerificationResult:
        facts = payload.facts
        message = facts.message()
        base = VerificationResult(
            False,
            "",
            "payload",
            serial=facts.serial,
            teacher_name=facts.name,
            masked_id=facts.masked_id,
            year=facts.year,
            hours=facts.hours,
            issuer_code=facts.issuer_code,
        )
        with self._context.read() as session:
            origin = workspace_origin(session)
            own_issuer = _settings(session).issuer_name
            known = session.execute(
                select(
                    KnownKey.org_name,
                    KnownKey.signing_public,
                    KnownKey.state,
                    KnownKey.revoke_reason,
                ).where(KnownKey.org_code == facts.issuer_code)
            ).all()
        candidates: list[tuple[str, bytes, str, str | None]] = []
        if facts.issuer_code == origin.code:
            candidates.append((own_issuer, raw_public(self._own_public()), "own", None))
        candidates += [
            (name, base64.b64decode(public), state, reason) for name, public, state, reason in known
        ]
        if not candidates:
            return replace(
                base,
                message=f"无法核验：本工作区没有登记发证单位（代码 {facts.issuer_code}）的公钥。"
                "请向发证单位索取公钥文件（.nltskey），电话核对指纹后在“密钥”中登记，再核验。",
            )
        for name, public, state, reason in candidates:
            try:
                Ed25519PublicKey.from_public_bytes(public).verify(payload.signature, message)
            except (InvalidSignature, ValueError):
                continue
            if state == "own":
                return self._check_register(replace(base, issuer_name=name), payload.text)
            if state == "revoked":
                return replace(
                    base,
                    issuer_name=name,
                    message=f"签名所用的{name}密钥已被吊销（{reason or '未说明理由'}），"
                    "该证书不能作为有效证书，请向发证单位核实。",
                )
            return replace(
                base,
                valid=True,
                issuer_name=name,
                message=f"签名有效：证书 {facts.serial}（{facts.name}，{facts.masked_id}）"
                f"由{name}签发。本工作区没有该单位的证书登记簿，是否已作废请向发证单位核实。",
            )
        issuer = candidates[0][0]
        return replace(
            base,
            issuer_name=issuer,
            message=f"签名不符：证书内容与签名对不上，内容可能被改动过，或不是{issuer}签发的证书。",
        )

    def _check_register(
        self, base: VerificationResult, presented: str | None
    ) -> VerificationResult:
        """The register's word on a certificate this workspace signed."""
        serial = base.serial or ""
        with self._context.read() as session:
            row = session.scalars(
                select(Certificate).where(Certificate.serial == serial)
            ).one_or_none()
            newer = (
                session.scalar(select(Certificate.serial).where(Certificate.replaces_id == row.id))
                if row is not None
                else None
            )
        if row is None:
            return replace(
                base,
                message=f"签名有效，但本工作区的证书登记簿中没有编号为 {serial} 的证书"
                "（登记簿可能是从较早的备份恢复的），请向发证单位核实。",
            )
        base = replace(base, certificate_id=row.id, state=CertificateState(row.state))
        if presented is not None and row.payload != presented:
            return replace(
                base, message=f"证书 {serial} 的内容与登记簿中的记录不一致，请向发证单位核实。"
            )
        who = f"{row.teacher_name}，{row.masked_id}"
        if row.state == CertificateState.VOIDED.value:
            when = _local_date(row.voided_at).isoformat() if row.voided_at else ""
            replaced = f"已补发新证书 {newer}。" if newer else ""
            return replace(
                base,
                message=f"证书 {serial}（{who}）已作废：{when} 因“{row.void_reason or '未说明'}”"
                f"作废。{replaced}",
            )
        issued = _local_date(row.issued_at)
        how = "补发" if row.state == CertificateState.REISSUED.value else "发放"
        return replace(
            base,
            valid=True,
            message=f"证书有效：{serial}（{who}），由{base.issuer_name}于{issued.year}年"
            f"{issued.month}月{issued.day}日{how}。",
        )

    def _verify_short_code(self, code: str) -> VerificationResult:
        with self._context.read() as session:
            row = session.scalars(
                select(Certificate).where(Certificate.verification_code == code)
            ).one_or_none()
            issuer = _settings(session).issuer_name
            code_of_issuer = session.scalars(select(WorkspaceRow.region_code)).one()
        if row is None:
            return VerificationResult(
                False,
                f"本工作区的证书登记簿中没有验证码 {code}。请核对输入；"
                "其他单位签发的证书请扫描证书上的二维码核验。",
                "short_code",
            )
        base = VerificationResult(
            False,
            "",
            "short_code",
            serial=row.serial,
            teacher_name=row.teacher_name,
            masked_id=row.masked_id,
            year=row.year,
            hours=_payload_hours(row.payload),
            issuer_code=code_of_issuer,
            issuer_name=issuer,
            certificate_id=row.id,
        )
        if not self._register_row_signed(row):
            return replace(
                base,
                message=f"证书 {row.serial} 的登记记录与签名不符，登记簿可能被改动过，"
                "请联系发证单位。",
            )
        return self._check_register(base, None)

    def _register_row_signed(self, row: Certificate) -> bool:
        """Whether a register row's payload is signed by this workspace and matches the row."""
        if not row.payload:
            return False
        try:
            _, value = read_verification_input(row.payload)
        except ValidationError:
            return False
        if not isinstance(value, SignedPayload):
            return False
        facts = value.facts
        if (facts.serial, value.short_code) != (row.serial, row.verification_code):
            return False
        try:
            self._own_public().verify(value.signature, facts.message())
        except InvalidSignature:
            return False
        return True
