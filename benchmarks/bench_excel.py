"""Spreadsheet exchange on a 100,000-teacher roster × 15 columns: read_table and write_table.

    .venv/bin/python benchmarks/bench_excel.py                  # 100,000 rows, 3 runs
    .venv/bin/python benchmarks/bench_excel.py --rows 20000 --runs 5
    .venv/bin/python benchmarks/bench_excel.py --openpyxl       # also bare openpyxl write-only

The roster files are generated once with openpyxl write-only into --dir (one plain, one with a
formula in every row's 入职年份 cell) and reused.  Every run is a fresh process: the figures
are the median wall time of the measured call (imports excluded) and the child's peak RSS
(VmHWM, imports and the generated input rows included).  Targets: read ≤ 2 s, write ≤ 12 s.
Not part of the test run.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

HEADERS = (
    "序号",
    "姓名",
    "身份证号",
    "性别",
    "出生日期",
    "手机号",
    "学校标识码",
    "学校名称",
    "学段",
    "学科",
    "职称",
    "城乡分类",
    "在岗状态",
    "入职年份",
    "备注",
)


def roster_rows(count: int, *, formulas: bool = False, seed: int = 1) -> Iterator[list[object]]:
    """Deterministic roster rows, typed as a county office's file would hold them."""
    rng = random.Random(seed)
    for index in range(count):
        born = date(rng.randrange(1960, 2000), rng.randrange(1, 13), rng.randrange(1, 29))
        excel_row = index + 3  # a title row and the header above
        yield [
            index + 1,
            "张" + chr(0x4E00 + rng.randrange(2000)) + chr(0x4E00 + rng.randrange(2000)),
            f"510115{born:%Y%m%d}{rng.randrange(1000):03d}X",
            rng.choice("男女"),
            born,
            f"138{rng.randrange(10**8):08d}",
            f"21510{rng.randrange(10**5):05d}",
            f"温江区第{rng.randrange(300)}小学",
            rng.choice(["小学", "初中", "高中"]),
            rng.choice(["语文", "数学", "英语", "物理"]),
            rng.choice(["一级教师", "二级教师", "高级教师"]),
            rng.choice(["111", "112", "121", "210", "220"]),
            "在岗",
            f"=YEAR(E{excel_row})+22" if formulas else rng.randrange(1980, 2024),
            "" if rng.random() < 0.7 else "备注文字",
        ]


def make_roster(path: Path, count: int, *, formulas: bool) -> None:
    """The input file, written by openpyxl write-only (no cached formula values)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("教师")
    sheet.append(["温江区教师信息表"])
    sheet.append(list(HEADERS))
    for row in roster_rows(count, formulas=formulas):
        sheet.append(row)
    book.save(path)


# The peak is /proc's VmHWM where there is one: after (v)fork + exec Linux carries the
# parent's high-water mark into ru_maxrss, which would report the parent's size.
CHILD_PRELUDE = """
import json, re, resource, sys, time
sys.path.insert(0, {root!r})
sys.path.insert(0, {bench!r})
from pathlib import Path
from bench_excel import HEADERS, roster_rows
def report(seconds, **extra):
    status = Path("/proc/self/status")
    if status.exists():
        peak = int(re.search(r"VmHWM:\\s+(\\d+)", status.read_text()).group(1)) / 1024
    else:
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({{"seconds": seconds, "peak_mb": peak, **extra}}))
"""

READ = """
from nlts_desktop.exchange.excel_reader import ColumnSpec, read_table
columns = [ColumnSpec(f"c{i}", h) for i, h in enumerate(HEADERS)]
start = time.perf_counter()
table = read_table(Path(sys.argv[1]), columns)
seconds = time.perf_counter() - start
report(seconds, rows=len(table.rows), formulas=sum(1 for r in table.rows if r.formula_fields))
"""

CALAMINE = """
from python_calamine import CalamineWorkbook
start = time.perf_counter()
rows = CalamineWorkbook.from_path(sys.argv[1]).get_sheet_by_index(0).to_python()
report(time.perf_counter() - start, rows=len(rows))
"""

WRITE = """
from nlts_desktop.exchange.excel_writer import write_table
rows = list(roster_rows(int(sys.argv[2])))
start = time.perf_counter()
count = write_table(Path(sys.argv[1]), sheet_title="教师", headers=HEADERS, rows=rows,
                    title="温江区教师名册", text_columns={2})
report(time.perf_counter() - start, rows=count)
"""

OPENPYXL_WRITE = """
from openpyxl import Workbook
rows = list(roster_rows(int(sys.argv[2])))
start = time.perf_counter()
book = Workbook(write_only=True)
sheet = book.create_sheet("教师")
sheet.append(["温江区教师名册"])
sheet.append(list(HEADERS))
for row in rows:
    sheet.append(row)
book.save(sys.argv[1])
report(time.perf_counter() - start, rows=len(rows))
"""


def run_child(code: str, *args: str) -> dict[str, float]:
    """Run one measurement in a fresh interpreter and return what it reported."""
    prelude = CHILD_PRELUDE.format(root=str(ROOT), bench=str(Path(__file__).parent))
    done = subprocess.run(
        [sys.executable, "-c", prelude + code, *args],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"benchmark child failed:\n{done.stderr}")
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def measure(name: str, runs: int, code: str, *args: str) -> None:
    """Print the median, min and max seconds and the largest peak RSS of several runs."""
    results = [run_child(code, *args) for _ in range(runs)]
    seconds = [r["seconds"] for r in results]
    extra = {k: v for k, v in results[0].items() if k not in ("seconds", "peak_mb")}
    print(
        f"{name:<34} median {statistics.median(seconds):6.2f} s"
        f"  (min {min(seconds):.2f}, max {max(seconds):.2f})"
        f"  peak {max(r['peak_mb'] for r in results):6.0f} MB  {extra}"
    )


def main() -> None:
    """Generate the inputs if needed, then time reading and writing."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--dir", type=Path, default=Path("/tmp/nlts-bench-excel"))
    parser.add_argument("--openpyxl", action="store_true", help="also time bare openpyxl")
    options = parser.parse_args()
    options.dir.mkdir(parents=True, exist_ok=True)
    plain = options.dir / f"roster-{options.rows}.xlsx"
    with_formulas = options.dir / f"roster-{options.rows}-formulas.xlsx"
    for path, formulas in ((plain, False), (with_formulas, True)):
        if not path.exists():
            started = time.perf_counter()
            make_roster(path, options.rows, formulas=formulas)
            print(f"generated {path} in {time.perf_counter() - started:.1f} s")
    size = plain.stat().st_size / 1024 / 1024
    print(f"{options.rows} rows × {len(HEADERS)} columns, {size:.1f} MB, {options.runs} runs")
    measure("calamine alone (to_python)", options.runs, CALAMINE, str(plain))
    measure("read_table", options.runs, READ, str(plain))
    measure("read_table, a formula per row", options.runs, READ, str(with_formulas))
    out = options.dir / "written.xlsx"
    measure("write_table", options.runs, WRITE, str(out), str(options.rows))
    if options.openpyxl:
        measure(
            "openpyxl write-only (bare)", options.runs, OPENPYXL_WRITE, str(out), str(options.rows)
        )


if __name__ == "__main__":
    main()
