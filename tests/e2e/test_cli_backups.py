"""backup, backup list, backup restore, backup thin on the command line (a real process)."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from tests.e2e.clirun import assert_one_chinese_sentence, run
from tests.helpers import fill_in_school_template

# About the SQLite file itself (skipped in the PostgreSQL run, tests/conftest.py).
pytestmark = pytest.mark.sqlite_file


def _path_in(text: str, after: str) -> Path:
    match = re.search(after + r"“([^”]+)”", text)
    assert match is not None, text
    return Path(match[1])


def _schools(database: Path) -> int:
    connection = sqlite3.connect(f"file:{database.as_posix()}?mode=ro", uri=True)
    try:
        return int(connection.execute("SELECT count(*) FROM schools").fetchone()[0])
    finally:
        connection.close()


def test_backup_list_restore_and_thin(tmp_path: Path) -> None:
    data = tmp_path / "d"
    created = run("--data-dir", str(data), "init", "--code", "510115", "--name", "温江区",
                  "--preset", "sichuan-2.0")  # fmt: skip
    assert created.returncode == 0, created.stderr

    made = run("--data-dir", str(data), "backup")
    assert made.returncode == 0, made.stderr
    backup = _path_in(made.stdout, "已备份数据库到")
    assert backup.parent == data / "backups" and backup.exists()
    assert " MB）" in made.stdout and "学校 0 所，教师 0 名，学时记录 0 条" in made.stdout

    template = tmp_path / "学校.xlsx"
    assert run("template", "schools", "--out", str(template)).returncode == 0
    fill_in_school_template(template)
    assert run("--data-dir", str(data), "import", "schools", str(template)).returncode == 0
    assert _schools(data / "workspace.db") == 1

    listed = run("--data-dir", str(data), "backup", "list")
    assert listed.returncode == 0, listed.stderr
    assert "共有 1 个备份" in listed.stdout
    assert "手动备份" in listed.stdout and backup.name in listed.stdout

    restored = run("--data-dir", str(data), "backup", "restore", str(backup))
    assert restored.returncode == 0, restored.stderr
    before = _path_in(restored.stdout, "恢复前的数据已备份到")
    assert before.exists() and before.name.endswith("-before-restore.db")
    assert _schools(data / "workspace.db") == 0
    assert _schools(before) == 1  # the data as it was before the restore
    live = sqlite3.connect(data / "workspace.db")
    try:
        assert live.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        action, summary = live.execute(
            "SELECT action, summary FROM audit_entries ORDER BY id DESC LIMIT 1"
        ).fetchone()
    finally:
        live.close()
    assert action == "restore" and backup.name in summary

    thinned = run("--data-dir", str(data), "backup", "thin")
    assert thinned.returncode == 0, thinned.stderr
    # The manual backup is not today's newest; the one before the restore is kept (30 days).
    assert "删除了 1 个旧备份，保留 1 个" in thinned.stdout and backup.name in thinned.stdout
    assert not backup.exists() and before.exists()

    missing = run("--data-dir", str(data), "backup", "restore", str(tmp_path / "没有.db"))
    assert_one_chinese_sentence(missing)
    assert "找不到备份文件" in missing.stderr
    assert _schools(data / "workspace.db") == 0
