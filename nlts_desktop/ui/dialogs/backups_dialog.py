"""备份与恢复: the workspace's backups, a backup now, restore, and the backup settings.

The list, the backup and the restore run through the task runner (the list opens every backup
read-only to count its schools and teachers).  Restoring asks first and says that the current
data is backed up before it is replaced; afterwards every tab reloads (one ``data_changed``
naming everything).  The settings (automatic interval, how many days / weeks / months keep
their newest backup) are the administrator's; the window's timer picks a new interval up
from the ``backups`` change.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Qt, QUrl
from PySide6.QtGui import QBrush, QColor, QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from nlts_desktop.services.backups import (
    DAILY_RANGE,
    INTERVAL_RANGE,
    MONTHLY_RANGE,
    WEEKLY_RANGE,
    BackupRecord,
    BackupSettings,
)
from nlts_desktop.services.progress import CancelToken, Progress
from nlts_desktop.ui.dialogs.validated_form import ERROR_COLOR
from nlts_desktop.ui.models.titled_table_model import Index, TitledTableModel
from nlts_desktop.ui.session import AppSession, Changes
from nlts_desktop.ui.tabs.table_tab import configure_table_view, show_information

# Columns.
B_DATE, B_REASON, B_SIZE, B_SCHOOLS, B_TEACHERS, B_HOURS, B_FILE = range(7)
#: A restore replaces everything: every tab reloads.
ALL_CHANGES = Changes.of(
    "schools",
    "teachers",
    "hours",
    "projects",
    "enrollments",
    "assessment",
    "targets",
    "preset",
    "workspace",
    "certificates",
    "annual_plan",
    "leadership",
    "packages",
    "keys",
    "city",
    "audit",
    "backups",
)
#: After the settings changed (the window's timer reads the new interval).
BACKUP_SETTINGS_CHANGED = Changes.of("backups")


def _count_text(value: int | None) -> str:
    return "—" if value is None else f"{value:,}"


class BackupListModel(TitledTableModel):
    """The backups, newest first."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._records: list[BackupRecord] = []
        self._headers = (
            self.tr("Date"),
            self.tr("Reason"),
            self.tr("Size"),
            self.tr("Schools"),
            self.tr("Teachers"),
            self.tr("Hour records"),
            self.tr("File name"),
        )
        self._reasons = {
            "manual": self.tr("Manual backup"),
            "auto": self.tr("Automatic backup"),
            "on-exit": self.tr("Backup on exit"),
            "before-import": self.tr("Before an import"),
            "before-package": self.tr("Before a package import"),
            "before-upgrade": self.tr("Before an upgrade"),
            "before-restore": self.tr("Before a restore"),
        }

    def set_records(self, records: Sequence[BackupRecord]) -> None:
        """Replace the rows."""
        self.beginResetModel()
        self._records = list(records)
        self.endResetModel()

    def row_total(self) -> int:
        """Rows loaded."""
        return len(self._records)

    def record(self, row: int) -> BackupRecord:
        """The backup shown in ``row``."""
        return self._records[row]

    def reason_text(self, record: BackupRecord) -> str:
        """The reason in the user's language (the service's label for unknown ones)."""
        return self._reasons.get(record.reason, record.reason_label)

    def cell_text(self, record: BackupRecord, column: int) -> str:
        """The text a cell shows."""
        if column == B_DATE:
            return record.made_at.strftime("%Y-%m-%d %H:%M")
        if column == B_REASON:
            return self.reason_text(record)
        if column == B_SIZE:
            return record.size_text
        if column == B_SCHOOLS:
            return _count_text(record.schools)
        if column == B_TEACHERS:
            return _count_text(record.teachers)
        if column == B_HOURS:
            return _count_text(record.hour_records)
        if column == B_FILE:
            return record.name
        return ""

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Cell text; numbers right-aligned; an unreadable backup in red with the reason."""
        if not index.isValid() or index.row() >= len(self._records):
            return None
        record = self._records[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cell_text(record, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return record.problem or str(record.path)
        if role == Qt.ItemDataRole.ForegroundRole and record.problem:
            return QBrush(QColor(ERROR_COLOR))
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (
            B_SIZE,
            B_SCHOOLS,
            B_TEACHERS,
            B_HOURS,
        ):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


@dataclass(frozen=True)
class _Loaded:
    records: list[BackupRecord]
    settings: BackupSettings
    may_administer: bool
    may_back_up: bool


class BackupsDialog(QDialog):
    """备份与恢复: list, back up now, restore, open the folder, settings."""

    def __init__(self, session: AppSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._read_only = session.workspace.db.read_only
        self.setObjectName("BackupsDialog")
        self.setWindowTitle(self.tr("Backups and Restore"))
        self.resize(980, 600)
        self.info_label = QLabel(self.tr("Loading…"), self)
        self.info_label.setWordWrap(True)
        self.model = BackupListModel(self)
        self.view = QTableView(self)
        self.view.setObjectName("BackupList")
        self.view.setModel(self.model)
        configure_table_view(self.view)
        self.view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        header = self.view.horizontalHeader()
        for column, width in (
            (B_DATE, 130),
            (B_REASON, 120),
            (B_SIZE, 90),
            (B_SCHOOLS, 70),
            (B_TEACHERS, 80),
            (B_HOURS, 90),
        ):
            header.resizeSection(column, width)
        self.view.doubleClicked.connect(lambda _index: self.restore_selected())

        self.backup_button = QPushButton(self.tr("Back Up Now"), self)
        self.backup_button.setObjectName("BackUpNow")
        self.backup_button.clicked.connect(self.back_up_now)
        self.restore_button = QPushButton(self.tr("Restore Selected Backup…"), self)
        self.restore_button.setObjectName("RestoreSelected")
        self.restore_button.clicked.connect(self.restore_selected)
        self.folder_button = QPushButton(self.tr("Open Backup Folder"), self)
        self.folder_button.clicked.connect(self.open_folder)
        actions = QHBoxLayout()
        for button in (self.backup_button, self.restore_button, self.folder_button):
            actions.addWidget(button)
        actions.addStretch(1)

        self.settings_box = QGroupBox(self.tr("Automatic backups and retention"), self)
        self.interval = self._spin(INTERVAL_RANGE, self.tr(" min"))
        self.keep_daily = self._spin(DAILY_RANGE, self.tr(" days"))
        self.keep_weekly = self._spin(WEEKLY_RANGE, self.tr(" weeks"))
        self.keep_monthly = self._spin(MONTHLY_RANGE, self.tr(" months"))
        self.save_button = QPushButton(self.tr("Save Settings"), self)
        self.save_button.clicked.connect(self.save_settings)
        self.settings_note = QLabel(self.settings_box)
        self.settings_note.setWordWrap(True)
        first = QHBoxLayout()
        first.addWidget(QLabel(self.tr("Back up automatically every"), self.settings_box))
        first.addWidget(self.interval)
        first.addWidget(QLabel(self.tr("when the data changed, and on exit."), self.settings_box))
        first.addStretch(1)
        second = QHBoxLayout()
        second.addWidget(QLabel(self.tr("Keep the newest backup of the last"), self.settings_box))
        for spin in (self.keep_daily, self.keep_weekly, self.keep_monthly):
            second.addWidget(spin)
        second.addWidget(
            QLabel(self.tr("(the newest of each day, week and month)"), self.settings_box)
        )
        second.addStretch(1)
        second.addWidget(self.save_button)
        box_layout = QVBoxLayout(self.settings_box)
        box_layout.addLayout(first)
        box_layout.addLayout(second)
        box_layout.addWidget(self.settings_note)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.info_label)
        layout.addWidget(self.view, 1)
        layout.addLayout(actions)
        layout.addWidget(self.settings_box)
        layout.addWidget(self.buttons)
        self._may_administer = False
        self._may_back_up = False
        self._update_buttons()
        selection = self.view.selectionModel()
        selection.selectionChanged.connect(lambda *_a: self._update_buttons())
        self.reload()

    def _spin(self, limits: tuple[int, int], suffix: str) -> QSpinBox:
        spin = QSpinBox(self.settings_box)
        spin.setRange(*limits)
        spin.setSuffix(suffix)
        spin.setMinimumWidth(90)
        return spin

    # ------------------------------------------------------------ loading

    def reload(self) -> None:
        """Load the list and the settings (off the UI thread)."""
        backups = self.session.workspace.backups

        def load(_p: Progress, _c: CancelToken) -> _Loaded:
            return _Loaded(
                records=backups.list(),
                settings=backups.settings(),
                may_administer=backups.may_administer(),
                may_back_up=backups.may_back_up(),
            )

        self.session.tasks.run(self, load, on_success=self._loaded)

    def _loaded(self, loaded: _Loaded) -> None:
        self.model.set_records(loaded.records)
        self._may_administer = loaded.may_administer
        self._may_back_up = loaded.may_back_up
        settings = loaded.settings
        self.interval.setValue(settings.interval_minutes)
        self.keep_daily.setValue(settings.keep_daily)
        self.keep_weekly.setValue(settings.keep_weekly)
        self.keep_monthly.setValue(settings.keep_monthly)
        folder = str(self.session.workspace.backups.folder)
        if loaded.records:
            text = self.tr("{count} backups in {folder}, newest first.").format(
                count=f"{len(loaded.records):,}", folder=folder
            )
        else:
            text = self.tr("No backups yet. They will be kept in {folder}.").format(folder=folder)
        if self._read_only:
            text += " " + self.tr(
                "The workspace is open read-only: backups cannot be made or restored."
            )
        self.info_label.setText(text)
        if not self._may_administer:
            self.settings_note.setText(
                self.tr("Only the administrator can restore backups and change these settings.")
            )
        else:
            self.settings_note.setText(
                self.tr(
                    "The newest backup that passes the check, and the backups made before an "
                    "upgrade, a restore or an import, are always kept for a while."
                )
            )
        self._update_buttons()

    def _update_buttons(self) -> None:
        writable = not self._read_only
        self.backup_button.setEnabled(writable and self._may_back_up)
        self.restore_button.setEnabled(
            writable and self._may_administer and self.selected() is not None
        )
        for widget in (self.interval, self.keep_daily, self.keep_weekly, self.keep_monthly):
            widget.setEnabled(writable and self._may_administer)
        self.save_button.setEnabled(writable and self._may_administer)

    def selected(self) -> BackupRecord | None:
        """The backup selected in the list, if any."""
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.record(rows[0].row())

    # ------------------------------------------------------------ actions

    def back_up_now(self) -> None:
        """Make a manual backup (off the UI thread), then reload the list."""
        backups = self.session.workspace.backups

        def done(record: BackupRecord) -> None:
            self.reload()
            show_information(
                self,
                self.tr("Backup Made"),
                self.tr("The database was backed up to “{name}” ({size}).").format(
                    name=record.name, size=record.size_text
                ),
            )

        self.session.tasks.run(
            self,
            lambda _p, _c: backups.make("manual"),
            on_success=done,
            label=self.tr("Backing up the database…"),
            cancellable=False,
        )

    def restore_selected(self) -> None:
        """Ask, then restore the selected backup (the current data is backed up first)."""
        record = self.selected()
        if record is None or not self.restore_button.isEnabled():
            return
        answer = QMessageBox.question(
            self,
            self.tr("Restore Backup"),
            self.tr(
                "Restore the database from the backup of {date} ({reason})?\n\n"
                "The current data is backed up first (reason “Before a restore”), then "
                "replaced by the data in this backup. Changes made after {date} will only be "
                "in that new backup."
            ).format(
                date=record.made_at.strftime("%Y-%m-%d %H:%M"),
                reason=self.model.reason_text(record),
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        workspace = self.session.workspace

        def done(before: BackupRecord) -> None:
            self.reload()
            show_information(
                self,
                self.tr("Backup Restored"),
                self.tr(
                    "The data of {date} was restored. The data as it was before the restore "
                    "is kept in the backup “{name}”."
                ).format(date=record.made_at.strftime("%Y-%m-%d %H:%M"), name=before.name),
            )

        self.session.tasks.run(
            self,
            lambda _p, _c: workspace.restore_backup(record.path),
            on_success=done,
            label=self.tr("Restoring the backup…"),
            cancellable=False,
            changes=ALL_CHANGES,
        )

    def open_folder(self) -> None:
        """Show the backups folder in the file manager."""
        folder = self.session.workspace.backups.folder
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def current_settings(self) -> BackupSettings:
        """The settings as entered."""
        return BackupSettings(
            interval_minutes=self.interval.value(),
            keep_daily=self.keep_daily.value(),
            keep_weekly=self.keep_weekly.value(),
            keep_monthly=self.keep_monthly.value(),
        )

    def save_settings(self) -> None:
        """Store the settings (administrator)."""
        backups = self.session.workspace.backups
        settings = self.current_settings()

        def done(_saved: BackupSettings) -> None:
            self.settings_note.setText(self.tr("Settings saved."))

        self.session.tasks.run(
            self,
            lambda _p, _c: backups.save_settings(settings),
            on_success=done,
            changes=BACKUP_SETTINGS_CHANGED,
        )


def open_backups(parent: QWidget, session: AppSession) -> None:
    """工具 → 备份与恢复…"""
    BackupsDialog(session, parent).exec()
