"""个人学时档案 PDF: 1,000 teachers × ~3 records in one file (one page each).

    .venv/bin/python benchmarks/bench_ledger_pdf.py                 # 1,000 teachers, 3 runs
    .venv/bin/python benchmarks/bench_ledger_pdf.py --teachers 3000 --runs 5

Every run is a fresh process; the figure is the median wall time of ``write_ledger_pdf`` (font
registration included, imports excluded), with the page count and file size.  Target: 1,000
pages ≤ 5 s (issue 4).  Not part of the test run.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RULE = "三年内不少于 50 学时，其中网络研修不少于 20 学时、校本实践应用不少于 30 学时。"

_PROJECTS = (
    "国培计划—2020年中小学教师信息技术应用能力提升工程2.0（温江区）",
    "2021年四川省信息技术应用能力提升工程2.0省级培训",
    "2022年温江区整校推进信息技术应用能力提升培训",
)


def _teachers(count: int, seed: int = 1) -> list[object]:
    from nlts_desktop.exchange.ledger_pdf import LedgerRecord, LedgerTeacher

    rng = random.Random(seed)
    teachers: list[object] = []
    for index in range(count):
        records = [
            LedgerRecord(
                year=2020 + n,
                record_date=date(2020 + n, rng.randrange(3, 12), rng.randrange(1, 28)),
                category=("网络研修", "网络研修", "校本实践应用")[n],
                project=_PROJECTS[n],
                hours=rng.choice((10, 12.5, 15, 30)),
                source=("文件导入", "文件导入", "考核认定")[n],
                note="疫情防控期间线上教学，区县认定" if n == 2 and rng.random() < 0.2 else "",
            )
            for n in range(3)
        ]
        teachers.append(
            LedgerTeacher(
                name="张" + chr(0x4E00 + rng.randrange(2000)) + chr(0x4E00 + rng.randrange(2000)),
                id_number=f"510115198{rng.randrange(10)}0101{index % 1000:03d}X",
                school=f"成都市温江区第{index // 80 + 1}实验小学",
                stage="小学",
                subject="语文",
                title="一级教师",
                records=records,
                qualified=index % 3 != 0,
                reasons=()
                if index % 3
                else ("网络研修学时不足：已有 12 学时，还差 8 学时（要求不少于 20 学时）。",),
                rule_text=RULE,
            )
        )
    return teachers


def _child(count: int) -> None:
    from nlts_desktop.exchange.ledger_pdf import write_ledger_pdf

    teachers = _teachers(count)
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "ledger.pdf"
        started = time.perf_counter()
        pages = write_ledger_pdf(out, teachers, region="四川省成都市温江区")  # type: ignore[arg-type]
        elapsed = time.perf_counter() - started
        print(json.dumps({"seconds": elapsed, "pages": pages, "bytes": out.stat().st_size}))


def main() -> None:
    """Run the child ``--runs`` times and print the median."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--teachers", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.teachers)
        return
    results = []
    for _ in range(args.runs):
        output = subprocess.run(
            [sys.executable, __file__, "--child", "--teachers", str(args.teachers)],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        ).stdout
        results.append(json.loads(output.strip().splitlines()[-1]))
    seconds = sorted(r["seconds"] for r in results)
    print(
        f"ledger PDF, {args.teachers} teachers: median {statistics.median(seconds):.2f} s "
        f"(min {seconds[0]:.2f}, max {seconds[-1]:.2f}), {results[0]['pages']} pages, "
        f"{results[0]['bytes'] / 1e6:.1f} MB"
    )


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
