"""The score entry grid's model (成绩录入表): teachers × chosen points × evidence items.

Columns: 姓名, 身份证号 (masked), then per point slot k 能力点k, 材料1…材料m and 等级k, then
考核结果 and 状态.  Each row is kept as two plain tuples (the texts shown and the evidence item
behind each column) built once per row, so painting 300 teachers never walks the dataclasses;
a saved grade rebuilds one row and emits ``dataChanged`` for that row only.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from collections.abc import Sequence
from datetime import UTC, datetime
from enum import IntEnum
from typing import Any, NamedTuple

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from nlts_desktop.domain.catalogue import EVIDENCE_KINDS
from nlts_desktop.domain.enums import Grade
from nlts_desktop.domain.errors import ValidationError
from nlts_desktop.domain.grading import parse_grade
from nlts_desktop.domain.idcard import mask_id_number
from nlts_desktop.services.assessment import CellUpdate, GridItem, GridRow, ScoreGrid

Index = QModelIndex | QPersistentModelIndex

#: What a cell is, for colours and tests (``data(index, CELL_STATE_ROLE)``).
CELL_STATE_ROLE = int(Qt.ItemDataRole.UserRole) + 1
SAVED = "saved"
EMPTY = "empty"
INVALID = "invalid"
LOCKED = "locked"
RETURNED = "returned"
ABSENT = "absent"

SAVED_COLOR = "#dcf1dc"
INVALID_COLOR = "#f7cfcf"
LOCKED_COLOR = "#e3e3e3"
RETURNED_COLOR = "#ffdfb8"
ABSENT_COLOR = "#f2f2f2"
TEXT_COLOR = "#1f1f1f"
FAIL_COLOR = "#b01818"
EXCELLENT_COLOR = "#1b6e2f"


class Kind(IntEnum):
    """What a column holds."""

    NAME = 0
    ID_NUMBER = 1
    POINT = 2
    ITEM = 3
    GRADE = 4
    RESULT = 5
    STATE = 6


class Column(NamedTuple):
    """A column: its kind, the point slot and the item's place within the point (0-based)."""

    kind: Kind
    slot: int = -1
    item: int = -1


def layout(point_slots: int, item_slots: int) -> tuple[Column, ...]:
    """The columns for a grid with this many point groups and items per point."""
    columns = [Column(Kind.NAME), Column(Kind.ID_NUMBER)]
    for slot in range(point_slots):
        columns.append(Column(Kind.POINT, slot))
        columns.extend(Column(Kind.ITEM, slot, item) for item in range(item_slots))
        columns.append(Column(Kind.GRADE, slot))
    columns += [Column(Kind.RESULT), Column(Kind.STATE)]
    return tuple(columns)


def _fold(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split()).casefold()


def local_date(moment: datetime | None) -> str:
    """A stored (UTC) time as the local date, 2026-03-05."""
    if moment is None:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone().date().isoformat()


class ScoreGridModel(QAbstractTableModel):
    """One school's teachers, their points' evidence items and grades, for keyboard entry."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._grid: ScoreGrid | None = None
        self._columns: tuple[Column, ...] = layout(0, 1)
        self._headers: tuple[str, ...] = ()
        self._rows: list[GridRow] = []
        self._texts: list[tuple[str, ...]] = []
        self._items: list[tuple[GridItem | None, ...]] = []
        self._row_of: dict[int, int] = {}
        self._invalid: dict[tuple[int, int], tuple[str, str]] = {}  # (teacher, column)
        self._read_only: str | None = None
        self._grade_tip = self.tr(
            "Point grade: excellent only if every item is excellent, fail if any item fails, "
            "otherwise pass."
        )
        brush = QBrush
        self._brushes = {
            SAVED: brush(QColor(SAVED_COLOR)),
            INVALID: brush(QColor(INVALID_COLOR)),
            LOCKED: brush(QColor(LOCKED_COLOR)),
            RETURNED: brush(QColor(RETURNED_COLOR)),
            ABSENT: brush(QColor(ABSENT_COLOR)),
        }
        self._text_brush = brush(QColor(TEXT_COLOR))
        self._grade_brushes = {
            Grade.FAIL: brush(QColor(FAIL_COLOR)),
            Grade.EXCELLENT: brush(QColor(EXCELLENT_COLOR)),
        }
        self._center = int(Qt.AlignmentFlag.AlignCenter)
        self._set_headers()

    # loading --------------------------------------------------------------------------
    def set_grid(self, grid: ScoreGrid | None) -> None:
        """Show a school's grid (None: nothing); invalid marks survive for the same cells."""
        self.beginResetModel()
        same_shape = (
            grid is not None
            and self._grid is not None
            and grid.batch.school_id == self._grid.batch.school_id
            and layout(grid.point_slots, grid.item_slots) == self._columns
        )
        kept = self._invalid if same_shape else {}
        self._grid = grid
        self._columns = layout(grid.point_slots, grid.item_slots) if grid else layout(0, 1)
        self._rows = list(grid.rows) if grid else []
        self._row_of = {row.teacher_id: n for n, row in enumerate(self._rows)}
        self._texts = []
        self._items = []
        for row in self._rows:
            texts, items = self._build(row)
            self._texts.append(texts)
            self._items.append(items)
        self._invalid = {
            (tid, col): mark
            for (tid, col), mark in kept.items()
            if tid in self._row_of
            and not self._rows[self._row_of[tid]].locked
            and self._items[self._row_of[tid]][col] is not None
        }
        self._set_headers()
        self.endResetModel()

    def _set_headers(self) -> None:
        headers: list[str] = []
        for column in self._columns:
            if column.kind is Kind.NAME:
                headers.append(self.tr("Name"))
            elif column.kind is Kind.ID_NUMBER:
                headers.append(self.tr("ID number"))
            elif column.kind is Kind.POINT:
                headers.append(self.tr("Point {n}").format(n=column.slot + 1))
            elif column.kind is Kind.ITEM:
                headers.append(self.tr("Item {n}").format(n=column.item + 1))
            elif column.kind is Kind.GRADE:
                headers.append(self.tr("Grade {n}").format(n=column.slot + 1))
            elif column.kind is Kind.RESULT:
                headers.append(self.tr("Result"))
            else:
                headers.append(self.tr("State"))
        self._headers = tuple(headers)

    def _build(self, row: GridRow) -> tuple[tuple[str, ...], tuple[GridItem | None, ...]]:
        """The texts shown and the item behind each column, for one teacher."""
        texts: list[str] = []
        items: list[GridItem | None] = []
        points = row.points
        for column in self._columns:
            kind = column.kind
            item: GridItem | None = None
            text = ""
            if kind is Kind.NAME:
                text = row.name
            elif kind is Kind.ID_NUMBER:
                text = mask_id_number(row.id_number)
            elif kind is Kind.RESULT:
                text = row.result.label if row.result else ""
            elif kind is Kind.STATE:
                text = self._state_text(row)
            elif column.slot < len(points):
                point = points[column.slot]
                if kind is Kind.POINT:
                    text = point.code
                elif kind is Kind.GRADE:
                    text = point.grade.label if point.grade else ""
                elif column.item < len(point.items):
                    item = point.items[column.item]
                    text = item.grade.label if item.grade else ""
            texts.append(text)
            items.append(item)
        return tuple(texts), tuple(items)

    def _state_text(self, row: GridRow) -> str:
        if row.problems:
            return "；".join(row.problems)
        if row.review_state is not None:
            return row.review_state.label
        if row.locked and self._grid is not None:
            return self._grid.batch.state.label
        ungraded = row.ungraded
        if ungraded:
            return self.tr("{count} not graded").format(count=ungraded)
        return self.tr("All graded")

    # Qt model interface -----------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """One row per active teacher."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Name, ID number, the point groups, result and state."""
        return 0 if parent.isValid() else len(self._columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column titles; row numbers down the side."""
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self._headers[section] if 0 <= section < len(self._headers) else None
        return str(section + 1)

    def flags(self, index: Index) -> Qt.ItemFlag:
        """Item cells are editable unless locked; cells without an item are inert."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        row, col = index.row(), index.column()
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self._columns[col].kind is not Kind.ITEM:
            return base
        if self._items[row][col] is None:
            return Qt.ItemFlag.NoItemFlags
        if self._read_only is None and not self._rows[row].locked:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Texts, colours, tooltips and the cell state."""
        if not index.isValid():
            return None
        row, col = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            mark = self._invalid.get((self._rows[row].teacher_id, col))
            return mark[0] if mark is not None else self._texts[row][col]
        if role == Qt.ItemDataRole.BackgroundRole:
            state = self.cell_state(row, col)
            return self._brushes.get(state)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._foreground(row, col)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            kind = self._columns[col].kind
            return self._center if kind in (Kind.POINT, Kind.ITEM, Kind.GRADE) else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(row, col)
        if role == CELL_STATE_ROLE:
            return self.cell_state(row, col)
        if role == Qt.ItemDataRole.EditRole:
            item = self._items[row][col]
            return item.grade.value if item is not None and item.grade else ""
        return None

    def _foreground(self, row: int, col: int) -> QBrush | None:
        state = self.cell_state(row, col)
        if state == INVALID:
            return self._text_brush
        kind = self._columns[col].kind
        grade: Grade | None = None
        grid_row = self._rows[row]
        if kind is Kind.RESULT:
            grade = grid_row.result
        elif kind is Kind.GRADE and self._columns[col].slot < len(grid_row.points):
            grade = grid_row.points[self._columns[col].slot].grade
        elif kind is Kind.ITEM and (item := self._items[row][col]) is not None:
            grade = item.grade
        if grade is not None and grade in self._grade_brushes:
            return self._grade_brushes[grade]
        # Dark text on the light backgrounds, whatever the palette (a dark theme).
        return self._text_brush if state else None

    # cells ----------------------------------------------------------------------------
    def cell_state(self, row: int, col: int) -> str:
        """saved / empty / invalid / locked / returned / absent, or "" for plain cells."""
        grid_row = self._rows[row]
        column = self._columns[col]
        if (grid_row.teacher_id, col) in self._invalid:
            return INVALID
        if column.kind is Kind.ITEM:
            item = self._items[row][col]
            if item is None:
                return ABSENT
            if grid_row.locked:
                return LOCKED
            if item.reason is not None:
                return RETURNED
            return SAVED if item.grade is not None else EMPTY
        if column.kind in (Kind.NAME, Kind.STATE) and grid_row.reason:
            return RETURNED
        if grid_row.locked:
            return LOCKED
        if column.kind in (Kind.POINT, Kind.GRADE) and column.slot >= len(grid_row.points):
            return ABSENT
        return ""

    def tooltip(self, row: int, col: int) -> str | None:
        """What a cell's tooltip says (item details, reasons, lock, invalid value)."""
        grid_row = self._rows[row]
        column = self._columns[col]
        lines: list[str] = []
        mark = self._invalid.get((grid_row.teacher_id, col))
        if mark is not None:
            lines.append(mark[1])
        kind = column.kind
        if kind is Kind.ITEM:
            item = self._items[row][col]
            if item is None:
                return self.tr("This teacher has no evidence item in this column.")
            lines.append(self._item_tip(item))
        elif kind is Kind.POINT and column.slot < len(grid_row.points):
            point = grid_row.points[column.slot]
            lines.append(
                self.tr("{code} {name}\nDimension: {dimension}").format(
                    code=point.code, name=point.name, dimension=point.dimension
                )
            )
        elif kind is Kind.GRADE:
            lines.append(self._grade_tip)
        elif kind is Kind.RESULT:
            lines.append(
                self.tr(
                    "Result: fail if any point fails; pending until {count} points are graded; "
                    "excellent if every point is excellent; otherwise pass."
                ).format(count=self._grid.min_points if self._grid else 0)
            )
        elif kind is Kind.STATE and grid_row.problems:
            lines.extend(grid_row.problems)
        if kind in (Kind.NAME, Kind.STATE) and grid_row.reason:
            lines.append(self.tr("The county's reason: {reason}").format(reason=grid_row.reason))
        if grid_row.locked and grid_row.lock_reason:
            lines.append(grid_row.lock_reason)
        return "\n".join(lines) or None

    def _item_tip(self, item: GridItem) -> str:
        lines = [
            self.tr("{code} {name} ({kind})").format(
                code=item.spec_code,
                name=item.spec_name,
                kind=EVIDENCE_KINDS.get(item.kind, item.kind),
            )
        ]
        if item.max_minutes:
            lines.append(self.tr("At most {minutes} minutes long").format(minutes=item.max_minutes))
        lines.append(
            self.tr("Evidence recorded")
            if item.has_evidence
            else self.tr("No evidence recorded yet: add it with “Evidence…”.")
        )
        if item.grade is not None:
            lines.append(
                self.tr("Graded {grade} by {assessor} on {date}").format(
                    grade=item.grade.label,
                    assessor=item.assessor or "",
                    date=local_date(item.scored_at),
                )
            )
        if item.reason:
            lines.append(self.tr("The county's reason: {reason}").format(reason=item.reason))
        return "\n".join(lines)

    # our interface ---------------------------------------------------------------------
    @property
    def grid(self) -> ScoreGrid | None:
        """The grid shown (as loaded; saved grades are applied to the rows, not to it)."""
        return self._grid

    def column(self, col: int) -> Column:
        """What a column holds."""
        return self._columns[col]

    def columns(self) -> tuple[Column, ...]:
        """Every column."""
        return self._columns

    def is_item_column(self, col: int) -> bool:
        """Whether a column holds evidence items (材料)."""
        return 0 <= col < len(self._columns) and self._columns[col].kind is Kind.ITEM

    def row_at(self, row: int) -> GridRow:
        """The teacher of a row, with the grades saved since loading."""
        return self._rows[row]

    def row_of(self, teacher_id: int) -> int | None:
        """The row of a teacher, or None when not shown."""
        return self._row_of.get(teacher_id)

    def item_at(self, row: int, col: int) -> GridItem | None:
        """The evidence item of a cell, or None."""
        if not (0 <= row < len(self._items) and 0 <= col < len(self._columns)):
            return None
        return self._items[row][col]

    def shown_text(self, row: int, col: int) -> str:
        """What a cell shows from the saved data (ignoring an invalid value typed into it)."""
        return self._texts[row][col]

    def set_read_only(self, reason: str | None) -> None:
        """Refuse every edit with this reason (a viewer or county reviewer), or allow them."""
        if reason != self._read_only:
            self.beginResetModel()
            self._read_only = reason
            self.endResetModel()

    def refusal(self, row: int) -> str | None:
        """Why a row's grades cannot change now (read-only account, locked row), or None."""
        if self._read_only is not None:
            return self._read_only
        grid_row = self._rows[row]
        if grid_row.locked:
            return grid_row.lock_reason or self.tr("This teacher's results are locked.")
        return None

    def is_editable(self, row: int, col: int) -> bool:
        """An item cell of a row that is not locked."""
        return self._items[row][col] is not None and not self._rows[row].locked

    def has_editable_rows(self) -> bool:
        """Whether any row can still change."""
        return any(not r.locked and r.points for r in self._rows)

    def matches_shown(self, row: int, col: int, value: str) -> bool:
        """Whether a pasted value equals what a (non-item) cell shows."""
        folded = _fold(value)
        if folded == _fold(self._texts[row][col]):
            return True
        grid_row = self._rows[row]
        kind = self._columns[col].kind
        if kind is Kind.ID_NUMBER:
            return folded == _fold(grid_row.id_number)
        grade: Grade | None = None
        if kind is Kind.GRADE and self._columns[col].slot < len(grid_row.points):
            grade = grid_row.points[self._columns[col].slot].grade
        elif kind is Kind.RESULT:
            grade = grid_row.result
        else:
            return False
        try:
            return grade is not None and parse_grade(value) is grade
        except ValidationError:
            return False

    def next_cell(
        self, row: int, col: int, *, forward: bool = True, editable: bool = True
    ) -> tuple[int, int] | None:
        """The next (or previous) item cell in reading order, editable ones only by default."""
        item_columns = [c for c, column in enumerate(self._columns) if column.kind is Kind.ITEM]
        if not forward:
            item_columns.reverse()
        rows = range(row, len(self._rows)) if forward else range(row, -1, -1)
        for r in rows:
            if editable and self._rows[r].locked:
                continue
            items = self._items[r]
            for c in item_columns:
                if r == row and (c <= col if forward else c >= col):
                    continue
                if items[c] is not None:
                    return r, c
        return None

    def next_row_with_item(self, row: int, col: int) -> int | None:
        """The first row below ``row`` whose cell in ``col`` is an editable item."""
        for r in range(row + 1, len(self._rows)):
            if self.is_editable(r, col):
                return r
        return None

    def first_editable(self) -> tuple[int, int] | None:
        """The first editable item cell, to start typing in."""
        return self.next_cell(0, -1) if self._rows else None

    # invalid values ---------------------------------------------------------------------
    def mark_invalid(self, row: int, col: int, raw: str, message: str) -> None:
        """Show a value that was not saved (typed or pasted) in red, with the reason."""
        self._invalid[(self._rows[row].teacher_id, col)] = (raw, message)
        index = self.index(row, col)
        self.dataChanged.emit(index, index)

    def clear_invalid(self, row: int, col: int) -> bool:
        """Forget an unsaved value; True when there was one."""
        if self._invalid.pop((self._rows[row].teacher_id, col), None) is None:
            return False
        index = self.index(row, col)
        self.dataChanged.emit(index, index)
        return True

    def invalid_value(self, row: int, col: int) -> tuple[str, str] | None:
        """The unsaved value of a cell and why it was refused, or None."""
        return self._invalid.get((self._rows[row].teacher_id, col))

    # saved grades ----------------------------------------------------------------------
    def apply_updates(self, updates: Sequence[CellUpdate], *, assessor: str) -> list[int]:
        """Show saved grades, point grades and results; returns the rows that changed."""
        now = datetime.now(UTC)
        by_row: dict[int, list[CellUpdate]] = {}
        for update in updates:
            row = self._row_of.get(update.teacher_id)
            if row is not None:
                by_row.setdefault(row, []).append(update)
        for row, row_updates in by_row.items():
            items = {u.item_id: u for u in row_updates}
            points = {u.selection_id: u.point_grade for u in row_updates}
            old = self._rows[row]
            new_points = tuple(
                dataclasses.replace(
                    point,
                    grade=points.get(point.selection_id, point.grade),
                    items=tuple(
                        item
                        if item.item_id not in items
                        else dataclasses.replace(
                            item,
                            grade=items[item.item_id].grade,
                            assessor=assessor if items[item.item_id].grade else None,
                            scored_at=now if items[item.item_id].grade else None,
                        )
                        for item in point.items
                    ),
                )
                for point in old.points
            )
            new = dataclasses.replace(old, points=new_points, result=row_updates[-1].result)
            self._rows[row] = new
            texts, cells = self._build(new)
            self._texts[row] = texts
            self._items[row] = cells
            for col, cell in enumerate(cells):
                # A saved item clears its red value; so does any saved grade for the red
                # code or name of a refused paste on this row.
                if cell is None or cell.item_id in items:
                    self._invalid.pop((new.teacher_id, col), None)
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(self._columns) - 1))
        return sorted(by_row)

    def position_of_item(self, item_id: int) -> tuple[int, int] | None:
        """The cell of an evidence item, or None."""
        for row, items in enumerate(self._items):
            for col, item in enumerate(items):
                if item is not None and item.item_id == item_id:
                    return row, col
        return None
