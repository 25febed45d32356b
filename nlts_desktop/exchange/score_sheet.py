"""校本应用考核 workbooks: the score sheet (成绩表) and the assessment outputs as .xlsx.

* the score sheet, one row per evidence item of a teacher's chosen point: exported from the
  data, graded in Excel by the school's assessment team, imported again (the columns here are
  both the writer's layout and the reader's :class:`ColumnSpec`s);
* the per-school results (考核结果, teacher × point × grade, wide), the county's summary
  (by school and by point) and the sampling-check record (抽样检查记录) as printable forms.

The score sheet is written in openpyxl's write-only mode (a county-wide sheet can have
hundreds of thousands of rows); the forms are small and reuse the layout of
:mod:`nlts_desktop.exchange.forms` (title, 填报单位 line, bordered header, A4 fitted to the
width with the header repeated).  Every text goes through :func:`safe_text`, every file through
:func:`atomic_write`; openpyxl is imported inside the functions (start-up time).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from nlts_desktop.domain.errors import AppError
from nlts_desktop.domain.idcard import mask_id_number
from nlts_desktop.exchange.excel_reader import ColumnSpec
from nlts_desktop.exchange.excel_writer import (
    EXCEL_MAX_ROWS,
    RED,
    TEXT_FORMAT,
    atomic_write,
    clean_sheet_title,
    safe_text,
)
from nlts_desktop.exchange.forms import FormColumn, FormSheet, chinese_date

SHEET_NAME = "成绩表"
GUIDE_SHEET = "填写说明"
CATALOGUE_SHEET = "能力点目录"
GRADE_CHOICES = ("优秀", "合格", "不合格")
TOTAL_LABEL = "合计"

# The score sheet: our field, the header written, other headers accepted on import.
SCORE_COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("school_code", "学校标识码", ("学校代码", "学校编码", "学校识别码"), kind="id"),
    ColumnSpec("school_name", "学校名称", ("学校", "所在学校", "工作单位", "单位名称")),
    ColumnSpec(
        "id_number",
        "身份证号",
        ("身份证号码", "身份证", "证件号", "证件号码", "公民身份号码", "教师身份证号"),
        required=True,
        kind="id",
    ),
    ColumnSpec("name", "姓名", ("教师姓名", "教师", "学员姓名")),
    ColumnSpec(
        "point_code",
        "能力点编号",
        ("能力点代码", "微能力点编号", "微能力点代码", "能力点序号", "能力点"),
        required=True,
    ),
    ColumnSpec("point_name", "能力点名称", ("微能力点名称", "微能力点")),
    ColumnSpec(
        "spec_code",
        "材料编号",
        ("证据材料编号", "材料代码", "证据编号", "作业编号", "成果编号"),
        required=True,
    ),
    ColumnSpec("spec_name", "材料名称", ("证据材料名称", "作业名称", "成果名称")),
    ColumnSpec(
        "evidence",
        "证据材料（链接或说明）",
        ("证据材料链接", "材料链接", "链接", "证据材料说明", "材料说明", "作品链接"),
    ),
    ColumnSpec("grade", "等级", ("成绩", "考核等级", "评定等级", "评价等级", "考核结果")),
    ColumnSpec("assessor", "评分人", ("评分教师", "评价人", "考核人", "评委")),
    ColumnSpec("scored_on", "评分日期", ("评分时间", "考核日期", "评价日期"), kind="date"),
)
SCORE_HEADERS = tuple(spec.label for spec in SCORE_COLUMNS)
_FIELDS = tuple(spec.field for spec in SCORE_COLUMNS)
_REQUIRED = frozenset(spec.field for spec in SCORE_COLUMNS if spec.required)
_TEXT_FIELDS = frozenset({"school_code", "id_number", "point_code", "spec_code"})
# Digits only: Excel turns them into numbers when a clerk types over a General cell.
_NUMERIC_LOOKING = frozenset({"school_code", "id_number"})
PROGRESS_EVERY = 5_000
_WIDTHS = {
    "school_code": 13,
    "school_name": 24,
    "id_number": 21,
    "name": 10,
    "point_code": 11,
    "point_name": 24,
    "spec_code": 10,
    "spec_name": 26,
    "evidence": 36,
    "grade": 9,
    "assessor": 10,
    "scored_on": 12,
}
SCORE_NOTES = (
    "每行是一位教师所选能力点的一项证据材料。“身份证号”“能力点编号”“材料编号”三列必须填写，"
    "导出的已有内容请不要修改。",
    "“等级”填写 优秀、合格 或 不合格（也可填 1/2/3 或 Y/H/B）。留空表示尚未评分；"
    "如果该项原来有等级，导入后会被清除。",
    "为教师增加能力点：复制一行，改填能力点编号和材料编号（见“能力点目录”工作表），"
    "同一能力点的每项材料各占一行。没有选点的教师只有一行空白能力点，可直接在该行填写。",
    "导入时删掉的行不会删除已有的能力点和成绩；要删除能力点，请在程序的选点界面中操作。",
    "“证据材料”填写作品的网络链接或存放位置说明；已上传文件的材料以上传的文件为准。",
    "“评分人”“评分日期”供核对：导入时如未另行指定评分人，以本列填写的姓名为准；"
    "评分日期记为导入的时间。",
    "整个文件一次导入：只要有一行有问题，就不会导入任何内容。请按错误报告逐行修改后重新导入。",
)

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


# --- plain values -------------------------------------------------------------------------


@dataclass(frozen=True)
class ScoreSheetRow:
    """One row of the score sheet: a teacher's evidence item (or a teacher without points)."""

    school_code: str
    school_name: str
    id_number: str
    name: str
    point_code: str = ""
    point_name: str = ""
    spec_code: str = ""
    spec_name: str = ""
    evidence: str = ""
    grade: str = ""  # the Chinese label, or "" when not graded
    assessor: str = ""
    scored_on: date | None = None

    def values(self) -> tuple[object, ...]:
        """The cells in the order of :data:`SCORE_COLUMNS`."""
        return tuple(getattr(self, name) for name in _FIELDS)


@dataclass(frozen=True)
class CatalogueRow:
    """One evidence item of a point, for the score sheet's 能力点目录 sheet."""

    point_code: str
    point_name: str
    dimension: str
    spec_code: str
    spec_name: str


@dataclass(frozen=True)
class ResultRow:
    """One teacher of the per-school results: points with their grades, result, review state."""

    name: str
    id_number: str  # the full number: the writer prints it masked
    points: tuple[tuple[str, str], ...]  # (point label "A1 技术支持的学情分析", grade label)
    result: str
    review_state: str


@dataclass(frozen=True)
class SchoolSummaryRow:
    """One school of the county summary (teacher counts of the cycle)."""

    school_code: str
    school_name: str
    teachers: int
    with_points: int
    excellent: int
    passed: int
    failed: int
    batch_state: str
    submitted_at: datetime | None
    decided_at: datetime | None

    @property
    def graded(self) -> int:
        """Teachers whose result is decided (优秀 + 合格 + 不合格)."""
        return self.excellent + self.passed + self.failed

    @property
    def waiting(self) -> int:
        """Teachers whose result is not decided yet (待评)."""
        return self.teachers - self.graded


@dataclass(frozen=True)
class PointSummaryRow:
    """One ability point of the county summary (selections of the cycle)."""

    code: str
    name: str
    dimension: str
    chosen: int
    excellent: int
    passed: int
    failed: int
    incomplete: int


@dataclass(frozen=True)
class SamplingInfo:
    """The head of a sampling-check record (抽样检查记录)."""

    region: str
    cycle: int
    size_label: str
    seed: int
    drawn_by: str
    drawn_at: datetime


@dataclass(frozen=True)
class SamplingRow:
    """One sampled result and its re-check (ID number already masked by the caller)."""

    school: str
    teacher: str
    id_number: str
    point: str
    original_grade: str
    recheck_grade: str
    outcome: str
    notes: str
    checked_by: str


def format_moment(moment: datetime | None) -> str:
    """A stored time as the user's local 2026-03-05 14:30 ("" for None)."""
    if moment is None:
        return ""
    local = moment.astimezone() if moment.tzinfo is not None else moment
    return local.strftime("%Y-%m-%d %H:%M")


def _clean(value: object) -> str:
    return _CONTROL.sub("", "" if value is None else str(value))


# --- the score sheet ----------------------------------------------------------------------


def write_score_sheet(
    path: Path,
    rows: Iterable[ScoreSheetRow],
    *,
    title: str,
    catalogue: Sequence[CatalogueRow] = (),
    notes: Sequence[str] = SCORE_NOTES,
    total: int | None = None,
    progress: Callable[[int, int, str], None] | None = None,
    cancel: Callable[[], None] | None = None,
) -> int:
    """Write the score sheet (title row, frozen header, one row per item); returns data rows.

    The ID and school code cells are text formatted "@" (a typed-over ID stays text) and the
    code columns are formatted "@"; the 等级 column offers 优秀/合格/不合格 as a list but warns
    only, so 1/2/3 and Y/H/B typed by hand are kept; 评分日期 is a real date.  ``total`` is
    for progress only; ``cancel`` is called between chunks and raises to stop (the target is
    then left as it was).
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    count = 0
    width = len(SCORE_COLUMNS)
    grade_letter = get_column_letter(_FIELDS.index("grade") + 1)
    text_at = [index for index, name in enumerate(_FIELDS) if name in _NUMERIC_LOOKING]

    def write(target: Path) -> None:
        nonlocal count
        count = 0
        book = Workbook(write_only=True)
        book.properties.title = title
        book.properties.creator = "NLTS Desktop"
        sheet = book.create_sheet(SHEET_NAME)
        for index, name in enumerate(_FIELDS, start=1):
            dimension = sheet.column_dimensions[get_column_letter(index)]
            dimension.width = _WIDTHS[name]
            if name in _TEXT_FIELDS:
                dimension.number_format = TEXT_FORMAT
        sheet.freeze_panes = "A3"
        sheet.merged_cells.add(f"A1:{get_column_letter(width)}1")
        choices = DataValidation(
            type="list",
            formula1='"' + ",".join(GRADE_CHOICES) + '"',
            allow_blank=True,
            showErrorMessage=True,
            errorStyle="warning",
            errorTitle="考核等级",
            error="请填写 优秀、合格 或 不合格（也可填 1/2/3 或 Y/H/B）。",
        )
        choices.add(f"{grade_letter}3:{grade_letter}{EXCEL_MAX_ROWS}")
        sheet.data_validations.append(choices)

        title_cell = WriteOnlyCell(sheet, _clean(title))
        # The title starts with the school's name: one named "=…" must stay text.
        title_cell.data_type = "s"
        title_cell.quotePrefix = str(title_cell.value)[:1] in ("=", "+", "-", "@")
        title_cell.font = Font(bold=True, size=14)
        sheet.append([title_cell])
        header: list[Any] = []
        for spec in SCORE_COLUMNS:
            cell = WriteOnlyCell(sheet, spec.label)
            cell.font = Font(bold=True, color=RED if spec.required else None)
            header.append(cell)
        sheet.append(header)
        limit = EXCEL_MAX_ROWS - 2
        try:
            for row in rows:
                if count >= limit:
                    raise AppError(
                        f"成绩表超过了 Excel 一个工作表的上限 {EXCEL_MAX_ROWS} 行。"
                        "请按学校分别导出。",
                        code="file.too_many_rows",
                    )
                if count % PROGRESS_EVERY == 0:
                    if cancel is not None:
                        cancel()
                    if progress is not None:
                        progress(count, total or 0, "正在写入成绩表……")
                raw = row.values()
                values: list[Any] = [
                    safe_text(_clean(v), sheet) or None if v.__class__ is str else v for v in raw
                ]
                for index in text_at:
                    text = _clean(raw[index])
                    if text:
                        # A cell of its own formatted "@": an ID typed over it in Excel stays text.
                        cell = WriteOnlyCell(sheet, text)
                        cell.data_type = "s"
                        cell.number_format = TEXT_FORMAT
                        values[index] = cell
                sheet.append(values)
                count += 1
        except BaseException:
            # Finish the sheet's XML stream, or its generators complain when collected.
            with contextlib.suppress(Exception):
                sheet.close()
            raise

        guide = book.create_sheet(GUIDE_SHEET)
        guide.column_dimensions["A"].width = 110
        bold = WriteOnlyCell(guide, "填写说明")
        bold.font = Font(bold=True, size=12)
        guide.append([bold])
        for number, note in enumerate(notes, start=1):
            guide.append([safe_text(f"{number}. {_clean(note)}", guide)])

        if catalogue:
            points = book.create_sheet(clean_sheet_title(CATALOGUE_SHEET))
            for letter, size in zip("ABCDE", (11, 26, 10, 10, 30), strict=True):
                points.column_dimensions[letter].width = size
            heads = ("能力点编号", "能力点名称", "维度", "材料编号", "材料名称")
            cells = []
            for text in heads:
                cell = WriteOnlyCell(points, text)
                cell.font = Font(bold=True)
                cells.append(cell)
            points.append(cells)
            for item in catalogue:
                points.append(
                    [
                        safe_text(_clean(v), points)
                        for v in (
                            item.point_code,
                            item.point_name,
                            item.dimension,
                            item.spec_code,
                            item.spec_name,
                        )
                    ]
                )
        book.save(target)

    atomic_write(path, write)
    return count


# --- 考核结果 (per school) --------------------------------------------------------------------


def results_headers(point_slots: int) -> list[str]:
    """序号, 姓名, 身份证号, 能力点1, 等级1, …, 考核结果, 审核状态."""
    heads = ["序号", "姓名", "身份证号"]
    for slot in range(1, point_slots + 1):
        heads += [f"能力点{slot}", f"等级{slot}"]
    return [*heads, "考核结果", "审核状态"]


def write_results_workbook(
    path: Path,
    *,
    school_name: str,
    cycle: int,
    filled_on: date,
    rows: Sequence[ResultRow],
    point_slots: int,
    notes: Sequence[str] = (),
) -> int:
    """A school's 校本应用考核结果 (teacher × point × grade, wide); returns teacher rows."""
    if not rows:
        raise AppError(
            f"{school_name}没有在职教师，无法生成考核结果表。", code="assessment.results_empty"
        )
    slots = max(point_slots, max(len(r.points) for r in rows), 1)
    columns = [FormColumn("序号", 6), FormColumn("姓名", 10), FormColumn("身份证号", 21)]
    for slot in range(1, slots + 1):
        columns += [FormColumn(f"能力点{slot}", 24, align="left"), FormColumn(f"等级{slot}", 8)]
    columns += [FormColumn("考核结果", 10), FormColumn("审核状态", 12)]
    title = f"{_clean(school_name)}　{cycle}年度校本应用考核结果"

    def build(sheet: Any) -> int:
        form = FormSheet(sheet, columns)
        form.title(title)
        half = len(columns) // 2
        form.line(
            [
                (f"填报单位（盖章）：{_clean(school_name)}", half, "left"),
                (f"填报日期：{chinese_date(filled_on)}", len(columns) - half, "right"),
            ]
        )
        form.header(results_headers(slots))
        for number, row in enumerate(rows, start=1):
            cells: list[object] = [number, _clean(row.name), mask_id_number(_clean(row.id_number))]
            for slot in range(slots):
                if slot < len(row.points):
                    label, grade = row.points[slot]
                    cells += [_clean(label), _clean(grade)]
                else:
                    cells += [None, None]
            cells += [_clean(row.result), _clean(row.review_state)]
            form.data(cells)
        for text in notes:
            form.note(text)
        form.finish(landscape=True)
        return len(rows)

    return _save_sheets(path, title, [("考核结果", build)])


# --- county summary -----------------------------------------------------------------------

SCHOOL_SUMMARY_HEADERS = (
    "学校标识码",
    "学校",
    "在职教师",
    "已选点",
    "已评完",
    "优秀",
    "合格",
    "不合格",
    "待评",
    "批次状态",
    "提交时间",
    "审核时间",
)
POINT_SUMMARY_HEADERS = (
    "能力点编号",
    "名称",
    "维度",
    "选择人数",
    "优秀",
    "合格",
    "不合格",
    "未评完",
)
SCHOOL_SUMMARY_NOTES = (
    "说明：在职教师、已选点（已选择能力点的教师）、已评完（已得出考核结果的教师）均为人数；"
    "优秀、合格、不合格为考核结果人数；待评 = 在职教师 − 已评完。",
)
POINT_SUMMARY_NOTES = (
    "说明：选择人数为选择该能力点的在职教师人数；优秀、合格、不合格为该能力点的等级；"
    "未评完为还有证据材料未评分的人数。",
)


def write_summary_workbook(
    path: Path,
    *,
    region: str,
    cycle: int,
    filled_on: date,
    schools: Sequence[SchoolSummaryRow],
    points: Sequence[PointSummaryRow],
) -> int:
    """The county's 校本应用考核汇总表: sheets 按学校 and 按能力点 with totals; returns schools."""
    if not schools:
        raise AppError(
            "还没有登记学校，无法生成校本应用考核汇总表。请先登记学校和教师。",
            code="assessment.summary_empty",
        )
    title = f"{_clean(region)}{cycle}年度校本应用考核汇总表"
    school_columns = (
        FormColumn("学校标识码", 13, number_format=TEXT_FORMAT),
        FormColumn("学校", 28, align="left"),
        *(FormColumn(h, 9, align="right") for h in SCHOOL_SUMMARY_HEADERS[2:9]),
        FormColumn("批次状态", 10),
        FormColumn("提交时间", 17),
        FormColumn("审核时间", 17),
    )
    point_columns = (
        FormColumn("能力点编号", 11),
        FormColumn("名称", 28, align="left"),
        FormColumn("维度", 11),
        *(FormColumn(h, 10, align="right") for h in POINT_SUMMARY_HEADERS[3:]),
    )

    def head(form: FormSheet, columns: Sequence[FormColumn], sub: str) -> None:
        form.title(f"{title}（{sub}）")
        half = len(columns) // 2
        form.line(
            [
                (f"填报单位（盖章）：{_clean(region)}", half, "left"),
                (f"填报日期：{chinese_date(filled_on)}", len(columns) - half, "right"),
            ]
        )

    def by_school(sheet: Any) -> int:
        form = FormSheet(sheet, school_columns)
        head(form, school_columns, "按学校")
        form.header(SCHOOL_SUMMARY_HEADERS)
        for school in schools:
            form.data(
                [
                    _clean(school.school_code),
                    _clean(school.school_name),
                    school.teachers,
                    school.with_points,
                    school.graded,
                    school.excellent,
                    school.passed,
                    school.failed,
                    school.waiting,
                    _clean(school.batch_state),
                    format_moment(school.submitted_at),
                    format_moment(school.decided_at),
                ]
            )
        sums = [
            sum(getattr(s, name) for s in schools)
            for name in (
                "teachers",
                "with_points",
                "graded",
                "excellent",
                "passed",
                "failed",
                "waiting",
            )
        ]
        row = form.data([TOTAL_LABEL, None, *sums, None, None, None], bold=True)
        form.merge(row, 1, 2)
        for text in SCHOOL_SUMMARY_NOTES:
            form.note(text)
        form.finish(landscape=True)
        return len(schools)

    def by_point(sheet: Any) -> int:
        form = FormSheet(sheet, point_columns)
        head(form, point_columns, "按能力点")
        form.header(POINT_SUMMARY_HEADERS)
        for point in points:
            form.data(
                [
                    _clean(point.code),
                    _clean(point.name),
                    _clean(point.dimension),
                    point.chosen,
                    point.excellent,
                    point.passed,
                    point.failed,
                    point.incomplete,
                ]
            )
        sums = [
            sum(getattr(p, name) for p in points)
            for name in ("chosen", "excellent", "passed", "failed", "incomplete")
        ]
        row = form.data([TOTAL_LABEL, None, None, *sums], bold=True)
        form.merge(row, 1, 3)
        for text in POINT_SUMMARY_NOTES:
            form.note(text)
        form.finish(landscape=False)
        return len(points)

    return _save_sheets(path, title, [("按学校", by_school), ("按能力点", by_point)])


# --- 抽样检查记录 ---------------------------------------------------------------------------

SAMPLING_HEADERS = (
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


def sampling_counts(rows: Sequence[SamplingRow]) -> list[tuple[str, int]]:
    """抽取, then how many re-checks came out each way (labels as in RecheckOutcome)."""
    counts: dict[str, int] = {"复核一致": 0, "复核等级不一致": 0, "待复核": 0}
    for row in rows:
        counts[row.outcome] = counts.get(row.outcome, 0) + 1
    return [("抽取", len(rows)), *counts.items()]


def sampling_title(info: SamplingInfo) -> str:
    """<地区><年度>年度校本应用考核抽样检查记录."""
    return f"{_clean(info.region)}{info.cycle}年度校本应用考核抽样检查记录"


def write_sampling_workbook(path: Path, *, info: SamplingInfo, rows: Sequence[SamplingRow]) -> int:
    """The 抽样检查记录 as .xlsx: draw facts, the checks, counts, signature; returns checks."""
    columns = (
        FormColumn("序号", 6),
        FormColumn("学校", 22, align="left"),
        FormColumn("教师", 10),
        FormColumn("身份证号", 21),
        FormColumn("能力点", 22, align="left"),
        FormColumn("原等级", 8),
        FormColumn("复核等级", 9),
        FormColumn("复核结果", 14),
        FormColumn("复核意见", 28, align="left"),
        FormColumn("复核人", 10),
    )
    title = sampling_title(info)

    def build(sheet: Any) -> int:
        form = FormSheet(sheet, columns)
        form.title(title)
        form.line(
            [
                (f"考核年度：{info.cycle}", 2, "left"),
                (f"抽样方式：{_clean(info.size_label)}", 2, "left"),
                (f"随机种子：{info.seed}", 2, "left"),
                (f"抽样人：{_clean(info.drawn_by)}", 2, "left"),
                (f"抽样时间：{format_moment(info.drawn_at)}", 2, "left"),
            ]
        )
        form.header(SAMPLING_HEADERS)
        for number, row in enumerate(rows, start=1):
            form.data(
                [
                    number,
                    _clean(row.school),
                    _clean(row.teacher),
                    _clean(row.id_number),
                    _clean(row.point),
                    _clean(row.original_grade),
                    _clean(row.recheck_grade),
                    _clean(row.outcome),
                    _clean(row.notes),
                    _clean(row.checked_by),
                ]
            )
        if not rows:
            empty = form.data(["本次抽样没有抽到结果", *([None] * (len(columns) - 1))])
            form.merge(empty, 1, len(columns))
        counts = "，".join(f"{label} {value} 个" for label, value in sampling_counts(rows))
        form.note(f"统计：{counts}。")
        form.note("随机种子和抽样方式相同，重新抽样得到的结果相同，可据此复核本次抽样。")
        form.note("检查人（签字）：                    区县教师发展中心（盖章）：")
        form.note("日期：      年    月    日")
        form.finish(landscape=True)
        return len(rows)

    return _save_sheets(path, title, [("抽样检查记录", build)])


# --- saving -------------------------------------------------------------------------------


def _save_sheets(path: Path, title: str, sheets: Sequence[tuple[str, Any]]) -> int:
    """Sheets filled by their builders, saved atomically; returns the first builder's count."""
    from openpyxl import Workbook

    count = 0

    def write(target: Path) -> None:
        nonlocal count
        book = Workbook()
        book.properties.title = title
        book.properties.creator = "NLTS Desktop"
        first = True
        for name, build in sheets:
            sheet = book.active if first else book.create_sheet()
            sheet.title = clean_sheet_title(name)
            made = int(build(sheet))
            if first:
                count = made
            first = False
        book.save(target)

    atomic_write(path, write)
    return count
