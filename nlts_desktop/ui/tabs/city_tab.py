"""The 各区县 tab of a city workspace: every county report taken in, with the city's totals.

One row per county (its newest report), a bold 合计 row, and a heading with the totals.
Hours travel as integer half-hours and are shown as hours.  Taking in a county report goes
through the same preview as every package; the city's summary form is written off the UI
thread.  The tab reloads when ``data_changed`` says the city's data changed.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from nlts_desktop.services.city import CountyTotalsRecord
from nlts_desktop.services.context import REVIEW_ROLES
from nlts_desktop.services.progress import CancelToken, Progress
from nlts_desktop.ui.dialogs.package_dialogs import hours_text, start_import
from nlts_desktop.ui.errors import show_error
from nlts_desktop.ui.models.titled_table_model import Index, TitledTableModel
from nlts_desktop.ui.session import AppSession
from nlts_desktop.ui.tabs.lazy_tab import LazyTab
from nlts_desktop.ui.tabs.table_tab import ask_save_path, configure_table_view, show_information

# Columns.
(
    C_CODE,
    C_NAME,
    C_SEQUENCE,
    C_DATE,
    C_SCHOOLS,
    C_TEACHERS,
    C_QUALIFIED,
    C_RATE,
    C_PASSED,
    C_ONLINE,
    C_PRACTICE,
) = range(11)
_NUMBERS = frozenset(range(C_SEQUENCE, C_PRACTICE + 1)) - {C_DATE}
_TOTAL_COLOR = "#eeeeee"
# What the loading task hands over: the city's name, the counties, the totals.
_Loaded = tuple[str, list[CountyTotalsRecord], CountyTotalsRecord]


def rate_text(record: CountyTotalsRecord) -> str:
    """已达标 / 在职教师 as 85.3%; empty without teachers."""
    rate = record.rate
    return "" if rate is None else f"{rate * 100:.1f}%"


class CountyTotalsModel(TitledTableModel):
    """One row per reported county, then the bold 合计 row."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[CountyTotalsRecord] = []
        self._total: CountyTotalsRecord | None = None
        self._headers = (
            self.tr("County code"),
            self.tr("County"),
            self.tr("Report no."),
            self.tr("Data date"),
            self.tr("Schools"),
            self.tr("Active teachers"),
            self.tr("Qualified"),
            self.tr("Qualified rate"),
            self.tr("Passed assessment"),
            self.tr("Online hours"),
            self.tr("Practice hours"),
        )

    def set_rows(self, rows: Sequence[CountyTotalsRecord], total: CountyTotalsRecord) -> None:
        """Replace the counties and the total."""
        self.beginResetModel()
        self._rows = list(rows)
        self._total = total if rows else None
        self.endResetModel()

    def counties(self) -> list[CountyTotalsRecord]:
        """The counties shown (without the total)."""
        return list(self._rows)

    def row_total(self) -> int:
        """Counties, plus the total row when there are any."""
        return len(self._rows) + (1 if self._total is not None else 0)

    def record_at(self, row: int) -> tuple[CountyTotalsRecord, bool]:
        """The record of a row and whether it is the total."""
        if row < len(self._rows):
            return self._rows[row], False
        assert self._total is not None
        return self._total, True

    def cell_text(self, record: CountyTotalsRecord, column: int, *, total: bool) -> str:
        """The text a cell shows."""
        if column == C_CODE:
            return "" if total else record.code
        if column == C_NAME:
            return self.tr("Total") if total else record.name
        if column == C_SEQUENCE:
            return "" if total else str(record.sequence)
        if column == C_DATE:
            return "" if total else record.reported_at[:10]
        if column == C_RATE:
            return rate_text(record)
        if column == C_ONLINE:
            return hours_text(record.online_half_hours)
        if column == C_PRACTICE:
            return hours_text(record.practice_half_hours)
        count = {
            C_SCHOOLS: record.schools,
            C_TEACHERS: record.teachers,
            C_QUALIFIED: record.qualified,
            C_PASSED: record.assessment_passed,
        }.get(column)
        return f"{count:,}" if count is not None else ""

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Cell text, numbers right-aligned, the total in bold."""
        if not index.isValid() or index.row() >= self.row_total():
            return None
        record, total = self.record_at(index.row())
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cell_text(record, column, total=total)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in _NUMBERS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and total:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole and total:
            return QBrush(QColor(_TOTAL_COLOR))
        return None


class CityTab(LazyTab):
    """The counties that have reported, the city's totals, import and the summary form."""

    #: The kinds of change (``Changes``) after which the table reloads.
    reload_on = ("city", "workspace")

    def __init__(self, session: AppSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.session = session
        self._generation = 0

        self.heading = QLabel(self.tr("Loading…"), self)
        self.heading.setObjectName("cityHeading")
        self.heading.setWordWrap(True)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.heading.setFont(font)
        self.import_button = QPushButton(self.tr("Import County Report…"), self)
        self.import_button.setObjectName("importReport")
        self.import_button.setEnabled(session.actor.role in REVIEW_ROLES)
        self.import_button.clicked.connect(self.import_report)
        self.export_button = QPushButton(self.tr("Export Summary…"), self)
        self.export_button.setObjectName("exportSummary")
        self.export_button.clicked.connect(self.export_summary)

        self.model = CountyTotalsModel(self)
        self.view = QTableView(self)
        self.view.setObjectName("CountyTotals")
        self.view.setModel(self.model)
        configure_table_view(self.view)
        header = self.view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(C_NAME, QHeaderView.ResizeMode.Stretch)
        for column, width in (
            (C_CODE, 90),
            (C_NAME, 160),
            (C_SEQUENCE, 80),
            (C_DATE, 100),
            (C_SCHOOLS, 70),
            (C_TEACHERS, 100),
            (C_QUALIFIED, 90),
            (C_RATE, 90),
            (C_PASSED, 110),
            (C_ONLINE, 120),
            (C_PRACTICE, 120),
        ):
            header.resizeSection(column, width)

        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.import_button)
        top.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)

    # reloading --------------------------------------------------------------------
    def reload(self) -> None:
        """Load the counties and the totals (off the UI thread)."""
        self._loading()
        self._generation += 1
        generation = self._generation
        workspace = self.session.workspace

        def load(_p: Progress, _c: CancelToken) -> _Loaded:
            return workspace.info().region_name, workspace.city.counties(), workspace.city.totals()

        def loaded(result: _Loaded) -> None:
            if generation == self._generation:
                self._show(*result)

        self.session.tasks.run(
            self, load, on_success=loaded, on_error=lambda exc: show_error(self, exc)
        )

    def _show(self, region: str, rows: list[CountyTotalsRecord], total: CountyTotalsRecord) -> None:
        self.model.set_rows(rows, total)
        self.export_button.setEnabled(bool(rows))
        if not rows:
            self.heading.setText(
                self.tr(
                    "{region}: no county report has been imported yet. Import the counties' "
                    "reports with “Import County Report…”."
                ).format(region=region)
            )
            return
        self.heading.setText(
            self.tr(
                "{region}: {counties} counties reported; {teachers} active teachers, "
                "{qualified} qualified ({rate}), {passed} passed the assessment."
            ).format(
                region=region,
                counties=len(rows),
                teachers=f"{total.teachers:,}",
                qualified=f"{total.qualified:,}",
                rate=rate_text(total) or "—",
                passed=f"{total.assessment_passed:,}",
            )
        )

    # actions ----------------------------------------------------------------------
    def import_report(self) -> None:
        """Take in a county's report (the preview first)."""
        start_import(self, self.session)

    def export_summary(self) -> None:
        """The city's per-county summary form (各区县完成情况汇总表)."""
        title = self.tr("Export Summary")
        out = ask_save_path(
            self,
            self.session,
            title=title,
            default_name=self.tr("County summary_{date}.xlsx").format(
                date=date.today().isoformat()
            ),
        )
        if out is None:
            return
        city = self.session.workspace.city
        self.session.tasks.run(
            self,
            lambda _p, _c: city.export_summary(out),
            label=self.tr("Writing the summary…"),
            cancellable=False,
            on_success=lambda count: show_information(
                self,
                title,
                self.tr("The summary of {count} counties was saved to {path}.").format(
                    count=count, path=str(out)
                ),
            ),
            on_error=lambda exc: show_error(self, exc),
        )
