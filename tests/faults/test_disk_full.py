"""A disk that fills up in the middle of an import: a clear message, nothing half-written.

The full disk is SQLite's own: ``PRAGMA max_page_count`` on every connection of the
workspace's engine (the pool disposed, then an engine "connect" listener in this test; the
program has no hook for it), set a few dozen pages above the file's size, so a 2,000-row
roster import runs out of room part way through its transaction.  The user gets the Chinese
StorageError ("磁盘空间不足…"); no teacher, transfer or audit entry of the import is there;
``integrity_check`` is ok; a backup made before is byte for byte the same and still passes
its check.  With the limit raised, the same file imports.  Then the same for an hours import.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import event, func, select

from nlts_desktop.domain.errors import StorageError
from nlts_desktop.domain.idcard import check_char
from nlts_desktop.paths import DataPaths
from nlts_desktop.services.workspace import Workspace
from nlts_desktop.storage.backup import backup_file, verify_backup
from nlts_desktop.storage.base import Base
from tests.helpers import project_fields

ROWS = 2_000
HEADROOM = 60  # pages (4 KiB) the "disk" has left: about half of what the import needs (~126)


def _id(n: int) -> str:
    first17 = f"51011519{80 + n // 1000:02d}0101{n % 1000:03d}"
    return first17 + check_char(first17)


def _roster(path: Path) -> Path:
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("教师")
    sheet.append(["姓名", "身份证号", "学校标识码", "联系电话", "备注"])
    for n in range(ROWS):
        sheet.append([f"教师{'甲乙丙丁戊己庚辛壬癸'[n % 10]}", _id(n), "2151000001",
                      f"1390000{n:04d}", "2024年秋季学期新进教师名单导入"])  # fmt: skip
    book.save(path)
    return path


def _hours(path: Path, project: str) -> Path:
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("学时")
    sheet.append(["身份证号", "学时", "学时类型", "完成日期", "项目名称", "记录编号"])
    for n in range(ROWS):
        sheet.append([_id(n), 10, "网络研修", date(2021, 10, 1), project, f"R{n:06d}"])
    book.save(path)
    return path


def _counts(ws: Workspace) -> dict[str, int]:
    with ws.context.read() as session:
        return {
            table.name: int(session.scalar(select(func.count()).select_from(table)) or 0)
            for table in Base.metadata.sorted_tables
        }


def _pages(database: Path) -> int:
    connection = sqlite3.connect(database)
    try:
        return int(connection.execute("PRAGMA page_count").fetchone()[0])
    finally:
        connection.close()


def _integrity(database: Path) -> str:
    connection = sqlite3.connect(database)
    try:
        return str(connection.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        connection.close()


@contextmanager
def disk_nearly_full(ws: Workspace, database: Path) -> Iterator[int]:
    """Every new connection of the workspace may grow the file by ``HEADROOM`` pages only."""
    limit = _pages(database) + HEADROOM

    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute(f"PRAGMA max_page_count = {limit}")

    ws.db.engine.dispose()  # pooled connections were opened without the limit
    event.listen(ws.db.engine, "connect", on_connect)
    try:
        yield limit
    finally:
        event.remove(ws.db.engine, "connect", on_connect)
        ws.db.engine.dispose()


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def county(workspace: Workspace, school: int) -> Workspace:
    return workspace


def test_disk_full_during_a_roster_import(
    county: Workspace, paths: DataPaths, tmp_path: Path
) -> None:
    ws = county
    source = _roster(tmp_path / "新进教师.xlsx")
    plan = ws.roster_import.plan_teachers(source)
    assert plan.summary().new == ROWS and not plan.issues
    previous = backup_file(paths.database, paths.backups, reason="manual")
    previous_sha = _sha(previous)
    before = _counts(ws)
    pages_before = _pages(paths.database)

    with disk_nearly_full(ws, paths.database), pytest.raises(StorageError) as caught:
        ws.roster_import.commit(plan)
    assert caught.value.code == "db.full"
    assert caught.value.message.startswith("磁盘空间不足")

    assert _integrity(paths.database) == "ok"
    assert _counts(ws) == before  # not one teacher, transfer or audit entry
    assert _pages(paths.database) <= pages_before + HEADROOM
    assert _sha(previous) == previous_sha and verify_backup(previous) is None

    summary = ws.roster_import.commit(ws.roster_import.plan_teachers(source))
    assert summary.written and summary.new == ROWS
    after = _counts(ws)
    assert after["teachers"] == before["teachers"] + ROWS
    # The import needed far more room than the disk had: it failed part way, not at once.
    assert _pages(paths.database) - pages_before > HEADROOM * 3 // 2
    assert _integrity(paths.database) == "ok"
    assert _sha(previous) == previous_sha


def test_disk_full_during_an_hours_import(
    county: Workspace, paths: DataPaths, tmp_path: Path
) -> None:
    ws = county
    ws.roster_import.commit(ws.roster_import.plan_teachers(_roster(tmp_path / "教师.xlsx")))
    ws.projects.create_institution({"name": "四川师范大学"})
    project = ws.projects.create_project(project_fields(year=2021, name="2021年网络研修"))
    source = _hours(tmp_path / "学时.xlsx", project.name)
    plan = ws.hours_import.plan(source, institution="四川师范大学", project_id=project.id)
    assert plan.summary().new == ROWS, plan.summary()
    previous = backup_file(paths.database, paths.backups, reason="manual")
    previous_sha = _sha(previous)
    before = _counts(ws)

    with disk_nearly_full(ws, paths.database), pytest.raises(StorageError) as caught:
        ws.hours_import.commit(plan)
    assert caught.value.code == "db.full"
    assert "磁盘空间不足" in caught.value.message
    assert _integrity(paths.database) == "ok"
    assert _counts(ws) == before
    assert _sha(previous) == previous_sha and verify_backup(previous) is None

    again = ws.hours_import.plan(source, institution="四川师范大学", project_id=project.id)
    assert ws.hours_import.commit(again).written
    assert _counts(ws)["hour_records"] == before["hour_records"] + ROWS
    assert _integrity(paths.database) == "ok"
