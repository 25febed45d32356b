"""The school table (学校名单): ~1,600 schools, searched, filtered and sorted in Python.

The same approach as the teacher table (a list of visible row indices, model reset) so both
tables behave alike; at this size display tuples are simply built once per load.  No
``QSortFilterProxyModel``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QPalette
from PySide6.QtWidgets import QApplication

from nlts_desktop.domain.codes import code_table
from nlts_desktop.domain.enums import Environment
from nlts_desktop.services.records import SchoolRecord
from nlts_desktop.ui.models.row_list_model import search_key

(
    CODE,
    NAME,
    CATEGORY,
    STAGE,
    URBAN_RURAL,
    ENVIRONMENTS,
    CENTER,
    PILOT,
    DEMO,
    TEACHERS,
    STATUS,
) = range(11)
COLUMN_COUNT = 11

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class SchoolFilter:
    """The filter combos of the schools tab; ``None`` means any."""

    stage_code: str | None = None
    urban_rural_code: str | None = None
    status: str | None = None


class SchoolTableModel(QAbstractTableModel):
    """All schools in memory with their teacher counts; search, filter and sort in Python."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._schools: list[SchoolRecord] = []
        self._counts: dict[int, int] | None = None
        self._display: list[tuple[str, ...]] = []
        self._sort_keys: list[tuple[Any, ...]] = []
        self._keys: list[str] = []
        self._visible: list[int] = []
        self._search = ""
        self._filters = SchoolFilter()
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._headers = (
            self.tr("School code"),
            self.tr("School name"),
            self.tr("Category"),
            self.tr("Stage"),
            self.tr("Urban/rural"),
            self.tr("IT environment"),
            self.tr("Centre school"),
            self.tr("Pilot"),
            self.tr("Demonstration"),
            self.tr("Teachers"),
            self.tr("Status"),
        )
        app = QApplication.instance()
        self._inactive_brush = QBrush(
            app.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
            if isinstance(app, QApplication)
            else QColor(128, 128, 128)
        )

    # Qt model interface -----------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Visible rows."""
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Fixed columns."""
        return 0 if parent.isValid() else COLUMN_COUNT

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Prebuilt display text; inactive schools in grey, counts right-aligned."""
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display[self._visible[index.row()]][index.column()]
        if role == Qt.ItemDataRole.ForegroundRole:
            if self._schools[self._visible[index.row()]].status != "active":
                return self._inactive_brush
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == TEACHERS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column titles."""
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < COLUMN_COUNT:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        if role == Qt.ItemDataRole.ToolTipRole and section == TEACHERS:
            return self.tr("Active teachers registered at the school")
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the visible rows; column -1 restores the order by school code."""
        self._sort_column = column if 0 <= column < COLUMN_COUNT else -1
        self._sort_order = order
        self.beginResetModel()
        self._visible = self._sorted(self._visible)
        self.endResetModel()

    # our interface ----------------------------------------------------------------
    def set_rows(
        self, schools: Sequence[SchoolRecord], teacher_counts: Mapping[int, int] | None = None
    ) -> None:
        """Replace every school, keeping the search, filters and sort.

        Without ``teacher_counts`` the counts known so far are kept (blank until the first).
        """
        self._schools = list(schools)
        if teacher_counts is not None:
            self._counts = dict(teacher_counts)
        self._rebuild()

    def set_teacher_counts(self, teacher_counts: Mapping[int, int]) -> None:
        """Fill in the active-teacher counts (they load after the schools)."""
        self._counts = dict(teacher_counts)
        self._rebuild()

    def _rebuild(self) -> None:
        schools = self._schools
        counts = self._counts
        stages = code_table("stages")
        urban = code_table("urban_rural")
        categories = code_table("school_categories")
        stage_rank = {c: i for i, c in enumerate(stages.codes())}
        urban_rank = {c: i for i, c in enumerate(urban.codes())}
        yes, no = self.tr("Yes"), self.tr("No")
        active, inactive = self.tr("Active"), self.tr("Inactive")
        separator = self.tr(", ")
        display: list[tuple[str, ...]] = []
        sort_keys: list[tuple[Any, ...]] = []
        for s in schools:
            count = counts.get(s.id, 0) if counts is not None else -1
            display.append(
                (
                    s.code,
                    s.name,
                    categories.name_of(s.category_code),
                    stages.name_of(s.stage_code),
                    urban.name_of(s.urban_rural_code) if s.urban_rural_code else "",
                    separator.join(_environment_label(e) for e in s.environments),
                    yes if s.is_center_school else no,
                    yes if s.is_pilot else no,
                    yes if s.is_demo else no,
                    str(count) if count >= 0 else "",
                    active if s.status == "active" else inactive,
                )
            )
            # Sort keys by meaning: counts as numbers, 学段/城乡分类 in code-table order.
            sort_keys.append(
                (
                    s.code,
                    s.name,
                    s.category_code,
                    stage_rank.get(s.stage_code, len(stage_rank)),
                    urban_rank.get(s.urban_rural_code or "", len(urban_rank)),
                    s.environments,
                    not s.is_center_school,
                    not s.is_pilot,
                    not s.is_demo,
                    count,
                    s.status != "active",
                )
            )
        self.beginResetModel()
        self._display = display
        self._sort_keys = sort_keys
        self._keys = [search_key(f"{s.code}|{s.name}") for s in schools]
        self._visible = self._sorted(self._matching())
        self.endResetModel()

    def apply(self, search: str, filters: SchoolFilter) -> None:
        """Show the schools matching every search word and every filter."""
        self._search = search
        self._filters = filters
        self.beginResetModel()
        self._visible = self._sorted(self._matching())
        self.endResetModel()

    @property
    def sort_column(self) -> int:
        """Column sorted on, -1 for the order by code."""
        return self._sort_column

    def total_count(self) -> int:
        """Schools loaded."""
        return len(self._schools)

    def school_at(self, view_row: int) -> SchoolRecord:
        """The school shown in a view row."""
        return self._schools[self._visible[view_row]]

    def visible_ids(self) -> list[int]:
        """Ids of the schools shown, in view order."""
        return [self._schools[i].id for i in self._visible]

    def ids_in(self, first: int, last: int) -> list[int]:
        """Ids of view rows ``first`` to ``last`` inclusive."""
        return [self._schools[i].id for i in self._visible[first : last + 1]]

    def view_rows_of(self, ids: set[int]) -> list[int]:
        """View rows of the given school ids (those still shown), ascending."""
        return [n for n, i in enumerate(self._visible) if self._schools[i].id in ids]

    def rows_as_tsv(self, view_rows: Sequence[int]) -> str:
        """Header line plus the given view rows as tab-separated text (for the clipboard)."""
        lines = ["\t".join(self._headers)]
        lines.extend("\t".join(self._display[self._visible[r]]) for r in view_rows)
        return "\n".join(lines) + "\n"

    # filtering and sorting --------------------------------------------------------
    def _matching(self) -> list[int]:
        indices = list(range(len(self._schools)))
        for word in search_key(self._search).split():
            indices = [i for i in indices if word in self._keys[i]]
        f = self._filters
        schools = self._schools
        if f.stage_code is not None:
            indices = [i for i in indices if schools[i].stage_code == f.stage_code]
        if f.urban_rural_code is not None:
            indices = [i for i in indices if schools[i].urban_rural_code == f.urban_rural_code]
        if f.status is not None:
            indices = [i for i in indices if schools[i].status == f.status]
        return indices

    def _sorted(self, indices: list[int]) -> list[int]:
        # Always from the code order, so ties come out the same way every time.
        result = sorted(indices)
        if self._sort_column >= 0:
            keys = self._sort_keys
            column = self._sort_column
            result.sort(
                key=lambda i: keys[i][column],
                reverse=self._sort_order == Qt.SortOrder.DescendingOrder,
            )
        return result


def _environment_label(code: str) -> str:
    try:
        return Environment(code).label
    except ValueError:
        return code
