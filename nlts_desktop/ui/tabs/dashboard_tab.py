"""The 统计 tab: progress against the yearly targets, per school, per 学段 / 城乡分类 / level.

At the top the key figures (在职教师, 已达标 and the rate, 考核通过, 学校完成, 尚需达标, the data
time) and the actions (导出统计表, 打印简报, 年度目标).  On the left the charts, each with its
numbers in a small table beside it: target against actual per year (teachers, and schools
where the rules count schools), the teachers' outcomes, the distribution of hours, and the
assessment results (per teacher or per ability point).  On the right the schools (sortable,
searchable; a double-click lists the teachers a school still needs) and the breakdowns by
学段, 城乡分类 and project level.

Everything comes from one :class:`Dashboard` of the service, computed off the UI thread when
the tab is first shown and again after ``data_changed`` (only once shown again, when hidden).
Charts are Qt Charts with the application's (CJK) font; every chart saves as PNG from its
context menu or its 导出图片 button, every table copies as tab-separated text (Ctrl+C or its
context menu), and 导出统计表 writes all tables to one workbook.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCharts import (
    QAbstractBarSeries,
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QPieLegendMarker,
    QPieSeries,
    QPieSlice,
    QValueAxis,
)
from PySide6.QtCore import (
    QMargins,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QUrl,
)
from PySide6.QtGui import (
    QBrush,
    QColor,
    QContextMenuEvent,
    QDesktopServices,
    QFont,
    QKeyEvent,
    QKeySequence,
    QPainter,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from nlts_desktop.services.dashboard import (
    BreakdownRow,
    Dashboard,
    DistributionRow,
    NeededTeacher,
    SchoolProgress,
    YearProgress,
)
from nlts_desktop.services.progress import CancelToken, Progress, paused_gc
from nlts_desktop.ui.dialogs.targets_dialog import TargetsDialog
from nlts_desktop.ui.errors import show_error
from nlts_desktop.ui.models.titled_table_model import TitledTableModel
from nlts_desktop.ui.session import AppSession
from nlts_desktop.ui.tabs.lazy_tab import LazyTab
from nlts_desktop.ui.tabs.table_tab import ask_save_path, show_information

Index = QModelIndex | QPersistentModelIndex
SORT_ROLE = Qt.ItemDataRole.UserRole
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
TOTAL_COLOR = "#eeeeee"
COMPLETED_COLOR = "#dcedc8"
# Chart colours: the plan in a quiet grey-blue, the actual in a strong blue.
PLANNED_COLOR = "#90a4ae"
ACTUAL_COLOR = "#1e88e5"
HOURS_COLOR = "#43a047"
# By the keys of the service's distributions (dashboard.RESULT_KEYS, …_GRADE_KEYS).
SLICE_COLORS = {
    "qualified": "#43a047",
    "assessment_failed": "#e53935",
    "assessment_pending": "#fb8c00",
    "hours_short": "#90a4ae",
    "excellent": "#2e7d32",
    "pass": "#66bb6a",
    "fail": "#e53935",
    "pending": "#bdbdbd",
    "ungraded": "#bdbdbd",
}
_FALLBACK_COLORS = ("#5c6bc0", "#26a69a", "#ab47bc", "#8d6e63", "#78909c")
CHART_MIN_HEIGHT = 250
TOOLTIP_MIN_LENGTH = 12
# Slices smaller than this show no share inside (it would not fit): the table beside has it.
PIE_LABEL_MIN_SHARE = 0.06
# Changes (``Changes``) after which the figures are computed again.
RELOAD_ON = (
    "hours",
    "teachers",
    "schools",
    "assessment",
    "projects",
    "enrollments",
    "targets",
    "preset",
    "workspace",
)


# ---------------------------------------------------------------- cells


def count_text(value: int | None) -> str:
    """12,345 (— for no value)."""
    return "—" if value is None else f"{value:,}"


def rate_text(share: float | None) -> str:
    """A share as 87.5% (— for no value)."""
    return "—" if share is None else f"{share * 100:.1f}%"


def hours_text(value: float) -> str:
    """Hours with thousands separators, no trailing .0: 2,724,365 / 1,234.5."""
    text = f"{value:,.1f}"
    return text[:-2] if text.endswith(".0") else text


@dataclass(frozen=True, slots=True)
class Cell:
    """What one table cell shows, how it sorts, and whether it is a number (right-aligned)."""

    text: str
    key: Any
    number: bool = False


def text_cell(text: str) -> Cell:
    """A text cell sorted by its text."""
    return Cell(text, text)


def count_cell(value: int | None) -> Cell:
    """A count; no value sorts first."""
    return Cell(count_text(value), -1 if value is None else value, True)


def rate_cell(share: float | None) -> Cell:
    """A rate; no value sorts first."""
    return Cell(rate_text(share), -1.0 if share is None else share, True)


def hours_cell(value: float) -> Cell:
    """Hours."""
    return Cell(hours_text(value), value, True)


def school_cells(schools: Sequence[SchoolProgress]) -> list[list[Cell]]:
    """The rows of the schools table (made on the worker thread: 1,600 schools × 6 cells)."""
    return [
        [
            text_cell(s.name),
            text_cell(s.stage_label),
            count_cell(s.teachers),
            count_cell(s.qualified),
            rate_cell(s.rate),
            count_cell(s.still_needed),
        ]
        for s in schools
    ]


class FiguresModel(TitledTableModel):
    """A small table of figures: texts, sort keys, numbers right-aligned, a bold 合计 row."""

    def __init__(self, headers: Sequence[str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._headers = tuple(headers)
        self._rows: list[tuple[Cell, ...]] = []
        self._tints: list[str | None] = []
        self._total: tuple[Cell, ...] | None = None
        self._tips: dict[int, str] = {}

    def set_header_tip(self, column: int, text: str) -> None:
        """A tooltip on a column's title (what the column counts)."""
        self._tips[column] = text
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, column, column)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column titles and their tooltips."""
        if role == Qt.ItemDataRole.ToolTipRole and orientation == Qt.Orientation.Horizontal:
            return self._tips.get(section) or None
        return super().headerData(section, orientation, role)

    def set_headers(self, headers: Sequence[str]) -> None:
        """New column titles (the table is emptied)."""
        self.beginResetModel()
        self._headers = tuple(headers)
        self._rows, self._tints, self._total = [], [], None
        self.endResetModel()

    def set_rows(
        self,
        rows: Sequence[Sequence[Cell]],
        *,
        total: Sequence[Cell] | None = None,
        tints: Sequence[str | None] | None = None,
    ) -> None:
        """Replace the rows (and the 合计 row, shown last in bold)."""
        self.beginResetModel()
        self._rows = [tuple(r) for r in rows]
        self._tints = list(tints) if tints is not None else [None] * len(self._rows)
        self._total = tuple(total) if total is not None else None
        self.endResetModel()

    def row_total(self) -> int:
        """Rows shown, the 合计 row included."""
        return len(self._rows) + (1 if self._total is not None else 0)

    def is_total(self, row: int) -> bool:
        """Whether a row is the 合计 row."""
        return self._total is not None and row == len(self._rows)

    def cell(self, row: int, column: int) -> Cell:
        """The cell at a (source) row and column."""
        if self.is_total(row):
            assert self._total is not None
            return self._total[column]
        return self._rows[row][column]

    def text(self, row: int, column: int) -> str:
        """The text shown in a cell."""
        return self.cell(row, column).text

    def column_texts(self, column: int) -> list[str]:
        """Every text of a column, top to bottom (合计 last)."""
        return [self.text(row, column) for row in range(self.row_total())]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Texts, sort keys, alignment, the total's bold and the row tints."""
        if not index.isValid() or index.row() >= self.row_total():
            return None
        row, column = index.row(), index.column()
        if column >= len(self._headers):
            return None
        cell = self.cell(row, column)
        if role == Qt.ItemDataRole.DisplayRole:
            return cell.text
        if role == SORT_ROLE:
            # The 合计 row stays last whichever way a proxy sorts (see FiguresProxy).
            return cell.key
        if role == Qt.ItemDataRole.TextAlignmentRole and cell.number:
            return _RIGHT
        if role == Qt.ItemDataRole.ToolTipRole and not cell.number:
            # A long text (the reasons a teacher is not qualified) is cut in its column.
            return cell.text if len(cell.text) > TOOLTIP_MIN_LENGTH else None
        total = self.is_total(row)
        if role == Qt.ItemDataRole.FontRole and total:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole:
            tint = TOTAL_COLOR if total else self._tints[row]
            return QBrush(QColor(tint)) if tint else None
        return None


class FiguresProxy(QSortFilterProxyModel):
    """Sorts a FiguresModel by its sort keys; optional search on a column and a row filter."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._accept: Callable[[int], bool] | None = None

    def set_row_filter(self, accept: Callable[[int], bool] | None) -> None:
        """Keep only the source rows ``accept`` keeps (None: every row)."""
        if hasattr(self, "beginFilterChange"):  # Qt 6.9+: invalidateRowsFilter is deprecated
            self.beginFilterChange()
            self._accept = accept
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self._accept = accept
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        """The search on the filter column, then the row filter."""
        if not super().filterAcceptsRow(source_row, source_parent):
            return False
        return self._accept is None or self._accept(source_row)


class FiguresView(QTableView):
    """A read-only table whose rows copy as tab-separated text (Ctrl+C, context menu)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        vertical = self.verticalHeader()
        vertical.hide()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(True)

    def table_text(self, *, selected_only: bool) -> str:
        """The column titles and the (selected) rows as tab-separated lines."""
        model = self.model()
        if model is None:
            return ""
        columns = [
            c for c in range(model.columnCount()) if not self.isColumnHidden(c)
        ]  # fmt: skip
        rows = list(range(model.rowCount()))
        if selected_only and self.selectionModel() is not None:
            chosen = sorted({i.row() for i in self.selectionModel().selectedRows()})
            rows = chosen or rows
        lines = [
            "\t".join(str(model.headerData(c, Qt.Orientation.Horizontal) or "") for c in columns)
        ]
        for row in rows:
            lines.append("\t".join(str(model.index(row, c).data() or "") for c in columns))
        return "\n".join(lines) + "\n"

    def copy_rows(self, *, selected_only: bool = True) -> None:
        """Put the (selected) rows on the clipboard, with the column titles."""
        QApplication.clipboard().setText(self.table_text(selected_only=selected_only))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Ctrl+C copies the selected rows with their titles."""
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_rows()
            event.accept()
            return
        super().keyPressEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        """Copy the selected rows or the whole table."""
        menu = QMenu(self)
        menu.addAction(self.tr("Copy Selected Rows"), lambda: self.copy_rows(selected_only=True))
        menu.addAction(self.tr("Copy Whole Table"), lambda: self.copy_rows(selected_only=False))
        menu.exec(event.globalPos())

    def fit(self, rows: int) -> None:
        """Exactly as large as ``rows`` rows and every column: no scroll bars."""
        header = self.horizontalHeader()
        header.setStretchLastSection(False)
        self.resizeColumnsToContents()
        width = sum(header.sectionSize(c) for c in range(header.count())) + 2 * self.frameWidth()
        self.setFixedWidth(width + 2)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        height = (
            self.horizontalHeader().sizeHint().height()
            + rows * self.verticalHeader().defaultSectionSize()
            + 2 * self.frameWidth()
            + 2
        )
        self.setFixedHeight(height)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)


# ---------------------------------------------------------------- charts


def chart_font(scale: float = 1.0, *, bold: bool = False) -> QFont:
    """The application's font (the CJK one), scaled: charts do not follow it by themselves."""
    font = QFont(QApplication.font())
    if scale != 1.0:
        font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(bold)
    return font


def new_chart() -> QChart:
    """An empty chart with our look: no animation, square, small margins, the app's font."""
    chart = QChart()
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.setBackgroundRoundness(0)
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.setTitleFont(chart_font(1.05, bold=True))
    legend = chart.legend()
    legend.setFont(chart_font(0.95))
    legend.setAlignment(Qt.AlignmentFlag.AlignBottom)
    return chart


def _bar_axes(chart: QChart, *, horizontal: bool) -> tuple[QBarCategoryAxis, QValueAxis]:
    """The chart's category and value axes, made on first use and kept.

    Kept rather than replaced: a removed axis is only deleted later, and until then Qt Charts
    goes on drawing its labels under the new ones.
    """
    categories = [a for a in chart.axes() if isinstance(a, QBarCategoryAxis)]
    values = [a for a in chart.axes() if isinstance(a, QValueAxis)]
    if categories and values:
        return categories[0], values[0]
    axis_categories = QBarCategoryAxis()
    axis_categories.setLabelsFont(chart_font(0.9))
    axis_values = QValueAxis()
    axis_values.setLabelFormat("%d")
    axis_values.setLabelsFont(chart_font(0.9))
    if horizontal:
        chart.addAxis(axis_categories, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(axis_values, Qt.AlignmentFlag.AlignBottom)
    else:
        chart.addAxis(axis_categories, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(axis_values, Qt.AlignmentFlag.AlignLeft)
    return axis_categories, axis_values


def fill_bar_chart(
    chart: QChart,
    *,
    title: str,
    categories: Sequence[str],
    sets: Sequence[tuple[str, Sequence[float], str]],
    legend: bool = True,
    horizontal: bool = False,
) -> QAbstractBarSeries:
    """Grouped bars: one set per (name, values, colour), each bar labelled with its value.

    ``horizontal`` puts the categories on the left, where long labels (学时 bands) fit whole,
    listed from the top like the table beside (Qt draws the first category at the bottom, so
    the categories and values are handed over reversed).
    """
    if horizontal:
        categories = list(reversed(categories))
        sets = [(name, list(reversed(values)), color) for name, values, color in sets]
    chart.removeAllSeries()
    chart.setTitle(title)
    series: QAbstractBarSeries = QHorizontalBarSeries() if horizontal else QBarSeries()
    label_font = chart_font(0.9)
    for name, values, color in sets:
        bar_set = QBarSet(name)
        bar_set.append([float(v) for v in values])
        bar_set.setColor(QColor(color))
        bar_set.setBorderColor(QColor(color))
        bar_set.setLabelColor(QColor("#212121"))
        bar_set.setLabelFont(label_font)
        series.append(bar_set)
    series.setLabelsVisible(True)
    series.setLabelsPosition(QAbstractBarSeries.LabelsPosition.LabelsOutsideEnd)
    series.setLabelsFormat("@value")
    chart.addSeries(series)
    axis_categories, axis_values = _bar_axes(chart, horizontal=horizontal)
    axis_categories.clear()
    axis_categories.append(list(categories))
    # Two-line labels ("2020年<br>（累计）") are rich text, which Qt draws only untruncated.
    axis_categories.setTruncateLabels(not any("<br>" in c for c in categories))
    top = max((float(v) for _, values, _ in sets for v in values), default=0.0)
    # Room beyond the longest bar for its label.
    axis_values.setRange(0, max(top * 1.18, 4.0))
    axis_values.applyNiceNumbers()
    series.attachAxis(axis_categories)
    series.attachAxis(axis_values)
    chart.legend().setVisible(legend)
    chart.legend().setFont(chart_font(0.95))
    return series


def fill_pie_chart(chart: QChart, *, title: str, rows: Sequence[DistributionRow]) -> QPieSeries:
    """A pie of a distribution: the legend names the slices, each slice shows its share.

    The share sits inside the slice (large enough ones) rather than in the legend, so a long
    name such as 未达标：考核待认定 is not cut short; the counts are in the table beside.
    """
    chart.removeAllSeries()
    chart.setTitle(title)
    series = QPieSeries()
    series.setPieSize(0.8)
    names: dict[int, str] = {}
    for n, row in enumerate(rows):
        if row.count <= 0:
            continue
        part = series.append(rate_text(row.share), float(row.count))
        color = QColor(SLICE_COLORS.get(row.key, _FALLBACK_COLORS[n % len(_FALLBACK_COLORS)]))
        part.setColor(color)
        part.setBorderColor(QColor("white"))
        part.setLabelFont(chart_font(0.9, bold=True))
        part.setLabelColor(QColor("white"))
        part.setLabelPosition(QPieSlice.LabelPosition.LabelInsideHorizontal)
        part.setLabelVisible((row.share or 0.0) >= PIE_LABEL_MIN_SHARE)
        names[id(part)] = row.label
    chart.addSeries(series)
    legend = chart.legend()
    legend.setVisible(True)
    legend.setAlignment(Qt.AlignmentFlag.AlignRight)
    legend.setFont(chart_font(0.95))
    for marker in legend.markers(series):
        if isinstance(marker, QPieLegendMarker):
            marker.setLabel(names.get(id(marker.slice()), marker.label()))
    return series


class ChartPanel(QChartView):
    """A chart view that saves itself as a PNG or copies itself (context menu)."""

    def __init__(self, chart: QChart, *, name: str, parent: QWidget | None = None) -> None:
        super().__init__(chart, parent)
        self.name = name  # the default file name
        self.setObjectName(f"chart_{name}")
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(CHART_MIN_HEIGHT)
        self.setMinimumWidth(300)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        #: Set by the tab: asks for a path and saves (the context menu's 导出图片).
        self.export_requested: Callable[[ChartPanel], None] | None = None

    def save_png(self, path: Path) -> bool:
        """The chart as it is shown, saved as a PNG file (a failed save keeps the old file)."""
        from nlts_desktop.domain.errors import AppError
        from nlts_desktop.exchange.excel_writer import atomic_write

        image = self.grab()

        def write(temp: Path) -> None:
            if not image.save(str(temp), "PNG"):
                raise OSError(f"Qt could not write {temp}")

        try:
            atomic_write(path, write)
        except (OSError, AppError):
            return False
        return True

    def copy_image(self) -> None:
        """The chart as a picture on the clipboard."""
        QApplication.clipboard().setPixmap(self.grab())

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        """导出图片… and 复制图片."""
        menu = QMenu(self)
        if self.export_requested is not None:
            handler = self.export_requested
            menu.addAction(self.tr("Export Image…"), lambda: handler(self))
        menu.addAction(self.tr("Copy Image"), self.copy_image)
        menu.exec(event.globalPos())


# ---------------------------------------------------------------- the still-needed list


class StillNeededDialog(QDialog):
    """The teachers of a school (or of every school) not yet qualified, with an export."""

    def __init__(
        self,
        session: AppSession,
        rows: Sequence[NeededTeacher],
        *,
        school: SchoolProgress | None,
        target_year: int | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.rows = list(rows)
        self.school = school
        self.setObjectName("StillNeededDialog")
        name = school.name if school is not None else self.tr("all schools")
        self.setWindowTitle(self.tr("Teachers Still Needed — {school}").format(school=name))
        self.resize(980, 560)

        self.summary = QLabel(self)
        self.summary.setObjectName("stillNeededSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if school is not None:
            figures = {
                "school": school.name,
                "teachers": f"{school.teachers:,}",
                "qualified": f"{school.qualified:,}",
                "rate": rate_text(school.rate),
                "needed": f"{school.still_needed:,}",
                "count": f"{len(self.rows):,}",
                "year": target_year,
            }
            template = (
                self.tr(
                    "{school}: {teachers} active teachers, {qualified} qualified ({rate}); "
                    "{needed} more needed to reach the target for {year}. {count} teachers are "
                    "not qualified yet:"
                )
                if target_year is not None
                else self.tr(
                    "{school}: {teachers} active teachers, {qualified} qualified ({rate}); "
                    "{needed} more needed to reach the target. {count} teachers are not "
                    "qualified yet:"
                )
            )
            self.summary.setText(template.format(**figures))
        else:
            self.summary.setText(
                self.tr("{count} teachers of all schools are not qualified yet.").format(
                    count=f"{len(self.rows):,}"
                )
            )

        headers = [
            self.tr("Name"),
            self.tr("ID number"),
            self.tr("Online hours"),
            self.tr("Practice hours"),
            self.tr("Counted hours"),
            self.tr("Assessment"),
            self.tr("Why not qualified"),
        ]
        if school is None:
            headers.insert(0, self.tr("School"))
        self.model = FiguresModel(headers, self)
        self.model.set_rows([self._cells(r) for r in self.rows])
        self.proxy = FiguresProxy(self)
        self.proxy.setSourceModel(self.model)
        self.view = FiguresView(self)
        self.view.setObjectName("StillNeededTable")
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        header = self.view.horizontalHeader()
        widths = [90, 170, 90, 100, 90, 100]
        if school is None:
            widths.insert(0, 200)
        for column, width in enumerate(widths):
            header.resizeSection(column, width)

        self.export_button = QPushButton(self.tr("Export…"), self)
        self.export_button.setObjectName("exportStillNeeded")
        self.export_button.setEnabled(bool(self.rows))
        self.export_button.clicked.connect(self.export)
        self.copy_button = QPushButton(self.tr("Copy"), self)
        self.copy_button.clicked.connect(lambda: self.view.copy_rows(selected_only=False))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)

        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)

    def _cells(self, row: NeededTeacher) -> list[Cell]:
        cells = [
            text_cell(row.name),
            text_cell(row.masked_id),
            hours_cell(row.online),
            hours_cell(row.practice),
            hours_cell(row.total),
            text_cell(row.assessment_label),
            text_cell(row.reasons),
        ]
        if self.school is None:
            cells.insert(0, text_cell(row.school_name))
        return cells

    def names(self) -> list[str]:
        """The teachers listed, in the order shown."""
        column = 1 if self.school is None else 0
        return [
            str(self.proxy.index(r, column).data()) for r in range(self.proxy.rowCount())
        ]  # fmt: skip

    def export(self) -> None:
        """The list as an .xlsx file (the service's 尚需达标教师名单)."""
        title = self.tr("Export Teachers Still Needed")
        who = self.school.name if self.school is not None else self.tr("all schools")
        out = ask_save_path(
            self,
            self.session,
            title=title,
            default_name=self.tr("Teachers still needed_{school}_{date}.xlsx").format(
                school=who, date=date.today().isoformat()
            ),
        )
        if out is None:
            return
        dashboard = self.session.workspace.dashboard
        school_id = self.school.school_id if self.school is not None else None
        self.session.tasks.run(
            self,
            lambda _p, _c: dashboard.export_still_needed(out, school_id=school_id),
            label=self.tr("Writing the list…"),
            cancellable=False,
            on_success=lambda count: show_information(
                self,
                title,
                self.tr("{count} teachers were saved to {path}.").format(
                    count=f"{count:,}", path=str(out)
                ),
            ),
            on_error=lambda exc: show_error(self, exc),
        )


# ---------------------------------------------------------------- the tab


class _Card(QFrame):
    """One key figure: a caption, the value in large type, a line below."""

    def __init__(self, key: str, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"card_{key}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.caption = QLabel(caption, self)
        self.caption.setStyleSheet("color: #616161;")
        self.value = QLabel("—", self)
        self.value.setObjectName(f"value_{key}")
        font = self.value.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.value.setFont(font)
        self.value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail = QLabel("", self)
        self.detail.setObjectName(f"detail_{key}")
        self.detail.setStyleSheet("color: #616161;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(2)
        layout.addWidget(self.caption)
        layout.addWidget(self.value)
        layout.addWidget(self.detail)

    def show_value(self, value: str, detail: str = "") -> None:
        """Set the figure and the line below it."""
        self.value.setText(value)
        self.detail.setText(detail)


class _Section(QGroupBox):
    """A chart with its numbers beside it, and a button that saves the chart as a picture."""

    def __init__(self, title: str, chart: ChartPanel, table: FiguresView, parent: QWidget) -> None:
        super().__init__(title, parent)
        self.chart = chart
        self.table = table
        self.export_button = QPushButton(self.tr("Export Image…"), self)
        self.export_button.setObjectName(f"exportImage_{chart.name}")
        self.tools = QHBoxLayout()
        self.tools.setContentsMargins(0, 0, 0, 0)
        right = QVBoxLayout()
        right.addLayout(self.tools)
        right.addWidget(table)
        right.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        right.addLayout(buttons)
        layout = QHBoxLayout(self)
        layout.addWidget(chart, 1)
        layout.addLayout(right, 0)


class DashboardTab(LazyTab):
    """统计: key figures, charts with their numbers, schools, breakdowns; exports and targets."""

    #: The kinds of change (``Changes``) after which the figures are computed again.
    reload_on = RELOAD_ON

    def __init__(self, session: AppSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.session = session
        self.dashboard: Dashboard | None = None
        self._generation = 0

        self._build_headline()
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setObjectName("DashboardSplitter")
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self._build_charts())
        splitter.addWidget(self._build_schools())
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([780, 560])
        self.splitter = splitter

        layout = QVBoxLayout(self)
        layout.addLayout(self.headline_layout)
        layout.addWidget(splitter, 1)

    # construction -----------------------------------------------------------------
    def _build_headline(self) -> None:
        self.cards = {
            "teachers": _Card("teachers", self.tr("Active teachers"), self),
            "qualified": _Card("qualified", self.tr("Qualified"), self),
            "passed": _Card("passed", self.tr("Passed assessment"), self),
            "schools": _Card("schools", self.tr("Schools completed"), self),
            "needed": _Card("needed", self.tr("Still needed"), self),
            "date": _Card("date", self.tr("Data as of"), self),
        }
        self.status = self.cards["date"].detail
        self.refresh_button = QPushButton(self.tr("Refresh"), self)
        self.refresh_button.clicked.connect(lambda: self.reload(refresh=True))
        self.export_button = QPushButton(self.tr("Export Statistics…"), self)
        self.export_button.setObjectName("exportStatistics")
        self.export_button.setToolTip(self.tr("Every table of this tab in one Excel workbook"))
        self.export_button.clicked.connect(self.export_statistics)
        self.briefing_button = QPushButton(self.tr("Print Briefing…"), self)
        self.briefing_button.setObjectName("printBriefing")
        self.briefing_button.setToolTip(self.tr("The one-page county briefing as a PDF"))
        self.briefing_button.clicked.connect(self.print_briefing)
        self.targets_button = QPushButton(self.tr("Annual Targets…"), self)
        self.targets_button.setObjectName("annualTargets")
        self.targets_button.setToolTip(self.tr("Planned teachers per year and level"))
        self.targets_button.clicked.connect(self.edit_targets)
        for button in (self.export_button, self.briefing_button):
            button.setEnabled(False)
        cards = QHBoxLayout()
        cards.setSpacing(6)
        for card in self.cards.values():
            cards.addWidget(card)
        buttons = QGridLayout()
        buttons.setSpacing(4)
        buttons.addWidget(self.targets_button, 0, 0)
        buttons.addWidget(self.refresh_button, 0, 1)
        buttons.addWidget(self.export_button, 1, 0)
        buttons.addWidget(self.briefing_button, 1, 1)
        self.headline_layout = QHBoxLayout()
        self.headline_layout.addLayout(cards, 1)
        self.headline_layout.addLayout(buttons)

    def _section(
        self, title: str, name: str, headers: Sequence[str]
    ) -> tuple[_Section, QChart, FiguresModel]:
        chart = new_chart()
        panel = ChartPanel(chart, name=name, parent=self)
        panel.export_requested = self.export_chart
        model = FiguresModel(headers, self)
        view = FiguresView(self)
        view.setObjectName(f"table_{name}")
        view.setModel(model)
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        section = _Section(title, panel, view, self)
        section.export_button.clicked.connect(lambda: self.export_chart(panel))
        return section, chart, model

    def _build_charts(self) -> QWidget:
        body = QWidget(self)
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 6, 0)

        self.year_section, self.year_chart, self.year_model = self._section(
            self.tr("Target and actual per year"), "years", []
        )
        self.year_measure = QComboBox(self)
        self.year_measure.setObjectName("yearMeasure")
        self.year_measure.addItem(self.tr("Qualified teachers"), "teachers")
        self.year_measure.addItem(self.tr("Completed schools"), "schools")
        self.year_measure.currentIndexChanged.connect(self._show_year_chart)
        self.year_measure_label = QLabel(self.tr("Show:"), self)
        self.year_section.tools.addWidget(self.year_measure_label)
        self.year_section.tools.addWidget(self.year_measure)
        self.year_section.tools.addStretch(1)

        self.result_section, self.result_chart, self.result_model = self._section(
            self.tr("Teachers qualified"),
            "results",
            [self.tr("Outcome"), self.tr("Teachers"), self.tr("Share")],
        )
        self.hours_section, self.hours_chart, self.hours_model = self._section(
            self.tr("Hours per teacher"),
            "hours",
            [self.tr("Hours"), self.tr("Teachers"), self.tr("Share")],
        )
        self.grade_section, self.grade_chart, self.grade_model = self._section(
            self.tr("Assessment results"), "grades", []
        )
        self.grade_measure = QComboBox(self)
        self.grade_measure.setObjectName("gradeMeasure")
        self.grade_measure.addItem(self.tr("Per teacher"), "teachers")
        self.grade_measure.addItem(self.tr("Per ability point"), "points")
        self.grade_measure.currentIndexChanged.connect(self._show_grades)
        self.grade_section.tools.addWidget(QLabel(self.tr("Show:"), self))
        self.grade_section.tools.addWidget(self.grade_measure)
        self.grade_section.tools.addStretch(1)

        self.notes = QLabel(body)
        self.notes.setObjectName("dashboardNotes")
        self.notes.setWordWrap(True)
        self.notes.setStyleSheet("color: #616161;")
        self.notes.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        for section in (
            self.year_section,
            self.result_section,
            self.hours_section,
            self.grade_section,
        ):
            column.addWidget(section)
        column.addWidget(self.notes)
        column.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setObjectName("DashboardCharts")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        self.charts_area = scroll
        return scroll

    def _build_schools(self) -> QWidget:
        panel = QWidget(self)
        self.school_search = QLineEdit(panel)
        self.school_search.setObjectName("schoolSearch")
        self.school_search.setPlaceholderText(self.tr("Find a school"))
        self.school_search.setClearButtonEnabled(True)
        self.school_search.textChanged.connect(self._apply_school_filter)
        self.unfinished_only = QCheckBox(self.tr("Only schools not completed"), panel)
        self.unfinished_only.toggled.connect(self._apply_school_filter)
        self.school_count = QLabel(panel)

        self.school_model = FiguresModel(
            [
                self.tr("School"),
                self.tr("Stage"),
                self.tr("Teachers"),
                self.tr("Qualified"),
                self.tr("Qualified rate"),
                self.tr("Still needed"),
            ],
            self,
        )
        self._schools: list[SchoolProgress] = []
        self.school_proxy = FiguresProxy(self)
        self.school_proxy.setSourceModel(self.school_model)
        self.school_proxy.setFilterKeyColumn(0)
        self.school_view = FiguresView(panel)
        self.school_view.setObjectName("SchoolProgress")
        self.school_view.setModel(self.school_proxy)
        self.school_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.school_view.setSortingEnabled(True)
        header = self.school_view.horizontalHeader()
        header.setSortIndicatorClearable(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col, width in ((1, 90), (2, 60), (3, 60), (4, 70), (5, 70)):
            header.resizeSection(col, width)
        self.school_view.doubleClicked.connect(lambda _i: self.show_still_needed())
        self.school_view.selectionModel().selectionChanged.connect(self._update_school_buttons)
        self.needed_button = QPushButton(self.tr("Teachers Still Needed…"), panel)
        self.needed_button.setObjectName("stillNeeded")
        self.needed_button.setToolTip(
            self.tr("The teachers of the selected school who are not qualified yet")
        )
        self.needed_button.setEnabled(False)
        self.needed_button.clicked.connect(self.show_still_needed)
        self.all_needed_button = QPushButton(self.tr("Export All Still Needed…"), panel)
        self.all_needed_button.setObjectName("exportAllStillNeeded")
        self.all_needed_button.setToolTip(
            self.tr("Every teacher not yet qualified, of all schools, as an Excel file")
        )
        self.all_needed_button.setEnabled(False)
        self.all_needed_button.clicked.connect(self.export_all_still_needed)

        schools_box = QGroupBox(self.tr("Completion per school"), panel)
        filters = QHBoxLayout()
        filters.addWidget(self.school_search, 1)
        filters.addWidget(self.unfinished_only)
        actions = QHBoxLayout()
        actions.addWidget(self.school_count, 1)
        actions.addWidget(self.needed_button)
        actions.addWidget(self.all_needed_button)
        box_layout = QVBoxLayout(schools_box)
        box_layout.addLayout(filters)
        box_layout.addWidget(self.school_view, 1)
        box_layout.addLayout(actions)

        breakdown_headers = [
            self.tr("Schools"),
            self.tr("Completed"),
            self.tr("Completion rate"),
            self.tr("Teachers"),
            self.tr("Qualified"),
            self.tr("Qualified rate"),
        ]
        self.stage_model = FiguresModel([self.tr("Stage"), *breakdown_headers], self)
        self.area_model = FiguresModel([self.tr("Urban/rural"), *breakdown_headers], self)
        self.level_model = FiguresModel(
            [
                self.tr("Level"),
                self.tr("Projects"),
                self.tr("Project places"),
                self.tr("Annual targets"),
                self.tr("Trained teachers"),
                self.tr("Of them qualified"),
                self.tr("Qualified rate"),
            ],
            self,
        )
        self.breakdowns = QTabWidget(panel)
        self.breakdowns.setObjectName("Breakdowns")
        self.breakdown_views: dict[str, FiguresView] = {}
        for key, model, label in (
            ("stage", self.stage_model, self.tr("By stage")),
            ("area", self.area_model, self.tr("By urban/rural")),
            ("level", self.level_model, self.tr("By project level")),
        ):
            view = FiguresView(self.breakdowns)
            view.setObjectName(f"breakdown_{key}")
            proxy = FiguresProxy(view)
            proxy.setSourceModel(model)
            view.setModel(proxy)
            view.setSortingEnabled(True)
            view.horizontalHeader().setSortIndicatorClearable(True)
            view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
            view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
            self.breakdown_views[key] = view
            self.breakdowns.addTab(view, label)

        split = QSplitter(Qt.Orientation.Vertical, panel)
        split.setChildrenCollapsible(False)
        split.addWidget(schools_box)
        split.addWidget(self.breakdowns)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(6, 0, 0, 0)
        layout.addWidget(split)
        return panel

    # reloading --------------------------------------------------------------------
    def prefetch(self) -> None:
        """Compute the figures in the background without showing them (the service keeps
        them until the data changes), so the tab opens at once when the clerk clicks it."""
        service = self.session.workspace.dashboard

        def compute(_p: Progress, _c: CancelToken) -> None:
            service.overview()

        # A failure is not shown here: the tab's own load reports it when the clerk opens it.
        self.session.tasks.run(self, compute, on_error=lambda exc: None)

    def reload(self, *, refresh: bool = False) -> None:
        """Compute the figures off the UI thread (``refresh``: even if nothing changed)."""
        self._loading()
        self._generation += 1
        generation = self._generation
        service = self.session.workspace.dashboard
        if self.dashboard is None:
            self.status.setText(self.tr("Computing…"))

        def load(_p: Progress, _c: CancelToken) -> tuple[Dashboard, list[list[Cell]]]:
            dashboard = service.overview(refresh=refresh)
            with paused_gc():
                return dashboard, school_cells(dashboard.schools)

        def loaded(result: tuple[Dashboard, list[list[Cell]]]) -> None:
            if generation == self._generation:
                self.show_dashboard(result[0], school_rows=result[1])

        self.session.tasks.run(
            self, load, on_success=loaded, on_error=lambda exc: show_error(self, exc)
        )

    def show_dashboard(self, d: Dashboard, *, school_rows: list[list[Cell]] | None = None) -> None:
        """Fill every part of the tab from one dashboard (``school_rows``: made beforehand)."""
        self.dashboard = d
        self._show_headline(d)
        self._show_years(d)
        self._show_results(d)
        self._show_hours(d)
        self._show_grades()
        with paused_gc():
            self._show_schools(d, school_cells(d.schools) if school_rows is None else school_rows)
        self._show_breakdowns(d)
        self.notes.setText("\n".join(self.tr("Note: {note}").format(note=n) for n in d.notes))
        for button in (self.export_button, self.briefing_button):
            button.setEnabled(True)
        self.all_needed_button.setEnabled(d.headline.teachers > d.headline.qualified)

    # the parts ----------------------------------------------------------------------
    def _show_headline(self, d: Dashboard) -> None:
        h = d.headline
        people = self.tr("{count} teachers")
        self.cards["teachers"].show_value(
            people.format(count=f"{h.teachers:,}"),
            self.tr("in {count} schools").format(count=f"{h.schools:,}"),
        )
        if h.planned_teachers is not None and h.target_year is not None:
            plan = self.tr("rate {rate}; plan {planned} by {year}").format(
                rate=rate_text(h.qualified_rate),
                planned=f"{h.planned_teachers:,}",
                year=h.target_year,
            )
        else:
            plan = self.tr("rate {rate}").format(rate=rate_text(h.qualified_rate))
        self.cards["qualified"].show_value(people.format(count=f"{h.qualified:,}"), plan)
        self.cards["passed"].show_value(
            people.format(count=f"{h.assessment_passed:,}"),
            self.tr("approved by the county"),
        )
        self.cards["schools"].show_value(
            self.tr("{done} of {total}").format(
                done=f"{h.completed_schools:,}", total=f"{h.schools:,}"
            ),
            self.tr("completion rate {rate}").format(rate=rate_text(h.completed_rate)),
        )
        self.cards["needed"].show_value(
            people.format(count=f"{h.still_needed:,}"),
            self.tr("to reach the target for {year}").format(year=h.target_year)
            if h.target_year is not None
            else "",
        )
        self.cards["date"].show_value(
            d.computed_at.strftime("%Y-%m-%d %H:%M"),
            self.tr("rules: {preset}").format(preset=d.preset_name),
        )

    def counts_schools(self) -> bool:
        """Whether the years have a school target (the rules count schools, or one is planned)."""
        d = self.dashboard
        return d is not None and any(
            y.school_share is not None or y.planned_schools is not None for y in d.years
        )

    def _show_years(self, d: Dashboard) -> None:
        schools = self.counts_schools()
        self.year_measure.setVisible(schools)
        self.year_measure_label.setVisible(schools)
        if not schools:
            self.year_measure.setCurrentIndex(0)
        self._show_year_chart()

    def _basis(self, y: YearProgress) -> str:
        return self.tr("cumulative") if y.cumulative else self.tr("in the year")

    def _show_year_chart(self) -> None:
        """The plan against the actual per year, teachers or schools, as bars and as a table."""
        d = self.dashboard
        if d is None:
            return
        schools = self.year_measure.currentData() == "schools"
        # One basis for every year (the usual case) goes in the title, else under each year.
        bases = {y.cumulative for y in d.years}
        if len(bases) == 1:
            categories = [self.tr("{year}").format(year=y.year) for y in d.years]
            basis = self.tr(" ({basis})").format(basis=self._basis(d.years[0])) if d.years else ""
        else:
            categories = [
                self.tr("{year}<br>({basis})").format(year=y.year, basis=self._basis(y))
                for y in d.years
            ]
            basis = ""
        if schools:
            in_year = [y.planned_schools_in_year for y in d.years]
            planned = [y.planned_schools for y in d.years]
            actual = [y.actual_schools for y in d.years]
            rates = [y.school_rate for y in d.years]
            title = self.tr("Completed schools: plan and actual{basis}").format(basis=basis)
            names = (self.tr("Planned schools"), self.tr("Completed schools"))
        else:
            in_year = [y.planned_teachers_in_year for y in d.years]
            planned = [y.planned_teachers for y in d.years]
            actual = [y.actual_teachers for y in d.years]
            rates = [y.teacher_rate for y in d.years]
            title = self.tr("Qualified teachers: plan and actual{basis}").format(basis=basis)
            names = (self.tr("Planned"), self.tr("Qualified"))
        fill_bar_chart(
            self.year_chart,
            title=title,
            categories=categories,
            sets=[
                (names[0], [p or 0 for p in planned], PLANNED_COLOR),
                (names[1], actual, ACTUAL_COLOR),
            ],
        )
        # On a cumulative basis the plan of each year (what the targets dialog holds) is
        # shown beside the running total the actual is measured against.
        cumulative = any(y.cumulative for y in d.years)
        headers = [self.tr("Year")]
        if cumulative:
            headers += [self.tr("Plan of the year"), self.tr("Plan by year end")]
        else:
            headers += [names[0]]
        headers += [names[1], self.tr("Rate"), self.tr("Hours registered")]
        self.year_model.set_headers(headers)
        rows = []
        for y, own, plan, done, rate in zip(d.years, in_year, planned, actual, rates, strict=True):
            row = [text_cell(str(y.year))]
            row += [count_cell(own), count_cell(plan)] if cumulative else [count_cell(plan)]
            row += [count_cell(done), rate_cell(rate), hours_cell(y.hours)]
            rows.append(row)
        self.year_model.set_rows(rows)
        plan_column = 2 if cumulative else 1
        self.year_model.set_header_tip(
            plan_column,
            self.tr("Where the plan comes from: {sources}").format(
                sources=self.tr(", ").join(
                    f"{y.year} {y.school_source_label if schools else y.teacher_source_label}"
                    for y in d.years
                )
            ),
        )
        self.year_section.table.fit(len(d.years))

    def _distribution_rows(self, rows: Sequence[DistributionRow]) -> list[list[Cell]]:
        return [[text_cell(r.label), count_cell(r.count), rate_cell(r.share)] for r in rows]

    def _distribution_total(self, rows: Sequence[DistributionRow]) -> list[Cell]:
        total = sum(r.count for r in rows)
        return [text_cell(self.tr("Total")), count_cell(total), rate_cell(1.0 if total else None)]

    def _show_results(self, d: Dashboard) -> None:
        self.result_model.set_rows(
            self._distribution_rows(d.results), total=self._distribution_total(d.results)
        )
        self.result_section.table.fit(len(d.results) + 1)
        fill_pie_chart(
            self.result_chart,
            title=self.tr("Active teachers by outcome"),
            rows=d.results,
        )

    def _show_hours(self, d: Dashboard) -> None:
        self.hours_model.set_rows(
            self._distribution_rows(d.hour_bands), total=self._distribution_total(d.hour_bands)
        )
        self.hours_section.table.fit(len(d.hour_bands) + 1)
        fill_bar_chart(
            self.hours_chart,
            title=self.tr("Active teachers by hours registered (required: {hours})").format(
                hours=hours_text(d.required_hours)
            ),
            categories=[r.label for r in d.hour_bands],
            sets=[(self.tr("Teachers"), [r.count for r in d.hour_bands], HOURS_COLOR)],
            legend=False,
            horizontal=True,
        )

    def _show_grades(self) -> None:
        d = self.dashboard
        if d is None:
            return
        if self.grade_measure.currentData() == "points":
            rows = d.point_grades
            headers = [self.tr("Grade"), self.tr("Ability points"), self.tr("Share")]
            title = self.tr("Ability points chosen, by grade")
        else:
            rows = d.teacher_grades
            headers = [self.tr("Result"), self.tr("Teachers"), self.tr("Share")]
            title = self.tr("Active teachers by assessment result")
        self.grade_model.set_headers(headers)
        self.grade_model.set_rows(
            self._distribution_rows(rows), total=self._distribution_total(rows)
        )
        self.grade_section.table.fit(len(rows) + 1)
        fill_pie_chart(self.grade_chart, title=title, rows=rows)

    def _show_schools(self, d: Dashboard, rows: list[list[Cell]]) -> None:
        self._schools = list(d.schools)
        self.school_model.set_rows(
            rows,
            tints=[COMPLETED_COLOR if s.completed else None for s in self._schools],
        )
        aim = (
            self.tr("Teachers still to qualify to reach the target for {year}").format(
                year=d.target_year
            )
            if d.target_year is not None
            else ""
        )
        self.school_model.set_header_tip(5, aim)
        self._apply_school_filter()

    def _breakdown_cells(self, rows: Sequence[BreakdownRow]) -> list[list[Cell]]:
        return [
            [
                text_cell(r.label),
                count_cell(r.schools),
                count_cell(r.completed_schools),
                rate_cell(r.school_rate),
                count_cell(r.teachers),
                count_cell(r.qualified),
                rate_cell(r.rate),
            ]
            for r in rows
        ]

    def _show_breakdowns(self, d: Dashboard) -> None:
        self.stage_model.set_rows(self._breakdown_cells(d.by_stage))
        self.area_model.set_rows(self._breakdown_cells(d.by_urban_rural))
        self.level_model.set_rows(
            [
                [
                    text_cell(r.label),
                    count_cell(r.projects),
                    count_cell(r.planned),
                    count_cell(r.targets),
                    count_cell(r.enrolled),
                    count_cell(r.qualified),
                    rate_cell(r.rate),
                ]
                for r in d.by_level
            ]
        )

    # the schools ------------------------------------------------------------------
    def _apply_school_filter(self) -> None:
        self.school_proxy.setFilterFixedString(self.school_search.text().strip())
        if self.unfinished_only.isChecked():
            schools = self._schools
            self.school_proxy.set_row_filter(lambda row: not schools[row].completed)
        else:
            self.school_proxy.set_row_filter(None)
        self.school_count.setText(
            self.tr("{shown} of {total} schools").format(
                shown=f"{self.school_proxy.rowCount():,}", total=f"{len(self._schools):,}"
            )
        )
        self._update_school_buttons()

    def _update_school_buttons(self) -> None:
        self.needed_button.setEnabled(self.selected_school() is not None)

    def selected_school(self) -> SchoolProgress | None:
        """The school of the current row, if one is selected."""
        selection = self.school_view.selectionModel()
        rows = selection.selectedRows() if selection is not None else []
        if not rows:
            return None
        source = self.school_proxy.mapToSource(rows[0]).row()
        return self._schools[source] if 0 <= source < len(self._schools) else None

    def select_school(self, school_id: int) -> bool:
        """Make a school the selected row (False when it is not shown)."""
        for source, school in enumerate(self._schools):
            if school.school_id == school_id:
                index = self.school_proxy.mapFromSource(self.school_model.index(source, 0))
                if not index.isValid():
                    return False
                self.school_view.selectRow(index.row())
                self.school_view.scrollTo(index)
                return True
        return False

    def show_still_needed(self) -> None:
        """List the teachers the selected school still needs (off the UI thread, then a dialog)."""
        school = self.selected_school()
        if school is None:
            return
        service = self.session.workspace.dashboard
        target_year = self.dashboard.target_year if self.dashboard is not None else None

        def opened(rows: list[NeededTeacher]) -> None:
            self.still_needed_dialog = StillNeededDialog(
                self.session, rows, school=school, target_year=target_year, parent=self
            )
            self.still_needed_dialog.exec()

        self.session.tasks.run(
            self,
            lambda _p, _c: service.still_needed(school.school_id),
            label=self.tr("Finding the teachers…"),
            cancellable=False,
            on_success=opened,
            on_error=lambda exc: show_error(self, exc),
        )

    def export_all_still_needed(self) -> None:
        """Every teacher not yet qualified, of all schools, as one .xlsx list."""
        title = self.tr("Export All Still Needed")
        out = ask_save_path(
            self,
            self.session,
            title=title,
            default_name=self.tr("Teachers still needed_{region}_{date}.xlsx").format(
                region=self._region(), date=date.today().isoformat()
            ),
        )
        if out is None:
            return
        service = self.session.workspace.dashboard
        self.session.tasks.run(
            self,
            lambda _p, _c: service.export_still_needed(out),
            label=self.tr("Writing the list…"),
            cancellable=False,
            on_success=lambda count: show_information(
                self,
                title,
                self.tr("{count} teachers were saved to {path}.").format(
                    count=f"{count:,}", path=str(out)
                ),
            ),
            on_error=lambda exc: show_error(self, exc),
        )

    # files --------------------------------------------------------------------------
    def _region(self) -> str:
        if self.dashboard is not None:
            return self.dashboard.region_name
        return self.session.workspace.info().region_name

    def _ask_path(
        self, *, title: str, default_name: str, filter_text: str, suffix: str
    ) -> Path | None:
        folder = self.session.settings.last_folder("export")
        chosen, _filter = QFileDialog.getSaveFileName(
            self, title, str(Path(folder) / default_name), filter_text
        )
        if not chosen:
            return None
        path = Path(chosen)
        if path.suffix.lower() != suffix:
            path = path.with_name(path.name + suffix)
        self.session.settings.set_last_folder("export", str(path.parent))
        return path

    def export_statistics(self) -> None:
        """Every table of the dashboard in one workbook (导出统计表)."""
        title = self.tr("Export Statistics")
        out = ask_save_path(
            self,
            self.session,
            title=title,
            default_name=self.tr("Statistics_{region}_{date}.xlsx").format(
                region=self._region(), date=date.today().isoformat()
            ),
        )
        if out is None:
            return
        service = self.session.workspace.dashboard
        self.session.tasks.run(
            self,
            lambda _p, _c: service.export_xlsx(out),
            label=self.tr("Writing the statistics…"),
            cancellable=False,
            on_success=lambda _path: show_information(
                self, title, self.tr("The statistics were saved to {path}.").format(path=str(out))
            ),
            on_error=lambda exc: show_error(self, exc),
        )

    def print_briefing(self) -> None:
        """The one-page county briefing as a PDF, then offer to open its folder."""
        title = self.tr("Print Briefing")
        out = self._ask_path(
            title=title,
            default_name=self.tr("Briefing_{region}_{date}.pdf").format(
                region=self._region(), date=date.today().isoformat()
            ),
            filter_text=self.tr("PDF document (*.pdf)"),
            suffix=".pdf",
        )
        if out is None:
            return
        service = self.session.workspace.dashboard

        def written(_path: object) -> None:
            answer = QMessageBox.question(
                self,
                title,
                self.tr("The briefing was saved to {path}.\n\nOpen the folder?").format(
                    path=str(out)
                ),
            )
            if answer == QMessageBox.StandardButton.Yes:
                QDesktopServices.openUrl(QUrl.fromLocalFile(str(out.parent)))

        self.session.tasks.run(
            self,
            lambda _p, _c: service.briefing_pdf(out),
            label=self.tr("Writing the briefing…"),
            cancellable=False,
            on_success=written,
            on_error=lambda exc: show_error(self, exc),
        )

    def export_chart(self, panel: ChartPanel) -> None:
        """Save a chart as a PNG picture."""
        title = self.tr("Export Image")
        out = self._ask_path(
            title=title,
            default_name=self.tr("{chart}_{region}_{date}.png").format(
                chart=self._chart_title(panel), region=self._region(), date=date.today().isoformat()
            ),
            filter_text=self.tr("PNG image (*.png)"),
            suffix=".png",
        )
        if out is None:
            return
        if not panel.save_png(out):
            QMessageBox.warning(
                self,
                title,
                self.tr("The image could not be saved to {path}.").format(path=str(out)),
            )

    def _chart_title(self, panel: ChartPanel) -> str:
        for section in (
            self.year_section,
            self.result_section,
            self.hours_section,
            self.grade_section,
        ):
            if section.chart is panel:
                return section.title()
        return panel.name

    def edit_targets(self) -> None:
        """The annual targets dialog (年度目标); saving it announces "targets"."""
        dialog = TargetsDialog(self.session, self)
        dialog.exec()
