"""Teachers: register, edit, transfer between schools, deactivate (教师)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from sqlalchemy import String, exists, select, type_coerce
from sqlalchemy.orm import Session

from nlts_desktop.domain.enums import Role, TeacherStatus
from nlts_desktop.domain.errors import DuplicateError, NotFoundError, ValidationError
from nlts_desktop.domain.idcard import mask_id_number, parse_id_number
from nlts_desktop.domain.roster import CleanTeacher, first_error, validate_teacher
from nlts_desktop.domain.text import normalize_text
from nlts_desktop.services.context import ADMIN_ROLES, SCHOOL_ROLES, ServiceContext, stale_error
from nlts_desktop.services.records import TeacherRecord, TeacherRow, TransferRecord
from nlts_desktop.services.schools import resolve_school
from nlts_desktop.storage.models import (
    Enrollment,
    HourRecord,
    PointSelection,
    School,
    Teacher,
    TeacherTransfer,
)


def teacher_record(row: Teacher, school: School) -> TeacherRecord:
    """Plain copy of a teacher row with its school."""
    return TeacherRecord(
        id=row.id,
        id_number=row.id_number,
        name=row.name,
        gender=row.gender,
        birth_date=row.birth_date,
        phone=row.phone,
        school_id=school.id,
        school_code=school.code,
        school_name=school.name,
        stage_code=row.stage_code,
        subject_code=row.subject_code,
        title_code=row.title_code,
        status=row.status,
        note=row.note,
        version=row.version,
    )


def _apply(row: Teacher, clean: CleanTeacher, school: School) -> None:
    row.id_number = clean.id_number.number
    row.name = clean.name
    row.gender = clean.id_number.gender.value
    row.birth_date = clean.id_number.birth_date
    row.phone = clean.phone
    row.school_id = school.id
    row.stage_code = clean.stage_code or school.stage_code
    row.subject_code = clean.subject_code
    row.title_code = clean.title_code
    row.note = clean.note


def _conflicts(row: Teacher, clean: CleanTeacher) -> list[tuple[str, object, object]]:
    """The fields where the saved row (someone else's edit) and this edit differ."""
    pairs = (
        ("姓名", row.name, clean.name),
        ("身份证号", row.id_number, clean.id_number.number),
        ("联系电话", row.phone, clean.phone),
        ("学段", row.stage_code, clean.stage_code or row.stage_code),
        ("学科", row.subject_code, clean.subject_code),
        ("职称", row.title_code, clean.title_code),
        ("备注", row.note, clean.note),
    )
    return [(label, theirs, mine) for label, theirs, mine in pairs if theirs != mine]


class TeacherService:
    """Use cases on teachers, one transaction each."""

    def __init__(self, context: ServiceContext) -> None:
        self._context = context

    def _validated(self, fields: Mapping[str, object]) -> CleanTeacher:
        clean, errors = validate_teacher(fields)
        if clean is None:
            raise first_error(errors)
        return clean

    @staticmethod
    def _check_unique(session: Session, id_number: str, own_id: int | None) -> None:
        other = session.scalars(select(Teacher).where(Teacher.id_number == id_number)).first()
        if other is not None and other.id != own_id:
            school = session.get(School, other.school_id)
            where = f"{school.name}的" if school else ""
            raise DuplicateError(
                f"身份证号 {mask_id_number(id_number)} 已登记为{where}教师"
                f"“{other.name}”，同一位教师不能登记两次。如果该教师调动了学校，请使用“调动”。",
                code="teacher.duplicate",
                details={"field": "id_number", "teacher_id": other.id},
            )

    def create(self, fields: Mapping[str, object]) -> TeacherRecord:
        """Register a teacher from raw field values (id_number, name, school, …)."""
        self._context.require(SCHOOL_ROLES, "登记教师")
        clean = self._validated(fields)
        with self._context.unit_of_work() as session:
            school = resolve_school(session, clean.school_ref)
            self._context.require_school(school.id, "登记教师")
            if school.status != "active":
                raise ValidationError(
                    f"学校“{school.name}”已停用，不能在该校登记教师。",
                    code="teacher.school_inactive",
                    field="school",
                )
            self._check_unique(session, clean.id_number.number, None)
            row = Teacher(status=TeacherStatus.ACTIVE.value)
            _apply(row, clean, school)
            session.add(row)
            session.flush()
            return teacher_record(row, school)

    def update(
        self, teacher_id: int, fields: Mapping[str, object], *, version: int | None = None
    ) -> TeacherRecord:
        """Edit a teacher's details (a change of school goes through :meth:`transfer`)."""
        self._context.require(SCHOOL_ROLES, "修改教师信息")
        clean = self._validated(fields)
        with self._context.unit_of_work() as session:
            row = self._get_row(session, teacher_id)
            self._context.require_school(row.school_id, "修改教师信息")
            if version is not None and row.version != version:
                raise stale_error(_conflicts(row, clean))
            school = resolve_school(session, clean.school_ref)
            if school.id != row.school_id:
                raise ValidationError(
                    "修改教师信息时不能直接更换学校，请使用“调动”，以便保留调动记录。",
                    code="teacher.use_transfer",
                    field="school",
                )
            self._check_unique(session, clean.id_number.number, row.id)
            _apply(row, clean, school)
            session.flush()
            return teacher_record(row, school)

    def transfer(
        self, teacher_id: int, *, to_school: str, on: date, reason: str | None = None
    ) -> TeacherRecord:
        """Move a teacher to another school, keeping the history (调动)."""
        self._context.require(ADMIN_ROLES, "调动教师")
        with self._context.unit_of_work() as session:
            row = self._get_row(session, teacher_id)
            target = resolve_school(session, to_school)
            if target.id == row.school_id:
                raise ValidationError(
                    f"教师“{row.name}”已经在“{target.name}”，无需调动。",
                    code="teacher.same_school",
                    field="school",
                )
            if target.status != "active":
                raise ValidationError(
                    f"学校“{target.name}”已停用，不能调入教师。",
                    code="teacher.school_inactive",
                    field="school",
                )
            session.add(
                TeacherTransfer(
                    teacher_id=row.id,
                    from_school_id=row.school_id,
                    to_school_id=target.id,
                    transfer_date=on,
                    reason=normalize_text(reason) or None,
                    recorded_by=self._context.actor.username,
                )
            )
            row.school_id = target.id
            session.flush()
            return teacher_record(row, target)

    def set_active(self, teacher_id: int, active: bool) -> TeacherRecord:
        """Deactivate (retired, left) or reactivate a teacher; records stay."""
        self._context.require(SCHOOL_ROLES, "停用或启用教师")
        with self._context.unit_of_work() as session:
            row = self._get_row(session, teacher_id)
            self._context.require_school(row.school_id, "停用或启用教师")
            row.status = (TeacherStatus.ACTIVE if active else TeacherStatus.INACTIVE).value
            session.flush()
            school = session.get_one(School, row.school_id)
            return teacher_record(row, school)

    def set_active_many(self, teacher_ids: Sequence[int], active: bool) -> int:
        """Deactivate or reactivate several teachers in one transaction; returns how many."""
        self._context.require(SCHOOL_ROLES, "停用或启用教师")
        status = (TeacherStatus.ACTIVE if active else TeacherStatus.INACTIVE).value
        with self._context.unit_of_work() as session:
            rows = [self._get_row(session, teacher_id) for teacher_id in teacher_ids]
            for row in rows:
                self._context.require_school(row.school_id, "停用或启用其他学校的教师")
                row.status = status
            session.flush()
            return len(rows)

    def delete(self, teacher_id: int) -> None:
        """Delete a teacher typed by mistake; refused once any record refers to the teacher."""
        self._context.require(ADMIN_ROLES, "删除教师")
        with self._context.unit_of_work() as session:
            row = self._get_row(session, teacher_id)
            referenced = session.scalar(
                select(
                    exists().where(HourRecord.teacher_id == row.id)
                    | exists().where(Enrollment.teacher_id == row.id)
                    | exists().where(PointSelection.teacher_id == row.id)
                    | exists().where(TeacherTransfer.teacher_id == row.id)
                )
            )
            if referenced:
                raise ValidationError(
                    f"教师“{row.name}”已有学时、参训或考核记录，不能删除，请改为“停用”。",
                    code="teacher.referenced",
                )
            session.delete(row)

    def _get_row(self, session: Session, teacher_id: int) -> Teacher:
        row = session.get(Teacher, teacher_id)
        if row is None:
            raise NotFoundError(f"找不到编号为 {teacher_id} 的教师，它可能已被删除。")
        return row

    def get(self, teacher_id: int) -> TeacherRecord:
        """One teacher by id."""
        with self._context.read() as session:
            row = self._get_row(session, teacher_id)
            return teacher_record(row, session.get_one(School, row.school_id))

    def find_by_id_number(self, raw: object) -> TeacherRecord:
        """One teacher by 身份证号 (any spelling that normalises to it)."""
        number = parse_id_number(raw).number
        with self._context.read() as session:
            row = session.scalars(select(Teacher).where(Teacher.id_number == number)).first()
            if row is None:
                raise NotFoundError(
                    f"没有身份证号为 {mask_id_number(number)} 的教师。",
                    code="teacher.unknown",
                )
            return teacher_record(row, session.get_one(School, row.school_id))

    def table_rows(self) -> list[TeacherRow]:
        """Every teacher with the school's code and name, for the roster table.

        A school coordinator sees only their own school's teachers.

        Tuned for 100,000 rows (0.3 s here instead of 0.56 s): no join (schools come from a
        small dict), no ORDER BY (the table sorts itself), and the birth date read as its ISO
        text on SQLite, where SQLAlchemy's per-row date parsing is slow.
        """
        query = select(
            Teacher.id,
            Teacher.name,
            Teacher.id_number,
            Teacher.gender,
            type_coerce(Teacher.birth_date, String),
            Teacher.phone,
            Teacher.school_id,
            Teacher.stage_code,
            Teacher.subject_code,
            Teacher.title_code,
            Teacher.status,
            Teacher.version,
        )
        actor = self._context.actor
        if actor.role is Role.SCHOOL_COORDINATOR:
            query = query.where(Teacher.school_id == actor.school_id)
        parse = date.fromisoformat
        with self._context.read() as session:
            schools = {
                sid: (code, name)
                for sid, code, name in session.execute(select(School.id, School.code, School.name))
            }
            rows = []
            for r in session.execute(query):
                code, name = schools[r[6]]
                born = r[4] if isinstance(r[4], date) else parse(r[4])
                rows.append(
                    TeacherRow(
                        r[0],
                        r[1],
                        r[2],
                        r[3],
                        born,
                        r[5],
                        r[6],
                        code,
                        name,
                        r[7],
                        r[8],
                        r[9],
                        r[10],
                        r[11],
                    )
                )
            return rows

    def transfers(self, teacher_id: int) -> list[TransferRecord]:
        """The teacher's moves, oldest first."""
        with self._context.read() as session:
            rows = session.scalars(
                select(TeacherTransfer)
                .where(TeacherTransfer.teacher_id == teacher_id)
                .order_by(TeacherTransfer.transfer_date, TeacherTransfer.id)
            ).all()
            names: dict[int, str] = {
                sid: name for sid, name in session.execute(select(School.id, School.name))
            }
            return [
                TransferRecord(
                    id=t.id,
                    teacher_id=t.teacher_id,
                    from_school_name=names.get(t.from_school_id, ""),
                    to_school_name=names.get(t.to_school_id, ""),
                    transfer_date=t.transfer_date,
                    reason=t.reason,
                    recorded_by=t.recorded_by,
                )
                for t in rows
            ]
