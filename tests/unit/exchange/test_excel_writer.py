"""The .xlsx writers: atomic files, text that never becomes a formula, templates, error rows."""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from nlts_desktop.domain.errors import AppError
from nlts_desktop.exchange import excel_writer
from nlts_desktop.exchange.excel_reader import ColumnSpec, read_table
from nlts_desktop.exchange.excel_writer import (
    atomic_write,
    clean_sheet_title,
    safe_text,
    write_error_workbook,
    write_table,
    write_template,
)

FORMULA_LIKE = (
    "=1+1",
    "+86 138 0000 0000",
    "-5",
    "@SUM(A1)",
    "＝1+1",
    "＋1",
    ' =HYPERLINK("http://x")',
    "\t=1+1",
    "\r=1",
    "#N/A",
)
# XML turns a bare CR into LF when the file is read back (openpyxl and calamine alike).
# With lxml (a dependency) openpyxl escapes CR, so every text reads back exactly.
READ_BACK = FORMULA_LIKE
ID_1 = "51011519940520511X"
COLUMNS = (
    ColumnSpec("id_number", "身份证号", ("身份证号码",), required=True, kind="id"),
    ColumnSpec("name", "姓名", required=True),
    ColumnSpec("birth_date", "出生日期", kind="date"),
    ColumnSpec("hours", "学时", kind="number"),
    ColumnSpec("is_backbone", "骨干教师", kind="flag"),
    ColumnSpec("stage", "学段"),
)


def sheet_rows(path: Path, sheet: int = 0) -> list[list[object]]:
    return CalamineWorkbook.from_path(path).get_sheet_by_index(sheet).to_python()


# --- atomic_write -------------------------------------------------------------------------


def test_atomic_write_replaces_the_file(tmp_path: Path) -> None:
    target = tmp_path / "名册.xlsx"
    target.write_bytes(b"old")
    atomic_write(target, lambda temp: temp.write_bytes(b"new"))
    assert target.read_bytes() == b"new"
    assert os.listdir(tmp_path) == ["名册.xlsx"]


def test_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "名册.xlsx"
    target.write_bytes(b"old")

    def broken(temp: Path) -> None:
        temp.write_bytes(b"half")
        raise RuntimeError("disk went away")

    with pytest.raises(RuntimeError):
        atomic_write(target, broken)
    assert target.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["名册.xlsx"]


def test_failed_table_write_keeps_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "名册.xlsx"
    write_table(target, sheet_title="教师", headers=["姓名"], rows=[["张三"]])
    before = target.read_bytes()

    def rows() -> object:
        yield ["李四"]
        raise RuntimeError("database closed")

    with pytest.raises(RuntimeError):
        write_table(target, sheet_title="教师", headers=["姓名"], rows=rows())  # type: ignore[arg-type]
    assert target.read_bytes() == before
    assert os.listdir(tmp_path) == ["名册.xlsx"]


def test_file_open_in_excel_is_reported_as_locked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "名册.xlsx"
    target.write_bytes(b"old")

    def locked(src: object, dst: object) -> None:
        raise PermissionError(13, "The process cannot access the file")

    monkeypatch.setattr(excel_writer, "_REPLACE_DELAY", 0)
    monkeypatch.setattr(excel_writer.os, "replace", locked)
    with pytest.raises(AppError) as caught:
        atomic_write(target, lambda temp: temp.write_bytes(b"new"))
    assert caught.value.code == "file.locked"
    assert caught.value.message == "文件“名册.xlsx”正被其他程序（如 Excel）打开，请关闭后重试。"
    assert target.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["名册.xlsx"]


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(AppError) as caught:
        atomic_write(tmp_path / "U盘" / "名册.xlsx", lambda temp: temp.write_bytes(b"x"))
    assert caught.value.code == "file.folder_missing"


# --- text that must stay text -------------------------------------------------------------


@pytest.mark.parametrize("write_only", [False, True])
def test_safe_text_keeps_formula_like_text_as_text(tmp_path: Path, write_only: bool) -> None:
    path = tmp_path / "safe.xlsx"
    book = openpyxl.Workbook(write_only=write_only)
    sheet = book.create_sheet("数据") if write_only else book.active
    for text in FORMULA_LIKE:
        sheet.append([safe_text(text, sheet), safe_text(3), safe_text(None)])
    book.save(path)

    loaded = openpyxl.load_workbook(path).worksheets[0]
    for row, text in zip(loaded.iter_rows(), READ_BACK, strict=True):
        assert row[0].value == text
        assert row[0].data_type == "s"
        assert row[0].quotePrefix
        assert row[1].value == 3
    assert [r[0] for r in sheet_rows(path)] == list(READ_BACK)


def test_safe_text_passes_plain_values_through() -> None:
    assert safe_text("张三") == "张三"
    assert safe_text(12.5) == 12.5
    assert safe_text(date(2024, 9, 1)) == date(2024, 9, 1)
    assert safe_text(None) is None
    assert safe_text("备注\x07响铃") == "备注响铃"  # XML cannot carry control characters


def test_write_table_keeps_formula_like_text_as_text(tmp_path: Path) -> None:
    path = tmp_path / "导出.xlsx"
    write_table(path, sheet_title="数据", headers=["内容"], rows=[[t] for t in FORMULA_LIKE])
    cells = [row[0] for row in openpyxl.load_workbook(path).active.iter_rows(min_row=2)]
    assert [c.value for c in cells] == list(READ_BACK)
    assert all(c.data_type == "s" and c.quotePrefix for c in cells)
    assert [r[0] for r in sheet_rows(path)[1:]] == list(READ_BACK)


# --- write_table --------------------------------------------------------------------------


def test_write_table_layout_and_values(tmp_path: Path) -> None:
    path = tmp_path / "名册.xlsx"
    rows: list[Sequence[object]] = [
        [1, ID_1, "张三", date(1994, 5, 20), 24.5, True, None],
        [2, 510115198811035127, "李四", datetime(1988, 11, 3, 8, 30), 12, False, "a<b & c"],
        [3, 5.101151994052051e17, " 王五 ", None, Decimal("1.50"), None, ""],
        [4, "", "赵六", None, math.nan, None, "第一行\n第二行"],
    ]
    count = write_table(
        path,
        sheet_title="教师:名册/2024",
        headers=["序号", "身份证号", "姓名", "出生日期", "学时", "骨干", "备注"],
        rows=iter(rows),
        title="温江区教师名册",
        text_columns={1},
        extra_sheets=[("说明", [["导出时间", datetime(2024, 9, 1, 10, 0)], ["=危险", 1]])],
    )
    assert count == 4

    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    assert sheet.title == "教师_名册_2024"
    assert sheet.freeze_panes == "A3"
    assert [str(r) for r in sheet.merged_cells.ranges] == ["A1:G1"]
    assert sheet["A1"].value == "温江区教师名册" and sheet["A1"].font.b
    assert [c.value for c in sheet[2]] == [
        "序号",
        "身份证号",
        "姓名",
        "出生日期",
        "学时",
        "骨干",
        "备注",
    ]
    assert all(c.font.b for c in sheet[2])
    assert sheet.column_dimensions["B"].width >= 20

    ids = [sheet.cell(row=r, column=2) for r in range(3, 6)]
    assert [c.value for c in ids] == [ID_1, "510115198811035127", "510115199405205120"]
    assert all(c.data_type == "s" and c.number_format == "@" for c in ids)
    assert sheet["B6"].value is None  # "" is left empty

    assert sheet["D3"].value == datetime(1994, 5, 20) and sheet["D3"].number_format == "yyyy-mm-dd"
    assert sheet["D4"].value == datetime(1988, 11, 3, 8, 30)
    assert sheet["D4"].number_format == "yyyy-mm-dd h:mm:ss"  # openpyxl's datetime format
    assert [sheet.cell(row=r, column=5).value for r in range(3, 7)] == [24.5, 12, 1.5, None]
    assert (sheet["F3"].value, sheet["F4"].value) == (True, False)
    assert sheet["G4"].value == "a<b & c"
    assert sheet["C5"].value == " 王五 "
    assert sheet["G6"].value == "第一行\n第二行"

    extra = book["说明"]
    assert extra["B1"].value == datetime(2024, 9, 1, 10, 0)
    assert extra["A2"].value == "=危险" and extra["A2"].data_type == "s"

    calamine = sheet_rows(path)
    assert calamine[2][:3] == [1.0, ID_1, "张三"]


def test_write_table_round_trips_through_read_table(tmp_path: Path) -> None:
    path = tmp_path / "往返.xlsx"
    data = [
        [f"5101151990010{i:05d}", f"教师{i}", date(1990, 1, 1 + i % 28), i % 40]
        for i in range(5000)
    ]
    write_table(
        path,
        sheet_title="教师",
        headers=["身份证号", "姓名", "出生日期", "学时"],
        rows=data,
        title="名册",
        text_columns={0},
    )
    table = read_table(path, COLUMNS)
    assert table.header_row == 2
    assert len(table.rows) == 5000
    assert table.rows[0].number == 3
    last = table.rows[-1].cells
    assert last["id_number"] == data[-1][0] and last["name"] == "教师4999"
    assert last["birth_date"] == data[-1][2] and last["hours"] == float(data[-1][3])


def test_clean_sheet_title() -> None:
    assert clean_sheet_title("a/b:c*d?[e]") == "a_b_c_d__e_"
    assert len(clean_sheet_title("很长" * 40)) == 31
    assert clean_sheet_title("''") == "Sheet1"


# --- write_template -----------------------------------------------------------------------


def test_template_imports_with_the_same_columns(tmp_path: Path) -> None:
    path = tmp_path / "模板.xlsx"
    write_template(
        path,
        COLUMNS,
        example={
            "id_number": ID_1,
            "name": "张三",
            "birth_date": date(1994, 5, 20),
            "hours": 24,
            "stage": "小学",
        },
        notes=["每行一位教师。", "身份证号请按文本填写。"],
        reference={"学段": [("10", "小学"), ("20", "初中")], "城乡分类": [("111", "主城区")]},
        title="教师信息导入模板",
    )
    table = read_table(path, COLUMNS)
    assert table.header_row == 1
    assert table.mapping == {c.field: i for i, c in enumerate(COLUMNS)}
    [example] = table.rows
    assert example.number == 2
    assert example.cells["id_number"] == ID_1
    assert example.cells["hours"] == 24

    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    assert book.sheetnames == ["教师信息导入模板", "填写说明", "代码表"]
    headers = {c.value: c for c in sheet[1]}
    assert list(headers) == [c.label for c in COLUMNS]  # exactly the labels, no "*"
    assert headers["身份证号"].font.color.rgb == excel_writer.RED
    assert "必填" in headers["身份证号"].comment.text
    assert "选填" in headers["学段"].comment.text
    assert sheet.column_dimensions["A"].number_format == "@"
    assert sheet["A2"].number_format == "@" and sheet["A2"].data_type == "s"
    assert sheet["A2"].font.i  # the example row looks like an example
    assert sheet.freeze_panes == "A2"

    guide = [row for row in book["填写说明"].iter_rows(values_only=True)]
    assert [row[0] for row in guide[1:4]] == [
        "每行一位教师。",
        "身份证号请按文本填写。",
        excel_writer.TEMPLATE_NOTE,
    ]
    assert guide[6][:2] == ("身份证号", "必填")
    assert guide[11][:2] == ("学段", "选填")

    codes = [row[:2] for row in book["代码表"].iter_rows(values_only=True)]
    assert codes[:4] == [("学段", None), ("代码", "名称"), ("10", "小学"), ("20", "初中")]
    assert ("111", "主城区") in codes
    assert book["代码表"]["A3"].data_type == "s"


# --- write_error_workbook -----------------------------------------------------------------


def test_error_workbook_keeps_original_header_and_values(tmp_path: Path) -> None:
    path = tmp_path / "未导入.xlsx"
    headers = ["身份证号", "姓名", "出生日期", "学时"]
    write_error_workbook(
        path,
        headers=headers,
        rows=[
            (5, [5.101151994052051e17, "张三", date(1994, 5, 20), 24], "身份证号被存成了数字"),
            (9, [ID_1, "=李四", "", None], "姓名不能以“=”开头"),
            (12, ["123"], "身份证号应为 18 位"),
        ],
        source_name="温江区名册.xlsx",
    )
    book = openpyxl.load_workbook(path)
    sheet = book.active
    assert "温江区名册.xlsx" in sheet["A1"].value
    assert [c.value for c in sheet[2]] == [*headers, "原行号", "错误原因"]
    assert sheet["F2"].font.color.rgb == excel_writer.RED
    assert [c.value for c in sheet[3]] == [
        5.101151994052051e17,
        "张三",
        datetime(1994, 5, 20),
        24,
        5,
        "身份证号被存成了数字",
    ]
    assert sheet["A4"].value == ID_1 and sheet["A4"].number_format == "@"
    assert sheet["B4"].value == "=李四" and sheet["B4"].data_type == "s"
    assert sheet["F4"].font.color.rgb == excel_writer.RED
    assert [c.value for c in sheet[5]][:1] == ["123"] and sheet["E5"].value == 12

    # Fixed in place, the file imports again: the two extra columns are simply not mapped.
    table = read_table(path, COLUMNS)
    assert table.header_row == 2
    assert table.unmapped_headers == ("原行号", "错误原因")
    assert [r.cells["name"] for r in table.rows] == ["张三", "=李四", ""]


def test_read_only_target_is_named_as_such(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "名册.xlsx"
    target.write_bytes(b"old")

    def refused(src: object, dst: object) -> None:
        raise PermissionError(13, "Access is denied")

    monkeypatch.setattr(excel_writer, "_REPLACE_DELAY", 0)
    monkeypatch.setattr(excel_writer.os, "replace", refused)
    monkeypatch.setattr(excel_writer.os, "access", lambda path, mode: False)
    with pytest.raises(AppError) as caught:
        atomic_write(target, lambda temp: temp.write_bytes(b"new"))
    assert caught.value.code == "file.read_only"
    assert target.read_bytes() == b"old"


def test_characters_xml_cannot_carry_are_dropped(tmp_path: Path) -> None:
    path = tmp_path / "控制符.xlsx"
    write_table(
        path,
        sheet_title="数据",
        headers=["备注"],
        rows=[["响\x07铃"], ["坏\ud800字\uffff"], ["\x0b"]],
        text_columns={0},
    )
    assert [r[0] for r in sheet_rows(path)[1:]] == ["响铃", "坏字"]
