"""The main window: tabs 学校 / 教师 / 学时 / 考核 / 审核, menus, toolbar, status bar."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QTabWidget, QToolBar, QWidget

from nlts_desktop import __version__
from nlts_desktop.domain.enums import Role
from nlts_desktop.ui.session import AppSession, Changes
from nlts_desktop.ui.tabs.assessment_tab import AssessmentTab
from nlts_desktop.ui.tabs.hours_tab import HoursTab
from nlts_desktop.ui.tabs.review_tab import ReviewTab
from nlts_desktop.ui.tabs.schools_tab import SchoolsTab
from nlts_desktop.ui.tabs.teachers_tab import TeachersTab


class MainWindow(QMainWindow):
    """One window per workspace; tabs never call each other, they listen to data_changed."""

    def __init__(self, session: AppSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("MainWindow")
        self.setMinimumSize(960, 600)
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.schools_tab = SchoolsTab(session, self)
        self.teachers_tab = TeachersTab(session, self)
        self.hours_tab = HoursTab(session, self)
        self.tabs.addTab(self.schools_tab, self.tr("Schools"))
        self.tabs.addTab(self.teachers_tab, self.tr("Teachers"))
        self.tabs.addTab(self.hours_tab, self.tr("Hours"))
        self.assessment_tab = AssessmentTab(session, self)
        self.tabs.addTab(self.assessment_tab, self.tr("Assessment"))
        # The county's review; a school coordinator only sees their own school's batch state.
        self.review_tab: ReviewTab | None = None
        if session.actor.role is not Role.SCHOOL_COORDINATOR:
            self.review_tab = ReviewTab(session, self)
            self.tabs.addTab(self.review_tab, self.tr("Review"))
        self.setCentralWidget(self.tabs)
        self._status_workspace = QLabel(self)
        self._status_user = QLabel(self)
        self._status_counts = QLabel(self)
        for label in (self._status_workspace, self._status_user):
            self.statusBar().addWidget(label)
        self.statusBar().addPermanentWidget(self._status_counts)
        self._build_actions()
        self._restore_layout()
        session.tasks.data_changed.connect(self._on_data_changed)
        self._update_title()
        self.refresh_counts()
        self.schools_tab.reload()
        self.teachers_tab.reload()
        # Queued after the roster (one worker thread): the hours verdicts of 100k teachers take
        # the service ~1.5 s, so they are ready by the time the clerk opens the tab.
        self.hours_tab.reload()

    # ------------------------------------------------------------------ actions
    def _action(
        self,
        text: str,
        slot: object,
        *,
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
        tip: str | None = None,
        writes: bool = False,
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.triggered.connect(slot)
        # Hidden for viewers; the services refuse them anyway.
        if writes and self.session.actor.role is Role.VIEWER:
            action.setEnabled(False)
        return action

    def _show_teachers(self) -> TeachersTab:
        self.tabs.setCurrentWidget(self.teachers_tab)
        return self.teachers_tab

    def _show_schools(self) -> SchoolsTab:
        self.tabs.setCurrentWidget(self.schools_tab)
        return self.schools_tab

    def _show_hours(self) -> HoursTab:
        self.tabs.setCurrentWidget(self.hours_tab)
        return self.hours_tab

    def _build_actions(self) -> None:
        t = self.teachers_tab
        s = self.schools_tab
        self.act_import_teachers = self._action(
            self.tr("Import &Teachers…"),
            lambda: self._show_teachers().import_file(),
            shortcut="Ctrl+I",
            tip=self.tr("Import a teacher roster from an Excel file"),
            writes=True,
        )
        self.act_import_schools = self._action(
            self.tr("Import &Schools…"),
            lambda: self._show_schools().import_file(),
            shortcut="Ctrl+Shift+I",
            tip=self.tr("Import a school list from an Excel file"),
            writes=True,
        )
        self.act_export_roster = self._action(
            self.tr("&Export Roster…"),
            lambda: self._show_teachers().export_roster(),
            shortcut="Ctrl+E",
            tip=self.tr("Export every teacher to an Excel file"),
        )
        self.act_export_view = self._action(
            self.tr("Export &Current View…"),
            lambda: self._show_teachers().export_view(),
            shortcut="Ctrl+Shift+E",
            tip=self.tr("Export the teachers shown in the table"),
        )
        self.act_template_teachers = self._action(
            self.tr("Teacher Import Template…"), lambda: t.write_template()
        )
        self.act_template_schools = self._action(
            self.tr("School Import Template…"), lambda: s.write_template()
        )
        self.act_quit = self._action(
            self.tr("&Quit"), self.close, shortcut=QKeySequence.StandardKey.Quit
        )
        self.act_new_teacher = self._action(
            self.tr("New &Teacher…"),
            lambda: self._show_teachers().new_teacher(),
            shortcut="Ctrl+N",
            tip=self.tr("Register a teacher"),
            writes=True,
        )
        self.act_new_school = self._action(
            self.tr("New &School…"),
            lambda: self._show_schools().new_school(),
            shortcut="Ctrl+Shift+N",
            tip=self.tr("Register a school"),
            writes=True,
        )
        self.act_edit = self._action(
            self.tr("&Edit…"), self._edit_current, shortcut="Ctrl+Return", writes=True
        )
        self.act_transfer = self._action(
            self.tr("T&ransfer Teacher…"),
            lambda: self._show_teachers().transfer_selected(),
            shortcut="Ctrl+T",
            writes=True,
        )
        self.act_toggle_active = self._action(
            self.tr("&Deactivate / Reactivate"), self._toggle_current, writes=True
        )
        self.act_copy = self._action(
            self.tr("&Copy Rows"), self._copy_current, shortcut=QKeySequence.StandardKey.Copy
        )
        self.act_find = self._action(
            self.tr("&Find"), self._find_current, shortcut=QKeySequence.StandardKey.Find
        )
        self.act_refresh = self._action(
            self.tr("&Refresh"), self._refresh_all, shortcut=QKeySequence.StandardKey.Refresh
        )
        self.act_about = self._action(self.tr("&About"), self._about)
        h = self.hours_tab
        self.act_new_hours = self._action(
            self.tr("New &Hour Record…"),
            lambda: self._show_hours().new_entry(),
            shortcut="Ctrl+H",
            tip=self.tr("Add an hour record for the selected teacher"),
            writes=True,
        )
        self.act_bulk_hours = self._action(
            self.tr("&Bulk Entry for Selected Teachers…"),
            lambda: self._show_hours().bulk_entry(),
            tip=self.tr("Add the same hour record for every selected teacher"),
            writes=True,
        )
        self.act_import_hours = self._action(
            self.tr("&Import Institution Export…"),
            lambda: self._show_hours().import_hours(),
            tip=self.tr("Import the hours a training institution's platform exported"),
            writes=True,
        )
        self.act_export_short = self._action(
            self.tr("Export &Still-Short List…"),
            lambda: self._show_hours().export_still_short(),
            tip=self.tr("Save the teachers shown who are short of hours as an Excel file"),
        )
        self.act_print_ledgers = self._action(
            self.tr("&Print Hour Records (PDF)…"),
            lambda: self._show_hours().print_ledgers(),
            tip=self.tr("Personal hour records of the selected teachers or of a school"),
        )
        self.act_form_design = self._action(
            self.tr("Project Design Form…"), lambda: h.export_project_design_form()
        )
        self.act_form_changes = self._action(
            self.tr("Trainee Change Form…"), lambda: h.export_trainee_changes_form()
        )
        self.act_form_institutions = self._action(
            self.tr("Institution List…"), lambda: h.export_institutions_form()
        )
        self.act_form_hours = self._action(
            self.tr("School Hours Summary…"), lambda: h.export_school_hours_summary()
        )

        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        for action in (self.act_import_schools, self.act_import_teachers):
            file_menu.addAction(action)
        file_menu.addSeparator()
        file_menu.addAction(self.act_export_roster)
        file_menu.addAction(self.act_export_view)
        templates = file_menu.addMenu(self.tr("Import Templates"))
        templates.addAction(self.act_template_schools)
        templates.addAction(self.act_template_teachers)
        forms = file_menu.addMenu(self.tr("Official Forms"))
        for action in (
            self.act_form_design,
            self.act_form_changes,
            self.act_form_institutions,
            self.act_form_hours,
        ):
            forms.addAction(action)
        file_menu.addSeparator()
        file_menu.addAction(self.act_quit)
        edit_menu = bar.addMenu(self.tr("&Edit"))
        for action in (
            self.act_new_school,
            self.act_new_teacher,
            self.act_edit,
            self.act_transfer,
            self.act_toggle_active,
        ):
            edit_menu.addAction(action)
        edit_menu.addSeparator()
        edit_menu.addAction(self.act_copy)
        edit_menu.addAction(self.act_find)
        hours_menu = bar.addMenu(self.tr("H&ours"))
        for action in (self.act_new_hours, self.act_bulk_hours, self.act_import_hours):
            hours_menu.addAction(action)
        hours_menu.addSeparator()
        hours_menu.addAction(self.act_export_short)
        hours_menu.addAction(self.act_print_ledgers)
        view_menu = bar.addMenu(self.tr("&View"))
        view_menu.addAction(self.act_refresh)
        help_menu = bar.addMenu(self.tr("&Help"))
        help_menu.addAction(self.act_about)

        toolbar = QToolBar(self.tr("Main Toolbar"), self)
        toolbar.setObjectName("MainToolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in (
            self.act_new_school,
            self.act_new_teacher,
            self.act_edit,
            self.act_transfer,
        ):
            toolbar.addAction(action)
        toolbar.addSeparator()
        for action in (self.act_import_schools, self.act_import_teachers, self.act_export_roster):
            toolbar.addAction(action)
        toolbar.addSeparator()
        toolbar.addAction(self.act_refresh)
        self.addToolBar(toolbar)

    def _current(self) -> SchoolsTab | TeachersTab | HoursTab:
        widget = self.tabs.currentWidget()
        return widget if isinstance(widget, SchoolsTab | HoursTab) else self.teachers_tab

    def _edit_current(self) -> None:
        self._current().edit_selected()

    def _toggle_current(self) -> None:
        tab = self._current()
        # Deactivating is a roster action: from the hours tab it goes to the teachers tab.
        (self._show_teachers() if isinstance(tab, HoursTab) else tab).toggle_active_selected()

    def _copy_current(self) -> None:
        self._current().copy_selected()

    def _find_current(self) -> None:
        self._current().focus_search()

    def _refresh_all(self) -> None:
        self.schools_tab.reload()
        self.teachers_tab.reload()
        self.hours_tab.reload()
        self.assessment_tab.reload()
        if self.review_tab is not None:
            self.review_tab.reload()
        self.refresh_counts()

    def _about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About NLTS Desktop"),
            self.tr(
                "NLTS Desktop {version}\n"
                "Teacher IT application capability programme 2.0, county management."
            ).format(version=__version__),
        )

    # ------------------------------------------------------------------ status
    def _update_title(self) -> None:
        info = self.session.workspace.info()
        self._info = info
        self.setWindowTitle(
            self.tr("NLTS Desktop — {region} ({code})").format(
                region=info.region_name, code=info.region_code
            )
        )
        self._status_workspace.setText(
            self.tr("Workspace: {region}, rules {preset}").format(
                region=info.region_name, preset=info.preset_name
            )
        )
        actor = self.session.actor
        self._status_user.setText(
            self.tr("User: {name} ({role})").format(name=actor.username, role=actor.role.label)
        )

    def refresh_counts(self) -> None:
        """Update the counts in the status bar (off the UI thread)."""

        def show(counts: dict[str, int]) -> None:
            self._status_counts.setText(
                self.tr("{schools} schools, {teachers} teachers ({active} active)").format(
                    schools=counts["schools"],
                    teachers=counts["teachers"],
                    active=counts["teachers_active"],
                )
            )

        self.session.tasks.run(
            self, lambda _p, _c: self.session.workspace.stats.counts(), on_success=show
        )

    def _on_data_changed(self, changes: object) -> None:
        if isinstance(changes, Changes) and changes.touches("schools", "teachers"):
            self.refresh_counts()

    # ------------------------------------------------------------------ layout
    def _restore_layout(self) -> None:
        settings = self.session.settings
        geometry = settings.geometry("main")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 800)
        state = settings.window_state("main")
        if state is not None:
            self.restoreState(state)
        self.tabs.setCurrentIndex(min(settings.current_tab(), self.tabs.count() - 1))

    def closeEvent(self, event: QCloseEvent) -> None:
        """Remember the layout, then close."""
        settings = self.session.settings
        settings.set_geometry("main", self.saveGeometry())
        settings.set_window_state("main", self.saveState())
        settings.set_current_tab(self.tabs.currentIndex())
        self.schools_tab.save_layout()
        self.teachers_tab.save_layout()
        self.hours_tab.save_layout()
        settings.sync()
        self.session.tasks.wait()
        super().closeEvent(event)
