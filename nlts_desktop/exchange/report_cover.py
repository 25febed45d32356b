"""封面报告: the A4 cover report (report.pdf) inside every exchange package a county makes.

Title, the 填报单位 / 期间 / 生成日期 line, a small grid of totals, one table that flows over as
many pages as it needs (header repeated), notes, and the signature and seal block for the
county's 上报 to the city.  The caller passes plain, already formatted texts; this module only
lays them out.  The font is the embedded CJK TrueType font of :mod:`nlts_desktop.exchange.fonts`;
reportlab is imported inside the functions (start-up time).
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any
from xml.sax.saxutils import escape

from nlts_desktop.exchange.fonts import register_cjk_font
from nlts_desktop.exchange.forms import chinese_date

SIGNATURE_LABELS = (
    ("填报单位（盖章）：", "负责人（签字）："),
    ("填报人：", "联系电话："),
    ("", "日期：        年    月    日"),
)
EMPTY_TABLE = "暂无数据"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# 1,234 / -5 / 12.5 / 87.5% / "—" (no value): columns holding only these are right-aligned.
_NUMBER = re.compile(r"[-+]?\d[\d,]*(\.\d+)?\s*%?|—|-")
# A long run of bare digits is a code (学校标识码), not a quantity: it keeps the left.
_CODE = re.compile(r"\d{6,}")
_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]")
_INK = (0.15, 0.15, 0.15)
_SHADE = (0.92, 0.92, 0.92)
_MARGIN_MM = 18.0
_CELL_SIZE = 8.5
_TITLE_MIN = 14.0
_HEADER_LINES = 4
_CELL_PAD = 4.0  # left and right padding of every table cell, points


@dataclass(frozen=True)
class CoverReport:
    """What the cover report shows, every value already formatted as the reader sees it."""

    title: str
    unit: str  # 填报单位
    period: str  # 期间, e.g. "2026 年度"
    made_on: date  # 生成日期
    totals: Sequence[tuple[str, str]]  # label/value pairs of the totals grid
    table_title: str
    table_headers: Sequence[str]
    table_rows: Sequence[Sequence[str]]
    notes: Sequence[str] = ()
    package_id: str = ""  # 数据包编号, in the page footer


def _text(value: object) -> str:
    return _CONTROL.sub("", "" if value is None else str(value))


def _is_number(text: str) -> bool:
    clean = text.strip()
    return _NUMBER.fullmatch(clean) is not None and _CODE.fullmatch(clean) is None


class _Layout:
    """Styles and flowables of one cover report."""

    def __init__(self, font: str, width: float) -> None:
        from reportlab.lib.styles import ParagraphStyle

        self.font = font
        self.width = width
        base = ParagraphStyle("nlts", fontName=font, fontSize=10, leading=14, wordWrap="CJK")
        self.title = ParagraphStyle(
            "title", parent=base, fontSize=18, leading=26, alignment=1, spaceAfter=6
        )
        self.info = ParagraphStyle(
            "info", parent=base, fontSize=10.5, leading=15, alignment=1, spaceAfter=10
        )
        self.heading = ParagraphStyle(
            "heading", parent=base, fontSize=12, leading=17, spaceBefore=12, spaceAfter=5
        )
        # Closing punctuation such as "）" may not start a line, so the CJK wrap lets it hang
        # past the line's end: half a character of indent keeps it off the grid line.
        hang = _CELL_SIZE / 2
        self.cell = ParagraphStyle(
            "cell", parent=base, fontSize=_CELL_SIZE, leading=_CELL_SIZE + 3, rightIndent=hang
        )
        self.header = ParagraphStyle("header", parent=self.cell, alignment=1)
        self.number = ParagraphStyle("number", parent=self.cell, alignment=2)
        self.fact = ParagraphStyle("fact", parent=base, fontSize=9.5, leading=12.5, alignment=1)
        self.note = ParagraphStyle("note", parent=base, fontSize=9.5, leading=14)

    def title_para(self, text: str) -> Any:
        """The title on one line, shrunk down to 14 pt if need be; wrapped only beyond that."""
        size = self.title.fontSize
        while size > _TITLE_MIN and self.measure(_text(text), size) > self.width:
            size -= 0.5
        if size == self.title.fontSize:
            return self.para(text, self.title)
        from reportlab.lib.styles import ParagraphStyle

        style = ParagraphStyle("fitted", parent=self.title, fontSize=size, leading=size * 1.45)
        return self.para(text, style)

    def para(self, text: str, style: Any) -> Any:
        """A wrapping paragraph of plain text (escaped)."""
        from reportlab.platypus import Paragraph

        return Paragraph(escape(_text(text)), style)

    def measure(self, text: str, size: float = _CELL_SIZE) -> float:
        """The width of one line of ``text`` in points."""
        from reportlab.pdfbase.pdfmetrics import stringWidth

        return float(stringWidth(text, self.font, size))

    def fit(self, text: str, style: Any, width: float) -> Any:
        """Plain text when it fits on one line of ``width`` points, else a wrapping Paragraph.

        Paragraph layout is what platypus spends its time on; most cells are short.
        """
        clean = _text(text)
        if not clean:
            return ""
        if "\n" not in clean and self.measure(clean, style.fontSize) <= width - 2 * _CELL_PAD:
            return clean
        return self.para(clean.replace("\n", " "), style)

    def header_cell(self, text: str, width: float) -> Any:
        """A header on one line, or broken into even lines: 在职 / 教师, never 在职教 / 师."""
        from reportlab.platypus import Paragraph

        clean = " ".join(_text(text).split())
        room = width - 2 * _CELL_PAD - float(self.header.rightIndent)
        if not clean or self.measure(clean) <= room + float(self.header.rightIndent):
            return clean
        for count in range(2, len(clean) + 1):
            size = math.ceil(len(clean) / count)
            parts = [clean[i : i + size] for i in range(0, len(clean), size)]
            if all(self.measure(part) <= room for part in parts):
                return Paragraph("<br/>".join(escape(p) for p in parts), self.header)
        return self.para(clean, self.header)

    def grid(self, *, size: float = _CELL_SIZE) -> list[tuple[Any, ...]]:
        """Thin grid lines, middle-aligned cells, narrow padding."""
        from reportlab.lib import colors

        return [
            ("FONT", (0, 0), (-1, -1), self.font, size, size + 3),
            ("GRID", (0, 0), (-1, -1), 0.5, colors.Color(*_INK)),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ("LEFTPADDING", (0, 0), (-1, -1), _CELL_PAD),
            ("RIGHTPADDING", (0, 0), (-1, -1), _CELL_PAD),
        ]

    def totals(self, pairs: Sequence[tuple[str, str]]) -> Any:
        """The totals as label/value cells, two pairs a line (one when there is only one)."""
        from reportlab.lib import colors
        from reportlab.platypus import Table

        per_line = 2 if len(pairs) > 1 else 1
        label_width = self.width * 0.27 / per_line * 2
        value_width = self.width / per_line - label_width
        widths = [label_width, value_width] * per_line
        cells: list[Any] = []
        for label, value in pairs:
            cells += [
                self.fit(label, self.fact, label_width),
                self.fit(value or "—", self.fact, value_width),
            ]
        cells += [""] * (-len(cells) % (2 * per_line))
        rows = [cells[i : i + 2 * per_line] for i in range(0, len(cells), 2 * per_line)]
        table = Table(rows, colWidths=widths)
        table.setStyle(
            [
                *self.grid(size=9.5),
                *(
                    ("BACKGROUND", (c, 0), (c, -1), colors.Color(*_SHADE))
                    for c in range(0, 2 * per_line, 2)
                ),
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
        return table

    def column_widths(self, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> list[float]:
        """Widths filling the page: short columns get what they need, long text wraps.

        A cell without Chinese (a code, a number, a date) must not break; a Chinese text may
        wrap.  When the page is too narrow for every text on one line, first the headers wrap
        (a header wraps once, a body column on every row): to two lines, a short header (up to
        four characters) staying whole, for a lone character on a line reads badly; then to up
        to four lines.  Only then are the widest body columns cut down to a common cap.
        """
        count = len(headers)
        pad = 2 * _CELL_PAD + 1
        hang = float(self.cell.rightIndent)
        whole = [self.measure(_text(h)) + pad for h in headers]
        two_lines: list[float] = []
        least: list[float] = []
        for header, width in zip(headers, whole, strict=True):
            chars = len(_text(header)) or 1

            def on_lines(lines: int, chars: int = chars, width: float = width) -> float:
                per_line = max(2, math.ceil(chars / lines))
                return min(width, (width - pad) * per_line / chars + pad + hang)

            two_lines.append(width if chars <= 4 else on_lines(2))
            least.append(on_lines(_HEADER_LINES))
        cells = list(least)  # every cell on one line, headers on up to four lines
        for row in rows:
            for index, value in enumerate(row[:count]):
                text = _text(value)
                width = self.measure(text) + pad
                cells[index] = max(cells[index], width)
                if not _CJK.search(text):
                    least[index] = max(least[index], min(width, self.width / 3))
        least = [min(lo, c) for lo, c in zip(least, cells, strict=True)]
        body = [max(c, t) for c, t in zip(cells, two_lines, strict=True)]
        whole = [max(b, w) for b, w in zip(body, whole, strict=True)]
        # Each stage fits between one set of wants and the next, looser one.
        for low, high in ((body, whole), (cells, body), (least, cells)):
            if sum(high) <= self.width:
                scale = self.width / sum(high)
                return [w * scale for w in high]
            if sum(low) <= self.width:
                return _fill(low, high, self.width)
        scale = self.width / sum(least)
        return [w * scale for w in least]

    def table(self, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> Any:
        """The report's table: header repeated on every page, numbers right-aligned."""
        from reportlab.lib import colors
        from reportlab.platypus import Table

        count = len(headers)
        body = [[_text(v) for v in row[:count]] + [""] * (count - len(row)) for row in rows]
        widths = self.column_widths(headers, body)
        numeric = [
            any(row[c].strip() for row in body)
            and all(_is_number(row[c]) for row in body if row[c].strip())
            for c in range(count)
        ]
        data: list[list[Any]] = [
            [self.header_cell(h, w) for h, w in zip(headers, widths, strict=True)]
        ]
        for row in body:
            data.append(
                [
                    self.fit(value, self.number if numeric[c] else self.cell, widths[c])
                    for c, value in enumerate(row)
                ]
            )
        if not body:
            data.append([EMPTY_TABLE] + [""] * (count - 1))
        table = Table(data, colWidths=widths, repeatRows=1)
        table.setStyle(
            [
                *self.grid(),
                ("BACKGROUND", (0, 0), (-1, 0), colors.Color(*_SHADE)),
                ("ALIGN", (0, 0), (-1, 0), "CENTER"),
                *(("ALIGN", (c, 1), (c, -1), "RIGHT") for c in range(count) if numeric[c]),
                *(
                    [("SPAN", (0, 1), (-1, 1)), ("ALIGN", (0, 1), (-1, 1), "CENTER")]
                    if not body
                    else []
                ),
            ]
        )
        return table

    def signatures(self) -> Any:
        """The signature and seal block: two columns of labels with room to sign and stamp."""
        from reportlab.platypus import Table

        half = self.width / 2
        table = Table(
            [list(pair) for pair in SIGNATURE_LABELS],
            colWidths=[half, half],
            # The first line is tall: the seal goes over the unit's line.
            rowHeights=[64, 40, 40],
        )
        table.setStyle(
            [
                ("FONT", (0, 0), (-1, -1), self.font, 11, 15),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 6),
                ("TOPPADDING", (0, 0), (-1, -1), 8),
            ]
        )
        return table


def _fill(low: Sequence[float], high: Sequence[float], total: float) -> list[float]:
    """Widths between ``low`` and ``high`` summing to ``total``: the widest are capped alike.

    Needs sum(low) <= total <= sum(high); the common cap is found by bisection.
    """
    floor, ceiling = 0.0, max(high)
    for _ in range(50):
        cap = (floor + ceiling) / 2
        if sum(max(lo, min(hi, cap)) for lo, hi in zip(low, high, strict=True)) > total:
            ceiling = cap
        else:
            floor = cap
    widths = [max(lo, min(hi, floor)) for lo, hi in zip(low, high, strict=True)]
    capped = [i for i, hi in enumerate(high) if hi > widths[i]] or list(range(len(widths)))
    spare = (total - sum(widths)) / len(capped)
    for index in capped:
        widths[index] += spare
    return widths


def cover_pdf(report: CoverReport) -> bytes:
    """The cover report's PDF bytes."""
    font = register_cjk_font()
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import (
        BaseDocTemplate,
        Frame,
        KeepTogether,
        PageTemplate,
        Spacer,
    )

    margin = _MARGIN_MM * mm
    layout = _Layout(font, A4[0] - 2 * margin)
    package_id = _text(report.package_id)

    def footer(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(font, 8)
        canvas.setFillGray(0.35)
        page = f"第 {doc.page} 页"
        canvas.drawCentredString(
            A4[0] / 2, 10 * mm, f"数据包编号 {package_id}　{page}" if package_id else page
        )
        canvas.restoreState()

    facts = [
        f"{label}：{_text(value)}"
        for label, value in (("填报单位", report.unit), ("期间", report.period))
        if _text(value).strip()
    ]
    facts.append(f"生成日期：{chinese_date(report.made_on)}")
    story: list[Any] = [
        layout.title_para(report.title),
        layout.para("　　".join(facts), layout.info),
    ]
    if report.totals:
        story.append(layout.totals(report.totals))
    if report.table_headers:
        if _text(report.table_title).strip():
            story.append(layout.para(report.table_title, layout.heading))
        else:
            story.append(Spacer(1, 10))
        story.append(layout.table(report.table_headers, report.table_rows))
    closing: list[Any] = [Spacer(1, 8)]
    closing += [layout.para(note, layout.note) for note in report.notes]
    closing += [Spacer(1, 20), layout.signatures()]
    # The notes and the signature block stay together: a seal must not sit alone on a page.
    story.append(KeepTogether(closing))

    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=16 * mm,
        bottomMargin=18 * mm,
        title=_text(report.title),
        author="NLTS Desktop",
        subject=_text(report.unit),
        creator="NLTS Desktop",
        # Else every page names Helvetica, a font the file does not embed.
        initialFontName=font,
    )
    # No side padding: the tables and the title are laid out to exactly the text width.
    frame = Frame(
        doc.leftMargin,
        doc.bottomMargin,
        doc.width,
        doc.height,
        leftPadding=0,
        rightPadding=0,
        id="body",
    )
    doc.addPageTemplates([PageTemplate(id="cover", frames=[frame], onPageEnd=footer)])
    doc.build(story)
    return buffer.getvalue()
