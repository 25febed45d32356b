"""The score entry grid's view: keyboard entry of 优秀/合格/不合格 over a ScoreGridModel.

On an evidence item cell, 1/2/3 or Y/H/B (or 优/合/不 from an input method) saves the grade at
once and moves to the next item; anything else is shown in red and not saved.  Tab/Shift+Tab
go to the next/previous item, Enter down the column, Delete clears, Ctrl+V pastes a block
copied from Excel in one all-or-nothing save, F2 or a double click opens a picker.  Saving goes
through the callback the tab supplies (``set_saver``): it calls the service on the UI thread
(a grade is a few milliseconds) and applies the result to the model.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QCoreApplication,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QInputMethodEvent, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QHeaderView,
    QMessageBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from nlts_desktop.domain.enums import Grade
from nlts_desktop.domain.errors import AppError, ValidationError
from nlts_desktop.domain.grading import parse_grade
from nlts_desktop.ui.errors import show_error
from nlts_desktop.ui.models.score_grid_model import Kind, ScoreGridModel

Index = QModelIndex | QPersistentModelIndex
#: Saves ``(item id, grade or raw text or None)`` pairs in one call; raises AppError.
Saver = Callable[[Sequence[tuple[int, object]]], None]

_WIDTHS = {
    Kind.NAME: 80,
    Kind.ID_NUMBER: 150,
    Kind.POINT: 56,
    Kind.ITEM: 58,
    Kind.GRADE: 58,
    Kind.RESULT: 70,
}
_NO_TYPING = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)


def warn(parent: QWidget | None, text: str) -> None:
    """A warning box for a refused paste (module-level so tests can replace it)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(QCoreApplication.translate("ErrorDialog", "NLTS Desktop"))
    box.setText(text)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.exec()


def parse_block(text: str) -> list[list[str]]:
    """Tab/newline separated text (as Excel copies a range) as rows of cells."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.endswith("\n"):
        text = text[:-1]
    if not text:
        return []
    return [line.split("\t") for line in text.split("\n")]


class GradePickerDelegate(QStyledItemDelegate):
    """F2 / double click on an item: a combo of 优秀/合格/不合格 and Clear."""

    def __init__(self, view: ScoreGridView) -> None:
        super().__init__(view)
        self._view = view

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        """The picker."""
        combo = QComboBox(parent)
        for grade in Grade:
            combo.addItem(grade.label, grade.value)
        combo.addItem(self.tr("Clear"), "")

        def picked(_row: int) -> None:
            self.commitData.emit(combo)
            self.closeEditor.emit(combo, QAbstractItemDelegate.EndEditHint.NoHint)

        combo.activated.connect(picked)
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        """Start at the saved grade."""
        if isinstance(editor, QComboBox):
            found = editor.findData(index.data(Qt.ItemDataRole.EditRole) or "")
            editor.setCurrentIndex(max(found, 0))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        """Save the picked grade through the view (never model.setData)."""
        if isinstance(editor, QComboBox):
            value = editor.currentData()
            cell = self._view.grid_model().index(index.row(), index.column())
            self._view.commit(cell, Grade(value) if value else None)


class ScoreGridView(QTableView):
    """Keyboard-first score entry over a ScoreGridModel."""

    #: A line for the tab's message label (saved, refused, invalid key).
    message_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._save: Saver | None = None
        self.setObjectName("ScoreGrid")
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.setTabKeyNavigation(True)
        self.setWordWrap(False)
        self.setAlternatingRowColors(False)
        self.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, True)
        self.setItemDelegate(GradePickerDelegate(self))
        vertical = self.verticalHeader()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.horizontalHeader()
        # Pasting maps a block onto columns by position: the order must be the model's.
        header.setSectionsMovable(False)
        header.setHighlightSections(True)
        header.setStretchLastSection(True)

    # set-up -------------------------------------------------------------------------------
    def grid_model(self) -> ScoreGridModel:
        """The model (always a ScoreGridModel)."""
        model = self.model()
        assert isinstance(model, ScoreGridModel)
        return model

    def set_saver(self, save: Saver | None) -> None:
        """The callback that saves grades and applies them to the model."""
        self._save = save

    def fit_columns(self) -> None:
        """Fixed widths by column kind (never measuring 300 rows of text)."""
        header = self.horizontalHeader()
        for col, column in enumerate(self.grid_model().columns()):
            width = _WIDTHS.get(column.kind)
            if width is not None:
                header.resizeSection(col, width)

    def go_to(self, row: int, col: int) -> None:
        """Make a cell current and selected, and show it."""
        index = self.grid_model().index(row, col)
        if not index.isValid():
            return
        selection = self.selectionModel()
        selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.scrollTo(index)

    def say(self, text: str) -> None:
        """Show a line in the tab's message label."""
        self.message_changed.emit(text)

    # saving ------------------------------------------------------------------------------
    def commit(self, index: QModelIndex, value: Grade | None) -> bool:
        """Save one item's grade (None clears it); False, with a message, when refused."""
        model = self.grid_model()
        row, col = index.row(), index.column()
        item = model.item_at(row, col)
        if item is None:
            self.say(self.tr("This teacher has no evidence item in this column."))
            return False
        refusal = model.refusal(row)
        if refusal is not None:
            self.say(refusal)
            return False
        if value is item.grade and model.invalid_value(row, col) is None:
            return True  # the picker commits again when it closes: nothing to save
        if not self._call_save([(item.item_id, value)], dialog=False):
            return False
        model.clear_invalid(row, col)
        name = model.row_at(row).name
        if value is None:
            self.say(
                self.tr("{name}, {item}: grade cleared.").format(name=name, item=item.spec_name)
            )
        else:
            self.say(
                self.tr("{name}, {item}: saved as {grade}.").format(
                    name=name, item=item.spec_name, grade=value.label
                )
            )
        return True

    def _call_save(self, entries: Sequence[tuple[int, object]], *, dialog: bool) -> bool:
        """Run the saver; errors in the message line (one key) or a dialog (a paste)."""
        if self._save is None:
            self.say(self.tr("Scores cannot be entered here."))
            return False
        try:
            self._save(entries)
        except AppError as exc:
            if dialog:
                show_error(self, exc)
            else:
                self.say(exc.message)
            return False
        except Exception as exc:
            show_error(self, exc)
            return False
        return True

    # keyboard ----------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Grades, Delete, Enter, F2 and paste on the grid; the rest as a table does."""
        if event.matches(QKeySequence.StandardKey.Paste):
            self.paste()
            event.accept()
            return
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_selection()
            event.accept()
            return
        key = event.key()
        if self.state() != QAbstractItemView.State.EditingState:
            plain = not (event.modifiers() & _NO_TYPING)
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and plain:
                self.move_down()
                event.accept()
                return
            if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and plain:
                self.clear_selected()
                event.accept()
                return
            if key == Qt.Key.Key_F2 and plain:
                self.pick_current()
                event.accept()
                return
            text = event.text()
            index = self.currentIndex()
            if (
                plain
                and text.strip()
                and text.isprintable()
                and index.isValid()
                and self.grid_model().is_item_column(index.column())
            ):
                self.type_text(text)
                event.accept()
                return
        super().keyPressEvent(event)

    def inputMethodEvent(self, event: QInputMethodEvent) -> None:
        """优/合/不 (or 优秀…) committed by an input method grade the current item too."""
        text = event.commitString()
        index = self.currentIndex()
        if (
            text.strip()
            and self.state() != QAbstractItemView.State.EditingState
            and index.isValid()
            and self.grid_model().is_item_column(index.column())
        ):
            self.type_text(text)
            event.accept()
            return
        super().inputMethodEvent(event)

    def moveCursor(
        self, cursorAction: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier
    ) -> QModelIndex:
        """Tab and Shift+Tab go to the next and previous evidence item to grade."""
        actions = QAbstractItemView.CursorAction
        if cursorAction not in (actions.MoveNext, actions.MovePrevious):
            return super().moveCursor(cursorAction, modifiers)
        model = self.grid_model()
        current = self.currentIndex()
        if model.rowCount() == 0:
            return current
        row, col = (current.row(), current.column()) if current.isValid() else (0, -1)
        forward = cursorAction == actions.MoveNext
        target = model.next_cell(row, col, forward=forward)
        if target is None and not model.has_editable_rows():
            target = model.next_cell(row, col, forward=forward, editable=False)
        return model.index(*target) if target is not None else current

    def type_text(self, text: str) -> None:
        """A key (or an input method's text) typed on an item cell."""
        model = self.grid_model()
        index = self.currentIndex()
        row, col = index.row(), index.column()
        if model.item_at(row, col) is None:
            self.say(self.tr("This teacher has no evidence item in this column."))
            return
        refusal = model.refusal(row)
        if refusal is not None:
            self.say(refusal)
            return
        try:
            grade = parse_grade(text)
        except ValidationError as exc:
            model.mark_invalid(row, col, text.strip(), exc.message)
            self.say(exc.message)
            return
        if grade is None:
            return
        if self.commit(index, grade):
            target = model.next_cell(row, col)
            if target is not None:
                self.go_to(*target)

    def move_down(self) -> None:
        """Enter: the same column in the next row that has an item to grade."""
        model = self.grid_model()
        index = self.currentIndex()
        if not index.isValid():
            return
        row, col = index.row(), index.column()
        if model.is_item_column(col):
            target = model.next_row_with_item(row, col)
        else:
            target = row + 1 if row + 1 < model.rowCount() else None
        if target is not None:
            self.go_to(target, col)

    def pick_current(self) -> None:
        """F2: the grade picker on the current item, or why it cannot change."""
        model = self.grid_model()
        index = self.currentIndex()
        if not index.isValid() or not model.is_item_column(index.column()):
            return
        if model.item_at(index.row(), index.column()) is None:
            self.say(self.tr("This teacher has no evidence item in this column."))
            return
        refusal = model.refusal(index.row())
        if refusal is not None:
            self.say(refusal)
            return
        self.edit(index)

    def edit(self, index: Any, trigger: Any = None, event: Any = None) -> bool:  # type: ignore[override]
        """Open the picker (F2, double click); a locked cell says why instead."""
        if trigger is None:
            return bool(super().edit(index))
        opened = bool(super().edit(index, trigger, event))
        double_click = QAbstractItemView.EditTrigger.DoubleClicked
        if (
            not opened
            and trigger == double_click
            and isinstance(index, QModelIndex | QPersistentModelIndex)
        ):
            model = self.grid_model()
            if index.isValid() and model.item_at(index.row(), index.column()) is not None:
                refusal = model.refusal(index.row())
                if refusal is not None:
                    self.say(refusal)
        return opened

    def clear_selected(self) -> None:
        """Delete/Backspace: clear the grades of the selected items (one save)."""
        model = self.grid_model()
        indexes = self.selectedIndexes() or [self.currentIndex()]
        entries: list[tuple[int, object]] = []
        refused: str | None = None
        marks_cleared = 0
        for index in indexes:
            if not index.isValid():
                continue
            row, col = index.row(), index.column()
            item = model.item_at(row, col)
            refusal = model.refusal(row) if item is not None else None
            if refusal is not None:
                refused = refusal
                continue
            marks_cleared += model.clear_invalid(row, col)  # a refused pasted value, too
            if item is not None and item.grade is not None:
                entries.append((item.item_id, None))
        if entries:
            if self._call_save(entries, dialog=False):
                self.say(self.tr("Cleared {count} grades.").format(count=len(entries)))
        elif refused is not None:
            self.say(refused)
        elif marks_cleared:
            self.say("")

    # clipboard ---------------------------------------------------------------------------
    def copy_selection(self) -> None:
        """Ctrl+C: the selected block as tab-separated text (what Excel and paste expect)."""
        indexes = self.selectedIndexes()
        if not indexes:
            return
        model = self.grid_model()
        rows = sorted({i.row() for i in indexes})
        cols = sorted({i.column() for i in indexes})
        lines = [
            "\t".join(str(model.index(r, c).data() or "") for c in range(cols[0], cols[-1] + 1))
            for r in range(rows[0], rows[-1] + 1)
        ]
        QApplication.clipboard().setText("\n".join(lines) + "\n")

    def paste(self) -> None:
        """Ctrl+V: a block from the clipboard from the current cell, saved all or nothing."""
        model = self.grid_model()
        start = self.currentIndex()
        block = parse_block(QApplication.clipboard().text())
        if not block or not start.isValid():
            return
        top, left = start.row(), start.column()
        height, width = len(block), max(len(line) for line in block)
        if top + height > model.rowCount() or left + width > model.columnCount():
            warn(
                self,
                self.tr(
                    "The copied block ({rows} rows × {columns} columns) does not fit into the "
                    "grid from the current cell, so nothing was pasted. Choose the cell where "
                    "its first value belongs, or copy a smaller block."
                ).format(rows=height, columns=width),
            )
            return
        entries: list[tuple[int, object]] = []
        cell_of: dict[int, tuple[int, int, str]] = {}
        problems: list[tuple[int, int, str, str]] = []
        for i, line in enumerate(block):
            row = top + i
            for j, raw in enumerate(line):
                col = left + j
                value = raw.strip()
                kind = model.column(col).kind
                if kind in (Kind.GRADE, Kind.RESULT, Kind.STATE):
                    # Computed from the items: what was copied may be the grade before this
                    # paste, so it is neither saved nor compared.
                    continue
                if kind is not Kind.ITEM:
                    if value and not model.matches_shown(row, col, value):
                        problems.append((row, col, value, self._mismatch(model, row, col, value)))
                    continue
                item = model.item_at(row, col)
                if item is None:
                    if value:
                        problems.append(
                            (
                                row,
                                col,
                                value,
                                self.tr(
                                    "This teacher has no evidence item in this column; "
                                    "leave it empty."
                                ),
                            )
                        )
                    continue
                refusal = model.refusal(row)
                if refusal is not None:
                    try:
                        unchanged = parse_grade(value) is item.grade
                    except ValidationError:
                        unchanged = False
                    if not unchanged:
                        problems.append((row, col, value, refusal))
                    continue
                entries.append((item.item_id, value))
                cell_of[item.item_id] = (row, col, value)
        if problems:
            # Check the grades too, so every bad cell is marked at once.
            for item_id, pasted in entries:
                try:
                    parse_grade(pasted)
                except ValidationError as exc:
                    row, col, shown = cell_of[item_id]
                    problems.append((row, col, shown, exc.message))
            for row, col, value, message in problems:
                model.mark_invalid(row, col, value, message)
            self.say(problems[0][3])
            warn(
                self,
                self.tr(
                    "{count} pasted cells cannot be used, so nothing was saved. They are marked "
                    "in red: point at one to see why. The first: {problem}"
                ).format(count=len(problems), problem=problems[0][3]),
            )
            return
        if not entries:
            return
        if self._save is None:
            self.say(self.tr("Scores cannot be entered here."))
            return
        try:
            self._save(entries)
        except ValidationError as exc:
            for item_id, raw, message in exc.details.get("cells") or ():
                if item_id in cell_of:
                    row, col, shown = cell_of[item_id]
                    model.mark_invalid(row, col, shown or str(raw), str(message))
            self.say(exc.message)
            show_error(self, exc)
            return
        except Exception as exc:
            show_error(self, exc)
            return
        selection = QItemSelection(
            model.index(top, left), model.index(top + height - 1, left + width - 1)
        )
        self.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.say(self.tr("Pasted {count} grades.").format(count=len(entries)))

    def _mismatch(self, model: ScoreGridModel, row: int, col: int, value: str) -> str:
        shown = model.shown_text(row, col)
        return self.tr(
            "This column is not a grade: the pasted “{value}” differs from “{shown}”. Leave it "
            "empty or paste the same value."
        ).format(value=value, shown=shown)
