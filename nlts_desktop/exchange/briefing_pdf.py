"""工作简报: the one-page A4 county briefing of the 统计 dashboard.

Title, the 填报单位 / 规则 / date line, the key figures, two charts drawn with reportlab's own
graphics (a bar chart of planned against qualified teachers per programme year, a pie of the
teachers' outcomes with a legend carrying the numbers), the yearly table, the table by 学段
beside the schools furthest behind, notes and the signature block.  The page must stay one
page whatever the data: when it does not fit, the schools table gets fewer rows, then the notes
go, then the charts shrink.

The caller passes plain values already formatted as the reader sees them (numbers for the
charts); the embedded CJK TrueType font of :mod:`nlts_desktop.exchange.fonts` is used for
every text, chart labels included.  reportlab is imported inside the functions (start-up time).
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any
from xml.sax.saxutils import escape

from nlts_desktop.exchange.fonts import register_cjk_font
from nlts_desktop.exchange.forms import chinese_date

SIGNATURE_LABELS = ("填报单位（盖章）：", "负责人（签字）：", "日期：")
EMPTY_TABLE = "暂无数据"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_NUMBER = re.compile(r"[-+]?\d[\d,]*(\.\d+)?\s*%?|—|-|\d+/\d+")
_INK = (0.15, 0.15, 0.15)
_SHADE = (0.92, 0.92, 0.92)
# Planned (light) and actual (dark) bars; the pie's slices in the order of the outcomes.
_PLANNED = (0.62, 0.74, 0.87)
_ACTUAL = (0.13, 0.36, 0.63)
_SLICES = (
    (0.20, 0.55, 0.30),
    (0.80, 0.25, 0.22),
    (0.93, 0.65, 0.20),
    (0.55, 0.55, 0.60),
    (0.35, 0.45, 0.75),
    (0.60, 0.40, 0.65),
)
_MARGIN_MM = 14.0
_CELL = 8.0


@dataclass(frozen=True)
class BarGroup:
    """One programme year in the bar chart: planned (None: no target) and actual."""

    label: str
    planned: int | None
    actual: int


@dataclass(frozen=True)
class Slice:
    """One outcome in the pie chart."""

    label: str
    count: int


@dataclass(frozen=True)
class Briefing:
    """What the briefing shows; texts already formatted, chart values as numbers."""

    title: str
    unit: str  # 填报单位
    made_on: date
    preset: str
    figures: Sequence[tuple[str, str]]  # key figures: label, value
    bars: Sequence[BarGroup]
    bar_title: str
    slices: Sequence[Slice]
    slice_title: str
    year_headers: Sequence[str]
    year_rows: Sequence[Sequence[str]]
    stage_headers: Sequence[str]
    stage_rows: Sequence[Sequence[str]]
    behind_title: str
    behind_headers: Sequence[str]
    behind_rows: Sequence[Sequence[str]]
    notes: Sequence[str] = field(default=())


def _text(value: object) -> str:
    return _CONTROL.sub("", "" if value is None else str(value))


def _is_number(text: str) -> bool:
    return _NUMBER.fullmatch(text.strip()) is not None


class _Layout:
    """Styles, tables and charts of the briefing."""

    def __init__(self, font: str, width: float, chart_height: float) -> None:
        from reportlab.lib.styles import ParagraphStyle

        self.font = font
        self.width = width
        self.chart_height = chart_height
        base = ParagraphStyle("brief", fontName=font, fontSize=9, leading=12, wordWrap="CJK")
        self.title = ParagraphStyle(
            "title", parent=base, fontSize=15, leading=20, alignment=1, spaceAfter=2
        )
        self.info = ParagraphStyle(
            "info", parent=base, fontSize=9.5, leading=13, alignment=1, spaceAfter=6
        )
        self.heading = ParagraphStyle(
            "heading", parent=base, fontSize=10.5, leading=14, spaceBefore=6, spaceAfter=3
        )
        self.cell = ParagraphStyle("cell", parent=base, fontSize=_CELL, leading=_CELL + 2.5)
        self.note = ParagraphStyle("note", parent=base, fontSize=7.5, leading=10, textColor=_grey())

    def para(self, text: str, style: Any) -> Any:
        """A wrapping paragraph of plain text (escaped)."""
        from reportlab.platypus import Paragraph

        return Paragraph(escape(_text(text)), style)

    def title_para(self, text: str) -> Any:
        """The title on one line, shrunk down to 12 pt if need be."""
        from reportlab.lib.styles import ParagraphStyle
        from reportlab.pdfbase.pdfmetrics import stringWidth

        size = float(self.title.fontSize)
        while size > 12 and stringWidth(_text(text), self.font, size) > self.width:
            size -= 0.5
        style = ParagraphStyle("fitted", parent=self.title, fontSize=size, leading=size * 1.35)
        return self.para(text, style)

    def grid(self, size: float = _CELL) -> list[tuple[Any, ...]]:
        from reportlab.lib import colors

        return [
            ("FONT", (0, 0), (-1, -1), self.font, size, size + 2.5),
            ("GRID", (0, 0), (-1, -1), 0.5, colors.Color(*_INK)),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ]

    def figures(self, pairs: Sequence[tuple[str, str]]) -> Any:
        """Key figures as cards: the label small above the value, four a line."""
        from reportlab.lib import colors
        from reportlab.lib.styles import ParagraphStyle
        from reportlab.platypus import Paragraph, Table

        per_line = 4
        label = ParagraphStyle("flabel", fontName=self.font, fontSize=7.5, leading=10, alignment=1)
        value = ParagraphStyle("fvalue", fontName=self.font, fontSize=11, leading=14, alignment=1)
        cells = [
            [Paragraph(escape(_text(k)), label), Paragraph(escape(_text(v) or "—"), value)]
            for k, v in pairs
        ]
        cells += [""] * (-len(cells) % per_line)  # type: ignore[list-item]
        rows = [cells[i : i + per_line] for i in range(0, len(cells), per_line)]
        table = Table(rows, colWidths=[self.width / per_line] * per_line)
        table.setStyle(
            [
                ("FONT", (0, 0), (-1, -1), self.font, 9, 12),
                ("BOX", (0, 0), (-1, -1), 0.5, colors.Color(*_INK)),
                ("INNERGRID", (0, 0), (-1, -1), 0.5, colors.Color(0.7, 0.7, 0.7)),
                ("BACKGROUND", (0, 0), (-1, -1), colors.Color(0.97, 0.97, 0.97)),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
        return table

    def table(
        self, headers: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float]
    ) -> Any:
        """A compact table: shaded header, numbers right-aligned, long texts wrapping."""
        from reportlab.lib import colors
        from reportlab.pdfbase.pdfmetrics import stringWidth
        from reportlab.platypus import Table

        count = len(headers)
        body = [[_text(v) for v in row[:count]] + [""] * (count - len(row)) for row in rows]
        numeric = [
            any(row[c].strip() for row in body)
            and all(_is_number(row[c]) for row in body if row[c].strip())
            for c in range(count)
        ]
        data: list[list[Any]] = [[_text(h) for h in headers]]
        for row in body:
            cells: list[Any] = []
            for c, value in enumerate(row):
                fits = stringWidth(value, self.font, _CELL) <= widths[c] - 6
                cells.append(value if fits or numeric[c] else self.para(value, self.cell))
            data.append(cells)
        if not body:
            data.append([EMPTY_TABLE] + [""] * (count - 1))
        table = Table(data, colWidths=list(widths))
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

    def widths(
        self, headers: Sequence[str], rows: Sequence[Sequence[str]], total: float
    ) -> list[float]:
        """Column widths to fit ``total``: each column its widest cell, the widest cut down."""
        from reportlab.pdfbase.pdfmetrics import stringWidth

        wants = []
        for c, header in enumerate(headers):
            texts = [_text(header), *(_text(r[c]) for r in rows if c < len(r))]
            wants.append(max(stringWidth(t, self.font, _CELL) for t in texts) + 8)
        if sum(wants) <= total:
            scale = total / sum(wants)
            return [w * scale for w in wants]
        widest = max(range(len(wants)), key=lambda i: wants[i])
        others = sum(w for i, w in enumerate(wants) if i != widest)
        wants[widest] = max(total - others, total * 0.2)
        scale = total / sum(wants)
        return [w * scale for w in wants]

    def charts(self, report: Briefing) -> Any:
        """The bar chart (planned against actual per year) and the outcome pie, side by side."""
        from reportlab.graphics.shapes import Drawing, String

        height = self.chart_height
        drawing = Drawing(self.width, height)
        # Else the drawing's initial state names Helvetica, a font the file does not embed.
        drawing.initialFontName = self.font
        bar_width = self.width * 0.56
        drawing.add(
            String(
                bar_width / 2,
                height - 11,
                report.bar_title,
                fontName=self.font,
                fontSize=9.5,
                textAnchor="middle",
            )
        )
        self._bars(drawing, report.bars, bar_width, height - 18)
        pie_left = bar_width + 10
        drawing.add(
            String(
                pie_left + (self.width - pie_left) / 2,
                height - 11,
                report.slice_title,
                fontName=self.font,
                fontSize=9.5,
                textAnchor="middle",
            )
        )
        self._pie(drawing, report.slices, pie_left, self.width - pie_left, height - 18)
        return drawing

    def _bars(self, drawing: Any, groups: Sequence[BarGroup], width: float, height: float) -> None:
        from reportlab.graphics.charts.barcharts import VerticalBarChart
        from reportlab.graphics.charts.legends import Legend
        from reportlab.lib import colors

        chart = VerticalBarChart()
        chart.x, chart.y = 42, 34
        chart.width, chart.height = width - 52, height - 50
        planned = [g.planned for g in groups]
        actual = [g.actual for g in groups]
        chart.data = [planned, actual] if groups else [[0], [0]]
        top = max([v or 0 for v in planned] + actual + [1])
        chart.valueAxis.valueMin = 0
        chart.valueAxis.valueMax, chart.valueAxis.valueStep = _axis(top)
        chart.valueAxis.labels.fontName = self.font
        chart.valueAxis.labels.fontSize = 7
        chart.valueAxis.labelTextFormat = _thousands
        chart.valueAxis.visibleGrid = True
        chart.valueAxis.gridStrokeColor = colors.Color(0.85, 0.85, 0.85)
        chart.categoryAxis.categoryNames = [g.label for g in groups] or [EMPTY_TABLE]
        chart.categoryAxis.labels.fontName = self.font
        chart.categoryAxis.labels.fontSize = 8
        chart.categoryAxis.labels.dy = -2
        chart.bars[0].fillColor = colors.Color(*_PLANNED)
        chart.bars[1].fillColor = colors.Color(*_ACTUAL)
        chart.bars.strokeColor = None
        chart.barSpacing = 2
        chart.groupSpacing = 10
        chart.barLabelFormat = _thousands
        chart.barLabels.fontName = self.font
        chart.barLabels.fontSize = 6.5
        chart.barLabels.nudge = 6
        drawing.add(chart)
        legend = Legend()
        legend.x, legend.y = chart.x + 4, 12
        legend.alignment = "right"
        legend.columnMaximum = 1
        legend.deltax = 70
        legend.fontName = self.font
        legend.fontSize = 7.5
        legend.dx = legend.dy = 7
        legend.colorNamePairs = [
            (colors.Color(*_PLANNED), "计划达标"),
            (colors.Color(*_ACTUAL), "实际达标"),
        ]
        drawing.add(legend)

    def _pie(
        self, drawing: Any, slices: Sequence[Slice], left: float, width: float, height: float
    ) -> None:
        from reportlab.graphics.charts.legends import Legend
        from reportlab.graphics.charts.piecharts import Pie
        from reportlab.graphics.shapes import String
        from reportlab.lib import colors

        total = sum(s.count for s in slices)
        if total <= 0:
            drawing.add(
                String(
                    left + width / 2,
                    height / 2,
                    EMPTY_TABLE,
                    fontName=self.font,
                    fontSize=9,
                    textAnchor="middle",
                )
            )
            return
        # The legend under the pie carries the numbers: slice labels would collide.
        line = 11.0
        legend_height = line * len(slices) + 4
        size = max(40.0, min(height - legend_height - 10, width * 0.7))
        pie = Pie()
        pie.x = left + (width - size) / 2
        pie.y = legend_height + 6
        pie.width = pie.height = size
        shown = [s for s in slices if s.count > 0]
        pie.data = [s.count for s in shown]
        pie.labels = None
        pie.startAngle = 90
        pie.direction = "clockwise"
        pie.slices.strokeColor = colors.white
        pie.slices.strokeWidth = 0.5
        for index, item in enumerate(shown):
            pie.slices[index].fillColor = colors.Color(*_SLICES[slices.index(item) % len(_SLICES)])
        drawing.add(pie)
        legend = Legend()
        legend.x = left + 8
        legend.y = legend_height
        legend.alignment = "right"
        legend.fontName = self.font
        legend.fontSize = 7.5
        legend.dx = legend.dy = 7
        legend.deltay = line
        legend.columnMaximum = len(slices)
        legend.colorNamePairs = [
            (
                colors.Color(*_SLICES[index % len(_SLICES)]),
                f"{s.label}：{s.count:,} 人（{s.count / total * 100:.1f}%）",
            )
            for index, s in enumerate(slices)
        ]
        drawing.add(legend)

    def signatures(self, made_on: date) -> Any:
        """填报单位（盖章） / 负责人（签字） / 日期, then 填报人 / 联系电话, room for the seal."""
        from reportlab.platypus import Table

        table = Table(
            [
                [SIGNATURE_LABELS[0], SIGNATURE_LABELS[1], f"日期：{chinese_date(made_on)}"],
                ["填报人：", "联系电话：", ""],
            ],
            colWidths=[self.width * 0.4, self.width * 0.3, self.width * 0.3],
            # The first line is tall: the seal goes over the unit's line.
            rowHeights=[52, 26],
        )
        table.setStyle(
            [
                ("FONT", (0, 0), (-1, -1), self.font, 10, 14),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 2),
                ("TOPPADDING", (0, 0), (-1, -1), 8),
            ]
        )
        return table


def _grey() -> Any:
    from reportlab.lib import colors

    return colors.Color(0.3, 0.3, 0.3)


def _thousands(value: float) -> str:
    return f"{value:,.0f}"


def _axis(top: float) -> tuple[float, float]:
    """A round axis maximum and step for values up to ``top``: about five steps of 1, 2, 2.5
    or 5 times a power of ten, with room above the highest bar for its label."""
    wanted = max(top * 1.1, 5.0) / 5
    power = 10 ** math.floor(math.log10(wanted))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= wanted)
    return math.ceil(top * 1.1 / step) * step, step


def _story(report: Briefing, layout: _Layout) -> list[Any]:
    from reportlab.platypus import Spacer, Table

    width = layout.width
    story: list[Any] = [
        layout.title_para(report.title),
        layout.para(
            f"填报单位：{_text(report.unit)}　　规则：{_text(report.preset)}　　"
            f"日期：{chinese_date(report.made_on)}",
            layout.info,
        ),
        layout.figures(report.figures),
        Spacer(1, 6),
        layout.charts(report),
        layout.para("年度目标完成情况", layout.heading),
        layout.table(
            report.year_headers,
            report.year_rows,
            layout.widths(report.year_headers, report.year_rows, width),
        ),
    ]
    gap = 10.0
    left = width * 0.38
    right = width - left - gap
    stage = layout.table(
        report.stage_headers,
        report.stage_rows,
        layout.widths(report.stage_headers, report.stage_rows, left),
    )
    behind = layout.table(
        report.behind_headers,
        report.behind_rows,
        layout.widths(report.behind_headers, report.behind_rows, right),
    )
    pair = Table(
        [
            [
                layout.para("按学段", layout.heading),
                "",
                layout.para(report.behind_title, layout.heading),
            ],
            [stage, "", behind],
        ],
        colWidths=[left, gap, right],
    )
    pair.setStyle(
        [
            ("FONT", (0, 0), (-1, -1), layout.font, _CELL, _CELL + 2.5),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ]
    )
    story += [Spacer(1, 4), pair]
    if report.notes:
        story.append(Spacer(1, 4))
        story += [layout.para(note, layout.note) for note in report.notes]
    story += [Spacer(1, 6), layout.signatures(report.made_on)]
    return story


def _build(report: Briefing, font: str, chart_height: float) -> tuple[bytes, int]:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

    margin = _MARGIN_MM * mm
    layout = _Layout(font, A4[0] - 2 * margin, chart_height)
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=12 * mm,
        bottomMargin=12 * mm,
        title=_text(report.title),
        author="NLTS Desktop",
        subject=_text(report.unit),
        creator="NLTS Desktop",
        initialFontName=font,
    )
    frame = Frame(
        doc.leftMargin,
        doc.bottomMargin,
        doc.width,
        doc.height,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="body",
    )
    doc.addPageTemplates([PageTemplate(id="briefing", frames=[frame])])
    doc.build(_story(report, layout))
    return buffer.getvalue(), int(doc.page)


def briefing_pdf(report: Briefing) -> bytes:
    """The briefing's PDF bytes, always one A4 page.

    Laid out as full as fits: the tallest charts and the most rows of the schools table
    first; when that runs over the page, fewer rows, then smaller charts, then no notes.
    """
    font = register_cjk_font()
    rows = len(report.behind_rows)
    attempts: list[tuple[Briefing, float]] = []
    for chart_height in (230.0, 200.0, 170.0):
        for keep in sorted({min(rows, n) for n in (15, 12, 10, 8, 6)}, reverse=True):
            attempts.append((replace(report, behind_rows=report.behind_rows[:keep]), chart_height))
    short = replace(report, behind_rows=report.behind_rows[:4], notes=())
    attempts += [
        (short, 140.0),
        (replace(short, stage_rows=report.stage_rows[:6], year_rows=report.year_rows[-6:]), 120.0),
    ]
    data = b""
    for candidate, chart_height in attempts:
        data, pages = _build(candidate, font, chart_height)
        if pages == 1:
            return data
    return data
