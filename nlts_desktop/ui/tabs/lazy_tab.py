"""A tab that loads when it is shown, and reloads after changes only while it is visible."""

from __future__ import annotations

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QWidget

from nlts_desktop.ui.session import AppSession, Changes


class LazyTab(QWidget):
    """Load on first show; after a data change, reload now if visible, else on the next show.

    Subclasses name the kinds of change they depend on in ``reload_on`` and implement
    :meth:`reload`, which starts with :meth:`_loading`.
    """

    reload_on: tuple[str, ...] = ()

    def __init__(self, session: AppSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._stale = False
        self._requested = False  # reload() asked for at least once
        session.tasks.data_changed.connect(self._on_data_changed)

    def reload(self) -> None:
        """Load the tab's data (off the UI thread)."""
        raise NotImplementedError

    def _loading(self) -> None:
        """Called by :meth:`reload`: the tab is up to date from now on."""
        self._stale = False
        self._requested = True

    def _on_data_changed(self, changes: object) -> None:
        if not (isinstance(changes, Changes) and changes.touches(*self.reload_on)):
            return
        if self.isVisible():
            self.reload()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        """Load on first show, and again if data changed while the tab was hidden."""
        super().showEvent(event)
        if self._stale or not self._requested:
            self.reload()
