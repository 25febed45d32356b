"""A workspace: one data folder, its lock, its database, and the services over it."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from sqlalchemy import select

from nlts_desktop.domain.catalogue import load_catalogue, parse_catalogue
from nlts_desktop.domain.codes import code_table
from nlts_desktop.domain.enums import Role, WorkspaceLevel
from nlts_desktop.domain.errors import StorageError, ValidationError
from nlts_desktop.domain.presets import Preset, load_preset, parse_preset, preset_to_dict
from nlts_desktop.domain.resources import load_json
from nlts_desktop.domain.text import normalize_text
from nlts_desktop.paths import DataPaths
from nlts_desktop.services.accounts import AccountService
from nlts_desktop.services.annual_plan import AnnualPlanService
from nlts_desktop.services.assessment import AssessmentService
from nlts_desktop.services.audit import AuditService
from nlts_desktop.services.backups import BackupRecord, BackupService
from nlts_desktop.services.catalogue import CatalogueService, store_catalogue
from nlts_desktop.services.certificates import CertificateService
from nlts_desktop.services.checks import CheckService
from nlts_desktop.services.city import CityService, CountyReportIntake
from nlts_desktop.services.context import Actor, ServiceContext
from nlts_desktop.services.county_report import CountyReportService
from nlts_desktop.services.county_return import ReturnIntake, ReturnService
from nlts_desktop.services.dashboard import DashboardService
from nlts_desktop.services.hours import HoursService
from nlts_desktop.services.hours_import import HoursImportService
from nlts_desktop.services.intake import PackageIntake
from nlts_desktop.services.keys import KeyService
from nlts_desktop.services.leadership import LeadershipService
from nlts_desktop.services.packages import PackageService
from nlts_desktop.services.projects import ProjectService
from nlts_desktop.services.records import WorkspaceInfo
from nlts_desktop.services.recovery import prepare_open
from nlts_desktop.services.reports import ReportService
from nlts_desktop.services.review import ReviewService
from nlts_desktop.services.roster_export import RosterExportService
from nlts_desktop.services.roster_import import RosterImportService
from nlts_desktop.services.school_kit import SchoolKitService
from nlts_desktop.services.schools import SchoolService
from nlts_desktop.services.score_sheets import ScoreSheetService
from nlts_desktop.services.stats import StatsService
from nlts_desktop.services.submissions import SubmissionIntake, SubmissionService
from nlts_desktop.services.targets import TargetService
from nlts_desktop.services.teachers import TeacherService
from nlts_desktop.storage.database import (
    Database,
    create_database,
    create_server_database,
    open_database,
    open_server_database,
    server_has_workspace,
)
from nlts_desktop.storage.location import location_problem
from nlts_desktop.storage.lock import InstanceLock
from nlts_desktop.storage.models import Catalogue as CatalogueRow
from nlts_desktop.storage.models import School, WorkspaceRow


@dataclass(frozen=True)
class WorkspaceSpec:
    """What it takes to create a workspace."""

    level: str
    region_code: str
    region_name: str
    preset_id: str
    parent_code: str | None = None
    parent_name: str | None = None
    school_code: str | None = None
    current_cycle: int | None = None


def validate_spec(spec: WorkspaceSpec) -> tuple[WorkspaceLevel, str, str, Preset]:
    """Check level, region code (GB/T 2260), name and preset; Chinese messages."""
    try:
        level = WorkspaceLevel(spec.level)
    except ValueError:
        raise ValidationError(
            f"“{spec.level}”不是有效的工作区级别，请选择 county（区县）、school（学校）"
            "或 city（地市）。",
            code="workspace.level",
            field="level",
            value=spec.level,
        ) from None
    code = normalize_text(spec.region_code).replace(" ", "")
    if not re.fullmatch(r"\d{6}", code):
        raise ValidationError(
            f"行政区划代码“{spec.region_code}”应为 6 位数字（如温江区为 510115）。",
            code="workspace.region_code",
            field="region_code",
            value=spec.region_code,
        )
    if code_table("provinces").find(code[:2]) is None:
        raise ValidationError(
            f"行政区划代码“{code}”的前两位“{code[:2]}”不是有效的省级代码。",
            code="workspace.region_province",
            field="region_code",
            value=code,
        )
    if level is WorkspaceLevel.COUNTY and code.endswith("00"):
        raise ValidationError(
            f"“{code}”是地市级代码，区县工作区请填写区县的 6 位代码（后两位不为 00）。",
            code="workspace.region_level",
            field="region_code",
            value=code,
        )
    if level is WorkspaceLevel.CITY and (not code.endswith("00") or code.endswith("0000")):
        raise ValidationError(
            f"“{code}”不是地市级代码，地市工作区的代码后两位应为 00（如成都市为 510100）。",
            code="workspace.region_level",
            field="region_code",
            value=code,
        )
    name = normalize_text(spec.region_name)
    if not name:
        raise ValidationError(
            "地区名称不能为空（如“温江区”）。", code="workspace.name", field="region_name"
        )
    preset = load_preset(spec.preset_id)
    return level, code, name, preset


class Workspace:
    """An open workspace: holds the folder lock and the database until closed."""

    #: Told to the user once after opening: changes undone after a crash, and the like.
    startup_notes: tuple[str, ...] = ()

    def __init__(
        self, paths: DataPaths, db: Database, lock: InstanceLock | None, actor: Actor
    ) -> None:
        self.paths = paths
        self.db = db
        self._lock = lock
        self.context = ServiceContext(db, actor)
        self.backups = BackupService(self.context, paths)
        if not db.read_only and not db.on_server:  # checked backups before bulk changes
            self.context.safeguard = self.backups.safeguard
        self.accounts = AccountService(self.context)
        self.schools = SchoolService(self.context)
        self.teachers = TeacherService(self.context)
        self.stats = StatsService(self.context)
        self.checks = CheckService(self.context)
        self.audit = AuditService(self.context)
        self.catalogue = CatalogueService(self.context)
        self.roster_import = RosterImportService(self.context)
        self.roster_export = RosterExportService(self.context)
        self.projects = ProjectService(self.context)
        self.hours = HoursService(self.context)
        self.dashboard = DashboardService(self.context, self.hours)
        self.hours_import = HoursImportService(self.context)
        self.reports = ReportService(self.context)
        self.targets = TargetService(self.context)
        self.leadership = LeadershipService(self.context)
        self.annual_plan = AnnualPlanService(self.context)
        self.assessment = AssessmentService(self.context, paths.evidence)
        self.review = ReviewService(self.context)
        self.keys = KeyService(self.context, paths.keys)
        self.certificates = CertificateService(self.context, self.keys, self.hours)
        self.packages = PackageService(self.context, self.keys)
        self.school_kits = SchoolKitService(self.context, self.packages)
        self.submissions = SubmissionService(self.context, self.packages, self.assessment)
        self.returns = ReturnService(self.context, self.packages)
        self.city = CityService(self.context)
        self.intake = PackageIntake(
            self.context,
            self.keys,
            self.packages,
            {
                handler.kind: handler
                for handler in (
                    SubmissionIntake(self.context, self.assessment),
                    ReturnIntake(self.context, self.assessment),
                    CountyReportIntake(),
                )
            },
        )
        self.score_sheets = ScoreSheetService(self.context, self.assessment)
        self.county_reports = CountyReportService(
            self.context,
            self.keys,
            self.packages,
            self.hours,
            self.review,
            forms=(
                ("学时完成情况汇总表.xlsx", self.reports.school_hours_summary),
                ("校本应用考核汇总表.xlsx", self.score_sheets.export_summary),
            ),
        )

    @staticmethod
    def exists(paths: DataPaths) -> bool:
        """Whether the folder already holds a workspace database.

        For a folder set to a shared server the server is asked; when it cannot be reached
        (or wants a password not given here) the answer is yes, and ``open`` tells the reason.
        """
        if paths.server is not None:
            return server_has_workspace(paths.server) is not False
        return paths.database.exists() and paths.database.stat().st_size > 0

    @classmethod
    def create(
        cls, paths: DataPaths, spec: WorkspaceSpec, *, actor: Actor, password: str | None = None
    ) -> Workspace:
        """Make a new workspace in an empty data folder (or an empty database on a server)."""
        level, code, name, preset = validate_spec(spec)
        if paths.server is not None:
            db = create_server_database(paths.server, password=password)
            return cls._fill_new(cls(paths, db, None, actor), spec, level, code, name, preset)
        problem = location_problem(paths.root)
        if problem is not None:
            raise StorageError(problem.reason, code="db.location", details={"kind": problem.kind})
        lock = InstanceLock(paths.root).acquire()
        try:
            if cls.exists(paths):
                raise StorageError(
                    f"数据文件夹“{paths.root}”中已经有工作区，不能重复新建。"
                    "如需重新开始，请换一个数据文件夹。",
                    code="workspace.exists",
                )
            db = create_database(paths.database)
        except BaseException:
            lock.release()
            raise
        return cls._fill_new(cls(paths, db, lock, actor), spec, level, code, name, preset)

    @classmethod
    def _fill_new(
        cls,
        workspace: Workspace,
        spec: WorkspaceSpec,
        level: WorkspaceLevel,
        code: str,
        name: str,
        preset: Preset,
    ) -> Workspace:
        paths = workspace.paths
        try:
            catalogue = load_catalogue()
            with workspace.context.unit_of_work() as session:
                catalogue_id = store_catalogue(session, catalogue, load_json("ability_points.json"))
                province = code_table("provinces").find(code[:2])
                session.add(
                    WorkspaceRow(
                        level=level.value,
                        region_code=code,
                        region_name=name,
                        parent_code=normalize_text(spec.parent_code) or None,
                        parent_name=normalize_text(spec.parent_name) or None,
                        province_code=code[:2],
                        province_name=province.name if province else None,
                        school_code=spec.school_code,
                        preset_id=preset.preset_id,
                        preset_json=json.dumps(preset_to_dict(preset), ensure_ascii=False),
                        catalogue_id=catalogue_id,
                        current_cycle=spec.current_cycle
                        or (preset.years[-1] if preset.years else None),
                    )
                )
            workspace.keys.ensure()  # the signing and encryption key pairs, made once
        except BaseException:
            workspace.close()
            if paths.server is None:
                paths.database.unlink(missing_ok=True)
            raise
        return workspace

    @classmethod
    def create_from_kit(
        cls, paths: DataPaths, kit: Path, *, actor: Actor, accept_fingerprint: str
    ) -> Workspace:
        """Make a school-mode workspace from the county's school kit (学校工作包).

        ``accept_fingerprint`` is the county key's fingerprint as the coordinator confirmed it
        (read over the phone): the kit is refused when it was signed by another key.  The
        county's key is then registered, so later packages from it are recognised.
        """
        from nlts_desktop.exchange.package import open_package
        from nlts_desktop.services.school_kit import check_kit, load_kit

        opened = open_package(kit)
        if opened.signer_fingerprint != accept_fingerprint.strip().upper():
            raise ValidationError(
                f"学校工作包的签名密钥指纹为 {opened.signer_fingerprint}，与您确认的指纹不一致。"
                "请与区县电话核对指纹后重试；指纹不一致时不要使用这个工作包。",
                code="kit.fingerprint",
            )
        data = check_kit(opened)
        county = data["workspace"]
        school = data["school"]
        spec = WorkspaceSpec(
            level=WorkspaceLevel.SCHOOL.value,
            region_code=str(county["region_code"]),
            region_name=str(county["region_name"]),
            preset_id=str(county["preset_id"]),
            parent_code=county.get("parent_code"),
            parent_name=county.get("parent_name"),
            school_code=str(school["code"]),
            current_cycle=int(county["cycle"]),
        )
        workspace = cls.create(paths, spec, actor=actor)
        try:
            catalogue = parse_catalogue(data["catalogue"], source="学校工作包中的能力点目录")
            preset = parse_preset(county["preset"], source="学校工作包中的规则")
            with workspace.context.unit_of_work() as session:
                row = session.scalars(select(WorkspaceRow)).one()
                row.catalogue_id = store_catalogue(session, catalogue, data["catalogue"])
                row.preset_json = json.dumps(preset_to_dict(preset), ensure_ascii=False)
                row.evidence_max_mb = county.get("evidence_max_mb")
                load_kit(session, data, row.catalogue_id)
            workspace.keys.accept(opened.manifest.origin, opened.manifest.signer_public, None)
            workspace.packages.record_in(kit, opened, "imported", "建立学校工作区")
            workspace.act_as(actor)  # from now on, only the coordinator's work
        except BaseException:
            workspace.close()
            paths.database.unlink(missing_ok=True)
            raise
        return workspace

    @classmethod
    def open(
        cls,
        paths: DataPaths,
        *,
        actor: Actor,
        on_migrate: Callable[[str | None, str], None] | None = None,
        read_only: bool = False,
        password: str | None = None,
    ) -> Workspace:
        """Open the folder's workspace (refusing foreign or newer files, migrating older).

        First the start-up check (services/recovery.py): no live database on a network or
        removable disk (code ``db.location``; read-only is allowed there), leftovers of a
        crash removed, a hot journal rolled back, a damaged file moved aside
        (``DamagedDatabaseError``, code ``db.damaged``).  ``read_only``, or a file or folder
        that cannot be written, opens the database with ``mode=ro``.  What the user should
        hear about (changes undone, an interrupted upgrade completed) is in ``startup_notes``.

        On a shared server (``paths.server``) there is no file to check or lock: several clerks
        work at once, and the server keeps its data whole.  ``password`` is the server's.
        """
        if paths.server is not None:
            db = open_server_database(paths.server, password=password, on_migrate=on_migrate)
            db.read_only = read_only
            workspace = cls(paths, db, None, actor)
            try:
                workspace.act_as(actor)
            except BaseException:
                workspace.close()
                raise
            return workspace
        opening = prepare_open(paths, read_only=read_only)
        lock = opening.lock
        try:
            db = open_database(
                paths.database,
                backup_dir=paths.backups,
                on_migrate=on_migrate,
                read_only=opening.read_only,
            )
        except BaseException:
            lock.release()
            raise
        workspace = cls(paths, db, lock, actor)
        workspace.startup_notes = tuple(opening.notes(db))
        try:
            workspace.act_as(actor)
        except BaseException:
            workspace.close()
            raise
        return workspace

    def act_as(self, actor: Actor) -> None:
        """Make every service act for ``actor`` (after sign-in).

        A school-mode workspace holds one school and allows only the coordinator's work: any
        writing account acts as that school's coordinator, whatever its role elsewhere.
        """
        with self.context.read() as session:
            row = session.scalars(select(WorkspaceRow)).first()
            school = (
                session.scalar(select(School.id).where(School.code == row.school_code))
                if row is not None and row.level == WorkspaceLevel.SCHOOL.value
                else None
            )
        if school is not None and actor.role is not Role.VIEWER:
            actor = Actor(actor.username, Role.SCHOOL_COORDINATOR, school_id=school)
        self.context.actor = actor

    def info(self) -> WorkspaceInfo:
        """Identity and rules of the workspace."""
        with self.context.read() as session:
            row = session.scalars(select(WorkspaceRow)).first()
            if row is None:
                raise StorageError(
                    "工作区数据库中缺少工作区信息，文件可能不完整。请从备份恢复。",
                    code="workspace.missing_row",
                )
            catalogue = session.get(CatalogueRow, row.catalogue_id) if row.catalogue_id else None
            preset = self._preset_from(row)
            return WorkspaceInfo(
                level=row.level,
                region_code=row.region_code,
                region_name=row.region_name,
                parent_code=row.parent_code,
                parent_name=row.parent_name,
                province_code=row.province_code,
                province_name=row.province_name,
                preset_id=row.preset_id,
                preset_name=preset.name,
                catalogue_version=catalogue.version if catalogue else None,
                school_code=row.school_code,
                current_cycle=row.current_cycle,
            )

    @staticmethod
    def _preset_from(row: WorkspaceRow) -> Preset:
        return parse_preset(json.loads(row.preset_json), source="工作区规则")

    def preset(self) -> Preset:
        """The programme rules in force in this workspace."""
        with self.context.read() as session:
            row = session.scalars(select(WorkspaceRow)).one()
            return self._preset_from(row)

    def restore_backup(self, path: Path) -> BackupRecord:
        """Replace the database with a backup (administrator); the current data is backed up
        first and that backup is returned.  On failure the current database stays in place."""

        def reopened(db: Database) -> None:
            self.db = db
            self.dashboard.invalidate()

        return self.backups.restore(path, reopened=reopened)

    def close(self) -> None:
        """Close the database and give the data folder back."""
        self.db.dispose()
        if self._lock is not None:
            self._lock.release()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
