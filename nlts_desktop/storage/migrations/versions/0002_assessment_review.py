"""assessment review: per-teacher results and the evidence size limit

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "assessment_results",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("teacher_id", sa.Integer(), nullable=False),
        sa.Column("cycle", sa.Integer(), nullable=False),
        sa.Column("submission_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("grade", sa.String(length=16), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("decided_by", sa.String(length=64), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["submission_id"],
            ["submissions.id"],
            name=op.f("fk_assessment_results_submission_id_submissions"),
        ),
        sa.ForeignKeyConstraint(
            ["teacher_id"], ["teachers.id"], name=op.f("fk_assessment_results_teacher_id_teachers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_results")),
        sa.UniqueConstraint(
            "teacher_id", "cycle", name=op.f("uq_assessment_results_teacher_id_cycle")
        ),
    )
    op.create_index(
        op.f("ix_assessment_results_submission_id"),
        "assessment_results",
        ["submission_id"],
        unique=False,
    )
    # Batches that the county approved before per-teacher review existed: every teacher
    # with a selection in them counts as approved, as the program treated them until now.
    op.execute(
        """
        INSERT INTO assessment_results
            (teacher_id, cycle, submission_id, state, decided_by, decided_at,
             created_at, updated_at, version)
        SELECT DISTINCT ps.teacher_id, ps.cycle, s.id,
               CASE s.state WHEN 'approved' THEN 'approved'
                            WHEN 'returned' THEN 'returned' ELSE 'pending' END,
               s.decided_by, s.decided_at, s.updated_at, s.updated_at, 1
        FROM point_selections ps JOIN submissions s ON s.id = ps.submission_id
        WHERE s.state IN ('submitted', 'approved', 'returned')
        """
    )
    with op.batch_alter_table("workspace") as batch:
        batch.add_column(sa.Column("evidence_max_mb", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("workspace") as batch:
        batch.drop_column("evidence_max_mb")
    op.drop_index(op.f("ix_assessment_results_submission_id"), table_name="assessment_results")
    op.drop_table("assessment_results")
