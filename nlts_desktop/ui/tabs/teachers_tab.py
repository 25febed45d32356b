"""The 教师 tab: the whole roster in one table, with search, filters, and the teacher actions.

Rows load off the UI thread (display strings included) and the table filters and sorts its
own Python lists (FIELD-NOTES.md, Qt).  The tab reloads when ``data_changed`` says teachers or
schools changed; while hidden it only marks itself stale and reloads when shown.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import NamedTuple

from PySide6.QtCore import (
    QCoreApplication,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtGui import QAction, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QCompleter,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from nlts_desktop.domain.codes import code_table
from nlts_desktop.domain.enums import Role, TeacherStatus
from nlts_desktop.services.progress import CancelToken, Progress, paused_gc
from nlts_desktop.services.records import TeacherRow
from nlts_desktop.ui.errors import show_error
from nlts_desktop.ui.models import teacher_table_model as columns
from nlts_desktop.ui.models.teacher_table_model import (
    TeacherFilter,
    TeacherTableData,
    TeacherTableModel,
    prepare_teachers,
)
from nlts_desktop.ui.session import AppSession, Changes

SEARCH_DELAY_MS = 150
# Confirmation dialogs name at most this many teachers, then "and N more".
NAMES_SHOWN = 8
_DEFAULT_WIDTHS = {
    columns.NAME: 90,
    columns.ID_NUMBER: 170,
    columns.GENDER: 50,
    columns.BIRTH_DATE: 95,
    columns.SCHOOL: 310,
    columns.STAGE: 100,
    columns.SUBJECT: 100,
    columns.TITLE: 90,
    columns.PHONE: 115,
    columns.STATUS: 70,
}


# Helpers shared with the schools tab --------------------------------------------------------
def configure_table_view(view: QTableView) -> None:
    """Row selection, no editing, fixed row heights (the view never measures 100k rows)."""
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    vertical = view.verticalHeader()
    vertical.hide()
    vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    vertical.setDefaultSectionSize(view.fontMetrics().height() + 8)
    header = view.horizontalHeader()
    header.setSectionsMovable(True)
    header.setHighlightSections(False)
    header.setSortIndicatorClearable(True)
    header.setStretchLastSection(True)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    # No sort until the user asks: the service's order (school code, name) is the default.
    header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)


def selected_ranges(view: QTableView) -> list[tuple[int, int]]:
    """(first, last) view rows of each selected range: no per-row index objects."""
    selection_model = view.selectionModel()
    if selection_model is None:
        return []
    selection = selection_model.selection()
    ranges = (selection.at(i) for i in range(selection.count()))
    return [(r.top(), r.bottom()) for r in ranges]


def selected_view_rows(view: QTableView) -> list[int]:
    """Selected rows of a row-selecting view, ascending."""
    rows: set[int] = set()
    for first, last in selected_ranges(view):
        rows.update(range(first, last + 1))
    return sorted(rows)


def exec_dialog(dialog: QDialog) -> None:
    """Run a dialog that saves by itself (a task's on_success)."""
    dialog.exec()


def show_information(parent: QWidget, title: str, text: str) -> None:
    """A plain information box (a task's on_success)."""
    QMessageBox.information(parent, title, text)


def select_view_rows(view: QTableView, rows: Sequence[int], current: int | None) -> None:
    """Select rows (merged into ranges) and make ``current`` the current, visible row."""
    model = view.model()
    selection_model = view.selectionModel()
    if model is None or selection_model is None:
        return
    last_column = model.columnCount() - 1
    selection = QItemSelection()
    start = previous = -2
    for row in [*rows, -2]:
        if row != previous + 1:
            if start >= 0:
                selection.select(model.index(start, 0), model.index(previous, last_column))
            start = row
        previous = row
    flags = QItemSelectionModel.SelectionFlag
    selection_model.select(selection, flags.ClearAndSelect | flags.Rows)
    if current is not None:
        index = model.index(current, 0)
        selection_model.setCurrentIndex(index, flags.NoUpdate)
        view.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)


def ask_save_path(
    parent: QWidget, session: AppSession, *, title: str, default_name: str
) -> Path | None:
    """A save dialog for an .xlsx file in the folder used last; None when cancelled."""
    folder = session.settings.last_folder("export")
    chosen, _filter = QFileDialog.getSaveFileName(
        parent,
        title,
        str(Path(folder) / default_name),
        QCoreApplication.translate("TableTab", "Excel workbook (*.xlsx)"),
    )
    if not chosen:
        return None
    path = Path(chosen)
    if path.suffix.lower() != ".xlsx":
        path = path.with_name(path.name + ".xlsx")
    session.settings.set_last_folder("export", str(path.parent))
    return path


def joined_names(names: Sequence[str]) -> str:
    """A few names for a confirmation, then "and N more"."""
    separator = QCoreApplication.translate("TableTab", ", ")
    shown = separator.join(names[:NAMES_SHOWN])
    if len(names) <= NAMES_SHOWN:
        return shown
    return QCoreApplication.translate("TableTab", "{names} and {count} more").format(
        names=shown, count=len(names) - NAMES_SHOWN
    )


def run_each(
    parent: QWidget,
    session: AppSession,
    ids: Sequence[int],
    action: Callable[[int], object],
    *,
    label: str,
    changes: Changes,
) -> None:
    """Apply a one-transaction service call to each id in one task, then announce the change.

    A failure part-way leaves the earlier calls committed, so the change is announced then
    too (after the error is shown), and the tables show what really happened.
    """
    done: list[int] = []

    def work(progress: Progress, _cancel: CancelToken) -> int:
        for n, item in enumerate(ids):
            progress(n, len(ids), "")
            action(item)
            done.append(item)
        return len(done)

    def failed(exc: BaseException) -> None:
        show_error(parent, exc)
        if done:
            session.tasks.data_changed.emit(changes)

    session.tasks.run(
        parent,
        work,
        label=label if len(ids) > 1 else None,
        cancellable=False,
        changes=changes,
        on_error=failed,
    )


class _Loaded(NamedTuple):
    """What the loading task hands to the UI thread."""

    data: TeacherTableData
    schools: list[tuple[str, str, int]]  # (code, name, id) of schools with teachers, by code


class TeachersTab(QWidget):
    """The teacher roster: search, filter, sort, and the teacher actions."""

    def __init__(self, session: AppSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._generation = 0
        self._stale = False
        self._loaded_once = False
        self._kept_ids: set[int] = set()
        self._kept_current: int | None = None

        self.model = TeacherTableModel(self)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Search name, ID number, school or phone"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(260)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._apply)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.search.returnPressed.connect(self._apply)

        self.school_filter = QComboBox(self)
        self.school_filter.setEditable(True)
        self.school_filter.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.school_filter.setMinimumContentsLength(14)
        self.school_filter.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        completer = self.school_filter.completer()
        if completer is not None:
            # Type any part of a school's name to find it among 1,600.
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.school_filter.addItem(self.tr("All schools"), None)
        line_edit = self.school_filter.lineEdit()
        if line_edit is not None:
            line_edit.editingFinished.connect(self._fix_school_text)
        self.stage_filter = self._code_combo(self.tr("All stages"), "stages")
        self.subject_filter = self._code_combo(self.tr("All subjects"), "subjects")
        self.title_filter = self._code_combo(self.tr("All titles"), "titles")
        self.status_filter = QComboBox(self)
        self.status_filter.addItem(self.tr("Active and inactive"), None)
        self.status_filter.addItem(self.tr("Active"), TeacherStatus.ACTIVE.value)
        self.status_filter.addItem(self.tr("Inactive"), TeacherStatus.INACTIVE.value)
        for combo in self._filter_combos():
            combo.currentIndexChanged.connect(self._apply)
        self.count_label = QLabel(self)

        self.view = QTableView(self)
        self.view.setObjectName("TeachersTable")
        self.view.setModel(self.model)
        configure_table_view(self.view)
        header = self.view.horizontalHeader()
        for column, width in _DEFAULT_WIDTHS.items():
            header.resizeSection(column, width)
        state = session.settings.header_state("teachers")
        if state is not None:
            header.restoreState(state)
        # Enabling sorting sorts the model once by the (restored) indicator.
        self.view.setSortingEnabled(True)
        self.view.doubleClicked.connect(self._on_double_click)
        self._build_context_menu()

        top = QHBoxLayout()
        top.addWidget(self.search, 2)
        top.addWidget(self.school_filter, 2)
        for combo in (self.stage_filter, self.subject_filter, self.title_filter):
            top.addWidget(combo, 1)
        top.addWidget(self.status_filter, 1)
        top.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view)

        self.model.modelAboutToBeReset.connect(self._keep_selection)
        self.model.modelReset.connect(self._restore_selection)
        self.model.modelReset.connect(self._update_count)
        session.tasks.data_changed.connect(self._on_data_changed)
        self._update_count()

    # construction -----------------------------------------------------------------
    def _code_combo(self, everything: str, table: str) -> QComboBox:
        combo = QComboBox(self)
        combo.addItem(everything, None)
        for entry in code_table(table).entries:
            combo.addItem(entry.name, entry.code)
        return combo

    def _filter_combos(self) -> tuple[QComboBox, ...]:
        return (
            self.school_filter,
            self.stage_filter,
            self.subject_filter,
            self.title_filter,
            self.status_filter,
        )

    def _build_context_menu(self) -> None:
        writes = self.session.actor.role is not Role.VIEWER
        for text, slot, enabled in (
            (self.tr("Edit…"), self.edit_selected, writes),
            (self.tr("Transfer…"), self.transfer_selected, writes),
            (self.tr("Deactivate / Reactivate"), self.toggle_active_selected, writes),
            (self.tr("Copy Rows"), self.copy_selected, True),
        ):
            action = QAction(text, self.view)
            action.triggered.connect(slot)
            action.setEnabled(enabled)
            self.view.addAction(action)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)

    # loading ----------------------------------------------------------------------
    def reload(self) -> None:
        """Load every teacher again (off the UI thread), keeping search, filters and selection."""
        self._generation += 1
        generation = self._generation
        self._stale = False
        teachers = self.session.workspace.teachers
        sort_column = self.model.sort_column
        if not self._loaded_once:
            self.count_label.setText(self.tr("Loading…"))

        def load(_progress: Progress, _cancel: CancelToken) -> _Loaded:
            with paused_gc():
                data = prepare_teachers(teachers.table_rows())
                if sort_column >= 0:
                    data.order(sort_column)  # sort here, not on the UI thread
                schools = sorted({(r.school_code, r.school_name, r.school_id) for r in data.rows})
            return _Loaded(data, schools)

        self.session.tasks.run(
            self, load, on_success=lambda loaded: self._loaded(generation, loaded)
        )

    def _loaded(self, generation: int, loaded: _Loaded) -> None:
        if generation != self._generation:
            return  # a newer reload is on its way
        self._loaded_once = True
        self._fill_schools(loaded.schools)
        self.model.set_rows(loaded.data)

    def _fill_schools(self, schools: Sequence[tuple[str, str, int]]) -> None:
        combo = self.school_filter
        chosen = combo.currentData()
        combo.blockSignals(True)
        try:
            combo.clear()
            combo.addItem(self.tr("All schools"), None)
            for code, name, school_id in schools:
                combo.addItem(name, school_id)
                combo.setItemData(combo.count() - 1, code, Qt.ItemDataRole.ToolTipRole)
            index = combo.findData(chosen) if chosen is not None else 0
            combo.setCurrentIndex(max(index, 0))
        finally:
            combo.blockSignals(False)
        if chosen is not None and combo.currentData() != chosen:
            self._apply()  # the school left the roster: show everyone again

    def _fix_school_text(self) -> None:
        # Typed text that names no school: pick the school named exactly, or put the text back.
        combo = self.school_filter
        text = combo.currentText().strip()
        index = combo.findText(text, Qt.MatchFlag.MatchFixedString) if text else 0
        if index >= 0:
            combo.setCurrentIndex(index)
        combo.setEditText(combo.itemText(combo.currentIndex()))

    def _on_data_changed(self, changes: object) -> None:
        if not (isinstance(changes, Changes) and changes.touches("teachers", "schools")):
            return
        if self.isVisible():
            self.reload()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        """Reload now if data changed while the tab was hidden."""
        super().showEvent(event)
        if self._stale:
            self.reload()

    # search and filters -----------------------------------------------------------
    def current_filter(self) -> TeacherFilter:
        """What the filter combos ask for."""
        return TeacherFilter(
            school_id=self.school_filter.currentData(),
            stage_code=self.stage_filter.currentData(),
            subject_code=self.subject_filter.currentData(),
            title_code=self.title_filter.currentData(),
            status=self.status_filter.currentData(),
        )

    def _apply(self) -> None:
        self._search_timer.stop()
        self.model.apply(self.search.text(), self.current_filter())

    def _update_count(self) -> None:
        if not self._loaded_once:
            return
        self.count_label.setText(
            self.tr("{shown} of {total} teachers").format(
                shown=f"{self.model.rowCount():,}", total=f"{self.model.total_count():,}"
            )
        )

    # selection --------------------------------------------------------------------
    def _keep_selection(self) -> None:
        selection_model = self.view.selectionModel()
        self._kept_ids = set()
        self._kept_current = None
        if selection_model is None:
            return
        for first, last in selected_ranges(self.view):
            self._kept_ids.update(self.model.ids_in(first, last))
        current = selection_model.currentIndex()
        if current.isValid() and current.row() < self.model.rowCount():
            self._kept_current = self.model.row_at(current.row()).id

    def _restore_selection(self) -> None:
        if not self._kept_ids and self._kept_current is None:
            return
        selected = self.model.view_rows_of(self._kept_ids)
        current_rows = (
            self.model.view_rows_of({self._kept_current}) if self._kept_current is not None else []
        )
        select_view_rows(self.view, selected, current_rows[0] if current_rows else None)

    def selected_rows(self) -> list[TeacherRow]:
        """The teachers selected, in view order."""
        return [self.model.row_at(r) for r in selected_view_rows(self.view)]

    def _current_teacher(self) -> TeacherRow | None:
        rows = selected_view_rows(self.view)
        if not rows:
            QMessageBox.information(
                self, self.tr("Teachers"), self.tr("Select a teacher in the table first.")
            )
            return None
        current = self.view.currentIndex()
        row = current.row() if current.isValid() and current.row() in rows else rows[0]
        return self.model.row_at(row)

    def _on_double_click(self, index: QModelIndex) -> None:
        if index.isValid():
            self.edit_selected()

    # actions ----------------------------------------------------------------------
    def focus_search(self) -> None:
        """Put the cursor in the search box."""
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def copy_selected(self) -> None:
        """Copy the selected rows, with the column titles, as tab-separated text."""
        rows = selected_view_rows(self.view)
        if not rows:
            return
        clipboard = QApplication.clipboard()
        clipboard.setText(self.model.rows_as_tsv(rows))

    def new_teacher(self) -> None:
        """Register a teacher."""
        from nlts_desktop.ui.dialogs.teacher_dialog import TeacherDialog

        TeacherDialog(self.session, None, self).exec()

    def edit_selected(self) -> None:
        """Edit the current teacher (fresh from the database, so the version is current)."""
        teacher = self._current_teacher()
        if teacher is None:
            return
        from nlts_desktop.ui.dialogs.teacher_dialog import TeacherDialog

        teachers = self.session.workspace.teachers
        self.session.tasks.run(
            self,
            lambda _p, _c: teachers.get(teacher.id),
            on_success=lambda record: exec_dialog(TeacherDialog(self.session, record, self)),
        )

    def transfer_selected(self) -> None:
        """Move the current teacher to another school (调动)."""
        teacher = self._current_teacher()
        if teacher is None:
            return
        from nlts_desktop.ui.dialogs.transfer_dialog import TransferDialog

        teachers = self.session.workspace.teachers
        self.session.tasks.run(
            self,
            lambda _p, _c: teachers.get(teacher.id),
            on_success=lambda record: exec_dialog(TransferDialog(self.session, record, self)),
        )

    def toggle_active_selected(self) -> None:
        """Deactivate the selected active teachers, or reactivate them if none is active."""
        rows = self.selected_rows()
        if not rows:
            self._current_teacher()  # says what to do
            return
        active = [r for r in rows if r.status == TeacherStatus.ACTIVE.value]
        reactivate = not active
        targets = rows if reactivate else active
        names = joined_names([r.name for r in targets])
        if reactivate:
            title = self.tr("Reactivate teachers")
            question = self.tr("Reactivate {names}?").format(names=names)
        else:
            title = self.tr("Deactivate teachers")
            question = self.tr(
                "Deactivate {names}? Their records are kept and they can be reactivated later."
            ).format(names=names)
        answer = QMessageBox.question(self, title, question)
        if answer != QMessageBox.StandardButton.Yes:
            return
        teachers = self.session.workspace.teachers
        ids = [r.id for r in targets]
        self.session.tasks.run(
            self,
            lambda _p, _c: teachers.set_active_many(ids, reactivate),
            label=self.tr("Updating teachers…") if len(ids) > 1 else None,
            cancellable=False,
            changes=Changes.of("teachers"),
        )

    def delete_selected(self) -> None:
        """Delete teachers registered by mistake; the service refuses once records exist."""
        rows = self.selected_rows()
        if not rows:
            self._current_teacher()
            return
        answer = QMessageBox.question(
            self,
            self.tr("Delete teachers"),
            self.tr("Delete {names}? This cannot be undone.").format(
                names=joined_names([r.name for r in rows])
            ),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        teachers = self.session.workspace.teachers
        run_each(
            self,
            self.session,
            [r.id for r in rows],
            teachers.delete,
            label=self.tr("Deleting teachers…"),
            changes=Changes.of("teachers"),
        )

    def import_file(self) -> None:
        """Import a teacher roster from an Excel file (the wizard saves by itself)."""
        from nlts_desktop.ui.dialogs.import_wizard import ImportWizard

        ImportWizard(self.session, "teachers", self).exec()

    def export_roster(self) -> None:
        """Export every teacher to an .xlsx file."""
        self._export(None)

    def export_view(self) -> None:
        """Export the teachers the table shows now."""
        ids = self.model.visible_ids()
        if not ids:
            QMessageBox.information(
                self,
                self.tr("Export"),
                self.tr("No teachers are shown, so there is nothing to export."),
            )
            return
        self._export(None if len(ids) == self.model.total_count() else ids)

    def _export(self, teacher_ids: list[int] | None) -> None:
        out = ask_save_path(
            self,
            self.session,
            title=self.tr("Export Teachers"),
            default_name=self.tr("Teachers_{date}.xlsx").format(date=date.today().isoformat()),
        )
        if out is None:
            return
        service = self.session.workspace.roster_export

        def export(progress: Progress, cancel: CancelToken) -> int:
            return service.export_teachers(
                out, teacher_ids=teacher_ids, progress=progress, cancel=cancel
            )

        def done(count: int) -> None:
            QMessageBox.information(
                self,
                self.tr("Export"),
                self.tr("Exported {count} teachers to {path}.").format(
                    count=f"{count:,}", path=str(out)
                ),
            )

        self.session.tasks.run(self, export, label=self.tr("Exporting teachers…"), on_success=done)

    def write_template(self) -> None:
        """Save an empty teacher import template."""
        out = ask_save_path(
            self,
            self.session,
            title=self.tr("Teacher Import Template"),
            default_name=self.tr("Teacher import template.xlsx"),
        )
        if out is None:
            return
        from nlts_desktop.services.roster_export import write_roster_template

        self.session.tasks.run(
            self,
            lambda _p, _c: write_roster_template("teachers", out),
            on_success=lambda path: show_information(
                self,
                self.tr("Import Template"),
                self.tr("The template was saved to {path}.").format(path=str(path)),
            ),
        )

    # layout -----------------------------------------------------------------------
    def save_layout(self) -> None:
        """Remember column widths, order and sort."""
        self.session.settings.set_header_state("teachers", self.view.horizontalHeader().saveState())
