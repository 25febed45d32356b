"""Refuse spreadsheets that would make python-calamine ask for more memory than any PC has.

calamine is fast and refuses XML entity bombs, but it trusts a few numbers in a file to size
its buffers, and a failed allocation in Rust aborts the whole process: no exception, no
message, unsaved work lost.  Found by fuzzing (tests/fuzz/), each a file of a few kilobytes:

* a sheet is returned as one dense rectangle from its first to its last used cell, so a single
  cell at ``XFD1048576`` (or ``zz1`` in lower case, or a cell behind ``<row r="4294967295">``)
  asks for 17 billion cells;
* ``<sst uniqueCount="4000000000">`` in ``sharedStrings.xml`` reserves 96 GB up front;
* in a legacy .xls, the ``DIMENSIONS`` record and the row/column of any cell record do the same,
  and the compound-file (OLE2) header and directory carry sizes used as capacities.

The checks below read only what calamine would trust, bounded by the file's own size, and run
before calamine sees the file (a workbook) or the sheet (an .xlsx sheet is parsed on demand).
An .xlsx sheet written normally (every cell with its reference first) takes a few C-speed
searches; anything unusual (cells without references, other prefixes or spacing) is followed
tag by tag exactly as calamine places cells.
"""

from __future__ import annotations

import re
import struct
import zipfile
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import IO

from defusedxml import ElementTree as SafeElementTree

from nlts_desktop.exchange.limits import FileLimits
from nlts_desktop.exchange.sniff import ZIP_ERRORS, FileRejectedError, corrupt_error

_CHUNK = 4 * 1024 * 1024
_MAX_TAG = 64 * 1024  # a start tag longer than this is not a spreadsheet's
_MAX_PART = 32 * 1024 * 1024
_SPACES = bytes.maketrans(b"\t\n\r", b"   ")
# For the fast path ">" too, so "<c>" and "<c " are counted as one.
_SPACES_AND_ENDS = bytes.maketrans(b"\t\n\r>", b"    ")
# calamine matches the local names "row" and "c" (any prefix, exact case) and the attribute "r".
_TAG = re.compile(rb"<(/?)(?:[A-Za-z_][\w.\-]*:)?(row|c)(?=[ />])([^>]*)>")
_R_ATTR = re.compile(rb' r *= *(?:"([^"]*)"|\'([^\']*)\')')
_REFERENCE = re.compile(rb"([A-Za-z]*)([0-9]*)")
_ROWS_FROM = {
    digits: re.compile(rb'c r="[A-Za-z]*([0-9]{%d,})"' % digits) for digits in range(1, 8)
}
_UNIQUE_COUNT = re.compile(rb'\suniqueCount\s*=\s*["\']\s*([0-9]+)')
_U32 = 0xFFFFFFFF


def check_workbook(path: Path, kind: str, limits: FileLimits) -> None:
    """Checks on the whole file, before calamine opens it (it reads these parts at once)."""
    if kind == "xlsx":
        _check_shared_strings(path)
    elif kind == "xls":
        _check_xls(path, limits)


def check_sheet(path: Path, kind: str, sheet: str, limits: FileLimits) -> None:
    """Checks on one sheet, before calamine builds its rectangle (an .xlsx sheet only)."""
    if kind != "xlsx":
        return  # an .xls is checked whole by check_workbook; .ods has calamine's own cell cap
    try:
        with zipfile.ZipFile(path) as archive:
            part = _sheet_part(archive, sheet)
            # A sheet not found as calamine finds it: every part is measured instead.
            infos = [archive.getinfo(part)] if part else archive.infolist()
            boxes = [
                _xlsx_extent(path, partial(archive.open, info), info.file_size, limits.max_cells)
                for info in infos
            ]
            box = max(boxes, key=lambda b: b.rows * b.columns, default=_Box(0, 0))
    except FileRejectedError:
        raise
    except (*ZIP_ERRORS, KeyError, SafeElementTree.ParseError, OSError) as exc:
        raise corrupt_error(path, str(exc)) from exc
    if box.rows * box.columns > limits.max_cells:
        raise range_error(
            path, sheet, height=box.rows, width=box.columns, cell=box.cell, limit=limits.max_cells
        )


def range_error(
    path: Path, sheet: str, *, height: int, width: int, cell: str, limit: int
) -> FileRejectedError:
    """The refusal of a sheet whose used range is larger than the program can hold."""
    return FileRejectedError(
        f"文件“{path.name}”的工作表“{sheet}”的使用范围大到 {height:,} 行 × {width:,} 列"
        f"（最远的单元格在 {cell}），超过了程序能处理的 {limit:,} 个单元格。"
        "这通常是表格远处有多余的内容或格式：请在 Excel 中删除数据区域右边和下边多余的行和列，"
        "另存后再导入。",
        code="file.range_too_large",
        details={"path": str(path), "sheet": sheet, "rows": height, "columns": width},
    )


def column_letter(index: int) -> str:
    """The Excel column name of a 0-based index (0 → "A", 26 → "AA")."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _column(letters: bytes) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + letter - 64
    return index - 1


# --- .xlsx --------------------------------------------------------------------------------


def _check_shared_strings(path: Path) -> None:
    """calamine reserves ``uniqueCount`` strings before reading one: hold it to the part's size."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = {info.filename.lower(): info for info in archive.infolist()}
            info = names.get("xl/sharedstrings.xml")
            if info is None:
                return
            with archive.open(info) as raw:
                head = raw.read(4096)
    except (*ZIP_ERRORS, OSError) as exc:
        raise corrupt_error(path, str(exc)) from exc
    match = _UNIQUE_COUNT.search(head)
    # Each string takes at least "<si/>": five bytes of the part.
    if match is not None and int(match[1][:20]) > info.file_size // 5 + 1:
        raise corrupt_error(path, f"sharedStrings uniqueCount {match[1][:20]!r} too large")


def _sheet_part(archive: zipfile.ZipFile, sheet: str) -> str | None:
    """The zip path of a sheet, found as calamine finds it (workbook.xml and its relationships)."""
    names = set(archive.namelist())
    if "xl/workbook.xml" not in names:
        return None
    rel_id = None
    for element in SafeElementTree.fromstring(_small(archive, "xl/workbook.xml")).iter():
        if element.tag.rpartition("}")[2] == "sheet" and element.get("name") == sheet:
            rel_id = next((v for k, v in element.attrib.items() if k.endswith("}id")), None)
            break
    rels = "xl/_rels/workbook.xml.rels"
    if rel_id is None or rels not in names:
        return None
    for rel in SafeElementTree.fromstring(_small(archive, rels)):
        if rel.get("Id") == rel_id:
            target = rel.get("Target", "")
            # calamine: "/…" from the root, "xl/…" as it is, anything else under "xl/".
            if target.startswith("/"):
                target = target.lstrip("/")
            elif not target.startswith("xl/"):
                target = f"xl/{target}"
            return target if target in names else None
    return None


def _small(archive: zipfile.ZipFile, name: str) -> bytes:
    if archive.getinfo(name).file_size > _MAX_PART:
        raise ValueError(f"{name} is larger than {_MAX_PART} bytes")
    return archive.read(name)


def _chunks(
    path: Path, raw: IO[bytes], declared: int, *, table: bytes | None = None
) -> Iterator[bytes]:
    """The part in chunks that end just before a ``<``, so no tag is cut in two."""
    carry = b""
    left = declared
    while True:
        chunk = raw.read(_CHUNK)
        left -= len(chunk)
        if left < 0:
            raise corrupt_error(path, "entry larger than its declared size")
        if not chunk:
            if carry:
                yield carry
            return
        data = carry + (chunk.translate(table) if table is not None else chunk)
        cut = data.rfind(b"<")
        if cut <= 0 or len(data) - cut > _MAX_TAG:
            if len(data) > _MAX_TAG + _CHUNK:
                raise corrupt_error(path, "a tag longer than any spreadsheet writes")
            carry = data
            continue
        yield data[:cut]
        carry = data[cut:]


def _xlsx_extent(path: Path, open_part: Callable[[], IO[bytes]], declared: int, limit: int) -> _Box:
    """The rectangle calamine would allocate for a sheet, or a larger one, never a smaller."""
    with open_part() as raw:
        box = _regular_extent(path, raw, declared)
    if box is None:
        with open_part() as raw:
            return _replayed_extent(path, raw, declared)
    if box.rows * box.columns > limit and box.digits < 7:
        # Wide and long: the coarse row bound (all nines) is not enough, find the largest.
        with open_part() as raw:
            box.rows = _largest_row(path, raw, declared, box.digits)
    return box


class _Box:
    """Rows and columns from A1 to the farthest cell calamine can place."""

    def __init__(self, rows: int, columns: int, digits: int = 0) -> None:
        self.rows = rows
        self.columns = columns
        self.digits = digits

    @property
    def cell(self) -> str:
        return f"{column_letter(min(self.columns, 1 << 20) - 1)}{self.rows}"


_PREFIXED = re.compile(rb":(?:c|row) ")
_TAIL = 64 * 1024
_TAIL_ROWS = re.compile(rb'c r="[A-Za-z]*([0-9]+)"')
# References beyond column Z, or with more digits than seen so far (the row bound).
_FAR = {
    digits: re.compile(rb'c r="(?:([A-Za-z]{2,})([0-9]*)|[A-Za-z]?([0-9]{%d,}))"' % digits)
    for digits in range(1, 8)
}


def _regular_extent(path: Path, raw: IO[bytes], declared: int) -> _Box | None:
    """The fast path, for sheets whose every cell tag is ``<c r="…"`` (what writers produce).

    Then the farthest column has the longest, then largest, letters and the farthest row has
    the most digits, so only the references beyond column Z or longer than the rows seen so
    far are looked at: a few C-speed searches per chunk.  None when any cell tag is spelled
    otherwise (no reference, ``r`` twice or not first, a prefix, other quotes): replay then.
    """
    widest = b""
    digits = 0
    beyond = 0  # the largest row among references of seven digits or more
    for chunk in _chunks(path, raw, declared, table=_SPACES_AND_ENDS):
        cells = chunk.count(b'<c r="')
        if (
            chunk.count(b"<c ") != cells
            or chunk.count(b" r=") != cells + chunk.count(b'<row r="')
            or b" r =" in chunk
            or _PREFIXED.search(chunk) is not None
        ):
            return None
        tail = _TAIL_ROWS.findall(chunk, max(0, len(chunk) - _TAIL))
        digits = max([digits, *(len(t) for t in tail)])
        for match in _FAR[min(digits + 1, 7)].finditer(chunk):
            letters, number = (match[1], match[2]) if match[1] else (b"", match[3])
            letters = letters.upper()
            if (len(letters), letters) > (len(widest), widest):
                widest = letters
            digits = max(digits, len(number))
            if len(number) >= 7:
                beyond = max(beyond, int(number[:20]))
    columns = _column(widest[:8]) + 1 if widest else 26
    if len(widest) > 8:
        columns = 1 << 40
    rows = beyond if digits >= 7 else 10**digits - 1
    return _Box(rows, columns, digits)


def _largest_row(path: Path, raw: IO[bytes], declared: int, digits: int) -> int:
    largest = 0
    for chunk in _chunks(path, raw, declared):
        found = _ROWS_FROM[max(digits, 1)].findall(chunk)
        if found:
            largest = max(largest, *(int(f[:20]) for f in found))
    return largest


def _replayed_extent(path: Path, raw: IO[bytes], declared: int) -> _Box:
    """The exact path: follow every row and cell tag as calamine's cell reader does."""
    row_index = col_index = 0  # calamine's position for cells without a reference
    rows = columns = 0
    in_cell = False
    for chunk in _chunks(path, raw, declared, table=_SPACES):
        for tag in _TAG.finditer(chunk):
            closing, name, attributes = tag[1], tag[2], tag[3]
            if attributes.endswith(b"/"):
                continue  # an empty element: calamine's reader passes over it
            if in_cell:
                # calamine reads a cell up to the first </c>, whatever is nested inside.
                in_cell = not (closing and name == b"c")
                continue
            if name == b"row":
                if closing:
                    row_index, col_index = row_index + 1, 0
                else:
                    for value in _r_values(attributes):
                        if value.isdigit():
                            row_index = (int(value[:20]) - 1) & _U32
                continue
            if closing:
                continue
            places = [place for v in _r_values(attributes) if (place := _reference(v))]
            if places:
                row = max(place[0] for place in places)
                col = max(place[1] for place in places)
                col_index = places[-1][1]
            else:
                row, col = row_index, col_index
            rows, columns = max(rows, row + 1), max(columns, col + 1)
            col_index += 1
            in_cell = True
    return _Box(rows, columns, 7)


def _r_values(attributes: bytes) -> list[bytes]:
    return [(a or b).strip() for a, b in _R_ATTR.findall(b" " + attributes)]


def _reference(value: bytes) -> tuple[int, int] | None:
    """(row, column) of a reference like "B7", 0-based, as calamine reads it; None if it fails."""
    match = _REFERENCE.fullmatch(value)
    if match is None or not match[2]:
        return None
    letters = match[1].upper()
    column = _column(letters[:8]) if letters else 0
    if len(letters) > 8:
        column = 1 << 40
    return max(int(match[2][:20]) - 1, 0), column


# --- .xls ---------------------------------------------------------------------------------

_OLE_FREE = 0xFFFFFFFF
_OLE_END = 0xFFFFFFFE
# BIFF8 records whose first two fields are the cell's row and column (MS-XLS 2.4).
_CELL_RECORDS = frozenset((0x0203, 0x0204, 0x0205, 0x027E, 0x00FD, 0x0006))
_MULRK = 0x00BD
_DIMENSIONS = 0x0200
_BOUNDSHEET = 0x0085
_SST = 0x00FC
_EOF = 0x000A


class _Compound:
    """Just enough of a compound file (MS-CFB) to find the workbook stream, sizes checked."""

    def __init__(self, path: Path, data: bytes) -> None:
        self.path = path
        self.data = data
        if len(data) < 512:
            raise self.damaged("shorter than its header")
        shift, mini_shift = struct.unpack_from("<HH", data, 0x1E)
        if shift not in (9, 12) or mini_shift != 6:
            raise self.damaged("sector sizes")
        self.size = 1 << shift
        self.small = shift == 9  # version 3: stream sizes are 32-bit
        self.sectors = max(0, (len(data) + self.size - 1) // self.size - 1)
        dir_sectors, fat_sectors, dir_start = struct.unpack_from("<III", data, 0x28)
        self.minifat_start, minifat_sectors, difat_start, difat_sectors = struct.unpack_from(
            "<IIII", data, 0x3C
        )
        # calamine sizes buffers by these counts: none may exceed the sectors the file has.
        for count in (dir_sectors, fat_sectors, minifat_sectors, difat_sectors):
            if count > self.sectors:
                raise self.damaged("a sector count larger than the file")
        per_sector = self.size // 4
        difat = list(struct.unpack_from("<109I", data, 0x4C))
        sector = difat_start
        for _ in range(difat_sectors):
            if sector in (_OLE_FREE, _OLE_END):
                break
            entries = struct.unpack(f"<{per_sector}I", self.sector(sector))
            difat.extend(entries[:-1])
            sector = entries[-1]
        self.fat: list[int] = []
        for sector in difat:
            if sector not in (_OLE_FREE, _OLE_END):
                self.fat.extend(struct.unpack(f"<{per_sector}I", self.sector(sector)))
        directory = self.chain(dir_start, self.fat, self.sector, limit=len(data))
        self.entries: list[tuple[str, int, int]] = []
        for at in range(0, len(directory) - 127, 128):
            entry = directory[at : at + 128]
            length = min(struct.unpack_from("<H", entry, 64)[0], 64)
            name = entry[: max(length - 2, 0)].decode("utf-16-le", "replace")
            start = struct.unpack_from("<I", entry, 116)[0]
            size = struct.unpack_from("<I" if self.small else "<Q", entry, 120)[0]
            if size > len(data):
                raise self.damaged(f"stream {name!r} larger than the file")
            self.entries.append((name, start, size))

    def damaged(self, reason: str) -> FileRejectedError:
        return corrupt_error(self.path, f"compound file: {reason}")

    def sector(self, number: int) -> bytes:
        if number >= self.sectors:
            raise self.damaged("a sector outside the file")
        start = (number + 1) * self.size
        return self.data[start : start + self.size].ljust(self.size, b"\0")

    def chain(
        self, start: int, fat: list[int], read: Callable[[int], bytes], *, limit: int
    ) -> bytes:
        """The bytes of a sector chain; a loop or a link out of range is damage."""
        parts: list[bytes] = []
        seen: set[int] = set()
        total = 0
        sector = start
        while sector not in (_OLE_END, _OLE_FREE) and total < limit:
            if sector in seen or sector >= len(fat):
                raise self.damaged("a broken sector chain")
            seen.add(sector)
            block = read(sector)
            parts.append(block)
            total += len(block)
            sector = fat[sector]
        return b"".join(parts)[:limit]

    def _mini(self, mini: bytes, number: int) -> bytes:
        if number * 64 + 64 > len(mini):
            raise self.damaged("a mini sector outside the mini stream")
        return mini[number * 64 : number * 64 + 64]

    def stream(self, names: tuple[str, ...]) -> bytes | None:
        """The first stream with one of ``names`` (calamine asks for "Workbook", then "Book")."""
        for wanted in names:
            for name, start, size in self.entries:
                if name != wanted:
                    continue
                if size >= 4096:
                    return self.chain(start, self.fat, self.sector, limit=size)
                if not self.entries:
                    return None
                _, root_start, root_size = self.entries[0]
                mini = self.chain(root_start, self.fat, self.sector, limit=root_size)
                table = self.chain(self.minifat_start, self.fat, self.sector, limit=len(self.data))
                minifat = list(struct.unpack(f"<{len(table) // 4}I", table[: len(table) // 4 * 4]))

                return self.chain(start, minifat, partial(self._mini, mini), limit=size)
        return None


def _check_xls(path: Path, limits: FileLimits) -> None:
    """The compound file's sizes, then the BIFF records calamine sizes its buffers by."""
    data = path.read_bytes()
    compound = _Compound(path, data)
    stream = compound.stream(("Workbook", "Book"))
    if stream is None:
        return  # calamine will say the workbook stream is missing
    sheets: list[int] = []
    for kind, body, _ in _records(stream, 0):
        if kind == _BOUNDSHEET and len(body) >= 4:
            sheets.append(struct.unpack_from("<I", body)[0])
        elif kind == _SST and len(body) >= 8:
            # calamine reserves this many strings; each takes at least three bytes.
            unique = struct.unpack_from("<i", body, 4)[0]
            if not 0 <= unique <= len(stream) // 3:
                raise corrupt_error(path, f"SST declares {unique} strings")
        elif kind == _EOF:
            break
    for number, position in enumerate(sheets, start=1):
        if position >= len(stream):
            continue  # calamine refuses that itself
        _check_xls_sheet(path, stream, position, number, limits)


def _records(stream: bytes, position: int) -> Iterator[tuple[int, bytes, int]]:
    while position + 4 <= len(stream):
        kind, length = struct.unpack_from("<HH", stream, position)
        body = stream[position + 4 : position + 4 + length]
        yield kind, body, position
        position += 4 + length


def _check_xls_sheet(
    path: Path, stream: bytes, position: int, number: int, limits: FileLimits
) -> None:
    sheet = f"第 {number} 个工作表"
    first: tuple[int, int] | None = None
    last = (0, 0)
    low_row = low_col = _U32
    high_row = high_col = 0
    for kind, body, _ in _records(stream, position):
        if kind == _EOF:
            break
        if kind == _DIMENSIONS and len(body) in (10, 14):
            if len(body) == 10:
                top, bottom, left, right = struct.unpack_from("<HHHH", body)
            else:
                top, bottom, left, right = struct.unpack_from("<IIHH", body)
            if bottom >= 1 and right >= 1:
                height = (bottom - 1 - top + 1) & _U32
                width = (right - 1 - left + 1) & _U32
            else:
                height = width = 1
            if height * width > limits.max_cells:
                raise range_error(
                    path, sheet, height=height, width=width,
                    cell=f"{column_letter(min(right, 1 << 20))}{bottom}", limit=limits.max_cells,
                )  # fmt: skip
            continue
        places: list[tuple[int, int]] = []
        if kind in _CELL_RECORDS and len(body) >= 4:
            places.append(struct.unpack_from("<HH", body))
        elif kind == _MULRK and len(body) >= 6:
            row, col = struct.unpack_from("<HH", body)
            places += [(row, col), (row, struct.unpack_from("<H", body, len(body) - 2)[0])]
        for row, col in places:
            first = first or (row, col)
            last = (row, col)
            low_row, high_row = min(low_row, row), max(high_row, row)
            low_col, high_col = min(low_col, col), max(high_col, col)
    if first is None:
        return
    # calamine's rectangle spans the first to the last cell record (older versions wrap
    # around when the last lies above the first) and the lowest to the highest column.
    height = max(high_row - low_row + 1, (last[0] - first[0] + 1) & _U32)
    width = high_col - low_col + 1
    if height * width > limits.max_cells:
        raise range_error(
            path, sheet, height=height, width=width,
            cell=f"{column_letter(high_col)}{high_row + 1}", limit=limits.max_cells,
        )  # fmt: skip
