"""封面报告 PDF: bytes of a PDF, a long table flowing over pages, Chinese text that renders."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from nlts_desktop.domain.errors import AppError
from nlts_desktop.exchange import fonts
from nlts_desktop.exchange.report_cover import CoverReport, cover_pdf

TITLE = "温江区中小学教师信息技术应用能力提升工程2.0 区县上报汇总"
HEADERS = ("学校标识码", "学校名称", "在职教师", "已达标", "考核通过", "考核批次")


@pytest.fixture(autouse=True)
def _needs_cjk_font() -> None:
    try:
        fonts.find_cjk_font()
    except AppError:
        pytest.skip("no CJK TrueType font installed")


def _rows(count: int) -> list[tuple[str, ...]]:
    return [
        (
            f"{2151000000 + n}",
            f"成都市温江区第{n + 1}实验学校（含附属幼儿园及九年一贯制校区）"
            if n % 7 == 0
            else f"温江区第{n + 1}小学",
            f"{100 + n:,}",
            f"{80 + n:,}",
            f"{70 + n:,}",
            "2026 年度第 1 批" if n % 2 else "—",
        )
        for n in range(count)
    ]


def _report(rows: int, *, package_id: str = "CD-WJ-2026-0007") -> CoverReport:
    return CoverReport(
        title=TITLE,
        unit="成都市温江区",
        period="2026 年度",
        made_on=date(2026, 11, 23),
        totals=(
            ("学校数", "42"),
            ("在职教师数", "20,000"),
            ("已达标人数", "18,321"),
            ("考核通过人数", "18,900"),
            ("网络研修学时合计", "1,200,000.5"),
        ),
        table_title="各学校完成情况",
        table_headers=HEADERS,
        table_rows=_rows(rows),
        notes=("本报告随区县上报包一同生成，数据以包内 data 目录中的数据为准。",),
        package_id=package_id,
    )


def _pages(pdf: bytes) -> int:
    # reportlab writes every page object uncompressed: count them.
    return len(re.findall(rb"/Type /Page\b(?!s)", pdf))


def _pages_text(pdf: bytes, tmp_path: Path) -> list[str]:
    """Each page's text without white space (pdftotext drops some between CJK and digits)."""
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    return [re.sub(r"\s+", "", page) for page in result.stdout.split("\f")]


def test_a_short_report_is_one_pdf_page() -> None:
    pdf = cover_pdf(_report(5))
    assert pdf.startswith(b"%PDF")
    assert _pages(pdf) == 1
    assert b"Helvetica" not in pdf  # every text in the embedded CJK font


def test_a_long_table_flows_over_pages() -> None:
    pdf = cover_pdf(_report(300))
    assert pdf.startswith(b"%PDF")
    assert _pages(pdf) > 1


def test_an_empty_table_and_no_totals_still_make_a_report(tmp_path: Path) -> None:
    report = CoverReport(
        title=TITLE,
        unit="",
        period="2026 年度",
        made_on=date(2026, 1, 2),
        totals=(),
        table_title="各学校完成情况",
        table_headers=HEADERS,
        table_rows=(),
    )
    pdf = cover_pdf(report)
    assert _pages(pdf) == 1
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) missing")
    (page, *_) = _pages_text(pdf, tmp_path)
    assert "暂无数据" in page
    # No unit given: the line under the title has only the period and the date.
    assert "期间：2026年度生成日期：2026年1月2日" in page and "填报单位：" not in page


def test_text_is_chinese_and_complete(tmp_path: Path) -> None:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) missing")
    pages = _pages_text(cover_pdf(_report(300)), tmp_path)
    first, second, last = pages[0], pages[1], [p for p in pages if p][-1]
    assert re.sub(r"\s+", "", TITLE) in first
    assert "填报单位：成都市温江区期间：2026年度生成日期：2026年11月23日" in first
    assert "在职教师数20,000" in first and "网络研修学时合计1,200,000.5" in first
    assert "各学校完成情况" in first and "学校标识码" in first
    assert "数据包编号CD-WJ-2026-0007第1页" in first
    # The header row repeats on the following pages, and the footer numbers every page.
    assert all(header[:2] in second[:60] for header in HEADERS)
    assert "第2页" in second
    assert "2151000299温江区第300小学" in last
    assert "数据以包内data目录中的数据为准" in last
    for label in (
        "填报单位（盖章）：",
        "负责人（签字）：",
        "填报人：",
        "联系电话：",
        "日期：年月日",
    ):
        assert label in last


def test_a_wide_table_fits_the_page_width(tmp_path: Path) -> None:
    headers = (
        "学校标识码",
        "学校名称",
        "在职教师数",
        "已达标人数",
        "达标率",
        "网络研修学时合计",
        "校本实践学时合计",
        "网络研修不足人数",
        "实践学时不足人数",
        "考核未通过",
        "待认定",
    )
    name = "成都市温江区第一实验学校（含附属幼儿园及九年一贯制校区）"
    rows = [
        (f"{2151000000 + n}", name, "1,234", "1,000", "81.0%", "12,345.5", "6,789", "12", "3")
        for n in range(40)
    ]  # short rows are padded with empty cells
    report = CoverReport(
        title=TITLE,
        unit="成都市温江区",
        period="2026 年度",
        made_on=date(2026, 11, 23),
        totals=(("学校数", "40"),),
        table_title="各学校完成情况",
        table_headers=headers,
        table_rows=rows,
    )
    pdf = cover_pdf(report)
    assert pdf.startswith(b"%PDF") and _pages(pdf) >= 2
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) missing")
    pages = _pages_text(pdf, tmp_path)
    assert "12,345.5" in pages[0] and "2151000039" in "".join(pages)
