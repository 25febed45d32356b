"""certificates as issued and printed, settings, school targets, 年度规划书 sections

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("certificates", schema=None) as batch_op:
        batch_op.add_column(sa.Column("year", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("school_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("teacher_name", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("masked_id", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("issued_by", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("voided_by", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("payload", sa.Text(), nullable=True))
        batch_op.create_index(batch_op.f("ix_certificates_school_id"), ["school_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_certificates_school_id_schools"), "schools", ["school_id"], ["id"]
        )
    with op.batch_alter_table("annual_targets", schema=None) as batch_op:
        batch_op.add_column(sa.Column("planned_schools", sa.Integer(), nullable=True))
    op.create_table(
        "certificate_prints",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("printed_at", sa.DateTime(), nullable=False),
        sa.Column("printed_by", sa.String(length=64), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=True),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("first_serial", sa.String(length=64), nullable=True),
        sa.Column("last_serial", sa.String(length=64), nullable=True),
        sa.Column("file_name", sa.String(length=255), nullable=True),
        sa.Column("layout_json", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["school_id"], ["schools.id"], name=op.f("fk_certificate_prints_school_id_schools")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_certificate_prints")),
    )
    op.create_table(
        "app_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value_json", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_app_settings")),
        sa.UniqueConstraint("key", name=op.f("uq_app_settings_key")),
    )
    op.create_table(
        "annual_plan_sections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("section_code", sa.String(length=32), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_annual_plan_sections")),
        sa.UniqueConstraint(
            "year", "section_code", name=op.f("uq_annual_plan_sections_year_section_code")
        ),
    )


def downgrade() -> None:
    op.drop_table("annual_plan_sections")
    op.drop_table("app_settings")
    op.drop_table("certificate_prints")
    with op.batch_alter_table("annual_targets", schema=None) as batch_op:
        batch_op.drop_column("planned_schools")
    with op.batch_alter_table("certificates", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_certificates_school_id_schools"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_certificates_school_id"))
        for column in ("payload", "voided_by", "issued_by", "masked_id", "teacher_name",
                       "school_id", "year"):  # fmt: skip
            batch_op.drop_column(column)
