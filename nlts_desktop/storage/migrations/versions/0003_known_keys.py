"""known keys: the registry of senders' public keys

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "known_keys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_level", sa.String(length=16), nullable=False),
        sa.Column("org_code", sa.String(length=12), nullable=False),
        sa.Column("org_name", sa.String(length=64), nullable=False),
        sa.Column("signing_public", sa.String(length=64), nullable=False),
        sa.Column("encryption_public", sa.String(length=64), nullable=True),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("accepted_by", sa.String(length=64), nullable=False),
        sa.Column("accepted_at", sa.DateTime(), nullable=False),
        sa.Column("revoked_by", sa.String(length=64), nullable=True),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.Column("revoke_reason", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_known_keys")),
        sa.UniqueConstraint("fingerprint", name=op.f("uq_known_keys_fingerprint")),
    )
    op.create_index(op.f("ix_known_keys_org_code"), "known_keys", ["org_code"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_known_keys_org_code"), table_name="known_keys")
    op.drop_table("known_keys")
