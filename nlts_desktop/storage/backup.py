"""Snapshots of the workspace file made with SQLite's backup API, checked, then renamed."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from datetime import datetime
from pathlib import Path

from nlts_desktop.domain.errors import StorageError

BACKUP_SUFFIX = ".db"


def _fsync_dir(directory: Path) -> None:
    if os.name == "nt":  # directories cannot be opened for fsync on Windows
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def backup_file(source: Path, backup_dir: Path, *, reason: str) -> Path:
    """Copy a workspace database into ``backup_dir``; the copy is checked before it is kept."""
    backup_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    final = backup_dir / f"{source.stem}-{stamp}-{reason}{BACKUP_SUFFIX}"
    temporary = backup_dir / f".{final.name}.tmp"
    try:
        src = sqlite3.connect(f"file:{source.as_posix()}?mode=ro", uri=True)
        try:
            dst = sqlite3.connect(temporary)
            try:
                src.backup(dst)
                result = dst.execute("PRAGMA integrity_check").fetchone()
                if result is None or result[0] != "ok":
                    raise StorageError(
                        f"备份检查未通过（{result[0] if result else '无结果'}），"
                        "原数据库未改动，请先运行“检查数据库”。",
                        code="backup.check_failed",
                    )
            finally:
                dst.close()
        finally:
            src.close()
        with temporary.open("rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(temporary, final)
        _fsync_dir(backup_dir)
    except sqlite3.Error as exc:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise StorageError(
            f"无法在“{backup_dir}”中备份数据库：{exc}。请检查磁盘空间和文件夹权限。",
            code="backup.failed",
        ) from exc
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    return final
