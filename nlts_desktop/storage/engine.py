"""The connection policy, in one place: pragmas, transactions, journal mode.

Every SQLite connection gets ``foreign_keys=ON``, ``synchronous=FULL`` and a busy timeout.
pysqlite's own transaction handling is switched off and every transaction starts with our
own ``BEGIN IMMEDIATE`` (plain, deferred ``BEGIN`` for reads), so DDL in migrations is
transactional and a writer takes its lock up front instead of failing half-way.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.pool import ConnectionPoolEntry

# "NLTS" in ASCII: written into the SQLite header at offset 68 so foreign files are refused.
APPLICATION_ID = 0x4E4C5453
BUSY_TIMEOUT_MS = 5000
# Execution option marking a connection used only for reading (deferred BEGIN).
READ_OPTION = "nlts_read_only"
# SQLite releases before 3.51.3 have the WAL-reset race; use the rollback journal there.
WAL_MIN_VERSION = (3, 51, 3)


def journal_mode() -> str:
    """The journal mode this runtime's SQLite can use safely."""
    return "WAL" if sqlite3.sqlite_version_info >= WAL_MIN_VERSION else "DELETE"


def _configure_connection(dbapi_connection: DBAPIConnection, read_only: bool) -> None:
    # We issue BEGIN ourselves (see _begin); pysqlite must not.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        if not read_only:
            cursor.execute("PRAGMA synchronous=FULL")
            cursor.execute(f"PRAGMA journal_mode={journal_mode()}")
    finally:
        cursor.close()


def create_sqlite_engine(path: Path, *, read_only: bool = False, echo: bool = False) -> Engine:
    """An engine on a workspace file with the connection policy applied."""
    if read_only:
        url = f"sqlite+pysqlite:///file:{path.as_posix()}?mode=ro&uri=true"
    else:
        url = f"sqlite+pysqlite:///{path.as_posix()}"
    engine = create_engine(url, echo=echo, connect_args={"check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: DBAPIConnection, _record: ConnectionPoolEntry) -> None:
        _configure_connection(dbapi_connection, read_only)

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        # Writers take the write lock up front; readers (a read-only engine, or sessions made
        # with the READ_OPTION) begin deferred, so reads never wait on one another.
        deferred = read_only or connection.get_execution_options().get(READ_OPTION, False)
        connection.exec_driver_sql("BEGIN" if deferred else "BEGIN IMMEDIATE")

    return engine


def is_sqlite(engine: Engine) -> bool:
    """Whether the engine is the embedded SQLite store."""
    return engine.dialect.name == "sqlite"
