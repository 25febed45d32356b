"""School-based assessment in a 100,000-teacher county: grid, cell commits, approval (medians).

    .venv/bin/python benchmarks/bench_assessment.py                 # 100k demo, 5 runs
    .venv/bin/python benchmarks/bench_assessment.py --teachers 20000 --runs 3

Copies /tmp/nlts-bench/demo-N (made once with ``nlts-desktop demo``) and adds two schools:
one of 300 teachers (3 points × 2–3 items each) for the grid and the keyboard, one of 1,000
teachers graded and submitted for the county's approval.  Targets (issue 5): the grid of 300
teachers opens ≤ 0.5 s; each cell commit ≤ 50 ms; approving 1,000 results with hour
crediting ≤ 2 s.  Not part of the test run.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_hours import workspace_folder  # noqa: E402

from nlts_desktop.domain.enums import Grade  # noqa: E402
from nlts_desktop.domain.idcard import check_char  # noqa: E402
from nlts_desktop.paths import data_paths  # noqa: E402
from nlts_desktop.services.assessment import SheetEntry  # noqa: E402
from nlts_desktop.services.context import Actor  # noqa: E402
from nlts_desktop.services.workspace import Workspace  # noqa: E402

POINTS = (("A1", 2), ("A5", 3), ("A11", 2))


def number(serial: int) -> str:
    """A valid 身份证号 not used by the demo (born 1970-07-07, region 510115)."""
    first17 = f"51011519700707{serial % 1000:03d}"
    region = f"5101{15 + serial // 1000:02d}"
    first17 = region + first17[6:]
    return first17 + check_char(first17)


def add_school(ws: Workspace, code: str, name: str, teachers: int, offset: int) -> int:
    """A school with ``teachers`` teachers, plan approved, points chosen, items graded."""
    school = ws.schools.create(
        {"code": code, "name": name, "urban_rural": "111", "environments": "A,B"}
    ).id
    for n in range(teachers):
        ws.teachers.create(
            {
                "id_number": number(offset + n),
                "name": "测" + "".join("零一二三四五六七八九"[int(d)] for d in str(n)),
                "school": code,
            }
        )
    ws.assessment.save_plan(
        school, {"environments": "A,B", "points": "A1", "plan_title": "方案", "rules_title": "细则"}
    )
    ws.assessment.decide_plan(school, approve=True)
    entries = [
        SheetEntry(number(offset + n), point, f"{point}-{k}", Grade.PASS, "平台作品")
        for n in range(teachers)
        for point, items in POINTS
        for k in range(1, items + 1)
    ]
    outcome = ws.assessment.apply_sheet(school, entries, assessor="考核小组")
    assert outcome.written, outcome.problems[:3]
    return school


def timed(fn: Callable[[], object], runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--teachers", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    source = workspace_folder(args.teachers)
    work = Path(f"/tmp/nlts-bench/assessment-{args.teachers}")
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(source, work, ignore=shutil.ignore_patterns("backups", "*.lock"))
    ws = Workspace.open(data_paths(work), actor=Actor.system("admin"))
    try:
        print(f"setting up in a copy of the {args.teachers:,}-teacher demo …", flush=True)
        grid_school = add_school(ws, "2151999001", "基准测试小学", 300, 0)
        approve_runs: list[float] = []
        grid_times = timed(lambda: ws.assessment.grid(grid_school), args.runs)
        grid = ws.assessment.grid(grid_school)
        cells = [i.item_id for r in grid.rows[:100] for p in r.points for i in p.items[:2]]
        grades = ("1", "2", "3", "y", "h", "b")
        commits = []
        for index, item in enumerate(cells):
            start = time.perf_counter()
            ws.assessment.set_score(item, grades[index % len(grades)], assessor="王老师")
            commits.append(time.perf_counter() - start)
        for run in range(args.runs):
            school = add_school(
                ws, f"21519990{run + 10:02d}", f"基准测试中学{run}", 1000, 1000 * (run + 1)
            )
            ws.assessment.submit(school)
            start = time.perf_counter()
            outcome = ws.review.approve_clean(school)
            approve_runs.append(time.perf_counter() - start)
            assert (outcome.approved, outcome.credited) == (1000, 1000), outcome
        commits.sort()
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"grid of 300 teachers ({len(grid.rows)} rows, "
            f"{sum(len(p.items) for r in grid.rows for p in r.points)} cells): "
            f"median {statistics.median(grid_times) * 1000:.0f} ms "
            f"(runs: {', '.join(f'{t * 1000:.0f}' for t in grid_times)}) — target ≤ 500 ms"
        )
        print(
            f"cell commits ({len(commits)}): median {statistics.median(commits) * 1000:.1f} ms, "
            f"p95 {commits[int(len(commits) * 0.95)] * 1000:.1f} ms, "
            f"max {commits[-1] * 1000:.1f} ms — target ≤ 50 ms"
        )
        print(
            f"approve 1,000 results + credit hours: median "
            f"{statistics.median(approve_runs):.2f} s "
            f"(runs: {', '.join(f'{t:.2f}' for t in approve_runs)}) — target ≤ 2 s"
        )
        print(f"peak memory {peak:.0f} MB")  # fmt: skip
    finally:
        ws.close()


if __name__ == "__main__":
    main()
