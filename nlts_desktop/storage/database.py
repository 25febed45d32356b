"""Create and open workspace databases: refuse what is not ours, back up, migrate.

A file that is not ours, or that a newer program made, is refused before SQLite opens it for
writing, so it stays byte-for-byte unchanged.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from nlts_desktop import __version__
from nlts_desktop.domain.errors import StorageError
from nlts_desktop.storage.audit import ACTOR_KEY, install_audit
from nlts_desktop.storage.backup import backup_file
from nlts_desktop.storage.engine import APPLICATION_ID, READ_OPTION, create_sqlite_engine
from nlts_desktop.storage.files import FileKind, classify_file
from nlts_desktop.storage.migrate import (
    current_revision,
    head_revision,
    known_revisions,
    upgrade_to_head,
)
from nlts_desktop.storage.server import (
    ServerState,
    connection_error,
    create_server_engine,
    redact,
    server_state,
)


@dataclass
class Database:
    """An open workspace database: engine plus the session factory (audit installed)."""

    engine: Engine
    sessions: sessionmaker[Session]
    read_sessions: sessionmaker[Session]
    path: Path | None = None
    read_only: bool = False
    migrated_from: str | None = field(default=None)
    backup_made: Path | None = field(default=None)
    #: The server's address (password hidden) when the workspace lives on PostgreSQL.
    server: str | None = field(default=None)

    @property
    def on_server(self) -> bool:
        """Whether this is the shared-server store (no file, no file lock, no file backups)."""
        return self.server is not None

    @contextlib.contextmanager
    def unit_of_work(self, actor: str) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back on any error."""
        with self.sessions.begin() as session:
            session.info[ACTOR_KEY] = actor
            yield session

    @contextlib.contextmanager
    def read_unit(self, actor: str) -> Iterator[Session]:
        """A read transaction (deferred BEGIN): consistent reads that wait on nobody."""
        with self.read_sessions.begin() as session:
            session.info[ACTOR_KEY] = actor
            yield session

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()


def _session_factory(engine: Engine) -> sessionmaker[Session]:
    factory = sessionmaker(engine, expire_on_commit=False)
    install_audit(factory)
    return factory


def _read_session_factory(engine: Engine) -> sessionmaker[Session]:
    # Audited too: a write that slips into a read transaction must still be recorded.
    factory = sessionmaker(engine.execution_options(**{READ_OPTION: True}), expire_on_commit=False)
    install_audit(factory)
    return factory


def _refuse(path: Path, kind: FileKind) -> StorageError:
    if kind is FileKind.MISSING:
        return StorageError(
            f"找不到工作区数据库“{path}”。请确认数据文件夹是否正确，或先新建工作区。",
            code="db.missing",
        )
    if kind is FileKind.NOT_SQLITE:
        return StorageError(
            f"文件“{path}”不是 NLTS 工作区数据库（不是 SQLite 数据库文件）。"
            "程序没有改动它；请选择正确的数据文件夹。",
            code="db.not_sqlite",
        )
    return StorageError(
        f"文件“{path}”是其他程序的 SQLite 数据库，不是 NLTS 工作区。"
        "程序没有改动它；请选择正确的数据文件夹。",
        code="db.foreign",
    )


def _read_revision(path: Path) -> str | None:
    """The schema revision, read through a read-only connection (nothing is written)."""
    connection = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True)
    try:
        table = connection.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name='alembic_version'"
        ).fetchone()
        if table is None:
            return None
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        return None if row is None else str(row[0])
    except sqlite3.DatabaseError as exc:
        raise StorageError(
            f"无法读取工作区数据库“{path}”：{exc}。文件可能已损坏，程序没有改动它。",
            code="db.unreadable",
        ) from exc
    finally:
        connection.close()


def create_database(path: Path) -> Database:
    """Make a new workspace file: application_id and the whole schema in one transaction."""
    if path.exists() and path.stat().st_size > 0:
        raise StorageError(
            f"“{path}”已经存在，不能在这里新建工作区。请换一个空的数据文件夹。",
            code="db.exists",
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    engine = create_sqlite_engine(path)
    try:
        with engine.begin() as connection:
            connection.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")
            upgrade_to_head(connection)
    except BaseException:
        engine.dispose()
        with contextlib.suppress(OSError):
            path.unlink()
        raise
    return Database(
        engine=engine,
        sessions=_session_factory(engine),
        read_sessions=_read_session_factory(engine),
        path=path,
    )


def open_database(
    path: Path,
    *,
    backup_dir: Path,
    on_migrate: Callable[[str | None, str], None] | None = None,
    read_only: bool = False,
) -> Database:
    """Open an existing workspace file, refusing foreign or newer files untouched.

    An older schema is backed up into ``backup_dir`` and upgraded in one transaction.
    ``read_only`` opens the file with ``mode=ro``: nothing is migrated or backed up, and an
    older schema is refused (it cannot be upgraded without writing).
    """
    kind = classify_file(path)
    if kind is not FileKind.OURS:
        raise _refuse(path, kind)
    revision = _read_revision(path)
    head = head_revision()
    if revision is not None and revision not in known_revisions():
        raise StorageError(
            f"工作区“{path}”由较新版本的 NLTS 程序创建（数据库版本 {revision}），"
            f"当前程序版本 {__version__} 无法打开。请安装最新版本后再打开；文件未作任何改动。",
            code="db.newer",
            details={"revision": revision},
        )
    if read_only:
        return _open_read_only(path, revision, head)
    backup_made: Path | None = None
    if revision != head:
        # Always a checked backup before the schema changes.
        backup_made = backup_file(path, backup_dir, reason="before-upgrade")
    engine = create_sqlite_engine(path)
    try:
        if revision != head:
            if on_migrate is not None:
                on_migrate(revision, head)
            with engine.begin() as connection:
                if current_revision(connection) != head:
                    upgrade_to_head(connection)
    except OperationalError as exc:
        engine.dispose()
        raise StorageError(
            f"升级工作区数据库失败：{exc.orig}。数据库已回滚到升级前的状态，"
            f"升级前的备份在“{backup_made}”。",
            code="db.migration_failed",
        ) from exc
    except BaseException:
        engine.dispose()
        raise
    return Database(
        engine=engine,
        sessions=_session_factory(engine),
        read_sessions=_read_session_factory(engine),
        path=path,
        migrated_from=revision if revision != head else None,
        backup_made=backup_made,
    )


def _open_read_only(path: Path, revision: str | None, head: str) -> Database:
    if revision != head:
        raise StorageError(
            f"工作区“{path}”是较早版本的程序保存的（数据库版本 {revision or '无'}），"
            "需要先升级才能打开；以只读方式打开时不能升级。请把数据文件夹复制到本机可写的磁盘后"
            "再打开（程序会先备份再升级）。",
            code="db.read_only_old",
            details={"revision": revision},
        )
    engine = create_sqlite_engine(path, read_only=True)
    return Database(
        engine=engine,
        sessions=_session_factory(engine),
        read_sessions=_read_session_factory(engine),
        path=path,
        read_only=True,
    )


def can_write(path: Path) -> bool:
    """Whether the database file and its folder can be written (the journal lives beside it)."""
    folder = path.parent
    return os.access(folder, os.W_OK) and (not path.exists() or os.access(path, os.W_OK))


# ------------------------------------------------------------------ shared server


def _server_database(engine: Engine, **extra: object) -> Database:
    return Database(
        engine=engine,
        sessions=_session_factory(engine),
        read_sessions=_read_session_factory(engine),
        server=redact(engine.url),
        **extra,  # type: ignore[arg-type]
    )


def create_server_database(url: str, *, password: str | None = None) -> Database:
    """Prepare a database on a server for a new workspace: it must hold no workspace yet.

    An empty database gets the whole schema (one transaction, taken under the writer lock);
    one that already has our schema at the newest revision and no workspace is used as it is.
    """
    engine = create_server_engine(url, password=password)
    try:
        state = server_state(engine)
        if state is ServerState.FOREIGN:
            raise _foreign_server(engine)
        if state is ServerState.OURS:
            raise StorageError(
                f"数据库服务器“{redact(engine.url)}”上已经有工作区，不能重复新建。"
                "请直接连接使用，或换一个空的数据库。",
                code="workspace.exists",
            )
        with engine.begin() as connection:
            revision = current_revision(connection)
            if revision != head_revision():
                if revision is not None:
                    raise _old_schema_without_workspace(engine, revision)
                upgrade_to_head(connection)
    except OperationalError as exc:
        engine.dispose()
        raise connection_error(url, exc) from exc
    except BaseException:
        engine.dispose()
        raise
    return _server_database(engine)


def open_server_database(
    url: str,
    *,
    password: str | None = None,
    on_migrate: Callable[[str | None, str], None] | None = None,
) -> Database:
    """Open the workspace on a server, refusing a foreign or newer schema untouched.

    An older schema is upgraded in one transaction under the writer lock (PostgreSQL's DDL is
    transactional: a failed upgrade leaves the database as it was), so when several clerks
    start a new version at once, one upgrades and the others find it done.  There is no file
    to back up: the server's own backups (``pg_dump``) cover it.
    """
    engine = create_server_engine(url, password=password)
    try:
        state = server_state(engine)
        if state is ServerState.FOREIGN:
            raise _foreign_server(engine)
        if state is not ServerState.OURS:
            raise StorageError(
                f"找不到工作区数据库：数据库服务器“{redact(engine.url)}”上还没有工作区。请先新建工作区"
                "（或用 migrate-to 把现有工作区复制到服务器）。",
                code="db.missing",
            )
        with engine.connect() as connection:
            revision = current_revision(connection)
            connection.rollback()
        head = head_revision()
        if revision is not None and revision not in known_revisions():
            raise StorageError(
                f"服务器上的工作区由较新版本的 NLTS 程序创建（数据库版本 {revision}），"
                f"当前程序版本 {__version__} 无法打开。请安装最新版本后再连接；"
                "数据库未作任何改动。",
                code="db.newer",
                details={"revision": revision},
            )
        if revision != head:
            if on_migrate is not None:
                on_migrate(revision, head)
            with engine.begin() as connection:
                if current_revision(connection) != head:
                    upgrade_to_head(connection)
    except OperationalError as exc:
        engine.dispose()
        raise connection_error(url, exc) from exc
    except BaseException:
        engine.dispose()
        raise
    return _server_database(engine, migrated_from=revision if revision != head else None)


def server_has_workspace(url: str, *, password: str | None = None) -> bool | None:
    """Whether the server database holds a workspace; None when it cannot be asked."""
    engine = create_server_engine(url, password=password)
    try:
        return server_state(engine) is ServerState.OURS
    except StorageError:
        return None
    finally:
        engine.dispose()


def _foreign_server(engine: Engine) -> StorageError:
    return StorageError(
        f"数据库服务器“{redact(engine.url)}”上的数据库已有其他程序的表，不是 NLTS 工作区。"
        "程序没有改动它；请换一个空的数据库。",
        code="db.foreign",
    )


def _old_schema_without_workspace(engine: Engine, revision: str) -> StorageError:
    return StorageError(
        f"数据库服务器“{redact(engine.url)}”上的数据库结构是旧版本（{revision}），"
        "其中又没有工作区。请换一个空的数据库。",
        code="db.foreign",
    )
