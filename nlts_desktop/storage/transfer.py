"""Copy a whole workspace between engines (SQLite file ⇄ PostgreSQL server) and prove it.

Used by ``migrate-to`` (a workspace onto a server, or a server's workspace into an offline
file) and by the server's backups.  Every table is copied in foreign-key order in primary-key
order, through SQLAlchemy's types on both sides (so times, booleans and decimals mean the same
on either engine), inside one target transaction: the target holds all of it or nothing.
Then both sides are checksummed table by table over the same normalised values.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, Table, delete, func, select, text

from nlts_desktop.domain.errors import StorageError
from nlts_desktop.paths import DATABASE_NAME
from nlts_desktop.storage.backup import (
    BACKUP_STAMP,
    BACKUP_SUFFIX,
    TEMP_SUFFIX,
    fsync_dir,
    verify_backup,
)
from nlts_desktop.storage.base import Base
from nlts_desktop.storage.bulk import BulkInserter
from nlts_desktop.storage.engine import READ_OPTION

# Progress(done, total, what); returns nothing.  Cancel() → True stops before the commit.
Progress = Callable[[int, int, str], None]
CHUNK = 5000


@dataclass(frozen=True)
class TableSum:
    """One table's row count and checksum."""

    name: str
    rows: int
    digest: str


@dataclass(frozen=True)
class TransferReport:
    """What was copied, with both sides' checksums (equal, or the copy was refused)."""

    tables: tuple[TableSum, ...]

    @property
    def rows(self) -> int:
        """All rows copied."""
        return sum(t.rows for t in self.tables)

    @property
    def digest(self) -> str:
        """One checksum over every table's."""
        joined = "\n".join(f"{t.name}:{t.rows}:{t.digest}" for t in self.tables)
        return hashlib.sha256(joined.encode()).hexdigest()


def tables() -> list[Table]:
    """Every table of the schema, parents before children."""
    return list(Base.metadata.sorted_tables)


def _normal(value: Any) -> Any:
    if isinstance(value, datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=UTC)
        return moment.astimezone(UTC).isoformat(timespec="microseconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex()
    if isinstance(value, float):
        return repr(value)
    return value


def _ordered(table: Table) -> Any:
    return select(table).order_by(*table.primary_key.columns)


def table_sum(connection: Connection, table: Table) -> TableSum:
    """Count and SHA-256 of a table's rows in primary-key order, values normalised."""
    digest = hashlib.sha256()
    rows = 0
    result = connection.execution_options(yield_per=CHUNK).execute(_ordered(table))
    for part in result.partitions():
        for row in part:
            digest.update(json.dumps([_normal(v) for v in row], ensure_ascii=False).encode())
            digest.update(b"\n")
            rows += 1
    return TableSum(table.name, rows, digest.hexdigest())


def checksums(connection: Connection) -> tuple[TableSum, ...]:
    """Every table's count and checksum (plus the schema revision as its own line)."""
    sums = [table_sum(connection, table) for table in tables()]
    revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    sums.append(TableSum("alembic_version", 1, str(revision)))
    return tuple(sums)


def _write(connection: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    if connection.dialect.name != "postgresql":
        BulkInserter(connection).insert(table, rows)
        return
    columns = list(rows[0])
    raw = connection.connection.driver_connection
    statement = f"COPY {table.name} ({', '.join(columns)}) FROM STDIN"
    with raw.cursor() as cursor, cursor.copy(statement) as copy:  # type: ignore[union-attr]
        for row in rows:
            copy.write_row([row[c] for c in columns])


def sync_sequences(connection: Connection) -> None:
    """After rows came in with their ids: let PostgreSQL's next id follow the largest."""
    if connection.dialect.name != "postgresql":
        return
    for table in tables():
        key = list(table.primary_key.columns)
        if len(key) != 1 or key[0].name != "id" or not key[0].autoincrement:
            continue
        connection.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
            )
        )


def copy_workspace(
    source: Engine,
    target: Engine,
    *,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> TransferReport:
    """Copy every row of ``source`` into ``target`` (same schema revision) and verify.

    The target's tables are emptied first (a new database holds only what the migrations
    seeded), all inside one transaction that is rolled back unless the checksums agree.
    """
    all_tables = tables()
    # One consistent snapshot of the source that waits on no writer (and holds up none).
    with source.connect().execution_options(**{READ_OPTION: True}) as reader:
        counts = {
            t.name: reader.execute(select(func.count()).select_from(t)).scalar_one()
            for t in all_tables
        }
        total = sum(counts.values())
        revision = reader.execute(text("SELECT version_num FROM alembic_version")).scalar()
        done = 0
        with target.begin() as writer:
            theirs = writer.execute(text("SELECT version_num FROM alembic_version")).scalar()
            if theirs != revision:
                raise StorageError(
                    f"源工作区与目标数据库的结构版本不同（{revision} 与 {theirs}），无法复制。"
                    "请先用同一版本的程序打开两边。",
                    code="transfer.revision",
                )
            for table in reversed(all_tables):
                writer.execute(delete(table))
            for table in all_tables:
                result = reader.execution_options(yield_per=CHUNK).execute(_ordered(table))
                for part in result.partitions():
                    if cancelled():
                        raise StorageError("已取消复制，目标数据库没有改动。", code="cancelled")
                    _write(writer, table, [dict(row._mapping) for row in part])
                    done += len(part)
                    if progress is not None:
                        progress(done, total, f"正在复制 {table.name}……")
            sync_sequences(writer)
            mine = checksums(reader)
            copied = checksums(writer)
            if mine != copied:
                bad = [a.name for a, b in zip(mine, copied, strict=True) if a != b]
                raise StorageError(
                    f"复制后校验不一致（{'、'.join(bad)}），目标数据库没有改动。请重试；"
                    "如仍不一致，请联系技术支持。",
                    code="transfer.mismatch",
                    details={"tables": bad},
                )
        reader.rollback()
    return TransferReport(mine)


def snapshot_server(engine: Engine, backup_dir: Path, *, reason: str) -> Path:
    """A server workspace's backup: a complete, checked offline workspace file.

    Named and checked like a file backup (``storage/backup.py``), so it is listed, verified
    and opened the same way; made from one consistent snapshot of the server.
    """
    from nlts_desktop.storage.database import create_database

    backup_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime(BACKUP_STAMP)
    final = backup_dir / f"{Path(DATABASE_NAME).stem}-{stamp}-{reason}{BACKUP_SUFFIX}"
    temporary = backup_dir / f".{final.name}{TEMP_SUFFIX}"
    try:
        copy = create_database(temporary)
        try:
            copy_workspace(engine, copy.engine)
        finally:
            copy.dispose()
        problem = verify_backup(temporary)
        if problem is not None:
            raise StorageError(
                f"备份检查未通过（{problem}），备份没有保留，服务器上的数据未改动。",
                code="backup.check_failed",
            )
        os.replace(temporary, final)
        fsync_dir(backup_dir)
    except OSError as exc:
        raise StorageError(
            f"无法在“{backup_dir}”中备份数据库：{exc}。请检查磁盘空间和文件夹权限。"
            "服务器上的数据和以前的备份都没有改动。",
            code="backup.failed",
        ) from exc
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink()
    return final
