"""The 工作领导小组 (leadership group): its people, 负责科室 and the bureau's opinion.

The Foshan plan (seed 004, 附件2) asks each district for its “提升工程2.0”工作小组名单: the
responsible office (负责科室), the 组长, 副组长 and 成员 with 姓名, 职务, 联系电话, 电子邮箱, and
the bureau's opinion with signature and seal.  The group is kept here (it also gives the
年度规划书 its 执行办负责人 and members), imported from that list and exported as it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from nlts_desktop.domain.errors import ValidationError
from nlts_desktop.domain.phone import normalize_phone
from nlts_desktop.domain.text import normalize_prose, normalize_text
from nlts_desktop.exchange.excel_reader import header_key
from nlts_desktop.exchange.forms_plan import (
    LEADERSHIP_ROLES,
    LeaderRow,
    read_leadership_form,
    write_leadership_form,
)
from nlts_desktop.services.audit import audited_export, record_import
from nlts_desktop.services.context import ADMIN_ROLES, ServiceContext
from nlts_desktop.services.plan_support import (
    PLAN_READERS,
    cell_issue,
    read_setting,
    rejected_error,
    workspace_facts,
    write_setting,
)
from nlts_desktop.services.reports import missing_data_error
from nlts_desktop.services.roster_import import RowIssue
from nlts_desktop.storage.models import LeadershipMember

OFFICE_KEY = "leadership.office"  # 负责科室
OPINION_KEY = "leadership.opinion"  # 区教育局意见
ROLES = ("leader", "deputy", "member")
ROLE_LABELS = dict(zip(ROLES, LEADERSHIP_ROLES, strict=True))  # leader → 组长
_ROLE_WORDS = {
    header_key(text): role
    for role, texts in (
        ("leader", ("组长", "leader")),
        ("deputy", ("副组长", "deputy")),
        ("member", ("成员", "组员", "member")),
    )
    for text in texts
}
_EMAIL = re.compile(r"^[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}$")
MAX_MEMBERS = 100
_LIMITS = {"name": 64, "position": 64, "unit": 128, "email": 128}
_OFFICE_LIMIT = 128
_OPINION_LIMIT = 2_000
_SHOWN = 5


@dataclass(frozen=True)
class LeadershipMemberRecord:
    """One person of the group as stored."""

    id: int
    group_role: str  # leader | deputy | member
    role_label: str  # 组长 | 副组长 | 成员
    name: str
    position: str  # 职务
    unit: str  # 单位
    phone: str
    email: str
    sort_order: int


@dataclass(frozen=True)
class MemberInput:
    """A person as entered: ``group_role`` is leader/deputy/member or 组长/副组长/成员."""

    group_role: str
    name: str
    position: str = ""
    unit: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class LeadershipGroup:
    """The group: 负责科室, the bureau's opinion and the people (组长, 副组长, 成员 in order)."""

    office: str
    opinion: str
    members: tuple[LeadershipMemberRecord, ...]

    def of_role(self, role: str) -> tuple[LeadershipMemberRecord, ...]:
        """The people of one role, in their order."""
        return tuple(m for m in self.members if m.group_role == role)

    @property
    def leaders(self) -> tuple[LeadershipMemberRecord, ...]:
        """组长."""
        return self.of_role("leader")

    @property
    def deputies(self) -> tuple[LeadershipMemberRecord, ...]:
        """副组长."""
        return self.of_role("deputy")

    @property
    def others(self) -> tuple[LeadershipMemberRecord, ...]:
        """成员."""
        return self.of_role("member")


@dataclass(frozen=True)
class LeadershipImport:
    """A checked 工作小组名单 file: what it would store."""

    file_name: str
    sheet: str
    office: str
    opinion: str
    members: tuple[MemberInput, ...]
    written: bool = False


def normalize_email(raw: object) -> str:
    """An e-mail address: full-width folded, trimmed; "" stays ""; else a clear refusal."""
    text = normalize_text(raw)
    if not text:
        return ""
    if len(text) > _LIMITS["email"] or not _EMAIL.match(text):
        raise ValidationError(
            f"电子邮箱“{text}”格式不正确，应写成 名称@域名 的形式，如 jsfz@wenjiang.gov.cn。",
            code="email.invalid",
            field="email",
            value=raw,
        )
    return text


def role_code(text: str) -> str:
    """leader / deputy / member for a code or its Chinese label; a clear refusal otherwise."""
    role = _ROLE_WORDS.get(header_key(text))
    if role is None:
        raise ValidationError(
            f"“{text}”不是工作小组中的职务类别，应为组长、副组长或成员。",
            code="leadership.role",
            field="group_role",
            value=text,
        )
    return role


_FIELD_LABELS = {"name": "姓名", "position": "职务", "unit": "单位"}


def clean_field(key: str, raw: object) -> str:
    """One field of a person checked: 姓名 required, lengths, phone and e-mail well formed."""
    if key == "phone":
        return normalize_phone(raw) if normalize_text(raw) else ""
    if key == "email":
        return normalize_email(raw)
    value = normalize_text(raw) if key == "name" else normalize_prose(raw)
    if key == "name" and not value:
        raise ValidationError("姓名不能为空。", code="leadership.name", field="name")
    if len(value) > _LIMITS[key]:
        raise ValidationError(
            f"{_FIELD_LABELS[key]}“{value[:20]}…”过长，请控制在 {_LIMITS[key]} 字以内。",
            code="leadership.too_long",
            field=key,
            value=value,
        )
    return value


def _clean_member(member: MemberInput) -> MemberInput:
    """One person checked: role known, then every field (see :func:`clean_field`)."""
    return MemberInput(
        group_role=role_code(member.group_role),
        name=clean_field("name", member.name),
        position=clean_field("position", member.position),
        unit=clean_field("unit", member.unit),
        phone=clean_field("phone", member.phone),
        email=clean_field("email", member.email),
    )


def _as_input(member: MemberInput | Mapping[str, object]) -> MemberInput:
    if isinstance(member, MemberInput):
        return member
    return MemberInput(
        **{
            key: "" if member.get(key) is None else str(member.get(key))
            for key in ("group_role", "name", "position", "unit", "phone", "email")
        }
    )


def _check_members(members: Sequence[MemberInput | Mapping[str, object]]) -> list[MemberInput]:
    """Every person checked; all problems in one refusal, each naming the person's place."""
    if len(members) > MAX_MEMBERS:
        raise ValidationError(
            f"工作小组最多 {MAX_MEMBERS} 人，当前为 {len(members)} 人。",
            code="leadership.too_many",
        )
    clean: list[MemberInput] = []
    problems: list[str] = []
    seen: dict[str, int] = {}
    for index, raw in enumerate(members, start=1):
        member = _as_input(raw)
        name = normalize_text(member.name)
        if name in seen:
            problems.append(
                f"第 {index} 位（{name}）：与第 {seen[name]} 位重名，"
                "同一人在工作小组中只能出现一次。"
            )
            continue
        if name:
            seen[name] = index
        try:
            clean.append(_clean_member(member))
        except ValidationError as exc:
            problems.append(f"第 {index} 位（{name or '未填姓名'}）：{exc.message}")
    if problems:
        more = f"另有 {len(problems) - _SHOWN} 处问题。" if len(problems) > _SHOWN else ""
        raise ValidationError(
            "工作小组名单有问题，没有保存：" + "".join(problems[:_SHOWN]) + more,
            code="leadership.invalid",
            details={"problems": problems},
        )
    return clean


def _clean_office(text: str) -> str:
    office = normalize_prose(text)
    if len(office) > _OFFICE_LIMIT:
        raise ValidationError(
            f"负责科室过长，请控制在 {_OFFICE_LIMIT} 字以内。",
            code="leadership.office",
            field="office",
        )
    return office


def _clean_opinion(text: str) -> str:
    opinion = normalize_prose(text, multiline=True)
    if len(opinion) > _OPINION_LIMIT:
        raise ValidationError(
            f"教育局意见过长，请控制在 {_OPINION_LIMIT} 字以内。",
            code="leadership.opinion",
            field="opinion",
        )
    return opinion


def load_group(session: Session) -> LeadershipGroup:
    """The group as stored, inside the caller's transaction."""
    order = {role: index for index, role in enumerate(ROLES)}
    rows = sorted(
        session.scalars(select(LeadershipMember)),
        key=lambda m: (order.get(m.group_role, len(order)), m.sort_order, m.id),
    )
    return LeadershipGroup(
        office=str(read_setting(session, OFFICE_KEY, "") or ""),
        opinion=str(read_setting(session, OPINION_KEY, "") or ""),
        members=tuple(
            LeadershipMemberRecord(
                id=row.id,
                group_role=row.group_role,
                role_label=ROLE_LABELS.get(row.group_role, row.group_role),
                name=row.name,
                position=row.position or "",
                unit=row.unit or "",
                phone=row.phone or "",
                email=row.email or "",
                sort_order=row.sort_order,
            )
            for row in rows
        ),
    )


class LeadershipService:
    """The leadership group: read, replace, 负责科室, opinion; import and export 附件2."""

    def __init__(self, context: ServiceContext) -> None:
        self._context = context

    def group(self) -> LeadershipGroup:
        """The group as stored (empty when never entered)."""
        with self._context.read() as session:
            return load_group(session)

    def replace_group(
        self,
        members: Sequence[MemberInput | Mapping[str, object]],
        *,
        office: str | None = None,
        opinion: str | None = None,
    ) -> LeadershipGroup:
        """Replace the people (in the given order) and, when given, 负责科室 and the opinion.

        Each person is checked (role, 姓名, 职务, phone, e-mail); any problem refuses the whole
        list.  A person kept under the same name keeps their record.  One transaction.
        """
        self._context.require(ADMIN_ROLES, "修改工作领导小组")
        clean = _check_members(members)
        office_text = None if office is None else _clean_office(office)
        opinion_text = None if opinion is None else _clean_opinion(opinion)
        with self._context.unit_of_work() as session:
            self._store(session, clean)
            if office_text is not None:
                write_setting(session, OFFICE_KEY, office_text)
            if opinion_text is not None:
                write_setting(session, OPINION_KEY, opinion_text)
            return load_group(session)

    @staticmethod
    def _store(session: Session, members: Sequence[MemberInput]) -> None:
        existing = {row.name: row for row in session.scalars(select(LeadershipMember))}
        wanted = {m.name for m in members}
        for name, old in existing.items():
            if name not in wanted:
                session.delete(old)
        counters = dict.fromkeys(ROLES, 0)
        for member in members:
            row = existing.get(member.name)
            if row is None:
                row = LeadershipMember(name=member.name, group_role=member.group_role)
                session.add(row)
            values: dict[str, object] = {
                "group_role": member.group_role,
                "position": member.position or None,
                "unit": member.unit or None,
                "phone": member.phone or None,
                "email": member.email or None,
                "sort_order": counters[member.group_role],
            }
            counters[member.group_role] += 1
            for key, value in values.items():
                if getattr(row, key) != value:
                    setattr(row, key, value)

    def set_office(self, office: str) -> LeadershipGroup:
        """Store the 负责科室 (e.g. 教师发展中心)."""
        self._context.require(ADMIN_ROLES, "修改工作领导小组")
        text = _clean_office(office)
        with self._context.unit_of_work() as session:
            write_setting(session, OFFICE_KEY, text)
            return load_group(session)

    def set_opinion(self, opinion: str) -> LeadershipGroup:
        """Store the bureau's opinion (区教育局意见); line breaks kept."""
        self._context.require(ADMIN_ROLES, "修改工作领导小组")
        text = _clean_opinion(opinion)
        with self._context.unit_of_work() as session:
            write_setting(session, OPINION_KEY, text)
            return load_group(session)

    def missing(self) -> list[str]:
        """What the 工作小组名单 still lacks (empty when it can be exported)."""
        return _missing(self.group())

    # ------------------------------------------------------------------ import

    def read_file(self, path: Path) -> LeadershipImport:
        """Read and check a 工作小组名单 workbook; nothing is written (all problems listed)."""
        self._context.require(ADMIN_ROLES, "导入工作领导小组名单")
        form = read_leadership_form(path)
        issues: list[RowIssue] = []
        members: list[MemberInput] = []
        seen: dict[str, int] = {}
        for person in form.people:
            try:
                role = role_code(person.role.text)
            except ValidationError:
                issues.append(
                    cell_issue(person.role, "职务类别应为组长、副组长或成员。", "leadership.role")
                )
                continue
            values: dict[str, str] = {}
            for key, cell in (
                ("name", person.name),
                ("position", person.position),
                ("phone", person.phone),
                ("email", person.email),
            ):
                if cell is None:
                    continue
                try:
                    values[key] = clean_field(key, cell.text)
                except ValidationError as exc:
                    issues.append(cell_issue(cell, exc.message, exc.code))
            if len(values) < 3 + (person.email is not None):
                continue
            name = values["name"]
            if name in seen:
                issues.append(
                    cell_issue(
                        person.name,
                        f"与第 {seen[name]} 行重名，同一人在工作小组中只能出现一次。",
                        "leadership.duplicate",
                    )
                )
                continue
            seen[name] = person.row
            members.append(MemberInput(group_role=role, **values))
        if not form.office.text:
            issues.append(
                cell_issue(form.office, "负责科室不能为空，请填写。", "leadership.office_empty")
            )
        else:
            try:
                _clean_office(form.office.text)
            except ValidationError as exc:
                issues.append(cell_issue(form.office, exc.message, exc.code))
        if not form.people and not issues:
            issues.append(
                RowIssue(
                    0,
                    "姓名",
                    "",
                    "名单中没有任何人员，请填写组长、副组长和成员。",
                    "leadership.empty",
                )
            )
        if issues:
            raise rejected_error(path.name, form.sheet, issues, code="leadership_file.rejected")
        return LeadershipImport(
            file_name=path.name,
            sheet=form.sheet,
            office=_clean_office(form.office.text),
            opinion=_clean_opinion(form.opinion),
            members=tuple(members),
        )

    def import_file(self, path: Path) -> LeadershipImport:
        """Read, check and store a 工作小组名单 (replacing the group; all or nothing).

        The form has no 单位 column: a person already in the group keeps their 单位.
        """
        checked = self.read_file(path)
        self._context.require(ADMIN_ROLES, "导入工作领导小组名单")
        self._context.checkpoint("before-import")
        with self._context.unit_of_work() as session:
            units = {row.name: row.unit or "" for row in session.scalars(select(LeadershipMember))}
            members = [
                MemberInput(
                    group_role=m.group_role,
                    name=m.name,
                    position=m.position,
                    unit=units.get(m.name, ""),
                    phone=m.phone,
                    email=m.email,
                )
                for m in checked.members
            ]
            self._store(session, members)
            write_setting(session, OFFICE_KEY, checked.office)
            write_setting(session, OPINION_KEY, checked.opinion)
            record_import(
                session,
                entity=LeadershipMember.__tablename__,
                what="工作领导小组名单",
                path=path,
                counts=f"{len(members)} 人",
            )
        return LeadershipImport(
            file_name=checked.file_name,
            sheet=checked.sheet,
            office=checked.office,
            opinion=checked.opinion,
            members=tuple(members),
            written=True,
        )

    # ------------------------------------------------------------------ 附件2

    @audited_export("leadership_members", "工作领导小组名单", unit="人")
    def leadership_form(
        self, out: Path, *, unit: str | None = None, filled_on: date | None = None
    ) -> int:
        """附件2 工作小组名单; refused with the list when something required is missing.

        Required: 负责科室, a 组长, and for every person 职务 and 联系电话 (电子邮箱 may stay
        empty).  ``unit`` (报送单位) defaults to the region's 教育局.  Returns the people.
        """
        self._context.require(PLAN_READERS, "导出工作领导小组名单")
        with self._context.read() as session:
            facts = workspace_facts(session)
            group = load_group(session)
        problems = _missing(group)
        if problems:
            raise missing_data_error("工作小组名单", problems)
        groups = [
            (
                ROLE_LABELS[role],
                [LeaderRow(m.name, m.position, m.phone, m.email) for m in group.of_role(role)],
            )
            for role in ROLES
        ]
        return write_leadership_form(
            out,
            region=facts.region_name,
            unit=unit or f"{facts.full_region}教育局",
            filled_on=filled_on or date.today(),
            office=group.office,
            groups=groups,
            bureau=f"{facts.region_name}教育局",
            opinion=group.opinion,
        )


def _missing(group: LeadershipGroup) -> list[str]:
    problems: list[str] = []
    if not group.office:
        problems.append("没有填写负责科室")
    if not group.leaders:
        problems.append("没有组长")
    for member in group.members:
        lacks = [
            label
            for label, value in (("职务", member.position), ("联系电话", member.phone))
            if not value
        ]
        if lacks:
            problems.append(f"{member.role_label}“{member.name}”缺少{'、'.join(lacks)}")
    return problems
