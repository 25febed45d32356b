"""证书: the register (issue per school, print, void, reissue, the print log), verification,
and the print layout.

The register is the county's: issuing, printing, voiding and 补发 are the administrator's, and
the service judges who is qualified — the dialog shows its answer (issued, skipped with the
serial already held, refused with what is missing) and offers to print the new certificates
at once.  Printing asks whether the paper is pre-printed (套打: only the data is drawn).
Verification takes a typed short code (spaces, dashes, lower case all fine) or a scanned QR
payload and says 有效 / 无效 in large letters with the service's reason and the facts.  The
layout dialog edits the serial pattern, the issuing unit and the print offsets, and prints a
test page of a sample certificate with the offsets as typed, before they are saved.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QFont, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from nlts_desktop.domain.certificates import (
    LAYOUT_FIELDS,
    MAX_OFFSET_MM,
    SERIAL_FIELDS,
    CertificateLayout,
    SerialValues,
    parse_layout,
    parse_serial_pattern,
)
from nlts_desktop.domain.enums import CertificateState
from nlts_desktop.domain.errors import AppError
from nlts_desktop.services.certificates import (
    CertificateRecord,
    CertificateSettings,
    IssueNote,
    IssueOutcome,
    PrintOutcome,
    PrintRecord,
    VerificationResult,
)
from nlts_desktop.services.context import ADMIN_ROLES
from nlts_desktop.services.progress import CancelToken, Progress
from nlts_desktop.services.records import SchoolRecord
from nlts_desktop.ui.dialogs.form_exports import ask_pdf_path
from nlts_desktop.ui.dialogs.import_common import show_message
from nlts_desktop.ui.dialogs.reason_dialog import ReasonDialog
from nlts_desktop.ui.dialogs.sampling_dialog import local_minute
from nlts_desktop.ui.dialogs.validated_form import ERROR_COLOR
from nlts_desktop.ui.errors import show_error
from nlts_desktop.ui.models.titled_table_model import Index, TitledTableModel
from nlts_desktop.ui.session import AppSession, Changes
from nlts_desktop.ui.tabs.table_tab import configure_table_view, selected_view_rows

VALID_COLOR = "#2e7d32"
VOIDED_COLOR = "#9e9e9e"
_SEARCH_DELAY_MS = 300
# Register columns.
C_SERIAL, C_NAME, C_ID, C_SCHOOL, C_YEAR, C_HOURS, C_STATE, C_DATE, C_CODE = range(9)
# Print log columns.
P_TIME, P_USER, P_SCHOOL, P_COUNT, P_FIRST, P_LAST, P_PAPER, P_FILE = range(8)
CHANGES = Changes.of("certificates")


def local_date(value: datetime | None) -> str:
    """A stored (UTC) time as the local date 2026-03-05; empty for none."""
    if value is None:
        return ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone().date().isoformat()


def _hours_key(text: str | None) -> float:
    try:
        return float(text or 0)
    except ValueError:
        return 0.0


def _bold(label: QLabel, scale: float = 1.0) -> QLabel:
    font = label.font()
    font.setBold(True)
    if scale != 1.0:
        font.setPointSizeF(font.pointSizeF() * scale)
    label.setFont(font)
    return label


def _item_text(item: QTableWidgetItem | None) -> str:
    return item.text() if item is not None else ""


def _wrapping(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


# ---------------------------------------------------------------------- printing


def ask_pre_printed(parent: QWidget) -> bool | None:
    """Pre-printed certificate paper (only the data is drawn)? None when cancelled."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(QCoreApplication.translate("CertificateDialogs", "Print Certificates"))
    box.setText(
        QCoreApplication.translate(
            "CertificateDialogs", "Is the paper pre-printed certificate paper?"
        )
    )
    box.setInformativeText(
        QCoreApplication.translate(
            "CertificateDialogs",
            "Yes: only the name, ID number, school, hours, serial, verification code and QR code "
            "are printed, onto the pre-printed paper (offsets: Certificates ▸ Layout).\n"
            "No: the whole certificate with border and wording is printed on blank paper.",
        )
    )
    box.setStandardButtons(
        QMessageBox.StandardButton.Yes
        | QMessageBox.StandardButton.No
        | QMessageBox.StandardButton.Cancel
    )
    box.setDefaultButton(QMessageBox.StandardButton.No)
    answer = box.exec()
    if answer == QMessageBox.StandardButton.Yes:
        return True
    if answer == QMessageBox.StandardButton.No:
        return False
    return None


def print_certificates(
    parent: QWidget,
    session: AppSession,
    certificate_ids: Sequence[int],
    *,
    who: str,
    on_done: Callable[[PrintOutcome], None] | None = None,
) -> None:
    """Ask the paper and the file, write the certificates into one PDF (logged)."""
    pre_printed = ask_pre_printed(parent)
    if pre_printed is None:
        return
    out = ask_pdf_path(
        parent,
        session,
        title=QCoreApplication.translate("CertificateDialogs", "Print Certificates"),
        default_name=QCoreApplication.translate(
            "CertificateDialogs", "Certificates_{who}_{date}.pdf"
        ).format(who=who, date=date.today().isoformat()),
    )
    if out is None:
        return
    ids = list(certificate_ids)
    certificates = session.workspace.certificates

    def printed(outcome: PrintOutcome) -> None:
        QMessageBox.information(
            parent,
            QCoreApplication.translate("CertificateDialogs", "Print Certificates"),
            QCoreApplication.translate(
                "CertificateDialogs",
                "{count} certificates ({first} to {last}) were saved to {path}.",
            ).format(
                count=f"{outcome.pages:,}",
                first=outcome.first_serial,
                last=outcome.last_serial,
                path=str(outcome.path),
            ),
        )
        if on_done is not None:
            on_done(outcome)

    session.tasks.run(
        parent,
        lambda _p, _c: certificates.print_pdf(out, certificate_ids=ids, pre_printed=pre_printed),
        label=QCoreApplication.translate("CertificateDialogs", "Writing the certificates…"),
        cancellable=False,
        changes=CHANGES,
        on_success=printed,
    )


# ---------------------------------------------------------------------- models


class CertificateTableModel(TitledTableModel):
    """The register: one row per certificate, sorted in Python (a county has ≤ 100k)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._headers = (
            self.tr("Serial"),
            self.tr("Name"),
            self.tr("ID number (masked)"),
            self.tr("School"),
            self.tr("Year"),
            self.tr("Hours"),
            self.tr("State"),
            self.tr("Issued on"),
            self.tr("Verification code"),
        )
        self._rows: list[CertificateRecord] = []
        self._sort: tuple[int, Qt.SortOrder] = (-1, Qt.SortOrder.AscendingOrder)

    def row_total(self) -> int:
        """Certificates shown."""
        return len(self._rows)

    def set_rows(self, rows: Sequence[CertificateRecord]) -> None:
        """Show these certificates (in the service's serial order unless sorted)."""
        self.beginResetModel()
        self._rows = list(rows)
        if self._sort[0] >= 0:
            self._rows.sort(key=self._key(self._sort[0]))
            if self._sort[1] == Qt.SortOrder.DescendingOrder:
                self._rows.reverse()
        self.endResetModel()

    def record(self, row: int) -> CertificateRecord:
        """The certificate of a row."""
        return self._rows[row]

    def rows(self) -> list[CertificateRecord]:
        """Every certificate shown, in view order."""
        return list(self._rows)

    @staticmethod
    def _key(column: int) -> Callable[[CertificateRecord], Any]:
        keys: dict[int, Callable[[CertificateRecord], Any]] = {
            C_SERIAL: lambda r: r.serial,
            C_NAME: lambda r: r.teacher_name,
            C_ID: lambda r: r.masked_id,
            C_SCHOOL: lambda r: (r.school_code or "", r.serial),
            C_YEAR: lambda r: (r.year or 0, r.serial),
            C_HOURS: lambda r: (_hours_key(r.hours), r.serial),
            C_STATE: lambda r: (r.state_label, r.serial),
            C_DATE: lambda r: (r.issued_at, r.serial),
            C_CODE: lambda r: r.short_code,
        }
        return keys.get(column, keys[C_SERIAL])

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the rows held (no proxy: sorting a Python list is ~100× faster)."""
        self._sort = (column, order)
        self.layoutAboutToBeChanged.emit()
        self._rows.sort(key=self._key(column), reverse=order == Qt.SortOrder.DescendingOrder)
        self.layoutChanged.emit()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Cell text; voided certificates in grey with the reason as tooltip."""
        if not index.isValid():
            return None
        record = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            values = {
                C_SERIAL: record.serial,
                C_NAME: record.teacher_name,
                C_ID: record.masked_id,
                C_SCHOOL: record.school_name or "",
                C_YEAR: str(record.year) if record.year else "",
                C_HOURS: record.hours or "",
                C_STATE: record.state_label,
                C_DATE: local_date(record.issued_at),
                C_CODE: record.short_code,
            }
            return values.get(column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (C_YEAR, C_HOURS):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and not record.live:
            return QBrush(QColor(VOIDED_COLOR))
        if role == Qt.ItemDataRole.ToolTipRole:
            return certificate_history(record) or None
        if role == Qt.ItemDataRole.FontRole and column in (C_SERIAL, C_CODE):
            font = QFont()
            font.setFamily("monospace")
            font.setStyleHint(QFont.StyleHint.TypeWriter)
            return font
        return None


def certificate_history(record: CertificateRecord) -> str:
    """What happened to a certificate: voided (when, why), replaces, replaced by."""
    parts: list[str] = []
    if record.state is CertificateState.VOIDED:
        parts.append(
            QCoreApplication.translate("CertificateDialogs", "Voided on {date}: {reason}").format(
                date=local_date(record.voided_at), reason=record.void_reason or ""
            )
        )
    if record.replaces_serial:
        parts.append(
            QCoreApplication.translate("CertificateDialogs", "Reissued for {serial}").format(
                serial=record.replaces_serial
            )
        )
    if record.replaced_by_serial:
        parts.append(
            QCoreApplication.translate("CertificateDialogs", "Replaced by {serial}").format(
                serial=record.replaced_by_serial
            )
        )
    return QCoreApplication.translate("CertificateDialogs", "; ").join(parts)


class PrintLogTableModel(TitledTableModel):
    """The print log (打印记录), newest first."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._headers = (
            self.tr("Printed at"),
            self.tr("By"),
            self.tr("School"),
            self.tr("Certificates"),
            self.tr("First serial"),
            self.tr("Last serial"),
            self.tr("Paper"),
            self.tr("File"),
        )
        self._rows: list[PrintRecord] = []

    def row_total(self) -> int:
        """Prints shown."""
        return len(self._rows)

    def set_rows(self, rows: Sequence[PrintRecord]) -> None:
        """Show these prints."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Cell text."""
        if not index.isValid():
            return None
        record = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            values = {
                P_TIME: local_minute(record.printed_at),
                P_USER: record.printed_by,
                P_SCHOOL: record.school_name or self.tr("(several schools)"),
                P_COUNT: f"{record.count:,}",
                P_FIRST: record.first_serial or "",
                P_LAST: record.last_serial or "",
                P_PAPER: self.tr("Pre-printed") if record.pre_printed else self.tr("Blank"),
                P_FILE: record.file_name or "",
            }
            return values.get(column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == P_COUNT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column == P_FILE:
            return record.file_name
        return None


# ---------------------------------------------------------------------- issuing


class IssueSchoolDialog(QDialog):
    """Pick the school (and the certificate year) to issue certificates for."""

    def __init__(
        self,
        schools: Sequence[SchoolRecord],
        *,
        school_id: int | None,
        year: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("IssueSchoolDialog")
        self.setWindowTitle(self.tr("Issue Certificates for a School"))
        self.setMinimumWidth(460)
        intro = _wrapping(
            self.tr(
                "Every qualified teacher of the school who has no certificate yet gets one. "
                "Teachers who are not qualified are listed with the reason."
            ),
            self,
        )
        self.school_combo = QComboBox(self)
        self.school_combo.setObjectName("issueSchool")
        for school in schools:
            self.school_combo.addItem(f"{school.name}（{school.code}）", school.id)
        if school_id is not None:
            self.school_combo.setCurrentIndex(max(self.school_combo.findData(school_id), 0))
        self.year_spin = QSpinBox(self)
        self.year_spin.setObjectName("issueYear")
        self.year_spin.setRange(2000, 2099)
        self.year_spin.setValue(year)
        self.year_spin.setSuffix(self.tr(" (year)"))
        form = QFormLayout()
        form.addRow(self.tr("School:"), self.school_combo)
        form.addRow(self.tr("Certificate year:"), self.year_spin)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Issue"))
        ok.setEnabled(bool(schools))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def school_id(self) -> int | None:
        """The chosen school."""
        value = self.school_combo.currentData()
        return int(value) if value is not None else None

    def school_name(self) -> str:
        """The chosen school's name."""
        return self.school_combo.currentText().split("（", 1)[0]


# Result rows of an issue.
R_RESULT, R_NAME, R_ID, R_SCHOOL, R_DETAIL = range(5)


class IssueResultDialog(QDialog):
    """What an issue did: issued (with serials), skipped and refused (with reasons)."""

    def __init__(self, outcome: IssueOutcome, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.outcome = outcome
        self.print_requested = False
        self.setObjectName("IssueResultDialog")
        self.setWindowTitle(self.tr("Certificates Issued"))
        self.resize(860, 520)
        self.summary_label = _bold(_wrapping(self._summary(), self), 1.15)
        self.summary_label.setObjectName("issueSummary")
        self.table = QTableWidget(0, 5, self)
        self.table.setObjectName("issueTable")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Result"),
                self.tr("Name"),
                self.tr("ID number (masked)"),
                self.tr("School"),
                self.tr("Serial or reason"),
            ]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(R_DETAIL, QHeaderView.ResizeMode.Stretch)
        self._fill()
        header.sectionResized.connect(lambda *_a: self.table.resizeRowsToContents())

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.print_button = buttons.addButton(
            self.tr("Print These Certificates…"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.print_button.setObjectName("printIssued")
        self.print_button.setEnabled(bool(outcome.issued))
        self.print_button.setDefault(bool(outcome.issued))
        self.print_button.clicked.connect(self._print)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)

    def _summary(self) -> str:
        outcome = self.outcome
        lines = [self.tr("{issued} certificates issued.").format(issued=len(outcome.issued))]
        if outcome.refused:
            lines.append(
                self.tr("{count} teachers are not qualified (no certificate).").format(
                    count=len(outcome.refused)
                )
            )
        if outcome.skipped:
            lines.append(
                self.tr("{count} teachers already hold one (skipped).").format(
                    count=len(outcome.skipped)
                )
            )
        return "\n".join(lines)

    def showEvent(self, event: QShowEvent) -> None:
        """Row heights once the reason column has its width (the reasons wrap)."""
        super().showEvent(event)
        self.table.resizeRowsToContents()

    def _add(self, result: str, color: str | None, name: str, masked: str, school: str,
             detail: str) -> None:  # fmt: skip
        row = self.table.rowCount()
        self.table.insertRow(row)
        for column, text in enumerate((result, name, masked, school, detail)):
            item = QTableWidgetItem(text)
            if column == R_DETAIL:
                item.setToolTip(text)
            if color and column == R_RESULT:
                item.setForeground(QBrush(QColor(color)))
            self.table.setItem(row, column, item)

    def _note(self, result: str, color: str | None, note: IssueNote) -> None:
        self._add(result, color, note.name, note.masked_id, note.school_name, note.reason)

    def _fill(self) -> None:
        # The refusals first: they are what the clerk has to act on.
        for note in self.outcome.refused:
            self._note(self.tr("Not qualified"), ERROR_COLOR, note)
        for note in self.outcome.skipped:
            self._note(self.tr("Skipped"), None, note)
        for record in self.outcome.issued:
            self._add(
                self.tr("Issued"),
                VALID_COLOR,
                record.teacher_name,
                record.masked_id,
                record.school_name or "",
                record.serial,
            )

    def rows(self) -> list[tuple[str, ...]]:
        """The table's texts (tests)."""
        return [
            tuple(_item_text(self.table.item(r, c)) for c in range(self.table.columnCount()))
            for r in range(self.table.rowCount())
        ]

    def _print(self) -> None:
        self.print_requested = True
        self.accept()


# ---------------------------------------------------------------------- the register


@dataclass(frozen=True)
class _Loaded:
    schools: list[SchoolRecord] | None
    rows: list[CertificateRecord]


class CertificatesDialog(QDialog):
    """证书管理: the register with filters, issuing per school, printing, 作废, 补发, the log."""

    def __init__(self, session: AppSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("CertificatesDialog")
        self.setWindowTitle(self.tr("Certificates"))
        self.resize(1180, 680)
        self.can_issue = session.actor.role in ADMIN_ROLES
        self.schools: list[SchoolRecord] = []
        self._loading = False

        self.school_filter = QComboBox(self)
        self.school_filter.setObjectName("schoolFilter")
        self.school_filter.setMinimumContentsLength(16)
        self.school_filter.addItem(self.tr("All schools"), None)
        self.state_filter = QComboBox(self)
        self.state_filter.setObjectName("stateFilter")
        self.state_filter.addItem(self.tr("All states"), None)
        for state in CertificateState:
            self.state_filter.addItem(state.label, state.value)
        self.search_edit = QLineEdit(self)
        self.search_edit.setObjectName("searchEdit")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setPlaceholderText(self.tr("Name, serial or verification code"))
        filters = QHBoxLayout()
        filters.addWidget(QLabel(self.tr("School:"), self))
        filters.addWidget(self.school_filter, 2)
        filters.addWidget(QLabel(self.tr("State:"), self))
        filters.addWidget(self.state_filter)
        filters.addWidget(QLabel(self.tr("Search:"), self))
        filters.addWidget(self.search_edit, 2)

        self.model = CertificateTableModel(self)
        self.view = QTableView(self)
        self.view.setObjectName("certificateTable")
        self.view.setModel(self.model)
        configure_table_view(self.view)
        self.view.setSortingEnabled(True)
        header = self.view.horizontalHeader()
        for column, width in (
            (C_SERIAL, 170),
            (C_NAME, 80),
            (C_ID, 160),
            (C_SCHOOL, 200),
            (C_YEAR, 56),
            (C_HOURS, 56),
            (C_STATE, 70),
            (C_DATE, 96),
        ):
            header.resizeSection(column, width)

        self.count_label = QLabel(self)
        self.count_label.setObjectName("certificateCount")
        self.detail_label = QLabel(self)
        self.detail_label.setObjectName("certificateDetail")
        self.detail_label.setStyleSheet(f"color: {VOIDED_COLOR};")
        self.message_label = _wrapping("", self)
        self.message_label.setObjectName("message")
        self.message_label.hide()
        status = QHBoxLayout()
        status.addWidget(self.count_label)
        status.addStretch(1)
        status.addWidget(self.detail_label)

        self.issue_button = QPushButton(self.tr("Issue for School…"), self)
        self.issue_button.setObjectName("issueButton")
        self.print_button = QPushButton(self.tr("Print Selected…"), self)
        self.print_button.setObjectName("printButton")
        self.void_button = QPushButton(self.tr("Void…"), self)
        self.void_button.setObjectName("voidButton")
        self.reissue_button = QPushButton(self.tr("Reissue…"), self)
        self.reissue_button.setObjectName("reissueButton")
        self.log_button = QPushButton(self.tr("Print Log"), self)
        self.log_button.setObjectName("logButton")
        self.verify_button = QPushButton(self.tr("Verify…"), self)
        self.verify_button.setObjectName("verifyButton")
        close = QPushButton(self.tr("Close"), self)
        actions = QHBoxLayout()
        for button in (
            self.issue_button,
            self.print_button,
            self.void_button,
            self.reissue_button,
        ):
            actions.addWidget(button)
        actions.addStretch(1)
        for button in (self.log_button, self.verify_button, close):
            actions.addWidget(button)

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.view, 1)
        layout.addLayout(status)
        layout.addWidget(self.message_label)
        layout.addLayout(actions)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(_SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.reload)
        self.search_edit.textChanged.connect(lambda _t: self._search_timer.start())
        self.search_edit.returnPressed.connect(self.reload)
        self.school_filter.currentIndexChanged.connect(lambda _i: self.reload())
        self.state_filter.currentIndexChanged.connect(lambda _i: self.reload())
        self.issue_button.clicked.connect(self.issue_for_school)
        self.print_button.clicked.connect(self.print_selected)
        self.void_button.clicked.connect(self.void_selected)
        self.reissue_button.clicked.connect(self.reissue_selected)
        self.log_button.clicked.connect(self.show_print_log)
        self.verify_button.clicked.connect(self.verify)
        close.clicked.connect(self.reject)
        self.view.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        self.model.modelReset.connect(self._update_buttons)
        self._update_buttons()
        self.reload(with_schools=True)

    # ------------------------------------------------------------------ loading
    def reload(self, *, with_schools: bool = False) -> None:
        """Read the register with the filters (off the UI thread)."""
        self._search_timer.stop()
        certificates = self.session.workspace.certificates
        schools = self.session.workspace.schools
        school_id = self.school_filter.currentData()
        state = self.state_filter.currentData()
        search = self.search_edit.text().strip() or None

        self.count_label.setText(self.tr("Loading…"))

        def load(_p: Progress, _c: CancelToken) -> _Loaded:
            listed = schools.list() if with_schools else None
            rows = certificates.register(school_id=school_id, state=state, search=search)
            return _Loaded(listed, rows)

        self.session.tasks.run(self, load, on_success=self._loaded)

    def _loaded(self, loaded: _Loaded) -> None:
        if loaded.schools is not None:
            self.schools = loaded.schools
            self.school_filter.blockSignals(True)
            for school in loaded.schools:
                self.school_filter.addItem(school.name, school.id)
                self.school_filter.setItemData(
                    self.school_filter.count() - 1, school.code, Qt.ItemDataRole.ToolTipRole
                )
            self.school_filter.blockSignals(False)
        self.model.set_rows(loaded.rows)
        live = sum(1 for r in loaded.rows if r.live)
        self.count_label.setText(
            self.tr("{count} certificates shown ({live} in force)").format(
                count=f"{len(loaded.rows):,}", live=f"{live:,}"
            )
        )

    # ------------------------------------------------------------------ selection
    def selected_records(self) -> list[CertificateRecord]:
        """The certificates selected in the table."""
        return [self.model.record(row) for row in selected_view_rows(self.view)]

    def select_serial(self, serial: str) -> None:
        """Select the row of a certificate (tests and after an action)."""
        for row, record in enumerate(self.model.rows()):
            if record.serial == serial:
                self.view.selectRow(row)
                return

    def _update_buttons(self) -> None:
        chosen = self.selected_records()
        one = chosen[0] if len(chosen) == 1 else None
        self.issue_button.setEnabled(self.can_issue)
        self.print_button.setEnabled(self.can_issue and bool(chosen))
        self.void_button.setEnabled(self.can_issue and one is not None and one.live)
        self.reissue_button.setEnabled(
            self.can_issue and one is not None and not one.live and one.replaced_by_serial is None
        )
        self.detail_label.setText(certificate_history(one) if one is not None else "")

    # ------------------------------------------------------------------ actions
    def _default_year(self) -> int:
        info = self.session.workspace.info()
        return info.current_cycle or date.today().year

    def issue_for_school(self) -> None:
        """为学校发证: pick a school, issue, show the outcome, offer to print at once."""
        active = [s for s in self.schools if s.status == "active"]
        picker = IssueSchoolDialog(
            active,
            school_id=self.school_filter.currentData(),
            year=self._default_year(),
            parent=self,
        )
        if picker.exec() != QDialog.DialogCode.Accepted:
            return
        school_id = picker.school_id()
        if school_id is None:
            return
        year = picker.year_spin.value()
        school_name = picker.school_name()
        certificates = self.session.workspace.certificates

        def issued(outcome: IssueOutcome) -> None:
            self.reload()
            self.show_issue_outcome(outcome, school_name)

        self.session.tasks.run(
            self,
            lambda _p, _c: certificates.issue(school_id=school_id, year=year),
            label=self.tr("Issuing certificates…"),
            cancellable=False,
            changes=CHANGES,
            on_success=issued,
        )

    def show_issue_outcome(self, outcome: IssueOutcome, school_name: str) -> None:
        """The outcome dialog; its print button prints the new certificates right away."""
        result = IssueResultDialog(outcome, self)
        result.exec()
        if result.print_requested and outcome.issued:
            self._print([r.id for r in outcome.issued], school_name)

    def _print(self, ids: Sequence[int], who: str) -> None:
        print_certificates(self, self.session, ids, who=who)

    def print_selected(self) -> None:
        """Print the selected certificates into one PDF."""
        chosen = self.selected_records()
        if not chosen:
            return
        schools = {r.school_name for r in chosen}
        if len(chosen) == 1:
            who = chosen[0].teacher_name
        elif len(schools) == 1:
            who = chosen[0].school_name or ""
        else:
            who = self.tr("{count} certificates").format(count=len(chosen))
        self._print([r.id for r in chosen], who)

    def void_selected(self) -> None:
        """作废: the reason is required and kept in the register."""
        chosen = self.selected_records()
        if len(chosen) != 1:
            return
        record = chosen[0]
        dialog = ReasonDialog(
            self.tr("Void Certificate"),
            self.tr(
                "Void certificate {serial} ({name})? It then verifies as voided. "
                "A new one can be issued with Reissue afterwards."
            ).format(serial=record.serial, name=record.teacher_name),
            self,
        )
        dialog.reason_edit.setPlaceholderText(
            self.tr("Required, e.g. lost, name misspelt, printed twice (at most 200 characters)")
        )
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.void(record, dialog.reason())

    def void(self, record: CertificateRecord, reason: str) -> None:
        """Void one certificate with the reason (the version guards a concurrent change)."""
        certificates = self.session.workspace.certificates
        self.session.tasks.run(
            self,
            lambda _p, _c: certificates.void(record.id, reason, version=record.version),
            changes=CHANGES,
            on_success=lambda done: self._after(
                self.tr("Certificate {serial} was voided.").format(serial=done.serial),
                done.serial,
            ),
        )

    def reissue_selected(self) -> None:
        """补发: a new certificate (new serial and code) for a voided one."""
        chosen = self.selected_records()
        if len(chosen) != 1:
            return
        record = chosen[0]
        answer = QMessageBox.question(
            self,
            self.tr("Reissue Certificate"),
            self.tr(
                "Issue a new certificate to {name} in place of the voided {serial}? "
                "It gets a new serial and verification code."
            ).format(name=record.teacher_name, serial=record.serial),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.reissue(record)

    def reissue(self, record: CertificateRecord) -> None:
        """Reissue; the service's refusal (not voided, already reissued) is shown."""
        certificates = self.session.workspace.certificates

        def done(new: CertificateRecord) -> None:
            self._after(
                self.tr("Certificate {new} was issued in place of {old}.").format(
                    new=new.serial, old=record.serial
                ),
                new.serial,
            )
            answer = QMessageBox.question(
                self,
                self.tr("Reissue Certificate"),
                self.tr("Print the new certificate {serial} now?").format(serial=new.serial),
            )
            if answer == QMessageBox.StandardButton.Yes:
                self._print([new.id], new.teacher_name)

        self.session.tasks.run(
            self,
            lambda _p, _c: certificates.reissue(record.id),
            changes=CHANGES,
            on_success=done,
        )

    def _after(self, text: str, serial: str) -> None:
        show_message(self.message_label, text)
        self.reload()
        self.select_serial(serial)

    def show_print_log(self) -> None:
        """打印记录."""
        PrintLogDialog(self.session, self).exec()

    def verify(self) -> None:
        """核验证书."""
        VerifyCertificateDialog(self.session, self).exec()


class PrintLogDialog(QDialog):
    """打印记录: every certificate print, newest first."""

    def __init__(self, session: AppSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("PrintLogDialog")
        self.setWindowTitle(self.tr("Certificate Print Log"))
        self.resize(1100, 420)
        self.model = PrintLogTableModel(self)
        self.view = QTableView(self)
        self.view.setObjectName("printLogTable")
        self.view.setModel(self.model)
        configure_table_view(self.view)
        header = self.view.horizontalHeader()
        for column, width in (
            (P_TIME, 130),
            (P_USER, 70),
            (P_SCHOOL, 170),
            (P_COUNT, 50),
            (P_FIRST, 150),
            (P_LAST, 150),
            (P_PAPER, 80),
        ):
            header.resizeSection(column, width)
        self.empty_label = QLabel(self.tr("No certificate has been printed yet."), self)
        self.empty_label.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty_label)
        layout.addWidget(buttons)
        certificates = session.workspace.certificates
        session.tasks.run(self, lambda _p, _c: certificates.prints(), on_success=self._loaded)

    def _loaded(self, rows: list[PrintRecord]) -> None:
        self.model.set_rows(rows)
        self.empty_label.setVisible(not rows)


# ---------------------------------------------------------------------- verification


class VerifyCertificateDialog(QDialog):
    """核验证书: a typed short code or a scanned QR payload → 有效 / 无效, why, the facts."""

    def __init__(self, session: AppSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.last_result: VerificationResult | None = None
        self.setObjectName("VerifyCertificateDialog")
        self.setWindowTitle(self.tr("Verify Certificate"))
        self.setMinimumWidth(640)
        intro = _wrapping(
            self.tr(
                "Type the verification code printed on the certificate (e.g. ABCD EFGH JKLM), "
                "or scan its QR code into the field below."
            ),
            self,
        )
        self.input_edit = QLineEdit(self)
        self.input_edit.setObjectName("verifyInput")
        self.input_edit.setClearButtonEnabled(True)
        self.input_edit.setPlaceholderText(self.tr("Verification code or QR code content"))
        self.verify_button = QPushButton(self.tr("Verify"), self)
        self.verify_button.setObjectName("verifyButton")
        self.verify_button.setDefault(True)
        row = QHBoxLayout()
        row.addWidget(self.input_edit, 1)
        row.addWidget(self.verify_button)

        self.verdict_label = QLabel(self)
        self.verdict_label.setObjectName("verdict")
        self.verdict_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        _bold(self.verdict_label, 2.2)
        self.message_label = _wrapping("", self)
        self.message_label.setObjectName("verifyMessage")
        facts_box = QGroupBox(self.tr("Certificate"), self)
        facts = QFormLayout(facts_box)
        self.fact_labels: dict[str, QLabel] = {}
        for key, caption in (
            ("serial", self.tr("Serial:")),
            ("name", self.tr("Name:")),
            ("masked_id", self.tr("ID number:")),
            ("year", self.tr("Year:")),
            ("hours", self.tr("Hours:")),
            ("issuer", self.tr("Issued by:")),
            ("state", self.tr("Register state:")),
            ("method", self.tr("Checked by:")),
        ):
            label = _wrapping("", facts_box)
            label.setObjectName(f"fact_{key}")
            facts.addRow(caption, label)
            self.fact_labels[key] = label
        self.facts_box = facts_box
        frame = QFrame(self)
        frame.setObjectName("verdictFrame")
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        frame_layout = QVBoxLayout(frame)
        frame_layout.addWidget(self.verdict_label)
        frame_layout.addWidget(self.message_label)
        self.verdict_frame = frame
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(row)
        layout.addWidget(frame)
        layout.addWidget(facts_box)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.verify_button.clicked.connect(self.verify)
        self.input_edit.returnPressed.connect(self.verify)
        self.input_edit.textChanged.connect(lambda _t: self._clear())
        self._clear()

    def _clear(self) -> None:
        self.last_result = None
        self.verdict_frame.hide()
        self.facts_box.hide()
        self.verify_button.setEnabled(bool(self.input_edit.text().strip()))

    def verify(self) -> None:
        """Check what was typed (the service never raises for a bad input)."""
        text = self.input_edit.text()
        if not text.strip():
            return
        certificates = self.session.workspace.certificates
        self.session.tasks.run(
            self, lambda _p, _c: certificates.verify(text), on_success=self.show_result
        )

    def show_result(self, result: VerificationResult) -> None:
        """有效 in green or 无效 in red, the reason, the facts."""
        self.last_result = result
        color = VALID_COLOR if result.valid else ERROR_COLOR
        self.verdict_label.setText(self.tr("VALID") if result.valid else self.tr("NOT VALID"))
        self.verdict_label.setStyleSheet(f"color: {color};")
        self.verdict_frame.setStyleSheet(
            f"QFrame#verdictFrame {{ border: 2px solid {color}; border-radius: 4px; }}"
        )
        self.message_label.setText(result.message)
        methods = {
            "payload": self.tr("QR code signature"),
            "short_code": self.tr("Verification code in this register"),
            "unreadable": self.tr("Not readable"),
        }
        issuer = result.issuer_name or ""
        if result.issuer_code:
            issuer = f"{issuer}（{result.issuer_code}）" if issuer else result.issuer_code
        values = {
            "serial": result.serial or "",
            "name": result.teacher_name or "",
            "masked_id": result.masked_id or "",
            "year": str(result.year) if result.year else "",
            "hours": result.hours or "",
            "issuer": issuer,
            "state": result.state_label or "",
            "method": methods.get(result.method, result.method),
        }
        for key, label in self.fact_labels.items():
            label.setText(values[key])
        self.verdict_frame.show()
        self.facts_box.setVisible(result.serial is not None)


# ---------------------------------------------------------------------- layout


def _offset_spin(parent: QWidget, name: str) -> QDoubleSpinBox:
    spin = QDoubleSpinBox(parent)
    spin.setObjectName(name)
    spin.setRange(-MAX_OFFSET_MM, MAX_OFFSET_MM)
    spin.setDecimals(1)
    spin.setSingleStep(0.5)
    spin.setSuffix(QCoreApplication.translate("CertificateLayoutDialog", " mm"))
    spin.setAlignment(Qt.AlignmentFlag.AlignRight)
    return spin


SAMPLE_NAME = "张晓明"
SAMPLE_ID = "5101**********0012"
SAMPLE_SCHOOL_CODE = "2151000001"


class CertificateLayoutDialog(QDialog):
    """证书版式: serial pattern, issuing unit, print offsets (mm), and a test page."""

    def __init__(self, session: AppSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("CertificateLayoutDialog")
        self.setWindowTitle(self.tr("Certificate Layout"))
        self.can_edit = session.actor.role in ADMIN_ROLES
        info = session.workspace.info()
        self._county = info.region_code
        self._year = info.current_cycle or date.today().year

        serial_box = QGroupBox(self.tr("Serial number and issuing unit"), self)
        self.pattern_edit = QLineEdit(serial_box)
        self.pattern_edit.setObjectName("patternEdit")
        self.pattern_edit.setMaxLength(60)
        fields = self.tr(", ").join(f"{{{name}}} {label}" for name, label in SERIAL_FIELDS.items())
        self.pattern_help = _wrapping(
            self.tr(
                "Fields: {fields}. {{seq:06d}} pads the sequence to 6 digits; the sequence "
                "counts within everything else the pattern names."
            ).format(fields=fields),
            serial_box,
        )
        self.pattern_help.setStyleSheet("color: #616161;")
        self.preview_label = QLabel(serial_box)
        self.preview_label.setObjectName("serialPreview")
        self.issuer_edit = QLineEdit(serial_box)
        self.issuer_edit.setObjectName("issuerEdit")
        self.issuer_edit.setMaxLength(40)
        serial_form = QFormLayout(serial_box)
        serial_form.addRow(self.tr("Serial pattern:"), self.pattern_edit)
        serial_form.addRow("", self.pattern_help)
        serial_form.addRow(self.tr("Example:"), self.preview_label)
        serial_form.addRow(self.tr("Issuing unit:"), self.issuer_edit)

        offsets_box = QGroupBox(self.tr("Print offsets (right and down, in millimetres)"), self)
        grid = QGridLayout(offsets_box)
        grid.addWidget(_bold(QLabel(self.tr("Field"), offsets_box)), 0, 0)
        grid.addWidget(_bold(QLabel(self.tr("Right"), offsets_box)), 0, 1)
        grid.addWidget(_bold(QLabel(self.tr("Down"), offsets_box)), 0, 2)
        self.page_dx = _offset_spin(offsets_box, "page_dx")
        self.page_dy = _offset_spin(offsets_box, "page_dy")
        grid.addWidget(_bold(QLabel(self.tr("Whole page"), offsets_box)), 1, 0)
        grid.addWidget(self.page_dx, 1, 1)
        grid.addWidget(self.page_dy, 1, 2)
        self.field_spins: dict[str, tuple[QDoubleSpinBox, QDoubleSpinBox]] = {}
        for row, (name, label) in enumerate(LAYOUT_FIELDS.items(), start=2):
            dx = _offset_spin(offsets_box, f"{name}_dx")
            dy = _offset_spin(offsets_box, f"{name}_dy")
            grid.addWidget(QLabel(label, offsets_box), row, 0)
            grid.addWidget(dx, row, 1)
            grid.addWidget(dy, row, 2)
            self.field_spins[name] = (dx, dy)
        hint = _wrapping(
            self.tr(
                "Print a test page on the pre-printed paper, measure how far each field lands "
                "from its place and enter that distance (negative: left or up). A field's "
                "offset adds to the whole page's."
            ),
            offsets_box,
        )
        hint.setStyleSheet("color: #616161;")
        grid.addWidget(hint, len(LAYOUT_FIELDS) + 2, 0, 1, 3)
        self.reset_button = QPushButton(self.tr("Reset Offsets"), offsets_box)
        self.reset_button.setObjectName("resetOffsets")
        grid.addWidget(self.reset_button, len(LAYOUT_FIELDS) + 3, 0)

        self.pre_printed_check = QCheckBox(
            self.tr("Test page for pre-printed paper (data only)"), self
        )
        self.pre_printed_check.setObjectName("testPrePrinted")
        self.pre_printed_check.setChecked(True)
        self.test_button = QPushButton(self.tr("Print Test Page…"), self)
        self.test_button.setObjectName("testPageButton")
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button)
        test_row.addWidget(self.pre_printed_check)
        test_row.addStretch(1)

        self.error_label = _wrapping("", self)
        self.error_label.setObjectName("layoutError")
        self.error_label.setStyleSheet(f"color: {ERROR_COLOR};")
        self.error_label.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.save_button: QPushButton = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName("saveButton")
        self.save_button.setEnabled(self.can_edit)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        columns = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(serial_box)
        left.addLayout(test_row)
        left.addStretch(1)
        columns.addLayout(left, 3)
        columns.addWidget(offsets_box, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

        self.pattern_edit.textChanged.connect(lambda _t: self._preview())
        self.reset_button.clicked.connect(self.reset_offsets)
        self.test_button.clicked.connect(self.print_test_page)
        certificates = session.workspace.certificates
        session.tasks.run(
            self, lambda _p, _c: certificates.settings(), on_success=self.show_settings
        )

    def show_settings(self, settings: CertificateSettings) -> None:
        """Put the settings in force into the fields."""
        self.pattern_edit.setText(settings.serial_pattern)
        self.issuer_edit.setText(settings.issuer_name)
        self.set_layout(settings.layout)

    def set_layout(self, layout: CertificateLayout) -> None:
        """Show a layout's offsets."""
        self.page_dx.setValue(layout.dx)
        self.page_dy.setValue(layout.dy)
        for name, (dx, dy) in self.field_spins.items():
            own = layout.fields.get(name, (0.0, 0.0))
            dx.setValue(own[0])
            dy.setValue(own[1])

    def reset_offsets(self) -> None:
        """Every offset back to 0."""
        self.set_layout(CertificateLayout())

    def layout_values(self) -> dict[str, object]:
        """The offsets as typed, in the service's form."""
        return {
            "dx": self.page_dx.value(),
            "dy": self.page_dy.value(),
            "fields": {
                name: [dx.value(), dy.value()]
                for name, (dx, dy) in self.field_spins.items()
                if dx.value() or dy.value()
            },
        }

    def _sample_serial(self) -> str:
        pattern = parse_serial_pattern(self.pattern_edit.text())
        return pattern.render(SerialValues(self._year, self._county, SAMPLE_SCHOOL_CODE), 1)

    def _preview(self) -> None:
        try:
            serial = self._sample_serial()
        except AppError as exc:
            self.preview_label.setText("")
            show_message(self.error_label, exc.message, error=True)
            return
        self.preview_label.setText(serial)
        show_message(self.error_label, "")

    def save(self) -> None:
        """Save pattern, issuer and offsets in one call; a refusal stays in the dialog."""
        certificates = self.session.workspace.certificates
        pattern = self.pattern_edit.text()
        issuer = self.issuer_edit.text()
        layout = self.layout_values()

        def failed(exc: BaseException) -> None:
            if isinstance(exc, AppError):
                show_message(self.error_label, exc.message, error=True)
            else:
                show_error(self, exc)

        self.session.tasks.run(
            self,
            lambda _p, _c: certificates.update_settings(
                serial_pattern=pattern, issuer_name=issuer, layout=layout
            ),
            changes=CHANGES,
            on_success=lambda _s: self.accept(),
            on_error=failed,
        )

    def print_test_page(self) -> None:
        """A one-page PDF of a sample certificate with the offsets as typed (not saved)."""
        try:
            layout = parse_layout(self.layout_values())
            serial = self._sample_serial()
        except AppError as exc:
            show_message(self.error_label, exc.message, error=True)
            return
        issuer = self.issuer_edit.text().strip()
        pre_printed = self.pre_printed_check.isChecked()
        out = ask_pdf_path(
            self,
            self.session,
            title=self.tr("Print Test Page"),
            default_name=self.tr("Certificate test page_{date}.pdf").format(
                date=date.today().isoformat()
            ),
        )
        if out is None:
            return
        year = self._year
        school = self.tr("Sample school")

        def write(_p: Progress, _c: CancelToken) -> int:
            # No service call: a test page is no certificate (nothing signed, nothing logged),
            # and it must show the offsets before they are saved.
            from nlts_desktop.exchange.certificate_pdf import (
                CertificatePage,
                write_certificates_pdf,
            )

            page = CertificatePage(
                serial=serial,
                short_code="样张（仅供对位）",
                payload=f"NLTS-TEST-PAGE|{serial}|样张，不是证书",
                name=SAMPLE_NAME,
                masked_id=SAMPLE_ID,
                school=school,
                year=year,
                hours="50",
                issuer=issuer,
                issued_on=date.today(),
            )
            return write_certificates_pdf(out, [page], layout=layout, pre_printed=pre_printed)

        def written(_pages: int) -> None:
            QMessageBox.information(
                self,
                self.tr("Print Test Page"),
                self.tr(
                    "The test page was saved to {path}. Print it at 100 % (no fit to page) "
                    "and hold it against the certificate paper."
                ).format(path=str(out)),
            )

        self.session.tasks.run(
            self,
            write,
            label=self.tr("Writing the test page…"),
            cancellable=False,
            on_success=written,
        )


def open_certificates(parent: QWidget, session: AppSession) -> None:
    """证书管理…"""
    CertificatesDialog(session, parent).exec()


def open_verify(parent: QWidget, session: AppSession) -> None:
    """核验证书…"""
    VerifyCertificateDialog(session, parent).exec()


def open_layout(parent: QWidget, session: AppSession) -> None:
    """证书版式…"""
    CertificateLayoutDialog(session, parent).exec()


__all__ = [
    "CertificateLayoutDialog",
    "CertificatesDialog",
    "IssueResultDialog",
    "PrintLogDialog",
    "VerifyCertificateDialog",
    "open_certificates",
    "open_layout",
    "open_verify",
    "print_certificates",
]
