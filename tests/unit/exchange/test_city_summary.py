"""The city's 各区县完成情况汇总表 (.xlsx): title, header order, codes as text, totals, print."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from nlts_desktop.domain.errors import AppError
from nlts_desktop.exchange.forms import (
    CITY_SUMMARY_HEADERS,
    CITY_SUMMARY_TITLE,
    CountyTotalsRow,
    write_city_summary,
)

FILLED = date(2026, 11, 23)


def _county(
    code: str, name: str, *, teachers: int = 2000, qualified: int = 1500
) -> CountyTotalsRow:
    return CountyTotalsRow(
        county_code=code,
        county_name=name,
        schools=40,
        teachers=teachers,
        qualified=qualified,
        assessment_passed=qualified + 100 if teachers else 0,
        online_hours=30000.5,
        practice_hours=20000,
        reported_on="2026-11-20",
    )


def _sheet(path: Path) -> Any:
    return openpyxl.load_workbook(path).worksheets[0]


def _row(sheet: Any, row: int) -> list[object]:
    return [cell.value for cell in sheet[row]]


def test_city_summary_layout_and_totals(tmp_path: Path) -> None:
    out = tmp_path / "各区县汇总.xlsx"
    rows = [
        _county("510115", "温江区"),
        _county("510116", "双流区", teachers=1000, qualified=250),
        _county("510117", "郫都区", teachers=0, qualified=0),
    ]
    count = write_city_summary(
        out, region="成都市", filled_on=FILLED, rows=rows, notes=("说明：数据来自各区县上报包。",)
    )
    assert count == 3
    sheet = _sheet(out)
    assert sheet.title == "各区县完成情况汇总"
    assert sheet["A1"].value == f"成都市{CITY_SUMMARY_TITLE}"
    assert "A1:J1" in {str(r) for r in sheet.merged_cells.ranges}
    assert sheet["A2"].value == "填报单位：成都市"
    assert sheet["F2"].value == "填报日期：2026年11月23日"
    assert _row(sheet, 3) == [
        "区县代码",
        "区县名称",
        "学校数",
        "在职教师数",
        "已达标人数",
        "达标率",
        "考核通过人数",
        "网络研修学时合计",
        "校本实践学时合计",
        "数据日期",
    ]
    assert _row(sheet, 3) == list(CITY_SUMMARY_HEADERS)

    # The code stays text with its format, never a number.
    assert sheet["A4"].value == "510115" and sheet["A4"].data_type == "s"
    assert sheet["A4"].number_format == "@"
    first = _row(sheet, 4)
    assert first == ["510115", "温江区", 40, 2000, 1500, 0.75, 1600, 30000.5, 20000, "2026-11-20"]
    assert sheet["F4"].number_format == "0.0%"
    assert sheet["F5"].value == 0.25
    assert sheet["F6"].value == "—"  # no teachers: no rate

    total = _row(sheet, 7)
    assert total == [
        "合计",
        None,
        120,
        3000,
        1750,
        round(1750 / 3000, 4),
        1950,  # 1600 + 350 + 0
        90001.5,
        60000,
        None,
    ]
    assert sheet["A7"].font.b and sheet["C7"].font.b
    assert "A7:B7" in {str(r) for r in sheet.merged_cells.ranges}
    assert sheet["F7"].number_format == "0.0%"
    assert sheet["A8"].value == "说明：数据来自各区县上报包。"

    # Print: A4 landscape, fitted to the width, the header repeated on every page.
    assert str(sheet.page_setup.paperSize) == sheet.PAPERSIZE_A4
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0
    assert sheet.print_title_rows == "$3:$3"
    assert sheet.freeze_panes == "A4"


def test_leading_zeros_of_a_code_are_kept(tmp_path: Path) -> None:
    out = tmp_path / "x.xlsx"
    write_city_summary(out, region="某市", filled_on=FILLED, rows=[_county("000123", "某区")])
    assert _sheet(out)["A4"].value == "000123"


def test_an_empty_city_summary_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    out = tmp_path / "x.xlsx"
    with pytest.raises(AppError) as caught:
        write_city_summary(out, region="成都市", filled_on=FILLED, rows=[])
    assert caught.value.code == "form.empty"
    assert "各区县完成情况汇总表" in caught.value.message and "没有生成文件" in caught.value.message
    assert list(tmp_path.iterdir()) == []


def test_county_rate() -> None:
    assert _county("510115", "温江区", teachers=4, qualified=1).rate == 0.25
    assert _county("510115", "温江区", teachers=0, qualified=0).rate is None
