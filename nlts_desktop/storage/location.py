"""Where a live database may be: a local fixed disk, not a network share or a USB stick.

SQLite's locking is unreliable on network file systems (its own documentation: "How To
Corrupt An SQLite Database File", §2.1), and a removable disk pulled out during a write leaves
a damaged file.  :func:`location_problem` says why a folder is unsuitable (Chinese), or None:

* Windows: UNC paths (``\\\\server\\share``), mapped network drives and removable media, by
  ``GetDriveTypeW`` (DRIVE_REMOTE = 4, DRIVE_REMOVABLE = 2);
* Linux: the mount holding the path (``/proc/self/mounts``) has a network file system type,
  or its block device says ``removable`` in ``/sys/block``;
* macOS: no check (the program is not shipped there).

Every probe can be handed in, so the tests cover each branch on any system.
:func:`relocate` copies a data folder to a local one and leaves the original untouched.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PureWindowsPath

from nlts_desktop.domain.errors import StorageError
from nlts_desktop.paths import DataPaths, default_data_dir
from nlts_desktop.storage.backup import SnapshotCheckFailed, fsync_dir, snapshot_into
from nlts_desktop.storage.lock import LOCK_NAME, InstanceLock

DRIVE_REMOVABLE = 2
DRIVE_REMOTE = 4
# File system types whose locking SQLite cannot rely on (network, or user-space over one).
NETWORK_FS_TYPES = frozenset(
    {
        "nfs",
        "nfs4",
        "cifs",
        "smb3",
        "smbfs",
        "ncpfs",
        "afs",
        "9p",
        "sshfs",
        "fuse.sshfs",
        "davfs",
        "fuse.davfs2",
        "fuse.gvfsd-fuse",
        "fuse.rclone",
        "fuse.s3fs",
        "glusterfs",
        "fuse.glusterfs",
        "lustre",
        "ceph",
        "fuse.ceph",
        "coda",
    }
)
NETWORK = "network"
REMOVABLE = "removable"


@dataclass(frozen=True)
class LocationProblem:
    """Why a folder is no place for a live database: ``kind`` network|removable, a reason."""

    kind: str
    reason: str


def _network(path: object, detail: str) -> LocationProblem:
    return LocationProblem(
        NETWORK,
        f"数据文件夹“{path}”在网络位置上（{detail}）。数据库放在网络共享或映射的网络驱动器上时，"
        "文件锁定不可靠，多人或断网时数据可能损坏。请把数据文件夹移到本机磁盘"
        "（程序可以帮您移动），或以只读方式打开。",
    )


def _removable(path: object, detail: str) -> LocationProblem:
    return LocationProblem(
        REMOVABLE,
        f"数据文件夹“{path}”在可移动磁盘上（{detail}）。U 盘、移动硬盘或存储卡在写入时"
        "被拔出或断电，数据库容易损坏。请把数据文件夹移到本机磁盘（程序可以帮您移动），"
        "或以只读方式打开。",
    )


def location_problem(
    path: Path | str,
    *,
    platform: str = sys.platform,
    drive_type: Callable[[str], int] | None = None,
    mounts: str | None = None,
    sys_root: Path = Path("/sys"),
) -> LocationProblem | None:
    """Why ``path`` (a data folder or a file in it) is unsuitable for the live database."""
    if platform == "win32":
        return _windows_problem(str(path), drive_type or _get_drive_type)
    if platform.startswith("linux"):
        if mounts is None:
            try:
                mounts = Path("/proc/self/mounts").read_text(encoding="utf-8", errors="replace")
            except OSError:
                return None
        return _linux_problem(Path(path), mounts, sys_root)
    return None  # macOS and others: no check


# ---------------------------------------------------------------------- Windows


def _get_drive_type(root: str) -> int:  # pragma: no cover - Windows only
    import ctypes

    windll = getattr(ctypes, "windll", None)
    if windll is None:
        return 0
    return int(windll.kernel32.GetDriveTypeW(ctypes.c_wchar_p(root)))


def _windows_problem(text: str, drive_type: Callable[[str], int]) -> LocationProblem | None:
    path = PureWindowsPath(text)
    lowered = text.replace("/", "\\").lower()
    if lowered.startswith("\\\\?\\unc\\") or (
        lowered.startswith("\\\\") and not lowered.startswith(("\\\\?\\", "\\\\.\\"))
    ):
        return _network(text, "网络共享路径")
    drive = path.drive
    if drive.startswith("\\\\"):  # \\?\C: → C:
        drive = drive.rsplit("\\", 1)[-1]
    if len(drive) != 2 or drive[1] != ":":
        return None
    kind = drive_type(drive.upper() + "\\")
    if kind == DRIVE_REMOTE:
        return _network(text, f"{drive.upper()} 盘是映射的网络驱动器")
    if kind == DRIVE_REMOVABLE:
        return _removable(text, f"{drive.upper()} 盘是可移动磁盘")
    return None


# ---------------------------------------------------------------------- Linux


def _unescape_mount(field: str) -> str:
    # /proc/self/mounts writes space, tab, newline and backslash as octal escapes.
    for code, char in (("\\040", " "), ("\\011", "\t"), ("\\012", "\n"), ("\\134", "\\")):
        field = field.replace(code, char)
    return field


def _mount_of(path: Path, mounts: str) -> tuple[str, str, str] | None:
    """The (device, mount point, type) of the mount holding ``path`` (the longest match)."""
    best: tuple[str, str, str] | None = None
    target = str(path)
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        device, point, fs_type = _unescape_mount(fields[0]), _unescape_mount(fields[1]), fields[2]
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and (best is None or len(point) >= len(best[1])):
            best = (device, point, fs_type)
    return best


def _existing(path: Path) -> Path:
    """The path resolved through symlinks, from its nearest existing ancestor."""
    path = path.absolute()
    for candidate in (path, *path.parents):
        if candidate.exists():
            with contextlib.suppress(OSError):
                resolved = candidate.resolve()
                return resolved / path.relative_to(candidate)
            break
    return path


def _is_removable(device: str, sys_root: Path) -> bool:
    if not device.startswith("/dev/"):
        return False
    name = Path(os.path.realpath(device)).name  # /dev/disk/by-uuid/… → sdb1
    flag = sys_root / "block" / name / "removable"
    if not flag.exists():
        # A partition (sdb1): its disk's directory holds the flag.
        with contextlib.suppress(OSError):
            partition = (sys_root / "class" / "block" / name).resolve()
            flag = partition.parent / "removable"
    try:
        return flag.read_text(encoding="ascii").strip() == "1"
    except OSError:
        return False


def _linux_problem(path: Path, mounts: str, sys_root: Path) -> LocationProblem | None:
    mount = _mount_of(_existing(path), mounts)
    if mount is None:
        return None
    device, point, fs_type = mount
    if fs_type in NETWORK_FS_TYPES or fs_type.split(".")[-1] in NETWORK_FS_TYPES:
        return _network(path, f"{point} 是 {fs_type} 网络文件系统")
    if _is_removable(device, sys_root):
        return _removable(path, f"{point} 在可移动设备 {device} 上")
    return None


# ---------------------------------------------------------------------- relocation


def local_data_dir(source: DataPaths) -> Path:
    """Where to move a workspace found on an unsuitable location: the default local folder.

    The default folder (``NLTS_DATA_DIR`` or the per-user folder) unless it is the source
    itself or also unsuitable; then the per-user folder without the override.  A folder
    that already holds a workspace gets a new sub-folder, never a second database.
    """
    from platformdirs import user_data_dir

    from nlts_desktop.paths import APP_NAME, DATABASE_NAME

    candidate = default_data_dir().absolute()
    if candidate == source.root or location_problem(candidate) is not None:
        candidate = Path(user_data_dir(APP_NAME, appauthor=False, roaming=False)).absolute()
    if (candidate / DATABASE_NAME).exists():
        from datetime import datetime

        candidate = candidate / f"workspace-moved-{datetime.now():%Y%m%d-%H%M%S}"
    return candidate


def _digest(path: Path) -> str:
    sha = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            sha.update(block)
    return sha.hexdigest()


def _copy_database(source: Path, target: Path) -> None:
    temporary = target.with_name(f".{target.name}.relocate.tmp")
    try:
        try:
            snapshot_into(source, temporary)
        except SnapshotCheckFailed as failed:
            raise StorageError(
                f"复制到本机的数据库检查未通过（{failed.problem}），原来的数据文件夹没有改动。"
                "请先检查原数据库。",
                code="relocate.check_failed",
            ) from failed
        os.replace(temporary, target)
        fsync_dir(target.parent)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise


def _skip(relative: Path, source: DataPaths) -> bool:
    name = relative.name
    top = relative.parts[0]
    return (
        top == LOCK_NAME
        or top.startswith(source.database.name)  # the database and its side files
        or (name.startswith(".") and name.endswith(".tmp"))
    )


def relocate(
    source: DataPaths,
    target_dir: Path,
    *,
    progress: Callable[[int, int, str], None] | None = None,
) -> DataPaths:
    """Copy the data folder to ``target_dir`` (a local, empty folder); returns its paths.

    The database is copied with SQLite's backup API and checked; evidence, keys, backups and
    the rest are copied and compared by SHA-256.  The original folder is not changed.  The
    source is locked while it is read when its folder can be written (else nobody can write
    it anyway); the target is locked while it is filled.
    """
    target = DataPaths(root=target_dir.absolute())
    problem = location_problem(target.root)
    if problem is not None:
        raise StorageError(problem.reason, code="db.location")
    if target.root == source.root or source.root in target.root.parents:
        raise StorageError(
            f"不能把数据文件夹移到它自己里面（“{target.root}”）。请选择另一个本机文件夹。",
            code="relocate.inside",
        )
    if target.root.exists() and any(target.root.iterdir()):
        raise StorageError(
            f"文件夹“{target.root}”不是空的。请选择一个空文件夹，以免覆盖其中的文件。",
            code="relocate.not_empty",
        )
    files = [
        path
        for path in sorted(source.root.rglob("*"))
        if path.is_file()
        and not path.is_symlink()
        and not _skip(path.relative_to(source.root), source)
    ]
    total = len(files) + 1
    source_lock = InstanceLock(source.root)
    if os.access(source.root, os.W_OK):
        source_lock.acquire()
    try:
        target.root.mkdir(parents=True, exist_ok=True)
        with InstanceLock(target.root):
            if progress is not None:
                progress(0, total, "正在复制数据库")
            _copy_database(source.database, target.database)
            for done, path in enumerate(files, start=1):
                relative = path.relative_to(source.root)
                if progress is not None:
                    progress(done, total, f"正在复制 {relative}")
                copy = target.root / relative
                copy.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, copy)
                if _digest(copy) != _digest(path):
                    raise StorageError(
                        f"复制“{relative}”后内容不一致，可能是磁盘有问题。原来的数据文件夹没有改动。",
                        code="relocate.mismatch",
                    )
            for folder in {target.root / p.relative_to(source.root).parent for p in files}:
                fsync_dir(folder)
            if progress is not None:
                progress(total, total, "复制完成")
    except BaseException as exc:
        # The folder was empty: what is in it now is our partial copy, which must not be
        # mistaken for a workspace later.
        shutil.rmtree(target.root, ignore_errors=True)
        if isinstance(exc, OSError):
            raise StorageError(
                f"无法把数据复制到“{target.root}”：{exc}。请检查磁盘空间和文件夹权限；"
                "原来的数据文件夹没有改动。",
                code="relocate.failed",
            ) from exc
        raise
    finally:
        source_lock.release()
    return target
