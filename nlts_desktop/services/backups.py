"""备份与恢复: checked backups made now, automatically or before bulk changes; thinning; restore.

Rules decided here:

* **Who**: anyone who can write may make a backup (a backup changes no data, and it is what
  protects their own work); restoring, thinning by hand and the settings are the county
  administrator's, and in a school workspace (made from a school kit, one school) its
  coordinator's.  A viewer may look at the list but not back up or restore; an automatic
  backup (timer, exit, checkpoint) acting for a viewer is skipped quietly, since a viewer
  changes nothing.
* **Changed since the last backup**: every write is audited in the same transaction
  (``storage/audit.py``), so the last audit row that is not itself a backup event says exactly
  where the data stands.  Its id and time are compared with the same figures read from the
  newest backup (one indexed row each side): nothing changed, no backup, ~1 ms.
* **Checkpoints** (``ServiceContext.checkpoint`` before an import, a package, a restore): a
  backup when anything changed; if that backup fails (disk full) the bulk change is refused.
* **Thinning** after every backup by the policy in ``storage/retention.py`` (settings in the
  ``app_settings`` table); only files named by our pattern are ever deleted.  A restore does
  not thin: the backup being restored from stays where it was.
* **Restore** checks the chosen file (integrity, our application id, a schema this program
  knows, the same workspace), backs the current database up first, puts a checked copy in
  place, reopens it (an older schema is migrated, with its own backup) and records the restore
  in the restored database.  Any failure leaves the current database in place.
"""

from __future__ import annotations

import contextlib
import logging
import re
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, NoReturn

from sqlalchemy import select

from nlts_desktop.domain.enums import Role, WorkspaceLevel
from nlts_desktop.domain.errors import AppError, StorageError, ValidationError
from nlts_desktop.paths import DataPaths
from nlts_desktop.services.context import (
    ADMIN_ROLES,
    WRITE_ROLES,
    ServiceContext,
    read_only_error,
)
from nlts_desktop.services.plan_support import read_setting, write_setting
from nlts_desktop.services.progress import Progress, no_progress
from nlts_desktop.storage.backup import (
    BackupFile,
    backup_file,
    fsync_dir,
    list_backups,
    parse_backup_name,
    restore_file,
    verify_backup,
)
from nlts_desktop.storage.database import Database, open_database
from nlts_desktop.storage.migrate import known_revisions
from nlts_desktop.storage.models import WorkspaceRow
from nlts_desktop.storage.retention import RetentionPolicy, plan_retention
from nlts_desktop.storage.transfer import snapshot_server

log = logging.getLogger(__name__)

#: The audit action of backup events (made, thinned): not a change of the data.
BACKUP_ACTION = "backup"
RESTORE_ACTION = "restore"
SETTINGS_KEY = "backups"
#: What each reason (the last part of a backup's file name) means to the user.
REASON_LABELS = {
    "manual": "手动备份",
    "auto": "自动备份",
    "on-exit": "退出时备份",
    "before-import": "导入前",
    "before-package": "导入数据包前",
    "before-upgrade": "升级前",
    "before-restore": "恢复前",
}
_REASON = re.compile(r"^[a-z][a-z-]*$")
# The newest audit row that is not a backup event: where the data stands.  Read by rowid from
# the end, so it stops at the first row (backup events are few and at the end).
_LAST_CHANGE_SQL = (
    "SELECT id, at FROM audit_entries WHERE action != 'backup' ORDER BY id DESC LIMIT 1"
)
# Settings limits (inclusive).
INTERVAL_RANGE = (1, 1440)
DAILY_RANGE = (1, 366)
WEEKLY_RANGE = (0, 520)
MONTHLY_RANGE = (0, 240)


def reason_label(reason: str) -> str:
    """The Chinese name of a backup's reason (the reason itself when unknown)."""
    return REASON_LABELS.get(reason, reason)


def size_text(size: int) -> str:
    """A file size in MB with one decimal (at least 0.1 MB for a non-empty file)."""
    megabytes = size / (1024 * 1024)
    if 0 < megabytes < 0.1:
        megabytes = 0.1
    return f"{megabytes:,.1f} MB"


@dataclass(frozen=True)
class BackupRecord:
    """One backup as the list shows it: when, why, how big, what it holds."""

    path: Path
    made_at: datetime
    reason: str
    size: int
    schools: int | None = None
    teachers: int | None = None
    hour_records: int | None = None
    #: None when the file could be read; else why not (Chinese).
    problem: str | None = None

    @property
    def name(self) -> str:
        """The file name."""
        return self.path.name

    @property
    def reason_label(self) -> str:
        """手动备份, 自动备份, 导入前, …"""
        return reason_label(self.reason)

    @property
    def size_text(self) -> str:
        """The size in MB."""
        return size_text(self.size)


@dataclass(frozen=True)
class BackupSettings:
    """How often to back up automatically and how many backups to keep."""

    interval_minutes: int = 30
    keep_daily: int = 7
    keep_weekly: int = 4
    keep_monthly: int = 12

    @property
    def policy(self) -> RetentionPolicy:
        """The thinning policy these settings describe."""
        return RetentionPolicy(
            keep_daily=self.keep_daily,
            keep_weekly=self.keep_weekly,
            keep_monthly=self.keep_monthly,
        )

    def to_dict(self) -> dict[str, int]:
        """The stored form."""
        return {
            "interval_minutes": self.interval_minutes,
            "keep_daily": self.keep_daily,
            "keep_weekly": self.keep_weekly,
            "keep_monthly": self.keep_monthly,
        }


_SETTING_FIELDS = {
    "interval_minutes": ("自动备份间隔（分钟）", INTERVAL_RANGE),
    "keep_daily": ("保留最近天数", DAILY_RANGE),
    "keep_weekly": ("保留最近周数", WEEKLY_RANGE),
    "keep_monthly": ("保留最近月数", MONTHLY_RANGE),
}


def _settings_from(value: Any) -> BackupSettings:
    """Stored settings, each value falling back to its default when missing or odd."""
    defaults = BackupSettings().to_dict()
    stored = value if isinstance(value, dict) else {}
    fields: dict[str, int] = {}
    for key, default in defaults.items():
        item = stored.get(key, default)
        low, high = _SETTING_FIELDS[key][1]
        fields[key] = item if isinstance(item, int) and low <= item <= high else default
    return BackupSettings(**fields)


def _read_only_connection(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True)


def _last_change_in_file(path: Path) -> tuple[Any, ...] | None:
    """The id and time of the last audited change in a backup file (None: unreadable)."""
    try:
        connection = _read_only_connection(path)
    except sqlite3.Error:
        return None
    try:
        row = connection.execute(_LAST_CHANGE_SQL).fetchone()
        return tuple(row) if row is not None else ()
    except sqlite3.Error:
        return None
    finally:
        connection.close()


def _count(connection: sqlite3.Connection, table: str) -> int | None:
    try:
        row = connection.execute(f"SELECT count(*) FROM {table}").fetchone()
    except sqlite3.Error:
        return None  # a table an older schema did not have
    return int(row[0]) if row is not None else None


def describe_backup(backup: BackupFile) -> BackupRecord:
    """A backup with the counts read from it (read-only; unreadable files say why)."""
    record = BackupRecord(
        path=backup.path, made_at=backup.made_at, reason=backup.reason, size=backup.size
    )
    try:
        connection = _read_only_connection(backup.path)
    except sqlite3.Error as exc:
        return _with_problem(record, exc)
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return BackupRecord(
            path=record.path,
            made_at=record.made_at,
            reason=record.reason,
            size=record.size,
            schools=_count(connection, "schools"),
            teachers=_count(connection, "teachers"),
            hour_records=_count(connection, "hour_records"),
        )
    except sqlite3.Error as exc:
        return _with_problem(record, exc)
    finally:
        connection.close()


def _with_problem(record: BackupRecord, exc: Exception) -> BackupRecord:
    return BackupRecord(
        path=record.path,
        made_at=record.made_at,
        reason=record.reason,
        size=record.size,
        problem=f"无法读取：{exc}",
    )


@dataclass(frozen=True)
class _Identity:
    level: str
    region_code: str
    region_name: str
    school_code: str | None


def _file_facts(path: Path) -> tuple[str | None, _Identity | None]:
    """The schema revision and the workspace a database file belongs to (read-only)."""
    connection = _read_only_connection(path)
    try:
        revision_row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        row = connection.execute(
            "SELECT level, region_code, region_name, school_code FROM workspace LIMIT 1"
        ).fetchone()
    finally:
        connection.close()
    revision = None if revision_row is None else str(revision_row[0])
    identity = None if row is None else _Identity(str(row[0]), str(row[1]), str(row[2]), row[3])
    return revision, identity


def _when(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M")


class BackupService:
    """Backups of one workspace's database, in its backups folder."""

    def __init__(
        self, context: ServiceContext, paths: DataPaths, *, max_page_count: int | None = None
    ) -> None:
        """``max_page_count`` caps every backup's size in pages (SQLite's own limit): the
        tests use it to make the disk "full" half-way through a backup."""
        self._context = context
        self._paths = paths
        self._max_page_count = max_page_count
        # One backup at a time (the timer, a checkpoint and the dialog may meet).
        self._lock = threading.RLock()
        self._level: str | None = None

    @property
    def folder(self) -> Path:
        """Where the backups are kept."""
        return self._paths.backups

    # ------------------------------------------------------------ permissions

    def _school_mode(self) -> bool:
        if self._level is None:
            with self._context.read() as session:
                self._level = session.scalar(select(WorkspaceRow.level)) or ""
        return self._level == WorkspaceLevel.SCHOOL.value

    def may_administer(self) -> bool:
        """Whether the user may restore, thin and change the settings."""
        role = self._context.actor.role
        return role in ADMIN_ROLES or (role is Role.SCHOOL_COORDINATOR and self._school_mode())

    def may_back_up(self) -> bool:
        """Whether the user may make a backup (anyone who can write)."""
        return self._context.actor.role in WRITE_ROLES

    def _require_admin(self, action: str) -> None:
        if not self.may_administer():
            self._context.require(ADMIN_ROLES, action)

    # ------------------------------------------------------------ making

    def make(self, reason: str = "manual", *, thin: bool = True) -> BackupRecord:
        """A checked backup now, recorded in the audit log, then the old ones thinned."""
        if not _REASON.match(reason):
            raise ValueError(f"backup reason must be lowercase ascii with hyphens: {reason!r}")
        self._context.require(WRITE_ROLES, "备份数据库")
        with self._lock:
            if self._context.db.on_server:
                # A consistent snapshot of the server as an offline workspace file.
                path = snapshot_server(self._context.db.engine, self._paths.backups, reason=reason)
            else:
                path = backup_file(
                    self._paths.database,
                    self._paths.backups,
                    reason=reason,
                    max_page_count=self._max_page_count,
                )
            found = parse_backup_name(path)
            if found is None:  # our own name: cannot happen
                raise StorageError(f"备份文件“{path}”的名称无法识别。", code="backup.name")
            record = describe_backup(found)
            self._context.audit_event(
                BACKUP_ACTION,
                "database",
                f"{reason_label(reason)}：{path.name}（{record.size_text}）",
                after={"file": path.name, "reason": reason, "size": record.size},
            )
            if thin:
                try:
                    self._thin(newest_good=path)
                except (AppError, OSError):
                    # The backup is made; thinning is tried again after the next one.
                    log.exception("thinning the backups failed")
        return record

    def changed_since_last(self) -> bool:
        """Whether the data changed since the newest backup (True when there is none)."""
        backups = list_backups(self._paths.backups)
        if not backups:
            return True
        theirs = _last_change_in_file(backups[0].path)
        if theirs is None:
            return True
        with self._context.read() as session:
            row = session.connection().exec_driver_sql(_LAST_CHANGE_SQL).first()
        ours = tuple(row) if row is not None else ()
        return ours != theirs

    def auto(self, reason: str) -> BackupRecord | None:
        """A backup only when something changed since the last one (None: nothing to do).

        Skipped for a read-only workspace and for a user who cannot write (nothing of theirs
        to protect).  The caller's timer decides how often this is asked.  On a shared server
        the server's own backups do this job: each copy would take every clerk's data.
        """
        if self._context.db.read_only or self._context.db.on_server or not self.may_back_up():
            return None
        with self._lock:
            if not self.changed_since_last():
                return None
            return self.make(reason)

    def safeguard(self, reason: str) -> BackupRecord | None:
        """``ServiceContext.safeguard``: back up before a bulk change, or refuse the change."""
        try:
            return self.auto(reason)
        except StorageError as exc:
            raise StorageError(
                f"{exc.message}操作前的备份没有完成，为保证数据安全，本次操作没有进行。",
                code=exc.code,
                details=exc.details,
            ) from exc

    # ------------------------------------------------------------ settings

    def settings(self) -> BackupSettings:
        """The automatic-backup interval and the retention counts."""
        with self._context.read() as session:
            return _settings_from(read_setting(session, SETTINGS_KEY))

    def save_settings(self, settings: BackupSettings) -> BackupSettings:
        """Check and store the settings (administrator); returns them as stored."""
        self._require_admin("修改备份设置")
        for key, value in settings.to_dict().items():
            label, (low, high) = _SETTING_FIELDS[key]
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                raise ValidationError(
                    f"{label}应为 {low} 到 {high} 之间的整数，“{value}”不符合。",
                    code="backup.settings",
                    field=key,
                    value=value,
                )
        with self._context.unit_of_work() as session:
            write_setting(session, SETTINGS_KEY, settings.to_dict())
        return settings

    # ------------------------------------------------------------ thinning

    def newest_good(self) -> Path | None:
        """The newest backup that passes SQLite's quick check (None: none does)."""
        for backup in list_backups(self._paths.backups):
            if verify_backup(backup.path, quick=True) is None:
                return backup.path
        return None

    def thin(self) -> list[Path]:
        """Delete the backups the retention settings do not keep; returns what was deleted."""
        self._require_admin("清理旧备份")
        with self._lock:
            return self._thin(newest_good=self.newest_good())

    def _thin(self, *, newest_good: Path | None) -> list[Path]:
        policy = self.settings().policy
        backups = list_backups(self._paths.backups)
        keep = plan_retention(backups, policy, newest_good=newest_good)
        live = self._paths.database.resolve()
        deleted: list[Path] = []
        for backup in backups:
            if backup.path in keep or backup.path.resolve() == live:
                continue
            try:
                backup.path.unlink()
            except FileNotFoundError:
                continue
            except OSError:
                log.exception("could not delete the old backup %s", backup.path)
                continue
            deleted.append(backup.path)
        if deleted:
            with contextlib.suppress(OSError):
                fsync_dir(self._paths.backups)
            self._context.audit_event(
                BACKUP_ACTION,
                "database",
                f"按保留规则删除旧备份 {len(deleted)} 个",
                after={"deleted": [path.name for path in deleted]},
            )
        return deleted

    # ------------------------------------------------------------ restore

    def check_restorable(self, path: Path) -> datetime:
        """Refuse a file that cannot replace this workspace's database; returns its date."""
        self._require_admin("从备份恢复数据库")
        if self._context.db.read_only:
            raise read_only_error()
        if self._context.db.on_server:
            raise StorageError(
                "共享服务器上的工作区不能在程序里从备份恢复（其他工作站正在使用）。"
                "请由管理员在服务器上恢复，或用 migrate-to 把备份文件复制到一个空的服务器数据库。",
                code="restore.server",
            )
        if not path.is_file():
            raise StorageError(
                f"找不到备份文件“{path}”。当前数据库没有改动。", code="restore.missing"
            )
        if path.resolve() == self._paths.database.resolve():
            raise ValidationError(
                "选择的文件就是当前正在使用的数据库，不能用它恢复。", code="restore.live"
            )
        problem = verify_backup(path)
        if problem is not None:
            raise StorageError(
                f"备份“{path.name}”不能用于恢复：{problem}。当前数据库没有改动。",
                code="restore.bad_backup",
            )
        try:
            revision, theirs = _file_facts(path)
        except sqlite3.Error as exc:
            raise StorageError(
                f"备份“{path.name}”不是完整的工作区数据库（{exc}），不能用于恢复。"
                "当前数据库没有改动。",
                code="restore.bad_backup",
            ) from exc
        if revision is not None and revision not in known_revisions():
            raise StorageError(
                f"备份“{path.name}”由较新版本的 NLTS 程序创建（数据库版本 {revision}），"
                "当前程序无法使用它。请安装最新版本后再恢复；当前数据库没有改动。",
                code="restore.newer",
            )
        with self._context.read() as session:
            row = session.scalars(select(WorkspaceRow)).one()
            ours = _Identity(row.level, row.region_code, row.region_name, row.school_code)
        if theirs is None or (theirs.level, theirs.region_code, theirs.school_code) != (
            ours.level,
            ours.region_code,
            ours.school_code,
        ):
            which = f"{theirs.region_name}（{theirs.region_code}）" if theirs else "空的工作区"
            raise ValidationError(
                f"备份“{path.name}”是另一个工作区（{which}）的数据库，不能恢复到当前工作区"
                f"（{ours.region_name}，{ours.region_code}）。当前数据库没有改动。",
                code="restore.other_workspace",
            )
        found = parse_backup_name(path)
        return found.made_at if found else datetime.fromtimestamp(path.stat().st_mtime)

    def restore(
        self,
        path: Path,
        *,
        reopened: Callable[[Database], None] | None = None,
        progress: Progress = no_progress,
    ) -> BackupRecord:
        """Replace the database with the backup ``path``; returns the backup made just before.

        ``reopened(db)`` lets the workspace hold the new database; every service sees it
        through the shared context.  On any failure the current database stays in place.
        """
        made_at = self.check_restorable(path)
        with self._lock:
            progress(0, 3, "正在备份当前数据……")
            try:
                before = self.make("before-restore", thin=False)
            except StorageError as exc:
                raise StorageError(
                    f"{exc.message}恢复前必须先备份当前数据，所以没有恢复，当前数据库没有改动。",
                    code=exc.code,
                    details=exc.details,
                ) from exc
            progress(1, 3, "正在从备份恢复……")
            old = self._context.db
            old.dispose()  # nothing may hold the file open while it is replaced
            try:
                restore_file(path, self._paths.database)
            except AppError as exc:
                raise StorageError(
                    f"{exc.message}恢复前的备份在“{before.path}”。",
                    code=exc.code,
                    details=exc.details,
                ) from exc
            progress(2, 3, "正在打开恢复后的数据库……")
            try:
                db = open_database(self._paths.database, backup_dir=self._paths.backups)
            except BaseException as exc:
                self._put_back(before.path, exc)
            self._context.db = db
            self._level = None
            if reopened is not None:
                reopened(db)
            self._context.audit_event(
                RESTORE_ACTION,
                "database",
                f"从备份“{path.name}”（{_when(made_at)}）恢复数据库；"
                f"恢复前的数据已备份为“{before.name}”",
                after={
                    "file": path.name,
                    "made_at": made_at.isoformat(timespec="seconds"),
                    "before_restore": before.name,
                    "migrated_from": db.migrated_from,
                },
            )
            progress(3, 3, "恢复完成")
        return before

    def _put_back(self, before: Path, cause: BaseException) -> NoReturn:
        """The restored file would not open: put the state before the restore back."""
        message = cause.message if isinstance(cause, AppError) else str(cause)
        try:
            restore_file(before, self._paths.database)
        except AppError as exc:
            raise StorageError(
                f"恢复后的数据库无法打开（{message}），放回恢复前的数据也失败了（{exc.message}）。"
                f"恢复前的数据完整保存在“{before}”，请联系技术支持。",
                code="restore.put_back_failed",
            ) from cause
        raise StorageError(
            f"恢复后的数据库无法打开（{message}），已放回恢复前的数据，当前数据库没有改动。",
            code="restore.reopen_failed",
        ) from cause

    # ------------------------------------------------------------ listing

    def list(self) -> list[BackupRecord]:
        """The backups, newest first, with the counts each holds (read-only)."""
        return [describe_backup(backup) for backup in list_backups(self._paths.backups)]
