"""审计日志: reading, checking, exporting and printing the audit log; exports recorded in it.

The log itself is written by :mod:`nlts_desktop.storage.audit` with every change.  Viewing it
is the administrator's: the county's 区县管理员, and in a school-mode workspace (which holds one
school and where every writing account acts as its coordinator, see ``Workspace.act_as``) the
school's coordinator.  Filtering and paging happen in SQL, newest first; times are stored in
UTC and shown in local time.

:func:`audited_export` is the one place every service method that writes a file for people
(forms, lists, PDFs) records that it did: an ``export`` entry naming the file, in its own
transaction once the file is written (nothing is recorded in a read-only workspace).
"""

from __future__ import annotations

import functools
import inspect
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, Protocol, TypeVar

from sqlalchemy import ColumnElement, Select, and_, func, or_, select, true
from sqlalchemy.orm import Session

from nlts_desktop.domain.enums import Role, WorkspaceLevel
from nlts_desktop.domain.errors import PermissionDeniedError, ValidationError
from nlts_desktop.domain.masking import mask_id_numbers
from nlts_desktop.services.context import ADMIN_ROLES, ServiceContext
from nlts_desktop.storage.audit import ChainReport as ChainReport  # re-exported to ui
from nlts_desktop.storage.audit import record_audit, verify_chain
from nlts_desktop.storage.models import AuditEntry, School, Teacher, WorkspaceRow

EXPORT_ACTION = "export"
PACKAGE_ACTION = "package"
IMPORT_ACTION = "import"
DEFAULT_LIMIT = 200
PDF_LIMIT = 2_000  # a printout of more entries is not read by anyone: export to Excel instead
_EXCEL_CELL_LIMIT = 32_000  # Excel holds 32,767 characters a cell
_FIELDS_SHOWN = 6

ACTION_LABELS: dict[str, str] = {
    "create": "新增",
    "update": "修改",
    "delete": "删除",
    "import": "导入",
    "export": "导出",
    "package": "数据包",
    "backup": "备份",
    "restore": "恢复",
    "login": "登录",
    "login_failed": "登录失败",
    "logout": "退出登录",
    "create_bulk": "批量新增",
    "enroll": "报名",
    "insert": "记入",
    "unlock": "解锁",
    "sample": "抽样",
    "reissue": "补发",
    "demo": "演示数据",
    "audit": "审计日志",
}
ENTITY_LABELS: dict[str, str] = {
    "workspace": "工作区",
    "users": "账号",
    "schools": "学校",
    "school_team_members": "学校团队成员",
    "teachers": "教师",
    "teacher_transfers": "教师调动",
    "institutions": "承训机构",
    "training_projects": "培训项目",
    "project_year_hours": "项目年度学时",
    "enrollments": "参训名单",
    "enrollment_changes": "参训人员变更",
    "hour_records": "学时记录",
    "catalogues": "能力点目录",
    "ability_points": "能力点",
    "evidence_specs": "考核材料要求",
    "school_plans": "校本研修方案",
    "school_plan_points": "方案能力点",
    "submissions": "考核批次",
    "submission_events": "批次记录",
    "point_selections": "能力点选择",
    "evidence_items": "考核材料",
    "scores": "考核成绩",
    "assessment_results": "考核结果",
    "sampling_draws": "抽样",
    "sampling_checks": "抽样检查",
    "certificates": "证书",
    "certificate_prints": "证书打印记录",
    "app_settings": "设置",
    "annual_plan_sections": "年度规划书",
    "annual_targets": "年度目标",
    "leadership_members": "领导小组成员",
    "audit_entries": "审计日志",
    "audit_head": "审计日志",
    "package_records": "数据包登记",
    "known_keys": "公钥",
    "exchange_bases": "交换基准",
    "city_counties": "区县上报",
    "city_schools": "区县上报学校",
    "city_teachers": "区县上报教师",
    "database": "数据库",
    "forms": "上报表格",
    "keys": "密钥",
}
FIELD_LABELS: dict[str, str] = {
    "name": "名称",
    "id_number": "身份证号",
    "gender": "性别",
    "birth_date": "出生日期",
    "phone": "联系电话",
    "school_id": "学校",
    "teacher_id": "教师",
    "stage_code": "学段",
    "subject_code": "学科",
    "title_code": "职称",
    "status": "状态",
    "note": "备注",
    "code": "代码",
    "username": "用户名",
    "display_name": "显示名",
    "role": "角色",
    "active": "启用",
    "password_hash": "密码",
    "half_hours": "学时（半小时）",
    "category": "类别",
    "year": "年度",
    "grade": "等级",
    "state": "状态",
    "reason": "原因",
    "serial": "证书编号",
    "file": "文件",
    "file_name": "文件名",
    "contact_name": "联系人",
    "contact_phone": "联系电话",
    "environments": "信息化环境",
    "title": "标题",
    "planned_count": "计划人数",
    "value_json": "设置值",
    "text": "内容",
    "failed_attempts": "连续登录失败次数",
    "locked_until": "锁定至",
    "last_login_at": "最近登录",
    "is_pilot": "试点学校",
    "is_demo": "示范学校",
    "hours_mapping_json": "学时列对应",
}
# Stored codes shown in words (statuses and the like).
VALUE_LABELS: dict[str, str] = {
    "active": "正常",
    "inactive": "停用",
    "male": "男",
    "female": "女",
}
# Fields that name what a created or deleted row was, best first.
_NAMING_FIELDS = ("name", "title", "username", "serial", "code", "file_name", "key", "year")
_HIDDEN_FIELDS = frozenset({"id", "version", "created_at", "updated_at"})
# Tables of people: their "name" is a 姓名.
_PEOPLE = frozenset({"teachers", "users", "leadership_members", "school_team_members"})


# ------------------------------------------------------------------ records


@dataclass(frozen=True)
class AuditFilter:
    """Which entries to show; every field optional.  Dates are local calendar days, inclusive.

    ``teacher`` finds teachers by part of the name or by ID number; ``text`` searches the
    entry's content (ID numbers typed in full are matched in their masked form).
    """

    actor: str | None = None
    since: date | None = None
    until: date | None = None
    action: str | None = None
    entity: str | None = None
    school_id: int | None = None
    teacher_id: int | None = None
    text: str | None = None
    teacher: str | None = None


@dataclass(frozen=True)
class AuditRecord:
    """One audit entry as people read it (labels in Chinese, ID numbers masked)."""

    id: int
    at: datetime  # aware UTC
    actor: str
    action: str
    action_label: str
    entity: str
    entity_label: str
    entity_id: int | None
    school_id: int | None
    school_name: str
    teacher_id: int | None
    teacher_name: str
    description: str
    before_json: str | None
    after_json: str | None

    @property
    def local_time(self) -> str:
        """The time in local time: 2026-11-23 14:05:09."""
        return local_time_text(self.at)

    def cells(self) -> tuple[str, ...]:
        """编号, 时间, 操作人, 操作, 对象, 学校, 教师, 内容: as listed, exported and printed."""
        return (
            str(self.id),
            self.local_time,
            self.actor,
            self.action_label,
            self.entity_label,
            self.school_name,
            self.teacher_name,
            self.description,
        )


@dataclass(frozen=True)
class AuditPage:
    """A page of entries, newest first, and how many match the filter in all."""

    rows: list[AuditRecord]
    total: int


@dataclass(frozen=True)
class AuditChoices:
    """What the viewer's filter lists offer: the values present in the log."""

    actors: list[str]
    actions: list[tuple[str, str]]  # (code, label)
    entities: list[tuple[str, str]]
    schools: list[tuple[int, str]]


def local_time_text(moment: datetime) -> str:
    """A stored (UTC) time as local 2026-11-23 14:05:09."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone().strftime("%Y-%m-%d %H:%M:%S")


def action_label(action: str) -> str:
    """操作 in Chinese (an unknown code is shown as it is)."""
    return ACTION_LABELS.get(action, action)


def entity_label(entity: str) -> str:
    """对象 in Chinese (an unknown table is shown as it is)."""
    return ENTITY_LABELS.get(entity, entity)


def _value_text(value: object) -> str:
    if value is None or value == "":
        return "空"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, str) and value in VALUE_LABELS:
        return VALUE_LABELS[value]
    text = json.dumps(value, ensure_ascii=False) if isinstance(value, dict | list) else str(value)
    return text if len(text) <= 40 else text[:39] + "…"


def _load(text: str | None) -> dict[str, Any]:
    if not text:
        return {}
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def describe(
    action: str, entity: str, summary: str | None, before: str | None, after: str | None
) -> str:
    """The 内容 column: the summary when there is one, else what changed, field by field."""
    if summary:
        return summary
    old, new = _load(before), _load(after)
    what = entity_label(entity)
    labels = FIELD_LABELS | ({"name": "姓名"} if entity in _PEOPLE else {})
    if action == "update":
        changed = [key for key in new if key not in _HIDDEN_FIELDS]
        parts = [
            f"{labels.get(key, key)}：{_value_text(old.get(key))} → {_value_text(new.get(key))}"
            for key in changed[:_FIELDS_SHOWN]
        ]
        more = f" 等 {len(changed)} 项" if len(changed) > _FIELDS_SHOWN else ""
        return f"修改{what}：" + "；".join(parts) + more if parts else f"修改{what}"
    values = new if action == "create" else old
    named = [
        _value_text(values[key]) for key in _NAMING_FIELDS if values.get(key) not in (None, "")
    ]
    verb = {"create": "新增", "delete": "删除"}.get(action, action_label(action))
    return f"{verb}{what}" + (f"：{'，'.join(named[:2])}" if named else "")


# ------------------------------------------------------------------ exports, recorded


class _HasContext(Protocol):
    @property
    def _context(self) -> ServiceContext: ...


S = TypeVar("S", bound=_HasContext)
P = ParamSpec("P")
R = TypeVar("R")


def _written_path(result: object, bound: Mapping[str, Any]) -> Path | None:
    if isinstance(result, Path):
        return result
    path = getattr(result, "path", None)
    if isinstance(path, Path):
        return path
    out = bound.get("out")
    return out if isinstance(out, Path) else None


def record_import(
    session: Session,
    *,
    entity: str,
    what: str,
    path: Path,
    counts: str,
    after: Mapping[str, object] | None = None,
    school_id: int | None = None,
) -> None:
    """One import entry naming the file and what it brought, in the import's transaction."""
    record_audit(
        session,
        action=IMPORT_ACTION,
        entity=entity,
        summary=f"从“{path.name}”导入{what}：{counts}",
        after={"file": str(path), **(after or {})},
        school_id=school_id,
    )


def record_export(
    context: ServiceContext,
    *,
    what: str,
    path: Path | None,
    entity: str,
    count: int | None = None,
    unit: str = "",
    school_id: int | None = None,
    action: str = EXPORT_ACTION,
) -> None:
    """Record that a file was written for people (own transaction; skipped when read-only)."""
    name = path.name if path is not None else "（未知文件）"
    counted = f"（{count:,} {unit}）" if count is not None and unit else ""
    after: dict[str, object] = {"file": str(path) if path is not None else None}
    if count is not None:
        after["count"] = count
    if school_id is not None:
        after["school_id"] = school_id
    context.audit_event(action, entity, f"导出{what}“{name}”{counted}", after=after)


def audited_export(
    entity: str, what: str, *, unit: str = ""
) -> Callable[[Callable[Concatenate[S, P], R]], Callable[Concatenate[S, P], R]]:
    """Decorate a service method that writes a file (argument ``out``) to record the export.

    The file's name comes from the method's result (a ``Path`` or anything with ``.path``) or
    its ``out`` argument; an ``int`` result is the count, in ``unit`` (行, 页, 所, …); a
    ``school_id`` argument becomes the entry's school.
    """

    def decorate(method: Callable[Concatenate[S, P], R]) -> Callable[Concatenate[S, P], R]:
        signature = inspect.signature(method)

        @functools.wraps(method)
        def recorded(self: S, /, *args: P.args, **kwargs: P.kwargs) -> R:
            result = method(self, *args, **kwargs)
            bound = signature.bind_partial(self, *args, **kwargs).arguments
            school = bound.get("school_id")
            count: int | None = (
                result if isinstance(result, int) and not isinstance(result, bool) else None
            )
            if count is None:
                pages = getattr(result, "pages", None)
                count = pages if isinstance(pages, int) else None
            record_export(
                self._context,
                what=what,
                path=_written_path(result, bound),
                entity=entity,
                count=count,
                unit=unit,
                school_id=school if isinstance(school, int) else None,
            )
            return result

        return recorded

    return decorate


# ------------------------------------------------------------------ the service


def _day_start(day: date) -> datetime:
    """Local midnight of ``day`` as an aware UTC time."""
    return datetime.combine(day, time.min).astimezone().astimezone(UTC)


class AuditService:
    """审计日志: filtered pages, the chain check, Excel export and the printed list."""

    def __init__(self, context: ServiceContext) -> None:
        self._context = context

    # ---------------------------------------------------------------- permission
    def _require_view(self, session: Session, action: str) -> None:
        actor = self._context.actor
        if actor.role in ADMIN_ROLES:
            return
        if actor.role is Role.SCHOOL_COORDINATOR:
            level = session.scalar(select(WorkspaceRow.level))
            if level == WorkspaceLevel.SCHOOL.value:
                return  # the school-mode workspace's own administrator
        raise PermissionDeniedError(
            f"当前账号（{actor.role.label}）无权{action}。审计日志只有管理员可以查看。",
            code="permission.audit",
            details={"role": actor.role.value, "action": action},
        )

    def can_view(self) -> bool:
        """Whether the signed-in user may view the log (for enabling the menu entry)."""
        try:
            with self._context.read() as session:
                self._require_view(session, "查看审计日志")
        except PermissionDeniedError:
            return False
        return True

    # ---------------------------------------------------------------- reading
    def _conditions(self, wanted: AuditFilter) -> list[ColumnElement[bool]]:
        entry = AuditEntry
        where: list[ColumnElement[bool]] = []
        if wanted.since is not None and wanted.until is not None and wanted.since > wanted.until:
            raise ValidationError(
                f"起始日期 {wanted.since.isoformat()} 晚于截止日期 {wanted.until.isoformat()}，"
                "请重新选择日期范围。",
                code="audit.dates",
                field="since",
            )
        if wanted.actor:
            where.append(entry.actor == wanted.actor)
        if wanted.since is not None:
            where.append(entry.at >= _day_start(wanted.since))
        if wanted.until is not None:
            where.append(entry.at < _day_start(wanted.until + timedelta(days=1)))
        if wanted.action:
            where.append(entry.action == wanted.action)
        if wanted.entity:
            where.append(entry.entity == wanted.entity)
        if wanted.school_id is not None:
            where.append(entry.school_id == wanted.school_id)
        if wanted.teacher_id is not None:
            where.append(entry.teacher_id == wanted.teacher_id)
        if wanted.teacher and wanted.teacher.strip():
            typed = wanted.teacher.strip()
            teachers = select(Teacher.id).where(
                or_(
                    Teacher.name.contains(typed, autoescape=True),
                    Teacher.id_number == typed.upper(),
                )
            )
            where.append(entry.teacher_id.in_(teachers))
        if wanted.text and wanted.text.strip():
            needle = mask_id_numbers(wanted.text.strip())
            where.append(
                or_(
                    entry.summary.contains(needle, autoescape=True),
                    entry.before_json.contains(needle, autoescape=True),
                    entry.after_json.contains(needle, autoescape=True),
                )
            )
        return where

    def _select(self, where: Sequence[ColumnElement[bool]]) -> Select[AuditEntry, str, str]:
        return (
            select(AuditEntry, School.name, Teacher.name)
            .outerjoin(School, School.id == AuditEntry.school_id)
            .outerjoin(Teacher, Teacher.id == AuditEntry.teacher_id)
            .where(and_(true(), *where))
            .order_by(AuditEntry.id.desc())
        )

    @staticmethod
    def _total(session: Session, where: Sequence[ColumnElement[bool]]) -> int:
        count = select(func.count()).select_from(AuditEntry).where(and_(true(), *where))
        return int(session.scalar(count) or 0)

    @staticmethod
    def _record(entry: AuditEntry, school: str | None, teacher: str | None) -> AuditRecord:
        return AuditRecord(
            id=entry.id,
            at=entry.at,
            actor=entry.actor,
            action=entry.action,
            action_label=action_label(entry.action),
            entity=entry.entity,
            entity_label=entity_label(entry.entity),
            entity_id=entry.entity_id,
            school_id=entry.school_id,
            school_name=school or "",
            teacher_id=entry.teacher_id,
            teacher_name=teacher or "",
            description=describe(
                entry.action, entry.entity, entry.summary, entry.before_json, entry.after_json
            ),
            before_json=entry.before_json,
            after_json=entry.after_json,
        )

    def _rows(
        self, session: Session, where: Sequence[ColumnElement[bool]], limit: int, offset: int
    ) -> list[AuditRecord]:
        query = self._select(where).limit(limit).offset(offset)
        return [self._record(*row) for row in session.execute(query).all()]

    def query(
        self, wanted: AuditFilter | None = None, *, limit: int = DEFAULT_LIMIT, offset: int = 0
    ) -> AuditPage:
        """One page of the entries that match, newest first, with the total that match."""
        wanted = wanted or AuditFilter()
        with self._context.read() as session:
            self._require_view(session, "查看审计日志")
            where = self._conditions(wanted)
            total = self._total(session, where)
            rows = self._rows(session, where, max(0, limit), max(0, offset))
        return AuditPage(rows=rows, total=total)

    def choices(self) -> AuditChoices:
        """The actors, actions, objects and schools that occur in the log."""
        with self._context.read() as session:
            self._require_view(session, "查看审计日志")
            actors = sorted(session.scalars(select(AuditEntry.actor).distinct()).all())
            actions = sorted(session.scalars(select(AuditEntry.action).distinct()).all())
            entities = sorted(session.scalars(select(AuditEntry.entity).distinct()).all())
            schools = session.execute(
                select(School.id, School.name)
                .where(School.id.in_(select(AuditEntry.school_id).distinct()))
                .order_by(School.code)
            ).all()
        return AuditChoices(
            actors=actors,
            actions=[(code, action_label(code)) for code in actions],
            entities=[(code, entity_label(code)) for code in entities],
            schools=[(school_id, name) for school_id, name in schools],
        )

    def verify(self) -> ChainReport:
        """Check the whole hash chain (an edited, deleted or inserted entry is named)."""
        with self._context.read() as session:
            self._require_view(session, "校验审计日志")
            return verify_chain(session)

    # ---------------------------------------------------------------- files
    def _all(self, wanted: AuditFilter, limit: int | None) -> tuple[list[AuditRecord], int]:
        with self._context.read() as session:
            self._require_view(session, "导出审计日志")
            where = self._conditions(wanted)
            total = self._total(session, where)
            query = self._select(where)
            if limit is not None:
                query = query.limit(limit)
            rows = [self._record(*row) for row in session.execute(query).all()]
        return rows, total

    @audited_export("audit_entries", "审计日志", unit="条")
    def export_xlsx(self, wanted: AuditFilter | None, out: Path) -> int:
        """The matching entries as an .xlsx table (atomic, text never a formula); the count."""
        from nlts_desktop.exchange.audit_pdf import AUDIT_HEADERS
        from nlts_desktop.exchange.excel_writer import write_table

        rows, _total = self._all(wanted or AuditFilter(), None)
        report = self.verify()
        title = (
            f"审计日志（导出时间 {local_time_text(datetime.now(UTC))}，共 {len(rows):,} 条；"
            f"校验：{'通过' if report.ok else report.problem}）"
        )

        def cell(text: str | None) -> str:
            text = text or ""
            return text if len(text) <= _EXCEL_CELL_LIMIT else text[:_EXCEL_CELL_LIMIT] + "…"

        return write_table(
            out,
            sheet_title="审计日志",
            title=title,
            headers=(*AUDIT_HEADERS, "修改前", "修改后"),
            rows=(
                (
                    r.id,
                    *r.cells()[1:-1],
                    cell(r.description),
                    cell(r.before_json),
                    cell(r.after_json),
                )
                for r in rows
            ),
            column_widths=(8, 20, 14, 10, 14, 24, 10, 60, 40, 40),
        )

    @audited_export("audit_entries", "审计日志打印件", unit="页")
    def print_pdf(self, wanted: AuditFilter | None, out: Path) -> int:
        """The newest matching entries (at most PDF_LIMIT) on A4 landscape; the page count."""
        from nlts_desktop.exchange.audit_pdf import AuditPrint, write_audit_pdf

        wanted = wanted or AuditFilter()
        rows, total = self._all(wanted, PDF_LIMIT)
        report = self.verify()
        with self._context.read() as session:
            workspace = session.scalars(select(WorkspaceRow)).first()
            unit = workspace.region_name if workspace is not None else ""
            school = session.get(School, wanted.school_id) if wanted.school_id else None
            school_name = school.name if school is not None else None
        return write_audit_pdf(
            out,
            AuditPrint(
                unit=unit,
                conditions=self.filter_text(wanted, school_name=school_name),
                printed_at=local_time_text(datetime.now(UTC)),
                printed_by=self._context.actor.username,
                total=total,
                chain_ok=report.ok,
                chain_text=(
                    f"哈希链校验通过（共 {report.checked:,} 条记录）"
                    if report.ok
                    else report.problem or ""
                ),
                rows=[r.cells() for r in rows],
            ),
        )

    @staticmethod
    def filter_text(wanted: AuditFilter, *, school_name: str | None = None) -> str:
        """The filter in words, for the printout: 操作人 张三；2026-11-01 至 2026-11-23；…"""
        parts: list[str] = []
        if wanted.actor:
            parts.append(f"操作人：{wanted.actor}")
        if wanted.since or wanted.until:
            since = wanted.since.isoformat() if wanted.since else "最早"
            until = wanted.until.isoformat() if wanted.until else "现在"
            parts.append(f"日期：{since} 至 {until}")
        if wanted.action:
            parts.append(f"操作：{action_label(wanted.action)}")
        if wanted.entity:
            parts.append(f"对象：{entity_label(wanted.entity)}")
        if wanted.school_id is not None:
            parts.append(f"学校：{school_name or wanted.school_id}")
        if wanted.teacher:
            parts.append(f"教师：{mask_id_numbers(wanted.teacher.strip())}")
        if wanted.text:
            parts.append(f"内容包含：{mask_id_numbers(wanted.text.strip())}")
        return "；".join(parts) if parts else "全部记录"
