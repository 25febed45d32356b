"""Training institutions (承训机构), training projects (培训项目) and enrolments (参训)."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal, InvalidOperation
from numbers import Real

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from nlts_desktop.domain.codes import code_table
from nlts_desktop.domain.enums import Gender, TeacherStatus
from nlts_desktop.domain.errors import DuplicateError, NotFoundError, ValidationError
from nlts_desktop.domain.hour_rules import format_hours, validate_hours
from nlts_desktop.domain.idcard import mask_id_number
from nlts_desktop.domain.phone import normalize_phone
from nlts_desktop.domain.presets import Preset, parse_preset
from nlts_desktop.domain.roster import parse_date, validate_person_name
from nlts_desktop.domain.text import normalize_compact, normalize_text
from nlts_desktop.services.context import ADMIN_ROLES, ServiceContext, stale_error
from nlts_desktop.storage.audit import record_audit
from nlts_desktop.storage.base import utcnow
from nlts_desktop.storage.bulk import BulkInserter
from nlts_desktop.storage.models import (
    Enrollment,
    EnrollmentChange,
    HourRecord,
    Institution,
    ProjectYearHours,
    School,
    Teacher,
    TrainingProject,
    WorkspaceRow,
)

ENROLLED = "enrolled"
REPLACED = "replaced"
# Sanity limits: a value past them is almost always a unit mix-up (元 typed as 万元, minutes
# typed as hours), so it is refused with a hint instead of stored.
MAX_PROJECT_HOURS = 1000.0
MAX_BUDGET_WAN = Decimal(10_000)
MAX_PLANNED = 1_000_000
_YUAN_PER_WAN = Decimal(10_000)
_LEVEL_ORDER = {code: i for i, code in enumerate(code_table("project_levels").codes())}


# ---------------------------------------------------------------- plain values


@dataclass(frozen=True)
class InstitutionRecord:
    """A training institution (承训机构) as the UI and the forms see it."""

    id: int
    name: str
    contact_name: str | None
    phone: str | None
    note: str | None
    version: int


@dataclass(frozen=True)
class YearHours:
    """Hours a cross-year project registers in one year (分年度学时)."""

    year: int
    hours: float


@dataclass(frozen=True)
class ProjectRecord:
    """A training project (培训项目) with its institution and enrolment count."""

    id: int
    year: int
    level_code: str
    level_name: str
    name: str
    summary: str | None
    institution_id: int | None
    institution_name: str | None
    hours_offered: float
    planned_count: int
    budget_yuan: int
    funding_source_code: str | None
    funding_source_name: str | None
    start_date: date | None
    end_date: date | None
    year_hours: tuple[YearHours, ...]
    enrolled_count: int
    version: int

    @property
    def budget_wan(self) -> float:
        """项目经费 in 万元, as the 项目设计表 prints it."""
        return float(Decimal(self.budget_yuan) / _YUAN_PER_WAN)


@dataclass(frozen=True)
class EnrollResult:
    """How many teachers an enrolment added, and how many were already in the project."""

    added: int
    skipped: int


@dataclass(frozen=True)
class EnrolledTeacher:
    """A teacher enrolled in a project (status ``enrolled`` or ``replaced``)."""

    teacher_id: int
    id_number: str
    name: str
    gender: str
    phone: str | None
    school_id: int
    school_code: str
    school_name: str
    enrolled_on: date | None
    status: str


@dataclass(frozen=True)
class ChangeParty:
    """One side of a replacement, with what the 参训人员变更信息表 prints for it."""

    teacher_id: int
    name: str
    gender_label: str
    school_name: str
    phone: str | None


@dataclass(frozen=True)
class ChangeRecord:
    """A replacement 原报送人员 → 变更人员: one pair of rows of the 参训人员变更信息表."""

    id: int
    project_id: int
    project_name: str
    institution_name: str | None
    original: ChangeParty
    replacement: ChangeParty
    reason: str | None
    change_date: date


# ---------------------------------------------------------------- field readers


def workspace_preset(session: Session) -> Preset:
    """The programme rules in force (the workspace's own copy of its preset)."""
    row = session.scalars(select(WorkspaceRow)).one()
    return parse_preset(json.loads(row.preset_json), source="工作区规则")


def years_text(years: Iterable[int]) -> str:
    """Programme years for a message: 2020、2021、2022."""
    return "、".join(str(year) for year in years)


def parse_programme_year(value: object, preset: Preset, *, field: str = "year") -> int:
    """A year (2021, "2021", "2021年") that must be one of the preset's programme years."""
    text = normalize_compact(value).removesuffix("年度").removesuffix("年")
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    if not text:
        raise ValidationError(
            f"年度不能为空，请填写工程年份之一（{years_text(preset.years)}）。",
            code="year.empty",
            field=field,
        )
    if isinstance(value, bool) or not re.fullmatch(r"\d{4}", text):
        raise ValidationError(
            f"“{normalize_text(value)}”不是有效的年度，请填写 4 位年份，例如 {preset.years[0]}。",
            code="year.invalid",
            field=field,
            value=value,
        )
    year = int(text)
    if year not in preset.years:
        raise ValidationError(
            f"年度 {year} 不在本工作区规则（{preset.name}）的工程年份 "
            f"{years_text(preset.years)} 之内，请填写工程期内的年度。",
            code="year.outside_programme",
            field=field,
            value=value,
        )
    return year


def _text(raw: Mapping[str, object], key: str, label: str, limit: int) -> str | None:
    text = normalize_text(raw.get(key))
    if len(text) > limit:
        raise ValidationError(
            f"{label}“{text[:20]}…”太长（{len(text)} 个字），最多 {limit} 个字。",
            code="text.too_long",
            field=key,
            value=text,
        )
    return text or None


def _required_text(raw: Mapping[str, object], key: str, label: str, limit: int) -> str:
    text = _text(raw, key, label, limit)
    if text is None:
        raise ValidationError(f"{label}不能为空，请填写。", code=f"{key}.empty", field=key)
    return text


def _optional_phone(raw: Mapping[str, object], key: str) -> str | None:
    value = raw.get(key)
    if value is None or normalize_text(value) == "":
        return None
    try:
        return normalize_phone(value)
    except ValidationError as exc:
        raise ValidationError(exc.message, code=exc.code, field=key, value=value) from exc


def _optional_date(raw: Mapping[str, object], key: str) -> date | None:
    return parse_date(raw.get(key), field=key)


def _count(raw: Mapping[str, object], key: str, label: str) -> int:
    value = raw.get(key)
    text = normalize_compact(value).removesuffix("人")
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    if not text:
        return 0
    if isinstance(value, bool) or not re.fullmatch(r"\d+", text):
        raise ValidationError(
            f"{label}“{normalize_text(value)}”不是有效的人数，请填写不小于 0 的整数。",
            code=f"{key}.invalid",
            field=key,
            value=value,
        )
    number = int(text)
    if number > MAX_PLANNED:
        raise ValidationError(
            f"{label} {number} 过大，请核对。", code=f"{key}.too_large", field=key, value=value
        )
    return number


def parse_budget_wan(value: object, *, field: str = "budget") -> int:
    """项目经费 typed in 万元 ("12.5", "12.5万元", 12.5) as integer 元 (125000)."""
    if value is None or (isinstance(value, str) and not normalize_text(value)):
        return 0
    shown = normalize_text(value)
    amount: Decimal | None = None
    if isinstance(value, Real | Decimal) and not isinstance(value, bool):
        if isinstance(value, Decimal) or math.isfinite(float(value)):
            # str() of a float is its shortest repr (12.5, not 12.4999…), so 万元 stay exact.
            amount = Decimal(str(value))
    elif isinstance(value, str):
        text = normalize_compact(value).replace(",", "").removesuffix("元").removesuffix("万")
        if re.fullmatch(r"-?(\d+(\.\d+)?|\.\d+)", text):
            try:
                amount = Decimal(text)
            except InvalidOperation:
                amount = None
    if amount is None or not amount.is_finite():
        raise ValidationError(
            f"项目经费“{shown}”不是有效的金额，请填写以万元为单位的数字，例如 12.5。",
            code="budget.invalid",
            field=field,
            value=value,
        )
    if amount < 0:
        raise ValidationError(
            f"项目经费不能为负数，当前为 {shown} 万元。",
            code="budget.negative",
            field=field,
            value=value,
        )
    if amount > MAX_BUDGET_WAN:
        raise ValidationError(
            f"项目经费 {shown} 万元（即 {amount / _YUAN_PER_WAN:f} 亿元）过大。"
            "经费以万元为单位填写，如果填写的是元，请除以 10000。",
            code="budget.too_large",
            field=field,
            value=value,
        )
    yuan = amount * _YUAN_PER_WAN
    if yuan != yuan.to_integral_value():
        raise ValidationError(
            f"项目经费 {shown} 万元精确到了元以下，请最多保留 4 位小数（1 元 = 0.0001 万元）。",
            code="budget.precision",
            field=field,
            value=value,
        )
    return int(yuan)


def parse_offered_hours(value: object, preset: Preset, *, field: str = "hours") -> float:
    """A project's hours offered: the ledger's rules (> 0, in steps) without the one-day cap."""
    # A project runs over many days, so the per-day maximum of a single entry does not apply.
    rule = replace(preset.hours, max_hours_per_day=math.inf)
    if value is None or (isinstance(value, str) and not normalize_text(value)):
        raise ValidationError(
            "项目学时不能为空，请填写该项目提供的学时数，例如 30。",
            code="hours.empty",
            field=field,
        )
    hours = validate_hours(value, field=field, rule=rule)
    if hours > MAX_PROJECT_HOURS:
        raise ValidationError(
            f"项目提供的学时 {format_hours(hours)} 过多（最多 {format_hours(MAX_PROJECT_HOURS)} "
            "学时），请核对是否把分钟或课时数填成了学时。",
            code="hours.project_too_many",
            field=field,
            value=value,
        )
    return hours


def half_hours(hours: float) -> int:
    """Hours (multiples of 0.5) as the stored integer half-hours."""
    return round(hours * 2)


# ---------------------------------------------------------------- row helpers


def _institution_record(row: Institution) -> InstitutionRecord:
    return InstitutionRecord(
        id=row.id,
        name=row.name,
        contact_name=row.contact_name,
        phone=row.phone,
        note=row.note,
        version=row.version,
    )


def get_project_row(session: Session, project_id: int) -> TrainingProject:
    """A project row, or NotFoundError in Chinese."""
    row = session.get(TrainingProject, project_id)
    if row is None:
        raise NotFoundError(
            f"找不到编号为 {project_id} 的培训项目，它可能已被删除。", code="project.unknown"
        )
    return row


def _gender_label(gender: str) -> str:
    try:
        return Gender(gender).label
    except ValueError:
        return ""


def _teacher_label(teacher: Teacher) -> str:
    return f"“{teacher.name}”（{mask_id_number(teacher.id_number)}）"


@dataclass(frozen=True)
class _CleanProject:
    year: int
    level_code: str
    name: str
    summary: str | None
    institution_ref: object
    offered_half_hours: int
    planned_count: int
    budget_yuan: int
    funding_source: str | None
    start_date: date | None
    end_date: date | None


class ProjectService:
    """Use cases on institutions, projects and enrolments, one transaction each.

    The county administrator writes; every role reads.
    """

    def __init__(self, context: ServiceContext) -> None:
        self._context = context

    # ------------------------------------------------------------ institutions

    @staticmethod
    def _clean_institution(fields: Mapping[str, object]) -> dict[str, str | None]:
        return {
            "name": _required_text(fields, "name", "培训机构名称", 128),
            "contact_name": (
                validate_person_name(fields.get("contact_name"), field="contact_name")
                if normalize_text(fields.get("contact_name"))
                else None
            ),
            "phone": _optional_phone(fields, "phone"),
            "note": _text(fields, "note", "备注", 2000),
        }

    @staticmethod
    def _check_institution_unique(session: Session, name: str, own_id: int | None) -> None:
        other = session.scalars(select(Institution).where(Institution.name == name)).first()
        if other is not None and other.id != own_id:
            raise DuplicateError(
                f"培训机构“{name}”已经登记过了，同一个机构不能登记两次。",
                code="institution.duplicate",
                details={"field": "name", "value": name},
            )

    def create_institution(self, fields: Mapping[str, object]) -> InstitutionRecord:
        """Register a training institution (name, contact_name, phone, note)."""
        self._context.require(ADMIN_ROLES, "登记培训机构")
        clean = self._clean_institution(fields)
        with self._context.unit_of_work() as session:
            self._check_institution_unique(session, str(clean["name"]), None)
            row = Institution(**clean)
            session.add(row)
            session.flush()
            return _institution_record(row)

    def update_institution(
        self, institution_id: int, fields: Mapping[str, object], *, version: int | None = None
    ) -> InstitutionRecord:
        """Edit an institution; ``version`` from the record read makes a stale edit fail."""
        self._context.require(ADMIN_ROLES, "修改培训机构")
        clean = self._clean_institution(fields)
        with self._context.unit_of_work() as session:
            row = self._institution_row(session, institution_id)
            if version is not None and row.version != version:
                raise stale_error()
            self._check_institution_unique(session, str(clean["name"]), row.id)
            for key, value in clean.items():
                setattr(row, key, value)
            session.flush()
            return _institution_record(row)

    @staticmethod
    def _institution_row(session: Session, institution_id: int) -> Institution:
        row = session.get(Institution, institution_id)
        if row is None:
            raise NotFoundError(
                f"找不到编号为 {institution_id} 的培训机构，它可能已被删除。",
                code="institution.unknown",
            )
        return row

    def get_institution(self, institution_id: int) -> InstitutionRecord:
        """One institution by id."""
        with self._context.read() as session:
            return _institution_record(self._institution_row(session, institution_id))

    def list_institutions(self) -> list[InstitutionRecord]:
        """Every institution, in the order registered (the 序号 of the 培训机构名单)."""
        with self._context.read() as session:
            rows = session.scalars(select(Institution).order_by(Institution.id))
            return [_institution_record(row) for row in rows]

    @staticmethod
    def _resolve_institution(session: Session, ref: object) -> Institution | None:
        if ref is None or (isinstance(ref, str) and not normalize_text(ref)):
            return None
        if isinstance(ref, int) and not isinstance(ref, bool):
            row = session.get(Institution, ref)
        else:
            name = normalize_text(ref)
            row = session.scalars(select(Institution).where(Institution.name == name)).first()
        if row is None:
            known = session.scalars(select(Institution.name).order_by(Institution.id)).all()
            listed = "、".join(known[:10]) + ("等" if len(known) > 10 else "")
            hint = f"已登记的机构有：{listed}。" if known else "目前还没有登记任何培训机构。"
            raise NotFoundError(
                f"找不到培训机构“{normalize_text(ref)}”。{hint}请先在“培训机构”中登记。",
                code="institution.unknown",
                details={"field": "institution", "value": ref},
            )
        return row

    # ------------------------------------------------------------ projects

    def _clean_project(self, fields: Mapping[str, object], preset: Preset) -> _CleanProject:
        year = parse_programme_year(fields.get("year"), preset)
        level_text = normalize_text(fields.get("level"))
        if not level_text:
            raise ValidationError(
                "项目级别不能为空，请填写 国家级、省级、市级、县级 或 校级（也可写 国培、省培）。",
                code="project.level_empty",
                field="level",
            )
        level = code_table("project_levels").lookup(level_text, field_name="level")
        name = _required_text(fields, "name", "项目名称", 255)
        funding_text = normalize_text(fields.get("funding_source"))
        funding = (
            code_table("funding_sources").lookup(funding_text, field_name="funding_source").code
            if funding_text
            else None
        )
        start = _optional_date(fields, "start_date")
        end = _optional_date(fields, "end_date")
        if start is not None and end is not None and end < start:
            raise ValidationError(
                f"结束日期 {end.isoformat()} 早于开始日期 {start.isoformat()}，请核对。",
                code="project.dates",
                field="end_date",
                value=end,
            )
        return _CleanProject(
            year=year,
            level_code=level.code,
            name=name,
            summary=_text(fields, "summary", "项目简介", 4000),
            institution_ref=fields.get("institution"),
            offered_half_hours=half_hours(parse_offered_hours(fields.get("hours"), preset)),
            planned_count=_count(fields, "planned_count", "培训人数"),
            budget_yuan=parse_budget_wan(fields.get("budget")),
            funding_source=funding,
            start_date=start,
            end_date=end,
        )

    @staticmethod
    def _check_project_unique(session: Session, clean: _CleanProject, own_id: int | None) -> None:
        other = session.scalars(
            select(TrainingProject).where(
                TrainingProject.year == clean.year, TrainingProject.name == clean.name
            )
        ).first()
        if other is not None and other.id != own_id:
            raise DuplicateError(
                f"{clean.year} 年度已有名为“{clean.name}”的培训项目，同一年度的项目名称不能重复。",
                code="project.duplicate",
                details={"field": "name", "value": clean.name},
            )

    def create_project(self, fields: Mapping[str, object]) -> ProjectRecord:
        """Register a project from raw values (year, level, name, hours, budget in 万元, …)."""
        self._context.require(ADMIN_ROLES, "登记培训项目")
        with self._context.unit_of_work() as session:
            clean = self._clean_project(fields, workspace_preset(session))
            institution = self._resolve_institution(session, clean.institution_ref)
            self._check_project_unique(session, clean, None)
            row = TrainingProject()
            self._apply_project(row, clean, institution)
            session.add(row)
            session.flush()
            return self._project_records(session, [row])[0]

    def update_project(
        self, project_id: int, fields: Mapping[str, object], *, version: int | None = None
    ) -> ProjectRecord:
        """Edit a project (all fields, as for :meth:`create_project`)."""
        self._context.require(ADMIN_ROLES, "修改培训项目")
        with self._context.unit_of_work() as session:
            clean = self._clean_project(fields, workspace_preset(session))
            row = get_project_row(session, project_id)
            if version is not None and row.version != version:
                raise stale_error()
            institution = self._resolve_institution(session, clean.institution_ref)
            self._check_project_unique(session, clean, row.id)
            self._check_hours_still_fit(session, row, clean.offered_half_hours)
            self._apply_project(row, clean, institution)
            session.flush()
            return self._project_records(session, [row])[0]

    @staticmethod
    def _check_hours_still_fit(session: Session, row: TrainingProject, offered: int) -> None:
        registered = session.scalar(
            select(func.coalesce(func.sum(ProjectYearHours.half_hours), 0)).where(
                ProjectYearHours.project_id == row.id
            )
        )
        if registered and registered > offered:
            raise ValidationError(
                f"项目“{row.name}”已分年度登记了 {format_hours(registered / 2)} 学时，"
                f"不能把项目学时改为少于这个数；请先修改分年度学时。",
                code="project.hours_below_years",
                field="hours",
            )
        per_teacher = (
            select(func.sum(HourRecord.half_hours).label("total"))
            .where(HourRecord.project_id == row.id)
            .group_by(HourRecord.teacher_id)
            .subquery()
        )
        most = session.scalar(select(func.max(per_teacher.c.total)))
        if most and most > offered:
            raise ValidationError(
                f"已有教师在项目“{row.name}”登记了 {format_hours(most / 2)} 学时，"
                f"项目学时不能改为少于这个数。",
                code="project.hours_below_records",
                field="hours",
            )

    @staticmethod
    def _apply_project(
        row: TrainingProject, clean: _CleanProject, institution: Institution | None
    ) -> None:
        row.year = clean.year
        row.level_code = clean.level_code
        row.name = clean.name
        row.summary = clean.summary
        row.institution_id = institution.id if institution else None
        row.offered_half_hours = clean.offered_half_hours
        row.planned_count = clean.planned_count
        row.budget_yuan = clean.budget_yuan
        row.funding_source = clean.funding_source
        row.start_date = clean.start_date
        row.end_date = clean.end_date

    @staticmethod
    def _project_records(session: Session, rows: Sequence[TrainingProject]) -> list[ProjectRecord]:
        ids = [row.id for row in rows]
        institutions = {
            iid: name for iid, name in session.execute(select(Institution.id, Institution.name))
        }
        counts = {
            pid: int(n)
            for pid, n in session.execute(
                select(Enrollment.project_id, func.count())
                .where(Enrollment.project_id.in_(ids), Enrollment.status == ENROLLED)
                .group_by(Enrollment.project_id)
            )
        }
        years: dict[int, list[YearHours]] = {}
        for pid, year, halves in session.execute(
            select(ProjectYearHours.project_id, ProjectYearHours.year, ProjectYearHours.half_hours)
            .where(ProjectYearHours.project_id.in_(ids))
            .order_by(ProjectYearHours.year)
        ):
            years.setdefault(pid, []).append(YearHours(year=year, hours=halves / 2))
        levels = code_table("project_levels")
        funding = code_table("funding_sources")
        return [
            ProjectRecord(
                id=row.id,
                year=row.year,
                level_code=row.level_code,
                level_name=levels.name_of(row.level_code),
                name=row.name,
                summary=row.summary,
                institution_id=row.institution_id,
                institution_name=institutions.get(row.institution_id)
                if row.institution_id
                else None,
                hours_offered=row.offered_half_hours / 2,
                planned_count=row.planned_count,
                budget_yuan=row.budget_yuan,
                funding_source_code=row.funding_source,
                funding_source_name=funding.name_of(row.funding_source)
                if row.funding_source
                else None,
                start_date=row.start_date,
                end_date=row.end_date,
                year_hours=tuple(years.get(row.id, ())),
                enrolled_count=counts.get(row.id, 0),
                version=row.version,
            )
            for row in rows
        ]

    def get_project(self, project_id: int) -> ProjectRecord:
        """One project by id."""
        with self._context.read() as session:
            return self._project_records(session, [get_project_row(session, project_id)])[0]

    def list_projects(self, *, year: int | None = None) -> list[ProjectRecord]:
        """Projects by year, then level (国家级 first, as the 项目设计表 lists them), then name."""
        with self._context.read() as session:
            query = select(TrainingProject)
            if year is not None:
                query = query.where(TrainingProject.year == year)
            rows = list(session.scalars(query))
            rows.sort(key=lambda r: (r.year, _LEVEL_ORDER.get(r.level_code, 99), r.name, r.id))
            return self._project_records(session, rows)

    def set_year_hours(self, project_id: int, hours_by_year: Mapping[int, object]) -> ProjectRecord:
        """Register a cross-year project's hours per year (replacing what was registered)."""
        self._context.require(ADMIN_ROLES, "登记项目分年度学时")
        with self._context.unit_of_work() as session:
            preset = workspace_preset(session)
            row = get_project_row(session, project_id)
            wanted: dict[int, int] = {}
            for raw_year, raw_hours in hours_by_year.items():
                year = parse_programme_year(raw_year, preset)
                if year in wanted:
                    raise ValidationError(
                        f"{year} 年度填写了两次，每个年度只能登记一个学时数。",
                        code="project.year_twice",
                        field="year",
                        value=raw_year,
                    )
                wanted[year] = half_hours(parse_offered_hours(raw_hours, preset))
            total = sum(wanted.values())
            if total > row.offered_half_hours:
                parts = "、".join(
                    f"{year} 年 {format_hours(h / 2)}" for year, h in sorted(wanted.items())
                )
                raise ValidationError(
                    f"各年度学时合计 {format_hours(total / 2)} 学时（{parts}），超过了项目“"
                    f"{row.name}”提供的 {format_hours(row.offered_half_hours / 2)} 学时，"
                    "请核对各年度学时。",
                    code="project.years_over_total",
                    field="hours",
                )
            existing = {
                r.year: r
                for r in session.scalars(
                    select(ProjectYearHours).where(ProjectYearHours.project_id == row.id)
                )
            }
            for year, record in existing.items():
                if year not in wanted:
                    session.delete(record)
                elif record.half_hours != wanted[year]:
                    record.half_hours = wanted[year]
            for year, halves in wanted.items():
                if year not in existing:
                    session.add(ProjectYearHours(project_id=row.id, year=year, half_hours=halves))
            session.flush()
            return self._project_records(session, [row])[0]

    # ------------------------------------------------------------ enrolments

    def enroll(self, project_id: int, teacher_ids: Sequence[int]) -> EnrollResult:
        """Add teachers to a project; those already in it (or replaced out of it) are skipped."""
        self._context.require(ADMIN_ROLES, "添加参训教师")
        with self._context.unit_of_work() as session:
            project = get_project_row(session, project_id)
            wanted = list(dict.fromkeys(teacher_ids))
            found = {
                tid: (name, number, status)
                for tid, name, number, status in self._teachers_in(session, wanted)
            }
            for tid in wanted:
                if tid not in found:
                    raise NotFoundError(
                        f"找不到编号为 {tid} 的教师，它可能已被删除；没有添加任何参训教师。",
                        code="teacher.unknown",
                    )
                name, number, status = found[tid]
                if status != TeacherStatus.ACTIVE.value:
                    raise ValidationError(
                        f"教师“{name}”（{mask_id_number(number)}）已停用，不能参加培训项目；"
                        "没有添加任何参训教师。",
                        code="enrollment.inactive_teacher",
                        field="teacher",
                    )
            return self._insert_enrollments(session, project, wanted)

    def enroll_by_filter(
        self,
        project_id: int,
        *,
        school_id: int | None = None,
        stage_code: str | None = None,
        subject_code: str | None = None,
    ) -> EnrollResult:
        """Add every active teacher matching the filter (school, 学段, 学科) to a project."""
        self._context.require(ADMIN_ROLES, "添加参训教师")
        query = select(Teacher.id).where(Teacher.status == TeacherStatus.ACTIVE.value)
        if school_id is not None:
            query = query.where(Teacher.school_id == school_id)
        if stage_code:
            stage = code_table("stages").lookup(stage_code, field_name="stage").code
            query = query.where(Teacher.stage_code == stage)
        if subject_code:
            subject = code_table("subjects").lookup(subject_code, field_name="subject").code
            query = query.where(Teacher.subject_code == subject)
        with self._context.unit_of_work() as session:
            project = get_project_row(session, project_id)
            if school_id is not None and session.get(School, school_id) is None:
                raise NotFoundError(
                    f"找不到编号为 {school_id} 的学校，它可能已被删除。", code="school.unknown"
                )
            ids = list(session.scalars(query.order_by(Teacher.id)))
            return self._insert_enrollments(session, project, ids)

    @staticmethod
    def _teachers_in(session: Session, ids: Sequence[int]) -> list[tuple[int, str, str, str]]:
        rows: list[tuple[int, str, str, str]] = []
        # Chunks keep the IN list well under SQLite's bound-parameter limit.
        for start in range(0, len(ids), 10_000):
            chunk = ids[start : start + 10_000]
            rows.extend(
                (r[0], r[1], r[2], r[3])
                for r in session.execute(
                    select(Teacher.id, Teacher.name, Teacher.id_number, Teacher.status).where(
                        Teacher.id.in_(chunk)
                    )
                )
            )
        return rows

    def _insert_enrollments(
        self, session: Session, project: TrainingProject, teacher_ids: Sequence[int]
    ) -> EnrollResult:
        present = set(
            session.scalars(
                select(Enrollment.teacher_id).where(Enrollment.project_id == project.id)
            )
        )
        new = [tid for tid in teacher_ids if tid not in present]
        if new:
            now = utcnow()
            today = date.today()
            BulkInserter(session.connection()).insert(
                Enrollment.__table__,  # type: ignore[arg-type]
                [
                    {
                        "project_id": project.id,
                        "teacher_id": tid,
                        "enrolled_on": today,
                        "status": ENROLLED,
                        "created_at": now,
                        "updated_at": now,
                    }
                    for tid in new
                ],
            )
            # The bulk insert bypasses the ORM's audit hook: one summary entry instead.
            record_audit(
                session,
                action="enroll",
                entity="enrollments",
                entity_id=project.id,
                summary=f"项目“{project.name}”添加参训教师 {len(new)} 名",
                after={"project_id": project.id, "teacher_ids": new[:1000], "count": len(new)},
            )
        return EnrollResult(added=len(new), skipped=len(teacher_ids) - len(new))

    def unenroll(self, project_id: int, teacher_ids: Sequence[int]) -> int:
        """Take teachers out of a project; refused for a teacher with hours in it."""
        self._context.require(ADMIN_ROLES, "移出参训教师")
        with self._context.unit_of_work() as session:
            project = get_project_row(session, project_id)
            wanted = list(dict.fromkeys(teacher_ids))
            rows = [
                row
                for start in range(0, len(wanted), 10_000)
                for row in session.scalars(
                    select(Enrollment).where(
                        Enrollment.project_id == project.id,
                        Enrollment.status == ENROLLED,
                        Enrollment.teacher_id.in_(wanted[start : start + 10_000]),
                    )
                )
            ]
            ids = [row.teacher_id for row in rows]
            with_hours = session.scalars(
                select(HourRecord.teacher_id)
                .where(HourRecord.project_id == project.id, HourRecord.teacher_id.in_(ids))
                .limit(1)
            ).first()
            if with_hours is not None:
                teacher = session.get_one(Teacher, with_hours)
                raise ValidationError(
                    f"教师{_teacher_label(teacher)}已有项目“{project.name}”的学时记录，"
                    "不能移出该项目；如果该教师不再参加，请使用“人员变更”记录替换。",
                    code="enrollment.has_hours",
                    field="teacher",
                )
            for row in rows:
                session.delete(row)
            session.flush()
            return len(rows)

    def enrolled(self, project_id: int, *, include_replaced: bool = False) -> list[EnrolledTeacher]:
        """The teachers of a project, by school code and name."""
        with self._context.read() as session:
            get_project_row(session, project_id)
            query = (
                select(
                    Teacher.id,
                    Teacher.id_number,
                    Teacher.name,
                    Teacher.gender,
                    Teacher.phone,
                    School.id,
                    School.code,
                    School.name,
                    Enrollment.enrolled_on,
                    Enrollment.status,
                )
                .join(Teacher, Teacher.id == Enrollment.teacher_id)
                .join(School, School.id == Teacher.school_id)
                .where(Enrollment.project_id == project_id)
                .order_by(School.code, Teacher.name, Teacher.id)
            )
            if not include_replaced:
                query = query.where(Enrollment.status == ENROLLED)
            return [
                EnrolledTeacher(
                    teacher_id=r[0],
                    id_number=r[1],
                    name=r[2],
                    gender=r[3],
                    phone=r[4],
                    school_id=r[5],
                    school_code=r[6],
                    school_name=r[7],
                    enrolled_on=r[8],
                    status=r[9],
                )
                for r in session.execute(query)
            ]

    def replace(
        self,
        project_id: int,
        *,
        original_teacher_id: int,
        replacement_teacher_id: int,
        reason: str | None,
        on: date,
    ) -> ChangeRecord:
        """Record a replacement 原报送人员 → 变更人员 (参训人员变更信息表)."""
        self._context.require(ADMIN_ROLES, "变更参训人员")
        with self._context.unit_of_work() as session:
            project = get_project_row(session, project_id)
            original = self._teacher_row(session, original_teacher_id)
            substitute = self._teacher_row(session, replacement_teacher_id)
            if original.id == substitute.id:
                raise ValidationError(
                    "原报送人员和变更人员是同一位教师，请选择另一位教师作为变更人员。",
                    code="enrollment.same_teacher",
                    field="replacement",
                )
            enrolment = session.scalars(
                select(Enrollment).where(
                    Enrollment.project_id == project.id, Enrollment.teacher_id == original.id
                )
            ).first()
            if enrolment is None or enrolment.status != ENROLLED:
                state = "已被替换" if enrolment is not None else "没有参加该项目"
                raise ValidationError(
                    f"原报送人员{_teacher_label(original)}{state}，"
                    f"不能在项目“{project.name}”中被替换。",
                    code="enrollment.original_not_enrolled",
                    field="original",
                )
            already = session.scalars(
                select(Enrollment).where(
                    Enrollment.project_id == project.id, Enrollment.teacher_id == substitute.id
                )
            ).first()
            if already is not None:
                raise DuplicateError(
                    f"变更人员{_teacher_label(substitute)}已经在项目“{project.name}”的参训名单中，"
                    "同一位教师不能在一个项目中参训两次。",
                    code="enrollment.replacement_enrolled",
                    details={"field": "replacement"},
                )
            if substitute.status != TeacherStatus.ACTIVE.value:
                raise ValidationError(
                    f"变更人员{_teacher_label(substitute)}已停用，不能参加培训项目。",
                    code="enrollment.inactive_teacher",
                    field="replacement",
                )
            # The 参训人员变更信息表 (seed 000, 附件3) requires a phone for both people.
            for label, teacher in (("原报送人员", original), ("变更人员", substitute)):
                if not teacher.phone:
                    raise ValidationError(
                        f"{label}{_teacher_label(teacher)}没有登记联系电话，而参训人员变更信息表"
                        "要求填写联系电话/手机；请先在教师信息中补充电话。",
                        code="enrollment.phone_missing",
                        field="original" if label == "原报送人员" else "replacement",
                    )
            enrolment.status = REPLACED
            session.add(
                Enrollment(
                    project_id=project.id,
                    teacher_id=substitute.id,
                    enrolled_on=on,
                    status=ENROLLED,
                )
            )
            change = EnrollmentChange(
                project_id=project.id,
                original_teacher_id=original.id,
                replacement_teacher_id=substitute.id,
                reason=normalize_text(reason) or None,
                change_date=on,
            )
            session.add(change)
            session.flush()
            return self._change_records(session, [change])[0]

    @staticmethod
    def _teacher_row(session: Session, teacher_id: int) -> Teacher:
        row = session.get(Teacher, teacher_id)
        if row is None:
            raise NotFoundError(
                f"找不到编号为 {teacher_id} 的教师，它可能已被删除。", code="teacher.unknown"
            )
        return row

    def changes(self, project_id: int | None = None) -> list[ChangeRecord]:
        """Replacements, oldest first: the rows of the 参训人员变更信息表."""
        with self._context.read() as session:
            query = select(EnrollmentChange).order_by(
                EnrollmentChange.change_date, EnrollmentChange.id
            )
            if project_id is not None:
                query = query.where(EnrollmentChange.project_id == project_id)
            return self._change_records(session, list(session.scalars(query)))

    @staticmethod
    def _change_records(session: Session, rows: Sequence[EnrollmentChange]) -> list[ChangeRecord]:
        if not rows:
            return []
        teacher_ids = {r.original_teacher_id for r in rows} | {
            r.replacement_teacher_id for r in rows
        }
        teachers = {
            tid: (name, gender, phone, school)
            for tid, name, gender, phone, school in session.execute(
                select(Teacher.id, Teacher.name, Teacher.gender, Teacher.phone, School.name)
                .join(School, School.id == Teacher.school_id)
                .where(Teacher.id.in_(teacher_ids))
            )
        }
        projects = {
            pid: (name, institution)
            for pid, name, institution in session.execute(
                select(TrainingProject.id, TrainingProject.name, Institution.name)
                .outerjoin(Institution, Institution.id == TrainingProject.institution_id)
                .where(TrainingProject.id.in_({r.project_id for r in rows}))
            )
        }

        def party(teacher_id: int) -> ChangeParty:
            name, gender, phone, school = teachers[teacher_id]
            return ChangeParty(
                teacher_id=teacher_id,
                name=name,
                gender_label=_gender_label(gender),
                school_name=school,
                phone=phone,
            )

        return [
            ChangeRecord(
                id=r.id,
                project_id=r.project_id,
                project_name=projects[r.project_id][0],
                institution_name=projects[r.project_id][1],
                original=party(r.original_teacher_id),
                replacement=party(r.replacement_teacher_id),
                reason=r.reason,
                change_date=r.change_date,
            )
            for r in rows
        ]


def enrolment_status(session: Session, project_id: int, teacher_ids: Iterable[int]) -> set[int]:
    """Which of ``teacher_ids`` are currently enrolled (not replaced) in the project."""
    ids = list(teacher_ids)
    if len(ids) > 500:
        # For a big selection one scan of the project's enrolments beats a long IN list.
        query = select(Enrollment.teacher_id).where(
            Enrollment.project_id == project_id, Enrollment.status == ENROLLED
        )
        wanted = set(ids)
        return {tid for tid in session.scalars(query) if tid in wanted}
    return set(
        session.scalars(
            select(Enrollment.teacher_id).where(
                Enrollment.project_id == project_id,
                Enrollment.status == ENROLLED,
                Enrollment.teacher_id.in_(ids),
            )
        )
    )
