"""Audit entries written in the same transaction as the change they record.

ORM changes are recorded automatically by an ``after_flush`` hook (ids are known then and
the attribute history still holds the old values).  Bulk Core writes, which bypass the ORM,
record one summary entry through :func:`record_audit`.
"""

from __future__ import annotations

import enum
import json
from datetime import date, datetime
from typing import Any

from sqlalchemy import insert, inspect
from sqlalchemy.orm import Session, sessionmaker

from nlts_desktop.storage.base import Base, utcnow
from nlts_desktop.storage.models import AuditEntry

ACTOR_KEY = "actor"
SYSTEM_ACTOR = "system"
# Never copied into the audit log.
_SECRET_COLUMNS = frozenset({"password_hash"})
_SKIPPED_COLUMNS = frozenset({"created_at", "updated_at", "version"})


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    return value


def _dump(values: dict[str, Any]) -> str | None:
    if not values:
        return None
    return json.dumps(values, ensure_ascii=False, sort_keys=True, default=str)


def _columns(obj: Base) -> list[str]:
    return [
        attr.key for attr in inspect(obj).mapper.column_attrs if attr.key not in _SKIPPED_COLUMNS
    ]


def _snapshot(obj: Base) -> dict[str, Any]:
    return {
        key: ("***" if key in _SECRET_COLUMNS else _plain(getattr(obj, key)))
        for key in _columns(obj)
    }


def _changes(obj: Base) -> tuple[dict[str, Any], dict[str, Any]]:
    state = inspect(obj)
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for key in _columns(obj):
        history = state.attrs[key].history
        if not history.has_changes():
            continue
        old = history.deleted[0] if history.deleted else None
        new = history.added[0] if history.added else None
        if key in _SECRET_COLUMNS:
            old, new = "***", "***"
        before[key] = _plain(old)
        after[key] = _plain(new)
    return before, after


def _after_flush(session: Session, _flush_context: Any) -> None:
    actor = str(session.info.get(ACTOR_KEY, SYSTEM_ACTOR))
    now = utcnow()
    rows: list[dict[str, Any]] = []

    def add(obj: Base, action: str, before: dict[str, Any], after: dict[str, Any]) -> None:
        rows.append(
            {
                "at": now,
                "actor": actor,
                "action": action,
                "entity": obj.__tablename__,
                "entity_id": getattr(obj, "id", None),
                "summary": None,
                "before_json": _dump(before),
                "after_json": _dump(after),
            }
        )

    for obj in session.new:
        if isinstance(obj, Base) and not isinstance(obj, AuditEntry):
            add(obj, "create", {}, _snapshot(obj))
    for obj in session.dirty:
        if isinstance(obj, Base) and not isinstance(obj, AuditEntry):
            before, after = _changes(obj)
            if after:
                add(obj, "update", before, after)
    for obj in session.deleted:
        if isinstance(obj, Base) and not isinstance(obj, AuditEntry):
            add(obj, "delete", _snapshot(obj), {})
    if rows:
        # Core insert on the flush's own connection: same transaction, no nested flush.
        session.connection().execute(insert(AuditEntry), rows)


def install_audit(factory: sessionmaker[Session]) -> None:
    """Record an audit entry for every ORM write made through sessions of ``factory``."""
    from sqlalchemy import event

    event.listen(factory, "after_flush", _after_flush)


def record_audit(
    session: Session,
    *,
    action: str,
    entity: str,
    summary: str,
    entity_id: int | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    """One explicit audit entry, e.g. for a bulk write that bypasses the ORM."""
    session.execute(
        insert(AuditEntry),
        [
            {
                "at": utcnow(),
                "actor": str(session.info.get(ACTOR_KEY, SYSTEM_ACTOR)),
                "action": action,
                "entity": entity,
                "entity_id": entity_id,
                "summary": summary,
                "before_json": None,
                "after_json": _dump(after or {}),
            }
        ],
    )
