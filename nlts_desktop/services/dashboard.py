"""统计: progress against the yearly targets, per school, per 学段 / 城乡分类 / project level.

Everything the 统计 tab, ``stats --json``, the .xlsx export and the county briefing PDF show
comes from one :class:`Dashboard` of plain frozen values, built by a handful of grouped queries
(active teachers with their hours, point grades by teacher, hours by year, enrolments per
project) and one pass in Python over the teachers in which every *distinct* combination of
hours and grades is judged once by the domain's own rule (:func:`evaluate_hours`), so the
verdicts are exactly those of :meth:`HoursService.teacher_hours` without building 100,000
objects (~0.7 s for 100,000 teachers here, against ~0.9 s for the per-teacher list alone).  The
result is kept until the data changes (a cheap stamp of counts, last ids and the audit log's
end), so opening the tab again costs milliseconds; the names of the teachers still needed are
fetched per school only when asked for (:meth:`DashboardService.still_needed`).

Rules decided here (the seeds leave them open):

* **Qualified by the end of a year** (年末累计达标): the hours registered for that year and the
  years before meet the preset's rule, and, where the rule asks for the school assessment, the
  county approved a passing result of the assessment cycle by then; the result counts from the
  cycle's year on (the practice hours it credits are registered with that year too).  The year's
  increase (当年新增达标) is the difference from the year before.
* **Target basis**: a year's target counts by the end of the year (累计) when the preset's target
  for the year is cumulative (四川, 湖南, 安徽), else within the year (当年, 佛山 30 % / 50 % /
  20 %).
* **Planned teachers** of a year (当年计划): the sum of the year's entered annual targets over
  all levels (source ``targets``; like the 市、县级培训年度计划表 and ``TargetService`` they are
  the teachers to be trained *that* year); a year without them takes the preset's share of the
  active teachers the way ``TargetService.suggest`` does (a cumulative share as that year's
  increment; source ``preset``); with neither, no plan (``none``).  On a cumulative basis the
  plan is the running total of the years so far (``mixed`` when it adds entered and preset
  years).  Planned schools likewise, from the entered planned school counts or the preset's
  school share of the schools with teachers.
* **A school is completed** (学校完成) when its qualified active teachers reach the school bar,
  by default all of them (:data:`SCHOOL_BAR` = 100 %: 湖南 counts schools that 实施并完成 the
  training, 整校推进); a school without active teachers is not counted at all.
* **Still needed** per school (尚需达标): the school's target for the target year (the county's
  cumulative teacher share by then × the school's active teachers, rounded up; the school bar
  when no teacher share is set) less its qualified teachers.  The target year is the latest
  programme year not after today (the first one before the programme starts).
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Row, and_, case, func, select
from sqlalchemy.orm import Session

from nlts_desktop.domain.codes import code_table
from nlts_desktop.domain.enums import Grade, HourCategory, Role, TeacherStatus
from nlts_desktop.domain.errors import NotFoundError
from nlts_desktop.domain.hour_rules import HourTotals, HourVerdict, evaluate_hours, format_hours
from nlts_desktop.domain.idcard import mask_id_number
from nlts_desktop.domain.presets import Preset
from nlts_desktop.services.audit import audited_export
from nlts_desktop.services.context import ServiceContext
from nlts_desktop.services.hours import HoursService, assessment_counts, counted_result
from nlts_desktop.services.progress import paused_gc
from nlts_desktop.services.projects import ENROLLED, workspace_preset
from nlts_desktop.services.reports import COUNTY_READERS
from nlts_desktop.storage.models import (
    AnnualTarget,
    AssessmentResult,
    AuditEntry,
    Enrollment,
    HourRecord,
    PointSelection,
    School,
    Teacher,
    TrainingProject,
    WorkspaceRow,
)

if TYPE_CHECKING:
    from nlts_desktop.exchange.briefing_pdf import Briefing

#: Share of a school's active teachers that must be qualified for the school to count as
#: completed (学校完成): all of them (整校推进).
SCHOOL_BAR = 1.0

SOURCE_TARGETS = "targets"
SOURCE_PRESET = "preset"
SOURCE_MIXED = "mixed"
SOURCE_NONE = "none"
SOURCE_LABELS = {
    SOURCE_TARGETS: "年度计划",
    SOURCE_PRESET: "预设比例",
    SOURCE_MIXED: "年度计划+预设比例",
    SOURCE_NONE: "未设目标",
}
UNKNOWN_LABEL = "未填写"
OTHER_LABEL = "其他"

# Result of a teacher's assessment for the cycle, as the hours rule reads it.
_PASSED, _FAILED, _PENDING = "passed", "failed", "pending"
_PASSED_ON: dict[str, bool | None] = {_PASSED: True, _FAILED: False, _PENDING: None}
# Teacher outcomes (exclusive), in the order they are shown.
RESULT_KEYS = ("qualified", "assessment_failed", "assessment_pending", "hours_short")
RESULT_LABELS = {
    "qualified": "已达标",
    "assessment_failed": "未达标：考核不合格",
    "assessment_pending": "未达标：考核待认定",
    "hours_short": "未达标：学时不足",
}
# The teacher's assessment result of the cycle (approved by the county, else 待认定).
TEACHER_GRADE_KEYS = ("excellent", "pass", "fail", "pending")
TEACHER_GRADE_LABELS = {
    "excellent": "优秀",
    "pass": "合格",
    "fail": "不合格",
    "pending": "待认定",
}
POINT_GRADE_KEYS = ("excellent", "pass", "fail", "ungraded")
POINT_GRADE_LABELS = {
    "excellent": "优秀",
    "pass": "合格",
    "fail": "不合格",
    "ungraded": "未评",
}
_EPSILON = 1e-9
_ZERO_GRADES = (0, 0, 0, 0, False)


# ---------------------------------------------------------------- plain values


def _rate(part: int, whole: int | None) -> float | None:
    """part / whole, None when there is nothing to divide by."""
    return part / whole if whole else None


def _label(table: str, code: str | None) -> str:
    """A code's name in its table; 未填写 for none, 其他 for a code the table lacks."""
    if not code:
        return UNKNOWN_LABEL
    entry = code_table(table).find(code)
    return entry.name if entry is not None and entry.code == code else OTHER_LABEL


def _rounded(share: float | None) -> float | None:
    """A rate for JSON: four decimals (0.2357)."""
    return None if share is None else round(share, 4)


def _need(share: float, teachers: int) -> int:
    """A share of a head count as whole people, rounded up (30 % of 7 is 3)."""
    return math.ceil(share * teachers - _EPSILON) if teachers > 0 else 0


@dataclass(frozen=True)
class YearProgress:
    """One programme year: target against actual (年度目标完成情况)."""

    year: int
    #: True: the target counts by the end of the year (累计); False: within the year (当年).
    cumulative: bool
    teacher_share: float | None  # the preset's teacher share of the year
    planned_teachers_in_year: int | None  # the year's own plan (当年计划)
    planned_teachers_by_year_end: int | None  # the plans of this year and the years before
    teacher_source: str  # of the plan on the target's basis: targets | preset | mixed | none
    qualified_by_year_end: int  # 年末累计达标
    qualified_in_year: int  # 当年新增达标 (the increase over the year before)
    school_share: float | None
    planned_schools_in_year: int | None
    planned_schools_by_year_end: int | None
    school_source: str
    completed_by_year_end: int
    completed_in_year: int
    hours: float  # hours registered for the year, every category
    online_hours: float
    practice_hours: float
    other_hours: float
    teachers_with_hours: int

    @property
    def basis_label(self) -> str:
        """口径: 累计 or 当年."""
        return "累计" if self.cumulative else "当年"

    @property
    def planned_teachers(self) -> int | None:
        """Planned teachers on the target's basis."""
        if self.cumulative:
            return self.planned_teachers_by_year_end
        return self.planned_teachers_in_year

    @property
    def planned_schools(self) -> int | None:
        """Planned schools on the target's basis."""
        return self.planned_schools_by_year_end if self.cumulative else self.planned_schools_in_year

    @property
    def actual_teachers(self) -> int:
        """Qualified teachers on the target's basis."""
        return self.qualified_by_year_end if self.cumulative else self.qualified_in_year

    @property
    def actual_schools(self) -> int:
        """Completed schools on the target's basis."""
        return self.completed_by_year_end if self.cumulative else self.completed_in_year

    @property
    def teacher_rate(self) -> float | None:
        """Actual / planned teachers (None without a target)."""
        return _rate(self.actual_teachers, self.planned_teachers)

    @property
    def school_rate(self) -> float | None:
        """Actual / planned schools (None without a target)."""
        return _rate(self.actual_schools, self.planned_schools)

    @property
    def teacher_source_label(self) -> str:
        """Where the teacher target comes from, in Chinese."""
        return SOURCE_LABELS[self.teacher_source]

    @property
    def school_source_label(self) -> str:
        """Where the school target comes from, in Chinese."""
        return SOURCE_LABELS[self.school_source]


@dataclass(frozen=True)
class SchoolProgress:
    """One school's completion (学校完成情况) and the teachers it still needs."""

    school_id: int
    code: str
    name: str
    stage_code: str
    stage_label: str
    urban_rural_code: str | None
    urban_rural_label: str
    teachers: int  # active teachers
    qualified: int
    target: int  # teachers to be qualified by the target year
    still_needed: int  # max(0, target − qualified): list them with DashboardService.still_needed
    completed: bool  # qualified reach the school bar

    @property
    def rate(self) -> float | None:
        """Qualified / active teachers."""
        return _rate(self.qualified, self.teachers)


@dataclass(frozen=True)
class DistributionRow:
    """One slice of a distribution: a band, a grade or an outcome, with its count."""

    key: str
    label: str
    count: int
    share: float | None  # of the distribution's total


@dataclass(frozen=True)
class BreakdownRow:
    """Counts and rates of one 学段 or 城乡分类.

    Teachers are counted by their own 学段 (the school's when not recorded); schools by the
    school's 学段.
    """

    key: str
    label: str
    schools: int
    completed_schools: int
    teachers: int
    qualified: int

    @property
    def rate(self) -> float | None:
        """Qualified / teachers."""
        return _rate(self.qualified, self.teachers)

    @property
    def school_rate(self) -> float | None:
        """Completed / schools."""
        return _rate(self.completed_schools, self.schools)


@dataclass(frozen=True)
class LevelRow:
    """Training by project level (国家级 / 省级 / 市级 / 县级 / 校级): trained teachers."""

    key: str
    label: str
    projects: int
    planned: int  # planned participants of the level's projects
    targets: int  # entered annual targets of the level, all years
    enrolled: int  # distinct active teachers enrolled in the level's projects
    qualified: int  # of those, qualified

    @property
    def rate(self) -> float | None:
        """Qualified / enrolled."""
        return _rate(self.qualified, self.enrolled)


@dataclass(frozen=True)
class Headline:
    """The key figures (关键指标)."""

    teachers: int
    schools: int  # schools with active teachers
    qualified: int
    completed_schools: int
    still_needed: int
    hours: float  # every hour registered
    online_hours: float
    practice_hours: float
    assessment_passed: int
    target_year: int | None
    planned_teachers: int | None  # target of the target year, cumulative
    planned_schools: int | None

    @property
    def qualified_rate(self) -> float | None:
        """Qualified / active teachers."""
        return _rate(self.qualified, self.teachers)

    @property
    def completed_rate(self) -> float | None:
        """Completed / schools."""
        return _rate(self.completed_schools, self.schools)


@dataclass(frozen=True)
class Dashboard:
    """Everything the 统计 tab shows, as of ``computed_at``."""

    region_name: str
    parent_name: str | None
    preset_id: str
    preset_name: str
    cycle: int | None
    required_hours: float  # the preset's minimum total
    school_bar: float
    target_year: int | None
    computed_at: datetime
    headline: Headline
    years: tuple[YearProgress, ...]
    schools: tuple[SchoolProgress, ...]  # by 学校标识码
    hour_bands: tuple[DistributionRow, ...]
    point_grades: tuple[DistributionRow, ...]
    teacher_grades: tuple[DistributionRow, ...]
    results: tuple[DistributionRow, ...]
    by_stage: tuple[BreakdownRow, ...]
    by_urban_rural: tuple[BreakdownRow, ...]
    by_level: tuple[LevelRow, ...]
    notes: tuple[str, ...] = field(default=())

    def summary(self) -> dict[str, Any]:
        """The headline figures and the yearly targets as JSON-ready data (``stats --json``).

        Keys are a public interface: add new ones, never rename.
        """
        h = self.headline
        return {
            "preset_id": self.preset_id,
            "cycle": self.cycle,
            "target_year": self.target_year,
            "school_bar": self.school_bar,
            "teachers_active": h.teachers,
            "schools_with_teachers": h.schools,
            "qualified": h.qualified,
            "qualified_rate": _rounded(h.qualified_rate),
            "planned_teachers": h.planned_teachers,
            "still_needed": h.still_needed,
            "completed_schools": h.completed_schools,
            "completed_rate": _rounded(h.completed_rate),
            "planned_schools": h.planned_schools,
            "assessment_passed": h.assessment_passed,
            "hours": h.hours,
            "online_hours": h.online_hours,
            "practice_hours": h.practice_hours,
            "years": [
                {
                    "year": y.year,
                    "basis": "cumulative" if y.cumulative else "year",
                    "planned_teachers": y.planned_teachers,
                    "planned_teachers_in_year": y.planned_teachers_in_year,
                    "planned_teachers_by_year_end": y.planned_teachers_by_year_end,
                    "teacher_source": y.teacher_source,
                    "qualified": y.actual_teachers,
                    "qualified_by_year_end": y.qualified_by_year_end,
                    "qualified_in_year": y.qualified_in_year,
                    "teacher_rate": _rounded(y.teacher_rate),
                    "planned_schools": y.planned_schools,
                    "planned_schools_in_year": y.planned_schools_in_year,
                    "planned_schools_by_year_end": y.planned_schools_by_year_end,
                    "school_source": y.school_source,
                    "completed_schools": y.actual_schools,
                    "school_rate": _rounded(y.school_rate),
                    "hours": y.hours,
                }
                for y in self.years
            ],
            "hour_bands": {r.label: r.count for r in self.hour_bands},
            "point_grades": {r.key: r.count for r in self.point_grades},
            "teacher_grades": {r.key: r.count for r in self.teacher_grades},
            "results": {r.key: r.count for r in self.results},
        }

    def behind(self, limit: int | None = None) -> list[SchoolProgress]:
        """Schools furthest behind: most teachers still needed, then lowest rate, then code."""
        rows = sorted(
            (s for s in self.schools if s.still_needed > 0),
            key=lambda s: (-s.still_needed, s.rate or 0.0, s.code),
        )
        return rows if limit is None else rows[:limit]


@dataclass(frozen=True)
class NeededTeacher:
    """A teacher still to qualify, with what is missing (尚需达标教师)."""

    teacher_id: int
    name: str
    masked_id: str
    school_code: str
    school_name: str
    online: float
    practice: float
    total: float
    assessment_label: str
    reasons: str


# ---------------------------------------------------------------- the tally


# Compared by identity: one object per distinct combination, a cheap dictionary key.
@dataclass(frozen=True, eq=False, slots=True)
class _Outcome:
    """What one combination of hours and grades means (computed once per combination)."""

    qualified: bool
    by_year: tuple[bool, ...]  # qualified by the end of each programme year
    band: int
    result: int  # index in RESULT_KEYS
    assessment: str  # passed / failed / pending
    grade: int  # index in TEACHER_GRADE_KEYS


@dataclass
class _SchoolTally:
    teachers: int = 0
    qualified: int = 0
    by_year: list[int] = field(default_factory=list)


@dataclass
class _Tally:
    """Counts gathered over the teachers."""

    years: int
    bands: int
    schools: dict[int, _SchoolTally] = field(default_factory=dict)
    stage_teachers: dict[str, list[int]] = field(default_factory=dict)  # [teachers, qualified]
    results: list[int] = field(default_factory=lambda: [0] * len(RESULT_KEYS))
    grades: list[int] = field(default_factory=lambda: [0] * len(TEACHER_GRADE_KEYS))
    points: list[int] = field(default_factory=lambda: [0] * len(POINT_GRADE_KEYS))
    band_counts: list[int] = field(default_factory=list)
    by_year: list[int] = field(default_factory=list)
    passed: int = 0
    teachers: int = 0
    qualified: int = 0

    def __post_init__(self) -> None:
        self.band_counts = [0] * self.bands
        self.by_year = [0] * self.years

    def add(
        self,
        school_id: int,
        stage: str,
        outcome: _Outcome,
        grades: tuple[int, int, int, int, bool],
        count: int,
    ) -> None:
        school = self.schools.get(school_id)
        if school is None:
            school = self.schools[school_id] = _SchoolTally(by_year=[0] * self.years)
        school.teachers += count
        stage_row = self.stage_teachers.setdefault(stage, [0, 0])
        stage_row[0] += count
        self.teachers += count
        if outcome.qualified:
            school.qualified += count
            stage_row[1] += count
            self.qualified += count
        for index, flag in enumerate(outcome.by_year):
            if flag:
                school.by_year[index] += count
                self.by_year[index] += count
        self.band_counts[outcome.band] += count
        self.results[outcome.result] += count
        self.grades[outcome.grade] += count
        if outcome.assessment == _PASSED:
            self.passed += count
        fails, excellent, graded, total, _certified = grades
        self.points[0] += excellent * count
        self.points[1] += (graded - fails - excellent) * count
        self.points[2] += fails * count
        self.points[3] += (total - graded) * count


class _Judge:
    """Judges combinations of hours and grades with the preset's rule, each one once."""

    def __init__(
        self,
        preset: Preset,
        cycle: int | None,
        bands: Sequence[float],
        slots: Sequence[int | None],
    ) -> None:
        self.rule = preset.hours
        self.min_points = preset.points.min_points
        self.years = preset.years
        self.cycle = cycle
        self.bands = bands
        self.slots = slots
        self._verdicts: dict[tuple[int, int, int, str], HourVerdict] = {}
        self._states: dict[tuple[int, int, int, int, bool], tuple[str, int]] = {}

    def state(self, grades: tuple[int, int, int, int, bool]) -> tuple[str, int]:
        """passed / failed / pending and the teacher's grade index, from counted point grades."""
        found = self._states.get(grades)
        if found is None:
            result = counted_result(grades, self.min_points)
            if result is Grade.FAIL:
                found = (_FAILED, 2)
            elif result is None:
                found = (_PENDING, 3)
            else:
                found = (_PASSED, 0 if result is Grade.EXCELLENT else 1)
            self._states[grades] = found
        return found

    def verdict(self, online: int, practice: int, other: int, state: str) -> HourVerdict:
        """The rule's verdict on half-hour sums (cached: a few hundred distinct ones)."""
        key = (online, practice, other, state)
        found = self._verdicts.get(key)
        if found is None:
            found = evaluate_hours(
                self.rule,
                HourTotals(online=online / 2, practice=practice / 2, other=other / 2),
                assessment_passed=_PASSED_ON[state],
            )
            self._verdicts[key] = found
        return found

    def outcome(self, sums: Sequence[int], grades: tuple[int, int, int, int, bool]) -> _Outcome:
        """``sums``: (online, practice, other) half-hours by the end of the years that need
        their own (see :func:`_year_slots`), then overall."""
        state, grade = self.state(grades)
        now = self.verdict(sums[-3], sums[-2], sums[-1], state)
        flags: list[bool] = []
        for year, slot in zip(self.years, self.slots, strict=True):
            if slot is None:
                flags.append(False)
                continue
            part = sums[slot : slot + 3] if slot >= 0 else sums[-3:]
            counts = self.cycle is not None and year >= self.cycle
            flags.append(
                self.verdict(part[0], part[1], part[2], state if counts else _PENDING).qualified
            )
        band = 0
        for index, lower in enumerate(self.bands):
            if now.counted_total + _EPSILON >= lower:
                band = index
        codes = now.reason_codes
        if now.qualified:
            result = 0
        elif "assessment_failed" in codes:
            result = 1
        elif "assessment_pending" in codes:
            result = 2
        else:
            result = 3
        return _Outcome(now.qualified, tuple(flags), band, result, state, grade)


def _year_slots(
    preset: Preset, cycle: int | None, last_year: int | None
) -> tuple[list[int], list[int | None]]:
    """Which years need their own cumulative hour sums, and where each year's sums are.

    Returns the years to sum (in order) and per programme year the offset of its three sums,
    -1 for the overall sums (the last year, when no hours of a later year exist), or None
    when nobody can be qualified by then: the rule asks for the assessment and its result
    counts only from the cycle's year on.  On the demo (cycle 2022) only the overall sums
    are needed, which halves the biggest query.
    """
    cut: list[int] = []
    slots: list[int | None] = []
    needs_result = preset.hours.requires_assessment_pass
    for index, year in enumerate(preset.years):
        if needs_result and (cycle is None or year < cycle):
            slots.append(None)
        elif index == len(preset.years) - 1 and (last_year is None or last_year <= year):
            slots.append(-1)
        else:
            slots.append(3 * len(cut))
            cut.append(year)
    return cut, slots


def _band_edges(required: float, step: float) -> list[tuple[float, str]]:
    """Hour bands suited to the required total T: 0, up to T/2, up to T, up to 2T, 2T and more."""
    half = math.floor(required / 2 / step) * step or step
    double = required * 2
    fmt = format_hours
    return [
        (0.0, "0 学时"),
        (
            step,
            f"{fmt(step)}–{fmt(half - step)} 学时"
            if half - step >= step
            else f"不足 {fmt(half)} 学时",
        ),
        (half, f"{fmt(half)}–{fmt(required - step)} 学时"),
        (required, f"{fmt(required)}–{fmt(double - step)} 学时"),
        (double, f"{fmt(double)} 学时及以上"),
    ]


def _distribution(
    keys: Sequence[str], labels: Mapping[str, str], counts: Sequence[int]
) -> tuple[DistributionRow, ...]:
    total = sum(counts)
    return tuple(
        DistributionRow(key=k, label=labels[k], count=c, share=_rate(c, total))
        for k, c in zip(keys, counts, strict=True)
    )


def target_year(preset: Preset, today: date) -> int | None:
    """The latest programme year not after ``today`` (the first one before the programme)."""
    if not preset.years:
        return None
    past = [year for year in preset.years if year <= today.year]
    return past[-1] if past else preset.years[0]


# ---------------------------------------------------------------- the service


class DashboardService:
    """The statistics behind 统计, the dashboard export and the county briefing (read-only)."""

    def __init__(
        self,
        context: ServiceContext,
        hours: HoursService,
        *,
        school_bar: float = SCHOOL_BAR,
        today: Callable[[], date] = date.today,
    ) -> None:
        self._context = context
        self._hours = hours
        self._school_bar = school_bar
        self._today = today
        self._lock = threading.Lock()
        self._cached: tuple[tuple[object, ...], Dashboard] | None = None

    # ------------------------------------------------------------ reading

    def overview(self, *, refresh: bool = False) -> Dashboard:
        """The whole dashboard; computed again only when the data changed (or ``refresh``)."""
        with self._lock, paused_gc(), self._context.read() as session:
            today = self._today()
            stamp = (today, *self._stamp(session))
            if not refresh and self._cached is not None and self._cached[0] == stamp:
                return self._cached[1]
            dashboard = self._build(session, today)
            self._cached = (stamp, dashboard)
            return dashboard

    def invalidate(self) -> None:
        """Forget the cached dashboard (the next :meth:`overview` computes it again)."""
        with self._lock:
            self._cached = None

    def still_needed(self, school_id: int | None = None) -> list[NeededTeacher]:
        """Teachers not yet qualified (of one school, or all), with what each still lacks.

        A school coordinator always gets their own school.
        """
        actor = self._context.actor
        if actor.role is Role.SCHOOL_COORDINATOR:
            school_id = actor.school_id if school_id is None else school_id
            if school_id is not None:
                self._context.require_school(school_id, "查看其他学校尚需达标的教师")
        if school_id is not None:
            with self._context.read() as session:
                if session.get(School, school_id) is None:
                    raise NotFoundError(
                        f"找不到编号为 {school_id} 的学校，它可能已被删除。",
                        code="school.unknown",
                    )
        labels = {_PASSED: "考核通过", _FAILED: "考核不合格", _PENDING: "考核待认定"}
        return [
            NeededTeacher(
                teacher_id=t.teacher_id,
                name=t.name,
                masked_id=mask_id_number(t.id_number),
                school_code=t.school_code,
                school_name=t.school_name,
                online=t.online,
                practice=t.practice,
                total=t.verdict.counted_total,
                assessment_label=labels[t.assessment],
                reasons="".join(t.verdict.reasons),
            )
            for t in self._hours.teacher_hours(school_id=school_id)
            if not t.qualified
        ]

    # ------------------------------------------------------------ files

    @audited_export("forms", "统计表")
    def export_xlsx(self, out: Path) -> Path:
        """Every table of the dashboard in one workbook, one sheet per table (Chinese headers)."""
        self._context.require(COUNTY_READERS, "导出全县统计表")
        dashboard = self.overview()
        from nlts_desktop.exchange.excel_writer import atomic_write

        sheets = _sheets(dashboard)

        def write(target: Path) -> None:
            _write_workbook(target, sheets)

        atomic_write(out, write)
        return out

    @audited_export("teachers", "仍需完成的教师名单", unit="名")
    def export_still_needed(self, out: Path, *, school_id: int | None = None) -> int:
        """The still-needed teachers (one school or all) as an .xlsx list; returns the count."""
        from nlts_desktop.exchange.excel_writer import write_table

        rows = self.still_needed(school_id)
        return write_table(
            out,
            sheet_title="尚需达标教师",
            title="尚需达标教师名单",
            headers=[
                "学校标识码",
                "学校名称",
                "姓名",
                "身份证号",
                "网络研修学时",
                "校本实践应用学时",
                "已计学时",
                "考核情况",
                "未达标原因",
            ],
            text_columns=(0, 3),
            column_widths=[14, 30, 10, 22, 12, 16, 10, 12, 80],
            rows=(
                [
                    r.school_code,
                    r.school_name,
                    r.name,
                    r.masked_id,
                    r.online,
                    r.practice,
                    r.total,
                    r.assessment_label,
                    r.reasons,
                ]
                for r in rows
            ),
        )

    def briefing(self, *, on: date | None = None) -> Briefing:
        """The county briefing's content (工作简报) from the dashboard."""
        return _briefing(self.overview(), on or self._today())

    @audited_export("forms", "工作简报")
    def briefing_pdf(self, out: Path, *, on: date | None = None) -> Path:
        """Write the one-page A4 county briefing PDF (charts, key figures, table, signatures)."""
        self._context.require(COUNTY_READERS, "生成全县工作简报")
        from nlts_desktop.exchange.briefing_pdf import briefing_pdf
        from nlts_desktop.exchange.excel_writer import atomic_write

        data = briefing_pdf(self.briefing(on=on))

        def write(target: Path) -> None:
            target.write_bytes(data)

        atomic_write(out, write)
        return out

    # ------------------------------------------------------------ computing

    @staticmethod
    def _stamp(session: Session) -> tuple[object, ...]:
        """What changes whenever the figures may: row counts, last ids, the audit log's end.

        Every write through a service leaves an audit entry (bulk writes one summary entry),
        so the last audit id moves with any change; counts and last ids cover the rest.  A
        few milliseconds on the 100,000-teacher demo (every part is an index lookup).
        """
        parts: list[Any] = [func.max(AuditEntry.id)]
        for model in (
            Teacher,
            HourRecord,
            PointSelection,
            AssessmentResult,
            School,
            AnnualTarget,
            Enrollment,
            TrainingProject,
        ):
            parts.append(select(func.count()).select_from(model).scalar_subquery())
            parts.append(select(func.max(model.id)).scalar_subquery())
        parts.append(select(func.max(AnnualTarget.updated_at)).scalar_subquery())
        parts.append(select(func.max(School.updated_at)).scalar_subquery())
        parts.append(select(WorkspaceRow.version).limit(1).scalar_subquery())
        parts.append(select(WorkspaceRow.updated_at).limit(1).scalar_subquery())
        row = session.execute(select(*parts)).one()
        return tuple(row)

    def _build(self, session: Session, today: date) -> Dashboard:
        preset = workspace_preset(session)
        ws = session.execute(
            select(WorkspaceRow.region_name, WorkspaceRow.parent_name, WorkspaceRow.current_cycle)
        ).one()
        region_name, parent_name, cycle = ws
        connection = session.connection()
        years = preset.years
        edges = _band_edges(preset.hours.total_min, preset.hours.hour_step)
        registered = _registered_hours(session)
        cut_years, slots = _year_slots(preset, cycle, max(registered, default=None))
        judge = _Judge(preset, cycle, [lower for lower, _ in edges], slots)

        # Active teachers with their hours: (online, practice, other) half-hours by the end of
        # each year that needs its own sums, then overall.  One LEFT JOIN … GROUP BY teacher
        # (0.18 s on the demo; a separate query per table and a join in Python cost more).
        online, practice = HourCategory.ONLINE.value, HourCategory.PRACTICE.value
        columns: list[Any] = []
        for year in [*cut_years, None]:
            for category in (
                HourRecord.category == online,
                HourRecord.category == practice,
                HourRecord.category.not_in((online, practice)),
            ):
                when = category if year is None else and_(category, HourRecord.year <= year)
                columns.append(func.sum(case((when, HourRecord.half_hours), else_=0)))
        people = connection.execute(
            select(Teacher.id, Teacher.school_id, Teacher.stage_code, *columns)
            .outerjoin(HourRecord, HourRecord.teacher_id == Teacher.id)
            .where(Teacher.status == TeacherStatus.ACTIVE.value)
            .group_by(Teacher.id)
        ).all()

        # Point grades by teacher for the cycle, and whether the county approved the result.
        grades = assessment_counts(session, cycle)

        # One pass: each teacher's combination judged once, then counted by school and 学段.
        outcomes: dict[tuple[tuple[int, ...], tuple[int, int, int, int, bool]], _Outcome] = {}
        combos: dict[tuple[int, str | None, _Outcome, tuple[int, int, int, int, bool]], int] = {}
        qualified_ids: set[int] = set()
        active_ids = {row[0] for row in people}
        grades_of = grades.get
        outcome_of = outcomes.get
        for row in people:
            tid = row[0]
            key = (row[3:], grades_of(tid, _ZERO_GRADES))
            outcome = outcome_of(key)
            if outcome is None:
                outcome = outcomes[key] = judge.outcome(key[0], key[1])
            if outcome.qualified:
                qualified_ids.add(tid)
            combo = (row[1], row[2], outcome, key[1])
            combos[combo] = combos.get(combo, 0) + 1
        del people, grades, outcomes

        schools = session.execute(
            select(
                School.id,
                School.code,
                School.name,
                School.stage_code,
                School.urban_rural_code,
                School.status,
            ).order_by(School.code)
        ).all()
        school_stage = {row[0]: row[3] for row in schools}
        tally = _Tally(years=len(years), bands=len(edges))
        for (sid, stage, outcome, point_counts), count in combos.items():
            tally.add(sid, stage or school_stage.get(sid) or "", outcome, point_counts, count)

        year_rows = self._years(session, preset, tally, registered)
        aim = target_year(preset, today)
        aim_row = next((y for y in year_rows if y.year == aim), None)
        planned_teachers = aim_row.planned_teachers_by_year_end if aim_row else None
        planned_schools = aim_row.planned_schools_by_year_end if aim_row else None
        # Each school's share by the target year is the county's (all teachers, the school
        # bar, when nothing is planned).
        share = self._school_bar
        if planned_teachers is not None and tally.teachers > 0:
            share = min(1.0, planned_teachers / tally.teachers)
        school_rows = self._schools(schools, tally, share)
        stage_rows, urban_rows = self._breakdowns(school_rows, tally)
        level_rows = self._levels(session, active_ids, qualified_ids)

        hours_total = sum(y.hours for y in year_rows)
        online_total = sum(y.online_hours for y in year_rows)
        practice_total = sum(y.practice_hours for y in year_rows)
        for year, (_people, half_online, half_practice, _other) in registered.items():
            if year not in years:  # hours of years outside the programme count too
                hours_total += (half_online + half_practice + _other) / 2
                online_total += half_online / 2
                practice_total += half_practice / 2
        counted_schools = [s for s in school_rows if s.teachers > 0]
        headline = Headline(
            teachers=tally.teachers,
            schools=len(counted_schools),
            qualified=tally.qualified,
            completed_schools=sum(s.completed for s in counted_schools),
            still_needed=sum(s.still_needed for s in counted_schools),
            hours=hours_total,
            online_hours=online_total,
            practice_hours=practice_total,
            assessment_passed=tally.passed,
            target_year=aim,
            planned_teachers=planned_teachers,
            planned_schools=planned_schools,
        )
        notes = [
            "达标：学时符合预设要求"
            + ("且校本应用考核结果经区县认定合格" if preset.hours.requires_assessment_pass else "")
            + "；年末累计达标按当年及以前登记的学时计算，考核结果自考核周期所在年度起计入。",
            "学校完成：学校全部在职教师达标。"
            if self._school_bar >= 1
            else f"学校完成：学校在职教师达标比例达到 {_percent(self._school_bar)}。",
        ]
        last = year_rows[-1] if year_rows else None
        if last is not None and (last.planned_teachers_by_year_end or 0) > tally.teachers > 0:
            notes.append(
                f"各年度计划达标人数合计 {last.planned_teachers_by_year_end:,} 人，多于在职教师 "
                f"{tally.teachers:,} 人：年度计划应填写当年培训的人数（不是累计数），"
                "请在“年度目标”中核对。"
            )
        return Dashboard(
            region_name=region_name,
            parent_name=parent_name,
            preset_id=preset.preset_id,
            preset_name=preset.name,
            cycle=cycle,
            required_hours=preset.hours.total_min,
            school_bar=self._school_bar,
            target_year=aim,
            computed_at=datetime.now(),
            headline=headline,
            years=tuple(year_rows),
            schools=tuple(school_rows),
            hour_bands=tuple(
                DistributionRow(
                    key=f"band{index}",
                    label=label,
                    count=tally.band_counts[index],
                    share=_rate(tally.band_counts[index], tally.teachers),
                )
                for index, (_lower, label) in enumerate(edges)
            ),
            point_grades=_distribution(POINT_GRADE_KEYS, POINT_GRADE_LABELS, tally.points),
            teacher_grades=_distribution(TEACHER_GRADE_KEYS, TEACHER_GRADE_LABELS, tally.grades),
            results=_distribution(RESULT_KEYS, RESULT_LABELS, tally.results),
            by_stage=tuple(stage_rows),
            by_urban_rural=tuple(urban_rows),
            by_level=tuple(level_rows),
            notes=tuple(notes),
        )

    def _years(
        self,
        session: Session,
        preset: Preset,
        tally: _Tally,
        registered: Mapping[int, tuple[int, int, int, int]],
    ) -> list[YearProgress]:
        """Target against actual for each programme year."""
        entered: dict[int, tuple[int, int | None]] = {}
        for year, teachers, schools in session.execute(
            select(
                AnnualTarget.year,
                func.sum(AnnualTarget.planned_count),
                func.sum(AnnualTarget.planned_schools),
            ).group_by(AnnualTarget.year)
        ).all():
            entered[int(year)] = (int(teachers or 0), None if schools is None else int(schools))
        schools_total = sum(1 for s in tally.schools.values() if s.teachers > 0)
        completed_by = [
            sum(
                1
                for s in tally.schools.values()
                if s.teachers > 0 and s.by_year[index] >= _need(self._school_bar, s.teachers)
            )
            for index in range(len(preset.years))
        ]
        teacher_plans = _plans(
            preset,
            "teacher_share",
            tally.teachers,
            {year: counts[0] for year, counts in entered.items()},
        )
        school_plans = _plans(
            preset,
            "school_share",
            schools_total,
            {year: counts[1] for year, counts in entered.items() if counts[1] is not None},
        )
        rows: list[YearProgress] = []
        for index, year in enumerate(preset.years):
            target = preset.target_for(year)
            cumulative = bool(target and target.cumulative)
            people, *hours = registered.get(year, (0, 0, 0, 0))
            before = tally.by_year[index - 1] if index else 0
            schools_before = completed_by[index - 1] if index else 0
            teacher_plan, school_plan = teacher_plans[index], school_plans[index]
            rows.append(
                YearProgress(
                    year=year,
                    cumulative=cumulative,
                    teacher_share=target.teacher_share if target else None,
                    planned_teachers_in_year=teacher_plan.in_year,
                    planned_teachers_by_year_end=teacher_plan.by_year_end,
                    teacher_source=teacher_plan.source(cumulative=cumulative),
                    qualified_by_year_end=tally.by_year[index],
                    qualified_in_year=tally.by_year[index] - before,
                    school_share=target.school_share if target else None,
                    planned_schools_in_year=school_plan.in_year,
                    planned_schools_by_year_end=school_plan.by_year_end,
                    school_source=school_plan.source(cumulative=cumulative),
                    completed_by_year_end=completed_by[index],
                    completed_in_year=completed_by[index] - schools_before,
                    hours=sum(hours) / 2,
                    online_hours=hours[0] / 2,
                    practice_hours=hours[1] / 2,
                    other_hours=hours[2] / 2,
                    teachers_with_hours=people,
                )
            )
        return rows

    def _schools(
        self,
        schools: Sequence[Row[int, str, str, str, str | None, str]],
        tally: _Tally,
        share: float,
    ) -> list[SchoolProgress]:
        out: list[SchoolProgress] = []
        empty = _SchoolTally()
        for sid, code, name, stage, urban, status in schools:
            counts = tally.schools.get(sid, empty)
            if status != "active" and counts.teachers == 0:
                continue  # a closed school without teachers
            target = _need(share, counts.teachers)
            out.append(
                SchoolProgress(
                    school_id=sid,
                    code=code,
                    name=name,
                    stage_code=stage,
                    stage_label=_label("stages", stage),
                    urban_rural_code=urban,
                    urban_rural_label=_label("urban_rural", urban),
                    teachers=counts.teachers,
                    qualified=counts.qualified,
                    target=target,
                    still_needed=max(0, target - counts.qualified),
                    completed=counts.teachers > 0
                    and counts.qualified >= _need(self._school_bar, counts.teachers),
                )
            )
        return out

    @staticmethod
    def _breakdowns(
        rows: Sequence[SchoolProgress], tally: _Tally
    ) -> tuple[list[BreakdownRow], list[BreakdownRow]]:
        """By 学段 (teachers by their own 学段, schools by the school's) and by 城乡分类."""
        stages = code_table("stages")
        areas = code_table("urban_rural")
        school_counts: dict[str, list[int]] = {}
        area_counts: dict[str, list[int]] = {}
        for school in rows:
            if school.teachers == 0:
                continue
            for key, bucket in (
                (school.stage_code, school_counts),
                (school.urban_rural_code or "", area_counts),
            ):
                slot = bucket.setdefault(key, [0, 0, 0, 0])
                slot[0] += 1
                slot[1] += school.completed
                slot[2] += school.teachers
                slot[3] += school.qualified
        stage_keys = [c for c in stages.codes() if c in school_counts or c in tally.stage_teachers]
        stage_keys += sorted(
            k for k in {*school_counts, *tally.stage_teachers} if k not in stage_keys
        )
        by_stage = [
            BreakdownRow(
                key=key,
                label=_label("stages", key),
                schools=school_counts.get(key, [0, 0])[0],
                completed_schools=school_counts.get(key, [0, 0])[1],
                teachers=tally.stage_teachers.get(key, [0, 0])[0],
                qualified=tally.stage_teachers.get(key, [0, 0])[1],
            )
            for key in stage_keys
        ]
        area_keys = [c for c in areas.codes() if c in area_counts]
        area_keys += sorted(k for k in area_counts if k not in area_keys)
        by_area = [
            BreakdownRow(
                key=key,
                label=_label("urban_rural", key),
                schools=area_counts[key][0],
                completed_schools=area_counts[key][1],
                teachers=area_counts[key][2],
                qualified=area_counts[key][3],
            )
            for key in area_keys
        ]
        return by_stage, by_area

    @staticmethod
    def _levels(session: Session, active_ids: set[int], qualified_ids: set[int]) -> list[LevelRow]:
        """Trained teachers by project level: enrolled (active, not replaced) and qualified."""
        connection = session.connection()
        levels = code_table("project_levels")
        projects: dict[str, tuple[int, int]] = {
            level: (int(count), int(planned or 0))
            for level, count, planned in connection.execute(
                select(
                    TrainingProject.level_code,
                    func.count(),
                    func.sum(TrainingProject.planned_count),
                ).group_by(TrainingProject.level_code)
            ).all()
        }
        targets = {
            level: int(planned or 0)
            for level, planned in connection.execute(
                select(AnnualTarget.level_code, func.sum(AnnualTarget.planned_count)).group_by(
                    AnnualTarget.level_code
                )
            ).all()
        }
        # Per level, the active teachers enrolled (not replaced) in any of its projects: a
        # teacher in two projects of one level counts once.  One query per project on the
        # (project, teacher) index and sets, so the counting is done in C (a join with the
        # teachers made SQLite walk every teacher once per level).
        sets: dict[str, set[int]] = {}
        for pid, level in connection.execute(
            select(TrainingProject.id, TrainingProject.level_code)
        ).all():
            sets.setdefault(level, set()).update(
                connection.execute(
                    select(Enrollment.teacher_id).where(
                        Enrollment.project_id == pid, Enrollment.status == ENROLLED
                    )
                )
                .scalars()
                .all()
            )
        enrolled: dict[str, tuple[int, int]] = {}
        for level, ids in sets.items():
            ids &= active_ids
            enrolled[level] = (len(ids), len(ids & qualified_ids))
        keys = levels.codes()
        keys += sorted(k for k in {*projects, *targets, *enrolled} if k not in keys)
        return [
            LevelRow(
                key=key,
                label=levels.name_of(key),
                projects=projects.get(key, (0, 0))[0],
                planned=projects.get(key, (0, 0))[1],
                targets=targets.get(key, 0),
                enrolled=enrolled.get(key, (0, 0))[0],
                qualified=enrolled.get(key, (0, 0))[1],
            )
            for key in keys
        ]


def _registered_hours(session: Session) -> dict[int, tuple[int, int, int, int]]:
    """Per year of the ledger: teachers with hours, online, practice and other half-hours."""
    online, practice = HourCategory.ONLINE.value, HourCategory.PRACTICE.value
    rows = session.execute(
        select(
            HourRecord.year,
            func.count(func.distinct(HourRecord.teacher_id)),
            func.sum(case((HourRecord.category == online, HourRecord.half_hours), else_=0)),
            func.sum(case((HourRecord.category == practice, HourRecord.half_hours), else_=0)),
            func.sum(
                case(
                    (HourRecord.category.not_in((online, practice)), HourRecord.half_hours),
                    else_=0,
                )
            ),
        ).group_by(HourRecord.year)
    ).all()
    return {
        int(year): (int(people), int(o or 0), int(p or 0), int(x or 0))
        for year, people, o, p, x in rows
    }


@dataclass(frozen=True)
class _Plan:
    """A year's plan: its own count and where it came from, and the running total."""

    in_year: int | None
    in_year_source: str
    by_year_end: int | None
    sources_by_year_end: frozenset[str]

    def source(self, *, cumulative: bool) -> str:
        """Where the plan on the target's basis comes from."""
        if not cumulative:
            return self.in_year_source
        found = self.sources_by_year_end
        if not found:
            return SOURCE_NONE
        return next(iter(found)) if len(found) == 1 else SOURCE_MIXED


def _plans(preset: Preset, attr: str, basis: int, entered: Mapping[int, int]) -> list[_Plan]:
    """Each programme year's plan of teachers (``teacher_share``) or schools.

    Entered annual targets are the year's own plan (the teachers trained that year, as in the
    市、县级培训年度计划表); a year without them takes the preset's share of ``basis`` as
    :meth:`TargetService.suggest` does: a cumulative share becomes the year's increment
    (round(share × basis) − round(share before × basis)), so the years add up to the whole.
    """
    plans: list[_Plan] = []
    running: int | None = None
    sources: set[str] = set()
    before = 0.0
    for year in preset.years:
        target = preset.target_for(year)
        share: float | None = getattr(target, attr) if target is not None else None
        own: int | None
        if year in entered:
            own, source = entered[year], SOURCE_TARGETS
        elif share is not None and target is not None:
            start = before if target.cumulative else 0.0
            own, source = round(share * basis) - round(start * basis), SOURCE_PRESET
        else:
            own, source = None, SOURCE_NONE
        if share is not None and target is not None and target.cumulative:
            before = share
        if own is not None:
            running = (running or 0) + own
            sources.add(source)
        plans.append(_Plan(own, source, running, frozenset(sources)))
    return plans


def _percent(share: float | None, digits: int = 1) -> str:
    """87.5% (— when there is nothing to show)."""
    if share is None:
        return "—"
    value = round(share * 100, digits)
    return f"{value:.{digits}f}%" if digits else f"{value:.0f}%"


def _hours_text(value: float) -> str:
    """Hours with thousands separators: 2,724,365 / 1,234.5."""
    whole = f"{value:,.1f}"
    return whole[:-2] if whole.endswith(".0") else whole


def _count(value: int | None) -> str:
    return "—" if value is None else f"{value:,}"


# ---------------------------------------------------------------- the workbook


@dataclass(frozen=True)
class _Sheet:
    title: str
    headers: Sequence[str]
    rows: Sequence[Sequence[object]]
    widths: Sequence[int]
    text_columns: Sequence[int] = ()


def _pct_value(share: float | None) -> float | None:
    return None if share is None else round(share * 100, 1)


def _sheets(d: Dashboard) -> list[_Sheet]:
    """The dashboard's tables as sheets (rates as percentages with one decimal)."""
    h = d.headline
    head_rows: list[list[object]] = [
        ["地区", d.region_name],
        ["规则预设", d.preset_name],
        ["考核周期", d.cycle],
        ["目标年度", d.target_year],
        ["在职教师数", h.teachers],
        ["学校数（有在职教师）", h.schools],
        ["达标教师数", h.qualified],
        ["达标率（%）", _pct_value(h.qualified_rate)],
        ["计划达标教师数（累计至目标年度）", h.planned_teachers],
        ["完成学校数", h.completed_schools],
        ["学校完成率（%）", _pct_value(h.completed_rate)],
        ["计划完成学校数（累计至目标年度）", h.planned_schools],
        ["尚需达标教师数", h.still_needed],
        ["考核合格教师数", h.assessment_passed],
        ["登记学时合计", h.hours],
        ["网络研修学时", h.online_hours],
        ["校本实践应用学时", h.practice_hours],
        ["要求总学时", d.required_hours],
        ["学校完成标准（达标教师占比，%）", _pct_value(d.school_bar)],
        ["统计时间", d.computed_at.strftime("%Y-%m-%d %H:%M")],
    ]
    for note in d.notes:
        # Lines of 40 characters: a long text in one cell would run off the printed page.
        for start in range(0, len(note), 40):
            head_rows.append(["说明" if start == 0 else None, note[start : start + 40]])
    years = [
        [
            y.year,
            y.basis_label,
            y.planned_teachers_in_year,
            y.planned_teachers_by_year_end,
            y.teacher_source_label,
            y.actual_teachers,
            _pct_value(y.teacher_rate),
            y.qualified_by_year_end,
            y.qualified_in_year,
            y.planned_schools_in_year,
            y.planned_schools_by_year_end,
            y.school_source_label,
            y.actual_schools,
            _pct_value(y.school_rate),
            y.hours,
            y.online_hours,
            y.practice_hours,
            y.other_hours,
            y.teachers_with_hours,
        ]
        for y in d.years
    ]
    schools = [
        [
            s.code,
            s.name,
            s.stage_label,
            s.urban_rural_label,
            s.teachers,
            s.qualified,
            _pct_value(s.rate),
            s.target,
            s.still_needed,
            "是" if s.completed else "否",
        ]
        for s in d.schools
    ]

    def dist(rows: Sequence[DistributionRow]) -> list[list[object]]:
        return [[r.label, r.count, _pct_value(r.share)] for r in rows]

    def breakdown(rows: Sequence[BreakdownRow]) -> list[list[object]]:
        return [
            [
                r.label,
                r.schools,
                r.completed_schools,
                _pct_value(r.school_rate),
                r.teachers,
                r.qualified,
                _pct_value(r.rate),
            ]
            for r in rows
        ]

    breakdown_headers = [
        "{}",
        "学校数",
        "完成学校数",
        "学校完成率（%）",
        "教师数",
        "达标人数",
        "达标率（%）",
    ]
    return [
        _Sheet("概况", ["指标", "数值"], head_rows, [34, 60]),
        _Sheet(
            "年度目标",
            [
                "年度",
                "口径",
                "当年计划达标教师数",
                "累计计划达标教师数",
                "教师目标来源",
                "实际达标教师数（按口径）",
                "教师目标完成率（%）",
                "年末累计达标",
                "当年新增达标",
                "当年计划完成学校数",
                "累计计划完成学校数",
                "学校目标来源",
                "实际完成学校数（按口径）",
                "学校目标完成率（%）",
                "登记学时",
                "网络研修学时",
                "校本实践应用学时",
                "其他学时",
                "有学时记录的教师数",
            ],
            years,
            [8, 6, 18, 18, 18, 22, 18, 12, 12, 18, 18, 18, 22, 18, 12, 12, 16, 10, 18],
        ),
        _Sheet(
            "学校完成情况",
            [
                "学校标识码",
                "学校名称",
                "学段",
                "城乡分类",
                "在职教师数",
                "达标人数",
                "达标率（%）",
                f"目标人数（{d.target_year}年）" if d.target_year else "目标人数",
                "尚需达标人数",
                "是否完成",
            ],
            schools,
            [14, 34, 12, 12, 12, 10, 12, 16, 14, 10],
            text_columns=(0,),
        ),
        _Sheet("学时分布", ["学时区间", "教师数", "占比（%）"], dist(d.hour_bands), [22, 12, 12]),
        _Sheet("能力点等级", ["等级", "能力点数", "占比（%）"], dist(d.point_grades), [12, 12, 12]),
        _Sheet(
            "考核结果", ["考核结果", "教师数", "占比（%）"], dist(d.teacher_grades), [12, 12, 12]
        ),
        _Sheet("达标情况", ["达标情况", "教师数", "占比（%）"], dist(d.results), [22, 12, 12]),
        _Sheet(
            "按学段",
            [breakdown_headers[0].format("学段"), *breakdown_headers[1:]],
            breakdown(d.by_stage),
            [14, 10, 12, 16, 10, 10, 12],
        ),
        _Sheet(
            "按城乡分类",
            [breakdown_headers[0].format("城乡分类"), *breakdown_headers[1:]],
            breakdown(d.by_urban_rural),
            [14, 10, 12, 16, 10, 10, 12],
        ),
        _Sheet(
            "按项目级别",
            [
                "项目级别",
                "项目数",
                "项目计划人数",
                "年度计划人数",
                "参训教师数",
                "其中达标",
                "达标率（%）",
            ],
            [
                [
                    r.label,
                    r.projects,
                    r.planned,
                    r.targets,
                    r.enrolled,
                    r.qualified,
                    _pct_value(r.rate),
                ]
                for r in d.by_level
            ],
            [12, 10, 14, 14, 12, 10, 12],
        ),
    ]


def _write_workbook(target: Path, sheets: Sequence[_Sheet]) -> None:
    """Write-only workbook: a bold frozen header on every sheet, values guarded as text.

    Printable as it is: A4, landscape when wide, fit to the page width, header row repeated.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    from nlts_desktop.exchange.excel_writer import TEXT_FORMAT, clean_sheet_title, safe_text

    book = Workbook(write_only=True)
    bold = Font(bold=True)
    for spec in sheets:
        sheet = book.create_sheet(clean_sheet_title(spec.title))
        for index, width in enumerate(spec.widths):
            sheet.column_dimensions[get_column_letter(index + 1)].width = width
        sheet.freeze_panes = "A2"
        sheet.page_setup.paperSize = "9"  # A4 (Worksheet.PAPERSIZE_A4)
        sheet.page_setup.orientation = "landscape" if len(spec.headers) > 7 else "portrait"
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.print_title_rows = "1:1"
        header = []
        for text in spec.headers:
            cell = WriteOnlyCell(sheet, text)
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        for row in spec.rows:
            values: list[object] = []
            for index, value in enumerate(row):
                if index in spec.text_columns and value is not None:
                    cell = WriteOnlyCell(sheet, str(value))
                    cell.data_type = "s"
                    cell.number_format = TEXT_FORMAT
                    values.append(cell)
                else:
                    values.append(safe_text(value, sheet))
            sheet.append(values)
    book.save(target)


# ---------------------------------------------------------------- the briefing


def _briefing(d: Dashboard, on: date) -> Briefing:
    from nlts_desktop.exchange.briefing_pdf import BarGroup, Briefing, Slice

    h = d.headline
    aim = f"（至 {d.target_year} 年）" if d.target_year else ""
    figures = [
        ("在职教师", f"{h.teachers:,} 人"),
        ("达标教师", f"{h.qualified:,} 人（{_percent(h.qualified_rate)}）"),
        (f"计划达标{aim}", "—" if h.planned_teachers is None else f"{h.planned_teachers:,} 人"),
        ("尚需达标", f"{h.still_needed:,} 人"),
        ("学校（有在职教师）", f"{h.schools:,} 所"),
        ("完成学校", f"{h.completed_schools:,} 所（{_percent(h.completed_rate)}）"),
        ("考核合格", f"{h.assessment_passed:,} 人"),
        ("登记学时", f"{_hours_text(h.hours)} 学时"),
    ]
    bars = [
        BarGroup(
            label=f"{y.year}（{y.basis_label}）",
            planned=y.planned_teachers,
            actual=y.actual_teachers,
        )
        for y in d.years
    ]
    slices = [Slice(label=r.label, count=r.count) for r in d.results]
    behind = d.behind(15)  # the PDF keeps as many as fit on its one page
    table_rows = [
        [
            s.name,
            s.stage_label,
            f"{s.teachers:,}",
            f"{s.qualified:,}",
            _percent(s.rate),
            f"{s.still_needed:,}",
        ]
        for s in behind
    ]
    stage_rows = [
        [
            r.label,
            f"{r.teachers:,}",
            f"{r.qualified:,}",
            _percent(r.rate),
            f"{r.completed_schools}/{r.schools}",
        ]
        for r in d.by_stage
    ]
    year_rows = [
        [
            str(y.year),
            y.basis_label,
            _count(y.planned_teachers),
            y.teacher_source_label,
            f"{y.actual_teachers:,}",
            _percent(y.teacher_rate),
            _count(y.planned_schools),
            f"{y.actual_schools:,}",
            _hours_text(y.hours),
        ]
        for y in d.years
    ]
    notes = list(d.notes)
    return Briefing(
        title=f"{d.region_name}中小学教师信息技术应用能力提升工程2.0工作简报",
        unit=d.region_name,
        made_on=on,
        preset=d.preset_name,
        figures=figures,
        bars=bars,
        bar_title="年度目标与实际达标教师数",
        slices=slices,
        slice_title="教师达标情况",
        year_headers=[
            "年度",
            "口径",
            "计划达标",
            "目标来源",
            "实际达标",
            "完成率",
            "计划完成学校",
            "完成学校",
            "登记学时",
        ],
        year_rows=year_rows,
        stage_headers=["学段", "教师", "达标", "达标率", "完成学校"],
        stage_rows=stage_rows,
        behind_title="尚需达标人数最多的学校",
        behind_headers=["学校", "学段", "教师", "达标", "达标率", "尚需达标"],
        behind_rows=table_rows,
        notes=notes,
    )
