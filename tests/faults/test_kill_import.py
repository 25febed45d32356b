"""A child importing teachers in 200-row batches is killed (SIGKILL) at random moments.

The child takes the real import path: ``RosterImportService.plan_teachers`` reads one 200-row
.xlsx per batch, ``commit`` writes it in one transaction; it prints "start <n>" before each
batch and "done <n>" once ``commit`` has returned.  The parent copies one pre-made workspace
per run, waits for the child to be ready, kills it after a random delay spread over a whole
import, and then checks the file as the next start would find it: ``integrity_check`` ok, no
foreign key broken, every batch all there (200 teachers, one audit entry) or not there at all,
batches present in order, and every batch the child reported done present.  A batch is
recognised by its teachers' birth date (1980-01-01 + n days) inside their 身份证号.

Half the runs are killed at any moment of the import, half inside a random batch (its
"start" line plus a random part of a batch's length).  Runs go two at a time;
``NLTS_KILL_RUNS`` sets how many (default 32).
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import openpyxl
import pytest

from nlts_desktop.domain.idcard import check_char
from nlts_desktop.paths import data_paths
from nlts_desktop.services.context import Actor
from nlts_desktop.services.workspace import Workspace
from tests.conftest import WENJIANG

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")

ROOT = Path(__file__).resolve().parents[2]
BATCHES = 8
ROWS = 200
RUNS = int(os.environ.get("NLTS_KILL_RUNS", "32"))
SCHOOL = "2151000001"
FIRST_BIRTH = date(1980, 1, 1)

# Only what the import needs: no Qt, no workspace with all its services.
CHILD = textwrap.dedent(
    """
    import sys
    from pathlib import Path

    from nlts_desktop.services.context import Actor, ServiceContext
    from nlts_desktop.services.roster_import import RosterImportService
    from nlts_desktop.storage.database import open_database

    database, backups, *files = sys.argv[1:]
    db = open_database(Path(database), backup_dir=Path(backups))
    service = RosterImportService(ServiceContext(db, Actor.system("admin")))
    print("ready", flush=True)
    for number, name in enumerate(files):
        print(f"start {number}", flush=True)
        service.commit(service.plan_teachers(Path(name)))
        print(f"done {number}", flush=True)
    print("finished", flush=True)
    """
)


def birth(batch: int) -> date:
    """The birth date that marks a batch's teachers."""
    return FIRST_BIRTH + timedelta(days=batch)


def batch_id(batch: int, row: int) -> str:
    """A valid 身份证号 of 温江区 (510115) for row ``row`` of batch ``batch``."""
    first17 = f"510115{birth(batch):%Y%m%d}{row:03d}"
    return first17 + check_char(first17)


def _batch_file(path: Path, batch: int) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["姓名", "身份证号", "学校标识码", "备注"])
    surnames, given = "赵钱孙李周吴郑王冯陈", "一二三四五六七八九十"
    for row in range(ROWS):
        name = f"{surnames[row % 10]}{given[row // 10 % 10]}{given[row // 100]}"
        sheet.append([name, batch_id(batch, row), SCHOOL, f"第 {batch} 批"])
    book.save(path)
    return path


@dataclass(frozen=True)
class Template:
    """The workspace every run starts from (one school, no teachers) and the batch files."""

    database: Path
    files: tuple[Path, ...]
    import_seconds: float


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Template:
    root = tmp_path_factory.mktemp("kill-template")
    paths = data_paths(root / "data")
    with Workspace.create(paths, WENJIANG, actor=Actor.system("admin")) as ws:
        ws.schools.create({"code": SCHOOL, "name": "温江区实验小学", "urban_rural": "111"})
    files = tuple(_batch_file(root / f"batch{n}.xlsx", n) for n in range(BATCHES))
    # A whole import, not killed: it must work, and its length (from "ready" to "finished")
    # spreads the kills over it.
    run_dir = root / "calibration"
    run_dir.mkdir()
    shutil.copy(paths.database, run_dir / "nlts.db")
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(run_dir / "nlts.db"), str(run_dir / "backups"),
         *map(str, files)],
        stdout=subprocess.PIPE, text=True, cwd=ROOT,
    )  # fmt: skip
    assert child.stdout is not None
    lines = [child.stdout.readline().strip()]
    started = time.monotonic()
    lines += [line.strip() for line in child.stdout]
    seconds = time.monotonic() - started
    child.stdout.close()
    assert child.wait(timeout=300) == 0
    assert lines[0] == "ready" and lines[-1] == "finished", lines
    assert _batch_counts(run_dir / "nlts.db") == {n: ROWS for n in range(BATCHES)}
    return Template(paths.database, files, seconds)


def _batch_counts(database: Path) -> dict[int, int]:
    connection = sqlite3.connect(database)
    try:
        rows = connection.execute(
            "SELECT substr(id_number, 7, 8), count(*) FROM teachers GROUP BY 1"
        ).fetchall()
    finally:
        connection.close()
    marks = {f"{birth(n):%Y%m%d}": n for n in range(BATCHES)}
    return {marks[mark]: count for mark, count in rows}


@dataclass(frozen=True)
class Outcome:
    """What one killed run left: the child's last words and the database's state."""

    delay: float
    reported: tuple[str, ...]
    integrity: str
    foreign_keys: int
    counts: dict[int, int]
    imports_audited: int

    @property
    def done(self) -> set[int]:
        return {int(line.split()[1]) for line in self.reported if line.startswith("done ")}

    @property
    def moment(self) -> str:
        """Where the kill landed, from the last line the child printed."""
        last = self.reported[-1] if self.reported else ""
        if last.startswith("start "):
            return "mid-batch"
        if last == "finished":
            return "after the import"
        return "between batches"


def _run_once(template: Template, run_dir: Path, delay: float, *, after: str = "ready") -> Outcome:
    """One run, killed ``delay`` seconds after the child printed ``after``."""
    run_dir.mkdir()
    database = run_dir / "nlts.db"
    shutil.copy(template.database, database)
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(database), str(run_dir / "backups"),
         *map(str, template.files)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
    )  # fmt: skip
    assert child.stdout is not None
    seen: list[str] = []
    while not seen or seen[-1] not in (after, "finished", ""):
        seen.append(child.stdout.readline().strip())
    assert seen[0] == "ready", child.stderr.read() if child.stderr else seen
    time.sleep(delay)
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=60)
    rest = [line.strip() for line in child.stdout.read().splitlines() if line.strip()]
    reported = tuple(line for line in [*seen[1:], *rest] if line)
    child.stdout.close()
    if child.stderr is not None:
        child.stderr.close()
    # What the next start finds: SQLite rolls a hot journal back on the first open.
    connection = sqlite3.connect(database)
    try:
        integrity = connection.execute("PRAGMA integrity_check").fetchone()[0]
        foreign_keys = len(connection.execute("PRAGMA foreign_key_check").fetchall())
        audited = connection.execute(
            "SELECT count(*) FROM audit_entries WHERE action = 'import' AND entity = 'teachers'"
        ).fetchone()[0]
    finally:
        connection.close()
    return Outcome(delay, reported, integrity, foreign_keys, _batch_counts(database), audited)


def test_killed_import_leaves_whole_batches(template: Template, tmp_path: Path) -> None:
    rng = random.Random(int(os.environ.get("NLTS_KILL_SEED", "20260305")))
    batch_seconds = template.import_seconds / BATCHES
    plans: list[tuple[float, str]] = []
    for run in range(RUNS):
        if run % 2:
            # Any moment of the whole import, from "ready" to a little beyond its end.
            plans.append((rng.uniform(0, template.import_seconds * 1.05), "ready"))
        else:
            # Inside a random batch (a loaded machine stretches the import unevenly).
            plans.append((rng.uniform(0, batch_seconds * 1.2), f"start {rng.randrange(BATCHES)}"))

    def run(item: tuple[int, tuple[float, str]]) -> Outcome:
        number, (delay, after) = item
        return _run_once(template, tmp_path / f"run{number:02d}", delay, after=after)

    with ThreadPoolExecutor(max_workers=2) as pool:
        outcomes = list(pool.map(run, enumerate(plans)))
    for outcome in outcomes:
        assert outcome.integrity == "ok", outcome
        assert outcome.foreign_keys == 0, outcome
        # Every batch whole or absent, and present in the order they were imported.
        assert set(outcome.counts.values()) <= {ROWS}, outcome
        assert sorted(outcome.counts) == list(range(len(outcome.counts))), outcome
        assert outcome.imports_audited == len(outcome.counts), outcome  # one entry per batch
        assert outcome.done <= set(outcome.counts), outcome  # reported done ⇒ there
    moments = Counter(outcome.moment for outcome in outcomes)
    checked = sum(BATCHES for _ in outcomes)
    print(
        f"\n{len(outcomes)} kills over a {template.import_seconds:.2f} s import "
        f"of {BATCHES}×{ROWS} rows: {dict(moments)}; batches present per run "
        f"{sorted(len(o.counts) for o in outcomes)}; {checked} batches checked"
    )
    assert len(outcomes) >= min(RUNS, 30)
    # The kills must really have hit imports in progress, not only the start or the end.
    assert moments["mid-batch"] >= len(outcomes) // 4, moments


def test_the_program_opens_a_killed_import_and_finishes_it(
    template: Template, tmp_path: Path
) -> None:
    """After a kill mid-import, the program opens the folder and the import can be redone."""
    outcome = _run_once(
        template, tmp_path / "run", template.import_seconds / BATCHES / 2, after="start 3"
    )
    folder = data_paths(tmp_path / "data")
    folder.root.mkdir(parents=True)
    shutil.copy(tmp_path / "run" / "nlts.db", folder.database)
    with Workspace.open(folder, actor=Actor.system("admin")) as ws:
        for batch in template.files:
            ws.roster_import.commit(ws.roster_import.plan_teachers(batch))
        assert ws.stats.counts()["teachers"] == BATCHES * ROWS
    assert _batch_counts(folder.database) == {n: ROWS for n in range(BATCHES)}
    assert outcome.integrity == "ok"
