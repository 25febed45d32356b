"""read_table on real files made with openpyxl (and a hand-made .ods): headers, rows, formulas."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from nlts_desktop.domain.errors import ValidationError
from nlts_desktop.exchange import excel_reader
from nlts_desktop.exchange.excel_reader import (
    ColumnSpec,
    TableData,
    column_letter,
    header_key,
    read_table,
)
from nlts_desktop.exchange.limits import FileLimits
from nlts_desktop.exchange.sniff import FileRejectedError

COLUMNS = (
    ColumnSpec("id_number", "身份证号", ("身份证号码", "证件号码"), required=True, kind="id"),
    ColumnSpec("name", "姓名", ("教师姓名",), required=True),
    ColumnSpec("birth_date", "出生日期", kind="date"),
    ColumnSpec("hours", "学时", kind="number"),
    ColumnSpec("note", "备注"),
)
ID_1 = "51011519940520511X"
ID_2 = "510115198811035127"


def make_xlsx(path: Path, sheets: dict[str, Sequence[Sequence[object]]]) -> Path:
    """A workbook whose sheets hold the given rows from A1 (None leaves a cell empty)."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(list(row))
    book.save(path)
    return path


def roster(path: Path, rows: Sequence[Sequence[object]], header: Sequence[str] = ()) -> Path:
    return make_xlsx(path, {"教师": [header or ("身份证号", "姓名", "出生日期"), *rows]})


def test_plain_table(tmp_path: Path) -> None:
    path = roster(tmp_path / "名册.xlsx", [(ID_1, "张三", date(1994, 5, 20))])
    table = read_table(path, COLUMNS)
    assert isinstance(table, TableData)
    assert (table.sheet, table.header_row) == ("教师", 1)
    assert table.headers == ("身份证号", "姓名", "出生日期")
    assert table.mapping == {"id_number": 0, "name": 1, "birth_date": 2}
    assert table.unmapped_headers == ()
    [row] = table.rows
    assert row.number == 2
    assert row.cells["id_number"] == ID_1
    assert row.cells["name"] == "张三"
    assert row.formula_fields == frozenset()


def test_title_lines_and_blank_rows_keep_excel_row_numbers(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    sheet["A1"] = "温江区教师信息表"
    sheet.merge_cells("A1:D1")
    sheet["A2"] = "填报单位：温江区实验小学    联系人：王老师    电话：028-82345678"
    sheet.append(["序号", "身份证号", "姓名", "学时"])  # row 3
    sheet.append([1, ID_1, "张三", 24])  # row 4
    sheet.append([])  # row 5, blank
    sheet.append([None, "   ", "\u3000", None])  # row 6, only whitespace: blank too
    sheet.append([2, ID_2, " 李四 ", 12.5])  # row 7
    path = tmp_path / "带标题.xlsx"
    book.save(path)

    table = read_table(path, COLUMNS)
    assert table.header_row == 3
    assert [r.number for r in table.rows] == [4, 7]
    assert table.rows[1].cells == {"id_number": ID_2, "name": "李四", "hours": 12.5}
    assert table.unmapped_headers == ("序号",)


def test_table_starting_in_column_c_keeps_absolute_columns(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet["C4"], sheet["D4"] = "姓名", "身份证号"
    sheet["C5"], sheet["D5"] = "张三", ID_1
    path = tmp_path / "偏移.xlsx"
    book.save(path)
    table = read_table(path, COLUMNS)
    assert table.header_row == 4
    assert table.mapping == {"name": 2, "id_number": 3}
    assert table.headers == ("", "", "姓名", "身份证号")
    assert [(r.number, r.cells["name"]) for r in table.rows] == [(5, "张三")]


@pytest.mark.parametrize(
    "id_header", ["身份证号码", "证件号码", " 身份证号 * ", "身份证号（必填）"]
)
def test_synonyms_and_marked_headers(tmp_path: Path, id_header: str) -> None:
    path = roster(tmp_path / "同义.xlsx", [(ID_1, "张三")], header=(id_header, "姓\u3000名"))
    table = read_table(path, COLUMNS)
    assert table.mapping == {"id_number": 0, "name": 1}
    assert table.headers[0] == id_header.strip()


def test_header_key_normalises_width_space_markers_and_case() -> None:
    assert header_key("＊身份证号（必填）") == header_key("身份证号")
    assert header_key("I\u200bD  Number") == "idnumber"


def test_remembered_mapping_wins_over_synonyms(tmp_path: Path) -> None:
    path = roster(
        tmp_path / "记住.xlsx",
        [(ID_1, "张三", "旧号码")],
        header=("教师身份证", "姓名", "证件号码"),
    )
    table = read_table(
        path,
        COLUMNS,
        mapping={"教师身份证": "id_number", "证件号码": "", "已删除的列": "no_such_field"},
    )
    assert table.mapping == {"id_number": 0, "name": 1}
    assert table.rows[0].cells["id_number"] == ID_1
    assert table.unmapped_headers == ("证件号码",)


def test_missing_required_column_names_it_and_the_headers(tmp_path: Path) -> None:
    path = roster(tmp_path / "缺列.xlsx", [("张三", "语文")], header=("姓名", "出生日期", "学科"))
    with pytest.raises(ValidationError) as caught:
        read_table(path, COLUMNS)
    error = caught.value
    assert error.code == "import.missing_column"
    assert error.field == "id_number"
    for text in ("缺列.xlsx", "教师", "“身份证号”", "姓名、出生日期、学科"):
        assert text in error.message


def test_two_columns_for_one_field_are_refused(tmp_path: Path) -> None:
    path = roster(
        tmp_path / "重复.xlsx", [(ID_1, "张三", ID_1)], header=("身份证号", "姓名", "证件号码")
    )
    with pytest.raises(ValidationError) as caught:
        read_table(path, COLUMNS)
    error = caught.value
    assert error.code == "import.duplicate_column"
    assert "“身份证号”（A 列）" in error.message and "“证件号码”（C 列）" in error.message


def test_no_header_lists_what_is_expected(tmp_path: Path) -> None:
    path = make_xlsx(tmp_path / "无表头.xlsx", {"Sheet1": [("张三", ID_1), ("李四", ID_2)]})
    with pytest.raises(ValidationError) as caught:
        read_table(path, COLUMNS)
    assert caught.value.code == "import.no_header"
    assert "“身份证号”（必填）" in caught.value.message


def test_unknown_sheet_lists_the_sheets(tmp_path: Path) -> None:
    path = roster(tmp_path / "表.xlsx", [(ID_1, "张三")])
    with pytest.raises(ValidationError) as caught:
        read_table(path, COLUMNS, sheet="学校")
    assert caught.value.code == "import.unknown_sheet"
    assert "“教师”" in caught.value.message


def test_first_sheet_with_a_header_is_chosen_and_its_formulas_found(tmp_path: Path) -> None:
    # The formula scan starts on the first sheet in the background; the table is on the second.
    path = make_xlsx(
        tmp_path / "多表.xlsx",
        {
            "说明": [("请按下表填写",), ("学时按年度累计",)],
            "数据": [("身份证号", "姓名", "学时"), (ID_1, "张三", "=10+14"), (ID_2, "李四", 8)],
        },
    )
    table = read_table(path, COLUMNS)
    assert table.sheet == "数据"
    assert [r.formula_fields for r in table.rows] == [frozenset({"hours"}), frozenset()]
    assert read_table(path, COLUMNS, sheet="数据").rows == table.rows


def test_raw_types_id_as_number_dates_and_flags(tmp_path: Path) -> None:
    path = roster(
        tmp_path / "类型.xlsx",
        [(510115199405205111, "张三", date(1994, 5, 20), True)],
        header=("身份证号", "姓名", "出生日期", "备注"),
    )
    [row] = read_table(path, COLUMNS).rows
    # Excel keeps 15 significant digits: the ID is already damaged; the importer rejects it.
    assert isinstance(row.cells["id_number"], float)
    assert isinstance(row.cells["birth_date"], date | datetime)
    assert row.cells["birth_date"].timetuple()[:3] == (1994, 5, 20)  # type: ignore[attr-defined]
    assert row.cells["note"] is True


def test_only_surrounding_whitespace_is_stripped(tmp_path: Path) -> None:
    path = roster(tmp_path / "空白.xlsx", [(f" {ID_1}\t", "张\u200b三 ")])
    [row] = read_table(path, COLUMNS).rows
    assert row.cells == {"id_number": ID_1, "name": "张\u200b三", "birth_date": ""}


def test_formula_cells_without_cached_values_are_reported(tmp_path: Path) -> None:
    path = roster(
        tmp_path / "公式.xlsx",
        [(ID_1, "张三", "=DATE(1994,5,20)"), (ID_2, '=CONCAT("李","四")', date(1988, 11, 3))],
    )
    first, second = read_table(path, COLUMNS).rows
    # calamine shows a formula without a cached value as "", like an empty cell.
    assert first.cells["birth_date"] == "" and first.formula_fields == {"birth_date"}
    assert second.cells["name"] == "" and second.formula_fields == {"name"}


def strip_cell_references(source: Path, target: Path) -> Path:
    """The same workbook with the optional r="B7" left out of every <c> (the slow path)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename.startswith("xl/worksheets/"):
                data = re.sub(rb'<c r="[A-Z]+[0-9]+"', b"<c", data)
            new.writestr(info, data)
    return target


def test_formulas_found_without_cell_references(tmp_path: Path) -> None:
    source = roster(tmp_path / "源.xlsx", [(ID_1, "张三"), (ID_2, "李四", "=TODAY()")])
    path = strip_cell_references(source, tmp_path / "无引用.xlsx")
    assert excel_reader._formula_cells(path, "教师", threading.Event()) == {3: {2}}
    rows = read_table(path, COLUMNS).rows
    assert [r.formula_fields for r in rows] == [frozenset(), frozenset({"birth_date"})]


def test_renamed_xlsx_is_read_by_content(tmp_path: Path) -> None:
    path = roster(tmp_path / "名册.xls", [(ID_1, "张三")])
    assert read_table(path, COLUMNS).rows[0].cells["name"] == "张三"


MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest'
    ' xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
    '<manifest:file-entry manifest:full-path="/"'
    ' manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)


def test_ods(tmp_path: Path) -> None:
    cell = '<table:table-cell office:value-type="string"><text:p>{}</text:p></table:table-cell>'
    rows = "".join(
        "<table:table-row>" + "".join(cell.format(v) for v in row) + "</table:table-row>"
        for row in (("姓名", "身份证号"), ("张三", ID_1))
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content'
        ' xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="教师">'
        f"{rows}</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    path = tmp_path / "教师.ods"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("META-INF/manifest.xml", MANIFEST, zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    table = read_table(path, COLUMNS)
    assert (table.sheet, table.mapping) == ("教师", {"name": 0, "id_number": 1})
    assert table.rows[0].cells == {"name": "张三", "id_number": ID_1}


def test_too_many_rows(tmp_path: Path) -> None:
    path = roster(tmp_path / "多行.xlsx", [(ID_1, "张三"), (ID_2, "李四"), (ID_1, "王五")])
    with pytest.raises(FileRejectedError) as caught:
        read_table(path, COLUMNS, limits=FileLimits(max_rows=2))
    assert caught.value.code == "file.too_many_rows"
    assert "多行.xlsx" in caught.value.message


def test_progress_and_cancel(tmp_path: Path) -> None:
    path = roster(tmp_path / "进度.xlsx", [(ID_1, f"教师{i}") for i in range(12_000)])
    calls: list[tuple[int, int]] = []
    table = read_table(
        path, COLUMNS, progress=lambda done, total, _msg: calls.append((done, total))
    )
    assert len(table.rows) == 12_000
    assert calls[-1] == (12_000, 12_000)
    assert [done for done, _ in calls[1:]] == [0, 5_000, 10_000, 12_000]

    class Cancelled(Exception):
        pass

    checks = 0

    def cancel() -> None:
        nonlocal checks
        checks += 1
        if checks == 4:
            raise Cancelled

    with pytest.raises(Cancelled):
        read_table(path, COLUMNS, cancel=cancel)


def billion_laughs(source: Path, target: Path) -> Path:
    """``source`` with its first text cell moved to a sharedStrings.xml that is an entity bomb."""
    entities = '<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
    )
    strings = (
        f'<?xml version="1.0"?><!DOCTYPE sst [{entities}]>'
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1"'
        ' uniqueCount="1"><si><t>&lol9;</t></si></sst>'
    )
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(
                    rb'<c r="A2" t="inlineStr"><is><t>[^<]*</t></is></c>',
                    b'<c r="A2" t="s"><v>0</v></c>',
                    data,
                )
            new.writestr(info, data)
        new.writestr("xl/sharedStrings.xml", strings)
    return target


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")
def test_entity_bomb_is_refused_quickly_in_little_memory(tmp_path: Path) -> None:
    source = roster(tmp_path / "源.xlsx", [(ID_1, "张三")])
    path = billion_laughs(source, tmp_path / "炸弹.xlsx")
    # A child process, so the peak is this read's alone.  VmHWM, not ru_maxrss: after a
    # (v)fork + exec Linux carries the parent's high-water mark into ru_maxrss.
    child = (
        "import json, re, sys, time\n"
        "from pathlib import Path\n"
        "from nlts_desktop.exchange.excel_reader import ColumnSpec, read_table\n"
        "from nlts_desktop.exchange.sniff import FileRejectedError\n"
        "start = time.perf_counter()\n"
        "try:\n"
        "    columns = [ColumnSpec('n', '姓名'), ColumnSpec('i', '身份证号')]\n"
        "    read_table(Path(sys.argv[1]), columns)\n"
        "    code = None\n"
        "except FileRejectedError as exc:\n"
        "    code = exc.code\n"
        "status = Path('/proc/self/status').read_text()\n"
        "peak = int(re.search(r'VmHWM:\\s+(\\d+)', status).group(1)) / 1024\n"
        "print(json.dumps({'code': code, 'seconds': time.perf_counter() - start,\n"
        "    'peak_mb': peak}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", child, str(path)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["code"] == "file.corrupt"
    assert result["seconds"] < 2
    assert result["peak_mb"] < 100


def test_corrupt_sheet_xml_is_a_file_error(tmp_path: Path) -> None:
    source = roster(tmp_path / "源.xlsx", [(ID_1, "张三")])
    path = tmp_path / "坏.xlsx"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(path, "w") as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]
            new.writestr(info, data)
    started = time.perf_counter()
    with pytest.raises(FileRejectedError) as caught:
        read_table(path, COLUMNS)
    assert time.perf_counter() - started < 2
    assert caught.value.code == "file.corrupt"
    assert "坏.xlsx" in caught.value.message


def test_column_letter() -> None:
    assert [column_letter(i) for i in (0, 25, 26, 701, 702)] == ["A", "Z", "AA", "ZZ", "AAA"]


def scan(xml: bytes) -> dict[int, set[int]] | None:
    stream = excel_reader._LimitedReader(Path("x.xlsx"), io.BytesIO(xml), len(xml))
    return excel_reader._scan_formulas_fast(stream, threading.Event())


def test_fast_scan_handles_prefixes_shared_formulas_and_chunk_edges(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cells = "".join(
        f'<x:c r="B{r}"><x:v>{r}</x:v></x:c>'
        + (f'<x:c r="C{r}" t="str"><x:f t="shared" si="0"/><x:v>1</x:v></x:c>' if r % 7 else "")
        for r in range(1, 400)
    )
    xml = (
        '<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<x:sheetData>{cells}</x:sheetData>"
        '<x:dataValidations><x:dataValidation><x:formula1>"是,否"</x:formula1>'
        "</x:dataValidation></x:dataValidations></x:worksheet>"
    ).encode()
    expected = {r: {2} for r in range(1, 400) if r % 7}
    monkeypatch.setattr(excel_reader, "_SCAN_CHUNK", 97)  # tags split across every chunk
    assert scan(xml) == expected


def test_fast_scan_gives_up_on_cells_without_references() -> None:
    xml = b'<worksheet><sheetData><row r="2"><c t="n"><v>1</v></c><c><f>1+1</f></c></row>'
    assert scan(xml + b"</sheetData></worksheet>") is None


def test_entry_larger_than_declared_is_refused() -> None:
    reader = excel_reader._LimitedReader(Path("炸弹.xlsx"), io.BytesIO(bytes(100)), 10)
    with pytest.raises(FileRejectedError) as caught:
        reader.read(50)
    assert caught.value.code == "file.corrupt"
