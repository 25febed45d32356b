"""数据包: take a package in (preview first), the package ledger, the keys, making packages.

Offices hand signed ``.nltspkg`` files to each other on USB sticks.  Taking one in always goes
through the preview: the package is checked completely off the UI thread and the clerk sees
what it is, who signed it and what it would change before anything is written.  A sender's new
or changed key is shown in large groups of four: the clerk reads them with the sender over the
phone and ticks that they match; conflicts keep Import off.  Making a package ends with where
it was written and this office's own fingerprint, to read over the phone to the receiver.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, QUrl
from PySide6.QtGui import QBrush, QColor, QDesktopServices, QFont, QFontDatabase
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from nlts_desktop.domain.enums import SubmissionState
from nlts_desktop.exchange.package import WrittenPackage
from nlts_desktop.services.context import ADMIN_ROLES
from nlts_desktop.services.intake import ImportPreview
from nlts_desktop.services.keys import KeyCard, KnownKeyRecord, OwnKeys
from nlts_desktop.services.packages import LedgerEntry
from nlts_desktop.services.progress import CancelToken, Progress
from nlts_desktop.ui.dialogs.reason_dialog import ReasonDialog
from nlts_desktop.ui.dialogs.sampling_dialog import local_minute
from nlts_desktop.ui.dialogs.validated_form import ERROR_COLOR
from nlts_desktop.ui.errors import show_error
from nlts_desktop.ui.models.titled_table_model import Index, TitledTableModel
from nlts_desktop.ui.session import AppSession, Changes
from nlts_desktop.ui.tabs.table_tab import configure_table_view, show_information

FOLDER_KEY = "packages"
PACKAGE_SUFFIX = ".nltspkg"
KEY_SUFFIX = ".nltskey"
# The kinds a package of each kind touches once taken in (the tabs reload on these).
_KIND_CHANGES = {
    "school_submission": ("assessment",),
    "county_return": ("assessment",),
    "county_report": ("city",),
}
KIT, RETURN, SUBMISSION, REPORT = (
    "school_kit",
    "county_return",
    "school_submission",
    "county_report",
)
_NOTE_COLOR = "#1565c0"
# Characters Windows does not allow in a file name (a school's name goes into the default).
_UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')


# ---------------------------------------------------------------------- shared pieces


def fingerprint_lines(printed: str) -> str:
    """``ABCD-EFGH-…`` (eight groups) as two lines of four groups, to read over the phone."""
    groups = [g for g in re.split(r"[\s-]+", printed.strip()) if g]
    return "\n".join(" ".join(groups[i : i + 4]) for i in range(0, len(groups), 4))


class FingerprintLabel(QLabel):
    """A key fingerprint in large monospace groups, selectable for copying."""

    def __init__(
        self, printed: str = "", parent: QWidget | None = None, *, scale: float = 1.5
    ) -> None:
        super().__init__(parent)
        self.setObjectName("fingerprint")
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        base = QApplication.font().pointSizeF()
        font.setPointSizeF((base if base > 0 else 10.0) * scale)
        font.setBold(True)
        font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 110)
        self.setFont(font)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setStyleSheet(
            "QLabel#fingerprint { background: #f5f5f5; border: 1px solid #d0d0d0;"
            " border-radius: 3px; padding: 6px 10px; }"
        )
        self.set_fingerprint(printed)

    def set_fingerprint(self, printed: str) -> None:
        """Show a fingerprint (the copied text keeps the dashes)."""
        self.printed = printed
        self.setText(fingerprint_lines(printed))
        self.setToolTip(printed)


def package_time(text: str) -> str:
    """A package's ISO creation time as local 2026-03-05 14:30 (the text itself if unreadable)."""
    try:
        moment = datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return text
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def hours_text(half_hours: int) -> str:
    """Integer half-hours as hours: 1,234 or 1,234.5."""
    whole, half = divmod(int(half_hours), 2)
    return f"{whole:,}.5" if half else f"{whole:,}"


def unit_text(name: str, code: str) -> str:
    """An org unit as 温江区（510115）."""
    if name and code:
        return QCoreApplication.translate("PackageDialogs", "{name} ({code})").format(
            name=name, code=code
        )
    return name or code


def safe_file_part(text: str) -> str:
    """A name usable inside a file name on Windows."""
    return _UNSAFE.sub("_", text).strip("._") or "_"


def _bold(label: QLabel, scale: float = 1.0) -> QLabel:
    font = label.font()
    font.setBold(True)
    if scale != 1.0:
        font.setPointSizeF(font.pointSizeF() * scale)
    label.setFont(font)
    return label


def _wrapping(text: str, parent: QWidget, *, selectable: bool = True) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _colored(label: QLabel, color: str) -> QLabel:
    label.setStyleSheet(f"color: {color};")
    return label


def pick_package(parent: QWidget | None, session: AppSession) -> Path | None:
    """A .nltspkg file to take in, from the folder used last (None when cancelled)."""
    chosen, _filter = QFileDialog.getOpenFileName(
        parent,
        QCoreApplication.translate("PackageDialogs", "Import Package"),
        session.settings.last_folder(FOLDER_KEY),
        QCoreApplication.translate("PackageDialogs", "NLTS packages (*.nltspkg);;All files (*)"),
    )
    if not chosen:
        return None
    session.settings.set_last_folder(FOLDER_KEY, str(Path(chosen).parent))
    return Path(chosen)


def ask_package_path(
    parent: QWidget, session: AppSession, *, title: str, default: str
) -> Path | None:
    """Where to write a package (.nltspkg added when missing); None when cancelled."""
    folder = session.settings.last_folder(FOLDER_KEY)
    chosen, _filter = QFileDialog.getSaveFileName(
        parent,
        title,
        str(Path(folder) / default),
        QCoreApplication.translate("PackageDialogs", "NLTS packages (*.nltspkg)"),
    )
    if not chosen:
        return None
    out = Path(chosen)
    if out.suffix.lower() != PACKAGE_SUFFIX:
        out = out.with_name(out.name + PACKAGE_SUFFIX)
    session.settings.set_last_folder(FOLDER_KEY, str(out.parent))
    return out


def start_import(parent: QWidget | None, session: AppSession, path: Path | None = None) -> None:
    """Pick a package (unless given), check it off the UI thread, then show the preview."""
    if path is None:
        path = pick_package(parent, session)
        if path is None:
            return
    chosen = path
    intake = session.workspace.intake

    def previewed(preview: ImportPreview) -> None:
        PackageImportDialog(session, chosen, preview, parent).exec()

    session.tasks.run(
        parent,
        lambda _p, _c: intake.preview(chosen),
        label=QCoreApplication.translate("PackageDialogs", "Checking the package…"),
        cancellable=False,
        on_success=previewed,
        on_error=lambda exc: show_error(parent, exc),
    )


# ---------------------------------------------------------------------- import


class PackageImportDialog(QDialog):
    """What a checked package is and would change; Import takes it in (``.result`` after)."""

    def __init__(
        self,
        session: AppSession,
        path: Path,
        preview: ImportPreview,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.path = path
        self.preview = preview
        self.result_preview: ImportPreview | None = None
        self.setObjectName("PackageImportDialog")
        self.setWindowTitle(self.tr("Import Package"))
        self.setMinimumWidth(680)

        title = _bold(_wrapping(preview.title, self), 1.25)
        title.setObjectName("packageTitle")

        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.addRow(self.tr("Kind:"), QLabel(preview.kind_label, self))
        form.addRow(self.tr("Sender:"), QLabel(self._sender_text(), self))
        form.addRow(self.tr("Sequence:"), QLabel(str(preview.sequence), self))
        form.addRow(self.tr("Created:"), QLabel(package_time(preview.created_at), self))
        form.addRow(self.tr("File:"), _wrapping(preview.file_name, self))
        form.addRow(
            self.tr("Encrypted:"),
            QLabel(
                self.tr("Yes (only this office can open it)")
                if preview.encrypted
                else self.tr("No"),
                self,
            ),
        )
        self.details_label = _wrapping("\n".join(preview.details), self)
        self.details_label.setObjectName("packageDetails")

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(form)
        layout.addWidget(self.details_label)
        self.details_label.setVisible(bool(preview.details))
        layout.addWidget(self._build_changes())
        self.already_label = _colored(
            _wrapping(self.tr("Already imported: importing it again changes nothing."), self),
            _NOTE_COLOR,
        )
        self.already_label.setObjectName("alreadyImported")
        self.already_label.setVisible(preview.already_imported)
        layout.addWidget(self.already_label)
        layout.addWidget(self._build_sender())

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.import_button: QPushButton = self.buttons.addButton(
            self.tr("Import"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.import_button.setObjectName("importButton")
        self.import_button.setDefault(True)
        self.import_button.clicked.connect(self.take_in)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._update_buttons()

    def _sender_text(self) -> str:
        origin = self.preview.origin
        return unit_text(origin.name, origin.code)

    def _build_changes(self) -> QWidget:
        changes = self.preview.changes
        box = QGroupBox(self.tr("What importing changes"), self)
        grid = QGridLayout()
        self.count_labels: dict[str, QLabel] = {}
        cells = (
            ("new", self.tr("New"), changes.new),
            ("changed", self.tr("Changed"), changes.changed),
            ("unchanged", self.tr("Unchanged"), changes.unchanged),
            ("removed", self.tr("Removed"), changes.removed),
            ("conflicts", self.tr("Conflicts"), len(changes.conflicts)),
        )
        for column, (key, caption, count) in enumerate(cells):
            head = QLabel(caption, box)
            head.setAlignment(Qt.AlignmentFlag.AlignCenter)
            value = _bold(
                QLabel(
                    self.tr("{count} {unit}").format(count=f"{count:,}", unit=self.preview.unit),
                    box,
                ),
                1.3,
            )
            value.setObjectName(f"count_{key}")
            value.setAlignment(Qt.AlignmentFlag.AlignCenter)
            if key == "conflicts" and count:
                _colored(value, ERROR_COLOR)
            grid.addWidget(head, 0, column)
            grid.addWidget(value, 1, column)
            self.count_labels[key] = value
        inner = QVBoxLayout(box)
        inner.addLayout(grid)
        self.conflict_label = _bold(
            _colored(
                _wrapping(
                    self.tr(
                        "{count} conflicts with this office's own changes: nothing will be "
                        "imported until they are resolved."
                    ).format(count=len(changes.conflicts)),
                    box,
                ),
                ERROR_COLOR,
            )
        )
        self.conflict_label.setObjectName("conflictMessage")
        self.conflicts_list = QListWidget(box)
        self.conflicts_list.setObjectName("conflictsList")
        self.conflicts_list.addItems(list(changes.conflicts))
        self.conflicts_list.setMaximumHeight(140)
        self.conflicts_list.setWordWrap(True)
        inner.addWidget(self.conflict_label)
        inner.addWidget(self.conflicts_list)
        self.conflict_label.setVisible(bool(changes.conflicts))
        self.conflicts_list.setVisible(bool(changes.conflicts))
        return box

    def _build_sender(self) -> QWidget:
        preview = self.preview
        box = QGroupBox(self.tr("The sender's signing key"), self)
        self.sender_status = _wrapping(preview.sender_label, box)
        self.sender_status.setObjectName("senderStatus")
        if preview.sender == "revoked":
            _bold(_colored(self.sender_status, ERROR_COLOR))
            self.sender_status.setText(
                self.tr("{status}: a package signed with it cannot be imported.").format(
                    status=preview.sender_label
                )
            )
        elif preview.needs_key_acceptance:
            _bold(self.sender_status)
        self.fingerprint_label = FingerprintLabel(
            preview.sender_fingerprint, box, scale=1.6 if preview.needs_key_acceptance else 1.2
        )
        self.key_hint = _wrapping(
            self.tr(
                "Phone the sending office and have them read out their signing fingerprint "
                "(Packages ▸ Keys…), group by group. Import only if every group matches."
            ),
            box,
        )
        self.key_check = QCheckBox(
            self.tr("I have checked the fingerprint with the sender by phone: it matches"), box
        )
        self.key_check.setObjectName("keyCheck")
        self.key_check.toggled.connect(lambda _on: self._update_buttons())
        inner = QVBoxLayout(box)
        inner.addWidget(self.sender_status)
        inner.addWidget(self.fingerprint_label, 0, Qt.AlignmentFlag.AlignLeft)
        inner.addWidget(self.key_hint)
        inner.addWidget(self.key_check)
        self.key_hint.setVisible(preview.needs_key_acceptance)
        self.key_check.setVisible(preview.needs_key_acceptance)
        return box

    def can_import(self) -> bool:
        """No conflicts, no revoked key, and a new key checked by phone."""
        preview = self.preview
        if preview.changes.conflicts or preview.sender == "revoked":
            return False
        return not preview.needs_key_acceptance or self.key_check.isChecked()

    def _update_buttons(self) -> None:
        self.import_button.setEnabled(self.can_import())

    def take_in(self) -> None:
        """Take the package in (off the UI thread); the tabs reload through data_changed."""
        if not self.can_import():
            return
        intake = self.session.workspace.intake
        path = self.path
        accept = self.preview.needs_key_acceptance and self.key_check.isChecked()
        kinds = _KIND_CHANGES.get(self.preview.kind, ("assessment", "city"))
        self.import_button.setEnabled(False)

        def failed(exc: BaseException) -> None:
            show_error(self, exc)
            self._update_buttons()

        self.session.tasks.run(
            self,
            lambda _p, _c: intake.take_in(path, accept_new_key=accept),
            label=self.tr("Importing the package…"),
            cancellable=False,
            changes=Changes.of(*kinds, "packages", "keys"),
            on_success=self._imported,
            on_error=failed,
        )

    def _imported(self, result: ImportPreview) -> None:
        self.result_preview = result
        if result.already_imported:
            text = self.tr("{title} had already been imported: nothing was changed.").format(
                title=result.title
            )
        else:
            text = self.tr("{title} was imported: {summary} ({unit}).").format(
                title=result.title, summary=result.changes.summary, unit=result.unit
            )
        QMessageBox.information(self, self.tr("Import Package"), text)
        self.accept()


# ---------------------------------------------------------------------- ledger

# Ledger columns.
L_TIME, L_DIRECTION, L_KIND, L_UNIT, L_SEQUENCE, L_FILE, L_RESULT, L_NOTE = range(8)


class PackageLedgerModel(TitledTableModel):
    """Every package made, checked, taken in or refused (newest first)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._entries: list[LedgerEntry] = []
        self._names: dict[str, str] = {}
        self._headers = (
            self.tr("Time"),
            self.tr("Direction"),
            self.tr("Kind"),
            self.tr("Unit"),
            self.tr("Sequence"),
            self.tr("File name"),
            self.tr("Result"),
            self.tr("Note"),
        )
        self._directions = {"in": self.tr("Received"), "out": self.tr("Sent")}
        self._results = {
            "imported": self.tr("Imported"),
            "refused": self.tr("Refused"),
            "verified": self.tr("Checked"),
            "made": self.tr("Made"),
        }

    def set_entries(self, entries: Sequence[LedgerEntry], names: dict[str, str]) -> None:
        """Replace the rows; ``names`` maps org codes to names."""
        self.beginResetModel()
        self._entries = list(entries)
        self._names = dict(names)
        self.endResetModel()

    def row_total(self) -> int:
        """Rows loaded."""
        return len(self._entries)

    def cell_text(self, entry: LedgerEntry, column: int) -> str:
        """The text a cell shows."""
        if column == L_TIME:
            return local_minute(entry.at)
        if column == L_DIRECTION:
            return self._directions.get(entry.direction, entry.direction)
        if column == L_KIND:
            return entry.kind_label
        if column == L_UNIT:
            name = self._names.get(entry.origin, "")
            return unit_text(name, entry.origin) if name else entry.origin
        if column == L_SEQUENCE:
            return str(entry.sequence) if entry.package_id else ""
        if column == L_FILE:
            return entry.file_name or ""
        if column == L_RESULT:
            return self._results.get(entry.result, entry.result)
        if column == L_NOTE:
            return entry.message or ""
        return ""

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Cell text, full notes as tooltips, refusals in red."""
        if not index.isValid() or index.row() >= len(self._entries):
            return None
        entry = self._entries[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cell_text(entry, column)
        if role == Qt.ItemDataRole.ToolTipRole and column in (L_NOTE, L_FILE, L_UNIT):
            return self.cell_text(entry, column) or None
        if (
            role == Qt.ItemDataRole.ForegroundRole
            and column == L_RESULT
            and entry.result == "refused"
        ):
            return QBrush(QColor(ERROR_COLOR))
        if role == Qt.ItemDataRole.TextAlignmentRole and column == L_SEQUENCE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def as_tsv(self) -> str:
        """Every row, with the column titles, as tab-separated text."""
        lines = ["\t".join(self._headers)]
        for entry in self._entries:
            cells = (self.cell_text(entry, c) for c in range(len(self._headers)))
            lines.append("\t".join(c.replace("\t", " ").replace("\n", " ") for c in cells))
        return "\n".join(lines)


def _org_names(session: AppSession) -> dict[str, str]:
    """Org codes → names: this office, registered senders, schools, reported counties."""
    workspace = session.workspace
    names: dict[str, str] = {}
    for key in workspace.keys.known():
        names.setdefault(key.origin.code, key.origin.name)
    info = workspace.info()
    if info.level == "city":
        names.update({c.code: c.name for c in workspace.city.counties()})
    else:
        names.update({s.code: s.name for s in workspace.schools.list()})
    names[info.region_code] = info.region_name
    return names


class PackageLedgerDialog(QDialog):
    """The ledger of every package made or taken in, newest first."""

    def __init__(self, session: AppSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("PackageLedgerDialog")
        self.setWindowTitle(self.tr("Package Records"))
        self.resize(1260, 560)
        self.count_label = QLabel(self.tr("Loading…"), self)
        self.model = PackageLedgerModel(self)
        self.view = QTableView(self)
        self.view.setObjectName("PackageLedger")
        self.view.setModel(self.model)
        configure_table_view(self.view)
        header = self.view.horizontalHeader()
        for column, width in (
            (L_TIME, 130),
            (L_DIRECTION, 44),
            (L_KIND, 104),
            (L_UNIT, 280),
            (L_SEQUENCE, 44),
            (L_FILE, 300),
            (L_RESULT, 60),
        ):
            header.resizeSection(column, width)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.copy_button = self.buttons.addButton(
            self.tr("Copy All"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.copy_button.setToolTip(self.tr("Copy every row, to paste into Excel"))
        self.copy_button.clicked.connect(self.copy_all)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.count_label)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.buttons)
        self.reload()

    def reload(self) -> None:
        """Load the ledger (off the UI thread)."""
        packages = self.session.workspace.packages
        session = self.session

        def load(_p: Progress, _c: CancelToken) -> tuple[list[LedgerEntry], dict[str, str]]:
            return packages.ledger(), _org_names(session)

        self.session.tasks.run(self, load, on_success=self._loaded)

    def _loaded(self, loaded: tuple[list[LedgerEntry], dict[str, str]]) -> None:
        entries, names = loaded
        self.model.set_entries(entries, names)
        self.count_label.setText(
            self.tr("{count} records, newest first.").format(count=f"{len(entries):,}")
        )

    def copy_all(self) -> None:
        """Copy the ledger as tab-separated text."""
        QApplication.clipboard().setText(self.model.as_tsv())


# ---------------------------------------------------------------------- keys

# Known-key columns.
K_UNIT, K_CODE, K_FINGERPRINT, K_STATE, K_ACCEPTED = range(5)


class KnownKeysModel(TitledTableModel):
    """The other offices' keys this office has registered."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._keys: list[KnownKeyRecord] = []
        self._names: dict[str, str] = {}
        self._headers = (
            self.tr("Unit"),
            self.tr("Code"),
            self.tr("Fingerprint"),
            self.tr("State"),
            self.tr("Registered"),
        )

    def set_keys(self, keys: Sequence[KnownKeyRecord], names: dict[str, str]) -> None:
        """Replace the rows."""
        self.beginResetModel()
        self._keys = list(keys)
        self._names = dict(names)
        self.endResetModel()

    def key_at(self, row: int) -> KnownKeyRecord:
        """The key in a row."""
        return self._keys[row]

    def row_total(self) -> int:
        """Rows loaded."""
        return len(self._keys)

    def unit_name(self, key: KnownKeyRecord) -> str:
        """The office's name (a school's own name, not its county's)."""
        return self._names.get(key.origin.code) or key.origin.name

    def state_text(self, key: KnownKeyRecord) -> str:
        """有效, or 已吊销 with the reason."""
        if key.state != "revoked":
            return self.tr("Valid")
        if key.revoke_reason:
            return self.tr("Revoked: {reason}").format(reason=key.revoke_reason)
        return self.tr("Revoked")

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Cell text; revoked keys greyed."""
        if not index.isValid() or index.row() >= len(self._keys):
            return None
        key = self._keys[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == K_UNIT:
                return self.unit_name(key)
            return {
                K_CODE: key.origin.code,
                K_FINGERPRINT: key.fingerprint,
                K_STATE: self.state_text(key),
                K_ACCEPTED: local_minute(key.accepted_at),
            }.get(column)
        if role == Qt.ItemDataRole.ToolTipRole and column == K_STATE:
            return self.state_text(key)
        if role == Qt.ItemDataRole.FontRole and column == K_FINGERPRINT:
            return QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        if role == Qt.ItemDataRole.ForegroundRole and key.state == "revoked":
            return QBrush(QColor("#888888"))
        return None


class KeyConfirmDialog(QDialog):
    """Another office's key file: its unit and fingerprint, registered after a phone check."""

    def __init__(self, card: KeyCard, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("KeyConfirmDialog")
        self.setWindowTitle(self.tr("Register Public Key"))
        self.setMinimumWidth(520)
        levels = {"county": self.tr("County"), "school": self.tr("School"), "city": self.tr("City")}
        intro = _wrapping(
            self.tr(
                "This key file belongs to {unit}. Phone that office and have them read out the "
                "signing fingerprint shown in their Keys window; register the key only if every "
                "group matches."
            ).format(unit=unit_text(card.origin.name, card.origin.code)),
            self,
        )
        form = QFormLayout()
        form.addRow(self.tr("Unit:"), QLabel(unit_text(card.origin.name, card.origin.code), self))
        form.addRow(
            self.tr("Level:"), QLabel(levels.get(card.origin.level, card.origin.level), self)
        )
        form.addRow(
            self.tr("Encryption key:"),
            QLabel(
                self.tr("Included: packages to this office will be encrypted")
                if card.encryption_public
                else self.tr("Not included"),
                self,
            ),
        )
        self.fingerprint_label = FingerprintLabel(card.fingerprint, self, scale=1.6)
        self.check = QCheckBox(
            self.tr("I have checked the fingerprint with that office by phone: it matches"), self
        )
        self.check.setObjectName("keyCheck")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button: QPushButton = self.buttons.addButton(
            self.tr("Register"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.check.toggled.connect(self.ok_button.setEnabled)
        self.ok_button.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("Signing fingerprint:"), self))
        layout.addWidget(self.fingerprint_label, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.check)
        layout.addWidget(self.buttons)


class KeysDialog(QDialog):
    """This office's key fingerprints, its public key file, and the other offices' keys."""

    def __init__(self, session: AppSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.own: OwnKeys | None = None
        self.admin = session.actor.role in ADMIN_ROLES
        self.setObjectName("KeysDialog")
        self.setWindowTitle(self.tr("Keys"))
        self.resize(1000, 680)

        own_box = QGroupBox(self.tr("This office"), self)
        self.own_unit = _bold(QLabel(self.tr("Loading…"), own_box), 1.15)
        self.own_unit.setObjectName("ownUnit")
        self.own_fingerprint = FingerprintLabel("", own_box, scale=1.6)
        self.own_fingerprint.setObjectName("fingerprint")
        self.own_encryption = FingerprintLabel("", own_box, scale=1.2)
        self.export_button = QPushButton(self.tr("Export This Office's Public Key…"), own_box)
        self.export_button.clicked.connect(self.export_public)
        signing_hint = _wrapping(
            self.tr(
                "Signing fingerprint: read it to the receiving office over the phone when they "
                "take in a package from you for the first time."
            ),
            own_box,
        )
        encryption_hint = _wrapping(
            self.tr("Encryption fingerprint: packages sent to this office are encrypted with it."),
            own_box,
        )
        own_layout = QGridLayout(own_box)
        own_layout.addWidget(self.own_unit, 0, 0, 1, 2)
        own_layout.addWidget(signing_hint, 1, 0)
        own_layout.addWidget(encryption_hint, 1, 1)
        own_layout.addWidget(self.own_fingerprint, 2, 0, Qt.AlignmentFlag.AlignLeft)
        own_layout.addWidget(self.own_encryption, 2, 1, Qt.AlignmentFlag.AlignLeft)
        export_row = QHBoxLayout()
        export_row.addWidget(self.export_button)
        export_row.addStretch(1)
        own_layout.addLayout(export_row, 3, 0, 1, 2)
        own_layout.setColumnStretch(0, 1)
        own_layout.setColumnStretch(1, 1)

        known_box = QGroupBox(self.tr("Other offices' keys"), self)
        self.model = KnownKeysModel(self)
        self.view = QTableView(known_box)
        self.view.setObjectName("KnownKeys")
        self.view.setModel(self.model)
        configure_table_view(self.view)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.view.horizontalHeader()
        for column, width in ((K_UNIT, 170), (K_CODE, 100), (K_FINGERPRINT, 330), (K_STATE, 170)):
            header.resizeSection(column, width)
        self.register_button = QPushButton(self.tr("Register Another Office's Key…"), known_box)
        self.register_button.clicked.connect(self.register_key)
        self.revoke_button = QPushButton(self.tr("Revoke…"), known_box)
        self.revoke_button.clicked.connect(self.revoke_selected)
        for button in (self.register_button, self.revoke_button):
            button.setEnabled(self.admin)
            if not self.admin:
                button.setToolTip(self.tr("Only an administrator can register or revoke keys."))
        known_buttons = QHBoxLayout()
        known_buttons.addWidget(self.register_button)
        known_buttons.addWidget(self.revoke_button)
        known_buttons.addStretch(1)
        known_layout = QVBoxLayout(known_box)
        known_layout.addWidget(self.view, 1)
        known_layout.addLayout(known_buttons)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(own_box)
        layout.addWidget(known_box, 1)
        layout.addWidget(buttons)
        self.reload()

    def reload(self) -> None:
        """Load the own fingerprints and the registered keys (off the UI thread)."""
        keys = self.session.workspace.keys
        session = self.session

        def load(
            _p: Progress, _c: CancelToken
        ) -> tuple[OwnKeys, list[KnownKeyRecord], dict[str, str]]:
            return keys.own(), keys.known(), _org_names(session)

        self.session.tasks.run(
            self, load, on_success=self._loaded, on_error=lambda exc: show_error(self, exc)
        )

    def _loaded(self, loaded: tuple[OwnKeys, list[KnownKeyRecord], dict[str, str]]) -> None:
        own, known, names = loaded
        self.own = own
        self.own_unit.setText(unit_text(own.origin.name, own.origin.code))
        self.own_fingerprint.set_fingerprint(own.fingerprint)
        self.own_encryption.set_fingerprint(own.encryption_fingerprint)
        self.model.set_keys(known, names)

    def selected_key(self) -> KnownKeyRecord | None:
        """The key of the current row, if any."""
        current = self.view.currentIndex()
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            return None
        row = current.row() if current.isValid() else rows[0].row()
        return self.model.key_at(row)

    def export_public(self) -> None:
        """Save this office's public key file (.nltskey) to give to the other office."""
        title = self.tr("Export Public Key")
        name = self.own.origin.name if self.own is not None else ""
        folder = self.session.settings.last_folder(FOLDER_KEY)
        default = self.tr("Public key-{unit}.nltskey").format(unit=safe_file_part(name))
        chosen, _filter = QFileDialog.getSaveFileName(
            self, title, str(Path(folder) / default), self.tr("Public key files (*.nltskey)")
        )
        if not chosen:
            return
        out = Path(chosen)
        if out.suffix.lower() != KEY_SUFFIX:
            out = out.with_name(out.name + KEY_SUFFIX)
        self.session.settings.set_last_folder(FOLDER_KEY, str(out.parent))
        keys = self.session.workspace.keys
        fingerprint = self.own.fingerprint if self.own is not None else ""
        self.session.tasks.run(
            self,
            lambda _p, _c: keys.export_public(out),
            cancellable=False,
            on_success=lambda _path: show_information(
                self,
                title,
                self.tr(
                    "The public key was saved to {path}.\n\nGive this file to the other office "
                    "and read them the signing fingerprint over the phone:\n{fingerprint}"
                ).format(path=str(out), fingerprint=fingerprint_lines(fingerprint)),
            ),
            on_error=lambda exc: show_error(self, exc),
        )

    def register_key(self) -> None:
        """Read another office's .nltskey, confirm its fingerprint by phone, register it."""
        chosen, _filter = QFileDialog.getOpenFileName(
            self,
            self.tr("Register Public Key"),
            self.session.settings.last_folder(FOLDER_KEY),
            self.tr("Public key files (*.nltskey);;All files (*)"),
        )
        if not chosen:
            return
        path = Path(chosen)
        self.session.settings.set_last_folder(FOLDER_KEY, str(path.parent))
        keys = self.session.workspace.keys
        self.session.tasks.run(
            self,
            lambda _p, _c: keys.read_card(path),
            on_success=lambda card: self._confirm_card(path, card),
            on_error=lambda exc: show_error(self, exc),
        )

    def _confirm_card(self, path: Path, card: KeyCard) -> None:
        if KeyConfirmDialog(card, self).exec() != QDialog.DialogCode.Accepted:
            return
        keys = self.session.workspace.keys
        unit = unit_text(card.origin.name, card.origin.code)
        self.session.tasks.run(
            self,
            lambda _p, _c: keys.import_public(path),
            cancellable=False,
            changes=Changes.of("keys"),
            on_success=lambda _record: self._registered(unit),
            on_error=lambda exc: show_error(self, exc),
        )

    def _registered(self, unit: str) -> None:
        self.reload()
        QMessageBox.information(
            self,
            self.tr("Register Public Key"),
            self.tr(
                "The key of {unit} was registered: its packages are recognised from now on, and "
                "packages sent to it are encrypted."
            ).format(unit=unit),
        )

    def revoke_selected(self) -> None:
        """Stop trusting the chosen key (a reason is required)."""
        key = self.selected_key()
        if key is None:
            QMessageBox.information(
                self, self.tr("Revoke Key"), self.tr("Choose a key in the table first.")
            )
            return
        if key.state == "revoked":
            QMessageBox.information(
                self, self.tr("Revoke Key"), self.tr("This key is already revoked.")
            )
            return
        unit = unit_text(self.model.unit_name(key), key.origin.code)
        dialog = ReasonDialog(
            self.tr("Revoke Key"),
            self.tr(
                "Revoke the key of {unit} (fingerprint {fingerprint})? Packages signed with it "
                "will be refused from now on. Why is it revoked (a lost stick, a staff change…)?"
            ).format(unit=unit, fingerprint=key.fingerprint),
            self,
        )
        dialog.reason_edit.setPlaceholderText(self.tr("Required: recorded with the key."))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        reason = dialog.reason()
        keys = self.session.workspace.keys
        printed = key.fingerprint
        self.session.tasks.run(
            self,
            lambda _p, _c: keys.revoke(printed, reason),
            cancellable=False,
            changes=Changes.of("keys"),
            on_success=lambda _record: self.reload(),
            on_error=lambda exc: show_error(self, exc),
        )


# ---------------------------------------------------------------------- making packages


@dataclass(frozen=True)
class MadePackage:
    """A package written, with this office's keys to read over the phone."""

    kind: str
    written: WrittenPackage
    own: OwnKeys
    receiver: str


@dataclass(frozen=True)
class _Setup:
    """What the making dialog loads before it can be filled in."""

    schools: list[tuple[int, str, str, str]]  # (id, code, name, state note)
    own_school: str
    parent_name: str
    parent_code: str
    region_name: str
    parent_key: bool  # the upper office's encryption key is registered


class PackageWrittenDialog(QDialog):
    """Where a package went, whether it is encrypted, and the fingerprint to read out."""

    def __init__(self, made: MadePackage, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.made = made
        self.setObjectName("PackageWrittenDialog")
        self.setWindowTitle(self.tr("Package Written"))
        self.setMinimumWidth(600)
        written = made.written
        headline = _bold(
            _wrapping(
                self.tr("The package for {receiver} was written.").format(receiver=made.receiver),
                self,
            ),
            1.15,
        )
        path_label = _wrapping(str(written.path), self)
        path_label.setObjectName("writtenPath")
        open_folder = QPushButton(self.tr("Open Folder"), self)
        open_folder.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(written.path.parent)))
        )
        path_row = QHBoxLayout()
        path_row.addWidget(path_label, 1)
        path_row.addWidget(open_folder)
        form = QFormLayout()
        form.addRow(self.tr("File:"), path_row)
        form.addRow(self.tr("Size:"), QLabel(self._size_text(written.size), self))
        if written.encrypted:
            encryption = _wrapping(
                self.tr("Encrypted: only {receiver} can open it.").format(receiver=made.receiver),
                self,
            )
        elif made.kind == REPORT:
            encryption = _bold(
                _colored(
                    _wrapping(
                        self.tr(
                            "NOT encrypted: the upper office's public key is not registered. "
                            "The package holds the teachers' ID numbers and names: hand it over "
                            "in person on the office's own USB stick, never by chat or e-mail. "
                            "Register the upper office's key (Packages ▸ Keys…) and make the "
                            "report again to have it encrypted."
                        ),
                        self,
                    ),
                    ERROR_COLOR,
                )
            )
        else:
            encryption = _wrapping(
                self.tr(
                    "Not encrypted (the receiver's public key is not registered here); it is "
                    "signed, so any change on the way is detected."
                ),
                self,
            )
        encryption.setObjectName("encryptionState")
        form.addRow(self.tr("Encryption:"), encryption)
        phone = _wrapping(
            self.tr(
                "When the receiver takes it in for the first time, read them this office's "
                "signing fingerprint over the phone:"
            ),
            self,
        )
        self.fingerprint_label = FingerprintLabel(made.own.fingerprint, self, scale=1.6)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(headline)
        layout.addLayout(form)
        layout.addWidget(phone)
        layout.addWidget(self.fingerprint_label, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(buttons)

    def _size_text(self, size: int) -> str:
        if size >= 1024 * 1024:
            return self.tr("{size} MB").format(size=f"{size / 1024 / 1024:,.1f}")
        return self.tr("{size} KB").format(size=f"{max(size / 1024, 0.1):,.1f}")


class MakePackageDialog(QDialog):
    """Make one kind of package: 学校工作包, 区县退回包, 考核上报包 or 区县上报包.

    Kit and return ask for the school; the submission for the coordinator's note and whether
    the evidence files go along; the county report for the city's public key file when it is
    not registered yet.  Make asks where to save, writes through the task runner, then shows
    :class:`PackageWrittenDialog` (``.made`` holds the result).
    """

    def __init__(self, session: AppSession, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        if kind not in (KIT, RETURN, SUBMISSION, REPORT):
            raise ValueError(kind)
        self.session = session
        self.kind = kind
        self.setup: _Setup | None = None
        self.card: KeyCard | None = None
        self.key_path: Path | None = None
        self.made: MadePackage | None = None
        self.written_dialog: PackageWrittenDialog | None = None
        self.setObjectName("MakePackageDialog")
        self.setMinimumWidth(620)
        titles = {
            KIT: self.tr("Make School Kit"),
            RETURN: self.tr("Make County Return"),
            SUBMISSION: self.tr("Make Assessment Submission"),
            REPORT: self.tr("Make County Report"),
        }
        intros = {
            KIT: self.tr(
                "The school kit carries the school's teachers, plan and assessment with this "
                "county's rules. The school's coordinator creates the school's workspace from "
                "it and enters the scores offline."
            ),
            RETURN: self.tr(
                "The county return carries the review decisions on a school's batch back to the "
                "school: approved results are locked there, returned ones open for correction."
            ),
            SUBMISSION: self.tr(
                "The assessment submission carries this school's submitted batch (points, "
                "evidence descriptions and grades) to the county for review."
            ),
            REPORT: self.tr(
                "The county report carries every school's hours and assessment results, with "
                "the summary forms and a cover report, to the city."
            ),
        }
        self.setWindowTitle(titles[kind])
        layout = QVBoxLayout(self)
        layout.addWidget(_wrapping(intros[kind], self, selectable=False))
        form = QFormLayout()
        layout.addLayout(form)

        self.school_combo = QComboBox(self)
        self.school_combo.setObjectName("schoolCombo")
        self.note_edit = QPlainTextEdit(self)
        self.note_edit.setObjectName("noteEdit")
        self.files_check = QCheckBox(self.tr("Also put the evidence files in the package"), self)
        self.files_check.setObjectName("filesCheck")
        self.key_edit = QLineEdit(self)
        self.key_edit.setObjectName("keyEdit")
        self.key_state = _wrapping("", self)
        self.key_state.setObjectName("keyState")
        self.card_fingerprint = FingerprintLabel("", self, scale=1.4)
        self.card_check = QCheckBox(
            self.tr("I have checked this fingerprint with the city by phone: it matches"), self
        )
        self.card_check.setObjectName("cardCheck")
        self.card_check.toggled.connect(lambda _on: self._update_buttons())
        if kind in (KIT, RETURN):
            self.school_combo.setEditable(True)
            self.school_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            self.school_combo.setMinimumContentsLength(36)
            completer = self.school_combo.completer()
            if completer is not None:
                completer.setFilterMode(Qt.MatchFlag.MatchContains)
                completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
            self.school_combo.currentIndexChanged.connect(lambda _i: self._update_buttons())
            form.addRow(self.tr("&School:"), self.school_combo)
        if kind == SUBMISSION:
            self.note_edit.setPlaceholderText(
                self.tr("Optional: a note for the county, e.g. where the works are published")
            )
            self.note_edit.setTabChangesFocus(True)
            self.note_edit.setMaximumHeight(90)
            form.addRow(self.tr("Note:"), self.note_edit)
            form.addRow("", self.files_check)
            form.addRow(
                "",
                _wrapping(
                    self.tr(
                        "Without the files only their names, sizes and checksums travel; "
                        "with them the package can be large."
                    ),
                    self,
                    selectable=False,
                ),
            )
        if kind == REPORT:
            self.key_edit.setReadOnly(True)
            self.key_edit.setPlaceholderText(self.tr("Optional: the city's public key file"))
            browse = QPushButton(self.tr("Choose…"), self)
            browse.clicked.connect(self.choose_key)
            clear = QPushButton(self.tr("Clear"), self)
            clear.clicked.connect(lambda: self.set_card(None, None))
            key_row = QHBoxLayout()
            key_row.addWidget(self.key_edit, 1)
            key_row.addWidget(browse)
            key_row.addWidget(clear)
            form.addRow(self.tr("City key:"), key_row)
            form.addRow("", self.key_state)
            form.addRow("", self.card_fingerprint)
            form.addRow("", self.card_check)
        used = {
            KIT: (self.school_combo,),
            RETURN: (self.school_combo,),
            SUBMISSION: (self.note_edit, self.files_check),
            REPORT: (self.key_edit, self.key_state),
        }[kind]
        # Only the inputs of this kind are laid out; the others stay hidden.
        for widget in (
            self.school_combo,
            self.note_edit,
            self.files_check,
            self.key_edit,
            self.key_state,
            self.card_fingerprint,
            self.card_check,
        ):
            if widget not in used:
                widget.hide()

        self.message = _wrapping("", self)
        self.message.setObjectName("makeMessage")
        layout.addWidget(self.message)
        self.message.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.make_button: QPushButton = self.buttons.addButton(
            self.tr("Make…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.make_button.setObjectName("makeButton")
        self.make_button.setDefault(True)
        self.make_button.clicked.connect(self.make)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.make_button.setEnabled(False)
        self._load()

    # loading ----------------------------------------------------------------------
    def _load(self) -> None:
        workspace = self.session.workspace
        kind = self.kind

        def load(_p: Progress, _c: CancelToken) -> _Setup:
            info = workspace.info()
            schools: list[tuple[int, str, str, str]] = []
            own_school = ""
            parent_key = False
            if kind == KIT:
                schools = [
                    (s.id, s.code, s.name, "")
                    for s in workspace.schools.list(include_inactive=False)
                ]
            elif kind == RETURN:
                schools = [
                    (q.school_id, q.school_code, q.school_name, q.state.label)
                    for q in workspace.review.queue()
                    if q.state in (SubmissionState.RETURNED, SubmissionState.APPROVED)
                ]
            elif kind == SUBMISSION:
                own = [s for s in workspace.schools.list() if s.code == info.school_code]
                own_school = own[0].name if own else info.school_code or ""
            else:
                parent_key = any(
                    k.origin.code == info.parent_code
                    and k.state != "revoked"
                    and k.has_encryption_key
                    for k in workspace.keys.known()
                )
            return _Setup(
                schools,
                own_school,
                info.parent_name or "",
                info.parent_code or "",
                info.region_name,
                parent_key,
            )

        self.session.tasks.run(
            self, load, on_success=self._loaded, on_error=lambda exc: show_error(self, exc)
        )

    def _loaded(self, setup: _Setup) -> None:
        self.setup = setup
        if self.kind in (KIT, RETURN):
            self.school_combo.clear()
            for school_id, code, name, note in setup.schools:
                text = f"{name}（{code}）" + (f" — {note}" if note else "")
                self.school_combo.addItem(text, school_id)
            if not setup.schools:
                self._say(
                    self.tr("No school has active teachers to put in a kit.")
                    if self.kind == KIT
                    else self.tr(
                        "No school's batch has been decided (returned or approved) yet: there "
                        "is nothing to send back."
                    ),
                    error=True,
                )
        if self.kind == REPORT:
            self._show_key_state()
        self._update_buttons()

    def _show_key_state(self) -> None:
        setup = self.setup
        if setup is None:
            return
        parent = unit_text(setup.parent_name, setup.parent_code) or self.tr("the city")
        if self.card is not None:
            card = self.card
            if card.origin.code != setup.parent_code:
                self.key_state.setText(
                    self.tr(
                        "This key belongs to {unit}, not to this county's upper office {parent}."
                    ).format(unit=unit_text(card.origin.name, card.origin.code), parent=parent)
                )
                _colored(self.key_state, ERROR_COLOR)
            else:
                self.key_state.setText(
                    self.tr(
                        "Key of {unit}: it is registered and the report encrypted to it. "
                        "Check its fingerprint with the city first:"
                    ).format(unit=unit_text(card.origin.name, card.origin.code))
                )
                self.key_state.setStyleSheet("")
        elif setup.parent_key:
            self.key_state.setText(
                self.tr("The key of {parent} is registered: the report will be encrypted.").format(
                    parent=parent
                )
            )
            self.key_state.setStyleSheet("")
        else:
            self.key_state.setText(
                self.tr(
                    "The key of {parent} is not registered: without its key file the report is "
                    "not encrypted, although it holds ID numbers."
                ).format(parent=parent)
            )
            _colored(self.key_state, ERROR_COLOR)

    # inputs -----------------------------------------------------------------------
    def choose_key(self) -> None:
        """Pick the city's .nltskey and show its unit and fingerprint."""
        chosen, _filter = QFileDialog.getOpenFileName(
            self,
            self.tr("City's Public Key"),
            self.session.settings.last_folder(FOLDER_KEY),
            self.tr("Public key files (*.nltskey);;All files (*)"),
        )
        if not chosen:
            return
        path = Path(chosen)
        self.session.settings.set_last_folder(FOLDER_KEY, str(path.parent))
        self.read_key(path)

    def read_key(self, path: Path) -> None:
        """Read a public key file (off the UI thread) and show it."""
        keys = self.session.workspace.keys

        def failed(exc: BaseException) -> None:
            self.set_card(None, None)
            show_error(self, exc)

        self.session.tasks.run(
            self,
            lambda _p, _c: keys.read_card(path),
            on_success=lambda card: self.set_card(path, card),
            on_error=failed,
        )

    def set_card(self, path: Path | None, card: KeyCard | None) -> None:
        """Use (or stop using) a city key file."""
        self.card = card
        self.key_path = path
        self.key_edit.setText(str(path) if path is not None else "")
        self.card_check.setChecked(False)
        shown = (
            card is not None
            and self.setup is not None
            and (card.origin.code == self.setup.parent_code)
        )
        self.card_fingerprint.set_fingerprint(card.fingerprint if card is not None else "")
        self.card_fingerprint.setVisible(shown)
        self.card_check.setVisible(shown)
        self._show_key_state()
        self._update_buttons()

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(f"color: {ERROR_COLOR};" if error else "")
        self.message.setVisible(bool(text))

    def _update_buttons(self) -> None:
        ready = self.setup is not None
        if self.kind in (KIT, RETURN):
            ready = ready and self.school_combo.currentData() is not None
        if self.kind == REPORT and self.card is not None:
            setup = self.setup
            ready = (
                ready
                and setup is not None
                and self.card.origin.code == setup.parent_code
                and self.card_check.isChecked()
            )
        self.make_button.setEnabled(ready)

    def default_name(self) -> str:
        """The suggested file name: 学校工作包-学校名-2026-11-23.nltspkg and the like."""
        today = date.today().isoformat()
        setup = self.setup
        school = ""
        if self.kind in (KIT, RETURN) and setup is not None:
            school_id = self.school_combo.currentData()
            school = next((name for sid, _c, name, _n in setup.schools if sid == school_id), "")
        names = {
            KIT: self.tr("School kit-{unit}-{date}.nltspkg"),
            RETURN: self.tr("County return-{unit}-{date}.nltspkg"),
            SUBMISSION: self.tr("Assessment submission-{unit}-{date}.nltspkg"),
            REPORT: self.tr("County report-{unit}-{date}.nltspkg"),
        }
        unit = {
            KIT: school,
            RETURN: school,
            SUBMISSION: setup.own_school if setup is not None else "",
            REPORT: setup.region_name if setup is not None else "",
        }[self.kind]
        return names[self.kind].format(unit=safe_file_part(unit), date=today)

    # making -----------------------------------------------------------------------
    def make(self) -> None:
        """Ask where to save, then write the package (off the UI thread)."""
        if not self.make_button.isEnabled() or self.setup is None:
            return
        out = ask_package_path(
            self, self.session, title=self.windowTitle(), default=self.default_name()
        )
        if out is None:
            return
        self.make_to(out)

    def make_to(self, out: Path) -> None:
        """Write the package to ``out``."""
        setup = self.setup
        if setup is None:
            return
        workspace = self.session.workspace
        kind = self.kind
        receiver = self._receiver()
        school_id = int(self.school_combo.currentData() or 0)
        note = self.note_edit.toPlainText().strip() or None
        files = self.files_check.isChecked()
        key = self.key_path if self.card is not None else None

        def work(progress: Progress) -> WrittenPackage:
            if kind == KIT:
                return workspace.school_kits.make(school_id, out)
            if kind == RETURN:
                return workspace.returns.make(school_id, out)
            if kind == SUBMISSION:
                return workspace.submissions.make(out, note=note, include_files=files)
            return workspace.county_reports.make(out, recipient_key=key, progress=progress)

        def run(progress: Progress, _cancel: CancelToken) -> MadePackage:
            written = work(progress)
            return MadePackage(kind, written, workspace.keys.own(), receiver)

        self.make_button.setEnabled(False)

        def failed(exc: BaseException) -> None:
            show_error(self, exc)
            self._update_buttons()

        self.session.tasks.run(
            self,
            run,
            label=self.tr("Writing the package…"),
            cancellable=False,
            changes=Changes.of("packages", "keys"),
            on_success=self._made,
            on_error=failed,
        )

    def _receiver(self) -> str:
        setup = self.setup
        if setup is None:
            return ""
        if self.kind in (KIT, RETURN):
            school_id = self.school_combo.currentData()
            return next((name for sid, _c, name, _n in setup.schools if sid == school_id), "")
        return setup.parent_name or setup.parent_code or self.tr("the upper office")

    def _made(self, made: MadePackage) -> None:
        self.made = made
        owner = self.parentWidget()
        self.written_dialog = PackageWrittenDialog(made, owner if owner is not None else self)
        self.written_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.written_dialog.open()
        self.accept()


def make_package(parent: QWidget, session: AppSession, kind: str) -> None:
    """Open the making dialog of a kind (it saves by itself)."""
    MakePackageDialog(session, kind, parent).exec()
