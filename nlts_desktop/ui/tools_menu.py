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


def _tr(text: str) -> str:
    return QCoreApplication.translate("ToolsMenu", text)


def _entries() -> list[tuple[str, str, Opener, frozenset[Role] | None]]:
    # Imported here: the dialogs are loaded only when the window is built.
    return []


def add_tools_menu(window: QMainWindow, session: AppSession) -> QMenu:
    """Add 工具 to the window's menu bar; returns the menu (its actions keep their names)."""
    menu = window.menuBar().addMenu(_tr("&Tools"))
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
