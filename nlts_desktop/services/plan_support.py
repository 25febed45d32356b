"""What the planning services share: the workspace's facts, settings in the database, counts.

Used by the annual targets (年度培训计划), the leadership group (工作领导小组) and the annual
plan (年度规划书).  Settings such as the group's 负责科室 live in ``app_settings`` as JSON (they
are programme configuration, kept with the data, not in the UI settings).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from nlts_desktop.domain.enums import Role
from nlts_desktop.domain.errors import StorageError
from nlts_desktop.domain.presets import Preset, parse_preset
from nlts_desktop.exchange.forms_plan import FormCell
from nlts_desktop.services.roster_import import ImportRejectedError, RowIssue
from nlts_desktop.storage.models import AppSetting, School, Teacher, WorkspaceRow

ACTIVE = "active"
_SHOWN_ISSUES = 5
# County forms and plans go upward: a school coordinator has no business with them.
PLAN_READERS = frozenset({Role.COUNTY_ADMIN, Role.COUNTY_REVIEWER, Role.VIEWER})


@dataclass(frozen=True)
class WorkspaceFacts:
    """Who the workspace is, for titles and lines of the forms."""

    level: str  # county | city | school
    region_name: str  # 温江区
    parent_name: str  # 成都市 (may be empty)
    province: str  # 四川省 (may be empty)
    preset: Preset
    current_cycle: int | None

    @property
    def full_region(self) -> str:
        """成都市温江区."""
        return f"{self.parent_name}{self.region_name}"


def workspace_facts(session: Session) -> WorkspaceFacts:
    """The workspace row as plain facts; a clear message when the row is missing."""
    row = session.scalars(select(WorkspaceRow)).first()
    if row is None:
        raise StorageError(
            "工作区数据库中缺少工作区信息，文件可能不完整。请从备份恢复。",
            code="workspace.missing_row",
        )
    return WorkspaceFacts(
        level=row.level,
        region_name=row.region_name,
        parent_name=row.parent_name or "",
        province=row.province_name or "",
        preset=parse_preset(json.loads(row.preset_json), source="工作区规则"),
        current_cycle=row.current_cycle,
    )


def read_setting(session: Session, key: str, default: Any = None) -> Any:
    """A setting's JSON value, or ``default`` when it was never set."""
    row = session.scalars(select(AppSetting).where(AppSetting.key == key)).first()
    if row is None:
        return default
    try:
        return json.loads(row.value_json)
    except ValueError:
        return default  # a damaged value is treated as unset; writing it again repairs it


def write_setting(session: Session, key: str, value: Any) -> bool:
    """Store a setting (inside the caller's transaction); True when it changed."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    row = session.scalars(select(AppSetting).where(AppSetting.key == key)).first()
    if row is None:
        session.add(AppSetting(key=key, value_json=text))
        return True
    if row.value_json == text:
        return False
    row.value_json = text
    return True


def active_teacher_count(session: Session) -> int:
    """在职教师数: teachers whose status is active."""
    return int(session.scalar(select(func.count(Teacher.id)).where(Teacher.status == ACTIVE)) or 0)


def active_school_count(session: Session) -> int:
    """学校数: schools whose status is active."""
    return int(session.scalar(select(func.count(School.id)).where(School.status == ACTIVE)) or 0)


def cell_issue(cell: FormCell, reason: str, code: str) -> RowIssue:
    """A problem of one cell of an imported form: row, column (heading and letter), value."""
    return RowIssue(
        row=cell.row,
        column=f"{cell.header}（{cell.letter}列）" if cell.column else cell.header,
        value=cell.text,
        reason=reason,
        code=code,
    )


def rejected_error(
    file_name: str, sheet: str, issues: Sequence[RowIssue], *, code: str
) -> ImportRejectedError:
    """All or nothing: the file's problems (the first few in the sentence, all in details)."""
    shown = "；".join(
        f"{f'第 {i.row} 行' if i.row else ''}{i.column}（“{i.value}”）：{i.reason.rstrip('。')}"
        for i in issues[:_SHOWN_ISSUES]
    )
    more = f"；另有 {len(issues) - _SHOWN_ISSUES} 处" if len(issues) > _SHOWN_ISSUES else ""
    return ImportRejectedError(
        f"文件“{file_name}”的工作表“{sheet}”中有 {len(issues)} 处问题，"
        f"按“全部或不导入”的规则没有导入任何内容：{shown}{more}。",
        code=code,
        details={"issues": list(issues)},
    )
