"""The roster as .xlsx (the import template's columns, so it round-trips) and empty templates."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path

from sqlalchemy import select

from nlts_desktop.domain.codes import code_table
from nlts_desktop.domain.enums import Environment, Gender, Role, TeacherStatus
from nlts_desktop.exchange.excel_writer import write_table, write_template
from nlts_desktop.exchange.roster_columns import (
    SCHOOL_COLUMNS,
    SCHOOL_EXAMPLE,
    TEACHER_COLUMNS,
    TEACHER_EXAMPLE,
)
from nlts_desktop.services.audit import audited_export
from nlts_desktop.services.context import ServiceContext
from nlts_desktop.services.progress import CancelToken, Progress, no_progress
from nlts_desktop.storage.models import School, Teacher

CHUNK = 5_000
_ID_CHUNK = 900
_REFERENCE_TABLES = (
    "stages",
    "subjects",
    "titles",
    "urban_rural",
    "school_categories",
    "environments",
)

TEACHER_NOTES = (
    "每行一位教师；第一行是列标题，请不要修改列标题的文字。",
    "身份证号必须是18位（旧15位号码会自动转换），请把该列设置为“文本”格式再输入，"
    "否则 Excel 会把它改写成科学计数法，末尾几位会丢失。",
    "学校标识码和学校名称至少填写一项，学校必须已在程序中登记。",
    "性别、出生日期可以不填，程序从身份证号读取；填写时必须与身份证号一致。",
    "学段、学科、职称请使用“代码表”中的名称；旧职称（如中学高级教师）会自动换算为现行名称。",
    "再次导入同一文件不会重复登记；空着的单元格不会清除程序中已有的内容。",
)
SCHOOL_NOTES = (
    "每行一所学校；第一行是列标题，请不要修改列标题的文字。",
    "学校标识码为10位数字：前2位学校类别，第3、4位省份代码，后6位序号。",
    "学校类别可以不填，程序从标识码前两位读取；填写时必须与标识码一致。",
    "城乡分类、信息化环境请使用“代码表”中的名称；信息化环境可以填多个，用顿号隔开。",
    "中心校、试点校、示范校填“是”或“否”。",
)


# Excel's date system starts in 1900 (with a phantom 1900-02-29): earlier dates go as text.
_EXCEL_FIRST_SAFE_DATE = date(1900, 3, 1)


def _excel_date(value: date) -> date | str:
    return value if value >= _EXCEL_FIRST_SAFE_DATE else value.isoformat()


def _names(table: str) -> dict[str, str]:
    return {entry.code: entry.name for entry in code_table(table).entries}


def _reference() -> dict[str, list[tuple[str, str]]]:
    tables = {}
    for name in _REFERENCE_TABLES:
        table = code_table(name)
        tables[table.title] = [(entry.code, entry.name) for entry in table.entries]
    return tables


def write_roster_template(kind: str, out: Path) -> Path:
    """An empty import template (schools or teachers) with an example row, notes and codes.

    Needs no workspace: the columns and code tables are the program's own.
    """
    teachers = kind == "teachers"
    columns = TEACHER_COLUMNS if teachers else SCHOOL_COLUMNS
    example = TEACHER_EXAMPLE if teachers else SCHOOL_EXAMPLE
    notes = TEACHER_NOTES if teachers else SCHOOL_NOTES
    title = "教师名单导入模板" if teachers else "学校名单导入模板"
    write_template(out, columns, example=example, notes=notes, reference=_reference(), title=title)
    return out


class RosterExportService:
    """Write the roster."""

    def __init__(self, context: ServiceContext) -> None:
        self._context = context

    def _own_school(self) -> int | None:
        # A school coordinator exports their own school only, whatever was asked for.
        actor = self._context.actor
        return actor.school_id if actor.role is Role.SCHOOL_COORDINATOR else None

    def _teacher_rows(
        self, teacher_ids: Sequence[int] | None, progress: Progress, cancel: CancelToken | None
    ) -> Iterator[list[object]]:
        # Plain columns, not ORM objects (2 s for 100,000 rows), and each code's name once.
        stage_names = _names("stages")
        subject_names = _names("subjects")
        title_names = _names("titles")
        genders = {g.value: g.label for g in Gender}
        statuses = {s.value: s.label for s in TeacherStatus}
        query = select(
            Teacher.id,
            Teacher.id_number,
            Teacher.name,
            Teacher.gender,
            Teacher.birth_date,
            School.code,
            School.name,
            Teacher.phone,
            Teacher.stage_code,
            Teacher.subject_code,
            Teacher.title_code,
            Teacher.status,
            Teacher.note,
        ).join(School, School.id == Teacher.school_id)
        own = self._own_school()
        if own is not None:
            query = query.where(Teacher.school_id == own)
        with self._context.read() as session:
            if teacher_ids is None:
                rows = session.execute(query.order_by(School.code, Teacher.name, Teacher.id)).all()
            else:
                # The view's order; ids in chunks (SQLite caps the number of variables).
                ids = list(teacher_ids)
                found = {}
                for start in range(0, len(ids), _ID_CHUNK):
                    chunk = ids[start : start + _ID_CHUNK]
                    for row in session.execute(query.where(Teacher.id.in_(chunk))):
                        found[row[0]] = row
                rows = [found[i] for i in ids if i in found]
        total = len(rows)
        for index, row in enumerate(rows):
            if index % CHUNK == 0:
                if cancel is not None:
                    cancel.check()
                progress(index, total, "正在导出教师名单……")
            (_id, number, name, gender, born, code, school, phone, stage, subject, title,
             status, note) = row  # fmt: skip
            yield [
                number,
                name,
                genders.get(gender, gender),
                _excel_date(born),
                code,
                school,
                phone or "",
                stage_names.get(stage, "") if stage else "",
                subject_names.get(subject, "") if subject else "",
                title_names.get(title, "") if title else "",
                statuses.get(status, status),
                note or "",
            ]
        progress(total, total, "完成")

    @audited_export("teachers", "教师名单", unit="行")
    def export_teachers(
        self,
        out: Path,
        *,
        teacher_ids: Sequence[int] | None = None,
        progress: Progress = no_progress,
        cancel: CancelToken | None = None,
    ) -> int:
        """The roster (or the given teachers) in the template's columns; returns the row count.

        A school coordinator gets only their own school's teachers.
        """
        return write_table(
            out,
            sheet_title="教师名单",
            headers=[spec.label for spec in TEACHER_COLUMNS],
            rows=self._teacher_rows(teacher_ids, progress, cancel),
            text_columns=(0, 4),
        )

    @audited_export("schools", "学校名单", unit="行")
    def export_schools(self, out: Path) -> int:
        """Every school in the template's columns (a school coordinator: their own school)."""
        stages = code_table("stages")
        urban = code_table("urban_rural")
        categories = code_table("school_categories")
        with self._context.read() as session:
            query = select(School).order_by(School.code)
            own = self._own_school()
            if own is not None:
                query = query.where(School.id == own)
            schools = session.scalars(query).all()

        def flag(value: bool) -> str:
            return "是" if value else "否"

        rows = [
            [
                s.code,
                s.name,
                categories.name_of(s.category_code),
                stages.name_of(s.stage_code),
                urban.name_of(s.urban_rural_code) if s.urban_rural_code else "",
                "、".join(Environment(e).label for e in s.environments.split(",") if e),
                flag(s.is_center_school),
                flag(s.is_pilot),
                flag(s.is_demo),
                s.contact_name or "",
                s.contact_phone or "",
                s.address or "",
                s.note or "",
            ]
            for s in schools
        ]
        return write_table(
            out,
            sheet_title="学校名单",
            headers=[spec.label for spec in SCHOOL_COLUMNS],
            rows=rows,
            text_columns=(0,),
        )
