"""What the big table models share: rows in Python lists, searched, filtered and sorted there.

Never QSortFilterProxyModel over 100,000 rows (FIELD-NOTES.md, Qt: 7.4 s per sort): the model
keeps the loaded rows, a search key per row, and per column a sort order built when first used;
a search or a filter gives a list of matching row indices, the sort orders them by walking the
column's cached order, and the model resets.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt

from nlts_desktop.ui.models.titled_table_model import TitledTableModel

Index = QModelIndex | QPersistentModelIndex


def search_key(text: str) -> str:
    """What the user typed, folded for searching: NFKC (full-width digits from an IME), casefold."""
    return unicodedata.normalize("NFKC", text).casefold()


@dataclass
class PreparedRows:
    """Loaded rows, their search keys, and per-column sort orders built when first used.

    Made off the UI thread (no Qt here); ``order`` may be warmed there too.
    """

    rows: list[Any]
    keys: list[str]
    sort_values: Callable[[Sequence[Any], int], list[Any]]
    _orders: dict[int, list[int]] = field(default_factory=dict)

    def order(self, column: int) -> list[int]:
        """All row indices sorted ascending by a column (ties keep the loading order)."""
        cached = self._orders.get(column)
        if cached is None:
            values = self.sort_values(self.rows, column)
            cached = sorted(range(len(values)), key=values.__getitem__)
            self._orders[column] = cached
        return cached


class RowListModel(TitledTableModel):
    """Base of the roster-sized table models; subclasses supply columns, cells and filters."""

    def __init__(self, parent: QObject | None, *, headers: tuple[str, ...], filters: Any) -> None:
        super().__init__(parent)
        self._headers = headers
        self._data = self.prepare([])
        self._filtered: list[int] = []  # matching rows in the loading order
        self._visible: list[int] = []  # the same rows in the view's order
        self._search = ""
        self._filters = filters
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder

    # hooks --------------------------------------------------------------------------
    @staticmethod
    def prepare(rows: Sequence[Any]) -> PreparedRows:
        """Search keys for the rows (the subclass's ``prepare_*`` function)."""
        raise NotImplementedError

    @staticmethod
    def row_id(row: Any) -> int:
        """The id of the record a row shows."""
        raise NotImplementedError

    def cell_text(self, row: Any, column: int) -> str:
        """The text a cell shows."""
        raise NotImplementedError

    def keep(self, indices: Sequence[int]) -> list[int]:
        """The indices that pass the filters (the search has been applied)."""
        return list(indices)

    # Qt model interface -------------------------------------------------------------
    def row_total(self) -> int:
        """Rows loaded."""
        return len(self._visible)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the visible rows; column -1 restores the loading order."""
        self._sort_column = column if 0 <= column < len(self._headers) else -1
        self._sort_order = order
        self.beginResetModel()
        self._visible = self._sorted(self._filtered)
        self.endResetModel()

    # our interface ------------------------------------------------------------------
    def set_rows(self, rows: Sequence[Any] | PreparedRows) -> None:
        """Replace every row, keeping the search, filters and sort."""
        data = rows if isinstance(rows, PreparedRows) else self.prepare(rows)
        self.beginResetModel()
        self._data = data
        self._filtered = self._matching()
        self._visible = self._sorted(self._filtered)
        self.endResetModel()

    def apply(self, search: str, filters: Any) -> None:
        """Show the rows matching every search word and every filter, in the current sort."""
        self._search = search
        self._filters = filters
        self.beginResetModel()
        self._filtered = self._matching()
        self._visible = self._sorted(self._filtered)
        self.endResetModel()

    @property
    def sort_column(self) -> int:
        """Column sorted on, -1 for the loading order."""
        return self._sort_column

    @property
    def sort_order(self) -> Qt.SortOrder:
        """Direction of the sort."""
        return self._sort_order

    @property
    def table_data(self) -> PreparedRows:
        """The prepared rows (for warming a sort order in a loading task)."""
        return self._data

    def total_count(self) -> int:
        """Rows loaded."""
        return len(self._data.rows)

    def visible_ids(self) -> list[int]:
        """Ids of the rows shown, in view order."""
        rows = self._data.rows
        return [self.row_id(rows[i]) for i in self._visible]

    def ids_in(self, first: int, last: int) -> list[int]:
        """Ids of view rows ``first`` to ``last`` inclusive."""
        rows = self._data.rows
        return [self.row_id(rows[i]) for i in self._visible[first : last + 1]]

    def view_rows_of(self, ids: set[int]) -> list[int]:
        """View rows of the given ids (those still shown), ascending."""
        rows = self._data.rows
        return [n for n, i in enumerate(self._visible) if self.row_id(rows[i]) in ids]

    def rows_as_tsv(self, view_rows: Sequence[int]) -> str:
        """Header line plus the given view rows as tab-separated text (for the clipboard)."""
        rows = self._data.rows
        lines = ["\t".join(self._headers)]
        for view_row in view_rows:
            row = rows[self._visible[view_row]]
            lines.append("\t".join(self.cell_text(row, c) for c in range(len(self._headers))))
        return "\n".join(lines) + "\n"

    # filtering and sorting ----------------------------------------------------------
    def _matching(self) -> list[int]:
        data = self._data
        indices: list[int] | range = range(len(data.rows))
        for word in search_key(self._search).split():
            keys = data.keys
            indices = [i for i in indices if word in keys[i]]
        return self.keep(indices)

    def _sorted(self, filtered: list[int]) -> list[int]:
        if self._sort_column < 0:
            result = list(filtered)
        else:
            order = self._data.order(self._sort_column)
            if len(filtered) == len(order):
                result = list(order)
            else:
                # Walking the cached full order is O(n); sorting the subset would be O(k log k)
                # string comparisons every time the search changes.
                shown = bytearray(len(order))
                for i in filtered:
                    shown[i] = 1
                result = [i for i in order if shown[i]]
        if self._sort_order == Qt.SortOrder.DescendingOrder and self._sort_column >= 0:
            result.reverse()
        return result
