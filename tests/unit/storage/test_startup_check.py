"""The start-up check: a crash's leftovers cleaned (ours only), hot journals, damage found."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from nlts_desktop.domain.errors import StorageError
from nlts_desktop.paths import DataPaths, data_paths
from nlts_desktop.services.context import Actor
from nlts_desktop.services.recovery import pending_damage
from nlts_desktop.services.workspace import Workspace
from nlts_desktop.storage.engine import APPLICATION_ID
from nlts_desktop.storage.recovery import (
    DamagedDatabaseError,
    salvage_tables,
    startup_check,
)
from tests.conftest import WENJIANG
from tests.helpers import add_teachers


@pytest.fixture
def folder(paths: DataPaths) -> DataPaths:
    """A closed county workspace with one school and 10 teachers."""
    with Workspace.create(paths, WENJIANG, actor=Actor.system("admin")) as workspace:
        workspace.schools.create(
            {"code": "2151000001", "name": "温江区实验小学", "urban_rural": "111"}
        )
        add_teachers(workspace, 10)
    return paths


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _count(path: Path) -> int:
    connection = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True)
    try:
        return int(connection.execute("SELECT count(*) FROM teachers").fetchone()[0])
    finally:
        connection.close()


def _crash_image(folder: DataPaths, target: Path) -> None:
    """Copy the folder while a write transaction has changed the file (a power cut's image).

    A tiny page cache makes SQLite sync the journal and write changed pages into the file
    before the commit; the copy then holds a half-changed file and its hot journal.
    """
    connection = sqlite3.connect(folder.database, isolation_level=None)
    connection.execute("PRAGMA cache_size=1")
    connection.execute("BEGIN IMMEDIATE")
    connection.execute("UPDATE teachers SET name = name || '改' , phone = NULL")
    connection.execute("DELETE FROM teachers WHERE id > 5")
    shutil.copytree(folder.root, target)
    connection.execute("ROLLBACK")
    connection.close()


def test_leftovers_of_a_crash_are_removed_and_nothing_else(folder: DataPaths) -> None:
    ours = [
        folder.root / ".workspace.db.restore.tmp",
        folder.root / ".workspace.db.relocate.tmp",
        folder.root / ".ui-settings.k2j4_x9a.tmp",
        folder.backups / ".workspace-20261120-140500-123456-before-import.db.tmp",
        folder.backups / ".backups-settings.abcdefgh.tmp",
        folder.keys / ".signing.zz00yy11.tmp",
        folder.evidence / ".incoming-a1b2c3d4",
    ]
    theirs = [
        folder.root / "workspace.db-journal",  # SQLite's: never ours to remove
        folder.root / "notes.tmp",
        folder.root / ".hidden",
        folder.root / ".workspace.db.other.tmp",
        folder.root / "workspace-damaged-20261120-140500.db",
        folder.backups / "workspace-20261120-140500-123456-manual.db",
        folder.backups / ".clerk's.tmp",
        folder.evidence / ".incoming-toolongname",
        folder.evidence / "ab" / ".incoming-a1b2c3d4",
    ]
    for path in ours + theirs:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"")  # an empty journal is no hot journal
    report = startup_check(folder)
    assert sorted(report.removed) == sorted(ours)
    assert not any(path.exists() for path in ours)
    assert all(path.exists() for path in theirs)
    assert report.notes == ["已清理上次意外退出留下的 7 个临时文件。"]
    assert report.damaged is None and not report.rolled_back


def test_a_hot_journal_is_rolled_back_and_the_user_is_told(
    folder: DataPaths, tmp_path: Path
) -> None:
    crashed = data_paths(tmp_path / "crashed")
    _crash_image(folder, crashed.root)
    journal = crashed.root / "workspace.db-journal"
    assert journal.read_bytes()[:1] != b"\0"  # hot: SQLite had started writing the file
    with Workspace.open(crashed, actor=Actor.system("admin")) as workspace:
        assert workspace.startup_notes == ("上次程序意外退出，未完成的修改已自动撤销。",)
        names = [t.name for t in workspace.teachers.table_rows()]
    assert not journal.exists()
    assert len(names) == 10 and not any(name.endswith("改") for name in names)
    connection = sqlite3.connect(crashed.database)
    assert [r[0] for r in connection.execute("PRAGMA integrity_check")] == ["ok"]
    connection.close()


def test_read_only_cannot_roll_back_a_hot_journal_and_says_so(
    folder: DataPaths, tmp_path: Path
) -> None:
    crashed = data_paths(tmp_path / "crashed")
    _crash_image(folder, crashed.root)
    before = _sha(crashed.database)
    with pytest.raises(StorageError) as refused:
        Workspace.open(crashed, actor=Actor.system("admin"), read_only=True)
    assert refused.value.code == "db.hot_journal_read_only"
    assert _sha(crashed.database) == before
    assert (crashed.root / "workspace.db-journal").exists()
    # Opened normally once, the journal is rolled back; read-only works after that.
    Workspace.open(crashed, actor=Actor.system("admin")).close()
    with Workspace.open(crashed, actor=Actor.system("admin"), read_only=True) as workspace:
        assert workspace.stats.counts()["teachers"] == 10


def test_a_file_of_ours_that_sqlite_cannot_read_is_damaged(folder: DataPaths) -> None:
    data = folder.database.read_bytes()
    # Our header, then garbage where the schema and every table should be.
    folder.database.write_bytes(data[:100] + bytes(range(256)) * ((len(data) - 100) // 256))
    damaged_sha = _sha(folder.database)
    with pytest.raises(DamagedDatabaseError) as caught:
        Workspace.open(folder, actor=Actor.system("admin"))
    moved = caught.value.damaged.moved_to
    assert moved is not None and _sha(moved) == damaged_sha
    assert caught.value.damaged.good_backup is None
    # Until something is done about it, every start says so (and not "no workspace").
    assert not Workspace.exists(folder)
    again = pending_damage(folder)
    assert again is not None and again.damaged.moved_to == moved
    with pytest.raises(DamagedDatabaseError):
        Workspace.open(folder, actor=Actor.system("admin"))
    with pytest.raises(StorageError) as no_schema:
        list(salvage_tables(moved))
    assert no_schema.value.code == "salvage.no_schema"


def test_damage_found_read_only_moves_nothing(folder: DataPaths) -> None:
    size = int.from_bytes(folder.database.read_bytes()[16:18], "big")
    with folder.database.open("r+b") as handle:
        handle.seek(size * 2)  # page 3: a b-tree page of the schema's second table
        handle.write(b"\xff" * size)
    before = _sha(folder.database)
    with pytest.raises(DamagedDatabaseError) as caught:
        Workspace.open(folder, actor=Actor.system("admin"), read_only=True)
    assert caught.value.damaged.moved_to is None
    assert "只读" in caught.value.message
    assert _sha(folder.database) == before


@pytest.mark.parametrize(
    ("content", "code"),
    [(b"just some text, not a database at all" * 10, "db.not_sqlite"), (None, "db.foreign")],
)
def test_files_that_are_not_ours_are_refused_untouched(
    paths: DataPaths, content: bytes | None, code: str
) -> None:
    paths.root.mkdir(parents=True)
    if content is None:
        other = sqlite3.connect(paths.database)
        other.execute("CREATE TABLE songs (title)")
        other.execute("INSERT INTO songs VALUES ('x')")
        other.commit()
        other.close()
        # Someone's journal beside their file: ours to leave alone too.
        (paths.root / "workspace.db-journal").write_bytes(b"\x01" * 600)
    else:
        paths.database.write_bytes(content)
    before = _sha(paths.database)
    with pytest.raises(StorageError) as refused:
        Workspace.open(paths, actor=Actor.system("admin"))
    assert refused.value.code == code
    assert _sha(paths.database) == before
    assert not list(paths.root.glob("workspace-damaged-*"))


def test_salvage_reads_every_row_of_a_sound_file(folder: DataPaths) -> None:
    tables = {t.name: (t, list(t.rows)) for t in salvage_tables(folder.database)}
    table, rows = tables["teachers"]
    assert len(rows) == 10 and table.lost == 0 and table.problem is None
    assert table.columns[:3] == ["id", "id_number", "name"]


def test_application_id_constant_is_in_the_header(folder: DataPaths) -> None:
    """The header test the check relies on (classify_file) sees our id."""
    assert int.from_bytes(folder.database.read_bytes()[68:72], "big") == APPLICATION_ID
