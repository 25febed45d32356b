"""Import a school's score sheet (成绩表) for 校本应用考核.

Choose the file the assessment team graded (usually the score sheet exported from this program);
Check reads and validates it without writing and shows what the import would do — teachers,
points added, grades set, cleared and unchanged — with every rejected cell.  The sheet is
imported whole or not at all: while a row is rejected, Import stays off and the error report
(the rejected rows with their reasons, ready to fix and import again) can be saved.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from nlts_desktop.domain.errors import AppError
from nlts_desktop.services.assessment import BatchRecord, SheetOutcome
from nlts_desktop.services.progress import CancelToken, Progress
from nlts_desktop.services.score_sheets import ScoreSheetPlan
from nlts_desktop.ui.dialogs.import_common import (
    ask_report_path,
    existing_file,
    pick_workbook,
    show_message,
)
from nlts_desktop.ui.dialogs.import_wizard import IssueTableModel
from nlts_desktop.ui.errors import show_error
from nlts_desktop.ui.session import AppSession, Changes

FOLDER_KEY = "score_import"


class ScoreImportDialog(QDialog):
    """Check, preview and import one school's score sheet; ``.outcome`` after import."""

    def __init__(self, session: AppSession, school_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.school_id = school_id
        self.plan: ScoreSheetPlan | None = None
        self.outcome: SheetOutcome | None = None
        self.setObjectName("ScoreImportDialog")
        self.setWindowTitle(self.tr("Import Score Sheet"))
        self.setMinimumSize(760, 520)

        self.school_label = QLabel(self)
        self.school_label.setObjectName("scoreImportSchool")
        self.school_label.setWordWrap(True)
        self.path_edit = QLineEdit(self)
        self.path_edit.setPlaceholderText(
            self.tr("The score sheet (.xlsx or .xls) the assessment team graded")
        )
        browse = QPushButton(self.tr("Browse…"), self)
        browse.clicked.connect(self._browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(browse)
        self.assessor_edit = QLineEdit(self)
        self.assessor_edit.setMaxLength(64)
        self.assessor_edit.setPlaceholderText(self.tr("As named in the file's assessor column"))
        self.check_button = QPushButton(self.tr("Check File"), self)
        self.check_button.clicked.connect(self.check_file)
        form = QFormLayout()
        form.addRow(self.tr("School"), self.school_label)
        form.addRow(self.tr("File"), path_row)
        form.addRow(self.tr("Assessor"), self.assessor_edit)

        self.message_label = QLabel(self)
        self.message_label.setObjectName("importMessage")
        self.message_label.setWordWrap(True)
        self.message_label.hide()
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
        layout.addWidget(self.counts_label)
        layout.addWidget(self.issues_view, 1)
        layout.addWidget(self.buttons)

        self.path_edit.textChanged.connect(self._input_changed)
        self._update_buttons()
        self._load_school()

    # ------------------------------------------------------------------ the school
    def _load_school(self) -> None:
        assessment = self.session.workspace.assessment
        school_id = self.school_id
        self.session.tasks.run(
            self,
            lambda _p, _c: assessment.batch(school_id),
            on_success=self._school_loaded,
            on_error=self._failed,
        )

    def _school_loaded(self, batch: BatchRecord) -> None:
        self.school_label.setText(
            self.tr("{school} ({code}), {cycle}: batch {state}").format(
                school=batch.school_name,
                code=batch.school_code,
                cycle=batch.cycle,
                state=batch.state.label,
            )
        )
        if not batch.open:
            self._say(
                self.tr(
                    "The school's batch is with the county or approved, so its grades cannot "
                    "change now: every row would be rejected. Ask the county to return or "
                    "unlock the batch first."
                ),
                error=True,
            )

    def _browse(self) -> None:
        chosen = pick_workbook(
            self, self.session, folder_key=FOLDER_KEY, title=self.tr("Choose the Score Sheet")
        )
        if chosen:
            self.path_edit.setText(chosen)

    def _input_changed(self) -> None:
        """Another file: the preview no longer holds."""
        self._set_plan(None)

    # ------------------------------------------------------------------ checking
    def check_file(self) -> None:
        """Read and check the file (nothing is written)."""
        path = existing_file(
            self.message_label,
            self.path_edit.text(),
            empty=self.tr("Choose the score sheet to import first."),
        )
        if path is None:
            return
        service = self.session.workspace.score_sheets
        school_id = self.school_id

        def plan(progress: Progress, cancel: CancelToken) -> ScoreSheetPlan:
            return service.plan(path, school_id, progress=progress, cancel=cancel)

        self._set_plan(None)
        self._say(self.tr("Checking the file…"))
        self.session.tasks.run(
            self,
            plan,
            label=self.tr("Checking the file…"),
            on_success=self._planned,
            on_error=self._failed,
        )

    def _planned(self, plan: ScoreSheetPlan) -> None:
        self._set_plan(plan)
        if plan.issues:
            self._say(
                self.tr(
                    "{rejected} rows have problems. The sheet is imported whole or not at all: "
                    "save the error report, fix the rows it lists and check the file again."
                ).format(rejected=f"{len(plan.rejected_rows):,}"),
                error=True,
            )
        else:
            self._say("")

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, AppError):
            self._say(exc.message, error=True)
            return
        self._say("")
        show_error(self, exc)

    # ------------------------------------------------------------------ preview
    def _set_plan(self, plan: ScoreSheetPlan | None) -> None:
        self.plan = plan
        if plan is None:
            self.counts_label.clear()
            self.issues_model.set_issues(())
        else:
            summary = plan.summary()
            if plan.issues:
                text = self.tr("{file}: {rejected} rows are rejected.").format(
                    file=summary.file_name, rejected=f"{summary.rejected:,}"
                )
            else:
                text = self.tr(
                    "{file}: {teachers} teachers. Points added {added}, grades set {set}, "
                    "grades cleared {cleared}, unchanged {unchanged}."
                ).format(
                    file=summary.file_name,
                    teachers=f"{plan.teachers:,}",
                    added=f"{plan.points_added:,}",
                    set=f"{plan.grades_set:,}",
                    cleared=f"{plan.grades_cleared:,}",
                    unchanged=f"{plan.unchanged:,}",
                )
            if plan.blank_rows:
                text += " " + self.tr("{blank} rows without points or grades were skipped.").format(
                    blank=f"{plan.blank_rows:,}"
                )
            self.counts_label.setText(text)
            self.issues_model.set_issues(plan.issues)
        self._update_buttons()

    def _update_buttons(self) -> None:
        plan = self.plan
        self.report_button.setEnabled(plan is not None and bool(plan.issues))
        self.import_button.setEnabled(plan is not None and plan.ok)

    def _say(self, text: str, *, error: bool = False) -> None:
        show_message(self.message_label, text, error=error)

    # ------------------------------------------------------------------ writing
    def save_error_report(self) -> None:
        """Save the rejected rows with their reasons, to fix and import again."""
        plan = self.plan
        if plan is None or not plan.issues:
            return
        service = self.session.workspace.score_sheets
        out = ask_report_path(self, service.default_report_path(plan))
        if out is None:
            return
        self.write_error_report(out)

    def write_error_report(self, out: Path) -> None:
        """Write the error report of the current plan to ``out``."""
        plan = self.plan
        if plan is None:
            return
        service = self.session.workspace.score_sheets
        self.session.tasks.run(
            self,
            lambda _p, _c: service.write_error_report(plan, out),
            label=self.tr("Saving the error report…"),
            cancellable=False,
            on_success=lambda path: self._say(
                self.tr("The error report was saved to {path}.").format(path=str(path))
            ),
            on_error=self._failed,
        )

    def import_plan(self) -> None:
        """Write the checked sheet in one transaction."""
        plan = self.plan
        if plan is None or not plan.ok:
            return
        service = self.session.workspace.score_sheets
        assessor = self.assessor_edit.text().strip() or None

        def commit(_progress: Progress, _cancel: CancelToken) -> SheetOutcome:
            return service.commit(plan, assessor=assessor)

        self.import_button.setEnabled(False)
        self.session.tasks.run(
            self,
            commit,
            label=self.tr("Importing grades…"),
            cancellable=False,
            changes=Changes.of("assessment"),
            on_success=self._imported,
            on_error=self._import_failed,
        )

    def _imported(self, outcome: SheetOutcome) -> None:
        self.outcome = outcome
        self.plan = None
        self._update_buttons()
        self._say(
            self.tr(
                "Imported: {teachers} teachers, {added} points added, {set} grades set, "
                "{cleared} grades cleared, {unchanged} unchanged."
            ).format(
                teachers=f"{outcome.teachers:,}",
                added=f"{outcome.points_added:,}",
                set=f"{outcome.grades_set:,}",
                cleared=f"{outcome.grades_cleared:,}",
                unchanged=f"{outcome.unchanged:,}",
            )
        )

    def _import_failed(self, exc: BaseException) -> None:
        self._update_buttons()
        self._failed(exc)
