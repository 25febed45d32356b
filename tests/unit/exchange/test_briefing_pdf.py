"""工作简报 PDF: one A4 page whatever the data; Chinese text, chart labels too, in the CJK font."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from nlts_desktop.domain.errors import AppError
from nlts_desktop.exchange import fonts
from nlts_desktop.exchange.briefing_pdf import BarGroup, Briefing, Slice, briefing_pdf
from nlts_desktop.services.workspace import Workspace
from tests.helpers import add_teachers

TITLE = "温江区中小学教师信息技术应用能力提升工程2.0工作简报"
LONG_NAME = "成都市温江区第一实验学校（含附属幼儿园及九年一贯制校区）"


@pytest.fixture(autouse=True)
def _needs_cjk_font() -> None:
    try:
        fonts.find_cjk_font()
    except AppError:
        pytest.skip("no CJK TrueType font installed")


def _pages(pdf: bytes) -> int:
    # reportlab writes every page object uncompressed: count them.
    return len(re.findall(rb"/Type /Page\b(?!s)", pdf))


def _text(pdf: bytes, tmp_path: Path) -> str:
    """The page's text without white space (pdftotext drops some between CJK and digits)."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) missing")
    path = tmp_path / "briefing.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    return re.sub(r"\s+", "", result.stdout)


def _briefing(*, behind: int = 15, notes: int = 2, name: str = "温江区第{n}小学") -> Briefing:
    return Briefing(
        title=TITLE,
        unit="温江区",
        made_on=date(2026, 11, 23),
        preset="四川 2.0",
        figures=[
            ("在职教师", "97,956 人"),
            ("达标教师", "23,083 人（23.6%）"),
            ("计划达标（至 2022 年）", "100,000 人"),
            ("尚需达标", "74,873 人"),
            ("学校（有在职教师）", "1,612 所"),
            ("完成学校", "0 所（0.0%）"),
            ("考核合格", "27,159 人"),
            ("登记学时", "2,724,365 学时"),
        ],
        bars=[
            BarGroup("2020（累计）", 30_000, 0),
            BarGroup("2021（累计）", 70_000, 0),
            BarGroup("2022（累计）", 100_000, 23_083),
        ],
        bar_title="年度目标与实际达标教师数",
        slices=[
            Slice("已达标", 23_083),
            Slice("未达标：考核不合格", 12_352),
            Slice("未达标：考核待认定", 58_445),
            Slice("未达标：学时不足", 4_076),
        ],
        slice_title="教师达标情况",
        year_headers=["年度", "口径", "计划达标", "目标来源", "实际达标", "完成率"],
        year_rows=[
            ["2020", "累计", "30,000", "年度计划", "0", "0.0%"],
            ["2021", "累计", "70,000", "年度计划", "0", "0.0%"],
            ["2022", "累计", "100,000", "年度计划", "23,083", "23.1%"],
        ],
        stage_headers=["学段", "教师", "达标", "达标率", "完成学校"],
        stage_rows=[
            ["学前教育", "21,564", "4,759", "22.1%", "0/355"],
            ["小学", "39,445", "9,424", "23.9%", "0/645"],
            ["初中", "17,621", "4,657", "26.4%", "0/290"],
            ["高中", "9,628", "1,973", "20.5%", "0/161"],
            ["中等职业教育", "5,781", "1,302", "22.5%", "0/97"],
            ["特殊教育", "3,917", "968", "24.7%", "0/64"],
        ],
        behind_title="尚需达标人数最多的学校",
        behind_headers=["学校", "学段", "教师", "达标", "达标率", "尚需达标"],
        behind_rows=[
            [name.format(n=n + 1), "小学", "115", "0", "0.0%", f"{115 - n}"] for n in range(behind)
        ],
        notes=[f"说明{n + 1}：达标按当年及以前登记的学时计算。" * 3 for n in range(notes)],
    )


def test_one_page_with_chinese_text_and_chart_labels(tmp_path: Path) -> None:
    pdf = briefing_pdf(_briefing())
    assert pdf.startswith(b"%PDF") and _pages(pdf) == 1
    assert b"Helvetica" not in pdf  # every text in the embedded CJK font, charts included
    text = _text(pdf, tmp_path)
    assert TITLE in text
    assert "填报单位：温江区规则：四川2.0日期：2026年11月23日" in text
    # The cards read row by row: the labels of a row, then their values.
    assert "在职教师达标教师计划达标（至2022年）尚需达标97,956人23,083人（23.6%）" in text
    # Chart titles, axis and bar labels, legends: drawn text, searchable in the PDF.
    for words in ("年度目标与实际达标教师数", "2022（累计）", "计划达标", "实际达标", "100,000"):
        assert words in text
    assert "已达标：23,083人（23.6%）" in text and "教师达标情况" in text
    assert "尚需达标人数最多的学校" in text and "温江区第1小学" in text
    for label in ("填报单位（盖章）：", "负责人（签字）：", "日期：2026年11月23日", "填报人："):
        assert label in text


def test_a_crowded_briefing_still_fits_one_page(tmp_path: Path) -> None:
    crowded = _briefing(behind=40, notes=8, name=LONG_NAME + "{n}")
    crowded = replace(
        crowded,
        stage_rows=[*crowded.stage_rows, ["未填写", "1", "0", "0.0%", "0/1"]] * 2,
        year_rows=[*crowded.year_rows] * 3,
    )
    pdf = briefing_pdf(crowded)
    assert _pages(pdf) == 1
    text = _text(pdf, tmp_path)
    assert TITLE in text and "负责人（签字）：" in text
    assert "第一实验学校" in text  # long names wrap inside their cell


def test_nothing_to_show_yet(tmp_path: Path) -> None:
    empty = replace(
        _briefing(behind=0, notes=0),
        bars=[BarGroup("2020（累计）", None, 0)],
        slices=[Slice("已达标", 0), Slice("未达标：考核待认定", 0)],
        stage_rows=[],
    )
    pdf = briefing_pdf(empty)
    assert _pages(pdf) == 1
    assert "暂无数据" in _text(pdf, tmp_path)


def test_the_workspace_briefing(workspace: Workspace, school: int, tmp_path: Path) -> None:
    add_teachers(workspace, 3)
    out = workspace.dashboard.briefing_pdf(tmp_path / "简报.pdf", on=date(2026, 11, 23))
    pdf = out.read_bytes()
    assert _pages(pdf) == 1
    text = _text(pdf, tmp_path)
    assert TITLE in text and "日期：2026年11月23日" in text
    assert "温江区实验小学" in text and "尚需达标3人0人（0.0%）3人3人" in text
    assert "2022（累计）" in text  # 四川 2.0: targets by the end of each year
