"""The upper levels' official forms as .xlsx, laid out as in the seeds' attachments.

* 附件2 培训机构名单 and 附件3 参训人员变更信息表: Sichuan 2015 notice (seed 000);
* 附件二 能力提升工程项目设计表: Anhui 2020 notice (seed 001);
* the county's own per-school hours summary (学时完成情况汇总表).

Each form keeps its seed's attachment label, title rows, the filling-unit / contact / phone /
date line, the columns in the seed's order and wording (spacing a Word table used for
justification, as in "培训  机构", is dropped), a totals row where there is one, and the seed's
notes under the table; printed on A4 (landscape when wide) fitted to the page width with the
header rows repeated on every page.  These are small tables, so the full (not write-only)
openpyxl is used; every text goes through :func:`safe_text`, every file through
:func:`atomic_write`.  openpyxl is imported inside the functions (start-up time).
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from nlts_desktop.domain.errors import AppError
from nlts_desktop.exchange.excel_writer import TEXT_FORMAT, atomic_write, safe_text

FONT_NAME = "宋体"
MONEY_FORMAT = "0.00##"
PERCENT_FORMAT = "0.0%"

# 附件2 (seed 000)
INSTITUTIONS_LABEL = "附件2"
INSTITUTIONS_TITLE = ("“国培计划”—中小学教师信息技术", "应用能力提升工程项目培训机构名单")
INSTITUTIONS_HEADERS = ("序号", "培训机构", "机构负责人", "联系电话")
INSTITUTIONS_NOTE = "备注：按机构负责人姓氏排序。"

# 附件3 (seed 000); "（样表）" of the seed's title marks the blank sample and is dropped.
CHANGES_LABEL = "附件3"
CHANGES_TITLE = ("中小学教师信息技术应用能力提升培训", "参训人员变更信息表")
CHANGES_HEADERS = (
    "培训项目",
    "调换情况",
    "姓名",
    "性别",
    "工作单位\n（全称）",
    "联系电话/手机\n（必填）",
    "培训机构",
    "备注",
)
ORIGINAL_LABEL = "原报送人员"
REPLACEMENT_LABEL = "变更人员"
CHANGES_NOTE = "备注：此表以excel格式报送,信息请填写完整。"  # the seed's wording, comma included

# 附件二 (seed 001)
DESIGN_LABEL = "附件二"
DESIGN_TITLE = "能力提升工程项目设计表"
DESIGN_HEADERS = (
    "序号",
    "项目级别",
    "项目名称",
    "项目简介",
    "培训人数",
    "项目经费(万元)",
    "经费来源",
)
DESIGN_NOTES = (
    "填表说明：",
    "1. 请用 EXCEL 制表",
    "2. 表格由市工程办汇总报送，省直管县直接报送",
)

# The county's per-school summary (not a seed form).
SUMMARY_TITLE = "中小学教师信息技术应用能力提升工程2.0学时完成情况汇总表"
SUMMARY_HEADERS = (
    "学校标识码",
    "学校名称",
    "在职教师数",
    "已达标人数",
    "达标率",
    "网络研修学时合计",
    "校本实践学时合计",
    "网络研修不足人数",
    "实践学时不足人数",
)
SUMMARY_ASSESSMENT_HEADER = "考核未通过/待认定人数"
SUMMARY_ASSESSMENT_SUBHEADERS = ("考核未通过", "待认定")
TOTAL_LABEL = "合计"

# Surnames whose reading as a surname differs from the reading GB 2312 files them under (曾 is
# already filed as zeng), or that GB 2312 files by radical: mapped to a character of the same
# surname reading, so the pinyin order below puts them where a reader expects them.
_SURNAME_READINGS = {
    "单": "善",  # shan, not dan
    "解": "谢",  # xie, not jie
    "仇": "求",  # qiu, not chou
    "区": "欧",  # ou, not qu
    "查": "渣",  # zha, not cha
    "朴": "飘",  # piao, not pu
    "翟": "宅",  # zhai, not di
    "盖": "葛",  # ge, not gai
    "乐": "月",  # yue, not le
    "缪": "妙",  # miao; filed by radical in GB 2312
    "覃": "秦",  # qin; filed by radical in GB 2312
    "褚": "楚",  # chu; filed by radical in GB 2312
}


# --- rows --------------------------------------------------------------------------------


@dataclass(frozen=True)
class InstitutionRow:
    """One 承训机构 of 附件2."""

    name: str
    contact: str
    phone: str


@dataclass(frozen=True)
class TraineePerson:
    """One person of a 参训人员变更 pair."""

    name: str
    gender: str
    unit: str  # 工作单位（全称）
    phone: str


@dataclass(frozen=True)
class TraineeChangeRow:
    """One replacement of 附件3: 原报送人员 → 变更人员 in one project."""

    project: str
    original: TraineePerson
    replacement: TraineePerson
    institution: str
    note: str = ""


@dataclass(frozen=True)
class ProjectDesignRow:
    """One project of 附件二 (序号 is given by the order)."""

    level: str
    name: str
    summary: str
    trainees: int
    budget_wan: float  # 项目经费, 万元
    funding_source: str


@dataclass(frozen=True)
class SchoolHoursRow:
    """One school of the hours summary."""

    school_code: str
    school_name: str
    teachers: int
    qualified: int
    online_hours: float
    practice_hours: float
    online_short: int
    practice_short: int
    assessment_failed: int
    assessment_pending: int

    @property
    def rate(self) -> float | None:
        """已达标人数 / 在职教师数, None without teachers."""
        return self.qualified / self.teachers if self.teachers else None


# --- helpers -----------------------------------------------------------------------------


def chinese_date(day: date) -> str:
    """2026年3月5日."""
    return f"{day.year}年{day.month}月{day.day}日"


def surname_sort_key(name: str) -> tuple[tuple[int, bytes], ...]:
    """Sort key putting names in pinyin order of the surname (then of the given name).

    GB 2312 files its 3,755 level-1 characters, which hold nearly every surname, in pinyin
    order, so their GB 18030 bytes sort by pinyin without a pinyin table; a few surnames read
    differently as surnames (单 shan, 解 xie, …) and are mapped first.  Characters outside the
    level-1 block sort after it, in code order; an empty name sorts last.
    """
    text = "".join(unicodedata.normalize("NFKC", name).split())
    if not text:
        return ((3, b""),)
    key: list[tuple[int, bytes]] = []
    for index, char in enumerate(text):
        if index == 0:
            char = _SURNAME_READINGS.get(char, char)
        encoded = char.encode("gb18030")
        if len(encoded) == 2 and 0xB0 <= encoded[0] <= 0xD7:
            key.append((1, encoded))
        elif len(encoded) == 1:
            key.append((0, encoded))  # Latin letters and digits first, as in any list
        else:
            key.append((2, encoded))
    return tuple(key)


def _display_width(text: str) -> int:
    # A CJK character is about two "0" widths in Excel's column unit.
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def wrapped_lines(text: str, width: float) -> int:
    """How many lines ``text`` takes in a cell ``width`` characters wide (for row heights)."""
    usable = max(1.0, width - 3)  # less the indent and the cell padding
    return sum(max(1, math.ceil(_display_width(part) / usable)) for part in text.split("\n"))


def _hours(value: float) -> float | int:
    value = round(value, 6)
    return int(value) if value == int(value) else value


@dataclass(frozen=True)
class FormColumn:
    """One column of an official form: title, width, alignment, number format."""

    header: str
    width: float
    align: str = "center"  # data alignment: center | left | right
    number_format: str | None = None


class FormSheet:
    """Appends the rows of one form sheet and styles them; widths and print setup at the end."""

    LINE_HEIGHT = 14.5

    def __init__(self, sheet: Any, columns: Sequence[FormColumn]) -> None:
        from openpyxl.styles import Alignment, Border, Font, Side

        self.sheet = sheet
        self.columns = list(columns)
        self.count = len(columns)
        self.font = Font(name=FONT_NAME, size=11)
        self.bold = Font(name=FONT_NAME, size=11, bold=True)
        self.title_font = Font(name=FONT_NAME, size=16, bold=True)
        self.label_font = Font(name=FONT_NAME, size=12, bold=True)
        thin = Side(style="thin", color="FF000000")
        self.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        self.alignment = Alignment
        self.header_rows: tuple[int, int] | None = None
        self.blocks: list[tuple[int, int]] = []  # row ranges a page break must not split
        for index, column in enumerate(self.columns, start=1):
            sheet.column_dimensions[_letter(index)].width = column.width

    def append(self, values: Sequence[object]) -> int:
        """Append one row (text made safe) and return its number."""
        self.sheet.append([safe_text(value, self.sheet) for value in values])
        return int(self.sheet.max_row)

    def merge(self, row: int, first: int, last: int, *, to_row: int | None = None) -> None:
        """Merge columns first..last (1-based) of ``row`` (through ``to_row``)."""
        end = to_row or row
        if first != last or end != row:
            self.sheet.merge_cells(start_row=row, start_column=first, end_row=end, end_column=last)

    def label(self, text: str) -> None:
        """The attachment label (附件2) alone at the top left."""
        row = self.append([text])
        cell = self.sheet.cell(row=row, column=1)
        cell.font = self.label_font
        cell.alignment = self.alignment(horizontal="left", vertical="center")
        self.sheet.row_dimensions[row].height = 20

    def title(self, text: str) -> None:
        """A title row merged across every column, bold and centred."""
        row = self.append([text])
        self.merge(row, 1, self.count)
        cell = self.sheet.cell(row=row, column=1)
        cell.font = self.title_font
        cell.alignment = self.alignment(horizontal="center", vertical="center")
        self.sheet.row_dimensions[row].height = 27

    def line(self, segments: Sequence[tuple[str, int, str]]) -> None:
        """A line of ``(text, columns spanned, alignment)`` segments (the 填报单位 line)."""
        values: list[object] = []
        for text, span, _ in segments:
            values += [text or None] + [None] * (span - 1)
        row = self.append(values)
        column = 1
        for _, span, align in segments:
            self.merge(row, column, column + span - 1)
            cell = self.sheet.cell(row=row, column=column)
            cell.font = self.font
            cell.alignment = self.alignment(horizontal=align, vertical="center")
            column += span
        self.sheet.row_dimensions[row].height = 21

    def header(self, texts: Sequence[str | None]) -> int:
        """A header row: bold, centred, wrapped, bordered."""
        row = self.append(texts)
        lines = 1
        for index, text in enumerate(texts, start=1):
            cell = self.sheet.cell(row=row, column=index)
            cell.font = self.bold
            cell.border = self.border
            cell.alignment = self.alignment(horizontal="center", vertical="center", wrap_text=True)
            if text:
                lines = max(lines, wrapped_lines(text, self.columns[index - 1].width))
        self.sheet.row_dimensions[row].height = max(24.0, lines * self.LINE_HEIGHT + 8)
        first = self.header_rows[0] if self.header_rows else row
        self.header_rows = (first, row)
        return row

    def data(self, values: Sequence[object], *, bold: bool = False) -> int:
        """A bordered data row, wrapped where the column is left-aligned text."""
        row = self.append(values)
        lines = 1
        for index, value in enumerate(values, start=1):
            column = self.columns[index - 1]
            cell = self.sheet.cell(row=row, column=index)
            cell.font = self.bold if bold else self.font
            cell.border = self.border
            cell.alignment = self.alignment(
                horizontal=column.align,
                vertical="center",
                wrap_text=True,
                indent=1 if column.align != "center" else 0,
            )
            if column.number_format and isinstance(value, int | float):
                cell.number_format = column.number_format
            elif column.number_format == TEXT_FORMAT:
                cell.number_format = TEXT_FORMAT
            if isinstance(value, str):
                lines = max(lines, wrapped_lines(value, column.width))
        self.sheet.row_dimensions[row].height = max(22.0, lines * self.LINE_HEIGHT + 6)
        return row

    def note(self, text: str) -> None:
        """A note line under the table, merged across every column."""
        row = self.append([text])
        self.merge(row, 1, self.count)
        cell = self.sheet.cell(row=row, column=1)
        cell.font = self.font
        cell.alignment = self.alignment(horizontal="left", vertical="center", wrap_text=True)
        total = sum(c.width for c in self.columns)
        self.sheet.row_dimensions[row].height = max(
            20.0, wrapped_lines(text, total) * self.LINE_HEIGHT + 5
        )

    def finish(self, *, landscape: bool) -> None:
        """Print setup: A4, orientation, fit to width, repeated header rows, page numbers."""
        from openpyxl.worksheet.page import PageMargins

        sheet = self.sheet
        setup = sheet.page_setup
        setup.paperSize = sheet.PAPERSIZE_A4
        setup.orientation = "landscape" if landscape else "portrait"
        setup.fitToWidth = 1
        setup.fitToHeight = 0  # as many pages tall as it takes
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.print_options.horizontalCentered = True
        sheet.page_margins = PageMargins(left=0.5, right=0.5, top=0.6, bottom=0.7)
        sheet.oddFooter.center.text = "第 &P 页，共 &N 页"
        sheet.oddFooter.center.size = 9
        if self.header_rows:
            first, last = self.header_rows
            sheet.print_title_rows = f"{first}:{last}"
            sheet.freeze_panes = f"A{last + 1}"
        self._break_between_blocks(landscape=landscape, margins=(0.5 + 0.5, 0.6 + 0.7))

    def _height(self, row: int) -> float:
        return float(self.sheet.row_dimensions[row].height or 15.0)

    def _break_between_blocks(self, *, landscape: bool, margins: tuple[float, float]) -> None:
        """Manual page breaks so that no block (a 原报送/变更 pair) is split over two pages.

        Neither Excel nor LibreOffice keeps rows together, and a merged cell cut by a page
        break prints half its text on each page.  The page's capacity follows from the
        fit-to-width scale (column widths at ~7 px per unit + 5 px padding, 0.75 pt per px);
        a small reserve absorbs the difference between this estimate and the renderer's.
        """
        from openpyxl.worksheet.pagebreak import Break

        if not self.blocks or not self.header_rows:
            return
        paper = (841.9, 595.3) if landscape else (595.3, 841.9)
        width = sum(column.width * 7 + 5 for column in self.columns) * 0.75
        scale = min(1.0, (paper[0] - margins[0] * 72) / width)
        capacity = (paper[1] - margins[1] * 72 - 12) / scale * 0.95
        first_header, last_header = self.header_rows
        repeated = sum(self._height(r) for r in range(first_header, last_header + 1))
        used = sum(self._height(r) for r in range(1, self.blocks[0][0]))
        for start, end in self.blocks:
            height = sum(self._height(r) for r in range(start, end + 1))
            if used + height > capacity and used > repeated:
                self.sheet.row_breaks.append(Break(id=start - 1))
                used = repeated
            used += height


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(index))


def save_form(path: Path, title: str, build: Callable[[Any], int]) -> int:
    """One sheet named ``title``, filled by ``build``, saved atomically; returns its count."""
    from openpyxl import Workbook

    count = 0

    def write(target: Path) -> None:
        nonlocal count
        book = Workbook()
        sheet = book.active
        sheet.title = title[:31]
        book.properties.title = title
        book.properties.creator = "NLTS Desktop"
        count = build(sheet)
        book.save(target)

    atomic_write(path, write)
    return count


def require_rows(rows: Sequence[object], what: str) -> None:
    """Refuse to write a form ``what`` without a single row (nothing half-empty is written)."""
    if not rows:
        raise AppError(f"没有可以填入“{what}”的数据，没有生成文件。", code="form.empty")


# --- the forms ---------------------------------------------------------------------------


def write_institutions_form(
    path: Path, *, rows: Sequence[InstitutionRow], province: str = ""
) -> int:
    """附件2 培训机构名单, sorted by the 机构负责人's surname as its note says; returns rows."""
    require_rows(rows, "培训机构名单")
    ordered = sorted(rows, key=lambda r: (surname_sort_key(r.contact), surname_sort_key(r.name)))
    columns = (
        FormColumn("序号", 8),
        FormColumn("培训机构", 40, align="left"),
        FormColumn("机构负责人", 14),
        FormColumn("联系电话", 20, number_format=TEXT_FORMAT),
    )

    def build(sheet: Any) -> int:
        form = FormSheet(sheet, columns)
        form.label(INSTITUTIONS_LABEL)
        form.title(f"{province}{INSTITUTIONS_TITLE[0]}")
        form.title(INSTITUTIONS_TITLE[1])
        form.header(INSTITUTIONS_HEADERS)
        for number, row in enumerate(ordered, start=1):
            form.data([number, row.name, row.contact, row.phone])
        form.note(INSTITUTIONS_NOTE)
        form.finish(landscape=False)
        return len(ordered)

    return save_form(path, "培训机构名单", build)


def write_trainee_changes_form(
    path: Path,
    *,
    region: str,
    unit: str,
    filler: str,
    filled_on: date,
    rows: Sequence[TraineeChangeRow],
    province: str = "",
) -> int:
    """附件3 参训人员变更信息表: each change as a 原报送人员 / 变更人员 pair; returns changes."""
    require_rows(rows, "参训人员变更信息表")
    columns = (
        FormColumn("培训项目", 28, align="left"),
        FormColumn("调换情况", 12),
        FormColumn("姓名", 10),
        FormColumn("性别", 6),
        FormColumn("工作单位（全称）", 28, align="left"),
        FormColumn("联系电话/手机（必填）", 17, number_format=TEXT_FORMAT),
        FormColumn("培训机构", 18, align="left"),
        FormColumn("备注", 20, align="left"),
    )

    def build(sheet: Any) -> int:
        form = FormSheet(sheet, columns)
        form.label(CHANGES_LABEL)
        form.title(f"{province}{CHANGES_TITLE[0]}")
        form.title(CHANGES_TITLE[1])
        form.line(
            [
                (f"市（县）：{region}", 2, "left"),
                (f"填报单位（盖章）：{unit}", 3, "left"),
                (f"填报人：{filler}", 1, "left"),
                (f"填报日期：{chinese_date(filled_on)}", 2, "left"),
            ]
        )
        form.header(CHANGES_HEADERS)
        for change in rows:
            pair = ((ORIGINAL_LABEL, change.original), (REPLACEMENT_LABEL, change.replacement))
            first = 0
            for index, (label, person) in enumerate(pair):
                shared = (
                    (change.project, change.institution, change.note) if not index else ("",) * 3
                )
                row = form.data(
                    [
                        shared[0] or None,
                        label,
                        person.name,
                        person.gender,
                        person.unit,
                        person.phone,
                        shared[1] or None,
                        shared[2] or None,
                    ]
                )
                first = first or row
            # The project, its institution and the note belong to the pair, not to one person.
            for column in (1, 7, 8):
                form.merge(first, column, column, to_row=first + 1)
            _share_height(sheet, first, columns, change)
            form.blocks.append((first, first + 1))
        form.note(CHANGES_NOTE)
        form.finish(landscape=True)
        return len(rows)

    return save_form(path, "参训人员变更信息表", build)


def _share_height(
    sheet: Any, first: int, columns: Sequence[FormColumn], change: TraineeChangeRow
) -> None:
    """Rows of a pair tall enough together for the merged project, institution and note."""
    needed = max(
        wrapped_lines(change.project, columns[0].width),
        wrapped_lines(change.institution, columns[6].width),
        wrapped_lines(change.note, columns[7].width),
    )
    height = needed * FormSheet.LINE_HEIGHT + 6
    for row in (first, first + 1):
        current = sheet.row_dimensions[row].height or 22.0
        sheet.row_dimensions[row].height = max(current, height / 2)


def write_project_design_form(
    path: Path,
    *,
    unit: str,
    contact: str,
    phone: str,
    filled_on: date,
    rows: Sequence[ProjectDesignRow],
    year: int | None = None,
) -> int:
    """附件二 能力提升工程项目设计表 with the 培训人数 and 项目经费 totals; returns projects."""
    require_rows(rows, "能力提升工程项目设计表")
    columns = (
        FormColumn("序号", 7),
        FormColumn("项目级别", 10),
        FormColumn("项目名称", 32, align="left"),
        FormColumn("项目简介", 46, align="left"),
        FormColumn("培训人数", 10, align="right", number_format="0"),
        FormColumn("项目经费(万元)", 15, align="right", number_format=MONEY_FORMAT),
        FormColumn("经费来源", 14),
    )

    def build(sheet: Any) -> int:
        form = FormSheet(sheet, columns)
        form.label(DESIGN_LABEL)
        form.title(f"{year}年{DESIGN_TITLE}" if year else DESIGN_TITLE)
        # The seed puts 填报单位, 联系人 and 联系电话 on lines of their own; the date goes on
        # the right of the first.
        form.line(
            [(f"填报单位：{unit}", 4, "left"), (f"填报日期：{chinese_date(filled_on)}", 3, "right")]
        )
        form.line([(f"联系人：{contact}", 4, "left"), ("", 3, "left")])
        form.line([(f"联系电话：{phone}", 4, "left"), ("", 3, "left")])
        form.header(DESIGN_HEADERS)
        for number, project in enumerate(rows, start=1):
            form.data(
                [
                    number,
                    project.level,
                    project.name,
                    project.summary,
                    project.trainees,
                    round(project.budget_wan, 4),
                    project.funding_source,
                ]
            )
        trainees = sum(p.trainees for p in rows)
        budget = round(sum(p.budget_wan for p in rows), 4)
        total = form.data([TOTAL_LABEL, None, None, None, trainees, budget, None], bold=True)
        form.merge(total, 1, 4)
        sheet.cell(row=total, column=1).alignment = form.alignment(
            horizontal="center", vertical="center"
        )
        for text in DESIGN_NOTES:
            form.note(text)
        form.finish(landscape=True)
        return len(rows)

    return save_form(path, "项目设计表", build)


def write_school_hours_summary(
    path: Path,
    *,
    region: str,
    filled_on: date,
    rows: Sequence[SchoolHoursRow],
    notes: Sequence[str] = (),
) -> int:
    """The per-school hours summary with a totals row; returns schools."""
    require_rows(rows, "学时完成情况汇总表")
    columns = (
        FormColumn("学校标识码", 13, number_format=TEXT_FORMAT),
        FormColumn("学校名称", 30, align="left"),
        FormColumn("在职教师数", 10, align="right"),
        FormColumn("已达标人数", 10, align="right"),
        FormColumn("达标率", 9, align="right", number_format=PERCENT_FORMAT),
        FormColumn("网络研修学时合计", 12, align="right"),
        FormColumn("校本实践学时合计", 12, align="right"),
        FormColumn("网络研修不足人数", 11, align="right"),
        FormColumn("实践学时不足人数", 11, align="right"),
        FormColumn("考核未通过", 10, align="right"),
        FormColumn("待认定", 10, align="right"),
    )

    def build(sheet: Any) -> int:
        form = FormSheet(sheet, columns)
        form.title(f"{region}{SUMMARY_TITLE}")
        form.line(
            [
                (f"填报单位：{region}", 6, "left"),
                (f"填报日期：{chinese_date(filled_on)}", 5, "right"),
            ]
        )
        top = form.header([*SUMMARY_HEADERS, SUMMARY_ASSESSMENT_HEADER, None])
        form.header([None] * len(SUMMARY_HEADERS) + list(SUMMARY_ASSESSMENT_SUBHEADERS))
        for column in range(1, len(SUMMARY_HEADERS) + 1):
            form.merge(top, column, column, to_row=top + 1)
        form.merge(top, len(SUMMARY_HEADERS) + 1, len(columns))
        sheet.row_dimensions[top].height = 24
        sheet.row_dimensions[top + 1].height = 24
        for school in rows:
            form.data(_summary_values(school))
        teachers = sum(r.teachers for r in rows)
        qualified = sum(r.qualified for r in rows)
        total = SchoolHoursRow(
            school_code=TOTAL_LABEL,
            school_name="",
            teachers=teachers,
            qualified=qualified,
            online_hours=sum(r.online_hours for r in rows),
            practice_hours=sum(r.practice_hours for r in rows),
            online_short=sum(r.online_short for r in rows),
            practice_short=sum(r.practice_short for r in rows),
            assessment_failed=sum(r.assessment_failed for r in rows),
            assessment_pending=sum(r.assessment_pending for r in rows),
        )
        values = _summary_values(total)
        values[1] = None
        row = form.data(values, bold=True)
        form.merge(row, 1, 2)
        for text in notes:
            form.note(text)
        form.finish(landscape=True)
        return len(rows)

    return save_form(path, "学时完成情况汇总", build)


def _summary_values(row: SchoolHoursRow) -> list[object]:
    rate = row.rate
    return [
        row.school_code,
        row.school_name,
        row.teachers,
        row.qualified,
        round(rate, 4) if rate is not None else "—",
        _hours(row.online_hours),
        _hours(row.practice_hours),
        row.online_short,
        row.practice_short,
        row.assessment_failed,
        row.assessment_pending,
    ]


# --- the city's per-county summary -------------------------------------------------------

CITY_SUMMARY_TITLE = "中小学教师信息技术应用能力提升工程2.0各区县完成情况汇总表"
CITY_SUMMARY_HEADERS = (
    "区县代码",
    "区县名称",
    "学校数",
    "在职教师数",
    "已达标人数",
    "达标率",
    "考核通过人数",
    "网络研修学时合计",
    "校本实践学时合计",
    "数据日期",
)


@dataclass(frozen=True)
class CountyTotalsRow:
    """One county of the city's summary, from its latest 区县上报 package."""

    county_code: str
    county_name: str
    schools: int
    teachers: int
    qualified: int  # 已达标人数: hours and assessment both met
    assessment_passed: int  # 考核通过人数
    online_hours: float
    practice_hours: float
    reported_on: str  # 数据日期: the county report's date, "2026-11-20"

    @property
    def rate(self) -> float | None:
        """已达标人数 / 在职教师数, None without teachers."""
        return self.qualified / self.teachers if self.teachers else None


def write_city_summary(
    path: Path,
    *,
    region: str,
    filled_on: date,
    rows: Sequence[CountyTotalsRow],
    notes: Sequence[str] = (),
) -> int:
    """The city's per-county summary with a totals row; returns the county count."""
    require_rows(rows, "各区县完成情况汇总表")
    columns = (
        FormColumn("区县代码", 11, number_format=TEXT_FORMAT),
        FormColumn("区县名称", 20, align="left"),
        FormColumn("学校数", 9, align="right"),
        FormColumn("在职教师数", 11, align="right"),
        FormColumn("已达标人数", 11, align="right"),
        FormColumn("达标率", 9, align="right", number_format=PERCENT_FORMAT),
        FormColumn("考核通过人数", 11, align="right"),
        FormColumn("网络研修学时合计", 13, align="right"),
        FormColumn("校本实践学时合计", 13, align="right"),
        FormColumn("数据日期", 12, number_format=TEXT_FORMAT),
    )

    def build(sheet: Any) -> int:
        form = FormSheet(sheet, columns)
        form.title(f"{region}{CITY_SUMMARY_TITLE}")
        form.line(
            [
                (f"填报单位：{region}", 5, "left"),
                (f"填报日期：{chinese_date(filled_on)}", 5, "right"),
            ]
        )
        form.header(CITY_SUMMARY_HEADERS)
        for county in rows:
            form.data(_city_values(county))
        total = CountyTotalsRow(
            county_code=TOTAL_LABEL,
            county_name="",
            schools=sum(r.schools for r in rows),
            teachers=sum(r.teachers for r in rows),
            qualified=sum(r.qualified for r in rows),
            assessment_passed=sum(r.assessment_passed for r in rows),
            online_hours=sum(r.online_hours for r in rows),
            practice_hours=sum(r.practice_hours for r in rows),
            reported_on="",
        )
        values = _city_values(total)
        values[1] = None
        values[-1] = None  # the counties' reports have dates of their own
        row = form.data(values, bold=True)
        form.merge(row, 1, 2)
        for text in notes:
            form.note(text)
        form.finish(landscape=True)
        return len(rows)

    return save_form(path, "各区县完成情况汇总", build)


def _city_values(row: CountyTotalsRow) -> list[object]:
    rate = row.rate
    return [
        row.county_code,
        row.county_name,
        row.schools,
        row.teachers,
        row.qualified,
        round(rate, 4) if rate is not None else "—",
        row.assessment_passed,
        _hours(row.online_hours),
        _hours(row.practice_hours),
        row.reported_on,
    ]
