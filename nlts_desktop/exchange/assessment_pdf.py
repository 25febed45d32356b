"""Printable records of 校本应用考核 as PDF: the county's 审核记录 of a school's batch and the
抽样检查记录 of a sampling draw.

Both take plain values (no database here), print in Chinese with the embedded CJK TrueType font
of :mod:`nlts_desktop.exchange.fonts`, show times as 2026-03-05 14:30 and ID numbers masked,
repeat a table's header when it runs over a page, and end with a signature and seal block kept
on one page.  reportlab is imported inside the functions (start-up time).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from nlts_desktop.domain.idcard import mask_id_number
from nlts_desktop.exchange.excel_writer import atomic_write
from nlts_desktop.exchange.fonts import register_cjk_font
from nlts_desktop.exchange.score_sheet import (
    SamplingInfo,
    SamplingRow,
    format_moment,
    sampling_counts,
    sampling_title,
)

REVIEW_TEACHER_HEADERS = (
    "序号",
    "姓名",
    "身份证号",
    "能力点及等级",
    "考核结果",
    "审核状态",
    "理由",
)
REVIEW_EVENT_HEADERS = ("时间", "操作人", "操作", "涉及", "理由")
SAMPLING_PDF_HEADERS = (
    "序号",
    "学校",
    "教师",
    "身份证号",
    "能力点",
    "原等级",
    "复核等级",
    "复核结果",
    "复核意见",
    "复核人",
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_INK = (0.15, 0.15, 0.15)
_SHADE = (0.92, 0.92, 0.92)


@dataclass(frozen=True)
class ReviewEventLine:
    """One line of the batch history as printed (states already as Chinese labels)."""

    at: datetime
    actor: str
    action: str  # e.g. 已提交 → 已退回
    subject: str  # the teacher or item a reason is about, else ""
    reason: str


@dataclass(frozen=True)
class ReviewTeacherLine:
    """One teacher's result in the record."""

    name: str
    id_number: str  # the full number: the writer prints it masked
    points: str  # "A1 优秀；A5 合格；A11 合格"
    result: str
    state: str
    reason: str


@dataclass(frozen=True)
class ReviewRecord:
    """Everything the 审核记录 of one school's batch prints."""

    region: str
    school_code: str
    school_name: str
    cycle: int
    batch_state: str
    submitted: str  # "2026-03-05 14:30 王老师" or ""
    decided: str
    events: Sequence[ReviewEventLine]
    teachers: Sequence[ReviewTeacherLine]
    state_counts: Sequence[tuple[str, int]]
    grade_counts: Sequence[tuple[str, int]]


def _text(value: object) -> str:
    return _CONTROL.sub("", "" if value is None else str(value))


def chinese_date(day: date) -> str:
    """2026年3月5日."""
    return f"{day.year}年{day.month}月{day.day}日"


class _Styles:
    """Paragraph styles and table commands of one document."""

    def __init__(self, font: str) -> None:
        from reportlab.lib.styles import ParagraphStyle

        self.font = font
        base = ParagraphStyle("nlts", fontName=font, fontSize=9.5, leading=13, wordWrap="CJK")
        self.cell = ParagraphStyle("cell", parent=base, fontSize=8.5, leading=11)
        self.body = ParagraphStyle("body", parent=base, fontSize=10, leading=15)
        self.title = ParagraphStyle(
            "title", parent=base, fontSize=16, leading=22, alignment=1, spaceAfter=4
        )
        self.subtitle = ParagraphStyle(
            "subtitle", parent=base, fontSize=10.5, leading=15, alignment=1, spaceAfter=8
        )
        self.heading = ParagraphStyle(
            "heading", parent=base, fontSize=11, leading=16, spaceBefore=8, spaceAfter=4
        )

    def para(self, text: str, style: Any | None = None) -> Any:
        """A wrapping paragraph of plain text (escaped)."""
        from reportlab.platypus import Paragraph

        return Paragraph(escape(_text(text)), style or self.cell)

    def grid(self, *, header: bool = True, size: float = 8.5) -> list[tuple[Any, ...]]:
        """Thin grid, middle-aligned cells, shaded centred header."""
        from reportlab.lib import colors

        commands: list[tuple[Any, ...]] = [
            ("FONT", (0, 0), (-1, -1), self.font, size, size + 3),
            ("GRID", (0, 0), (-1, -1), 0.5, colors.Color(*_INK)),
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

    def table(
        self,
        headers: Sequence[str],
        rows: Sequence[Sequence[object]],
        widths: Sequence[float],
        *,
        empty: str,
        centred: Sequence[int] = (),
    ) -> Any:
        """A table whose header repeats on every page; wrapping cells; a line when empty."""
        from reportlab.platypus import Table

        body: list[list[Any]] = [list(headers)]
        for row in rows:
            body.append([self.para(str(v)) if v not in (None, "") else "" for v in row])
        if not rows:
            body.append([empty] + [""] * (len(headers) - 1))
        table = Table(body, colWidths=list(widths), repeatRows=1)
        table.setStyle(
            [
                *self.grid(),
                *(("ALIGN", (c, 1), (c, -1), "CENTER") for c in centred),
                *([("SPAN", (0, 1), (-1, 1))] if not rows else []),
            ]
        )
        return table

    def facts(self, pairs: Sequence[tuple[str, str]], widths: Sequence[float]) -> Any:
        """Label/value pairs, two pairs a line, labels shaded."""
        from reportlab.lib import colors
        from reportlab.platypus import Table

        cells = [[_text(label), self.para(value or "—")] for label, value in pairs]
        flat = [item for pair in cells for item in pair]
        flat += [""] * (-len(flat) % 4)
        rows = [flat[i : i + 4] for i in range(0, len(flat), 4)]
        table = Table(rows, colWidths=list(widths))
        table.setStyle(
            [
                *self.grid(header=False, size=9.5),
                ("BACKGROUND", (0, 0), (0, -1), colors.Color(*_SHADE)),
                ("BACKGROUND", (2, 0), (2, -1), colors.Color(*_SHADE)),
                ("ALIGN", (0, 0), (0, -1), "CENTER"),
                ("ALIGN", (2, 0), (2, -1), "CENTER"),
            ]
        )
        return table

    def counts(self, pairs: Sequence[tuple[str, int]], width: float) -> Any:
        """One line of counts: label and number cells side by side."""
        from reportlab.lib import colors
        from reportlab.platypus import Table

        cells: list[str] = []
        for label, value in pairs:
            cells += [_text(label), str(value)]
        columns = max(1, len(cells))
        table = Table([cells or ["—"]], colWidths=[width / columns] * columns)
        table.setStyle(
            [
                *self.grid(header=False, size=9.5),
                *(
                    ("BACKGROUND", (c, 0), (c, 0), colors.Color(*_SHADE))
                    for c in range(0, len(cells), 2)
                ),
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),
            ]
        )
        return table

    def signatures(self, labels: Sequence[str], width: float) -> Any:
        """The signature and seal block: one column per signer, room to sign and stamp."""
        from reportlab.platypus import Table

        column = width / len(labels)
        table = Table(
            [[_text(label) for label in labels], [""] * len(labels)],
            colWidths=[column] * len(labels),
            rowHeights=[18, 54],
        )
        table.setStyle(
            [
                ("FONT", (0, 0), (-1, -1), self.font, 10.5, 14),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 4),
            ]
        )
        return table


def _build(
    path: Path,
    story: Any,
    *,
    font: str,
    title: str,
    footer_text: str,
    landscape_page: bool,
) -> int:
    """Lay the story out on A4 with a page footer; returns the page count."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.units import mm
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

    size = landscape(A4) if landscape_page else A4
    pages = 0

    def footer(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(font, 8)
        canvas.setFillGray(0.35)
        canvas.drawString(18 * mm, 10 * mm, footer_text)
        canvas.drawRightString(size[0] - 18 * mm, 10 * mm, f"第 {doc.page} 页")
        canvas.restoreState()

    def write(target: Path) -> None:
        nonlocal pages
        doc = BaseDocTemplate(
            str(target),
            pagesize=size,
            leftMargin=18 * mm,
            rightMargin=18 * mm,
            topMargin=16 * mm,
            bottomMargin=18 * mm,
            title=title,
            author="NLTS Desktop",
            creator="NLTS Desktop",
            initialFontName=font,
        )
        frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body")
        doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPageEnd=footer)])
        doc.build(list(story))
        pages = int(doc.page)

    atomic_write(path, write)
    return pages


# --- 审核记录 -------------------------------------------------------------------------------


def review_record_title(record: ReviewRecord) -> str:
    """<学校><年度>年度校本应用考核审核记录."""
    return f"{_text(record.school_name)}{record.cycle}年度校本应用考核审核记录"


def write_review_record_pdf(
    path: Path, record: ReviewRecord, *, generated_on: date | None = None
) -> int:
    """The county's 审核记录 of one school's batch; returns the page count."""
    font = register_cjk_font()
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether

    styles = _Styles(font)
    width = 174 * mm  # A4 portrait less 18 mm margins
    title = review_record_title(record)
    story: list[Any] = [styles.para(title, styles.title)]
    if record.region:
        story.append(styles.para(record.region, styles.subtitle))
    story.append(
        styles.facts(
            [
                ("学校", record.school_name),
                ("学校标识码", record.school_code),
                ("考核年度", f"{record.cycle}年度"),
                ("批次状态", record.batch_state),
                ("提交", record.submitted),
                ("审核", record.decided),
            ],
            [w * mm for w in (22, 65, 22, 65)],
        )
    )

    story.append(styles.para("审核过程", styles.heading))
    story.append(
        styles.table(
            REVIEW_EVENT_HEADERS,
            [(format_moment(e.at), e.actor, e.action, e.subject, e.reason) for e in record.events],
            [w * mm for w in (28, 22, 34, 30, 60)],
            empty="尚无审核记录",
            centred=(0, 1),
        )
    )

    story.append(styles.para("结果统计", styles.heading))
    story.append(styles.counts(record.state_counts, width))
    story.append(styles.counts(record.grade_counts, width))

    story.append(styles.para("教师考核结果", styles.heading))
    story.append(
        styles.table(
            REVIEW_TEACHER_HEADERS,
            [
                (
                    str(number),
                    t.name,
                    mask_id_number(_text(t.id_number)),
                    t.points,
                    t.result,
                    t.state,
                    t.reason,
                )
                for number, t in enumerate(record.teachers, start=1)
            ],
            [w * mm for w in (9, 18, 36, 44, 14, 19, 34)],
            empty="没有需要审核的教师",
            centred=(0, 1, 4, 5),
        )
    )

    made = chinese_date(generated_on or date.today())
    story.append(
        KeepTogether(
            [
                styles.para(f"生成日期：{made}", styles.heading),
                styles.signatures(
                    (
                        "审核人（签字）：",
                        "日期：      年    月    日",
                        "区县教师发展中心（盖章）：",
                    ),
                    width,
                ),
            ]
        )
    )
    footer = f"{title}　{record.school_code}"
    return _build(path, story, font=font, title=title, footer_text=footer, landscape_page=False)


# --- 抽样检查记录 ---------------------------------------------------------------------------


def write_sampling_record_pdf(
    path: Path,
    *,
    info: SamplingInfo,
    rows: Sequence[SamplingRow],
    generated_on: date | None = None,
) -> int:
    """The 抽样检查记录 of one draw (A4 landscape); returns the page count."""
    font = register_cjk_font()
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether

    styles = _Styles(font)
    width = 261 * mm  # A4 landscape less 18 mm margins
    title = sampling_title(info)
    story: list[Any] = [
        styles.para(title, styles.title),
        styles.facts(
            [
                ("考核年度", f"{info.cycle}年度"),
                ("抽样方式", info.size_label),
                ("随机种子", str(info.seed)),
                ("抽样人", info.drawn_by),
                ("抽样时间", format_moment(info.drawn_at)),
                ("抽取结果", f"{len(rows)} 个"),
            ],
            [w * mm for w in (30, 100.5, 30, 100.5)],
        ),
        styles.para("抽样结果与复核", styles.heading),
        styles.table(
            SAMPLING_PDF_HEADERS,
            [
                (
                    str(number),
                    r.school,
                    r.teacher,
                    r.id_number,
                    r.point,
                    r.original_grade,
                    r.recheck_grade,
                    r.outcome,
                    r.notes,
                    r.checked_by,
                )
                for number, r in enumerate(rows, start=1)
            ],
            [w * mm for w in (10, 40, 18, 34, 40, 15, 17, 26, 44, 17)],
            empty="本次抽样没有抽到结果",
            centred=(0, 2, 5, 6, 7, 9),
        ),
        styles.para("统计", styles.heading),
        styles.counts(sampling_counts(rows), width),
        styles.para(
            "随机种子和抽样方式相同，重新抽样得到的结果相同，可据此复核本次抽样。", styles.body
        ),
    ]
    made = chinese_date(generated_on or date.today())
    story.append(
        KeepTogether(
            [
                styles.para(f"生成日期：{made}", styles.heading),
                styles.signatures(
                    (
                        "检查人（签字）：",
                        "日期：      年    月    日",
                        "区县教师发展中心（盖章）：",
                    ),
                    width,
                ),
            ]
        )
    )
    footer = f"{title}　随机种子 {info.seed}"
    return _build(path, story, font=font, title=title, footer_text=footer, landscape_page=True)
