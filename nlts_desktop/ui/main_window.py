"""The main window: tabs 学校 / 教师 / 学时 / 考核 / 审核, menus, toolbar, status bar.

The workspace's level decides what it shows: a county gets every tab; a school (made from the
county's school kit) the same without the county's review and without the county-only actions;
a city only its 各区县 tab.  Every level has the 数据包 menu: take a package in, make the ones
that level sends, the package records and the keys.
"""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QTabWidget, QToolBar, QWidget

from nlts_desktop import __version__
from nlts_desktop.domain.enums import Role
from nlts_desktop.domain.errors import AppError
from nlts_desktop.services.context import ADMIN_ROLES, REVIEW_ROLES, SCHOOL_ROLES
from nlts_desktop.ui.dialogs import certificate_dialogs, form_exports
from nlts_desktop.ui.dialogs.annual_plan_dialog import open_annual_plan
from nlts_desktop.ui.dialogs.leadership_dialog import open_leadership
from nlts_desktop.ui.dialogs.package_dialogs import (
    KIT,
    REPORT,
    RETURN,
    SUBMISSION,
    KeysDialog,
    PackageLedgerDialog,
    make_package,
    start_import,
)
from nlts_desktop.ui.dialogs.recovery_dialogs import with_read_only_banner
from nlts_desktop.ui.errors import show_error
from nlts_desktop.ui.session import AppSession, Changes
from nlts_desktop.ui.tabs.assessment_tab import AssessmentTab
from nlts_desktop.ui.tabs.city_tab import CityTab
from nlts_desktop.ui.tabs.dashboard_tab import DashboardTab
from nlts_desktop.ui.tabs.hours_tab import HoursTab
from nlts_desktop.ui.tabs.review_tab import ReviewTab
from nlts_desktop.ui.tabs.schools_tab import SchoolsTab
from nlts_desktop.ui.tabs.teachers_tab import TeachersTab
from nlts_desktop.ui.tools_menu import add_tools_menu


class _Roster(NamedTuple):
    """The tabs of a county or school workspace."""

    schools: SchoolsTab
    teachers: TeachersTab
    hours: HoursTab
    assessment: AssessmentTab


class MainWindow(QMainWindow):
    """One window per workspace; tabs never call each other, they listen to data_changed."""

    def __init__(self, session: AppSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._info = session.workspace.info()
        #: "county", "school" (made from a school kit) or "city".
        self.level = self._info.level
        self.setObjectName("MainWindow")
        self.setMinimumSize(960, 600)
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.schools_tab: SchoolsTab | None = None
        self.teachers_tab: TeachersTab | None = None
        self.hours_tab: HoursTab | None = None
        self.assessment_tab: AssessmentTab | None = None
        # The county's review; a school coordinator only sees their own school's batch state.
        self.review_tab: ReviewTab | None = None
        self.city_tab: CityTab | None = None
        # 统计: the county's figures (a school workspace holds one school, not a county).
        self.dashboard_tab: DashboardTab | None = None
        self._roster: _Roster | None = None
        if self.level == "city":
            # A city holds the counties' reports, not a roster of its own.
            self.city_tab = CityTab(session, self)
            self.tabs.addTab(self.city_tab, self.tr("Counties"))
        else:
            self._roster = self._build_roster_tabs()
        #: 只读模式: a banner above the tabs; write actions stay, their services refuse.
        self.read_only_banner: QLabel | None = None
        if session.workspace.db.read_only:
            central, self.read_only_banner = with_read_only_banner(self.tabs, self)
            self.setCentralWidget(central)
        else:
            self.setCentralWidget(self.tabs)
        self._status_workspace = QLabel(self)
        self._status_user = QLabel(self)
        self._status_counts = QLabel(self)
        for label in (self._status_workspace, self._status_user):
            self.statusBar().addWidget(label)
        self.statusBar().addPermanentWidget(self._status_counts)
        if self._roster is not None:
            self._build_actions(self._roster)
        else:
            self._build_city_actions()
        self._restore_layout()
        session.tasks.data_changed.connect(self._on_data_changed)
        # 自动备份: every N minutes when the data changed (the service decides, ~1 ms if not).
        self.backup_timer = QTimer(self)
        self.backup_timer.timeout.connect(self.auto_backup)
        self._start_backup_timer()
        self._update_title()
        self.refresh_counts()
        if self._roster is not None:
            self._roster.schools.reload()
            self._roster.teachers.reload()
            # Queued after the roster (one worker thread): the hours verdicts of 100k teachers
            # take the service ~1.5 s, so they are ready by the time the clerk opens the tab.
            self._roster.hours.reload()
            # The statistics (~0.8–1.2 s for 100k teachers) likewise, kept by the service.
            if self.dashboard_tab is not None:
                self.dashboard_tab.prefetch()

    def _build_roster_tabs(self) -> _Roster:
        session = self.session
        roster = _Roster(
            SchoolsTab(session, self),
            TeachersTab(session, self),
            HoursTab(session, self),
            AssessmentTab(session, self),
        )
        self.schools_tab, self.teachers_tab, self.hours_tab, self.assessment_tab = roster
        self.tabs.addTab(roster.schools, self.tr("Schools"))
        self.tabs.addTab(roster.teachers, self.tr("Teachers"))
        self.tabs.addTab(roster.hours, self.tr("Hours"))
        self.tabs.addTab(roster.assessment, self.tr("Assessment"))
        # A school reviews nothing: its batch is reviewed at the county.
        if self.level != "school" and session.actor.role is not Role.SCHOOL_COORDINATOR:
            self.review_tab = ReviewTab(session, self)
            self.tabs.addTab(self.review_tab, self.tr("Review"))
            self.dashboard_tab = DashboardTab(session, self)
            self.tabs.addTab(self.dashboard_tab, self.tr("Statistics"))
        return roster

    # ------------------------------------------------------------------ actions
    def _action(
        self,
        text: str,
        slot: object,
        *,
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
        tip: str | None = None,
        writes: bool = False,
        roles: frozenset[Role] | None = None,
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
        if roles is not None and self.session.actor.role not in roles:
            action.setEnabled(False)
        return action

    def _roster_tabs(self) -> _Roster:
        # Only the actions of a county or school window reach here.
        assert self._roster is not None
        return self._roster

    def _show_teachers(self) -> TeachersTab:
        tab = self._roster_tabs().teachers
        self.tabs.setCurrentWidget(tab)
        return tab

    def _show_schools(self) -> SchoolsTab:
        tab = self._roster_tabs().schools
        self.tabs.setCurrentWidget(tab)
        return tab

    def _show_hours(self) -> HoursTab:
        tab = self._roster_tabs().hours
        self.tabs.setCurrentWidget(tab)
        return tab

    def _build_package_actions(self) -> None:
        """The 数据包 menu's actions: import, the kinds this level makes, records, keys."""
        self.act_import_package = self._action(
            self.tr("&Import Package…"),
            lambda: start_import(self, self.session),
            tip=self.tr("Check a package from another office and take it in"),
            writes=True,
        )
        self.act_make_kit = self._action(
            self.tr("Make &School Kit…"),
            lambda: make_package(self, self.session, KIT),
            tip=self.tr("The package a school's coordinator works offline with"),
            roles=ADMIN_ROLES,
        )
        self.act_make_return = self._action(
            self.tr("Make County &Return…"),
            lambda: make_package(self, self.session, RETURN),
            tip=self.tr("The review decisions on a school's batch, back to the school"),
            roles=REVIEW_ROLES,
        )
        self.act_make_report = self._action(
            self.tr("Make County Re&port…"),
            lambda: make_package(self, self.session, REPORT),
            tip=self.tr("The county's hours and assessment results for the city"),
            roles=REVIEW_ROLES,
        )
        self.act_make_submission = self._action(
            self.tr("Make Assessment &Submission…"),
            lambda: make_package(self, self.session, SUBMISSION),
            tip=self.tr("This school's submitted batch, for the county's review"),
            roles=SCHOOL_ROLES,
        )
        self.act_package_ledger = self._action(
            self.tr("Package Re&cords…"),
            lambda: PackageLedgerDialog(self.session, self).exec(),
            tip=self.tr("Every package made, taken in or refused"),
        )
        self.act_keys = self._action(
            self.tr("&Keys…"),
            lambda: KeysDialog(self.session, self).exec(),
            tip=self.tr("This office's key fingerprints and the other offices' keys"),
        )

    def _add_package_menu(self) -> None:
        menu = self.menuBar().addMenu(self.tr("&Packages"))
        menu.addAction(self.act_import_package)
        makes = {
            "county": (self.act_make_kit, self.act_make_return, self.act_make_report),
            "school": (self.act_make_submission,),
        }.get(self.level, ())
        if makes:
            menu.addSeparator()
            for action in makes:
                menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.act_package_ledger)
        menu.addAction(self.act_keys)
        self.package_menu = menu

    def _build_city_actions(self) -> None:
        """A city window: the package menu, refresh, quit and about."""
        self._build_package_actions()
        self.act_quit = self._action(
            self.tr("&Quit"), self.close, shortcut=QKeySequence.StandardKey.Quit
        )
        self.act_refresh = self._action(
            self.tr("&Refresh"), self._refresh_all, shortcut=QKeySequence.StandardKey.Refresh
        )
        self.act_about = self._action(self.tr("&About"), self._about)
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        file_menu.addAction(self.act_quit)
        self._add_package_menu()
        self.tools_menu = add_tools_menu(self, self.session)
        view_menu = bar.addMenu(self.tr("&View"))
        view_menu.addAction(self.act_refresh)
        help_menu = bar.addMenu(self.tr("&Help"))
        help_menu.addAction(self.act_about)
        toolbar = QToolBar(self.tr("Main Toolbar"), self)
        toolbar.setObjectName("MainToolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        toolbar.addAction(self.act_import_package)
        toolbar.addSeparator()
        toolbar.addAction(self.act_refresh)
        self.addToolBar(toolbar)

    def _build_actions(self, roster: _Roster) -> None:
        t = roster.teachers
        s = roster.schools
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
        h = roster.hours
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
        self.forms_menu = forms
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
        if self.dashboard_tab is not None:
            self._add_statistics_menu(self.dashboard_tab)
        self._add_plan_forms_and_certificates()
        self._build_package_actions()
        self._add_package_menu()
        self.tools_menu = add_tools_menu(self, self.session)
        view_menu = bar.addMenu(self.tr("&View"))
        view_menu.addAction(self.act_refresh)
        help_menu = bar.addMenu(self.tr("&Help"))
        help_menu.addAction(self.act_verify_certificate)
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
        if self.level == "school":
            # The school's own record and the county's forms belong to the county: the kit
            # brought the school, and the county fills in the official forms.
            for action in (
                self.act_new_school,
                self.act_import_schools,
                self.act_template_schools,
                forms.menuAction(),
            ):
                action.setVisible(False)
                action.setEnabled(False)

    def _add_statistics_menu(self, tab: DashboardTab) -> None:
        """统计: the annual targets, the statistics workbook and the county briefing."""
        self.act_targets = self._action(
            self.tr("Annual &Targets…"),
            tab.edit_targets,
            tip=self.tr("Planned teachers per year and level"),
        )
        self.act_export_statistics = self._action(
            self.tr("&Export Statistics…"),
            lambda: self._show_dashboard().export_statistics(),
            tip=self.tr("Every table of the Statistics tab in one Excel workbook"),
        )
        self.act_print_briefing = self._action(
            self.tr("&Print Briefing…"),
            lambda: self._show_dashboard().print_briefing(),
            tip=self.tr("The one-page county briefing as a PDF"),
        )
        menu = self.menuBar().addMenu(self.tr("&Statistics"))
        menu.addAction(self.act_targets)
        menu.addSeparator()
        menu.addAction(self.act_export_statistics)
        menu.addAction(self.act_print_briefing)
        self.statistics_menu = menu

    def _add_plan_forms_and_certificates(self) -> None:
        """The plan forms in Official Forms, their imports, and the county's 证书 menu."""
        session = self.session
        self.act_form_plan_table = self._action(
            self.tr("Annual Training Plan Table…"),
            lambda: form_exports.export_plan_table_form(self, session),
        )
        self.act_annual_plan = self._action(
            self.tr("Annual Plan…"), lambda: open_annual_plan(self, session)
        )
        self.act_form_pilot = self._action(
            self.tr("Pilot School Summary…"),
            lambda: form_exports.export_pilot_schools_form(self, session),
        )
        self.act_leadership = self._action(
            self.tr("Leadership Group List…"), lambda: open_leadership(self, session)
        )
        self.act_import_plan_table = self._action(
            self.tr("Import Annual Training Plan Table…"),
            lambda: form_exports.import_plan_table(self, session),
            roles=ADMIN_ROLES,
        )
        self.act_import_leadership = self._action(
            self.tr("Import Leadership Group List…"),
            lambda: open_leadership(self, session, import_file=True),
            roles=ADMIN_ROLES,
        )
        forms = self.forms_menu
        forms.addSeparator()
        for action in (
            self.act_form_plan_table,
            self.act_annual_plan,
            self.act_form_pilot,
            self.act_leadership,
        ):
            forms.addAction(action)
        forms.addSeparator()
        forms.addAction(self.act_import_plan_table)
        forms.addAction(self.act_import_leadership)
        self.act_certificates = self._action(
            self.tr("&Certificate Register…"),
            lambda: certificate_dialogs.open_certificates(self, session),
            tip=self.tr("Issue, print, void and reissue certificates; the print log"),
        )
        self.act_verify_certificate = self._action(
            self.tr("&Verify Certificate…"),
            lambda: certificate_dialogs.open_verify(self, session),
            tip=self.tr("Check a certificate's verification code or QR code"),
        )
        self.act_certificate_layout = self._action(
            self.tr("Certificate &Layout…"),
            lambda: certificate_dialogs.open_layout(self, session),
            tip=self.tr("Serial numbers, issuing unit and print offsets"),
            roles=ADMIN_ROLES,
        )
        # Certificates are the county's (the service refuses to issue anywhere else).
        if self.level == "county":
            menu = self.menuBar().addMenu(self.tr("&Certificates"))
            menu.addAction(self.act_certificates)
            menu.addAction(self.act_verify_certificate)
            menu.addSeparator()
            menu.addAction(self.act_certificate_layout)
            self.certificates_menu = menu

    def _show_dashboard(self) -> DashboardTab:
        assert self.dashboard_tab is not None
        self.tabs.setCurrentWidget(self.dashboard_tab)
        return self.dashboard_tab

    def _current(self) -> SchoolsTab | TeachersTab | HoursTab:
        widget = self.tabs.currentWidget()
        if isinstance(widget, SchoolsTab | HoursTab):
            return widget
        return self._roster_tabs().teachers

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
        if self._roster is not None:
            self._roster.schools.reload()
            self._roster.teachers.reload()
            self._roster.hours.reload()
            self._roster.assessment.reload()
        if self.review_tab is not None:
            self.review_tab.reload()
        if self.dashboard_tab is not None and self.dashboard_tab.isVisible():
            self.dashboard_tab.reload(refresh=True)
        if self.city_tab is not None:
            self.city_tab.reload()
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
        if info.level == "school" and info.school_code:
            try:
                school = self.session.workspace.schools.find(info.school_code).name
            except AppError:
                school = info.school_code
            self.setWindowTitle(
                self.tr("NLTS Desktop — {school} ({code}), {region}").format(
                    school=school, code=info.school_code, region=info.region_name
                )
            )
        else:
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
        if self.level == "city":
            city = self.session.workspace.city
            self.session.tasks.run(
                self,
                lambda _p, _c: len(city.counties()),
                on_success=lambda count: self._status_counts.setText(
                    self.tr("{count} counties reported").format(count=count)
                ),
            )
            return

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
        if isinstance(changes, Changes) and changes.touches("backups"):
            self._start_backup_timer()  # the interval may have changed, or a restore
        watched = ("city",) if self.level == "city" else ("schools", "teachers")
        if isinstance(changes, Changes) and changes.touches(*watched):
            self.refresh_counts()

    # ------------------------------------------------------------------ backups
    def _start_backup_timer(self) -> None:
        """(Re)start the automatic backup timer with the interval in the settings."""
        workspace = self.session.workspace
        if workspace.db.read_only or not workspace.backups.may_back_up():
            self.backup_timer.stop()
            return
        backups = workspace.backups

        def start(minutes: int) -> None:
            self.backup_timer.start(minutes * 60_000)

        self.session.tasks.run(
            self,
            lambda _p, _c: backups.settings().interval_minutes,
            on_success=start,
            on_error=lambda _exc: self.backup_timer.start(30 * 60_000),
        )

    def auto_backup(self) -> None:
        """The timer's backup: quiet unless it fails (then the one error dialog)."""
        backups = self.session.workspace.backups
        if self.session.workspace.db.read_only:
            return

        def done(record: object) -> None:
            if record is not None:
                self.statusBar().showMessage(self.tr("Backed up automatically"), 10_000)

        self.session.tasks.run(
            self,
            lambda _p, _c: backups.auto("auto"),
            on_success=done,
            on_error=lambda exc: show_error(self, exc),
        )

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
        if self._roster is not None:
            self._roster.schools.save_layout()
            self._roster.teachers.save_layout()
            self._roster.hours.save_layout()
        settings.sync()
        self.session.tasks.wait()
        super().closeEvent(event)
