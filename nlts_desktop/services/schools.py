"""Schools: create, edit, deactivate, look up (学校)."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from nlts_desktop.domain.errors import DuplicateError, NotFoundError, ValidationError
from nlts_desktop.domain.roster import (
    CleanSchool,
    first_error,
    normalize_school_name,
    validate_school,
)
from nlts_desktop.domain.school_code import parse_school_code
from nlts_desktop.domain.text import normalize_text
from nlts_desktop.services.context import ADMIN_ROLES, ServiceContext, stale_error
from nlts_desktop.services.records import SchoolRecord
from nlts_desktop.storage.models import School, Teacher


def school_record(row: School) -> SchoolRecord:
    """Plain copy of a school row."""
    return SchoolRecord(
        id=row.id,
        code=row.code,
        name=row.name,
        category_code=row.category_code,
        stage_code=row.stage_code,
        urban_rural_code=row.urban_rural_code,
        environments=tuple(e for e in row.environments.split(",") if e),
        is_center_school=row.is_center_school,
        is_pilot=row.is_pilot,
        is_demo=row.is_demo,
        contact_name=row.contact_name,
        contact_phone=row.contact_phone,
        address=row.address,
        status=row.status,
        note=row.note,
        version=row.version,
    )


def resolve_school(session: Session, ref: str) -> School:
    """Find a school by 学校标识码 or by its full name; a clear message when unknown."""
    text = normalize_text(ref)
    row: School | None = None
    try:
        code = parse_school_code(text).code
    except ValidationError:
        code = None
    if code is not None:
        row = session.scalars(select(School).where(School.code == code)).one_or_none()
    if row is None:
        name = normalize_school_name(text)
        row = session.scalars(select(School).where(School.name == name)).one_or_none()
    if row is None:
        raise NotFoundError(
            f"找不到学校“{text}”。请填写已登记学校的学校标识码或学校全称，"
            "或先在“学校”中登记该学校。",
            code="school.unknown",
            details={"value": text},
        )
    return row


def _apply(row: School, clean: CleanSchool) -> None:
    row.code = clean.code
    row.name = clean.name
    row.category_code = clean.category_code
    row.stage_code = clean.stage_code
    row.urban_rural_code = clean.urban_rural_code
    row.environments = ",".join(e.value for e in clean.environments)
    row.is_center_school = clean.is_center_school
    row.is_pilot = clean.is_pilot
    row.is_demo = clean.is_demo
    row.contact_name = clean.contact_name
    row.contact_phone = clean.contact_phone
    row.address = clean.address
    row.note = clean.note


class SchoolService:
    """Use cases on schools, one transaction each."""

    def __init__(self, context: ServiceContext) -> None:
        self._context = context

    def _validated(self, fields: Mapping[str, object]) -> CleanSchool:
        clean, errors = validate_school(fields)
        if clean is None:
            raise first_error(errors)
        return clean

    def _check_unique(self, session: Session, clean: CleanSchool, own_id: int | None) -> None:
        for column, value, label in (
            (School.code, clean.code, "学校标识码"),
            (School.name, clean.name, "学校名称"),
        ):
            other = session.scalars(select(School).where(column == value)).one_or_none()
            if other is not None and other.id != own_id:
                raise DuplicateError(
                    f"{label}“{value}”已被学校“{other.name}”（{other.code}）使用，"
                    "同一个学校不能登记两次。",
                    code="school.duplicate",
                    details={"field": column.key, "value": value},
                )

    def create(self, fields: Mapping[str, object]) -> SchoolRecord:
        """Register a school from raw field values (code, name, category, stage, …)."""
        self._context.require(ADMIN_ROLES, "登记学校")
        clean = self._validated(fields)
        with self._context.unit_of_work() as session:
            self._check_unique(session, clean, None)
            row = School()
            _apply(row, clean)
            session.add(row)
            session.flush()
            return school_record(row)

    def update(
        self, school_id: int, fields: Mapping[str, object], *, version: int | None = None
    ) -> SchoolRecord:
        """Edit a school; ``version`` from the record read makes a stale edit fail."""
        self._context.require(ADMIN_ROLES, "修改学校信息")
        clean = self._validated(fields)
        with self._context.unit_of_work() as session:
            row = self._get_row(session, school_id)
            if version is not None and row.version != version:
                raise stale_error()
            self._check_unique(session, clean, row.id)
            _apply(row, clean)
            session.flush()
            return school_record(row)

    def set_active(self, school_id: int, active: bool) -> SchoolRecord:
        """Deactivate (or reactivate) a school; a school with active teachers stays active."""
        self._context.require(ADMIN_ROLES, "停用或启用学校")
        with self._context.unit_of_work() as session:
            row = self._get_row(session, school_id)
            if not active:
                count = session.scalar(
                    select(func.count())
                    .select_from(Teacher)
                    .where(Teacher.school_id == row.id, Teacher.status == "active")
                )
                if count:
                    raise ValidationError(
                        f"学校“{row.name}”还有 {count} 名在职教师，不能停用。"
                        "请先把这些教师调往其他学校或停用。",
                        code="school.has_teachers",
                    )
            row.status = "active" if active else "inactive"
            session.flush()
            return school_record(row)

    def _get_row(self, session: Session, school_id: int) -> School:
        row = session.get(School, school_id)
        if row is None:
            raise NotFoundError(f"找不到编号为 {school_id} 的学校，它可能已被删除。")
        return row

    def get(self, school_id: int) -> SchoolRecord:
        """One school by id."""
        with self._context.read() as session:
            return school_record(self._get_row(session, school_id))

    def find(self, ref: str) -> SchoolRecord:
        """One school by 学校标识码 or full name."""
        with self._context.read() as session:
            return school_record(resolve_school(session, ref))

    def list(self, *, include_inactive: bool = True) -> list[SchoolRecord]:
        """All schools ordered by code."""
        with self._context.read() as session:
            query = select(School).order_by(School.code)
            if not include_inactive:
                query = query.where(School.status == "active")
            return [school_record(row) for row in session.scalars(query)]
