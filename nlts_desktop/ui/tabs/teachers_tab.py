"""The 教师 tab: the whole roster in one table, with search, filters, and the teacher actions.

Rows load off the UI thread (display strings included) and the table filters and sorts its
own Python lists (FIELD-NOTES.md, Qt).  The tab reloads when ``data_changed`` says teachers or
schools changed; while hidden it only marks itself stale and reloads when shown.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from PySide6.QtCore import (
    Qt,
)
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from nlts_desktop.domain.enums import Role, TeacherStatus
from nlts_desktop.services.progress import CancelToken, Progress, paused_gc
from nlts_desktop.services.records import TeacherRow
from nlts_desktop.ui.models import teacher_table_model as columns
from nlts_desktop.ui.models.row_list_model import PreparedRows
from nlts_desktop.ui.models.teacher_table_model import (
    TeacherFilter,
    TeacherTableModel,
    prepare_teachers,
)
from nlts_desktop.ui.session import AppSession, Changes
from nlts_desktop.ui.tabs.table_tab import (
    TableTab,
    ask_save_path,
    exec_dialog,
    fill_combo,
    joined_names,
    run_each,
    selected_view_rows,
)

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


class _Loaded(NamedTuple):
    """What the loading task hands to the UI thread."""

    data: PreparedRows
    schools: list[tuple[str, str, int]]  # (code, name, id) of schools with teachers, by code


class TeachersTab(TableTab):
    """The teacher roster: search, filter, sort, and the teacher actions."""

    kind = "teachers"
    model: TeacherTableModel

    def __init__(self, session: AppSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.model = TeacherTableModel(self)
        self.search = self.make_search(self.tr("Search name, ID number, school or phone"))

        self.school_filter = self.make_school_filter(width=14)
        self.stage_filter = self.code_combo(self.tr("All stages"), "stages")
        self.subject_filter = self.code_combo(self.tr("All subjects"), "subjects")
        self.title_filter = self.code_combo(self.tr("All titles"), "titles")
        self.status_filter = QComboBox(self)
        self.status_filter.addItem(self.tr("Active and inactive"), None)
        self.status_filter.addItem(self.tr("Active"), TeacherStatus.ACTIVE.value)
        self.status_filter.addItem(self.tr("Inactive"), TeacherStatus.INACTIVE.value)
        for combo in self._filter_combos():
            combo.currentIndexChanged.connect(self._apply)
        self.count_label = QLabel(self)

        self.view = QTableView(self)
        self.view.setObjectName("TeachersTable")
        self.set_up_view(self.view, _DEFAULT_WIDTHS)
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

        self._update_count()

    # construction -----------------------------------------------------------------
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
        if not fill_combo(
            self.school_filter,
            self.all_schools_text(),
            [(name, school_id, code) for code, name, school_id in loaded.schools],
        ):
            self._apply()  # the school left the roster: show everyone again
        self.model.set_rows(loaded.data)

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

    # selection --------------------------------------------------------------------
    def count_text(self, shown: str, total: str) -> str:
        """The "N of M teachers" label."""
        return self.tr("{shown} of {total} teachers").format(shown=shown, total=total)

    def item_at(self, view_row: int) -> TeacherRow:
        """The teacher in a view row."""
        return self.model.row_at(view_row)

    def nothing_selected(self) -> None:
        """Say that a teacher must be selected first."""
        QMessageBox.information(
            self, self.tr("Teachers"), self.tr("Select a teacher in the table first.")
        )

    def selected_rows(self) -> list[TeacherRow]:
        """The teachers selected, in view order."""
        return [self.model.row_at(r) for r in selected_view_rows(self.view)]

    # actions ----------------------------------------------------------------------
    def new_teacher(self) -> None:
        """Register a teacher."""
        from nlts_desktop.ui.dialogs.teacher_dialog import TeacherDialog

        TeacherDialog(self.session, None, self).exec()

    def edit_selected(self) -> None:
        """Edit the current teacher (fresh from the database, so the version is current)."""
        teacher = self.current_item()
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
        teacher = self.current_item()
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
            self.current_item()  # says what to do
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
            self.current_item()
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
        self.save_template(
            title=self.tr("Teacher Import Template"),
            default_name=self.tr("Teacher import template.xlsx"),
        )

    # layout -----------------------------------------------------------------------
