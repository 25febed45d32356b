"""One program instance per data folder.

The lock is an OS file lock (``flock`` / ``msvcrt.locking``) on a lock file, not the file's
existence: the operating system drops it when the process dies, so a lock left behind by a
crash never blocks the next start.
"""

from __future__ import annotations

import contextlib
import os
import socket
import sys
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import IO

from nlts_desktop.domain.errors import StorageError

LOCK_NAME = "nlts.lock"


def _try_lock(handle: IO[str]) -> bool:
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        import msvcrt

        try:
            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _unlock(handle: IO[str]) -> None:
    if sys.platform == "win32":  # pragma: no cover
        import msvcrt

        with contextlib.suppress(OSError):
            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
        return
    import fcntl

    fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


class InstanceLock:
    """Holds the data folder for this process; ``acquire`` refuses when another has it."""

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / LOCK_NAME
        self._handle: IO[str] | None = None

    def acquire(self) -> InstanceLock:
        """Take the lock or raise a StorageError naming the holder."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = self.path.open("a+", encoding="utf-8")
        if not _try_lock(handle):
            handle.seek(0)
            holder = handle.read().strip() or "未知进程"
            handle.close()
            raise StorageError(
                f"数据文件夹“{self.path.parent}”正被另一个 NLTS 程序使用（{holder}）。"
                "请先关闭那个程序窗口再打开；同一份数据不能同时在两个程序中修改。",
                code="lock.busy",
                details={"holder": holder},
            )
        handle.seek(0)
        handle.truncate()
        handle.write(
            f"进程 {os.getpid()}，计算机 {socket.gethostname()}，"
            f"自 {datetime.now():%Y-%m-%d %H:%M:%S} 起"
        )
        handle.flush()
        self._handle = handle
        return self

    def release(self) -> None:
        """Give the folder back (the lock file stays; only the OS lock matters)."""
        if self._handle is not None:
            with contextlib.suppress(OSError):
                self._handle.seek(0)
                self._handle.truncate()
            _unlock(self._handle)
            self._handle.close()
            self._handle = None

    @property
    def held(self) -> bool:
        """Whether this object holds the lock."""
        return self._handle is not None

    def __enter__(self) -> InstanceLock:
        return self.acquire()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()
