"""The 学时 tab: every active teacher's hours and the rule's verdict, and one teacher's ledger.

The table holds the service's :class:`TeacherHours` rows (100,000 of them) and filters and
sorts them itself (FIELD-NOTES.md, Qt).  Search, school and "short of" work on the loaded rows;
the year and the project change what is counted, so they load again.  Below the table the
current teacher's ledger (个人学时档案) loads on its own, a moment after the selection settles.
The tab reloads when ``data_changed`` says hours, teachers, schools, projects or the rules
changed; while hidden it only marks itself stale.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from nlts_desktop.domain.enums import HourSource
from nlts_desktop.domain.hour_rules import format_hours
from nlts_desktop.services.context import ADMIN_ROLES
from nlts_desktop.services.hours import PROTECTED_SOURCES, HourEntry, TeacherHours
from nlts_desktop.services.progress import CancelToken, Progress, paused_gc
from nlts_desktop.ui.models import hours_table_model as columns
from nlts_desktop.ui.models.hours_table_model import (
    QUALIFIED,
    SHORT_COLOR,
    UNQUALIFIED,
    HoursFilter,
    HoursTableModel,
    LedgerTableModel,
    prepare_hours,
)
from nlts_desktop.ui.models.row_list_model import PreparedRows
from nlts_desktop.ui.session import AppSession, Changes
from nlts_desktop.ui.tabs.table_tab import (
    TableTab,
    ask_save_path,
    configure_table_view,
    fill_combo,
    selected_view_rows,
    show_information,
)

_DEFAULT_WIDTHS = {
    columns.NAME: 80,
    columns.ID_NUMBER: 165,
    columns.SCHOOL: 260,
    columns.ONLINE: 70,
    columns.PRACTICE: 70,
    columns.OTHER: 50,
    columns.TOTAL: 60,
    columns.ASSESSMENT: 70,
    columns.RESULT: 70,
}
_LEDGER_WIDTHS = (60, 95, 110, 55, 330, 200)
# The ledger waits for the selection to settle (arrow keys move it row by row).
LEDGER_DELAY_MS = 120
# The still-short workbook goes to offices whatever the UI language: its headings are Chinese.
_SHORT_HEADERS = ("姓名", "身份证号", "学校", "网络研修", "校本实践", "合计", "考核", "原因")
_ASSESSMENT_ZH = {"passed": "通过", "failed": "未通过", "pending": "待认定"}


class _Loaded(NamedTuple):
    """What the loading task hands to the UI thread."""

    data: PreparedRows
    schools: list[tuple[str, str, int]]  # (code, name, id) of schools with teachers, by code
    years: tuple[int, ...]
    projects: list[tuple[int, str, int]]  # (id, name, year)
    year: int | None
    project_id: int | None


def _number(value: float) -> int | float:
    """Hours for a spreadsheet cell: 18, not 18.0."""
    return int(value) if float(value).is_integer() else value


def still_short_rows(rows: Sequence[TeacherHours]) -> list[list[object]]:
    """The still-short workbook's rows (no Qt: runs in the export task)."""
    return [
        [
            r.name,
            r.id_number,
            r.school_name,
            _number(r.online),
            _number(r.practice),
            _number(r.verdict.counted_total),
            _ASSESSMENT_ZH.get(r.assessment, r.assessment),
            "".join(r.verdict.reasons),
        ]
        for r in rows
        if not r.verdict.qualified
    ]


class HoursTab(TableTab):
    """Hours and verdicts of every active teacher; one teacher's ledger below."""

    kind = "hours"
    # What makes the verdicts stale: the ledger, the roster, enrolments, and the rules in force.
    reload_on = ("hours", "teachers", "schools", "projects", "enrollments", "preset", "workspace")
    model: HoursTableModel

    def __init__(self, session: AppSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.writes = session.actor.role in ADMIN_ROLES
        self.model = HoursTableModel(self)
        self.search = self.make_search(self.tr("Search name, ID number or school"))
        self.search.setMinimumWidth(200)
        self._loaded_year: int | None = None
        self._loaded_project: int | None = None
        self._ledger_generation = 0
        self._ledger_teacher: TeacherHours | None = None

        self.school_filter = self.make_school_filter(width=12)
        self.project_filter = QComboBox(self)
        self.project_filter.setMinimumContentsLength(10)
        self.project_filter.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.project_filter.addItem(self.tr("All projects"), None)
        self.year_filter = QComboBox(self)
        self.year_filter.addItem(self.tr("All years"), None)
        self.short_filter = QComboBox(self)
        for text, value in (
            (self.tr("All teachers"), None),
            (self.tr("Not qualified"), UNQUALIFIED),
            (self.tr("Short of online hours"), "online"),
            (self.tr("Short of practice hours"), "practice"),
            (self.tr("Short of total hours"), "total"),
            (self.tr("Assessment not passed"), "assessment"),
            (self.tr("Qualified only"), QUALIFIED),
        ):
            self.short_filter.addItem(text, value)
        self.school_filter.currentIndexChanged.connect(self._apply)
        self.short_filter.currentIndexChanged.connect(self._apply)
        self.project_filter.currentIndexChanged.connect(self.reload)
        self.year_filter.currentIndexChanged.connect(self.reload)
        self.count_label = QLabel(self)

        self.view = QTableView(self)
        self.view.setObjectName("HoursTable")
        self.set_up_view(self.view, _DEFAULT_WIDTHS)
        selection_model = self.view.selectionModel()
        self._ledger_timer = QTimer(self)
        self._ledger_timer.setSingleShot(True)
        self._ledger_timer.setInterval(LEDGER_DELAY_MS)
        self._ledger_timer.timeout.connect(self.load_ledger)
        selection_model.currentRowChanged.connect(lambda *_: self._ledger_timer.start())
        selection_model.selectionChanged.connect(lambda *_: self._update_buttons())
        self._build_context_menu()

        top = QHBoxLayout()
        top.addWidget(self.search, 2)
        top.addWidget(self.school_filter, 2)
        top.addWidget(self.project_filter, 2)
        top.addWidget(self.year_filter, 0)
        top.addWidget(self.short_filter, 1)
        top.addWidget(self.count_label)

        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.setObjectName("HoursSplitter")
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.view)
        splitter.addWidget(self._build_ledger_panel())
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        self.splitter = splitter
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter)

        self._update_count()
        self._show_ledger(None, [])

    # construction -----------------------------------------------------------------
    def _build_ledger_panel(self) -> QWidget:
        panel = QWidget(self)
        self.ledger_title = QLabel(panel)
        self.ledger_title.setObjectName("ledgerTitle")
        font = self.ledger_title.font()
        font.setBold(True)
        self.ledger_title.setFont(font)
        self.ledger_model = LedgerTableModel(self)
        self.ledger_view = QTableView(panel)
        self.ledger_view.setObjectName("LedgerTable")
        self.ledger_view.setModel(self.ledger_model)
        configure_table_view(self.ledger_view)
        self.ledger_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.ledger_view.horizontalHeader().setSectionsMovable(False)
        for column, width in enumerate(_LEDGER_WIDTHS):
            self.ledger_view.horizontalHeader().resizeSection(column, width)
        self.ledger_view.doubleClicked.connect(lambda _index: self.edit_entry())
        ledger_selection = self.ledger_view.selectionModel()
        ledger_selection.selectionChanged.connect(lambda *_: self._update_buttons())

        self.add_button = QPushButton(self.tr("Add…"), panel)
        self.edit_button = QPushButton(self.tr("Edit…"), panel)
        self.delete_button = QPushButton(self.tr("Delete"), panel)
        self.add_button.clicked.connect(self.new_entry)
        self.edit_button.clicked.connect(self.edit_entry)
        self.delete_button.clicked.connect(self.delete_entry)
        buttons = QVBoxLayout()
        for button in (self.add_button, self.edit_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)

        self.summary_label = QLabel(panel)
        self.summary_label.setObjectName("ledgerSummary")
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.reasons_label = QLabel(panel)
        self.reasons_label.setObjectName("ledgerReasons")
        self.reasons_label.setWordWrap(True)
        self.reasons_label.setStyleSheet(f"color: {SHORT_COLOR};")
        self.reasons_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        middle = QHBoxLayout()
        middle.addWidget(self.ledger_view, 1)
        middle.addLayout(buttons)
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.ledger_title)
        layout.addLayout(middle, 1)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.reasons_label)
        return panel

    def _build_context_menu(self) -> None:
        for text, slot, enabled in (
            (self.tr("New Hour Record…"), self.new_entry, self.writes),
            (self.tr("Bulk Entry for Selected Teachers…"), self.bulk_entry, self.writes),
            (self.tr("Print Hour Records (PDF)…"), self.print_ledgers, True),
            (self.tr("Copy Rows"), self.copy_selected, True),
        ):
            action = QAction(text, self.view)
            action.triggered.connect(slot)
            action.setEnabled(enabled)
            self.view.addAction(action)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)

    # loading ----------------------------------------------------------------------
    def reload(self) -> None:
        """Load every teacher's hours again (off the UI thread), keeping filters and selection."""
        self._generation += 1
        generation = self._generation
        self._stale = False
        workspace = self.session.workspace
        year = self.year_filter.currentData()
        project_id = self.project_filter.currentData()
        sort_column = self.model.sort_column
        if not self._loaded_once:
            self.count_label.setText(self.tr("Loading…"))

        def load(_progress: Progress, _cancel: CancelToken) -> _Loaded:
            with paused_gc():
                rows = workspace.hours.teacher_hours(year=year, project_id=project_id)
                data = prepare_hours(rows)
                if sort_column >= 0:
                    data.order(sort_column)  # sort here, not on the UI thread
                schools = sorted({(r.school_code, r.school_name, r.school_id) for r in rows})
            preset = workspace.hours.preset()
            projects = [(p.id, p.name, p.year) for p in workspace.projects.list_projects()]
            return _Loaded(data, schools, preset.years, projects, year, project_id)

        self.session.tasks.run(
            self, load, on_success=lambda loaded: self._loaded(generation, loaded)
        )

    def _loaded(self, generation: int, loaded: _Loaded) -> None:
        if generation != self._generation:
            return  # a newer reload is on its way
        self._loaded_once = True
        self._loaded_year = loaded.year
        self._loaded_project = loaded.project_id
        if not fill_combo(
            self.school_filter,
            self.all_schools_text(),
            [(name, school_id, code) for code, name, school_id in loaded.schools],
        ):
            self._apply()  # the school left the roster: show everyone again
        kept_year = fill_combo(
            self.year_filter, self.tr("All years"), [(str(y), y, None) for y in loaded.years]
        )
        kept_project = fill_combo(
            self.project_filter,
            self.tr("All projects"),
            [
                (self.tr("{name} ({year})").format(name=name, year=year), pid, name)
                for pid, name, year in loaded.projects
            ],
        )
        if not (kept_year and kept_project):
            # The chosen year or project is gone (another preset, a deleted project): the
            # rows were counted for it, so count again for everything.
            self.reload()
            return
        self.model.set_rows(loaded.data)
        self._ledger_timer.start()

    # search, filters and count ----------------------------------------------------
    def current_filter(self) -> HoursFilter:
        """What the school and "short of" combos ask for."""
        return HoursFilter(
            school_id=self.school_filter.currentData(), short_of=self.short_filter.currentData()
        )

    def count_text(self, shown: str, total: str) -> str:
        """The "N of M teachers; K qualified" label."""
        return self.tr("{shown} of {total} teachers; {qualified} qualified").format(
            shown=shown, total=total, qualified=f"{self.model.qualified_count():,}"
        )

    def item_at(self, view_row: int) -> Any:
        """The teacher in a view row (``id`` is the teacher's id, for keeping the selection)."""
        return _Keyed(self.model.row_at(view_row))

    def nothing_selected(self) -> None:
        """Say that a teacher must be selected first."""
        QMessageBox.information(
            self, self.tr("Hours"), self.tr("Select a teacher in the table first.")
        )

    def current_teacher(self) -> TeacherHours | None:
        """The teacher of the current row (or the first selected); None when none is."""
        rows = selected_view_rows(self.view)
        current = self.view.currentIndex()
        if current.isValid() and (not rows or current.row() in rows):
            return self.model.row_at(current.row())
        return self.model.row_at(rows[0]) if rows else None

    def selected_teachers(self) -> list[TeacherHours]:
        """The teachers selected, in view order."""
        return [self.model.row_at(r) for r in selected_view_rows(self.view)]

    def _on_double_click(self, index: QModelIndex) -> None:
        """A double click on a teacher adds an hour record for them."""
        if index.isValid() and self.writes:
            self.new_entry()

    # ledger -----------------------------------------------------------------------
    def load_ledger(self) -> None:
        """Load the current teacher's ledger (off the UI thread)."""
        self._ledger_timer.stop()
        teacher = self.current_teacher()
        self._ledger_generation += 1
        generation = self._ledger_generation
        if teacher is None:
            self._show_ledger(None, [])
            return
        hours = self.session.workspace.hours
        year, project_id = self._loaded_year, self._loaded_project

        def load(_progress: Progress, _cancel: CancelToken) -> list[HourEntry]:
            entries = hours.ledger(teacher.teacher_id)
            # The totals above count only the chosen year / project: list the same entries.
            return [
                e
                for e in entries
                if (year is None or e.year == year)
                and (project_id is None or e.project_id == project_id)
            ]

        def loaded(entries: list[HourEntry]) -> None:
            if generation == self._ledger_generation:
                self._show_ledger(teacher, entries)

        self.session.tasks.run(self, load, on_success=loaded)

    def _show_ledger(self, teacher: TeacherHours | None, entries: Sequence[HourEntry]) -> None:
        kept = self.selected_entry()
        self._ledger_teacher = teacher
        self.ledger_model.set_entries(entries)
        if kept is not None:
            row = self.ledger_model.row_of(kept.id)
            if row is not None:
                self.ledger_view.selectRow(row)
        if teacher is None:
            self.ledger_title.setText(self.tr("Hour records"))
            self.summary_label.setText(
                self.tr("Select a teacher in the table to see their hour records.")
            )
            self.reasons_label.clear()
            self.reasons_label.hide()
            self._update_buttons()
            return
        scope = self._scope_text()
        self.ledger_title.setText(
            self.tr("Hour records of {name} ({id_number}), {school}{scope}").format(
                name=teacher.name,
                id_number=teacher.id_number,
                school=teacher.school_name,
                scope=scope,
            )
        )
        verdict = teacher.verdict
        result = self.tr("qualified") if verdict.qualified else self.tr("not qualified")
        self.summary_label.setText(
            self.tr(
                "{count} records. Online {online} h, practice {practice} h, other {other} h; "
                "counted {total} h. Result: {result}."
            ).format(
                count=len(entries),
                online=format_hours(teacher.online),
                practice=format_hours(teacher.practice),
                other=format_hours(teacher.other),
                total=format_hours(verdict.counted_total),
                result=result,
            )
        )
        self.reasons_label.setText("\n".join(verdict.reasons))
        self.reasons_label.setVisible(bool(verdict.reasons))
        self._update_buttons()

    def _scope_text(self) -> str:
        parts = []
        if self._loaded_year is not None:
            parts.append(self.tr("year {year}").format(year=self._loaded_year))
        if self._loaded_project is not None:
            index = self.project_filter.findData(self._loaded_project)
            name = self.project_filter.itemData(index, Qt.ItemDataRole.ToolTipRole)
            parts.append(str(name or self.project_filter.itemText(index)))
        if not parts:
            return ""
        return self.tr(" — only {scope}").format(scope=self.tr(", ").join(parts))

    def selected_entry(self) -> HourEntry | None:
        """The entry selected in the ledger, if any."""
        selection = self.ledger_view.selectionModel()
        if selection is None:
            return None
        rows = selection.selectedRows()
        if not rows or rows[0].row() >= self.ledger_model.rowCount():
            return None
        return self.ledger_model.entry_at(rows[0].row())

    def _update_buttons(self) -> None:
        entry = self.selected_entry()
        teacher = self._ledger_teacher
        self.add_button.setEnabled(self.writes and teacher is not None)
        self.edit_button.setEnabled(self.writes and entry is not None)
        protected = entry is not None and HourSource(entry.source) in PROTECTED_SOURCES
        self.delete_button.setEnabled(self.writes and entry is not None and not protected)
        self.delete_button.setToolTip(
            self.tr(
                "Imported and credited records change with their source: they cannot be "
                "deleted here, only their note can be edited."
            )
            if protected
            else ""
        )

    # hour records -----------------------------------------------------------------
    def new_entry(self) -> None:
        """Add an hour record for the current teacher."""
        teacher = self.current_teacher()
        if teacher is None:
            self.nothing_selected()
            return
        from nlts_desktop.ui.dialogs.hour_entry_dialog import HourEntryDialog

        HourEntryDialog(self.session, teacher=teacher, parent=self).exec()

    def edit_selected(self) -> None:
        """Edit the hour record selected in the ledger."""
        self.edit_entry()

    def edit_entry(self) -> None:
        """Edit the hour record selected in the ledger."""
        entry = self.selected_entry()
        teacher = self._ledger_teacher
        if entry is None or teacher is None:
            QMessageBox.information(
                self, self.tr("Hours"), self.tr("Select an hour record in the ledger first.")
            )
            return
        from nlts_desktop.ui.dialogs.hour_entry_dialog import HourEntryDialog

        HourEntryDialog(self.session, teacher=teacher, entry=entry, parent=self).exec()

    def delete_entry(self) -> None:
        """Delete the hour record selected in the ledger, after asking."""
        entry = self.selected_entry()
        teacher = self._ledger_teacher
        if entry is None or teacher is None:
            QMessageBox.information(
                self, self.tr("Hours"), self.tr("Select an hour record in the ledger first.")
            )
            return
        answer = QMessageBox.question(
            self,
            self.tr("Delete hour record"),
            self.tr("Delete the record of {hours} {category} hours of {name} on {date}?").format(
                hours=format_hours(entry.hours),
                category=entry.category_label,
                name=teacher.name,
                date=entry.record_date.isoformat() if entry.record_date else entry.year,
            ),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        hours = self.session.workspace.hours
        self.session.tasks.run(
            self,
            lambda _p, _c: hours.delete(entry.id),
            cancellable=False,
            changes=Changes.of("hours"),
        )

    def bulk_entry(self) -> None:
        """The same hour record for every selected teacher (all or nothing)."""
        teachers = self.selected_teachers()
        if not teachers:
            self.nothing_selected()
            return
        from nlts_desktop.ui.dialogs.hour_entry_dialog import BulkHourDialog

        BulkHourDialog(self.session, [t.teacher_id for t in teachers], self).exec()

    def import_hours(self) -> None:
        """Import an institution's hours export (the dialog saves by itself)."""
        from nlts_desktop.ui.dialogs.hours_import_dialog import HoursImportDialog

        HoursImportDialog(self.session, self).exec()

    # outputs ----------------------------------------------------------------------
    def export_still_short(self) -> None:
        """Save the teachers shown who are not qualified as an .xlsx list."""
        shown = self.model.visible_rows()
        count = sum(1 for r in shown if not r.verdict.qualified)
        if not count:
            QMessageBox.information(
                self,
                self.tr("Export Still-Short List"),
                self.tr("None of the teachers shown is short of hours: nothing to export."),
            )
            return
        out = ask_save_path(
            self,
            self.session,
            title=self.tr("Export Still-Short List"),
            default_name=self.tr("Still short of hours_{date}.xlsx").format(
                date=date.today().isoformat()
            ),
        )
        if out is None:
            return
        title = self.tr("Teachers still short of hours ({date})").format(
            date=date.today().isoformat()
        )

        def export(_progress: Progress, _cancel: CancelToken) -> int:
            from nlts_desktop.exchange.excel_writer import write_table

            return write_table(
                out,
                sheet_title="学时未达标名单",
                headers=_SHORT_HEADERS,
                rows=still_short_rows(shown),
                title=title,
                text_columns=(1,),
            )

        self._run_output(
            export,
            label=self.tr("Exporting the still-short list…"),
            done=lambda n: self.tr("Exported {count} teachers to {path}.").format(
                count=f"{n:,}", path=str(out)
            ),
            title=self.tr("Export Still-Short List"),
        )

    def print_ledgers(self) -> None:
        """个人学时档案 as PDF: the selected teachers, or every teacher of the chosen school."""
        teachers = self.selected_teachers()
        school_id = self.school_filter.currentData()
        school_name = self.school_filter.currentText()
        use_school = False
        if school_id is not None:
            if teachers:
                box = QMessageBox(self)
                box.setIcon(QMessageBox.Icon.Question)
                box.setWindowTitle(self.tr("Print Hour Records"))
                box.setText(self.tr("Whose hour records should be printed?"))
                chosen = box.addButton(
                    self.tr("{count} selected teachers").format(count=f"{len(teachers):,}"),
                    QMessageBox.ButtonRole.AcceptRole,
                )
                whole_school = box.addButton(
                    self.tr("All teachers of {school}").format(school=school_name),
                    QMessageBox.ButtonRole.AcceptRole,
                )
                box.addButton(QMessageBox.StandardButton.Cancel)
                box.exec()
                clicked = box.clickedButton()
                if clicked not in (chosen, whole_school):
                    return
                use_school = clicked is whole_school
            else:
                use_school = True
        elif not teachers:
            QMessageBox.information(
                self,
                self.tr("Print Hour Records"),
                self.tr("Select teachers in the table, or choose a school, first."),
            )
            return
        who = school_name if use_school else teachers[0].name
        if not use_school and len(teachers) > 1:
            who = self.tr("{name} and others").format(name=teachers[0].name)
        out = self._ask_path(
            title=self.tr("Print Hour Records (PDF)"),
            default_name=self.tr("Hour records_{who}_{date}.pdf").format(
                who=who, date=date.today().isoformat()
            ),
            filter_text=self.tr("PDF document (*.pdf)"),
            suffix=".pdf",
        )
        if out is None:
            return
        reports = self.session.workspace.reports
        ids = None if use_school else [t.teacher_id for t in teachers]
        school = school_id if use_school else None
        self._run_output(
            lambda _p, _c: reports.ledger_pdf(out, teacher_ids=ids, school_id=school),
            label=self.tr("Printing hour records…"),
            done=lambda pages: self.tr("Saved {pages} pages to {path}.").format(
                pages=f"{pages:,}", path=str(out)
            ),
            title=self.tr("Print Hour Records"),
        )

    def export_project_design_form(self) -> None:
        """附件二 能力提升工程项目设计表 (of the chosen year, else the latest)."""
        year = self.year_filter.currentData()
        reports = self.session.workspace.reports
        self._save_form(
            title=self.tr("Project Design Form"),
            name=self.tr("Project design form"),
            work=lambda out: reports.project_design_form(out, year=year),
        )

    def export_trainee_changes_form(self) -> None:
        """附件3 参训人员变更信息表 (of the chosen project, else of all)."""
        project_id = self.project_filter.currentData()
        reports = self.session.workspace.reports
        self._save_form(
            title=self.tr("Trainee Change Form"),
            name=self.tr("Trainee change form"),
            work=lambda out: reports.trainee_changes_form(out, project_id=project_id),
        )

    def export_institutions_form(self) -> None:
        """附件2 培训机构名单."""
        reports = self.session.workspace.reports
        self._save_form(
            title=self.tr("Institution List"),
            name=self.tr("Institution list"),
            work=reports.institutions_form,
        )

    def export_school_hours_summary(self) -> None:
        """The per-school hours summary."""
        reports = self.session.workspace.reports
        self._save_form(
            title=self.tr("School Hours Summary"),
            name=self.tr("School hours summary"),
            work=lambda out: reports.school_hours_summary(out),
        )

    def _save_form(self, *, title: str, name: str, work: Callable[[Path], object]) -> None:
        out = ask_save_path(
            self,
            self.session,
            title=title,
            default_name=self.tr("{name}_{date}.xlsx").format(
                name=name, date=date.today().isoformat()
            ),
        )
        if out is None:
            return
        self._run_output(
            lambda _p, _c: work(out),
            label=self.tr("Saving {name}…").format(name=name),
            done=lambda _result: self.tr("{name} was saved to {path}.").format(
                name=name, path=str(out)
            ),
            title=title,
        )

    def _ask_path(
        self, *, title: str, default_name: str, filter_text: str, suffix: str
    ) -> Path | None:
        folder = self.session.settings.last_folder("export")
        chosen, _filter = QFileDialog.getSaveFileName(
            self, title, str(Path(folder) / default_name), filter_text
        )
        if not chosen:
            return None
        path = Path(chosen)
        if path.suffix.lower() != suffix:
            path = path.with_name(path.name + suffix)
        self.session.settings.set_last_folder("export", str(path.parent))
        return path

    def _run_output(
        self,
        work: Callable[[Progress, CancelToken], Any],
        *,
        label: str,
        done: Callable[[Any], str],
        title: str,
    ) -> None:
        self.session.tasks.run(
            self,
            work,
            label=label,
            cancellable=False,
            on_success=lambda result: show_information(self, title, done(result)),
        )


class _Keyed:
    """A TeacherHours row seen through ``.id`` (what TableTab keeps the selection by)."""

    __slots__ = ("id", "row")

    def __init__(self, row: TeacherHours) -> None:
        self.row = row
        self.id = row.teacher_id
