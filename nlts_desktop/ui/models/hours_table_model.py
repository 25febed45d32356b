"""The hours table (学时) and one teacher's ledger (个人学时档案) as Qt models.

``HoursTableModel`` holds every active teacher's :class:`TeacherHours` (100,000 rows) in Python
lists and filters and sorts them itself, like the teacher table (FIELD-NOTES.md, Qt: a
``QSortFilterProxyModel`` takes seconds per sort there).  The verdicts are shared objects (a
few hundred distinct ones among 100,000 teachers), so whatever is derived from a verdict (the
"short of" test, the joined reasons) is worked out once per verdict, not once per row.
``LedgerTableModel`` is the small list of one teacher's entries.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from nlts_desktop.domain.hour_rules import HourVerdict, format_hours
from nlts_desktop.services.hours import HourEntry, TeacherHours
from nlts_desktop.ui.models.row_list_model import PreparedRows, RowListModel

NAME, ID_NUMBER, SCHOOL, ONLINE, PRACTICE, OTHER, TOTAL, ASSESSMENT, RESULT, REASONS = range(10)
COLUMN_COUNT = 10
NUMBER_COLUMNS = frozenset({ONLINE, PRACTICE, OTHER, TOTAL})
# A dark red that stays readable on the alternating row colours (未达标).
SHORT_COLOR = "#a01818"

# "Short of" choices of the filter; None shows everyone.
UNQUALIFIED = "unqualified"
QUALIFIED = "qualified"
SHORT_OF_CHOICES = (UNQUALIFIED, "online", "practice", "total", "assessment", QUALIFIED)
# The reason codes each choice looks for (HoursService.still_short uses the same groups).
_SHORT_CODES: dict[str, tuple[str, ...]] = {
    "online": ("online_short",),
    "practice": ("practice_short",),
    "total": ("total_short", "practice_share"),
    "assessment": ("assessment_pending", "assessment_failed"),
}
# Assessment states in sorting order: the ones needing attention first.
_ASSESSMENT_RANK = {"failed": 0, "pending": 1, "passed": 2}

Index = QModelIndex | QPersistentModelIndex


def joined_reasons(verdict: HourVerdict) -> str:
    """A verdict's reasons in one line (each already ends with "。")."""
    return "".join(verdict.reasons)


def short_test(choice: str | None) -> Callable[[HourVerdict], bool]:
    """Whether a verdict belongs under a "short of" choice (None: every verdict)."""
    if choice is None:
        return lambda _verdict: True
    if choice == QUALIFIED:
        return lambda verdict: verdict.qualified
    if choice == UNQUALIFIED:
        return lambda verdict: not verdict.qualified
    codes = _SHORT_CODES[choice]
    return lambda verdict: any(code in verdict.reason_codes for code in codes)


def _sort_values(rows: Sequence[TeacherHours], column: int) -> list[Any]:
    """Per-row values that sort a column by meaning (hours as numbers, 未达标 first)."""
    if column == NAME:
        return [r.name for r in rows]
    if column == ID_NUMBER:
        return [r.id_number for r in rows]
    if column == SCHOOL:
        return [(r.school_name, r.school_code) for r in rows]
    if column == ONLINE:
        return [r.online for r in rows]
    if column == PRACTICE:
        return [r.practice for r in rows]
    if column == OTHER:
        return [r.other for r in rows]
    if column == TOTAL:
        return [r.verdict.counted_total for r in rows]
    if column == ASSESSMENT:
        return [_ASSESSMENT_RANK.get(r.assessment, 1) for r in rows]
    if column == RESULT:
        return [r.verdict.qualified for r in rows]
    memo: dict[int, str] = {}
    values = []
    for r in rows:
        verdict = r.verdict
        text = memo.get(id(verdict))
        if text is None:
            text = memo[id(verdict)] = joined_reasons(verdict)
        values.append(text)
    return values


def prepare_hours(rows: Sequence[TeacherHours]) -> PreparedRows:
    """Search keys for every row (no Qt: the loading task runs this off the UI thread)."""
    keys = [f"{r.name}|{r.id_number}|{r.school_name}|{r.school_code}".casefold() for r in rows]
    return PreparedRows(rows=list(rows), keys=keys, sort_values=_sort_values)


@dataclass(frozen=True)
class HoursFilter:
    """The filter combos of the hours tab that work on the loaded rows; ``None`` means any."""

    school_id: int | None = None
    short_of: str | None = None


class HoursTableModel(RowListModel):
    """Every active teacher's hours and verdict; search, filter and sort on row indices."""

    prepare = staticmethod(prepare_hours)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(
            parent,
            headers=(
                self.tr("Name"),
                self.tr("ID number"),
                self.tr("School"),
                self.tr("Online"),
                self.tr("Practice"),
                self.tr("Other"),
                self.tr("Total"),
                self.tr("Assessment"),
                self.tr("Result"),
                self.tr("Reasons"),
            ),
            filters=HoursFilter(),
        )
        self._qualified_shown = 0
        self._assessment = {
            "passed": self.tr("Passed"),
            "failed": self.tr("Failed"),
            "pending": self.tr("Pending"),
        }
        self._qualified_text = self.tr("Qualified")
        self._unqualified_text = self.tr("Not qualified")
        self._short_brush = QBrush(QColor(SHORT_COLOR))
        self._right = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

    @staticmethod
    def row_id(row: TeacherHours) -> int:
        """The teacher's id."""
        return row.teacher_id

    def cell_text(self, row: TeacherHours, column: int) -> str:
        """The text a cell shows."""
        if column == NAME:
            return row.name
        if column == ID_NUMBER:
            return row.id_number
        if column == SCHOOL:
            return row.school_name
        if column == ONLINE:
            return format_hours(row.online)
        if column == PRACTICE:
            return format_hours(row.practice)
        if column == OTHER:
            return format_hours(row.other)
        if column == TOTAL:
            return format_hours(row.verdict.counted_total)
        if column == ASSESSMENT:
            return self._assessment.get(row.assessment, row.assessment)
        if column == RESULT:
            return self._qualified_text if row.verdict.qualified else self._unqualified_text
        return joined_reasons(row.verdict)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Display text of the cells Qt paints; 未达标 rows in dark red."""
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cell_text(self._data.rows[self._visible[index.row()]], index.column())
        if role == Qt.ItemDataRole.ForegroundRole:
            if not self._data.rows[self._visible[index.row()]].verdict.qualified:
                return self._short_brush
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in NUMBER_COLUMNS:
            return self._right
        if role == Qt.ItemDataRole.ToolTipRole:
            row = self._data.rows[self._visible[index.row()]]
            if index.column() == SCHOOL:
                return f"{row.school_name} ({row.school_code})"
            if index.column() in (RESULT, REASONS):
                return "\n".join(row.verdict.reasons) or None
        return None

    def qualified_count(self) -> int:
        """Qualified teachers among those shown."""
        return self._qualified_shown

    def row_at(self, view_row: int) -> TeacherHours:
        """The teacher shown in a view row."""
        row: TeacherHours = self._data.rows[self._visible[view_row]]
        return row

    def visible_rows(self) -> list[TeacherHours]:
        """The teachers shown, in view order."""
        rows = self._data.rows
        return [rows[i] for i in self._visible]

    def keep(self, indices: Sequence[int]) -> list[int]:
        """The teachers of the chosen school and shortfall; counts the qualified ones."""
        f: HoursFilter = self._filters
        rows = self._data.rows
        kept: Sequence[int] = indices
        if f.school_id is not None:
            kept = [i for i in kept if rows[i].school_id == f.school_id]
        if f.short_of is not None:
            test = short_test(f.short_of)
            memo: dict[int, bool] = {}
            passed = []
            for i in kept:
                verdict = rows[i].verdict
                hit = memo.get(id(verdict))
                if hit is None:
                    hit = memo[id(verdict)] = test(verdict)
                if hit:
                    passed.append(i)
            kept = passed
        result = list(kept)
        self._qualified_shown = sum(1 for i in result if rows[i].verdict.qualified)
        return result


# ---------------------------------------------------------------------------- ledger
L_YEAR, L_DATE, L_CATEGORY, L_HOURS, L_PROJECT, L_SOURCE, L_NOTE = range(7)
LEDGER_COLUMN_COUNT = 7


class LedgerTableModel(QAbstractTableModel):
    """One teacher's hour entries (a few dozen at most), newest first."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._entries: list[HourEntry] = []
        self._headers = (
            self.tr("Year"),
            self.tr("Date"),
            self.tr("Category"),
            self.tr("Hours"),
            self.tr("Project"),
            self.tr("Source"),
            self.tr("Note"),
        )

    def set_entries(self, entries: Sequence[HourEntry]) -> None:
        """Show ``entries``."""
        self.beginResetModel()
        self._entries = list(entries)
        self.endResetModel()

    def entries(self) -> list[HourEntry]:
        """The entries shown."""
        return list(self._entries)

    def entry_at(self, row: int) -> HourEntry:
        """The entry in a row."""
        return self._entries[row]

    def row_of(self, entry_id: int) -> int | None:
        """The row of an entry, if shown."""
        for row, entry in enumerate(self._entries):
            if entry.id == entry_id:
                return row
        return None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """One row per entry."""
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Fixed columns."""
        return 0 if parent.isValid() else LEDGER_COLUMN_COUNT

    @staticmethod
    def cell_text(entry: HourEntry, column: int) -> str:
        """The text a cell shows."""
        if column == L_YEAR:
            return str(entry.year)
        if column == L_DATE:
            return entry.record_date.isoformat() if entry.record_date else ""
        if column == L_CATEGORY:
            return entry.category_label
        if column == L_HOURS:
            return format_hours(entry.hours)
        if column == L_PROJECT:
            return entry.project_name or ""
        if column == L_SOURCE:
            if entry.certified_by:
                return f"{entry.source_label}（{entry.certified_by}）"
            return entry.source_label
        return entry.note or ""

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Cell text; long project names and notes in full as tooltips."""
        if not index.isValid():
            return None
        entry = self._entries[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cell_text(entry, column)
        if role == Qt.ItemDataRole.ToolTipRole and column in (L_PROJECT, L_SOURCE, L_NOTE):
            return self.cell_text(entry, column) or None
        if role == Qt.ItemDataRole.TextAlignmentRole and column == L_HOURS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column titles."""
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < LEDGER_COLUMN_COUNT
        ):
            return self._headers[section]
        return None
