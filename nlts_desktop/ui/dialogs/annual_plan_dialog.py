"""年度规划书: the year's plan, its free-text sections written here, and the PDF.

The facts come from the data (teachers, schools, the year's targets, the leadership group, the
year's training projects); the clerk writes the cover's 单位 / 联系人 / 联系电话 / 邮箱, the six
sections of the seed (附件1-2: 混合式培训 … 综合创新, each showing the seed's prompt until
something is typed) and, where the derived wording does not fit, a project's 培训对象 and
培训方式.  The list of what is still missing is always in view; 生成PDF… saves what was typed,
then writes the PDF, or lists what is missing instead of writing a half-empty plan.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from nlts_desktop.domain.errors import AppError
from nlts_desktop.services.annual_plan import TEXT_LIMIT, AnnualPlan, PlanSection
from nlts_desktop.services.context import ADMIN_ROLES
from nlts_desktop.services.progress import CancelToken, Progress
from nlts_desktop.ui.dialogs.form_exports import ask_pdf_path, problem_lines
from nlts_desktop.ui.dialogs.import_common import show_message
from nlts_desktop.ui.dialogs.validated_form import ERROR_COLOR
from nlts_desktop.ui.errors import show_error
from nlts_desktop.ui.session import AppSession, Changes

CHANGES = Changes.of("annual_plan")
DONE_COLOR = "#2e7d32"
DERIVED_COLOR = "#757575"
# Project table columns; 培训对象 and 培训方式 are editable.
J_NAME, J_LEVEL, J_AUDIENCE, J_MODE, J_TRAINEES, J_BUDGET, J_INSTITUTION = range(7)
_PROJECT_ID = Qt.ItemDataRole.UserRole


@dataclass(frozen=True)
class _Edits:
    """What the clerk typed, to be saved in one go."""

    year: int
    cover: dict[str, str] | None
    sections: dict[str, str]
    projects: dict[int, tuple[str, str]]  # project id → (培训对象, 培训方式), "" = derived


@dataclass(frozen=True)
class _Opened:
    years: tuple[int, ...]
    plan: AnnualPlan | None


class SectionEditor(QWidget):
    """One free-text section: the seed's prompt above, the text, a character count."""

    def __init__(self, section: PlanSection, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.code = section.code
        self.prompt_label = QLabel(section.prompt, self)
        self.prompt_label.setWordWrap(True)
        self.prompt_label.setStyleSheet(f"color: {DERIVED_COLOR};")
        self.edit = QPlainTextEdit(self)
        self.edit.setObjectName(f"section_{section.code}")
        self.edit.setPlaceholderText(section.prompt)
        self.edit.setTabChangesFocus(True)
        self.count_label = QLabel(self)
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight)
        layout = QVBoxLayout(self)
        layout.addWidget(self.prompt_label)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.count_label)
        self.edit.textChanged.connect(self._count)
        self._count()

    def _count(self) -> None:
        length = len(self.edit.toPlainText().strip())
        self.count_label.setText(
            self.tr("{count} of at most {limit} characters").format(
                count=f"{length:,}", limit=f"{TEXT_LIMIT:,}"
            )
        )
        self.count_label.setStyleSheet(f"color: {ERROR_COLOR};" if length > TEXT_LIMIT else "")

    def text(self) -> str:
        """The text typed."""
        return self.edit.toPlainText()


class AnnualPlanDialog(QDialog):
    """年度规划书: year, cover, the six sections, the projects' wording, missing list, PDF."""

    def __init__(
        self, session: AppSession, parent: QWidget | None = None, *, year: int | None = None
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("AnnualPlanDialog")
        self.setWindowTitle(self.tr("Annual Plan"))
        self.resize(1180, 760)
        self.can_edit = session.actor.role in ADMIN_ROLES
        self.plan: AnnualPlan | None = None
        self.year: int | None = year
        self.dirty = False
        self._filling = False

        self.year_combo = QComboBox(self)
        self.year_combo.setObjectName("yearCombo")
        self.facts_label = QLabel(self)
        self.facts_label.setObjectName("planFacts")
        self.facts_label.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Year:"), self))
        top.addWidget(self.year_combo)
        top.addSpacing(16)
        top.addWidget(self.facts_label, 1)

        cover_box = QGroupBox(self.tr("Cover"), self)
        self.unit_edit = QLineEdit(cover_box)
        self.unit_edit.setObjectName("unitEdit")
        self.contact_edit = QLineEdit(cover_box)
        self.contact_edit.setObjectName("contactEdit")
        self.phone_edit = QLineEdit(cover_box)
        self.phone_edit.setObjectName("phoneEdit")
        self.phone_edit.setPlaceholderText(self.tr("e.g. 028-82712345 or 13812345678"))
        self.email_edit = QLineEdit(cover_box)
        self.email_edit.setObjectName("emailEdit")
        self.email_edit.setPlaceholderText(self.tr("optional"))
        cover_form = QFormLayout(cover_box)
        cover_form.addRow(self.tr("Unit (seal):"), self.unit_edit)
        cover_form.addRow(self.tr("Contact person:"), self.contact_edit)
        cover_form.addRow(self.tr("Contact phone:"), self.phone_edit)
        cover_form.addRow(self.tr("E-mail:"), self.email_edit)

        missing_box = QGroupBox(self.tr("Still missing"), self)
        self.missing_state = QLabel(missing_box)
        self.missing_state.setObjectName("missingState")
        self.missing_state.setWordWrap(True)
        self.missing_list = QListWidget(missing_box)
        self.missing_list.setObjectName("missingList")
        self.missing_list.setWordWrap(True)
        self.missing_list.setAlternatingRowColors(True)
        missing_layout = QVBoxLayout(missing_box)
        missing_layout.addWidget(self.missing_state)
        missing_layout.addWidget(self.missing_list, 1)

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(cover_box)
        left_layout.addWidget(missing_box, 1)

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("sectionTabs")
        self.editors: dict[str, SectionEditor] = {}
        self.projects_table = QTableWidget(0, 7, self)
        self.projects_table.setObjectName("projectsTable")
        self.projects_table.setHorizontalHeaderLabels(
            [
                self.tr("Project"),
                self.tr("Level"),
                self.tr("Trainees (who)"),
                self.tr("Training mode"),
                self.tr("Trainees"),
                self.tr("Budget (10k yuan)"),
                self.tr("Institution"),
            ]
        )
        self.projects_table.verticalHeader().hide()
        self.projects_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.projects_table.setWordWrap(True)
        header = self.projects_table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(J_NAME, QHeaderView.ResizeMode.Stretch)
        for column in (J_LEVEL, J_TRAINEES, J_BUDGET):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        for column, width in ((J_AUDIENCE, 150), (J_MODE, 150), (J_INSTITUTION, 130)):
            header.resizeSection(column, width)
        header.sectionResized.connect(lambda *_a: self.projects_table.resizeRowsToContents())
        projects_page = QWidget(self)
        projects_hint = QLabel(
            self.tr(
                "The year's training projects. Trainees (who) and Training mode are derived "
                "(grey) unless typed here; clear a cell to go back to the derived wording."
            ),
            projects_page,
        )
        projects_hint.setWordWrap(True)
        projects_layout = QVBoxLayout(projects_page)
        projects_layout.addWidget(projects_hint)
        projects_layout.addWidget(self.projects_table, 1)
        self.projects_page = projects_page

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 5)
        splitter.setSizes([360, 820])

        self.message_label = QLabel(self)
        self.message_label.setObjectName("message")
        self.message_label.setWordWrap(True)
        self.message_label.hide()
        self.buttons = QDialogButtonBox(self)
        self.pdf_button: QPushButton = self.buttons.addButton(
            self.tr("Make PDF…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.pdf_button.setObjectName("pdfButton")
        self.save_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName("saveButton")
        self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        self.save_button.clicked.connect(lambda: self.save())
        self.pdf_button.clicked.connect(lambda: self.make_pdf())

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.message_label)
        layout.addWidget(self.buttons)

        for edit in (self.unit_edit, self.contact_edit, self.phone_edit, self.email_edit):
            edit.setReadOnly(not self.can_edit)
            edit.textEdited.connect(lambda _t: self._changed())
        self.projects_table.itemChanged.connect(lambda _i: self._changed())
        self.year_combo.currentIndexChanged.connect(lambda _i: self._year_chosen())
        self._update_buttons()
        self._open()

    # ------------------------------------------------------------------ loading
    def _open(self) -> None:
        service = self.session.workspace.annual_plan
        wanted = self.year

        def load(_p: Progress, _c: CancelToken) -> _Opened:
            years = service.years()
            year = wanted if wanted in years else (years[0] if years else None)
            cycle = self.session.workspace.info().current_cycle
            if wanted is None and cycle in years:
                year = cycle
            return _Opened(years, service.plan(year) if year is not None else None)

        self.session.tasks.run(self, load, on_success=self._opened)

    def _opened(self, opened: _Opened) -> None:
        self.year_combo.blockSignals(True)
        for year in opened.years:
            self.year_combo.addItem(self.tr("{year}").format(year=year), year)
        if opened.plan is not None:
            self.year_combo.setCurrentIndex(max(self.year_combo.findData(opened.plan.year), 0))
        self.year_combo.blockSignals(False)
        if opened.plan is not None:
            self.show_plan(opened.plan)

    def load_year(self, year: int) -> None:
        """Read the year's plan (discarding what was typed)."""
        service = self.session.workspace.annual_plan
        self.session.tasks.run(self, lambda _p, _c: service.plan(year), on_success=self.show_plan)

    def show_plan(self, plan: AnnualPlan) -> None:
        """Put a plan into the fields (not dirty)."""
        self.plan = plan
        self.year = plan.year
        self._filling = True
        try:
            self.unit_edit.setText(plan.cover.unit)
            self.contact_edit.setText(plan.cover.contact)
            self.phone_edit.setText(plan.cover.phone)
            self.email_edit.setText(plan.cover.email)
            self._fill_sections(plan)
            self._fill_projects(plan)
        finally:
            self._filling = False
        self.dirty = False
        self._show_facts(plan)
        self.show_missing(plan.missing)
        self._update_buttons()

    def _fill_sections(self, plan: AnnualPlan) -> None:
        if set(self.editors) != {s.code for s in plan.sections}:
            self.tabs.clear()
            self.editors = {}
            for section in plan.sections:
                editor = SectionEditor(section, self.tabs)
                editor.edit.setReadOnly(not self.can_edit)
                editor.edit.textChanged.connect(self._changed)
                self.tabs.addTab(editor, section.title)
                self.editors[section.code] = editor
            self.tabs.addTab(self.projects_page, self.tr("Training plan"))
        for section in plan.sections:
            self.editors[section.code].edit.setPlainText(section.text)
        self._mark_tabs(plan)

    def _mark_tabs(self, plan: AnnualPlan) -> None:
        for index, section in enumerate(plan.sections):
            done = bool(self.editors[section.code].text().strip())
            self.tabs.setTabText(index, section.title if done else f"{section.title} *")

    def _fill_projects(self, plan: AnnualPlan) -> None:
        table = self.projects_table
        table.setRowCount(0)
        for project in plan.projects:
            row = table.rowCount()
            table.insertRow(row)
            cells = (
                (project.name, False, False),
                (project.level_name, False, False),
                (project.audience, True, project.audience_default),
                (project.mode, True, project.mode_default),
                (f"{project.trainees:,}" if project.trainees else "", False, False),
                (f"{project.budget_wan:,.2f}", False, False),
                (project.institution, False, False),
            )
            for column, (text, editable, derived) in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                item.setData(_PROJECT_ID, project.project_id)
                flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                if editable and self.can_edit:
                    flags |= Qt.ItemFlag.ItemIsEditable
                item.setFlags(flags)
                if derived:
                    item.setForeground(QBrush(QColor(DERIVED_COLOR)))
                    item.setData(Qt.ItemDataRole.UserRole + 1, text)
                if column in (J_TRAINEES, J_BUDGET):
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                table.setItem(row, column, item)
        table.resizeRowsToContents()

    def _show_facts(self, plan: AnnualPlan) -> None:
        heads = self.tr(", ").join(p.name for p in plan.heads) or self.tr("none")
        self.facts_label.setText(
            self.tr(
                "{region}: {teachers} teachers, {schools} schools, {planned} to be trained; "
                "head: {heads}, {members} members; {projects} training projects."
            ).format(
                region=plan.region,
                teachers=f"{plan.teachers:,}",
                schools=f"{plan.schools:,}",
                planned=f"{plan.planned:,}",
                heads=heads,
                members=len(plan.members),
                projects=len(plan.projects),
            )
        )

    def show_missing(self, missing: tuple[str, ...] | list[str]) -> None:
        """What the plan still lacks (as of the last save)."""
        self.missing_list.clear()
        self.missing_list.addItems(list(missing))
        self.missing_list.setVisible(bool(missing))
        if missing:
            self.missing_state.setText(
                self.tr("{count} items are missing: the PDF cannot be made yet.").format(
                    count=len(missing)
                )
            )
            self.missing_state.setStyleSheet(f"color: {ERROR_COLOR};")
        else:
            self.missing_state.setText(self.tr("Nothing is missing: the PDF can be made."))
            self.missing_state.setStyleSheet(f"color: {DONE_COLOR};")

    def missing_items(self) -> list[str]:
        """The missing items shown (tests)."""
        return [self.missing_list.item(i).text() for i in range(self.missing_list.count())]

    # ------------------------------------------------------------------ editing
    def _changed(self) -> None:
        if self._filling:
            return
        self.dirty = True
        if self.plan is not None:
            self._mark_tabs(self.plan)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.save_button.setEnabled(self.can_edit and self.dirty)
        self.pdf_button.setEnabled(self.plan is not None)

    def _year_chosen(self) -> None:
        year = self.year_combo.currentData()
        if year is None or year == self.year:
            return
        if self.dirty and self.can_edit:
            answer = QMessageBox.question(
                self,
                self.tr("Annual Plan"),
                self.tr("Save the changes to the plan of {year} first?").format(year=self.year),
                QMessageBox.StandardButton.Save
                | QMessageBox.StandardButton.Discard
                | QMessageBox.StandardButton.Cancel,
            )
            if answer == QMessageBox.StandardButton.Cancel:
                self.year_combo.blockSignals(True)
                self.year_combo.setCurrentIndex(self.year_combo.findData(self.year))
                self.year_combo.blockSignals(False)
                return
            if answer == QMessageBox.StandardButton.Save:
                self.save(then=lambda: self.load_year(int(year)))
                return
        self.load_year(int(year))

    def edits(self) -> _Edits:
        """What was typed, ready for the services."""
        assert self.plan is not None
        plan = self.plan
        cover = {
            "unit": self.unit_edit.text(),
            "contact": self.contact_edit.text(),
            "phone": self.phone_edit.text(),
            "email": self.email_edit.text(),
        }
        stored = plan.cover
        cover_changed = (stored.unit, stored.contact, stored.phone, stored.email) != tuple(
            v.strip() for v in cover.values()
        )
        sections = {
            s.code: self.editors[s.code].text()
            for s in plan.sections
            if self.editors[s.code].text().strip() != s.text
        }
        projects: dict[int, tuple[str, str]] = {}
        for row, project in enumerate(plan.projects):
            audience = self._project_text(row, J_AUDIENCE)
            mode = self._project_text(row, J_MODE)
            was_audience = "" if project.audience_default else project.audience
            was_mode = "" if project.mode_default else project.mode
            if (audience, mode) != (was_audience, was_mode):
                projects[project.project_id] = (audience, mode)
        return _Edits(plan.year, cover if cover_changed else None, sections, projects)

    def _project_text(self, row: int, column: int) -> str:
        """A typed 培训对象 / 培训方式 ("" when it is still the derived wording)."""
        item = self.projects_table.item(row, column)
        if item is None:
            return ""
        text = item.text().strip()
        derived = item.data(Qt.ItemDataRole.UserRole + 1)
        return "" if derived is not None and text == derived else text

    # ------------------------------------------------------------------ saving
    def _store(self, edits: _Edits) -> AnnualPlan:
        """Write what was typed (off the UI thread) and read the plan again."""
        service = self.session.workspace.annual_plan
        if edits.cover is not None:
            service.set_cover(**edits.cover)
        if edits.sections:
            service.set_sections(edits.year, edits.sections)
        for project_id, (audience, mode) in edits.projects.items():
            service.set_project_details(project_id, audience=audience, mode=mode)
        return service.plan(edits.year)

    def save(self, then: Callable[[], None] | None = None) -> None:
        """Save the cover, the sections and the projects' wording; the missing list updates."""
        if self.plan is None or not self.can_edit:
            return
        edits = self.edits()

        def saved(plan: AnnualPlan) -> None:
            self.show_plan(plan)
            show_message(
                self.message_label, self.tr("The plan of {year} was saved.").format(year=plan.year)
            )
            if then is not None:
                then()

        self.session.tasks.run(
            self,
            lambda _p, _c: self._store(edits),
            changes=CHANGES,
            on_success=saved,
            on_error=self._failed,
        )

    def _failed(self, exc: BaseException) -> None:
        lines = problem_lines(exc)
        if lines:
            self.show_missing(lines)
            show_message(
                self.message_label,
                self.tr("The PDF was not made: complete the items listed under Still missing."),
                error=True,
            )
            return
        if isinstance(exc, AppError):
            show_message(self.message_label, exc.message, error=True)
        else:
            show_error(self, exc)

    def make_pdf(self, out: Path | None = None) -> None:
        """Save what was typed, then write the year's PDF (or list what is missing)."""
        if self.plan is None:
            return
        year = self.plan.year
        if out is None:
            out = ask_pdf_path(
                self,
                self.session,
                title=self.tr("Make Annual Plan PDF"),
                default_name=self.tr("Annual plan {year}.pdf").format(year=year),
            )
            if out is None:
                return
        target = out
        edits = self.edits() if self.dirty and self.can_edit else None
        service = self.session.workspace.annual_plan

        stored: list[AnnualPlan] = []

        def work(_p: Progress, _c: CancelToken) -> tuple[AnnualPlan | None, int]:
            plan = self._store(edits) if edits is not None else None
            if plan is not None:
                stored.append(plan)
            return plan, service.write_pdf(target, year)

        def written(result: tuple[AnnualPlan | None, int]) -> None:
            plan, pages = result
            if plan is not None:
                self.show_plan(plan)
            show_message(
                self.message_label,
                self.tr("The plan of {year} ({pages} pages) was saved to {path}.").format(
                    year=year, pages=pages, path=str(target)
                ),
            )

        def failed(exc: BaseException) -> None:
            # What was typed was saved before the refusal: show the plan as it now stands.
            if stored:
                self.show_plan(stored[-1])
            self._failed(exc)

        self.session.tasks.run(
            self,
            work,
            label=self.tr("Writing the annual plan…"),
            cancellable=False,
            changes=CHANGES if edits is not None else None,
            on_success=written,
            on_error=failed,
        )

    # ------------------------------------------------------------------ closing
    def showEvent(self, event: QShowEvent) -> None:
        """Row heights once the columns have their widths (names and wording wrap)."""
        super().showEvent(event)
        self.projects_table.resizeRowsToContents()

    def reject(self) -> None:
        """Close; unsaved text is given up only when the clerk says so."""
        if self.dirty and self.can_edit:
            answer = QMessageBox.question(
                self,
                self.tr("Annual Plan"),
                self.tr("Discard the changes that were not saved?"),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        super().reject()


def open_annual_plan(parent: QWidget, session: AppSession) -> None:
    """年度规划书…"""
    AnnualPlanDialog(session, parent).exec()
