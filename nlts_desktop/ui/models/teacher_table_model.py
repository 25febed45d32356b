"""The teacher roster table (教师名单): 100,000 rows in Python lists, filtered and sorted there.

Every row's lower-cased search key is built once per load (``prepare_teachers``, pure Python,
so the loading task runs it off the UI thread); a column's sort order is built the first time
it is sorted on.  Search, filters and sorting work on a list of row indices and reset the
model: 0.01–0.04 s for 100k rows, where a ``QSortFilterProxyModel`` takes 7.4 s per sort
(FIELD-NOTES.md, Qt).  ``data()`` formats only the cells Qt paints.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush, QColor, QPalette
from PySide6.QtWidgets import QApplication

from nlts_desktop.domain.codes import code_table
from nlts_desktop.domain.enums import Gender, TeacherStatus
from nlts_desktop.services.records import TeacherRow
from nlts_desktop.ui.models.row_list_model import Index, PreparedRows, RowListModel

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


def prepare_teachers(rows: Sequence[TeacherRow]) -> PreparedRows:
    """Search keys for every row (no Qt: the loading task runs this off the UI thread)."""
    # Stored text is already NFKC (the services normalise every write), so casefold is enough
    # here; only the search text needs NFKC.  One f-string per row: 100k rows in ~0.07 s.
    keys = [
        f"{r.name}|{r.id_number}|{r.school_name}|{r.school_code}|{r.phone or ''}".casefold()
        for r in rows
    ]
    return PreparedRows(rows=list(rows), keys=keys, sort_values=_sort_values)


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


class TeacherTableModel(RowListModel):
    """All teachers in memory; search, filter and sort on a list of visible row indices."""

    prepare = staticmethod(prepare_teachers)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(
            parent,
            headers=(
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
            ),
            filters=TeacherFilter(),
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

    @staticmethod
    def row_id(row: TeacherRow) -> int:
        """The teacher's id."""
        return row.id

    def cell_text(self, row: TeacherRow, column: int) -> str:
        """The text a cell shows."""
        return self._cells[column](row)

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

    def row_at(self, view_row: int) -> TeacherRow:
        """The teacher shown in a view row."""
        row: TeacherRow = self._data.rows[self._visible[view_row]]
        return row

    def keep(self, indices: Sequence[int]) -> list[int]:
        """The teachers that pass every filter combo."""
        f: TeacherFilter = self._filters
        rows = self._data.rows
        kept: Sequence[int] = indices
        for attr, wanted in (
            (_SCHOOL_ID, f.school_id),
            (_STAGE_CODE, f.stage_code),
            (_SUBJECT_CODE, f.subject_code),
            (_TITLE_CODE, f.title_code),
            (_STATUS, f.status),
        ):
            if wanted is not None:
                kept = [i for i in kept if rows[i][attr] == wanted]
        return list(kept)
