"""Write .xlsx files: atomically, quickly, and never a formula from data.

openpyxl makes every workbook (write-only mode for the big tables; lxml makes it fast).
Three traps this module closes:

* openpyxl writes any string that starts with ``=`` as a live formula (FIELD-NOTES), and Excel
  re-reads ``+``/``-``/``@`` text as a formula when someone edits the cell.  Such text is written
  as a string cell with Excel's quote prefix, so it stays text on screen and after an edit;
* an ID typed into a General cell becomes a number and loses its last digits, so ID columns
  are written as text cells formatted "@" (and templates format the whole column "@");
* a half-written file must never replace a good one: every file goes to a temporary name in
  the same folder, is flushed to disk and then moved over the target in one step.

openpyxl is imported inside the functions: it costs start-up time (FIELD-NOTES, Qt section).
"""

from __future__ import annotations

import contextlib
import errno
import math
import os
import re
import tempfile
import time
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from datetime import time as clock_time
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nlts_desktop.domain.errors import AppError
from nlts_desktop.exchange.excel_reader import ColumnSpec

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell

TEXT_FORMAT = "@"
DATE_FORMAT = "yyyy-mm-dd"
EXCEL_MAX_ROWS = 1_048_576
RED = "FFC00000"
GREY = "FF808080"
REASON_HEADER = "错误原因"
ROW_HEADER = "原行号"
INSTRUCTIONS_SHEET = "填写说明"
TEMPLATE_NOTE = (
    "表头文字为红色的列必须填写（鼠标指向表头可以看到填写要求）；"
    "第 2 行灰色斜体的是示例，导入前请删除或直接改成真实数据。"
)
CODES_SHEET = "代码表"

# Leading characters that make Excel (or a CSV reader) treat text as a formula; the full-width
# forms become formulas after an IME or NFKC round trip.  Tab and CR lead CSV injection payloads.
_FORMULA_LEADS = frozenset("=+-@\t\r＝＋－＠")
# openpyxl turns these exact strings into error cells.
_ERROR_CODES = frozenset(("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"))
# Characters XML 1.0 cannot carry: controls (openpyxl raises IllegalCharacterError on them),
# lone surrogates (they cannot even be encoded as UTF-8) and the non-characters FFFE/FFFF.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# One search decides whether a string needs any of the slower treatment below.
_SUSPECT = re.compile(_ILLEGAL.pattern + r"|^[\s=+\-@＝＋－＠#]")
_SHEET_TITLE_BAD = re.compile(r"[\[\]:*?/\\]")
_NATIVE = frozenset((int, float, bool, Decimal, date, datetime, clock_time, timedelta))
_KIND_HINTS = {
    "text": "文字",
    "id": "身份证号等编号：请按文本填写（单元格格式为“文本”），不要写成数字或科学计数",
    "date": "日期，如 2024-09-01",
    "number": "数字",
    "flag": "是 / 否",
}
_KIND_WIDTHS = {"id": 22, "date": 13, "number": 10, "flag": 8}
_REPLACE_ATTEMPTS = 5
_REPLACE_DELAY = 0.1


# --- atomic files -------------------------------------------------------------------------


def atomic_write(path: Path, write: Callable[[Path], None], *, mode: int | None = None) -> None:
    """Call ``write(temp)`` for a temporary file beside ``path``, then move it over ``path``.

    If ``write`` fails the temporary file is removed and an existing ``path`` is untouched.
    ``mode`` sets the file's permissions (e.g. 0o600 for a private key) for its whole life;
    otherwise it gets the old file's, or the usual 0644.
    """
    folder = path.parent
    try:
        handle, name = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".tmp", dir=folder)
    except FileNotFoundError as exc:
        raise AppError(
            f"保存位置“{folder}”不存在，可能是 U 盘已拔出或文件夹已被删除。请重新选择保存位置。",
            code="file.folder_missing",
            details={"path": str(path)},
        ) from exc
    except PermissionError as exc:
        raise AppError(
            f"无法在文件夹“{folder}”中保存文件：没有写入权限。"
            "请换一个文件夹（例如“桌面”或“文档”）保存。",
            code="file.no_permission",
            details={"path": str(path)},
        ) from exc
    os.close(handle)
    temp = Path(name)
    try:
        write(temp)
        if mode is None:
            _keep_mode(temp, path)
        else:
            os.chmod(temp, mode)
        with temp.open("rb+") as written:  # Windows flushes only handles opened for writing
            os.fsync(written.fileno())
        _replace(temp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)
        if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
            raise AppError(
                f"保存“{path.name}”时磁盘空间不足。请清理磁盘或换一个位置保存。",
                code="file.disk_full",
                details={"path": str(path)},
            ) from exc
        raise
    _sync_folder(folder)


def _keep_mode(temp: Path, path: Path) -> None:
    # mkstemp makes the file private (0600); give it what the old file had, or the usual 0644.
    try:
        mode = path.stat().st_mode & 0o777
    except OSError:
        mode = 0o644
    with contextlib.suppress(OSError):
        os.chmod(temp, mode)


def _replace(temp: Path, path: Path) -> None:
    # On Windows a file open in Excel cannot be replaced (PermissionError); a virus scanner
    # looking at the new file causes the same error for a moment, hence a few short retries.
    for attempt in range(_REPLACE_ATTEMPTS):
        try:
            os.replace(temp, path)
            return
        except PermissionError as exc:
            if attempt < _REPLACE_ATTEMPTS - 1:
                time.sleep(_REPLACE_DELAY)
                continue
            if path.exists() and not os.access(path, os.W_OK):
                raise AppError(
                    f"文件“{path.name}”是只读文件，不能覆盖。"
                    "请在文件属性中取消“只读”，或换一个文件名保存。",
                    code="file.read_only",
                    details={"path": str(path)},
                ) from exc
            raise AppError(
                f"文件“{path.name}”正被其他程序（如 Excel）打开，请关闭后重试。",
                code="file.locked",
                details={"path": str(path)},
            ) from exc


def _sync_folder(folder: Path) -> None:
    # The rename itself is durable only once the directory is flushed (POSIX; not on Windows).
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        handle = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


# --- cell values --------------------------------------------------------------------------


def safe_text(value: object, sheet: Any = None) -> object:
    """A value for ``Worksheet.append`` in which text is never written as a formula.

    Text that starts (after any whitespace) with = + - @ or their full-width forms, or with a
    tab or CR, or that equals an Excel error code, becomes a string cell with Excel's quote
    prefix.  Pass the worksheet as ``sheet``: a write-only worksheet cannot take a cell made
    without it (a normal worksheet adopts it in ``append``).  Control characters that XML
    cannot carry are dropped.  Numbers, dates and None pass through unchanged.
    """
    if not isinstance(value, str):
        return value
    if _SUSPECT.search(value) is None:
        return value
    text = _ILLEGAL.sub("", value)
    if not _looks_like_formula(text):
        return text
    return _text_cell(sheet, text, quote_prefix=True)


def _looks_like_formula(text: str) -> bool:
    return text[:1] in _FORMULA_LEADS or text.lstrip()[:1] in _FORMULA_LEADS or text in _ERROR_CODES


def _text_cell(sheet: Any, text: str, *, quote_prefix: bool = False) -> Cell:
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, text)
    cell.data_type = "s"  # openpyxl has just typed "=…" as a formula ("f")
    if quote_prefix:
        cell.quotePrefix = True
    return cell


def _as_text(value: object) -> str:
    """A value for a text column: whole floats lose their ".0" (an ID read back from Excel)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def _plain(value: object, sheet: Any) -> object:
    """Any value made safe for openpyxl: text guarded, "" omitted, odd types as text."""
    cls = value.__class__
    if cls is str:
        return safe_text(value, sheet) if value else None
    if value is None or cls in _NATIVE:
        if isinstance(value, float) and not math.isfinite(value):
            return None  # NaN/inf would make Excel report the whole file as damaged
        if isinstance(value, datetime) and value.tzinfo is not None:
            return value.replace(tzinfo=None)  # openpyxl refuses aware datetimes
        return value
    if isinstance(value, bool | int | float | Decimal | date | clock_time | timedelta):
        return value
    return safe_text(str(value), sheet)


def _display_width(text: str) -> int:
    # CJK characters take about two Latin widths in Excel's default fonts.
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def _column_width(text: str, *, minimum: int = 8, maximum: int = 50) -> int:
    return max(minimum, min(maximum, _display_width(text) + 4))


def clean_sheet_title(name: str) -> str:
    """A name Excel accepts for a sheet: no []:*?/\\, no edge apostrophes, at most 31 characters."""
    cleaned = _SHEET_TITLE_BAD.sub("_", name).strip().strip("'")[:31]
    return cleaned or "Sheet1"


# --- tables -------------------------------------------------------------------------------


def write_table(
    path: Path,
    *,
    sheet_title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
    title: str | None = None,
    text_columns: Collection[int] = (),
    column_widths: Sequence[int] | None = None,
    extra_sheets: Sequence[tuple[str, Sequence[Sequence[object]]]] = (),
) -> int:
    """Write a table (optional title row, bold frozen header, rows) and return the row count.

    ``text_columns`` (0-based) are written as text formatted "@", whatever the values' types.
    """
    widths = list(column_widths or [_column_width(h) for h in headers])
    if column_widths is None:
        for index in text_columns:
            if index < len(widths):
                widths[index] = max(widths[index], _KIND_WIDTHS["id"])
    table = _Table(
        sheet_title=sheet_title,
        title=title,
        headers=[(h, False) for h in headers],
        widths=widths,
        text_columns={i: _FORCE_TEXT for i in text_columns},
        extra_sheets=extra_sheets,
    )
    return _write_table(path, table, rows)


_FORCE_TEXT = "force"  # every value of the column becomes text formatted "@"
_STR_AS_TEXT = "str"  # text values are formatted "@"; numbers and dates stay what they are
_RED_TEXT = "red"  # like _FORCE_TEXT, in a red font


@dataclass(frozen=True)
class _Table:
    """What the one-sheet writers share: a titled, frozen, styled header over streamed rows."""

    sheet_title: str
    title: str | None
    headers: Sequence[tuple[str, bool]]  # text, red
    widths: Sequence[int]
    text_columns: Mapping[int, str]
    extra_sheets: Sequence[tuple[str, Sequence[Sequence[object]]]] = ()


def _write_table(path: Path, table: _Table, rows: Iterable[Sequence[object]]) -> int:
    """One sheet in openpyxl's write-only mode: title, bold frozen header, streamed rows.

    With lxml installed (openpyxl uses it by itself) 100,000 rows × 15 columns take ~8 s here;
    data values are appended as plain values and only the rare cells that need a style (quoted
    formula-like text, the red reason column) become cell objects.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font

    count = 0
    limit = EXCEL_MAX_ROWS - (2 if table.title else 1)

    def write(target: Path) -> None:
        nonlocal count
        count = 0
        book = Workbook(write_only=True)
        sheet = book.create_sheet(clean_sheet_title(table.sheet_title))
        _lay_out(
            sheet,
            widths=table.widths,
            text_columns=table.text_columns,
            title=table.title,
            columns=len(table.headers),
        )
        if table.title:
            sheet.append([_styled(sheet, table.title, Font(bold=True, size=14))])
        sheet.append(
            [
                _styled(sheet, text, Font(bold=True, color=RED if red else None))
                for text, red in table.headers
            ]
        )
        red_font = Font(color=RED)
        forced = dict(table.text_columns)
        for row in rows:
            if count >= limit:
                raise AppError(
                    f"要写入的数据超过了 Excel 一个工作表的上限 {EXCEL_MAX_ROWS} 行。"
                    "请缩小导出范围（例如按学校分别导出）后重试。",
                    code="file.too_many_rows",
                )
            values = [_cell_value(value, sheet) for value in row]
            for index, policy in forced.items():
                if index >= len(values) or values[index] is None:
                    continue
                if policy == _STR_AS_TEXT and not isinstance(row[index], str):
                    continue  # numbers and dates in such a column stay what they are
                text = _ILLEGAL.sub("", _as_text(row[index]))
                values[index] = _forced_text(sheet, text, red_font if policy == _RED_TEXT else None)
            sheet.append(values)
            count += 1
        for name, extra in table.extra_sheets:
            other = book.create_sheet(clean_sheet_title(name))
            for extra_row in extra:
                other.append([_plain(v, other) for v in extra_row])
        book.save(target)

    atomic_write(path, write)
    return count


def _cell_value(value: object, sheet: Any) -> object:
    """:func:`_plain`, and a date Excel cannot hold (before 1900-03-01) as ISO text."""
    if value.__class__ is str:
        return safe_text(value, sheet) if value else None
    if isinstance(value, date):
        day = value.date() if isinstance(value, datetime) else value
        if day < _EXCEL_FIRST_DATE:
            return value.isoformat()
    return _plain(value, sheet)


def _forced_text(sheet: Any, text: str, font: Any) -> Cell:
    """A text cell formatted "@": what a clerk types over it in Excel stays text too."""
    cell = _text_cell(sheet, text, quote_prefix=_looks_like_formula(text))
    cell.number_format = TEXT_FORMAT
    if font is not None:
        cell.font = font
    return cell


# Excel's serials start at 1900-01-01 with a phantom 1900-02-29: earlier dates go as text.
_EXCEL_FIRST_DATE = date(1900, 3, 1)


def _styled(sheet: Any, value: object, font: Any) -> Cell:
    from openpyxl.cell import WriteOnlyCell

    text = _ILLEGAL.sub("", str(value))
    cell = WriteOnlyCell(sheet, text)
    cell.data_type = "s"
    cell.font = font
    return cell


def _lay_out(
    sheet: Any,
    *,
    widths: Sequence[int],
    text_columns: Collection[int],
    title: str | None,
    columns: int,
) -> None:
    """Column widths and styles, frozen header, merged title: all before the first row."""
    from openpyxl.utils import get_column_letter

    for index, width in enumerate(widths):
        sheet.column_dimensions[get_column_letter(index + 1)].width = width
    for index in text_columns:
        # New cells typed into the column in Excel take the column's "@" format: text.
        sheet.column_dimensions[get_column_letter(index + 1)].number_format = TEXT_FORMAT
    sheet.freeze_panes = "A3" if title else "A2"
    if title and columns > 1:
        sheet.merged_cells.add(f"A1:{get_column_letter(columns)}1")


# --- import template ----------------------------------------------------------------------


def write_template(
    path: Path,
    columns: Sequence[ColumnSpec],
    *,
    example: Mapping[str, object],
    notes: Sequence[str],
    reference: Mapping[str, Sequence[tuple[str, str]]],
    title: str,
) -> None:
    """Write an import template: header and example row, "填写说明" and "代码表" sheets.

    The header is row 1 and its texts are exactly the labels, so the template imports as it is;
    required columns are marked by a red header and a comment instead of a "*" in the text.
    ``title`` names the first sheet and the document.
    """

    def write(target: Path) -> None:
        from openpyxl import Workbook
        from openpyxl.comments import Comment
        from openpyxl.styles import Font
        from openpyxl.utils import get_column_letter

        book = Workbook()
        book.properties.title = title
        sheet = book.active
        sheet.title = clean_sheet_title(title)
        example_font = Font(italic=True, color=GREY)
        for index, column in enumerate(columns, start=1):
            letter = get_column_letter(index)
            header = _put(sheet, 1, index, column.label)
            header.font = Font(bold=True, color=RED if column.required else None)
            need = "必填" if column.required else "选填"
            hint = _KIND_HINTS.get(column.kind, "")
            header.comment = Comment(f"{column.label}：{need}。{hint}", "NLTS", 90, 220)
            dimension = sheet.column_dimensions[letter]
            dimension.width = _KIND_WIDTHS.get(column.kind, _column_width(column.label))
            number_format = _column_format(column.kind)
            if number_format:
                dimension.number_format = number_format
            value = example.get(column.field)
            if value is None or value == "":
                continue
            if column.kind in ("id", "text"):
                value = _as_text(value)
            cell = _put(sheet, 2, index, value)
            cell.font = example_font
            if number_format:
                cell.number_format = number_format
        sheet.freeze_panes = "A2"

        guide = book.create_sheet(INSTRUCTIONS_SHEET)
        guide.append([_bold_text(guide, "填写说明")])
        for note in (*notes, TEMPLATE_NOTE):
            guide.append([safe_text(note, guide)])
        guide.append([])
        heads = ("列名", "是否必填", "填写要求", "也可用的列名")
        guide.append([_bold_text(guide, t) for t in heads])
        for column in columns:
            guide.append(
                [
                    safe_text(column.label, guide),
                    "必填" if column.required else "选填",
                    _KIND_HINTS.get(column.kind, column.kind),
                    safe_text("、".join(column.synonyms), guide),
                ]
            )
        for letter, width in zip("ABCD", (60, 10, 50, 30), strict=True):
            guide.column_dimensions[letter].width = width

        codes = book.create_sheet(CODES_SHEET)
        for name, pairs in reference.items():
            codes.append([_bold_text(codes, name)])
            codes.append([_bold_text(codes, "代码"), _bold_text(codes, "名称")])
            for code, label in pairs:
                code_cell = _text_cell(codes, _ILLEGAL.sub("", str(code)))
                code_cell.number_format = TEXT_FORMAT
                codes.append([code_cell, safe_text(label, codes)])
            codes.append([])
        codes.column_dimensions["A"].width = 14
        codes.column_dimensions["B"].width = 40
        book.save(target)

    atomic_write(path, write)


def _put(sheet: Any, row: int, column: int, value: object) -> Cell:
    """Set one cell of a normal (not write-only) worksheet, text guarded like safe_text."""
    cell = sheet.cell(row=row, column=column)
    plain = value.replace(tzinfo=None) if isinstance(value, datetime) else value
    if isinstance(plain, str):
        plain = _ILLEGAL.sub("", plain)
    elif plain is not None and plain.__class__ not in _NATIVE:
        plain = _ILLEGAL.sub("", str(plain))
    cell.value = plain
    if isinstance(plain, str):
        cell.data_type = "s"
        if _looks_like_formula(plain):
            cell.quotePrefix = True
    return cell


def _column_format(kind: str) -> str | None:
    if kind in ("id", "text"):
        return TEXT_FORMAT
    if kind == "date":
        return DATE_FORMAT
    return None


def _bold_text(sheet: Any, text: str) -> Cell:
    from openpyxl.styles import Font

    cell = _text_cell(sheet, _ILLEGAL.sub("", text))
    cell.font = Font(bold=True)
    return cell


# --- error workbook -----------------------------------------------------------------------


def write_error_workbook(
    path: Path,
    *,
    headers: Sequence[str],
    rows: Iterable[tuple[int, Sequence[object], str]],
    source_name: str,
) -> None:
    """Write the rejected rows under their original header, with "原行号" and a red "错误原因".

    The original columns keep their places and header texts, so the fixed file imports again;
    text cells are formatted "@" so an ID retyped while fixing stays text.
    """

    width = len(headers)
    title = (
        f"以下是文件“{source_name}”中未能导入的行。请按最后一列“{REASON_HEADER}”逐行修改，"
        "修改后可以直接导入本文件。"
    )
    styles = {i: _STR_AS_TEXT for i in range(width)}
    styles[width + 1] = _RED_TEXT
    table = _Table(
        sheet_title="未导入的行",
        title=title,
        headers=[*((h, False) for h in headers), (ROW_HEADER, False), (REASON_HEADER, True)],
        widths=[_column_width(h, maximum=30) for h in headers] + [8, 60],
        text_columns=styles,
    )
    lines = (
        (*(values[i] if i < len(values) else None for i in range(width)), number, why)
        for number, values, why in rows
    )
    _write_table(path, table, lines)
