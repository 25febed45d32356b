"""The start-up check: clean what a crash left, let SQLite roll back, find damage, recover.

Run by :meth:`Workspace.open` with the instance lock held and before the database is opened
for writing:

1. temporary files that only this program makes (the hidden ``.…tmp`` files of an atomic
   write, a backup's or a restore's temporary copy, an evidence file being copied in) are
   removed when a crash left them behind.  ``workspace.db-journal`` / ``-wal`` are never
   touched: a hot journal is SQLite's own recovery, rolled back when the file is opened;
2. a hot journal is noted, so the user is told that unfinished changes were undone;
3. ``PRAGMA quick_check`` through a read-write connection (a ``mode=ro`` connection cannot
   roll a hot journal back: SQLITE_READONLY_ROLLBACK).  A damaged file is renamed aside with
   its journal, never deleted, and the newest backup that passes ``integrity_check`` is found.

A file that is not ours (or made by a newer program) is left for ``open_database`` to refuse
untouched: the header decides first (:func:`~nlts_desktop.storage.files.classify_file`).

:func:`salvage_tables` reads what can still be read from a damaged file, table by table,
stepping over the pages that fail.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from nlts_desktop.domain.errors import StorageError
from nlts_desktop.paths import DataPaths
from nlts_desktop.storage.backup import (
    BackupFile,
    fsync_dir,
    list_backups,
    restore_file,
    verify_backup,
)
from nlts_desktop.storage.engine import BUSY_TIMEOUT_MS
from nlts_desktop.storage.files import FileKind, classify_file

# The side files SQLite keeps beside a database (moved aside with it, never deleted).
SIDE_SUFFIXES = ("-journal", "-wal", "-shm")
DAMAGED_TAG = "damaged"
_DAMAGED_STAMP = "%Y%m%d-%H%M%S"

# Leftovers that only this program makes (anything else in the folders is left alone):
# exchange.excel_writer.atomic_write: mkstemp(prefix=".<stem>.", suffix=".tmp"), 8 random chars;
_ATOMIC_TEMP = re.compile(r"^\..+\.[a-z0-9_]{8}\.tmp$")
# storage.backup.backup_file: "." + the backup's name + ".tmp";
_BACKUP_TEMP = re.compile(r"^\..+-\d{8}-\d{6}-\d{6}-[a-z][a-z-]*\.db\.tmp$")
# storage.backup.restore_file and storage.location.relocate: ".workspace.db.<what>.tmp";
_DATABASE_TEMP = re.compile(r"^\..+\.db\.(restore|relocate)\.tmp$")
# services.assessment: an evidence file being copied in, mkstemp(prefix=".incoming-").
_EVIDENCE_TEMP = re.compile(r"^\.incoming-[a-z0-9_]{8}$")

# SQLite's primary result codes (the low byte of the extended code).
_SQLITE_BUSY = 5
_SQLITE_LOCKED = 6
_SQLITE_READONLY = 8
_SQLITE_CORRUPT = 11
_SQLITE_CANTOPEN = 14
_SQLITE_NOTADB = 26


@dataclass(frozen=True)
class DamagedDatabase:
    """A database found damaged at start-up: where it went, what is wrong, what can replace it.

    ``moved_to`` is None when the workspace was opened read-only (nothing could be moved).
    """

    moved_to: Path | None
    problem: str
    good_backup: BackupFile | None


@dataclass
class StartupReport:
    """What the start-up check found and did."""

    removed: list[Path] = field(default_factory=list)
    #: a hot journal was there and SQLite rolled it back (unfinished changes undone).
    rolled_back: bool = False
    #: SQLite could open the file for reading only (read-only media or file).
    read_only: bool = False
    damaged: DamagedDatabase | None = None

    @property
    def notes(self) -> list[str]:
        """What the user is told once after opening (Chinese)."""
        notes: list[str] = []
        if self.rolled_back:
            notes.append("上次程序意外退出，未完成的修改已自动撤销。")
        if self.removed:
            notes.append(f"已清理上次意外退出留下的 {len(self.removed)} 个临时文件。")
        return notes


def backup_label(backup: BackupFile) -> str:
    """How a backup is named to the user: its time, 2026-11-20 14:05."""
    return f"{backup.made_at:%Y-%m-%d %H:%M}"


class DamagedDatabaseError(StorageError):
    """The workspace file is damaged; it was moved aside and ``damaged`` says what can help."""

    def __init__(self, damaged: DamagedDatabase) -> None:
        backup = damaged.good_backup
        if damaged.moved_to is None:
            message = (
                f"数据库文件已损坏（{damaged.problem}）。以只读方式打开时程序不能处理它；"
                "请把数据文件夹复制到本机可写的磁盘后再打开，程序会帮助您从备份恢复。"
            )
        else:
            message = (
                f"数据库文件已损坏（{damaged.problem}）。损坏的文件没有删除，已移到"
                f"“{damaged.moved_to}”。"
            )
            if backup is not None:
                message += f"最近一份完好的备份是 {backup_label(backup)} 的备份。"
            else:
                message += "没有找到完好的备份；可以把还能读取的数据导出到 Excel。"
        super().__init__(
            message,
            code="db.damaged",
            details={
                "moved_to": str(damaged.moved_to) if damaged.moved_to else None,
                "problem": damaged.problem,
                "backup": str(backup.path) if backup else None,
                "backup_made_at": backup_label(backup) if backup else None,
            },
        )
        self.damaged = damaged


# ---------------------------------------------------------------------- the check


def startup_check(paths: DataPaths, *, read_only: bool = False) -> StartupReport:
    """Clean a crash's leftovers, roll back a hot journal, look for damage (lock held).

    ``read_only``: nothing is removed, rolled back or moved; a hot journal that would need
    rolling back is refused with a clear message.
    """
    report = StartupReport()
    database = paths.database
    if not read_only:
        report.removed = remove_leftovers(paths)
    if not database.exists() or classify_file(database) is not FileKind.OURS:
        return report  # open_database refuses it, untouched
    journal_hot = any(_nonempty(_side(database, suffix)) for suffix in ("-journal", "-wal"))
    problem = _quick_check(database, read_only=read_only, journal_hot=journal_hot, report=report)
    if problem is not None:
        moved = None if read_only or report.read_only else move_aside(database)
        report.damaged = DamagedDatabase(moved, problem, newest_good_backup(paths.backups))
        return report
    # A journal left beside the file means a write transaction never finished: the program
    # stopped mid-change.  If SQLite had started writing the file (the journal is then
    # "hot") the read-write connection above rolled it back; if not, the file was never
    # touched and SQLite ignores the journal (its header is still zero).  Either way the
    # unfinished change is gone.
    report.rolled_back = journal_hot and not read_only
    return report


def remove_leftovers(paths: DataPaths) -> list[Path]:
    """Remove the temporary files a crash left in the data folder (ours only)."""
    removed: list[Path] = []
    for folder, patterns in (
        (paths.root, (_ATOMIC_TEMP, _DATABASE_TEMP)),
        (paths.backups, (_ATOMIC_TEMP, _BACKUP_TEMP)),
        (paths.keys, (_ATOMIC_TEMP,)),
        (paths.evidence, (_EVIDENCE_TEMP,)),
    ):
        if not folder.is_dir():
            continue
        for path in folder.iterdir():
            name = path.name
            if not any(pattern.match(name) for pattern in patterns):
                continue
            if name.startswith(paths.database.name) or not path.is_file() or path.is_symlink():
                continue  # never the database's own side files
            with contextlib.suppress(OSError):
                path.unlink()
                removed.append(path)
    return removed


def _side(database: Path, suffix: str) -> Path:
    return database.with_name(database.name + suffix)


def _nonempty(path: Path) -> bool:
    try:
        return path.is_file() and path.stat().st_size > 0
    except OSError:
        return False


def _code(exc: sqlite3.Error) -> int:
    return int(getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF


def _is_damage(exc: sqlite3.Error) -> bool:
    text = str(exc).lower()
    return (
        _code(exc) in (_SQLITE_CORRUPT, _SQLITE_NOTADB)
        or "malformed" in text
        or "not a database" in text
    )


def _quick_check(
    database: Path, *, read_only: bool, journal_hot: bool, report: StartupReport
) -> str | None:
    """None when the file passes ``quick_check``, else the problem (Chinese)."""
    mode = "ro" if read_only else "rw"
    try:
        connection = sqlite3.connect(
            f"file:{database.as_posix()}?mode={mode}",
            uri=True,
            timeout=BUSY_TIMEOUT_MS / 1000,
            isolation_level=None,
        )
    except sqlite3.Error as exc:
        raise _unusable(database, exc) from exc
    try:
        # The first read rolls a hot journal back (read-write connections only).
        rows = [str(row[0]) for row in connection.execute("PRAGMA quick_check").fetchmany(5)]
        if rows != ["ok"]:
            return "完整性检查发现问题：" + _first_lines(rows)
        if not read_only:
            try:
                # SQLite opens a file it cannot write read-only without saying so.
                connection.execute("BEGIN IMMEDIATE")
                connection.execute("ROLLBACK")
            except sqlite3.Error as exc:
                if _code(exc) != _SQLITE_READONLY:
                    raise
                report.read_only = True
        return None
    except sqlite3.Error as exc:
        if _is_damage(exc):
            if "not a database" in str(exc).lower():
                return f"文件内容已不是有效的数据库；SQLite：{exc}"
            return f"文件内部结构已损坏；SQLite：{exc}"
        if _code(exc) == _SQLITE_READONLY and journal_hot:
            raise StorageError(
                f"工作区数据库“{database}”上次没有正常关闭，留下了需要撤销的未完成修改；"
                "以只读方式打开时不能撤销它们。请在可写的磁盘上正常打开一次"
                "（程序会自动撤销），或把数据文件夹复制到本机磁盘后再打开。",
                code="db.hot_journal_read_only",
            ) from exc
        raise _unusable(database, exc) from exc
    finally:
        connection.close()


def _first_lines(rows: list[str], count: int = 3) -> str:
    """The first few findings of a check (SQLite lists every unused page after a bad one)."""
    lines = [
        line.strip()
        for row in rows
        for line in row.splitlines()
        if line.strip() and not line.startswith("***")
    ]
    more = "等" if len(lines) > count else ""
    return "；".join(lines[:count] or ["无结果"]) + more


def _unusable(database: Path, exc: sqlite3.Error) -> StorageError:
    if _code(exc) in (_SQLITE_BUSY, _SQLITE_LOCKED):
        return StorageError(
            f"数据库“{database}”正被其他程序占用，请关闭该程序后重试。", code="db.locked"
        )
    if _code(exc) == _SQLITE_CANTOPEN:
        return StorageError(
            f"无法打开工作区数据库“{database}”：{exc}。请检查文件和文件夹的权限。",
            code="db.unreadable",
        )
    return StorageError(
        f"无法读取工作区数据库“{database}”：{exc}。程序没有改动它。", code="db.unreadable"
    )


def move_aside(database: Path) -> Path:
    """Rename a damaged database (with its journal) to ``workspace-damaged-<time>.db``."""
    stamp = datetime.now().strftime(_DAMAGED_STAMP)
    target = database.with_name(f"{database.stem}-{DAMAGED_TAG}-{stamp}{database.suffix}")
    number = 1
    while any(_side(target, s).exists() for s in ("", *SIDE_SUFFIXES)):
        number += 1
        target = database.with_name(
            f"{database.stem}-{DAMAGED_TAG}-{stamp}-{number}{database.suffix}"
        )
    try:
        # The database first: a crash in between leaves no database beside a stray journal,
        # never a database without the journal that belongs to it.
        os.replace(database, target)
        for suffix in SIDE_SUFFIXES:
            side = _side(database, suffix)
            if side.exists():
                os.replace(side, _side(target, suffix))
        fsync_dir(database.parent)
    except OSError as exc:
        raise StorageError(
            f"数据库文件已损坏，但程序无法把它改名移开：{exc}。请关闭其他可能打开它的程序后重试。",
            code="db.damaged_move_failed",
        ) from exc
    return target


def newest_good_backup(backup_dir: Path) -> BackupFile | None:
    """The newest backup that passes ``integrity_check`` (None when there is none)."""
    for backup in list_backups(backup_dir):
        if verify_backup(backup.path) is None:
            return backup
    return None


def recover_from_backup(paths: DataPaths, backup: BackupFile | Path) -> BackupFile | Path:
    """Put a checked copy of ``backup`` in place of the (moved-aside) database (lock held)."""
    source = backup.path if isinstance(backup, BackupFile) else backup
    restore_file(source, paths.database)
    return backup


# ---------------------------------------------------------------------- salvage


@dataclass
class SalvagedTable:
    """One table of a damaged file: its columns, its readable rows (read lazily), the losses.

    ``read`` and ``lost`` are final once ``rows`` is exhausted; ``lost`` counts the row ids
    skipped over unreadable pages (an estimate: ids deleted earlier are counted too).
    """

    name: str
    columns: list[str]
    rows: Iterator[tuple[object, ...]]
    read: int = 0
    lost: int = 0
    problem: str | None = None
    #: (index, count) of this table among those yielded.
    position: tuple[int, int] = (0, 1)


_MAX_ROWID = 2**63 - 1


def salvage_tables(
    damaged: Path, *, first: Sequence[str] = (), skip: Collection[str] = ()
) -> Iterator[SalvagedTable]:
    """Every table of a damaged file with what can still be read of it (``first`` first).

    Read each table's rows before moving on to the next: the file is closed at the end.
    """
    connection = sqlite3.connect(
        f"file:{damaged.as_posix()}?mode=ro&immutable=1", uri=True, isolation_level=None
    )
    # Text damaged into invalid UTF-8 is kept with replacement characters, not refused.
    connection.text_factory = lambda raw: raw.decode("utf-8", "replace")
    try:
        connection.execute("PRAGMA cell_size_check=ON")
        try:
            tables = [
                str(row[0])
                for row in connection.execute(
                    "SELECT name FROM sqlite_master WHERE type='table' "
                    "AND name NOT LIKE 'sqlite_%' ORDER BY rootpage"
                )
            ]
        except sqlite3.Error as exc:
            raise StorageError(
                f"损坏的数据库“{damaged}”连表结构都无法读取（{exc}），没有可以导出的数据。",
                code="salvage.no_schema",
            ) from exc
        tables = [t for t in first if t in tables] + [
            t for t in tables if t not in first and t not in skip
        ]
        for index, table in enumerate(tables):
            salvaged = _salvage_table(connection, table)
            salvaged.position = (index, len(tables))
            yield salvaged
    finally:
        connection.close()


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _salvage_table(connection: sqlite3.Connection, table: str) -> SalvagedTable:
    try:
        columns = [
            str(row[1]) for row in connection.execute(f"PRAGMA table_info({_quoted(table)})")
        ]
    except sqlite3.Error as exc:
        return SalvagedTable(table, [], iter(()), problem=f"无法读取表结构：{exc}")
    salvaged = SalvagedTable(table, columns, iter(()))
    salvaged.rows = _rows(connection, table, columns, salvaged)
    return salvaged


def _rows(
    connection: sqlite3.Connection, table: str, columns: list[str], out: SalvagedTable
) -> Iterator[tuple[object, ...]]:
    """Rows in rowid order; where a page fails, skip to the next rowid that can be reached."""
    select = f"SELECT rowid, {', '.join(map(_quoted, columns))} FROM {_quoted(table)}"
    last = 0  # rowids start at 1: the last rowid read, or given up as lost
    resumed = False
    while True:
        before = last
        try:
            for row in connection.execute(f"{select} WHERE rowid > ? ORDER BY rowid", (last,)):
                last = int(row[0])
                out.read += 1
                yield tuple(row[1:])
            return
        except sqlite3.Error as exc:
            if out.problem is None:
                out.problem = str(exc)
        if last == before and resumed:
            # The scan failed again where the last seek had worked: give that row up.
            last += 1
            out.lost += 1
        resume = _next_readable(connection, select, last)
        if resume is None:
            return
        first, found = resume
        if not found:
            return
        out.lost += max(0, first - last - 1)
        last = first - 1
        resumed = True


def _probe(connection: sqlite3.Connection, select: str, start: int) -> tuple[bool, int | None]:
    """Whether seeking to ``start`` works, and the first rowid at or after it."""
    try:
        row = connection.execute(
            f"{select} WHERE rowid >= ? ORDER BY rowid LIMIT 1", (start,)
        ).fetchone()
    except sqlite3.Error:
        return False, None
    return True, None if row is None else int(row[0])


def _next_readable(
    connection: sqlite3.Connection, select: str, last: int
) -> tuple[int, bool] | None:
    """The first rowid after ``last`` from which reading works again, and whether one exists.

    Steps forward in growing strides until a seek succeeds, then narrows back down so that
    as few readable rows as possible are stepped over.
    """
    step = 1
    failed = last
    while True:
        start = min(last + step, _MAX_ROWID)
        ok, first = _probe(connection, select, start)
        if ok:
            break
        failed = start
        if start == _MAX_ROWID:
            return None
        step *= 2
    low, high = failed + 1, start  # reading works from ``high``, not from ``failed``
    while low < high:
        middle = (low + high) // 2
        works, found = _probe(connection, select, middle)
        if works:
            high, first = middle, found
        else:
            low = middle + 1
    if first is None:
        return high, False
    return first, True
