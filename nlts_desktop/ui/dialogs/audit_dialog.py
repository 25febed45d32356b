"""审计日志: who did what, when, to which school and teacher, with filters, paging and the check.

The log is read page by page from the service (filtered and paged in SQL, newest first), off
the UI thread.  Times are stored in UTC and shown in local time (2026-11-23 14:05:09).  校验日志
checks the whole hash chain and shows the outcome in large letters: green when intact, red with
the service's message (审计日志校验失败：第 N 条记录……) when an entry was edited or deleted.  导出
Excel writes every matching entry; 打印 PDF the newest 2,000 of them.  Only administrators may
view the log; the service refuses others.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from nlts_desktop.services.audit import (
    AuditChoices,
    AuditFilter,
    AuditPage,
    AuditRecord,
    ChainReport,
)
from nlts_desktop.services.progress import CancelToken, Progress
from nlts_desktop.ui.dialogs.form_exports import ask_pdf_path
from nlts_desktop.ui.models.titled_table_model import Index, TitledTableModel
from nlts_desktop.ui.session import AppSession
from nlts_desktop.ui.tabs.table_tab import ask_save_path, configure_table_view, show_information

PAGE_SIZE = 500
GOOD_COLOR = "#2e7d32"
ALARM_COLOR = "#c62828"
_SEARCH_DELAY_MS = 300
# An unset date shows the special text 不限: the earliest date the editor allows.
_NO_DATE = QDate(2000, 1, 1)
C_ID, C_TIME, C_ACTOR, C_ACTION, C_ENTITY, C_SCHOOL, C_TEACHER, C_TEXT = range(8)


class AuditTableModel(TitledTableModel):
    """One page of audit entries."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._headers = (
            QCoreApplication.translate("AuditDialog", "No."),
            QCoreApplication.translate("AuditDialog", "Time"),
            QCoreApplication.translate("AuditDialog", "User"),
            QCoreApplication.translate("AuditDialog", "Action"),
            QCoreApplication.translate("AuditDialog", "Object"),
            QCoreApplication.translate("AuditDialog", "School"),
            QCoreApplication.translate("AuditDialog", "Teacher"),
            QCoreApplication.translate("AuditDialog", "Details"),
        )
        self._rows: list[AuditRecord] = []

    def row_total(self) -> int:
        """Entries on this page."""
        return len(self._rows)

    def set_rows(self, rows: list[AuditRecord]) -> None:
        """Show a new page."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def record(self, row: int) -> AuditRecord:
        """The entry shown in ``row``."""
        return self._rows[row]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Texts, with the full details and the values before/after as the tooltip."""
        if not index.isValid():
            return None
        r = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return r.cells()[column]
        if role == Qt.ItemDataRole.ToolTipRole and column == C_TEXT:
            parts = [r.description]
            if r.before_json:
                parts.append(
                    QCoreApplication.translate("AuditDialog", "Before: {values}").format(
                        values=r.before_json[:1000]
                    )
                )
            if r.after_json:
                parts.append(
                    QCoreApplication.translate("AuditDialog", "After: {values}").format(
                        values=r.after_json[:1000]
                    )
                )
            return "\n".join(parts)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == C_ID:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and r.action in ("delete", "login_failed"):
            return QBrush(QColor(ALARM_COLOR))
        return None


@dataclass(frozen=True)
class _Loaded:
    choices: AuditChoices | None
    page: AuditPage


class AuditDialog(QDialog):
    """审计日志 viewer: filters, a paged table, the chain check, Excel export and printing."""

    def __init__(self, session: AppSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("AuditDialog")
        self.setWindowTitle(self.tr("Audit Log"))
        self.resize(1240, 720)
        self.offset = 0
        self.total = 0

        self.actor_filter = self._combo("actorFilter", self.tr("All users"))
        self.action_filter = self._combo("actionFilter", self.tr("All actions"))
        self.entity_filter = self._combo("entityFilter", self.tr("All objects"))
        self.school_filter = self._combo("schoolFilter", self.tr("All schools"))
        self.school_filter.setMinimumContentsLength(14)
        self.since_edit = self._date_edit("sinceEdit")
        self.until_edit = self._date_edit("untilEdit")
        self.teacher_edit = QLineEdit(self)
        self.teacher_edit.setObjectName("teacherEdit")
        self.teacher_edit.setClearButtonEnabled(True)
        self.teacher_edit.setPlaceholderText(self.tr("Teacher's name or ID number"))
        self.text_edit = QLineEdit(self)
        self.text_edit.setObjectName("textEdit")
        self.text_edit.setClearButtonEnabled(True)
        self.text_edit.setPlaceholderText(self.tr("Words in the details"))
        clear = QPushButton(self.tr("Clear Filters"), self)
        clear.setObjectName("clearButton")

        filters = QGridLayout()
        filters.addWidget(QLabel(self.tr("User:"), self), 0, 0)
        filters.addWidget(self.actor_filter, 0, 1)
        filters.addWidget(QLabel(self.tr("From:"), self), 0, 2)
        filters.addWidget(self.since_edit, 0, 3)
        filters.addWidget(QLabel(self.tr("To:"), self), 0, 4)
        filters.addWidget(self.until_edit, 0, 5)
        filters.addWidget(QLabel(self.tr("Action:"), self), 0, 6)
        filters.addWidget(self.action_filter, 0, 7)
        filters.addWidget(QLabel(self.tr("Object:"), self), 1, 0)
        filters.addWidget(self.entity_filter, 1, 1)
        filters.addWidget(QLabel(self.tr("School:"), self), 1, 2)
        filters.addWidget(self.school_filter, 1, 3, 1, 3)
        filters.addWidget(QLabel(self.tr("Teacher:"), self), 1, 6)
        filters.addWidget(self.teacher_edit, 1, 7)
        filters.addWidget(QLabel(self.tr("Details:"), self), 2, 0)
        filters.addWidget(self.text_edit, 2, 1, 1, 5)
        filters.addWidget(clear, 2, 7, Qt.AlignmentFlag.AlignRight)
        filters.setColumnStretch(1, 2)
        filters.setColumnStretch(7, 2)

        self.model = AuditTableModel(self)
        self.view = QTableView(self)
        self.view.setObjectName("auditTable")
        self.view.setModel(self.model)
        configure_table_view(self.view)
        header = self.view.horizontalHeader()
        header.setSortIndicatorShown(False)
        for column, width in (
            (C_ID, 60),
            (C_TIME, 150),
            (C_ACTOR, 90),
            (C_ACTION, 70),
            (C_ENTITY, 100),
            (C_SCHOOL, 170),
            (C_TEACHER, 70),
        ):
            header.resizeSection(column, width)

        self.count_label = QLabel(self)
        self.count_label.setObjectName("countLabel")
        self.previous_button = QPushButton(self.tr("< Newer"), self)
        self.previous_button.setObjectName("previousButton")
        self.next_button = QPushButton(self.tr("Older >"), self)
        self.next_button.setObjectName("nextButton")
        paging = QHBoxLayout()
        paging.addWidget(self.count_label, 1)
        paging.addWidget(self.previous_button)
        paging.addWidget(self.next_button)

        self.chain_label = QLabel(self)
        self.chain_label.setObjectName("chainLabel")
        self.chain_label.setWordWrap(True)
        self.chain_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.chain_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setWeight(QFont.Weight.Bold)
        self.chain_label.setFont(font)
        self.chain_label.hide()

        self.verify_button = QPushButton(self.tr("Verify Log"), self)
        self.verify_button.setObjectName("verifyButton")
        self.excel_button = QPushButton(self.tr("Export Excel…"), self)
        self.excel_button.setObjectName("excelButton")
        self.pdf_button = QPushButton(self.tr("Print PDF…"), self)
        self.pdf_button.setObjectName("pdfButton")
        close = QPushButton(self.tr("Close"), self)
        actions = QHBoxLayout()
        actions.addWidget(self.verify_button)
        actions.addStretch(1)
        actions.addWidget(self.excel_button)
        actions.addWidget(self.pdf_button)
        actions.addWidget(close)

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.view, 1)
        layout.addLayout(paging)
        layout.addWidget(self.chain_label)
        layout.addLayout(actions)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(_SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.reload)
        for edit in (self.teacher_edit, self.text_edit):
            edit.textChanged.connect(lambda _t: self._search_timer.start())
            edit.returnPressed.connect(self.reload)
        for combo in (self.actor_filter, self.action_filter, self.entity_filter):
            combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.school_filter.currentIndexChanged.connect(lambda _i: self.reload())
        for edit_date in (self.since_edit, self.until_edit):
            edit_date.dateChanged.connect(lambda _d: self.reload())
        clear.clicked.connect(self.clear_filters)
        self.previous_button.clicked.connect(lambda: self.show_page(self.offset - PAGE_SIZE))
        self.next_button.clicked.connect(lambda: self.show_page(self.offset + PAGE_SIZE))
        self.verify_button.clicked.connect(self.verify)
        self.excel_button.clicked.connect(self.export_excel)
        self.pdf_button.clicked.connect(self.print_pdf)
        close.clicked.connect(self.reject)
        self._load(with_choices=True, offset=0)

    # ------------------------------------------------------------------ widgets
    def _combo(self, name: str, everything: str) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(name)
        combo.addItem(everything, None)
        return combo

    def _date_edit(self, name: str) -> QDateEdit:
        edit = QDateEdit(self)
        edit.setObjectName(name)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setCalendarPopup(True)
        edit.setMinimumDate(_NO_DATE)
        edit.setSpecialValueText(self.tr("Any"))
        edit.setDate(_NO_DATE)
        return edit

    @staticmethod
    def _fill(combo: QComboBox, items: list[tuple[object, str]]) -> None:
        combo.blockSignals(True)
        for value, text in items:
            combo.addItem(text, value)
        combo.blockSignals(False)

    @staticmethod
    def _date(edit: QDateEdit) -> date | None:
        value = edit.date()
        if value == _NO_DATE:
            return None
        return date(value.year(), value.month(), value.day())

    def current_filter(self) -> AuditFilter:
        """The filter as the widgets show it."""
        return AuditFilter(
            actor=self.actor_filter.currentData(),
            since=self._date(self.since_edit),
            until=self._date(self.until_edit),
            action=self.action_filter.currentData(),
            entity=self.entity_filter.currentData(),
            school_id=self.school_filter.currentData(),
            teacher=self.teacher_edit.text().strip() or None,
            text=self.text_edit.text().strip() or None,
        )

    def clear_filters(self) -> None:
        """Every filter back to 全部 / 不限, then one reload."""
        widgets: list[QWidget] = [
            self.actor_filter,
            self.action_filter,
            self.entity_filter,
            self.school_filter,
            self.since_edit,
            self.until_edit,
            self.teacher_edit,
            self.text_edit,
        ]
        for widget in widgets:
            widget.blockSignals(True)
        for combo in (
            self.actor_filter,
            self.action_filter,
            self.entity_filter,
            self.school_filter,
        ):
            combo.setCurrentIndex(0)
        self.since_edit.setDate(_NO_DATE)
        self.until_edit.setDate(_NO_DATE)
        self.teacher_edit.clear()
        self.text_edit.clear()
        for widget in widgets:
            widget.blockSignals(False)
        self.reload()

    # ------------------------------------------------------------------ loading
    def reload(self) -> None:
        """The first page with the current filter."""
        self._load(with_choices=False, offset=0)

    def show_page(self, offset: int) -> None:
        """Another page with the same filter."""
        self._load(with_choices=False, offset=max(0, offset))

    def _load(self, *, with_choices: bool, offset: int) -> None:
        self._search_timer.stop()
        service = self.session.workspace.audit
        wanted = self.current_filter()
        self.count_label.setText(self.tr("Loading…"))

        def load(_p: Progress, _c: CancelToken) -> _Loaded:
            choices = service.choices() if with_choices else None
            return _Loaded(choices, service.query(wanted, limit=PAGE_SIZE, offset=offset))

        self.session.tasks.run(
            self,
            load,
            on_success=lambda loaded: self._loaded(loaded, offset),
            on_error=self._failed,
        )

    def _failed(self, exc: BaseException) -> None:
        from nlts_desktop.ui.errors import error_text, show_error

        self.count_label.setText(error_text(exc))
        show_error(self, exc)

    def _loaded(self, loaded: _Loaded, offset: int) -> None:
        if loaded.choices is not None:
            choices = loaded.choices
            self._fill(self.actor_filter, [(a, a) for a in choices.actors])
            self._fill(self.action_filter, [(c, label) for c, label in choices.actions])
            self._fill(self.entity_filter, [(c, label) for c, label in choices.entities])
            self._fill(self.school_filter, [(i, name) for i, name in choices.schools])
        self.offset = offset
        self.total = loaded.page.total
        self.model.set_rows(loaded.page.rows)
        shown = len(loaded.page.rows)
        if shown:
            self.count_label.setText(
                self.tr("Entries {first}–{last} of {total}, newest first").format(
                    first=f"{offset + 1:,}", last=f"{offset + shown:,}", total=f"{self.total:,}"
                )
            )
        else:
            self.count_label.setText(self.tr("No entries match the filter."))
        self.previous_button.setEnabled(offset > 0)
        self.next_button.setEnabled(offset + shown < self.total)

    # ------------------------------------------------------------------ actions
    def verify(self) -> None:
        """Check the hash chain and show the outcome prominently."""
        service = self.session.workspace.audit
        self.verify_button.setEnabled(False)

        def done(report: ChainReport) -> None:
            self.verify_button.setEnabled(True)
            self.show_chain(report.ok, report.checked, report.problem)
            if report.first_bad_id is not None:
                self.select_entry(report.first_bad_id)

        def failed(exc: BaseException) -> None:
            self.verify_button.setEnabled(True)
            self._failed(exc)

        self.session.tasks.run(
            self,
            lambda _p, _c: service.verify(),
            label=self.tr("Verifying the audit log…"),
            cancellable=False,
            on_success=done,
            on_error=failed,
        )

    def show_chain(self, ok: bool, checked: int, problem: str | None) -> None:
        """The check's outcome: green when intact, the red message when not."""
        if ok:
            text = self.tr("Audit log verified: {count} entries, the hash chain is intact.").format(
                count=f"{checked:,}"
            )
            color = GOOD_COLOR
        else:
            text = problem or self.tr("The audit log failed the check.")
            color = ALARM_COLOR
        self.chain_label.setText(text)
        self.chain_label.setStyleSheet(f"color: {color};")
        self.chain_label.show()

    def select_entry(self, entry_id: int) -> None:
        """Select and show the entry when it is on this page (the one the check named)."""
        for row in range(self.model.rowCount()):
            if self.model.record(row).id == entry_id:
                self.view.selectRow(row)
                self.view.scrollTo(self.model.index(row, 0))
                return

    def export_excel(self) -> None:
        """Every matching entry to an .xlsx file."""
        out = ask_save_path(
            self,
            self.session,
            title=self.tr("Export Audit Log"),
            default_name=self.tr("Audit log_{date}.xlsx").format(date=date.today().isoformat()),
        )
        if out is not None:
            self._write(
                lambda wanted: self.session.workspace.audit.export_xlsx(wanted, out),
                label=self.tr("Exporting the audit log…"),
                done=lambda count: self.tr("Exported {count} entries to {path}.").format(
                    count=f"{count:,}", path=str(out)
                ),
            )

    def print_pdf(self) -> None:
        """The newest matching entries as an A4 landscape PDF."""
        out = ask_pdf_path(
            self,
            self.session,
            title=self.tr("Print Audit Log"),
            default_name=self.tr("Audit log_{date}.pdf").format(date=date.today().isoformat()),
        )
        if out is not None:
            self._write(
                lambda wanted: self.session.workspace.audit.print_pdf(wanted, out),
                label=self.tr("Printing the audit log…"),
                done=lambda pages: self.tr(
                    "The audit log ({pages} pages) was saved to {path}."
                ).format(pages=pages, path=str(out)),
            )

    def _write(
        self, work: Callable[[AuditFilter], int], *, label: str, done: Callable[[int], str]
    ) -> None:
        """Write a file with the current filter off the UI thread, then say where it went."""
        wanted = self.current_filter()
        self.session.tasks.run(
            self,
            lambda _p, _c: work(wanted),
            label=label,
            cancellable=False,
            on_success=lambda result: self._saved(done(result)),
        )

    def _saved(self, text: str) -> None:
        show_information(self, self.tr("Audit Log"), text)
        self.reload()  # the export itself is now in the log


def open_audit_log(parent: QWidget, session: AppSession) -> None:
    """工具 → 审计日志…"""
    AuditDialog(session, parent).exec()
