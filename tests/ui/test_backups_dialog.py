"""备份与恢复 dialog, the 工具 menu entry, the window's timed backup and the backup on exit."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from nlts_desktop.app import back_up_on_exit
from nlts_desktop.domain.enums import Role
from nlts_desktop.services.backups import BackupSettings
from nlts_desktop.services.context import Actor
from nlts_desktop.services.workspace import Workspace
from nlts_desktop.ui.dialogs import backups_dialog
from nlts_desktop.ui.dialogs.backups_dialog import (
    B_DATE,
    B_REASON,
    B_SCHOOLS,
    B_SIZE,
    B_TEACHERS,
    BackupsDialog,
)
from nlts_desktop.ui.main_window import MainWindow
from nlts_desktop.ui.session import AppSession, Changes
from nlts_desktop.ui.settings import UiSettings
from nlts_desktop.ui.tasks import TaskRunner
from tests.helpers import add_teachers


def _text(dialog: BackupsDialog, row: int, column: int) -> str:
    return str(dialog.model.data(dialog.model.index(row, column)))


def _select(dialog: BackupsDialog, row: int) -> None:
    dialog.view.selectRow(row)


@pytest.fixture
def two_backups(school_session: AppSession) -> AppSession:
    """A checkpoint with the two teachers, then a manual backup with five."""
    backups = school_session.workspace.backups
    backups.make("before-import")
    add_teachers(school_session.workspace, 3, start=10)
    backups.make("manual")
    return school_session


def test_the_list_shows_date_reason_size_and_counts(qtbot: QtBot, two_backups: AppSession) -> None:
    dialog = BackupsDialog(two_backups)
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() == 2
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", _text(dialog, 0, B_DATE))
    assert [_text(dialog, row, B_REASON) for row in (0, 1)] == [
        "Manual backup",
        "Before an import",
    ]
    assert _text(dialog, 0, B_SIZE).endswith(" MB")
    assert [_text(dialog, row, B_TEACHERS) for row in (0, 1)] == ["5", "2"]
    assert _text(dialog, 0, B_SCHOOLS) == "1"
    assert str(two_backups.workspace.backups.folder) in dialog.info_label.text()
    assert dialog.backup_button.isEnabled()
    assert not dialog.restore_button.isEnabled()  # nothing selected yet
    _select(dialog, 1)
    assert dialog.restore_button.isEnabled()
    assert (dialog.interval.value(), dialog.keep_daily.value()) == (30, 7)


def test_back_up_now(
    qtbot: QtBot, school_session: AppSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: told.append(text))
    dialog = BackupsDialog(school_session)
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() == 0
    assert "No backups yet" in dialog.info_label.text()
    dialog.backup_button.click()
    assert dialog.model.rowCount() == 1
    record = dialog.model.record(0)
    assert record.reason == "manual" and record.teachers == 2
    assert told and record.name in told[0]


def test_restore_asks_backs_up_first_restores_and_reloads_every_tab(
    qtbot: QtBot, two_backups: AppSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []
    told: list[str] = []

    def question(_parent: object, _title: str, text: str, *_a: object) -> object:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: told.append(text))
    changes: list[object] = []
    two_backups.tasks.data_changed.connect(changes.append)
    dialog = BackupsDialog(two_backups)
    qtbot.addWidget(dialog)
    _select(dialog, 1)  # the checkpoint with two teachers
    dialog.restore_button.click()

    assert "backed up first" in asked[0]
    assert two_backups.workspace.stats.counts()["teachers"] == 2
    assert changes == [backups_dialog.ALL_CHANGES]
    assert isinstance(changes[0], Changes) and changes[0].touches("teachers", "assessment")
    # The list is reloaded: the backup of the data before the restore is on top.
    assert dialog.model.record(0).reason == "before-restore"
    assert dialog.model.record(0).teachers == 5
    assert dialog.model.record(0).name in told[0]


def test_restore_declined_changes_nothing(
    qtbot: QtBot, two_backups: AppSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.No)
    dialog = BackupsDialog(two_backups)
    qtbot.addWidget(dialog)
    _select(dialog, 1)
    dialog.restore_button.click()
    assert two_backups.workspace.stats.counts()["teachers"] == 5
    assert [r.reason for r in two_backups.workspace.backups.list()] == ["manual", "before-import"]


def test_settings_are_saved_and_the_window_hears_of_it(
    qtbot: QtBot, school_session: AppSession
) -> None:
    changes: list[object] = []
    school_session.tasks.data_changed.connect(changes.append)
    dialog = BackupsDialog(school_session)
    qtbot.addWidget(dialog)
    dialog.interval.setValue(15)
    dialog.keep_daily.setValue(10)
    dialog.keep_weekly.setValue(2)
    dialog.keep_monthly.setValue(6)
    dialog.save_button.click()
    assert school_session.workspace.backups.settings() == BackupSettings(15, 10, 2, 6)
    assert changes == [backups_dialog.BACKUP_SETTINGS_CHANGED]


def test_a_viewer_sees_the_list_but_cannot_back_up_restore_or_configure(
    qtbot: QtBot, two_backups: AppSession
) -> None:
    two_backups.workspace.act_as(Actor("只读", Role.VIEWER))
    dialog = BackupsDialog(two_backups)
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() == 2
    _select(dialog, 1)
    assert not dialog.backup_button.isEnabled()
    assert not dialog.restore_button.isEnabled()
    assert not dialog.save_button.isEnabled() and not dialog.interval.isEnabled()
    assert "administrator" in dialog.settings_note.text()


@pytest.fixture
def read_only_session(
    workspace: Workspace, school: int, tasks: TaskRunner, tmp_path: Path
) -> Iterator[AppSession]:
    """The county workspace with one backup, reopened read-only."""
    add_teachers(workspace, 2)
    workspace.backups.make()
    workspace.close()
    reopened = Workspace.open(workspace.paths, actor=Actor.system("admin"), read_only=True)
    yield AppSession(
        workspace=reopened, tasks=tasks, settings=UiSettings(tmp_path / "ui-settings.ini")
    )
    reopened.close()


def test_read_only_workspace_lists_backups_and_makes_none(
    qtbot: QtBot, read_only_session: AppSession
) -> None:
    dialog = BackupsDialog(read_only_session)
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() == 1
    _select(dialog, 0)
    assert not dialog.backup_button.isEnabled() and not dialog.restore_button.isEnabled()
    assert "read-only" in dialog.info_label.text()
    window = MainWindow(read_only_session)
    qtbot.addWidget(window)
    assert not window.backup_timer.isActive()
    back_up_on_exit(read_only_session.workspace)
    assert len(read_only_session.workspace.backups.list()) == 1


def test_tools_menu_opens_the_dialog(
    qtbot: QtBot, session: AppSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[BackupsDialog] = []
    monkeypatch.setattr(BackupsDialog, "exec", lambda self: opened.append(self))
    window = MainWindow(session)
    qtbot.addWidget(window)
    entries = [a for a in window.tools_menu.actions() if a.text() == "&Backups…"]
    assert len(entries) == 1 and entries[0].isEnabled()
    entries[0].trigger()
    assert len(opened) == 1
    qtbot.addWidget(opened[0])


def test_timed_backup_runs_quietly_and_only_after_changes(
    qtbot: QtBot, school_session: AppSession
) -> None:
    window = MainWindow(school_session)
    qtbot.addWidget(window)
    assert window.backup_timer.isActive()
    assert window.backup_timer.interval() == 30 * 60_000
    window.auto_backup()
    assert [r.reason for r in school_session.workspace.backups.list()] == ["auto"]
    assert window.statusBar().currentMessage() == "Backed up automatically"
    window.statusBar().clearMessage()
    window.auto_backup()  # nothing changed: no backup, no message
    assert len(school_session.workspace.backups.list()) == 1
    assert window.statusBar().currentMessage() == ""
    # A new interval in the settings restarts the timer with it.
    school_session.workspace.backups.save_settings(BackupSettings(interval_minutes=5))
    school_session.tasks.data_changed.emit(backups_dialog.BACKUP_SETTINGS_CHANGED)
    assert window.backup_timer.interval() == 5 * 60_000


def test_backup_on_exit_only_when_changed(school_session: AppSession) -> None:
    workspace = school_session.workspace
    back_up_on_exit(workspace)
    assert [r.reason for r in workspace.backups.list()] == ["on-exit"]
    back_up_on_exit(workspace)
    assert len(workspace.backups.list()) == 1
