"""Backups on real workspace files: only when changed, disk full, restore, checkpoints, roles.

Every fault test ends with ``PRAGMA integrity_check`` ok on the live database.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from alembic import command
from sqlalchemy import create_engine

from nlts_desktop.domain.enums import Role
from nlts_desktop.domain.errors import PermissionDeniedError, StorageError, ValidationError
from nlts_desktop.paths import data_paths
from nlts_desktop.services.backups import BackupService, BackupSettings
from nlts_desktop.services.context import Actor
from nlts_desktop.services.workspace import Workspace, WorkspaceSpec
from nlts_desktop.storage.backup import list_backups, verify_backup
from nlts_desktop.storage.migrate import alembic_config, head_revision, revision_graph
from tests.helpers import add_teachers, id_number, ready_school

# About the SQLite file itself (skipped in the PostgreSQL run, tests/conftest.py).
pytestmark = pytest.mark.sqlite_file

SCHOOL_B = {"code": "2151000002", "name": "温江区第二小学", "urban_rural": "111"}


# ---------------------------------------------------------------- helpers


def _integrity_ok(path: Path) -> None:
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        connection.close()


def _rows(path: Path, table: str) -> list[tuple[Any, ...]]:
    connection = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True)
    try:
        return connection.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall()
    finally:
        connection.close()


def _tables(path: Path) -> list[str]:
    connection = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True)
    try:
        return [
            str(row[0])
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
    finally:
        connection.close()


def _reasons(workspace: Workspace) -> list[str]:
    return [b.reason for b in list_backups(workspace.paths.backups)]


def _audit(workspace: Workspace) -> list[tuple[str, str]]:
    return [
        (str(a), str(s))
        for a, s in _query(workspace, "SELECT action, summary FROM audit_entries ORDER BY id")
    ]


def _query(workspace: Workspace, sql: str) -> list[tuple[Any, ...]]:
    connection = sqlite3.connect(workspace.paths.database)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def _last_audit(workspace: Workspace) -> tuple[str, str]:
    connection = sqlite3.connect(workspace.paths.database)
    try:
        row = connection.execute(
            "SELECT action, summary FROM audit_entries ORDER BY id DESC LIMIT 1"
        ).fetchone()
    finally:
        connection.close()
    return str(row[0]), str(row[1])


def _roster(path: Path, count: int, *, start: int = 0) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["姓名", "身份证号码", "工作单位"])
    for n in range(start, start + count):
        sheet.append(
            [
                f"导入{'甲乙丙丁戊己庚辛壬癸'[n % 10]}{'一二三四五六七八九十'[n // 10]}",
                id_number(n),
                "温江区实验小学",
            ]
        )
    book.save(path)
    return path


def _count(path: Path, table: str) -> int:
    return len(_rows(path, table))


# ---------------------------------------------------------------- making


def test_auto_backs_up_only_when_something_changed(workspace: Workspace, school: int) -> None:
    service = workspace.backups
    assert service.changed_since_last()
    first = service.auto("auto")
    assert first is not None and first.reason == "auto"
    assert verify_backup(first.path) is None
    assert (first.schools, first.teachers, first.hour_records) == (1, 0, 0)
    # The backup's own audit event is not a change: nothing to do, again and again.
    assert not service.changed_since_last()
    assert service.auto("auto") is None
    assert service.safeguard("before-import") is None
    assert _reasons(workspace) == ["auto"]
    add_teachers(workspace, 2)
    assert service.changed_since_last()
    second = service.auto("auto")
    assert second is not None and second.teachers == 2
    assert service.auto("on-exit") is None
    # Recorded, and the first backup (same day, older) thinned away by the daily rule.
    assert _audit(workspace)[-2:] == [
        ("backup", f"自动备份：{second.name}（{second.size_text}）"),
        ("backup", "按保留规则删除旧备份 1 个"),
    ]
    assert not first.path.exists()
    _integrity_ok(workspace.paths.database)


def test_manual_backup_is_made_even_without_changes_and_listed_with_counts(
    workspace: Workspace, school: int
) -> None:
    add_teachers(workspace, 3)
    one = workspace.backups.make()
    two = workspace.backups.make("manual", thin=False)
    listed = workspace.backups.list()
    assert [r.path for r in listed] == [two.path, one.path]
    assert all((r.schools, r.teachers, r.problem) == (1, 3, None) for r in listed)
    assert listed[0].reason_label == "手动备份"
    assert listed[0].size == two.path.stat().st_size


def test_disk_full_during_a_backup_keeps_the_previous_one_and_leaves_no_temp_file(
    workspace: Workspace, school: int
) -> None:
    add_teachers(workspace, 5)
    previous = workspace.backups.make()
    previous_bytes = previous.path.read_bytes()
    add_teachers(workspace, 5, start=5)
    pages = sqlite3.connect(workspace.paths.database).execute("PRAGMA page_count").fetchone()[0]
    full = BackupService(workspace.context, workspace.paths, max_page_count=pages // 2)

    with pytest.raises(StorageError) as caught:
        full.make()
    assert caught.value.code == "backup.disk_full"
    assert "磁盘空间不足" in caught.value.message
    assert "以前的备份都没有改动" in caught.value.message
    # The automatic path fails the same way, and a restore is refused: it needs that backup.
    with pytest.raises(StorageError):
        full.auto("auto")
    with pytest.raises(StorageError) as refused:
        full.restore(previous.path)
    assert "没有恢复，当前数据库没有改动" in refused.value.message

    files = sorted(p.name for p in workspace.paths.backups.iterdir())
    assert files == [previous.name]  # no temp file, no half backup
    assert previous.path.read_bytes() == previous_bytes
    assert verify_backup(previous.path) is None
    assert _count(workspace.paths.database, "teachers") == 10
    _integrity_ok(workspace.paths.database)


def test_disk_full_during_the_checkpoint_refuses_the_import(
    workspace: Workspace, school: int, tmp_path: Path
) -> None:
    previous = workspace.backups.make()
    add_teachers(workspace, 1)  # a change: the import's checkpoint must back up
    pages = sqlite3.connect(workspace.paths.database).execute("PRAGMA page_count").fetchone()[0]
    full = BackupService(workspace.context, workspace.paths, max_page_count=pages // 2)
    workspace.context.safeguard = full.safeguard
    plan = workspace.roster_import.plan_teachers(_roster(tmp_path / "名单.xlsx", 3, start=10))

    with pytest.raises(StorageError) as caught:
        workspace.roster_import.commit(plan)
    assert "磁盘空间不足" in caught.value.message
    assert "本次操作没有进行" in caught.value.message
    assert _count(workspace.paths.database, "teachers") == 1  # nothing imported
    assert [b.path for b in list_backups(workspace.paths.backups)] == [previous.path]
    assert not [p for p in workspace.paths.backups.iterdir() if p.name.endswith(".tmp")]
    _integrity_ok(workspace.paths.database)


# ---------------------------------------------------------------- checkpoints


def test_a_roster_import_is_preceded_by_a_backup_of_the_data_before_it(
    workspace: Workspace, school: int, tmp_path: Path
) -> None:
    add_teachers(workspace, 2)
    plan = workspace.roster_import.plan_teachers(_roster(tmp_path / "名单.xlsx", 4, start=10))
    workspace.roster_import.commit(plan)
    backups = list_backups(workspace.paths.backups)
    assert [b.reason for b in backups] == ["before-import"]
    assert _count(backups[0].path, "teachers") == 2  # taken before the import
    assert _count(workspace.paths.database, "teachers") == 6


def test_a_package_import_is_preceded_by_a_backup(
    workspace: Workspace, school: int, tmp_path: Path
) -> None:
    ready_school(workspace, school, add_teachers(workspace, 2))
    kit = workspace.school_kits.make(school, tmp_path / "kit.nltspkg").path
    with Workspace.create_from_kit(
        data_paths(tmp_path / "school"),
        kit,
        actor=Actor.system("coordinator"),
        accept_fingerprint=workspace.keys.own().fingerprint,
    ) as school_ws:
        here = school_ws.schools.list()[0].id
        grid = school_ws.assessment.grid(here)
        items = [i.item_id for r in grid.rows for p in r.points for i in p.items]
        school_ws.assessment.set_scores([(item, "2") for item in items], assessor="李老师")
        school_ws.assessment.submit(here)
        package = school_ws.submissions.make(tmp_path / "上报包.nltspkg").path
        # The coordinator administers a school workspace's backups.
        assert school_ws.context.actor.role is Role.SCHOOL_COORDINATOR
        assert school_ws.backups.may_administer()
        school_ws.backups.save_settings(BackupSettings(interval_minutes=15))
        assert school_ws.backups.settings().interval_minutes == 15
    workspace.intake.take_in(package, accept_new_key=True)
    assert "before-package" in _reasons(workspace)


# ---------------------------------------------------------------- restore


def test_restore_saves_the_current_database_first_and_brings_back_exactly_the_backup(
    workspace: Workspace, school: int
) -> None:
    add_teachers(workspace, 3)
    chosen = workspace.backups.make()
    later_school = workspace.schools.create(SCHOOL_B)
    add_teachers(workspace, 2, school=SCHOOL_B["code"], start=3)

    before = workspace.restore_backup(chosen.path)

    # The data before the restore is kept, complete.
    assert before.reason == "before-restore"
    assert verify_backup(before.path) is None
    assert (_count(before.path, "schools"), _count(before.path, "teachers")) == (2, 5)
    # The live database holds exactly the backed-up rows (the audit log: plus the restore).
    live = workspace.paths.database
    for table in _tables(chosen.path):
        if table.startswith("audit"):
            continue
        assert _rows(live, table) == _rows(chosen.path, table), table
    audit_then = _rows(chosen.path, "audit_entries")
    audit_now = _rows(live, "audit_entries")
    assert audit_now[: len(audit_then)] == audit_then
    added = audit_now[len(audit_then) :]
    assert len(added) == 1
    action, summary = _last_audit(workspace)
    assert action == "restore"
    assert chosen.name in summary and chosen.made_at.strftime("%Y-%m-%d %H:%M") in summary
    assert before.name in summary
    # Every service sees the restored database, and writes go on there.
    assert [s.code for s in workspace.schools.list()] == ["2151000001"]
    assert workspace.stats.counts()["teachers"] == 3
    assert workspace.db is workspace.context.db
    assert all(s.id != later_school.id for s in workspace.schools.list())
    workspace.schools.create(SCHOOL_B)
    assert workspace.stats.counts()["schools"] == 2
    assert workspace.backups.changed_since_last()
    _integrity_ok(live)


def test_restore_of_an_older_schema_backup_is_migrated(
    workspace: Workspace, school: int, tmp_path: Path
) -> None:
    add_teachers(workspace, 2)
    current = workspace.backups.make()
    previous_revision = revision_graph()[head_revision()]
    assert previous_revision is not None
    older = workspace.paths.backups / "workspace-20260101-120000-000000-auto.db"
    shutil.copy(current.path, older)
    engine = create_engine(f"sqlite:///{older}")
    try:
        with engine.begin() as connection:
            command.downgrade(alembic_config(connection), previous_revision)
    finally:
        engine.dispose()
    assert _rows(older, "alembic_version") == [(previous_revision,)]
    workspace.schools.create(SCHOOL_B)

    before = workspace.restore_backup(older)

    assert workspace.db.migrated_from == previous_revision
    assert "before-upgrade" in _reasons(workspace)
    assert _count(before.path, "schools") == 2
    assert [s.code for s in workspace.schools.list()] == ["2151000001"]
    assert workspace.stats.counts()["teachers"] == 2
    assert _rows(workspace.paths.database, "alembic_version") == [(head_revision(),)]
    assert _last_audit(workspace)[0] == "restore"
    _integrity_ok(workspace.paths.database)


def test_restore_refuses_a_damaged_file_and_another_workspace_leaving_everything_as_it_was(
    workspace: Workspace, school: int, tmp_path: Path
) -> None:
    add_teachers(workspace, 2)
    good = workspace.backups.make()
    damaged = workspace.paths.backups / good.name.replace("manual", "auto")
    data = bytearray(good.path.read_bytes())
    page = 4096
    middle = (len(data) // page // 2) * page
    data[middle : middle + page] = bytes(range(256)) * (page // 256)
    damaged.write_bytes(bytes(data))
    other_paths = data_paths(tmp_path / "other")
    other_spec = WorkspaceSpec(
        level="county", region_code="510116", region_name="双流区", preset_id="sichuan-2.0"
    )
    with Workspace.create(other_paths, other_spec, actor=Actor.system("admin")) as other:
        foreign = other.backups.make().path
    live_before = workspace.paths.database.read_bytes()
    backups_before = sorted(p.name for p in workspace.paths.backups.iterdir())

    with pytest.raises(StorageError) as bad:
        workspace.restore_backup(damaged)
    assert bad.value.code == "restore.bad_backup" and "当前数据库没有改动" in bad.value.message
    with pytest.raises(ValidationError) as elsewhere:
        workspace.restore_backup(foreign)
    assert elsewhere.value.code == "restore.other_workspace"
    assert "双流区" in elsewhere.value.message
    with pytest.raises(StorageError) as missing:
        workspace.restore_backup(tmp_path / "没有这个文件.db")
    assert missing.value.code == "restore.missing"

    assert workspace.paths.database.read_bytes() == live_before
    assert sorted(p.name for p in workspace.paths.backups.iterdir()) == backups_before
    assert workspace.stats.counts()["teachers"] == 2
    _integrity_ok(workspace.paths.database)


# ---------------------------------------------------------------- roles and settings


def test_a_viewer_cannot_back_up_or_restore_and_a_reviewer_cannot_restore(
    workspace: Workspace, school: int
) -> None:
    chosen = workspace.backups.make()
    add_teachers(workspace, 1)

    workspace.act_as(Actor("只读", Role.VIEWER))
    with pytest.raises(PermissionDeniedError):
        workspace.restore_backup(chosen.path)
    with pytest.raises(PermissionDeniedError):
        workspace.backups.make()
    with pytest.raises(PermissionDeniedError):
        workspace.backups.save_settings(BackupSettings())
    with pytest.raises(PermissionDeniedError):
        workspace.backups.thin()
    assert workspace.backups.auto("auto") is None  # quietly skipped: a viewer changes nothing
    assert len(workspace.backups.list()) == 1  # looking is allowed

    workspace.act_as(Actor("审核员", Role.COUNTY_REVIEWER))
    with pytest.raises(PermissionDeniedError):
        workspace.restore_backup(chosen.path)
    made = workspace.backups.make()  # anyone who writes may back up
    assert made.teachers == 1

    workspace.act_as(Actor("学校", Role.SCHOOL_COORDINATOR, school_id=school))
    assert not workspace.backups.may_administer()  # not in a county workspace
    with pytest.raises(PermissionDeniedError):
        workspace.restore_backup(chosen.path)

    assert _count(workspace.paths.database, "teachers") == 1  # nothing was restored
    assert "before-restore" not in _reasons(workspace)
    _integrity_ok(workspace.paths.database)


def test_settings_are_stored_in_the_database_and_checked(workspace: Workspace) -> None:
    assert workspace.backups.settings() == BackupSettings(30, 7, 4, 12)
    saved = workspace.backups.save_settings(BackupSettings(60, 10, 8, 24))
    assert workspace.backups.settings() == saved
    for bad in (BackupSettings(0, 7, 4, 12), BackupSettings(30, 0, 4, 12)):
        with pytest.raises(ValidationError) as caught:
            workspace.backups.save_settings(bad)
        assert "之间的整数" in caught.value.message
    assert workspace.backups.settings() == saved
