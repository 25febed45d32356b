"""Read-only banner and refusals, a busy database, the damaged-database and location dialogs.

The busy case holds a real write lock on the workspace file from a second connection, so the
save waits out SQLite's busy timeout once (5 s, engine.BUSY_TIMEOUT_MS).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QMessageBox
from pytestqt.qtbot import QtBot

from nlts_desktop import app
from nlts_desktop.domain.errors import StorageError
from nlts_desktop.paths import DataPaths
from nlts_desktop.services.context import Actor
from nlts_desktop.services.recovery import DamagedDatabaseError
from nlts_desktop.services.workspace import Workspace
from nlts_desktop.storage.backup import backup_file, list_backups
from nlts_desktop.storage.location import _network
from nlts_desktop.ui.dialogs.recovery_dialogs import DamagedDatabaseDialog, LocationDialog
from nlts_desktop.ui.dialogs.teacher_dialog import TeacherDialog
from nlts_desktop.ui.main_window import MainWindow
from nlts_desktop.ui.session import AppSession
from nlts_desktop.ui.settings import UiSettings
from nlts_desktop.ui.tasks import TaskRunner
from tests.helpers import add_teachers

SCHOOL = "温江区实验小学（2151000001）"
NEW_TEACHER = "510115198001011235"


def _fill(dialog: TeacherDialog) -> None:
    dialog.id_edit.setText(NEW_TEACHER)
    dialog.name_edit.setText("王芳")
    dialog.school_combo.setEditText(SCHOOL)
    dialog.phone_edit.setText("13800001111")


def _typed(dialog: TeacherDialog) -> tuple[str, str, str, str]:
    return (
        dialog.id_edit.text(),
        dialog.name_edit.text(),
        dialog.school_combo.currentText(),
        dialog.phone_edit.text(),
    )


@pytest.fixture
def read_only_session(
    workspace: Workspace, school: int, tasks: TaskRunner, tmp_path: Path
) -> Iterator[AppSession]:
    """The county workspace (one school, five teachers) reopened read-only."""
    add_teachers(workspace, 5)
    workspace.close()
    reopened = Workspace.open(workspace.paths, actor=Actor.system("admin"), read_only=True)
    yield AppSession(
        workspace=reopened, tasks=tasks, settings=UiSettings(tmp_path / "ui-settings.ini")
    )
    reopened.close()


def test_read_only_window_has_the_banner_and_a_write_is_refused_plainly(
    qtbot: QtBot, read_only_session: AppSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = MainWindow(read_only_session)
    qtbot.addWidget(window)
    window.show()
    banner = window.read_only_banner
    assert banner is not None and banner.isVisible()
    assert banner.objectName() == "readOnlyBanner"
    assert banner.text()
    assert window.tabs.isVisible() and window.tabs.count() >= 4

    shown: list[object] = []
    monkeypatch.setattr("nlts_desktop.ui.errors.QMessageBox.exec", lambda box: shown.append(box))
    dialog = TeacherDialog(read_only_session, parent=window)
    qtbot.addWidget(dialog)
    _fill(dialog)
    dialog.save_button.click()
    assert "工作区以只读方式打开" in dialog.form.top_error.text()
    assert dialog.result() != QDialog.DialogCode.Accepted and dialog.saved is None
    assert _typed(dialog) == (NEW_TEACHER, "王芳", SCHOOL, "13800001111")
    assert shown == []  # a plain message above the form, not an error box with a traceback


def test_a_writable_window_has_no_banner(qtbot: QtBot, session: AppSession) -> None:
    window = MainWindow(session)
    qtbot.addWidget(window)
    assert window.read_only_banner is None


def test_busy_database_keeps_the_typed_values_and_saving_again_works(
    qtbot: QtBot, school_session: AppSession
) -> None:
    dialog = TeacherDialog(school_session)
    qtbot.addWidget(dialog)
    _fill(dialog)
    other = sqlite3.connect(school_session.workspace.paths.database, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")  # another program holds the write lock
        other.execute("UPDATE schools SET note = '另一个程序在写' WHERE code = '2151000001'")
        dialog.save_button.click()  # waits out the busy timeout once
        assert "数据库正被占用，请稍后重试" in dialog.form.top_error.text()
        assert dialog.result() != QDialog.DialogCode.Accepted and dialog.saved is None
        assert _typed(dialog) == (NEW_TEACHER, "王芳", SCHOOL, "13800001111")
        assert dialog.save_button.isEnabled()
        other.execute("COMMIT")
    finally:
        other.close()
    dialog.save_button.click()
    assert dialog.saved is not None
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert school_session.workspace.teachers.find_by_id_number(NEW_TEACHER).name == "王芳"


# ---------------------------------------------------------------------- damaged


@pytest.fixture
def damaged(workspace: Workspace, school: int) -> tuple[DataPaths, DamagedDatabaseError]:
    """A workspace with 20 teachers and a backup, then a page overwritten: the open fails."""
    add_teachers(workspace, 20)
    workspace.close()
    paths = workspace.paths
    backup_file(paths.database, paths.backups, reason="manual")
    connection = sqlite3.connect(paths.database)
    root = connection.execute("SELECT rootpage FROM sqlite_master WHERE name='teachers'")
    page = root.fetchone()[0]
    connection.close()
    with paths.database.open("r+b") as handle:
        handle.seek((page - 1) * 4096)
        handle.write(bytes(range(256)) * 16)
    with pytest.raises(DamagedDatabaseError) as caught:
        Workspace.open(paths, actor=Actor.system("admin"))
    return paths, caught.value


def test_damaged_dialog_restores_from_the_good_backup(
    qtbot: QtBot, damaged: tuple[DataPaths, DamagedDatabaseError], tasks: TaskRunner
) -> None:
    paths, error = damaged
    dialog = DamagedDatabaseDialog(paths, error, tasks)
    qtbot.addWidget(dialog)
    assert dialog.restore_button is not None
    assert str(error.damaged.moved_to) in dialog.message.text()
    backup = list_backups(paths.backups)[0]
    assert f"{backup.made_at:%Y-%m-%d %H:%M}" in dialog.message.text()
    dialog.restore_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.restored_note is not None and "已从" in dialog.restored_note
    with Workspace.open(paths, actor=Actor.system("admin")) as workspace:
        assert workspace.stats.counts()["teachers"] == 20


def test_damaged_dialog_without_backup_offers_the_salvage(
    qtbot: QtBot,
    damaged: tuple[DataPaths, DamagedDatabaseError],
    tasks: TaskRunner,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    paths, error = damaged
    no_backup = DamagedDatabaseError(
        type(error.damaged)(error.damaged.moved_to, error.damaged.problem, None)
    )
    dialog = DamagedDatabaseDialog(paths, no_backup, tasks)
    qtbot.addWidget(dialog)
    assert dialog.restore_button is None
    texts = [button.text() for button in dialog.buttons.buttons()]
    assert len(texts) == 2
    out = tmp_path / "可读取的数据.xlsx"
    monkeypatch.setattr(dialog, "salvage_target", lambda: out)
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda *args: told.append(args[2]))
    dialog.salvage_button.click()
    assert out.exists() and dialog.salvaged is not None
    assert dialog.salvaged.path == out
    assert told and "已把能读取的" in told[0]
    assert dialog.result() != QDialog.DialogCode.Accepted  # still open: the user may quit


def test_start_up_after_damage_restores_and_tells_the_user(
    qtbot: QtBot,
    damaged: tuple[DataPaths, DamagedDatabaseError],
    tasks: TaskRunner,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    paths, _error = damaged

    def choose_restore(dialog: DamagedDatabaseDialog) -> int:
        assert dialog.restore_button is not None
        dialog.restore_button.click()
        return dialog.result()

    monkeypatch.setattr(DamagedDatabaseDialog, "exec", choose_restore)
    workspace = app.open_workspace(paths, tasks)
    assert workspace is not None
    try:
        assert workspace.startup_notes and "已从" in workspace.startup_notes[0]
        assert workspace.stats.counts()["teachers"] == 20
    finally:
        workspace.close()


# ---------------------------------------------------------------------- location


def test_location_dialog_moves_the_folder_and_start_up_opens_it_there(
    qtbot: QtBot,
    workspace: Workspace,
    school: int,
    tasks: TaskRunner,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    add_teachers(workspace, 3)
    workspace.close()
    paths = workspace.paths
    local = tmp_path / "本机数据"
    problem = _network(paths.root, "测试用的网络共享")
    monkeypatch.setattr(
        "nlts_desktop.services.recovery.location_problem",
        lambda path: problem if Path(path) == paths.root else None,
    )
    monkeypatch.setattr("nlts_desktop.services.recovery.suggested_local_dir", lambda _p: local)
    with pytest.raises(StorageError) as refused:
        Workspace.open(paths, actor=Actor.system("admin"))
    dialog = LocationDialog(paths, refused.value, tasks)
    qtbot.addWidget(dialog)
    assert str(local) in dialog.move_button.text()

    def choose_move(shown: LocationDialog) -> int:
        shown.move_button.click()
        return shown.result()

    monkeypatch.setattr(LocationDialog, "exec", choose_move)
    opened = app.open_workspace(paths, tasks)
    assert opened is not None
    try:
        assert opened.paths.root == local
        assert not opened.db.read_only
        assert opened.stats.counts()["teachers"] == 3
    finally:
        opened.close()
    assert Workspace.exists(paths)  # the original is left as it was

    def choose_read_only(shown: LocationDialog) -> int:
        shown.read_only_button.click()
        return shown.result()

    monkeypatch.setattr(LocationDialog, "exec", choose_read_only)
    viewing = app.open_workspace(paths, tasks)
    assert viewing is not None
    try:
        assert viewing.db.read_only and viewing.paths.root == paths.root
    finally:
        viewing.close()
