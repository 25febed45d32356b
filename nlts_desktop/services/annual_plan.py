"""年度规划书 (the annual plan, 附件1-2 of seed 000): gathered from the data, texts edited here.

The facts come from the data: 教师总人数 and 学校总数 (active), 应培训人数 (the year's targets),
执行办负责人 (the leadership group's 组长) and 相关成员 (its 副组长 and 成员), and the 培训计划 rows
(the year's training projects: 地区, 项目名称, 培训对象, 培训方式, 培训人数, 经费投入, 培训机构).
A project's 培训对象 is taken from the 学段 of its enrolled teachers and its 培训方式 is the
programme's blend of online study and school-based practice, unless the county writes its own.
The six free-text sections (混合式培训 … 综合创新) and the cover's 单位 / 联系人 / 联系电话 / 邮箱
are kept per workspace; the PDF is refused, with the list, while anything required is missing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from nlts_desktop.domain.codes import code_table
from nlts_desktop.domain.errors import NotFoundError, ValidationError
from nlts_desktop.domain.phone import normalize_phone
from nlts_desktop.domain.text import normalize_prose, normalize_text
from nlts_desktop.exchange.annual_plan_pdf import (
    AnnualPlanDocument,
    PlanPerson,
    PlanProjectRow,
    PlanText,
    write_annual_plan_pdf,
)
from nlts_desktop.services.audit import audited_export
from nlts_desktop.services.context import ADMIN_ROLES, ServiceContext
from nlts_desktop.services.leadership import (
    LeadershipMemberRecord,
    load_group,
    normalize_email,
)
from nlts_desktop.services.plan_support import (
    ACTIVE,
    PLAN_READERS,
    WorkspaceFacts,
    active_school_count,
    active_teacher_count,
    read_setting,
    workspace_facts,
    write_setting,
)
from nlts_desktop.services.reports import missing_data_error
from nlts_desktop.storage.models import (
    AnnualPlanSection,
    AnnualTarget,
    Enrollment,
    Institution,
    Teacher,
    TrainingProject,
)

COVER_KEY = "annual_plan.cover"
PROJECT_KEY = "annual_plan.project.{id}"
DEFAULT_MODE = "网络研修与校本实践应用相结合"
DEFAULT_AUDIENCE = "中小学教师"
TEXT_LIMIT = 5_000
_FIELD_LIMIT = 128


@dataclass(frozen=True)
class PlanSectionSpec:
    """A free-text section of the seed: code, label, part (一 or 二) and the seed's prompt."""

    code: str
    title: str
    part: int
    prompt: str


PLAN_SECTIONS = (
    PlanSectionSpec("blended_training", "混合式培训", 1, "说明推行混合式培训的工作安排"),
    PlanSectionSpec("local_resources", "本地资源建设", 1, "说明本地资源建设的工作计划"),
    PlanSectionSpec(
        "supervision",
        "监管评估举措",
        1,
        "说明对县、校推进实施“提升工程”进行过程监管和绩效评估的思路、手段和工作措施等",
    ),
    PlanSectionSpec(
        "regulations",
        "制度建设",
        2,
        "制订“提升工程”实施相关制度的情况（包括教师信息技术应用能力与教师职务（职称）评聘、"
        "中小学校办学水平评估、校长考评和教师绩效考核等工作相挂钩的制度设计及出台计划）",
    ),
    PlanSectionSpec(
        "atmosphere",
        "应用氛围",
        2,
        "举办各种活动，营造教师主动应用信息技术的氛围（推行示范课评选、教学技能比赛、"
        "优秀课例征集、“一师一优课、一课一名师”等活动的工作安排）",
    ),
    PlanSectionSpec(
        "innovation",
        "综合创新",
        2,
        "建立信息技术应用创新实验区、示范校计划等（实验区建设数量、建设目标任务、工作重点、"
        "建设时间表、支持举措和推广措施等）",
    ),
)
_SPECS = {spec.code: spec for spec in PLAN_SECTIONS}


@dataclass(frozen=True)
class AnnualPlanCover:
    """The cover's 单位（公章）, 联系人, 联系电话, 邮箱."""

    unit: str
    contact: str
    phone: str
    email: str


@dataclass(frozen=True)
class PlanSection:
    """A section with its text ("" when not written yet)."""

    code: str
    title: str
    part: int
    prompt: str
    text: str


@dataclass(frozen=True)
class PlanProject:
    """A 培训计划 row; ``*_default`` tells whether 培训对象 / 培训方式 were derived."""

    project_id: int
    region: str
    name: str
    level_name: str
    audience: str
    mode: str
    trainees: int
    budget_wan: float
    institution: str
    audience_default: bool
    mode_default: bool


@dataclass(frozen=True)
class AnnualPlan:
    """One year's 年度规划书 as the program would print it, and what it still lacks."""

    year: int
    region: str  # 成都市温江区
    cover: AnnualPlanCover
    teachers: int
    schools: int
    planned: int
    heads: tuple[PlanPerson, ...]
    members: tuple[PlanPerson, ...]
    projects: tuple[PlanProject, ...]
    sections: tuple[PlanSection, ...]
    missing: tuple[str, ...]


def _limited(text: str, label: str, limit: int) -> str:
    if len(text) > limit:
        raise ValidationError(
            f"{label}过长，请控制在 {limit} 字以内（当前 {len(text)} 字）。",
            code="annual_plan.too_long",
            field=label,
        )
    return text


class AnnualPlanService:
    """The 年度规划书: read it, edit its texts, cover and project details, write the PDF."""

    def __init__(self, context: ServiceContext) -> None:
        self._context = context

    # ------------------------------------------------------------------ reads

    def years(self) -> tuple[int, ...]:
        """The programme years a plan can be written for."""
        with self._context.read() as session:
            return workspace_facts(session).preset.years

    def plan(self, year: int) -> AnnualPlan:
        """Everything of the year's plan, computed now, with the list of what is missing."""
        self._context.require(PLAN_READERS, "查看年度规划书")
        with self._context.read() as session:
            facts = workspace_facts(session)
            _check_year(year, facts)
            return self._plan(session, year, facts)

    def sections(self, year: int) -> tuple[PlanSection, ...]:
        """The six sections of the year, in the seed's order, with their texts."""
        with self._context.read() as session:
            _check_year(year, workspace_facts(session))
            return _sections(session, year)

    def cover(self) -> AnnualPlanCover:
        """The cover's unit and contact (unit defaults to the region's 教育局)."""
        with self._context.read() as session:
            return _cover(session, workspace_facts(session))

    def missing(self, year: int) -> list[str]:
        """What the year's plan still lacks (empty when the PDF can be written)."""
        return list(self.plan(year).missing)

    # ------------------------------------------------------------------ writes

    def set_sections(self, year: int, texts: Mapping[str, str]) -> tuple[PlanSection, ...]:
        """Store section texts by code (混合式培训 is ``blended_training`` …); "" clears one.

        Text is trimmed but keeps its Chinese punctuation and line breaks.  One transaction.
        """
        self._context.require(ADMIN_ROLES, "编辑年度规划书")
        clean: dict[str, str] = {}
        for code, text in texts.items():
            spec = _SPECS.get(code)
            if spec is None:
                known = "、".join(f"{s.code}（{s.title}）" for s in PLAN_SECTIONS)
                raise ValidationError(
                    f"年度规划书中没有“{code}”这一部分，可填写的部分有：{known}。",
                    code="annual_plan.section",
                    field="section_code",
                    value=code,
                )
            clean[code] = _limited(
                normalize_prose(text, multiline=True), f"“{spec.title}”", TEXT_LIMIT
            )
        with self._context.unit_of_work() as session:
            _check_year(year, workspace_facts(session))
            existing = {
                row.section_code: row
                for row in session.scalars(
                    select(AnnualPlanSection).where(AnnualPlanSection.year == year)
                )
            }
            for code, text in clean.items():
                row = existing.get(code)
                if not text:
                    if row is not None:
                        session.delete(row)
                elif row is None:
                    session.add(AnnualPlanSection(year=year, section_code=code, text=text))
                elif row.text != text:
                    row.text = text
            session.flush()
            return _sections(session, year)

    def set_section(self, year: int, code: str, text: str) -> PlanSection:
        """Store one section's text."""
        found = self.set_sections(year, {code: text})
        return next(section for section in found if section.code == code)

    def set_cover(
        self, *, unit: str = "", contact: str = "", phone: str = "", email: str = ""
    ) -> AnnualPlanCover:
        """Store the cover's 单位, 联系人, 联系电话 (checked) and 邮箱 (checked)."""
        self._context.require(ADMIN_ROLES, "编辑年度规划书")
        value = {
            "unit": _limited(normalize_prose(unit), "单位", _FIELD_LIMIT),
            "contact": _limited(normalize_text(contact), "联系人", 64),
            "phone": normalize_phone(phone) if normalize_text(phone) else "",
            "email": normalize_email(email),
        }
        with self._context.unit_of_work() as session:
            write_setting(session, COVER_KEY, value)
            return _cover(session, workspace_facts(session))

    def set_project_details(
        self, project_id: int, *, audience: str | None = None, mode: str | None = None
    ) -> PlanProject:
        """Write a project's 培训对象 / 培训方式 for the plan ("" goes back to the derived one)."""
        self._context.require(ADMIN_ROLES, "编辑年度规划书")
        with self._context.unit_of_work() as session:
            project = session.get(TrainingProject, project_id)
            if project is None:
                raise NotFoundError(f"找不到编号为 {project_id} 的培训项目，它可能已被删除。")
            key = PROJECT_KEY.format(id=project_id)
            stored = dict(read_setting(session, key, {}) or {})
            for name, value, label in (
                ("audience", audience, "培训对象"),
                ("mode", mode, "培训方式"),
            ):
                if value is not None:
                    stored[name] = _limited(normalize_prose(value), label, _FIELD_LIMIT)
            write_setting(session, key, {k: v for k, v in stored.items() if v})
            facts = workspace_facts(session)
            rows = _projects(session, project.year, facts)
        return next(row for row in rows if row.project_id == project_id)

    # ------------------------------------------------------------------ PDF

    @audited_export("annual_plan_sections", "年度规划书", unit="页")
    def write_pdf(self, out: Path, year: int, *, made_on: date | None = None) -> int:
        """The year's 年度规划书 as a PDF; refused with the list of what is missing. Pages."""
        plan = self.plan(year)
        if plan.missing:
            raise missing_data_error(f"{year}年度规划书", list(plan.missing))
        with self._context.read() as session:
            facts = workspace_facts(session)
        document = AnnualPlanDocument(
            year=year,
            province=facts.province,
            city=facts.parent_name if facts.level != "city" else facts.region_name,
            county=facts.region_name if facts.level != "city" else "",
            unit=plan.cover.unit,
            contact=plan.cover.contact,
            phone=plan.cover.phone,
            email=plan.cover.email,
            teachers=plan.teachers,
            schools=plan.schools,
            planned=plan.planned,
            heads=plan.heads,
            members=plan.members,
            projects=[
                PlanProjectRow(
                    region=p.region,
                    name=p.name,
                    audience=p.audience,
                    mode=p.mode,
                    trainees=p.trainees,
                    budget_wan=p.budget_wan,
                    institution=p.institution,
                )
                for p in plan.projects
            ],
            texts=[PlanText(s.title, s.part, s.text) for s in plan.sections],
            made_on=made_on or date.today(),
        )
        return write_annual_plan_pdf(out, document)

    # ------------------------------------------------------------------ gathering

    def _plan(self, session: Session, year: int, facts: WorkspaceFacts) -> AnnualPlan:
        group = load_group(session)
        planned = sum(
            row.planned_count
            for row in session.scalars(select(AnnualTarget).where(AnnualTarget.year == year))
        )
        teachers = active_teacher_count(session)
        schools = active_school_count(session)
        cover = _cover(session, facts)
        heads = tuple(_person(m) for m in group.leaders)
        members = tuple(_person(m) for m in (*group.deputies, *group.others))
        projects = _projects(session, year, facts)
        sections = _sections(session, year)
        missing: list[str] = []
        for label, value in (("封面联系人", cover.contact), ("封面联系电话", cover.phone)):
            if not value:
                missing.append(f"没有填写{label}")
        if not teachers:
            missing.append("没有登记在职教师（教师总人数）")
        if not planned:
            missing.append(f"{year} 年没有设定年度目标（应培训人数）")
        if not heads:
            missing.append("工作领导小组没有组长（执行办负责人）")
        for role, people in (("执行办负责人", heads), ("相关成员", members)):
            for person in people:
                lacks = [
                    label
                    for label, value in (("职务", person.position), ("联系电话", person.phone))
                    if not value
                ]
                if lacks:
                    missing.append(f"{role}“{person.name}”缺少{'、'.join(lacks)}")
        if not projects:
            missing.append(f"{year} 年没有登记培训项目（培训计划）")
        for project in projects:
            lacks = [
                label
                for label, value in (
                    ("培训人数", project.trainees),
                    ("培训机构", project.institution),
                )
                if not value
            ]
            if lacks:
                missing.append(f"培训项目“{project.name}”缺少{'、'.join(lacks)}")
        for section in sections:
            if not section.text:
                missing.append(f"“{section.title}”没有填写")
        return AnnualPlan(
            year=year,
            region=facts.full_region,
            cover=cover,
            teachers=teachers,
            schools=schools,
            planned=planned,
            heads=heads,
            members=members,
            projects=projects,
            sections=sections,
            missing=tuple(missing),
        )


def _check_year(year: int, facts: WorkspaceFacts) -> None:
    years = facts.preset.years
    if year not in years:
        listed = "、".join(str(y) for y in years)
        raise ValidationError(
            f"{year} 年不在本工作区规则（{facts.preset.name}）的工程年份 {listed} 之内，"
            "不能编写该年度的年度规划书。",
            code="annual_plan.year",
            field="year",
            value=year,
        )


def _sections(session: Session, year: int) -> tuple[PlanSection, ...]:
    texts = {
        row.section_code: row.text
        for row in session.scalars(select(AnnualPlanSection).where(AnnualPlanSection.year == year))
    }
    return tuple(
        PlanSection(spec.code, spec.title, spec.part, spec.prompt, texts.get(spec.code, ""))
        for spec in PLAN_SECTIONS
    )


def _cover(session: Session, facts: WorkspaceFacts) -> AnnualPlanCover:
    stored = read_setting(session, COVER_KEY, {}) or {}
    return AnnualPlanCover(
        unit=str(stored.get("unit") or f"{facts.full_region}教育局"),
        contact=str(stored.get("contact") or ""),
        phone=str(stored.get("phone") or ""),
        email=str(stored.get("email") or ""),
    )


def _person(member: LeadershipMemberRecord) -> PlanPerson:
    return PlanPerson(
        name=member.name,
        unit=member.unit,
        position=member.position,
        phone=member.phone,
        email=member.email,
    )


def _projects(session: Session, year: int, facts: WorkspaceFacts) -> tuple[PlanProject, ...]:
    levels = {e.code: e.name for e in code_table("project_levels").entries}
    order = list(levels)
    stage_names = {e.code: e.name for e in code_table("stages").entries}
    stage_order = list(stage_names)
    found = list(session.scalars(select(TrainingProject).where(TrainingProject.year == year)))
    found.sort(
        key=lambda p: (order.index(p.level_code) if p.level_code in order else len(order), p.name)
    )
    if not found:
        return ()
    ids = [p.id for p in found]
    institutions = dict(session.execute(select(Institution.id, Institution.name)).all())
    # The 学段 of each project's enrolled teachers, from one grouped query.
    enrolled: dict[int, set[str]] = defaultdict(set)
    for project_id, stage in session.execute(
        select(Enrollment.project_id, Teacher.stage_code)
        .join(Teacher, Teacher.id == Enrollment.teacher_id)
        .where(
            Enrollment.project_id.in_(ids),
            Enrollment.status == "enrolled",
            Teacher.status == ACTIVE,
        )
        .group_by(Enrollment.project_id, Teacher.stage_code)
    ).all():
        if stage:
            enrolled[project_id].add(stage)
    rows: list[PlanProject] = []
    for project in found:
        details = read_setting(session, PROJECT_KEY.format(id=project.id), {}) or {}
        codes = sorted(
            enrolled.get(project.id, ()),
            key=lambda c: stage_order.index(c) if c in stage_order else len(stage_order),
        )
        derived = (
            "、".join(stage_names.get(c, c) for c in codes) + "教师" if codes else DEFAULT_AUDIENCE
        )
        audience = str(details.get("audience") or "")
        mode = str(details.get("mode") or "")
        rows.append(
            PlanProject(
                project_id=project.id,
                region=facts.region_name,
                name=project.name,
                level_name=levels.get(project.level_code, project.level_code),
                audience=audience or derived,
                mode=mode or DEFAULT_MODE,
                trainees=project.planned_count,
                budget_wan=project.budget_yuan / 10_000,
                institution=institutions.get(project.institution_id or 0, ""),
                audience_default=not audience,
                mode_default=not mode,
            )
        )
    return tuple(rows)
