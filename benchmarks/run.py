"""Benchmark runner: each job in a fresh process, several runs, median seconds and peak memory.

    python benchmarks/run.py                      # every job, 100,000 teachers, 3 runs
    python benchmarks/run.py --teachers 20000 --runs 5 --jobs demo open_workspace

The generator of a county of N teachers is the program's own demo (deterministic by seed).
Later issues add jobs to JOBS. Not part of the test run; figures go into the issue note.
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
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# A job: (setup in the parent, the child's Python code). The child prints nothing required;
# the runner times the child process and reads its peak RSS from wait4.
OPEN_WORKSPACE = """
import sys, time
from sqlalchemy import select
from nlts_desktop.paths import data_paths
from nlts_desktop.services.context import Actor
from nlts_desktop.services.workspace import Workspace
from nlts_desktop.storage import models as m
start = time.perf_counter()
with Workspace.open(data_paths(sys.argv[1]), actor=Actor.system()) as ws:
    info = ws.info()
    counts = ws.stats.counts()
    with ws.context.read() as session:
        rows = session.execute(
            select(m.Teacher.id, m.Teacher.name, m.Teacher.id_number, m.Teacher.school_id,
                   m.Teacher.gender, m.Teacher.phone, m.Teacher.stage_code,
                   m.Teacher.subject_code, m.Teacher.title_code, m.Teacher.status)
        ).all()
print(len(rows), time.perf_counter() - start)
"""


PANDAS_IMPORT = """
import sqlite3, sys
import pandas as pd
frame = pd.read_excel(sys.argv[1], dtype=str)
connection = sqlite3.connect(sys.argv[2])
frame.to_sql("teachers_import", connection, index=False, if_exists="replace")
connection.commit()
print(len(frame))
"""
ROSTER_HEADERS = (
    "序号", "姓名", "性别", "身份证号", "出生日期", "学校标识码", "学校名称", "联系电话",
    "学段", "学科", "职称", "状态", "民族", "政治面貌", "备注",
)  # fmt: skip


def make_roster(path: Path, teachers: int, school_db: Path) -> None:
    """A 15-column roster of N new teachers on the schools of a small demo workspace."""
    import random
    import sqlite3
    from datetime import date

    import openpyxl

    from nlts_desktop.domain.idcard import check_char

    connection = sqlite3.connect(school_db)
    schools = connection.execute(
        "SELECT code, name FROM schools WHERE status = 'active'"
    ).fetchall()
    connection.close()
    rng = random.Random(5)
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("教师名单")
    sheet.append(["温江区教师信息表"])
    sheet.append(list(ROSTER_HEADERS))
    seen: set[str] = set()
    start = date(1965, 1, 1).toordinal()
    while len(seen) < teachers:
        born = date.fromordinal(start + rng.randrange(13000))
        first17 = f"510115{born:%Y%m%d}{rng.randrange(1000):03d}"
        number = first17 + check_char(first17)
        if number in seen:
            continue
        seen.add(number)
        code, name = rng.choice(schools)
        sheet.append([
            len(seen), "张" + rng.choice("伟芳娜敏静丽强磊军洋") + rng.choice("华明红英"),
            "男" if int(number[16]) % 2 else "女", number, born.isoformat(), code, name,
            f"139{rng.randrange(10**8):08d}", "", rng.choice(("语文", "数学", "英语")),
            rng.choice(("一级教师", "二级教师", "高级教师")), "在职", "汉族", "群众", "",
        ])  # fmt: skip
    book.save(path)


@dataclass(frozen=True)
class Job:
    """One benchmark: a command to time, and what to do before each run."""

    name: str
    description: str
    command: Callable[[Path, int], list[str]]
    prepare: Callable[[Path, int], None]


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "nlts_desktop", *args]


def _fresh(folder: Path, _teachers: int) -> None:
    shutil.rmtree(folder, ignore_errors=True)


def _ensure_demo(folder: Path, teachers: int) -> None:
    marker = folder / f".bench-{teachers}"
    if marker.exists():
        return
    shutil.rmtree(folder, ignore_errors=True)
    subprocess.run(
        _cli("--data-dir", str(folder), "demo", "--teachers", str(teachers), "--no-gui"),
        check=True,
        capture_output=True,
    )
    marker.touch()


def _small_demo(work: Path) -> Path:
    folder = work / "schools-only"
    _ensure_demo(folder, 600)
    return folder


def _roster_file(work: Path, teachers: int) -> Path:
    path = work / f"roster-{teachers}.xlsx"
    if not path.exists():
        make_roster(path, teachers, _small_demo(work) / "workspace.db")
    return path


def _fresh_copy(folder: Path, teachers: int) -> None:
    """A fresh copy of the schools-only workspace, and the roster file, for an import run."""
    work = folder.parent
    _roster_file(work, teachers)
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(_small_demo(work), folder)
    (folder / "pandas.db").unlink(missing_ok=True)


JOBS: dict[str, Job] = {
    "demo": Job(
        "demo",
        "nlts-desktop demo --teachers N --no-gui (whole command, new folder)",
        lambda folder, n: _cli("--data-dir", str(folder), "demo", "--teachers", str(n), "--no-gui"),
        _fresh,
    ),
    "open_workspace": Job(
        "open_workspace",
        "open the N-teacher workspace, read info and counts, load every teacher row",
        lambda folder, n: [sys.executable, "-c", OPEN_WORKSPACE, str(folder)],
        _ensure_demo,
    ),
    "stats_json": Job(
        "stats_json",
        "nlts-desktop stats --json on the N-teacher workspace (whole command)",
        lambda folder, n: _cli("--data-dir", str(folder), "stats", "--json"),
        _ensure_demo,
    ),
    "import_roster": Job(
        "import_roster",
        "nlts-desktop import teachers ROSTER (N rows × 15 columns: read, validate, write)",
        lambda folder, n: _cli(
            "--data-dir", str(folder), "import", "teachers", str(folder.parent / f"roster-{n}.xlsx")
        ),
        _fresh_copy,
    ),
    "pandas_import": Job(
        "pandas_import",
        "pandas.read_excel(dtype=str) + DataFrame.to_sql of the same roster (no validation)",
        lambda folder, n: [
            sys.executable,
            "-c",
            PANDAS_IMPORT,
            str(folder.parent / f"roster-{n}.xlsx"),
            str(folder / "pandas.db"),
        ],
        _fresh_copy,
    ),
    "export_roster": Job(
        "export_roster",
        "nlts-desktop export roster of the N-teacher workspace (whole command)",
        lambda folder, n: _cli(
            "--data-dir", str(folder), "export", "roster", "--out", str(folder.parent / "out.xlsx")
        ),
        _ensure_demo,
    ),
    "check": Job(
        "check",
        "nlts-desktop check on the N-teacher workspace (whole command)",
        lambda folder, n: _cli("--data-dir", str(folder), "check"),
        _ensure_demo,
    ),
}


def _timed(command: list[str]) -> tuple[float, float]:
    """Wall seconds and peak resident memory (MB) of one child process."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT, env=os.environ
    )
    _pid, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        error = process.stderr.read().decode() if process.stderr else ""
        raise SystemExit(f"{' '.join(command)} failed:\n{error}")
    return elapsed, usage.ru_maxrss / 1024  # KiB on Linux


def main() -> None:
    """Run the chosen jobs and print a table (and JSON with --json)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--teachers", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", nargs="*", default=list(JOBS), choices=list(JOBS))
    parser.add_argument("--work-dir", type=Path, default=None)
    parser.add_argument("--json", type=Path, default=None, help="also write results here")
    args = parser.parse_args()
    work = args.work_dir or Path(tempfile.gettempdir()) / "nlts-bench"
    results = []
    print(f"{args.teachers} teachers, {args.runs} runs each, {os.cpu_count()} cores")
    for name in args.jobs:
        job = JOBS[name]
        folder = work / (
            "fresh"
            if job.prepare is _fresh
            else "import-target"
            if job.prepare is _fresh_copy
            else f"demo-{args.teachers}"
        )
        times: list[float] = []
        peaks: list[float] = []
        for _ in range(args.runs):
            job.prepare(folder, args.teachers)
            seconds, peak = _timed(job.command(folder, args.teachers))
            times.append(seconds)
            peaks.append(peak)
        result = {
            "job": name,
            "teachers": args.teachers,
            "median_s": round(statistics.median(times), 3),
            "min_s": round(min(times), 3),
            "max_s": round(max(times), 3),
            "peak_mb": round(max(peaks), 1),
            "runs": args.runs,
        }
        results.append(result)
        print(
            f"{name:16} median {result['median_s']:7.2f} s  "
            f"(min {result['min_s']:.2f}, max {result['max_s']:.2f})  "
            f"peak {result['peak_mb']:7.1f} MB   {job.description}"
        )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
