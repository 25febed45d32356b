"""Killed during a migration: the next start rolls it back, upgrades again, and says so.

A workspace at the revision before head (with schools, teachers and the audit log of a real
workspace) is opened by a child process that upgrades it; the child kills itself with
SIGKILL after the Nth DDL statement Alembic executes, or just before the COMMIT.  Only the
child is instrumented (Alembic's ``DefaultImpl._exec`` and SQLAlchemy's class-level commit
event), never the program.  Then the parent opens the folder as the program would.
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from nlts_desktop.paths import DataPaths, data_paths
from nlts_desktop.services.context import Actor
from nlts_desktop.services.workspace import Workspace
from nlts_desktop.storage.backup import list_backups, verify_backup
from nlts_desktop.storage.engine import APPLICATION_ID, create_sqlite_engine
from nlts_desktop.storage.migrate import alembic_config, head_revision, revision_graph
from tests.conftest import WENJIANG
from tests.helpers import add_teachers

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")

ROOT = Path(__file__).resolve().parents[2]
# Rewritten by the upgrade on purpose (0006 masks ID numbers and chains the entries).
REWRITTEN = {"audit_entries"}

CHILD = textwrap.dedent(
    """
    import os, signal, sys

    from alembic.ddl.impl import DefaultImpl
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    mode, target, root, spill = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    executed = 0
    original = DefaultImpl._exec

    def counting(self, construct, *args, **kwargs):
        global executed
        result = original(self, construct, *args, **kwargs)
        executed += 1
        if mode == "op" and executed == target:
            os.kill(os.getpid(), signal.SIGKILL)
        return result

    DefaultImpl._exec = counting
    if spill == "spill":
        # A tiny page cache: SQLite must sync the journal and write changed pages into the
        # database file before the commit, so the kill leaves a hot journal to roll back.
        event.listen(Engine, "connect", lambda dbapi, _r: dbapi.execute("PRAGMA cache_size=1"))
    if mode == "commit":
        # The first SQLAlchemy commit of Workspace.open is the migration's.
        event.listen(Engine, "commit", lambda _c: os.kill(os.getpid(), signal.SIGKILL))

    from nlts_desktop.paths import data_paths
    from nlts_desktop.services.context import Actor
    from nlts_desktop.services.workspace import Workspace

    with Workspace.open(data_paths(root), actor=Actor.system("child")):
        print(executed)
    """
)


def _previous() -> str:
    previous = revision_graph()[head_revision()]
    assert previous is not None
    return previous


def _tables(path: Path) -> dict[str, list[str]]:
    connection = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True)
    try:
        names = [
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {
            name: [row[1] for row in connection.execute(f'PRAGMA table_info("{name}")')]
            for name in names
        }
    finally:
        connection.close()


def _content(path: Path, tables: dict[str, list[str]]) -> dict[str, list[tuple[object, ...]]]:
    """Every row of the given tables, on the given columns (the older schema's)."""
    connection = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True)
    try:
        found: dict[str, list[tuple[object, ...]]] = {}
        for name, columns in tables.items():
            if name == "alembic_version":
                continue
            if name in REWRITTEN:
                columns = ["id"]
            listed = ", ".join(f'"{c}"' for c in columns)
            found[name] = connection.execute(
                f'SELECT {listed} FROM "{name}" ORDER BY rowid'
            ).fetchall()
        return found
    finally:
        connection.close()


@pytest.fixture(scope="module")
def older(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder whose database is at the revision before head, full of real data."""
    base = tmp_path_factory.mktemp("migration")
    current = data_paths(base / "current")
    with Workspace.create(current, WENJIANG, actor=Actor.system("admin")) as workspace:
        workspace.schools.create(
            {"code": "2151000001", "name": "温江区实验小学", "urban_rural": "111"}
        )
        add_teachers(workspace, 40)
    paths = data_paths(base / "older")
    paths.root.mkdir()
    engine = create_sqlite_engine(paths.database)
    with engine.begin() as connection:
        from alembic import command

        connection.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")
        command.upgrade(alembic_config(connection), _previous())
    engine.dispose()
    # The same rows, on the older schema's columns.
    raw = sqlite3.connect(paths.database, isolation_level=None)
    raw.execute("PRAGMA foreign_keys=OFF")
    raw.execute("ATTACH DATABASE ? AS cur", (str(current.database),))
    raw.execute("BEGIN")
    for name, columns in _tables(paths.database).items():
        if name == "alembic_version":
            continue
        listed = ", ".join(f'"{c}"' for c in columns)
        raw.execute(f'INSERT INTO main."{name}" ({listed}) SELECT {listed} FROM cur."{name}"')
    raw.execute("COMMIT")
    raw.execute("DETACH DATABASE cur")
    raw.close()
    shutil.copytree(current.keys, paths.keys)
    return paths.root


def _child(
    root: Path, mode: str, target: int = 0, *, spill: bool = False
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-c", CHILD, mode, str(target), str(root), "spill" if spill else "-"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def statements(older: Path, tmp_path_factory: pytest.TempPathFactory) -> int:
    """How many DDL statements the upgrade executes (counted by a child run to the end)."""
    copy = tmp_path_factory.mktemp("count") / "data"
    shutil.copytree(older, copy)
    done = _child(copy, "count", spill=True)
    assert done.returncode == 0, done.stderr
    count = int(done.stdout.strip().splitlines()[-1])
    assert count >= 3
    return count


# (where, spill): with the normal cache nothing reaches the database file before COMMIT
# (the journal is left "cold": its header still zero); with a tiny cache changed pages are
# written early, so the kill leaves a hot journal and a half-changed file to roll back.
KILL_POINTS = [
    ("first", False),
    ("middle", False),
    ("commit", False),
    ("middle", True),
    ("last", True),
    ("commit", True),
]


@pytest.mark.parametrize(
    ("where", "spill"),
    KILL_POINTS,
    ids=[f"{w}-{'hot' if s else 'cold'}" for w, s in KILL_POINTS],
)
def test_killed_upgrade_is_undone_then_completed_and_the_user_is_told(
    older: Path, statements: int, tmp_path: Path, where: str, spill: bool
) -> None:
    paths: DataPaths = data_paths(tmp_path / "data")
    shutil.copytree(older, paths.root)
    before = _tables(paths.database)
    expected = _content(paths.database, before)
    assert len(expected["teachers"]) == 40
    original = paths.database.read_bytes()
    mode = "commit" if where == "commit" else "op"
    target = {"first": 1, "middle": statements // 2, "last": statements, "commit": 0}[where]

    killed = _child(paths.root, mode, target, spill=spill)

    assert killed.returncode == -signal.SIGKILL, killed.stderr
    journal = paths.root / "workspace.db-journal"
    assert journal.exists() and journal.stat().st_size > 0  # the change never finished
    hot = journal.read_bytes()[:1] != b"\0"
    assert hot == spill
    assert (paths.database.read_bytes() != original) == spill  # half-changed file, if hot
    child_backups = list_backups(paths.backups)
    assert [b.reason for b in child_backups] == ["before-upgrade"]

    seen: list[tuple[str | None, str]] = []
    with Workspace.open(
        paths, actor=Actor.system("admin"), on_migrate=lambda a, b: seen.append((a, b))
    ) as workspace:
        notes = workspace.startup_notes
        assert workspace.stats.counts()["teachers"] == 40
        assert workspace.info().region_name == "温江区"

    assert seen == [(_previous(), head_revision())]
    assert "上次程序意外退出，未完成的修改已自动撤销。" in notes
    assert any("升级" in note and "重新完成升级" in note for note in notes)
    assert not journal.exists()
    connection = sqlite3.connect(paths.database)
    try:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchall() == [
            (head_revision(),)
        ]
        assert [r[0] for r in connection.execute("PRAGMA integrity_check")] == ["ok"]
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        connection.close()
    assert _content(paths.database, before) == expected
    # The child's before-upgrade backup is whole: the older schema and every row.
    backups = list_backups(paths.backups)
    assert len(backups) == 2 and {b.reason for b in backups} == {"before-upgrade"}
    for backup in backups:
        assert verify_backup(backup.path) is None
        assert _content(backup.path, before) == expected
    assert _tables(child_backups[0].path) == before


def test_completed_upgrade_runs_once(older: Path, tmp_path: Path) -> None:
    """Control: an upgrade that is not interrupted says nothing about a crash."""
    paths = data_paths(tmp_path / "data")
    shutil.copytree(older, paths.root)
    before = _tables(paths.database)
    expected = _content(paths.database, before)
    for _ in range(2):
        with Workspace.open(paths, actor=Actor.system("admin")) as workspace:
            assert workspace.startup_notes == ()
    assert [b.reason for b in list_backups(paths.backups)] == ["before-upgrade"]
    assert _content(paths.database, before) == expected
    connection = sqlite3.connect(paths.database)
    assert [r[0] for r in connection.execute("PRAGMA integrity_check")] == ["ok"]
    connection.close()
