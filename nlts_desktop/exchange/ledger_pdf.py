"""个人学时档案: the per-teacher hour record as PDF, many teachers in one file.

Each teacher starts on a new page: title, the teacher block (身份证号 masked), the table of hour
records (its header repeats when it runs over a page), totals by category, the rule and the
verdict with its reasons, the generated date and the seal lines for the school and the county.
The font is the embedded CJK TrueType font of :mod:`nlts_desktop.exchange.fonts`; reportlab is
imported inside the functions (start-up time).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from nlts_desktop.domain.errors import AppError
from nlts_desktop.domain.hour_rules import format_hours
from nlts_desktop.domain.idcard import mask_id_number
from nlts_desktop.exchange.excel_writer import atomic_write
from nlts_desktop.exchange.fonts import register_cjk_font

TITLE = "中小学教师信息技术应用能力提升工程2.0 个人学时档案"
RECORD_HEADERS = ("年度", "日期", "类别", "项目", "学时", "来源", "备注")
# Categories always shown in the totals, in this order (HourCategory labels).
CATEGORY_ORDER = ("网络研修", "校本实践应用", "其他")
SEAL_SCHOOL = "学校（盖章）"
SEAL_COUNTY = "区县教师发展中心（盖章）"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_GRID = 0.5
_INK = (0.15, 0.15, 0.15)
_SHADE = (0.92, 0.92, 0.92)


@dataclass(frozen=True)
class LedgerRecord:
    """One line of the ledger as printed (category and source already as Chinese labels)."""

    year: int
    record_date: date | None
    category: str
    project: str
    hours: float
    source: str
    note: str = ""


@dataclass(frozen=True)
class LedgerTeacher:
    """One teacher's page(s): who, the records, and the verdict computed by the caller."""

    name: str
    id_number: str  # the full number: the writer prints it masked, never whole
    school: str
    stage: str = ""
    subject: str = ""
    title: str = ""
    records: Sequence[LedgerRecord] = ()
    qualified: bool = False
    reasons: Sequence[str] = ()
    #: Hours the rule counts (verdict's counted_total); None → the sum of every record.
    counted_total: float | None = None
    #: The rule in one sentence (学时要求), e.g. the preset's description.
    rule_text: str = ""


def chinese_date(day: date) -> str:
    """2026年3月5日."""
    return f"{day.year}年{day.month}月{day.day}日"


def category_totals(records: Sequence[LedgerRecord]) -> list[tuple[str, float]]:
    """Hours summed per category: 网络研修, 校本实践应用, 其他 always, then any other label."""
    sums: dict[str, float] = dict.fromkeys(CATEGORY_ORDER, 0.0)
    for record in records:
        sums[record.category] = sums.get(record.category, 0.0) + record.hours
    return list(sums.items())


def _text(value: object) -> str:
    return _CONTROL.sub("", "" if value is None else str(value))


class _Builder:
    """Styles, widths and the flowables of one teacher; built once per document.

    Speed (1,000 pages ≤ 5 s): fixed one-line texts and the seal block are small flowables of
    our own that draw a string, and a cell becomes a wrapping Paragraph only when its text is
    wider than the column; Paragraph layout and Table cells are what platypus spends time on.
    """

    def __init__(self, font: str, *, generated_on: date, region: str) -> None:
        from reportlab.lib.styles import ParagraphStyle
        from reportlab.lib.units import mm

        self.font = font
        self.mm = mm
        self.generated = chinese_date(generated_on)
        self.region = region
        base = ParagraphStyle("nlts", fontName=font, fontSize=9.5, leading=13, wordWrap="CJK")
        self.cell = base
        self.small = ParagraphStyle("small", parent=base, fontSize=8.5, leading=11)
        self.body = ParagraphStyle("body", parent=base, fontSize=10, leading=15)
        self.reason = ParagraphStyle("reason", parent=base, leftIndent=12, fontSize=9.5)
        # A4 portrait less 18 mm margins each side: 174 mm.
        self.record_widths = [w * mm for w in (12, 20, 22, 56, 12, 17, 35)]
        self.info_widths = [w * mm for w in (26, 61, 24, 63)]
        self.total_widths = [w * mm for w in (24, 19.5) * 4]
        self.title_line = _line(TITLE, font, 16, align="center", before=0, after=4)
        self.region_line = (
            _line(region, font, 10.5, align="center", before=0, after=8) if region else None
        )
        self.records_heading = _line("学时记录", font, 11, before=8, after=4)
        self.totals_heading = _line("学时合计", font, 11, before=8, after=4)
        self.generated_line = _line(f"生成日期：{self.generated}", font, 10, before=8, after=0)
        self.seals = _seal_block(font, width=174 * mm)

    def _para(self, text: str, style: Any) -> Any:
        from reportlab.platypus import Paragraph

        return Paragraph(escape(_text(text)), style)

    def _fit(self, text: str, style: Any, width: float) -> Any:
        """Plain text when it fits on one line of ``width`` points, else a wrapping Paragraph."""
        from reportlab.pdfbase.pdfmetrics import stringWidth

        clean = _text(text)
        if not clean:
            return ""
        if stringWidth(clean, self.font, style.fontSize) <= width - 6:
            return clean
        return self._para(clean, style)

    def _grid(self, *, header: bool, size: float = 9.5) -> list[tuple[Any, ...]]:
        from reportlab.lib import colors

        ink = colors.Color(*_INK)
        commands: list[tuple[Any, ...]] = [
            ("FONT", (0, 0), (-1, -1), self.font, size, size + 3.5),
            ("GRID", (0, 0), (-1, -1), _GRID, ink),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ]
        if header:
            commands += [
                ("BACKGROUND", (0, 0), (-1, 0), colors.Color(*_SHADE)),
                ("ALIGN", (0, 0), (-1, 0), "CENTER"),
            ]
        return commands

    def teacher_story(self, teacher: LedgerTeacher) -> list[Any]:
        """The flowables of one teacher, starting with the page marker."""
        from reportlab.lib import colors
        from reportlab.platypus import KeepTogether, Table

        masked = mask_id_number(_text(teacher.id_number))
        story: list[Any] = [_marker(_text(teacher.name), masked), self.title_line]
        if self.region_line is not None:
            story.append(self.region_line)

        facts = " / ".join(
            _text(part) or "—" for part in (teacher.stage, teacher.subject, teacher.title)
        )
        wide = sum(self.info_widths[1:])
        info = Table(
            [
                [
                    "姓名",
                    self._fit(teacher.name, self.cell, self.info_widths[1]),
                    "身份证号",
                    masked,
                ],
                ["学校", self._fit(teacher.school, self.cell, wide), "", ""],
                ["学段/学科/职称", self._fit(facts, self.cell, wide), "", ""],
            ],
            colWidths=self.info_widths,
        )
        info.setStyle(
            [
                *self._grid(header=False, size=10),
                ("SPAN", (1, 1), (3, 1)),
                ("SPAN", (1, 2), (3, 2)),
                ("BACKGROUND", (0, 0), (0, -1), colors.Color(*_SHADE)),
                ("BACKGROUND", (2, 0), (2, 0), colors.Color(*_SHADE)),
                ("ALIGN", (0, 0), (0, -1), "CENTER"),
                ("ALIGN", (2, 0), (2, 0), "CENTER"),
            ]
        )
        story += [info, self.records_heading]

        project_width = self.record_widths[3]
        note_width = self.record_widths[6]
        rows: list[list[Any]] = [list(RECORD_HEADERS)]
        for record in teacher.records:
            rows.append(
                [
                    str(record.year),
                    record.record_date.isoformat() if record.record_date else "",
                    self._fit(record.category, self.small, self.record_widths[2]),
                    self._fit(record.project, self.small, project_width),
                    format_hours(record.hours),
                    self._fit(record.source, self.small, self.record_widths[5]),
                    self._fit(record.note, self.small, note_width),
                ]
            )
        if not teacher.records:
            rows.append(["", "", "暂无学时记录", "", "", "", ""])
        records = Table(rows, colWidths=self.record_widths, repeatRows=1)
        records.setStyle(
            [
                *self._grid(header=True),
                ("FONT", (0, 1), (-1, -1), self.font, 8.5, 11),
                ("ALIGN", (0, 1), (1, -1), "CENTER"),
                ("ALIGN", (4, 1), (4, -1), "RIGHT"),
                *([("SPAN", (2, 1), (-1, 1))] if not teacher.records else []),
            ]
        )
        story.append(records)

        sums = category_totals(teacher.records)
        counted = (
            teacher.counted_total
            if teacher.counted_total is not None
            else sum(value for _, value in sums)
        )
        cells: list[str] = []
        for label, value in [*sums, ("计入总学时", counted)]:
            cells += [_text(label), f"{format_hours(value)} 学时"]
        cells += [""] * (-len(cells) % 8)
        totals = Table(
            [cells[i : i + 8] for i in range(0, len(cells), 8)], colWidths=self.total_widths
        )
        totals.setStyle(
            [
                *self._grid(header=False),
                *(
                    ("BACKGROUND", (col, 0), (col, -1), colors.Color(*_SHADE))
                    for col in range(0, 8, 2)
                ),
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),
            ]
        )
        closing: list[Any] = [self.totals_heading, totals]
        if teacher.rule_text:
            closing.append(_spaced(self._para(f"学时要求：{teacher.rule_text}", self.body), 6))
        verdict = "达标" if teacher.qualified else "未达标"
        closing.append(_line(f"认定结论：{verdict}", self.font, 12, before=6, after=2))
        for number, reason in enumerate(teacher.reasons, start=1):
            closing.append(self._para(f"{number}. {reason}", self.reason))
        closing += [self.generated_line, self.seals]
        # The verdict, the date and the seals stay together: a seal must not sit alone.
        story.append(KeepTogether(closing))
        return story


def _spaced(flowable: Any, before: float) -> Any:
    flowable.spaceBefore = before
    return flowable


@cache
def _flowable_classes() -> tuple[type, type, type]:
    """The three small flowables, made on first use so reportlab is imported lazily."""
    from reportlab.platypus.flowables import Flowable

    class Line(Flowable):  # type: ignore[misc]
        """One line of text that never wraps (titles, headings, the verdict)."""

        def __init__(
            self, text: str, font: str, size: float, align: str, before: float, after: float
        ) -> None:
            super().__init__()
            self.text, self.font, self.size, self.align = text, font, size, align
            self.spaceBefore, self.spaceAfter = before, after
            self.height = size * 1.35

        def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
            self.width = avail_width
            return avail_width, self.height

        def draw(self) -> None:
            canvas = self.canv
            canvas.setFont(self.font, self.size)
            baseline = self.height - self.size
            if self.align == "center":
                canvas.drawCentredString(self.width / 2, baseline, self.text)
            else:
                canvas.drawString(0, baseline, self.text)

    class Seals(Flowable):  # type: ignore[misc]
        """学校（盖章） and 区县教师发展中心（盖章） side by side, with room for the seals."""

        def __init__(self, font: str, width: float) -> None:
            super().__init__()
            self.font, self.width, self.height = font, width, 80.0
            self.spaceBefore = 18

        def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
            return self.width, self.height

        def draw(self) -> None:
            canvas = self.canv
            half = self.width / 2
            for index, label in enumerate((SEAL_SCHOOL, SEAL_COUNTY)):
                left = index * half + 6
                canvas.setFont(self.font, 10.5)
                canvas.drawString(left, self.height - 12, label)
                canvas.setFont(self.font, 9)
                canvas.drawString(left, 4, "经办人：")
                canvas.drawString(left + 92, 4, "日期：      年    月    日")

    class Marker(Flowable):  # type: ignore[misc]
        """Zero-size: tells the page footer whose pages follow."""

        def __init__(self, name: str, masked_id: str) -> None:
            super().__init__()
            self.name = name
            self.masked_id = masked_id

        def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
            return 0.0, 0.0

        def draw(self) -> None:
            # The canvas lives for the whole document; the footer reads this at page end.
            self.canv._nlts_teacher = (self.name, self.masked_id)

    return Line, Seals, Marker


def _line(
    text: str, font: str, size: float, *, align: str = "left", before: float, after: float
) -> Any:
    return _flowable_classes()[0](_text(text), font, size, align, before, after)


def _seal_block(font: str, *, width: float) -> Any:
    return _flowable_classes()[1](font, width)


def _marker(name: str, masked_id: str) -> Any:
    return _flowable_classes()[2](name, masked_id)


def write_ledger_pdf(
    path: Path,
    teachers: Sequence[LedgerTeacher],
    *,
    region: str = "",
    generated_on: date | None = None,
) -> int:
    """Write the 个人学时档案 of ``teachers`` into one PDF, each from a new page; return pages."""
    if not teachers:
        raise AppError(
            "没有要打印个人学时档案的教师：请先选择教师或学校。", code="ledger.no_teachers"
        )
    font = register_cjk_font()
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import BaseDocTemplate, Frame, PageBreak, PageTemplate

    builder = _Builder(font, generated_on=generated_on or date.today(), region=_text(region))
    pages = 0

    def footer(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(font, 8)
        canvas.setFillGray(0.35)
        name, masked = getattr(canvas, "_nlts_teacher", ("", ""))
        left = f"个人学时档案　{name}　{masked}".rstrip()
        canvas.drawString(18 * mm, 10 * mm, left)
        canvas.drawRightString(A4[0] - 18 * mm, 10 * mm, f"第 {doc.page} 页")
        canvas.restoreState()

    def write(target: Path) -> None:
        nonlocal pages
        doc = BaseDocTemplate(
            str(target),
            pagesize=A4,
            leftMargin=18 * mm,
            rightMargin=18 * mm,
            topMargin=16 * mm,
            bottomMargin=18 * mm,
            title=TITLE,
            author="NLTS Desktop",
            subject=_text(region) or TITLE,
            creator="NLTS Desktop",
            # Else every page names Helvetica, a font the file does not embed.
            initialFontName=font,
        )
        frame = Frame(
            doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body", showBoundary=0
        )
        # At page end, not start: the footer names the teacher whose marker this page drew.
        doc.addPageTemplates([PageTemplate(id="ledger", frames=[frame], onPageEnd=footer)])
        story: list[Any] = []
        for index, teacher in enumerate(teachers):
            if index:
                story.append(PageBreak())
            story.extend(builder.teacher_story(teacher))
        from reportlab import rl_config

        # ASCII85 around every compressed page stream costs ~0.3 s per 1,000 pages for nothing:
        # the file is binary anyway.  The setting is global, so it is put back afterwards.
        a85 = rl_config.useA85
        rl_config.useA85 = 0
        try:
            doc.build(story)
        finally:
            rl_config.useA85 = a85
        pages = int(doc.page)

    atomic_write(path, write)
    return pages
