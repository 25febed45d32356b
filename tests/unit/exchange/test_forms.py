"""The official forms (.xlsx): seeds' titles, header order, totals, merges and print setup."""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from nlts_desktop.domain.errors import AppError
from nlts_desktop.exchange.forms import (
    CHANGES_HEADERS,
    DESIGN_HEADERS,
    INSTITUTIONS_HEADERS,
    SUMMARY_HEADERS,
    InstitutionRow,
    ProjectDesignRow,
    SchoolHoursRow,
    TraineeChangeRow,
    TraineePerson,
    surname_sort_key,
    write_institutions_form,
    write_project_design_form,
    write_school_hours_summary,
    write_trainee_changes_form,
)

FILLED = date(2026, 3, 5)
# 附件2 of seed 000 as printed: the order is the surname's pinyin (董 黄 李 刘 舒 田 吴 肖 郑).
SEED_INSTITUTIONS = (
    ("国家开放大学", "董素娟", "13811863669"),
    ("华东师范大学", "黄全贵", "18621188439"),
    ("中国研修网", "李腾", "18201525520"),
    ("中央电教馆", "刘峰", "18611391600"),
    ("百年树人远程教育有限公司", "舒涛", "13521020611"),
    ("中国教育电视台", "田雪", "13688098336"),
    ("全国继教网", "吴文成", "13981748157"),
    ("新思考网", "肖刚", "13730889738"),
    ("四川师范大学", "郑立海", "13980800207"),
)


def _sheet(path: Path) -> Any:
    book = openpyxl.load_workbook(path)
    return book.worksheets[0]


def _row(sheet: Any, row: int) -> list[object]:
    return [cell.value for cell in sheet[row]]


def _find(sheet: Any, text: str) -> int:
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value == text:
                return int(cell.row)
    raise AssertionError(f"{text!r} not in the sheet")


def _merged(sheet: Any) -> set[str]:
    return {str(r) for r in sheet.merged_cells.ranges}


def _design_rows() -> list[ProjectDesignRow]:
    return [
        ProjectDesignRow(
            "国家级", "国培计划—整校推进", "围绕微能力点开展网络研修。", 120, 50.0, "中央财政"
        ),
        ProjectDesignRow("县级", '=HYPERLINK("x")', "校本实践应用。", 80, 12.3456, "县级财政"),
    ]


def test_project_design_form_layout(tmp_path: Path) -> None:
    out = tmp_path / "设计表.xlsx"
    count = write_project_design_form(
        out,
        unit="成都市温江区教师发展中心",
        contact="王老师",
        phone="028-82712345",
        filled_on=FILLED,
        rows=_design_rows(),
        year=2020,
    )
    assert count == 2
    sheet = _sheet(out)
    assert sheet["A1"].value == "附件二"
    assert sheet["A2"].value == "2020年能力提升工程项目设计表"
    assert sheet["A2"].font.b and sheet["A2"].alignment.horizontal == "center"
    assert "A2:G2" in _merged(sheet)
    assert sheet["A3"].value == "填报单位：成都市温江区教师发展中心"
    assert sheet["E3"].value == "填报日期：2026年3月5日"
    assert sheet["A4"].value == "联系人：王老师"
    assert sheet["A5"].value == "联系电话：028-82712345"
    header = _find(sheet, "序号")
    assert tuple(_row(sheet, header)) == DESIGN_HEADERS
    assert DESIGN_HEADERS == (
        "序号", "项目级别", "项目名称", "项目简介", "培训人数", "项目经费(万元)", "经费来源",
    )  # fmt: skip
    first = _row(sheet, header + 1)
    assert first == [
        1,
        "国家级",
        "国培计划—整校推进",
        "围绕微能力点开展网络研修。",
        120,
        50,
        "中央财政",
    ]
    # Formula-looking text stays text.
    name = sheet.cell(row=header + 2, column=3)
    assert name.data_type == "s" and name.value == '=HYPERLINK("x")'
    total = header + 3
    assert sheet.cell(row=total, column=1).value == "合计"
    assert sheet.cell(row=total, column=5).value == 200
    assert sheet.cell(row=total, column=6).value == pytest.approx(62.3456)
    assert f"A{total}:D{total}" in _merged(sheet)
    assert sheet.cell(row=header + 1, column=1).border.left.style == "thin"
    assert _row(sheet, total + 1)[0] == "填表说明："
    assert _row(sheet, total + 2)[0] == "1. 请用 EXCEL 制表"
    assert _row(sheet, total + 3)[0] == "2. 表格由市工程办汇总报送，省直管县直接报送"
    # Print: A4 landscape, fitted to the width, the header repeated on every page.
    assert int(sheet.page_setup.paperSize) == 9  # A4
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0
    assert sheet.print_title_rows == f"${header}:${header}"


def test_project_design_without_year_has_a_plain_title(tmp_path: Path) -> None:
    out = tmp_path / "x.xlsx"
    write_project_design_form(
        out, unit="u", contact="", phone="", filled_on=FILLED, rows=_design_rows()
    )
    assert _sheet(out)["A2"].value == "能力提升工程项目设计表"


def _person(name: str, phone: str) -> TraineePerson:
    return TraineePerson(name=name, gender="女", unit="成都市温江区实验小学", phone=phone)


def test_trainee_changes_form_layout(tmp_path: Path) -> None:
    out = tmp_path / "变更.xlsx"
    rows = [
        TraineeChangeRow(
            project=f"2020年四川省信息技术应用能力提升工程2.0省级培训{n}",
            original=_person("张丽", "13800000001"),
            replacement=_person("李华", "13800000002"),
            institution="四川师范大学",
            note="调离本县；2020-03-21变更",
        )
        for n in range(2)
    ]
    count = write_trainee_changes_form(
        out,
        region="成都市温江区",
        unit="温江区教师发展中心",
        filler="王老师",
        filled_on=FILLED,
        rows=rows,
        province="四川省",
    )
    assert count == 2
    sheet = _sheet(out)
    assert sheet["A1"].value == "附件3"
    assert sheet["A2"].value == "四川省中小学教师信息技术应用能力提升培训"
    assert sheet["A3"].value == "参训人员变更信息表"
    line = [v for v in _row(sheet, 4) if v]
    assert line == [
        "市（县）：成都市温江区",
        "填报单位（盖章）：温江区教师发展中心",
        "填报人：王老师",
        "填报日期：2026年3月5日",
    ]
    header = [str(v).replace("\n", "") for v in _row(sheet, 5)]
    assert header == [
        "培训项目", "调换情况", "姓名", "性别", "工作单位（全称）", "联系电话/手机（必填）",
        "培训机构", "备注",
    ]  # fmt: skip
    assert tuple(_row(sheet, 5)) == CHANGES_HEADERS
    assert _row(sheet, 6)[1:6] == [
        "原报送人员",
        "张丽",
        "女",
        "成都市温江区实验小学",
        "13800000001",
    ]
    assert _row(sheet, 7)[1:6] == ["变更人员", "李华", "女", "成都市温江区实验小学", "13800000002"]
    assert sheet["F6"].number_format == "@"
    merged = _merged(sheet)
    for column in "AGH":
        assert f"{column}6:{column}7" in merged
        assert f"{column}8:{column}9" in merged
    assert sheet["G6"].value == "四川师范大学"
    assert sheet["A10"].value == "备注：此表以excel格式报送,信息请填写完整。"
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.print_title_rows == "$5:$5"


def test_institutions_form_is_sorted_by_surname(tmp_path: Path) -> None:
    shuffled = list(SEED_INSTITUTIONS)
    random.Random(3).shuffle(shuffled)
    out = tmp_path / "机构.xlsx"
    count = write_institutions_form(
        out, rows=[InstitutionRow(*values) for values in shuffled], province="四川省"
    )
    assert count == 9
    sheet = _sheet(out)
    assert sheet["A1"].value == "附件2"
    assert sheet["A2"].value == "四川省“国培计划”—中小学教师信息技术"
    assert sheet["A3"].value == "应用能力提升工程项目培训机构名单"
    assert (
        tuple(_row(sheet, 4))
        == INSTITUTIONS_HEADERS
        == ("序号", "培训机构", "机构负责人", "联系电话")
    )
    body = [_row(sheet, r) for r in range(5, 14)]
    assert body == [[n, *values] for n, values in enumerate(SEED_INSTITUTIONS, start=1)]
    assert sheet["A14"].value == "备注：按机构负责人姓氏排序。"
    assert sheet["D5"].data_type == "s"  # a phone number stays text
    assert sheet.page_setup.orientation == "portrait"


def test_surname_key_reads_surnames_as_surnames() -> None:
    names = ["郑立海", "单伟", "曾红", "解放", "董素娟", "Alice", "", "仇英"]
    ordered = sorted(names, key=surname_sort_key)
    # 单 shan after 曾? no: 董(d) < 仇(qiu) < 单(shan) < 解(xie) < 曾(zeng) < 郑(zheng).
    assert ordered == ["Alice", "董素娟", "仇英", "单伟", "解放", "曾红", "郑立海", ""]


def _school(code: str, **numbers: int | float) -> SchoolHoursRow:
    values: dict[str, Any] = {
        "teachers": 10,
        "qualified": 4,
        "online_hours": 200.5,
        "practice_hours": 150,
        "online_short": 3,
        "practice_short": 5,
        "assessment_failed": 1,
        "assessment_pending": 2,
    }
    values.update(numbers)
    return SchoolHoursRow(school_code=code, school_name=f"学校{code[-1]}", **values)


def test_school_hours_summary_layout_and_totals(tmp_path: Path) -> None:
    out = tmp_path / "汇总.xlsx"
    rows = [_school("2151000001"), _school("2151000002", teachers=0, qualified=0)]
    count = write_school_hours_summary(
        out, region="成都市温江区", filled_on=FILLED, rows=rows, notes=("说明：测试",)
    )
    assert count == 2
    sheet = _sheet(out)
    assert (
        sheet["A1"].value == "成都市温江区中小学教师信息技术应用能力提升工程2.0学时完成情况汇总表"
    )
    assert sheet["A2"].value == "填报单位：成都市温江区"
    assert _row(sheet, 3)[: len(SUMMARY_HEADERS)] == list(SUMMARY_HEADERS)
    assert _row(sheet, 3)[9] == "考核未通过/待认定人数"
    assert _row(sheet, 4)[9:] == ["考核未通过", "待认定"]
    merged = _merged(sheet)
    assert "J3:K3" in merged and "A3:A4" in merged and "I3:I4" in merged
    assert sheet.print_title_rows == "$3:$4"
    first = _row(sheet, 5)
    assert first == ["2151000001", "学校1", 10, 4, 0.4, 200.5, 150, 3, 5, 1, 2]
    assert sheet["A5"].data_type == "s" and sheet["E5"].number_format == "0.0%"
    assert _row(sheet, 6)[4] == "—"  # no teachers: no rate
    total = _row(sheet, 7)
    assert total == ["合计", None, 10, 4, 0.4, 401, 300, 6, 10, 2, 4]
    assert "A7:B7" in merged
    assert sheet["A8"].value == "说明：测试"


def test_empty_forms_are_refused_and_nothing_is_written(tmp_path: Path) -> None:
    out = tmp_path / "x.xlsx"
    with pytest.raises(AppError) as caught:
        write_institutions_form(out, rows=[])
    assert caught.value.code == "form.empty"
    with pytest.raises(AppError):
        write_school_hours_summary(out, region="r", filled_on=FILLED, rows=[])
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


def test_page_breaks_never_split_a_pair(tmp_path: Path) -> None:
    out = tmp_path / "变更.xlsx"
    rows = [
        TraineeChangeRow(
            project="2020年四川省信息技术应用能力提升工程2.0省级培训",
            original=_person(f"张{n}", "13800000001"),
            replacement=_person(f"李{n}", "13800000002"),
            institution="四川师范大学",
            note="调离本县",
        )
        for n in range(40)
    ]
    write_trainee_changes_form(out, region="r", unit="u", filler="f", filled_on=FILLED, rows=rows)
    sheet = _sheet(out)
    breaks = [b.id for b in sheet.row_breaks.brk]
    assert len(breaks) >= 2
    first_pair = 6  # rows 6-7, 8-9, …: a break may only follow the second row of a pair
    assert all(row >= first_pair + 1 and (row - first_pair) % 2 == 1 for row in breaks)
