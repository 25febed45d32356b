"""What the program shows when a workspace cannot simply be opened, and after it was.

* :class:`DamagedDatabaseDialog`: the database file is damaged and was moved aside: restore
  from the newest good backup, export what can still be read (抢救导出), or quit;
* :class:`LocationDialog`: the data folder is on a network share or a removable disk: move it
  to the local data folder, open it read-only, or quit;
* :func:`read_only_banner`: the yellow 只读模式 banner above the main window's tabs;
* :func:`show_startup_notes`: what the start-up check did (changes undone after a crash, an
  interrupted upgrade completed), told once after sign-in.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from nlts_desktop.domain.errors import AppError
from nlts_desktop.paths import DataPaths
from nlts_desktop.services.progress import CancelToken, Progress
from nlts_desktop.services.recovery import (
    SalvageReport,
    relocate_workspace,
    restore_damaged,
    salvage_export,
)
from nlts_desktop.ui.errors import show_error
from nlts_desktop.ui.tasks import TaskRunner

BANNER_STYLE = (
    "QLabel#readOnlyBanner { background: #fff3b0; color: #5c4400;"
    " border-bottom: 1px solid #e0c75a; padding: 6px 12px; }"
)


def read_only_banner(parent: QWidget | None = None) -> QLabel:
    """The yellow banner of a workspace opened read-only."""
    banner = QLabel(
        QCoreApplication.translate(
            "ReadOnlyBanner",
            "Read-only: the database file or its disk cannot be written. You can view, export"
            " and print, but not change anything.",
        ),
        parent,
    )
    banner.setObjectName("readOnlyBanner")
    banner.setWordWrap(True)
    banner.setStyleSheet(BANNER_STYLE)
    return banner


def with_read_only_banner(content: QWidget, parent: QWidget) -> tuple[QWidget, QLabel]:
    """``content`` under the read-only banner, in one widget for the central area."""
    holder = QWidget(parent)
    layout = QVBoxLayout(holder)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(0)
    banner = read_only_banner(holder)
    layout.addWidget(banner)
    layout.addWidget(content, 1)
    return holder, banner


def show_startup_notes(parent: QWidget | None, notes: tuple[str, ...] | list[str]) -> None:
    """Tell the user once what the start-up check did (nothing when there is nothing)."""
    if not notes:
        return
    QMessageBox.information(
        parent,
        QCoreApplication.translate("StartupNotes", "When the workspace was opened"),
        "\n\n".join(notes),
    )


def _detail(error: AppError, key: str) -> str | None:
    value = error.details.get(key)
    return None if value is None else str(value)


class DamagedDatabaseDialog(QDialog):
    """数据库文件已损坏: restore from the good backup, salvage the readable data, or quit.

    Accepted after a successful restore (``restored_note`` says what happened); rejected when
    the user quits.  A salvage export keeps the dialog open.
    """

    def __init__(
        self,
        paths: DataPaths,
        error: AppError,
        tasks: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.paths = paths
        self.tasks = tasks
        self.moved_to = Path(_detail(error, "moved_to") or paths.database)
        backup = _detail(error, "backup")
        self.backup = Path(backup) if backup else None
        self.restored_note: str | None = None
        self.salvaged: SalvageReport | None = None
        self.setObjectName("DamagedDatabaseDialog")
        self.setWindowTitle(self.tr("The database is damaged"))
        self.setMinimumWidth(560)

        text = self.tr(
            "The database file is damaged ({problem}). It was not deleted: it was moved to {moved}."
        ).format(problem=_detail(error, "problem") or "", moved=self.moved_to)
        if self.backup is not None:
            text += "\n\n" + self.tr("The newest good backup is the one of {when}.").format(
                when=_detail(error, "backup_made_at") or self.backup.name
            )
            text += "\n" + self.tr(
                "Restoring puts that backup in place; changes made after it are not in it."
            )
        else:
            text += "\n\n" + self.tr(
                "No good backup was found. You can export the data that can still be read"
                " from the damaged file to an Excel workbook."
            )
        self.message = QLabel(text, self)
        self.message.setObjectName("damagedMessage")
        self.message.setWordWrap(True)

        self.buttons = QDialogButtonBox(self)
        self.restore_button: QPushButton | None = None
        if self.backup is not None:
            self.restore_button = self.buttons.addButton(
                self.tr("Restore from this backup"), QDialogButtonBox.ButtonRole.AcceptRole
            )
            self.restore_button.clicked.connect(self._restore)
            self.restore_button.setDefault(True)
        self.salvage_button = self.buttons.addButton(
            self.tr("Export the readable data…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.salvage_button.clicked.connect(self.salvage)
        self.quit_button = self.buttons.addButton(
            self.tr("Quit"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.quit_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

    # ------------------------------------------------------------------ restore
    def _restore(self) -> None:
        backup = self.backup
        if backup is None:
            return
        paths = self.paths

        def job(_progress: Progress, _cancel: CancelToken) -> str:
            return restore_damaged(paths, backup)

        self._set_busy(True)
        self.tasks.run(
            self,
            job,
            on_success=self._restored,
            on_error=self._failed,
            label=self.tr("Restoring the database from the backup…"),
            cancellable=False,
        )

    def _restored(self, note: str) -> None:
        self._set_busy(False)
        self.restored_note = note
        self.accept()

    # ------------------------------------------------------------------ salvage
    def salvage_target(self) -> Path | None:
        """Ask where to save the salvage workbook (None: the user cancelled)."""
        suggested = self.moved_to.with_name(f"{self.moved_to.stem}-可读取的数据.xlsx")
        chosen, _filter = QFileDialog.getSaveFileName(
            self,
            self.tr("Export the readable data"),
            str(suggested),
            self.tr("Excel workbook (*.xlsx)"),
        )
        return Path(chosen) if chosen else None

    def salvage(self) -> None:
        """Export what can still be read of the damaged file, off the UI thread."""
        target = self.salvage_target()
        if target is None:
            return
        damaged = self.moved_to

        def job(progress: Progress, _cancel: CancelToken) -> SalvageReport:
            return salvage_export(damaged, target, progress=progress)

        self._set_busy(True)
        self.tasks.run(
            self,
            job,
            on_success=self._salvaged,
            on_error=self._failed,
            label=self.tr("Exporting the readable data…"),
            cancellable=False,
        )

    def _salvaged(self, report: SalvageReport) -> None:
        self._set_busy(False)
        self.salvaged = report
        QMessageBox.information(self, self.windowTitle(), report.summary())

    # ------------------------------------------------------------------ common
    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        show_error(self, exc)

    def _set_busy(self, busy: bool) -> None:
        for button in self.buttons.buttons():
            button.setEnabled(not busy)


class LocationDialog(QDialog):
    """The data folder is on a network or removable disk: move it, open read-only, or quit.

    Accepted with ``new_paths`` (moved) or ``read_only`` True; rejected when the user quits.
    """

    def __init__(
        self,
        paths: DataPaths,
        error: AppError,
        tasks: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.paths = paths
        self.tasks = tasks
        self.local_dir = Path(_detail(error, "local_dir") or paths.root)
        self.new_paths: DataPaths | None = None
        self.read_only = False
        self.setObjectName("LocationDialog")
        self.setWindowTitle(self.tr("The data folder is not on a local disk"))
        self.setMinimumWidth(560)
        if error.details.get("kind") == "removable":
            text = self.tr(
                "The data folder {root} is on a removable disk (USB stick, external disk or"
                " memory card). A database there is easily damaged when the disk is pulled out"
                " or loses power while it is written."
            )
        else:
            text = self.tr(
                "The data folder {root} is on a network share or a mapped network drive."
                " File locking is unreliable there, and the database can be damaged."
            )
        text = (
            text.format(root=paths.root)
            + "\n\n"
            + self.tr(
                "Move the data to this computer's data folder (the original folder is left as it"
                " is), or open it read-only to view, export and print."
            )
        )
        self.message = QLabel(text, self)
        self.message.setObjectName("locationMessage")
        self.message.setWordWrap(True)

        self.buttons = QDialogButtonBox(self)
        self.move_button = self.buttons.addButton(
            self.tr("Move to the local data folder ({folder})").format(folder=self.local_dir),
            QDialogButtonBox.ButtonRole.AcceptRole,
        )
        self.move_button.clicked.connect(self._move)
        self.move_button.setDefault(True)
        self.read_only_button = self.buttons.addButton(
            self.tr("Open read-only"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.read_only_button.clicked.connect(self._open_read_only)
        self.quit_button = self.buttons.addButton(
            self.tr("Quit"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.quit_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

    def _move(self) -> None:
        paths, target = self.paths, self.local_dir

        def job(progress: Progress, _cancel: CancelToken) -> DataPaths:
            return relocate_workspace(paths, target, progress=progress)

        for button in self.buttons.buttons():
            button.setEnabled(False)
        self.tasks.run(
            self,
            job,
            on_success=self._moved,
            on_error=self._failed,
            label=self.tr("Copying the data folder to this computer…"),
            cancellable=False,
        )

    def _moved(self, new_paths: Any) -> None:
        self.new_paths = new_paths
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        for button in self.buttons.buttons():
            button.setEnabled(True)
        show_error(self, exc)

    def _open_read_only(self) -> None:
        self.read_only = True
        self.accept()
