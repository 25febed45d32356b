"""Audit entries written in the same transaction as the change they record, in a hash chain.

ORM changes are recorded automatically by an ``after_flush`` hook (ids are known then and
the attribute history still holds the old values).  Bulk Core writes, which bypass the ORM,
record one summary entry through :func:`record_audit`.

Every entry is a link of a hash chain: ``row_hash = sha256(prev_hash + canonical text)``, where
``prev_hash`` is the row hash of the entry before it (``GENESIS_HASH`` for the first) and the
canonical text is the JSON array of the entry's time (naive UTC ISO), actor, action, entity,
entity id, school id, teacher id, summary and before/after JSON.  A one-row head
(``audit_head``: last id, last hash, count) is updated in the same transaction, so
:func:`verify_chain` finds an edited entry (its hash), a deleted or inserted one (the next
entry's ``prev_hash``) and entries deleted from the end (the head).  Writers hold SQLite's
write lock from ``BEGIN IMMEDIATE``, so links are appended one transaction at a time; on
PostgreSQL the head row is locked with ``SELECT … FOR UPDATE``.

The chain has no secret key: someone who can rewrite the database file can also recompute
every hash.  It makes an edit by hand (a SQLite browser, a script) visible, which is its job.

ID numbers are stored masked and passwords, hashes and secrets as ``***``
(:mod:`nlts_desktop.domain.masking`).
"""

from __future__ import annotations

import enum
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any, cast

from sqlalchemy import (
    Connection,
    String,
    Table,
    func,
    insert,
    inspect,
    select,
    type_coerce,
    update,
)
from sqlalchemy.orm import Session, sessionmaker

from nlts_desktop.domain.masking import mask_id_numbers, masked_json
from nlts_desktop.storage.base import Base, utcnow
from nlts_desktop.storage.models import AuditEntry, AuditHead, School, Teacher

ACTOR_KEY = "actor"
SYSTEM_ACTOR = "system"
GENESIS_HASH = "0" * 64
HEAD_ID = 1
FAILED = "审计日志校验失败"
_SKIPPED_COLUMNS = frozenset({"created_at", "updated_at", "version"})
_AUDIT_TABLES = (AuditEntry, AuditHead)
_ENTRIES = cast(Table, AuditEntry.__table__)
_HEAD = cast(Table, AuditHead.__table__)
# The columns a link's hash covers, in the order of its canonical text.
CHAINED_COLUMNS = (
    "at",
    "actor",
    "action",
    "entity",
    "entity_id",
    "school_id",
    "teacher_id",
    "summary",
    "before_json",
    "after_json",
)
_VERIFY_BATCH = 5_000


# ------------------------------------------------------------------ values


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    return value


def _dump(values: dict[str, Any]) -> str | None:
    return masked_json(values) if values else None


@lru_cache(maxsize=64)
def _columns_of(mapper: Any) -> tuple[str, ...]:
    return tuple(attr.key for attr in mapper.column_attrs if attr.key not in _SKIPPED_COLUMNS)


def _columns(obj: Base) -> tuple[str, ...]:
    return _columns_of(inspect(obj).mapper)


def _snapshot(obj: Base) -> dict[str, Any]:
    return {key: _plain(getattr(obj, key)) for key in _columns(obj)}


def _changes(obj: Base) -> tuple[dict[str, Any], dict[str, Any]]:
    state = inspect(obj)
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for key in _columns(obj):
        history = state.attrs[key].history
        if not history.has_changes():
            continue
        before[key] = _plain(history.deleted[0] if history.deleted else None)
        after[key] = _plain(history.added[0] if history.added else None)
    return before, after


def _int_or_none(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _scope(obj: Base) -> tuple[int | None, int | None]:
    """(school_id, teacher_id) of an object, from what is loaded (never a lazy load)."""
    loaded = inspect(obj).dict
    if isinstance(obj, School):
        return _int_or_none(loaded.get("id")), None
    if isinstance(obj, Teacher):
        return _int_or_none(loaded.get("school_id")), _int_or_none(loaded.get("id"))
    return _int_or_none(loaded.get("school_id")), _int_or_none(loaded.get("teacher_id"))


# ------------------------------------------------------------------ the chain


def at_text(moment: datetime | str) -> str:
    """A time as the chain hashes it: naive UTC, ISO with microseconds.

    Also takes the time as SQLite stores it (text, naive UTC), read without conversion.
    """
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.isoformat(sep=" ", timespec="microseconds")


_CANONICAL = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def _canonical(items: Sequence[Any]) -> str:
    return _CANONICAL.encode([at_text(items[0]), *items[1:]])


def _link(prev_hash: str, items: Sequence[Any]) -> str:
    """sha256 of ``prev_hash`` and the JSON array of CHAINED_COLUMNS values (in order)."""
    return hashlib.sha256((prev_hash + _canonical(items)).encode("utf-8")).hexdigest()


def canonical_text(values: Any) -> str:
    """The entry's chained values (a mapping or row with CHAINED_COLUMNS) as compact JSON."""
    return _canonical([values[name] for name in CHAINED_COLUMNS])


def link_hash(prev_hash: str, values: Any) -> str:
    """The row hash of an entry following ``prev_hash``."""
    return _link(prev_hash, [values[name] for name in CHAINED_COLUMNS])


def _rebuild_head(connection: Connection) -> tuple[int | None, str, int]:
    """A missing head made again from the entries there are, with an entry saying so."""
    last = connection.execute(
        select(_ENTRIES.c.id, _ENTRIES.c.row_hash).order_by(_ENTRIES.c.id.desc()).limit(1)
    ).first()
    count = connection.execute(select(func.count()).select_from(_ENTRIES)).scalar_one()
    head = (last[0], last[1], int(count)) if last is not None else (None, GENESIS_HASH, 0)
    connection.execute(
        insert(_HEAD), [{"id": HEAD_ID, "last_id": head[0], "last_hash": head[1], "count": head[2]}]
    )
    if last is not None:
        # Entries deleted together with the head can no longer be detected: say it in the log.
        _chain_rows(
            connection,
            head,
            [
                {
                    "at": utcnow(),
                    "actor": SYSTEM_ACTOR,
                    "action": "audit",
                    "entity": "audit_head",
                    "entity_id": None,
                    "school_id": None,
                    "teacher_id": None,
                    "summary": (
                        f"审计日志的链头记录缺失，已按现有的 {count} 条记录重建；"
                        "此前日志末尾的记录可能已被删除。"
                    ),
                    "before_json": None,
                    "after_json": None,
                }
            ],
        )
        return _read_head(connection) or head
    return head


def _read_head(connection: Connection) -> tuple[int | None, str, int] | None:
    row = connection.execute(
        select(_HEAD.c.last_id, _HEAD.c.last_hash, _HEAD.c.count)
        .where(_HEAD.c.id == HEAD_ID)
        .with_for_update()
    ).first()
    return None if row is None else (row[0], row[1], row[2])


def _chain_rows(
    connection: Connection, head: tuple[int | None, str, int], rows: list[dict[str, Any]]
) -> None:
    """Chain ``rows`` after ``head``, insert them and move the head, on ``connection``."""
    prev = head[1]
    for row in rows:
        row["prev_hash"] = prev
        prev = row["row_hash"] = link_hash(prev, row)
    ids = connection.execute(
        insert(_ENTRIES).returning(_ENTRIES.c.id, sort_by_parameter_order=True), rows
    ).scalars()
    last_id = list(ids)[-1]
    connection.execute(
        update(_HEAD)
        .where(_HEAD.c.id == HEAD_ID)
        .values(last_id=last_id, last_hash=prev, count=head[2] + len(rows))
    )


def append_entries(connection: Connection, rows: Sequence[dict[str, Any]]) -> None:
    """Append audit entries (every CHAINED_COLUMNS key) to the chain, in the caller's
    transaction; the head row is read and locked first."""
    if not rows:
        return
    head = _read_head(connection)
    if head is None:
        head = _rebuild_head(connection)
    _chain_rows(connection, head, [dict(row) for row in rows])


@dataclass(frozen=True)
class ChainReport:
    """The outcome of checking the audit chain; ``problem`` starts with 审计日志校验失败."""

    ok: bool
    checked: int
    first_bad_id: int | None = None
    problem: str | None = None


def _failed(checked: int, bad_id: int | None, text: str) -> ChainReport:
    return ChainReport(False, checked, bad_id, f"{FAILED}：{text}")


def verify_chain(session: Session) -> ChainReport:
    """Check every entry's hash and link, in id order, and the head against the last entry."""
    # The time as stored (no conversion per row: at_text reads SQLite's text directly).
    columns = [
        type_coerce(_ENTRIES.c.at, String) if name == "at" else _ENTRIES.c[name]
        for name in CHAINED_COLUMNS
    ]
    query = (
        select(_ENTRIES.c.id, _ENTRIES.c.prev_hash, _ENTRIES.c.row_hash, *columns)
        .order_by(_ENTRIES.c.id)
        .execution_options(yield_per=_VERIFY_BATCH)
    )
    checked = 0
    prev_id: int | None = None
    prev_hash = GENESIS_HASH
    for row in session.execute(query):
        entry_id, stored_prev, stored_hash = row[0], row[1], row[2]
        if _link(stored_prev or "", row[3:]) != stored_hash:
            return _failed(
                checked,
                entry_id,
                f"第 {entry_id} 条记录的内容与其校验值不符，这条记录在写入后被改动过。",
            )
        if stored_prev != prev_hash:
            where = (
                "它是现存的第一条记录，此前的记录"
                if prev_id is None
                else f"它与前一条现存记录（第 {prev_id} 条）之间的记录"
            )
            return _failed(
                checked,
                entry_id,
                f"第 {entry_id} 条记录与前一条记录接不上：{where}已被删除、插入或改动。",
            )
        checked += 1
        prev_id, prev_hash = entry_id, stored_hash
    head = session.execute(
        select(_HEAD.c.last_id, _HEAD.c.last_hash, _HEAD.c.count).where(_HEAD.c.id == HEAD_ID)
    ).first()
    if head is None:
        return _failed(checked, None, "审计日志的链头记录缺失，无法确认日志末尾的记录是否完整。")
    last_id, last_hash, count = head
    if last_id != prev_id or last_hash != prev_hash or count != checked:
        if last_id is not None and (prev_id is None or prev_id < last_id):
            missing = count - checked
            return _failed(
                checked,
                last_id,
                f"第 {last_id} 条记录（日志的最后一条）已不存在："
                f"日志末尾有 {missing if missing > 0 else '若干'} 条记录已被删除。",
            )
        return _failed(
            checked,
            prev_id,
            f"第 {prev_id} 条记录不在程序记下的日志末尾之后（应有 {count} 条，现有 {checked} 条）："
            "日志末尾有记录被插入或改动。",
        )
    return ChainReport(True, checked)


# ------------------------------------------------------------------ writers


def _after_flush(session: Session, _flush_context: Any) -> None:
    actor = str(session.info.get(ACTOR_KEY, SYSTEM_ACTOR))
    now = utcnow()
    rows: list[dict[str, Any]] = []

    def add(obj: Base, action: str, before: dict[str, Any], after: dict[str, Any]) -> None:
        school_id, teacher_id = _scope(obj)
        rows.append(
            {
                "at": now,
                "actor": actor,
                "action": action,
                "entity": obj.__tablename__,
                "entity_id": getattr(obj, "id", None),
                "school_id": school_id,
                "teacher_id": teacher_id,
                "summary": None,
                "before_json": _dump(before),
                "after_json": _dump(after),
            }
        )

    for obj in session.new:
        if isinstance(obj, Base) and not isinstance(obj, _AUDIT_TABLES):
            add(obj, "create", {}, _snapshot(obj))
    for obj in session.dirty:
        if isinstance(obj, Base) and not isinstance(obj, _AUDIT_TABLES):
            before, after = _changes(obj)
            if after:
                add(obj, "update", before, after)
    for obj in session.deleted:
        if isinstance(obj, Base) and not isinstance(obj, _AUDIT_TABLES):
            add(obj, "delete", _snapshot(obj), {})
    if rows:
        connection = session.connection()
        _fill_schools(connection, rows)
        # Core on the flush's own connection: same transaction, no nested flush.
        append_entries(connection, rows)


def _fill_schools(connection: Connection, rows: list[dict[str, Any]]) -> None:
    """The school of entries that name only a teacher (hour records, scores, …)."""
    wanted = {r["teacher_id"] for r in rows if r["teacher_id"] and r["school_id"] is None}
    if not wanted:
        return
    table = cast(Table, Teacher.__table__)
    found = {
        teacher_id: school_id
        for teacher_id, school_id in connection.execute(
            select(table.c.id, table.c.school_id).where(table.c.id.in_(wanted))
        ).all()
    }
    for row in rows:
        if row["school_id"] is None and row["teacher_id"] in found:
            row["school_id"] = found[row["teacher_id"]]


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
    school_id: int | None = None,
    teacher_id: int | None = None,
) -> None:
    """One explicit audit entry, e.g. for a bulk write that bypasses the ORM.

    The school and teacher default to ``after``'s ``school_id`` / ``teacher_id``.
    """
    values = after or {}
    append_entries(
        session.connection(),
        [
            {
                "at": utcnow(),
                "actor": str(session.info.get(ACTOR_KEY, SYSTEM_ACTOR)),
                "action": action,
                "entity": entity,
                "entity_id": entity_id,
                "school_id": school_id
                if school_id is not None
                else _int_or_none(values.get("school_id")),
                "teacher_id": teacher_id
                if teacher_id is not None
                else _int_or_none(values.get("teacher_id")),
                "summary": mask_id_numbers(summary),
                "before_json": None,
                "after_json": _dump(values),
            }
        ],
    )
