"""Composition root: QApplication, translators, workspace, sign-in, main window."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication, QDialog, QInputDialog, QLineEdit

from nlts_desktop.domain.enums import Role
from nlts_desktop.domain.errors import AppError
from nlts_desktop.domain.resources import resource_path
from nlts_desktop.paths import DataPaths
from nlts_desktop.services.context import Actor
from nlts_desktop.services.recovery import damaged_files
from nlts_desktop.services.workspace import Workspace
from nlts_desktop.ui.dialogs.first_run_wizard import FirstRunWizard
from nlts_desktop.ui.dialogs.login_dialog import LoginDialog, NewAdminDialog
from nlts_desktop.ui.dialogs.recovery_dialogs import (
    DamagedDatabaseDialog,
    LocationDialog,
    show_startup_notes,
)
from nlts_desktop.ui.errors import show_error
from nlts_desktop.ui.main_window import MainWindow
from nlts_desktop.ui.session import AppSession
from nlts_desktop.ui.settings import UiSettings
from nlts_desktop.ui.tasks import TaskRunner

log = logging.getLogger(__name__)
# NLTS_LANG=en shows the English fallback (for support staff); Chinese is the default.
ENV_LANGUAGE = "NLTS_LANG"


def install_translators(app: QApplication, language: str | None = None) -> list[QTranslator]:
    """Load Qt's own Chinese strings and ours (complete zh_CN; English is the source)."""
    language = language or os.environ.get(ENV_LANGUAGE, "zh_CN")
    installed: list[QTranslator] = []
    if language.startswith("en"):
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        return installed
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for translator_file, folder in (
        ("qtbase_zh_CN.qm", qt_dir),
        ("nlts_zh_CN.qm", str(resource_path("translations"))),
    ):
        translator = QTranslator(app)
        if translator.load(str(Path(folder) / translator_file)):
            app.installTranslator(translator)
            installed.append(translator)
        else:
            log.warning("translation %s not found in %s", translator_file, folder)
    return installed


def make_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication with names, translators and a CJK-capable default font."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or sys.argv)
    app.setApplicationName("NLTS Desktop")
    app.setOrganizationName("NLTS")
    install_translators(app)
    return app


def open_workspace(
    paths: DataPaths, tasks: TaskRunner, *, read_only: bool = False
) -> Workspace | None:
    """Open the folder's workspace, offering the ways out when it cannot simply be opened.

    A damaged database (moved aside): restore from the good backup, salvage, or quit.  A data
    folder on a network or removable disk: move it to the local data folder, open it
    read-only, or quit.  None when the user quits.
    """
    restored: str | None = None
    password: str | None = None
    while True:
        try:
            workspace = Workspace.open(
                paths, actor=Actor.system("sign-in"), read_only=read_only, password=password
            )
        except AppError as exc:
            if exc.code == "server.auth" and paths.server is not None:
                # The server's password: asked each time, never kept in settings.
                password = ask_server_password(paths.server, retry=password is not None)
                if password is None:
                    return None
                continue
            if exc.code == "db.damaged" and exc.details.get("moved_to"):
                damaged = DamagedDatabaseDialog(paths, exc, tasks)
                if damaged.exec() != QDialog.DialogCode.Accepted:
                    return None
                restored = damaged.restored_note
                continue
            if exc.code == "db.location":
                location = LocationDialog(paths, exc, tasks)
                if location.exec() != QDialog.DialogCode.Accepted:
                    return None
                if location.new_paths is not None:
                    paths = location.new_paths
                else:
                    read_only = True
                continue
            raise
        if restored:
            workspace.startup_notes = (restored, *workspace.startup_notes)
        return workspace


def ask_server_password(server: str, *, retry: bool) -> str | None:
    """The database server's password (None when the user cancels)."""
    prompt = QCoreApplication.translate("ServerPassword", "Password for the database server %1:")
    if retry:
        prompt = QCoreApplication.translate(
            "ServerPassword", "The password was not accepted. Password for the database server %1:"
        )
    text, ok = QInputDialog.getText(
        None,
        QCoreApplication.translate("ServerPassword", "Connect to the database server"),
        prompt.replace("%1", server),
        QLineEdit.EchoMode.Password,
    )
    return text if ok and text else None


def sign_in(paths: DataPaths, tasks: TaskRunner, *, read_only: bool = False) -> Workspace | None:
    """First run: the wizard; later: open the workspace and ask for the password."""
    if not Workspace.exists(paths) and not damaged_files(paths):
        wizard = FirstRunWizard(paths, tasks)
        if wizard.exec() != QDialog.DialogCode.Accepted:
            return None
        return wizard.workspace
    opened = open_workspace(paths, tasks, read_only=read_only)
    if opened is None:
        return None
    workspace = opened
    try:
        if not workspace.accounts.has_users() and workspace.db.read_only:
            # No first account can be made read-only; nothing can be changed either.
            workspace.act_as(Actor("只读查看", Role.VIEWER))
            return workspace
        if not workspace.accounts.has_users():
            # A workspace made on the command line has no account yet.
            first = NewAdminDialog(workspace)
            if first.exec() != QDialog.DialogCode.Accepted:
                workspace.close()
                return None
        login = LoginDialog(workspace)
        if login.exec() != QDialog.DialogCode.Accepted or login.actor is None:
            workspace.close()
            return None
        workspace.act_as(login.actor)
    except BaseException:
        workspace.close()
        raise
    return workspace


def run_gui(paths: DataPaths, *, read_only: bool = False) -> int:
    """Start the program; returns the exit code."""
    app = make_application()
    tasks = TaskRunner(app)
    try:
        workspace = sign_in(paths, tasks, read_only=read_only)
    except Exception as exc:
        show_error(None, exc)
        return 1
    if workspace is None:
        return 0
    # The workspace may have been moved to the local data folder during sign-in.
    settings = UiSettings(workspace.paths.root / "ui-settings.ini")
    window = MainWindow(AppSession(workspace=workspace, tasks=tasks, settings=settings))
    window.show()
    show_startup_notes(window, workspace.startup_notes)
    try:
        return app.exec()
    finally:
        tasks.wait()
        try:
            back_up_on_exit(workspace)
        finally:
            workspace.close()


def back_up_on_exit(workspace: Workspace) -> None:
    """退出时备份 when the data changed; a failure is logged and shown, the exit goes on."""
    if workspace.db.read_only:
        return
    try:
        workspace.backups.auto("on-exit")
    except Exception as exc:
        log.exception("the backup on exit failed")
        show_error(None, exc)
