"""The 学校 tab: every school with its teacher count, search, filters, and the school actions."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtGui import QAction, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
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
from nlts_desktop.domain.enums import Role
from nlts_desktop.services.progress import CancelToken, Progress
from nlts_desktop.services.records import SchoolRecord
from nlts_desktop.ui.models import school_table_model as columns
from nlts_desktop.ui.models.school_table_model import SchoolFilter, SchoolTableModel
from nlts_desktop.ui.session import AppSession, Changes
from nlts_desktop.ui.tabs.teachers_tab import (
    SEARCH_DELAY_MS,
    ask_save_path,
    configure_table_view,
    exec_dialog,
    joined_names,
    run_each,
    select_view_rows,
    selected_ranges,
    selected_view_rows,
    show_information,
)

_DEFAULT_WIDTHS = {
    columns.CODE: 100,
    columns.NAME: 310,
    columns.CATEGORY: 110,
    columns.STAGE: 100,
    columns.URBAN_RURAL: 90,
    columns.ENVIRONMENTS: 200,
    columns.CENTER: 60,
    columns.PILOT: 60,
    columns.DEMO: 60,
    columns.TEACHERS: 70,
    columns.STATUS: 70,
}


class SchoolsTab(QWidget):
    """The school list: search, filter, sort, and the school actions."""

    def __init__(self, session: AppSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._generation = 0
        self._stale = False
        self._loaded_once = False
        self._kept_ids: set[int] = set()
        self._kept_current: int | None = None

        self.model = SchoolTableModel(self)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Search school code or name"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(240)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._apply)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.search.returnPressed.connect(self._apply)

        self.stage_filter = self._code_combo(self.tr("All stages"), "stages")
        self.urban_rural_filter = self._code_combo(self.tr("All urban/rural areas"), "urban_rural")
        self.status_filter = QComboBox(self)
        self.status_filter.addItem(self.tr("Active and inactive"), None)
        self.status_filter.addItem(self.tr("Active"), "active")
        self.status_filter.addItem(self.tr("Inactive"), "inactive")
        for combo in (self.stage_filter, self.urban_rural_filter, self.status_filter):
            combo.currentIndexChanged.connect(self._apply)
        self.count_label = QLabel(self)

        self.view = QTableView(self)
        self.view.setObjectName("SchoolsTable")
        self.view.setModel(self.model)
        configure_table_view(self.view)
        header = self.view.horizontalHeader()
        for column, width in _DEFAULT_WIDTHS.items():
            header.resizeSection(column, width)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        state = session.settings.header_state("schools")
        if state is not None:
            header.restoreState(state)
        self.view.setSortingEnabled(True)
        self.view.doubleClicked.connect(self._on_double_click)
        self._build_context_menu()

        top = QHBoxLayout()
        top.addWidget(self.search, 2)
        top.addWidget(self.stage_filter, 1)
        top.addWidget(self.urban_rural_filter, 1)
        top.addWidget(self.status_filter, 1)
        top.addStretch(1)
        top.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view)

        self.model.modelAboutToBeReset.connect(self._keep_selection)
        self.model.modelReset.connect(self._restore_selection)
        self.model.modelReset.connect(self._update_count)
        session.tasks.data_changed.connect(self._on_data_changed)

    # construction -----------------------------------------------------------------
    def _code_combo(self, everything: str, table: str) -> QComboBox:
        combo = QComboBox(self)
        combo.addItem(everything, None)
        for entry in code_table(table).entries:
            combo.addItem(entry.name, entry.code)
        return combo

    def _build_context_menu(self) -> None:
        writes = self.session.actor.role is not Role.VIEWER
        for text, slot, enabled in (
            (self.tr("Edit…"), self.edit_selected, writes),
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
        """Load the schools, then their active-teacher counts (off the UI thread)."""
        self._generation += 1
        generation = self._generation
        self._stale = False
        workspace = self.session.workspace
        if not self._loaded_once:
            self.count_label.setText(self.tr("Loading…"))

        def count_teachers(_progress: Progress, _cancel: CancelToken) -> dict[int, int]:
            return workspace.stats.active_teachers_per_school()

        def counted(counts: dict[int, int]) -> None:
            if generation == self._generation:
                self.model.set_teacher_counts(counts)

        def loaded(schools: list[SchoolRecord]) -> None:
            if generation != self._generation:
                return
            self._loaded_once = True
            self.model.set_rows(schools)
            # Queued only now: a roster load asked for meanwhile (the teachers tab at start-up)
            # runs first on the one database thread, and the counts follow.
            self.session.tasks.run(self, count_teachers, on_success=counted)

        self.session.tasks.run(self, lambda _p, _c: workspace.schools.list(), on_success=loaded)

    def _on_data_changed(self, changes: object) -> None:
        # Teachers change the counts; schools change everything.
        if not (isinstance(changes, Changes) and changes.touches("schools", "teachers")):
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
    def current_filter(self) -> SchoolFilter:
        """What the filter combos ask for."""
        return SchoolFilter(
            stage_code=self.stage_filter.currentData(),
            urban_rural_code=self.urban_rural_filter.currentData(),
            status=self.status_filter.currentData(),
        )

    def _apply(self) -> None:
        self._search_timer.stop()
        self.model.apply(self.search.text(), self.current_filter())

    def _update_count(self) -> None:
        if not self._loaded_once:
            return
        self.count_label.setText(
            self.tr("{shown} of {total} schools").format(
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
            self._kept_current = self.model.school_at(current.row()).id

    def _restore_selection(self) -> None:
        if not self._kept_ids and self._kept_current is None:
            return
        selected = self.model.view_rows_of(self._kept_ids)
        current_rows = (
            self.model.view_rows_of({self._kept_current}) if self._kept_current is not None else []
        )
        select_view_rows(self.view, selected, current_rows[0] if current_rows else None)

    def selected_schools(self) -> list[SchoolRecord]:
        """The schools selected, in view order."""
        return [self.model.school_at(r) for r in selected_view_rows(self.view)]

    def _current_school(self) -> SchoolRecord | None:
        rows = selected_view_rows(self.view)
        if not rows:
            QMessageBox.information(
                self, self.tr("Schools"), self.tr("Select a school in the table first.")
            )
            return None
        current = self.view.currentIndex()
        row = current.row() if current.isValid() and current.row() in rows else rows[0]
        return self.model.school_at(row)

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
        if rows:
            QApplication.clipboard().setText(self.model.rows_as_tsv(rows))

    def new_school(self) -> None:
        """Register a school."""
        from nlts_desktop.ui.dialogs.school_dialog import SchoolDialog

        SchoolDialog(self.session, None, self).exec()

    def edit_selected(self) -> None:
        """Edit the current school (fresh from the database, so the version is current)."""
        school = self._current_school()
        if school is None:
            return
        from nlts_desktop.ui.dialogs.school_dialog import SchoolDialog

        schools = self.session.workspace.schools
        self.session.tasks.run(
            self,
            lambda _p, _c: schools.get(school.id),
            on_success=lambda record: exec_dialog(SchoolDialog(self.session, record, self)),
        )

    def toggle_active_selected(self) -> None:
        """Deactivate the selected active schools, or reactivate them if none is active."""
        selected = self.selected_schools()
        if not selected:
            self._current_school()  # says what to do
            return
        active = [s for s in selected if s.status == "active"]
        reactivate = not active
        targets = selected if reactivate else active
        names = joined_names([s.name for s in targets])
        if reactivate:
            title = self.tr("Reactivate schools")
            question = self.tr("Reactivate {names}?").format(names=names)
        else:
            title = self.tr("Deactivate schools")
            question = self.tr(
                "Deactivate {names}? A school that still has active teachers stays active."
            ).format(names=names)
        if QMessageBox.question(self, title, question) != QMessageBox.StandardButton.Yes:
            return
        schools = self.session.workspace.schools
        run_each(
            self,
            self.session,
            [s.id for s in targets],
            lambda school_id: schools.set_active(school_id, reactivate),
            label=self.tr("Updating schools…"),
            changes=Changes.of("schools"),
        )

    def import_file(self) -> None:
        """Import a school list from an Excel file (the wizard saves by itself)."""
        from nlts_desktop.ui.dialogs.import_wizard import ImportWizard

        ImportWizard(self.session, "schools", self).exec()

    def write_template(self) -> None:
        """Save an empty school import template."""
        out = ask_save_path(
            self,
            self.session,
            title=self.tr("School Import Template"),
            default_name=self.tr("School import template.xlsx"),
        )
        if out is None:
            return
        from nlts_desktop.services.roster_export import write_roster_template

        self.session.tasks.run(
            self,
            lambda _p, _c: write_roster_template("schools", out),
            on_success=lambda path: show_information(
                self,
                self.tr("Import Template"),
                self.tr("The template was saved to {path}.").format(path=str(path)),
            ),
        )

    # layout -----------------------------------------------------------------------
    def save_layout(self) -> None:
        """Remember column widths, order and sort."""
        self.session.settings.set_header_state("schools", self.view.horizontalHeader().saveState())
