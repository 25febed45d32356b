"""Read one table from a spreadsheet with python-calamine: find the header, map columns to fields.

The reader hands raw cell values upwards (``str`` stripped of surrounding whitespace, ``float``,
``bool``, ``date``/``datetime`` as calamine returns them) with their Excel row numbers; the
domain validators decide what a value means.  Two things calamine cannot tell are added here:

* which header texts mean which field (labels, synonyms, a remembered mapping), skipping the
  title and "填报单位" lines that offices put above the header;
* which cells hold formulas: calamine returns a formula's cached value, or ``''`` when the file
  was written by a program that does not compute formulas (openpyxl, many web systems), which
  looks exactly like an empty cell.  For .xlsx the sheet XML is scanned for ``<f>`` elements.
"""

from __future__ import annotations

import gc
import re
import threading
import zipfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from operator import itemgetter
from pathlib import Path, PurePosixPath
from typing import IO, TypeVar

import python_calamine
from defusedxml import ElementTree as SafeElementTree

from nlts_desktop.domain.errors import ValidationError
from nlts_desktop.domain.text import normalize_compact
from nlts_desktop.exchange.limits import DEFAULT_LIMITS, FileLimits
from nlts_desktop.exchange.sheet_guard import check_sheet, check_workbook, column_letter
from nlts_desktop.exchange.sniff import (
    ZIP_ERRORS,
    FileRejectedError,
    SpreadsheetKind,
    check_spreadsheet_file,
    corrupt_error,
    encrypted_error,
)

HEADER_SEARCH_ROWS = 30
PROGRESS_EVERY = 5_000

# Markers offices add to header texts; compared after NFKC, so （必填） and ＊ are covered too.
_HEADER_MARKERS = ("(必填)", "[必填]", "【必填】", "(选填)", "[选填]", "【选填】", "*")
# Extensions calamine's from_path recognises for each kind (it chooses the parser by extension).
_EXTENSIONS: dict[str, tuple[str, ...]] = {
    "xlsx": (".xlsx", ".xlsm", ".xltx", ".xltm"),
    "xls": (".xls", ".xla"),
    "ods": (".ods",),
}
_T = TypeVar("_T")


@dataclass(frozen=True)
class ColumnSpec:
    """One column the importer wants: its field, the template label and other accepted headers."""

    field: str
    label: str
    synonyms: tuple[str, ...] = ()
    required: bool = False
    # "text" | "id" | "date" | "number" | "flag": metadata for templates and notes only.
    kind: str = "text"


@dataclass(frozen=True, slots=True)
class SheetRow:
    """One data row: its Excel row number (1-based) and raw values by field."""

    number: int
    cells: dict[str, object]
    formula_fields: frozenset[str]


@dataclass(frozen=True)
class TableData:
    """A table read from a sheet, with how its header was understood."""

    path: Path
    sheet: str
    header_row: int
    # The file's own header texts from column A on; ``headers[mapping[field]]`` is a field's.
    headers: tuple[str, ...]
    # field → 0-based column index (A = 0)
    mapping: dict[str, int]
    unmapped_headers: tuple[str, ...]
    rows: tuple[SheetRow, ...]


def header_key(text: object) -> str:
    """A header text reduced for comparison: NFKC, no whitespace or 必填 markers, case-folded."""
    key = normalize_compact(text)
    for marker in _HEADER_MARKERS:
        key = key.replace(marker, "")
    return key.casefold()


def read_table(
    path: Path,
    columns: Sequence[ColumnSpec],
    *,
    sheet: str | None = None,
    mapping: Mapping[str, str] | None = None,
    limits: FileLimits = DEFAULT_LIMITS,
    progress: Callable[[int, int, str], None] | None = None,
    cancel: Callable[[], None] | None = None,
) -> TableData:
    """Read the rows of one sheet, mapped to the fields of ``columns``.

    ``mapping`` is a remembered choice, original header text → field ("" ignores the column); it
    wins over labels and synonyms.  ``cancel`` is called between chunks and raises to stop.
    """
    kind = check_spreadsheet_file(path, limits)
    matcher = _HeaderMatcher(columns, mapping or {})
    _call(cancel)
    if progress is not None:
        progress(0, 0, f"正在打开“{path.name}”…")
    with open_workbook(path, kind, limits) as workbook, _FormulaScan(path, kind) as scan:
        candidates = header_candidates(path, workbook, sheet)
        # Scan the likely sheet's XML for formulas in a second thread while calamine parses it
        # (calamine and zlib release the GIL): the scan is then nearly free on two cores.
        if candidates:
            scan.start(candidates[0])
        chosen, header = _choose_sheet(path, workbook, matcher, candidates, sheet)
        sheet_name = chosen.name
        start_row, start_col = chosen.start or (0, 0)
        data_rows = chosen.height - header.offset - 1
        if data_rows > limits.max_rows:
            raise FileRejectedError(
                f"文件“{path.name}”的工作表“{sheet_name}”有 {data_rows} 行数据，"
                f"超过了程序一次能导入的上限 {limits.max_rows} 行。请把数据拆成几个文件分别导入。",
                code="file.too_many_rows",
                details={"path": str(path), "sheet": sheet_name, "rows": data_rows},
            )
        _call(cancel)
        with _gc_paused():
            raw_rows = calamine_call(path, chosen.to_python)
        del chosen  # calamine's copy of the sheet (~60 MB for 100,000 rows) is no longer needed
        header_row = start_row + header.offset + 1
        table_mapping = matcher.resolve(path, sheet_name, header_row, header.cells, start_col)
        formulas = scan.result(sheet_name)
    headers = _header_texts(header.cells, start_col)
    with _gc_paused():
        rows = _extract_rows(
            raw_rows,
            first=header.offset + 1,
            first_number=header_row + 1,
            fields=tuple(table_mapping),
            positions=tuple(table_mapping[f] - start_col for f in table_mapping),
            start_col=start_col,
            formulas=formulas,
            progress=progress,
            cancel=cancel,
            label=path.name,
        )
    del raw_rows
    mapped = set(table_mapping.values())
    return TableData(
        path=path,
        sheet=sheet_name,
        header_row=header_row,
        headers=headers,
        mapping=table_mapping,
        unmapped_headers=tuple(t for i, t in enumerate(headers) if t and i not in mapped),
        rows=rows,
    )


def _call(cancel: Callable[[], None] | None) -> None:
    if cancel is not None:
        cancel()


# --- opening ------------------------------------------------------------------------------


class _Workbook:
    """A calamine workbook and, for a renamed file, the handle it reads from."""

    def __init__(
        self,
        book: python_calamine.CalamineWorkbook,
        handle: IO[bytes] | None,
        *,
        path: Path,
        kind: SpreadsheetKind,
        limits: FileLimits,
    ) -> None:
        self.book = book
        self._handle = handle
        self._path = path
        self._kind = kind
        self._limits = limits

    def sheet(self, name: str) -> python_calamine.CalamineSheet:
        """A sheet, after checking calamine will not be asked for an impossible rectangle."""
        check_sheet(self._path, self._kind, name, self._limits)
        return calamine_call(self._path, partial(self.book.get_sheet_by_name, name))

    def __enter__(self) -> _Workbook:
        return self

    def __exit__(self, *exc: object) -> None:
        self.book.close()
        if self._handle is not None:
            self._handle.close()


def open_workbook(
    path: Path, kind: SpreadsheetKind, limits: FileLimits = DEFAULT_LIMITS
) -> _Workbook:
    """Open a checked file with calamine; sheets are then read through ``_Workbook.sheet``."""
    # Sizes calamine would trust are checked first: a failed allocation aborts the process.
    check_workbook(path, kind, limits)
    # from_path picks the parser by extension, so a renamed file (an .xlsx saved as .xls) is
    # read from a handle instead, where calamine looks at the content.
    if path.suffix.lower() in _EXTENSIONS[kind]:
        book = calamine_call(path, lambda: python_calamine.CalamineWorkbook.from_path(path))
        return _Workbook(book, None, path=path, kind=kind, limits=limits)
    handle = path.open("rb")
    try:
        book = calamine_call(path, lambda: python_calamine.CalamineWorkbook.from_filelike(handle))
    except BaseException:
        handle.close()
        raise
    return _Workbook(book, handle, path=path, kind=kind, limits=limits)


def calamine_call(path: Path, call: Callable[[], _T]) -> _T:
    """Run a calamine call, turning its errors into a FileRejectedError the user can act on."""
    try:
        return call()
    except python_calamine.PasswordError as exc:
        raise encrypted_error(path) from exc
    except (python_calamine.CalamineError, ValueError, OSError) as exc:
        # XmlError ("unrecognized entity" for an entity bomb), ZipError, malformed records.
        raise corrupt_error(path, str(exc)) from exc
    except BaseException as exc:
        # A Rust panic surfaces as pyo3's PanicException, a BaseException: still a bad file.
        if type(exc).__name__ == "PanicException":
            raise corrupt_error(path, str(exc)) from exc
        raise


# --- finding the header -------------------------------------------------------------------


@dataclass(frozen=True)
class _Header:
    offset: int  # rows below the top of the sheet's used range
    cells: list[object]


class _HeaderMatcher:
    """Knows which header texts mean which field."""

    def __init__(self, columns: Sequence[ColumnSpec], remembered: Mapping[str, str]) -> None:
        if not columns:
            raise ValueError("read_table needs at least one column")
        self.columns = {c.field: c for c in columns}
        self._by_key: dict[str, str] = {}
        for column in columns:
            for text in (column.label, *column.synonyms):
                self._by_key.setdefault(header_key(text), column.field)
        # A remembered mapping may name fields a newer version no longer has: ignore those.
        self._remembered = {
            header_key(text): field
            for text, field in remembered.items()
            if field == "" or field in self.columns
        }
        self._required = frozenset(c.field for c in columns if c.required)
        self._threshold = min(2, len(columns))

    def field_for(self, text: str) -> str | None:
        """The field a header text stands for, or None."""
        key = header_key(text)
        if not key:
            return None
        if key in self._remembered:
            return self._remembered[key] or None
        return self._by_key.get(key)

    def is_header(self, row: Sequence[object]) -> bool:
        """Two cells name a column (one, for a one-column table), or all required ones do."""
        found = [f for cell in row if cell != "" and (f := self.field_for(_cell_text(cell)))]
        if len(found) >= self._threshold:
            return True
        return bool(self._required) and self._required <= set(found)

    def expected(self) -> str:
        """The labels the importer looks for, required ones marked, for messages."""
        return "、".join(
            f"“{c.label}”" + ("（必填）" if c.required else "") for c in self.columns.values()
        )

    def resolve(
        self, path: Path, sheet: str, header_row: int, cells: Sequence[object], start_col: int
    ) -> dict[str, int]:
        """Map each field to its column; refuse a field found twice or a required one missing."""
        found: dict[str, list[tuple[int, str]]] = {}
        for offset, cell in enumerate(cells):
            text = _cell_text(cell)
            field = self.field_for(text) if text else None
            if field is not None:
                found.setdefault(field, []).append((start_col + offset, text))
        place = f"文件“{path.name}”的工作表“{sheet}”"
        for field, hits in found.items():
            if len(hits) > 1:
                (first_col, first), (second_col, second) = hits[0], hits[1]
                label = self.columns[field].label
                raise ValidationError(
                    f"{place}第 {header_row} 行表头中，“{first}”（{column_letter(first_col)} 列）"
                    f"和“{second}”（{column_letter(second_col)} 列）都对应“{label}”，"
                    "程序无法判断该用哪一列。请删除或改名其中一列后再导入。",
                    code="import.duplicate_column",
                    field=field,
                    details={
                        "path": str(path),
                        "sheet": sheet,
                        "row": header_row,
                        "columns": [column_letter(c) for c, _ in hits],
                    },
                )
        missing = [c for c in self.columns.values() if c.required and c.field not in found]
        if missing:
            names = "".join(f"“{c.label}”" for c in missing)
            present = "、".join(t for t in (_cell_text(c) for c in cells) if t) or "（空）"
            raise ValidationError(
                f"{place}缺少必填列{names}。"
                f"程序把第 {header_row} 行当作表头，其中的列有：{present}。"
                f"请在表头中加上这一列（列名可参照导入模板），或在“列对应”中指定哪一列是{names}。",
                code="import.missing_column",
                field=missing[0].field,
                details={
                    "path": str(path),
                    "sheet": sheet,
                    "row": header_row,
                    "missing": [c.field for c in missing],
                },
            )
        return {field: hits[0][0] for field, hits in found.items()}


def _cell_text(value: object) -> str:
    """A cell as header text: strings stripped, whole floats without ".0", dates in ISO form."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def header_candidates(path: Path, workbook: _Workbook, sheet: str | None) -> list[str]:
    """The sheets to look for a header in: the named one, or every worksheet, visible first."""
    book = workbook.book
    names = list(book.sheet_names)
    if sheet is not None:
        if sheet not in names:
            raise ValidationError(
                f"文件“{path.name}”中没有名为“{sheet}”的工作表，现有的工作表是："
                + "、".join(f"“{n}”" for n in names)
                + "。请选择正确的工作表。",
                code="import.unknown_sheet",
                field="sheet",
                value=sheet,
                details={"path": str(path), "sheets": names},
            )
        return [sheet]
    worksheets = [
        m for m in book.sheets_metadata if m.typ == python_calamine.SheetTypeEnum.WorkSheet
    ]
    visible = python_calamine.SheetVisibleEnum.Visible
    # A hidden helper sheet should not win over the one people see and fill in.
    found = [m.name for m in worksheets if m.visible == visible]
    found += [m.name for m in worksheets if m.visible != visible]
    return found or names


def _choose_sheet(
    path: Path,
    workbook: _Workbook,
    matcher: _HeaderMatcher,
    candidates: Sequence[str],
    sheet: str | None,
) -> tuple[python_calamine.CalamineSheet, _Header]:
    """The first candidate sheet with a header among its first rows, and that header."""
    for name in candidates:
        current = workbook.sheet(name)
        if current.start is None:  # an empty sheet
            continue
        top = calamine_call(path, partial(current.to_python, nrows=HEADER_SEARCH_ROWS))
        for offset, row in enumerate(top):
            if matcher.is_header(row):
                return current, _Header(offset, list(row))
    where = f"的工作表“{sheet}”" if sheet is not None else ""
    raise ValidationError(
        f"在文件“{path.name}”{where}的前 {HEADER_SEARCH_ROWS} 行中找不到表头。"
        f"程序需要的列有：{matcher.expected()}。"
        "请确认表头行的列名与导入模板一致（可以先下载导入模板对照），再导入。",
        code="import.no_header",
        details={"path": str(path), "sheet": sheet, "expected": list(matcher.columns)},
    )


def _header_texts(cells: Sequence[object], start_col: int) -> tuple[str, ...]:
    texts = [""] * start_col + [_cell_text(c) for c in cells]
    while texts and not texts[-1]:
        texts.pop()
    return tuple(texts)


# --- rows ---------------------------------------------------------------------------------

_NO_FORMULAS: frozenset[str] = frozenset()


def _extract_rows(
    raw_rows: Sequence[Sequence[object]],
    *,
    first: int,
    first_number: int,
    fields: tuple[str, ...],
    positions: tuple[int, ...],
    start_col: int,
    formulas: Mapping[int, set[int]],
    progress: Callable[[int, int, str], None] | None,
    cancel: Callable[[], None] | None,
    label: str,
) -> tuple[SheetRow, ...]:
    """Pick the mapped cells of every non-blank row; the hot loop of the reader."""
    width = len(fields)
    pick: Callable[[Sequence[object]], Sequence[object]]
    if width == 1:
        only = positions[0]
        pick = lambda raw: (raw[only],)  # noqa: E731
    else:
        pick = itemgetter(*positions)
    by_column = {start_col + p: f for f, p in zip(fields, positions, strict=True)}
    total = len(raw_rows) - first
    rows: list[SheetRow] = []
    append = rows.append
    for chunk in range(first, len(raw_rows), PROGRESS_EVERY):
        done = chunk - first
        _call(cancel)
        if progress is not None:
            progress(done, total, f"正在读取“{label}”：第 {done}/{total} 行")
        for index in range(chunk, min(chunk + PROGRESS_EVERY, len(raw_rows))):
            values = [v.strip() if v.__class__ is str else v for v in pick(raw_rows[index])]
            if values.count("") == width:
                continue
            number = first_number + index - first
            marked = formulas.get(number) if formulas else None
            append(
                SheetRow(
                    number,
                    dict(zip(fields, values, strict=True)),
                    frozenset(by_column[c] for c in marked if c in by_column)
                    if marked
                    else _NO_FORMULAS,
                )
            )
    if progress is not None:
        progress(total, total, f"已读取“{label}”：共 {len(rows)} 行数据")
    return tuple(rows)


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Hold the cyclic garbage collector while a million cell objects are made.

    Building 100,000 rows allocates millions of containers, and each allocation threshold
    reached triggers a collection that walks all of them again: about 40 % of the reader's
    Python time.  None of these objects form cycles, so nothing is lost by waiting.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


# --- formulas -----------------------------------------------------------------------------

_SCAN_CHUNK = 4 * 1024 * 1024
_MAX_CARRY = 16 * 1024 * 1024
_MAX_PART = 32 * 1024 * 1024
_ROOT = re.compile(rb"<(?:([A-Za-z_][\w.\-]*):)?worksheet[\s>]")
_REF = re.compile(rb"""\sr\s*=\s*["']([A-Z]{1,3})([0-9]{1,7})["']""")
_RELS_NS_SUFFIX = "/officeDocument"


class _LimitedReader:
    """A zip entry stream that refuses to inflate beyond the size its directory declared."""

    def __init__(self, path: Path, stream: IO[bytes], declared: int) -> None:
        self._path = path
        self._stream = stream
        self._left = declared

    def read(self, size: int = -1) -> bytes:
        data = self._stream.read(size)
        self._left -= len(data)
        if self._left < 0:
            raise corrupt_error(self._path, "entry larger than its declared size")
        return data


class _FormulaScan:
    """The formula scan of an .xlsx sheet, started early in a worker thread."""

    def __init__(self, path: Path, kind: SpreadsheetKind) -> None:
        self._path = path
        self._enabled = kind == "xlsx"
        self._stop = threading.Event()
        self._pool: ThreadPoolExecutor | None = None
        self._sheet: str | None = None
        self._future: Future[dict[int, set[int]]] | None = None

    def __enter__(self) -> _FormulaScan:
        return self

    def __exit__(self, *exc: object) -> None:
        # Leaving early (no header, cancel): tell the worker to stop at its next chunk.
        self._stop.set()
        if self._pool is not None:
            self._pool.shutdown(wait=True)

    def start(self, sheet: str) -> None:
        """Begin scanning ``sheet`` in the background."""
        if not self._enabled:
            return
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="formula-scan")
        self._sheet = sheet
        self._future = self._pool.submit(_formula_cells, self._path, sheet, self._stop)

    def result(self, sheet: str) -> dict[int, set[int]]:
        """Row number → 0-based columns of formula cells in ``sheet`` (empty if not .xlsx)."""
        if not self._enabled:
            return {}
        if self._future is not None and self._sheet == sheet:
            return self._future.result()
        self._stop.set()  # the guess was wrong: let that scan end early
        return _formula_cells(self._path, sheet, threading.Event())


def _formula_cells(path: Path, sheet: str, stop: threading.Event) -> dict[int, set[int]]:
    """Excel row number → 0-based columns of the cells of ``sheet`` that hold a formula."""
    try:
        with zipfile.ZipFile(path) as archive:
            part = _sheet_part(archive, sheet)
            if part is None:
                return {}
            info = archive.getinfo(part)
            with archive.open(info) as raw:
                found = _scan_formulas_fast(_LimitedReader(path, raw, info.file_size), stop)
            if found is not None:
                return found
            with archive.open(info) as raw:
                return _scan_formulas_xml(_LimitedReader(path, raw, info.file_size), stop)
    except (*ZIP_ERRORS, KeyError, SafeElementTree.ParseError, OSError) as exc:
        # defusedxml's DTD/entity refusals are ValueErrors; calamine accepted the file, so this
        # is a damaged or hostile part either way.
        raise corrupt_error(path, str(exc)) from exc


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _read_small(archive: zipfile.ZipFile, name: str) -> bytes:
    """A package part that should be small (workbook, relationships): refuse a huge one."""
    if archive.getinfo(name).file_size > _MAX_PART:
        raise ValueError(f"{name} is larger than {_MAX_PART} bytes")
    return archive.read(name)


def _sheet_part(archive: zipfile.ZipFile, sheet: str) -> str | None:
    """The zip path of a sheet's XML, through the workbook's relationships (ECMA-376 Part 2)."""
    workbook = "xl/workbook.xml"
    if "_rels/.rels" in archive.namelist():
        for rel in SafeElementTree.fromstring(_read_small(archive, "_rels/.rels")):
            if rel.get("Type", "").endswith(_RELS_NS_SUFFIX):
                workbook = _resolve("", rel.get("Target", workbook))
    folder = str(PurePosixPath(workbook).parent)
    rel_id = None
    for element in SafeElementTree.fromstring(_read_small(archive, workbook)).iter():
        if _local(element.tag) == "sheet" and element.get("name") == sheet:
            rel_id = next((v for k, v in element.attrib.items() if k.endswith("}id")), None)
            break
    rels_path = f"{folder}/_rels/{PurePosixPath(workbook).name}.rels"
    if rel_id is None or rels_path not in archive.namelist():
        return None
    for rel in SafeElementTree.fromstring(_read_small(archive, rels_path)):
        if rel.get("Id") == rel_id and rel.get("TargetMode") != "External":
            target = _resolve(folder, rel.get("Target", ""))
            return target if target in archive.namelist() else None
    return None


def _resolve(folder: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    parts: list[str] = []
    for part in f"{folder}/{target}".split("/"):
        if part == "..":
            if parts:
                parts.pop()
        elif part and part != ".":
            parts.append(part)
    return "/".join(parts)


def _column_index(letters: bytes) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + letter - 64
    return index - 1


def _scan_formulas_fast(
    stream: _LimitedReader, stop: threading.Event
) -> dict[int, set[int]] | None:
    """Find ``<c r="B7" …><f`` in the raw XML at C speed; None when the layout is unusual.

    Only the bytes are searched (no element is built), so a sheet of 100,000 rows costs about
    the time to inflate it.  Every hit is checked: the ``<f`` must directly follow the start tag
    of its cell and that tag must carry an ``r`` reference; anything else (cells without ``r``,
    odd whitespace) returns None and the caller falls back to the XML parser.
    """
    found: dict[int, set[int]] = {}
    carry = b""
    cell_open = marker = b""
    formula: re.Pattern[bytes] | None = None
    while True:
        chunk = stream.read(_SCAN_CHUNK)
        eof = not chunk
        buffer = carry + chunk
        if formula is None:
            root = _ROOT.search(buffer)
            if root is None:
                if eof or len(buffer) > _MAX_CARRY:
                    return None
                carry = buffer
                continue
            prefix = root.group(1) + b":" if root.group(1) else b""
            cell_open, marker = b"<" + prefix + b"c ", b"<" + prefix + b"f"
            formula = re.compile(re.escape(marker) + rb"[\s>/]")
        # Process up to the last cell start; that cell may continue in the next chunk.
        limit = len(buffer) if eof else buffer.rfind(cell_open)
        if limit < 0:
            if len(buffer) > _MAX_CARRY:
                return None
            carry = buffer
            continue
        if buffer.find(marker, 0, limit) >= 0:
            for hit in formula.finditer(buffer, 0, limit):
                at = hit.start()
                cell = buffer.rfind(cell_open, 0, at)
                end = buffer.find(b">", cell, at) if cell >= 0 else -1
                if end < 0 or buffer[end + 1 : at].strip():
                    return None
                ref = _REF.search(buffer, cell, end)
                if ref is None:
                    return None
                found.setdefault(int(ref.group(2)), set()).add(_column_index(ref.group(1)))
        if eof:
            return found
        carry = buffer[limit:]
        if stop.is_set():
            return {}


def _scan_formulas_xml(stream: _LimitedReader, stop: threading.Event) -> dict[int, set[int]]:
    """The general path: stream-parse the sheet, following implicit row and cell positions."""
    found: dict[int, set[int]] = {}
    row, col, seen = 0, -1, 0
    for event, element in SafeElementTree.iterparse(stream, events=("start", "end")):
        tag = _local(element.tag)
        if event == "end":
            if tag == "row":
                element.clear()
                seen += 1
                if seen % PROGRESS_EVERY == 0 and stop.is_set():
                    return {}
            continue
        if tag == "row":
            ref = element.get("r")
            row, col = (int(ref) if ref else row + 1), -1
        elif tag == "c":
            ref = element.get("r")
            text = ref.upper().encode("ascii", "replace") if ref else b""
            match = _REF.search(b' r="' + text + b'"') if ref else None
            col = _column_index(match.group(1)) if match else col + 1
            if match:
                row = int(match.group(2))
        elif tag == "f":
            found.setdefault(row, set()).add(col)
    return found
