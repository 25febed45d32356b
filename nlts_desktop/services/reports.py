"""Reports for people: the seeds' forms (.xlsx), the per-school hours summary, 个人学时档案 (PDF).

The data is gathered in read transactions and the file is written after them, so no database
lock is held while a file is being written.  Hours and verdicts come from the hours service
(one rule, one place).  A form whose required data is incomplete is refused with the list of
what is missing, never written half-empty.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from nlts_desktop.domain.codes import code_table
from nlts_desktop.domain.enums import Gender, HourCategory, HourSource, Role
from nlts_desktop.domain.errors import AppError, NotFoundError, StorageError
from nlts_desktop.domain.hour_rules import HourTotals, HourVerdict, evaluate_hours, format_hours
from nlts_desktop.domain.presets import HourRule, Preset, parse_preset
from nlts_desktop.exchange.forms import (
    InstitutionRow,
    ProjectDesignRow,
    SchoolHoursRow,
    TraineeChangeRow,
    TraineePerson,
    surname_sort_key,
    write_institutions_form,
    write_project_design_form,
    write_school_hours_summary,
    write_trainee_changes_form,
)
from nlts_desktop.exchange.forms_plan import PilotSchoolRow, write_pilot_schools_form
from nlts_desktop.exchange.ledger_pdf import LedgerRecord, LedgerTeacher, write_ledger_pdf
from nlts_desktop.services.audit import audited_export
from nlts_desktop.services.context import ServiceContext
from nlts_desktop.services.hours import HoursService
from nlts_desktop.storage.models import (
    EnrollmentChange,
    HourRecord,
    Institution,
    School,
    Teacher,
    TrainingProject,
    WorkspaceRow,
)

ACTIVE = "active"
# County forms go upward: a school coordinator has no business exporting them.
COUNTY_READERS = frozenset({Role.COUNTY_ADMIN, Role.COUNTY_REVIEWER, Role.VIEWER})
_SHOWN_PROBLEMS = 10
_ID_CHUNK = 900  # SQLite's bound-parameter limit is 999 on older builds


@dataclass(frozen=True)
class _Workspace:
    region: str
    full_region: str
    province: str
    preset: Preset
    cycle: int | None


def describe_hour_rule(rule: HourRule) -> str:
    """The hours rule in one Chinese sentence, as printed on forms and the ledger."""
    parts = [f"总学时不少于 {format_hours(rule.total_min)} 学时"]
    minima = []
    if rule.online_min is not None:
        minima.append(f"网络研修不少于 {format_hours(rule.online_min)} 学时")
    if rule.practice_min is not None:
        minima.append(f"校本实践应用不少于 {format_hours(rule.practice_min)} 学时")
    if minima:
        parts.append("其中" + "、".join(minima))
    if rule.practice_share_min is not None:
        share = format_hours(round(rule.practice_share_min * 100, 1))
        parts.append(f"校本实践应用学时占比不少于 {share}%")
    sentence = "，".join(parts)
    if rule.requires_assessment_pass:
        sentence += "；须通过校本应用考核"
    return sentence + "。"


def _inactive_verdict(workspace: _Workspace) -> HourVerdict:
    """What the ledger says of a teacher no longer on the roster: not judged."""
    empty = evaluate_hours(workspace.preset.hours, HourTotals())
    return replace(
        empty,
        qualified=False,
        reasons=("该教师已停用，不参加学时认定。",),
        reason_codes=("inactive",),
    )


def _missing_error(form: str, problems: Sequence[str]) -> AppError:
    shown = "；".join(problems[:_SHOWN_PROBLEMS])
    more = f"；另有 {len(problems) - _SHOWN_PROBLEMS} 处" if len(problems) > _SHOWN_PROBLEMS else ""
    return AppError(
        f"无法生成“{form}”：以下内容缺失，请补全后重试（没有生成文件）。{shown}{more}。",
        code="report.missing_data",
        details={"form": form, "missing": list(problems)},
    )


def missing_data_error(form: str, problems: Sequence[str]) -> AppError:
    """The refusal of a form whose required data is incomplete, listing what is missing."""
    return _missing_error(form, problems)


def _chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    for start in range(0, len(ids), _ID_CHUNK):
        yield ids[start : start + _ID_CHUNK]


def _names(table: str) -> dict[str, str]:
    return {entry.code: entry.name for entry in code_table(table).entries}


def _code_name(names: Mapping[str, str], code: str | None) -> str:
    return names.get(code, code) if code else ""


def _label(table: str, code: str | None) -> str:
    if not code:
        return ""
    entry = code_table(table).find(code)
    return entry.name if entry else code


def _gender_label(value: str) -> str:
    try:
        return Gender(value).label
    except ValueError:
        return value


class ReportService:
    """The forms for the upper levels, the per-school hours summary and the hour ledger PDF."""

    def __init__(self, context: ServiceContext) -> None:
        self._context = context

    # ------------------------------------------------------------------ shared reads

    @staticmethod
    def _workspace(session: Session) -> _Workspace:
        row = session.scalars(select(WorkspaceRow)).first()
        if row is None:
            raise StorageError(
                "工作区数据库中缺少工作区信息，文件可能不完整。请从备份恢复。",
                code="workspace.missing_row",
            )
        preset = parse_preset(json.loads(row.preset_json), source="工作区规则")
        return _Workspace(
            region=row.region_name,
            full_region=f"{row.parent_name or ''}{row.region_name}",
            province=row.province_name or "",
            preset=preset,
            cycle=row.current_cycle,
        )

    # ------------------------------------------------------------------ 附件二

    @audited_export("forms", "能力提升工程项目设计表")
    def project_design_form(
        self,
        out: Path,
        *,
        year: int | None = None,
        unit: str | None = None,
        contact: str = "",
        phone: str = "",
        filled_on: date | None = None,
    ) -> int:
        """附件二 能力提升工程项目设计表 of one year (default: the latest year with projects)."""
        self._context.require(COUNTY_READERS, "导出能力提升工程项目设计表")
        levels = _names("project_levels")
        with self._context.read() as session:
            workspace = self._workspace(session)
            if year is None:
                year = session.scalar(select(func.max(TrainingProject.year)))
            projects = (
                list(
                    session.scalars(
                        select(TrainingProject)
                        .where(TrainingProject.year == year)
                        .order_by(TrainingProject.level_code, TrainingProject.name)
                    )
                )
                if year is not None
                else []
            )
            if not projects:
                raise AppError(
                    f"没有{f' {year} 年的' if year else '登记'}培训项目，"
                    "无法生成“能力提升工程项目设计表”。请先登记培训项目。",
                    code="report.no_projects",
                )
            order = list(levels)
            projects.sort(
                key=lambda p: (
                    order.index(p.level_code) if p.level_code in order else len(order),
                    p.name,
                )
            )
            problems: list[str] = []
            rows: list[ProjectDesignRow] = []
            for project in projects:
                missing = []
                if not project.level_code:
                    missing.append("项目级别")
                if not (project.summary or "").strip():
                    missing.append("项目简介")
                if project.planned_count <= 0:
                    missing.append("培训人数")
                if not (project.funding_source or "").strip():
                    missing.append("经费来源")
                if missing:
                    problems.append(f"项目“{project.name}”缺少{'、'.join(missing)}")
                    continue
                rows.append(
                    ProjectDesignRow(
                        level=levels.get(project.level_code, project.level_code),
                        name=project.name,
                        summary=(project.summary or "").strip(),
                        trainees=project.planned_count,
                        budget_wan=project.budget_yuan / 10_000,
                        funding_source=_label("funding_sources", project.funding_source),
                    )
                )
        if problems:
            raise _missing_error("能力提升工程项目设计表", problems)
        return write_project_design_form(
            out,
            unit=unit or workspace.full_region,
            contact=contact,
            phone=phone,
            filled_on=filled_on or date.today(),
            rows=rows,
            year=year,
        )

    # ------------------------------------------------------------------ 附件3

    @audited_export("forms", "参训人员变更信息表")
    def trainee_changes_form(
        self,
        out: Path,
        *,
        project_id: int | None = None,
        unit: str | None = None,
        filler: str = "",
        filled_on: date | None = None,
    ) -> int:
        """附件3 参训人员变更信息表 of one project or of all; every phone is required."""
        self._context.require(COUNTY_READERS, "导出参训人员变更信息表")
        original = aliased(Teacher)
        replacement = aliased(Teacher)
        with self._context.read() as session:
            workspace = self._workspace(session)
            query = (
                select(EnrollmentChange, TrainingProject, original, replacement)
                .join(TrainingProject, TrainingProject.id == EnrollmentChange.project_id)
                .join(original, original.id == EnrollmentChange.original_teacher_id)
                .join(replacement, replacement.id == EnrollmentChange.replacement_teacher_id)
                .order_by(
                    TrainingProject.year,
                    TrainingProject.name,
                    EnrollmentChange.change_date,
                    EnrollmentChange.id,
                )
            )
            if project_id is not None:
                if session.get(TrainingProject, project_id) is None:
                    raise NotFoundError(f"找不到编号为 {project_id} 的培训项目，它可能已被删除。")
                query = query.where(EnrollmentChange.project_id == project_id)
            found = session.execute(query).all()
            if not found:
                raise AppError(
                    "还没有登记参训人员变更（原报送人员 → 变更人员），"
                    "无法生成“参训人员变更信息表”。",
                    code="report.no_changes",
                )
            schools = dict(session.execute(select(School.id, School.name)).all())
            institutions = dict(session.execute(select(Institution.id, Institution.name)).all())
            problems: list[str] = []
            rows: list[TraineeChangeRow] = []
            for change, project, before, after in found:
                institution = institutions.get(project.institution_id or 0, "")
                if not institution:
                    problems.append(f"项目“{project.name}”没有填写培训机构")
                people = []
                for label, teacher in (("原报送人员", before), ("变更人员", after)):
                    phone = (teacher.phone or "").strip()
                    if not phone:
                        problems.append(f"{label}“{teacher.name}”没有联系电话")
                    people.append(
                        TraineePerson(
                            name=teacher.name,
                            gender=_gender_label(teacher.gender),
                            unit=schools.get(teacher.school_id, ""),
                            phone=phone,
                        )
                    )
                note = "；".join(
                    part
                    for part in (
                        (change.reason or "").strip(),
                        f"{change.change_date:%Y-%m-%d}变更",
                    )
                    if part
                )
                rows.append(
                    TraineeChangeRow(
                        project=project.name,
                        original=people[0],
                        replacement=people[1],
                        institution=institution,
                        note=note,
                    )
                )
        if problems:
            raise _missing_error("参训人员变更信息表", list(dict.fromkeys(problems)))
        return write_trainee_changes_form(
            out,
            region=workspace.full_region,
            unit=unit or workspace.full_region,
            filler=filler,
            filled_on=filled_on or date.today(),
            rows=rows,
            province=workspace.province,
        )

    # ------------------------------------------------------------------ 附件2

    @audited_export("forms", "培训机构名单")
    def institutions_form(self, out: Path) -> int:
        """附件2 培训机构名单 (every institution; 机构负责人 and 联系电话 required)."""
        self._context.require(COUNTY_READERS, "导出培训机构名单")
        with self._context.read() as session:
            workspace = self._workspace(session)
            found = list(session.scalars(select(Institution).order_by(Institution.name)))
            if not found:
                raise AppError(
                    "还没有登记培训机构，无法生成“培训机构名单”。请先登记承训机构。",
                    code="report.no_institutions",
                )
            problems = []
            rows = []
            for institution in found:
                missing = [
                    label
                    for label, value in (
                        ("机构负责人", institution.contact_name),
                        ("联系电话", institution.phone),
                    )
                    if not (value or "").strip()
                ]
                if missing:
                    problems.append(f"培训机构“{institution.name}”缺少{'、'.join(missing)}")
                    continue
                rows.append(
                    InstitutionRow(
                        name=institution.name,
                        contact=(institution.contact_name or "").strip(),
                        phone=(institution.phone or "").strip(),
                    )
                )
        if problems:
            raise _missing_error("培训机构名单", problems)
        return write_institutions_form(out, rows=rows, province=workspace.province)

    # ------------------------------------------------------------------ 附件一

    @audited_export("forms", "试点单位信息汇总表", unit="所学校")
    def pilot_schools_form(
        self,
        out: Path,
        *,
        year: int | None = None,
        unit: str | None = None,
        contact: str = "",
        phone: str = "",
        filled_on: date | None = None,
    ) -> int:
        """附件一 试点单位信息汇总表 of the active pilot schools (试点学校); returns schools.

        区域 is the 城乡分类's area (市区 / 县区 / 乡村) with 中心校 added for a center school;
        学段, 区域, 信息化环境, 联系人 and 联系电话 are required, and a pilot school without
        active teachers is reported too.
        """
        self._context.require(COUNTY_READERS, "导出试点单位信息汇总表")
        stages = _names("stages")
        categories = _names("school_categories")
        environments = _names("environments")
        urban = code_table("urban_rural")
        with self._context.read() as session:
            workspace = self._workspace(session)
            schools = list(
                session.scalars(
                    select(School)
                    .where(School.is_pilot.is_(True), School.status == ACTIVE)
                    .order_by(School.code)
                )
            )
            if not schools:
                raise AppError(
                    "还没有标记试点学校，无法生成“试点单位信息汇总表”。"
                    "请先在学校信息中把试点学校标记为“试点”。",
                    code="report.no_pilot_schools",
                )
            counts = {
                school_id: int(count)
                for school_id, count in session.execute(
                    select(Teacher.school_id, func.count(Teacher.id))
                    .where(Teacher.status == ACTIVE)
                    .group_by(Teacher.school_id)
                ).all()
            }
            problems: list[str] = []
            rows: list[PilotSchoolRow] = []
            for school in schools:
                entry = urban.find(school.urban_rural_code) if school.urban_rural_code else None
                area = str(entry.extra.get("area", "")) if entry else ""
                if area and school.is_center_school:
                    area = f"{area}、中心校"
                environment = "、".join(
                    environments.get(code, code) for code in school.environments.split(",") if code
                )
                teachers = counts.get(school.id, 0)
                # 学段 as the seed asks (初中, 九年一贯制 …): the stage, else the school category.
                stage = stages.get(school.stage_code) or categories.get(school.category_code, "")
                missing = [
                    label
                    for label, value in (
                        ("学段", stage),
                        ("城乡分类（区域）", area),
                        ("信息化环境", environment),
                        ("在职教师", teachers),
                        ("联系人", (school.contact_name or "").strip()),
                        ("联系电话", (school.contact_phone or "").strip()),
                    )
                    if not value
                ]
                if missing:
                    problems.append(f"试点学校“{school.name}”缺少{'、'.join(missing)}")
                    continue
                rows.append(
                    PilotSchoolRow(
                        county=workspace.region,
                        school=school.name,
                        stage=stage,
                        area=area,
                        environment=environment,
                        teachers=teachers,
                        contact=(school.contact_name or "").strip(),
                        phone=(school.contact_phone or "").strip(),
                    )
                )
        if problems:
            raise _missing_error("试点单位信息汇总表", problems)
        return write_pilot_schools_form(
            out,
            unit=unit or workspace.full_region,
            contact=contact,
            phone=phone,
            filled_on=filled_on or date.today(),
            rows=rows,
            year=year or workspace.cycle,
        )

    # ------------------------------------------------------------------ hours summary

    def school_hours_rows(self) -> tuple[list[SchoolHoursRow], _Workspace]:
        """Per-school hour figures over active teachers (a school coordinator: own school).

        The verdicts are the hours service's: one rule, one place.
        """
        with self._context.read() as session:
            workspace = self._workspace(session)
        own = self._own_school()
        rows = [
            SchoolHoursRow(
                school_code=s.school_code,
                school_name=s.school_name,
                teachers=s.teachers,
                qualified=s.qualified,
                online_hours=s.online_hours,
                practice_hours=s.practice_hours,
                online_short=s.short_of_online,
                practice_short=s.short_of_practice,
                assessment_failed=s.assessment_failed,
                assessment_pending=s.assessment_pending,
            )
            for s in HoursService(self._context).school_summaries()
            if own is None or s.school_id == own
        ]
        return rows, workspace

    @audited_export("forms", "学时完成情况汇总表", unit="所学校")
    def school_hours_summary(self, out: Path, *, filled_on: date | None = None) -> int:
        """The per-school hours summary .xlsx with a totals row; returns the school count."""
        rows, workspace = self.school_hours_rows()
        if not rows:
            raise AppError(
                "还没有登记学校，无法生成“学时完成情况汇总表”。", code="report.no_schools"
            )
        rule = workspace.preset.hours
        cycle = f"{workspace.cycle} 年度" if workspace.cycle else "本年度"
        notes = (
            "说明：",
            f"1. 学时要求（{workspace.preset.name}）：{describe_hour_rule(rule)}",
            "2. 只统计在职教师；“已达标”指学时和校本应用考核均符合上述要求。",
            f"3. 考核结果以{cycle}考核批次经区县审核通过的结果为准，未通过审核的计为“待认定”。",
        )
        return write_school_hours_summary(
            out,
            region=workspace.full_region,
            filled_on=filled_on or date.today(),
            rows=rows,
            notes=notes,
        )

    # ------------------------------------------------------------------ 个人学时档案

    def _verdicts_of(self, found: Sequence[Any]) -> dict[int, HourVerdict]:
        """The hours service's verdicts of these teachers (a few ms per school)."""
        hours = HoursService(self._context)
        verdicts: dict[int, HourVerdict] = {}
        for school_id in {row[0].school_id for row in found}:
            for teacher in hours.teacher_hours(school_id=school_id):
                verdicts[teacher.teacher_id] = teacher.verdict
        return verdicts

    def _own_school(self) -> int | None:
        actor = self._context.actor
        return actor.school_id if actor.role == Role.SCHOOL_COORDINATOR else None

    def ledger_teachers(
        self, *, teacher_ids: Sequence[int] | None = None, school_id: int | None = None
    ) -> tuple[list[LedgerTeacher], str]:
        """The chosen teachers' ledgers (ids, or a school's active teachers) and the region."""
        if teacher_ids is None and school_id is None:
            raise AppError("请指定要打印个人学时档案的教师或学校。", code="ledger.no_selection")
        if school_id is not None:
            self._context.require_school(school_id, "打印其他学校教师的个人学时档案")
        stages, subjects, titles = _names("stages"), _names("subjects"), _names("titles")
        categories = {c.value: c.label for c in HourCategory}
        sources = {s.value: s.label for s in HourSource}
        with self._context.read() as session:
            workspace = self._workspace(session)
            query = select(Teacher, School.code, School.name).join(
                School, School.id == Teacher.school_id
            )
            if teacher_ids is not None:
                wanted = list(dict.fromkeys(teacher_ids))
                found = [
                    row
                    for chunk in _chunks(wanted)
                    for row in session.execute(query.where(Teacher.id.in_(chunk)))
                ]
                missing = set(wanted) - {row[0].id for row in found}
                if missing:
                    raise NotFoundError(
                        f"找不到编号为 {min(missing)} 的教师，它可能已被删除。",
                        code="teacher.unknown",
                    )
            else:
                found = list(
                    session.execute(
                        query.where(Teacher.school_id == school_id, Teacher.status == ACTIVE)
                    )
                )
                if not found:
                    raise AppError(
                        "该学校没有在职教师，没有可打印的个人学时档案。",
                        code="ledger.no_teachers",
                    )
            for teacher, _, _ in found:
                self._context.require_school(teacher.school_id, "打印其他学校教师的个人学时档案")
            found.sort(key=lambda r: (r[1], surname_sort_key(r[0].name), r[0].id))
            ids = [row[0].id for row in found]
            verdicts = self._verdicts_of(found)
            records: dict[int, list[LedgerRecord]] = defaultdict(list)
            record_query = (
                select(HourRecord, TrainingProject.name)
                .outerjoin(TrainingProject, TrainingProject.id == HourRecord.project_id)
                .order_by(HourRecord.year, HourRecord.record_date, HourRecord.id)
            )
            for chunk in _chunks(ids):
                for record, project in session.execute(
                    record_query.where(HourRecord.teacher_id.in_(chunk))
                ):
                    note = (record.note or "").strip()
                    if record.certified_by:  # who certified it belongs on the printout
                        certified = f"认定单位：{record.certified_by}"
                        note = f"{note}（{certified}）" if note else certified
                    records[record.teacher_id].append(
                        LedgerRecord(
                            year=record.year,
                            record_date=record.record_date,
                            category=categories.get(record.category, record.category),
                            project=project or "",
                            hours=record.half_hours / 2,
                            source=sources.get(record.source, record.source),
                            note=note,
                        )
                    )
            rule_text = describe_hour_rule(workspace.preset.hours)
            teachers: list[LedgerTeacher] = []
            for teacher, _, school_name in found:
                verdict = verdicts.get(teacher.id) or _inactive_verdict(workspace)
                teachers.append(
                    LedgerTeacher(
                        name=teacher.name,
                        id_number=teacher.id_number,
                        school=school_name,
                        stage=_code_name(stages, teacher.stage_code),
                        subject=_code_name(subjects, teacher.subject_code),
                        title=_code_name(titles, teacher.title_code),
                        records=tuple(records.get(teacher.id, ())),
                        qualified=verdict.qualified,
                        reasons=verdict.reasons,
                        counted_total=verdict.counted_total,
                        rule_text=rule_text,
                    )
                )
        return teachers, workspace.province + workspace.full_region

    @audited_export("hour_records", "个人学时档案", unit="页")
    def ledger_pdf(
        self,
        out: Path,
        *,
        teacher_ids: Sequence[int] | None = None,
        school_id: int | None = None,
        generated_on: date | None = None,
    ) -> int:
        """个人学时档案 PDF of the chosen teachers, each from a new page; returns the pages."""
        teachers, region = self.ledger_teachers(teacher_ids=teacher_ids, school_id=school_id)
        return write_ledger_pdf(out, teachers, region=region, generated_on=generated_on)
