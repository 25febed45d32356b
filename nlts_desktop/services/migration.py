"""``migrate-to``: copy a workspace onto a shared server, or a server's workspace offline.

The source is the open workspace; the target must hold no workspace yet (an empty server
database, or an empty data folder).  The copy is one transaction on the target, verified by
row counts and checksums of every table (``storage/transfer.py``) before it is committed.
Keys, evidence files and backups stay in the source's data folder: on a server they are the
local data folder's, and an offline snapshot carries no private key.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from nlts_desktop.domain.errors import StorageError
from nlts_desktop.paths import SERVER_PROFILE, DataPaths
from nlts_desktop.services.context import ADMIN_ROLES
from nlts_desktop.services.workspace import Workspace
from nlts_desktop.storage.database import Database, create_database, create_server_database
from nlts_desktop.storage.server import redact
from nlts_desktop.storage.transfer import TransferReport, copy_workspace

Progress = Callable[[int, int, str], None]


def _copy(workspace: Workspace, target: Database, progress: Progress | None) -> TransferReport:
    workspace.context.require(ADMIN_ROLES, "复制整个工作区")
    try:
        report = copy_workspace(workspace.db.engine, target.engine, progress=progress)
    finally:
        target.dispose()
    workspace.context.audit_event(
        "migrate",
        "database",
        f"复制整个工作区到“{target.server or target.path}”：{report.rows} 行，校验一致",
        after={"target": str(target.server or target.path), "rows": report.rows},
    )
    return report


def migrate_to_server(
    workspace: Workspace, url: str, *, password: str | None = None, progress: Progress | None = None
) -> TransferReport:
    """Copy the workspace into an empty database on a server."""
    if workspace.db.on_server and redact(url) == workspace.db.server:
        raise StorageError("目标就是当前工作区所在的数据库，不能复制到自身。", code="transfer.self")
    return _copy(workspace, create_server_database(url, password=password), progress)


def migrate_to_folder(
    workspace: Workspace, folder: Path, *, progress: Progress | None = None
) -> tuple[DataPaths, TransferReport]:
    """Copy the workspace into a new SQLite workspace in an empty data folder."""
    target = DataPaths(root=folder.expanduser().absolute())  # an offline folder: its own file
    if target.root == workspace.paths.root and not workspace.db.on_server:
        raise StorageError("目标就是当前的数据文件夹，不能复制到自身。", code="transfer.self")
    if target.database.exists() or (target.root / SERVER_PROFILE).exists():
        raise StorageError(
            f"数据文件夹“{target.root}”中已经有工作区，不能复制到这里。请选择一个空文件夹。",
            code="workspace.exists",
        )
    database = create_database(target.database)
    try:
        report = _copy(workspace, database, progress)
    except BaseException:
        target.database.unlink(missing_ok=True)
        raise
    return target, report
