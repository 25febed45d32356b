"""年度规划书 (附件1-2 of seed 000) as a formatted PDF.

The seed is a Word form: a cover (年度, 市（州）, 单位（公章）, 联系人, 联系电话, 邮箱), then
one ruled table in two parts.  一、教师培训规划: 基本情况 (教师总人数, 学校总数, 应培训人数),
执行办负责人 and 相关成员 (姓名, 单位, 职务, 联系电话, 邮箱), 培训计划 (地区, 项目名称, 培训对象,
培训方式, 培训人数, 经费投入, 培训机构, 合计), and the texts 混合式培训, 本地资源建设,
监管评估举措.  二、推动培训及应用的规划: 制度建设, 应用氛围, 综合创新.  Each block is a table
of the same width with its label in a left column, stacked without gaps so the blocks read as
the seed's one table; a long text is one row per paragraph so it can run over a page.  The
font is the embedded CJK TrueType font of :mod:`nlts_desktop.exchange.fonts`; reportlab is
imported inside the functions.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from nlts_desktop.exchange.excel_writer import atomic_write
from nlts_desktop.exchange.fonts import register_cjk_font

PART_ONE = "一、教师培训规划"
PART_TWO = "二、推动培训及应用的规划"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_DIGITS = "〇一二三四五六七八九"
_INK = (0.15, 0.15, 0.15)
_SHADE = (0.93, 0.93, 0.93)
_GRID = 0.6
# The body frame's height (A4 less the margins and the frame's padding), in points.
FRAME_HEIGHT = 700.0
PIECE = 400  # characters of text in one table row: about 10 lines


@dataclass(frozen=True)
class PlanPerson:
    """执行办负责人 or one of the 相关成员."""

    name: str
    unit: str
    position: str
    phone: str
    email: str = ""


@dataclass(frozen=True)
class PlanProjectRow:
    """One row of 培训计划."""

    region: str
    name: str
    audience: str  # 培训对象
    mode: str  # 培训方式
    trainees: int
    budget_wan: float  # 经费投入, 万元
    institution: str


@dataclass(frozen=True)
class PlanText:
    """One free-text section: its label (混合式培训), part (1 or 2) and text."""

    title: str
    part: int
    text: str


@dataclass(frozen=True)
class AnnualPlanDocument:
    """Everything printed in one year's 年度规划书."""

    year: int
    province: str  # 四川省
    city: str  # 市（州）
    county: str  # 区（县）, empty for a city
    unit: str  # 单位（公章）
    contact: str
    phone: str
    email: str
    teachers: int  # 教师总人数
    schools: int  # 学校总数
    planned: int  # 应培训人数
    heads: Sequence[PlanPerson]
    members: Sequence[PlanPerson]
    projects: Sequence[PlanProjectRow]
    texts: Sequence[PlanText]
    made_on: date


def chinese_year(year: int) -> str:
    """2026 → 二〇二六."""
    return "".join(_DIGITS[int(d)] for d in str(year))


def _clean(value: object) -> str:
    return _CONTROL.sub("", "" if value is None else str(value))


def _money(value: float) -> str:
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return text or "0"


class _Layout:
    """Styles and widths; the flowables of each block."""

    def __init__(self, font: str) -> None:
        from reportlab.lib import colors
        from reportlab.lib.enums import TA_CENTER
        from reportlab.lib.styles import ParagraphStyle
        from reportlab.lib.units import mm

        self.font = font
        self.mm = mm
        self.ink = colors.Color(*_INK)
        self.shade = colors.Color(*_SHADE)
        base = ParagraphStyle("plan", fontName=font, fontSize=10, leading=14, wordWrap="CJK")
        self.cell = base
        self.center = ParagraphStyle("center", parent=base, alignment=TA_CENTER)
        self.small = ParagraphStyle("small", parent=base, fontSize=9, leading=12)
        self.small_center = ParagraphStyle("small_center", parent=self.small, alignment=TA_CENTER)
        self.text = ParagraphStyle(
            "text", parent=base, fontSize=10.5, leading=17, firstLineIndent=21
        )
        self.prompt = ParagraphStyle("prompt", parent=base, fontSize=9, leading=12)
        self.heading = ParagraphStyle(
            "heading", parent=base, fontSize=14, leading=20, spaceBefore=10, spaceAfter=6
        )
        self.label_style = ParagraphStyle("label", parent=self.center, fontSize=10.5, leading=15)
        # A4 portrait less 20 mm margins each side: 170 mm; the label column is 20 mm.
        self.width = 170 * mm
        self.label = 20 * mm
        self.body = self.width - self.label
        self.continued = ParagraphStyle("continued", parent=self.text, firstLineIndent=0)

    def para(self, text: str, style: Any) -> Any:
        from reportlab.platypus import Paragraph

        return Paragraph(escape(_clean(text)).replace("\n", "<br/>"), style)

    def grid(self) -> list[tuple[Any, ...]]:
        return [
            ("FONT", (0, 0), (-1, -1), self.font, 10, 14),
            ("GRID", (0, 0), (-1, -1), _GRID, self.ink),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("ALIGN", (0, 0), (-1, -1), "CENTER"),
            ("TOPPADDING", (0, 0), (-1, -1), 4),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ("BACKGROUND", (0, 0), (0, -1), self.shade),
        ]

    def labelled(
        self,
        rows: list[list[Any]],
        widths: Sequence[float],
        style: Sequence[tuple[Any, ...]],
        blocks: Sequence[tuple[int, int]],
        *,
        repeat: int = 0,
        ruled: bool = True,
    ) -> Any:
        """A table whose label cell (column 0) spans each block of rows, as in the seed.

        reportlab cannot split a table inside a spanned cell, so a table too tall for one page
        is made without the spans instead: each label stays in its block's first row, the
        blocks are boxed, and the table can then run over pages.
        """
        from reportlab.platypus import Table

        spanned = Table(rows, colWidths=list(widths), repeatRows=repeat)
        spanned.setStyle([*style, *(("SPAN", (0, a), (0, b)) for a, b in blocks)])
        _, height = spanned.wrap(self.width, FRAME_HEIGHT)
        if height <= FRAME_HEIGHT:
            return spanned
        table = Table(rows, colWidths=list(widths), repeatRows=repeat)
        open_style = [c for c in style if not (ruled and c[0] == "GRID")]
        if ruled:
            open_style.append(("GRID", (1, 0), (-1, -1), _GRID, self.ink))
            open_style += [("BOX", (0, a), (0, b), _GRID, self.ink) for a, b in blocks]
        open_style.append(("VALIGN", (0, 0), (0, -1), "TOP"))
        table.setStyle(open_style)
        return table

    # ------------------------------------------------------------------ cover

    def cover(self, doc: AnnualPlanDocument) -> list[Any]:
        from reportlab.lib.enums import TA_CENTER
        from reportlab.lib.styles import ParagraphStyle
        from reportlab.platypus import PageBreak, Spacer, Table

        mm = self.mm
        big = ParagraphStyle(
            "cover1", fontName=self.font, fontSize=19, leading=30, alignment=TA_CENTER
        )
        bigger = ParagraphStyle(
            "cover2", fontName=self.font, fontSize=28, leading=40, alignment=TA_CENTER
        )
        lines = [
            ("年　　度", f"{doc.year}年"),
            ("市（州）", doc.city),
            *([("区（县）", doc.county)] if doc.county else []),
            ("单位（公章）", doc.unit),
            ("联 系 人", doc.contact),
            ("联系电话", doc.phone),
            ("邮　　箱", doc.email),
        ]
        fields = Table(
            [[f"{label}：", self.para(value, self.cell)] for label, value in lines],
            colWidths=[34 * mm, 86 * mm],
            rowHeights=[13 * mm] * len(lines),
        )
        fields.setStyle(
            [
                ("FONT", (0, 0), (-1, -1), self.font, 13, 18),
                ("ALIGN", (0, 0), (0, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LINEBELOW", (1, 0), (1, -1), 0.8, self.ink),
            ]
        )
        made = ParagraphStyle(
            "made", fontName=self.font, fontSize=14, leading=22, alignment=TA_CENTER
        )
        return [
            Spacer(1, 38 * mm),
            self.para(f"{doc.province}中小学教师信息技术应用能力提升工程", big),
            Spacer(1, 8 * mm),
            self.para(f"{doc.year}年度规划书", bigger),
            Spacer(1, 32 * mm),
            fields,
            Spacer(1, 40 * mm),
            self.para(f"{_clean(doc.unit)}\n{chinese_year(doc.made_on.year)}年", made),
            PageBreak(),
        ]

    # ------------------------------------------------------------------ part one

    def facts(self, doc: AnnualPlanDocument) -> Any:
        from reportlab.platypus import Table

        each = self.body / 6
        table = Table(
            [
                [
                    self.para("基本\n情况", self.label_style),
                    "教师总人数",
                    f"{doc.teachers:,}",
                    "学校总数",
                    f"{doc.schools:,}",
                    self.para(f"{doc.year}年应培训人数", self.small_center),
                    f"{doc.planned:,}",
                ]
            ],
            colWidths=[self.label] + [each] * 6,
        )
        table.setStyle(
            [
                *self.grid(),
                *(("BACKGROUND", (c, 0), (c, 0), self.shade) for c in (1, 3, 5)),
            ]
        )
        return table

    def people(self, doc: AnnualPlanDocument) -> Any:
        mm = self.mm
        widths = [self.label] + [w * mm for w in (20, 44, 24, 29, 33)]
        rows: list[list[Any]] = [["执行办\n负责人", "姓名", "单位", "职务", "联系电话", "邮箱"]]
        rows[0][0] = self.para("执行办\n负责人", self.label_style)
        for person in doc.heads:
            rows.append(["", *self._person(person)])
        first_member = len(rows)
        rows.append([self.para("相关\n成员", self.label_style)] + [""] * 5)
        members = list(doc.members) or []
        if members:
            rows[first_member][1:] = self._person(members[0])
            for person in members[1:]:
                rows.append(["", *self._person(person)])
        return self.labelled(
            rows,
            widths,
            [*self.grid(), ("BACKGROUND", (1, 0), (-1, 0), self.shade)],
            [(0, first_member - 1), (first_member, len(rows) - 1)],
        )

    def _person(self, person: PlanPerson) -> list[Any]:
        return [
            self.para(person.name, self.small_center),
            self.para(person.unit, self.small),
            self.para(person.position, self.small_center),
            _clean(person.phone),
            self.para(person.email, self.small),
        ]

    def projects(self, doc: AnnualPlanDocument) -> Any:
        mm = self.mm
        widths = [self.label] + [w * mm for w in (15, 35, 22, 22, 14, 18, 24)]
        header = [
            "地区",
            "项目名称",
            "培训对象",
            "培训方式",
            "培训\n人数",
            "经费投入\n（万元）",
            "培训机构",
        ]
        rows: list[list[Any]] = [
            [self.para("培训\n计划", self.label_style)]
            + [self.para(h, self.small_center) for h in header]
        ]
        for project in doc.projects:
            rows.append(
                [
                    "",
                    self.para(project.region, self.small_center),
                    self.para(project.name, self.small),
                    self.para(project.audience, self.small),
                    self.para(project.mode, self.small),
                    f"{project.trainees:,}",
                    _money(project.budget_wan),
                    self.para(project.institution, self.small),
                ]
            )
        rows.append(
            [
                "",
                "合计",
                "",
                "",
                "",
                f"{sum(p.trainees for p in doc.projects):,}",
                _money(round(sum(p.budget_wan for p in doc.projects), 4)),
                "",
            ]
        )
        return self.labelled(
            rows,
            widths,
            [
                *self.grid(),
                ("BACKGROUND", (1, 0), (-1, 0), self.shade),
                ("SPAN", (1, -1), (4, -1)),
                ("ALIGN", (5, 1), (6, -1), "RIGHT"),
            ],
            [(0, len(rows) - 1)],
            repeat=1,
        )

    def section(self, title: str, text: str) -> Any:
        # As the seed breaks its labels: 制度/建设, 混合式/培训, 本地资源/建设.
        label_text = f"{title[:-2]}\n{title[-2:]}" if 4 <= len(title) <= 6 else title
        rows: list[list[Any]] = []
        for paragraph in [p for p in _clean(text).split("\n") if p.strip()] or [""]:
            # A row cannot be split over pages: a long paragraph goes in pieces of a few lines.
            for index, piece in enumerate(_pieces(paragraph.strip())):
                rows.append(["", self.para(piece, self.continued if index else self.text)])
        rows[0][0] = self.para(label_text, self.label_style)
        # One box per section; the paragraphs are rows without rules between them.
        return self.labelled(
            rows,
            [self.label, self.body],
            [
                ("FONT", (0, 0), (-1, -1), self.font, 10.5, 17),
                ("BOX", (0, 0), (-1, -1), _GRID, self.ink),
                ("LINEAFTER", (0, 0), (0, -1), _GRID, self.ink),
                ("BACKGROUND", (0, 0), (0, -1), self.shade),
                ("VALIGN", (0, 0), (0, -1), "MIDDLE"),
                ("VALIGN", (1, 0), (1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                ("TOPPADDING", (1, 0), (1, 0), 6),
                ("BOTTOMPADDING", (1, -1), (1, -1), 8),
            ],
            [(0, len(rows) - 1)],
            ruled=False,
        )


def _pieces(paragraph: str, size: int = 0) -> list[str]:
    """A paragraph cut after a full stop (or at ``size``) into pieces of at most ``size``."""
    size = size or PIECE
    pieces: list[str] = []
    rest = paragraph
    while len(rest) > size:
        cut = max(rest.rfind(mark, 0, size) for mark in "。；！？;.")
        cut = cut + 1 if cut > size // 2 else size
        pieces.append(rest[:cut])
        rest = rest[cut:]
    pieces.append(rest)
    return pieces


def write_annual_plan_pdf(out: Path, document: AnnualPlanDocument) -> int:
    """Write the 年度规划书; returns the number of pages."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    font = register_cjk_font()
    layout = _Layout(font)
    story: list[Any] = layout.cover(document)
    story.append(layout.para(PART_ONE, layout.heading))
    story += [layout.facts(document), layout.people(document), layout.projects(document)]
    for part, heading in ((1, None), (2, PART_TWO)):
        if heading:
            story.append(layout.para(heading, layout.heading))
        story += [layout.section(t.title, t.text) for t in document.texts if t.part == part]
    pages = 0
    footer = f"{document.year}年度规划书"

    def on_page(canvas: Any, doc: Any) -> None:
        nonlocal pages
        pages = max(pages, int(doc.page))
        if doc.page == 1:
            return  # the cover has no footer
        canvas.saveState()
        canvas.setFont(font, 9)
        canvas.drawCentredString(A4[0] / 2, 12 * mm, f"{footer}　第 {doc.page - 1} 页")
        canvas.restoreState()

    def write(target: Path) -> None:
        nonlocal pages
        pages = 0
        template = SimpleDocTemplate(
            str(target),
            pagesize=A4,
            leftMargin=20 * mm,
            rightMargin=20 * mm,
            topMargin=20 * mm,
            bottomMargin=22 * mm,
            title=f"{document.year}年度规划书",
            author=_clean(document.unit),
            creator="NLTS Desktop",
        )
        template.build(story, onFirstPage=on_page, onLaterPages=on_page)

    atomic_write(out, write)
    return pages
