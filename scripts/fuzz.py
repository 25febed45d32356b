"""Coverage-guided fuzzing (atheris, libFuzzer) of the spreadsheet and package readers.

    .venv/bin/pip install -e ".[fuzz]"
    .venv/bin/python scripts/fuzz.py excel   --runs 20000  [--corpus DIR] [-- LIBFUZZER ARGS]
    .venv/bin/python scripts/fuzz.py package --seconds 300

``excel`` writes each input to a file (its first byte picks the extension) and runs it through
the reader and every import preview of a fresh demo county (teachers, schools, hours, scores,
annual plan table, leadership list); ``package`` runs ``open_package``.  The program's own
errors (AppError, with a Chinese message) are expected; anything else, a write to the county
(database or data folder), or the process dying (a native abort in a parser) is a finding,
saved by libFuzzer as ``crash-*`` in the working directory.  The initial corpus is the test
seeds (tests/fuzz/seeds) and the files the demo county exports.  Not part of the test run.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import atheris  # type: ignore[import-untyped]

with atheris.instrument_imports():
    from nlts_desktop.cli import main as cli_main
    from nlts_desktop.domain.errors import AppError
    from nlts_desktop.exchange.excel_reader import read_table
    from nlts_desktop.exchange.package import (
        Origin,
        PackageContent,
        PackageError,
        build_package,
        open_package,
    )
    from nlts_desktop.exchange.roster_columns import TEACHER_COLUMNS
    from nlts_desktop.paths import data_paths
    from nlts_desktop.services.context import Actor
    from nlts_desktop.services.workspace import Workspace

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

ROOT = Path(__file__).resolve().parents[1]
SUFFIXES = (".xlsx", ".xls", ".ods", ".csv")


def _chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


class ExcelTarget:
    """The reader and the import previews of a demo county, each on the same input file."""

    def __init__(self, work: Path) -> None:
        data = work / "data"
        if cli_main(["--data-dir", str(data), "demo", "--teachers", "60", "--no-gui"]) != 0:
            raise SystemExit("could not make the demo county")
        self.paths = data_paths(data)
        self.ws = Workspace.open(self.paths, actor=Actor.system("admin"))
        self.ws.leadership.set_office("教育信息技术中心")
        self.school = self.ws.schools.list()[0].id
        self.institution = self.ws.projects.list_institutions()[0].name
        self.incoming = work / "incoming"
        self.incoming.mkdir()
        self.seeds = work / "exports"
        self.seeds.mkdir()
        self.ws.roster_export.export_teachers(self.seeds / "teachers.xlsx")
        self.ws.score_sheets.export_scores(self.seeds / "scores.xlsx")
        self.ws.targets.plan_table_form(self.seeds / "plan.xlsx")
        self.ws.leadership.leadership_form(self.seeds / "leadership.xlsx")
        self.before = self._fingerprint()
        ws = self.ws
        self.previews: list[Callable[[Path], object]] = [
            lambda p: read_table(p, TEACHER_COLUMNS),
            ws.roster_import.plan_teachers,
            ws.roster_import.plan_schools,
            lambda p: ws.hours_import.plan(p, institution=self.institution),
            lambda p: ws.score_sheets.plan(p, self.school),
            ws.targets.read_plan_table,
            ws.leadership.read_file,
        ]

    def corpus(self) -> list[bytes]:
        """Seeds, each prefixed with the byte that selects its extension."""
        out = []
        for path in [*self.seeds.iterdir(), *(ROOT / "tests/fuzz/seeds").iterdir()]:
            suffix = path.suffix.lower()
            if suffix in SUFFIXES:
                out.append(bytes([SUFFIXES.index(suffix)]) + path.read_bytes())
        return out

    def _fingerprint(self) -> tuple[object, ...]:
        stat = self.paths.database.stat()
        listing = sorted(
            str(p.relative_to(self.paths.root))
            for p in self.paths.root.rglob("*")
            if p.is_file() and "logs" not in p.parts
        )
        return stat.st_size, stat.st_mtime_ns, tuple(listing)

    def __call__(self, data: bytes) -> None:
        if not data:
            return
        path = self.incoming / f"input{SUFFIXES[data[0] % len(SUFFIXES)]}"
        path.write_bytes(data[1:])
        for preview in self.previews:
            try:
                preview(path)
            except AppError as exc:
                if not _chinese(exc.message):
                    raise AssertionError(f"message not in Chinese: {exc.message!r}") from exc
        if self._fingerprint() != self.before:
            raise AssertionError("a preview wrote to the county")


class PackageTarget:
    """``open_package`` on the input; nothing may appear beside it."""

    def __init__(self, work: Path) -> None:
        self.incoming = work / "incoming"
        self.incoming.mkdir()

    def corpus(self) -> list[bytes]:
        content = PackageContent(
            kind="school_submission",
            origin=Origin("school", "2151000001", "温江区实验小学"),
            sequence=3,
            period="2022",
            data={"teachers": [{"id_number": "510115198501010011", "name": "张丽"}]},
            files={"evidence/" + "ab" * 32: b"%PDF-1.4 evidence"},
            counts={"teachers": 1},
            recipient="510115",
        )
        return [build_package(content, signing_key=Ed25519PrivateKey.generate())]

    def __call__(self, data: bytes) -> None:
        path = self.incoming / "input.nltspkg"
        path.write_bytes(data)
        try:
            open_package(path)
        except PackageError as exc:
            if not _chinese(exc.message):
                raise AssertionError(f"message not in Chinese: {exc.message!r}") from exc
        if [p.name for p in self.incoming.iterdir()] != ["input.nltspkg"]:
            raise AssertionError("open_package wrote a file")


def main() -> None:
    """Parse our options, build the target and its corpus, hand over to libFuzzer."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("target", choices=("excel", "package"))
    parser.add_argument("--runs", type=int, help="stop after this many inputs")
    parser.add_argument("--seconds", type=int, help="stop after this many seconds")
    parser.add_argument("--corpus", type=Path, help="corpus folder (default: a temporary one)")
    args, libfuzzer = parser.parse_known_args()
    work = Path(tempfile.mkdtemp(prefix="nlts-fuzz-"))
    target: ExcelTarget | PackageTarget = (
        ExcelTarget(work) if args.target == "excel" else PackageTarget(work)
    )
    corpus = args.corpus or work / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    for index, seed in enumerate(target.corpus()):
        (corpus / f"seed-{index}").write_bytes(seed)
    options = [a for a in libfuzzer if a != "--"]
    if args.runs:
        options.append(f"-runs={args.runs}")
    if args.seconds:
        options.append(f"-max_total_time={args.seconds}")
    options += ["-rss_limit_mb=4096", "-timeout=30", str(corpus)]
    try:
        atheris.Setup([sys.argv[0], *options], target)
        atheris.Fuzz()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
