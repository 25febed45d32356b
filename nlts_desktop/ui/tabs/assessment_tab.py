"""The 考核 tab: one school's score entry grid (校本应用考核), its plan, and its batch.

A county user picks the school; a school coordinator sees only their own.  The grid loads off
the UI thread; a typed grade is saved at once on the UI thread (a few milliseconds) and only
its row is repainted.  The tab reloads when ``data_changed`` touches the assessment (a dialog
saved, the county decided), keeping the current cell; its own per-keystroke announcements do
not reload it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, NamedTuple

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from nlts_desktop.domain.enums import Role, SubmissionState
from nlts_desktop.domain.errors import AppError
from nlts_desktop.services.assessment import BatchRecord, GridRow, SchoolPlanRecord, ScoreGrid
from nlts_desktop.services.context import SCHOOL_ROLES
from nlts_desktop.services.progress import CancelToken, Progress
from nlts_desktop.ui.errors import error_text, show_error
from nlts_desktop.ui.models.score_grid_model import ScoreGridModel, local_date
from nlts_desktop.ui.session import AppSession, Changes
from nlts_desktop.ui.tabs.table_tab import (
    ask_save_path,
    fill_combo,
    fix_typed_text,
    show_information,
)
from nlts_desktop.ui.views.score_grid_view import ScoreGridView

#: What makes the grid stale: grades, plans, batches and reviews; the roster; the rules.
RELOAD_ON = ("assessment", "schools", "teachers", "preset", "workspace")


class _Loaded(NamedTuple):
    """What the loading task hands to the UI thread."""

    schools: list[tuple[int, str, str]]  # (id, code, name)
    school_id: int | None
    grid: ScoreGrid | None
    plan: SchoolPlanRecord | None


class AssessmentTab(QWidget):
    """Score entry for one school, its plan and evidence, and submission to the county."""

    def __init__(self, session: AppSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        actor = session.actor
        self.writes = actor.role in SCHOOL_ROLES
        self.own_school = actor.school_id if actor.role == Role.SCHOOL_COORDINATOR else None
        self._generation = 0
        self._loaded_once = False
        self._stale = False
        self._announcing = False
        self._plan: SchoolPlanRecord | None = None

        self.school_combo = self._make_school_combo()
        self.school_combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.assessor_edit = QLineEdit(self)
        self.assessor_edit.setObjectName("assessorEdit")
        self.assessor_edit.setPlaceholderText(self.tr("Name of the assessor"))
        self.assessor_edit.setMaxLength(64)
        self.assessor_edit.setText(
            session.settings.assessor_name() or _display_name(actor) or actor.username
        )
        self.assessor_edit.textChanged.connect(session.settings.set_assessor_name)
        assessor_label = QLabel(self.tr("&Assessor:"), self)
        assessor_label.setBuddy(self.assessor_edit)
        school_label = QLabel(self.tr("&School:"), self)
        school_label.setBuddy(self.school_combo)

        self.plan_button = QPushButton(self.tr("School Plan…"), self)
        self.points_button = QPushButton(self.tr("Choose Points…"), self)
        self.evidence_button = QPushButton(self.tr("Evidence…"), self)
        self.import_button = QPushButton(self.tr("Import Scores…"), self)
        self.export_button = QPushButton(self.tr("Export Scores…"), self)
        self.submit_button = QPushButton(self.tr("Submit for Review"), self)
        self.plan_button.clicked.connect(self.open_plan)
        self.points_button.clicked.connect(self.choose_points)
        self.evidence_button.clicked.connect(self.open_evidence)
        self.import_button.clicked.connect(self.import_scores)
        self.export_button.clicked.connect(self.export_scores)
        self.submit_button.clicked.connect(self.submit)

        self.banner = QLabel(self)
        self.banner.setObjectName("assessmentBanner")
        self.banner.setWordWrap(True)
        self.banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message = QLabel(self)
        self.message.setObjectName("assessmentMessage")
        self.message.setWordWrap(True)

        self.model = ScoreGridModel(self)
        self.view = ScoreGridView(self)
        self.view.setModel(self.model)
        self.view.set_saver(self._save_scores)
        self.view.message_changed.connect(self.message.setText)
        self.view.selectionModel().currentChanged.connect(lambda *_: self._update_buttons())
        if not self.writes:
            self.model.set_read_only(
                self.tr("Your account can view the scores but not change them.")
            )

        top = QHBoxLayout()
        top.addWidget(school_label)
        top.addWidget(self.school_combo, 3)
        top.addWidget(assessor_label)
        top.addWidget(self.assessor_edit, 1)
        for button in (
            self.plan_button,
            self.points_button,
            self.evidence_button,
            self.import_button,
            self.export_button,
            self.submit_button,
        ):
            top.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addWidget(self.message)
        layout.addWidget(self.view, 1)

        session.tasks.data_changed.connect(self._on_data_changed)
        self._show_banner(None, None)
        self._update_buttons()

    def _make_school_combo(self) -> QComboBox:
        """Type part of a school's name to find it among 1,600 (as the roster tabs do)."""
        combo = QComboBox(self)
        combo.setObjectName("assessmentSchool")
        combo.setEditable(True)
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        combo.setMinimumContentsLength(16)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        completer = combo.completer()
        if completer is not None:
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        combo.addItem(self._choose_text(), None)
        line_edit = combo.lineEdit()
        if line_edit is not None:
            line_edit.editingFinished.connect(lambda: fix_typed_text(combo))
        combo.setEnabled(self.own_school is None)
        return combo

    def _choose_text(self) -> str:
        return self.tr("Choose a school…")

    # loading ----------------------------------------------------------------------------
    def reload(self) -> None:
        """Load the schools and the chosen school's grid (off the UI thread)."""
        self._generation += 1
        generation = self._generation
        self._stale = False
        workspace = self.session.workspace
        chosen = self.own_school if self.own_school is not None else self.current_school_id()
        own = self.own_school

        def load(_progress: Progress, _cancel: CancelToken) -> _Loaded:
            if own is not None:
                record = workspace.schools.get(own)
                schools = [(record.id, record.code, record.name)]
            else:
                schools = [
                    (s.id, s.code, s.name) for s in workspace.schools.list(include_inactive=False)
                ]
            school_id = chosen
            if school_id is None and len(schools) == 1:
                school_id = schools[0][0]
            if school_id is None:
                return _Loaded(schools, None, None, None)
            grid = workspace.assessment.grid(school_id)
            plan = workspace.assessment.plan(school_id)
            return _Loaded(schools, school_id, grid, plan)

        self.session.tasks.run(
            self,
            load,
            on_success=lambda loaded: self._loaded(generation, loaded),
            on_error=lambda exc: self._load_failed(generation, exc),
        )

    def _loaded(self, generation: int, loaded: _Loaded) -> None:
        if generation != self._generation:
            return  # a newer reload is on its way
        self._loaded_once = True
        combo = self.school_combo
        fill_combo(  # blocks the combo's signals itself (and unblocks them when done)
            combo,
            self._choose_text(),
            [(name, school_id, code) for school_id, code, name in loaded.schools],
        )
        combo.blockSignals(True)
        try:
            if self.own_school is not None:
                combo.removeItem(0)  # a coordinator has no choice to make
            found = combo.findData(loaded.school_id) if loaded.school_id is not None else -1
            combo.setCurrentIndex(max(found, 0))
        finally:
            combo.blockSignals(False)
        key = self._current_key()
        same_school = (
            loaded.grid is not None
            and self.model.grid is not None
            and loaded.grid.batch.school_id == self.model.grid.batch.school_id
        )
        self._plan = loaded.plan
        self.model.set_grid(loaded.grid)
        self.view.fit_columns()
        self._restore_current(key if same_school else None)
        self._show_banner(loaded.grid, loaded.plan)
        self._update_buttons()

    def _load_failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        self.model.set_grid(None)
        self.banner.setText(error_text(exc))
        self._update_buttons()
        if not isinstance(exc, AppError):
            show_error(self, exc)

    def _current_key(self) -> tuple[int, int] | None:
        """(teacher id, column) of the current cell, to find it again after a reload."""
        index = self.view.currentIndex()
        if not index.isValid() or index.row() >= self.model.rowCount():
            return None
        return self.model.row_at(index.row()).teacher_id, index.column()

    def _restore_current(self, key: tuple[int, int] | None) -> None:
        if key is not None:
            row = self.model.row_of(key[0])
            if row is not None and key[1] < self.model.columnCount():
                self.view.go_to(row, key[1])
                return
        first = self.model.first_editable()
        if first is not None:
            self.view.go_to(*first)

    def _on_data_changed(self, changes: object) -> None:
        if self._announcing:
            return  # our own grade: the row is up to date already
        if not (isinstance(changes, Changes) and changes.touches(*RELOAD_ON)):
            return
        if self.isVisible():
            self.reload()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        """Load on first show, or again if data changed while hidden."""
        super().showEvent(event)
        if self._stale or not self._loaded_once:
            self.reload()

    # banner and buttons -------------------------------------------------------------------
    def _show_banner(self, grid: ScoreGrid | None, plan: SchoolPlanRecord | None) -> None:
        if grid is None:
            self.banner.setText(self.tr("Choose a school to enter its assessment scores."))
            return
        lines = [self._batch_text(grid.batch)]
        if plan is None or not plan.saved:
            lines.append(self.tr("School plan: not saved yet. Enter it with “School Plan…”."))
        else:
            lines.append(
                self.tr("School plan: {title} ({state}).").format(
                    title=plan.plan_title or "", state=plan.approval_state.label
                )
            )
        if not grid.plan_approved and grid.batch.open:
            lines.append(
                self.tr(
                    "Scores can be entered now; the batch can be submitted once the county "
                    "approves the plan."
                )
            )
        self.banner.setText("\n".join(lines))

    def _batch_text(self, batch: BatchRecord) -> str:
        state = batch.state.label
        if batch.state is SubmissionState.SUBMITTED:
            return self.tr(
                "Assessment batch: {state}, submitted by {who} on {date}. It is read-only until "
                "the county approves or returns it."
            ).format(state=state, who=batch.submitted_by or "", date=local_date(batch.submitted_at))
        if batch.state is SubmissionState.APPROVED:
            return self.tr(
                "Assessment batch: {state}, approved by {who} on {date}. The results are locked."
            ).format(state=state, who=batch.decided_by or "", date=local_date(batch.decided_at))
        if batch.state is SubmissionState.RETURNED:
            return self.tr(
                "Assessment batch: {state}, returned by {who} on {date}. Teachers and items "
                "the county gave a reason for are shown in orange: point at them to read it. "
                "Reason: {reason}"
            ).format(
                state=state,
                who=batch.decided_by or "",
                date=local_date(batch.decided_at),
                reason=batch.return_reason or "",
            )
        return self.tr("Assessment batch: {state}.").format(state=state)

    def _update_buttons(self) -> None:
        grid = self.model.grid
        has_school = grid is not None
        editing = has_school and self.writes and grid is not None and grid.batch.open
        # The plan dialog itself decides what each role may do (edit, approve, or only read).
        self.plan_button.setEnabled(has_school)
        self.points_button.setEnabled(editing and self.current_row() is not None)
        self.evidence_button.setEnabled(editing and self.current_row() is not None)
        self.import_button.setEnabled(editing)
        self.submit_button.setEnabled(editing)
        self.export_button.setEnabled(has_school)

    # current selection ----------------------------------------------------------------------
    def current_school_id(self) -> int | None:
        """The school chosen in the combo (None: none yet)."""
        data = self.school_combo.currentData()
        return int(data) if isinstance(data, int) else None

    def current_row(self) -> GridRow | None:
        """The teacher of the current cell."""
        index = self.view.currentIndex()
        if not index.isValid() or index.row() >= self.model.rowCount():
            return None
        return self.model.row_at(index.row())

    def _school_name(self) -> str:
        grid = self.model.grid
        return grid.batch.school_name if grid is not None else ""

    def assessor(self) -> str:
        """The 评分人 recorded with each grade."""
        return self.assessor_edit.text().strip()

    # saving grades -----------------------------------------------------------------------
    def _save_scores(self, entries: Sequence[tuple[int, object]]) -> None:
        """The view's saver: save, show the new grades, tell the other tabs."""
        assessor = self.assessor()
        if not assessor:
            self.assessor_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        updates = self.session.workspace.assessment.set_scores(entries, assessor=assessor)
        self.model.apply_updates(updates, assessor=assessor)
        self._announce()

    def _announce(self) -> None:
        """Tell the other tabs the assessment changed (this tab is up to date already)."""
        self._announcing = True
        try:
            self.session.tasks.data_changed.emit(Changes.of("assessment"))
        finally:
            self._announcing = False

    # actions -----------------------------------------------------------------------------
    def _teacher_or_say(self, title: str) -> GridRow | None:
        row = self.current_row()
        if row is None:
            QMessageBox.information(self, title, self.tr("Select a teacher in the grid first."))
            return None
        if row.locked and row.lock_reason:
            QMessageBox.information(self, title, row.lock_reason)
            return None
        return row

    def _after_dialog(self, result: int) -> None:
        if result == int(QDialog.DialogCode.Accepted):
            self.session.tasks.data_changed.emit(Changes.of("assessment"))

    def open_plan(self) -> None:
        """学校方案…: the school's 校本研修方案, scoring rules, environments and points."""
        school_id = self.current_school_id()
        if school_id is None:
            return
        from nlts_desktop.ui.dialogs.plan_dialog import PlanDialog

        self._after_dialog(PlanDialog(self.session, school_id, self).exec())

    def choose_points(self) -> None:
        """选择能力点…: the current teacher's points (saved by the dialog)."""
        school_id = self.current_school_id()
        row = self._teacher_or_say(self.tr("Choose Points"))
        if school_id is None or row is None:
            return
        from nlts_desktop.ui.dialogs.selection_dialog import SelectionDialog

        dialog = SelectionDialog(
            self.session,
            school_id,
            row.teacher_id,
            row.name,
            tuple(point.code for point in row.points),
            self,
        )
        self._after_dialog(dialog.exec())

    def open_evidence(self) -> None:
        """证据材料…: the current teacher's evidence items."""
        row = self._teacher_or_say(self.tr("Evidence"))
        if row is None:
            return
        from nlts_desktop.ui.dialogs.evidence_dialog import EvidenceDialog

        EvidenceDialog(self.session, row.teacher_id, row.name, self).exec()
        # Evidence saves as it goes: reload whatever the dialog returned.
        self.session.tasks.data_changed.emit(Changes.of("assessment"))

    def import_scores(self) -> None:
        """导入成绩…: a score sheet for this school."""
        school_id = self.current_school_id()
        if school_id is None:
            return
        from nlts_desktop.ui.dialogs.score_import_dialog import ScoreImportDialog

        self._after_dialog(ScoreImportDialog(self.session, school_id, self).exec())

    def export_scores(self) -> None:
        """导出成绩…: the school's scores as an Excel workbook."""
        school_id = self.current_school_id()
        if school_id is None:
            return
        out = ask_save_path(
            self,
            self.session,
            title=self.tr("Export Scores"),
            default_name=self.tr("Assessment scores_{school}_{date}.xlsx").format(
                school=self._school_name(), date=date.today().isoformat()
            ),
        )
        if out is None:
            return
        sheets: Any = getattr(self.session.workspace, "score_sheets", None)

        def export(_progress: Progress, _cancel: CancelToken) -> object:
            if sheets is None:
                raise RuntimeError("score_sheets service is not available")
            return sheets.export_scores(out, school_id=school_id)

        self.session.tasks.run(
            self,
            export,
            label=self.tr("Exporting scores…"),
            cancellable=False,
            on_success=lambda _result: show_information(
                self,
                self.tr("Export Scores"),
                self.tr("The scores were saved to {path}.").format(path=str(out)),
            ),
        )

    def submit(self) -> None:
        """提交审核: send the batch to the county after saying what that means."""
        school_id = self.current_school_id()
        if school_id is None or not self.confirm_submit():
            return
        assessment = self.session.workspace.assessment
        self.session.tasks.run(
            self,
            lambda _p, _c: assessment.submit(school_id),
            changes=Changes.of("assessment"),
            on_success=lambda batch: self.message.setText(
                self.tr("Submitted to the county on {date}.").format(
                    date=local_date(batch.submitted_at)
                )
            ),
        )

    def confirm_submit(self) -> bool:
        """Ask before submitting: the batch becomes read-only until the county decides."""
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Submit for Review"))
        box.setText(
            self.tr("Submit the assessment results of {school} to the county?").format(
                school=self._school_name()
            )
        )
        box.setInformativeText(
            self.tr(
                "The batch then becomes read-only: no grade, point or evidence can change until "
                "the county approves it or returns it with reasons."
            )
        )
        submit = box.addButton(self.tr("Submit"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(submit)
        box.exec()
        return box.clickedButton() is submit

    def index_of(self, teacher_id: int, column: int) -> QModelIndex:
        """The model index of a teacher's cell (for tests and callers)."""
        row = self.model.row_of(teacher_id)
        return self.model.index(row, column) if row is not None else QModelIndex()


def _display_name(actor: object) -> str | None:
    """The signed-in user's display name when the actor carries one."""
    name = getattr(actor, "display_name", None)
    return name if isinstance(name, str) and name.strip() else None
