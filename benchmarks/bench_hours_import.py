"""Importing a 100,000-row institution hours export into the 100,000-teacher demo county.

    .venv/bin/python benchmarks/bench_hours_import.py                # 100,000 rows, 3 runs
    .venv/bin/python benchmarks/bench_hours_import.py --rows 20000 --runs 5
    .venv/bin/python benchmarks/bench_hours_import.py --demo /path/to/demo-folder

Needs the demo county (``nlts-desktop --data-dir /tmp/nlts-bench/demo-100000 demo --teachers
100000 --no-gui``).  The export is generated once from the demo's teachers (read with sqlite3)
in a platform's own layout (学员姓名, 证件号, 所在单位, 课程名称, 获得学时, 认定时间, 学习记录ID)
for 中国研修网 and its 2020 project, together with a later export of the same records with
a third of the hours changed.  Every run copies the workspace to a fresh folder and runs in a
fresh process:

* ``new``: plan + commit of the export (100,000 new records);
* ``update``: the export imported first (not timed), then plan + commit of the later export
  (a third changed, the rest unchanged).

Printed: the median wall time of plan + commit (imports and opening excluded), its plan and
commit parts, and the child's peak RSS (VmHWM).  Target: ≤ 6 s.  Not part of the test run.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEMO = Path("/tmp/nlts-bench/demo-100000")
INSTITUTION = "中国研修网"
HEADERS = (
    "序号",
    "学员姓名",
    "证件号",
    "所在单位",
    "课程名称",
    "获得学时",
    "认定时间",
    "学习记录ID",
)
COURSES = ("A1 技术支持的学情分析", "A3 演示文稿设计与制作", "B2 微课程设计与制作")


def _project(database: Path) -> tuple[int, int, int]:
    """(institution id, project id, project year) of the institution's first project."""
    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        row = connection.execute(
            "SELECT i.id, p.id, p.year FROM institutions i JOIN training_projects p "
            "ON p.institution_id = i.id WHERE i.name = ? ORDER BY p.year, p.id LIMIT 1",
            (INSTITUTION,),
        ).fetchone()
    finally:
        connection.close()
    if row is None:
        raise SystemExit(f"演示工作区中没有“{INSTITUTION}”承担的项目。")
    return int(row[0]), int(row[1]), int(row[2])


def make_exports(database: Path, rows: int, folder: Path) -> tuple[Path, Path]:
    """The export and a later export with a third of the hours changed (cached in ``folder``)."""
    first = folder / f"hours-export-{rows}.xlsx"
    later = folder / f"hours-export-{rows}-later.xlsx"
    if first.exists() and later.exists():
        return first, later
    import openpyxl

    _, _, year = _project(database)
    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        teachers = connection.execute(
            "SELECT t.name, t.id_number, s.name FROM teachers t "
            "JOIN schools s ON s.id = t.school_id ORDER BY t.id"
        ).fetchall()
    finally:
        connection.close()
    rng = random.Random(7)
    records = []
    for index in range(rows):
        name, number, school = teachers[index % len(teachers)]
        # More rows than teachers: a second course of the same teacher, another record.
        hours = rng.choice((4, 5.5, 6, 8)) if rows > len(teachers) else rng.choice((6, 7.5, 8))
        when = f"{year}-{rng.randrange(3, 13):02d}-{rng.randrange(1, 29):02d}"
        records.append([index + 1, name, number, school, rng.choice(COURSES), hours, when])
    for path, changed_share in ((first, 0.0), (later, 1 / 3)):
        book = openpyxl.Workbook(write_only=True)
        sheet = book.create_sheet("学员学时")
        sheet.append([f"{INSTITUTION} 学员学时明细"])
        sheet.append(list(HEADERS))
        change = random.Random(11)
        for record in records:
            values = list(record)
            if change.random() < changed_share:
                values[5] = values[5] + 0.5
            sheet.append([*values, f"XL{record[0]:08d}"])
        book.save(path)
    return first, later


CHILD = """
import json, re, resource, sys, time
sys.path.insert(0, {root!r})
from pathlib import Path
from nlts_desktop.paths import data_paths
from nlts_desktop.services.context import Actor
from nlts_desktop.services.workspace import Workspace

def peak_mb():
    status = Path("/proc/self/status")
    if status.exists():
        return int(re.search(r"VmHWM:\\s+(\\d+)", status.read_text()).group(1)) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

data, scenario, first, later, project = sys.argv[1:6]
with Workspace.open(data_paths(data), actor=Actor.system("bench")) as ws:
    service = ws.hours_import
    if scenario == "update":
        service.commit(service.plan(Path(first), institution={institution!r},
                                    project_id=int(project)))
        target = Path(later)
    else:
        target = Path(first)
    start = time.perf_counter()
    plan = service.plan(target, institution={institution!r}, project_id=int(project))
    planned = time.perf_counter()
    result = service.commit(plan)
    done = time.perf_counter()
print(json.dumps({{"seconds": done - start, "plan": planned - start, "commit": done - planned,
                  "new": result.new, "changed": result.changed, "unchanged": result.unchanged,
                  "rejected": result.rejected, "peak_mb": peak_mb()}}))
"""


def run_once(demo: Path, scenario: str, first: Path, later: Path, project: int) -> dict[str, float]:
    """One measured run in a fresh process on a fresh copy of the demo workspace."""
    with tempfile.TemporaryDirectory(prefix="bench-hours-") as folder:
        data = Path(folder) / "data"
        data.mkdir()
        shutil.copy2(demo / "workspace.db", data / "workspace.db")
        code = CHILD.format(root=str(ROOT), institution=INSTITUTION)
        args = [str(data), scenario, str(first), str(later), str(project)]
        result = subprocess.run(
            [sys.executable, "-c", code, *args],
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise SystemExit(result.stderr)
        values: dict[str, float] = json.loads(result.stdout.strip().splitlines()[-1])
        return values


def main() -> None:
    """Generate the exports once, then time each scenario."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--demo", type=Path, default=DEMO, help="the demo workspace's folder")
    parser.add_argument("--dir", type=Path, default=Path("/tmp/nlts-bench"), help="file cache")
    parser.add_argument("--scenarios", nargs="+", default=["new", "update"])
    args = parser.parse_args()
    database = args.demo / "workspace.db"
    if not database.exists():
        raise SystemExit(
            f"没有找到演示工作区“{args.demo}”。请先运行：nlts-desktop --data-dir {args.demo} "
            "demo --teachers 100000 --no-gui"
        )
    args.dir.mkdir(parents=True, exist_ok=True)
    first, later = make_exports(database, args.rows, args.dir)
    _, project, _ = _project(database)
    print(f"{args.rows} rows, {INSTITUTION}, project {project}, {args.runs} runs each")
    for scenario in args.scenarios:
        runs = [run_once(args.demo, scenario, first, later, project) for _ in range(args.runs)]
        seconds = [r["seconds"] for r in runs]
        middle = sorted(runs, key=lambda r: r["seconds"])[len(runs) // 2]
        print(
            f"{scenario:7} median {statistics.median(seconds):.2f} s "
            f"(min {min(seconds):.2f}, max {max(seconds):.2f}; "
            f"plan {middle['plan']:.2f} s + commit {middle['commit']:.2f} s), "
            f"peak {max(r['peak_mb'] for r in runs):.0f} MB; "
            f"new {middle['new']:.0f}, changed {middle['changed']:.0f}, "
            f"unchanged {middle['unchanged']:.0f}, rejected {middle['rejected']:.0f}"
        )


if __name__ == "__main__":
    main()
