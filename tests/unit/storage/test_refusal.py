"""Files that are not ours, or that a newer version made, are refused and left untouched."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from nlts_desktop.domain.errors import StorageError
from nlts_desktop.paths import data_paths
from nlts_desktop.services.context import Actor
from nlts_desktop.services.workspace import Workspace
from nlts_desktop.storage.database import create_database, open_database


def _fingerprint(path: Path) -> tuple[str, int, int]:
    stat = path.stat()
    return hashlib.sha256(path.read_bytes()).hexdigest(), stat.st_size, stat.st_mtime_ns


def _text_file(path: Path) -> None:
    path.write_text("姓名,身份证号\n张三,11010519491231002X\n", encoding="utf-8")


def _random_bytes(path: Path) -> None:
    path.write_bytes(os.urandom(8192))


def _empty_file(path: Path) -> None:
    path.write_bytes(b"")


def _foreign_sqlite(path: Path) -> None:
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    connection.execute("INSERT INTO notes (body) VALUES ('另一个程序的数据')")
    connection.commit()
    connection.close()


def _newer_version(path: Path) -> None:
    create_database(path).dispose()
    connection = sqlite3.connect(path)
    connection.execute("UPDATE alembic_version SET version_num = '9999_future'")
    connection.commit()
    connection.close()


CASES: list[tuple[str, Callable[[Path], None], str]] = [
    ("text", _text_file, "db.not_sqlite"),
    ("random", _random_bytes, "db.not_sqlite"),
    ("empty", _empty_file, "db.not_sqlite"),
    ("foreign", _foreign_sqlite, "db.foreign"),
    ("newer", _newer_version, "db.newer"),
]


@pytest.mark.parametrize(("label", "make", "code"), CASES, ids=[c[0] for c in CASES])
def test_refused_file_is_byte_for_byte_unchanged(
    tmp_path: Path, label: str, make: Callable[[Path], None], code: str
) -> None:
    path = tmp_path / "workspace.db"
    make(path)
    before = _fingerprint(path)
    with pytest.raises(StorageError) as caught:
        open_database(path, backup_dir=tmp_path / "backups")
    assert caught.value.code == code
    assert str(path) in caught.value.message
    assert "没有改动" in caught.value.message or "未作任何改动" in caught.value.message
    assert _fingerprint(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["workspace.db"]


def test_workspace_open_refuses_and_releases_the_lock(tmp_path: Path) -> None:
    paths = data_paths(tmp_path)
    _foreign_sqlite(paths.database)
    before = _fingerprint(paths.database)
    with pytest.raises(StorageError):
        Workspace.open(paths, actor=Actor.system())
    assert _fingerprint(paths.database) == before
    # The lock was given back: a second attempt fails for the same reason, not "busy".
    with pytest.raises(StorageError) as caught:
        Workspace.open(paths, actor=Actor.system())
    assert caught.value.code == "db.foreign"


def test_missing_database_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StorageError) as caught:
        open_database(tmp_path / "nothing.db", backup_dir=tmp_path)
    assert caught.value.code == "db.missing"
