"""The shared-server mode on a real PostgreSQL server (run by scripts/test-postgres).

Skipped in the SQLite run: two clerks on one database at once is what the server is for
(a SQLite folder admits one program at a time, see tests/faults/test_instances.py).
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlalchemy import func, select

from nlts_desktop.domain.errors import StorageError
from nlts_desktop.paths import DataPaths, data_paths
from nlts_desktop.services.context import Actor
from nlts_desktop.services.demo import create_demo
from nlts_desktop.services.migration import migrate_to_folder, migrate_to_server
from nlts_desktop.services.workspace import Workspace
from nlts_desktop.storage.backup import verify_backup
from nlts_desktop.storage.models import Teacher
from nlts_desktop.storage.transfer import checksums
from tests import pgserver

pytestmark = pytest.mark.skipif(
    not pgserver.server(), reason="needs the PostgreSQL test server (scripts/test-postgres)"
)

ADMIN = Actor.system("admin")


def _teacher(name: str = "张丽") -> dict[str, object]:
    return {
        "id_number": "11010519491231002X",
        "name": name,
        "school": "2151000001",
        "phone": "13812345678",
        "subject": "语文",
        "title": "小学高级教师",
    }


@pytest.fixture
def teacher(workspace: Workspace, school: int) -> int:
    return workspace.teachers.create(_teacher()).id


def test_the_workspace_is_on_the_server(workspace: Workspace) -> None:
    assert workspace.db.on_server
    assert workspace.db.engine.dialect.name == "postgresql"
    assert not workspace.paths.database.exists()  # no local file, no file lock


def test_two_clerks_edit_the_same_teacher_one_wins(
    workspace: Workspace, paths: DataPaths, teacher: int
) -> None:
    other = Workspace.open(paths, actor=Actor.system("clerk2"))  # a second workstation
    try:
        mine = workspace.teachers.get(teacher)
        theirs = other.teachers.get(teacher)
        other.teachers.update(
            teacher, _teacher() | {"phone": "13900000000"}, version=theirs.version
        )
        with pytest.raises(StorageError) as caught:
            workspace.teachers.update(
                teacher, _teacher() | {"phone": "13700000000"}, version=mine.version
            )
        assert caught.value.code == "db.stale"
        message = caught.value.message
        assert message.startswith("该记录已被他人修改，请刷新后重试。")
        assert "13900000000" in message and "13700000000" in message  # both values shown
        assert workspace.teachers.get(teacher).phone == "13900000000"  # nothing overwritten
    finally:
        other.close()


def test_simultaneous_saves_of_one_version_let_exactly_one_through(
    workspace: Workspace, paths: DataPaths, teacher: int
) -> None:
    version = workspace.teachers.get(teacher).version
    clerks = [Workspace.open(paths, actor=Actor.system(f"clerk{i}")) for i in range(4)]
    outcomes: list[str] = []
    start = threading.Barrier(len(clerks))

    def save(clerk: Workspace, phone: str) -> None:
        start.wait()
        try:
            clerk.teachers.update(teacher, _teacher() | {"phone": phone}, version=version)
            outcomes.append("saved")
        except StorageError as exc:
            outcomes.append(exc.code)

    threads = [
        threading.Thread(target=save, args=(clerk, f"1390000000{i}"))
        for i, clerk in enumerate(clerks)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for clerk in clerks:
        clerk.close()
    assert sorted(outcomes) == ["db.stale", "db.stale", "db.stale", "saved"]
    assert workspace.teachers.get(teacher).version == version + 1


def test_demo_then_new_rows_get_fresh_ids(paths: DataPaths) -> None:
    """Demo data comes with its ids; the server's sequences must follow them."""
    workspace, _ = create_demo(paths, teachers=60)
    with workspace:
        school = workspace.schools.list()[0]
        record = workspace.teachers.create(_teacher() | {"school": school.code})
        with workspace.context.read() as session:
            assert record.id == session.scalar(select(func.max(Teacher.id)))


def test_migrate_to_a_folder_and_back_gives_equal_checksums(tmp_path: Path) -> None:
    source_paths = data_paths(tmp_path / "server-side")
    source, _ = create_demo(source_paths, teachers=80)
    with source:
        offline, report = migrate_to_folder(source, tmp_path / "offline")
        assert offline.server is None and offline.database.is_file()
        before = report.tables  # the source as copied (the audit row of the copy comes after)
        with source.db.engine.connect() as connection:
            after = {t.name: t for t in checksums(connection)}
        assert all(after[t.name] == t for t in before if not t.name.startswith("audit_"))
        back_paths = data_paths(tmp_path / "second-server")
        with Workspace.open(offline, actor=ADMIN) as snapshot:
            assert not snapshot.db.on_server
            assert snapshot.checks.run().ok
            again = migrate_to_server(snapshot, back_paths.server or "")
    assert again.digest == report.digest
    with Workspace.open(back_paths, actor=ADMIN) as copy:
        assert copy.audit.verify().ok


def test_a_server_database_with_a_workspace_is_never_overwritten(
    workspace: Workspace, tmp_path: Path
) -> None:
    other, _ = create_demo(data_paths(tmp_path / "other"), teachers=20)
    with other, pytest.raises(StorageError) as caught:
        migrate_to_server(other, workspace.paths.server or "")
    assert caught.value.code == "workspace.exists"
    assert workspace.info().region_name == "温江区"


def test_a_server_backup_is_a_checked_offline_workspace(workspace: Workspace, teacher: int) -> None:
    assert workspace.backups.auto("before-import") is None  # the server's own backups do that
    record = workspace.backups.make()
    assert verify_backup(record.path) is None
    assert record.teachers == 1
    with pytest.raises(StorageError) as caught:
        workspace.backups.restore(record.path)
    assert caught.value.code == "restore.server"


def test_a_folder_set_to_the_server_remembers_the_address_but_never_the_password(
    workspace: Workspace, tmp_path: Path
) -> None:
    from tests.e2e.clirun import run

    address = workspace.paths.server or ""
    with_password = address.replace("nlts@", "nlts:secret@")
    folder = tmp_path / "workstation"
    result = run("--data-dir", str(folder), "server", "set", with_password)
    assert result.returncode == 0, result.stderr
    assert "温江区" in result.stdout
    saved = (folder / "server.json").read_text(encoding="utf-8")
    assert "secret" not in saved and address in saved
    stats = run("--data-dir", str(folder), "stats", "--json")
    assert stats.returncode == 0, stats.stderr
