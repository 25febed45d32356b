"""合格证书: 1,000 certificates with QR codes into one PDF, and the service path around it.

    .venv/bin/python benchmarks/bench_certificates.py                  # 1,000 certificates, 5 runs
    .venv/bin/python benchmarks/bench_certificates.py --count 3000 --runs 3
    .venv/bin/python benchmarks/bench_certificates.py --jobs pdf       # only the PDF writer

Jobs, each run in a fresh process; the figure is the median wall time (min and max beside it)
and the child's peak resident memory:

- ``pdf``: ``write_certificates_pdf`` of N signed certificates (A4 landscape, full design,
  QR code each), font registration included, imports excluded.  Target (issue 7): 1,000
  certificates with QR codes ≤ 3 s.
- ``pdf_pre_printed``: the same in pre-printed mode (data only).
- ``issue``: ``CertificateService.issue`` of N chosen qualified teachers of a demo county
  (verdicts, serials, signatures, register rows, audit), then ``print_pdf`` of them (read,
  sort, PDF, print log) — timed separately.  The demo county is generated before the clock
  starts.  Not part of the test run.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
JOBS = ("pdf", "pdf_pre_printed", "issue")
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗欧阳"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红梅"


def _pages(count: int) -> list[object]:
    import random

    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from nlts_desktop.domain.certificates import make_facts, mask_id_for_certificate
    from nlts_desktop.exchange.certificate_pdf import CertificatePage
    from nlts_desktop.services.certificates import sign_certificate

    rng = random.Random(7)
    key = Ed25519PrivateKey.generate()
    pages: list[object] = []
    for index in range(count):
        name = rng.choice(_SURNAMES) + "".join(rng.choices(_GIVEN, k=rng.choice((1, 2))))
        facts = make_facts(
            serial=f"2026-510115-{index + 1:06d}",
            masked_id=mask_id_for_certificate(f"510115198{index % 10}0101{index % 1000:03d}X"),
            name=name,
            year=2026,
            hours=rng.choice(("50", "52.5", "56", "60")),
            issuer_code="510115",
        )
        signed = sign_certificate(key, facts)
        pages.append(
            CertificatePage(
                serial=facts.serial,
                short_code=signed.short_code,
                payload=signed.text,
                name=facts.name,
                masked_id=facts.masked_id,
                school=f"成都市温江区第{index // 80 + 1}实验小学",
                year=2026,
                hours=facts.hours,
                issuer="成都市温江区教育局",
                issued_on=date(2026, 11, 23),
            )
        )
    return pages


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _child_pdf(count: int, pre_printed: bool) -> dict[str, float]:
    from nlts_desktop.exchange.certificate_pdf import write_certificates_pdf

    pages = _pages(count)
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "certificates.pdf"
        started = time.perf_counter()
        written = write_certificates_pdf(out, pages, pre_printed=pre_printed)  # type: ignore[arg-type]
        elapsed = time.perf_counter() - started
        return {
            "seconds": elapsed,
            "pages": written,
            "bytes": out.stat().st_size,
            "peak_mb": _peak_mb(),
        }


def _child_issue(count: int) -> dict[str, float]:
    from nlts_desktop.paths import data_paths
    from nlts_desktop.services.demo import create_demo

    with tempfile.TemporaryDirectory() as folder:
        # Roughly one demo teacher in six is qualified and without a certificate yet.
        workspace, _ = create_demo(data_paths(Path(folder) / "data"), teachers=count * 7 + 2000)
        with workspace:
            certified = {r.teacher_id for r in workspace.certificates.register()}
            chosen = [
                t.teacher_id
                for t in workspace.hours.teacher_hours()
                if t.qualified and t.teacher_id not in certified
            ][:count]
            if len(chosen) < count:
                raise SystemExit(f"the demo has only {len(chosen)} qualified teachers")
            started = time.perf_counter()
            outcome = workspace.certificates.issue(teacher_ids=chosen)
            issued = time.perf_counter() - started
            out = Path(folder) / "certificates.pdf"
            started = time.perf_counter()
            printed = workspace.certificates.print_pdf(
                out, certificate_ids=[r.id for r in outcome.issued]
            )
            printing = time.perf_counter() - started
            return {
                "seconds": issued + printing,
                "issue_seconds": issued,
                "print_seconds": printing,
                "pages": printed.pages,
                "bytes": out.stat().st_size,
                "peak_mb": _peak_mb(),
            }


def _run(job: str, count: int, runs: int) -> str:
    results = []
    for _ in range(runs):
        output = subprocess.run(
            [sys.executable, __file__, "--child", job, "--count", str(count)],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        ).stdout
        results.append(json.loads(output.strip().splitlines()[-1]))
    seconds = sorted(r["seconds"] for r in results)
    line = (
        f"{job}, {count} certificates: median {statistics.median(seconds):.2f} s "
        f"(min {seconds[0]:.2f}, max {seconds[-1]:.2f}), {int(results[0]['pages'])} pages, "
        f"{results[0]['bytes'] / 1e6:.1f} MB, peak RSS {max(r['peak_mb'] for r in results):.0f} MB"
    )
    if job == "issue":
        issue = statistics.median(r["issue_seconds"] for r in results)
        printing = statistics.median(r["print_seconds"] for r in results)
        line += f" (issue median {issue:.2f} s, print_pdf median {printing:.2f} s)"
    return line


def main() -> None:
    """Run each job ``--runs`` times in fresh processes and print the medians."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--jobs", nargs="+", choices=JOBS, default=list(JOBS))
    parser.add_argument("--child", choices=JOBS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child == "issue":
        print(json.dumps(_child_issue(args.count)))
        return
    if args.child:
        print(json.dumps(_child_pdf(args.count, args.child == "pdf_pre_printed")))
        return
    for job in args.jobs:
        print(_run(job, args.count, args.runs), flush=True)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
