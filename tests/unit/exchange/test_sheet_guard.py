"""Spreadsheets that would make python-calamine abort the whole program are refused first.

Each hostile file here is a few kilobytes.  Without the guard, calamine asks for tens or
hundreds of gigabytes and Rust aborts the process (the first test proves it in a child
process); with it, the reader raises a FileRejectedError naming the file and, for a sheet
too large, the farthest cell.  Seeds in tests/fuzz/seeds/ are real files made by LibreOffice
from a roster written with openpyxl (``soffice --headless --convert-to xls|ods|xlsx``).
"""

from __future__ import annotations

import io
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from nlts_desktop.exchange.excel_reader import read_table
from nlts_desktop.exchange.limits import FileLimits
from nlts_desktop.exchange.roster_columns import TEACHER_COLUMNS
from nlts_desktop.exchange.sniff import FileRejectedError

SEEDS = Path(__file__).resolve().parents[2] / "fuzz" / "seeds"
HEAD = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
TAIL = b"</sheetData></worksheet>"
HEADER_ROW = (
    b'<row r="1"><c r="A1" t="inlineStr"><is><t>\xe5\xa7\x93\xe5\x90\x8d</t></is></c>'
    b'<c r="B1" t="inlineStr"><is><t>\xe8\xba\xab\xe4\xbb\xbd\xe8\xaf\x81\xe5\x8f\xb7</t></is>'
    b"</c></row>"
)


def _cell(ref: str, text: str = "x", *, attrs: str = "") -> bytes:
    return f'<c r="{ref}" t="inlineStr"{attrs}><is><t>{text}</t></is></c>'.encode()


def _xlsx(path: Path, sheet_xml: bytes) -> Path:
    """An openpyxl workbook whose only sheet's XML is replaced by ``sheet_xml``."""
    book = openpyxl.Workbook()
    book.active.append(["姓名"])
    buffer = io.BytesIO()
    book.save(buffer)
    with (
        zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = sheet_xml
            target.writestr(info.filename, data)
    return path


def _rows(*rows: bytes) -> bytes:
    return HEAD + HEADER_ROW + b"".join(rows) + TAIL


HOSTILE_SHEETS = {
    "far cell": _rows(b'<row r="1048576">' + _cell("XFD1048576") + b"</row>"),
    "lower-case reference": _rows(b'<row r="9">' + _cell("xfd999999") + b"</row>"),
    "reference given twice": _rows(
        b'<row r="2"><c r="B2" r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    ),
    "single quotes": _rows(b"<row r='3'><c r='XFD1048576' t='inlineStr'><v>1</v></c></row>"),
    "cell without reference under a huge row": _rows(
        b'<row r="4294967295"><c t="inlineStr"><is><t>x</t></is></c></row>'
    ),
    "column of ten letters": _rows(b'<row r="2">' + _cell("AAAAAAAAAA2") + b"</row>"),
    "tab before the reference": _rows(
        b'<row r="3000000"><c\tr="ZZ3000000" t="inlineStr"><is><t>x</t></is></c></row>'
    ),
    "another prefix": _rows(
        b'<row r="2"><q:c xmlns:q="urn:q" r="XFD900000" t="inlineStr"><is><t>x</t></is></q:c></row>'
    ),
}


def _calamine_in_child(path: Path) -> subprocess.CompletedProcess[str]:
    code = (
        "import sys, python_calamine as c\n"
        "book = c.CalamineWorkbook.from_path(sys.argv[1])\n"
        "try:\n"
        "    [book.get_sheet_by_name(n).to_python() for n in book.sheet_names]\n"
        "except Exception as exc:\n"
        "    print('refused', exc)\n"
    )
    return subprocess.run(
        [sys.executable, "-c", code, str(path)],
        capture_output=True,
        text=True,
        env={"RUST_BACKTRACE": "0", "PATH": "/usr/bin:/bin"},
        timeout=60,
        check=False,
    )


def test_the_files_really_kill_an_unguarded_reader(tmp_path: Path) -> None:
    far = _xlsx(tmp_path / "far.xlsx", HOSTILE_SHEETS["far cell"])
    shared = _shared_strings(tmp_path / "sst.xlsx", b"4000000000")
    legacy = _xls_with_dimensions(tmp_path / "dims.xls", rows=0x40000000)
    for path in (far, shared, legacy):
        result = _calamine_in_child(path)
        assert result.returncode < 0, (path.name, result)  # killed by SIGABRT, no exception
        assert "memory allocation" in result.stderr


@pytest.mark.parametrize("case", sorted(HOSTILE_SHEETS))
def test_hostile_sheet_is_refused_before_calamine(tmp_path: Path, case: str) -> None:
    path = _xlsx(tmp_path / "名单.xlsx", HOSTILE_SHEETS[case])
    with pytest.raises(FileRejectedError) as caught:
        read_table(path, TEACHER_COLUMNS)
    error = caught.value
    assert error.code in ("file.range_too_large", "file.corrupt"), error.code
    assert "名单.xlsx" in error.message


def test_range_error_names_sheet_size_and_farthest_cell(tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "名单.xlsx", HOSTILE_SHEETS["far cell"])
    with pytest.raises(FileRejectedError) as caught:
        read_table(path, TEACHER_COLUMNS)
    error = caught.value
    assert error.code == "file.range_too_large"
    assert "工作表“Sheet”" in error.message and "XFD1048576" in error.message
    assert "1,048,576 行 × 16,384 列" in error.message
    assert "删除" in error.message  # says what to do


def test_regular_wide_and_long_sheets_pass(tmp_path: Path) -> None:
    wide = [_cell(f"{letters}2", "1") for letters in ("C", "Z", "AA", "AZ", "BD")]
    long_rows = [b'<row r="%d">' % n + _cell(f"B{n}", "510115198501010011") + b"</row>"
                 for n in range(3, 1200)]  # fmt: skip
    path = _xlsx(
        tmp_path / "ok.xlsx", _rows(b'<row r="2">' + b"".join(wide) + b"</row>", *long_rows)
    )
    table = read_table(path, TEACHER_COLUMNS)
    assert len(table.rows) == len(long_rows)  # row 2 fills only unmapped columns


def test_cells_without_references_are_placed_as_calamine_places_them(tmp_path: Path) -> None:
    implicit = (
        b'<row><c t="inlineStr"><is><t>a</t></is></c><c t="inlineStr"><is><t>b</t></is></c></row>'
    )
    path = _xlsx(tmp_path / "web.xlsx", _rows(*[implicit] * 50))
    assert len(read_table(path, TEACHER_COLUMNS).rows) == 50
    # The same file, allowed fewer cells than its 51 × 2 rectangle, is refused: the count is exact.
    with pytest.raises(FileRejectedError):
        read_table(path, TEACHER_COLUMNS, limits=FileLimits(max_cells=100))
    assert read_table(path, TEACHER_COLUMNS, limits=FileLimits(max_cells=102)).rows


def _shared_strings(path: Path, unique: bytes) -> Path:
    with (
        zipfile.ZipFile(SEEDS / "teachers-shared-strings.xlsx") as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/sharedStrings.xml":
                at = data.index(b'uniqueCount="') + len(b'uniqueCount="')
                data = data[:at] + unique + data[data.index(b'"', at) :]
            target.writestr(info.filename, data)
    return path


def test_shared_strings_count_beyond_the_part_is_refused(tmp_path: Path) -> None:
    with pytest.raises(FileRejectedError) as caught:
        read_table(_shared_strings(tmp_path / "sst.xlsx", b"2147483647"), TEACHER_COLUMNS)
    assert caught.value.code == "file.corrupt"
    assert len(read_table(_shared_strings(tmp_path / "ok.xlsx", b"36"), TEACHER_COLUMNS).rows) == 8


# --- .xls --------------------------------------------------------------------------------

DIMENSIONS = b"\x00\x02\x0e\x00"  # record 0x0200, 14 bytes (BIFF8)
LABELSST = b"\xfd\x00\x0a\x00"  # record 0x00FD, 10 bytes
SST = b"\xfc\x00"


def _xls_with_dimensions(path: Path, *, rows: int) -> Path:
    data = bytearray((SEEDS / "teachers.xls").read_bytes())
    at = data.index(DIMENSIONS) + 4
    struct.pack_into("<II", data, at, 0, rows)
    path.write_bytes(bytes(data))
    return path


def _xls_patched(path: Path, marker: bytes, offset: int, fmt: str, *values: int) -> Path:
    data = bytearray((SEEDS / "teachers.xls").read_bytes())
    at = data.rindex(marker) + 4 + offset
    struct.pack_into(fmt, data, at, *values)
    path.write_bytes(bytes(data))
    return path


def test_legacy_seeds_read(tmp_path: Path) -> None:
    for name in ("teachers.xls", "teachers.ods", "teachers-shared-strings.xlsx"):
        table = read_table(SEEDS / name, TEACHER_COLUMNS)
        assert [row.cells["name"] for row in table.rows][:2] == ["教师0", "教师1"], name


@pytest.mark.parametrize(
    "make",
    [
        lambda p: _xls_with_dimensions(p, rows=0x40000000),
        lambda p: _xls_with_dimensions(p, rows=0xFFFFFFFF),
        lambda p: _xls_patched(p, LABELSST, 0, "<HH", 0xFFFF, 0xFFFF),  # one cell far away
    ],
    ids=["dimensions 2^30 rows", "dimensions wrapping", "cell far down and right"],
)
def test_legacy_xls_sized_beyond_reason_is_refused(tmp_path: Path, make: object) -> None:
    path = make(tmp_path / "旧表.xls")  # type: ignore[operator]
    with pytest.raises(FileRejectedError) as caught:
        read_table(path, TEACHER_COLUMNS)
    assert caught.value.code == "file.range_too_large"
    assert "旧表.xls" in caught.value.message


def test_legacy_xls_with_impossible_counts_is_corrupt(tmp_path: Path) -> None:
    seed = (SEEDS / "teachers.xls").read_bytes()
    strings = bytearray(seed)
    at = strings.index(SST) + 4 + 4  # cstUnique, after cstTotal
    struct.pack_into("<i", strings, at, 0x7FFFFFFF)
    fat = bytearray(seed)
    struct.pack_into("<I", fat, 0x2C, 0x00FFFFFF)  # FAT sectors in the header
    for data in (strings, fat):
        path = tmp_path / "坏表.xls"
        path.write_bytes(bytes(data))
        with pytest.raises(FileRejectedError) as caught:
            read_table(path, TEACHER_COLUMNS)
        assert caught.value.code == "file.corrupt"


XXE = b'<!DOCTYPE x [<!ENTITY secret SYSTEM "file://%s">]>'


@pytest.mark.parametrize(
    "part", ["xl/sharedStrings.xml", "xl/worksheets/sheet1.xml", "xl/workbook.xml"]
)
def test_external_entity_to_a_local_file_is_refused(tmp_path: Path, part: str) -> None:
    """XXE: whichever part carries it, the file is refused and the local file never read."""
    secret = tmp_path / "secret.txt"
    secret.write_text("机密内容-SECRET", encoding="utf-8")
    doctype = XXE % str(secret).encode()
    hostile = tmp_path / "名单.xlsx"
    with (
        zipfile.ZipFile(SEEDS / "teachers-shared-strings.xlsx") as source,
        zipfile.ZipFile(hostile, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            data = source.read(info)
            if info.filename == part:
                declaration_end = data.index(b"?>") + 2 if data.startswith(b"<?xml") else 0
                data = data[:declaration_end] + doctype + data[declaration_end:]
                data = data.replace(b"<t", b"<t>&secret;</t><t", 1) if b"<t" in data else data
                data = data.replace(b'name="', b'name="&secret;', 1)
                data = data.replace(
                    b"</sheetData>",
                    b'<row r="99"><c r="A99" t="inlineStr"><is><t>&secret;</t></is></c></row>'
                    b"</sheetData>",
                )
            target.writestr(info.filename, data)
    with pytest.raises(FileRejectedError) as caught:
        read_table(hostile, TEACHER_COLUMNS)
    assert caught.value.code == "file.corrupt" and "名单.xlsx" in caught.value.message
    assert "SECRET" not in caught.value.message


@pytest.mark.parametrize("target", ["/data/s.xml", "/xl/worksheets/sheet1.xml", "xl/s.xml"])
def test_a_sheet_stored_elsewhere_is_measured_too(tmp_path: Path, target: str) -> None:
    """calamine follows the workbook's relationships wherever they point; so does the guard."""
    plain = _xlsx(tmp_path / "plain.xlsx", HOSTILE_SHEETS["far cell"])
    moved = tmp_path / "moved.xlsx"
    part = target.lstrip("/")
    with (
        zipfile.ZipFile(plain) as source,
        zipfile.ZipFile(moved, "w", zipfile.ZIP_DEFLATED) as out,
    ):
        for info in source.infolist():
            data = source.read(info)
            name = info.filename
            if name == "xl/worksheets/sheet1.xml":
                name = part
            elif name == "xl/_rels/workbook.xml.rels":
                data = data.replace(
                    b'Target="/xl/worksheets/sheet1.xml"', f'Target="{target}"'.encode()
                )
                data = data.replace(
                    b'Target="worksheets/sheet1.xml"', f'Target="{target}"'.encode()
                )
            out.writestr(name, data)
    with pytest.raises(FileRejectedError) as caught:
        read_table(moved, TEACHER_COLUMNS)
    assert caught.value.code == "file.range_too_large"
