"""Plain values the services hand out (never live ORM objects)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import NamedTuple


@dataclass(frozen=True)
class SchoolRecord:
    """A school as the UI and the CLI see it."""

    id: int
    code: str
    name: str
    category_code: str
    stage_code: str
    urban_rural_code: str | None
    environments: tuple[str, ...]
    is_center_school: bool
    is_pilot: bool
    is_demo: bool
    contact_name: str | None
    contact_phone: str | None
    address: str | None
    status: str
    note: str | None
    version: int


@dataclass(frozen=True)
class TeacherRecord:
    """A teacher as the UI and the CLI see it."""

    id: int
    id_number: str
    name: str
    gender: str
    birth_date: date
    phone: str | None
    school_id: int
    school_code: str
    school_name: str
    stage_code: str | None
    subject_code: str | None
    title_code: str | None
    status: str
    note: str | None
    version: int


class TeacherRow(NamedTuple):
    """A teacher as the roster table shows it (a tuple: 100,000 of them load fast)."""

    id: int
    name: str
    id_number: str
    gender: str
    birth_date: date
    phone: str | None
    school_id: int
    school_code: str
    school_name: str
    stage_code: str | None
    subject_code: str | None
    title_code: str | None
    status: str
    version: int


@dataclass(frozen=True)
class TransferRecord:
    """One move of a teacher (调动记录)."""

    id: int
    teacher_id: int
    from_school_name: str
    to_school_name: str
    transfer_date: date
    reason: str | None
    recorded_by: str


@dataclass(frozen=True)
class WorkspaceInfo:
    """The workspace's identity and rules."""

    level: str
    region_code: str
    region_name: str
    parent_code: str | None
    parent_name: str | None
    province_code: str | None
    province_name: str | None
    preset_id: str
    preset_name: str
    catalogue_version: str | None
    school_code: str | None
    current_cycle: int | None


@dataclass(frozen=True)
class CheckItem:
    """One database check with its outcome."""

    name: str
    ok: bool
    detail: str


@dataclass(frozen=True)
class CheckReport:
    """Result of the database checks."""

    items: tuple[CheckItem, ...]

    @property
    def ok(self) -> bool:
        """Whether every check passed."""
        return all(item.ok for item in self.items)
