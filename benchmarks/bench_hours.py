"""Hours verdicts on 100,000 teachers: every teacher, per school, county, still short (medians).

    .venv/bin/python benchmarks/bench_hours.py                  # 100,000 teachers, 3 runs
    .venv/bin/python benchmarks/bench_hours.py --teachers 20000 --runs 5
    .venv/bin/python benchmarks/bench_hours.py --hour-records 300000   # padded copy

Reuses /tmp/nlts-bench/demo-N when it holds a workspace, else makes it with
``nlts-desktop demo --no-gui``.  With ``--hour-records`` a copy of it is padded with
generated entries up to that many hour records (the demo writes ~1.9 per teacher).
Read-only on the shared demo.  Target (issue 4): recomputing every teacher's verdict ≤ 2 s
with 100k teachers and 300k hour records.  Not part of the test run.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select  # noqa: E402

from nlts_desktop.domain.errors import StorageError  # noqa: E402
from nlts_desktop.paths import data_paths  # noqa: E402
from nlts_desktop.services.context import Actor  # noqa: E402
from nlts_desktop.services.workspace import Workspace  # noqa: E402
from nlts_desktop.storage.models import HourRecord, PointSelection  # noqa: E402

TARGET_S = 2.0


def workspace_folder(teachers: int) -> Path:
    """The demo folder, made once with the program's own command."""
    folder = Path(f"/tmp/nlts-bench/demo-{teachers}")
    if (folder / "workspace.db").exists() and (folder / "workspace.db").stat().st_size > 0:
        return folder
    folder.parent.mkdir(parents=True, exist_ok=True)
    print(f"creating the {teachers:,}-teacher demo in {folder} …", flush=True)
    subprocess.run(
        [sys.executable, "-m", "nlts_desktop", "--data-dir", str(folder), "demo",
         "--teachers", str(teachers), "--no-gui"],
        check=True,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    return folder


def padded_folder(source: Path, records: int) -> Path:
    """A copy of the demo with generated hour entries up to ``records`` (made once)."""
    folder = source.parent / f"{source.name}-hours-{records}"
    database = folder / "workspace.db"
    if database.exists() and database.stat().st_size > 0:
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    print(f"padding a copy of {source} to {records:,} hour records …", flush=True)
    partial = folder / "workspace.db.part"
    shutil.copyfile(source / "workspace.db", partial)
    connection = sqlite3.connect(partial)
    try:
        have = connection.execute("SELECT count(*) FROM hour_records").fetchone()[0]
        teachers = [r[0] for r in connection.execute("SELECT id FROM teachers")]
        rng = random.Random(300)
        now = "2021-12-01 09:00:00.000000"
        rows = [
            (
                rng.choice(teachers),
                rng.choice(("online", "online", "practice", "other")),
                2 * rng.choice((1, 2, 3, 4)),
                2021,
                f"2021-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}",
                "manual",
                "基准测试补充的学时记录",
                now,
                now,
                1,
            )
            for _ in range(max(0, records - have))
        ]
        connection.executemany(
            "INSERT INTO hour_records (teacher_id, category, half_hours, year, record_date, "
            "source, note, created_at, updated_at, version) VALUES (?,?,?,?,?,?,?,?,?,?)",
            rows,
        )
        connection.commit()
    finally:
        connection.close()
    partial.rename(database)
    return folder


def open_workspace(folder: Path, wait_s: float = 300.0) -> Workspace:
    """Open the demo; another benchmark may hold the folder for a while."""
    deadline = time.monotonic() + wait_s
    while True:
        try:
            return Workspace.open(data_paths(folder), actor=Actor.system("bench"))
        except StorageError as exc:
            if exc.code != "lock.busy" or time.monotonic() > deadline:
                raise
            time.sleep(2)


def timed(fn: Callable[[], object], runs: int) -> tuple[float, float, float]:
    """Median, min and max wall time of ``fn`` over ``runs``."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times), max(times)


def main() -> int:
    """Run and print every figure; exit 1 when the verdicts miss the target."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--teachers", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--hour-records", type=int, default=0, help="pad a copy up to this many")
    args = parser.parse_args()
    folder = workspace_folder(args.teachers)
    if args.hour_records:
        folder = padded_folder(folder, args.hour_records)
    workspace = open_workspace(folder)
    try:
        with workspace.context.read() as session:
            hour_rows = session.scalar(select(func.count()).select_from(HourRecord))
            selections = session.scalar(select(func.count()).select_from(PointSelection))
        verdicts = workspace.hours.teacher_hours()
        qualified = sum(t.qualified for t in verdicts)
        print(
            f"{folder}: {len(verdicts):,} active teachers, {hour_rows:,} hour records, "
            f"{selections:,} point selections; preset {workspace.hours.preset().name}; "
            f"{qualified:,} qualified; medians of {args.runs} runs"
        )
        hours = workspace.hours
        school_id = verdicts[len(verdicts) // 2].school_id
        year = hours.preset().years[-1]
        jobs: list[tuple[str, Callable[[], object]]] = [
            ("teacher_hours() — every teacher's verdict", hours.teacher_hours),
            (f"teacher_hours(year={year})", lambda: hours.teacher_hours(year=year)),
            ("teacher_hours(school_id=…)", lambda: hours.teacher_hours(school_id=school_id)),
            ("still_short()", hours.still_short),
            ("still_short(short_of='practice')", lambda: hours.still_short(short_of="practice")),
            ("school_summaries()", hours.school_summaries),
            ("county_summary()", hours.county_summary),
            ("ledger(one teacher)", lambda: hours.ledger(verdicts[0].teacher_id)),
        ]
        failed = False
        for label, job in jobs:
            median, low, high = timed(job, args.runs)
            mark = ""
            if label.startswith("teacher_hours() "):
                failed = median > TARGET_S
                mark = f"  target ≤ {TARGET_S:.1f} s: {'MISSED' if failed else 'ok'}"
            print(
                f"  {label:<44} {median * 1000:8.1f} ms  "
                f"(min {low * 1000:.1f}, max {high * 1000:.1f}){mark}",
                flush=True,
            )
    finally:
        workspace.close()
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
