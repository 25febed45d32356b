"""The score sheet layout (write → read round trip, header aliases) and the assessment outputs:
results and summary workbooks, the sampling record, and the review / sampling PDFs."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from nlts_desktop.domain.errors import AppError, ValidationError
from nlts_desktop.exchange.assessment_pdf import (
    ReviewEventLine,
    ReviewRecord,
    ReviewTeacherLine,
    write_review_record_pdf,
    write_sampling_record_pdf,
)
from nlts_desktop.exchange.excel_reader import read_table
from nlts_desktop.exchange.score_sheet import (
    SCORE_COLUMNS,
    SCORE_HEADERS,
    CatalogueRow,
    PointSummaryRow,
    ResultRow,
    SamplingInfo,
    SamplingRow,
    SchoolSummaryRow,
    ScoreSheetRow,
    format_moment,
    results_headers,
    write_results_workbook,
    write_sampling_workbook,
    write_score_sheet,
    write_summary_workbook,
)

ID_NUMBER = "11010519491231002X"
OTHER_ID = "440524188001010014"
FILLED = date(2026, 3, 5)
# 2026-03-05 06:30 UTC is 14:30 in China; tests compare with the machine's local rendering.
MOMENT = datetime(2026, 3, 5, 6, 30, tzinfo=UTC)


def _rows() -> list[ScoreSheetRow]:
    return [
        ScoreSheetRow(
            "2151000001",
            "温江区实验小学",
            ID_NUMBER,
            "张丽",
            "A1",
            "技术支持的学情分析",
            "A1-1",
            "学情分析方案",
            "https://example.cn/works/1",
            "优秀",
            "王老师",
            date(2026, 3, 5),
        ),
        ScoreSheetRow(
            "2151000001",
            "温江区实验小学",
            ID_NUMBER,
            "张丽",
            "A1",
            "技术支持的学情分析",
            "A1-2",
            "学情分析报告（视频）",
            "=HYPERLINK(1)",  # formula-like text stays text
            "",
        ),
        ScoreSheetRow("2151000001", "温江区实验小学", OTHER_ID, "李明"),
    ]


def test_score_sheet_round_trips_through_the_reader(tmp_path: Path) -> None:
    out = tmp_path / "成绩表.xlsx"
    catalogue = [CatalogueRow("A1", "技术支持的学情分析", "学情分析", "A1-1", "学情分析方案")]
    count = write_score_sheet(
        out, _rows(), title="温江区实验小学　2022年度校本应用考核成绩表", catalogue=catalogue
    )
    assert count == 3

    table = read_table(out, SCORE_COLUMNS)
    assert table.sheet == "成绩表" and table.header_row == 2
    assert table.headers == SCORE_HEADERS
    assert set(table.mapping) == {spec.field for spec in SCORE_COLUMNS}
    first, second, third = table.rows
    assert first.number == 3
    assert first.cells["id_number"] == ID_NUMBER  # text, all 18 characters
    assert first.cells["school_code"] == "2151000001"
    assert first.cells["point_code"] == "A1" and first.cells["spec_code"] == "A1-1"
    assert first.cells["grade"] == "优秀" and first.cells["assessor"] == "王老师"
    assert first.cells["evidence"] == "https://example.cn/works/1"
    assert second.cells["evidence"] == "=HYPERLINK(1)" and second.cells["grade"] == ""
    assert third.cells["id_number"] == OTHER_ID and third.cells["point_code"] == ""

    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["成绩表", "填写说明", "能力点目录"]
    sheet = book["成绩表"]
    assert sheet["A1"].value.endswith("校本应用考核成绩表")
    assert sheet.freeze_panes == "A3"
    assert sheet["C3"].data_type == "s" and sheet["C3"].number_format == "@"
    assert sheet["I4"].value == "=HYPERLINK(1)" and sheet["I4"].data_type == "s"
    assert sheet["L3"].value == datetime(2026, 3, 5)
    validations = sheet.data_validations.dataValidation
    assert len(validations) == 1
    assert validations[0].formula1 == '"优秀,合格,不合格"'
    assert str(validations[0].sqref).startswith("J3:")
    guide = [row[0] for row in book["填写说明"].iter_rows(values_only=True)]
    assert any("优秀、合格 或 不合格" in str(text) for text in guide)
    assert list(book["能力点目录"].iter_rows(values_only=True))[1][3] == "A1-1"


def test_reader_accepts_other_header_texts(tmp_path: Path) -> None:
    path = tmp_path / "手工成绩.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["某某学校教师考核成绩"])
    sheet.append(["教师姓名", "身份证号码（必填）", "能力点代码", "证据材料编号", "考核等级"])
    sheet.append(["张丽", ID_NUMBER, "a1", "a1-1", "Y"])
    book.save(path)
    table = read_table(path, SCORE_COLUMNS)
    assert table.header_row == 2
    assert table.rows[0].cells == {
        "name": "张丽",
        "id_number": ID_NUMBER,
        "point_code": "a1",
        "spec_code": "a1-1",
        "grade": "Y",
    }


def test_reader_names_a_missing_required_column(tmp_path: Path) -> None:
    path = tmp_path / "缺列.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["身份证号", "能力点编号", "等级"])
    sheet.append([ID_NUMBER, "A1", "优秀"])
    book.save(path)
    with pytest.raises(ValidationError) as caught:
        read_table(path, SCORE_COLUMNS)
    assert caught.value.code == "import.missing_column"
    assert "材料编号" in caught.value.message


def _values(sheet: Any) -> list[tuple[object, ...]]:
    return list(sheet.iter_rows(values_only=True))


def test_results_workbook_is_wide_masked_and_print_ready(tmp_path: Path) -> None:
    out = tmp_path / "结果.xlsx"
    rows = [
        ResultRow(
            "张丽",
            ID_NUMBER,
            (("A1 技术支持的学情分析", "优秀"), ("A5 技术支持的课堂导入", "合格")),
            "合格",
            "已通过",
        ),
        ResultRow("李明", OTHER_ID, (), "未选点", "未提交"),
    ]
    count = write_results_workbook(
        out, school_name="温江区实验小学", cycle=2022, filled_on=FILLED, rows=rows, point_slots=3
    )
    assert count == 2
    sheet = openpyxl.load_workbook(out).worksheets[0]
    values = _values(sheet)
    assert values[0][0] == "温江区实验小学　2022年度校本应用考核结果"
    assert "填报日期：2026年3月5日" in [v for v in values[1] if v]
    assert list(values[2]) == results_headers(3)
    assert values[2][3:9] == ("能力点1", "等级1", "能力点2", "等级2", "能力点3", "等级3")
    assert values[3] == (
        1,
        "张丽",
        "110105********002X",
        "A1 技术支持的学情分析",
        "优秀",
        "A5 技术支持的课堂导入",
        "合格",
        None,
        None,
        "合格",
        "已通过",
    )
    assert ID_NUMBER not in str(values)
    assert sheet.page_setup.orientation == "landscape"
    assert str(sheet.page_setup.paperSize) == sheet.PAPERSIZE_A4
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToWidth == 1
    assert sheet.print_title_rows == "$3:$3"


def test_results_workbook_refuses_no_teachers(tmp_path: Path) -> None:
    with pytest.raises(AppError):
        write_results_workbook(
            tmp_path / "x.xlsx",
            school_name="空学校",
            cycle=2022,
            filled_on=FILLED,
            rows=[],
            point_slots=3,
        )
    assert not (tmp_path / "x.xlsx").exists()


def test_summary_workbook_has_both_sheets_with_totals(tmp_path: Path) -> None:
    out = tmp_path / "汇总.xlsx"
    schools = [
        SchoolSummaryRow("2151000001", "实验小学", 10, 8, 2, 3, 1, "已通过", MOMENT, MOMENT),
        SchoolSummaryRow("2151000002", "第二小学", 5, 0, 0, 0, 0, "未提交", None, None),
    ]
    points = [
        PointSummaryRow("A1", "技术支持的学情分析", "学情分析", 8, 2, 5, 1, 0),
        PointSummaryRow("A2", "数字教育资源获取与评价", "教学设计", 0, 0, 0, 0, 0),
    ]
    count = write_summary_workbook(
        out, region="温江区", cycle=2022, filled_on=FILLED, schools=schools, points=points
    )
    assert count == 2
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["按学校", "按能力点"]
    by_school = _values(book["按学校"])
    assert by_school[0][0] == "温江区2022年度校本应用考核汇总表（按学校）"
    assert by_school[2][:9] == (
        "学校标识码",
        "学校",
        "在职教师",
        "已选点",
        "已评完",
        "优秀",
        "合格",
        "不合格",
        "待评",
    )
    assert by_school[3][:9] == ("2151000001", "实验小学", 10, 8, 6, 2, 3, 1, 4)
    assert by_school[3][10] == format_moment(MOMENT)
    assert by_school[5][:9] == ("合计", None, 15, 8, 6, 2, 3, 1, 9)
    by_point = _values(book["按能力点"])
    assert by_point[2] == (
        "能力点编号",
        "名称",
        "维度",
        "选择人数",
        "优秀",
        "合格",
        "不合格",
        "未评完",
    )
    assert by_point[5] == ("合计", None, None, 8, 2, 5, 1, 0)


def _sampling() -> tuple[SamplingInfo, list[SamplingRow]]:
    info = SamplingInfo("温江区", 2022, "比例 10%", 42, "admin", MOMENT)
    rows = [
        SamplingRow(
            "温江区实验小学",
            "张丽",
            "110105********002X",
            "A1 技术支持的学情分析",
            "优秀",
            "合格",
            "复核等级不一致",
            "视频时长不足",
            "admin",
        ),
        SamplingRow(
            "温江区实验小学",
            "李明",
            "440524********0014",
            "A5 技术支持的课堂导入",
            "合格",
            "",
            "待复核",
            "",
            "",
        ),
    ]
    return info, rows


def test_sampling_workbook(tmp_path: Path) -> None:
    out = tmp_path / "抽样.xlsx"
    info, rows = _sampling()
    assert write_sampling_workbook(out, info=info, rows=rows) == 2
    values = _values(openpyxl.load_workbook(out).worksheets[0])
    assert values[0][0] == "温江区2022年度校本应用考核抽样检查记录"
    line = " ".join(str(v) for v in values[1] if v)
    assert "比例 10%" in line and "随机种子：42" in line and format_moment(MOMENT) in line
    assert values[3][1:9] == (
        "温江区实验小学",
        "张丽",
        "110105********002X",
        "A1 技术支持的学情分析",
        "优秀",
        "合格",
        "复核等级不一致",
        "视频时长不足",
    )
    text = " ".join(str(v) for row in values for v in row if v)
    assert "抽取 2 个，复核一致 0 个，复核等级不一致 1 个，待复核 1 个" in text
    assert "盖章" in text


def test_format_moment_uses_year_month_day() -> None:
    assert re.fullmatch(r"2026-03-0[45] \d\d:30", format_moment(MOMENT))
    assert format_moment(None) == ""


def _pdf_text(path: Path) -> str:
    result = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    return result.stdout


def _record(teachers: int) -> ReviewRecord:
    return ReviewRecord(
        region="四川省成都市温江区",
        school_code="2151000001",
        school_name="温江区实验小学",
        cycle=2022,
        batch_state="已通过",
        submitted=f"{format_moment(MOMENT)} 学校管理员",
        decided=f"{format_moment(MOMENT)} 审核员",
        events=[
            ReviewEventLine(MOMENT, "学校管理员", "草稿 → 已提交", "", ""),
            ReviewEventLine(MOMENT, "审核员", "已提交 → 已退回", "", "证据不全"),
            ReviewEventLine(MOMENT, "审核员", "已退回（说明理由）", "张丽", "A1 视频缺失"),
        ],
        teachers=[
            ReviewTeacherLine(
                f"教师{n}", ID_NUMBER, "A1 优秀；A5 合格；A11 合格", "合格", "已通过", ""
            )
            for n in range(teachers)
        ],
        state_counts=[("待审核", 0), ("暂缓（需关注）", 0), ("已通过", teachers), ("已退回", 0)],
        grade_counts=[("优秀", 0), ("合格", teachers), ("不合格", 0), ("待定", 0)],
    )


def test_review_record_pdf_renders_and_runs_over_pages(tmp_path: Path) -> None:
    short = tmp_path / "审核记录.pdf"
    assert write_review_record_pdf(short, _record(3), generated_on=FILLED) == 1
    assert short.read_bytes().startswith(b"%PDF-")
    long = tmp_path / "审核记录长.pdf"
    assert write_review_record_pdf(long, _record(80), generated_on=FILLED) >= 2


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) missing")
def test_review_record_pdf_text(tmp_path: Path) -> None:
    out = tmp_path / "审核记录.pdf"
    write_review_record_pdf(out, _record(3), generated_on=FILLED)
    text = _pdf_text(out)
    assert "温江区实验小学2022年度校本应用考核审核记录" in text
    assert "110105********002X" in text and ID_NUMBER not in text
    assert format_moment(MOMENT) in text
    assert "证据不全" in text and "A1 视频缺失" in text
    assert "A1 优秀；A5 合格；A11 合格" in text
    assert "审核人（签字）" in text and "盖章" in text
    assert "生成日期：2026年3月5日" in text


def test_sampling_record_pdf(tmp_path: Path) -> None:
    out = tmp_path / "抽样.pdf"
    info, rows = _sampling()
    assert write_sampling_record_pdf(out, info=info, rows=rows, generated_on=FILLED) == 1
    assert out.read_bytes().startswith(b"%PDF-")
    empty = tmp_path / "空抽样.pdf"
    assert write_sampling_record_pdf(empty, info=info, rows=[]) == 1
    if shutil.which("pdftotext") is None:
        return
    text = _pdf_text(out)
    assert "温江区2022年度校本应用考核抽样检查记录" in text
    assert "比例 10%" in text and "42" in text
    assert "复核等级不一致" in text and "视频时长不足" in text
    assert "检查人（签字）" in text
    assert "本次抽样没有抽到结果" in _pdf_text(empty)
