"""Where a live database may be: every branch of the location probes, and relocation."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from nlts_desktop.domain.errors import StorageError
from nlts_desktop.paths import DataPaths, data_paths
from nlts_desktop.services.context import Actor
from nlts_desktop.services.workspace import Workspace
from nlts_desktop.storage import location
from nlts_desktop.storage.location import (
    DRIVE_REMOTE,
    DRIVE_REMOVABLE,
    NETWORK,
    REMOVABLE,
    location_problem,
    relocate,
)
from tests.conftest import WENJIANG
from tests.helpers import add_teachers

MOUNTS = """\
/dev/vda / ext4 rw,relatime 0 0
proc /proc proc rw 0 0
server:/export/home /home/clerk/nfs nfs4 rw,vers=4.2 0 0
//fileserver/office /mnt/office cifs rw,vers=3.0 0 0
clerk@host:/data /mnt/ssh fuse.sshfs rw 0 0
/dev/sdb1 /media/clerk/U\\040DISK vfat rw 0 0
/dev/sdc1 /media/clerk/backup ext4 rw 0 0
tmpfs /tmp tmpfs rw 0 0
"""


@pytest.fixture
def sys_root(tmp_path: Path) -> Path:
    """A /sys with a removable sdb (a USB stick) and a fixed sdc (a USB hard disk)."""
    root = tmp_path / "sys"
    for disk, flag in (("sdb", "1"), ("sdc", "0")):
        (root / "block" / disk / f"{disk}1").mkdir(parents=True)
        (root / "block" / disk / "removable").write_text(f"{flag}\n", encoding="ascii")
        (root / "class" / "block").mkdir(parents=True, exist_ok=True)
        (root / "class" / "block" / f"{disk}1").symlink_to(root / "block" / disk / f"{disk}1")
    return root


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/home/clerk/nfs/nlts", NETWORK),
        ("/mnt/office/数据", NETWORK),
        ("/mnt/ssh", NETWORK),
        ("/media/clerk/U DISK/nlts", REMOVABLE),
        ("/media/clerk/backup/nlts", None),
        ("/home/clerk/nfs-not-this-one", None),
        ("/tmp/nlts", None),
        ("/var/lib/nlts", None),
    ],
)
def test_linux_mounts(path: str, kind: str | None, sys_root: Path) -> None:
    problem = location_problem(path, platform="linux", mounts=MOUNTS, sys_root=sys_root)
    assert (problem.kind if problem else None) == kind
    if problem is not None:
        assert path in problem.reason
        assert "移到本机磁盘" in problem.reason


def test_linux_unreadable_mount_table_means_no_check(tmp_path: Path) -> None:
    assert location_problem(tmp_path, platform="linux", mounts="") is None


def test_this_machines_temporary_folder_is_local(tmp_path: Path) -> None:
    """The real probe on the test machine: the test folders are on a local disk."""
    assert location_problem(tmp_path) is None


def _drives(table: dict[str, int]) -> object:
    seen: list[str] = []

    def drive_type(root: str) -> int:
        seen.append(root)
        return table.get(root, 3)  # DRIVE_FIXED

    drive_type.seen = seen  # type: ignore[attr-defined]
    return drive_type


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        (r"\\fileserver\office\nlts", NETWORK),
        ("//fileserver/office/nlts", NETWORK),
        (r"\\?\UNC\fileserver\office\nlts", NETWORK),
        (r"Z:\nlts", NETWORK),
        (r"e:\nlts", REMOVABLE),
        (r"C:\Users\clerk\AppData\Local\NLTS Desktop", None),
        (r"\\?\C:\Users\clerk\nlts", None),
        ("relative\\nlts", None),
    ],
)
def test_windows_paths_and_drive_types(path: str, kind: str | None) -> None:
    drive_type = _drives({"Z:\\": DRIVE_REMOTE, "E:\\": DRIVE_REMOVABLE})
    problem = location_problem(path, platform="win32", drive_type=drive_type)  # type: ignore[arg-type]
    assert (problem.kind if problem else None) == kind


def test_macos_is_not_checked() -> None:
    assert location_problem("/Volumes/USB/nlts", platform="darwin") is None


@pytest.fixture
def folder(paths: DataPaths) -> DataPaths:
    """A closed workspace with evidence-like files, keys and a backup."""
    with Workspace.create(paths, WENJIANG, actor=Actor.system("admin")) as workspace:
        workspace.schools.create(
            {"code": "2151000001", "name": "温江区实验小学", "urban_rural": "111"}
        )
        add_teachers(workspace, 12)
        workspace.backups.make("manual")
    (paths.evidence / "ab").mkdir(parents=True)
    (paths.evidence / "ab" / "abcdef").write_bytes(b"evidence bytes")
    return paths


def _tree(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_workspace_on_a_network_location_is_refused_unless_read_only(
    folder: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    problem = location._network(folder.root, "测试")
    monkeypatch.setattr(
        "nlts_desktop.services.recovery.location_problem",
        lambda path: problem if Path(path) == folder.root else None,
    )
    with pytest.raises(StorageError) as refused:
        Workspace.open(folder, actor=Actor.system("admin"))
    assert refused.value.code == "db.location"
    assert refused.value.details["kind"] == NETWORK
    assert refused.value.details["local_dir"]
    with Workspace.open(folder, actor=Actor.system("admin"), read_only=True) as workspace:
        assert workspace.db.read_only
        assert workspace.stats.counts()["teachers"] == 12


def test_relocate_copies_and_checks_everything_and_leaves_the_original(
    folder: DataPaths, tmp_path: Path
) -> None:
    before = _tree(folder.root)
    steps: list[tuple[int, int, str]] = []
    target = relocate(folder, tmp_path / "local", progress=lambda d, t, m: steps.append((d, t, m)))

    assert _tree(folder.root) == before  # the original is untouched
    copied = _tree(target.root)
    for name, digest in before.items():
        if name in ("workspace.db", "nlts.lock"):
            continue
        assert copied[name] == digest
    assert steps[-1][0] == steps[-1][1]
    connection = sqlite3.connect(target.database)
    assert [r[0] for r in connection.execute("PRAGMA integrity_check")] == ["ok"]
    connection.close()
    with Workspace.open(target, actor=Actor.system("admin")) as workspace:
        assert workspace.stats.counts()["teachers"] == 12
        assert len(workspace.backups.list()) == 1
    with Workspace.open(folder, actor=Actor.system("admin")) as workspace:
        assert workspace.stats.counts()["teachers"] == 12


def test_relocate_refuses_a_folder_that_is_not_empty_or_inside_the_source(
    folder: DataPaths, tmp_path: Path
) -> None:
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "someone's file.txt").write_text("x", encoding="utf-8")
    with pytest.raises(StorageError) as not_empty:
        relocate(folder, busy)
    assert not_empty.value.code == "relocate.not_empty"
    assert (busy / "someone's file.txt").exists()
    with pytest.raises(StorageError) as inside:
        relocate(folder, folder.root / "sub")
    assert inside.value.code == "relocate.inside"


def test_relocate_failure_leaves_no_half_copy(
    folder: DataPaths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_copy(source: Path, target: Path) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(location.shutil, "copy2", broken_copy)
    with pytest.raises(StorageError) as failed:
        relocate(folder, tmp_path / "local")
    assert failed.value.code == "relocate.failed"
    assert not (tmp_path / "local").exists()
    assert Workspace.exists(folder)


def test_local_data_dir_never_picks_the_source_or_an_existing_workspace(
    folder: DataPaths, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("NLTS_DATA_DIR", str(folder.root))
    monkeypatch.setattr("platformdirs.user_data_dir", lambda *a, **k: str(tmp_path / "per-user"))
    assert location.local_data_dir(folder) == tmp_path / "per-user"
    other = data_paths(tmp_path / "per-user")
    other.root.mkdir()
    other.database.write_bytes(b"x")
    chosen = location.local_data_dir(folder)
    assert chosen.parent == other.root and chosen.name.startswith("workspace-moved-")
