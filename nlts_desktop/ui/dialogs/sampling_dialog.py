"""Sampling checks (抽样检查): draw a reproducible sample, record the re-checks, print the record.

Left, the draw settings (a ratio or a count per school, and the random seed) and the earlier
draws; right, the checks of the chosen draw.  The seed is shown prominently: with it anyone can
draw the same sample again from the same results.  A re-check grade or note is saved as soon as
it is changed (one row, one transaction, with the row's version so a concurrent edit is refused).
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRegularExpression,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from nlts_desktop.domain.enums import Grade, RecheckOutcome
from nlts_desktop.domain.sampling import MAX_SEED
from nlts_desktop.services.context import REVIEW_ROLES
from nlts_desktop.services.review import DrawSummary, SampleCheckRow, SampleRecord
from nlts_desktop.ui.errors import show_error
from nlts_desktop.ui.models.titled_table_model import TitledTableModel
from nlts_desktop.ui.session import AppSession, Changes

Index = QModelIndex | QPersistentModelIndex

# Check columns.
C_SCHOOL, C_TEACHER, C_ID, C_POINT, C_ORIGINAL, C_RECHECK, C_OUTCOME, C_NOTES, C_BY = range(9)
# Draw-list columns.
D_TIME, D_SIZE, D_SEED, D_TOTAL, D_CHECKED, D_CHANGED = range(6)
_CHANGED_COLOR = "#ffe0b2"
_CONFIRMED_COLOR = "#dcedc8"


def local_minute(value: datetime | None) -> str:
    """A stored (UTC) time as local 2026-03-05 14:30; empty for none."""
    if value is None:
        return ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone().strftime("%Y-%m-%d %H:%M")


def _grade_label(grade: Grade | None) -> str:
    return grade.label if grade is not None else ""


class SampleChecksModel(TitledTableModel):
    """The checks of one draw; the re-check grade and notes are editable.

    An edit is not stored here: ``recheck_requested`` asks for it to be saved, and the saved
    row comes back through :meth:`replace_check`.
    """

    #: (check id, grade value or "" for 待复核, notes)
    recheck_requested = Signal(int, str, str)

    def __init__(self, parent: QObject | None = None, *, editable: bool = True) -> None:
        super().__init__(parent)
        self.editable = editable
        self._checks: list[SampleCheckRow] = []
        self._headers = (
            self.tr("School"),
            self.tr("Teacher"),
            self.tr("ID number"),
            self.tr("Point"),
            self.tr("Original grade"),
            self.tr("Re-check grade"),
            self.tr("Re-check result"),
            self.tr("Re-check notes"),
            self.tr("Checked by"),
        )

    def set_checks(self, checks: Sequence[SampleCheckRow]) -> None:
        """Replace the rows."""
        self.beginResetModel()
        self._checks = list(checks)
        self.endResetModel()

    def checks(self) -> list[SampleCheckRow]:
        """Every row."""
        return list(self._checks)

    def check_at(self, row: int) -> SampleCheckRow:
        """The check in a row."""
        return self._checks[row]

    def replace_check(self, check: SampleCheckRow) -> None:
        """Show a saved check in place of the old one."""
        for row, old in enumerate(self._checks):
            if old.check_id == check.check_id:
                self._checks[row] = check
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(self._headers) - 1))
                return

    def row_total(self) -> int:
        """Rows loaded."""
        return len(self._checks)

    def flags(self, index: Index) -> Qt.ItemFlag:
        """The re-check grade and notes are editable (for reviewers)."""
        flags = super().flags(index)
        if self.editable and index.isValid() and index.column() in (C_RECHECK, C_NOTES):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Cell text, edit values and the outcome tint."""
        if not index.isValid() or index.row() >= len(self._checks):
            return None
        check = self._checks[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.EditRole:
            if column == C_RECHECK:
                return check.recheck_grade.value if check.recheck_grade is not None else ""
            if column == C_NOTES:
                return check.notes or ""
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return {
                C_SCHOOL: check.school_name,
                C_TEACHER: check.teacher_name,
                C_ID: check.id_number,
                C_POINT: f"{check.point_code} {check.point_name}",
                C_ORIGINAL: _grade_label(check.original_grade),
                C_RECHECK: check.recheck_grade.label
                if check.recheck_grade is not None
                else RecheckOutcome.PENDING.label,
                C_OUTCOME: check.outcome.label,
                C_NOTES: check.notes or "",
                C_BY: check.checked_by or "",
            }.get(column)
        if role == Qt.ItemDataRole.ToolTipRole and column == C_NOTES:
            return check.notes or None
        if role == Qt.ItemDataRole.BackgroundRole and column == C_OUTCOME:
            if check.outcome is RecheckOutcome.CHANGED:
                return QBrush(QColor(_CHANGED_COLOR))
            if check.outcome is RecheckOutcome.CONFIRMED:
                return QBrush(QColor(_CONFIRMED_COLOR))
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Ask for a changed re-check grade or note to be saved."""
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or not self.editable:
            return False
        check = self._checks[index.row()]
        grade = check.recheck_grade.value if check.recheck_grade is not None else ""
        notes = check.notes or ""
        if index.column() == C_RECHECK:
            new_grade = str(value or "")
            if new_grade == grade:
                return False
            grade = new_grade
        elif index.column() == C_NOTES:
            new_notes = str(value or "").strip()
            if new_notes == notes:
                return False
            notes = new_notes
        else:
            return False
        self.recheck_requested.emit(check.check_id, grade, notes)
        return True


class GradeDelegate(QStyledItemDelegate):
    """A combo of 待复核 / 优秀 / 合格 / 不合格 for the re-check grade, saved when chosen."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        """The combo."""
        combo = QComboBox(parent)
        combo.addItem(RecheckOutcome.PENDING.label, "")
        for grade in Grade:
            combo.addItem(grade.label, grade.value)
        combo.activated.connect(lambda _i: self._commit(combo))
        return combo

    def _commit(self, combo: QComboBox) -> None:
        self.commitData.emit(combo)
        self.closeEditor.emit(combo, QStyledItemDelegate.EndEditHint.NoHint)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        """Show the current grade."""
        if isinstance(editor, QComboBox):
            position = editor.findData(index.data(Qt.ItemDataRole.EditRole) or "")
            editor.setCurrentIndex(max(position, 0))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        """Hand the chosen grade to the model."""
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class SamplingDialog(QDialog):
    """Draw samples, record the re-checks of a draw and print its sampling record."""

    def __init__(self, session: AppSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.writes = session.actor.role in REVIEW_ROLES
        self.record: SampleRecord | None = None
        self.draws: list[DrawSummary] = []
        self._sample_generation = 0
        self.setObjectName("SamplingDialog")
        self.setWindowTitle(self.tr("Sampling Checks"))
        self.resize(1320, 700)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self._build_left())
        splitter.addWidget(self._build_right())
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([420, 780])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(buttons)

        self._show_record(None)
        self.load_draws(open_newest=True)

    # construction -----------------------------------------------------------------
    def _build_left(self) -> QWidget:
        panel = QWidget(self)
        settings = QGroupBox(self.tr("New draw"), panel)
        self.ratio_radio = QRadioButton(self.tr("By ratio"), settings)
        self.ratio_radio.setChecked(True)
        self.ratio_spin = QDoubleSpinBox(settings)
        self.ratio_spin.setRange(0.1, 100.0)
        self.ratio_spin.setDecimals(1)
        self.ratio_spin.setSingleStep(5.0)
        self.ratio_spin.setValue(10.0)
        self.ratio_spin.setSuffix(" %")
        self.count_radio = QRadioButton(self.tr("Count per school"), settings)
        self.count_spin = QSpinBox(settings)
        self.count_spin.setRange(1, 1000)
        self.count_spin.setValue(5)
        self.ratio_radio.toggled.connect(self._update_size_inputs)
        self.seed_edit = QLineEdit(settings)
        self.seed_edit.setObjectName("seedEdit")
        self.seed_edit.setValidator(
            QRegularExpressionValidator(QRegularExpression(r"\d{0,10}"), self.seed_edit)
        )
        self.seed_edit.setPlaceholderText(self.tr("Empty: chosen at random"))
        self.random_button = QPushButton(self.tr("Random"), settings)
        self.random_button.setToolTip(self.tr("Fill in a random seed (it is recorded)."))
        self.random_button.clicked.connect(self.fill_random_seed)
        self.draw_button = QPushButton(self.tr("Draw Sample"), settings)
        self.draw_button.setDefault(True)
        self.draw_button.clicked.connect(self.draw_sample)
        seed_row = QHBoxLayout()
        seed_row.addWidget(self.seed_edit, 1)
        seed_row.addWidget(self.random_button)
        form = QFormLayout(settings)
        form.addRow(self.ratio_radio, self.ratio_spin)
        form.addRow(self.count_radio, self.count_spin)
        form.addRow(self.tr("Random seed"), seed_row)
        note = QLabel(
            self.tr(
                "Approved results are drawn per school. The same seed draws the same results again."
            ),
            settings,
        )
        note.setWordWrap(True)
        form.addRow(note)
        form.addRow(self.draw_button)
        settings.setEnabled(self.writes)
        self._update_size_inputs()

        history = QGroupBox(self.tr("Earlier draws"), panel)
        self.draws_table = QTableWidget(0, 6, history)
        self.draws_table.setObjectName("DrawsTable")
        self.draws_table.setHorizontalHeaderLabels(
            [
                self.tr("Time"),
                self.tr("Method"),
                self.tr("Seed"),
                self.tr("Total"),
                self.tr("Re-checked"),
                self.tr("Differing"),
            ]
        )
        self.draws_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.draws_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.draws_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.draws_table.verticalHeader().hide()
        header = self.draws_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.draws_table.currentCellChanged.connect(
            lambda row, _c, _pr, _pc: self._open_draw_row(row)
        )
        history_layout = QVBoxLayout(history)
        history_layout.addWidget(self.draws_table)

        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(settings)
        layout.addWidget(history, 1)
        return panel

    def _build_right(self) -> QWidget:
        panel = QWidget(self)
        self.seed_label = QLabel(panel)
        self.seed_label.setObjectName("seedLabel")
        font = QFont(self.seed_label.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.3)
        self.seed_label.setFont(font)
        self.seed_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.info_label = QLabel(panel)
        self.info_label.setObjectName("drawInfo")
        self.info_label.setWordWrap(True)

        self.checks_model = SampleChecksModel(self, editable=self.writes)
        self.checks_model.recheck_requested.connect(self.record_recheck)
        self.checks_view = QTableView(panel)
        self.checks_view.setObjectName("ChecksTable")
        self.checks_view.setModel(self.checks_model)
        self.checks_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.checks_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.checks_view.setAlternatingRowColors(True)
        self.checks_view.setWordWrap(False)
        vertical = self.checks_view.verticalHeader()
        vertical.hide()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        # Room for the grade combo when it opens in a cell.
        vertical.setDefaultSectionSize(self.checks_view.fontMetrics().height() + 12)
        self.checks_view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.SelectedClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.grade_delegate = GradeDelegate(self.checks_view)
        self.checks_view.setItemDelegateForColumn(C_RECHECK, self.grade_delegate)
        header = self.checks_view.horizontalHeader()
        header.setStretchLastSection(True)
        for column, width in (
            (C_SCHOOL, 120),
            (C_TEACHER, 60),
            (C_ID, 140),
            (C_POINT, 150),
            (C_ORIGINAL, 60),
            (C_RECHECK, 80),
            (C_OUTCOME, 100),
            (C_NOTES, 160),
        ):
            header.resizeSection(column, width)
        self.hint_label = QLabel(
            self.tr(
                "Double-click a re-check grade or note to change it; each change is saved at once."
            )
            if self.writes
            else self.tr("Your account can view the sampling checks but not record them."),
            panel,
        )
        self.hint_label.setWordWrap(True)
        self.print_button = QPushButton(self.tr("Print Sampling Record…"), panel)
        self.print_button.clicked.connect(self.print_record)
        bottom = QHBoxLayout()
        bottom.addWidget(self.hint_label, 1)
        bottom.addWidget(self.print_button)

        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.seed_label)
        layout.addWidget(self.info_label)
        layout.addWidget(self.checks_view, 1)
        layout.addLayout(bottom)
        return panel

    def _update_size_inputs(self) -> None:
        by_ratio = self.ratio_radio.isChecked()
        self.ratio_spin.setEnabled(by_ratio)
        self.count_spin.setEnabled(not by_ratio)

    # drawing ----------------------------------------------------------------------
    def fill_random_seed(self) -> None:
        """Fill in a random seed (the user can note it before drawing)."""
        self.seed_edit.setText(str(secrets.randbelow(MAX_SEED + 1)))

    def draw_sample(self) -> None:
        """Draw a sample with the settings (off the UI thread), then open it."""
        by_ratio = self.ratio_radio.isChecked()
        ratio = self.ratio_spin.value() / 100 if by_ratio else None
        count = None if by_ratio else self.count_spin.value()
        seed = self.seed_edit.text().strip() or None
        review = self.session.workspace.review

        def drawn(record: SampleRecord) -> None:
            self._sample_generation += 1
            self._show_record(record)
            self.load_draws(select=record.draw_id)

        self.session.tasks.run(
            self,
            lambda _p, _c: review.draw_sample(ratio=ratio, count=count, seed=seed),
            label=self.tr("Drawing the sample…"),
            cancellable=False,
            changes=Changes.of("assessment"),
            on_success=drawn,
            on_error=lambda exc: show_error(self, exc),
        )

    # the list of draws ------------------------------------------------------------
    def load_draws(self, *, select: int | None = None, open_newest: bool = False) -> None:
        """Load the list of draws; select ``select`` (or open the newest) without reloading it."""
        review = self.session.workspace.review

        def loaded(draws: list[DrawSummary]) -> None:
            self._fill_draws(draws, select=select)
            if open_newest and draws and self.record is None:
                self.draws_table.setCurrentCell(0, 0)  # opens it

        self.session.tasks.run(self, lambda _p, _c: review.draws(), on_success=loaded)

    def _fill_draws(self, draws: list[DrawSummary], *, select: int | None) -> None:
        self.draws = draws
        table = self.draws_table
        table.blockSignals(True)
        try:
            table.setRowCount(len(draws))
            for row, summary in enumerate(draws):
                cells = (
                    local_minute(summary.drawn_at),
                    summary.size_label,
                    str(summary.seed),
                    f"{summary.total:,}",
                    f"{summary.checked:,}",
                    f"{summary.changed:,}",
                )
                for column, text in enumerate(cells):
                    item = QTableWidgetItem(text)
                    item.setData(Qt.ItemDataRole.UserRole, summary.draw_id)
                    if column >= D_TOTAL:
                        item.setTextAlignment(
                            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                        )
                    table.setItem(row, column, item)
            chosen = (
                select if select is not None else (self.record.draw_id if self.record else None)
            )
            rows = [n for n, d in enumerate(draws) if d.draw_id == chosen]
            if rows:
                table.setCurrentCell(rows[0], 0)
            else:
                table.clearSelection()
        finally:
            table.blockSignals(False)

    def _open_draw_row(self, row: int) -> None:
        if 0 <= row < len(self.draws):
            self.open_draw(self.draws[row].draw_id)

    def open_draw(self, draw_id: int) -> None:
        """Show the checks of an earlier draw."""
        self._sample_generation += 1
        generation = self._sample_generation
        review = self.session.workspace.review

        def loaded(record: SampleRecord) -> None:
            if generation == self._sample_generation:
                self._show_record(record)

        self.session.tasks.run(
            self,
            lambda _p, _c: review.sample(draw_id),
            on_success=loaded,
            on_error=lambda exc: show_error(self, exc),
        )

    def _show_record(self, record: SampleRecord | None) -> None:
        self.record = record
        self.checks_model.set_checks(record.checks if record is not None else ())
        self.print_button.setEnabled(record is not None)
        if record is None:
            self.seed_label.setText(self.tr("No draw chosen"))
            self.info_label.setText(
                self.tr("Draw a sample on the left, or choose an earlier draw.")
            )
            return
        self.seed_label.setText(
            self.tr("Random seed: {seed} (this seed reproduces the draw)").format(seed=record.seed)
        )
        self._update_info()

    def _update_info(self) -> None:
        record = self.record
        if record is None:
            return
        checks = self.checks_model.checks()
        checked = sum(c.outcome is not RecheckOutcome.PENDING for c in checks)
        changed = sum(c.outcome is RecheckOutcome.CHANGED for c in checks)
        self.info_label.setText(
            self.tr(
                "{cycle} assessment, {size}, drawn by {who} at {when}: {total} results, "
                "{checked} re-checked, {changed} with a different grade."
            ).format(
                cycle=record.cycle,
                size=record.size_label,
                who=record.drawn_by,
                when=local_minute(record.drawn_at),
                total=len(checks),
                checked=checked,
                changed=changed,
            )
        )

    # re-checks --------------------------------------------------------------------
    def record_recheck(self, check_id: int, grade: str, notes: str) -> None:
        """Save one row's re-check grade and notes (with its version)."""
        current = next((c for c in self.checks_model.checks() if c.check_id == check_id), None)
        if current is None:
            return
        version = current.version
        review = self.session.workspace.review
        parsed = Grade(grade) if grade else None

        def saved(check: SampleCheckRow) -> None:
            self.checks_model.replace_check(check)
            self._update_info()
            self.load_draws()

        def failed(exc: BaseException) -> None:
            show_error(self, exc)
            if self.record is not None:
                self.open_draw(self.record.draw_id)  # fresh versions and values

        self.session.tasks.run(
            self,
            lambda _p, _c: review.record_recheck(
                check_id, grade=parsed, notes=notes, version=version
            ),
            cancellable=False,
            changes=Changes.of("assessment"),
            on_success=saved,
            on_error=failed,
        )

    # the record -------------------------------------------------------------------
    def print_record(self) -> None:
        """Save the sampling record (抽样检查记录) as PDF or Excel."""
        record = self.record
        if record is None:
            return
        title = self.tr("Print Sampling Record")
        sheets = self.session.workspace.score_sheets
        folder = self.session.settings.last_folder("export")
        default = self.tr("Sampling record_{date}_seed {seed}.pdf").format(
            date=date.today().isoformat(), seed=record.seed
        )
        pdf_filter = self.tr("PDF document (*.pdf)")
        xlsx_filter = self.tr("Excel workbook (*.xlsx)")
        chosen, chosen_filter = QFileDialog.getSaveFileName(
            self, title, str(Path(folder) / default), f"{pdf_filter};;{xlsx_filter}"
        )
        if not chosen:
            return
        out = Path(chosen)
        if out.suffix.lower() not in (".pdf", ".xlsx"):
            suffix = ".xlsx" if chosen_filter == xlsx_filter else ".pdf"
            out = out.with_name(out.name + suffix)
        self.session.settings.set_last_folder("export", str(out.parent))
        draw_id = record.draw_id
        self.session.tasks.run(
            self,
            lambda _p, _c: sheets.sampling_record(out, draw_id),
            label=self.tr("Printing the sampling record…"),
            cancellable=False,
            on_success=lambda _n: self._saved(title, out),
            on_error=lambda exc: show_error(self, exc),
        )

    def _saved(self, title: str, out: Path) -> None:
        QMessageBox.information(
            self, title, self.tr("The sampling record was saved to {path}.").format(path=str(out))
        )
