"""Snapshots of the workspace file made with SQLite's backup API, checked, then renamed.

A backup is ``<stem>-YYYYmmdd-HHMMSS-ffffff-<reason>.db`` in the backups folder; only files
named so are ever listed, thinned or offered for restore: anything else in the folder is left
alone.  A snapshot is written to a hidden ``.…tmp`` file, checked (``integrity_check``,
``foreign_key_check``, our application_id), fsynced and only then renamed into place, so a
power cut or a full disk never leaves a half-written file that looks like a backup.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from nlts_desktop.domain.errors import StorageError
from nlts_desktop.storage.engine import APPLICATION_ID

BACKUP_SUFFIX = ".db"
TEMP_SUFFIX = ".tmp"
BACKUP_STAMP = "%Y%m%d-%H%M%S-%f"
_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6}-\d{6})-(?P<reason>[a-z][a-z-]*)\.db$")


@dataclass(frozen=True)
class BackupFile:
    """One backup in the backups folder, as its name and the file system describe it."""

    path: Path
    made_at: datetime
    reason: str
    size: int


def parse_backup_name(path: Path) -> BackupFile | None:
    """The backup a file name describes, or None when the file is not one of ours."""
    match = _NAME.match(path.name)
    if match is None:
        return None
    try:
        made_at = datetime.strptime(match["stamp"], BACKUP_STAMP)
        size = path.stat().st_size
    except (ValueError, OSError):
        return None
    return BackupFile(path=path, made_at=made_at, reason=match["reason"], size=size)


def list_backups(backup_dir: Path) -> list[BackupFile]:
    """Our backups in ``backup_dir``, newest first (other files are not listed)."""
    if not backup_dir.is_dir():
        return []
    found = [parse_backup_name(path) for path in backup_dir.iterdir() if path.is_file()]
    return sorted(
        (backup for backup in found if backup is not None),
        key=lambda backup: backup.made_at,
        reverse=True,
    )


def check_snapshot(connection: sqlite3.Connection, *, quick: bool = False) -> str | None:
    """None when the open database passes the checks, else what is wrong (Chinese)."""
    pragma = "quick_check" if quick else "integrity_check"
    rows = [str(row[0]) for row in connection.execute(f"PRAGMA {pragma}").fetchmany(5)]
    if rows != ["ok"]:
        return "完整性检查未通过：" + "；".join(rows or ["无结果"])
    if connection.execute("PRAGMA foreign_key_check").fetchone() is not None:
        return "有记录引用了不存在的记录（外键检查未通过）"
    app_id = connection.execute("PRAGMA application_id").fetchone()
    if app_id is None or app_id[0] != APPLICATION_ID:
        return "不是 NLTS 工作区数据库"
    return None


def verify_backup(path: Path, *, quick: bool = False) -> str | None:
    """None when the backup file is a sound workspace database, else what is wrong."""
    try:
        connection = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        return f"无法打开：{exc}"
    try:
        return check_snapshot(connection, quick=quick)
    except sqlite3.Error as exc:
        return f"无法读取：{exc}"
    finally:
        connection.close()


def fsync_dir(directory: Path) -> None:
    """Make a rename in ``directory`` durable (a no-op on Windows)."""
    if os.name == "nt":  # directories cannot be opened for fsync on Windows
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def snapshot_into(source: Path, temporary: Path, *, max_page_count: int | None = None) -> None:
    """Copy ``source`` into ``temporary`` with SQLite's backup API, check and fsync the copy.

    Raises ``SnapshotCheckFailed`` (with the problem) when the copy fails the checks; SQLite and
    OS errors (a full disk) propagate.  The caller renames the copy into place and removes it
    on failure.
    """
    src = sqlite3.connect(f"file:{source.as_posix()}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(temporary)
        try:
            if max_page_count is not None:
                dst.execute(f"PRAGMA max_page_count={int(max_page_count)}")
            src.backup(dst)
            problem = check_snapshot(dst)
        finally:
            dst.close()
    finally:
        src.close()
    if problem is not None:
        raise SnapshotCheckFailed(problem)
    with temporary.open("rb+") as handle:
        os.fsync(handle.fileno())


class SnapshotCheckFailed(Exception):
    """A fresh copy did not pass ``check_snapshot``; ``args[0]`` says what is wrong."""

    @property
    def problem(self) -> str:
        """What the check found (Chinese)."""
        return str(self.args[0])


def backup_file(
    source: Path,
    backup_dir: Path,
    *,
    reason: str,
    max_page_count: int | None = None,
) -> Path:
    """Copy a workspace database into ``backup_dir``; the copy is checked before it is kept.

    ``max_page_count`` caps the copy's size in pages (SQLite's own limit): the tests use it to
    make the disk "full" half-way through a backup.
    """
    backup_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime(BACKUP_STAMP)
    final = backup_dir / f"{source.stem}-{stamp}-{reason}{BACKUP_SUFFIX}"
    temporary = backup_dir / f".{final.name}{TEMP_SUFFIX}"
    try:
        try:
            snapshot_into(source, temporary, max_page_count=max_page_count)
        except SnapshotCheckFailed as failed:
            raise StorageError(
                f"备份检查未通过（{failed.problem}），备份没有保留，原数据库未改动。"
                "请先运行“检查数据库”。",
                code="backup.check_failed",
            ) from failed
        os.replace(temporary, final)
        fsync_dir(backup_dir)
    except (sqlite3.Error, OSError) as exc:
        with contextlib.suppress(OSError):
            temporary.unlink()
        full = "full" in str(exc).lower() or getattr(exc, "errno", None) == 28
        raise StorageError(
            f"磁盘空间不足，无法在“{backup_dir}”中备份数据库。没有留下不完整的备份，"
            "原数据库和以前的备份都没有改动。请清理磁盘后重试。"
            if full
            else f"无法在“{backup_dir}”中备份数据库：{exc}。请检查磁盘空间和文件夹权限。"
            "原数据库和以前的备份都没有改动。",
            code="backup.disk_full" if full else "backup.failed",
        ) from exc
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    return final


def restore_file(backup: Path, target: Path) -> None:
    """Put a checked copy of ``backup`` in place of ``target`` (the live database file).

    Nothing may have ``target`` open (dispose the engine first).  The copy is made beside the
    target, checked, fsynced and renamed over it; a journal left beside the target belongs to
    the old file and is removed before the rename, so SQLite never replays it onto the
    restored one.  On any failure the target is as it was.
    """
    problem = verify_backup(backup)
    if problem is not None:
        raise StorageError(
            f"备份“{backup.name}”不能用于恢复：{problem}。当前数据库没有改动。",
            code="restore.bad_backup",
        )
    temporary = target.with_name(f".{target.name}.restore{TEMP_SUFFIX}")
    try:
        try:
            snapshot_into(backup, temporary)
        except SnapshotCheckFailed as failed:
            raise StorageError(
                f"恢复时复制的数据库检查未通过（{failed.problem}），当前数据库没有改动。",
                code="restore.check_failed",
            ) from failed
        for suffix in ("-journal", "-wal", "-shm"):
            target.with_name(target.name + suffix).unlink(missing_ok=True)
        os.replace(temporary, target)
        fsync_dir(target.parent)
    except (sqlite3.Error, OSError) as exc:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise StorageError(
            f"无法从备份“{backup.name}”恢复：{exc}。当前数据库没有改动；"
            "请检查磁盘空间和文件夹权限。",
            code="restore.failed",
        ) from exc
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
