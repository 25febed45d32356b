"""The 学校 tab: every school with its teacher count, search, filters, and the school actions."""

from __future__ import annotations

from PySide6.QtCore import Qt
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

from nlts_desktop.domain.enums import Role
from nlts_desktop.services.progress import CancelToken, Progress
from nlts_desktop.services.records import SchoolRecord
from nlts_desktop.ui.models import school_table_model as columns
from nlts_desktop.ui.models.school_table_model import SchoolFilter, SchoolTableModel
from nlts_desktop.ui.session import AppSession, Changes
from nlts_desktop.ui.tabs.table_tab import (
    TableTab,
    exec_dialog,
    joined_names,
    run_each,
    selected_view_rows,
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


class SchoolsTab(TableTab):
    """The school list: search, filter, sort, and the school actions."""

    kind = "schools"
    model: SchoolTableModel

    def __init__(self, session: AppSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.model = SchoolTableModel(self)
        self.search = self.make_search(self.tr("Search school code or name"))

        self.stage_filter = self.code_combo(self.tr("All stages"), "stages")
        self.urban_rural_filter = self.code_combo(self.tr("All urban/rural areas"), "urban_rural")
        self.status_filter = QComboBox(self)
        self.status_filter.addItem(self.tr("Active and inactive"), None)
        self.status_filter.addItem(self.tr("Active"), "active")
        self.status_filter.addItem(self.tr("Inactive"), "inactive")
        for combo in (self.stage_filter, self.urban_rural_filter, self.status_filter):
            combo.currentIndexChanged.connect(self._apply)
        self.count_label = QLabel(self)

        self.view = QTableView(self)
        self.view.setObjectName("SchoolsTable")
        self.set_up_view(self.view, _DEFAULT_WIDTHS)
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

    # construction -----------------------------------------------------------------
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

    # search and filters -----------------------------------------------------------
    def current_filter(self) -> SchoolFilter:
        """What the filter combos ask for."""
        return SchoolFilter(
            stage_code=self.stage_filter.currentData(),
            urban_rural_code=self.urban_rural_filter.currentData(),
            status=self.status_filter.currentData(),
        )

    # selection --------------------------------------------------------------------
    def count_text(self, shown: str, total: str) -> str:
        """The "N of M schools" label."""
        return self.tr("{shown} of {total} schools").format(shown=shown, total=total)

    def item_at(self, view_row: int) -> SchoolRecord:
        """The school in a view row."""
        return self.model.school_at(view_row)

    def nothing_selected(self) -> None:
        """Say that a school must be selected first."""
        QMessageBox.information(
            self, self.tr("Schools"), self.tr("Select a school in the table first.")
        )

    def selected_schools(self) -> list[SchoolRecord]:
        """The schools selected, in view order."""
        return [self.model.school_at(r) for r in selected_view_rows(self.view)]

    # actions ----------------------------------------------------------------------
    def new_school(self) -> None:
        """Register a school."""
        from nlts_desktop.ui.dialogs.school_dialog import SchoolDialog

        SchoolDialog(self.session, None, self).exec()

    def edit_selected(self) -> None:
        """Edit the current school (fresh from the database, so the version is current)."""
        school = self.current_item()
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
            self.current_item()  # says what to do
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

    def write_template(self) -> None:
        """Save an empty school import template."""
        self.save_template(
            title=self.tr("School Import Template"),
            default_name=self.tr("School import template.xlsx"),
        )

    # layout -----------------------------------------------------------------------
