"""Annual targets (年度培训计划): planned teachers (and schools) per year and project level.

A county plans, for each programme year, how many teachers each level's training reaches
(省级, 市级, 县级, and 国培 where the national programme counts separately), and the 2.0
presets add a share of schools (Hunan: 30 % / 70 % / 100 % of schools).  The targets are
entered here or imported from the 市、县级培训年度计划表 (附件1-1 of seed 000), and the same table
is produced for the city.

A target total that does not add up is refused with the reason: a typed 合计 that is not the
sum of its levels, a plan over all years for more teachers (or schools) than are registered,
a year outside the preset's programme years, a 完成比例 that does not match 合计 ÷ 教师总数.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from nlts_desktop.domain.codes import code_table
from nlts_desktop.domain.errors import ValidationError
from nlts_desktop.domain.presets import Preset
from nlts_desktop.domain.text import normalize_compact, normalize_prose
from nlts_desktop.exchange.excel_reader import header_key
from nlts_desktop.exchange.forms_plan import (
    FormCell,
    PlanFileRow,
    PlanTableFile,
    PlanTableRow,
    read_annual_plan_table,
    write_annual_plan_table,
)
from nlts_desktop.services.audit import audited_export, record_import
from nlts_desktop.services.context import ADMIN_ROLES, ServiceContext
from nlts_desktop.services.plan_support import (
    PLAN_READERS,
    WorkspaceFacts,
    active_school_count,
    active_teacher_count,
    cell_issue,
    rejected_error,
    workspace_facts,
)
from nlts_desktop.services.reports import missing_data_error
from nlts_desktop.services.roster_import import ImportRejectedError, RowIssue
from nlts_desktop.storage.models import AnnualTarget

LEVEL_TABLE = "project_levels"
MAX_COUNT = 10_000_000
# Header texts of the plan table's level columns → level codes; "local" is 市级 as the seed
# means it (the city's own plan *with its counties'*): the workspace's own level on import.
_LABEL_LEVELS = {
    header_key(text): level
    for texts, level in (
        (("国培", "国家级", "国培计划"), "national"),
        (("省级", "省培", "省培计划"), "provincial"),
        (("市级", "市培", "市县级", "市、县级", "市（县）级"), "local"),
        (("县级", "区县级", "县区级", "区级", "县培"), "county"),
        (("校级", "校本"), "school"),
    )
    for text in texts
}
# The blank marks an office writes in a cell that has no number.
_BLANKS = frozenset(("", "—", "-", "–", "/", "无"))


@dataclass(frozen=True)
class TargetRecord:
    """One target: a year and level with its planned teachers (and schools)."""

    year: int
    level_code: str
    level_name: str  # 省级
    planned_teachers: int
    planned_schools: int | None
    note: str = ""


@dataclass(frozen=True)
class YearTargets:
    """A programme year's targets, their totals and the preset's share for that year."""

    year: int
    targets: tuple[TargetRecord, ...]
    teachers: int  # 合计 of planned teachers
    schools: int | None  # 合计 of planned schools, None when no level plans schools
    teacher_share: float | None  # the preset's share of teachers for the year
    school_share: float | None
    cumulative: bool  # the preset's shares are cumulative (by that year)


@dataclass(frozen=True)
class TargetSuggestion:
    """What the preset's share asks for a year, as counts of the registered teachers/schools."""

    year: int
    level_code: str  # the workspace's own level, where a suggestion is put
    teachers: int | None
    schools: int | None
    teacher_share: float | None
    school_share: float | None
    cumulative: bool
    basis_teachers: int  # active teachers the share was taken of
    basis_schools: int
    explanation: str

    def as_values(self) -> dict[str, tuple[int, int | None]]:
        """The suggestion in :meth:`TargetService.set_targets` form (all at the own level)."""
        if self.teachers is None and self.schools is None:
            return {}
        return {self.level_code: (self.teachers or 0, self.schools)}


@dataclass(frozen=True)
class PlanTableImport:
    """A checked 市、县级培训年度计划表: the counts per year and level it brings."""

    file_name: str
    sheet: str
    region: str
    teachers: int  # the file's 教师总数
    years: dict[int, dict[str, int]] = field(default_factory=dict)  # year → level → teachers
    written: bool = False


def _level_names() -> dict[str, str]:
    return {entry.code: entry.name for entry in code_table(LEVEL_TABLE).entries}


def own_level(facts: WorkspaceFacts) -> str:
    """The level a workspace plans for itself: county (区县) or city (地市)."""
    return "city" if facts.level == "city" else "county"


def _pct(share: float) -> str:
    value = round(share * 100, 1)
    return f"{value:g}%"


def _count_error(label: str, value: object) -> ValidationError:
    return ValidationError(
        f"{label}应为不小于 0 的整数，当前为“{value}”。",
        code="targets.count",
        field=label,
        value=value,
    )


def check_count(value: object, label: str) -> int:
    """A planned count: a non-negative whole number (int, or text / float holding one)."""
    if isinstance(value, bool):
        raise _count_error(label, value)
    if isinstance(value, int):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    elif isinstance(value, str):
        text = normalize_compact(value).replace(",", "").removesuffix("人").removesuffix("所")
        if not text.isascii() or not text.isdigit():
            raise _count_error(label, value)
        number = int(text)
    else:
        raise _count_error(label, value)
    if not 0 <= number <= MAX_COUNT:
        raise _count_error(label, value)
    return number


def _year_refusal(year: int, preset: Preset) -> ValidationError:
    listed = "、".join(str(y) for y in preset.years)
    return ValidationError(
        f"{year} 年不在本工作区规则（{preset.name}）的工程年份 {listed} 之内，不能设定年度目标。",
        code="targets.year",
        field="year",
        value=year,
    )


class TargetService:
    """Annual targets: list, set (checked), suggest from the preset, import and export 附件1-1."""

    def __init__(self, context: ServiceContext) -> None:
        self._context = context

    # ------------------------------------------------------------------ reads

    def years(self) -> tuple[int, ...]:
        """The programme years of the workspace's preset (the years targets can be set for)."""
        with self._context.read() as session:
            return workspace_facts(session).preset.years

    @staticmethod
    def levels() -> tuple[tuple[str, str], ...]:
        """The project levels as (code, name): national 国家级 … school 校级."""
        return tuple((entry.code, entry.name) for entry in code_table(LEVEL_TABLE).entries)

    def list_targets(self, year: int | None = None) -> list[TargetRecord]:
        """Stored targets (of one year), by year and level order."""
        with self._context.read() as session:
            return self._records(session, year)

    @staticmethod
    def _records(session: Session, year: int | None = None) -> list[TargetRecord]:
        names = _level_names()
        order = list(names)
        query = select(AnnualTarget)
        if year is not None:
            query = query.where(AnnualTarget.year == year)
        rows = sorted(
            session.scalars(query),
            key=lambda t: (
                t.year,
                order.index(t.level_code) if t.level_code in order else len(order),
            ),
        )
        return [
            TargetRecord(
                year=row.year,
                level_code=row.level_code,
                level_name=names.get(row.level_code, row.level_code),
                planned_teachers=row.planned_count,
                planned_schools=row.planned_schools,
                note=row.note or "",
            )
            for row in rows
        ]

    def by_year(self) -> list[YearTargets]:
        """Every programme year (and any other year with targets) with its totals."""
        with self._context.read() as session:
            preset = workspace_facts(session).preset
            records = self._records(session)
        grouped: dict[int, list[TargetRecord]] = defaultdict(list)
        for record in records:
            grouped[record.year].append(record)
        return [
            _year_targets(year, grouped.get(year, []), preset)
            for year in sorted(set(preset.years) | set(grouped))
        ]

    def suggest(self, year: int) -> TargetSuggestion:
        """The preset's share for ``year`` as counts of the active teachers and schools.

        A cumulative share (Sichuan: 30 % / 70 % / 100 % by the end of each year) is turned
        into that year's increment, so the suggestions of all years add up to the whole.
        """
        with self._context.read() as session:
            facts = workspace_facts(session)
            teachers = active_teacher_count(session)
            schools = active_school_count(session)
        preset = facts.preset
        if year not in preset.years:
            raise _year_refusal(year, preset)
        target = preset.target_for(year)
        level = own_level(facts)
        if target is None:
            return TargetSuggestion(
                year, level, None, None, None, None, False, teachers, schools,
                f"规则（{preset.name}）没有规定 {year} 年的年度目标。",
            )  # fmt: skip
        counts: dict[str, int | None] = {}
        parts: list[str] = []
        for attr, basis, label, unit in (
            ("teacher_share", teachers, "教师", "人"),
            ("school_share", schools, "学校", "所"),
        ):
            share = getattr(target, attr)
            if share is None:
                counts[attr] = None
                continue
            before = _previous_share(preset, year, attr) if target.cumulative else 0.0
            counts[attr] = round(share * basis) - round(before * basis)
            if target.cumulative:
                parts.append(
                    f"{label}到 {year} 年累计完成 {_pct(share)}（此前累计 {_pct(before)}），"
                    f"按在册{label} {basis} {unit}计，本年应完成 {counts[attr]} {unit}"
                )
            else:
                parts.append(
                    f"{label} {year} 年完成 {_pct(share)}，按在册{label} {basis} {unit}计为 "
                    f"{counts[attr]} {unit}"
                )
        return TargetSuggestion(
            year=year,
            level_code=level,
            teachers=counts["teacher_share"],
            schools=counts["school_share"],
            teacher_share=target.teacher_share,
            school_share=target.school_share,
            cumulative=target.cumulative,
            basis_teachers=teachers,
            basis_schools=schools,
            explanation=f"规则（{preset.name}）：" + "；".join(parts) + "。",
        )

    # ------------------------------------------------------------------ writes

    def set_targets(
        self,
        year: int,
        values: Mapping[str, tuple[object, object]],
        *,
        total: object = None,
        notes: Mapping[str, str] | None = None,
    ) -> YearTargets:
        """Replace the year's targets with ``{level: (teachers, schools or None)}``, checked.

        ``level`` is a level code or its Chinese name (省级, 国培 …).  ``total`` is a 合计 the
        user typed: refused unless it is the sum of the levels.  All years' planned teachers
        (schools) together may not exceed the active teachers (schools) registered.  A level
        with nothing planned is removed; ``notes`` are per level.  One transaction.
        """
        totals = {year: total} if total is not None else None
        found = self.set_plan({year: values}, totals=totals, notes={year: notes or {}})
        return next(y for y in found if y.year == year)

    def set_plan(
        self,
        plan: Mapping[int, Mapping[str, tuple[object, object]]],
        *,
        totals: Mapping[int, object] | None = None,
        notes: Mapping[int, Mapping[str, str]] | None = None,
    ) -> list[YearTargets]:
        """Replace the targets of several years at once (a whole plan grid), checked as one.

        Same rules as :meth:`set_targets`; years not in ``plan`` keep their targets.  Returns
        every year as :meth:`by_year` does.
        """
        self._context.require(ADMIN_ROLES, "设定年度目标")
        clean = {year: _clean_values(values) for year, values in plan.items()}
        for year, typed_total in (totals or {}).items():
            typed = check_count(typed_total, f"{year} 年合计")
            summed = sum(teachers for teachers, _ in clean.get(year, {}).values())
            if typed != summed:
                raise ValidationError(
                    f"{year} 年的合计填写为 {typed}，但各级别计划人数之和为 {summed}，两者不一致。"
                    "请核对各级别人数或合计后重新保存。",
                    code="targets.total_mismatch",
                    field="total",
                    value=typed,
                    details={"year": year, "typed": typed, "sum": summed},
                )
        texts = {
            year: {_level_code(k): normalize_prose(v) for k, v in per_year.items()}
            for year, per_year in (notes or {}).items()
        }
        with self._context.unit_of_work() as session:
            facts = workspace_facts(session)
            for year in clean:
                if year not in facts.preset.years:
                    raise _year_refusal(year, facts.preset)
            self._check_totals(session, clean)
            for year, values in clean.items():
                self._replace(session, year, values, texts.get(year, {}))
            session.flush()
            records = self._records(session)
        grouped: dict[int, list[TargetRecord]] = defaultdict(list)
        for record in records:
            grouped[record.year].append(record)
        return [
            _year_targets(year, grouped.get(year, []), facts.preset)
            for year in sorted(set(facts.preset.years) | set(grouped))
        ]

    @staticmethod
    def _check_totals(
        session: Session, new: Mapping[int, Mapping[str, tuple[int, int | None]]]
    ) -> None:
        """Refuse a plan whose years together exceed the registered teachers or schools.

        A change that lowers an already excessive plan is let through, so a plan entered
        before the roster shrank can be repaired one year at a time.
        """
        teachers: dict[int, int] = defaultdict(int)
        schools: dict[int, int] = defaultdict(int)
        before = [0, 0]
        for row in session.scalars(select(AnnualTarget)):
            before[0] += row.planned_count
            before[1] += row.planned_schools or 0
            if row.year in new:
                continue
            teachers[row.year] += row.planned_count
            schools[row.year] += row.planned_schools or 0
        for year, values in new.items():
            teachers[year] = sum(t for t, _ in values.values())
            schools[year] = sum(s or 0 for _, s in values.values())
        for label, unit, per_year, registered, old in (
            ("教师", "人", teachers, active_teacher_count(session), before[0]),
            ("学校", "所", schools, active_school_count(session), before[1]),
        ):
            planned = sum(per_year.values())
            # Before the roster is registered there is nothing to compare with.
            if registered and planned > registered and planned > old:
                detail = "、".join(
                    f"{year} 年 {count} {unit}" for year, count in sorted(per_year.items()) if count
                )
                raise ValidationError(
                    f"各年度计划培训的{label}合计 {planned} {unit}（{detail}），超过了在册的"
                    f"{label}数 {registered} {unit}。每位{label}在工程期内只计划一次，"
                    "请核对各年度的计划数。",
                    code="targets.exceeds_registered",
                    field="teachers" if label == "教师" else "schools",
                    value=planned,
                    details={"planned": planned, "registered": registered},
                )

    @staticmethod
    def _replace(
        session: Session,
        year: int,
        values: Mapping[str, tuple[int, int | None]],
        notes: Mapping[str, str],
    ) -> None:
        existing = {
            row.level_code: row
            for row in session.scalars(select(AnnualTarget).where(AnnualTarget.year == year))
        }
        for level, old in existing.items():
            if level not in values:
                session.delete(old)
        for level, (teachers, schools) in values.items():
            row = existing.get(level)
            if row is None:
                row = AnnualTarget(year=year, level_code=level)
                session.add(row)
            if row.planned_count != teachers:
                row.planned_count = teachers
            if row.planned_schools != schools:
                row.planned_schools = schools
            if level in notes and (row.note or "") != notes[level]:
                row.note = notes[level] or None

    def clear_year(self, year: int) -> None:
        """Remove every target of ``year``."""
        self._context.require(ADMIN_ROLES, "删除年度目标")
        with self._context.unit_of_work() as session:
            session.execute(delete(AnnualTarget).where(AnnualTarget.year == year))

    # ------------------------------------------------------------------ 附件1-1 import

    def read_plan_table(self, path: Path) -> PlanTableImport:
        """Read and check a 市、县级培训年度计划表; nothing is written.

        Every problem is collected; any problem refuses the whole file (ImportRejectedError
        whose ``details["issues"]`` lists each cell: row, column, value and reason).
        """
        self._context.require(ADMIN_ROLES, "导入年度培训计划表")
        table = read_annual_plan_table(path)
        with self._context.read() as session:
            facts = workspace_facts(session)
            result, _ = _PlanChecker(table, facts).check()
            self._check_file_totals(session, table, result)
        return result

    def import_plan_table(self, path: Path) -> PlanTableImport:
        """Read, check and write a 市、县级培训年度计划表 in one transaction (all or nothing).

        The years in the file replace those years' targets (a year left blank is kept as it
        was); the schools planned for a level that stays are kept.
        """
        self._context.require(ADMIN_ROLES, "导入年度培训计划表")
        table = read_annual_plan_table(path)
        self._context.checkpoint("before-import")
        with self._context.unit_of_work() as session:
            facts = workspace_facts(session)
            result, values = _PlanChecker(table, facts).check()
            self._check_file_totals(session, table, result)
            existing = {
                (row.year, row.level_code): row.planned_schools
                for row in session.scalars(select(AnnualTarget))
            }
            new = {
                year: {
                    level: (teachers, existing.get((year, level)))
                    for level, teachers in levels.items()
                    if teachers or existing.get((year, level))
                }
                for year, levels in values.items()
            }
            self._check_totals(session, new)
            for year, levels in new.items():
                self._replace(session, year, levels, {})
            record_import(
                session,
                entity=AnnualTarget.__tablename__,
                what="培训年度计划表",
                path=path,
                counts="、".join(f"{year} 年" for year in sorted(new)) or "没有年度",
            )
        return PlanTableImport(
            file_name=result.file_name,
            sheet=result.sheet,
            region=result.region,
            teachers=result.teachers,
            years=result.years,
            written=True,
        )

    def _check_file_totals(
        self, session: Session, table: PlanTableFile, result: PlanTableImport
    ) -> None:
        """The file's years against the registered teachers, named as a file problem."""
        registered = active_teacher_count(session)
        planned = sum(sum(levels.values()) for levels in result.years.values())
        stored = list(session.scalars(select(AnnualTarget)))
        others = sum(row.planned_count for row in stored if row.year not in result.years)
        before = sum(row.planned_count for row in stored)
        # As in set_plan: a file that lowers an already excessive plan is let through.
        if registered and planned + others > registered and planned + others > before:
            extra = f"（另有其他年度已设定 {others} 人）" if others else ""
            raise ImportRejectedError(
                f"文件“{table.path.name}”的工作表“{table.sheet}”中各年度计划人数合计 {planned} "
                f"人{extra}，超过了本工作区在册的在职教师 {registered} 人，没有导入任何内容。"
                "每位教师在工程期内只计划一次，请核对计划数后重新导入。",
                code="plan_table.exceeds_registered",
                details={"planned": planned + others, "registered": registered},
            )

    # ------------------------------------------------------------------ 附件1-1 export

    @audited_export("annual_targets", "培训年度计划表", unit="个年度")
    def plan_table_form(
        self,
        out: Path,
        *,
        contact: str = "",
        phone: str = "",
        filled_on: date | None = None,
    ) -> int:
        """附件1-1 市、县级培训年度计划表 of every programme year; returns the number of years.

        Refused, with the list, when a year has no targets or no teachers are registered.
        """
        self._context.require(PLAN_READERS, "导出市、县级培训年度计划表")
        with self._context.read() as session:
            facts = workspace_facts(session)
            teachers = active_teacher_count(session)
            records = self._records(session)
        preset = facts.preset
        years = preset.years
        by_year: dict[int, dict[str, int]] = defaultdict(dict)
        for record in records:
            by_year[record.year][record.level_code] = record.planned_teachers
        problems = [
            f"{year} 年没有设定年度目标（各级别计划培训人数）"
            for year in years
            if not sum(by_year.get(year, {}).values())
        ]
        if not teachers:
            problems.append("没有登记在职教师（教师总数）")
        if problems:
            raise missing_data_error("市、县级培训年度计划表", problems)
        national = any(levels.get("national") for levels in by_year.values())
        labels = ("省培", "国培", "市级") if national else ("省级", "市级")
        counts = tuple(_plan_columns(by_year.get(year, {}), national=national) for year in years)
        row = PlanTableRow(region=facts.region_name, teachers=teachers, counts=counts)
        write_annual_plan_table(
            out,
            province=facts.province,
            region=facts.full_region,
            contact=contact,
            phone=phone,
            filled_on=filled_on or date.today(),
            years=years,
            levels=labels,
            rows=[row],
            notes=_plan_notes(preset, filled_on or date.today()),
        )
        return len(years)


def _previous_share(preset: Preset, year: int, attr: str) -> float:
    """The cumulative share reached before ``year`` (0 before the first)."""
    before = 0.0
    for target in preset.targets:
        if target.year >= year:
            break
        share = getattr(target, attr)
        if target.cumulative and share is not None:
            before = share
    return before


def _year_targets(year: int, records: Sequence[TargetRecord], preset: Preset) -> YearTargets:
    target = preset.target_for(year)
    planned = [r.planned_schools for r in records if r.planned_schools is not None]
    return YearTargets(
        year=year,
        targets=tuple(records),
        teachers=sum(r.planned_teachers for r in records),
        schools=sum(planned) if planned else None,
        teacher_share=target.teacher_share if target else None,
        school_share=target.school_share if target else None,
        cumulative=target.cumulative if target else False,
    )


def _level_code(text: str) -> str:
    entry = code_table(LEVEL_TABLE).find(str(text))
    if entry is None:
        names = "、".join(name for _, name in TargetService.levels())
        raise ValidationError(
            f"“{text}”不是有效的项目级别，可用的级别有：{names}。",
            code="targets.level",
            field="level",
            value=text,
        )
    return entry.code


def _clean_values(
    values: Mapping[str, tuple[object, object]],
) -> dict[str, tuple[int, int | None]]:
    clean: dict[str, tuple[int, int | None]] = {}
    names = _level_names()
    for key, pair in values.items():
        level = _level_code(key)
        if level in clean:
            raise ValidationError(
                f"项目级别“{names[level]}”填写了两次，请合并为一项。",
                code="targets.level_twice",
                field="level",
                value=key,
            )
        teachers_raw, schools_raw = pair
        teachers = check_count(teachers_raw, f"{names[level]}计划培训教师数")
        schools = (
            None
            if schools_raw is None or schools_raw == ""
            else check_count(schools_raw, f"{names[level]}计划完成学校数")
        )
        if teachers or schools:
            clean[level] = (teachers, schools)
    return clean


def _plan_columns(levels: Mapping[str, int], *, national: bool) -> tuple[int, ...]:
    """A year's counts in the plan table's columns: 省级 (省培, 国培) and 市级.

    The seed's 市级 holds the city's plan with its counties' (备注 1): here every level below
    the province.
    """
    local = sum(v for k, v in levels.items() if k not in ("national", "provincial"))
    if national:
        return (levels.get("provincial", 0), levels.get("national", 0), local)
    return (levels.get("provincial", 0) + levels.get("national", 0), local)


def _plan_notes(preset: Preset, filled_on: date) -> tuple[str, ...]:
    shares = []
    for target in preset.targets:
        for attr, label in (("teacher_share", "教师"), ("school_share", "学校")):
            share = getattr(target, attr)
            if share is not None:
                kind = "累计" if target.cumulative else ""
                shares.append(f"{target.year}年{kind}完成{label}的{_pct(share)}")
    notes = [
        "备注：",
        "1. “市级”包含所属县（市、区）级及校级培训计划数；",
        f"2. 教师总数为截至{filled_on.year}年{filled_on.month}月{filled_on.day}日"
        "本地区登记在册的在职教师数；",
        "3. 完成比例（%）= 当年合计 ÷ 教师总数 × 100；",
    ]
    if shares:
        notes.append(f"4. 年度目标依据“{preset.name}”：{'，'.join(shares)}；")
    notes.append(f"{len(notes)}. 此表请以EXCEL电子表格报送。")
    return tuple(notes)


class _PlanChecker:
    """Checks a plan table file cell by cell and collects every problem."""

    def __init__(self, table: PlanTableFile, facts: WorkspaceFacts) -> None:
        self.table = table
        self.facts = facts
        self.issues: list[RowIssue] = []

    def issue(self, cell: FormCell, reason: str, code: str) -> None:
        self.issues.append(cell_issue(cell, reason, code))

    def count(self, cell: FormCell) -> int | None:
        """The cell's count, None when blank; a problem is recorded and None returned."""
        if cell.text in _BLANKS:
            return None
        try:
            return check_count(cell.value, cell.header)
        except ValidationError:
            self.issue(cell, "应为不小于 0 的整数（人数）。", "plan_table.count")
            return None

    def _own_row(self) -> PlanFileRow | None:
        rows = self.table.rows
        if not rows:
            return None
        names = {header_key(n) for n in (self.facts.region_name, self.facts.full_region) if n}
        short = header_key(self.facts.region_name)[:-1] if len(self.facts.region_name) > 2 else ""
        matching = [
            r for r in rows if header_key(r.region.text) in names or (
                short and header_key(r.region.text) == short
            )
        ]  # fmt: skip
        if matching:
            return matching[0]
        if len(rows) == 1:
            self.issue(
                rows[0].region,
                f"地区“{rows[0].region.text}”不是本工作区（{self.facts.full_region}），"
                "请导入本地区的计划表。",
                "plan_table.region",
            )
        return None

    def check(self) -> tuple[PlanTableImport, dict[int, dict[str, int]]]:
        table = self.table
        preset = self.facts.preset
        for cell in table.year_cells:
            year = int(cell.text.rstrip("年度") or 0)
            if year not in preset.years:
                listed = "、".join(str(y) for y in preset.years)
                self.issue(
                    cell,
                    f"{year} 年不在本工作区规则（{preset.name}）的工程年份 {listed} 之内。",
                    "plan_table.year",
                )
        row = self._own_row()
        if row is None and not self.issues:
            raise ImportRejectedError(
                f"文件“{table.path.name}”的工作表“{table.sheet}”中没有本地区"
                f"（{self.facts.region_name}）的计划行，没有导入任何内容。"
                "请在“地区”列填写本地区名称。",
                code="plan_table.no_region",
            )
        values: dict[int, dict[str, int]] = {}
        teachers = 0
        if row is not None:
            teachers = self.count(row.teachers) or 0
            values = self._row_values(row, teachers)
            self._check_total_row(row)
            planned = sum(sum(v.values()) for v in values.values())
            if teachers and planned > teachers:
                self.issue(
                    row.teachers,
                    f"各年度计划人数合计 {planned} 人，超过了教师总数 {teachers} 人。",
                    "plan_table.exceeds_teachers",
                )
        if self.issues:
            raise rejected_error(
                table.path.name, table.sheet, self.issues, code="plan_table.rejected"
            )
        assert row is not None
        return (
            PlanTableImport(
                file_name=table.path.name,
                sheet=table.sheet,
                region=row.region.text,
                teachers=teachers,
                years=values,
            ),
            values,
        )

    def _row_values(self, row: PlanFileRow, teachers: int) -> dict[int, dict[str, int]]:
        own = own_level(self.facts)
        values: dict[int, dict[str, int]] = {}
        for year in row.years:
            labels = [_LABEL_LEVELS.get(header_key(label)) for label, _ in year.levels]
            # 市级 alone means the city's plan with its counties' (the seed's 备注 1): in a
            # county workspace that is the county's own plan; beside a 县级 column it is the city's.
            local = "city" if "county" in labels or own == "city" else own
            counts: dict[str, int] = defaultdict(int)
            blank = True
            for (label, cell), level in zip(year.levels, labels, strict=True):
                if level is None:
                    self.issue(
                        cell,
                        f"无法识别级别列“{label}”，级别列应为省级（省培）、国培、市级、县级或校级。",
                        "plan_table.level",
                    )
                    continue
                number = self.count(cell)
                if number is not None:
                    blank = False
                    counts[local if level == "local" else level] += number
            typed = self.count(year.total)
            if blank and typed is None:
                continue  # a year left blank: its targets stay as they are
            summed = sum(counts.values())
            if typed is not None and typed != summed:
                parts = "+".join(label for label, _ in year.levels)
                self.issue(
                    year.total,
                    f"合计 {typed} 与{parts}之和 {summed} 不一致。",
                    "plan_table.total_mismatch",
                )
            if year.ratio is not None and year.ratio.text not in _BLANKS and teachers:
                self._check_ratio(year.ratio, summed, teachers)
            values[year.year] = dict(counts)
        return values

    def _check_ratio(self, cell: FormCell, total: int, teachers: int) -> None:
        value = cell.value
        if isinstance(value, str):
            text = normalize_compact(value).removesuffix("%")
            try:
                value = float(text)
            except ValueError:
                self.issue(cell, "完成比例应为数字（百分数）。", "plan_table.ratio")
                return
        if not isinstance(value, int | float) or isinstance(value, bool):
            self.issue(cell, "完成比例应为数字（百分数）。", "plan_table.ratio")
            return
        expected = total * 100 / teachers
        # A cell formatted as a percentage holds the fraction (0.3 for 30 %).
        if abs(value - expected) > 0.5 and abs(value * 100 - expected) > 0.5:
            self.issue(
                cell,
                f"完成比例应为合计 {total} ÷ 教师总数 {teachers} × 100 = {expected:.1f}，"
                "与填写的不一致。",
                "plan_table.ratio",
            )

    def _check_total_row(self, row: PlanFileRow) -> None:
        """A 合计 row must be the sum of the 地区 rows, column by column."""
        total = self.table.total
        if total is None:
            return
        rows = self.table.rows
        pairs: list[tuple[FormCell, list[FormCell]]] = [
            (total.teachers, [r.teachers for r in rows])
        ]
        for index, year in enumerate(total.years):
            for position, (_, cell) in enumerate(year.levels):
                pairs.append((cell, [r.years[index].levels[position][1] for r in rows]))
            pairs.append((year.total, [r.years[index].total for r in rows]))
        for cell, parts in pairs:
            if cell.text in _BLANKS:
                continue
            typed = self.count(cell)
            numbers = [n for n in (self._quiet(p) for p in parts) if n is not None]
            if typed is not None and typed != sum(numbers):
                self.issue(
                    cell,
                    f"合计行的 {typed} 与上面各地区之和 {sum(numbers)} 不一致。",
                    "plan_table.total_row",
                )

    @staticmethod
    def _quiet(cell: FormCell) -> int | None:
        if cell.text in _BLANKS:
            return None
        try:
            return check_count(cell.value, cell.header)
        except ValidationError:
            return None
