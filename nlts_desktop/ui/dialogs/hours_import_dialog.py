"""Import a training institution's hours export (承训机构学时导出) into the ledger.

Choose the file, the institution (承训机构) whose platform made it, and the project the rows
belong to when the file names none; Check reads and validates the file (nothing written) and
shows new / changed / unchanged / rejected with the rejected cells; Import writes it in one
transaction.  When the file's columns differ from what was saved for the institution, the
service refuses to guess: the dialog shows why and lets the clerk match the columns by hand,
then checks again with that matching (which is saved on import).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from nlts_desktop.domain.errors import AppError, ValidationError
from nlts_desktop.services.hours_import import COLUMNS_CHANGED, HOURS_COLUMNS, HoursImportPlan
from nlts_desktop.services.progress import CancelToken, Progress
from nlts_desktop.services.projects import InstitutionRecord, ProjectRecord
from nlts_desktop.services.roster_import import ImportSummary
from nlts_desktop.ui.dialogs.import_common import (
    ask_report_path,
    existing_file,
    pick_workbook,
    show_message,
)
from nlts_desktop.ui.dialogs.import_wizard import IssueTableModel
from nlts_desktop.ui.dialogs.validated_form import ERROR_COLOR
from nlts_desktop.ui.errors import show_error
from nlts_desktop.ui.session import AppSession, Changes

FOLDER_KEY = "hours_import"
_REQUIRED = frozenset(spec.field for spec in HOURS_COLUMNS if spec.required)


def mapping_headers(details: dict[str, Any]) -> list[str]:
    """The file's header texts from a "columns changed" refusal: the saved ones still there,
    then the added ones."""
    missing = set(details.get("missing", ()))
    kept = [h for h in details.get("saved_headers", ()) if h not in missing]
    return kept + [h for h in details.get("added", ()) if h not in kept]


class HoursImportDialog(QDialog):
    """Check, preview and import an institution's hours export; ``.summary`` after import."""

    def __init__(self, session: AppSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.plan: HoursImportPlan | None = None
        self.summary: ImportSummary | None = None
        self.mapping: dict[str, str] | None = None  # chosen by hand for the current file
        self._projects: list[ProjectRecord] = []
        self._institutions: list[InstitutionRecord] = []
        self.setObjectName("HoursImportDialog")
        self.setWindowTitle(self.tr("Import Institution Hours Export"))
        self.setMinimumSize(760, 520)

        self.path_edit = QLineEdit(self)
        self.path_edit.setPlaceholderText(self.tr("The .xlsx or .xls file the platform exported"))
        browse = QPushButton(self.tr("Browse…"), self)
        browse.clicked.connect(self._browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(browse)
        self.institution_combo = QComboBox(self)
        self.institution_combo.setMinimumContentsLength(24)
        self.project_combo = QComboBox(self)
        self.project_combo.setMinimumContentsLength(30)
        self.project_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.project_combo.addItem(self.tr("(named in the file)"), None)
        self.check_button = QPushButton(self.tr("Check File"), self)
        self.check_button.clicked.connect(self.check_file)
        form = QFormLayout()
        form.addRow(self.tr("File"), path_row)
        form.addRow(self.tr("Institution"), self.institution_combo)
        form.addRow(self.tr("Project"), self.project_combo)

        self.message_label = QLabel(self)
        self.message_label.setObjectName("importMessage")
        self.message_label.setWordWrap(True)
        self.message_label.hide()

        # The matching of columns, shown only when the service asks for it.
        self.mapping_panel = QWidget(self)
        self.mapping_table = QTableWidget(0, 2, self.mapping_panel)
        self.mapping_table.setHorizontalHeaderLabels(
            [self.tr("Column in the file"), self.tr("Means")]
        )
        self.mapping_table.verticalHeader().hide()
        self.mapping_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.mapping_error = QLabel(self.mapping_panel)
        self.mapping_error.setStyleSheet(f"color: {ERROR_COLOR};")
        self.mapping_error.setWordWrap(True)
        self.recheck_button = QPushButton(self.tr("Check Again with This Matching"), self)
        self.recheck_button.clicked.connect(self.check_with_mapping)
        mapping_layout = QVBoxLayout(self.mapping_panel)
        mapping_layout.setContentsMargins(0, 0, 0, 0)
        mapping_layout.addWidget(self.mapping_table)
        bottom = QHBoxLayout()
        bottom.addWidget(self.mapping_error, 1)
        bottom.addWidget(self.recheck_button)
        mapping_layout.addLayout(bottom)
        self.mapping_panel.hide()

        self.counts_label = QLabel(self)
        self.counts_label.setObjectName("importCounts")
        self.counts_label.setWordWrap(True)
        self.issues_model = IssueTableModel(self)
        self.issues_view = QTableView(self)
        self.issues_view.setModel(self.issues_model)
        self.issues_view.verticalHeader().hide()
        self.issues_view.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((60, 110, 150)):
            self.issues_view.horizontalHeader().resizeSection(column, width)
        self.valid_only = QCheckBox(self.tr("Import only the valid rows"), self)
        self.valid_only.toggled.connect(self._update_buttons)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.report_button = self.buttons.addButton(
            self.tr("Save Error Report…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.import_button = self.buttons.addButton(
            self.tr("Import"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.report_button.clicked.connect(self.save_error_report)
        self.import_button.clicked.connect(self.import_plan)
        self.buttons.rejected.connect(self.reject)

        top = QHBoxLayout()
        top.addLayout(form, 1)
        top.addWidget(self.check_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.message_label)
        layout.addWidget(self.mapping_panel, 1)
        layout.addWidget(self.counts_label)
        layout.addWidget(self.issues_view, 2)
        layout.addWidget(self.valid_only)
        layout.addWidget(self.buttons)

        self.path_edit.textChanged.connect(self._input_changed)
        self.institution_combo.currentIndexChanged.connect(self._institution_changed)
        self.project_combo.currentIndexChanged.connect(self._input_changed)
        self._update_buttons()
        self._load_choices()

    # ------------------------------------------------------------------ choices
    def _load_choices(self) -> None:
        projects = self.session.workspace.projects

        def load(
            _p: Progress, _c: CancelToken
        ) -> tuple[list[InstitutionRecord], list[ProjectRecord]]:
            return projects.list_institutions(), projects.list_projects()

        self.session.tasks.run(self, load, on_success=self._choices_loaded)

    def _choices_loaded(self, loaded: tuple[list[InstitutionRecord], list[ProjectRecord]]) -> None:
        self._institutions, self._projects = loaded
        self.institution_combo.blockSignals(True)
        self.institution_combo.clear()
        for institution in self._institutions:
            self.institution_combo.addItem(institution.name, institution.name)
        self.institution_combo.blockSignals(False)
        if not self._institutions:
            self._say(
                self.tr(
                    "No training institution is registered yet. Register the institution "
                    "before importing its hours."
                ),
                error=True,
            )
        self._institution_changed()

    def _institution_changed(self) -> None:
        """Offer the projects this institution runs (and those without an institution)."""
        name = self.institution_combo.currentData()
        institution = next((i for i in self._institutions if i.name == name), None)
        chosen = self.project_combo.currentData()
        self.project_combo.blockSignals(True)
        self.project_combo.clear()
        self.project_combo.addItem(self.tr("(named in the file)"), None)
        for project in self._projects:
            if project.institution_id in (None, institution.id if institution else None):
                self.project_combo.addItem(
                    self.tr("{name} ({year})").format(name=project.name, year=project.year),
                    project.id,
                )
        self.project_combo.setCurrentIndex(max(0, self.project_combo.findData(chosen)))
        self.project_combo.blockSignals(False)
        self._input_changed()

    def _browse(self) -> None:
        chosen = pick_workbook(
            self,
            self.session,
            folder_key=FOLDER_KEY,
            title=self.tr("Choose the Institution's Export"),
        )
        if chosen:
            self.path_edit.setText(chosen)

    def _input_changed(self) -> None:
        """Another file, institution or project: the preview no longer holds."""
        if self.sender() is self.path_edit:
            self.mapping = None
            self.mapping_panel.hide()
        self._set_plan(None)

    # ------------------------------------------------------------------ checking
    def check_file(self) -> None:
        """Read and check the file (nothing is written)."""
        path = existing_file(
            self.message_label,
            self.path_edit.text(),
            empty=self.tr("Choose the file to import first."),
        )
        if path is None:
            return
        institution = self.institution_combo.currentData()
        if not institution:
            self._say(self.tr("Choose the institution whose platform made the file."), error=True)
            return
        service = self.session.workspace.hours_import
        project_id = self.project_combo.currentData()
        mapping = self.mapping

        def plan(progress: Progress, cancel: CancelToken) -> HoursImportPlan:
            return service.plan(
                path,
                institution=institution,
                project_id=project_id,
                mapping=mapping,
                progress=progress,
                cancel=cancel,
            )

        self._set_plan(None)
        self._say(self.tr("Checking the file…"))
        self.session.tasks.run(
            self,
            plan,
            label=self.tr("Checking the file…"),
            on_success=self._planned,
            on_error=self._check_failed,
        )

    def _planned(self, plan: HoursImportPlan) -> None:
        self.mapping_panel.hide()
        self._set_plan(plan)
        if plan.mapping_source == "explicit":
            self._say(
                self.tr(
                    "The column matching you chose is used and will be saved for "
                    "{institution} when you import."
                ).format(institution=plan.institution_name)
            )
        else:
            self._say("")

    def _check_failed(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationError) and exc.code == COLUMNS_CHANGED:
            self._say(exc.message, error=True)
            self._show_mapping(exc.details)
            return
        if isinstance(exc, AppError):
            self._say(exc.message, error=True)
            return
        self._say("")
        show_error(self, exc)

    # ------------------------------------------------------------------ matching
    def _show_mapping(self, details: dict[str, Any]) -> None:
        saved: dict[str, str] = dict(details.get("saved_mapping", {}))
        headers = mapping_headers(details)
        table = self.mapping_table
        table.setRowCount(len(headers))
        for row, header in enumerate(headers):
            item = QTableWidgetItem(header)
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            table.setItem(row, 0, item)
            combo = QComboBox(table)
            combo.addItem(self.tr("(ignore this column)"), "")
            for spec in HOURS_COLUMNS:
                label = spec.label
                if spec.required:
                    label = self.tr("{label} (required)").format(label=label)
                combo.addItem(label, spec.field)
            combo.setCurrentIndex(max(0, combo.findData(saved.get(header, ""))))
            combo.currentIndexChanged.connect(self._check_mapping)
            table.setCellWidget(row, 1, combo)
        self.mapping_panel.show()
        self._check_mapping()

    def chosen_mapping(self) -> dict[str, str]:
        """Header text → field as matched in the table ("" ignores a column)."""
        mapping: dict[str, str] = {}
        for row in range(self.mapping_table.rowCount()):
            item = self.mapping_table.item(row, 0)
            combo = self.mapping_table.cellWidget(row, 1)
            if item is not None and isinstance(combo, QComboBox):
                mapping[item.text()] = str(combo.currentData() or "")
        return mapping

    def set_field(self, header: str, field: str) -> None:
        """Match one column (tests and keyboard users)."""
        for row in range(self.mapping_table.rowCount()):
            item = self.mapping_table.item(row, 0)
            combo = self.mapping_table.cellWidget(row, 1)
            if item is not None and item.text() == header and isinstance(combo, QComboBox):
                combo.setCurrentIndex(max(0, combo.findData(field)))

    def _mapping_problem(self, mapping: dict[str, str]) -> str:
        labels = {spec.field: spec.label for spec in HOURS_COLUMNS}
        used: dict[str, str] = {}
        for header, field in mapping.items():
            if not field:
                continue
            if field in used:
                return self.tr('"{first}" and "{second}" are both matched to {field}.').format(
                    first=used[field], second=header, field=labels[field]
                )
            used[field] = header
        missing = [labels[f] for f in sorted(_REQUIRED) if f not in used]
        if missing:
            return self.tr("Match a column to {fields}.").format(fields=self.tr(", ").join(missing))
        return ""

    def _check_mapping(self) -> None:
        problem = self._mapping_problem(self.chosen_mapping())
        self.mapping_error.setText(problem)
        self.recheck_button.setEnabled(not problem)

    def check_with_mapping(self) -> None:
        """Check the file again with the columns as matched by hand."""
        mapping = self.chosen_mapping()
        if self._mapping_problem(mapping):
            return
        self.mapping = mapping
        self.check_file()

    # ------------------------------------------------------------------ preview
    def _set_plan(self, plan: HoursImportPlan | None) -> None:
        self.plan = plan
        if plan is None:
            self.counts_label.clear()
            self.issues_model.set_issues(())
        else:
            summary = plan.summary()
            self.counts_label.setText(
                self.tr(
                    "{file}: {total} rows. New {new}, changed {changed}, unchanged "
                    "{unchanged}, rejected {rejected}."
                ).format(
                    file=summary.file_name,
                    total=f"{summary.total:,}",
                    new=f"{summary.new:,}",
                    changed=f"{summary.changed:,}",
                    unchanged=f"{summary.unchanged:,}",
                    rejected=f"{summary.rejected:,}",
                )
            )
            self.issues_model.set_issues(plan.issues)
        self._update_buttons()

    def _update_buttons(self) -> None:
        plan = self.plan
        self.report_button.setEnabled(plan is not None and bool(plan.issues))
        self.valid_only.setEnabled(plan is not None and bool(plan.issues))
        writable = plan is not None and (
            bool(plan.new_rows) or bool(plan.changes) or plan.mapping_to_save is not None
        )
        allowed = plan is not None and (not plan.issues or self.valid_only.isChecked())
        self.import_button.setEnabled(writable and allowed)

    def _say(self, text: str, *, error: bool = False) -> None:
        show_message(self.message_label, text, error=error)

    # ------------------------------------------------------------------ writing
    def save_error_report(self) -> None:
        """Save the rejected rows with their reasons, to fix and import again."""
        plan = self.plan
        if plan is None or not plan.issues:
            return
        service = self.session.workspace.hours_import
        out = ask_report_path(self, service.default_report_path(plan))
        if out is None:
            return
        self.session.tasks.run(
            self,
            lambda _p, _c: service.write_error_report(plan, out),
            label=self.tr("Saving the error report…"),
            cancellable=False,
            on_success=lambda path: self._say(
                self.tr("The error report was saved to {path}.").format(path=str(path))
            ),
        )

    def import_plan(self) -> None:
        """Write the checked rows in one transaction."""
        plan = self.plan
        if plan is None:
            return
        service = self.session.workspace.hours_import
        valid_only = self.valid_only.isChecked()

        def commit(progress: Progress, cancel: CancelToken) -> ImportSummary:
            return service.commit(plan, valid_only=valid_only, progress=progress, cancel=cancel)

        self.import_button.setEnabled(False)
        self.session.tasks.run(
            self,
            commit,
            label=self.tr("Importing hours…"),
            changes=Changes.of("hours"),
            on_success=self._imported,
            on_error=self._import_failed,
        )

    def _imported(self, summary: ImportSummary) -> None:
        self.summary = summary
        self.plan = None
        self._update_buttons()
        self._say(
            self.tr(
                "Imported: {new} new, {changed} changed, {unchanged} unchanged, "
                "{rejected} rejected rows left out."
            ).format(
                new=f"{summary.new:,}",
                changed=f"{summary.changed:,}",
                unchanged=f"{summary.unchanged:,}",
                rejected=f"{summary.rejected:,}",
            )
        )

    def _import_failed(self, exc: BaseException) -> None:
        self._update_buttons()
        if isinstance(exc, AppError):
            self._say(exc.message, error=True)
        else:
            show_error(self, exc)
