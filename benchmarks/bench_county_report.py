"""County report of a 20,000-teacher county: make, verify, city import; a city merging 20.

    .venv/bin/python benchmarks/bench_county_report.py                  # 3 runs, 20 counties
    .venv/bin/python benchmarks/bench_county_report.py --runs 5 --counties 20

The county is the program's own 20,000-teacher demo (made once with ``nlts-desktop demo``).
Each run copies it, makes the county report sealed to a city workspace's key (timed), the city
verifies it (timed) and takes it in (timed).  For the merge, the real report's data is signed
again as 20 different counties of the same city (each with its own key and code), written as
real packages, and one city workspace takes all 20 in, one after the other, in a child process
whose peak memory is read from the kernel.  Targets (issue 6): make ≤ 10 s, verify ≤ 2 s,
import ≤ 10 s; 20 counties (400,000 teachers) ≤ 3 min and ≤ 1 GB.  Not part of the test run.
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
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey  # noqa: E402

from nlts_desktop import __version__  # noqa: E402
from nlts_desktop.exchange.package import (  # noqa: E402
    Origin,
    PackageContent,
    open_package,
    write_package,
)
from nlts_desktop.paths import data_paths  # noqa: E402
from nlts_desktop.services.context import Actor  # noqa: E402
from nlts_desktop.services.workspace import Workspace, WorkspaceSpec  # noqa: E402

CITY = WorkspaceSpec(
    level="city", region_code="510100", region_name="成都市", preset_id="sichuan-2.0"
)

MERGE = """
import sys, time
from pathlib import Path
from nlts_desktop.paths import data_paths
from nlts_desktop.services.context import Actor
from nlts_desktop.services.workspace import Workspace
start = time.perf_counter()
with Workspace.open(data_paths(sys.argv[1]), actor=Actor.system("city")) as city:
    for package in sorted(Path(sys.argv[2]).glob("*.nltspkg")):
        city.intake.take_in(package, accept_new_key=True)
    total = city.city.totals()
print(f"{time.perf_counter() - start:.2f} {total.teachers}")
"""


def timed(action: object) -> tuple[float, object]:
    start = time.perf_counter()
    result = action()  # type: ignore[operator]
    return time.perf_counter() - start, result


def one_run(demo: Path, work: Path) -> tuple[float, float, float, Path, int]:
    county_folder = work / "county"
    shutil.copytree(demo, county_folder)
    city_folder = work / "city"
    with Workspace.create(data_paths(city_folder), CITY, actor=Actor.system("city")) as city:
        key = city.keys.export_public(work / "city.nltskey")
    with Workspace.open(data_paths(county_folder), actor=Actor.system("admin")) as county:
        make, _ = timed(
            lambda: county.county_reports.make(work / "report.nltspkg", recipient_key=key)
        )
    with Workspace.open(data_paths(city_folder), actor=Actor.system("city")) as city:
        verify, _ = timed(lambda: city.packages.verify(work / "report.nltspkg"))
        take_in, _ = timed(
            lambda: city.intake.take_in(work / "report.nltspkg", accept_new_key=True)
        )
        teachers = city.city.totals().teachers
    return make, verify, take_in, work / "report.nltspkg", teachers


def counties_from(report: Path, city_folder: Path, out: Path, count: int) -> int:
    """The real report's data signed again as ``count`` counties of the same city."""
    with Workspace.open(data_paths(city_folder), actor=Actor.system("city")) as city:
        key = city.keys.decryption_key()
    opened = open_package(report, decryption_key=key)
    seal = key.public_key()
    out.mkdir(parents=True, exist_ok=True)
    data = dict(opened.content.data)
    size = 0
    for n in range(count):
        code = f"5101{n + 20:02d}"
        county = {**data["county"], "code": code, "name": f"测试县{n + 1:02d}"}
        content = PackageContent(
            kind="county_report",
            origin=Origin("county", code, county["name"]),
            sequence=1,
            period=opened.content.period,
            data={**data, "county": county},
            files=dict(opened.content.files),
            counts=dict(opened.manifest.counts),
            recipient="510100",
        )
        written = write_package(
            out / f"{code}.nltspkg",
            content,
            signing_key=Ed25519PrivateKey.generate(),
            recipient=seal,
            app_version=__version__,
        )
        size = written.size
    return size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--teachers", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--counties", type=int, default=20)
    args = parser.parse_args()
    demo = workspace_folder(args.teachers)
    makes, verifies, imports = [], [], []
    with tempfile.TemporaryDirectory(prefix="nlts-report-") as folder:
        root = Path(folder)
        last = root / "run-0"
        for run in range(args.runs):
            work = root / f"run-{run}"
            work.mkdir()
            make, verify, take_in, report, teachers = one_run(demo, work)
            makes.append(make)
            verifies.append(verify)
            imports.append(take_in)
            last = work
            print(
                f"run {run + 1}: make {make:.2f} s, verify {verify:.2f} s, "
                f"city import {take_in:.2f} s ({teachers:,} teachers, "
                f"{report.stat().st_size / 1e6:.1f} MB)",
                flush=True,
            )
        print(
            f"median of {args.runs}: make {statistics.median(makes):.2f} s, "
            f"verify {statistics.median(verifies):.2f} s, "
            f"city import {statistics.median(imports):.2f} s"
        )
        packages = root / "counties"
        size = counties_from(last / "report.nltspkg", last / "city", packages, args.counties)
        merge_city = root / "merge-city"
        with Workspace.create(data_paths(merge_city), CITY, actor=Actor.system("city")):
            pass
        # The packages are sealed to the first run's city; the merging city uses its keys.
        shutil.rmtree(merge_city / "keys", ignore_errors=True)
        shutil.copytree(last / "city" / "keys", merge_city / "keys")
        child = subprocess.Popen(
            [sys.executable, "-c", MERGE, str(merge_city), str(packages)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        _, status, usage = os.wait4(child.pid, 0)
        output = child.stdout.read() if child.stdout else ""
        if status != 0:
            print("merge failed", output)
            return 1
        seconds, teachers = output.split()
        print(
            json.dumps(
                {
                    "merge_counties": args.counties,
                    "merge_teachers": int(teachers),
                    "merge_seconds": float(seconds),
                    "merge_peak_mb": round(usage.ru_maxrss / 1024),
                    "package_mb": round(size / 1e6, 1),
                }
            )
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
