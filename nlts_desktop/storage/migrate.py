"""Alembic migrations, run by the program on its own connection (backup first).

Opening a workspace only needs to know the newest revision and the ones this program can
upgrade from; those are read from the migration files themselves (``revision = …`` /
``down_revision = …``), so Alembic (0.1 s of start-up) is imported only when a migration runs.
``tests/unit/storage/test_migrations.py`` checks the reading against Alembic's own graph.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
_ASSIGNMENT = re.compile(r"^(revision|down_revision)\s*=\s*(?:['\"]([^'\"]+)['\"]|None)", re.M)


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic config pointing at our scripts, carrying the connection to use."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


@cache
def revision_graph() -> dict[str, str | None]:
    """Each revision of the migration files with the one it follows (None for the first)."""
    graph: dict[str, str | None] = {}
    for script in sorted((MIGRATIONS_DIR / "versions").glob("*.py")):
        found = {m[1]: m[2] for m in _ASSIGNMENT.finditer(script.read_text(encoding="utf-8"))}
        if found.get("revision"):
            graph[found["revision"]] = found.get("down_revision") or None
    return graph


def head_revision() -> str:
    """The newest schema revision this program knows (the one nothing follows)."""
    graph = revision_graph()
    heads = set(graph) - {down for down in graph.values() if down}
    if len(heads) != 1:
        raise RuntimeError(f"the migrations must have exactly one head, found {sorted(heads)}")
    return heads.pop()


def known_revisions() -> frozenset[str]:
    """Every schema revision this program can open (and upgrade from)."""
    return frozenset(revision_graph())


def current_revision(connection: Connection) -> str | None:
    """The revision stamped in the database, None when it has none."""
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


def upgrade_to_head(connection: Connection) -> None:
    """Apply every pending migration on the given connection (inside its transaction)."""
    from alembic import command

    command.upgrade(alembic_config(connection), "head")
