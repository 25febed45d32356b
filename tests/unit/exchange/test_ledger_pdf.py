"""个人学时档案 PDF: one teacher per page (or more), Chinese, digits and punctuation all render."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from nlts_desktop.domain.errors import AppError
from nlts_desktop.exchange import fonts
from nlts_desktop.exchange.ledger_pdf import (
    LedgerRecord,
    LedgerTeacher,
    category_totals,
    write_ledger_pdf,
)

ID_NUMBER = "11010519491231002X"


def _record(n: int, category: str = "网络研修") -> LedgerRecord:
    return LedgerRecord(
        year=2020 + n % 3,
        record_date=date(2020 + n % 3, 6, 15),
        category=category,
        project="国培计划—2020年中小学教师信息技术应用能力提升工程2.0（温江区）",
        hours=12.5,
        source="文件导入",
        note="疫情防控期间线上教学，区县认定" if n == 0 else "",
    )


def _teacher(name: str, records: int = 3, *, qualified: bool = False) -> LedgerTeacher:
    return LedgerTeacher(
        name=name,
        id_number=ID_NUMBER,
        school="成都市温江区实验小学",
        stage="小学",
        subject="语文",
        title="一级教师",
        records=tuple(_record(n) for n in range(records - 1))
        + ((_record(9, "校本实践应用"),) if records else ()),
        qualified=qualified,
        reasons=()
        if qualified
        else ("网络研修学时不足：已有 12 学时，还差 8 学时（要求不少于 20 学时）。",),
        counted_total=37.5,
        rule_text="总学时不少于 50 学时，其中网络研修不少于 20 学时。",
    )


def _pages(path: Path) -> int:
    # reportlab writes every page object uncompressed: count them.
    return len(re.findall(rb"/Type /Page\b(?!s)", path.read_bytes()))


def _text(path: Path) -> str:
    result = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    return result.stdout


def test_each_teacher_starts_a_new_page(tmp_path: Path) -> None:
    out = tmp_path / "档案.pdf"
    pages = write_ledger_pdf(
        out,
        [_teacher("张丽"), _teacher("李华", qualified=True), _teacher("王芳", 0)],
        region="四川省成都市温江区",
        generated_on=date(2026, 3, 5),
    )
    assert pages == 3 == _pages(out)
    assert out.read_bytes().startswith(b"%PDF-")


def test_a_long_ledger_runs_over_pages(tmp_path: Path) -> None:
    out = tmp_path / "long.pdf"
    pages = write_ledger_pdf(out, [_teacher("张丽", 70), _teacher("李华")])
    assert pages == _pages(out) >= 3


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) missing")
def test_text_has_chinese_digits_and_punctuation(tmp_path: Path) -> None:
    out = tmp_path / "档案.pdf"
    write_ledger_pdf(
        out,
        [_teacher("张丽"), _teacher("李华", qualified=True), _teacher("王芳", 0)],
        region="四川省成都市温江区",
        generated_on=date(2026, 3, 5),
    )
    text = _text(out)
    pages = text.split("\f")
    assert "中小学教师信息技术应用能力提升工程2.0 个人学时档案" in pages[0]
    assert "张丽" in pages[0] and "李华" in pages[1] and "王芳" in pages[2]
    assert "110105********002X" in text
    assert ID_NUMBER not in text  # never the whole number
    assert "2020-06-15" in text and "12.5" in text
    assert "（温江区）" in text  # full-width punctuation
    assert "认定结论：未达标" in pages[0] and "认定结论：达标" in pages[1]
    assert "还差 8 学时（要求不少于 20 学时）。" in pages[0]
    assert "生成日期：2026年3月5日" in text
    assert "学校（盖章）" in text and "区县教师发展中心（盖章）" in text
    assert "暂无学时记录" in pages[2]
    assert "计入总学时" in text and "37.5 学时" in text


def test_totals_by_category() -> None:
    teacher = _teacher("张丽", 4)
    assert category_totals(teacher.records) == [
        ("网络研修", 37.5),
        ("校本实践应用", 12.5),
        ("其他", 0.0),
    ]


def test_no_teachers_is_refused(tmp_path: Path) -> None:
    with pytest.raises(AppError):
        write_ledger_pdf(tmp_path / "x.pdf", [])
    assert not (tmp_path / "x.pdf").exists()


def test_fonts_without_latin_digits_or_missing_are_refused(tmp_path: Path) -> None:
    missing = tmp_path / "none.ttc"
    broken = tmp_path / "broken.ttf"
    broken.write_bytes(b"not a font")
    with pytest.raises(AppError) as caught:
        fonts.find_cjk_font([missing, broken])
    assert caught.value.code == "pdf.no_cjk_font"
    assert "fonts-wqy-microhei" in caught.value.message and "宋体" in caught.value.message


def test_the_found_font_has_digits_and_chinese() -> None:
    try:
        path, font = fonts.find_cjk_font()
    except AppError:
        pytest.skip("no CJK TrueType font installed")
    assert path.suffix.lower() in (".ttf", ".ttc")
    assert all(ord(ch) in font.face.charToGlyph for ch in "0123456789学（）")
