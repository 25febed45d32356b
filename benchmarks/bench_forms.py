"""Every official form from the 100,000-teacher demo: time and peak memory of each.

    .venv/bin/python benchmarks/bench_forms.py                    # 100,000 teachers, 3 runs
    .venv/bin/python benchmarks/bench_forms.py --runs 5 --forms annual-plan-table leadership

The demo (made once with ``nlts-desktop demo``) is copied to a temporary folder first, and the
copy gets what the planning forms need and the demo does not have: yearly targets (the preset's
suggestion), the leadership group's 负责科室 and opinion, the 年度规划书's cover and texts.
Each run of each form is a fresh process that opens the workspace and writes the form; the
figures are the median wall time of the service call (the form itself), the median of the
whole process (imports and opening included), and the process's peak resident memory (from
``wait4``).  Target (issue 7): every form ≤ 5 s.  Not part of the test run.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_hours import workspace_folder  # noqa: E402

FORMS = (
    "institutions",
    "trainee-changes",
    "project-design",
    "hours-summary",
    "roster",
    "assessment-summary",
    "annual-plan-table",
    "annual-plan",
    "pilot-schools",
    "leadership",
)
TEXT = (
    "依托国家和省级平台开展网络研修，线上学习与线下研讨相结合，每名教师网络研修不少于 20 学时。"
    "各校以教研组为单位组织校本实践应用，区县每学期组织两次集中研讨。"
)


def prepare(folder: Path, year: int) -> None:
    """Give the copied demo what the planning forms need (as a county office would)."""
    from nlts_desktop.paths import data_paths
    from nlts_desktop.services.annual_plan import PLAN_SECTIONS
    from nlts_desktop.services.context import Actor
    from nlts_desktop.services.workspace import Workspace

    with Workspace.open(data_paths(folder), actor=Actor.system("bench")) as workspace:
        targets = workspace.targets
        plan = {y: targets.suggest(y).as_values() for y in targets.years()}
        targets.set_plan(plan)
        workspace.leadership.set_office("教师发展中心")
        workspace.leadership.set_opinion("同意上报。")
        workspace.annual_plan.set_cover(contact="王老师", phone="028-82712345")
        workspace.annual_plan.set_sections(year, {s.code: TEXT for s in PLAN_SECTIONS})


def _child(folder: Path, form: str, out: Path, year: int) -> None:
    from nlts_desktop.paths import data_paths
    from nlts_desktop.services.context import Actor
    from nlts_desktop.services.workspace import Workspace

    with Workspace.open(data_paths(folder), actor=Actor.system("bench")) as workspace:
        calls = {
            "institutions": lambda: workspace.reports.institutions_form(out),
            "trainee-changes": lambda: workspace.reports.trainee_changes_form(out),
            "project-design": lambda: workspace.reports.project_design_form(out),
            "hours-summary": lambda: workspace.reports.school_hours_summary(out),
            "roster": lambda: workspace.roster_export.export_teachers(out),
            "assessment-summary": lambda: workspace.score_sheets.export_summary(out),
            "annual-plan-table": lambda: workspace.targets.plan_table_form(out),
            "annual-plan": lambda: workspace.annual_plan.write_pdf(out, year),
            "pilot-schools": lambda: workspace.reports.pilot_schools_form(out),
            "leadership": lambda: workspace.leadership.leadership_form(out),
        }
        started = time.perf_counter()
        count = calls[form]()
        seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "count": count, "bytes": out.stat().st_size}))


def _run(folder: Path, form: str, out: Path, year: int) -> dict[str, float]:
    """One child process: its JSON line, wall time and peak memory (wait4)."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, __file__, "--child", form, "--folder", str(folder),
         "--out", str(out), "--year", str(year)],
        stdout=subprocess.PIPE,
        cwd=ROOT,
    )  # fmt: skip
    assert process.stdout is not None
    output = process.stdout.read().decode()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(f"{form}: the child failed ({process.returncode})")
    result: dict[str, float] = json.loads(output.strip().splitlines()[-1])
    result["process"] = time.perf_counter() - started
    result["peak_mb"] = usage.ru_maxrss / 1024
    return result


def main() -> None:
    """Copy the demo, prepare it, run every form ``--runs`` times, print the medians."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--teachers", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--year", type=int, default=2021)
    parser.add_argument("--forms", nargs="*", default=list(FORMS), choices=FORMS)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--child", choices=FORMS, help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.folder, args.child, args.out, args.year)
        return
    source = workspace_folder(args.teachers)
    figures: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="nlts-forms-") as temp:
        folder = Path(temp) / "data"
        shutil.copytree(source, folder, ignore=shutil.ignore_patterns("nlts.lock", "backups"))
        prepare(folder, args.year)
        for form in args.forms:
            suffix = ".pdf" if form == "annual-plan" else ".xlsx"
            runs = [
                _run(folder, form, Path(temp) / f"{form}-{n}{suffix}", args.year)
                for n in range(args.runs)
            ]
            seconds = sorted(r["seconds"] for r in runs)
            figures[form] = {
                "median_s": statistics.median(seconds),
                "min_s": seconds[0],
                "max_s": seconds[-1],
                "process_s": statistics.median(r["process"] for r in runs),
                "peak_mb": max(r["peak_mb"] for r in runs),
                "count": runs[0]["count"],
                "bytes": runs[0]["bytes"],
            }
            f = figures[form]
            print(
                f"{form:20s} median {f['median_s']:6.2f} s (min {f['min_s']:.2f}, max "
                f"{f['max_s']:.2f}); process {f['process_s']:5.2f} s; peak {f['peak_mb']:5.0f} MB; "
                f"{int(f['count']):,} rows/pages; {f['bytes'] / 1024:,.0f} KB",
                flush=True,
            )
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
