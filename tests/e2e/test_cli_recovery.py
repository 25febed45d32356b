"""The command line after a damaged start, on a read-only open, and moving a data folder."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import openpyxl
import pytest

from nlts_desktop.paths import DataPaths
from nlts_desktop.services.context import Actor
from nlts_desktop.services.workspace import Workspace
from nlts_desktop.storage.backup import backup_file
from tests.conftest import WENJIANG
from tests.e2e.clirun import run
from tests.helpers import add_teachers

# About the SQLite file itself (skipped in the PostgreSQL run, tests/conftest.py).
pytestmark = pytest.mark.sqlite_file


@pytest.fixture
def folder(paths: DataPaths) -> DataPaths:
    """A closed workspace with 30 teachers."""
    with Workspace.create(paths, WENJIANG, actor=Actor.system("admin")) as workspace:
        workspace.schools.create(
            {"code": "2151000001", "name": "温江区实验小学", "urban_rural": "111"}
        )
        add_teachers(workspace, 30)
    return paths


def _damage(paths: DataPaths) -> None:
    """Zeros over the teachers table's root page (a b-tree page in the middle)."""
    connection = sqlite3.connect(paths.database)
    root = connection.execute("SELECT rootpage FROM sqlite_master WHERE name='teachers'").fetchone()
    size = connection.execute("PRAGMA page_size").fetchone()[0]
    connection.close()
    with paths.database.open("r+b") as handle:
        handle.seek((root[0] - 1) * size)
        handle.write(b"\x07" * size)


def test_damaged_start_then_recover_from_the_newest_good_backup(folder: DataPaths) -> None:
    backup_file(folder.database, folder.backups, reason="manual")
    _damage(folder)
    data = str(folder.root)

    stats = run("--data-dir", data, "stats", "--json")
    assert stats.returncode == 1
    assert "数据库文件已损坏" in stats.stderr and "workspace-damaged-" in stats.stderr
    assert "最近一份完好的备份是" in stats.stderr
    assert "recover --from-backup" in stats.stderr and "salvage --out" in stats.stderr
    assert "Traceback" not in stats.stderr
    assert not folder.database.exists()

    recovered = run("--data-dir", data, "recover", "--from-backup")
    assert recovered.returncode == 0, recovered.stderr
    assert "已从" in recovered.stdout and "的备份恢复数据库" in recovered.stdout

    check = run("--data-dir", data, "check")
    assert check.returncode == 0, check.stderr
    again = run("--data-dir", data, "recover")
    assert again.returncode == 1
    assert "当前数据库没有损坏" in again.stderr


def test_damaged_without_backup_then_salvage(folder: DataPaths, tmp_path: Path) -> None:
    _damage(folder)
    data = str(folder.root)
    opened = run("--data-dir", data, "check")
    assert opened.returncode == 1
    assert "没有找到完好的备份" in opened.stderr
    assert "salvage --out" in opened.stderr and "recover" not in opened.stderr

    nothing = run("--data-dir", data, "recover")
    assert nothing.returncode == 1
    assert "没有检查通过的备份" in nothing.stderr

    out = tmp_path / "可读取的数据.xlsx"
    salvaged = run("--data-dir", data, "salvage", "--out", str(out))
    assert salvaged.returncode == 0, salvaged.stderr
    assert "已把能读取的" in salvaged.stdout
    book = openpyxl.load_workbook(out, read_only=True)
    assert {"说明", "学校", "教师"} <= set(book.sheetnames)
    schools = list(book["学校"].iter_rows(values_only=True))
    assert schools[1][1] == "2151000001"
    book.close()


def test_read_only_option_and_relocate(folder: DataPaths, tmp_path: Path) -> None:
    data = str(folder.root)
    stats = run("--data-dir", data, "--read-only", "stats", "--json")
    assert stats.returncode == 0, stats.stderr

    target = tmp_path / "本机"
    moved = run("--data-dir", data, "relocate", "--to", str(target))
    assert moved.returncode == 0, moved.stderr
    assert "检查无误" in moved.stdout
    check = run("--data-dir", str(target), "check")
    assert check.returncode == 0, check.stderr
    assert Workspace.exists(folder)  # the original stays
    busy = run("--data-dir", data, "relocate", "--to", str(target))
    assert busy.returncode == 1
    assert "不是空的" in busy.stderr
