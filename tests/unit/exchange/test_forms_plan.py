"""The planning forms (.xlsx): the seeds' layouts, totals, merges, print setup, read back."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from nlts_desktop.domain.errors import AppError, ValidationError
from nlts_desktop.exchange.forms_plan import (
    LEADERSHIP_HEADERS,
    PILOT_HEADERS,
    PILOT_SUBHEADERS,
    LeaderRow,
    PilotSchoolRow,
    PlanTableRow,
    read_annual_plan_table,
    read_leadership_form,
    write_annual_plan_table,
    write_leadership_form,
    write_pilot_schools_form,
)

FILLED = date(2026, 3, 5)


def _sheet(path: Path) -> Any:
    return openpyxl.load_workbook(path).worksheets[0]


def _row(sheet: Any, row: int) -> list[object]:
    return [cell.value for cell in sheet[row]]


def _merged(sheet: Any) -> set[str]:
    return {str(r) for r in sheet.merged_cells.ranges}


def _plan(path: Path, **overrides: Any) -> int:
    values: dict[str, Any] = {
        "province": "四川省",
        "region": "成都市温江区",
        "contact": "王老师",
        "phone": "028-82712345",
        "filled_on": FILLED,
        "years": (2020, 2021, 2022),
        "levels": ("省级", "市级"),
        "rows": [PlanTableRow("温江区", 3000, ((180, 720), (300, 900), (120, 480)))],
        "notes": ("备注：", "1. 测试"),
    }
    values.update(overrides)
    return write_annual_plan_table(path, **values)


def test_annual_plan_table_layout(tmp_path: Path) -> None:
    out = tmp_path / "计划表.xlsx"
    assert _plan(out) == 1
    sheet = _sheet(out)
    assert sheet["A1"].value == "附件1-1"
    assert sheet["A2"].value == "四川省中小学教师信息技术应用能力提升工程"
    assert sheet["A3"].value == "市、县级培训年度计划表"
    line = [v for v in _row(sheet, 4) if v]
    assert line == [
        "成都市温江区",
        "联系人：王老师",
        "联系电话：028-82712345",
        "填报时间：2026年3月5日",
    ]
    assert sheet["A5"].value == "中小学教师信息技术应用能力提升2020—2022年分年度培训计划"
    assert "A5:N5" in _merged(sheet)
    # The two header rows: 地区 and 教师总数 over both, each year over its four columns.
    years = ["2020年", None, None, None, "2021年", None, None, None, "2022年", None, None, None]
    assert _row(sheet, 6) == ["地区", "教师总数", *years]
    sub = [str(v).replace("\n", "") if v else v for v in _row(sheet, 7)]
    assert sub == [None, None] + ["省级", "市级", "合计", "完成比例（%）"] * 3
    merged = _merged(sheet)
    assert {"A6:A7", "B6:B7", "C6:F6", "G6:J6", "K6:N6"} <= merged
    body = [3000, 180, 720, 900, 30, 300, 900, 1200, 40, 120, 480, 600, 20]
    assert _row(sheet, 8) == ["温江区", *body]
    assert _row(sheet, 9) == ["合计", *body]  # one 地区: the totals are its figures
    assert sheet["A9"].font.b
    assert sheet["F8"].number_format == "0.0"
    assert sheet["A10"].value == "备注："
    # Print: A4 landscape, one page wide, the caption and both header rows repeated.
    assert int(sheet.page_setup.paperSize) == 9
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0
    assert sheet.print_title_rows == "$5:$7"


def test_annual_plan_table_with_national_columns_and_no_teachers(tmp_path: Path) -> None:
    out = tmp_path / "计划表.xlsx"
    _plan(
        out,
        years=(2020,),
        levels=("省培", "国培", "市级"),
        rows=[PlanTableRow("温江区", 0, ((10, 20, 30),))],
    )
    sheet = _sheet(out)
    assert sheet["A5"].value == "中小学教师信息技术应用能力提升2020年分年度培训计划"
    assert [str(v).replace("\n", "") for v in _row(sheet, 7)[2:]] == [
        "省培",
        "国培",
        "市级",
        "合计",
        "完成比例（%）",
    ]
    assert _row(sheet, 8) == ["温江区", 0, 10, 20, 30, 60, "—"]


def test_plan_table_reads_back_what_it_wrote(tmp_path: Path) -> None:
    out = tmp_path / "计划表.xlsx"
    _plan(out)
    table = read_annual_plan_table(out)
    assert table.sheet == "年度计划表"
    assert [c.text for c in table.year_cells] == ["2020年", "2021年", "2022年"]
    (row,) = table.rows
    assert row.row == 8 and row.region.text == "温江区" and row.teachers.value == 3000
    first = row.years[0]
    assert first.year == 2020
    assert [(label, cell.value) for label, cell in first.levels] == [("省级", 180), ("市级", 720)]
    assert first.total.value == 900 and first.total.letter == "E"
    assert first.ratio is not None and first.ratio.value == 30
    assert table.total is not None and table.total.row == 9


def test_plan_table_reads_the_seed_layout(tmp_path: Path) -> None:
    """附件1-1 as the seed prints it: justified 教师  总数, 省培/国培 in 2014, blank ratio."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["附件1-1"])
    sheet.append(["四川省中小学教师信息技术应用能力提升工程"])
    sheet.append(["      市       联系人：       联系电话：     填报时间"])
    sheet.append(["中小学教师信息技术应用能力提升 2014—2017年分年度培训计划"])
    sheet.append(["地区", "教师  总数", "2014年", None, None, None, "2015年"])
    sheet.append([None, None, "省培", "国培", "合计", "完成比例（%）", "省级", "市级", "合计"])
    sheet.append(["成都", 1000.0, 50, 50, 100, 10, 100, 200, 300])
    sheet.append(["合计", 1000, 50, 50, 100, None, 100, 200, 300])
    sheet.append(["备注："])
    sheet.append(["1.本表是以市（州）为单位的统计汇总表"])
    out = tmp_path / "seed.xlsx"
    book.save(out)
    table = read_annual_plan_table(out)
    assert [c.text for c in table.year_cells] == ["2014年", "2015年"]
    (row,) = table.rows
    assert [label for label, _ in row.years[0].levels] == ["省培", "国培"]
    assert row.years[1].ratio is None
    assert table.total is not None and table.total.teachers.value == 1000


def test_plan_table_without_years_is_refused_with_its_place(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.append(["地区", "教师总数", "说明"])
    out = tmp_path / "bad.xlsx"
    book.save(out)
    with pytest.raises(ValidationError) as caught:
        read_annual_plan_table(out)
    assert "bad.xlsx" in caught.value.message and "第 1 行" in caught.value.message
    assert caught.value.code == "plan_table.no_years"


def test_a_file_that_is_not_a_plan_table(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.append(["姓名", "身份证号"])
    out = tmp_path / "名单.xlsx"
    book.save(out)
    with pytest.raises(ValidationError) as caught:
        read_annual_plan_table(out)
    assert caught.value.code == "import.no_header"
    assert "名单.xlsx" in caught.value.message and "地区" in caught.value.message


def _pilot_rows() -> list[PilotSchoolRow]:
    return [
        PilotSchoolRow(
            "温江区", "温江区实验小学", "小学", "市区", "多媒体教学环境、混合学习环境", 85,
            "张丽", "028-82711111",
        ),
        PilotSchoolRow(
            "温江区", "温江区万春镇中心小学", "小学", "乡村、中心校", "多媒体教学环境", 40,
            "李华", "13800000001",
        ),
    ]  # fmt: skip


def test_pilot_schools_layout(tmp_path: Path) -> None:
    out = tmp_path / "试点.xlsx"
    count = write_pilot_schools_form(
        out,
        unit="成都市温江区",
        contact="王老师",
        phone="028-82712345",
        filled_on=FILLED,
        rows=_pilot_rows(),
        year=2020,
    )
    assert count == 2
    sheet = _sheet(out)
    assert sheet["A1"].value == "附件一"
    assert sheet["A2"].value == "2020年试点单位信息汇总表"
    assert sheet["A3"].value == "填报单位：成都市温江区"
    assert sheet["F3"].value == "填报日期：2026年3月5日"
    assert sheet["A4"].value == "联系人：王老师"
    assert sheet["A5"].value == "联系电话：028-82712345"
    # The seed's five columns, 学校基本情况 split into its four items under one heading.
    heading = ["区县", "学校", "学校基本情况", None, None, None, "联系人", "联系电话"]
    assert _row(sheet, 6) == heading
    assert PILOT_HEADERS == ("区县", "学校", "学校基本情况", "联系人", "联系电话")
    assert _row(sheet, 7)[2:6] == list(PILOT_SUBHEADERS)
    assert PILOT_SUBHEADERS == ("学段", "区域", "信息化环境", "教师人数")
    assert {"C6:F6", "A6:A7", "B6:B7", "G6:G7", "H6:H7"} <= _merged(sheet)
    assert _row(sheet, 9) == [
        "温江区", "温江区万春镇中心小学", "小学", "乡村、中心校", "多媒体教学环境", 40,
        "李华", "13800000001",
    ]  # fmt: skip
    assert sheet["H8"].data_type == "s" and sheet["H8"].number_format == "@"
    assert sheet["A10"].value == "填表说明："
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.print_title_rows == "$6:$7"


def _groups() -> list[tuple[str, list[LeaderRow]]]:
    return [
        ("组长", [LeaderRow("冯明", "局长", "13844105846", "fm@wj.gov.cn")]),
        ("副组长", [LeaderRow("梁海", "副局长", "18682201632"),
                  LeaderRow("白强", "主任", "028-82710000")]),
        ("成员", [LeaderRow("程东", "科长", "19375744913")]),
    ]  # fmt: skip


def test_leadership_layout(tmp_path: Path) -> None:
    out = tmp_path / "小组.xlsx"
    count = write_leadership_form(
        out,
        region="温江区",
        unit="成都市温江区教育局",
        filled_on=FILLED,
        office="教师发展中心",
        groups=_groups(),
        bureau="温江区教育局",
        opinion="同意。",
    )
    assert count == 4
    sheet = _sheet(out)
    assert sheet["A1"].value == "附件2"
    assert sheet["A2"].value == "温江区“提升工程2.0”工作小组名单"
    assert sheet["A3"].value == "报送单位：成都市温江区教育局"
    assert _row(sheet, 4) == ["负责科室", "教师发展中心", None, None, None]
    assert "B4:E4" in _merged(sheet)
    assert _row(sheet, 5) == [None, *LEADERSHIP_HEADERS]
    assert LEADERSHIP_HEADERS == ("姓名", "职务", "联系电话", "电子邮箱")
    assert _row(sheet, 6) == ["组长", "冯明", "局长", "13844105846", "fm@wj.gov.cn"]
    assert _row(sheet, 7)[:2] == ["副组长", "梁海"]
    assert _row(sheet, 8)[:2] == [None, "白强"]
    assert _row(sheet, 9)[:2] == ["成员", "程东"]
    merged = _merged(sheet)
    assert "A7:A8" in merged  # one 副组长 label over both deputies
    assert sheet["D6"].data_type == "s"
    assert sheet["A10"].value == "温江区教育局意见" and sheet["B10"].value == "同意。"
    assert "负责人签字" in sheet["B11"].value and "（公章）" in sheet["B11"].value
    assert {"A10:A11", "B10:E10", "B11:E11"} <= merged
    assert sheet.page_setup.orientation == "portrait"
    assert sheet.print_title_rows == "$5:$5"


def test_leadership_reads_back(tmp_path: Path) -> None:
    out = tmp_path / "小组.xlsx"
    write_leadership_form(
        out,
        region="温江区",
        unit="u",
        filled_on=FILLED,
        office="教师发展中心",
        groups=_groups(),
        bureau="温江区教育局",
        opinion="同意上报。\n请审核。",
    )
    form = read_leadership_form(out)
    assert form.office.text == "教师发展中心" and form.office.row == 4
    people = [(p.role.text, p.name.text, p.position.text, p.phone.text) for p in form.people]
    assert people == [
        ("组长", "冯明", "局长", "13844105846"),
        ("副组长", "梁海", "副局长", "18682201632"),
        ("副组长", "白强", "主任", "028-82710000"),
        ("成员", "程东", "科长", "19375744913"),
    ]
    assert form.people[0].email is not None and form.people[0].email.text == "fm@wj.gov.cn"
    assert form.opinion == "同意上报。\n请审核。"


def test_leadership_reads_the_seed_layout(tmp_path: Path) -> None:
    """The seed's own table: the signature line sits in the opinion cell."""
    book = openpyxl.Workbook()
    sheet = book.active
    for values in (
        ["_____区“提升工程 2.0”工作小组名单"],
        ["报送单位："],
        ["负责科室", "教育局师资科"],
        [None, "姓名", "职务", "联系电话", "电子邮箱"],
        ["组长", "张三", "局长", "13800000000", None],
        ["副组长", "李四", "副局长", "13800000001", None],
        ["成员", "王五", "科长", "13800000002", None],
        [None, "赵六", "干事", "13800000003", None],
        ["区教育局 意见", "负责人签字： (公章) 年 月 日"],
    ):
        sheet.append(values)
    out = tmp_path / "seed.xlsx"
    book.save(out)
    form = read_leadership_form(out)
    assert form.office.text == "教育局师资科"
    assert [(p.role.text, p.name.text) for p in form.people][-1] == ("成员", "赵六")
    assert form.opinion == ""


def test_empty_forms_are_refused(tmp_path: Path) -> None:
    out = tmp_path / "x.xlsx"
    with pytest.raises(AppError):
        _plan(out, rows=[])
    with pytest.raises(AppError):
        write_pilot_schools_form(
            out, unit="u", contact="", phone="", filled_on=FILLED, rows=[], year=None
        )
    with pytest.raises(AppError):
        write_leadership_form(
            out, region="r", unit="u", filled_on=FILLED, office="o", groups=[], bureau="b"
        )
    assert not out.exists()
