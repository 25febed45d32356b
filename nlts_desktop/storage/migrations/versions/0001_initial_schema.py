"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "annual_targets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("level_code", sa.String(length=16), nullable=False),
        sa.Column("planned_count", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_annual_targets")),
        sa.UniqueConstraint("year", "level_code", name=op.f("uq_annual_targets_year_level_code")),
    )
    op.create_table(
        "audit_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("entity", sa.String(length=64), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=True),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.Column("before_json", sa.Text(), nullable=True),
        sa.Column("after_json", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_entries")),
    )
    with op.batch_alter_table("audit_entries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_entries_at"), ["at"], unique=False)

    op.create_table(
        "catalogues",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("catalogue_key", sa.String(length=64), nullable=False),
        sa.Column("version", sa.String(length=32), nullable=False),
        sa.Column("title", sa.String(length=255), nullable=False),
        sa.Column("source_json", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalogues")),
        sa.UniqueConstraint(
            "catalogue_key", "version", name=op.f("uq_catalogues_catalogue_key_version")
        ),
    )
    op.create_table(
        "institutions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=128), nullable=False),
        sa.Column("contact_name", sa.String(length=64), nullable=True),
        sa.Column("phone", sa.String(length=32), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("hours_mapping_json", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_institutions")),
        sa.UniqueConstraint("name", name=op.f("uq_institutions_name")),
    )
    op.create_table(
        "leadership_members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_role", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("position", sa.String(length=64), nullable=True),
        sa.Column("unit", sa.String(length=128), nullable=True),
        sa.Column("phone", sa.String(length=32), nullable=True),
        sa.Column("email", sa.String(length=128), nullable=True),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_leadership_members")),
    )
    op.create_table(
        "package_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("package_id", sa.String(length=36), nullable=False),
        sa.Column("direction", sa.String(length=8), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("origin", sa.String(length=64), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=True),
        sa.Column("result", sa.String(length=16), nullable=False),
        sa.Column("message", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_package_records")),
    )
    with op.batch_alter_table("package_records", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_package_records_package_id"), ["package_id"], unique=False
        )

    op.create_table(
        "sampling_draws",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cycle", sa.Integer(), nullable=False),
        sa.Column("ratio_permille", sa.Integer(), nullable=True),
        sa.Column("count_per_school", sa.Integer(), nullable=True),
        sa.Column("seed", sa.Integer(), nullable=False),
        sa.Column("drawn_by", sa.String(length=64), nullable=False),
        sa.Column("drawn_at", sa.DateTime(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sampling_draws")),
    )
    op.create_table(
        "schools",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=10), nullable=False),
        sa.Column("name", sa.String(length=128), nullable=False),
        sa.Column("category_code", sa.String(length=4), nullable=False),
        sa.Column("stage_code", sa.String(length=16), nullable=False),
        sa.Column("urban_rural_code", sa.String(length=3), nullable=True),
        sa.Column("environments", sa.String(length=8), nullable=False),
        sa.Column("is_center_school", sa.Boolean(), nullable=False),
        sa.Column("center_school_id", sa.Integer(), nullable=True),
        sa.Column("is_pilot", sa.Boolean(), nullable=False),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        sa.Column("contact_name", sa.String(length=64), nullable=True),
        sa.Column("contact_phone", sa.String(length=32), nullable=True),
        sa.Column("address", sa.String(length=255), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["center_school_id"], ["schools.id"], name=op.f("fk_schools_center_school_id_schools")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_schools")),
        sa.UniqueConstraint("code", name=op.f("uq_schools_code")),
        sa.UniqueConstraint("name", name=op.f("uq_schools_name")),
    )
    op.create_table(
        "ability_points",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("catalogue_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=8), nullable=False),
        sa.Column("name", sa.String(length=128), nullable=False),
        sa.Column("environment", sa.String(length=1), nullable=False),
        sa.Column("dimension", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["catalogue_id"],
            ["catalogues.id"],
            name=op.f("fk_ability_points_catalogue_id_catalogues"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ability_points")),
        sa.UniqueConstraint(
            "catalogue_id", "code", name=op.f("uq_ability_points_catalogue_id_code")
        ),
    )
    op.create_table(
        "school_plans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("cycle", sa.Integer(), nullable=False),
        sa.Column("environments", sa.String(length=8), nullable=False),
        sa.Column("plan_title", sa.String(length=255), nullable=True),
        sa.Column("plan_date", sa.Date(), nullable=True),
        sa.Column("plan_file_ref", sa.String(length=255), nullable=True),
        sa.Column("rules_title", sa.String(length=255), nullable=True),
        sa.Column("rules_date", sa.Date(), nullable=True),
        sa.Column("rules_file_ref", sa.String(length=255), nullable=True),
        sa.Column("approval_state", sa.String(length=16), nullable=False),
        sa.Column("approval_note", sa.Text(), nullable=True),
        sa.Column("approved_by", sa.String(length=64), nullable=True),
        sa.Column("approved_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["school_id"], ["schools.id"], name=op.f("fk_school_plans_school_id_schools")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_school_plans")),
        sa.UniqueConstraint("school_id", "cycle", name=op.f("uq_school_plans_school_id_cycle")),
    )
    op.create_table(
        "submissions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("cycle", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("submitted_at", sa.DateTime(), nullable=True),
        sa.Column("submitted_by", sa.String(length=64), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("decided_by", sa.String(length=64), nullable=True),
        sa.Column("return_reason", sa.Text(), nullable=True),
        sa.Column("locked", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["school_id"], ["schools.id"], name=op.f("fk_submissions_school_id_schools")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_submissions")),
        sa.UniqueConstraint("school_id", "cycle", name=op.f("uq_submissions_school_id_cycle")),
    )
    op.create_table(
        "teachers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("id_number", sa.String(length=18), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("gender", sa.String(length=8), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=False),
        sa.Column("phone", sa.String(length=32), nullable=True),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("stage_code", sa.String(length=16), nullable=True),
        sa.Column("subject_code", sa.String(length=8), nullable=True),
        sa.Column("title_code", sa.String(length=8), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["school_id"], ["schools.id"], name=op.f("fk_teachers_school_id_schools")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_teachers")),
        sa.UniqueConstraint("id_number", name=op.f("uq_teachers_id_number")),
    )
    with op.batch_alter_table("teachers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_teachers_name"), ["name"], unique=False)
        batch_op.create_index(batch_op.f("ix_teachers_school_id"), ["school_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_teachers_status"), ["status"], unique=False)

    op.create_table(
        "training_projects",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("level_code", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.Column("institution_id", sa.Integer(), nullable=True),
        sa.Column("offered_half_hours", sa.Integer(), nullable=False),
        sa.Column("planned_count", sa.Integer(), nullable=False),
        sa.Column("budget_yuan", sa.Integer(), nullable=False),
        sa.Column("funding_source", sa.String(length=64), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["institution_id"],
            ["institutions.id"],
            name=op.f("fk_training_projects_institution_id_institutions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_projects")),
        sa.UniqueConstraint("year", "name", name=op.f("uq_training_projects_year_name")),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("display_name", sa.String(length=64), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=True),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("failed_attempts", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(), nullable=True),
        sa.Column("last_login_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["school_id"], ["schools.id"], name=op.f("fk_users_school_id_schools")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("username", name=op.f("uq_users_username")),
    )
    op.create_table(
        "workspace",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("level", sa.String(length=16), nullable=False),
        sa.Column("region_code", sa.String(length=12), nullable=False),
        sa.Column("region_name", sa.String(length=64), nullable=False),
        sa.Column("parent_code", sa.String(length=12), nullable=True),
        sa.Column("parent_name", sa.String(length=64), nullable=True),
        sa.Column("province_code", sa.String(length=2), nullable=True),
        sa.Column("province_name", sa.String(length=32), nullable=True),
        sa.Column("school_code", sa.String(length=10), nullable=True),
        sa.Column("preset_id", sa.String(length=64), nullable=False),
        sa.Column("preset_json", sa.Text(), nullable=False),
        sa.Column("catalogue_id", sa.Integer(), nullable=True),
        sa.Column("current_cycle", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["catalogue_id"], ["catalogues.id"], name=op.f("fk_workspace_catalogue_id_catalogues")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workspace")),
    )
    op.create_table(
        "certificates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("serial", sa.String(length=64), nullable=False),
        sa.Column("teacher_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("verification_code", sa.String(length=64), nullable=False),
        sa.Column("issued_at", sa.DateTime(), nullable=False),
        sa.Column("voided_at", sa.DateTime(), nullable=True),
        sa.Column("void_reason", sa.Text(), nullable=True),
        sa.Column("replaces_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["replaces_id"],
            ["certificates.id"],
            name=op.f("fk_certificates_replaces_id_certificates"),
        ),
        sa.ForeignKeyConstraint(
            ["teacher_id"], ["teachers.id"], name=op.f("fk_certificates_teacher_id_teachers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_certificates")),
        sa.UniqueConstraint("serial", name=op.f("uq_certificates_serial")),
        sa.UniqueConstraint("verification_code", name=op.f("uq_certificates_verification_code")),
    )
    with op.batch_alter_table("certificates", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_certificates_teacher_id"), ["teacher_id"], unique=False
        )

    op.create_table(
        "enrollment_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("original_teacher_id", sa.Integer(), nullable=False),
        sa.Column("replacement_teacher_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("change_date", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["original_teacher_id"],
            ["teachers.id"],
            name=op.f("fk_enrollment_changes_original_teacher_id_teachers"),
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["training_projects.id"],
            name=op.f("fk_enrollment_changes_project_id_training_projects"),
        ),
        sa.ForeignKeyConstraint(
            ["replacement_teacher_id"],
            ["teachers.id"],
            name=op.f("fk_enrollment_changes_replacement_teacher_id_teachers"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_enrollment_changes")),
    )
    op.create_table(
        "enrollments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("teacher_id", sa.Integer(), nullable=False),
        sa.Column("enrolled_on", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["training_projects.id"],
            name=op.f("fk_enrollments_project_id_training_projects"),
        ),
        sa.ForeignKeyConstraint(
            ["teacher_id"], ["teachers.id"], name=op.f("fk_enrollments_teacher_id_teachers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_enrollments")),
        sa.UniqueConstraint(
            "project_id", "teacher_id", name=op.f("uq_enrollments_project_id_teacher_id")
        ),
    )
    with op.batch_alter_table("enrollments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_enrollments_teacher_id"), ["teacher_id"], unique=False)

    op.create_table(
        "evidence_specs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("point_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=128), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("max_minutes", sa.Integer(), nullable=True),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["point_id"],
            ["ability_points.id"],
            name=op.f("fk_evidence_specs_point_id_ability_points"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence_specs")),
        sa.UniqueConstraint("point_id", "code", name=op.f("uq_evidence_specs_point_id_code")),
    )
    op.create_table(
        "hour_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("teacher_id", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=16), nullable=False),
        sa.Column("half_hours", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("record_date", sa.Date(), nullable=True),
        sa.Column("project_id", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("source_ref", sa.String(length=255), nullable=True),
        sa.Column("source_key", sa.String(length=255), nullable=True),
        sa.Column("certified_by", sa.String(length=64), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("half_hours > 0", name=op.f("ck_hour_records_positive_hours")),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["training_projects.id"],
            name=op.f("fk_hour_records_project_id_training_projects"),
        ),
        sa.ForeignKeyConstraint(
            ["teacher_id"], ["teachers.id"], name=op.f("fk_hour_records_teacher_id_teachers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hour_records")),
        sa.UniqueConstraint("source_key", name=op.f("uq_hour_records_source_key")),
    )
    with op.batch_alter_table("hour_records", schema=None) as batch_op:
        batch_op.create_index("ix_hour_records_teacher_year", ["teacher_id", "year"], unique=False)

    op.create_table(
        "point_selections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("teacher_id", sa.Integer(), nullable=False),
        sa.Column("point_id", sa.Integer(), nullable=False),
        sa.Column("cycle", sa.Integer(), nullable=False),
        sa.Column("submission_id", sa.Integer(), nullable=True),
        sa.Column("grade", sa.String(length=16), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["point_id"],
            ["ability_points.id"],
            name=op.f("fk_point_selections_point_id_ability_points"),
        ),
        sa.ForeignKeyConstraint(
            ["submission_id"],
            ["submissions.id"],
            name=op.f("fk_point_selections_submission_id_submissions"),
        ),
        sa.ForeignKeyConstraint(
            ["teacher_id"], ["teachers.id"], name=op.f("fk_point_selections_teacher_id_teachers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_point_selections")),
        sa.UniqueConstraint(
            "teacher_id",
            "point_id",
            "cycle",
            name=op.f("uq_point_selections_teacher_id_point_id_cycle"),
        ),
    )
    with op.batch_alter_table("point_selections", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_point_selections_submission_id"), ["submission_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_point_selections_teacher_id"), ["teacher_id"], unique=False
        )

    op.create_table(
        "project_year_hours",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("half_hours", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["training_projects.id"],
            name=op.f("fk_project_year_hours_project_id_training_projects"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_year_hours")),
        sa.UniqueConstraint(
            "project_id", "year", name=op.f("uq_project_year_hours_project_id_year")
        ),
    )
    op.create_table(
        "school_plan_points",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("point_id", sa.Integer(), nullable=False),
        sa.Column("required", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["school_plans.id"],
            name=op.f("fk_school_plan_points_plan_id_school_plans"),
        ),
        sa.ForeignKeyConstraint(
            ["point_id"],
            ["ability_points.id"],
            name=op.f("fk_school_plan_points_point_id_ability_points"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_school_plan_points")),
        sa.UniqueConstraint(
            "plan_id", "point_id", name=op.f("uq_school_plan_points_plan_id_point_id")
        ),
    )
    op.create_table(
        "school_team_members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("team", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("position", sa.String(length=64), nullable=True),
        sa.Column("teacher_id", sa.Integer(), nullable=True),
        sa.Column("phone", sa.String(length=32), nullable=True),
        sa.Column("email", sa.String(length=128), nullable=True),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["school_id"], ["schools.id"], name=op.f("fk_school_team_members_school_id_schools")
        ),
        sa.ForeignKeyConstraint(
            ["teacher_id"], ["teachers.id"], name=op.f("fk_school_team_members_teacher_id_teachers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_school_team_members")),
    )
    with op.batch_alter_table("school_team_members", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_school_team_members_school_id"), ["school_id"], unique=False
        )

    op.create_table(
        "teacher_transfers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("teacher_id", sa.Integer(), nullable=False),
        sa.Column("from_school_id", sa.Integer(), nullable=False),
        sa.Column("to_school_id", sa.Integer(), nullable=False),
        sa.Column("transfer_date", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("recorded_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["from_school_id"],
            ["schools.id"],
            name=op.f("fk_teacher_transfers_from_school_id_schools"),
        ),
        sa.ForeignKeyConstraint(
            ["teacher_id"], ["teachers.id"], name=op.f("fk_teacher_transfers_teacher_id_teachers")
        ),
        sa.ForeignKeyConstraint(
            ["to_school_id"], ["schools.id"], name=op.f("fk_teacher_transfers_to_school_id_schools")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_teacher_transfers")),
    )
    with op.batch_alter_table("teacher_transfers", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_teacher_transfers_teacher_id"), ["teacher_id"], unique=False
        )

    op.create_table(
        "evidence_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("selection_id", sa.Integer(), nullable=False),
        sa.Column("spec_code", sa.String(length=16), nullable=False),
        sa.Column("title", sa.String(length=255), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("file_sha256", sa.String(length=64), nullable=True),
        sa.Column("file_name", sa.String(length=255), nullable=True),
        sa.Column("file_size", sa.Integer(), nullable=True),
        sa.Column("external_ref", sa.String(length=512), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["selection_id"],
            ["point_selections.id"],
            name=op.f("fk_evidence_items_selection_id_point_selections"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence_items")),
        sa.UniqueConstraint(
            "selection_id", "spec_code", name=op.f("uq_evidence_items_selection_id_spec_code")
        ),
    )
    op.create_table(
        "sampling_checks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("draw_id", sa.Integer(), nullable=False),
        sa.Column("selection_id", sa.Integer(), nullable=False),
        sa.Column("original_grade", sa.String(length=16), nullable=True),
        sa.Column("recheck_grade", sa.String(length=16), nullable=True),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("checked_by", sa.String(length=64), nullable=True),
        sa.Column("checked_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["draw_id"],
            ["sampling_draws.id"],
            name=op.f("fk_sampling_checks_draw_id_sampling_draws"),
        ),
        sa.ForeignKeyConstraint(
            ["selection_id"],
            ["point_selections.id"],
            name=op.f("fk_sampling_checks_selection_id_point_selections"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sampling_checks")),
        sa.UniqueConstraint(
            "draw_id", "selection_id", name=op.f("uq_sampling_checks_draw_id_selection_id")
        ),
    )
    op.create_table(
        "scores",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("evidence_item_id", sa.Integer(), nullable=True),
        sa.Column("selection_id", sa.Integer(), nullable=True),
        sa.Column("grade", sa.String(length=16), nullable=True),
        sa.Column("numeric_score", sa.Integer(), nullable=True),
        sa.Column("assessor", sa.String(length=64), nullable=False),
        sa.Column("scored_at", sa.DateTime(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "(evidence_item_id IS NULL) <> (selection_id IS NULL)",
            name=op.f("ck_scores_one_target"),
        ),
        sa.ForeignKeyConstraint(
            ["evidence_item_id"],
            ["evidence_items.id"],
            name=op.f("fk_scores_evidence_item_id_evidence_items"),
        ),
        sa.ForeignKeyConstraint(
            ["selection_id"],
            ["point_selections.id"],
            name=op.f("fk_scores_selection_id_point_selections"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scores")),
        sa.UniqueConstraint("evidence_item_id", name=op.f("uq_scores_evidence_item_id")),
        sa.UniqueConstraint("selection_id", name=op.f("uq_scores_selection_id")),
    )
    op.create_table(
        "submission_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("submission_id", sa.Integer(), nullable=False),
        sa.Column("from_state", sa.String(length=16), nullable=True),
        sa.Column("to_state", sa.String(length=16), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("teacher_id", sa.Integer(), nullable=True),
        sa.Column("evidence_item_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["evidence_item_id"],
            ["evidence_items.id"],
            name=op.f("fk_submission_events_evidence_item_id_evidence_items"),
        ),
        sa.ForeignKeyConstraint(
            ["submission_id"],
            ["submissions.id"],
            name=op.f("fk_submission_events_submission_id_submissions"),
        ),
        sa.ForeignKeyConstraint(
            ["teacher_id"], ["teachers.id"], name=op.f("fk_submission_events_teacher_id_teachers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_submission_events")),
    )
    with op.batch_alter_table("submission_events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_submission_events_submission_id"), ["submission_id"], unique=False
        )


def downgrade() -> None:

    with op.batch_alter_table("submission_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_submission_events_submission_id"))

    op.drop_table("submission_events")
    op.drop_table("scores")
    op.drop_table("sampling_checks")
    op.drop_table("evidence_items")
    with op.batch_alter_table("teacher_transfers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_teacher_transfers_teacher_id"))

    op.drop_table("teacher_transfers")
    with op.batch_alter_table("school_team_members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_school_team_members_school_id"))

    op.drop_table("school_team_members")
    op.drop_table("school_plan_points")
    op.drop_table("project_year_hours")
    with op.batch_alter_table("point_selections", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_point_selections_teacher_id"))
        batch_op.drop_index(batch_op.f("ix_point_selections_submission_id"))

    op.drop_table("point_selections")
    with op.batch_alter_table("hour_records", schema=None) as batch_op:
        batch_op.drop_index("ix_hour_records_teacher_year")

    op.drop_table("hour_records")
    op.drop_table("evidence_specs")
    with op.batch_alter_table("enrollments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_enrollments_teacher_id"))

    op.drop_table("enrollments")
    op.drop_table("enrollment_changes")
    with op.batch_alter_table("certificates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_certificates_teacher_id"))

    op.drop_table("certificates")
    op.drop_table("workspace")
    op.drop_table("users")
    op.drop_table("training_projects")
    with op.batch_alter_table("teachers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_teachers_status"))
        batch_op.drop_index(batch_op.f("ix_teachers_school_id"))
        batch_op.drop_index(batch_op.f("ix_teachers_name"))

    op.drop_table("teachers")
    op.drop_table("submissions")
    op.drop_table("school_plans")
    op.drop_table("ability_points")
    op.drop_table("schools")
    op.drop_table("sampling_draws")
    with op.batch_alter_table("package_records", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_package_records_package_id"))

    op.drop_table("package_records")
    op.drop_table("leadership_members")
    op.drop_table("institutions")
    op.drop_table("catalogues")
    with op.batch_alter_table("audit_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_entries_at"))

    op.drop_table("audit_entries")
    op.drop_table("annual_targets")
