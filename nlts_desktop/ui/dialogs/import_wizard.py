"""The roster import wizard: choose a file, match its columns, check the preview, import.

Every read and write runs through the task runner.  Reading happens twice at most: first with
the automatic column matching, then, when the clerk chose other matches for the same headers
before, with the remembered ones.  A header that lacks a required column is not a dead end:
the file is read again without that requirement so its columns can be matched by hand.
Nothing is written before Import on the preview page, and Cancel during the import rolls the
whole transaction back.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from nlts_desktop.domain.errors import AppError, ValidationError
from nlts_desktop.services.progress import CancelToken, Progress
from nlts_desktop.services.roster_export import write_roster_template
from nlts_desktop.services.roster_import import (
    COLUMNS,
    FileReading,
    ImportPlan,
    ImportSummary,
    RowIssue,
    TableData,
    column_letter,
    mapping_by_text,
    read_file,
)
from nlts_desktop.ui.dialogs.validated_form import ERROR_COLOR
from nlts_desktop.ui.errors import show_error
from nlts_desktop.ui.session import AppSession, Changes

CHOOSE_PAGE, MAPPING_PAGE, PREVIEW_PAGE, DONE_PAGE = range(4)
GEOMETRY_KEY = "import_wizard"
FOLDER_KEY = "import"

# Not required columns, but a teacher row needs one of them to find the school (学校).
_ONE_OF: dict[str, tuple[tuple[str, ...], ...]] = {
    "schools": (),
    "teachers": (("school_code", "school_name"),),
}
_ERROR_STYLE = f"color: {ERROR_COLOR};"

Index = QModelIndex | QPersistentModelIndex
Job = Callable[[Progress, CancelToken], Any]


# --------------------------------------------------------------------------- issues model
ISSUE_ROW, ISSUE_COLUMN, ISSUE_VALUE, ISSUE_REASON = range(4)


class IssueTableModel(QAbstractTableModel):
    """The rejected cells of a plan; tens of thousands of rows, so no item objects."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._issues: Sequence[RowIssue] = ()
        self._headers = (self.tr("Row"), self.tr("Column"), self.tr("Value"), self.tr("Reason"))

    def set_issues(self, issues: Sequence[RowIssue]) -> None:
        """Show ``issues`` (kept by reference, not copied)."""
        self.beginResetModel()
        self._issues = issues
        self.endResetModel()

    def issue(self, row: int) -> RowIssue:
        """The issue shown in ``row``."""
        return self._issues[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """One row per issue."""
        return 0 if parent.isValid() else len(self._issues)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Row, column, value, reason."""
        return 0 if parent.isValid() else len(self._headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Cells built on demand; the whole reason as a tooltip."""
        if not index.isValid():
            return None
        issue = self._issues[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == ISSUE_ROW:
                return str(issue.row)
            if column == ISSUE_COLUMN:
                return issue.column
            if column == ISSUE_VALUE:
                return issue.value
            return issue.reason
        if role == Qt.ItemDataRole.ToolTipRole and column in (ISSUE_VALUE, ISSUE_REASON):
            return issue.value if column == ISSUE_VALUE else issue.reason
        if role == Qt.ItemDataRole.TextAlignmentRole and column == ISSUE_ROW:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column titles."""
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self._headers)
        ):
            return self._headers[section]
        return None


# --------------------------------------------------------------------------- pages
class _StepPage(QWizardPage):
    """A page whose Next runs a task first and moves on only when it succeeded.

    ``validatePage`` must answer at once, so it starts the task and says no; the task's success
    calls :meth:`advance`, which presses Next again.  With a synchronous runner the task has
    finished before ``validatePage`` returns, which then simply says yes.
    """

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.wiz = wizard
        self._inside = False
        self._passed = False

    def needs_work(self) -> bool:
        """Whether Next has a task to run first."""
        return False

    def start_work(self) -> None:
        """Start the task; its success calls :meth:`advance`."""

    def validatePage(self) -> bool:
        """Run the page's task before moving on."""
        if self._passed:
            self._passed = False
            return True
        if self.wiz.busy or not self.isComplete():
            return False
        if not self.needs_work():
            return True
        self._inside = True
        try:
            self.start_work()
        finally:
            self._inside = False
        passed, self._passed = self._passed, False
        return passed

    def advance(self) -> None:
        """The task succeeded: move to the next page (unless the clerk went elsewhere)."""
        if self.wiz.currentPage() is not self:
            return
        self._passed = True
        if not self._inside:
            self.wiz.next()


def _quoted(label: str) -> str:
    return f"“{label}”"


class ChooseFilePage(_StepPage):
    """Page 1: the file, what it must contain, and an empty template to start from."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.setTitle(self.tr("Choose the file"))
        if wizard.kind == "teachers":
            self.setSubTitle(self.tr("An Excel file listing teachers, as schools send them."))
        else:
            self.setSubTitle(self.tr("An Excel file listing schools."))

        self.path_edit = QLineEdit(self)
        self.path_edit.setPlaceholderText(self.tr("Choose an Excel file or paste its path"))
        self.path_edit.setClearButtonEnabled(True)
        self.path_edit.textChanged.connect(self.completeChanged)
        self.browse_button = QPushButton(self.tr("Browse…"), self)
        self.browse_button.clicked.connect(self.browse)

        self.requirements_label = QLabel(self.requirements_text(), self)
        self.requirements_label.setWordWrap(True)
        self.requirements_label.setTextFormat(Qt.TextFormat.PlainText)
        self.template_label = QLabel(
            self.tr(
                "Not sure how to lay the file out? Save an empty template with every column, "
                "an example row and the code tables, and fill it in."
            ),
            self,
        )
        self.template_label.setWordWrap(True)
        self.template_button = QPushButton(self.tr("Save an empty template…"), self)
        self.template_button.clicked.connect(self.save_template)

        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(self.browse_button)
        template_row = QHBoxLayout()
        template_row.addWidget(self.template_button)
        template_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("File:"), self))
        layout.addLayout(path_row)
        layout.addSpacing(12)
        layout.addWidget(self.requirements_label)
        layout.addSpacing(12)
        layout.addWidget(self.template_label)
        layout.addLayout(template_row)
        layout.addStretch(1)

    def requirements_text(self) -> str:
        """What the file must contain, from the column definitions."""
        columns = self.wiz.columns
        labels = {spec.field: spec.label for spec in columns}
        parts = [_quoted(spec.label) for spec in columns if spec.required]
        for group in _ONE_OF[self.wiz.kind]:
            parts.append(
                self.tr("{first} or {second}").format(
                    first=_quoted(labels[group[0]]), second=_quoted(labels[group[1]])
                )
            )
        return self.tr(
            "The file needs a header row with at least these columns: {columns}. "
            "The other columns of the template are optional, and title lines above the header "
            "are fine. Columns with other names can be matched on the next page."
        ).format(columns=self.wiz.join(parts))

    def path(self) -> Path | None:
        """The chosen file; quotes from Explorer's "Copy as path" are dropped."""
        text = self.path_edit.text().strip().strip('"').strip()
        return Path(text) if text else None

    def isComplete(self) -> bool:
        """A path is given."""
        return self.path() is not None

    def browse(self) -> None:
        """Pick the file in a file dialog."""
        start = self.wiz.session.settings.last_folder(FOLDER_KEY)
        current = self.path()
        if current is not None and current.parent.is_dir():
            start = str(current.parent)
        chosen, _filter = QFileDialog.getOpenFileName(
            self,
            self.tr("Choose the file to import"),
            start,
            self.tr("Excel (*.xlsx *.xls *.ods)"),
        )
        if chosen:
            self.path_edit.setText(str(Path(chosen)))
            self.wiz.session.settings.set_last_folder(FOLDER_KEY, str(Path(chosen).parent))

    def save_template(self) -> None:
        """Write an empty import template where the clerk chooses."""
        if self.wiz.kind == "teachers":
            name = self.tr("Teacher import template")
        else:
            name = self.tr("School import template")
        settings = self.wiz.session.settings
        start = Path(settings.last_folder(FOLDER_KEY)) / f"{name}.xlsx"
        chosen, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Save an empty template"), str(start), self.tr("Excel (*.xlsx)")
        )
        if not chosen:
            return
        target = _with_xlsx(Path(chosen))
        settings.set_last_folder(FOLDER_KEY, str(target.parent))
        kind = self.wiz.kind
        self.wiz.run_task(
            lambda _progress, _cancel: write_roster_template(kind, target),
            label=self.tr("Saving the template…"),
            cancellable=False,
            on_success=self._template_saved,
            on_error=lambda exc: self.wiz.save_failed(exc, target),
        )

    def _template_saved(self, path: Path) -> None:
        self.wiz.inform(
            self.tr("Template saved"),
            self.tr(
                "The template was saved as:\n{path}\n\n"
                "Fill it in (one row per record), save it, then choose it here."
            ).format(path=str(path)),
        )

    def needs_work(self) -> bool:
        """The file is read again on every Next: it may have been fixed in Excel meanwhile."""
        return True

    def start_work(self) -> None:
        """Read and check the file with the automatic column matching."""
        path = self.path()
        if path is None:
            return
        service, kind = self.wiz.service, self.wiz.kind
        self.wiz.run_task(
            lambda progress, cancel: read_file(
                service,
                kind,
                path,
                mapping=None,
                progress=progress,
                cancel=cancel,
                with_samples=True,
            ),
            label=self.tr("Reading and checking the file…"),
            on_success=self._first_read,
        )

    def _first_read(self, reading: FileReading) -> None:
        table = reading.table
        remembered = self.wiz.session.settings.column_mapping(self.wiz.kind, table.headers)
        automatic = mapping_by_text(table)
        wanted = {text: field for text, field in remembered.items() if text in automatic}
        if not wanted or all(automatic[text] == field for text, field in wanted.items()):
            self._read(reading)
            return
        # The clerk matched these headers differently last time: check the file that way.
        service, kind, path = self.wiz.service, self.wiz.kind, table.path
        self.wiz.run_task(
            lambda progress, cancel: read_file(
                service,
                kind,
                path,
                mapping=wanted,
                progress=progress,
                cancel=cancel,
                with_samples=False,
            ),
            label=self.tr("Reading and checking the file…"),
            on_success=lambda again: self._read(replace(again, samples=reading.samples)),
            on_error=lambda exc: self._remembered_failed(exc, reading),
        )

    def _remembered_failed(self, exc: BaseException, reading: FileReading) -> None:
        # A remembered matching that no longer fits is no dead end: the automatic one is shown.
        if isinstance(exc, ValidationError):
            self._read(reading)
        else:
            show_error(self.wiz, exc)

    def _read(self, reading: FileReading) -> None:
        self.wiz.set_reading(reading)
        self.wiz.session.settings.set_last_folder(FOLDER_KEY, str(reading.table.path.parent))
        self.advance()


class MapColumnsPage(_StepPage):
    """Page 2: which column of the file holds which roster field."""

    HEADER, SAMPLE, FIELD = range(3)

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.setTitle(self.tr("Match the columns"))
        self.setSubTitle(
            self.tr(
                "Each column of the file is matched to a roster field. Check the matches and "
                "change any that are wrong; columns set to “(ignore)” are not imported."
            )
        )
        self.dirty = False
        self._filling = False
        self._rows: list[tuple[int, str, QComboBox]] = []

        self.table = QTableWidget(0, 3, self)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Column in the file"), self.tr("Sample"), self.tr("Roster field")]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(self.HEADER, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(self.SAMPLE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(self.FIELD, QHeaderView.ResizeMode.ResizeToContents)
        self.location_label = QLabel(self)
        self.problem_label = QLabel(self)
        self.problem_label.setStyleSheet(_ERROR_STYLE)
        self.problem_label.setWordWrap(True)
        self.problem_label.setTextFormat(Qt.TextFormat.PlainText)
        self.problem_label.hide()

        layout = QVBoxLayout(self)
        layout.addWidget(self.location_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.problem_label)

    def initializePage(self) -> None:
        """One row per header of the file, pre-filled with the current matching."""
        reading = self.wiz.reading
        if reading is None:
            return
        table = reading.table
        self.location_label.setText(self.wiz.location_text(table))
        field_at = {index: field for field, index in table.mapping.items()}
        rows = [(index, text) for index, text in enumerate(table.headers) if text]
        self._filling = True
        self._rows = []
        self.table.clearContents()
        self.table.setRowCount(len(rows))
        self.table.setVerticalHeaderLabels([column_letter(index) for index, _text in rows])
        for row, (index, text) in enumerate(rows):
            self.table.setItem(row, self.HEADER, QTableWidgetItem(text))
            sample = reading.samples.get(index, "")
            sample_item = QTableWidgetItem(sample)
            sample_item.setToolTip(sample)
            self.table.setItem(row, self.SAMPLE, sample_item)
            combo = QComboBox(self.table)
            combo.addItem(self.tr("(ignore)"), "")
            for spec in self.wiz.columns:
                shown = (
                    self.tr("{label} (required)").format(label=spec.label)
                    if spec.required
                    else spec.label
                )
                combo.addItem(shown, spec.field)
            combo.setCurrentIndex(max(0, combo.findData(field_at.get(index, ""))))
            combo.currentIndexChanged.connect(self._changed)
            self.table.setCellWidget(row, self.FIELD, combo)
            self._rows.append((index, text, combo))
        self._filling = False
        self.dirty = False
        self._show_problems()

    def _changed(self) -> None:
        if self._filling:
            return
        self.dirty = True
        self._show_problems()
        self.completeChanged.emit()

    def combo_for(self, header: str) -> QComboBox:
        """The field chooser of the first column headed ``header``."""
        for _index, text, combo in self._rows:
            if text == header:
                return combo
        raise KeyError(header)

    def chosen_mapping(self) -> dict[str, str]:
        """Header text → field ("" = ignore) as chosen on the page."""
        mapping: dict[str, str] = {}
        for _index, text, combo in self._rows:
            # Two columns with the same header text cannot be told apart by text: first wins.
            mapping.setdefault(text, str(combo.currentData() or ""))
        return mapping

    def problems(self) -> list[str]:
        """Why the matching cannot be used yet (empty when it can)."""
        chosen = [str(combo.currentData() or "") for _index, _text, combo in self._rows]
        labels = {spec.field: spec.label for spec in self.wiz.columns}
        found = set(chosen)
        problems: list[str] = []
        missing = [
            _quoted(spec.label)
            for spec in self.wiz.columns
            if spec.required and spec.field not in found
        ]
        for group in _ONE_OF[self.wiz.kind]:
            if not found & set(group):
                missing.append(
                    self.tr("{first} or {second}").format(
                        first=_quoted(labels[group[0]]), second=_quoted(labels[group[1]])
                    )
                )
        if missing:
            problems.append(
                self.tr("Required and not matched to any column: {fields}.").format(
                    fields=self.wiz.join(missing)
                )
            )
        twice = [
            _quoted(labels[field])
            for field in dict.fromkeys(chosen)
            if field and chosen.count(field) > 1
        ]
        if twice:
            problems.append(
                self.tr("Matched to more than one column (choose one): {fields}.").format(
                    fields=self.wiz.join(twice)
                )
            )
        return problems

    def _show_problems(self) -> None:
        problems = self.problems()
        self.problem_label.setText("\n".join(problems))
        self.problem_label.setVisible(bool(problems))

    def isComplete(self) -> bool:
        """Every required field matched, no field matched twice."""
        return bool(self._rows) and not self.problems()

    def needs_work(self) -> bool:
        """A changed matching (or a file that could not be checked yet) is read again."""
        return self.dirty or self.wiz.plan is None

    def start_work(self) -> None:
        """Check the file with the chosen matching."""
        reading = self.wiz.reading
        if reading is None:
            return
        mapping = self.chosen_mapping()
        service, kind, path = self.wiz.service, self.wiz.kind, reading.table.path
        self.wiz.run_task(
            lambda progress, cancel: read_file(
                service,
                kind,
                path,
                mapping=mapping,
                progress=progress,
                cancel=cancel,
                with_samples=False,
            ),
            label=self.tr("Reading and checking the file…"),
            on_success=lambda again: self._planned(again, reading, mapping),
        )

    def _planned(self, again: FileReading, before: FileReading, mapping: dict[str, str]) -> None:
        self.wiz.set_reading(replace(again, samples=before.samples))
        if again.plan is None:
            return  # cannot happen while Next needs every required field matched
        self.wiz.session.settings.set_column_mapping(self.wiz.kind, again.table.headers, mapping)
        self.dirty = False
        self.advance()


class PreviewPage(_StepPage):
    """Page 3 (the commit page): what the import would do, and the rejected rows."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.setTitle(self.tr("Check before importing"))
        self.setSubTitle(self.tr("Nothing has been written yet."))
        self.summary: ImportSummary | None = None

        self.counts_label = QLabel(self)
        font = QFont(self.counts_label.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.counts_label.setFont(font)
        self.source_label = QLabel(self)
        self.source_label.setTextFormat(Qt.TextFormat.PlainText)
        self.status_label = QLabel(self)
        self.status_label.setWordWrap(True)
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)

        self.report_label = QLabel(
            self.tr(
                "An error workbook listing the rejected rows can be saved next to the source "
                "file, to send back to the school or fix and import again."
            ),
            self,
        )
        self.report_label.setWordWrap(True)
        self.report_button = QPushButton(self.tr("Save error report…"), self)
        self.report_button.clicked.connect(self.save_report)
        self.report_box = QWidget(self)
        report_row = QHBoxLayout(self.report_box)
        report_row.setContentsMargins(0, 0, 0, 0)
        report_row.addWidget(self.report_label, 1)
        report_row.addWidget(self.report_button)

        self.issues_model = IssueTableModel(self)
        self.issues_view = QTableView(self)
        self.issues_view.setModel(self.issues_model)
        self.issues_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.issues_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.issues_view.setWordWrap(False)
        self.issues_view.verticalHeader().hide()
        # Fixed row heights and column widths: measuring 10,000s of rows would freeze the page.
        rows = self.issues_view.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.issues_view.fontMetrics().height() + 8)
        header = self.issues_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        metrics = self.issues_view.fontMetrics()
        header.resizeSection(ISSUE_ROW, metrics.horizontalAdvance("0000000") + 12)
        header.resizeSection(ISSUE_COLUMN, metrics.horizontalAdvance("M" * 8) + 12)
        header.resizeSection(ISSUE_VALUE, metrics.horizontalAdvance("0" * 20) + 12)

        # Reasons are long sentences: the selected one is shown whole below the table.
        self.reason_label = QLabel(self)
        self.reason_label.setWordWrap(True)
        self.reason_label.setTextFormat(Qt.TextFormat.PlainText)
        self.reason_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.issues_view.selectionModel().currentRowChanged.connect(self._show_reason)

        self.valid_only_check = QCheckBox(self.tr("Import only the valid rows"), self)
        self.valid_only_check.setToolTip(
            self.tr(
                "Unchecked, the file is imported all or nothing: any rejected row stops the "
                "whole import."
            )
        )
        self.valid_only_check.toggled.connect(self._valid_only_toggled)

        layout = QVBoxLayout(self)
        layout.addWidget(self.counts_label)
        layout.addWidget(self.source_label)
        layout.addWidget(self.status_label)
        layout.addWidget(self.report_box)
        layout.addWidget(self.issues_view, 1)
        layout.addWidget(self.reason_label)
        layout.addWidget(self.valid_only_check)

    @property
    def work(self) -> int:
        """Rows the import would write (new and changed)."""
        summary = self.summary
        return 0 if summary is None else summary.new + summary.changed

    def initializePage(self) -> None:
        """Fill in the plan's counts and issues; all-or-nothing again."""
        plan = self.wiz.plan
        if plan is None:
            return
        summary = plan.summary()
        self.summary = summary
        self.counts_label.setText(
            self.tr(
                "New {new} · Changed {changed} · Unchanged {unchanged} · Rejected {rejected}"
            ).format(
                new=summary.new,
                changed=summary.changed,
                unchanged=summary.unchanged,
                rejected=summary.rejected,
            )
        )
        self.source_label.setText(self.wiz.location_text(plan.table))
        self.issues_model.set_issues(plan.issues)
        has_issues = bool(plan.issues)
        self.issues_view.setVisible(has_issues)
        self.report_box.setVisible(has_issues)
        self.reason_label.setVisible(has_issues)
        if has_issues:
            self.issues_view.setCurrentIndex(self.issues_model.index(0, ISSUE_REASON))
        self.valid_only_check.blockSignals(True)
        self.valid_only_check.setChecked(False)
        self.valid_only_check.blockSignals(False)
        self.valid_only_check.setVisible(summary.rejected > 0 and self.work > 0)
        self.setCommitPage(self.work > 0)
        self._show_status()

    def _show_reason(self, current: QModelIndex) -> None:
        if current.isValid():
            issue = self.issues_model.issue(current.row())
            self.reason_label.setText(
                self.tr("Row {row}, {column}: {reason}").format(
                    row=issue.row, column=issue.column, reason=issue.reason
                )
            )
        else:
            self.reason_label.clear()

    def _valid_only_toggled(self) -> None:
        self._show_status()
        self.completeChanged.emit()

    def _show_status(self) -> None:
        summary = self.summary
        if summary is None:
            return
        blocked = False
        if summary.total == 0:
            text = self.tr("Nothing to import: the file has no rows under its header.")
        elif self.work == 0 and summary.rejected == 0:
            text = self.tr("Nothing to import: every row is already in the roster.")
        elif self.work == 0:
            text = self.tr(
                "Nothing can be imported: the valid rows are already in the roster. Fix the "
                "rejected rows listed below and import the file again."
            )
        elif summary.rejected == 0:
            text = self.tr(
                "Every row is valid. Press Import to write {new} new and {changed} changed rows."
            ).format(new=summary.new, changed=summary.changed)
        elif self.valid_only_check.isChecked():
            text = self.tr(
                "Press Import to write the {count} valid rows that are new or changed; the "
                "{rejected} rejected rows are left out."
            ).format(count=self.work, rejected=summary.rejected)
        else:
            blocked = True
            text = self.tr(
                "Nothing will be imported until the rejected rows are fixed in the file or "
                "“Import only the valid rows” is checked."
            )
        self.status_label.setText(text)
        self.status_label.setStyleSheet(_ERROR_STYLE if blocked else "")

    def isComplete(self) -> bool:
        """Import needs no rejected rows or "only the valid rows"; with nothing to do, Finish."""
        summary = self.summary
        if summary is None:
            return False
        if self.work == 0:
            return True
        return summary.rejected == 0 or self.valid_only_check.isChecked()

    def nextId(self) -> int:
        """The result page after an import; none when there is nothing to import."""
        return DONE_PAGE if self.work > 0 else -1

    def needs_work(self) -> bool:
        """Import writes; Finish on a plan with nothing to write just closes."""
        return self.work > 0

    def start_work(self) -> None:
        """Write the plan in one transaction (Cancel rolls it back)."""
        plan = self.wiz.plan
        if plan is None:
            return
        service = self.wiz.service
        valid_only = self.valid_only_check.isChecked()
        self.wiz.run_task(
            lambda progress, cancel: service.commit(
                plan, valid_only=valid_only, progress=progress, cancel=cancel
            ),
            label=self.tr("Importing…"),
            on_success=self._committed,
            changes=Changes.of(self.wiz.kind),
        )

    def _committed(self, summary: ImportSummary) -> None:
        self.wiz.written = summary
        self.advance()

    def save_report(self) -> None:
        """Save the rejected rows, with their reasons, as a workbook."""
        plan = self.wiz.plan
        if plan is None:
            return
        service = self.wiz.service
        default = service.default_report_path(plan)
        chosen, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Save the error report"), str(default), self.tr("Excel (*.xlsx)")
        )
        if not chosen:
            return
        target = _with_xlsx(Path(chosen))
        self.wiz.run_task(
            lambda _progress, _cancel: service.write_error_report(plan, target),
            label=self.tr("Saving the error report…"),
            cancellable=False,
            on_success=self._report_saved,
            on_error=lambda exc: self.wiz.save_failed(exc, target),
        )

    def _report_saved(self, path: Path) -> None:
        self.wiz.report_path = path
        self.wiz.inform(
            self.tr("Error report saved"),
            self.tr(
                "The error report was saved as:\n{path}\n\n"
                "It lists every rejected row as it was in the file, with the reason."
            ).format(path=str(path)),
        )


class DonePage(QWizardPage):
    """Page 4: what was written."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.wiz = wizard
        self.setTitle(self.tr("Import finished"))
        self.result_label = QLabel(self)
        font = QFont(self.result_label.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.result_label.setFont(font)
        self.detail_label = QLabel(self)
        self.detail_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.result_label)
        layout.addWidget(self.detail_label)
        layout.addStretch(1)

    def initializePage(self) -> None:
        """Show the written counts."""
        summary = self.wiz.written
        if summary is None:
            return
        self.result_label.setText(
            self.tr("Imported: {new} new, {changed} changed").format(
                new=summary.new, changed=summary.changed
            )
        )
        lines: list[str] = []
        if summary.unchanged:
            lines.append(
                self.tr(
                    "{count} rows were already in the roster and were left as they are."
                ).format(count=summary.unchanged)
            )
        if summary.rejected:
            lines.append(
                self.tr(
                    "{count} rejected rows were not imported: fix them in the file (the error "
                    "report lists them) and import the file again."
                ).format(count=summary.rejected)
            )
        self.detail_label.setText("\n".join(lines))


def _with_xlsx(path: Path) -> Path:
    return path if path.suffix.lower() == ".xlsx" else path.with_name(f"{path.name}.xlsx")


# --------------------------------------------------------------------------- the wizard
class ImportWizard(QWizard):
    """Import a school or teacher roster from Excel: file → columns → preview → import."""

    def __init__(self, session: AppSession, kind: str, parent: QWidget | None = None) -> None:
        if kind not in COLUMNS:
            raise ValueError(f"unknown import kind {kind!r}")
        super().__init__(parent)
        self.session = session
        self.kind = kind
        self.columns = COLUMNS[kind]
        self.service = session.workspace.roster_import
        self.reading: FileReading | None = None
        self.written: ImportSummary | None = None
        self.report_path: Path | None = None
        self._busy = False

        self.setObjectName("ImportWizard")
        if kind == "teachers":
            self.setWindowTitle(self.tr("Import teachers"))
        else:
            self.setWindowTitle(self.tr("Import schools"))
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("Import"))

        self.choose_page = ChooseFilePage(self)
        self.mapping_page = MapColumnsPage(self)
        self.preview_page = PreviewPage(self)
        self.done_page = DonePage(self)
        self.setPage(CHOOSE_PAGE, self.choose_page)
        self.setPage(MAPPING_PAGE, self.mapping_page)
        self.setPage(PREVIEW_PAGE, self.preview_page)
        self.setPage(DONE_PAGE, self.done_page)

        geometry = session.settings.geometry(GEOMETRY_KEY)
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(820, 600)

    @property
    def plan(self) -> ImportPlan | None:
        """The current plan (None before the file was read, or with a column unmatched)."""
        return self.reading.plan if self.reading is not None else None

    @property
    def busy(self) -> bool:
        """Whether a task of the wizard is running."""
        return self._busy

    def set_reading(self, reading: FileReading) -> None:
        """Keep the latest read of the file."""
        self.reading = reading

    def join(self, items: Sequence[str]) -> str:
        """A list for a sentence."""
        return self.tr(", ", "list separator").join(items)

    def location_text(self, table: TableData) -> str:
        """File, sheet and header row of a table."""
        return self.tr("File: {file} · Sheet: {sheet} · Header in row {row}").format(
            file=table.path.name, sheet=table.sheet, row=table.header_row
        )

    def run_task(
        self,
        fn: Job,
        *,
        label: str,
        on_success: Callable[[Any], None],
        on_error: Callable[[BaseException], None] | None = None,
        cancellable: bool = True,
        changes: Changes | None = None,
    ) -> None:
        """Run file or database work through the task runner; Next does nothing meanwhile."""

        def succeeded(result: Any) -> None:
            self._set_busy(False)
            on_success(result)

        def failed(exc: BaseException) -> None:
            self._set_busy(False)
            if on_error is not None:
                on_error(exc)
            else:
                show_error(self, exc)

        self._set_busy(True)
        self.session.tasks.run(
            self,
            fn,
            on_success=succeeded,
            on_error=failed,
            on_cancel=lambda: self._set_busy(False),  # the service has rolled back
            label=label,
            cancellable=cancellable,
            changes=changes,
        )

    def _set_busy(self, busy: bool) -> None:
        # Back must not leave a page whose job is still running: an import finishing behind
        # the clerk's back could then be started twice.
        self._busy = busy
        if busy:
            for which in (
                QWizard.WizardButton.BackButton,
                QWizard.WizardButton.NextButton,
                QWizard.WizardButton.CommitButton,
                QWizard.WizardButton.FinishButton,
                QWizard.WizardButton.CancelButton,
            ):
                self.button(which).setEnabled(False)
            return
        self.button(QWizard.WizardButton.CancelButton).setEnabled(True)
        page = self.currentPage()
        if page is not None:
            page.completeChanged.emit()  # QWizard sets the other buttons again

    def save_failed(self, exc: BaseException, target: Path) -> None:
        """A file could not be written: usually open in Excel, or a read-only folder."""
        if isinstance(exc, OSError) and not isinstance(exc, AppError):
            exc = AppError(
                self.tr(
                    "“{path}” could not be saved. If it is open in Excel, close it; otherwise "
                    "choose another folder. ({reason})"
                ).format(path=str(target), reason=exc.strerror or str(exc))
            )
        show_error(self, exc)

    def inform(self, title: str, text: str) -> None:
        """A short message the clerk confirms."""
        QMessageBox.information(self, title, text)

    def reject(self) -> None:
        """Close, but not while a task runs (its progress dialog has the Cancel)."""
        if self._busy:
            return
        super().reject()

    def done(self, result: int) -> None:
        """Remember the size and place of the wizard."""
        self.session.settings.set_geometry(GEOMETRY_KEY, self.saveGeometry())
        super().done(result)
