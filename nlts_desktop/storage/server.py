"""The shared-server store: a workspace in a PostgreSQL database that several clerks use.

A data folder that works on a server holds ``server.json`` with the connection address
*without* the password (``paths.save_server``); the password is asked at sign-in, or comes
from libpq's own password file (``pgpass.conf``) or ``PGPASSWORD``.  Keys, evidence files,
exports and backups stay in the local data folder.

The connection policy mirrors SQLite's (``storage/engine.py``) so the services behave alike:

- every write transaction first takes one transaction-level advisory lock, so writers queue
  one after another as they do behind SQLite's ``BEGIN IMMEDIATE``.  Edits and imports then
  cannot deadlock (each writer holds every lock it needs from its first statement), and the
  audit chain appends in commit order;
- reads run at REPEATABLE READ: one consistent snapshot per read, waiting on no writer;
- a writer that waits longer than ``LOCK_TIMEOUT_MS`` gives up with "数据库正被占用".
"""

from __future__ import annotations

import enum
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError

from nlts_desktop.domain.errors import StorageError
from nlts_desktop.storage.engine import READ_OPTION

DRIVER = "postgresql+psycopg"
# The one writer lock (an arbitrary constant: "NLTS" in ASCII).
WRITER_LOCK_KEY = 0x4E4C5453
LOCK_TIMEOUT_MS = 30_000
CONNECT_TIMEOUT_S = 10
# Tables that make a database one of ours (besides Alembic's stamp).
MARKER_TABLES = ("alembic_version", "workspace", "audit_head")


def parse_url(value: str) -> URL:
    """A server address as SQLAlchemy's URL, always with our driver; Chinese message if bad."""
    raw = value.strip()
    if raw.lower().startswith("postgres://"):
        raw = "postgresql://" + raw[len("postgres://") :]
    try:
        url = make_url(raw)
    except ArgumentError:
        url = None
    if url is None or not url.drivername.startswith("postgresql") or not url.database:
        raise StorageError(
            f"数据库服务器地址“{redact(value)}”格式不对。应为 "
            "postgresql+psycopg://用户名@服务器地址:端口/数据库名，"
            "如 postgresql+psycopg://nlts@192.168.1.10:5432/nlts。",
            code="server.url",
        )
    return url.set(drivername=DRIVER)


def redact(value: str | URL) -> str:
    """The address with any password hidden, for messages, logs and settings."""
    if isinstance(value, URL):
        return value.render_as_string(hide_password=True)
    try:
        return make_url(value.strip()).render_as_string(hide_password=True)
    except ArgumentError:
        return value.split("@")[-1] if "@" in value else value


def without_password(url: URL) -> URL:
    """The address as it may be kept in settings (``URL.set(password=None)`` keeps it)."""
    return URL.create(
        url.drivername,
        username=url.username,
        host=url.host,
        port=url.port,
        database=url.database,
        query=url.query,
    )


def public_address(value: str) -> str:
    """The address without any password: for settings, messages and the audit log."""
    return without_password(parse_url(value)).render_as_string(hide_password=False)


# ---------------------------------------------------------------------- engines


def create_server_engine(url: str | URL, *, password: str | None = None) -> Engine:
    """An engine on a workspace database on a server, with the connection policy applied."""
    address = parse_url(url) if isinstance(url, str) else url.set(drivername=DRIVER)
    if password:
        address = address.set(password=password)
    engine = create_engine(
        address,
        pool_pre_ping=True,
        pool_size=4,
        max_overflow=4,
        connect_args={
            "connect_timeout": CONNECT_TIMEOUT_S,
            "application_name": "NLTS Desktop",
            "options": f"-c lock_timeout={LOCK_TIMEOUT_MS} -c TimeZone=UTC",
        },
    )

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        if connection.get_execution_options().get(READ_OPTION, False):
            connection.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        else:
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITER_LOCK_KEY})")

    return engine


def connection_error(url: str | URL, exc: BaseException) -> StorageError:
    """A failed connection, told plainly (never with the password)."""
    detail = str(getattr(exc, "orig", exc)).strip().splitlines()[0] if str(exc) else ""
    lowered = detail.lower()
    if "password" in lowered:
        reason = "用户名或密码不对（或服务器要求密码而没有提供）"
        code = "server.auth"
    elif "does not exist" in lowered and "database" in lowered:
        reason = "服务器上没有这个数据库，请让管理员先建立（见使用说明）"
        code = "server.no_database"
    else:
        reason = "服务器没有响应，请检查网络、服务器地址和端口，或稍后重试"
        code = "server.unreachable"
    return StorageError(
        f"无法连接数据库服务器“{redact(url)}”：{reason}。（{detail}）",
        code=code,
        details={"detail": detail},
    )


class ServerState(enum.Enum):
    """What a server database holds, as far as the workspace is concerned."""

    EMPTY = "empty"  # no tables: a new workspace may be made here
    SCHEMA_ONLY = "schema_only"  # our schema, no workspace row yet
    OURS = "ours"
    FOREIGN = "foreign"


def server_state(engine: Engine) -> ServerState:
    """Look at the database's tables (read only)."""
    try:
        with engine.connect() as connection:
            tables = set(inspect(connection).get_table_names())
            if not tables:
                return ServerState.EMPTY
            if not set(MARKER_TABLES) <= tables:
                return ServerState.FOREIGN
            has_row = connection.execute(text("SELECT 1 FROM workspace LIMIT 1")).first()
            return ServerState.OURS if has_row else ServerState.SCHEMA_ONLY
    except DBAPIError as exc:
        raise connection_error(engine.url, exc) from exc
