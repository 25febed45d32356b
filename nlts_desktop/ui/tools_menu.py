"""The 工具 (Tools) menu, the same at every level: backups, the audit log, accounts.

Each entry opens its own dialog; the window only places the menu.  Entries are listed in
``_ENTRIES`` in the order they appear: (text, status tip, opener, roles or None for all).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QMenu, QWidget

from nlts_desktop.domain.enums import Role
from nlts_desktop.ui.session import AppSession

Opener = Callable[[QWidget, AppSession], object]


def _entries() -> list[tuple[str, str, Opener, frozenset[Role] | None]]:
    # Imported here: the dialogs are loaded only when the window is built.
    from nlts_desktop.ui.dialogs.accounts_dialog import open_accounts, open_change_password
    from nlts_desktop.ui.dialogs.audit_dialog import open_audit_log
    from nlts_desktop.ui.dialogs.backups_dialog import open_backups

    return [
        (
            QCoreApplication.translate("ToolsMenu", "&Backups…"),
            QCoreApplication.translate(
                "ToolsMenu",
                "Back up now, restore a backup, and how often and how long backups are kept",
            ),
            open_backups,
            None,
        ),
        (
            QCoreApplication.translate("ToolsMenu", "&Audit Log…"),
            QCoreApplication.translate(
                "ToolsMenu",
                "Who changed, imported or exported what and when; check the log is intact",
            ),
            open_audit_log,
            # the county's administrator; in a school-mode workspace its coordinator
            frozenset({Role.COUNTY_ADMIN, Role.SCHOOL_COORDINATOR}),
        ),
        (
            QCoreApplication.translate("ToolsMenu", "&Accounts…"),
            QCoreApplication.translate(
                "ToolsMenu", "Add accounts, set their roles, disable, reset passwords, unlock"
            ),
            open_accounts,
            frozenset({Role.COUNTY_ADMIN}),
        ),
        (
            QCoreApplication.translate("ToolsMenu", "Change &Password…"),
            QCoreApplication.translate(
                "ToolsMenu", "Change the password of the account you are signed in with"
            ),
            open_change_password,
            None,
        ),
    ]


def add_tools_menu(window: QMainWindow, session: AppSession) -> QMenu:
    """Add 工具 to the window's menu bar; returns the menu (its actions keep their names)."""
    menu = window.menuBar().addMenu(QCoreApplication.translate("ToolsMenu", "&Tools"))
    menu.setObjectName("ToolsMenu")
    for text, tip, opener, roles in _entries():
        action = QAction(text, window)
        action.setStatusTip(tip)
        action.setToolTip(tip)
        action.triggered.connect(lambda _checked=False, o=opener: o(window, session))
        if roles is not None and session.actor.role not in roles:
            action.setEnabled(False)
        menu.addAction(action)
    return menu
