"""年度目标: the planned teachers (and schools) per programme year and project level.

One grid of planned teachers: a row per year of the rules' programme, a column per level of
the project_levels code table (国家级 = 国培, 省级 = 省培, 市级, 县级, 校级), a 合计 column and a
合计 row.  The 合计 of a year is added up as the clerk types; a clerk who types a 合计 of their
own has it checked by the service on saving (a total that does not add up is refused).  Where
the rules count schools (湖南: 30 % / 70 % / 100 % of schools) a second grid holds the planned
schools.

按规则建议 fills the grid with the rules' shares of the registered teachers (the service's
suggestion, at the workspace's own level); 从年度计划表导入… reads and checks a
市、县级培训年度计划表 (附件1-1) and puts its numbers in the grid.  Nothing is written until 保存,
which saves every year in one call; a refusal is shown in the dialog with the cell concerned
marked, and what was typed stays.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRegularExpression, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from nlts_desktop.domain.errors import AppError
from nlts_desktop.services.context import ADMIN_ROLES
from nlts_desktop.services.progress import CancelToken, Progress
from nlts_desktop.services.targets import (
    PlanTableImport,
    TargetService,
    TargetSuggestion,
    YearTargets,
)
from nlts_desktop.ui.dialogs.import_common import pick_workbook, show_message
from nlts_desktop.ui.dialogs.validated_form import ERROR_COLOR
from nlts_desktop.ui.errors import show_error
from nlts_desktop.ui.session import AppSession, Changes

Index = QModelIndex | QPersistentModelIndex
MARK_COLOR = "#ffcdd2"
TOTAL_COLOR = "#eeeeee"
COMPUTED_COLOR = "#757575"
WARNING_COLOR = "#e65100"
READ_ONLY_COLOR = "#f5f5f5"
MAX_DIGITS = 8  # the service allows up to 10,000,000


@dataclass(frozen=True)
class _Loaded:
    preset_name: str
    years: tuple[int, ...]  # the programme years (editable)
    targets: list[YearTargets]
    basis: TargetSuggestion | None  # the registered teachers and schools


class _CountDelegate(QStyledItemDelegate):
    """Cells take whole numbers only (or nothing)."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        """A line edit that accepts digits only."""
        editor = QLineEdit(parent)
        editor.setValidator(
            QRegularExpressionValidator(QRegularExpression(rf"\d{{0,{MAX_DIGITS}}}"), editor)
        )
        editor.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return editor


def _number(text: str) -> int | None:
    text = text.strip().replace(",", "")
    return int(text) if text.isdigit() else None


class PlanGrid(QTableWidget):
    """Years × levels of planned counts, a 合计 column (typed or added up) and a 合计 row."""

    #: The totals were added up again (after any change of a count).
    totals_changed = Signal()

    def __init__(self, *, typed_totals: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        #: Whether the 合计 column takes a typed total (checked by the service on saving).
        self.typed_totals = typed_totals
        self.years: list[int] = []
        self.levels: list[str] = []
        self.editable_years: set[int] = set()
        self._typed: dict[int, int] = {}
        self._filling = False
        self.setItemDelegate(_CountDelegate(self))
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.itemChanged.connect(self._changed)

    # layout -------------------------------------------------------------------------
    def set_layout(
        self,
        *,
        years: Sequence[int],
        editable_years: set[int],
        levels: Sequence[tuple[str, str]],
        year_label: str,
        total_label: str,
    ) -> None:
        """Rows for the years and 合计, columns for the levels and 合计; every cell empty."""
        self._filling = True
        self.clear()
        self.years = list(years)
        self.levels = [code for code, _ in levels]
        self.editable_years = set(editable_years)
        self._typed = {}
        self.setRowCount(len(self.years) + 1)
        self.setColumnCount(len(self.levels) + 1)
        self.setHorizontalHeaderLabels([name for _, name in levels] + [total_label])
        self.setVerticalHeaderLabels(
            [year_label.format(year=year) for year in self.years] + [total_label]
        )
        bold = QFont(self.font())
        bold.setBold(True)
        for row in range(self.rowCount()):
            for column in range(self.columnCount()):
                item = QTableWidgetItem("")
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                total_row = row == len(self.years)
                total_column = column == len(self.levels)
                editable = (
                    not total_row
                    and self.years[row] in self.editable_years
                    and (not total_column or self.typed_totals)
                )
                flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                if editable:
                    flags |= Qt.ItemFlag.ItemIsEditable
                item.setFlags(flags)
                if total_row:
                    item.setFont(bold)
                    item.setBackground(QBrush(QColor(TOTAL_COLOR)))
                elif not editable and not total_column:
                    item.setBackground(QBrush(QColor(READ_ONLY_COLOR)))
                self.setItem(row, column, item)
        self._filling = False
        self.recompute()
        self.fit_height()

    def fit_height(self) -> None:
        """Tall enough for every row: no vertical scroll bar."""
        height = (
            self.horizontalHeader().sizeHint().height()
            + self.rowCount() * self.verticalHeader().defaultSectionSize()
            + 2 * self.frameWidth()
            + 4
        )
        self.setMinimumHeight(height)
        self.setMaximumHeight(height)

    # values -------------------------------------------------------------------------
    @property
    def total_column(self) -> int:
        """The 合计 column."""
        return len(self.levels)

    @property
    def total_row(self) -> int:
        """The 合计 row."""
        return len(self.years)

    def row_of(self, year: int) -> int:
        """The row of a year."""
        return self.years.index(year)

    def cell(self, year: int, level: str) -> QTableWidgetItem:
        """The item of a year and level."""
        item = self.item(self.row_of(year), self.levels.index(level))
        assert item is not None
        return item

    def total_cell(self, year: int | None = None) -> QTableWidgetItem:
        """The 合计 of a year (None: the grand total)."""
        row = self.total_row if year is None else self.row_of(year)
        item = self.item(row, self.total_column)
        assert item is not None
        return item

    def set_value(self, year: int, level: str, value: int | None) -> None:
        """Put a count in a cell (None: empty)."""
        if level not in self.levels:
            return
        self.cell(year, level).setText("" if value is None else str(value))

    def value(self, year: int, level: str) -> int | None:
        """The count in a cell (None: empty)."""
        return _number(self.cell(year, level).text())

    def values(self, year: int) -> dict[str, int | None]:
        """Every level's count of a year."""
        return {level: self.value(year, level) for level in self.levels}

    def clear_year(self, year: int) -> None:
        """Empty a year's cells and forget its typed total."""
        self._filling = True
        for level in self.levels:
            self.set_value(year, level, None)
        self._typed.pop(year, None)
        self._filling = False
        self.recompute()

    def set_typed_total(self, year: int, value: int | None) -> None:
        """Type a 合计 for a year (None: added up again)."""
        self.total_cell(year).setText("" if value is None else str(value))

    def typed_total(self, year: int) -> int | None:
        """The 合计 the clerk typed for a year, if any."""
        return self._typed.get(year)

    def typed_totals_by_year(self) -> dict[int, int]:
        """Every typed 合计."""
        return dict(self._typed)

    def year_sum(self, year: int) -> int:
        """The sum of a year's levels."""
        return sum(v or 0 for v in self.values(year).values())

    def has_values(self) -> bool:
        """Whether any editable cell holds a number."""
        return any(
            v is not None
            for year in self.years
            if year in self.editable_years
            for v in self.values(year).values()
        )

    def _changed(self, item: QTableWidgetItem) -> None:
        if self._filling:
            return
        self.unmark(item)
        if item.column() == self.total_column and item.row() < self.total_row:
            year = self.years[item.row()]
            typed = _number(item.text())
            if typed is None:
                self._typed.pop(year, None)
            else:
                self._typed[year] = typed
        self.recompute()

    def recompute(self) -> None:
        """Add up the 合计 column (where not typed) and the 合计 row."""
        self._filling = True
        try:
            grey = QColor(COMPUTED_COLOR)
            for year in self.years:
                item = self.total_cell(year)
                font = QFont(self.font())
                if year in self._typed:
                    font.setBold(True)
                    item.setForeground(QBrush(QColor("black")))
                    item.setToolTip(
                        self.tr("Total typed in: checked against the levels when saving")
                    )
                else:
                    item.setText(self._sum_text(self.year_sum(year), year))
                    item.setForeground(QBrush(grey))
                    item.setToolTip(self.tr("Added up from the levels"))
                item.setFont(font)
            for column, level in enumerate(self.levels):
                numbers = [self.value(year, level) for year in self.years]
                total = self.item(self.total_row, column)
                assert total is not None
                total.setText(
                    f"{sum(n or 0 for n in numbers):,}"
                    if any(n is not None for n in numbers)
                    else ""
                )
            grand = sum(self.year_sum(year) for year in self.years)
            self.total_cell(None).setText(f"{grand:,}")
        finally:
            self._filling = False
        self.totals_changed.emit()

    def _sum_text(self, total: int, year: int) -> str:
        has_any = any(v is not None for v in self.values(year).values())
        return str(total) if has_any else ""

    # marks --------------------------------------------------------------------------
    def mark(self, item: QTableWidgetItem, message: str) -> None:
        """Tint a cell red with the reason as its tooltip, and make it current."""
        self._filling = True
        item.setBackground(QBrush(QColor(MARK_COLOR)))
        item.setData(Qt.ItemDataRole.UserRole, True)
        item.setToolTip(message)
        self._filling = False
        self.setCurrentItem(item)
        self.scrollToItem(item)

    def is_marked(self, item: QTableWidgetItem) -> bool:
        """Whether a cell carries a refusal."""
        return bool(item.data(Qt.ItemDataRole.UserRole))

    def unmark(self, item: QTableWidgetItem) -> None:
        """Remove a cell's red tint."""
        if not self.is_marked(item):
            return
        self._filling = True
        item.setData(Qt.ItemDataRole.UserRole, False)
        total = item.row() == self.total_row
        item.setBackground(QBrush(QColor(TOTAL_COLOR)) if total else QBrush())
        item.setToolTip("")
        self._filling = False

    def unmark_all(self) -> None:
        """Remove every red tint."""
        for row in range(self.rowCount()):
            for column in range(self.columnCount()):
                item = self.item(row, column)
                if item is not None:
                    self.unmark(item)


class TargetsDialog(QDialog):
    """年度目标: edit, suggest or import the planned counts; save them in one call."""

    def __init__(self, session: AppSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.service = session.workspace.targets
        self.writes = session.actor.role in ADMIN_ROLES
        self.loaded: _Loaded | None = None
        self.saved: list[YearTargets] | None = None
        self.setObjectName("TargetsDialog")
        self.setWindowTitle(self.tr("Annual Targets"))
        self.setMinimumWidth(860)

        self.intro = QLabel(self.tr("Loading…"), self)
        self.intro.setObjectName("targetsIntro")
        self.intro.setWordWrap(True)
        self.intro.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.teacher_grid = PlanGrid(typed_totals=True, parent=self)
        self.teacher_grid.setObjectName("plannedTeachers")
        self.school_grid = PlanGrid(typed_totals=False, parent=self)
        self.school_grid.setObjectName("plannedSchools")
        teacher_box = QGroupBox(self.tr("Planned teachers (people)"), self)
        QVBoxLayout(teacher_box).addWidget(self.teacher_grid)
        self.school_box = QGroupBox(self.tr("Planned schools to complete (schools)"), self)
        QVBoxLayout(self.school_box).addWidget(self.school_grid)
        self.school_box.hide()
        self.hint = QLabel(self)
        self.hint.setObjectName("targetsHint")
        self.hint.setWordWrap(True)
        self.teacher_grid.totals_changed.connect(self._update_hint)
        self.message = QLabel(self)
        self.message.setObjectName("targetsMessage")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.hide()

        self.suggest_button = QPushButton(self.tr("Suggest from the Rules"), self)
        self.suggest_button.setObjectName("suggestTargets")
        self.suggest_button.setToolTip(
            self.tr("The rules' yearly shares of the registered teachers and schools")
        )
        self.suggest_button.clicked.connect(self.suggest)
        self.import_button = QPushButton(self.tr("Import Annual Plan Table…"), self)
        self.import_button.setObjectName("importPlanTable")
        self.import_button.setToolTip(
            self.tr(
                "Read an annual training plan table (Excel) into the table; it is kept with Save"
            )
        )
        self.import_button.clicked.connect(self.import_plan_table)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        for button in (self.suggest_button, self.import_button, self.save_button):
            button.setEnabled(False)

        actions = QHBoxLayout()
        actions.addWidget(self.suggest_button)
        actions.addWidget(self.import_button)
        actions.addStretch(1)
        actions.addWidget(self.buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(teacher_box)
        layout.addWidget(self.school_box)
        layout.addWidget(self.hint)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addLayout(actions)
        self.load()

    # loading ------------------------------------------------------------------------
    def load(self) -> None:
        """Read the years, the stored targets and the registered counts (off the UI thread)."""
        service = self.service
        workspace = self.session.workspace

        def work(_p: Progress, _c: CancelToken) -> _Loaded:
            years = service.years()
            basis = service.suggest(years[0]) if years else None
            return _Loaded(workspace.info().preset_name, years, service.by_year(), basis)

        self.session.tasks.run(
            self, work, on_success=self._fill, on_error=lambda exc: show_error(self, exc)
        )

    def _level_headers(self) -> list[tuple[str, str]]:
        named = {
            "national": self.tr("{name} (national programme)"),
            "provincial": self.tr("{name} (provincial programme)"),
        }
        return [
            (code, named[code].format(name=name) if code in named else name)
            for code, name in TargetService.levels()
        ]

    def counts_schools(self) -> bool:
        """Whether the school grid is shown: the rules count schools or schools are planned."""
        loaded = self.loaded
        return loaded is not None and any(
            t.school_share is not None or t.schools is not None for t in loaded.targets
        )

    def _fill(self, loaded: _Loaded) -> None:
        self.loaded = loaded
        all_years = sorted({*loaded.years, *(t.year for t in loaded.targets)})
        editable = set(loaded.years) if self.writes else set()
        for grid in (self.teacher_grid, self.school_grid):
            grid.set_layout(
                years=all_years,
                editable_years=editable,
                levels=self._level_headers(),
                year_label=self.tr("{year}"),
                total_label=self.tr("Total"),
            )
        for year_targets in loaded.targets:
            for target in year_targets.targets:
                self.teacher_grid.set_value(target.year, target.level_code, target.planned_teachers)
                self.school_grid.set_value(target.year, target.level_code, target.planned_schools)
        self.teacher_grid.recompute()
        self.school_grid.recompute()
        self.school_box.setVisible(self.counts_schools())
        self.intro.setText(self._intro(loaded))
        self._update_hint()
        for button in (self.suggest_button, self.import_button, self.save_button):
            button.setEnabled(self.writes and bool(loaded.years))
        self.adjustSize()
        if not self.writes:
            show_message(
                self.message, self.tr("Only a county administrator can change the annual targets.")
            )
        others = [y for y in all_years if y not in loaded.years]
        if others and self.writes:
            show_message(
                self.message,
                self.tr(
                    "The targets of {years} lie outside the rules' programme years and are "
                    "shown read-only."
                ).format(years=self.tr(", ").join(str(y) for y in others)),
            )

    def _intro(self, loaded: _Loaded) -> str:
        shares = []
        for t in loaded.targets:
            if t.year not in loaded.years:
                continue
            parts = []
            if t.teacher_share is not None:
                parts.append(self.tr("{share} of teachers").format(share=_pct(t.teacher_share)))
            if t.school_share is not None:
                parts.append(self.tr("{share} of schools").format(share=_pct(t.school_share)))
            if parts:
                template = (
                    self.tr("by the end of {year}: {parts}")
                    if t.cumulative
                    else self.tr("in {year}: {parts}")
                )
                shares.append(template.format(year=t.year, parts=self.tr(", ").join(parts)))
        text = (
            self.tr("Rules {preset}: {shares}.").format(
                preset=loaded.preset_name, shares=self.tr("; ").join(shares)
            )
            if shares
            else self.tr("Rules {preset} set no yearly shares.").format(preset=loaded.preset_name)
        )
        if loaded.basis is not None:
            text += "\n" + self.tr(
                "Registered: {teachers} active teachers in {schools} schools. Each teacher is "
                "planned once over the programme: the years together may not plan more "
                "teachers than are registered."
            ).format(
                teachers=f"{loaded.basis.basis_teachers:,}",
                schools=f"{loaded.basis.basis_schools:,}",
            )
        return text

    def _update_hint(self) -> None:
        """How to fill in the grid; a warning while the years plan more than are registered."""
        loaded = self.loaded
        grid = self.teacher_grid
        planned = sum(grid.year_sum(y) for y in grid.years) if loaded is not None else 0
        registered = loaded.basis.basis_teachers if loaded and loaded.basis else 0
        if registered and planned > registered:
            self.hint.setStyleSheet(f"color: {WARNING_COLOR};")
            self.hint.setText(
                self.tr(
                    "The years together plan {planned} teachers, more than the {registered} "
                    "active teachers registered."
                ).format(planned=f"{planned:,}", registered=f"{registered:,}")
            )
            return
        self.hint.setStyleSheet(f"color: {COMPUTED_COLOR};")
        self.hint.setText(
            self.tr(
                "Type the planned numbers per level; the totals add up by themselves. A total "
                "typed in by hand is checked against the levels when saving."
            )
        )

    # actions ------------------------------------------------------------------------
    def plan(self) -> tuple[dict[int, dict[str, tuple[int, int | None]]], dict[int, int]]:
        """What saving sends: every programme year's levels, and the typed totals."""
        assert self.loaded is not None
        plan: dict[int, dict[str, tuple[int, int | None]]] = {}
        for year in self.loaded.years:
            teachers = self.teacher_grid.values(year)
            schools = self.school_grid.values(year)
            plan[year] = {
                level: (teachers[level] or 0, schools.get(level))
                for level in self.teacher_grid.levels
                if teachers[level] or schools.get(level)
            }
        totals = {
            year: total
            for year, total in self.teacher_grid.typed_totals_by_year().items()
            if year in self.loaded.years
        }
        return plan, totals

    def save(self) -> None:
        """Save every year in one call; a refusal stays in the dialog with the cell marked."""
        if self.loaded is None or not self.writes:
            return
        plan, totals = self.plan()
        service = self.service
        self.teacher_grid.unmark_all()
        self.school_grid.unmark_all()
        show_message(self.message, "")
        self.save_button.setEnabled(False)

        def saved(result: list[YearTargets]) -> None:
            self.saved = result
            self.save_button.setEnabled(True)
            self.accept()

        self.session.tasks.run(
            self,
            lambda _p, _c: service.set_plan(plan, totals=totals),
            label=self.tr("Saving the targets…"),
            cancellable=False,
            changes=Changes.of("targets"),
            on_success=saved,
            on_error=self._refused,
        )

    def _refused(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        if not isinstance(exc, AppError):
            show_error(self, exc)
            return
        show_message(self.message, exc.message, error=True)
        item = self._item_for(exc.details)
        if item is not None:
            grid, cell = item
            grid.mark(cell, exc.message)

    def _item_for(self, details: Mapping[str, Any]) -> tuple[PlanGrid, QTableWidgetItem] | None:
        """The cell a refusal is about: a year's 合计, or the grand total of a grid."""
        field = details.get("field")
        year = details.get("year")
        grid = self.teacher_grid
        if field == "total" and isinstance(year, int) and year in grid.years:
            return grid, grid.total_cell(year)
        if field == "teachers":
            return grid, grid.total_cell(None)
        if field == "schools":
            self.school_box.show()
            return self.school_grid, self.school_grid.total_cell(None)
        return None

    def suggest(self) -> None:
        """Fill the grid with the rules' suggestion for every year (at the own level)."""
        if self.loaded is None:
            return
        if self.teacher_grid.has_values() or self.school_grid.has_values():
            answer = QMessageBox.question(
                self,
                self.tr("Suggest from the Rules"),
                self.tr(
                    "Replace the numbers in the table with the rules' suggestion? Nothing is "
                    "saved until you click Save."
                ),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        service = self.service
        years = self.loaded.years
        self.session.tasks.run(
            self,
            lambda _p, _c: [service.suggest(year) for year in years],
            on_success=self._apply_suggestions,
            on_error=lambda exc: self._refused(exc),
        )

    def _apply_suggestions(self, suggestions: list[TargetSuggestion]) -> None:
        self.teacher_grid.unmark_all()
        self.school_grid.unmark_all()
        for s in suggestions:
            self.teacher_grid.clear_year(s.year)
            self.school_grid.clear_year(s.year)
            if s.teachers is not None:
                self.teacher_grid.set_value(s.year, s.level_code, s.teachers)
            if s.schools is not None:
                self.school_grid.set_value(s.year, s.level_code, s.schools)
        if any(s.schools is not None for s in suggestions):
            self.school_box.show()
        lines = [s.explanation for s in suggestions]
        lines.append(self.tr("Check the numbers and click Save to keep them."))
        show_message(self.message, "\n".join(lines))

    def import_plan_table(self) -> None:
        """Read and check a 市、县级培训年度计划表; its numbers go into the grid (not saved yet)."""
        chosen = pick_workbook(
            self, self.session, folder_key="targets", title=self.tr("Import Annual Plan Table")
        )
        if not chosen:
            return
        service = self.service
        path = chosen

        def read(_p: Progress, _c: CancelToken) -> PlanTableImport:
            return service.read_plan_table(Path(path))

        self.session.tasks.run(
            self,
            read,
            label=self.tr("Reading the plan table…"),
            cancellable=False,
            on_success=self._apply_import,
            on_error=self._refused,
        )

    def _apply_import(self, result: PlanTableImport) -> None:
        self.teacher_grid.unmark_all()
        for year, levels in result.years.items():
            if year not in self.teacher_grid.editable_years:
                continue
            self.teacher_grid.clear_year(year)
            for level, count in levels.items():
                self.teacher_grid.set_value(year, level, count)
        years = self.tr(", ").join(str(y) for y in sorted(result.years))
        show_message(
            self.message,
            self.tr(
                "The planned teachers of {years} were read from “{file}” (sheet “{sheet}”, "
                "{teachers} teachers in all). Check them and click Save to keep them."
            ).format(
                years=years or "—",
                file=result.file_name,
                sheet=result.sheet,
                teachers=f"{result.teachers:,}",
            ),
        )

    def message_is_error(self) -> bool:
        """Whether the message line shows a problem (red)."""
        return ERROR_COLOR in self.message.styleSheet()


def _pct(share: float) -> str:
    value = round(share * 100, 1)
    return f"{value:g}%"
