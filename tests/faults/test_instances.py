"""Two program instances on one data folder, and the lock a killed instance leaves behind.

A child process opens the workspace with the real ``Workspace.open`` and waits (in one case
in the middle of saving a teacher); the parent's open is refused with the holder named.
After SIGKILL of the child, the parent opens the folder: the operating system dropped the
lock with the process, the unfinished change is gone, the data is exactly what was there.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from nlts_desktop.domain.errors import StorageError
from nlts_desktop.paths import DataPaths
from nlts_desktop.services.context import Actor
from nlts_desktop.services.workspace import Workspace
from tests.helpers import add_teachers, id_number

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")

ROOT = Path(__file__).resolve().parents[2]

CHILD = textwrap.dedent(
    """
    import sys

    from nlts_desktop.paths import data_paths
    from nlts_desktop.services.context import Actor
    from nlts_desktop.services.workspace import Workspace
    from nlts_desktop.storage.models import Teacher

    root, mode = sys.argv[1], sys.argv[2]
    with Workspace.open(data_paths(root), actor=Actor.system("child")) as workspace:
        if mode == "saving":
            with workspace.context.unit_of_work() as session:
                session.add(Teacher(id_number=sys.argv[3], name="未保存", gender="male",
                                    birth_date=__import__("datetime").date(1985, 1, 1),
                                    school_id=1, status="active"))
                session.flush()
                print("ready", flush=True)
                sys.stdin.read()
        else:
            print("ready", flush=True)
            sys.stdin.read()
    """
)


def _teachers(path: Path) -> list[tuple[object, ...]]:
    connection = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True)
    try:
        return connection.execute("SELECT * FROM teachers ORDER BY id").fetchall()
    finally:
        connection.close()


@pytest.fixture
def folder(workspace: Workspace, school: int) -> Iterator[DataPaths]:
    """A closed workspace with 20 teachers (the fixture's lock released)."""
    add_teachers(workspace, 20)
    workspace.close()
    yield workspace.paths


def _start(paths: DataPaths, mode: str) -> subprocess.Popen[str]:
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(paths.root), mode, id_number(90)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        cwd=ROOT,
    )
    assert child.stdout is not None
    line = child.stdout.readline()
    assert line.strip() == "ready", child.stderr.read() if child.stderr else line
    return child


@pytest.mark.parametrize("mode", ["idle", "saving"])
def test_second_instance_is_refused_and_a_killed_holder_leaves_no_lock(
    folder: DataPaths, mode: str
) -> None:
    expected = _teachers(folder.database)
    assert len(expected) == 20
    child = _start(folder, mode)
    try:
        with pytest.raises(StorageError) as refused:
            Workspace.open(folder, actor=Actor.system("admin"))
        assert refused.value.code == "lock.busy"
        assert f"进程 {child.pid}" in refused.value.message
        assert "正被另一个 NLTS 程序使用" in refused.value.message
    finally:
        child.send_signal(signal.SIGKILL)
        child.communicate(timeout=30)
    assert child.returncode == -signal.SIGKILL

    with Workspace.open(folder, actor=Actor.system("admin")) as workspace:
        notes = workspace.startup_notes
        assert workspace.stats.counts()["teachers"] == 20
        # The folder is ours now: writing works.
        workspace.teachers.create(
            {"id_number": id_number(91), "name": "新来教师", "school": "2151000001"}
        )
    if mode == "saving":
        assert "上次程序意外退出，未完成的修改已自动撤销。" in notes
    else:
        assert notes == ()
    connection = sqlite3.connect(folder.database)
    try:
        assert [row[0] for row in connection.execute("PRAGMA integrity_check")] == ["ok"]
    finally:
        connection.close()
    after = _teachers(folder.database)
    assert after[:20] == expected
    assert [row[1] for row in after[20:]] == [id_number(91)]  # the unsaved teacher is gone
