"""Who may do what, proved by calling every service directly as each role (no UI, no CLI).

``PERMISSIONS`` is the inventory: every public service method that writes (the database, a
file for the county, or a package), with the roles allowed and whether a school coordinator
is held to the record's own school.  Each (method, role) pair is one test on a fresh copy of
a prepared workspace: a refused call raises ``PermissionDeniedError`` and leaves every table
and file as it was; an allowed call succeeds.  ``test_the_inventory_is_complete`` fails when
a service gains a public method that is in no list here: every new method needs a decision.

The roles: a viewer, a county reviewer, the coordinator of another school, the coordinator of
the record's own school, and the county administrator.
"""

from __future__ import annotations

import dataclasses
import enum
import hashlib
import importlib
import inspect
import pkgutil
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from sqlalchemy import inspect as sa_inspect
from sqlalchemy import text

import nlts_desktop.services as services_package
from nlts_desktop.domain.enums import Role
from nlts_desktop.domain.errors import AppError, PermissionDeniedError
from nlts_desktop.domain.resources import resource_path
from nlts_desktop.exchange.package import Origin, PackageContent
from nlts_desktop.paths import data_paths
from nlts_desktop.services.accounts import AccountService
from nlts_desktop.services.backups import BackupSettings
from nlts_desktop.services.context import (
    ADMIN_ROLES,
    REVIEW_ROLES,
    SCHOOL_ROLES,
    WRITE_ROLES,
    Actor,
)
from nlts_desktop.services.demo import DemoBuilder
from nlts_desktop.services.plan_support import PLAN_READERS
from nlts_desktop.services.progress import no_progress
from nlts_desktop.services.reports import COUNTY_READERS
from nlts_desktop.services.workspace import Workspace, WorkspaceSpec
from tests import pgserver
from tests.conftest import WENJIANG
from tests.helpers import add_teachers, grade_all, id_number, project_fields, ready_school
from tests.pgserver import copy_data_folder

PASSWORD = "wenjiang2022"
ALL_ROLES = frozenset(Role)
CITY_TAKERS = frozenset({Role.COUNTY_ADMIN, Role.COUNTY_REVIEWER})
RETURN_TAKERS = frozenset({Role.COUNTY_ADMIN, Role.SCHOOL_COORDINATOR})
CHENGDU = WorkspaceSpec(
    level="city", region_code="510100", region_name="成都市", preset_id="sichuan-2.0"
)
OWN_CODE, OTHER_CODE, DONE_CODE, PLAN_CODE, KIT_CODE = (
    "2151000001",
    "2151000002",
    "2151000003",
    "2151000004",
    "2151000005",
)
# Who calls: (name, role, whose school) — "own" is the school the record belongs to.
WHO = ("viewer", "reviewer", "other_coordinator", "own_coordinator", "admin")


# ---------------------------------------------------------------- the prepared workspaces


@dataclass
class Facts:
    """Ids and files of the prepared workspaces (the same in every copy)."""

    root: Path
    ids: dict[str, int] = field(default_factory=dict)
    files: dict[str, Path] = field(default_factory=dict)
    fingerprints: dict[str, str] = field(default_factory=dict)

    def folder(self, level: str) -> Path:
        """The prepared data folder of ``level`` (county, school, city, empty)."""
        return self.root / level


def _school(ws: Workspace, code: str, name: str) -> int:
    return ws.schools.create(
        {"code": code, "name": name, "urban_rural": "111", "environments": "A,B"}
    ).id


def _qualify(ws: Workspace, school: int, teachers: list[int], *, with_hours: int) -> None:
    ready_school(ws, school, teachers)
    grade_all(ws, school)
    ws.assessment.submit(school)
    ws.review.approve_clean(school)
    for teacher in teachers[:with_hours]:
        ws.hours.add(
            {"teacher_id": teacher, "category": "网络研修", "hours": 20, "date": "2022-05-20"}
        )


def _build(root: Path) -> Facts:
    """County (five schools in every state), its school's kit workspace, the city, an empty one."""
    facts = Facts(root)
    ids = facts.ids
    files = root / "files"
    files.mkdir(parents=True)
    county = Workspace.create(
        data_paths(facts.folder("county")), WENJIANG, actor=Actor.system("admin")
    )
    try:
        ids["own"] = _school(county, OWN_CODE, "温江区实验小学")
        ids["other"] = _school(county, OTHER_CODE, "温江区第二小学")
        ids["done"] = _school(county, DONE_CODE, "温江区第三小学")
        ids["plan"] = _school(county, PLAN_CODE, "温江区第四小学")
        ids["kit"] = _school(county, KIT_CODE, "温江区第五小学")
        ids["empty"] = _school(county, "2151000006", "温江区第六小学")
        own = add_teachers(county, 3, school=OWN_CODE)
        other = add_teachers(county, 2, school=OTHER_CODE, start=10)
        done = add_teachers(county, 4, school=DONE_CODE, start=20)
        kit = add_teachers(county, 2, school=KIT_CODE, start=30)
        ids["free_teacher"] = add_teachers(county, 1, school=PLAN_CODE, start=40)[0]
        ids["own_teacher"], ids["own_teacher2"] = own[0], own[1]
        ids["other_teacher"] = other[0]
        ids["done_teacher"], ids["done_teacher2"] = done[0], done[1]
        ids["qualified_teacher"], ids["spare_teacher"] = done[2], done[3]

        # The own school: plan approved, points chosen, evidence described, graded, not sent.
        ready_school(county, ids["own"], own)
        grade_all(county, ids["own"])
        grid = county.assessment.grid(ids["own"])
        ids["own_item"] = grid.rows[0].points[0].items[0].item_id
        # Another school's batch waits for review; a third is approved, with certificates.
        ready_school(county, ids["other"], other)
        grade_all(county, ids["other"])
        county.assessment.submit(ids["other"])
        _qualify(county, ids["done"], done, with_hours=3)
        county.certificates.update_settings(issuer_name="成都市温江区教育局")
        issued = county.certificates.issue(teacher_ids=done[:2]).issued
        ids["certificate"], ids["voided_certificate"] = issued[0].id, issued[1].id
        county.certificates.void(ids["voided_certificate"], "证书遗失")
        draw = county.review.draw_sample(count=1, school_ids=[ids["done"]])
        ids["draw"] = draw.draw_id
        ids["check"] = draw.checks[0].check_id
        # A fourth school's plan waits for the county's decision.
        county.assessment.save_plan(
            ids["plan"],
            {"environments": "A", "points": [("A1", True)], "plan_title": "校本研修方案",
             "plan_date": "2022-03-10", "rules_title": "评分细则"},
        )  # fmt: skip

        # Training: an institution, a project with trainees, an hour record.
        ids["institution"] = county.projects.create_institution(
            {"name": "四川师范大学", "contact_name": "刘老师", "phone": "02884760000"}
        ).id
        project = county.projects.create_project(project_fields())
        ids["project"] = project.id
        county.projects.enroll(project.id, done[:2])
        ids["hour_entry"] = county.hours.add(
            {"teacher_id": done[0], "category": "网络研修", "hours": 2, "date": "2022-05-21"}
        ).id
        county.targets.set_plan(
            {2020: {"county": (2, 1)}, 2021: {"county": (3, 1)}, 2022: {"county": (4, 1)}}
        )
        county.leadership.replace_group(
            [{"group_role": "组长", "name": "冯明", "position": "局长", "unit": "温江区教育局",
              "phone": "13844105846"}],
            office="教师发展中心",
            opinion="同意。",
        )  # fmt: skip
        accounts = AccountService(county.context)
        accounts.create_first_admin(username="admin", display_name="王主任", password=PASSWORD)
        ids["account"] = accounts.create_user(
            username="look", display_name="李查看", role=Role.VIEWER, password=PASSWORD,
            school_id=None,
        ).id  # fmt: skip

        # Files the import cases read.
        county.targets.plan_table_form(files / "计划表.xlsx", contact="王老师", phone="02882712345")
        county.leadership.leadership_form(files / "领导小组.xlsx")
        facts.files["targets"] = files / "计划表.xlsx"
        facts.files["leadership"] = files / "领导小组.xlsx"
        roster = files / "名单.xlsx"
        county.roster_export.export_teachers(roster, teacher_ids=[ids["done_teacher"]])
        book = openpyxl.load_workbook(roster)
        sheet = book.worksheets[0]
        phone_column = next(c.column for c in sheet[1] if c.value and "电话" in str(c.value))
        sheet.cell(2, phone_column).value = "13900001111"
        book.save(roster)
        facts.files["roster"] = roster
        hours_file = files / "学时.xlsx"
        book = openpyxl.Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.append(["姓名", "身份证号", "学时", "完成日期", "年度", "记录编号"])
        teacher = county.teachers.get(ids["done_teacher"])
        sheet.append([teacher.name, teacher.id_number, 6, "2021-06-15", 2021, "R001"])
        book.save(hours_file)
        facts.files["hours"] = hours_file
        scores = files / "成绩表.xlsx"
        county.score_sheets.export_scores(scores, school_id=ids["own"])
        book = openpyxl.load_workbook(scores)
        sheet = book.worksheets[0]
        header = [str(c.value or "") for c in sheet[2]]
        grade_column = next(i for i, h in enumerate(header, 1) if "成绩" in h or "等级" in h)
        for row in range(3, sheet.max_row + 1):
            sheet.cell(row, grade_column).value = "优秀"
        book.save(scores)
        facts.files["scores"] = scores
        catalogue = files / "能力点.json"
        shutil.copyfile(resource_path("ability_points.json"), catalogue)
        facts.files["catalogue"] = catalogue

        # The fifth school works offline from its kit; its submission and the county's return.
        ready_school(county, ids["kit"], kit)
        kit_file = county.school_kits.make(ids["kit"], files / "工作包.nltspkg").path
        facts.fingerprints["county"] = county.keys.own().fingerprint
    finally:
        county.close()

    school = Workspace.create_from_kit(
        data_paths(facts.folder("school")),
        kit_file,
        actor=Actor.system("coordinator"),
        accept_fingerprint=facts.fingerprints["county"],
    )
    try:
        here = school.schools.list()[0].id
        ids["school_here"] = here
        school.act_as(Actor("coordinator", Role.SCHOOL_COORDINATOR, school_id=here))
        grade_all(school, here)
        school.assessment.submit(here)
        facts.files["submission"] = school.submissions.make(files / "上报包.nltspkg").path
        school.keys.export_public(files / "学校.nltskey")
    finally:
        school.close()

    city = Workspace.create(data_paths(facts.folder("city")), CHENGDU, actor=Actor.system("city"))
    try:
        facts.files["city_key"] = city.keys.export_public(files / "成都市.nltskey")
    finally:
        city.close()

    # The county learns the school's key; a scratch copy of it takes the submission in and
    # returns it, which gives the school a return package to take in.
    with Workspace.open(data_paths(facts.folder("county")), actor=Actor.system("admin")) as ws:
        ws.keys.import_public(files / "学校.nltskey")
        first = ws.county_reports.make(files / "区县上报包1.nltspkg")
        facts.files["county_report"] = ws.county_reports.make(files / "区县上报包2.nltspkg").path
    copy_data_folder(facts.folder("county"), root / "scratch")
    with Workspace.open(data_paths(root / "scratch"), actor=Actor.system("admin")) as ws:
        ws.intake.take_in(facts.files["submission"])
        ws.review.return_batch(ids["kit"], "请补充材料")
        facts.files["return"] = ws.returns.make(ids["kit"], files / "退回包.nltspkg").path
    with Workspace.open(data_paths(facts.folder("city")), actor=Actor.system("city")) as ws:
        ws.intake.take_in(first.path, accept_new_key=True)

    Workspace.create(
        data_paths(facts.folder("empty")), WENJIANG, actor=Actor.system("admin")
    ).close()
    return facts


@pytest.fixture(scope="module")
def facts(tmp_path_factory: pytest.TempPathFactory) -> Facts:
    """The prepared workspaces, built once for the module."""
    return _build(tmp_path_factory.mktemp("permissions"))


# ---------------------------------------------------------------- the inventory


@dataclass
class Run:
    """One call's world: the copied workspace, the prepared facts, a folder for output files."""

    ws: Workspace
    facts: Facts
    out: Path
    prepared: Any = None

    def id(self, key: str) -> int:
        """A prepared id (schools, teachers, items, certificates, …)."""
        return self.facts.ids[key]

    def file(self, key: str) -> Path:
        """A prepared input file."""
        return self.facts.files[key]


@dataclass(frozen=True)
class Case:
    """A permission decision: who may, whether a coordinator only for the record's school."""

    roles: frozenset[Role]
    call: Callable[[Run], object]
    scoped: bool = False
    level: str = "county"
    # The school the record belongs to (an ``ids`` key): the "own" coordinator's school.
    school: str = "own"
    # Run first as the administrator (an import's checked plan, say).
    prepare: Callable[[Run], object] | None = None
    # False for a role-gated read: allowed, it must leave everything as it was.
    writes: bool = True


def _new_key() -> bytes:
    return Ed25519PrivateKey.generate().public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def _content() -> PackageContent:
    return PackageContent(
        kind="school_kit",
        origin=Origin("county", "510115", "温江区"),
        sequence=99,
        period="2022",
        data={"note": "权限测试"},
    )


def _teacher_fields(r: Run) -> dict[str, object]:
    found = r.ws.teachers.get(r.id("own_teacher"))
    return {"id_number": found.id_number, "name": found.name, "school": OWN_CODE,
            "phone": "13812345678"}  # fmt: skip


def _school_fields(r: Run) -> dict[str, object]:
    return {"code": OWN_CODE, "name": "温江区实验小学", "urban_rural": "111",
            "environments": "A,B", "contact_name": "王老师",
            "contact_phone": "02882712345"}  # fmt: skip


def _plan_fields() -> dict[str, object]:
    return {"environments": "A,B", "points": [("A1", True)], "plan_title": "2022年校本研修方案",
            "plan_date": "2022-03-12", "rules_title": "校本应用考核评分细则"}  # fmt: skip


def _fill_annual_plan(r: Run) -> None:
    from nlts_desktop.services.annual_plan import PLAN_SECTIONS

    r.ws.annual_plan.set_sections(2021, {s.code: "按计划推进。" for s in PLAN_SECTIONS})
    r.ws.annual_plan.set_cover(contact="王老师", phone="02882712345")


def _lock_look(r: Run) -> None:
    for _ in range(3):
        with pytest.raises(AppError):
            r.ws.accounts.authenticate("look", "not-the-password")


def _three_backups(r: Run) -> None:
    r.ws.backups.save_settings(BackupSettings(keep_daily=1, keep_weekly=1, keep_monthly=1))
    for _ in range(3):
        r.ws.backups.make("manual", thin=False)


def _blob(r: Run) -> None:
    data = "研修作品".encode()
    r.ws.assessment.store_blob(hashlib.sha256(data).hexdigest(), data)


HOURS = {"teacher_id": 0, "category": "网络研修", "hours": 3, "date": "2022-06-01"}
ID_NEW = id_number(50)

PERMISSIONS: dict[str, Case] = {
    # accounts (administrators)
    "AccountService.create_user": Case(
        ADMIN_ROLES,
        lambda r: r.ws.accounts.create_user(
            username="new.user",
            display_name="新用户",
            role=Role.VIEWER,
            password=PASSWORD,
            school_id=None,
        ),
    ),
    "AccountService.list_users": Case(
        ADMIN_ROLES, lambda r: r.ws.accounts.list_users(), writes=False
    ),
    "AccountService.set_active": Case(
        ADMIN_ROLES, lambda r: r.ws.accounts.set_active(r.id("account"), False)
    ),
    "AccountService.reset_password": Case(
        ADMIN_ROLES, lambda r: r.ws.accounts.reset_password(r.id("account"), "new-password-77")
    ),
    "AccountService.unlock": Case(
        ADMIN_ROLES, lambda r: r.ws.accounts.unlock(r.id("account")), prepare=_lock_look
    ),
    "AccountService.update_user": Case(
        ADMIN_ROLES,
        lambda r: r.ws.accounts.update_user(
            r.id("account"), display_name="李", role=Role.VIEWER, school_id=None
        ),
    ),
    # the annual plan (administrators write; the county's readers print)
    "AnnualPlanService.plan": Case(
        PLAN_READERS, lambda r: r.ws.annual_plan.plan(2021), writes=False
    ),
    "AnnualPlanService.set_sections": Case(
        ADMIN_ROLES,
        lambda r: r.ws.annual_plan.set_sections(2021, {"blended_training": "线上学习，线下研讨。"}),
    ),
    "AnnualPlanService.set_section": Case(
        ADMIN_ROLES, lambda r: r.ws.annual_plan.set_section(2021, "blended_training", "线上学习。")
    ),
    "AnnualPlanService.set_cover": Case(
        ADMIN_ROLES, lambda r: r.ws.annual_plan.set_cover(contact="王老师", phone="02882712345")
    ),
    "AnnualPlanService.set_project_details": Case(
        ADMIN_ROLES,
        lambda r: r.ws.annual_plan.set_project_details(r.id("project"), audience="骨干教师"),
    ),
    "AnnualPlanService.write_pdf": Case(
        PLAN_READERS,
        lambda r: r.ws.annual_plan.write_pdf(r.out / "规划书.pdf", 2021),
        prepare=_fill_annual_plan,
    ),
    # school-based assessment: the school's own work, the county's decision
    "AssessmentService.save_plan": Case(
        SCHOOL_ROLES, lambda r: r.ws.assessment.save_plan(r.id("own"), _plan_fields()), scoped=True
    ),
    "AssessmentService.decide_plan": Case(
        REVIEW_ROLES,
        lambda r: r.ws.assessment.decide_plan(r.id("plan"), approve=True),
        school="plan",
    ),
    "AssessmentService.set_selection": Case(
        SCHOOL_ROLES,
        lambda r: r.ws.assessment.set_selection(r.id("own_teacher"), ["A1", "A5", "A12"]),
        scoped=True,
    ),
    "AssessmentService.set_score": Case(
        SCHOOL_ROLES,
        lambda r: r.ws.assessment.set_score(r.id("own_item"), "1", assessor="王老师"),
        scoped=True,
    ),
    "AssessmentService.set_scores": Case(
        SCHOOL_ROLES,
        lambda r: r.ws.assessment.set_scores([(r.id("own_item"), "1")], assessor="王老师"),
        scoped=True,
    ),
    "AssessmentService.apply_sheet": Case(
        SCHOOL_ROLES,
        lambda r: r.ws.assessment.apply_sheet(r.id("own"), r.prepared.entries, assessor="王老师"),
        scoped=True,
        prepare=lambda r: r.ws.score_sheets.plan(r.file("scores"), r.id("own")),
    ),
    "AssessmentService.set_evidence_limit_mb": Case(
        ADMIN_ROLES, lambda r: r.ws.assessment.set_evidence_limit_mb(30)
    ),
    "AssessmentService.update_evidence": Case(
        SCHOOL_ROLES,
        lambda r: r.ws.assessment.update_evidence(r.id("own_item"), external_ref="平台作品二"),
        scoped=True,
    ),
    "AssessmentService.store_blob": Case(WRITE_ROLES, _blob),
    "AssessmentService.submit": Case(
        SCHOOL_ROLES, lambda r: r.ws.assessment.submit(r.id("own")), scoped=True
    ),
    "CatalogueService.replace_from_file": Case(
        ADMIN_ROLES, lambda r: r.ws.catalogue.replace_from_file(r.file("catalogue"))
    ),
    # certificates (the county's administrator)
    "CertificateService.update_settings": Case(
        ADMIN_ROLES, lambda r: r.ws.certificates.update_settings(issuer_name="温江区教育局")
    ),
    "CertificateService.issue": Case(
        ADMIN_ROLES,
        lambda r: r.ws.certificates.issue(teacher_ids=[r.id("qualified_teacher")]),
        school="done",
    ),
    "CertificateService.void": Case(
        ADMIN_ROLES,
        lambda r: r.ws.certificates.void(r.id("certificate"), "信息有误"),
        school="done",
    ),
    "CertificateService.reissue": Case(
        ADMIN_ROLES,
        lambda r: r.ws.certificates.reissue(r.id("voided_certificate"), "遗失补发"),
        school="done",
    ),
    "CertificateService.print_pdf": Case(
        ADMIN_ROLES,
        lambda r: r.ws.certificates.print_pdf(
            r.out / "证书.pdf", certificate_ids=[r.id("certificate")]
        ),
        school="done",
    ),
    # the city
    "CityService.export_summary": Case(
        ALL_ROLES, lambda r: r.ws.city.export_summary(r.out / "汇总.xlsx"), level="city"
    ),
    # packages
    "CountyReportService.make": Case(
        REVIEW_ROLES, lambda r: r.ws.county_reports.make(r.out / "区县上报包.nltspkg")
    ),
    "ReturnService.make": Case(
        REVIEW_ROLES,
        lambda r: r.ws.returns.make(r.id("done"), r.out / "退回包.nltspkg"),
        school="done",
    ),
    "SchoolKitService.make": Case(
        ADMIN_ROLES, lambda r: r.ws.school_kits.make(r.id("own"), r.out / "工作包.nltspkg")
    ),
    "SubmissionService.make": Case(
        SCHOOL_ROLES,
        lambda r: r.ws.submissions.make(r.out / "上报包.nltspkg"),
        scoped=True,
        level="school",
        school="school_here",
    ),
    "PackageService.send": Case(
        WRITE_ROLES,
        lambda r: r.ws.packages.send(
            r.out / "包.nltspkg", _content(), recipient_code=None, message="权限测试"
        ),
    ),
    "PackageIntake.take_in[county]": Case(
        REVIEW_ROLES, lambda r: r.ws.intake.take_in(r.file("submission")), school="kit"
    ),
    "PackageIntake.take_in[school]": Case(
        RETURN_TAKERS,
        lambda r: r.ws.intake.take_in(r.file("return")),
        scoped=True,
        level="school",
        school="school_here",
    ),
    "PackageIntake.take_in[city]": Case(
        CITY_TAKERS, lambda r: r.ws.intake.take_in(r.file("county_report")), level="city"
    ),
    # keys: the county's administrator registers and revokes; anyone may hand out ours
    "KeyService.accept": Case(
        ADMIN_ROLES, lambda r: r.ws.keys.accept(Origin("county", "510116", "双流区"), _new_key())
    ),
    "KeyService.import_public": Case(
        ADMIN_ROLES, lambda r: r.ws.keys.import_public(r.file("city_key"))
    ),
    "KeyService.revoke": Case(
        ADMIN_ROLES, lambda r: r.ws.keys.revoke(r.ws.keys.known()[0].fingerprint, "密钥泄露")
    ),
    "KeyService.export_public": Case(
        ALL_ROLES, lambda r: r.ws.keys.export_public(r.out / "本单位.nltskey")
    ),
    # statistics
    "DashboardService.export_xlsx": Case(
        COUNTY_READERS, lambda r: r.ws.dashboard.export_xlsx(r.out / "统计.xlsx")
    ),
    "DashboardService.briefing_pdf": Case(
        COUNTY_READERS, lambda r: r.ws.dashboard.briefing_pdf(r.out / "简报.pdf")
    ),
    "DashboardService.export_still_needed": Case(
        ALL_ROLES,
        lambda r: r.ws.dashboard.export_still_needed(r.out / "尚需.xlsx", school_id=r.id("own")),
        scoped=True,
    ),
    "DemoBuilder.run": Case(
        ADMIN_ROLES,
        lambda r: DemoBuilder(r.ws, teachers=12, seed=7).run(no_progress, None),
        level="empty",
    ),
    # hours (the county registers them)
    "HoursService.set_preset": Case(ADMIN_ROLES, lambda r: r.ws.hours.set_preset("hunan-2.0")),
    "HoursService.add": Case(
        ADMIN_ROLES,
        lambda r: r.ws.hours.add({**HOURS, "teacher_id": r.id("done_teacher")}),
        school="done",
    ),
    "HoursService.add_bulk": Case(
        ADMIN_ROLES,
        lambda r: r.ws.hours.add_bulk(
            [r.id("done_teacher")], {k: v for k, v in HOURS.items() if k != "teacher_id"}
        ),
        school="done",
    ),
    "HoursService.update": Case(
        ADMIN_ROLES,
        lambda r: r.ws.hours.update(
            r.id("hour_entry"), {**HOURS, "teacher_id": r.id("done_teacher"), "hours": 4}
        ),
        school="done",
    ),
    "HoursService.delete": Case(
        ADMIN_ROLES, lambda r: r.ws.hours.delete(r.id("hour_entry")), school="done"
    ),
    "HoursImportService.commit": Case(
        ADMIN_ROLES,
        lambda r: r.ws.hours_import.commit(r.prepared),
        school="done",
        prepare=lambda r: r.ws.hours_import.plan(
            r.file("hours"), institution="四川师范大学", project_id=r.id("project")
        ),
    ),
    # the leading group (领导小组)
    "LeadershipService.replace_group": Case(
        ADMIN_ROLES,
        lambda r: r.ws.leadership.replace_group(
            [
                {
                    "group_role": "组长",
                    "name": "梁海",
                    "position": "局长",
                    "unit": "温江区教育局",
                    "phone": "18682201632",
                }
            ]
        ),
    ),
    "LeadershipService.set_office": Case(
        ADMIN_ROLES, lambda r: r.ws.leadership.set_office("教育局人事科")
    ),
    "LeadershipService.set_opinion": Case(
        ADMIN_ROLES, lambda r: r.ws.leadership.set_opinion("同意，报市局。")
    ),
    "LeadershipService.read_file": Case(
        ADMIN_ROLES, lambda r: r.ws.leadership.read_file(r.file("leadership")), writes=False
    ),
    "LeadershipService.import_file": Case(
        ADMIN_ROLES, lambda r: r.ws.leadership.import_file(r.file("leadership"))
    ),
    "LeadershipService.leadership_form": Case(
        PLAN_READERS, lambda r: r.ws.leadership.leadership_form(r.out / "领导小组.xlsx")
    ),
    # training projects (the county's administrator)
    "ProjectService.create_institution": Case(
        ADMIN_ROLES, lambda r: r.ws.projects.create_institution({"name": "华东师范大学"})
    ),
    "ProjectService.update_institution": Case(
        ADMIN_ROLES,
        lambda r: r.ws.projects.update_institution(
            r.id("institution"), {"name": "四川师范大学", "contact_name": "刘老师"}
        ),
    ),
    "ProjectService.create_project": Case(
        ADMIN_ROLES,
        lambda r: r.ws.projects.create_project(
            project_fields(name="2021年温江区县级培训", level="县级")
        ),
    ),
    "ProjectService.update_project": Case(
        ADMIN_ROLES,
        lambda r: r.ws.projects.update_project(
            r.id("project"), project_fields(summary="网络研修、校本实践与集中研讨")
        ),
    ),
    "ProjectService.set_year_hours": Case(
        ADMIN_ROLES, lambda r: r.ws.projects.set_year_hours(r.id("project"), {2021: 20})
    ),
    "ProjectService.enroll": Case(
        ADMIN_ROLES,
        lambda r: r.ws.projects.enroll(r.id("project"), [r.id("qualified_teacher")]),
        school="done",
    ),
    "ProjectService.enroll_by_filter": Case(
        ADMIN_ROLES,
        lambda r: r.ws.projects.enroll_by_filter(r.id("project"), school_id=r.id("own")),
    ),
    "ProjectService.unenroll": Case(
        ADMIN_ROLES,
        lambda r: r.ws.projects.unenroll(r.id("project"), [r.id("done_teacher2")]),
        school="done",
    ),
    "ProjectService.replace": Case(
        ADMIN_ROLES,
        lambda r: r.ws.projects.replace(
            r.id("project"),
            original_teacher_id=r.id("done_teacher"),
            replacement_teacher_id=r.id("spare_teacher"),
            reason="工作调动",
            on=date(2021, 5, 1),
        ),
        school="done",
    ),
    # forms for the city and the province (the county's readers; a coordinator: own school)
    "ReportService.project_design_form": Case(
        COUNTY_READERS,
        lambda r: r.ws.reports.project_design_form(r.out / "项目设计表.xlsx", year=2021),
    ),
    "ReportService.trainee_changes_form": Case(
        COUNTY_READERS,
        lambda r: r.ws.reports.trainee_changes_form(r.out / "变更表.xlsx"),
        prepare=lambda r: r.ws.projects.replace(
            r.id("project"),
            original_teacher_id=r.id("done_teacher"),
            replacement_teacher_id=r.id("spare_teacher"),
            reason="工作调动",
            on=date(2021, 5, 1),
        ),
    ),
    "ReportService.institutions_form": Case(
        COUNTY_READERS, lambda r: r.ws.reports.institutions_form(r.out / "机构.xlsx")
    ),
    "ReportService.pilot_schools_form": Case(
        COUNTY_READERS,
        lambda r: r.ws.reports.pilot_schools_form(r.out / "试点.xlsx", year=2021),
        prepare=lambda r: r.ws.schools.update(r.id("own"), {**_school_fields(r), "is_pilot": "是"}),
    ),
    "ReportService.school_hours_summary": Case(
        ALL_ROLES, lambda r: r.ws.reports.school_hours_summary(r.out / "学时汇总.xlsx")
    ),
    "ReportService.ledger_pdf": Case(
        ALL_ROLES,
        lambda r: r.ws.reports.ledger_pdf(r.out / "学时档案.pdf", school_id=r.id("own")),
        scoped=True,
    ),
    # the county's review
    "ReviewService.approve_clean": Case(
        REVIEW_ROLES, lambda r: r.ws.review.approve_clean(r.id("other")), school="other"
    ),
    "ReviewService.approve": Case(
        REVIEW_ROLES,
        lambda r: r.ws.review.approve(r.id("other"), [r.id("other_teacher")]),
        school="other",
    ),
    "ReviewService.hold": Case(
        REVIEW_ROLES,
        lambda r: r.ws.review.hold(r.id("other"), [r.id("other_teacher")], "材料与能力点不符"),
        school="other",
    ),
    "ReviewService.return_batch": Case(
        REVIEW_ROLES,
        lambda r: r.ws.review.return_batch(r.id("other"), "请补充材料"),
        school="other",
    ),
    "ReviewService.unlock": Case(
        REVIEW_ROLES, lambda r: r.ws.review.unlock(r.id("done"), "更正成绩"), school="done"
    ),
    "ReviewService.draw_sample": Case(
        REVIEW_ROLES,
        lambda r: r.ws.review.draw_sample(count=1, school_ids=[r.id("done")]),
        school="done",
    ),
    "ReviewService.record_recheck": Case(
        REVIEW_ROLES,
        lambda r: r.ws.review.record_recheck(r.id("check"), grade="合格"),
        school="done",
    ),
    # the roster
    "RosterExportService.export_teachers": Case(
        ALL_ROLES, lambda r: r.ws.roster_export.export_teachers(r.out / "教师.xlsx")
    ),
    "RosterExportService.export_schools": Case(
        ALL_ROLES, lambda r: r.ws.roster_export.export_schools(r.out / "学校.xlsx")
    ),
    "RosterImportService.commit": Case(
        ADMIN_ROLES,
        lambda r: r.ws.roster_import.commit(r.prepared),
        prepare=lambda r: r.ws.roster_import.plan_teachers(r.file("roster")),
        school="done",
    ),
    "SchoolService.create": Case(
        ADMIN_ROLES,
        lambda r: r.ws.schools.create(
            {
                "code": "2151000009",
                "name": "温江区第九小学",
                "urban_rural": "111",
                "environments": "A",
            }
        ),
    ),
    "SchoolService.update": Case(
        ADMIN_ROLES, lambda r: r.ws.schools.update(r.id("own"), _school_fields(r))
    ),
    "SchoolService.set_active": Case(
        ADMIN_ROLES, lambda r: r.ws.schools.set_active(r.id("empty"), False), school="empty"
    ),
    # score sheets
    "ScoreSheetService.plan": Case(
        SCHOOL_ROLES,
        lambda r: r.ws.score_sheets.plan(r.file("scores"), r.id("own")),
        scoped=True,
        writes=False,
    ),
    "ScoreSheetService.commit": Case(
        SCHOOL_ROLES,
        lambda r: r.ws.score_sheets.commit(r.prepared, assessor="王老师"),
        scoped=True,
        prepare=lambda r: r.ws.score_sheets.plan(r.file("scores"), r.id("own")),
    ),
    "ScoreSheetService.export_scores": Case(
        ALL_ROLES,
        lambda r: r.ws.score_sheets.export_scores(r.out / "成绩表.xlsx", school_id=r.id("own")),
        scoped=True,
    ),
    "ScoreSheetService.export_results": Case(
        ALL_ROLES,
        lambda r: r.ws.score_sheets.export_results(r.out / "考核结果.xlsx", r.id("own")),
        scoped=True,
    ),
    "ScoreSheetService.export_summary": Case(
        COUNTY_READERS, lambda r: r.ws.score_sheets.export_summary(r.out / "考核汇总.xlsx")
    ),
    "ScoreSheetService.review_record_pdf": Case(
        COUNTY_READERS,
        lambda r: r.ws.score_sheets.review_record_pdf(r.out / "审核记录.pdf", r.id("done")),
        school="done",
    ),
    "ScoreSheetService.sampling_record": Case(
        COUNTY_READERS,
        lambda r: r.ws.score_sheets.sampling_record(r.out / "抽样记录.pdf", r.id("draw")),
        school="done",
    ),
    # backups (anyone who writes may back up; settings, thinning and restoring: administrators)
    "BackupService.make": Case(WRITE_ROLES, lambda r: r.ws.backups.make("manual")),
    "BackupService.save_settings": Case(
        ADMIN_ROLES,
        lambda r: r.ws.backups.save_settings(BackupSettings(interval_minutes=60)),
    ),
    "BackupService.thin": Case(ADMIN_ROLES, lambda r: r.ws.backups.thin(), prepare=_three_backups),
    "BackupService.check_restorable": Case(
        ADMIN_ROLES,
        lambda r: r.ws.backups.check_restorable(r.prepared.path),
        prepare=lambda r: r.ws.backups.make("manual"),
        writes=False,
    ),
    "BackupService.restore": Case(
        ADMIN_ROLES,
        # through the workspace, which takes the reopened database (``reopened``)
        lambda r: r.ws.restore_backup(r.prepared.path),
        prepare=lambda r: r.ws.backups.make("manual"),
    ),
    "Workspace.restore_backup": Case(
        ADMIN_ROLES,
        lambda r: r.ws.restore_backup(r.prepared.path),
        prepare=lambda r: r.ws.backups.make("manual"),
    ),
    # the audit log (the county's administrator)
    "AuditService.export_xlsx": Case(
        ADMIN_ROLES, lambda r: r.ws.audit.export_xlsx(None, r.out / "审计日志.xlsx")
    ),
    "AuditService.print_pdf": Case(
        ADMIN_ROLES, lambda r: r.ws.audit.print_pdf(None, r.out / "审计日志.pdf")
    ),
    # annual targets
    "TargetService.set_targets": Case(
        ADMIN_ROLES, lambda r: r.ws.targets.set_targets(2021, {"county": (4, 1)})
    ),
    "TargetService.set_plan": Case(
        ADMIN_ROLES, lambda r: r.ws.targets.set_plan({2021: {"county": (4, 1)}})
    ),
    "TargetService.clear_year": Case(ADMIN_ROLES, lambda r: r.ws.targets.clear_year(2020)),
    "TargetService.read_plan_table": Case(
        ADMIN_ROLES, lambda r: r.ws.targets.read_plan_table(r.file("targets")), writes=False
    ),
    "TargetService.import_plan_table": Case(
        ADMIN_ROLES, lambda r: r.ws.targets.import_plan_table(r.file("targets"))
    ),
    "TargetService.plan_table_form": Case(
        PLAN_READERS,
        lambda r: r.ws.targets.plan_table_form(
            r.out / "计划表.xlsx", contact="王老师", phone="02882712345"
        ),
    ),
    # teachers: the school's own (a coordinator registers and edits their school's teachers)
    "TeacherService.create": Case(
        SCHOOL_ROLES,
        lambda r: r.ws.teachers.create({"id_number": ID_NEW, "name": "新教师", "school": OWN_CODE}),
        scoped=True,
    ),
    "TeacherService.update": Case(
        SCHOOL_ROLES,
        lambda r: r.ws.teachers.update(r.id("own_teacher"), _teacher_fields(r)),
        scoped=True,
    ),
    "TeacherService.set_active": Case(
        SCHOOL_ROLES, lambda r: r.ws.teachers.set_active(r.id("own_teacher"), False), scoped=True
    ),
    "TeacherService.set_active_many": Case(
        SCHOOL_ROLES,
        lambda r: r.ws.teachers.set_active_many([r.id("own_teacher"), r.id("own_teacher2")], False),
        scoped=True,
    ),
    "TeacherService.transfer": Case(
        ADMIN_ROLES,
        lambda r: r.ws.teachers.transfer(
            r.id("own_teacher"), to_school=OTHER_CODE, on=date(2024, 9, 1)
        ),
    ),
    "TeacherService.delete": Case(
        ADMIN_ROLES, lambda r: r.ws.teachers.delete(r.id("free_teacher")), school="plan"
    ),
}

# Public methods that write nothing (reads; some refuse a role, none needs a school check to
# keep data safe) — a school coordinator's lists are narrowed where noted in the services.
READS = frozenset(
    {
        "AnnualPlanService.years", "AnnualPlanService.sections", "AnnualPlanService.cover",
        "AnnualPlanService.missing",
        "AssessmentService.cycle", "AssessmentService.plan", "AssessmentService.selection_context",
        "AssessmentService.grid", "AssessmentService.evidence_limit_mb",
        "AssessmentService.evidence", "AssessmentService.lock_reason",
        "AssessmentService.evidence_path", "AssessmentService.blob", "AssessmentService.batch",
        "CatalogueService.current", "CatalogueService.info",
        "CertificateService.settings", "CertificateService.get", "CertificateService.find",
        "CertificateService.register", "CertificateService.prints",
        "CheckService.run",
        "CityService.counties", "CityService.totals", "CityService.records",
        "DashboardService.overview", "DashboardService.still_needed",
        "DashboardService.briefing",
        "HoursService.preset", "HoursService.ledger", "HoursService.teacher_hours",
        "HoursService.still_short", "HoursService.school_summaries",
        "HoursService.county_summary",
        "HoursImportService.plan", "HoursImportService.default_report_path",
        "PackageIntake.preview",
        "KeyService.own", "KeyService.read_card", "KeyService.known", "KeyService.sender_status",
        "KeyService.recipient_key",
        "LeadershipService.group", "LeadershipService.missing",
        "PackageService.ledger",
        "ProjectService.get_institution", "ProjectService.list_institutions",
        "ProjectService.get_project", "ProjectService.list_projects", "ProjectService.enrolled",
        "ProjectService.changes",
        "ReportService.school_hours_rows", "ReportService.ledger_teachers",
        "ReviewService.queue", "ReviewService.school", "ReviewService.draws",
        "ReviewService.sample",
        "RosterImportService.plan_teachers", "RosterImportService.plan_schools",
        "RosterImportService.default_report_path",
        "SchoolService.get", "SchoolService.find", "SchoolService.list",
        "ScoreSheetService.default_report_path",
        "StatsService.counts", "StatsService.active_teachers_per_school",
        "TargetService.years", "TargetService.levels", "TargetService.list_targets",
        "TargetService.by_year", "TargetService.suggest",
        "TeacherService.get", "TeacherService.find_by_id_number", "TeacherService.table_rows",
        "TeacherService.transfers",
        "Workspace.info", "Workspace.preset",
        "AuditService.can_view", "AuditService.query", "AuditService.choices",
        "AuditService.verify", "AuditService.filter_text",
        "BackupService.list", "BackupService.settings", "BackupService.newest_good",
        "BackupService.changed_since_last", "BackupService.may_administer",
        "BackupService.may_back_up",
    }
)  # fmt: skip
# Open to every role by nature: signing in, one's own password, checking what one was given
# (a package's verification and a certificate's code are recorded as events, not changes).
SELF_SERVICE = frozenset(
    {
        "AccountService.has_users", "AccountService.create_first_admin",
        "AccountService.authenticate", "AccountService.change_password", "AccountService.now",
        "PackageService.verify", "CertificateService.verify",
    }
)  # fmt: skip
# Steps that run inside a checked caller (in its transaction, after its role check), or that
# write only the user's own rejected rows back to them (the error reports).
INNER_STEPS = frozenset(
    {
        "AssessmentService.apply_sheet_in", "AssessmentService.drop_selections",
        "PackageService.record_in", "PackageService.log_refusal",
        "KeyService.ensure", "KeyService.signing_key", "KeyService.decryption_key",
        "SubmissionIntake.summarize", "SubmissionIntake.inspect", "SubmissionIntake.apply",
        "ReturnIntake.summarize", "ReturnIntake.inspect", "ReturnIntake.apply",
        "CountyReportIntake.summarize", "CountyReportIntake.inspect", "CountyReportIntake.apply",
        "HoursImportService.write_error_report", "RosterImportService.write_error_report",
        "ScoreSheetService.write_error_report",
        "DashboardService.invalidate",
        # automatic backups: a no-op for a role that may not back up
        "BackupService.auto", "BackupService.safeguard",
        "TargetService.set_targets",  # delegates to set_plan (checked there), also listed above
    }
)  # fmt: skip
# Opening, creating and closing a workspace: before anyone has signed in.
SETUP = frozenset(
    {
        "Workspace.exists", "Workspace.create", "Workspace.create_from_kit", "Workspace.open",
        "Workspace.act_as", "Workspace.close",
    }
)  # fmt: skip
# The plumbing every service uses, not a use case.
INFRASTRUCTURE = frozenset({"ServiceContext", "CancelToken"})


def _service_methods() -> set[str]:
    """Every public method of every service class in nlts_desktop.services."""
    found: set[str] = set()
    for module_info in pkgutil.iter_modules(services_package.__path__):
        module = importlib.import_module(f"nlts_desktop.services.{module_info.name}")
        for name, cls in vars(module).items():
            if (
                not inspect.isclass(cls)
                or cls.__module__ != module.__name__
                or name.startswith("_")
                or name in INFRASTRUCTURE
                or dataclasses.is_dataclass(cls)
                or issubclass(cls, enum.Enum | BaseException | tuple)
                or getattr(cls, "_is_protocol", False)
            ):
                continue
            for attribute, value in vars(cls).items():
                if attribute.startswith("_") or isinstance(value, property):
                    continue
                if isinstance(value, staticmethod | classmethod) or inspect.isfunction(value):
                    found.add(f"{name}.{attribute}")
    return found


def test_the_inventory_is_complete() -> None:
    """Every public service method has a permission decision; no list names a gone method."""
    matrix = {key.split("[")[0] for key in PERMISSIONS}
    lists = {"READS": READS, "SELF_SERVICE": SELF_SERVICE, "INNER_STEPS": INNER_STEPS,
             "SETUP": SETUP}  # fmt: skip
    decided = matrix.union(*lists.values())
    found = _service_methods()
    assert sorted(found - decided) == [], "public service methods without a permission decision"
    assert sorted(decided - found) == [], "decisions for methods that no longer exist"
    for name, names in lists.items():
        both = names & matrix - {"TargetService.set_targets"}
        assert not both, f"in {name} and in PERMISSIONS: {sorted(both)}"
    assert len(matrix) >= 110  # the writing methods found when this inventory was made


# ---------------------------------------------------------------- the matrix


def _actor(who: str, case: Case, facts: Facts) -> Actor:
    if who == "viewer":
        return Actor("permission.viewer", Role.VIEWER)
    if who == "reviewer":
        return Actor("permission.reviewer", Role.COUNTY_REVIEWER)
    if who == "admin":
        return Actor("permission.admin", Role.COUNTY_ADMIN)
    own = facts.ids[case.school]
    if who == "own_coordinator":
        return Actor("permission.own", Role.SCHOOL_COORDINATOR, school_id=own)
    # Another school of the county (or, in a one-school workspace, a school not in it).
    other = (
        (facts.ids["own"] if case.school == "other" else facts.ids["other"])
        if case.level == "county"
        else 9999
    )
    return Actor("permission.other", Role.SCHOOL_COORDINATOR, school_id=other)


def _allowed(who: str, case: Case, actor: Actor) -> bool:
    if actor.role not in case.roles:
        return False
    return not (case.scoped and who == "other_coordinator")


def _snapshot(folder: Path, out: Path) -> dict[str, str]:
    """Every file of the data folder and the output folder, with its content's digest."""
    state: dict[str, str] = {}
    for base in (folder, out):
        for path in sorted(base.rglob("*")):
            if path.is_file() and path.name != "nlts.lock":
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
                state[str(path.relative_to(base.parent))] = digest
    return state


def _rows(ws: Workspace) -> dict[str, int]:
    with ws.context.read() as session:
        tables = sa_inspect(session.connection()).get_table_names()
        return {
            name: int(session.execute(text(f'SELECT count(*) FROM "{name}"')).scalar_one())
            for name in tables
        }


@pytest.fixture
def run_case(facts: Facts, tmp_path: Path) -> Iterator[Callable[[Case, str], None]]:
    """Call a case as ``who`` on a fresh copy of its prepared workspace, and check the outcome."""
    opened: list[Workspace] = []

    def run(case: Case, who: str) -> None:
        folder = tmp_path / "data"
        copy_data_folder(facts.folder(case.level), folder)
        out = tmp_path / "out"
        out.mkdir()
        ws = Workspace.open(data_paths(folder), actor=Actor.system("admin"))
        opened.append(ws)
        ws.context.actor = Actor("permission.admin", Role.COUNTY_ADMIN)
        state = Run(ws, facts, out)
        if case.prepare is not None:
            state.prepared = case.prepare(state)
        actor = _actor(who, case, facts)
        ws.context.actor = actor
        before_rows, before_files = _rows(ws), _snapshot(folder, out)
        if _allowed(who, case, actor):
            case.call(state)
            if case.writes:
                changed = _rows(ws) != before_rows or _snapshot(folder, out) != before_files
                assert changed, "allowed, but nothing was written"
            else:
                assert _snapshot(folder, out) == before_files
        else:
            with pytest.raises(PermissionDeniedError) as refused:
                case.call(state)
            assert "无权" in refused.value.message
            assert _rows(ws) == before_rows, "refused, but rows were written"
            assert _snapshot(folder, out) == before_files, "refused, but a file changed"

    yield run
    for ws in opened:
        ws.close()


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("key", sorted(PERMISSIONS))
def test_each_role_is_allowed_or_refused(
    key: str, who: str, run_case: Callable[[Case, str], None]
) -> None:
    if pgserver.server() and "restor" in key and who == "admin":
        pytest.skip("on the shared server a restore is refused for everyone (test_shared_server)")
    run_case(PERMISSIONS[key], who)


# ---------------------------------------------------------------- a coordinator's reads


def test_a_coordinator_reads_and_exports_only_their_own_school(
    facts: Facts, tmp_path: Path
) -> None:
    folder = tmp_path / "data"
    copy_data_folder(facts.folder("county"), folder)
    with Workspace.open(data_paths(folder), actor=Actor.system("admin")) as ws:
        own = facts.ids["own"]
        everyone = len(ws.teachers.table_rows())
        ws.context.actor = Actor("permission.own", Role.SCHOOL_COORDINATOR, school_id=own)
        rows = ws.teachers.table_rows()
        assert {r.school_id for r in rows} == {own} and len(rows) == 3 < everyone
        assert ws.roster_export.export_teachers(tmp_path / "教师.xlsx") == 3
        others = [facts.ids["other_teacher"], facts.ids["own_teacher"]]
        assert ws.roster_export.export_teachers(tmp_path / "选中.xlsx", teacher_ids=others) == 1
        assert ws.roster_export.export_schools(tmp_path / "学校.xlsx") == 1
        sheet = openpyxl.load_workbook(tmp_path / "学校.xlsx").worksheets[0]
        assert OWN_CODE in [c.value for c in sheet["A"]]
        assert OTHER_CODE not in [c.value for c in sheet["A"]]
        assert {t.school_code for t in ws.dashboard.still_needed()} <= {OWN_CODE}
        with pytest.raises(PermissionDeniedError) as caught:
            ws.dashboard.still_needed(facts.ids["other"])
        assert caught.value.code == "permission.other_school"
        assert [r.school_code for r in ws.reports.school_hours_rows()[0]] == [OWN_CODE]
        # The county's figures and forms are refused outright.
        for refused in (
            lambda: ws.dashboard.export_xlsx(tmp_path / "统计.xlsx"),
            lambda: ws.dashboard.briefing_pdf(tmp_path / "简报.pdf"),
            lambda: ws.reports.institutions_form(tmp_path / "机构.xlsx"),
            lambda: ws.score_sheets.export_summary(tmp_path / "汇总.xlsx"),
        ):
            with pytest.raises(PermissionDeniedError):
                refused()
        assert not (tmp_path / "统计.xlsx").exists() and not (tmp_path / "简报.pdf").exists()
