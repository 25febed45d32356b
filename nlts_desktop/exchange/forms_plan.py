"""The planning forms as .xlsx, laid out as in the seeds' attachments, and read back.

* 附件1-1 市、县级培训年度计划表 (Sichuan 2015 notice, seed 000): 地区, 教师总数, then per year
  a merged year heading over 省级 (or 省培 / 国培), 市级, 合计, 完成比例（%）; a totals row;
* 附件一 试点单位信息汇总表 (Anhui 2020 notice, seed 001): 区县, 学校, 学校基本情况 (学段, 区域,
  信息化环境, 教师人数 under one merged heading), 联系人, 联系电话;
* 附件2 “提升工程2.0”工作小组名单 (Foshan 2020 plan, seed 004): 负责科室, then 组长 / 副组长 /
  成员 with 姓名, 职务, 联系电话, 电子邮箱, and the bureau's opinion with signature and seal.

The writers use :class:`~nlts_desktop.exchange.forms.FormSheet` like the other official forms
(title rows, the filling-unit line, bordered header and data rows, A4, fit to width, repeated
header rows).  The plan table and the group list are also import templates: the readers below
take the program's own layout (and the seed's, which is the same) back as raw cells with their
row and column, and the services validate them.  calamine reads the file (FIELD-NOTES: fast, safe
against entity bombs) through the same opening and error translation as ``read_table``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from nlts_desktop.domain.errors import ValidationError
from nlts_desktop.exchange.excel_reader import (
    calamine_call,
    header_candidates,
    header_key,
    open_workbook,
)
from nlts_desktop.exchange.excel_writer import TEXT_FORMAT
from nlts_desktop.exchange.forms import (
    TOTAL_LABEL,
    FormColumn,
    FormSheet,
    chinese_date,
    require_rows,
    save_form,
    wrapped_lines,
)
from nlts_desktop.exchange.limits import DEFAULT_LIMITS, FileLimits
from nlts_desktop.exchange.sheet_guard import column_letter
from nlts_desktop.exchange.sniff import check_spreadsheet_file

# 附件1-1 (seed 000)
PLAN_LABEL = "附件1-1"
PLAN_TITLE = ("中小学教师信息技术应用能力提升工程", "市、县级培训年度计划表")
PLAN_REGION_HEADER = "地区"
PLAN_TEACHERS_HEADER = "教师总数"  # the seed's "教师  总数" is Word justification
PLAN_TOTAL_HEADER = "合计"
PLAN_RATIO_HEADER = "完成比例（%）"
PLAN_NOTE_LABEL = "备注："

# 附件一 (seed 001)
PILOT_LABEL = "附件一"
PILOT_TITLE = "试点单位信息汇总表"
PILOT_HEADERS = ("区县", "学校", "学校基本情况", "联系人", "联系电话")
PILOT_SUBHEADERS = ("学段", "区域", "信息化环境", "教师人数")
PILOT_NOTES = (
    "填表说明：",
    "1. 请用 EXCEL 制表",
    "2. 表格由市工程办汇总报送，省直管县直接报送",
    "3. “学校基本情况”需要介绍学校学段信息（如初中、九年一贯制等）、区域信息（如市区、县区、"
    "乡村、中心校等）、信息化环境、教师人数",
)

# 附件 2 (seed 004)
LEADERSHIP_LABEL = "附件2"
LEADERSHIP_TITLE = "“提升工程2.0”工作小组名单"
LEADERSHIP_OFFICE = "负责科室"
LEADERSHIP_HEADERS = ("姓名", "职务", "联系电话", "电子邮箱")
LEADERSHIP_ROLES = ("组长", "副组长", "成员")
LEADERSHIP_SIGNATURE = "负责人签字：　　　　　　　　（公章）　　　　　　年　　月　　日"
OPINION_SUFFIX = "意见"

_YEAR = re.compile(r"^(\d{4})年?度?$")
_NOTE_STARTS = ("备注", "填表说明", "说明", "注：", "注:")


# --- rows --------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanTableRow:
    """One 地区 of 附件1-1: its teachers and, per year, the counts of the level columns."""

    region: str
    teachers: int
    counts: tuple[tuple[int, ...], ...]  # [year][level column], years and levels in table order


@dataclass(frozen=True)
class PilotSchoolRow:
    """One pilot school of 附件一."""

    county: str
    school: str
    stage: str  # 学段
    area: str  # 区域: 市区 / 县区 / 乡村, with 中心校
    environment: str  # 信息化环境
    teachers: int
    contact: str
    phone: str


@dataclass(frozen=True)
class LeaderRow:
    """One person of the 工作小组 as printed."""

    name: str
    position: str
    phone: str
    email: str = ""


def _ratio(total: int, teachers: int) -> float | str:
    """完成比例（%）: the year's 合计 over 教师总数, in percent with one decimal."""
    return round(total * 100 / teachers, 1) if teachers else "—"


# --- 附件1-1 -----------------------------------------------------------------------------


def write_annual_plan_table(
    path: Path,
    *,
    province: str,
    region: str,
    contact: str,
    phone: str,
    filled_on: date,
    years: Sequence[int],
    levels: Sequence[str],
    rows: Sequence[PlanTableRow],
    notes: Sequence[str] = (),
) -> int:
    """附件1-1 市、县级培训年度计划表 with the 合计 row; returns the number of 地区 rows.

    ``levels`` are the per-year level columns before 合计 (the seed: 省级, 市级; 省培, 国培
    where the national programme counts separately).
    """
    require_rows(rows, "市、县级培训年度计划表")
    if not years or not levels:
        raise ValueError("the plan table needs years and level columns")
    per_year = len(levels) + 2
    columns = [FormColumn(PLAN_REGION_HEADER, 14), FormColumn(PLAN_TEACHERS_HEADER, 10, "right")]
    for _ in years:
        columns += [FormColumn(label, 8.5, "right", "0") for label in levels]
        columns += [
            FormColumn(PLAN_TOTAL_HEADER, 8.5, "right", "0"),
            FormColumn(PLAN_RATIO_HEADER, 9.5, "right", "0.0"),
        ]

    def build(sheet: Any) -> int:
        form = FormSheet(sheet, columns)
        form.label(PLAN_LABEL)
        form.title(f"{province}{PLAN_TITLE[0]}")
        form.title(PLAN_TITLE[1])
        # The seed's line: "____市  联系人：  联系电话：  填报时间", spread over the width.
        part = max(1, (len(columns) - 2) // 3)
        form.line(
            [
                (region, 2, "left"),
                (f"联系人：{contact}", part, "left"),
                (f"联系电话：{phone}", part, "left"),
                (f"填报时间：{chinese_date(filled_on)}", len(columns) - 2 - 2 * part, "right"),
            ]
        )
        span = f"{years[0]}—{years[-1]}年" if len(years) > 1 else f"{years[0]}年"
        caption = form.header([f"中小学教师信息技术应用能力提升{span}分年度培训计划"])
        form.merge(caption, 1, len(columns))
        top: list[str | None] = [PLAN_REGION_HEADER, PLAN_TEACHERS_HEADER]
        sub: list[str | None] = [None, None]
        for year in years:
            top += [f"{year}年"] + [None] * (per_year - 1)
            sub += [*levels, PLAN_TOTAL_HEADER, PLAN_RATIO_HEADER.replace("（", "\n（")]
        first = form.header(top)
        form.header(sub)
        for column in (1, 2):
            form.merge(first, column, column, to_row=first + 1)
        for index in range(len(years)):
            start = 3 + index * per_year
            form.merge(first, start, start + per_year - 1)
        for number in (caption, first, first + 1):
            sheet.row_dimensions[number].height = 24 if number != first + 1 else 36
        for row in rows:
            form.data(_plan_values(row.region, row.teachers, row.counts))
        width = len(years)
        totals = tuple(
            tuple(sum(r.counts[y][c] for r in rows) for c in range(len(levels)))
            for y in range(width)
        )
        form.data(_plan_values(TOTAL_LABEL, sum(r.teachers for r in rows), totals), bold=True)
        for text in notes:
            form.note(text)
        form.finish(landscape=True)
        return len(rows)

    return save_form(path, "年度计划表", build)


def _plan_values(region: str, teachers: int, counts: Sequence[Sequence[int]]) -> list[object]:
    values: list[object] = [region, teachers]
    for year_counts in counts:
        total = sum(year_counts)
        values += [*year_counts, total, _ratio(total, teachers)]
    return values


# --- 附件一 ------------------------------------------------------------------------------


def write_pilot_schools_form(
    path: Path,
    *,
    unit: str,
    contact: str,
    phone: str,
    filled_on: date,
    rows: Sequence[PilotSchoolRow],
    year: int | None = None,
) -> int:
    """附件一 试点单位信息汇总表; returns the number of schools."""
    require_rows(rows, "试点单位信息汇总表")
    columns = (
        FormColumn("区县", 12),
        FormColumn("学校", 30, align="left"),
        FormColumn("学段", 10),
        FormColumn("区域", 13),
        FormColumn("信息化环境", 26, align="left"),
        FormColumn("教师人数", 9, align="right", number_format="0"),
        FormColumn("联系人", 10),
        FormColumn("联系电话", 16, number_format=TEXT_FORMAT),
    )

    def build(sheet: Any) -> int:
        form = FormSheet(sheet, columns)
        form.label(PILOT_LABEL)
        form.title(f"{year}年{PILOT_TITLE}" if year else PILOT_TITLE)
        # As in 附件二 of the same notice: 填报单位, 联系人 and 联系电话 on lines of their own.
        form.line(
            [(f"填报单位：{unit}", 5, "left"), (f"填报日期：{chinese_date(filled_on)}", 3, "right")]
        )
        form.line([(f"联系人：{contact}", 5, "left"), ("", 3, "left")])
        form.line([(f"联系电话：{phone}", 5, "left"), ("", 3, "left")])
        top = form.header([*PILOT_HEADERS[:3], None, None, None, *PILOT_HEADERS[3:]])
        form.header([None, None, *PILOT_SUBHEADERS, None, None])
        for column in (1, 2, 7, 8):
            form.merge(top, column, column, to_row=top + 1)
        form.merge(top, 3, 6)
        for school in rows:
            form.data(
                [
                    school.county,
                    school.school,
                    school.stage,
                    school.area,
                    school.environment,
                    school.teachers,
                    school.contact,
                    school.phone,
                ]
            )
        for text in PILOT_NOTES:
            form.note(text)
        form.finish(landscape=True)
        return len(rows)

    return save_form(path, "试点单位信息汇总表", build)


# --- 附件 2 ------------------------------------------------------------------------------


def write_leadership_form(
    path: Path,
    *,
    region: str,
    unit: str,
    filled_on: date,
    office: str,
    groups: Sequence[tuple[str, Sequence[LeaderRow]]],
    bureau: str,
    opinion: str = "",
) -> int:
    """附件2 工作小组名单: 负责科室, the groups (组长, 副组长, 成员) and the opinion block.

    ``groups`` pairs a role label with its people; a role without people is left out.  Returns
    the number of people.
    """
    people = [person for _, members in groups for person in members]
    require_rows(people, "工作小组名单")
    columns = (
        FormColumn("", 14),
        FormColumn("姓名", 12),
        FormColumn("职务", 24, align="left"),
        FormColumn("联系电话", 18, number_format=TEXT_FORMAT),
        FormColumn("电子邮箱", 28, align="left"),
    )

    def build(sheet: Any) -> int:
        form = FormSheet(sheet, columns)
        form.label(LEADERSHIP_LABEL)
        form.title(f"{region}{LEADERSHIP_TITLE}")
        form.line(
            [(f"报送单位：{unit}", 3, "left"), (f"报送日期：{chinese_date(filled_on)}", 2, "right")]
        )
        office_row = form.data([LEADERSHIP_OFFICE, office, None, None, None])
        form.merge(office_row, 2, 5)
        sheet.cell(row=office_row, column=1).font = form.bold
        sheet.cell(row=office_row, column=2).alignment = form.alignment(
            horizontal="left", vertical="center", wrap_text=True, indent=1
        )
        form.header([None, *LEADERSHIP_HEADERS])
        for label, members in groups:
            first = 0
            for person in members:
                row = form.data(
                    [
                        label if not first else None,
                        person.name,
                        person.position,
                        person.phone,
                        person.email or None,
                    ]
                )
                first = first or row
            if first:
                form.merge(first, 1, 1, to_row=first + len(members) - 1)
                sheet.cell(row=first, column=1).font = form.bold
                form.blocks.append((first, first + len(members) - 1))
        _opinion_block(form, bureau=bureau, opinion=opinion)
        form.finish(landscape=False)
        return len(people)

    return save_form(path, "工作小组名单", build)


def _opinion_block(form: FormSheet, *, bureau: str, opinion: str) -> None:
    """The bureau's opinion: its text, then the signature, seal and date line."""
    sheet = form.sheet
    text_row = form.data([f"{bureau}{OPINION_SUFFIX}", opinion or None, None, None, None])
    sign_row = form.data([None, LEADERSHIP_SIGNATURE, None, None, None])
    form.merge(text_row, 1, 1, to_row=sign_row)
    form.merge(text_row, 2, 5)
    form.merge(sign_row, 2, 5)
    label = sheet.cell(row=text_row, column=1)
    label.font = form.bold
    label.alignment = form.alignment(horizontal="center", vertical="center", wrap_text=True)
    width = sum(c.width for c in form.columns[1:])
    sheet.cell(row=text_row, column=2).alignment = form.alignment(
        horizontal="left", vertical="top", wrap_text=True, indent=1
    )
    sheet.row_dimensions[text_row].height = max(
        72.0, wrapped_lines(opinion, width) * FormSheet.LINE_HEIGHT + 12
    )
    sheet.cell(row=sign_row, column=2).alignment = form.alignment(
        horizontal="right", vertical="center"
    )
    sheet.row_dimensions[sign_row].height = 40
    form.blocks.append((text_row, sign_row))


# --- reading the forms back ----------------------------------------------------------------


@dataclass(frozen=True)
class FormCell:
    """One cell read back: where it is (Excel row, 1-based column), its heading, its value."""

    row: int
    column: int
    header: str
    value: object

    @property
    def letter(self) -> str:
        """The column's letter (C)."""
        return column_letter(self.column - 1)

    @property
    def text(self) -> str:
        """The value as text, stripped ("" for an empty cell, "12" for 12.0)."""
        return cell_text(self.value)


@dataclass(frozen=True)
class PlanFileYear:
    """One year group of a plan table row: level cells (label, cell), 合计, 完成比例."""

    year: int
    levels: tuple[tuple[str, FormCell], ...]
    total: FormCell
    ratio: FormCell | None


@dataclass(frozen=True)
class PlanFileRow:
    """One 地区 row (or the 合计 row) of a plan table file."""

    row: int
    region: FormCell
    teachers: FormCell
    years: tuple[PlanFileYear, ...]


@dataclass(frozen=True)
class PlanTableFile:
    """A 附件1-1 file as read: its year headings (with their cells) and its rows."""

    path: Path
    sheet: str
    year_cells: tuple[FormCell, ...]  # the year headings, for messages about a year
    rows: tuple[PlanFileRow, ...]
    total: PlanFileRow | None


@dataclass(frozen=True)
class LeadershipFileRow:
    """One person of a 工作小组名单 file, raw."""

    row: int
    role: FormCell
    name: FormCell
    position: FormCell
    phone: FormCell
    email: FormCell | None


@dataclass(frozen=True)
class LeadershipFile:
    """A 工作小组名单 file as read."""

    path: Path
    sheet: str
    office: FormCell
    people: tuple[LeadershipFileRow, ...]
    opinion: str


def cell_text(value: object) -> str:
    """A raw cell as text: stripped, whole floats without ".0", dates in ISO form."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


class _Grid:
    """One sheet's cells, addressed by Excel row and 1-based column."""

    def __init__(self, path: Path, sheet: str, start: tuple[int, int], rows: list[Any]) -> None:
        self.path = path
        self.sheet = sheet
        self._top, self._left = start
        self._rows = rows

    @property
    def last_row(self) -> int:
        return self._top + len(self._rows)

    @property
    def last_column(self) -> int:
        return self._left + max((len(r) for r in self._rows), default=0)

    def value(self, row: int, column: int) -> object:
        r, c = row - 1 - self._top, column - 1 - self._left
        if 0 <= r < len(self._rows) and 0 <= c < len(self._rows[r]):
            found: object = self._rows[r][c]
            return found
        return ""

    def text(self, row: int, column: int) -> str:
        return cell_text(self.value(row, column))

    def key(self, row: int, column: int) -> str:
        return header_key(self.text(row, column))

    def cell(self, row: int, column: int, header: str) -> FormCell:
        return FormCell(row, column, header, self.value(row, column))

    def place(self, row: int | None = None) -> str:
        where = f"文件“{self.path.name}”的工作表“{self.sheet}”"
        return f"{where}第 {row} 行" if row is not None else where

    def find_row(self, wanted: Sequence[str], *, limit: int = 40) -> int | None:
        """The first row (of the top ``limit``) holding every wanted header text."""
        keys = {header_key(w) for w in wanted}
        for row in range(self._top + 1, min(self.last_row, self._top + limit) + 1):
            found = {self.key(row, c) for c in range(1, self.last_column + 1)}
            if keys <= found:
                return row
        return None

    def column_of(self, row: int, wanted: Sequence[str]) -> int | None:
        keys = {header_key(w) for w in wanted}
        for column in range(1, self.last_column + 1):
            if self.key(row, column) in keys:
                return column
        return None


def _read_grid(
    path: Path, *, markers: Sequence[str], what: str, limits: FileLimits = DEFAULT_LIMITS
) -> _Grid:
    """The first sheet whose top rows hold every marker text, read whole."""
    kind = check_spreadsheet_file(path, limits)
    with open_workbook(path, kind, limits) as workbook:
        for name in header_candidates(path, workbook, None):
            sheet = workbook.sheet(name)
            if sheet.start is None:
                continue
            if sheet.height > 5_000:
                continue  # a form holds a few dozen rows; a roster is not what we look for
            rows = calamine_call(path, sheet.to_python)
            grid = _Grid(path, name, sheet.start, rows)
            if grid.find_row(markers) is not None:
                return grid
    expected = "、".join(f"“{m}”" for m in markers)
    raise ValidationError(
        f"文件“{path.name}”中找不到{what}：没有一个工作表的前 40 行同时有{expected}这些表头。"
        f"请使用程序导出的{what}（或附件中的原表）填写后再导入。",
        code="import.no_header",
        details={"path": str(path), "expected": list(markers)},
    )


def _is_note(text: str) -> bool:
    return text.startswith(_NOTE_STARTS)


def read_annual_plan_table(path: Path, *, limits: FileLimits = DEFAULT_LIMITS) -> PlanTableFile:
    """A 附件1-1 file's cells: the two header rows understood, every value left raw."""
    grid = _read_grid(
        path,
        markers=(PLAN_REGION_HEADER, PLAN_TEACHERS_HEADER),
        what="“市、县级培训年度计划表”",
        limits=limits,
    )
    header = grid.find_row((PLAN_REGION_HEADER, PLAN_TEACHERS_HEADER))
    assert header is not None  # _read_grid chose the sheet by it
    region_col = grid.column_of(header, (PLAN_REGION_HEADER,))
    teachers_col = grid.column_of(header, (PLAN_TEACHERS_HEADER,))
    assert region_col is not None and teachers_col is not None
    sub = header + 1
    starts: list[tuple[int, int]] = []  # (column, year)
    for column in range(1, grid.last_column + 1):
        match = _YEAR.match(grid.key(header, column))
        if match:
            starts.append((column, int(match[1])))
    if not starts:
        raise ValidationError(
            f"{grid.place(header)}的表头中没有年度（如“2021年”），"
            "无法知道各列属于哪一年。请按导出的计划表填写，年度写在“地区”“教师总数”右侧。",
            code="plan_table.no_years",
            details={"path": str(path), "sheet": grid.sheet, "row": header},
        )
    groups: list[tuple[int, FormCell, list[tuple[str, int]], int | None, int | None]] = []
    for index, (column, year) in enumerate(starts):
        end = starts[index + 1][0] - 1 if index + 1 < len(starts) else grid.last_column
        levels: list[tuple[str, int]] = []
        total = ratio = None
        for c in range(column, end + 1):
            key = grid.key(sub, c)
            if not key:
                continue
            if key == header_key(PLAN_TOTAL_HEADER):
                total = c
            elif key.startswith(header_key("完成比例")):
                ratio = c
            else:
                levels.append((grid.text(sub, c), c))
        year_cell = grid.cell(header, column, f"{year}年")
        if total is None or not levels:
            letter = column_letter(column - 1)
            lacking = "没有“合计”列" if total is None else "没有级别列"
            raise ValidationError(
                f"{grid.place(sub)}：{year} 年（{letter} 列起）下面应有级别列（如“省级”“市级”）"
                f"和“{PLAN_TOTAL_HEADER}”列，现在{lacking}。"
                "请按导出的计划表的两行表头填写。",
                code="plan_table.year_columns",
                details={"path": str(path), "sheet": grid.sheet, "row": sub, "year": year},
            )
        groups.append((year, year_cell, levels, total, ratio))
    rows: list[PlanFileRow] = []
    total_row: PlanFileRow | None = None
    for row in range(sub + 1, grid.last_row + 1):
        texts = [grid.text(row, c) for c in range(1, grid.last_column + 1)]
        if not any(texts):
            continue
        region = grid.cell(row, region_col, PLAN_REGION_HEADER)
        if _is_note(region.text) or (not region.text and _is_note(next(t for t in texts if t))):
            break
        years = tuple(
            PlanFileYear(
                year=year,
                levels=tuple((label, grid.cell(row, c, f"{year}年{label}")) for label, c in levels),
                total=grid.cell(row, total, f"{year}年{PLAN_TOTAL_HEADER}"),
                ratio=grid.cell(row, ratio, f"{year}年完成比例") if ratio else None,
            )
            for year, _, levels, total, ratio in groups
            if total is not None
        )
        found = PlanFileRow(
            row=row,
            region=region,
            teachers=grid.cell(row, teachers_col, PLAN_TEACHERS_HEADER),
            years=years,
        )
        if header_key(region.text) in (header_key(TOTAL_LABEL), header_key("总计")):
            total_row = found
        else:
            rows.append(found)
    return PlanTableFile(
        path=path,
        sheet=grid.sheet,
        year_cells=tuple(cell for _, cell, _, _, _ in groups),
        rows=tuple(rows),
        total=total_row,
    )


_NAME = ("姓名",)
_POSITION = ("职务", "职位")
_PHONE = ("联系电话", "电话", "手机", "手机号码", "联系方式")
_EMAIL = ("电子邮箱", "邮箱", "电子邮件", "E-mail", "Email")


def read_leadership_form(path: Path, *, limits: FileLimits = DEFAULT_LIMITS) -> LeadershipFile:
    """A 工作小组名单 file's cells: 负责科室, the people under their role, the opinion."""
    grid = _read_grid(path, markers=("姓名", "职务"), what="“工作小组名单”", limits=limits)
    header = grid.find_row(("姓名", "职务"))
    assert header is not None
    name_col = grid.column_of(header, _NAME)
    position_col = grid.column_of(header, _POSITION)
    phone_col = grid.column_of(header, _PHONE)
    email_col = grid.column_of(header, _EMAIL)
    assert name_col is not None and position_col is not None
    if phone_col is None:
        raise ValidationError(
            f"{grid.place(header)}的表头中没有“联系电话”列。请按导出的工作小组名单填写。",
            code="leadership_file.no_phone_column",
            details={"path": str(path), "sheet": grid.sheet, "row": header},
        )
    role_col = 1 if name_col > 1 else None
    office = FormCell(0, 0, LEADERSHIP_OFFICE, "")
    for row in range(1, header):
        for column in range(1, grid.last_column + 1):
            if grid.key(row, column) == header_key(LEADERSHIP_OFFICE):
                value = next(
                    (
                        grid.cell(row, c, LEADERSHIP_OFFICE)
                        for c in range(column + 1, grid.last_column + 1)
                        if grid.text(row, c)
                    ),
                    grid.cell(row, column + 1, LEADERSHIP_OFFICE),
                )
                office = value
    people: list[LeadershipFileRow] = []
    opinion = ""
    role = FormCell(header, role_col or 0, "职务类别", "")
    for row in range(header + 1, grid.last_row + 1):
        first = grid.text(row, role_col) if role_col else ""
        if first.replace("\n", "").replace(" ", "").endswith(OPINION_SUFFIX):
            opinion = next(
                (grid.text(row, c) for c in range(2, grid.last_column + 1) if grid.text(row, c)),
                "",
            )
            break
        if _is_note(first):
            break
        if first:  # a merged role cell holds its label in its first row only
            role = grid.cell(row, role_col or 0, "职务类别")
        cells = [grid.text(row, c) for c in (name_col, position_col, phone_col)]
        if email_col is not None:
            cells.append(grid.text(row, email_col))
        if not any(cells):
            continue
        people.append(
            LeadershipFileRow(
                row=row,
                role=FormCell(row, role.column, role.header, role.value),
                name=grid.cell(row, name_col, "姓名"),
                position=grid.cell(row, position_col, "职务"),
                phone=grid.cell(row, phone_col, "联系电话"),
                email=grid.cell(row, email_col, "电子邮箱") if email_col else None,
            )
        )
    # The seed keeps "负责人签字：（公章）年 月 日" in the opinion cell itself: not opinion text.
    opinion = opinion.split(LEADERSHIP_SIGNATURE.split("：")[0])[0].strip()
    return LeadershipFile(
        path=path, sheet=grid.sheet, office=office, people=tuple(people), opinion=opinion
    )
