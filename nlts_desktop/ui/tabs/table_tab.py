"""What the 学校 and 教师 tabs share: the table view set-up, search with a short delay, the
"N of M" count, the selection kept across reloads, copy, and reloading on ``data_changed``.

Each tab holds its rows in a model that filters and sorts its own Python lists (never
QSortFilterProxyModel over 100,000 rows: FIELD-NOTES.md, Qt).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import (
    QCoreApplication,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QCompleter,
    QDialog,
    QFileDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QTableView,
    QWidget,
)

from nlts_desktop.domain.codes import code_table
from nlts_desktop.services.progress import CancelToken, Progress
from nlts_desktop.ui.errors import show_error
from nlts_desktop.ui.session import AppSession, Changes

SEARCH_DELAY_MS = 150
# Confirmation dialogs name at most this many records, then "and N more".
NAMES_SHOWN = 8


class RowTableModel(Protocol):
    """What a tab needs of its table model."""

    def apply(self, search: str, filters: Any) -> None: ...
    def rowCount(self, parent: Any = ...) -> int: ...
    def total_count(self) -> int: ...
    def ids_in(self, first: int, last: int) -> list[int]: ...
    def view_rows_of(self, ids: set[int]) -> list[int]: ...
    def rows_as_tsv(self, view_rows: Sequence[int]) -> str: ...


def configure_table_view(view: QTableView) -> None:
    """Row selection, no editing, fixed row heights (the view never measures 100k rows)."""
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    vertical = view.verticalHeader()
    vertical.hide()
    vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    vertical.setDefaultSectionSize(view.fontMetrics().height() + 8)
    header = view.horizontalHeader()
    header.setSectionsMovable(True)
    header.setHighlightSections(False)
    header.setSortIndicatorClearable(True)
    header.setStretchLastSection(True)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    # No sort until the user asks: the service's order (school code, name) is the default.
    header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)


def selected_ranges(view: QTableView) -> list[tuple[int, int]]:
    """(first, last) view rows of each selected range: no per-row index objects."""
    selection_model = view.selectionModel()
    if selection_model is None:
        return []
    selection = selection_model.selection()
    ranges = (selection.at(i) for i in range(selection.count()))
    return [(r.top(), r.bottom()) for r in ranges]


def selected_view_rows(view: QTableView) -> list[int]:
    """Selected rows of a row-selecting view, ascending."""
    rows: set[int] = set()
    for first, last in selected_ranges(view):
        rows.update(range(first, last + 1))
    return sorted(rows)


def exec_dialog(dialog: QDialog) -> None:
    """Run a dialog that saves by itself (a task's on_success)."""
    dialog.exec()


def show_information(parent: QWidget, title: str, text: str) -> None:
    """A plain information box (a task's on_success)."""
    QMessageBox.information(parent, title, text)


def select_view_rows(view: QTableView, rows: Sequence[int], current: int | None) -> None:
    """Select rows (merged into ranges) and make ``current`` the current, visible row."""
    model = view.model()
    selection_model = view.selectionModel()
    if model is None or selection_model is None:
        return
    last_column = model.columnCount() - 1
    selection = QItemSelection()
    start = previous = -2
    for row in [*rows, -2]:
        if row != previous + 1:
            if start >= 0:
                selection.select(model.index(start, 0), model.index(previous, last_column))
            start = row
        previous = row
    flags = QItemSelectionModel.SelectionFlag
    selection_model.select(selection, flags.ClearAndSelect | flags.Rows)
    if current is not None:
        index = model.index(current, 0)
        selection_model.setCurrentIndex(index, flags.NoUpdate)
        view.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)


def ask_save_path(
    parent: QWidget, session: AppSession, *, title: str, default_name: str
) -> Path | None:
    """A save dialog for an .xlsx file in the folder used last; None when cancelled."""
    folder = session.settings.last_folder("export")
    chosen, _filter = QFileDialog.getSaveFileName(
        parent,
        title,
        str(Path(folder) / default_name),
        QCoreApplication.translate("TableTab", "Excel workbook (*.xlsx)"),
    )
    if not chosen:
        return None
    path = Path(chosen)
    if path.suffix.lower() != ".xlsx":
        path = path.with_name(path.name + ".xlsx")
    session.settings.set_last_folder("export", str(path.parent))
    return path


def joined_names(names: Sequence[str]) -> str:
    """A few names for a confirmation, then "and N more"."""
    separator = QCoreApplication.translate("TableTab", ", ")
    shown = separator.join(names[:NAMES_SHOWN])
    if len(names) <= NAMES_SHOWN:
        return shown
    return QCoreApplication.translate("TableTab", "{names} and {count} more").format(
        names=shown, count=len(names) - NAMES_SHOWN
    )


def run_each(
    parent: QWidget,
    session: AppSession,
    ids: Sequence[int],
    action: Callable[[int], object],
    *,
    label: str,
    changes: Changes,
) -> None:
    """Apply a one-transaction service call to each id in one task, then announce the change.

    A failure part-way leaves the earlier calls committed, so the change is announced then
    too (after the error is shown), and the tables show what really happened.
    """
    done: list[int] = []

    def work(progress: Progress, _cancel: CancelToken) -> int:
        for n, item in enumerate(ids):
            progress(n, len(ids), "")
            action(item)
            done.append(item)
        return len(done)

    def failed(exc: BaseException) -> None:
        show_error(parent, exc)
        if done:
            session.tasks.data_changed.emit(changes)

    session.tasks.run(
        parent,
        work,
        label=label if len(ids) > 1 else None,
        cancellable=False,
        changes=changes,
        on_error=failed,
    )


class TableTab(QWidget):
    """Base of the roster tabs; subclasses build their widgets and supply the hooks below."""

    #: "schools", "teachers" or "hours": the settings key of the table and the import kind.
    kind = ""
    #: The kinds of change (``Changes``) after which the rows are loaded again.
    reload_on: tuple[str, ...] = ("schools", "teachers")
    model: RowTableModel
    view: QTableView
    search: QLineEdit
    count_label: QLabel

    def __init__(self, session: AppSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._generation = 0
        self._stale = False
        self._loaded_once = False
        self._kept_ids: set[int] = set()
        self._kept_current: int | None = None
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._apply)

    # hooks --------------------------------------------------------------------------
    def reload(self) -> None:
        """Load the rows again (off the UI thread)."""
        raise NotImplementedError

    def current_filter(self) -> object:
        """What the filter combos ask for."""
        raise NotImplementedError

    def count_text(self, shown: str, total: str) -> str:
        """The "N of M" label."""
        raise NotImplementedError

    def item_at(self, view_row: int) -> Any:
        """The record shown in a view row (it has an ``id``)."""
        raise NotImplementedError

    def nothing_selected(self) -> None:
        """Tell the user to select a row first."""
        raise NotImplementedError

    def edit_selected(self) -> None:
        """Edit the current row."""
        raise NotImplementedError

    # construction -------------------------------------------------------------------
    def make_search(self, placeholder: str) -> QLineEdit:
        """The search box; typing filters after a short pause, Enter at once."""
        search = QLineEdit(self)
        search.setPlaceholderText(placeholder)
        search.setClearButtonEnabled(True)
        search.setMinimumWidth(260)
        search.textChanged.connect(lambda _text: self._search_timer.start())
        search.returnPressed.connect(self._apply)
        return search

    def code_combo(self, everything: str, table: str) -> QComboBox:
        """A filter combo over a code table, with an "all" entry first."""
        combo = QComboBox(self)
        combo.addItem(everything, None)
        for entry in code_table(table).entries:
            combo.addItem(entry.name, entry.code)
        return combo

    def make_school_filter(self, *, width: int) -> QComboBox:
        """An editable school filter: type any part of a school's name to find it among 1,600."""
        combo = QComboBox(self)
        combo.setEditable(True)
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        combo.setMinimumContentsLength(width)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        completer = combo.completer()
        if completer is not None:
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        combo.addItem(self.all_schools_text(), None)
        line_edit = combo.lineEdit()
        if line_edit is not None:
            line_edit.editingFinished.connect(lambda: fix_typed_text(combo))
        return combo

    @staticmethod
    def all_schools_text() -> str:
        """The school filter's "any school" entry."""
        return QCoreApplication.translate("TableTab", "All schools")

    def set_up_view(self, view: QTableView, widths: dict[int, int]) -> None:
        """Configure the view, restore its saved layout, connect selection keeping."""
        view.setModel(self.model)  # type: ignore[arg-type]
        configure_table_view(view)
        header = view.horizontalHeader()
        for column, width in widths.items():
            header.resizeSection(column, width)
        state = self.session.settings.header_state(self.kind)
        if state is not None:
            header.restoreState(state)
        # Enabling sorting sorts the model once by the (restored) indicator.
        view.setSortingEnabled(True)
        view.doubleClicked.connect(self._on_double_click)
        model: Any = self.model
        model.modelAboutToBeReset.connect(self._keep_selection)
        model.modelReset.connect(self._restore_selection)
        model.modelReset.connect(self._update_count)
        self.session.tasks.data_changed.connect(self._on_data_changed)

    # reloading ----------------------------------------------------------------------
    def _on_data_changed(self, changes: object) -> None:
        # Teachers change the schools' counts; schools change the teachers' school names.
        if not (isinstance(changes, Changes) and changes.touches(*self.reload_on)):
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

    # search and count ---------------------------------------------------------------
    def _apply(self) -> None:
        self._search_timer.stop()
        self.model.apply(self.search.text(), self.current_filter())

    def _update_count(self) -> None:
        if not self._loaded_once:
            return
        self.count_label.setText(
            self.count_text(f"{self.model.rowCount():,}", f"{self.model.total_count():,}")
        )

    # selection ----------------------------------------------------------------------
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
            self._kept_current = self.item_at(current.row()).id

    def _restore_selection(self) -> None:
        if not self._kept_ids and self._kept_current is None:
            return
        selected = self.model.view_rows_of(self._kept_ids)
        current_rows = (
            self.model.view_rows_of({self._kept_current}) if self._kept_current is not None else []
        )
        select_view_rows(self.view, selected, current_rows[0] if current_rows else None)

    def current_item(self) -> Any:
        """The record of the current row (or the first selected); None, with a word, if none."""
        rows = selected_view_rows(self.view)
        if not rows:
            self.nothing_selected()
            return None
        current = self.view.currentIndex()
        row = current.row() if current.isValid() and current.row() in rows else rows[0]
        return self.item_at(row)

    def _on_double_click(self, index: QModelIndex) -> None:
        if index.isValid():
            self.edit_selected()

    # shared actions -----------------------------------------------------------------
    def focus_search(self) -> None:
        """Put the cursor in the search box."""
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def copy_selected(self) -> None:
        """Copy the selected rows, with the column titles, as tab-separated text."""
        rows = selected_view_rows(self.view)
        if rows:
            QApplication.clipboard().setText(self.model.rows_as_tsv(rows))

    def import_file(self) -> None:
        """Import from an Excel file (the wizard saves by itself)."""
        from nlts_desktop.ui.dialogs.import_wizard import ImportWizard

        ImportWizard(self.session, self.kind, self).exec()

    def save_template(self, *, title: str, default_name: str) -> None:
        """Ask where, then save an empty import template of this tab's kind."""
        out = ask_save_path(self, self.session, title=title, default_name=default_name)
        if out is None:
            return
        from nlts_desktop.services.roster_export import write_roster_template

        kind = self.kind
        self.session.tasks.run(
            self,
            lambda _p, _c: write_roster_template(kind, out),
            on_success=lambda path: show_information(
                self,
                QCoreApplication.translate("TableTab", "Import Template"),
                QCoreApplication.translate("TableTab", "The template was saved to {path}.").format(
                    path=str(path)
                ),
            ),
        )

    def save_layout(self) -> None:
        """Remember column widths, order and sort."""
        self.session.settings.set_header_state(self.kind, self.view.horizontalHeader().saveState())


def fill_combo(
    combo: QComboBox, everything: str, items: Sequence[tuple[str, object, str | None]]
) -> bool:
    """Replace a filter's entries (text, data, tooltip); False when the chosen one is gone."""
    chosen = combo.currentData()
    combo.blockSignals(True)
    try:
        combo.clear()
        combo.addItem(everything, None)
        for text, data, tip in items:
            combo.addItem(text, data)
            if tip:
                combo.setItemData(combo.count() - 1, tip, Qt.ItemDataRole.ToolTipRole)
        index = combo.findData(chosen) if chosen is not None else 0
        combo.setCurrentIndex(max(index, 0))
    finally:
        combo.blockSignals(False)
    return chosen is None or combo.currentData() == chosen


def fix_typed_text(combo: QComboBox) -> None:
    """Typed text that names no entry: pick the entry named exactly, or put the text back."""
    text = combo.currentText().strip()
    index = combo.findText(text, Qt.MatchFlag.MatchFixedString) if text else 0
    if index >= 0:
        combo.setCurrentIndex(index)
    combo.setEditText(combo.itemText(combo.currentIndex()))
