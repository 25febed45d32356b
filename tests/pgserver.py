"""The test run on a real PostgreSQL server (``NLTS_TEST_PG``, see scripts/test-postgres).

Every data folder a test makes works on its own fresh database on that server, as if a clerk
had set the folder to a shared server (``server.json``): ``paths.server_profile`` answers with
a database named after the folder, made on first use from a template that holds the migrated
schema (the migrations themselves run once per test session, on the server).  Child processes
(the command-line tests) get the same through ``tests/pgsite/sitecustomize.py``.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ProgrammingError

ENV = "NLTS_TEST_PG"
# One test run's databases (children inherit the run's names through the environment), so
# two runs on one server never drop each other's.
RUN_ENV = "NLTS_TEST_PG_RUN"
RUN = os.environ.get(RUN_ENV) or f"r{os.getpid()}"
TEMPLATE = f"{RUN}_template"
PREFIX = f"{RUN}_w_"
_made: set[str] = set()


def server() -> str | None:
    """The maintenance address of the test server, None when the run is on SQLite."""
    return os.environ.get(ENV) or None


def _admin():  # type: ignore[no-untyped-def]
    url = server()
    assert url is not None
    return create_engine(url, isolation_level="AUTOCOMMIT", poolclass=None)


def _database_url(name: str) -> str:
    url = make_url(server() or "")
    return url.set(database=name).render_as_string(hide_password=False)


def prepare_template() -> None:
    """The template database with the schema made by the real migrations (once a session)."""
    from nlts_desktop.storage.database import create_server_database

    engine = _admin()
    with engine.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {TEMPLATE} WITH (FORCE)"))
        connection.execute(text(f"CREATE DATABASE {TEMPLATE}"))
    engine.dispose()
    create_server_database(_database_url(TEMPLATE)).dispose()


def _name(root: Path) -> str:
    return PREFIX + hashlib.sha1(str(root).encode()).hexdigest()[:24]


def folder_database(root: Path) -> str:
    """The fresh database of one data folder (made from the template on first use)."""
    name = _name(root)
    if name not in _made:
        engine = _admin()
        try:
            with engine.connect() as connection:
                exists = connection.execute(
                    text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}
                ).first()
                if exists is None:
                    # (made meanwhile by another process: fine)
                    with contextlib.suppress(ProgrammingError):
                        connection.execute(
                            text(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE} STRATEGY FILE_COPY")
                        )
        finally:
            engine.dispose()
        _made.add(name)
    return _database_url(name)


def folder_databases() -> set[str]:
    """The folder databases of this run that exist now."""
    engine = _admin()
    with engine.connect() as connection:
        names = set(
            connection.execute(
                text("SELECT datname FROM pg_database WHERE starts_with(datname, :p)"),
                {"p": PREFIX},
            ).scalars()
        )
    engine.dispose()
    return names


def drop_folder_databases(keep: set[str] | frozenset[str] = frozenset()) -> None:
    """Drop the folder databases made since ``keep`` was taken (after each test)."""
    gone = folder_databases() - keep
    _made.difference_update(gone)
    if not gone:
        return
    engine = _admin()
    with engine.connect() as connection:
        for name in sorted(gone):
            connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    engine.dispose()


def drop_template() -> None:
    """At the end of the run (with every folder database left)."""
    drop_folder_databases()
    engine = _admin()
    with engine.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {TEMPLATE} WITH (FORCE)"))
    engine.dispose()


def claim_run() -> None:
    """In a pytest process (each xdist worker too): this process's own names, for its children."""
    global RUN, TEMPLATE, PREFIX
    RUN = f"r{os.getpid()}"
    TEMPLATE = f"{RUN}_template"
    PREFIX = f"{RUN}_w_"
    os.environ[RUN_ENV] = RUN


def install() -> None:
    """Send every data folder without its own server setting to its test database."""
    import nlts_desktop.paths as paths

    original = paths.server_profile

    def profile(root: Path) -> str | None:
        return original(root) or folder_database(root)

    paths.server_profile = profile  # type: ignore[assignment]


def copy_folder_database(source: Path, target: Path) -> None:
    """A data folder copied by a test: its database is copied too (the source must be closed)."""
    name = _name(target)
    engine = _admin()
    with engine.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        connection.execute(
            text(f"CREATE DATABASE {name} TEMPLATE {_name(source)} STRATEGY FILE_COPY")
        )
    engine.dispose()
    _made.add(name)


def copy_data_folder(source: Path, target: Path) -> None:
    """``shutil.copytree`` of a data folder, with its server database in the PostgreSQL run."""
    import shutil

    shutil.copytree(source, target)
    if server():
        copy_folder_database(source.absolute(), target.absolute())
