"""审计日志 printout: the chosen entries on A4 landscape, header repeated on every page.

Plain values in (the service has already labelled, masked and formatted them); the chain
check's outcome is printed above the table, in red when it failed, and the signature line of
the person who checked the printout closes it.  The font is the embedded CJK TrueType font of
:mod:`nlts_desktop.exchange.fonts`; reportlab is imported inside the functions (start-up time).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from nlts_desktop.exchange.excel_writer import atomic_write
from nlts_desktop.exchange.fonts import register_cjk_font

AUDIT_HEADERS = ("编号", "时间", "操作人", "操作", "对象", "学校", "教师", "内容")
# Column widths in millimetres: 261 mm is A4 landscape less two 18 mm margins.
_WIDTHS_MM = (14.0, 31.0, 22.0, 16.0, 22.0, 38.0, 18.0, 100.0)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_MARGIN_MM = 18.0
_INK = (0.15, 0.15, 0.15)
_SHADE = (0.92, 0.92, 0.92)
_ALARM = (0.75, 0.0, 0.0)
_GOOD = (0.12, 0.45, 0.18)


@dataclass(frozen=True)
class AuditPrint:
    """What the printout shows; ``rows`` follow AUDIT_HEADERS, newest first."""

    unit: str
    conditions: str
    printed_at: str
    printed_by: str
    total: int
    chain_ok: bool
    chain_text: str
    rows: Sequence[Sequence[str]]


def _text(value: object) -> str:
    return _CONTROL.sub("", "" if value is None else str(value))


def write_audit_pdf(path: Path, content: AuditPrint) -> int:
    """Write the printout atomically; returns the page count."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import (
        BaseDocTemplate,
        Frame,
        PageTemplate,
        Paragraph,
        Spacer,
        Table,
    )

    font = register_cjk_font()
    size = landscape(A4)
    base = ParagraphStyle("audit", fontName=font, fontSize=9.5, leading=13, wordWrap="CJK")
    cell = ParagraphStyle("cell", parent=base, fontSize=8, leading=10.5)
    title = ParagraphStyle("title", parent=base, fontSize=16, leading=22, alignment=1)
    line = ParagraphStyle("line", parent=base, alignment=1, spaceAfter=4)
    check = ParagraphStyle(
        "check",
        parent=base,
        fontSize=10.5,
        leading=15,
        textColor=colors.Color(*(_GOOD if content.chain_ok else _ALARM)),
        spaceAfter=6,
    )

    def para(text: object, style: Any = cell) -> Any:
        return Paragraph(escape(_text(text)), style)

    shown = len(content.rows)
    count_text = (
        f"共 {content.total:,} 条"
        if shown == content.total
        else f"共 {content.total:,} 条，本打印件列出最新的 {shown:,} 条"
    )
    story: list[Any] = [
        para(f"{content.unit}审计日志", title),
        para(f"筛选条件：{content.conditions}；{count_text}", line),
        para(f"打印时间：{content.printed_at}　打印人：{content.printed_by}", line),
        para(content.chain_text, check),
    ]
    body: list[list[Any]] = [list(AUDIT_HEADERS)]
    body += [[para(value) for value in row] for row in content.rows]
    if not content.rows:
        body.append(["没有符合条件的记录"] + [""] * (len(AUDIT_HEADERS) - 1))
    table = Table(body, colWidths=[w * mm for w in _WIDTHS_MM], repeatRows=1)
    table.setStyle(
        [
            ("FONT", (0, 0), (-1, -1), font, 8.5, 11),
            ("GRID", (0, 0), (-1, -1), 0.5, colors.Color(*_INK)),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ("BACKGROUND", (0, 0), (-1, 0), colors.Color(*_SHADE)),
            ("ALIGN", (0, 0), (-1, 0), "CENTER"),
            *([("SPAN", (0, 1), (-1, 1))] if not content.rows else []),
        ]
    )
    story += [table, Spacer(1, 8 * mm), para("核对人（签字）：　　　　　　　　日期：", base)]
    pages = 0

    def footer(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(font, 8)
        canvas.setFillGray(0.35)
        canvas.drawString(_MARGIN_MM * mm, 10 * mm, f"{content.unit}审计日志　{count_text}")
        canvas.drawRightString(size[0] - _MARGIN_MM * mm, 10 * mm, f"第 {doc.page} 页")
        canvas.restoreState()

    def write(target: Path) -> None:
        nonlocal pages
        doc = BaseDocTemplate(
            str(target),
            pagesize=size,
            leftMargin=_MARGIN_MM * mm,
            rightMargin=_MARGIN_MM * mm,
            topMargin=14 * mm,
            bottomMargin=18 * mm,
            title=f"{content.unit}审计日志",
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
