"""Importing schools and teachers from the Excel files schools send (read → validate → write).

``plan_*`` reads and validates and compares with the database without writing anything; the
plan is the preview (new / changed / unchanged / rejected, with sheet, row, column, value and
reason for every rejected row).  ``commit`` writes a plan in one transaction: all rows, or with
``valid_only`` the valid rows; a rejected row never half-writes.  Re-importing the same file
finds every row unchanged and writes nothing.

An empty cell in a mapped optional column keeps what the roster already has (a school's file
often leaves a phone blank; that must not erase it); a teacher listed under another school is
moved there with a transfer record (调动, reason 名册导入).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Table, select, update

from nlts_desktop.domain.enums import TeacherStatus
from nlts_desktop.domain.errors import AppError, ValidationError
from nlts_desktop.domain.roster import (
    normalize_school_name,
    parse_teacher_status,
    validate_school,
    validate_teacher,
)
from nlts_desktop.domain.school_code import parse_school_code
from nlts_desktop.domain.text import normalize_compact, normalize_text
from nlts_desktop.exchange.excel_reader import (
    ColumnSpec,
    TableData,
    header_key,
    read_table,
)
from nlts_desktop.exchange.excel_writer import write_error_workbook
from nlts_desktop.exchange.roster_columns import (
    SCHOOL_COLUMNS,
    SCHOOL_EXAMPLE,
    TEACHER_COLUMNS,
    TEACHER_EXAMPLE,
)
from nlts_desktop.exchange.sheet_guard import column_letter
from nlts_desktop.services.context import ADMIN_ROLES, ServiceContext, stale_error
from nlts_desktop.services.progress import CancelToken, Progress, no_progress, paused_gc
from nlts_desktop.storage.audit import record_audit
from nlts_desktop.storage.base import utcnow
from nlts_desktop.storage.bulk import BulkInserter
from nlts_desktop.storage.models import School, Teacher, TeacherTransfer

# Compared to decide new / changed / unchanged (school_id separately: a change is a transfer).
_TEACHER_FIELDS = (
    "name",
    "gender",
    "birth_date",
    "phone",
    "stage_code",
    "subject_code",
    "title_code",
    "status",
    "note",
)
_SCHOOL_FIELDS = (
    "name",
    "category_code",
    "stage_code",
    "urban_rural_code",
    "environments",
    "is_center_school",
    "is_pilot",
    "is_demo",
    "contact_name",
    "contact_phone",
    "address",
    "note",
)
CHUNK = 5_000


class ImportRejectedError(AppError):
    """Rows were rejected and all-or-nothing was asked for: nothing was written."""

    default_code = "import.rejected"


@dataclass(frozen=True)
class RowIssue:
    """Why one cell (or row) was rejected."""

    row: int
    column: str
    value: str
    reason: str
    code: str


@dataclass(frozen=True)
class ImportSummary:
    """Counts of an import (a preview when ``written`` is False)."""

    kind: str
    file_name: str
    sheet: str
    header_row: int
    new: int
    changed: int
    unchanged: int
    rejected: int
    issues: tuple[RowIssue, ...]
    written: bool = False

    @property
    def total(self) -> int:
        """Data rows read (blank rows not counted)."""
        return self.new + self.changed + self.unchanged + self.rejected


@dataclass
class _Op:
    action: str  # new | changed | unchanged
    row: int
    values: dict[str, Any]
    record_id: int | None = None
    version: int | None = None
    before: dict[str, Any] = field(default_factory=dict)
    from_school_id: int | None = None


@dataclass
class ImportPlan:
    """A validated import, ready to preview and commit."""

    kind: str
    table: TableData
    ops: list[_Op]
    issues: list[RowIssue]

    @property
    def rejected_rows(self) -> list[int]:
        """Source row numbers of the rejected rows, in order."""
        return sorted({issue.row for issue in self.issues})

    def summary(self, *, written: bool = False) -> ImportSummary:
        """Counts by outcome."""
        counts = {"new": 0, "changed": 0, "unchanged": 0}
        for op in self.ops:
            counts[op.action] += 1
        return ImportSummary(
            kind=self.kind,
            file_name=self.table.path.name,
            sheet=self.table.sheet,
            header_row=self.table.header_row,
            new=counts["new"],
            changed=counts["changed"],
            unchanged=counts["unchanged"],
            rejected=len(self.rejected_rows),
            issues=tuple(self.issues),
            written=written,
        )


def _shown(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)


class _RowChecker:
    """Turns domain errors into RowIssues with the file's own column labels."""

    def __init__(self, table: TableData, columns: Sequence[ColumnSpec]) -> None:
        labels = {spec.field: spec.label for spec in columns}
        headers = table.headers
        self._label = {
            name: headers[index] if index < len(headers) else labels.get(name, name)
            for name, index in table.mapping.items()
        }
        self._fallback = labels

    def label(self, field_name: str | None) -> str:
        if field_name is None:
            return ""
        return self._label.get(field_name) or self._fallback.get(field_name, field_name)

    def issue(self, row: int, error: ValidationError, cells: Mapping[str, object]) -> RowIssue:
        name = error.field
        value = cells.get(name, error.value) if name else error.value
        return RowIssue(
            row=row,
            column=self.label(name),
            value=_shown(value),
            reason=error.message,
            code=error.code,
        )

    def example(self, row: int) -> RowIssue:
        return RowIssue(
            row=row,
            column="",
            value="",
            reason="这是导入模板中的示例行，不是真实数据。请删除这一行（或改成真实数据）后再导入。",
            code="import.example_row",
        )

    def formulas(self, row: int, formula_fields: frozenset[str]) -> list[RowIssue]:
        return [
            RowIssue(
                row=row,
                column=self.label(name),
                value="",
                reason=f"“{self.label(name)}”列是公式，程序不计算公式。请在 Excel 中复制该列，"
                "再“选择性粘贴→数值”后重新导入。",
                code="import.formula",
            )
            for name in sorted(formula_fields)
        ]


class RosterImportService:
    """Import schools and teachers; one transaction per commit."""

    def __init__(self, context: ServiceContext) -> None:
        self._context = context

    # ------------------------------------------------------------------ teachers
    def plan_teachers(
        self,
        path: Path,
        *,
        mapping: Mapping[str, str] | None = None,
        progress: Progress = no_progress,
        cancel: CancelToken | None = None,
        today: date | None = None,
    ) -> ImportPlan:
        """Read and check a teacher roster file; nothing is written."""
        with paused_gc():
            return self._plan_teachers(
                path, mapping=mapping, progress=progress, cancel=cancel, today=today
            )

    def _plan_teachers(
        self,
        path: Path,
        *,
        mapping: Mapping[str, str] | None = None,
        progress: Progress = no_progress,
        cancel: CancelToken | None = None,
        today: date | None = None,
    ) -> ImportPlan:
        check = cancel.check if cancel is not None else None
        table = read_table(path, TEACHER_COLUMNS, mapping=mapping, progress=progress, cancel=check)
        checker = _RowChecker(table, TEACHER_COLUMNS)
        with self._context.read() as session:
            schools = {
                row.code: (row.id, row.name, row.status, row.stage_code)
                for row in session.execute(
                    select(School.code, School.id, School.name, School.status, School.stage_code)
                )
            }
            by_name = {
                name: (sid, name, status, stage) for sid, name, status, stage in schools.values()
            }
            existing: dict[str, dict[str, Any]] = {
                row.id_number: dict(row._mapping)
                for row in session.execute(
                    select(
                        Teacher.id,
                        Teacher.id_number,
                        Teacher.school_id,
                        Teacher.version,
                        *(getattr(Teacher, name) for name in _TEACHER_FIELDS),
                    )
                )
            }
        ops: list[_Op] = []
        issues: list[RowIssue] = []
        first_row: dict[str, int] = {}
        total = len(table.rows)
        # A roster names a few dozen schools 100,000 times: resolve each spelling once.
        references: dict[tuple[object, object], tuple[str, str]] = {}
        for index, source in enumerate(table.rows):
            if index % CHUNK == 0:
                if cancel is not None:
                    cancel.check()
                progress(index, total, "正在检查教师数据……")
            cells = source.cells
            if source.formula_fields:
                issues.extend(checker.formulas(source.number, source.formula_fields))
                continue
            if _is_example(cells, TEACHER_EXAMPLE, ("id_number", "name")):
                issues.append(checker.example(source.number))
                continue
            raw = dict(cells)
            cache_key = (cells.get("school_code"), cells.get("school_name"))
            reference = references.get(cache_key)
            if reference is None:
                reference = references[cache_key] = _school_reference(cells)
            school_key, school_text = reference
            raw["school"] = school_text
            clean, errors = validate_teacher(raw, today=today)
            row_issues = [checker.issue(source.number, error, cells) for error in errors]
            status: str | None = None
            if "status" in cells and normalize_text(cells["status"]):
                try:
                    status = parse_teacher_status(cells["status"]).value
                except ValidationError as exc:
                    row_issues.append(checker.issue(source.number, exc, cells))
            school = None
            if school_text:
                school = schools.get(school_key) or by_name.get(school_key)
                if school is None:
                    column = (
                        "school_code" if normalize_text(cells.get("school_code")) else "school_name"
                    )
                    row_issues.append(
                        RowIssue(
                            row=source.number,
                            column=checker.label(column),
                            value=school_text,
                            reason=f"找不到学校“{school_text}”。请填写已登记学校的学校标识码或全称，"
                            "或先导入学校名单。",
                            code="school.unknown",
                        )
                    )
                elif school[2] != "active":
                    row_issues.append(
                        RowIssue(
                            row=source.number,
                            column=checker.label("school_name"),
                            value=school_text,
                            reason=f"学校“{school[1]}”已停用，不能在该校登记教师。",
                            code="teacher.school_inactive",
                        )
                    )
            if clean is not None and not row_issues:
                number = clean.id_number.number
                if number in first_row:
                    row_issues.append(
                        RowIssue(
                            row=source.number,
                            column=checker.label("id_number"),
                            value=number,
                            reason=f"与第 {first_row[number]} 行的身份证号重复，"
                            "同一位教师只能出现一次。",
                            code="import.duplicate_in_file",
                        )
                    )
                else:
                    first_row[number] = source.number
            if row_issues or clean is None or school is None:
                issues.extend(row_issues)
                continue
            values = {
                "id_number": clean.id_number.number,
                "name": clean.name,
                "gender": clean.id_number.gender.value,
                "birth_date": clean.id_number.birth_date,
                "phone": clean.phone,
                "school_id": school[0],
                "stage_code": clean.stage_code,
                "subject_code": clean.subject_code,
                "title_code": clean.title_code,
                "status": status,
                "note": clean.note,
            }
            ops.append(
                self._teacher_op(
                    source.number, values, existing.get(values["id_number"]), school[3]
                )
            )
        progress(total, total, "检查完成")
        return ImportPlan(kind="teachers", table=_slim(table, issues), ops=ops, issues=issues)

    @staticmethod
    def _teacher_op(
        row: int, values: dict[str, Any], current: dict[str, Any] | None, school_stage: str
    ) -> _Op:
        if current is None:
            values["stage_code"] = values["stage_code"] or school_stage
            values["status"] = values["status"] or TeacherStatus.ACTIVE.value
            return _Op("new", row, values)
        # Empty optional cells keep what the roster has.
        merged = {
            name: (values[name] if values.get(name) not in (None, "") else current[name])
            for name in _TEACHER_FIELDS
        }
        changed = {name for name in _TEACHER_FIELDS if merged[name] != current[name]}
        moved = values["school_id"] != current["school_id"]
        if not changed and not moved:
            return _Op("unchanged", row, {}, record_id=current["id"], version=current["version"])
        update_values = {name: merged[name] for name in changed}
        if moved:
            update_values["school_id"] = values["school_id"]
        return _Op(
            "changed",
            row,
            update_values,
            record_id=current["id"],
            version=current["version"],
            before={name: current[name] for name in changed},
            from_school_id=current["school_id"] if moved else None,
        )

    # ------------------------------------------------------------------ schools
    def plan_schools(
        self,
        path: Path,
        *,
        mapping: Mapping[str, str] | None = None,
        progress: Progress = no_progress,
        cancel: CancelToken | None = None,
    ) -> ImportPlan:
        """Read and check a school list file; nothing is written."""
        check = cancel.check if cancel is not None else None
        table = read_table(path, SCHOOL_COLUMNS, mapping=mapping, progress=progress, cancel=check)
        checker = _RowChecker(table, SCHOOL_COLUMNS)
        with self._context.read() as session:
            existing = {
                row.code: dict(row._mapping)
                for row in session.execute(
                    select(
                        School.id,
                        School.code,
                        School.version,
                        *(getattr(School, name) for name in _SCHOOL_FIELDS),
                    )
                )
            }
        names_taken = {values["name"]: code for code, values in existing.items()}
        ops: list[_Op] = []
        issues: list[RowIssue] = []
        seen_codes: dict[str, int] = {}
        seen_names: dict[str, int] = {}
        for source in table.rows:
            if source.formula_fields:
                issues.extend(checker.formulas(source.number, source.formula_fields))
                continue
            if _is_example(source.cells, SCHOOL_EXAMPLE, ("code", "name")):
                issues.append(checker.example(source.number))
                continue
            clean, errors = validate_school(source.cells)
            row_issues = [checker.issue(source.number, error, source.cells) for error in errors]
            if clean is not None:
                for key, seen, label in (
                    (clean.code, seen_codes, "code"),
                    (clean.name, seen_names, "name"),
                ):
                    if key in seen:
                        row_issues.append(
                            RowIssue(
                                source.number,
                                checker.label(label),
                                key,
                                f"与第 {seen[key]} 行重复，同一所学校只能出现一次。",
                                "import.duplicate_in_file",
                            )
                        )
                    else:
                        seen[key] = source.number
                owner = names_taken.get(clean.name)
                if owner is not None and owner != clean.code:
                    row_issues.append(
                        RowIssue(
                            source.number,
                            checker.label("name"),
                            clean.name,
                            f"学校名称“{clean.name}”已被标识码为 {owner} 的学校使用。",
                            "school.duplicate",
                        )
                    )
            if row_issues or clean is None:
                issues.extend(row_issues)
                continue
            values = {
                "code": clean.code,
                "name": clean.name,
                "category_code": clean.category_code,
                "stage_code": clean.stage_code,
                "urban_rural_code": clean.urban_rural_code,
                "environments": ",".join(e.value for e in clean.environments),
                "is_center_school": clean.is_center_school,
                "is_pilot": clean.is_pilot,
                "is_demo": clean.is_demo,
                "contact_name": clean.contact_name,
                "contact_phone": clean.contact_phone,
                "address": clean.address,
                "note": clean.note,
            }
            current = existing.get(clean.code)
            if current is None:
                ops.append(_Op("new", source.number, values | {"status": "active"}))
                continue
            present = {spec.field for spec in SCHOOL_COLUMNS if spec.field in table.mapping} | {
                "category_code",
                "stage_code",
            }
            changed = {
                name
                for name in _SCHOOL_FIELDS
                if (name in present or name in ("name",))
                and values[name] not in (None, "")
                and values[name] != current[name]
            }
            ops.append(
                _Op(
                    "changed" if changed else "unchanged",
                    source.number,
                    {name: values[name] for name in changed},
                    record_id=current["id"],
                    version=current["version"],
                    before={name: current[name] for name in changed},
                )
            )
        return ImportPlan(kind="schools", table=_slim(table, issues), ops=ops, issues=issues)

    # ------------------------------------------------------------------ commit
    def commit(
        self,
        plan: ImportPlan,
        *,
        valid_only: bool = False,
        progress: Progress = no_progress,
        cancel: CancelToken | None = None,
    ) -> ImportSummary:
        """Write a plan in one transaction; all-or-nothing unless ``valid_only``."""
        self._context.require(ADMIN_ROLES, "导入名单")
        summary = plan.summary()
        if plan.issues and not valid_only:
            raise ImportRejectedError(
                f"“{plan.table.path.name}”中有 {summary.rejected} 行数据有问题，按“全部或不导入”"
                "的规则没有导入任何内容。请按错误报告修改后重新导入，或选择“只导入有效行”。",
                details={"rejected": summary.rejected},
            )
        with paused_gc():
            return self._commit(plan, summary, progress=progress, cancel=cancel)

    def _commit(
        self,
        plan: ImportPlan,
        summary: ImportSummary,
        *,
        progress: Progress,
        cancel: CancelToken | None,
    ) -> ImportSummary:
        work = [op for op in plan.ops if op.action != "unchanged"]
        if not work:
            return plan.summary(written=False)
        self._context.checkpoint("before-import")
        model = Teacher if plan.kind == "teachers" else School
        now = utcnow()
        with self._context.unit_of_work() as session:
            bulk = BulkInserter(session.connection())
            new_rows = [
                op.values | {"created_at": now, "updated_at": now, "version": 1}
                for op in work
                if op.action == "new"
            ]
            for start in range(0, len(new_rows), CHUNK):
                if cancel is not None:
                    cancel.check()
                progress(start, len(work), "正在写入……")
                bulk.insert(cast(Table, model.__table__), new_rows[start : start + CHUNK])
            changed = [op for op in work if op.action == "changed"]
            for op in changed:
                if cancel is not None and op.row % 500 == 0:
                    cancel.check()
                # Core on the session's connection: a CursorResult with its rowcount.
                result = session.connection().execute(
                    update(model)
                    .where(model.id == op.record_id, model.version == op.version)
                    .values(**op.values, updated_at=now, version=model.version + 1)
                )
                if result.rowcount != 1:
                    raise stale_error()
                if op.from_school_id is not None:
                    session.add(
                        TeacherTransfer(
                            teacher_id=op.record_id,
                            from_school_id=op.from_school_id,
                            to_school_id=op.values["school_id"],
                            transfer_date=now.date(),
                            reason="名册导入",
                            recorded_by=self._context.actor.username,
                        )
                    )
            record_audit(
                session,
                action="import",
                entity=model.__tablename__,
                summary=(
                    f"从“{plan.table.path.name}”导入：新增 {summary.new}，修改 {summary.changed}，"
                    f"未变 {summary.unchanged}，拒绝 {summary.rejected}"
                ),
                after={
                    "file": str(plan.table.path),
                    "new": summary.new,
                    "changed": [
                        {
                            "id": op.record_id,
                            "before": _plain(op.before),
                            "after": _plain(op.values),
                        }
                        for op in changed
                    ],
                },
            )
            progress(len(work), len(work), "完成")
        return plan.summary(written=True)

    # ------------------------------------------------------------------ reports
    @staticmethod
    def default_report_path(plan: ImportPlan) -> Path:
        """The error workbook's default place: beside the source file."""
        return default_report_path(plan.table)

    def write_error_report(self, plan: ImportPlan, out: Path | None = None) -> Path:
        """The rejected rows as they were, with the source row number and the reasons."""
        return write_issue_report(plan.table, plan.issues, out)


def default_report_path(table: TableData) -> Path:
    """Where an import's error workbook goes by default: beside the source file."""
    return table.path.with_name(f"{table.path.stem}_错误报告.xlsx")


def write_issue_report(
    table: TableData, issues: Sequence[RowIssue], out: Path | None = None
) -> Path:
    """The rejected rows of any import as they were, with their row numbers and reasons."""
    target = out or default_report_path(table)
    reasons: dict[int, list[str]] = {}
    for issue in issues:
        column = f"“{issue.column}”" if issue.column else ""
        value = f"（{issue.value}）" if issue.value else ""
        reasons.setdefault(issue.row, []).append(f"{column}{value}{issue.reason}")
    originals = {row.number: row for row in table.rows}
    headers = list(table.headers)

    def original(number: int) -> list[object]:
        row = originals.get(number)
        values: list[object] = [""] * len(headers)
        if row is not None:
            for name, index in table.mapping.items():
                if index < len(values):
                    values[index] = row.cells.get(name, "")
        return values

    write_error_workbook(
        target,
        headers=headers,
        rows=[(n, original(n), "；".join(reasons[n])) for n in sorted(reasons)],
        source_name=table.path.name,
    )
    return target


# The rows a plan keeps: the first ones (samples for the mapping page) and the rejected ones
# (the error report); the rest are in the plan's operations already.
_KEPT_ROWS = 20


def _slim(table: TableData, issues: Sequence[RowIssue]) -> TableData:
    rejected = {issue.row for issue in issues}
    kept = tuple(
        row for index, row in enumerate(table.rows) if index < _KEPT_ROWS or row.number in rejected
    )
    return replace(table, rows=kept)


def _is_example(
    cells: Mapping[str, object], example: Mapping[str, object], keys: Sequence[str]
) -> bool:
    """Whether a row is the template's example row, left as it was."""
    return all(
        normalize_compact(cells.get(key)).upper() == normalize_compact(example[key]).upper()
        for key in keys
    )


def _school_reference(cells: Mapping[str, object]) -> tuple[str, str]:
    """The key to look a teacher's school up by (code, else normalised name) and its text.

    A code Excel stored as a number (2151000001.0) is still a code: ten digits are exact.
    """
    cell = cells.get("school_code")
    if not normalize_text(cell):
        cell = cells.get("school_name")
    text = normalize_text(cell)
    try:
        # Either column may hold the code (a 工作单位 column filled with codes is common).
        return parse_school_code(cell).code, text
    except ValidationError:
        return normalize_school_name(cell), text


def _plain(values: Mapping[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in values.items()}


COLUMNS: dict[str, tuple[ColumnSpec, ...]] = {
    "schools": SCHOOL_COLUMNS,
    "teachers": TEACHER_COLUMNS,
}
_MISSING_COLUMN = "import.missing_column"
# A sample is the first non-empty cell of a column within the first rows.
_SAMPLE_ROWS = 20


# ------------------------------------------------------------------ reading for the mapping page
@dataclass(frozen=True)
class FileReading:
    """One read of the file: the plan (None while a required column is unmatched) and samples."""

    table: TableData
    plan: ImportPlan | None
    # 0-based column index → the first value found in that column, as text
    samples: dict[int, str]


def _text(value: object) -> str:
    """A raw cell as the clerk would recognise it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def _first_value(table: TableData, field: str) -> str:
    for row in table.rows[:_SAMPLE_ROWS]:
        text = _text(row.cells.get(field))
        if text:
            return text
    return ""


def _samples(table: TableData, cancel: CancelToken) -> dict[int, str]:
    """A sample value under every header, to help the clerk match columns."""
    samples = {index: _first_value(table, field) for field, index in table.mapping.items()}
    unmatched = {i for i, text in enumerate(table.headers) if text and i not in samples}
    if not unmatched:
        return samples
    # The plan keeps only matched columns; one more read, every header its own column, gives
    # the others (about half a second for 50,000 rows).
    specs: list[ColumnSpec] = []
    seen: set[str] = set()
    for index, text in enumerate(table.headers):
        key = header_key(text)
        if key and key not in seen:
            seen.add(key)
            specs.append(ColumnSpec(f"c{index}", text))
    try:
        every = read_table(table.path, specs, sheet=table.sheet, cancel=cancel.check)
    except AppError:
        return samples  # samples only help: never a reason to refuse the file
    if every.header_row != table.header_row:
        return samples
    for name, index in every.mapping.items():
        if index in unmatched:
            samples[index] = _first_value(every, name)
    return samples


def read_file(
    service: RosterImportService,
    kind: str,
    path: Path,
    *,
    mapping: Mapping[str, str] | None,
    progress: Progress,
    cancel: CancelToken,
    with_samples: bool,
) -> FileReading:
    """Plan the import of ``path``; if a required column is unmatched, read its headers only."""
    plan_fn = service.plan_teachers if kind == "teachers" else service.plan_schools
    plan: ImportPlan | None
    try:
        plan = plan_fn(path, mapping=mapping, progress=progress, cancel=cancel)
        table = plan.table
    except ValidationError as exc:
        if exc.code != _MISSING_COLUMN:
            raise
        # The clerk can match the missing column by hand: read the file without requiring it.
        relaxed = tuple(replace(spec, required=False) for spec in COLUMNS[kind])
        sheet = exc.details.get("sheet")
        table = read_table(
            path,
            relaxed,
            sheet=sheet if isinstance(sheet, str) else None,
            mapping=mapping,
            progress=progress,
            cancel=cancel.check,
        )
        plan = None
    samples = _samples(table, cancel) if with_samples else {}
    return FileReading(table=table, plan=plan, samples=samples)


def mapping_by_text(table: TableData) -> dict[str, str]:
    """Header text → field for every header of ``table`` ("" for an ignored column)."""
    field_at = {index: field for field, index in table.mapping.items()}
    mapping: dict[str, str] = {}
    for index, text in enumerate(table.headers):
        if text:
            mapping.setdefault(text, field_at.get(index, ""))
    return mapping


# Re-exported for the import wizard: the UI reaches file formats only through the services.
__all__ = [
    "COLUMNS",
    "ColumnSpec",
    "FileReading",
    "ImportPlan",
    "ImportRejectedError",
    "ImportSummary",
    "RosterImportService",
    "RowIssue",
    "TableData",
    "column_letter",
    "mapping_by_text",
    "read_file",
]
