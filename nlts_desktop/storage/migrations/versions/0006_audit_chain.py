"""audit log: school and teacher of each entry, the hash chain and its head

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24

Existing entries get their school and teacher where they can be derived (entries about
teachers and schools; entries whose before/after values name a school_id or teacher_id; a
teacher's school from the teachers table), their stored ID numbers masked (the older entries
held them in full), and then the chain in id order, ending in the head row.  The chain is the
one of ``nlts_desktop.storage.audit`` (``link_hash``), so the program verifies what this
migration computes.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

from nlts_desktop.domain.masking import mask_id_numbers, masked_json
from nlts_desktop.storage.audit import GENESIS_HASH, HEAD_ID, link_hash

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_BATCH = 2_000


def _json(text: str | None) -> dict[str, Any]:
    if not text:
        return {}
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _id(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _remask(text: str | None) -> str | None:
    if not text:
        return text
    try:
        value = json.loads(text)
    except ValueError:
        return mask_id_numbers(text)
    return masked_json(value)


def _scope(
    entity: str, entity_id: int | None, before: dict[str, Any], after: dict[str, Any]
) -> tuple[int | None, int | None]:
    school = _id(after.get("school_id")) or _id(before.get("school_id"))
    teacher = _id(after.get("teacher_id")) or _id(before.get("teacher_id"))
    if entity == "schools":
        school = entity_id
    elif entity == "teachers":
        teacher = entity_id
    return school, teacher


def _backfill(connection: sa.Connection) -> tuple[int | None, str, int]:
    """Scope, masking and the chain over every existing entry; returns the head."""
    entries = sa.table(
        "audit_entries",
        sa.column("id", sa.Integer),
        sa.column("at", sa.String),
        sa.column("actor", sa.String),
        sa.column("action", sa.String),
        sa.column("entity", sa.String),
        sa.column("entity_id", sa.Integer),
        sa.column("summary", sa.Text),
        sa.column("before_json", sa.Text),
        sa.column("after_json", sa.Text),
        sa.column("school_id", sa.Integer),
        sa.column("teacher_id", sa.Integer),
        sa.column("prev_hash", sa.String),
        sa.column("row_hash", sa.String),
    )
    schools_of = {
        teacher: school
        for teacher, school in connection.execute(
            sa.text("SELECT id, school_id FROM teachers")
        ).all()
    }
    update = (
        sa.update(entries)
        .where(entries.c.id == sa.bindparam("entry_id"))
        .values(
            summary=sa.bindparam("summary"),
            before_json=sa.bindparam("before_json"),
            after_json=sa.bindparam("after_json"),
            school_id=sa.bindparam("school_id"),
            teacher_id=sa.bindparam("teacher_id"),
            prev_hash=sa.bindparam("prev_hash"),
            row_hash=sa.bindparam("row_hash"),
        )
    )
    last_id: int | None = None
    prev = GENESIS_HASH
    count = 0
    while True:
        query = sa.select(
            entries.c.id,
            entries.c.at,
            entries.c.actor,
            entries.c.action,
            entries.c.entity,
            entries.c.entity_id,
            entries.c.summary,
            entries.c.before_json,
            entries.c.after_json,
        ).order_by(entries.c.id)
        if last_id is not None:
            query = query.where(entries.c.id > last_id)
        rows = connection.execute(query.limit(_BATCH)).mappings().all()
        if not rows:
            break
        changes: list[dict[str, Any]] = []
        for row in rows:
            before, after = _json(row["before_json"]), _json(row["after_json"])
            school, teacher = _scope(row["entity"], row["entity_id"], before, after)
            if school is None and teacher is not None:
                school = schools_of.get(teacher)
            at = row["at"]
            values: dict[str, Any] = {
                "at": datetime.fromisoformat(at) if isinstance(at, str) else at,
                "actor": row["actor"],
                "action": row["action"],
                "entity": row["entity"],
                "entity_id": row["entity_id"],
                "school_id": school,
                "teacher_id": teacher,
                "summary": mask_id_numbers(row["summary"]) if row["summary"] else row["summary"],
                "before_json": _remask(row["before_json"]),
                "after_json": _remask(row["after_json"]),
            }
            row_hash = link_hash(prev, values)
            changes.append(
                {
                    "entry_id": row["id"],
                    "summary": values["summary"],
                    "before_json": values["before_json"],
                    "after_json": values["after_json"],
                    "school_id": school,
                    "teacher_id": teacher,
                    "prev_hash": prev,
                    "row_hash": row_hash,
                }
            )
            prev = row_hash
            last_id = row["id"]
            count += 1
        connection.execute(update, changes)
    return last_id, prev, count


def upgrade() -> None:
    with op.batch_alter_table("audit_entries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("school_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("teacher_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("prev_hash", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("row_hash", sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f("ix_audit_entries_school_id"), ["school_id"])
        batch_op.create_index(batch_op.f("ix_audit_entries_teacher_id"), ["teacher_id"])
    head = op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("last_id", sa.Integer(), nullable=True),
        sa.Column("last_hash", sa.String(length=64), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_head")),
    )
    last_id, last_hash, count = _backfill(op.get_bind())
    op.bulk_insert(
        head, [{"id": HEAD_ID, "last_id": last_id, "last_hash": last_hash, "count": count}]
    )
    with op.batch_alter_table("audit_entries", schema=None) as batch_op:
        batch_op.alter_column("prev_hash", existing_type=sa.String(length=64), nullable=False)
        batch_op.alter_column("row_hash", existing_type=sa.String(length=64), nullable=False)


def downgrade() -> None:
    op.drop_table("audit_head")
    with op.batch_alter_table("audit_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_entries_teacher_id"))
        batch_op.drop_index(batch_op.f("ix_audit_entries_school_id"))
        for column in ("row_hash", "prev_hash", "teacher_id", "school_id"):
            batch_op.drop_column(column)
