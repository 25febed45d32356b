"""exchange bases (school mode) and the city's read-only copies of county reports

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "exchange_bases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_key", sa.String(length=96), nullable=False),
        sa.Column("digest", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exchange_bases")),
        sa.UniqueConstraint(
            "record_key", "digest", name=op.f("uq_exchange_bases_record_key_digest")
        ),
    )
    op.create_table(
        "city_counties",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=12), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("package_id", sa.String(length=36), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=32), nullable=False),
        sa.Column("cycle", sa.Integer(), nullable=False),
        sa.Column("preset_id", sa.String(length=32), nullable=False),
        sa.Column("signer_fingerprint", sa.String(length=64), nullable=False),
        sa.Column("reported_at", sa.String(length=32), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.Column("records_json", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_city_counties")),
        sa.UniqueConstraint("code", name=op.f("uq_city_counties_code")),
    )
    op.create_table(
        "city_schools",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("county_code", sa.String(length=12), nullable=False),
        sa.Column("code", sa.String(length=12), nullable=False),
        sa.Column("name", sa.String(length=128), nullable=False),
        sa.Column("category_code", sa.String(length=8), nullable=True),
        sa.Column("stage_code", sa.String(length=16), nullable=True),
        sa.Column("urban_rural_code", sa.String(length=8), nullable=True),
        sa.Column("batch_state", sa.String(length=16), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_city_schools")),
        sa.UniqueConstraint("county_code", "code", name=op.f("uq_city_schools_county_code_code")),
    )
    op.create_index(
        op.f("ix_city_schools_county_code"), "city_schools", ["county_code"], unique=False
    )
    op.create_table(
        "city_teachers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("county_code", sa.String(length=12), nullable=False),
        sa.Column("school_code", sa.String(length=12), nullable=False),
        sa.Column("id_number", sa.String(length=18), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("gender", sa.String(length=8), nullable=True),
        sa.Column("stage_code", sa.String(length=16), nullable=True),
        sa.Column("subject_code", sa.String(length=16), nullable=True),
        sa.Column("title_code", sa.String(length=16), nullable=True),
        sa.Column("online_half_hours", sa.Integer(), nullable=False),
        sa.Column("practice_half_hours", sa.Integer(), nullable=False),
        sa.Column("other_half_hours", sa.Integer(), nullable=False),
        sa.Column("hours_qualified", sa.Boolean(), nullable=False),
        sa.Column("result_state", sa.String(length=16), nullable=True),
        sa.Column("result_grade", sa.String(length=16), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_city_teachers")),
        sa.UniqueConstraint(
            "county_code", "id_number", name=op.f("uq_city_teachers_county_code_id_number")
        ),
    )
    op.create_index(
        op.f("ix_city_teachers_county_code"), "city_teachers", ["county_code"], unique=False
    )
    op.create_index(
        op.f("ix_city_teachers_id_number"), "city_teachers", ["id_number"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_city_teachers_id_number"), table_name="city_teachers")
    op.drop_index(op.f("ix_city_teachers_county_code"), table_name="city_teachers")
    op.drop_table("city_teachers")
    op.drop_index(op.f("ix_city_schools_county_code"), table_name="city_schools")
    op.drop_table("city_schools")
    op.drop_table("city_counties")
    op.drop_table("exchange_bases")
