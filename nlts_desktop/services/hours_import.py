"""Importing a training institution's hours export (承训机构学时导出): read → validate → write.

Every platform exports its own columns (学员姓名, 证件号, 获得学时, 认定时间, …).  The columns
are matched once — by an explicit choice, else by synonyms — and the choice is saved on the
institution with the header texts it was made for.  A later file whose headers differ from the
saved set is refused until someone confirms the matching again: a renamed column must never
pour hours into the wrong field by guesswork.

Teachers are found by normalised 身份证号 only; the name, when the file has one, must agree
with the roster (a different name means a wrong ID).  Every row gets a stable ``source_key``
(the platform's record id, else institution, project, teacher, category and date or year), so
re-importing the same file changes nothing and a later export updates the records it already
brought instead of adding them again.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Generic, TypeVar, cast

from sqlalchemy import Connection, Table, bindparam, func, select, update

from nlts_desktop.domain.codes import code_table
from nlts_desktop.domain.enums import HourCategory, HourSource
from nlts_desktop.domain.errors import NotFoundError, ValidationError
from nlts_desktop.domain.hour_rules import format_hours, validate_hours
from nlts_desktop.domain.idcard import normalize_id_number, parse_id_number
from nlts_desktop.domain.presets import HourRule, parse_preset
from nlts_desktop.domain.roster import parse_date
from nlts_desktop.domain.text import normalize_compact, normalize_text
from nlts_desktop.exchange.excel_reader import ColumnSpec, TableData, header_key, read_table
from nlts_desktop.exchange.excel_writer import REASON_HEADER, ROW_HEADER
from nlts_desktop.services.context import ADMIN_ROLES, ServiceContext, stale_error
from nlts_desktop.services.progress import CancelToken, Progress, no_progress, paused_gc
from nlts_desktop.services.roster_import import (
    ImportRejectedError,
    ImportSummary,
    RowIssue,
    default_report_path,
    write_issue_report,
)
from nlts_desktop.storage.audit import record_audit
from nlts_desktop.storage.base import utcnow
from nlts_desktop.storage.bulk import BulkInserter
from nlts_desktop.storage.models import (
    HourRecord,
    Institution,
    Teacher,
    TrainingProject,
    WorkspaceRow,
)

# Our fields and the header texts institutions' platforms use for them.  课程名称 is left out
# of ``project`` on purpose: platforms put course titles there, not our project names; a clerk
# who knows better maps it by hand once and the choice is saved.
HOURS_COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec(
        "id_number",
        "身份证号",
        (
            "身份证号码",
            "身份证",
            "证件号",
            "证件号码",
            "学员身份证号",
            "学员证件号",
            "公民身份号码",
        ),
        required=True,
        kind="id",
    ),
    ColumnSpec(
        "hours",
        "学时",
        ("获得学时", "完成学时", "学时数", "认定学时", "已获学时", "获得学分", "学分", "研修学时"),
        required=True,
        kind="number",
    ),
    ColumnSpec("name", "姓名", ("学员姓名", "教师姓名", "学员", "真实姓名")),
    ColumnSpec("category", "学时类型", ("学时类别", "学时分类", "研修类型", "研修类别")),
    ColumnSpec(
        "date",
        "完成日期",
        ("完成时间", "认定时间", "认定日期", "结业日期", "学习日期", "获得时间", "日期"),
        kind="date",
    ),
    ColumnSpec("year", "年度", ("年份", "培训年度", "认定年度", "学年度"), kind="number"),
    ColumnSpec("project", "项目名称", ("培训项目", "培训项目名称", "项目", "所属项目")),
    ColumnSpec(
        "record_key",
        "记录编号",
        ("学习记录ID", "记录ID", "学习记录编号", "记录号", "流水号"),
    ),
)
FIELDS = frozenset(spec.field for spec in HOURS_COLUMNS)
COLUMNS_CHANGED = "hours_import.columns_changed"
CHUNK = 5_000
# source_key is 255 characters; the prefix inst{id}: takes a few.
_MAX_RECORD_KEY = 200
# Columns our own error report adds: a fixed report imports again under the saved mapping.
_REPORT_HEADERS = frozenset(header_key(text) for text in (ROW_HEADER, REASON_HEADER))
# Errors of reading with the saved mapping that a renamed column can cause.
_MAPPING_READ_ERRORS = frozenset(
    {"import.missing_column", "import.no_header", "import.duplicate_column"}
)
_KEPT_ROWS = 20
_COMPARED = ("teacher_id", "category", "half_hours", "year", "record_date", "project_id")
_YEAR = re.compile(r"(\d{4})(?:年度|年)?")
# issue(row, field, value, reason, code): how row checks report a problem.
_IssueSink = Callable[[int, str | None, object, str, str], None]


@dataclass(frozen=True)
class SavedMapping:
    """An institution's remembered columns: the header texts and header text → field."""

    headers: tuple[str, ...]
    mapping: dict[str, str]

    def to_json(self) -> str:
        """The form stored in ``Institution.hours_mapping_json``."""
        return json.dumps(
            {"headers": list(self.headers), "mapping": self.mapping},
            ensure_ascii=False,
            sort_keys=True,
        )


def load_saved_mapping(text: str | None) -> SavedMapping | None:
    """The saved mapping of an institution, or None (never saved, or unreadable)."""
    if not text:
        return None
    try:
        data = json.loads(text)
        headers = tuple(str(h) for h in data["headers"])
        mapping = {str(k): str(v) for k, v in dict(data["mapping"]).items()}
    except (ValueError, KeyError, TypeError):
        return None
    return SavedMapping(headers=headers, mapping=mapping)


@dataclass(frozen=True)
class HourChange:
    """A ledger record a later export changes (all columns written, ``before`` what differed)."""

    row: int
    record_id: int
    version: int
    values: dict[str, Any]
    before: dict[str, Any]


@dataclass
class HoursImportPlan:
    """A validated hours import, ready to preview and commit."""

    table: TableData
    institution_id: int
    institution_name: str
    institution_version: int
    project_id: int | None
    # header text → field ("" for an ignored column), as used for this file
    mapping: dict[str, str]
    # "explicit" | "saved" | "automatic"
    mapping_source: str
    # The mapping to store on the institution at commit (None: the saved one still holds).
    mapping_to_save: SavedMapping | None
    new_rows: list[dict[str, Any]]
    changes: list[HourChange]
    unchanged: int
    issues: list[RowIssue]
    kind: str = "hours"

    @property
    def rejected_rows(self) -> list[int]:
        """Source row numbers of the rejected rows, in order."""
        return sorted({issue.row for issue in self.issues})

    def summary(self, *, written: bool = False) -> ImportSummary:
        """Counts by outcome (new / changed / unchanged / rejected)."""
        return ImportSummary(
            kind=self.kind,
            file_name=self.table.path.name,
            sheet=self.table.sheet,
            header_row=self.table.header_row,
            new=len(self.new_rows),
            changed=len(self.changes),
            unchanged=self.unchanged,
            rejected=len(self.rejected_rows),
            issues=tuple(self.issues),
            written=written,
        )


@dataclass(frozen=True, slots=True)
class _Institution:
    id: int
    name: str
    version: int
    mapping_json: str | None


@dataclass(frozen=True, slots=True)
class _Existing:
    id: int
    version: int
    # The _COMPARED columns, in that order.
    values: tuple[Any, ...]

    @property
    def pair(self) -> tuple[int, int | None]:
        """(teacher_id, project_id) of the record."""
        return self.values[0], self.values[5]


@dataclass(frozen=True, slots=True)
class _Project:
    id: int
    year: int
    name: str
    institution_id: int | None
    offered_half_hours: int


@dataclass(slots=True)
class _Candidate:
    row: int
    key: str
    teacher_id: int
    project_id: int
    category: str
    half_hours: int
    year: int
    record_date: date | None
    existing: _Existing | None = None

    @property
    def values(self) -> tuple[Any, ...]:
        """The _COMPARED columns, in that order."""
        return (
            self.teacher_id,
            self.category,
            self.half_hours,
            self.year,
            self.record_date,
            self.project_id,
        )


@dataclass
class _Context:
    """What checking the rows needs from the database, loaded in a few queries."""

    institution: _Institution
    rule: HourRule
    years: tuple[int, ...]
    projects: dict[int, _Project]
    by_name: dict[str, list[_Project]]
    teachers: dict[str, tuple[int, str]]
    existing: dict[str, _Existing]
    default_project: _Project | None


def _shown(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def _empty(value: object) -> bool:
    return value is None or value == ""


def _listed(texts: Iterable[str]) -> str:
    return "、".join(f"“{text}”" for text in texts)


_T = TypeVar("_T")
_MEMO_LIMIT = 10_000


class _Memo(Generic[_T]):
    """A cell parser's result by raw value: an export repeats a few hundred values 100,000 times.

    The error is returned, not raised again: re-raising one exception object grows its
    traceback each time.
    """

    def __init__(self, parse: Callable[[Any], _T]) -> None:
        self._parse = parse
        self._seen: dict[tuple[type, object], tuple[_T | None, ValidationError | None]] = {}

    def __call__(self, value: object) -> tuple[_T | None, ValidationError | None]:
        # The type is part of the key: True == 1 and 1.0 == 1, but they are different cells.
        key = (value.__class__, value)
        hit = self._seen.get(key)
        if hit is None:
            try:
                hit = (self._parse(value), None)
            except ValidationError as exc:
                hit = (None, exc)
            if len(self._seen) < _MEMO_LIMIT:
                self._seen[key] = hit
        return hit


class _Labels:
    """The file's own column headers, for messages."""

    def __init__(self, table: TableData) -> None:
        fallback = {spec.field: spec.label for spec in HOURS_COLUMNS}
        self._label = {
            name: table.headers[index] if index < len(table.headers) else fallback[name]
            for name, index in table.mapping.items()
        }
        self._fallback = fallback

    def __call__(self, name: str | None) -> str:
        if name is None:
            return ""
        return self._label.get(name) or self._fallback.get(name, name)


class HoursImportService:
    """Import an institution's hours export into the ledger; one transaction per commit."""

    def __init__(self, context: ServiceContext) -> None:
        self._context = context

    # ------------------------------------------------------------------ plan
    def plan(
        self,
        path: Path,
        *,
        institution: str,
        project_id: int | None = None,
        mapping: Mapping[str, str] | None = None,
        progress: Progress = no_progress,
        cancel: CancelToken | None = None,
        today: date | None = None,
    ) -> HoursImportPlan:
        """Read and check an institution's hours export; nothing is written."""
        with paused_gc():
            return self._plan(
                path,
                institution=institution,
                project_id=project_id,
                mapping=mapping,
                progress=progress,
                cancel=cancel,
                today=today or date.today(),
            )

    def _plan(
        self,
        path: Path,
        *,
        institution: str,
        project_id: int | None,
        mapping: Mapping[str, str] | None,
        progress: Progress,
        cancel: CancelToken | None,
        today: date,
    ) -> HoursImportPlan:
        with self._context.read() as session:
            institutions = [
                _Institution(*row)
                for row in session.execute(
                    select(
                        Institution.id,
                        Institution.name,
                        Institution.version,
                        Institution.hours_mapping_json,
                    )
                )
            ]
        found = _find_institution(institutions, institution)
        saved = load_saved_mapping(found.mapping_json)
        table, source = self._read(path, found, saved, mapping, progress, cancel)
        used = _mapping_by_text(table)
        to_save = None
        if source != "saved":
            candidate = SavedMapping(
                headers=tuple(
                    t for t in table.headers if t and header_key(t) not in _REPORT_HEADERS
                ),
                mapping={t: f for t, f in used.items() if header_key(t) not in _REPORT_HEADERS},
            )
            if saved is None or candidate.to_json() != saved.to_json():
                to_save = candidate
        names = {row.id: row.name for row in institutions}
        context = self._load(table, found, names, project_id)
        issues: list[RowIssue] = []
        candidates = self._check_rows(table, context, issues, progress, cancel, today)
        new_rows, changes, unchanged = self._classify(table, context, candidates, issues, path.name)
        issues.sort(key=lambda issue: issue.row)
        progress(len(table.rows), len(table.rows), "检查完成")
        return HoursImportPlan(
            table=_slim(table, issues),
            institution_id=found.id,
            institution_name=found.name,
            institution_version=found.version,
            project_id=context.default_project.id if context.default_project else None,
            mapping=used,
            mapping_source=source,
            mapping_to_save=to_save,
            new_rows=new_rows,
            changes=changes,
            unchanged=unchanged,
            issues=issues,
        )

    def _read(
        self,
        path: Path,
        institution: _Institution,
        saved: SavedMapping | None,
        mapping: Mapping[str, str] | None,
        progress: Progress,
        cancel: CancelToken | None,
    ) -> tuple[TableData, str]:
        """The table under the explicit, else saved, else synonym mapping, and which it was."""
        check = cancel.check if cancel is not None else None
        if mapping is not None:
            unknown = sorted({f for f in mapping.values() if f and f not in FIELDS})
            if unknown:
                raise ValueError(f"unknown hours import fields: {unknown}")
            table = read_table(
                path, HOURS_COLUMNS, mapping=mapping, progress=progress, cancel=check
            )
            return table, "explicit"
        if saved is None:
            return read_table(path, HOURS_COLUMNS, progress=progress, cancel=check), "automatic"
        try:
            table = read_table(
                path, HOURS_COLUMNS, mapping=saved.mapping, progress=progress, cancel=check
            )
        except ValidationError as exc:
            if exc.code not in _MAPPING_READ_ERRORS:
                raise
            # Read again to name what changed: nothing required, and only the saved header
            # texts recognised (an added synonym column would clash with a saved one).
            relaxed = tuple(ColumnSpec(spec.field, f"\x00{spec.field}") for spec in HOURS_COLUMNS)
            try:
                headers = read_table(path, relaxed, mapping=saved.mapping, cancel=check).headers
            except ValidationError:
                raise exc from None
            _check_same_columns(path, institution.name, saved, headers)
            raise
        _check_same_columns(path, institution.name, saved, table.headers)
        return table, "saved"

    def _load(
        self,
        table: TableData,
        institution: _Institution,
        names: Mapping[int, str],
        project_id: int | None,
    ) -> _Context:
        with self._context.read() as session:
            preset_json = session.scalars(select(WorkspaceRow.preset_json)).one()
            preset = parse_preset(json.loads(preset_json), source="工作区规则")
            projects = {
                row.id: _Project(
                    row.id, row.year, row.name, row.institution_id, row.offered_half_hours
                )
                for row in session.execute(
                    select(
                        TrainingProject.id,
                        TrainingProject.year,
                        TrainingProject.name,
                        TrainingProject.institution_id,
                        TrainingProject.offered_half_hours,
                    )
                )
            }
            # Core on the session's connection: a third faster than ORM rows for 100,000s.
            connection = session.connection()
            check_names = "name" in table.mapping
            if check_names:
                teachers = {
                    number: (tid, name)
                    for number, tid, name in connection.execute(
                        select(Teacher.id_number, Teacher.id, Teacher.name)
                    )
                }
            else:
                teachers = {
                    number: (tid, "")
                    for number, tid in connection.execute(select(Teacher.id_number, Teacher.id))
                }
            prefix = f"inst{institution.id}:"
            # A key range, not LIKE: it walks the unique index on source_key.
            existing = {
                cast(str, row[0]): _Existing(row[1], row[2], tuple(row[3:]))
                for row in connection.execute(
                    select(
                        HourRecord.source_key,
                        HourRecord.id,
                        HourRecord.version,
                        *(getattr(HourRecord, name) for name in _COMPARED),
                    ).where(
                        HourRecord.source_key >= prefix,
                        HourRecord.source_key < prefix[:-1] + ";",
                    )
                )
            }
        default = None
        if project_id is not None:
            default = projects.get(project_id)
            if default is None:
                raise NotFoundError(
                    f"没有编号为 {project_id} 的培训项目，请先登记项目或选择已有的项目。",
                    code="hours_import.unknown_project",
                    details={"project_id": project_id},
                )
            if default.institution_id not in (None, institution.id):
                owner = names.get(default.institution_id or 0, "其他机构")
                raise ValidationError(
                    f"培训项目“{default.name}”（{default.year} 年）的承训机构是“{owner}”，"
                    f"不是“{institution.name}”。请选择“{institution.name}”承担的项目，"
                    "或选择正确的承训机构。",
                    code="hours_import.project_institution",
                    field="project",
                    value=project_id,
                )
        elif "project" not in table.mapping:
            raise ValidationError(
                f"文件“{table.path.name}”中没有“项目名称”列，程序不知道这些学时属于哪个培训项目。"
                "请选择这些学时所属的培训项目（命令行用 --project 项目编号）后再导入。",
                code="hours_import.no_project",
                field="project",
            )
        by_name: dict[str, list[_Project]] = {}
        for project in projects.values():
            by_name.setdefault(normalize_compact(project.name), []).append(project)
        return _Context(
            institution=institution,
            rule=preset.hours,
            years=preset.years,
            projects=projects,
            by_name=by_name,
            teachers=teachers,
            existing=existing,
            default_project=default,
        )

    def _check_rows(
        self,
        table: TableData,
        ctx: _Context,
        issues: list[RowIssue],
        progress: Progress,
        cancel: CancelToken | None,
        today: date,
    ) -> list[_Candidate]:
        """Validate every row; the valid ones become candidates, the others issues."""
        label = _Labels(table)
        teachers = ctx.teachers
        existing = ctx.existing
        rule = ctx.rule
        years = frozenset(ctx.years)
        listed_years = "、".join(str(y) for y in ctx.years)
        categories = code_table("hour_categories")
        read_hours = _Memo(lambda v: round(validate_hours(v, field="hours", rule=rule) * 2))
        read_category = _Memo(
            lambda v: categories.lookup(normalize_text(v), field_name="category").code
        )
        read_date = _Memo(lambda v: parse_date(v, field="date"))
        read_year = _Memo(_parse_year)
        online = HourCategory.ONLINE.value
        prefix = f"inst{ctx.institution.id}:"
        first_row: dict[str, int] = {}
        candidates: list[_Candidate] = []
        total = len(table.rows)

        def issue(row: int, name: str | None, value: object, reason: str, code: str) -> None:
            issues.append(RowIssue(row, label(name), _shown(value), reason, code))

        def failed(row: int, exc: ValidationError, name: str, value: object) -> None:
            issue(row, exc.field or name, value, exc.message, exc.code)

        for index, source in enumerate(table.rows):
            if index % CHUNK == 0:
                if cancel is not None:
                    cancel.check()
                progress(index, total, "正在检查学时数据……")
            row = source.number
            cells = source.cells
            if source.formula_fields:
                for name in sorted(source.formula_fields):
                    issue(
                        row,
                        name,
                        "",
                        f"“{label(name)}”列是公式，程序不计算公式。请在 Excel 中复制该列，"
                        "再“选择性粘贴→数值”后重新导入。",
                        "import.formula",
                    )
                continue
            before = len(issues)
            # --- teacher, by normalised 身份证号 only
            raw_id = cells.get("id_number")
            teacher: tuple[int, str] | None = None
            number = ""
            try:
                number = normalize_id_number(raw_id)
                teacher = teachers.get(number)
                if teacher is None:
                    number = parse_id_number(raw_id, today=today).number
                    teacher = teachers.get(number)
                    if teacher is None:
                        issue(
                            row,
                            "id_number",
                            number,
                            f"身份证号为“{number}”的教师不在名册中。学时按身份证号对应教师，"
                            "请核对身份证号是否填错，或先在名册中登记这位教师。",
                            "hours_import.unknown_teacher",
                        )
            except ValidationError as exc:
                failed(row, exc, "id_number", raw_id)
            raw_name = cells.get("name")
            if teacher is not None and raw_name and raw_name != teacher[1]:
                written = normalize_compact(raw_name)
                if written and written != normalize_compact(teacher[1]):
                    issue(
                        row,
                        "name",
                        raw_name,
                        f"姓名“{normalize_text(raw_name)}”与名册中身份证号“{number}”"
                        f"的教师“{teacher[1]}”不一致。学时只按身份证号对应教师，姓名不一致"
                        "通常说明身份证号填错了，请核对后重新导入。",
                        "hours_import.name_mismatch",
                    )
            # --- hours
            raw_hours = cells.get("hours")
            half = 0
            if _empty(raw_hours):
                issue(
                    row,
                    "hours",
                    "",
                    "学时为空，请填写获得的学时数，例如 2 或 2.5。",
                    "hours.empty",
                )
            else:
                parsed_hours, error = read_hours(raw_hours)
                if error is not None:
                    failed(row, error, "hours", raw_hours)
                else:
                    half = cast(int, parsed_hours)
            # --- category (网络研修 when the file does not say)
            raw_category = cells.get("category")
            category = online
            if not _empty(raw_category):
                parsed_category, error = read_category(raw_category)
                if error is not None:
                    failed(row, error, "category", raw_category)
                else:
                    category = cast(str, parsed_category)
            # --- date
            raw_date = cells.get("date")
            record_date, error = read_date(raw_date)
            if error is not None:
                failed(row, error, "date", raw_date)
            if record_date is not None and record_date > today:
                issue(
                    row,
                    "date",
                    raw_date,
                    f"日期 {record_date.isoformat()} 晚于今天，学时只能在完成后登记，请核对日期。",
                    "hours_import.future_date",
                )
                record_date = None
            # --- project (the file's project name, else the one chosen for the import)
            explicit_year: int | None = None
            raw_year = cells.get("year")
            if not _empty(raw_year):
                explicit_year, error = read_year(raw_year)
                if error is not None:
                    failed(row, error, "year", raw_year)
            project = ctx.default_project
            raw_project = cells.get("project")
            if not _empty(raw_project):
                hint = explicit_year or (record_date.year if record_date else None)
                project = _row_project(row, raw_project, hint, ctx, issue)
            elif project is None:
                issue(
                    row,
                    "project",
                    "",
                    "项目名称为空，程序不知道这条学时属于哪个培训项目。请填写项目名称，"
                    "或在导入时选择培训项目。",
                    "hours_import.no_project",
                )
            # --- year: the file's, else the date's, else the project's; a programme year
            year = explicit_year
            year_field = "year"
            if year is None and record_date is not None:
                year, year_field = record_date.year, "date"
            if year is None and project is not None:
                year, year_field = project.year, "project"
            if year is not None and years and year not in years:
                where, shown = {
                    "year": (f"年度 {year}", raw_year),
                    "date": (f"日期 {record_date} 所在的年度 {year}", raw_date),
                    "project": (f"项目“{project.name if project else ''}”的年度 {year}", ""),
                }[year_field]
                issue(
                    row,
                    year_field,
                    shown,
                    f"{where}不在本工程的年度（{listed_years}）之内，不能登记学时。"
                    "请核对年度或日期。",
                    "hours_import.year_outside",
                )
            if len(issues) > before or teacher is None or project is None or year is None:
                continue
            # --- the stable key; the same record twice in one file is a mistake
            raw_key = cells.get("record_key")
            record_key = normalize_compact(_shown(raw_key)) if not _empty(raw_key) else ""
            if len(record_key) > _MAX_RECORD_KEY:
                issue(
                    row,
                    "record_key",
                    raw_key,
                    f"记录编号长度为 {len(record_key)} 个字符，超过了 {_MAX_RECORD_KEY} 个字符，"
                    "请核对这一列是否选错。",
                    "hours_import.record_key_length",
                )
                continue
            if record_key:
                key = prefix + record_key
            else:
                when = record_date.isoformat() if record_date is not None else str(year)
                key = f"{prefix}{project.id}:{number}:{category}:{when}"
            seen = first_row.get(key)
            if seen is not None:
                what = (
                    f"记录编号“{record_key}”相同"
                    if record_key
                    else "同一教师、同一项目、同一学时类型、同一日期（或年度）"
                )
                issue(
                    row,
                    "record_key" if record_key else "id_number",
                    record_key or number,
                    f"与第 {seen} 行是同一条学时记录（{what}），同一条记录只能出现一次。"
                    "如确是两次不同的学习，请合并为一行填写学时合计。",
                    "import.duplicate_in_file",
                )
                continue
            first_row[key] = row
            candidates.append(
                _Candidate(
                    row=row,
                    key=key,
                    teacher_id=teacher[0],
                    project_id=project.id,
                    category=category,
                    half_hours=half,
                    year=year,
                    record_date=record_date,
                    existing=existing.get(key),
                )
            )
        return candidates

    def _classify(
        self,
        table: TableData,
        ctx: _Context,
        candidates: list[_Candidate],
        issues: list[RowIssue],
        file_name: str,
    ) -> tuple[list[dict[str, Any]], list[HourChange], int]:
        """Refuse hours beyond a project's offer, then sort the rest into new/changed/unchanged."""
        over = self._over_offer(table, ctx, candidates, issues)
        new_rows: list[dict[str, Any]] = []
        changes: list[HourChange] = []
        unchanged = 0
        source = HourSource.IMPORTED.value
        for c in candidates:
            if (c.teacher_id, c.project_id) in over:
                continue
            old = c.existing
            current = c.values
            if old is not None and old.values == current:
                unchanged += 1
                continue
            values = dict(zip(_COMPARED, current, strict=True))
            if old is None:
                values |= {"source": source, "source_ref": file_name, "source_key": c.key}
                new_rows.append(values)
                continue
            before = {
                name: was
                for name, was, now in zip(_COMPARED, old.values, current, strict=True)
                if was != now
            }
            changes.append(
                HourChange(
                    row=c.row,
                    record_id=old.id,
                    version=old.version,
                    values=values | {"source_ref": file_name},
                    before=before,
                )
            )
        return new_rows, changes, unchanged

    def _over_offer(
        self,
        table: TableData,
        ctx: _Context,
        candidates: list[_Candidate],
        issues: list[RowIssue],
    ) -> set[tuple[int, int]]:
        """(teacher, project) pairs whose hours after the import exceed the project's offer.

        All the pair's rows are refused, not just the one that tips it over: the total is what
        is wrong, and which row is to blame does not depend on the order of the file.
        """
        limited = {
            c.project_id for c in candidates if ctx.projects[c.project_id].offered_half_hours > 0
        }
        if not limited:
            return set()
        with self._context.read() as session:
            ledger = {
                (tid, pid): int(total)
                for tid, pid, total in session.connection().execute(
                    select(
                        HourRecord.teacher_id,
                        HourRecord.project_id,
                        func.sum(HourRecord.half_hours),
                    )
                    .where(HourRecord.project_id.in_(sorted(limited)))
                    .group_by(HourRecord.teacher_id, HourRecord.project_id)
                )
                if pid is not None
            }
        in_file: dict[tuple[int, int], int] = {}
        touched: set[tuple[int, int]] = set()
        for c in candidates:
            pair = (c.teacher_id, c.project_id)
            in_file[pair] = in_file.get(pair, 0) + c.half_hours
            old = c.existing
            if old is None:
                touched.add(pair)
                continue
            replaced = old.pair
            if replaced in ledger:
                # The record this row replaces no longer counts.
                ledger[replaced] -= old.values[2]
            if replaced != pair or old.values[2] != c.half_hours:
                touched.add(pair)
        over: set[tuple[int, int]] = set()
        for pair, hours in in_file.items():
            project = ctx.projects[pair[1]]
            offered = project.offered_half_hours
            others = ledger.get(pair, 0)
            if offered > 0 and hours + others > offered and pair in touched:
                over.add(pair)
        label = _Labels(table)
        for c in candidates:
            pair = (c.teacher_id, c.project_id)
            if pair not in over:
                continue
            project = ctx.projects[c.project_id]
            hours, others = in_file[pair], ledger.get(pair, 0)
            extra = f"，台账中该项目已有其他学时 {format_hours(others / 2)} 学时" if others else ""
            in_this = format_hours(hours / 2)
            issues.append(
                RowIssue(
                    c.row,
                    label("hours"),
                    format_hours(c.half_hours / 2),
                    f"这位教师在项目“{project.name}”中的学时合计将达到 "
                    f"{format_hours((hours + others) / 2)} 学时（本文件 {in_this} 学时"
                    f"{extra}），超过了项目提供的 {format_hours(project.offered_half_hours / 2)} "
                    "学时。请核对学时数。",
                    "hours_import.over_offer",
                )
            )
        return over

    # ------------------------------------------------------------------ commit
    def commit(
        self,
        plan: HoursImportPlan,
        *,
        valid_only: bool = False,
        progress: Progress = no_progress,
        cancel: CancelToken | None = None,
    ) -> ImportSummary:
        """Write a plan in one transaction; all-or-nothing unless ``valid_only``."""
        self._context.require(ADMIN_ROLES, "导入学时")
        summary = plan.summary()
        if plan.issues and not valid_only:
            raise ImportRejectedError(
                f"“{plan.table.path.name}”中有 {summary.rejected} 行数据有问题，按“全部或不导入”"
                "的规则没有导入任何学时。请按错误报告修改后重新导入，或选择“只导入有效行”。",
                details={"rejected": summary.rejected},
            )
        if not plan.new_rows and not plan.changes and plan.mapping_to_save is None:
            return plan.summary(written=False)
        self._context.checkpoint("before-import")
        with paused_gc():
            return self._commit(plan, summary, progress=progress, cancel=cancel)

    def _commit(
        self,
        plan: HoursImportPlan,
        summary: ImportSummary,
        *,
        progress: Progress,
        cancel: CancelToken | None,
    ) -> ImportSummary:
        now = utcnow()
        total = len(plan.new_rows) + len(plan.changes)
        table = cast(Table, HourRecord.__table__)
        stamp = {"created_at": now, "updated_at": now, "version": 1}
        with self._context.unit_of_work() as session:
            connection = session.connection()
            bulk = BulkInserter(connection)
            for start in range(0, len(plan.new_rows), CHUNK):
                if cancel is not None:
                    cancel.check()
                progress(start, total, "正在写入学时……")
                bulk.insert(table, [row | stamp for row in plan.new_rows[start : start + CHUNK]])
            done = len(plan.new_rows)
            for start in range(0, len(plan.changes), CHUNK):
                if cancel is not None:
                    cancel.check()
                progress(done + start, total, "正在更新学时……")
                chunk = plan.changes[start : start + CHUNK]
                if _update_changes(connection, chunk, now) != len(chunk):
                    raise stale_error()
            if plan.mapping_to_save is not None:
                institution = session.get(Institution, plan.institution_id)
                if institution is None or institution.version != plan.institution_version:
                    raise stale_error()
                # Through the ORM: the audit hook records the old and new mapping.
                institution.hours_mapping_json = plan.mapping_to_save.to_json()
                session.flush()
            record_audit(
                session,
                action="import",
                entity=HourRecord.__tablename__,
                summary=(
                    f"从“{plan.table.path.name}”导入承训机构“{plan.institution_name}”的学时："
                    f"新增 {summary.new}，修改 {summary.changed}，未变 {summary.unchanged}，"
                    f"拒绝 {summary.rejected}"
                ),
                after={
                    "file": str(plan.table.path),
                    "institution_id": plan.institution_id,
                    "project_id": plan.project_id,
                    "new": summary.new,
                    "changed": [
                        {
                            "id": change.record_id,
                            "before": _plain(change.before),
                            "after": _plain({name: change.values[name] for name in change.before}),
                        }
                        for change in plan.changes
                    ],
                },
            )
            progress(total, total, "完成")
        return plan.summary(written=True)

    # ------------------------------------------------------------------ reports
    @staticmethod
    def default_report_path(plan: HoursImportPlan) -> Path:
        """The error workbook's default place: beside the source file."""
        return default_report_path(plan.table)

    def write_error_report(self, plan: HoursImportPlan, out: Path | None = None) -> Path:
        """The rejected rows as they were, with the source row number and the reasons."""
        return write_issue_report(plan.table, plan.issues, out)


# ---------------------------------------------------------------------- helpers


def _find_institution(rows: Sequence[_Institution], name: str) -> _Institution:
    """The registered institution called ``name`` (spaces and full-width forms ignored)."""
    wanted = normalize_compact(name)
    for row in rows:
        if normalize_compact(row.name) == wanted:
            return row
    known = _listed(row.name for row in rows) if rows else "（还没有登记任何承训机构）"
    raise NotFoundError(
        f"没有名为“{normalize_text(name)}”的承训机构。已登记的承训机构有：{known}。"
        "请核对名称，或先登记该承训机构。",
        code="hours_import.unknown_institution",
        details={"institution": name},
    )


def _row_project(
    row: int,
    raw: object,
    year: int | None,
    ctx: _Context,
    issue: _IssueSink,
) -> _Project | None:
    """The project a row's project name means, or None with an issue recorded."""
    name = normalize_text(raw)
    found = ctx.by_name.get(normalize_compact(raw), [])
    if len(found) > 1 and year is not None:
        found = [p for p in found if p.year == year]
    if not found:
        issue(
            row,
            "project",
            raw,
            f"找不到名为“{name}”的培训项目。请核对项目名称（须与登记的项目名称一致），"
            "或先登记该项目。",
            "hours_import.unknown_project",
        )
        return None
    if len(found) > 1:
        issue(
            row,
            "project",
            raw,
            f"名为“{name}”的培训项目有多个年度（"
            + "、".join(str(p.year) for p in found)
            + "），请在文件中填写年度或完成日期。",
            "hours_import.ambiguous_project",
        )
        return None
    project = found[0]
    if project.institution_id not in (None, ctx.institution.id):
        issue(
            row,
            "project",
            raw,
            f"培训项目“{name}”不是由“{ctx.institution.name}”承担的，"
            "请核对项目名称或选择正确的承训机构。",
            "hours_import.project_institution",
        )
        return None
    return project


def _check_same_columns(
    path: Path, institution: str, saved: SavedMapping, headers: Sequence[str]
) -> None:
    """Refuse a file whose header texts are not the saved set: ask, do not guess."""
    saved_keys = {header_key(text) for text in saved.headers}
    present = {
        header_key(text): text
        for text in headers
        if text and header_key(text) not in _REPORT_HEADERS
    }
    added = [text for key, text in present.items() if key not in saved_keys]
    missing = [text for text in saved.headers if header_key(text) not in present]
    if not added and not missing:
        return
    parts = []
    if added:
        parts.append(f"新增了列{_listed(added)}")
    if missing:
        parts.append(f"缺少了列{_listed(missing)}")
    raise ValidationError(
        f"文件“{path.name}”的列与承训机构“{institution}”上次导入时保存的列对应不一致："
        f"{'；'.join(parts)}。为免把学时导入错误的栏目，程序不会自行猜测各列的含义。"
        "请确认列对应（哪一列是身份证号、学时等）后再导入。",
        code=COLUMNS_CHANGED,
        details={
            "path": str(path),
            "institution": institution,
            "added": added,
            "missing": missing,
            "saved_headers": list(saved.headers),
            "saved_mapping": dict(saved.mapping),
        },
    )


def _mapping_by_text(table: TableData) -> dict[str, str]:
    """Header text → field for every header of ``table`` ("" for an ignored column)."""
    field_at = {index: name for name, index in table.mapping.items()}
    mapping: dict[str, str] = {}
    for index, text in enumerate(table.headers):
        if text:
            mapping.setdefault(text, field_at.get(index, ""))
    return mapping


def _parse_year(value: object) -> int:
    """A year cell: 2021, 2021.0, "2021", "2021年", "2021年度" or a date."""
    if isinstance(value, datetime | date):
        return value.year
    if isinstance(value, int | float) and not isinstance(value, bool):
        if float(value).is_integer() and 1000 <= value <= 9999:
            return int(value)
    elif isinstance(value, str):
        match = _YEAR.fullmatch(normalize_compact(value))
        if match is not None:
            return int(match[1])
    raise ValidationError(
        f"年度“{_shown(value)}”不是有效的年份，请填写四位年份，例如 2021。",
        code="hours_import.year_invalid",
        field="year",
        value=value,
    )


def _update_changes(connection: Connection, changes: Sequence[HourChange], now: datetime) -> int:
    """Update changed records with one executemany; returns how many rows matched."""
    if connection.dialect.name == "sqlite":
        # The driver directly, as BulkInserter does: dates already in SQLAlchemy's text form.
        stamp = now.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")
        data = [
            (
                c.values["teacher_id"],
                c.values["category"],
                c.values["half_hours"],
                c.values["year"],
                c.values["record_date"].isoformat() if c.values["record_date"] else None,
                c.values["project_id"],
                c.values["source_ref"],
                stamp,
                c.record_id,
                c.version,
            )
            for c in changes
        ]
        result = connection.exec_driver_sql(
            "UPDATE hour_records SET teacher_id = ?, category = ?, half_hours = ?, year = ?, "
            "record_date = ?, project_id = ?, source_ref = ?, updated_at = ?, "
            "version = version + 1 WHERE id = ? AND version = ?",
            data,
        )
        return int(result.rowcount)
    records = cast(Table, HourRecord.__table__)
    statement = (
        update(records)
        .where(records.c.id == bindparam("b_id"), records.c.version == bindparam("b_version"))
        .values(
            {name: bindparam(f"b_{name}") for name in (*_COMPARED, "source_ref")}
            | {"updated_at": now, "version": records.c.version + 1}
        )
    )
    params = [
        {f"b_{name}": value for name, value in c.values.items()}
        | {"b_id": c.record_id, "b_version": c.version}
        for c in changes
    ]
    result = connection.execute(statement, params)
    # Drivers without a reliable executemany rowcount report -1: trust the version check then.
    return len(changes) if result.rowcount < 0 else int(result.rowcount)


def _slim(table: TableData, issues: Sequence[RowIssue]) -> TableData:
    """The first rows (samples for the mapping page) and the rejected ones (the report)."""
    rejected = {issue.row for issue in issues}
    kept = tuple(
        row for index, row in enumerate(table.rows) if index < _KEPT_ROWS or row.number in rejected
    )
    return replace(table, rows=kept)


def _plain(values: Mapping[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in values.items()}


__all__ = [
    "COLUMNS_CHANGED",
    "HOURS_COLUMNS",
    "HourChange",
    "HoursImportPlan",
    "HoursImportService",
    "ImportRejectedError",
    "ImportSummary",
    "RowIssue",
    "SavedMapping",
    "load_saved_mapping",
]
