"""The data model of ARCHITECTURE.md as typed SQLAlchemy 2 models.

Portable types only (the same models run on PostgreSQL).  Hours are stored as integer
half-hours (``half_hours``) so sums never drift; money as integer 元.  Enumerated values are
stored as short strings (the ``domain.enums`` values); open-ended codes (学段, 学科, 职称, …)
as the code of the table in ``resources/codes``.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from nlts_desktop.storage.base import Base, Timestamped, Versioned, utcnow

# ---------------------------------------------------------------- workspace and accounts


class WorkspaceRow(Timestamped, Versioned, Base):
    """The org unit the database belongs to (one row)."""

    __tablename__ = "workspace"

    id: Mapped[int] = mapped_column(primary_key=True)
    level: Mapped[str] = mapped_column(String(16))
    region_code: Mapped[str] = mapped_column(String(12))
    region_name: Mapped[str] = mapped_column(String(64))
    parent_code: Mapped[str | None] = mapped_column(String(12))
    parent_name: Mapped[str | None] = mapped_column(String(64))
    province_code: Mapped[str | None] = mapped_column(String(2))
    province_name: Mapped[str | None] = mapped_column(String(32))
    # School mode: the one school this workspace serves.
    school_code: Mapped[str | None] = mapped_column(String(10))
    preset_id: Mapped[str] = mapped_column(String(64))
    # The programme rules in force, copied from the preset so the county can edit them.
    preset_json: Mapped[str] = mapped_column(Text)
    catalogue_id: Mapped[int | None] = mapped_column(ForeignKey("catalogues.id"))
    current_cycle: Mapped[int | None] = mapped_column(Integer)
    #: Largest evidence file accepted, in MB (None: the program's default).
    evidence_max_mb: Mapped[int | None] = mapped_column(Integer)


class User(Timestamped, Versioned, Base):
    """An account; roles are enforced in the services."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(32))
    school_id: Mapped[int | None] = mapped_column(ForeignKey("schools.id"))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None]
    last_login_at: Mapped[datetime | None]


# ---------------------------------------------------------------- schools and teachers


class School(Timestamped, Versioned, Base):
    """A school (学校), identified by its 学校标识码."""

    __tablename__ = "schools"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(10), unique=True)
    name: Mapped[str] = mapped_column(String(128), unique=True)
    category_code: Mapped[str] = mapped_column(String(4))
    stage_code: Mapped[str] = mapped_column(String(16))
    urban_rural_code: Mapped[str | None] = mapped_column(String(3))
    # 信息化环境: environment codes, comma-separated ("A", "A,B").
    environments: Mapped[str] = mapped_column(String(8), default="")
    is_center_school: Mapped[bool] = mapped_column(Boolean, default=False)
    center_school_id: Mapped[int | None] = mapped_column(ForeignKey("schools.id"))
    is_pilot: Mapped[bool] = mapped_column(Boolean, default=False)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    contact_name: Mapped[str | None] = mapped_column(String(64))
    contact_phone: Mapped[str | None] = mapped_column(String(32))
    address: Mapped[str | None] = mapped_column(String(255))
    status: Mapped[str] = mapped_column(String(16), default="active")
    note: Mapped[str | None] = mapped_column(Text)


class SchoolTeamMember(Timestamped, Base):
    """A member of a school's 信息化管理团队 or 培训团队."""

    __tablename__ = "school_team_members"

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    team: Mapped[str] = mapped_column(String(16))  # management | training
    name: Mapped[str] = mapped_column(String(64))
    position: Mapped[str | None] = mapped_column(String(64))
    teacher_id: Mapped[int | None] = mapped_column(ForeignKey("teachers.id"))
    phone: Mapped[str | None] = mapped_column(String(32))
    email: Mapped[str | None] = mapped_column(String(128))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class Teacher(Timestamped, Versioned, Base):
    """A teacher (教师), identified by the normalised 身份证号."""

    __tablename__ = "teachers"

    id: Mapped[int] = mapped_column(primary_key=True)
    id_number: Mapped[str] = mapped_column(String(18), unique=True)
    name: Mapped[str] = mapped_column(String(64), index=True)
    gender: Mapped[str] = mapped_column(String(8))
    birth_date: Mapped[date] = mapped_column(Date)
    phone: Mapped[str | None] = mapped_column(String(32))
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    stage_code: Mapped[str | None] = mapped_column(String(16))
    subject_code: Mapped[str | None] = mapped_column(String(8))
    title_code: Mapped[str | None] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(16), default="active", index=True)
    note: Mapped[str | None] = mapped_column(Text)


class TeacherTransfer(Timestamped, Base):
    """One move of a teacher between schools (调动记录)."""

    __tablename__ = "teacher_transfers"

    id: Mapped[int] = mapped_column(primary_key=True)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("teachers.id"), index=True)
    from_school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"))
    to_school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"))
    transfer_date: Mapped[date] = mapped_column(Date)
    reason: Mapped[str | None] = mapped_column(Text)
    recorded_by: Mapped[str] = mapped_column(String(64))


# ---------------------------------------------------------------- projects and hours


class Institution(Timestamped, Versioned, Base):
    """A training institution (承训机构)."""

    __tablename__ = "institutions"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(128), unique=True)
    contact_name: Mapped[str | None] = mapped_column(String(64))
    phone: Mapped[str | None] = mapped_column(String(32))
    note: Mapped[str | None] = mapped_column(Text)
    # The saved column mapping of the institution's hour export (JSON).
    hours_mapping_json: Mapped[str | None] = mapped_column(Text)


class TrainingProject(Timestamped, Versioned, Base):
    """A training project (培训项目)."""

    __tablename__ = "training_projects"
    __table_args__ = (UniqueConstraint("year", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    level_code: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(255))
    summary: Mapped[str | None] = mapped_column(Text)
    institution_id: Mapped[int | None] = mapped_column(ForeignKey("institutions.id"))
    offered_half_hours: Mapped[int] = mapped_column(Integer, default=0)
    planned_count: Mapped[int] = mapped_column(Integer, default=0)
    budget_yuan: Mapped[int] = mapped_column(Integer, default=0)
    funding_source: Mapped[str | None] = mapped_column(String(64))
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)


class ProjectYearHours(Timestamped, Base):
    """Hours a cross-year project registers in one year (跨年度项目分年度登记)."""

    __tablename__ = "project_year_hours"
    __table_args__ = (UniqueConstraint("project_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("training_projects.id"))
    year: Mapped[int] = mapped_column(Integer)
    half_hours: Mapped[int] = mapped_column(Integer)


class Enrollment(Timestamped, Base):
    """A teacher enrolled in a project; a teacher is enrolled once per project."""

    __tablename__ = "enrollments"
    __table_args__ = (UniqueConstraint("project_id", "teacher_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("training_projects.id"))
    teacher_id: Mapped[int] = mapped_column(ForeignKey("teachers.id"), index=True)
    enrolled_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="enrolled")  # enrolled|replaced


class EnrollmentChange(Timestamped, Base):
    """A replacement 原报送人员 → 变更人员 (参训人员变更信息表)."""

    __tablename__ = "enrollment_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("training_projects.id"))
    original_teacher_id: Mapped[int] = mapped_column(ForeignKey("teachers.id"))
    replacement_teacher_id: Mapped[int] = mapped_column(ForeignKey("teachers.id"))
    reason: Mapped[str | None] = mapped_column(Text)
    change_date: Mapped[date] = mapped_column(Date)


class HourRecord(Timestamped, Versioned, Base):
    """One entry of the hours ledger (学时记录)."""

    __tablename__ = "hour_records"
    __table_args__ = (
        CheckConstraint("half_hours > 0", name="positive_hours"),
        Index("ix_hour_records_teacher_year", "teacher_id", "year"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("teachers.id"))
    category: Mapped[str] = mapped_column(String(16))
    half_hours: Mapped[int] = mapped_column(Integer)
    year: Mapped[int] = mapped_column(Integer)
    record_date: Mapped[date | None] = mapped_column(Date)
    project_id: Mapped[int | None] = mapped_column(ForeignKey("training_projects.id"))
    source: Mapped[str] = mapped_column(String(16))
    # File name or package id the record came from.
    source_ref: Mapped[str | None] = mapped_column(String(255))
    # Stable key of the record in its source, so re-importing updates instead of doubling.
    source_key: Mapped[str | None] = mapped_column(String(255), unique=True)
    certified_by: Mapped[str | None] = mapped_column(String(64))
    note: Mapped[str | None] = mapped_column(Text)


# ---------------------------------------------------------------- catalogue and assessment


class Catalogue(Timestamped, Base):
    """A loaded version of the ability-point catalogue."""

    __tablename__ = "catalogues"
    __table_args__ = (UniqueConstraint("catalogue_key", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    catalogue_key: Mapped[str] = mapped_column(String(64))
    version: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(255))
    source_json: Mapped[str] = mapped_column(Text)


class AbilityPoint(Timestamped, Base):
    """A micro-ability point (微能力点) of one catalogue version."""

    __tablename__ = "ability_points"
    __table_args__ = (UniqueConstraint("catalogue_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    catalogue_id: Mapped[int] = mapped_column(ForeignKey("catalogues.id"))
    code: Mapped[str] = mapped_column(String(8))
    name: Mapped[str] = mapped_column(String(128))
    environment: Mapped[str] = mapped_column(String(1))
    dimension: Mapped[str] = mapped_column(String(16))


class EvidenceSpecRow(Timestamped, Base):
    """An evidence item a point requires (e.g. A1-1 学情分析方案)."""

    __tablename__ = "evidence_specs"
    __table_args__ = (UniqueConstraint("point_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    point_id: Mapped[int] = mapped_column(ForeignKey("ability_points.id"))
    code: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(128))
    kind: Mapped[str] = mapped_column(String(16))
    max_minutes: Mapped[int | None] = mapped_column(Integer)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class SchoolPlan(Timestamped, Versioned, Base):
    """A school's plan for a cycle: environments, 校本研修方案, scoring rules, approval."""

    __tablename__ = "school_plans"
    __table_args__ = (UniqueConstraint("school_id", "cycle"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"))
    cycle: Mapped[int] = mapped_column(Integer)
    environments: Mapped[str] = mapped_column(String(8))
    plan_title: Mapped[str | None] = mapped_column(String(255))
    plan_date: Mapped[date | None] = mapped_column(Date)
    plan_file_ref: Mapped[str | None] = mapped_column(String(255))
    rules_title: Mapped[str | None] = mapped_column(String(255))
    rules_date: Mapped[date | None] = mapped_column(Date)
    rules_file_ref: Mapped[str | None] = mapped_column(String(255))
    approval_state: Mapped[str] = mapped_column(String(16), default="pending")
    approval_note: Mapped[str | None] = mapped_column(Text)
    approved_by: Mapped[str | None] = mapped_column(String(64))
    approved_at: Mapped[datetime | None]


class SchoolPlanPoint(Timestamped, Base):
    """A point the school chose for its plan (required or elective)."""

    __tablename__ = "school_plan_points"
    __table_args__ = (UniqueConstraint("plan_id", "point_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("school_plans.id"))
    point_id: Mapped[int] = mapped_column(ForeignKey("ability_points.id"))
    required: Mapped[bool] = mapped_column(Boolean, default=False)


class Submission(Timestamped, Versioned, Base):
    """A school's assessment batch: draft → submitted → approved | returned."""

    __tablename__ = "submissions"
    __table_args__ = (UniqueConstraint("school_id", "cycle"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"))
    cycle: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(16), default="draft")
    submitted_at: Mapped[datetime | None]
    submitted_by: Mapped[str | None] = mapped_column(String(64))
    decided_at: Mapped[datetime | None]
    decided_by: Mapped[str | None] = mapped_column(String(64))
    return_reason: Mapped[str | None] = mapped_column(Text)
    locked: Mapped[bool] = mapped_column(Boolean, default=False)


class SubmissionEvent(Timestamped, Base):
    """One transition of a submission, or a reason attached to a teacher or item."""

    __tablename__ = "submission_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"), index=True)
    from_state: Mapped[str | None] = mapped_column(String(16))
    to_state: Mapped[str] = mapped_column(String(16))
    actor: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    reason: Mapped[str | None] = mapped_column(Text)
    teacher_id: Mapped[int | None] = mapped_column(ForeignKey("teachers.id"))
    evidence_item_id: Mapped[int | None] = mapped_column(ForeignKey("evidence_items.id"))


class PointSelection(Timestamped, Versioned, Base):
    """A point a teacher chose for a cycle, with the point grade once graded."""

    __tablename__ = "point_selections"
    __table_args__ = (UniqueConstraint("teacher_id", "point_id", "cycle"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("teachers.id"), index=True)
    point_id: Mapped[int] = mapped_column(ForeignKey("ability_points.id"))
    cycle: Mapped[int] = mapped_column(Integer)
    submission_id: Mapped[int | None] = mapped_column(ForeignKey("submissions.id"), index=True)
    grade: Mapped[str | None] = mapped_column(String(16))


class EvidenceItem(Timestamped, Versioned, Base):
    """Evidence a teacher handed in for one required item of a selected point."""

    __tablename__ = "evidence_items"
    __table_args__ = (UniqueConstraint("selection_id", "spec_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    selection_id: Mapped[int] = mapped_column(ForeignKey("point_selections.id"))
    spec_code: Mapped[str] = mapped_column(String(16))
    title: Mapped[str | None] = mapped_column(String(255))
    kind: Mapped[str] = mapped_column(String(16))
    file_sha256: Mapped[str | None] = mapped_column(String(64))
    file_name: Mapped[str | None] = mapped_column(String(255))
    file_size: Mapped[int | None] = mapped_column(Integer)
    external_ref: Mapped[str | None] = mapped_column(String(512))


class Score(Timestamped, Versioned, Base):
    """A grade for an evidence item or for a whole point (优秀/合格/不合格 or numeric)."""

    __tablename__ = "scores"
    __table_args__ = (
        CheckConstraint("(evidence_item_id IS NULL) <> (selection_id IS NULL)", name="one_target"),
        UniqueConstraint("evidence_item_id"),
        UniqueConstraint("selection_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    evidence_item_id: Mapped[int | None] = mapped_column(ForeignKey("evidence_items.id"))
    selection_id: Mapped[int | None] = mapped_column(ForeignKey("point_selections.id"))
    grade: Mapped[str | None] = mapped_column(String(16))
    numeric_score: Mapped[int | None] = mapped_column(Integer)
    assessor: Mapped[str] = mapped_column(String(64))
    scored_at: Mapped[datetime] = mapped_column(default=utcnow)


class AssessmentResult(Timestamped, Versioned, Base):
    """A teacher's result of a cycle as the county reviews it: pending, held, approved, returned."""

    __tablename__ = "assessment_results"
    __table_args__ = (UniqueConstraint("teacher_id", "cycle"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("teachers.id"))
    cycle: Mapped[int] = mapped_column(Integer)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"), index=True)
    state: Mapped[str] = mapped_column(String(16), default="pending")
    grade: Mapped[str | None] = mapped_column(String(16))
    reason: Mapped[str | None] = mapped_column(Text)
    decided_by: Mapped[str | None] = mapped_column(String(64))
    decided_at: Mapped[datetime | None]


class SamplingDraw(Timestamped, Base):
    """A reproducible sample drawn for re-checking (抽样检查)."""

    __tablename__ = "sampling_draws"

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle: Mapped[int] = mapped_column(Integer)
    ratio_permille: Mapped[int | None] = mapped_column(Integer)
    count_per_school: Mapped[int | None] = mapped_column(Integer)
    seed: Mapped[int] = mapped_column(Integer)
    drawn_by: Mapped[str] = mapped_column(String(64))
    drawn_at: Mapped[datetime] = mapped_column(default=utcnow)


class SamplingCheck(Timestamped, Versioned, Base):
    """The re-check of one sampled result."""

    __tablename__ = "sampling_checks"
    __table_args__ = (UniqueConstraint("draw_id", "selection_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    draw_id: Mapped[int] = mapped_column(ForeignKey("sampling_draws.id"))
    selection_id: Mapped[int] = mapped_column(ForeignKey("point_selections.id"))
    original_grade: Mapped[str | None] = mapped_column(String(16))
    recheck_grade: Mapped[str | None] = mapped_column(String(16))
    outcome: Mapped[str] = mapped_column(String(16), default="pending")
    notes: Mapped[str | None] = mapped_column(Text)
    checked_by: Mapped[str | None] = mapped_column(String(64))
    checked_at: Mapped[datetime | None]


# ---------------------------------------------------------------- outputs and records


class Certificate(Timestamped, Versioned, Base):
    """A certificate in the register (issued / reissued / voided)."""

    __tablename__ = "certificates"

    id: Mapped[int] = mapped_column(primary_key=True)
    serial: Mapped[str] = mapped_column(String(64), unique=True)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("teachers.id"), index=True)
    state: Mapped[str] = mapped_column(String(16), default="issued")
    verification_code: Mapped[str] = mapped_column(String(64), unique=True)
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)
    voided_at: Mapped[datetime | None]
    void_reason: Mapped[str | None] = mapped_column(Text)
    replaces_id: Mapped[int | None] = mapped_column(ForeignKey("certificates.id"))
    # Since migration 0005: what was printed and signed, kept as issued.
    year: Mapped[int | None] = mapped_column(Integer)
    school_id: Mapped[int | None] = mapped_column(ForeignKey("schools.id"), index=True)
    teacher_name: Mapped[str | None] = mapped_column(String(64))
    masked_id: Mapped[str | None] = mapped_column(String(32))
    issued_by: Mapped[str | None] = mapped_column(String(64))
    voided_by: Mapped[str | None] = mapped_column(String(64))
    payload: Mapped[str | None] = mapped_column(Text)  # the signed text the QR code carries


class CertificatePrint(Base):
    """The print log: every certificate PDF written, by whom, for what."""

    __tablename__ = "certificate_prints"

    id: Mapped[int] = mapped_column(primary_key=True)
    printed_at: Mapped[datetime] = mapped_column(default=utcnow)
    printed_by: Mapped[str] = mapped_column(String(64))
    school_id: Mapped[int | None] = mapped_column(ForeignKey("schools.id"))
    count: Mapped[int] = mapped_column(Integer)
    first_serial: Mapped[str | None] = mapped_column(String(64))
    last_serial: Mapped[str | None] = mapped_column(String(64))
    file_name: Mapped[str | None] = mapped_column(String(255))
    layout_json: Mapped[str | None] = mapped_column(Text)


class AppSetting(Timestamped, Versioned, Base):
    """A workspace setting kept in the database (certificate serial scheme and layout, …)."""

    __tablename__ = "app_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    value_json: Mapped[str] = mapped_column(Text)


class AnnualPlanSection(Timestamped, Versioned, Base):
    """A free-text section of a year's 年度规划书 (混合式培训, 本地资源建设, …)."""

    __tablename__ = "annual_plan_sections"
    __table_args__ = (UniqueConstraint("year", "section_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    section_code: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text, default="")


class AnnualTarget(Timestamped, Versioned, Base):
    """Planned count for a year and project level (年度培训计划)."""

    __tablename__ = "annual_targets"
    __table_args__ = (UniqueConstraint("year", "level_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    level_code: Mapped[str] = mapped_column(String(16))
    planned_count: Mapped[int] = mapped_column(Integer, default=0)
    note: Mapped[str | None] = mapped_column(Text)
    planned_schools: Mapped[int | None] = mapped_column(Integer)  # since 0005 (Hunan: schools)


class LeadershipMember(Timestamped, Base):
    """A member of the 工作领导小组 (组长 / 副组长 / 成员)."""

    __tablename__ = "leadership_members"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_role: Mapped[str] = mapped_column(String(16))  # leader | deputy | member
    name: Mapped[str] = mapped_column(String(64))
    position: Mapped[str | None] = mapped_column(String(64))
    unit: Mapped[str | None] = mapped_column(String(128))
    phone: Mapped[str | None] = mapped_column(String(32))
    email: Mapped[str | None] = mapped_column(String(128))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class AuditEntry(Base):
    """Who did what when, with the values before and after (written with the change)."""

    __tablename__ = "audit_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))
    entity: Mapped[str] = mapped_column(String(64))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    summary: Mapped[str | None] = mapped_column(Text)
    before_json: Mapped[str | None] = mapped_column(Text)
    after_json: Mapped[str | None] = mapped_column(Text)
    # The school and teacher the entry concerns (not foreign keys: the log outlives them).
    school_id: Mapped[int | None] = mapped_column(Integer, index=True)
    teacher_id: Mapped[int | None] = mapped_column(Integer, index=True)
    # Hash chain (storage.audit): row_hash = sha256(prev_hash + the entry's canonical text).
    prev_hash: Mapped[str] = mapped_column(String(64))
    row_hash: Mapped[str] = mapped_column(String(64))


class AuditHead(Base):
    """The audit chain's one-row head: last entry, its hash and the count (kept with them).

    It catches what the chain alone cannot: entries deleted from the end.
    """

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(primary_key=True)
    last_id: Mapped[int | None] = mapped_column(Integer)
    last_hash: Mapped[str] = mapped_column(String(64))
    count: Mapped[int] = mapped_column(Integer)


class PackageRecord(Timestamped, Base):
    """Every package made or taken in, with its outcome."""

    __tablename__ = "package_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    package_id: Mapped[str] = mapped_column(String(36), index=True)
    direction: Mapped[str] = mapped_column(String(8))  # out | in
    kind: Mapped[str] = mapped_column(String(32))
    origin: Mapped[str] = mapped_column(String(64))
    sequence: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    file_name: Mapped[str | None] = mapped_column(String(255))
    result: Mapped[str] = mapped_column(String(16))
    message: Mapped[str | None] = mapped_column(Text)


class KnownKey(Timestamped, Base):
    """A sender's public keys this workspace has accepted (or revoked): the key registry."""

    __tablename__ = "known_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    org_level: Mapped[str] = mapped_column(String(16))
    org_code: Mapped[str] = mapped_column(String(12), index=True)
    org_name: Mapped[str] = mapped_column(String(64))
    signing_public: Mapped[str] = mapped_column(String(64))
    encryption_public: Mapped[str | None] = mapped_column(String(64))
    fingerprint: Mapped[str] = mapped_column(String(64), unique=True)
    state: Mapped[str] = mapped_column(String(16), default="accepted")
    accepted_by: Mapped[str] = mapped_column(String(64))
    accepted_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_by: Mapped[str | None] = mapped_column(String(64))
    revoked_at: Mapped[datetime | None]
    revoke_reason: Mapped[str | None] = mapped_column(Text)


class ExchangeBase(Base):
    """What a school-mode workspace knows its county holds, per record (its bases).

    ``record_key`` names the record as it travels (``sel:身份证号:能力点``); ``digest`` is a
    content the county held: as the kit or a return brought it, or as the school sent it
    since (several per key).  A submission sends these back, so the county can tell a record
    it changed itself in the meantime (a conflict) from one only the school changed.
    """

    __tablename__ = "exchange_bases"
    __table_args__ = (UniqueConstraint("record_key", "digest"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    record_key: Mapped[str] = mapped_column(String(96))
    digest: Mapped[str] = mapped_column(String(32))


# ---------------------------------------------------------------- city mode (read-only copies)


class CityCounty(Base):
    """A county whose report the city has taken in: the newest report replaces the older."""

    __tablename__ = "city_counties"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(12), unique=True)
    name: Mapped[str] = mapped_column(String(64))
    package_id: Mapped[str] = mapped_column(String(36))
    sequence: Mapped[int] = mapped_column(Integer)
    period: Mapped[str] = mapped_column(String(32))
    cycle: Mapped[int] = mapped_column(Integer)
    preset_id: Mapped[str] = mapped_column(String(32))
    signer_fingerprint: Mapped[str] = mapped_column(String(64))
    reported_at: Mapped[str] = mapped_column(String(32))
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)
    records_json: Mapped[str] = mapped_column(Text)  # review batches and sampling draws


class CitySchool(Base):
    """A school of a reported county, as the county reported it."""

    __tablename__ = "city_schools"
    __table_args__ = (UniqueConstraint("county_code", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    county_code: Mapped[str] = mapped_column(String(12), index=True)
    code: Mapped[str] = mapped_column(String(12))
    name: Mapped[str] = mapped_column(String(128))
    category_code: Mapped[str | None] = mapped_column(String(8))
    stage_code: Mapped[str | None] = mapped_column(String(16))
    urban_rural_code: Mapped[str | None] = mapped_column(String(8))
    batch_state: Mapped[str | None] = mapped_column(String(16))


class CityTeacher(Base):
    """A teacher of a reported county: hours (half-hours) and the assessment result."""

    __tablename__ = "city_teachers"
    __table_args__ = (UniqueConstraint("county_code", "id_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    county_code: Mapped[str] = mapped_column(String(12), index=True)
    school_code: Mapped[str] = mapped_column(String(12))
    id_number: Mapped[str] = mapped_column(String(18), index=True)
    name: Mapped[str] = mapped_column(String(64))
    gender: Mapped[str | None] = mapped_column(String(8))
    stage_code: Mapped[str | None] = mapped_column(String(16))
    subject_code: Mapped[str | None] = mapped_column(String(16))
    title_code: Mapped[str | None] = mapped_column(String(16))
    online_half_hours: Mapped[int] = mapped_column(Integer, default=0)
    practice_half_hours: Mapped[int] = mapped_column(Integer, default=0)
    other_half_hours: Mapped[int] = mapped_column(Integer, default=0)
    hours_qualified: Mapped[bool] = mapped_column(Boolean, default=False)
    result_state: Mapped[str | None] = mapped_column(String(16))
    result_grade: Mapped[str | None] = mapped_column(String(16))
