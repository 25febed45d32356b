"""Alembic environment: runs on the connection the program hands over (never a URL)."""

from __future__ import annotations

from alembic import context

from nlts_desktop.storage import models  # noqa: F401  (registers every table)
from nlts_desktop.storage.base import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - the program always passes a connection
    raise RuntimeError("NLTS migrations run only through nlts_desktop.storage.migrate")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
