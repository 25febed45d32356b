"""Start-up recovery for the front ends: what opening a workspace checks first, and the ways
out when it cannot be opened (恢复、抢救导出、迁移到本机).

* :func:`prepare_open` runs before the database is opened: the location (no live database on
  a network share or a USB stick, unless read-only), the instance lock (skipped when the
  folder cannot be written: nobody can write there), the start-up check
  (:mod:`nlts_desktop.storage.recovery`).  A damaged file raises
  :class:`~nlts_desktop.storage.recovery.DamagedDatabaseError` (code ``db.damaged``); the UI
  offers a restore or a salvage, the CLI tells the commands;
* :func:`restore_damaged` puts the chosen backup in place of the damaged (moved-aside) file;
* :func:`salvage_export` writes what can still be read of a damaged file to one workbook,
  one sheet per table (schools, teachers and hour records first).  The ID numbers are the
  user's own data here and are kept whole;
* :func:`relocate_workspace` copies a data folder from an unsuitable location to a local one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nlts_desktop.domain.errors import StorageError
from nlts_desktop.paths import DataPaths
from nlts_desktop.services.progress import Progress, no_progress
from nlts_desktop.storage.backup import BackupFile, parse_backup_name, verify_backup
from nlts_desktop.storage.database import Database, can_write
from nlts_desktop.storage.location import local_data_dir, location_problem, relocate
from nlts_desktop.storage.lock import InstanceLock
from nlts_desktop.storage.recovery import (
    DamagedDatabase,
    DamagedDatabaseError,
    StartupReport,
    backup_label,
    newest_good_backup,
    recover_from_backup,
    salvage_tables,
    startup_check,
)

__all__ = [
    "DamagedDatabaseError",
    "Opening",
    "SalvageReport",
    "SalvagedSheet",
    "damaged_files",
    "newest_good_backup_of",
    "pending_damage",
    "prepare_open",
    "relocate_workspace",
    "restore_damaged",
    "salvage_export",
    "suggested_local_dir",
]

# Tables whose sheet comes first, and the sheet names a clerk recognises.
FIRST_TABLES = ("workspace", "schools", "teachers", "hour_records")
SHEET_NAMES = {
    "workspace": "工作区",
    "schools": "学校",
    "teachers": "教师",
    "hour_records": "学时记录",
    "teacher_transfers": "教师调动",
    "institutions": "承训机构",
    "training_projects": "培训项目",
    "enrollments": "参训名单",
    "enrollment_changes": "参训变更",
    "school_team_members": "学校团队",
    "school_plans": "校本研修方案",
    "point_selections": "能力点选择",
    "evidence_items": "佐证材料",
    "scores": "评分",
    "assessment_results": "考核结果",
    "submissions": "考核批次",
    "certificates": "证书",
    "annual_targets": "年度目标",
    "leadership_members": "领导小组",
    "users": "账号",
    "audit_entries": "审计日志",
    "package_records": "数据包记录",
}
# Internal tables that hold nothing a clerk would want back.
_SKIPPED_TABLES = frozenset({"alembic_version"})
_SHEET_ROWS = 1_048_575  # Excel's row limit, less the header


# ---------------------------------------------------------------------- opening


@dataclass
class Opening:
    """What :func:`prepare_open` settled: the lock (maybe not taken), read-only, the report."""

    lock: InstanceLock
    read_only: bool
    report: StartupReport

    def notes(self, db: Database) -> list[str]:
        """What the user is told once the database is open (Chinese)."""
        notes = list(self.report.notes)
        if self.report.rolled_back and db.backup_made is not None:
            notes.append(
                "上次升级数据库时程序被意外中断，未完成的升级已撤销；现在已重新完成升级"
                f"（升级前的备份：{db.backup_made.name}）。"
            )
        return notes


def suggested_local_dir(paths: DataPaths) -> Path:
    """The local folder to offer when the data folder is on a network or removable disk."""
    return local_data_dir(paths)


def prepare_open(paths: DataPaths, *, read_only: bool = False) -> Opening:
    """Location, lock and start-up check before the database is opened (see module doc)."""
    read_only = read_only or not can_write(paths.database)
    if not read_only:
        problem = location_problem(paths.root)
        if problem is not None:
            # Reading from a USB stick or a share is fine; a live database there is not.
            raise StorageError(
                problem.reason,
                code="db.location",
                details={
                    "kind": problem.kind,
                    "root": str(paths.root),
                    "local_dir": str(suggested_local_dir(paths)),
                },
            )
    lock = InstanceLock(paths.root)
    if paths.root.is_dir() and can_write(paths.root / ".lock-probe"):
        lock.acquire()
    try:
        pending = pending_damage(paths)
        if pending is not None:
            raise pending
        report = startup_check(paths, read_only=read_only)
        if report.damaged is not None:
            raise DamagedDatabaseError(report.damaged)
    except BaseException:
        lock.release()
        raise
    return Opening(lock=lock, read_only=read_only or report.read_only, report=report)


def damaged_files(paths: DataPaths) -> list[Path]:
    """The damaged databases moved aside in the data folder, oldest first."""
    found = [p for p in paths.root.glob(f"{paths.database.stem}-damaged-*.db") if p.is_file()]
    return sorted(found, key=lambda path: path.stat().st_mtime)


def pending_damage(paths: DataPaths) -> DamagedDatabaseError | None:
    """A damage found at an earlier start and not yet dealt with (no database, a moved file).

    The next start offers the restore again instead of the new-workspace wizard; a clerk who
    wants to start afresh moves the damaged file out of the data folder first.
    """
    if paths.database.exists():
        return None
    moved = damaged_files(paths)
    if not moved:
        return None
    return DamagedDatabaseError(
        DamagedDatabase(
            moved_to=moved[-1],
            problem="上次打开时发现的损坏，尚未恢复；如要重新建立工作区，请先把损坏的文件移出数据文件夹",
            good_backup=newest_good_backup(paths.backups),
        )
    )


# ---------------------------------------------------------------------- restore


def newest_good_backup_of(paths: DataPaths) -> BackupFile | None:
    """The newest backup of the data folder that passes ``integrity_check``."""
    return newest_good_backup(paths.backups)


def restore_damaged(paths: DataPaths, backup: Path) -> str:
    """Put a checked copy of ``backup`` in place of the damaged database; returns a note.

    Only when the database was moved aside (or is missing): a sound database is restored
    through the backups dialog, which saves the current one first.
    """
    with InstanceLock(paths.root):
        if paths.database.exists():
            report = startup_check(paths)
            if report.damaged is None:
                raise StorageError(
                    "当前数据库没有损坏，不能用“从备份恢复损坏的数据库”覆盖它。"
                    "如需回到以前的备份，请在“备份与恢复”中恢复（会先备份当前数据库）。",
                    code="recover.not_damaged",
                )
        problem = verify_backup(backup)
        if problem is not None:
            raise StorageError(
                f"备份“{backup.name}”不能用于恢复：{problem}。", code="restore.bad_backup"
            )
        recover_from_backup(paths, backup)
    described = parse_backup_name(backup)
    when = backup_label(described) if described is not None else backup.name
    return f"已从 {when} 的备份恢复数据库；这份备份之后所做的修改没有包含在内，请核对后补录。"


# ---------------------------------------------------------------------- salvage


@dataclass(frozen=True)
class SalvagedSheet:
    """One table as written to the salvage workbook."""

    table: str
    sheet: str
    rows: int
    lost: int
    problem: str | None


@dataclass(frozen=True)
class SalvageReport:
    """What the salvage workbook holds."""

    path: Path
    sheets: tuple[SalvagedSheet, ...]

    @property
    def rows(self) -> int:
        """Rows written over all sheets."""
        return sum(sheet.rows for sheet in self.sheets)

    @property
    def lost(self) -> int:
        """Rows known to be unreadable (at least)."""
        return sum(sheet.lost for sheet in self.sheets)

    def summary(self) -> str:
        """One Chinese sentence for the user."""
        damaged = [s for s in self.sheets if s.problem is not None]
        text = f"已把能读取的 {self.rows} 行数据导出到“{self.path}”（{len(self.sheets)} 个表）。"
        if damaged:
            names = "、".join(s.sheet for s in damaged[:5]) + ("等" if len(damaged) > 5 else "")
            text += f"{names}有损坏的部分，至少 {self.lost} 行无法读取。"
        return text


def _sheet_name(table: str, used: set[str]) -> str:
    from nlts_desktop.exchange.excel_writer import clean_sheet_title

    base = clean_sheet_title(SHEET_NAMES.get(table, table))
    name, number = base, 1
    while name.lower() in used:
        number += 1
        name = clean_sheet_title(f"{base[:27]}({number})")
    used.add(name.lower())
    return name


def _cell(value: object, sheet: Any) -> object:
    from nlts_desktop.exchange.excel_writer import safe_text

    if isinstance(value, bytes):
        return f"（二进制数据 {len(value)} 字节）"
    if isinstance(value, str):
        return safe_text(value, sheet) if value else None
    return value


def salvage_export(damaged: Path, out: Path, *, progress: Progress = no_progress) -> SalvageReport:
    """Write every readable row of a damaged database to ``out`` (.xlsx, one sheet a table)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from nlts_desktop.exchange.excel_writer import atomic_write, safe_text

    if not damaged.is_file():
        raise StorageError(f"找不到损坏的数据库文件“{damaged}”。", code="salvage.missing")
    sheets: list[SalvagedSheet] = []

    def write(target: Path) -> None:
        sheets.clear()
        book = Workbook(write_only=True)
        notes = book.create_sheet("说明")
        used = {"说明"}
        count = 0
        for table in salvage_tables(damaged, first=FIRST_TABLES, skip=_SKIPPED_TABLES):
            name = table.name
            done, count = table.position
            progress(done, count, f"正在导出表 {name}")
            sheet = book.create_sheet(_sheet_name(name, used))
            title = sheet.title
            bold = Font(bold=True)
            header = [_header(sheet, column, bold) for column in table.columns]
            sheet.append(header)
            written = 0
            for row in table.rows:
                if written and written % _SHEET_ROWS == 0:
                    sheet = book.create_sheet(_sheet_name(name, used))
                    sheet.append([_header(sheet, column, bold) for column in table.columns])
                sheet.append([_cell(value, sheet) for value in row])
                written += 1
            sheets.append(SalvagedSheet(name, title, written, table.lost, table.problem))
        progress(count, count, "导出完成")
        notes.append(["表", "工作表", "导出行数", "无法读取的行数（至少）", "问题"])
        for item in sheets:
            notes.append(
                [item.table, item.sheet, item.rows, item.lost, safe_text(item.problem or "", notes)]
            )
        notes.append([])
        notes.append([f"数据取自损坏的数据库文件：{damaged}"])
        book.save(target)

    atomic_write(out, write)
    return SalvageReport(path=out, sheets=tuple(sheets))


def _header(sheet: Any, text: str, font: Any) -> Any:
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, text)
    cell.data_type = "s"
    cell.font = font
    return cell


def salvage_rows(damaged: Path, table: str) -> Iterator[tuple[object, ...]]:
    """The readable rows of one table of a damaged file (for checks and tests)."""
    for salvaged in salvage_tables(damaged):
        if salvaged.name == table:
            yield from salvaged.rows
            return


# ---------------------------------------------------------------------- relocation


def relocate_workspace(
    paths: DataPaths,
    target: Path,
    *,
    progress: Callable[[int, int, str], None] | None = None,
) -> DataPaths:
    """Copy the data folder to a local folder (checked); the original is left untouched."""
    return relocate(paths, target, progress=progress)
