"""The teacher roster table (教师名单): 100,000 rows in Python lists, filtered and sorted there.

Every row's lower-cased search key is built once per load (``prepare_teachers``, pure Python,
so the loading task runs it off the UI thread); a column's sort order is built the first time
it is sorted on.  Search, filters and sorting work on a list of row indices and reset the
model: 0.01–0.04 s for 100k rows, where a ``QSortFilterProxyModel`` takes 7.4 s per sort
(FIELD-NOTES.md, Qt).  ``data()`` formats only the cells Qt paints.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QPalette
from PySide6.QtWidgets import QApplication

from nlts_desktop.domain.codes import code_table
from nlts_desktop.domain.enums import Gender, TeacherStatus
from nlts_desktop.services.records import TeacherRow

NAME, ID_NUMBER, GENDER, BIRTH_DATE, SCHOOL, STAGE, SUBJECT, TITLE, PHONE, STATUS = range(10)
COLUMN_COUNT = 10
# Columns whose sort follows the code table's order (职称 by rank, 学段 by level), not the text.
_CODE_COLUMNS = {STAGE: "stages", SUBJECT: "subjects", TITLE: "titles"}
# Positions in TeacherRow: tuple indexing is what keeps filtering 100k rows fast.
_SCHOOL_ID = TeacherRow._fields.index("school_id")
_STAGE_CODE = TeacherRow._fields.index("stage_code")
_SUBJECT_CODE = TeacherRow._fields.index("subject_code")
_TITLE_CODE = TeacherRow._fields.index("title_code")
_STATUS = TeacherRow._fields.index("status")
_CODE_FIELDS = {STAGE: _STAGE_CODE, SUBJECT: _SUBJECT_CODE, TITLE: _TITLE_CODE}
_ACTIVE = TeacherStatus.ACTIVE.value

Index = QModelIndex | QPersistentModelIndex


def search_key(text: str) -> str:
    """What the user typed, folded for searching: NFKC (full-width digits from an IME), casefold."""
    return unicodedata.normalize("NFKC", text).casefold()


def _sort_values(rows: Sequence[TeacherRow], column: int) -> list[Any]:
    """Per-row values that sort a column by meaning (dates as dates, 职称 by rank)."""
    if column in _CODE_COLUMNS:
        rank = {c: i for i, c in enumerate(code_table(_CODE_COLUMNS[column]).codes())}
        position = _CODE_FIELDS[column]
        codes: list[str | None] = [row[position] for row in rows]  # type: ignore[misc]
        # Unknown codes after every known one, empty ones last.
        return [rank.get(code, len(rank)) if code else len(rank) + 1 for code in codes]
    if column == BIRTH_DATE:
        return [row.birth_date or date.min for row in rows]
    if column == PHONE:
        return [row.phone or "" for row in rows]
    # Gender and status sort by their stored codes: female/male and active/inactive come out
    # in the same order as their labels 女/男 and 在职/已停用.
    field_name = {NAME: "name", ID_NUMBER: "id_number", GENDER: "gender", SCHOOL: "school_name"}
    position = TeacherRow._fields.index(field_name.get(column, "status"))
    return [row[position] for row in rows]


@dataclass
class TeacherTableData:
    """The loaded roster: rows, search keys, and per-column sort orders built when first used.

    No display strings are built here: ``data()`` formats only the cells Qt paints, so
    loading 100k rows costs one pass to build the search keys.
    """

    rows: list[TeacherRow]
    keys: list[str]
    _orders: dict[int, list[int]] = field(default_factory=dict)

    def order(self, column: int) -> list[int]:
        """All row indices sorted ascending by a column (ties keep the service's order)."""
        cached = self._orders.get(column)
        if cached is None:
            values = _sort_values(self.rows, column)
            cached = sorted(range(len(values)), key=values.__getitem__)
            self._orders[column] = cached
        return cached


def prepare_teachers(rows: Sequence[TeacherRow]) -> TeacherTableData:
    """Search keys for every row (no Qt: the loading task runs this off the UI thread)."""
    # Stored text is already NFKC (the services normalise every write), so casefold is enough
    # here; only the search text needs NFKC.  One f-string per row: 100k rows in ~0.07 s.
    keys = [
        f"{r.name}|{r.id_number}|{r.school_name}|{r.school_code}|{r.phone or ''}".casefold()
        for r in rows
    ]
    return TeacherTableData(rows=list(rows), keys=keys)


def cell_formatters() -> tuple[Callable[[TeacherRow], str], ...]:
    """One function per column giving a row's display text (code names from the code tables)."""
    stages = {e.code: e.name for e in code_table("stages").entries}
    subjects = {e.code: e.name for e in code_table("subjects").entries}
    titles = {e.code: e.name for e in code_table("titles").entries}
    genders = {g.value: g.label for g in Gender}
    statuses = {s.value: s.label for s in TeacherStatus}

    def name_of(names: dict[str, str], code: str | None) -> str:
        return names.get(code, code) if code else ""

    return (
        lambda r: r.name,
        lambda r: r.id_number,
        lambda r: genders.get(r.gender, r.gender),
        lambda r: r.birth_date.isoformat() if r.birth_date else "",
        lambda r: r.school_name,
        lambda r: name_of(stages, r.stage_code),
        lambda r: name_of(subjects, r.subject_code),
        lambda r: name_of(titles, r.title_code),
        lambda r: r.phone or "",
        lambda r: statuses.get(r.status, r.status),
    )


@dataclass(frozen=True)
class TeacherFilter:
    """The filter combos of the teachers tab; ``None`` means any."""

    school_id: int | None = None
    stage_code: str | None = None
    subject_code: str | None = None
    title_code: str | None = None
    status: str | None = None


class TeacherTableModel(QAbstractTableModel):
    """All teachers in memory; search, filter and sort on a list of visible row indices."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._data = prepare_teachers([])
        self._filtered: list[int] = []  # matching rows in the service's order
        self._visible: list[int] = []  # the same rows in the view's order
        self._search = ""
        self._filters = TeacherFilter()
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._headers = (
            self.tr("Name"),
            self.tr("ID number"),
            self.tr("Gender"),
            self.tr("Date of birth"),
            self.tr("School"),
            self.tr("Stage"),
            self.tr("Subject"),
            self.tr("Title"),
            self.tr("Phone"),
            self.tr("Status"),
        )
        self._inactive_brush = self._grey()
        self._cells = cell_formatters()

    @staticmethod
    def _grey() -> QBrush:
        app = QApplication.instance()
        if isinstance(app, QApplication):
            return QBrush(
                app.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
            )
        return QBrush(QColor(128, 128, 128))

    # Qt model interface -----------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Visible rows."""
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Fixed columns."""
        return 0 if parent.isValid() else COLUMN_COUNT

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Display text of the cells Qt paints; inactive teachers in grey."""
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cells[index.column()](self._data.rows[self._visible[index.row()]])
        if role == Qt.ItemDataRole.ForegroundRole:
            if self._data.rows[self._visible[index.row()]][_STATUS] != _ACTIVE:
                return self._inactive_brush
            return None
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == SCHOOL:
            row = self._data.rows[self._visible[index.row()]]
            return f"{row.school_name} ({row.school_code})"
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column titles."""
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < COLUMN_COUNT
        ):
            return self._headers[section]
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the visible rows; column -1 restores the service's order (school, name)."""
        self._sort_column = column if 0 <= column < COLUMN_COUNT else -1
        self._sort_order = order
        self.beginResetModel()
        self._visible = self._sorted(self._filtered)
        self.endResetModel()

    # our interface ----------------------------------------------------------------
    def set_rows(self, rows: Sequence[TeacherRow] | TeacherTableData) -> None:
        """Replace every row, keeping the search, filters and sort."""
        data = rows if isinstance(rows, TeacherTableData) else prepare_teachers(rows)
        self.beginResetModel()
        self._data = data
        self._filtered = self._matching()
        self._visible = self._sorted(self._filtered)
        self.endResetModel()

    def apply(self, search: str, filters: TeacherFilter) -> None:
        """Show the rows matching every search word and every filter, in the current sort."""
        self._search = search
        self._filters = filters
        self.beginResetModel()
        self._filtered = self._matching()
        self._visible = self._sorted(self._filtered)
        self.endResetModel()

    @property
    def sort_column(self) -> int:
        """Column sorted on, -1 for the service's order."""
        return self._sort_column

    @property
    def sort_order(self) -> Qt.SortOrder:
        """Direction of the sort."""
        return self._sort_order

    @property
    def table_data(self) -> TeacherTableData:
        """The prepared rows (for warming a sort order in a loading task)."""
        return self._data

    def total_count(self) -> int:
        """Teachers loaded."""
        return len(self._data.rows)

    def row_at(self, view_row: int) -> TeacherRow:
        """The teacher shown in a view row."""
        return self._data.rows[self._visible[view_row]]

    def visible_ids(self) -> list[int]:
        """Ids of the teachers shown, in view order."""
        rows = self._data.rows
        return [rows[i].id for i in self._visible]

    def ids_in(self, first: int, last: int) -> list[int]:
        """Ids of view rows ``first`` to ``last`` inclusive."""
        rows = self._data.rows
        return [rows[i].id for i in self._visible[first : last + 1]]

    def view_rows_of(self, ids: set[int]) -> list[int]:
        """View rows of the given teacher ids (those still shown), ascending."""
        rows = self._data.rows
        return [n for n, i in enumerate(self._visible) if rows[i].id in ids]

    def rows_as_tsv(self, view_rows: Sequence[int]) -> str:
        """Header line plus the given view rows as tab-separated text (for the clipboard)."""
        rows = self._data.rows
        cells = self._cells
        lines = ["\t".join(self._headers)]
        for view_row in view_rows:
            row = rows[self._visible[view_row]]
            lines.append("\t".join(cell(row) for cell in cells))
        return "\n".join(lines) + "\n"

    # filtering and sorting --------------------------------------------------------
    def _matching(self) -> list[int]:
        data = self._data
        words = search_key(self._search).split()
        indices: list[int] | range = range(len(data.rows))
        for word in words:
            keys = data.keys
            indices = [i for i in indices if word in keys[i]]
        f = self._filters
        rows = data.rows
        for attr, wanted in (
            (_SCHOOL_ID, f.school_id),
            (_STAGE_CODE, f.stage_code),
            (_SUBJECT_CODE, f.subject_code),
            (_TITLE_CODE, f.title_code),
            (_STATUS, f.status),
        ):
            if wanted is not None:
                indices = [i for i in indices if rows[i][attr] == wanted]
        return list(indices)

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
