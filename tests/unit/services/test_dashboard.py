"""统计: targets against actuals, school completion, distributions and breakdowns.

Small real workspaces where every number is known: teachers are qualified the way a county
qualifies them (points chosen, evidence graded, batch submitted and approved, which credits
the practice hours; online hours registered by hand).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from nlts_desktop.domain.errors import NotFoundError
from nlts_desktop.domain.hour_rules import HourTotals, evaluate_hours
from nlts_desktop.paths import DataPaths, data_paths
from nlts_desktop.services.context import Actor
from nlts_desktop.services.dashboard import Dashboard, DashboardService
from nlts_desktop.services.demo import create_demo
from nlts_desktop.services.workspace import Workspace
from nlts_desktop.storage.models import AnnualTarget, HourRecord, PointSelection, Teacher
from tests.conftest import WENJIANG
from tests.helpers import add_teachers, grade_all, project_fields, ready_school

TODAY = date(2026, 11, 23)
PathsFactory = Callable[[str], DataPaths]


@pytest.fixture
def paths_factory(tmp_path: Path) -> PathsFactory:
    """Data folders for workspaces other than the standard one."""
    return lambda name: data_paths(tmp_path / name)


def dashboard_of(workspace: Workspace, *, refresh: bool = True) -> Dashboard:
    service = DashboardService(workspace.context, workspace.hours, today=lambda: TODAY)
    return service.overview(refresh=refresh)


def online(workspace: Workspace, teacher: int, hours: float, *, day: str = "2021-05-20") -> None:
    """Online hours on ``day``; more than a day's 24 go on the days after it."""
    first = date.fromisoformat(day)
    while hours > 0:
        part = min(hours, 20)
        workspace.hours.add(
            {
                "teacher_id": teacher,
                "category": "网络研修",
                "hours": part,
                "date": first.isoformat(),
            }
        )
        hours -= part
        first = first.replace(day=first.day + 1)


def assess(
    workspace: Workspace, school: int, teachers: list[int], *, fail: frozenset[int] = frozenset()
) -> None:
    """Points chosen and graded 合格 (one item 不合格 for ``fail``), submitted and approved."""
    ready_school(workspace, school, teachers)
    grade_all(workspace, school)
    grid = workspace.assessment.grid(school)
    for row in grid.rows:
        if row.teacher_id in fail:
            item = row.points[0].items[0].item_id
            workspace.assessment.set_score(item, "3", assessor="考核小组")
    workspace.assessment.submit(school)
    workspace.review.approve(school, teachers)


def add_school(workspace: Workspace, code: str, name: str, urban: str) -> int:
    return workspace.schools.create(
        {"code": code, "name": name, "urban_rural": urban, "environments": "A,B"}
    ).id


@pytest.fixture
def county(workspace: Workspace, school: int) -> dict[str, list[int]]:
    """Three schools, eight teachers, everything known.

    实验小学 (primary, 主城区): five teachers; a–c qualified (20 h online in 2021 + 30 h
    credited), d hours short (10 h online), e 初中 by their own 学段, qualified.
    金马中学 (junior, 村庄): two teachers, both qualified, one with 20 h online in 2020: the
    school is completed.  寿安小学 (primary, 镇中心区): one teacher, nothing yet.
    """
    first = add_teachers(workspace, 4)
    (e,) = [
        workspace.teachers.create(
            {
                "id_number": "11010519491231002X",
                "name": "张丽",
                "school": "2151000001",
                "stage": "初中",
            }
        ).id
    ]
    a_school = [*first, e]
    junior = add_school(workspace, "3151000002", "温江区金马中学", "220")
    second = add_teachers(workspace, 2, school="3151000002", start=10)
    third_school = add_school(workspace, "2151000003", "温江区寿安小学", "121")
    third = add_teachers(workspace, 1, school="2151000003", start=20)
    for teacher in [*first[:3], e]:
        online(workspace, teacher, 20)
    online(workspace, first[3], 10)
    online(workspace, second[0], 20, day="2020-04-01")
    online(workspace, second[1], 20)
    assess(workspace, school, a_school)
    assess(workspace, junior, second)
    return {"a": a_school, "b": second, "c": third, "schools": [school, junior, third_school]}


def test_headline_schools_and_still_needed(
    workspace: Workspace, county: dict[str, list[int]]
) -> None:
    d = dashboard_of(workspace)
    h = d.headline
    assert (h.teachers, h.schools, h.qualified, h.completed_schools) == (8, 3, 6, 1)
    assert h.still_needed == 2 and h.assessment_passed == 7
    assert h.qualified_rate == pytest.approx(6 / 8)
    assert d.target_year == 2022 and d.cycle == 2022
    # 四川 2.0: 100 % by 2022 (cumulative), no targets entered.
    assert h.planned_teachers == 8 and h.planned_schools is None
    assert h.hours == 20 * 4 + 10 + 20 * 2 + 30 * 7
    assert (h.online_hours, h.practice_hours) == (130, 210)

    rows = {s.name: s for s in d.schools}
    assert list(rows) == ["温江区实验小学", "温江区寿安小学", "温江区金马中学"]  # by code
    a, c, b = rows.values()
    assert (a.teachers, a.qualified, a.target, a.still_needed, a.completed) == (5, 4, 5, 1, False)
    assert a.rate == pytest.approx(0.8) and a.stage_label == "小学"
    assert a.urban_rural_label == "主城区"
    assert (b.teachers, b.qualified, b.still_needed, b.completed) == (2, 2, 0, True)
    assert (c.teachers, c.qualified, c.still_needed, c.completed) == (1, 0, 1, False)
    # One teacher each still needed: the lower rate comes first.
    assert [s.name for s in d.behind()] == ["温江区寿安小学", "温江区实验小学"]

    service = DashboardService(workspace.context, workspace.hours, today=lambda: TODAY)
    needed = service.still_needed(county["schools"][0])
    assert [n.teacher_id for n in needed] == [county["a"][3]]
    assert "网络研修学时不足" in needed[0].reasons
    assert needed[0].masked_id.count("*") == 8 and needed[0].assessment_label == "考核通过"
    assert (needed[0].online, needed[0].practice, needed[0].total) == (10, 30, 40)
    assert len(service.still_needed()) == 2
    with pytest.raises(NotFoundError):
        service.still_needed(9999)


def test_years_from_the_preset_share_then_from_entered_targets(
    workspace: Workspace, county: dict[str, list[int]]
) -> None:
    years = dashboard_of(workspace).years
    assert [y.year for y in years] == [2020, 2021, 2022]
    assert all(y.cumulative and y.teacher_source == "preset" for y in years)
    # 30 % / 70 % / 100 % of 8 active teachers by the end of each year, as TargetService
    # suggests them: round(2.4) = 2, round(5.6) = 6, 8; each year's own share the increase.
    assert [y.planned_teachers for y in years] == [2, 6, 8]
    assert [y.planned_teachers_in_year for y in years] == [2, 4, 2]
    # The result of cycle 2022 counts from 2022 on: nobody is qualified before.
    assert [y.qualified_by_year_end for y in years] == [0, 0, 6]
    assert [y.qualified_in_year for y in years] == [0, 0, 6]
    assert years[2].teacher_rate == pytest.approx(6 / 8)
    assert [y.school_source for y in years] == ["none"] * 3
    assert [y.completed_by_year_end for y in years] == [0, 0, 1]
    assert [y.hours for y in years] == [20, 20 * 4 + 10 + 20, 210]
    assert [y.teachers_with_hours for y in years] == [1, 6, 7]

    # Entered targets are the teachers to train in that year (the annual plan table's rows).
    with workspace.context.unit_of_work() as session:
        session.add_all(
            [
                AnnualTarget(year=2021, level_code="provincial", planned_count=1),
                AnnualTarget(year=2021, level_code="county", planned_count=3),
            ]
        )
    years = dashboard_of(workspace).years
    assert [(y.planned_teachers, y.teacher_source) for y in years] == [
        (2, "preset"),
        (6, "mixed"),  # 2 of the preset's 2020 share + 4 planned for 2021
        (8, "mixed"),
    ]
    assert years[1].teacher_source_label == "年度计划+预设比例"
    with workspace.context.unit_of_work() as session:
        session.add_all(
            [
                AnnualTarget(year=2020, level_code="county", planned_count=2),
                AnnualTarget(year=2022, level_code="county", planned_count=1, planned_schools=2),
            ]
        )
    years = dashboard_of(workspace).years
    assert [(y.planned_teachers, y.teacher_source) for y in years] == [
        (2, "targets"),
        (6, "targets"),
        (7, "targets"),
    ]
    assert [y.planned_teachers_in_year for y in years] == [2, 4, 1]
    assert (years[2].planned_schools, years[2].school_source) == (2, "targets")
    assert years[0].planned_schools is None and years[0].school_rate is None
    assert years[2].school_rate == pytest.approx(0.5)
    d = dashboard_of(workspace)
    assert d.headline.planned_teachers == 7 and d.headline.planned_schools == 2
    # The schools' target follows the county's plan: 7 of 8 teachers by 2022 → 87.5 % each.
    rows = {s.name: s for s in d.schools}
    assert rows["温江区实验小学"].target == 5  # ceil(0.875 × 5)
    assert rows["温江区寿安小学"].target == 1


def test_distributions(workspace: Workspace, county: dict[str, list[int]]) -> None:
    d = dashboard_of(workspace)
    bands = {r.label: r.count for r in d.hour_bands}
    # 四川 2.0 asks 50 hours: bands 0 / under 25 / under 50 / under 100 / 100 and more.
    assert bands == {
        "0 学时": 1,
        "0.5–24.5 学时": 0,
        "25–49.5 学时": 1,
        "50–99.5 学时": 6,
        "100 学时及以上": 0,
    }
    assert sum(r.share or 0 for r in d.hour_bands) == pytest.approx(1)
    grades = {r.label: r.count for r in d.point_grades}
    assert grades == {"优秀": 0, "合格": 21, "不合格": 0, "未评": 0}  # 7 teachers × 3 points
    assert {r.label: r.count for r in d.teacher_grades} == {
        "优秀": 0,
        "合格": 7,
        "不合格": 0,
        "待认定": 1,
    }
    assert {r.key: r.count for r in d.results} == {
        "qualified": 6,
        "assessment_failed": 0,
        "assessment_pending": 1,
        "hours_short": 1,
    }


def test_a_failed_result_and_an_inactive_teacher(workspace: Workspace, school: int) -> None:
    teachers = add_teachers(workspace, 3)
    for teacher in teachers:
        online(workspace, teacher, 20)
    assess(workspace, school, teachers, fail=frozenset({teachers[1]}))
    workspace.teachers.set_active(teachers[2], False)
    d = dashboard_of(workspace)
    assert d.headline.teachers == 2 and d.headline.qualified == 1
    assert {r.key: r.count for r in d.results}["assessment_failed"] == 1
    assert {r.key: r.count for r in d.teacher_grades} == {
        "excellent": 0,
        "pass": 1,
        "fail": 1,
        "pending": 0,
    }
    assert {r.key: r.count for r in d.point_grades} == {
        "excellent": 0,
        "pass": 5,
        "fail": 1,
        "ungraded": 0,
    }


def test_breakdowns_by_stage_urban_rural_and_level(
    workspace: Workspace, county: dict[str, list[int]]
) -> None:
    workspace.projects.create_institution({"name": "四川师范大学"})
    project = workspace.projects.create_project(project_fields(level="省培"))
    workspace.projects.enroll(project.id, county["a"][2:] + county["c"])
    other = workspace.projects.create_project(
        project_fields(level="省培", name="2021年温江区骨干教师研修")
    )
    workspace.projects.enroll(other.id, county["a"][2:3])  # counted once for the level
    d = dashboard_of(workspace)
    stages = {r.label: r for r in d.by_stage}
    assert list(stages) == ["小学", "初中"]
    # Teachers by their own 学段 (张丽 teaches 初中 in a primary school), schools by theirs.
    assert (stages["小学"].schools, stages["小学"].completed_schools) == (2, 0)
    assert (stages["小学"].teachers, stages["小学"].qualified) == (5, 3)
    assert (stages["初中"].schools, stages["初中"].completed_schools) == (1, 1)
    assert (stages["初中"].teachers, stages["初中"].qualified) == (3, 3)
    assert stages["初中"].rate == 1.0 and stages["小学"].school_rate == 0.0
    areas = {
        r.label: (r.schools, r.completed_schools, r.teachers, r.qualified) for r in d.by_urban_rural
    }
    assert areas == {"主城区": (1, 0, 5, 4), "镇中心区": (1, 0, 1, 0), "村庄": (1, 1, 2, 2)}
    levels = {r.key: r for r in d.by_level}
    assert [r.key for r in d.by_level] == ["national", "provincial", "city", "county", "school"]
    provincial = levels["provincial"]
    assert (provincial.projects, provincial.planned, provincial.enrolled) == (2, 240, 4)
    assert provincial.qualified == 2 and provincial.rate == 0.5  # c and 张丽; not d, not 寿安
    assert levels["national"].enrolled == 0 and levels["national"].rate is None


def test_cumulative_by_year_when_the_cycle_is_earlier(paths_factory: PathsFactory) -> None:
    spec = replace(WENJIANG, current_cycle=2021)
    with Workspace.create(paths_factory("cycle2021"), spec, actor=Actor.system("admin")) as ws:
        school = add_school(ws, "2151000001", "温江区实验小学", "111")
        early, late, never = add_teachers(ws, 3)
        online(ws, early, 20, day="2020-03-01")
        online(ws, late, 20, day="2022-03-01")
        assess(ws, school, [early, late, never])  # credits 30 h practice in 2021
        online(ws, never, 5, day="2021-03-01")
        years = dashboard_of(ws).years
        assert [y.qualified_by_year_end for y in years] == [0, 1, 2]
        assert [y.qualified_in_year for y in years] == [0, 1, 1]
        assert [y.practice_hours for y in years] == [0, 90, 0]


def test_guangdong_targets_count_within_each_year(paths_factory: PathsFactory) -> None:
    spec = replace(WENJIANG, preset_id="guangdong-2.0")
    with Workspace.create(paths_factory("foshan"), spec, actor=Actor.system("admin")) as ws:
        school = add_school(ws, "2151000001", "温江区实验小学", "111")
        add_school(ws, "2151000002", "温江区第二小学", "111")
        teachers = add_teachers(ws, 3)
        add_teachers(ws, 7, school="2151000002", start=10)
        for teacher in teachers:
            online(ws, teacher, 25)
        assess(ws, school, teachers)  # 25 h practice credited in 2022
        d = dashboard_of(ws)
        years = d.years
        assert [y.cumulative for y in years] == [False] * 3
        # 30 % / 50 % / 20 % of 10 teachers within each year.
        assert [y.planned_teachers for y in years] == [3, 5, 2]
        assert [y.actual_teachers for y in years] == [0, 0, 3]
        assert years[2].teacher_rate == 1.5
        # By 2022 30 + 50 + 20 = 100 % of each school.
        assert [(s.target, s.still_needed) for s in d.schools] == [(3, 0), (7, 7)]
        assert d.headline.planned_teachers == 10


def test_hunan_plans_schools(paths_factory: PathsFactory) -> None:
    spec = replace(WENJIANG, preset_id="hunan-2.0")
    with Workspace.create(paths_factory("hunan"), spec, actor=Actor.system("admin")) as ws:
        schools = [
            add_school(ws, f"21510000{n:02d}", f"温江区第{n}小学", "111") for n in range(1, 4)
        ]
        for n, school in enumerate(schools):
            teachers = add_teachers(ws, 2, school=f"21510000{n + 1:02d}", start=10 * n)
            if n == 0:
                for teacher in teachers:
                    online(ws, teacher, 25)
                assess(ws, school, teachers)
        d = dashboard_of(ws)
        years = d.years
        assert [y.school_source for y in years] == ["preset"] * 3
        # 30 % / 70 % / 100 % of 3 schools by the end of each year: round(0.9), round(2.1), 3.
        assert [y.planned_schools for y in years] == [1, 2, 3]
        assert [y.planned_schools_in_year for y in years] == [1, 1, 1]
        assert [y.teacher_source for y in years] == ["none"] * 3
        assert years[0].planned_teachers is None and years[0].teacher_rate is None
        assert [y.actual_schools for y in years] == [0, 0, 1]
        assert d.headline.completed_schools == 1 and d.headline.planned_schools == 3
        assert d.headline.still_needed == 4  # the school bar: all teachers of each school


def test_cache_follows_changes(workspace: Workspace, county: dict[str, list[int]]) -> None:
    service = DashboardService(workspace.context, workspace.hours, today=lambda: TODAY)
    first = service.overview()
    assert service.overview() is first
    online(workspace, county["a"][3], 10, day="2021-06-01")  # d now has 20 h online
    second = service.overview()
    assert second is not first and second.headline.qualified == 7
    workspace.teachers.set_active(county["c"][0], False)
    third = service.overview()
    assert third.headline.teachers == 7 and third.headline.still_needed == 0
    assert service.overview(refresh=True) is not third


def test_export_xlsx_one_sheet_per_table(
    workspace: Workspace, county: dict[str, list[int]], tmp_path: Path
) -> None:
    service = DashboardService(workspace.context, workspace.hours, today=lambda: TODAY)
    out = service.export_xlsx(tmp_path / "统计.xlsx")
    book = openpyxl.load_workbook(out, read_only=True)
    assert book.sheetnames == [
        "概况",
        "年度目标",
        "学校完成情况",
        "学时分布",
        "能力点等级",
        "考核结果",
        "达标情况",
        "按学段",
        "按城乡分类",
        "按项目级别",
    ]
    schools = [list(r) for r in book["学校完成情况"].iter_rows(values_only=True)]
    assert schools[0][:2] == ["学校标识码", "学校名称"] and schools[0][7] == "目标人数（2022年）"
    assert schools[1] == ["2151000001", "温江区实验小学", "小学", "主城区", 5, 4, 80, 5, 1, "否"]
    years = [list(r) for r in book["年度目标"].iter_rows(values_only=True)]
    assert years[3][:7] == [2022, "累计", 2, 8, "预设比例", 6, 75]
    head = {r[0]: r[1] if len(r) > 1 else None for r in book["概况"].iter_rows(values_only=True)}
    assert head["达标教师数"] == 6 and head["地区"] == "温江区"
    book.close()
    listed = service.export_still_needed(tmp_path / "尚需达标.xlsx")
    assert listed == 2


def test_summary_is_json_ready(workspace: Workspace, county: dict[str, list[int]]) -> None:
    import json

    summary = dashboard_of(workspace).summary()
    text = json.dumps(summary, ensure_ascii=False)
    assert json.loads(text)["qualified"] == 6
    assert summary["years"][2] == {
        "year": 2022,
        "basis": "cumulative",
        "planned_teachers": 8,
        "planned_teachers_in_year": 2,
        "planned_teachers_by_year_end": 8,
        "teacher_source": "preset",
        "qualified": 6,
        "qualified_by_year_end": 6,
        "qualified_in_year": 6,
        "teacher_rate": 0.75,
        "planned_schools": None,
        "planned_schools_in_year": None,
        "planned_schools_by_year_end": None,
        "school_source": "none",
        "completed_schools": 1,
        "school_rate": None,
        "hours": 210.0,
    }


def test_empty_workspace(workspace: Workspace) -> None:
    d = dashboard_of(workspace)
    assert d.headline.teachers == 0 and d.headline.qualified_rate is None
    assert d.schools == () and d.by_stage == () and d.behind() == []
    assert [y.planned_teachers for y in d.years] == [0, 0, 0]
    assert all(r.share is None for r in d.results)


# ---------------------------------------------------------------- on the demo


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    paths = data_paths(Path(tmp_path_factory.mktemp("dashboard-demo")))
    workspace, _summary = create_demo(paths, teachers=600, seed=11)
    yield workspace
    workspace.close()


def test_demo_figures_match_the_teacher_by_teacher_verdicts(demo: Workspace) -> None:
    d = dashboard_of(demo)
    rows = demo.hours.teacher_hours()
    assert d.headline.teachers == len(rows)
    assert d.headline.qualified == sum(t.qualified for t in rows)
    assert d.headline.assessment_passed == sum(t.assessment == "passed" for t in rows)
    per_school = Counter(t.school_id for t in rows if t.qualified)
    assert {s.school_id: s.qualified for s in d.schools if s.qualified} == dict(per_school)
    assert sum(s.teachers for s in d.schools) == len(rows)
    summaries = {s.school_id: s for s in demo.hours.school_summaries()}
    for school in d.schools:
        assert school.qualified == summaries[school.school_id].qualified
        assert school.still_needed == school.teachers - school.qualified  # 100 % by 2022
    edges = [0, 0.5, 25, 50, 100]
    bands = Counter(
        max(i for i, e in enumerate(edges) if t.verdict.counted_total >= e) for t in rows
    )
    assert [r.count for r in d.hour_bands] == [bands.get(i, 0) for i in range(5)]
    # The grades of every active teacher's chosen points.
    with demo.context.read() as session:
        grades = Counter(
            session.scalars(
                select(PointSelection.grade)
                .join(Teacher, Teacher.id == PointSelection.teacher_id)
                .where(Teacher.status == "active", PointSelection.cycle == 2022)
            ).all()
        )
    assert [r.count for r in d.point_grades] == [
        grades["excellent"],
        grades["pass"],
        grades["fail"],
        grades[None],
    ]


def test_demo_years_the_slow_way(demo: Workspace) -> None:
    """Qualified by the end of each year, recomputed from the ledger entry by entry."""
    d = dashboard_of(demo)
    rule = demo.hours.preset().hours
    state = {t.teacher_id: t.assessment for t in demo.hours.teacher_hours()}
    with demo.context.read() as session:
        records = session.execute(
            select(
                HourRecord.teacher_id, HourRecord.year, HourRecord.category, HourRecord.half_hours
            )
        ).all()
    for row in d.years:
        sums: dict[int, list[float]] = {tid: [0.0, 0.0, 0.0] for tid in state}
        for tid, year, category, half in records:
            if tid in sums and year <= row.year:
                slot = {"online": 0, "practice": 1}.get(category, 2)
                sums[tid][slot] += half / 2
        passed = {"passed": True, "failed": False, "pending": None}
        expected = sum(
            evaluate_hours(
                rule,
                HourTotals(*sums[tid]),
                assessment_passed=passed[state[tid]] if row.year >= 2022 else None,
            ).qualified
            for tid in state
        )
        assert row.qualified_by_year_end == expected
    assert d.years[-1].qualified_by_year_end == d.headline.qualified
