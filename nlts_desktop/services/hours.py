"""The hours ledger (学时记录) and every teacher's hours verdict under the preset in force."""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Literal

from sqlalchemy import ColumnElement, Row, case, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from nlts_desktop.domain.codes import code_table
from nlts_desktop.domain.enums import (
    Grade,
    HourCategory,
    HourSource,
    ReviewState,
    TeacherStatus,
)
from nlts_desktop.domain.errors import (
    DuplicateError,
    NotFoundError,
    ValidationError,
)
from nlts_desktop.domain.grading import teacher_result
from nlts_desktop.domain.hour_rules import (
    HourTotals,
    HourVerdict,
    evaluate_hours,
    format_hours,
    validate_hours,
)
from nlts_desktop.domain.idcard import mask_id_number, parse_id_number
from nlts_desktop.domain.presets import Preset, load_preset, preset_to_dict
from nlts_desktop.domain.roster import parse_date
from nlts_desktop.domain.text import normalize_text
from nlts_desktop.services.context import ADMIN_ROLES, ServiceContext, stale_error
from nlts_desktop.services.progress import paused_gc
from nlts_desktop.services.projects import (
    ENROLLED,
    enrolment_status,
    half_hours,
    parse_programme_year,
    workspace_preset,
)
from nlts_desktop.storage.audit import record_audit
from nlts_desktop.storage.base import utcnow
from nlts_desktop.storage.bulk import BulkInserter
from nlts_desktop.storage.models import (
    AssessmentResult,
    Enrollment,
    HourRecord,
    PointSelection,
    ProjectYearHours,
    School,
    Teacher,
    TrainingProject,
    WorkspaceRow,
)

AssessmentState = Literal["passed", "failed", "pending"]
SHORT_OF = ("online", "practice", "total", "assessment")
# Records that another part of the program writes and keeps in step with their source.
PROTECTED_SOURCES = frozenset({HourSource.IMPORTED, HourSource.ASSESSMENT, HourSource.PACKAGE})
_HAND_SOURCES = (HourSource.MANUAL, HourSource.CERTIFIED)
# Above this many teachers one scan of the table beats a long IN list.
_IN_LIMIT = 500
_PASSED_ON: dict[AssessmentState, bool | None] = {"passed": True, "failed": False, "pending": None}
# A teacher's point grades of the cycle: 不合格, 优秀, graded, chosen, and whether approved.
GradeCounts = tuple[int, int, int, int, bool]


def counted_result(key: GradeCounts, min_points: int) -> Grade | None:
    """The teacher's certified result from counted point grades (teacher_result needs only the
    counts); None while the county has not approved it or it cannot be decided yet."""
    fails, excellent, graded, total, certified = key
    if not certified:
        return None
    grades: list[Grade | None] = [Grade.FAIL] * fails
    grades += [Grade.EXCELLENT] * excellent
    grades += [Grade.PASS] * (graded - fails - excellent)
    grades += [None] * (total - graded)
    return teacher_result(grades, min_points=min_points)


def _assessment_state(key: GradeCounts, min_points: int) -> AssessmentState:
    """passed / failed / pending from counted grades."""
    result = counted_result(key, min_points)
    if result is Grade.FAIL:
        return "failed"
    return "pending" if result is None else "passed"


# ---------------------------------------------------------------- plain values


@dataclass(frozen=True)
class HourEntry:
    """One entry of a teacher's hours ledger (个人学时档案)."""

    id: int
    teacher_id: int
    category: str
    hours: float
    year: int
    record_date: date | None
    project_id: int | None
    project_name: str | None
    source: str
    source_ref: str | None
    certified_by: str | None
    note: str | None
    version: int

    @property
    def category_label(self) -> str:
        """学时类别 in Chinese (网络研修 / 校本实践应用 / 其他)."""
        return HourCategory(self.category).label

    @property
    def source_label(self) -> str:
        """来源 in Chinese (手工录入 / 文件导入 / 区县认定 / 考核认定 / 数据包导入)."""
        return HourSource(self.source).label


@dataclass(frozen=True, slots=True)
class TeacherHours:
    """A teacher's hours by category, assessment state and the rule's verdict."""

    teacher_id: int
    id_number: str
    name: str
    school_id: int
    school_code: str
    school_name: str
    online: float
    practice: float
    other: float
    assessment: AssessmentState
    verdict: HourVerdict

    @property
    def total(self) -> float:
        """Online plus practice hours (what every preset counts)."""
        return self.online + self.practice

    @property
    def qualified(self) -> bool:
        """Whether the teacher meets the hours rule (达标)."""
        return self.verdict.qualified


@dataclass(frozen=True)
class SchoolHours:
    """One school's hours standing: how many teachers qualify and who is short of what."""

    school_id: int
    school_code: str
    school_name: str
    teachers: int
    qualified: int
    short_of_online: int
    short_of_practice: int
    short_of_total: int
    assessment_pending: int
    assessment_failed: int
    online_hours: float
    practice_hours: float


@dataclass(frozen=True)
class CountyHours:
    """The county's totals of :class:`SchoolHours`."""

    schools: int
    teachers: int
    qualified: int
    short_of_online: int
    short_of_practice: int
    short_of_total: int
    assessment_pending: int
    assessment_failed: int
    online_hours: float
    practice_hours: float


@dataclass(frozen=True)
class _Clean:
    """An hour entry's fields after validation (teacher and project still to resolve)."""

    category: HourCategory
    half_hours: int
    year: int
    record_date: date
    project_ref: object
    source: HourSource
    certified_by: str | None
    note: str | None


@dataclass(frozen=True)
class _TeacherRef:
    id: int
    name: str
    id_number: str
    status: str

    @property
    def label(self) -> str:
        return f"教师“{self.name}”（{mask_id_number(self.id_number)}）"


# ---------------------------------------------------------------- field readers


def _given(value: object) -> bool:
    return value is not None and not (isinstance(value, str) and not normalize_text(value))


def _parse_category(value: object) -> HourCategory:
    text = normalize_text(value)
    if not text:
        raise ValidationError(
            "学时类别不能为空，请填写 网络研修、校本实践应用 或 其他。",
            code="hours.category_empty",
            field="category",
        )
    return HourCategory(code_table("hour_categories").lookup(text, field_name="category").code)


def _parse_source(value: object, allowed: Sequence[HourSource]) -> HourSource:
    text = normalize_text(value)
    if not text:
        return HourSource.MANUAL
    found = next((s for s in HourSource if text in (s.value, s.label)), None)
    if found is None:
        names = "、".join(s.label for s in _HAND_SOURCES)
        raise ValidationError(
            f"“{text}”不是有效的学时来源，手工登记时请选择 {names}。",
            code="hours.source_invalid",
            field="source",
            value=value,
        )
    if found not in allowed:
        raise ValidationError(
            f"来源为“{found.label}”的学时由程序在导入或考核认定时自动登记，不能手工添加；"
            "手工登记请选择“手工录入”，区县认定的学时请选择“区县认定”并填写认定单位。",
            code="hours.source_not_manual",
            field="source",
            value=value,
        )
    return found


def _limited(value: object, *, field: str, label: str, limit: int) -> str | None:
    text = normalize_text(value)
    if len(text) > limit:
        raise ValidationError(
            f"{label}太长（{len(text)} 个字），最多 {limit} 个字。",
            code="text.too_long",
            field=field,
            value=text,
        )
    return text or None


def _clean(
    fields: Mapping[str, object], preset: Preset, *, sources: Sequence[HourSource]
) -> _Clean:
    category = _parse_category(fields.get("category"))
    hours = validate_hours(fields.get("hours"), field="hours", rule=preset.hours)
    raw_date = fields.get("date")
    if not _given(raw_date):
        raise ValidationError(
            "学习日期不能为空，请填写获得学时的日期（例如 2021-05-20）。",
            code="hours.date_empty",
            field="date",
        )
    record_date = parse_date(raw_date, field="date")
    assert record_date is not None  # empty was refused above
    raw_year = fields.get("year")
    year = parse_programme_year(raw_year if _given(raw_year) else record_date.year, preset)
    if record_date.year != year:
        raise ValidationError(
            f"日期 {record_date.isoformat()} 不在 {year} 年度内：学时的年度应与日期的年份一致，"
            "请核对年度或日期。",
            code="hours.date_year",
            field="date",
            value=raw_date,
        )
    source = _parse_source(fields.get("source"), sources)
    certified_by = _limited(
        fields.get("certified_by"), field="certified_by", label="认定单位", limit=64
    )
    if source is HourSource.CERTIFIED and certified_by is None:
        raise ValidationError(
            "区县认定的学时必须填写认定单位（例如 温江区教育局）。",
            code="hours.certified_by_empty",
            field="certified_by",
        )
    return _Clean(
        category=category,
        half_hours=half_hours(hours),
        year=year,
        record_date=record_date,
        project_ref=fields.get("project"),
        source=source,
        certified_by=certified_by,
        note=_limited(fields.get("note"), field="note", label="备注", limit=2000),
    )


def _teacher_filter(
    column: InstrumentedAttribute[int], ids: Sequence[int]
) -> list[ColumnElement[bool]]:
    """``column IN ids`` for a short list, nothing for a long one (the caller filters)."""
    return [column.in_(ids)] if len(ids) <= _IN_LIMIT else []


def _entry(row: HourRecord, project_name: str | None) -> HourEntry:
    return HourEntry(
        id=row.id,
        teacher_id=row.teacher_id,
        category=row.category,
        hours=row.half_hours / 2,
        year=row.year,
        record_date=row.record_date,
        project_id=row.project_id,
        project_name=project_name,
        source=row.source,
        source_ref=row.source_ref,
        certified_by=row.certified_by,
        note=row.note,
        version=row.version,
    )


def _protected_reason(row: HourRecord, action: str) -> str:
    source = HourSource(row.source)
    if source is HourSource.ASSESSMENT:
        return (
            f"这条学时是校本应用考核合格后自动认定的，随考核结果登记，不能手工{action}；"
            "如果考核结果有误，请在考核中更正，认定的学时会随之调整。"
        )
    origin = f"“{row.source_ref}”" if row.source_ref else ""
    if source is HourSource.PACKAGE:
        return (
            f"这条学时来自数据包{origin}，不能手工{action}；"
            "如有错误，请让报送单位更正后重新报送数据包。"
        )
    return (
        f"这条学时是从培训机构的导出文件{origin}导入的，不能手工{action}："
        "重新导入同一文件时它会恢复原样。如有错误，请让培训机构更正导出文件后重新导入。"
    )


def assessment_counts(
    session: Session, cycle: int | None, school_id: int | None = None
) -> dict[int, GradeCounts]:
    """Per teacher: point grades of the cycle counted by kind, and whether the county
    approved the teacher's result (one GROUP BY over point_selections, one small join)."""
    if cycle is None:
        return {}
    connection = session.connection()
    approved = select(AssessmentResult.teacher_id).where(
        AssessmentResult.cycle == cycle,
        AssessmentResult.state == ReviewState.APPROVED.value,
    )
    counts = (
        select(
            PointSelection.teacher_id,
            func.sum(case((PointSelection.grade == Grade.FAIL.value, 1), else_=0)),
            func.sum(case((PointSelection.grade == Grade.EXCELLENT.value, 1), else_=0)),
            func.count(PointSelection.grade),
            func.count(),
        )
        .where(PointSelection.cycle == cycle)
        .group_by(PointSelection.teacher_id)
    )
    if school_id is not None:
        in_school = select(Teacher.id).where(Teacher.school_id == school_id)
        counts = counts.where(PointSelection.teacher_id.in_(in_school))
        approved = approved.where(AssessmentResult.teacher_id.in_(in_school))
    certified = set(connection.execute(approved).scalars())
    return {
        tid: (fails, excellent, graded, total, tid in certified)
        for tid, fails, excellent, graded, total in connection.execute(counts).all()
    }


class HoursService:
    """The ledger (county administrator writes, everyone reads) and the hours verdicts."""

    def __init__(self, context: ServiceContext) -> None:
        self._context = context

    # ------------------------------------------------------------ rules in force

    def preset(self) -> Preset:
        """The programme rules in force (the workspace's copy of its preset)."""
        with self._context.read() as session:
            return workspace_preset(session)

    def set_preset(self, preset_id: str) -> Preset:
        """Replace the rules in force with a shipped preset; every verdict follows it."""
        self._context.require(ADMIN_ROLES, "更换规则预设")
        preset = load_preset(preset_id)
        with self._context.unit_of_work() as session:
            row = session.scalars(select(WorkspaceRow)).one()
            row.preset_id = preset.preset_id
            row.preset_json = json.dumps(preset_to_dict(preset), ensure_ascii=False)
            session.flush()
        return preset

    # ------------------------------------------------------------ ledger

    def ledger(self, teacher_id: int) -> list[HourEntry]:
        """A teacher's hour entries, newest first (个人学时档案)."""
        with self._context.read() as session:
            if session.get(Teacher, teacher_id) is None:
                raise NotFoundError(
                    f"找不到编号为 {teacher_id} 的教师，它可能已被删除。", code="teacher.unknown"
                )
            query = (
                select(HourRecord, TrainingProject.name)
                .outerjoin(TrainingProject, TrainingProject.id == HourRecord.project_id)
                .where(HourRecord.teacher_id == teacher_id)
                .order_by(HourRecord.record_date.desc().nulls_last(), HourRecord.id.desc())
            )
            return [_entry(row, name) for row, name in session.execute(query)]

    def add(self, fields: Mapping[str, object]) -> HourEntry:
        """Add one entry (teacher_id or id_number, category, hours, year, date, project, …)."""
        self._context.require(ADMIN_ROLES, "登记学时")
        with self._context.unit_of_work() as session:
            preset = workspace_preset(session)
            clean = _clean(fields, preset, sources=_HAND_SOURCES)
            teacher = self._resolve_teacher(session, fields)
            self._refuse_inactive([teacher])
            project = self._check(session, clean, [teacher], preset, exclude_id=None)
            row = HourRecord(teacher_id=teacher.id)
            self._apply(row, clean, project)
            session.add(row)
            session.flush()
            return _entry(row, project.name if project else None)

    def add_bulk(self, teacher_ids: Sequence[int], fields: Mapping[str, object]) -> int:
        """The same entry for every teacher of a selection; all or nothing. Returns how many."""
        self._context.require(ADMIN_ROLES, "批量登记学时")
        wanted = list(dict.fromkeys(teacher_ids))
        if not wanted:
            raise ValidationError(
                "没有选择任何教师，请先选择要登记学时的教师。", code="hours.no_teachers"
            )
        with self._context.unit_of_work() as session:
            preset = workspace_preset(session)
            clean = _clean(fields, preset, sources=_HAND_SOURCES)
            teachers = self._teachers_by_id(session, wanted)
            try:
                self._refuse_inactive(teachers)
                project = self._check(session, clean, teachers, preset, exclude_id=None)
            except (ValidationError, DuplicateError) as exc:
                raise type(exc)(
                    f"{exc.message}（批量登记共 {len(teachers)} 名教师，全部没有登记。）",
                    code=exc.code,
                    details=exc.details,
                ) from exc
            now = utcnow()
            rows = [
                {
                    "teacher_id": teacher.id,
                    "category": clean.category.value,
                    "half_hours": clean.half_hours,
                    "year": clean.year,
                    "record_date": clean.record_date,
                    "project_id": project.id if project else None,
                    "source": clean.source.value,
                    "source_ref": None,
                    "source_key": None,
                    "certified_by": clean.certified_by,
                    "note": clean.note,
                    "created_at": now,
                    "updated_at": now,
                    "version": 1,
                }
                for teacher in teachers
            ]
            BulkInserter(session.connection()).insert(
                HourRecord.__table__,  # type: ignore[arg-type]
                rows,
            )
            # The bulk insert bypasses the ORM's audit hook: one summary entry instead.
            record_audit(
                session,
                action="create_bulk",
                entity="hour_records",
                summary=(
                    f"批量登记{clean.category.label}学时 {format_hours(clean.half_hours / 2)} "
                    f"学时（{clean.record_date.isoformat()}）：{len(rows)} 名教师"
                ),
                after={
                    "teacher_ids": [t.id for t in teachers][:1000],
                    "count": len(rows),
                    "category": clean.category.value,
                    "half_hours": clean.half_hours,
                    "year": clean.year,
                    "record_date": clean.record_date.isoformat(),
                    "project_id": project.id if project else None,
                    "source": clean.source.value,
                },
            )
            return len(rows)

    def update(
        self, entry_id: int, fields: Mapping[str, object], *, version: int | None = None
    ) -> HourEntry:
        """Edit an entry (fields not given keep their values; imported ones: the note only)."""
        self._context.require(ADMIN_ROLES, "修改学时")
        with self._context.unit_of_work() as session:
            row = self._row(session, entry_id)
            if version is not None and row.version != version:
                raise stale_error()
            teacher = self._teachers_by_id(session, [row.teacher_id])[0]
            if any(key in fields for key in ("teacher_id", "id_number")):
                other = self._resolve_teacher(session, fields)
                if other.id != teacher.id:
                    raise ValidationError(
                        "不能把学时记录改到另一位教师名下；请删除这条记录后为该教师重新登记。",
                        code="hours.teacher_change",
                        field="teacher",
                    )
            if HourSource(row.source) in PROTECTED_SOURCES:
                self._update_note_only(session, row, fields)
            else:
                preset = workspace_preset(session)
                merged: dict[str, object] = {
                    "category": row.category,
                    "hours": row.half_hours / 2,
                    "year": row.year,
                    "date": row.record_date,
                    "project": row.project_id,
                    "source": row.source,
                    "certified_by": row.certified_by,
                    "note": row.note,
                    **fields,
                }
                clean = _clean(merged, preset, sources=_HAND_SOURCES)
                project = self._check(session, clean, [teacher], preset, exclude_id=row.id)
                self._apply(row, clean, project)
            session.flush()
            name = session.scalar(
                select(TrainingProject.name).where(TrainingProject.id == row.project_id)
            )
            return _entry(row, name)

    def _update_note_only(
        self, session: Session, row: HourRecord, fields: Mapping[str, object]
    ) -> None:
        """An imported or credited entry: a new note, the figures exactly as they are."""
        figures = {k: v for k, v in fields.items() if k not in ("note", "teacher_id", "id_number")}
        if figures:
            # Figures sent back unchanged (a dialog sends every field) are fine; the stored
            # ones are not validated again (an institution's entry may span several days).
            merged: dict[str, object] = {
                "category": row.category,
                "hours": row.half_hours / 2,
                "year": row.year,
                "date": row.record_date or date(row.year, 1, 1),
                "source": row.source,
                "certified_by": row.certified_by,
                **figures,
            }
            preset = workspace_preset(session)
            lenient = replace(preset, hours=replace(preset.hours, max_hours_per_day=math.inf))
            try:
                clean = _clean(merged, lenient, sources=(HourSource(row.source),))
                project = self._resolve_project(session, clean) if "project" in figures else None
            except (ValidationError, NotFoundError):
                clean, project = None, None
            unchanged = clean is not None and (
                clean.category.value == row.category
                and clean.half_hours == row.half_hours
                and clean.year == row.year
                and ("date" not in figures or clean.record_date == row.record_date)
                and ("project" not in figures or (project and project.id) == row.project_id)
                and clean.certified_by == row.certified_by
            )
            if not unchanged:
                raise ValidationError(
                    _protected_reason(row, "修改") + "（这类记录只能修改备注。）",
                    code="hours.protected",
                )
        row.note = _limited(fields.get("note", row.note), field="note", label="备注", limit=2000)

    def delete(self, entry_id: int) -> None:
        """Delete an entry typed by hand; imported and credited entries are refused."""
        self._context.require(ADMIN_ROLES, "删除学时")
        with self._context.unit_of_work() as session:
            row = self._row(session, entry_id)
            if HourSource(row.source) in PROTECTED_SOURCES:
                raise ValidationError(_protected_reason(row, "删除"), code="hours.protected")
            session.delete(row)

    @staticmethod
    def _row(session: Session, entry_id: int) -> HourRecord:
        row = session.get(HourRecord, entry_id)
        if row is None:
            raise NotFoundError(
                f"找不到编号为 {entry_id} 的学时记录，它可能已被删除。", code="hours.unknown"
            )
        return row

    @staticmethod
    def _apply(row: HourRecord, clean: _Clean, project: TrainingProject | None) -> None:
        row.category = clean.category.value
        row.half_hours = clean.half_hours
        row.year = clean.year
        row.record_date = clean.record_date
        row.project_id = project.id if project else None
        row.source = clean.source.value
        row.certified_by = clean.certified_by
        row.note = clean.note

    # ------------------------------------------------------------ checks

    @staticmethod
    def _resolve_teacher(session: Session, fields: Mapping[str, object]) -> _TeacherRef:
        query = select(Teacher.id, Teacher.name, Teacher.id_number, Teacher.status)
        raw_id = fields.get("teacher_id")
        if _given(raw_id):
            if isinstance(raw_id, bool) or not isinstance(raw_id, int):
                raise ValidationError(
                    f"教师编号“{raw_id}”无效。", code="hours.teacher_id", field="teacher_id"
                )
            found = session.execute(query.where(Teacher.id == raw_id)).first()
            if found is None:
                raise NotFoundError(
                    f"找不到编号为 {raw_id} 的教师，它可能已被删除；没有登记学时。",
                    code="teacher.unknown",
                )
            return _TeacherRef(*found)
        raw_number = fields.get("id_number")
        if not _given(raw_number):
            # Names repeat within a county: matching on a name alone would credit a namesake.
            named = normalize_text(fields.get("name") or fields.get("teacher"))
            who = f"“{named}”" if named else ""
            raise ValidationError(
                f"请填写教师{who}的身份证号：学时按身份证号登记到教师名下，"
                "只凭姓名无法确定是哪一位教师（可能有重名）。",
                code="hours.teacher_missing",
                field="id_number",
            )
        number = parse_id_number(raw_number).number
        found = session.execute(query.where(Teacher.id_number == number)).first()
        if found is None:
            raise NotFoundError(
                f"教师名单中没有身份证号为 {mask_id_number(number)} 的教师，没有登记学时。"
                "学时只能登记给名单中的教师，请核对身份证号，或先在“教师”中登记该教师。",
                code="hours.teacher_unknown",
                details={"field": "id_number"},
            )
        return _TeacherRef(*found)

    @staticmethod
    def _teachers_by_id(session: Session, ids: Sequence[int]) -> list[_TeacherRef]:
        found: dict[int, _TeacherRef] = {}
        for start in range(0, len(ids), 10_000):
            chunk = ids[start : start + 10_000]
            for row in session.execute(
                select(Teacher.id, Teacher.name, Teacher.id_number, Teacher.status).where(
                    Teacher.id.in_(chunk)
                )
            ):
                found[row[0]] = _TeacherRef(*row)
        for tid in ids:
            if tid not in found:
                raise NotFoundError(
                    f"找不到编号为 {tid} 的教师，它可能已被删除；没有登记学时。",
                    code="teacher.unknown",
                )
        return [found[tid] for tid in ids]

    @staticmethod
    def _refuse_inactive(teachers: Sequence[_TeacherRef]) -> None:
        for teacher in teachers:
            if teacher.status != "active":
                raise ValidationError(
                    f"{teacher.label}已停用，不能登记学时；如果该教师仍在职，请先在“教师”中启用。",
                    code="hours.inactive_teacher",
                    field="teacher",
                )

    def _check(
        self,
        session: Session,
        clean: _Clean,
        teachers: Sequence[_TeacherRef],
        preset: Preset,
        *,
        exclude_id: int | None,
    ) -> TrainingProject | None:
        """Refuse the entry for the first teacher it does not fit; returns the project."""
        ids = [t.id for t in teachers]
        project = self._resolve_project(session, clean)

        def sums(condition: ColumnElement[bool]) -> dict[int, int]:
            query = (
                select(HourRecord.teacher_id, func.sum(HourRecord.half_hours))
                .where(condition, *_teacher_filter(HourRecord.teacher_id, ids))
                .group_by(HourRecord.teacher_id)
            )
            if exclude_id is not None:
                query = query.where(HourRecord.id != exclude_id)
            return {tid: int(total) for tid, total in session.execute(query)}

        same_project = (
            HourRecord.project_id == project.id if project else HourRecord.project_id.is_(None)
        )
        duplicate_query = select(HourRecord.teacher_id).where(
            HourRecord.category == clean.category.value,
            HourRecord.half_hours == clean.half_hours,
            HourRecord.record_date == clean.record_date,
            same_project,
            *_teacher_filter(HourRecord.teacher_id, ids),
        )
        if exclude_id is not None:
            duplicate_query = duplicate_query.where(HourRecord.id != exclude_id)
        duplicates = set(session.scalars(duplicate_query))
        per_day = sums(HourRecord.record_date == clean.record_date)
        day_max = round(preset.hours.max_hours_per_day * 2)
        enrolled: set[int] = set()
        in_project: dict[int, int] = {}
        if project is not None:
            enrolled = enrolment_status(session, project.id, ids)
            in_project = sums(HourRecord.project_id == project.id)
        hours = format_hours(clean.half_hours / 2)
        on = clean.record_date.isoformat()
        for teacher in teachers:
            if project is not None and teacher.id not in enrolled:
                raise ValidationError(
                    f"{teacher.label}不在项目“{project.name}”的参训名单中（或已被替换），"
                    "不能登记该项目的学时；请先在项目中添加该教师，或不选项目。",
                    code="hours.not_enrolled",
                    field="project",
                )
            if teacher.id in duplicates:
                where = f"、项目“{project.name}”" if project else ""
                raise DuplicateError(
                    f"{teacher.label}在 {on} 已有一条相同的学时记录（{clean.category.label} "
                    f"{hours} 学时{where}），同一条记录不能登记两次。",
                    code="hours.duplicate",
                    details={"teacher_id": teacher.id},
                )
            day = per_day.get(teacher.id, 0)
            if day + clean.half_hours > day_max:
                raise ValidationError(
                    f"{teacher.label}在 {on} 已登记 {format_hours(day / 2)} 学时，再加 {hours} "
                    f"学时共 {format_hours((day + clean.half_hours) / 2)} 学时，超过了一天最多 "
                    f"{format_hours(day_max / 2)} 学时，请核对日期和学时数。",
                    code="hours.day_over",
                    field="hours",
                )
            if project is not None:
                have = in_project.get(teacher.id, 0)
                if have + clean.half_hours > project.offered_half_hours:
                    raise ValidationError(
                        f"{teacher.label}在项目“{project.name}”已登记 {format_hours(have / 2)} "
                        f"学时，再加 {hours} 学时共 "
                        f"{format_hours((have + clean.half_hours) / 2)} 学时，超过了该项目提供的 "
                        f"{format_hours(project.offered_half_hours / 2)} 学时，请核对。",
                        code="hours.project_over",
                        field="hours",
                    )
        return project

    @staticmethod
    def _resolve_project(session: Session, clean: _Clean) -> TrainingProject | None:
        ref = clean.project_ref
        if not _given(ref):
            return None
        project: TrainingProject | None
        if isinstance(ref, int) and not isinstance(ref, bool):
            project = session.get(TrainingProject, ref)
        else:
            name = normalize_text(ref)
            candidates = list(
                session.scalars(select(TrainingProject).where(TrainingProject.name == name))
            )
            same_year = [p for p in candidates if p.year == clean.year]
            chosen = same_year or candidates
            project = chosen[0] if chosen else None
        if project is None:
            raise NotFoundError(
                f"找不到培训项目“{normalize_text(ref)}”，请先在“培训项目”中登记，或不选项目。",
                code="project.unknown",
                details={"field": "project", "value": ref},
            )
        years = {project.year} | set(
            session.scalars(
                select(ProjectYearHours.year).where(ProjectYearHours.project_id == project.id)
            )
        )
        if clean.year not in years:
            listed = "、".join(str(y) for y in sorted(years))
            raise ValidationError(
                f"项目“{project.name}”是 {listed} 年度的项目，不能登记 {clean.year} 年度的学时；"
                "跨年度项目请先登记各年度的学时。",
                code="hours.project_year",
                field="year",
            )
        return project

    # ------------------------------------------------------------ verdicts

    def teacher_hours(
        self,
        *,
        school_id: int | None = None,
        year: int | None = None,
        project_id: int | None = None,
    ) -> list[TeacherHours]:
        """Every active teacher's hours and verdict, by school code.

        ``school_id`` and ``project_id`` choose the teachers (of the school; enrolled in the
        project); ``year`` counts only that year's hours.  Five queries whatever the size,
        run on the session's connection (Core rows: the ORM's row handling doubled the time).
        """
        teachers = (
            select(
                Teacher.id,
                Teacher.id_number,
                Teacher.name,
                Teacher.school_id,
                School.code,
                School.name,
            )
            .join(School, School.id == Teacher.school_id)
            .where(Teacher.status == TeacherStatus.ACTIVE.value)
            .order_by(School.code, Teacher.id)
        )
        online, practice = HourCategory.ONLINE.value, HourCategory.PRACTICE.value
        # One GROUP BY over hour_records, by teacher, with the categories side by side.
        hours = select(
            HourRecord.teacher_id,
            func.sum(case((HourRecord.category == online, HourRecord.half_hours), else_=0)),
            func.sum(case((HourRecord.category == practice, HourRecord.half_hours), else_=0)),
            func.sum(
                case(
                    (HourRecord.category.not_in((online, practice)), HourRecord.half_hours),
                    else_=0,
                )
            ),
        ).group_by(HourRecord.teacher_id)
        if school_id is not None:
            teachers = teachers.where(Teacher.school_id == school_id)
            hours = hours.where(
                HourRecord.teacher_id.in_(select(Teacher.id).where(Teacher.school_id == school_id))
            )
        if project_id is not None:
            members = select(Enrollment.teacher_id).where(
                Enrollment.project_id == project_id, Enrollment.status == ENROLLED
            )
            teachers = teachers.where(Teacher.id.in_(members))
            hours = hours.where(HourRecord.teacher_id.in_(members))
        if year is not None:
            hours = hours.where(HourRecord.year == year)
        # 100,000 rows of small objects and no reference cycles: collections would only walk
        # them again and again (1.2 s → 0.75 s here).
        with paused_gc(), self._context.read() as session:
            preset = workspace_preset(session)
            cycle = session.scalars(select(WorkspaceRow.current_cycle)).one()
            connection = session.connection()
            sums = {row[0]: (row[1], row[2], row[3]) for row in connection.execute(hours).all()}
            grades = assessment_counts(session, cycle, school_id)
            people = connection.execute(teachers).all()
            return self._judge(preset, people, sums, grades)

    @staticmethod
    def _judge(
        preset: Preset,
        people: Sequence[Row[int, str, str, int, str, str]],
        sums: Mapping[int, tuple[int, int, int]],
        grades: Mapping[int, GradeCounts],
    ) -> list[TeacherHours]:
        rule = preset.hours
        min_points = preset.points.min_points
        states: dict[tuple[int, int, int, int, bool], AssessmentState] = {}
        verdicts: dict[tuple[int, int, int, AssessmentState], HourVerdict] = {}
        zero = (0, 0, 0)
        out: list[TeacherHours] = []
        append = out.append
        for tid, number, name, sid, code, school_name in people:
            counts = grades.get(tid)
            assessment: AssessmentState = "pending"
            if counts is not None:
                # A grade counts once the county has approved the teacher's result.
                state_key = counts
                found = states.get(state_key)
                if found is None:
                    found = _assessment_state(state_key, min_points)
                    states[state_key] = found
                assessment = found
            online, practice, other = sums.get(tid, zero)
            key = (online, practice, other, assessment)
            verdict = verdicts.get(key)
            if verdict is None:
                # A few hundred distinct combinations among 100,000 teachers: judge each once.
                verdict = evaluate_hours(
                    rule,
                    HourTotals(online=online / 2, practice=practice / 2, other=other / 2),
                    assessment_passed=_PASSED_ON[assessment],
                )
                verdicts[key] = verdict
            append(
                TeacherHours(
                    tid,
                    number,
                    name,
                    sid,
                    code,
                    school_name,
                    online / 2,
                    practice / 2,
                    other / 2,
                    assessment,
                    verdict,
                )
            )
        return out

    def still_short(
        self, *, school_id: int | None = None, short_of: str | None = None
    ) -> list[TeacherHours]:
        """Teachers not qualified; ``short_of`` online / practice / total / assessment narrows."""
        test = _short_test(short_of)
        return [t for t in self.teacher_hours(school_id=school_id) if test(t)]

    def school_summaries(self) -> list[SchoolHours]:
        """Per school (by code): active teachers, qualified, short of what, hours."""
        with self._context.read() as session:
            schools = list(
                session.execute(
                    select(School.id, School.code, School.name, School.status).order_by(School.code)
                )
            )
        tallies: dict[int, list[float]] = {}
        for teacher in self.teacher_hours():
            tally = tallies.setdefault(teacher.school_id, [0.0] * 9)
            codes = teacher.verdict.reason_codes
            tally[0] += 1
            tally[1] += teacher.qualified
            tally[2] += "online_short" in codes
            # 广东's share rule (practice ≥ 50 % of the total) is a shortage of practice too.
            tally[3] += "practice_short" in codes or "practice_share" in codes
            tally[4] += "total_short" in codes
            tally[5] += teacher.assessment == "pending"
            tally[6] += teacher.assessment == "failed"
            tally[7] += teacher.online
            tally[8] += teacher.practice
        summaries: list[SchoolHours] = []
        for sid, code, name, status in schools:
            if status != "active" and sid not in tallies:
                continue  # a closed school without teachers
            t = tallies.get(sid, [0.0] * 9)
            summaries.append(
                SchoolHours(
                    school_id=sid,
                    school_code=code,
                    school_name=name,
                    teachers=int(t[0]),
                    qualified=int(t[1]),
                    short_of_online=int(t[2]),
                    short_of_practice=int(t[3]),
                    short_of_total=int(t[4]),
                    assessment_pending=int(t[5]),
                    assessment_failed=int(t[6]),
                    online_hours=t[7],
                    practice_hours=t[8],
                )
            )
        return summaries

    def county_summary(self) -> CountyHours:
        """The county's totals (the sums of :meth:`school_summaries`)."""
        rows = self.school_summaries()
        return CountyHours(
            schools=len(rows),
            teachers=sum(r.teachers for r in rows),
            qualified=sum(r.qualified for r in rows),
            short_of_online=sum(r.short_of_online for r in rows),
            short_of_practice=sum(r.short_of_practice for r in rows),
            short_of_total=sum(r.short_of_total for r in rows),
            assessment_pending=sum(r.assessment_pending for r in rows),
            assessment_failed=sum(r.assessment_failed for r in rows),
            online_hours=sum(r.online_hours for r in rows),
            practice_hours=sum(r.practice_hours for r in rows),
        )


def _short_test(short_of: str | None) -> Callable[[TeacherHours], bool]:
    """The filter of :meth:`HoursService.still_short` for one ``short_of`` choice."""
    if short_of is None:
        return lambda t: not t.verdict.qualified
    key = normalize_text(short_of).lower()
    wanted = {
        "online": ("online_short",),
        "practice": ("practice_short",),
        "total": ("total_short", "practice_share"),
        "assessment": ("assessment_pending", "assessment_failed"),
    }.get(key)
    if wanted is None:
        raise ValidationError(
            f"“{short_of}”不是有效的筛选条件，请选择 online（网络研修不足）、practice（校本实践"
            "应用不足）、total（总学时不足）或 assessment（考核未通过）。",
            code="hours.short_of",
            field="short_of",
            value=short_of,
        )
    return lambda t: any(code in t.verdict.reason_codes for code in wanted)
