"""The 审核 tab: the county's queue of submitted batches and one school's results.

Above, the queue (one row per school that has submitted, waiting ones first); below, the chosen
school's batch — its state and history — and every teacher's result with what needs a closer
look.  The reviewer approves the clean results in one action (the flagged ones are held),
approves chosen ones after looking, holds, returns the batch with reasons, or unlocks approved
results (a reason is required and logged; credited practice hours are withdrawn).  Approval
credits the preset's practice hours, so approving and unlocking announce "hours" too.

Only county administrators and reviewers get the action buttons; others see the same views
read-only.  The tab reloads when ``data_changed`` says the assessment changed; while hidden it
only marks itself stale.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any, cast

from PySide6.QtCore import (
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from nlts_desktop.domain.enums import ReviewState, SubmissionState
from nlts_desktop.services.assessment import BatchEvent, BatchRecord
from nlts_desktop.services.context import REVIEW_ROLES
from nlts_desktop.services.progress import CancelToken, Progress
from nlts_desktop.services.review import ApprovalOutcome, QueueEntry, ReviewRow, SchoolReview
from nlts_desktop.ui.dialogs.reason_dialog import ReasonDialog
from nlts_desktop.ui.dialogs.sampling_dialog import SamplingDialog, local_minute
from nlts_desktop.ui.errors import show_error
from nlts_desktop.ui.models.titled_table_model import TitledTableModel
from nlts_desktop.ui.session import AppSession, Changes
from nlts_desktop.ui.tabs.lazy_tab import LazyTab
from nlts_desktop.ui.tabs.table_tab import (
    ask_save_path,
    configure_table_view,
    joined_names,
    select_view_rows,
    selected_view_rows,
    show_information,
)

Index = QModelIndex | QPersistentModelIndex
SORT_ROLE = Qt.ItemDataRole.UserRole
# Row tints of the results table: something to look at / already approved.
FLAGGED_COLOR = "#ffe0b2"
APPROVED_COLOR = "#dcedc8"
# The batch banner's background by state.
_BANNER_COLORS = {
    SubmissionState.DRAFT: "#eeeeee",
    SubmissionState.SUBMITTED: "#e3f2fd",
    SubmissionState.APPROVED: APPROVED_COLOR,
    SubmissionState.RETURNED: FLAGGED_COLOR,
}
# Flags are joined the way the service joins them in a held result's reason.
FLAG_SEPARATOR = "；"

# Queue columns.
Q_CODE, Q_SCHOOL, Q_STATE, Q_SUBMITTED, Q_BY = 0, 1, 2, 3, 4
Q_TEACHERS, Q_PENDING, Q_HELD, Q_APPROVED, Q_RETURNED = 5, 6, 7, 8, 9
# Result columns.
R_NAME, R_ID, R_POINTS, R_RESULT, R_STATE, R_FLAGS, R_REASON = range(7)


def _state_label(value: str | None) -> str:
    """A batch state stored as text, as its Chinese label."""
    if value is None:
        return ""
    try:
        return SubmissionState(value).label
    except ValueError:
        return value


class ReviewQueueModel(TitledTableModel):
    """The review queue: one row per school batch that has been submitted."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._entries: list[QueueEntry] = []
        self._headers = (
            self.tr("School code"),
            self.tr("School"),
            self.tr("State"),
            self.tr("Submitted"),
            self.tr("Submitted by"),
            self.tr("Teachers"),
            self.tr("Pending"),
            self.tr("Held"),
            self.tr("Approved"),
            self.tr("Returned"),
        )

    def set_entries(self, entries: Sequence[QueueEntry]) -> None:
        """Replace the queue."""
        self.beginResetModel()
        self._entries = list(entries)
        self.endResetModel()

    def entry_at(self, row: int) -> QueueEntry:
        """The batch shown in a (source) row."""
        return self._entries[row]

    def entries(self) -> list[QueueEntry]:
        """Every batch loaded."""
        return list(self._entries)

    def row_of(self, school_id: int) -> int | None:
        """The source row of a school's batch."""
        for row, entry in enumerate(self._entries):
            if entry.school_id == school_id:
                return row
        return None

    def row_total(self) -> int:
        """Rows loaded."""
        return len(self._entries)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Cell text, sort keys, number alignment."""
        if not index.isValid() or index.row() >= len(self._entries):
            return None
        entry = self._entries[index.row()]
        column = index.column()
        counts = {
            Q_TEACHERS: entry.teachers,
            Q_PENDING: entry.pending,
            Q_HELD: entry.held,
            Q_APPROVED: entry.approved,
            Q_RETURNED: entry.returned,
        }
        if role == Qt.ItemDataRole.DisplayRole:
            if column in counts:
                return f"{counts[column]:,}"
            return {
                Q_CODE: entry.school_code,
                Q_SCHOOL: entry.school_name,
                Q_STATE: entry.state.label,
                Q_SUBMITTED: local_minute(entry.submitted_at),
                Q_BY: entry.submitted_by or "",
            }.get(column)
        if role == SORT_ROLE:
            if column in counts:
                return counts[column]
            if column == Q_SUBMITTED:
                return entry.submitted_at.isoformat() if entry.submitted_at else ""
            if column == Q_STATE:
                return list(SubmissionState).index(entry.state)
            return self.data(index, Qt.ItemDataRole.DisplayRole)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in counts:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and entry.state is SubmissionState.SUBMITTED:
            font = QFont()
            font.setBold(True)
            return font
        return None


class QueueFilterProxy(QSortFilterProxyModel):
    """Sorts the queue by column and, when asked, shows only batches waiting for review."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.waiting_only = False
        self.setSortRole(SORT_ROLE)

    def set_waiting_only(self, waiting_only: bool) -> None:
        """Show only batches in the 已提交 state (or every batch)."""
        if hasattr(self, "beginFilterChange"):  # Qt 6.9+: invalidateRowsFilter is deprecated
            self.beginFilterChange()
            self.waiting_only = waiting_only
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.waiting_only = waiting_only
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        """Whether a batch passes the waiting filter."""
        if not self.waiting_only:
            return True
        model = cast(ReviewQueueModel, self.sourceModel())
        return model.entry_at(source_row).state is SubmissionState.SUBMITTED


class ReviewResultsModel(TitledTableModel):
    """One school's results as the reviewer sees them, tinted by what needs attention."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[ReviewRow] = []
        self._headers = (
            self.tr("Name"),
            self.tr("ID number"),
            self.tr("Points and grades"),
            self.tr("Result"),
            self.tr("Review state"),
            self.tr("Needs attention"),
            self.tr("Reason"),
        )

    def set_rows(self, rows: Sequence[ReviewRow]) -> None:
        """Replace the rows."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[ReviewRow]:
        """Every row loaded."""
        return list(self._rows)

    def row_at(self, row: int) -> ReviewRow:
        """The result shown in a (source) row."""
        return self._rows[row]

    def source_rows_of(self, teacher_ids: set[int]) -> list[int]:
        """Source rows of the given teachers."""
        return [n for n, r in enumerate(self._rows) if r.teacher_id in teacher_ids]

    def points_text(self, row: ReviewRow) -> str:
        """ "A1 优秀 / A5 合格 / A11 合格"."""
        ungraded = self.tr("not graded")
        return " / ".join(
            f"{code} {grade.label if grade is not None else ungraded}" for code, grade in row.points
        )

    def cell_text(self, row: ReviewRow, column: int) -> str:
        """The text a cell shows."""
        if column == R_NAME:
            return row.name
        if column == R_ID:
            return row.id_number
        if column == R_POINTS:
            return self.points_text(row)
        if column == R_RESULT:
            return row.result.label if row.result is not None else self.tr("Not complete")
        if column == R_STATE:
            return row.state.label if row.state is not None else self.tr("Not submitted")
        if column == R_FLAGS:
            return FLAG_SEPARATOR.join(row.flags)
        if column == R_REASON:
            return row.reason or ""
        return ""

    def row_total(self) -> int:
        """Rows loaded."""
        return len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Cell text, tints, tooltips and sort keys."""
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, SORT_ROLE):
            return self.cell_text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole and column in (R_POINTS, R_FLAGS, R_REASON):
            return self.cell_text(row, column) or None
        if role == Qt.ItemDataRole.BackgroundRole:
            if row.state is ReviewState.APPROVED:
                return QBrush(QColor(APPROVED_COLOR))
            if row.flags:
                return QBrush(QColor(FLAGGED_COLOR))
        return None


class ReviewTab(LazyTab):
    """The county's review queue and the chosen school's results with the review actions."""

    #: The kinds of change (``Changes``) after which the queue and the school view reload.
    reload_on = ("assessment", "schools", "teachers", "workspace")

    def __init__(self, session: AppSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.session = session
        self.writes = session.actor.role in REVIEW_ROLES
        self._loaded_once = False
        self._syncing = False  # the queue's selection is being set by code
        self._queue_generation = 0
        self._school_generation = 0
        self._school_id: int | None = None
        self._review: SchoolReview | None = None
        self._shown_school: int | None = None  # whose results the table holds

        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.setObjectName("ReviewSplitter")
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self._build_queue_panel())
        splitter.addWidget(self._build_school_panel())
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        self.splitter = splitter
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

        self._show_school(None)

    # construction -----------------------------------------------------------------
    def _build_queue_panel(self) -> QWidget:
        panel = QWidget(self)
        self.queue_filter = QComboBox(panel)
        self.queue_filter.setObjectName("queueFilter")
        self.queue_filter.addItem(self.tr("Waiting for review"), True)
        self.queue_filter.addItem(self.tr("All batches"), False)
        self.queue_filter.currentIndexChanged.connect(self._apply_filter)
        self.queue_count = QLabel(panel)
        self.sampling_button = QPushButton(self.tr("Sampling Checks…"), panel)
        self.sampling_button.clicked.connect(self.open_sampling)
        self.export_button = QPushButton(self.tr("Export Summary…"), panel)
        self.export_button.clicked.connect(self.export_summary)

        self.queue_model = ReviewQueueModel(self)
        self.queue_proxy = QueueFilterProxy(self)
        self.queue_proxy.setSourceModel(self.queue_model)
        self.queue_proxy.set_waiting_only(True)
        self.queue_view = QTableView(panel)
        self.queue_view.setObjectName("ReviewQueue")
        self.queue_view.setModel(self.queue_proxy)
        configure_table_view(self.queue_view)
        self.queue_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        # The school's name takes the spare width, not the last count column.
        queue_header = self.queue_view.horizontalHeader()
        queue_header.setStretchLastSection(False)
        queue_header.setSectionResizeMode(Q_SCHOOL, QHeaderView.ResizeMode.Stretch)
        header = self.queue_view.horizontalHeader()
        for column, width in ((Q_CODE, 100), (Q_SCHOOL, 240), (Q_STATE, 70), (Q_SUBMITTED, 130)):
            header.resizeSection(column, width)
        for column in range(Q_TEACHERS, Q_RETURNED + 1):
            header.resizeSection(column, 60)
        self.queue_view.setSortingEnabled(True)
        selection = self.queue_view.selectionModel()
        selection.currentRowChanged.connect(self._on_queue_current_changed)

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Show:"), panel))
        top.addWidget(self.queue_filter)
        top.addWidget(self.queue_count)
        top.addStretch(1)
        top.addWidget(self.sampling_button)
        top.addWidget(self.export_button)
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 0, 4)
        layout.addLayout(top)
        layout.addWidget(self.queue_view)
        return panel

    def _build_school_panel(self) -> QWidget:
        panel = QWidget(self)
        self.banner = QLabel(panel)
        self.banner.setObjectName("batchBanner")
        self.banner.setWordWrap(True)
        self.banner.setFrameShape(QFrame.Shape.StyledPanel)
        self.banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details_label = QLabel(panel)
        self.details_label.setObjectName("batchDetails")
        self.details_label.setWordWrap(True)
        self.details_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.history_label = QLabel(panel)
        self.history_label.setObjectName("batchHistory")
        self.history_label.setWordWrap(True)
        self.history_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.results_model = ReviewResultsModel(self)
        self.results_proxy = QSortFilterProxyModel(self)
        self.results_proxy.setSourceModel(self.results_model)
        self.results_proxy.setSortRole(SORT_ROLE)
        self.results_view = QTableView(panel)
        self.results_view.setObjectName("ReviewResults")
        self.results_view.setModel(self.results_proxy)
        configure_table_view(self.results_view)
        header = self.results_view.horizontalHeader()
        for column, width in (
            (R_NAME, 80),
            (R_ID, 165),
            (R_POINTS, 220),
            (R_RESULT, 70),
            (R_STATE, 100),
            (R_FLAGS, 260),
        ):
            header.resizeSection(column, width)
        self.results_view.setSortingEnabled(True)
        self.results_view.selectionModel().selectionChanged.connect(
            lambda *_: self._update_buttons()
        )

        self.approve_clean_button = QPushButton(self.tr("Approve All Clean Results"), panel)
        self.approve_clean_button.setToolTip(
            self.tr(
                "Approve every waiting result with nothing to look at; results that need "
                "attention are held."
            )
        )
        self.approve_button = QPushButton(self.tr("Approve Selected"), panel)
        self.hold_button = QPushButton(self.tr("Hold Selected…"), panel)
        self.return_button = QPushButton(self.tr("Return to School…"), panel)
        self.unlock_button = QPushButton(self.tr("Unlock…"), panel)
        self.print_button = QPushButton(self.tr("Print Review Record…"), panel)
        self.approve_clean_button.clicked.connect(self.approve_clean)
        self.approve_button.clicked.connect(self.approve_selected)
        self.hold_button.clicked.connect(self.hold_selected)
        self.return_button.clicked.connect(self.return_to_school)
        self.unlock_button.clicked.connect(self.unlock)
        self.print_button.clicked.connect(self.print_review_record)
        self.write_buttons = (
            self.approve_clean_button,
            self.approve_button,
            self.hold_button,
            self.return_button,
            self.unlock_button,
        )
        buttons = QHBoxLayout()
        for button in self.write_buttons:
            button.setVisible(self.writes)
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.print_button)

        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.banner)
        layout.addWidget(self.details_label)
        layout.addWidget(self.history_label)
        layout.addWidget(self.results_view, 1)
        layout.addLayout(buttons)
        return panel

    # reloading --------------------------------------------------------------------
    def reload(self) -> None:
        """Load the queue and the chosen school's results again (off the UI thread)."""
        self._loading()
        self._queue_generation += 1
        generation = self._queue_generation
        review = self.session.workspace.review
        if not self._loaded_once:
            self.queue_count.setText(self.tr("Loading…"))
        self.session.tasks.run(
            self,
            lambda _p, _c: review.queue(),
            on_success=lambda entries: self._queue_loaded(generation, entries),
        )

    def _queue_loaded(self, generation: int, entries: list[QueueEntry]) -> None:
        if generation != self._queue_generation:
            return
        self._loaded_once = True
        self._syncing = True  # the reset moves the current row: not the user choosing
        try:
            self.queue_model.set_entries(entries)
        finally:
            self._syncing = False
        self._update_queue_count()
        if self._school_id is None and self.queue_proxy.rowCount() > 0:
            # Nothing chosen yet: open the first waiting school.
            first = self.queue_proxy.index(0, 0)
            self._school_id = self.queue_model.entry_at(
                self.queue_proxy.mapToSource(first).row()
            ).school_id
        self._select_queue_school()
        self.load_school()

    def _apply_filter(self) -> None:
        self._syncing = True  # filtering moves the current row: not the user choosing
        try:
            self.queue_proxy.set_waiting_only(bool(self.queue_filter.currentData()))
        finally:
            self._syncing = False
        self._select_queue_school()
        self._update_queue_count()

    def _update_queue_count(self) -> None:
        if not self._loaded_once:
            return
        self.queue_count.setText(
            self.tr("{shown} of {total} batches").format(
                shown=self.queue_proxy.rowCount(), total=self.queue_model.rowCount()
            )
        )

    def _select_queue_school(self) -> None:
        """Show the chosen school as the queue's current row (if the filter shows it)."""
        selection = self.queue_view.selectionModel()
        row = self.queue_model.row_of(self._school_id) if self._school_id is not None else None
        self._syncing = True
        try:
            if row is None:
                selection.clear()
                return
            index = self.queue_proxy.mapFromSource(self.queue_model.index(row, 0))
            if not index.isValid():
                selection.clear()
                return
            flags = QItemSelectionModel.SelectionFlag
            selection.setCurrentIndex(index, flags.ClearAndSelect | flags.Rows)
            self.queue_view.scrollTo(index)
        finally:
            self._syncing = False

    def _on_queue_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._syncing or not current.isValid():
            return
        entry = self.queue_model.entry_at(self.queue_proxy.mapToSource(current).row())
        if entry.school_id != self._school_id:
            self._school_id = entry.school_id
            self.load_school()

    def select_school(self, school_id: int) -> None:
        """Open a school's batch (shows it in the queue when the filter allows)."""
        self._school_id = school_id
        self._select_queue_school()
        self.load_school()

    def load_school(self) -> None:
        """Load the chosen school's results (off the UI thread)."""
        self._school_generation += 1
        generation = self._school_generation
        school_id = self._school_id
        if school_id is None:
            self._show_school(None)
            return
        review = self.session.workspace.review

        def loaded(result: SchoolReview) -> None:
            if generation == self._school_generation:
                self._show_school(result)

        self.session.tasks.run(self, lambda _p, _c: review.school(school_id), on_success=loaded)

    # showing a school -------------------------------------------------------------
    def _show_school(self, review: SchoolReview | None) -> None:
        kept = {r.teacher_id for r in self.selected_results()}
        current = self.results_view.currentIndex()
        kept_current = (
            self.results_model.row_at(self.results_proxy.mapToSource(current).row()).teacher_id
            if current.isValid()
            else None
        )
        self._review = review
        self.results_model.set_rows(review.rows if review is not None else ())
        if review is None:
            self._shown_school = None
            self.banner.setText(self.tr("Choose a school in the queue to review its results."))
            self.banner.setStyleSheet("")
            self.details_label.clear()
            self.history_label.clear()
            self.history_label.setToolTip("")
            self._update_buttons()
            return
        if review.batch.school_id == self._shown_school:
            source_rows = self.results_model.source_rows_of(kept)
            view_rows = sorted(
                self.results_proxy.mapFromSource(self.results_model.index(r, 0)).row()
                for r in source_rows
            )
            current_rows = (
                self.results_model.source_rows_of({kept_current})
                if kept_current is not None
                else []
            )
            current_row = (
                self.results_proxy.mapFromSource(self.results_model.index(current_rows[0], 0)).row()
                if current_rows
                else None
            )
            select_view_rows(self.results_view, view_rows, current_row)
        self._shown_school = review.batch.school_id
        self._show_batch(review.batch, review.rows)
        self._update_buttons()

    def _show_batch(self, batch: BatchRecord, rows: Sequence[ReviewRow]) -> None:
        self.banner.setText(
            self.tr("{school} ({code}) — {cycle} assessment batch: {state}").format(
                school=batch.school_name,
                code=batch.school_code,
                cycle=batch.cycle,
                state=batch.state.label,
            )
        )
        font = self.banner.font()
        font.setBold(True)
        self.banner.setFont(font)
        self.banner.setStyleSheet(
            f"QLabel#batchBanner {{ background: {_BANNER_COLORS[batch.state]}; padding: 6px; }}"
        )
        lines = []
        if batch.submitted_at is not None:
            lines.append(
                self.tr("Submitted {when} by {who}.").format(
                    when=local_minute(batch.submitted_at), who=batch.submitted_by or ""
                )
            )
        if batch.decided_at is not None:
            lines.append(
                self.tr("Last decided {when} by {who}.").format(
                    when=local_minute(batch.decided_at), who=batch.decided_by or ""
                )
            )
        if batch.state is SubmissionState.RETURNED and batch.return_reason:
            lines.append(self.tr("Returned: {reason}").format(reason=batch.return_reason))
        flagged = sum(1 for r in rows if r.flags and r.state is not ReviewState.APPROVED)
        approved = sum(1 for r in rows if r.state is ReviewState.APPROVED)
        lines.append(
            self.tr("{count} results: {approved} approved, {flagged} need attention.").format(
                count=len(rows), approved=approved, flagged=flagged
            )
        )
        self.details_label.setText("\n".join(lines))
        transitions = [e for e in batch.events if e.teacher_name is None and e.item_code is None]
        if transitions:
            self.history_label.setText(self._event_text(transitions[-1], last=True))
        else:
            self.history_label.setText(self.tr("No history yet."))
        self.history_label.setToolTip("\n".join(self._event_text(e) for e in batch.events))

    def _event_text(self, event: BatchEvent, *, last: bool = False) -> str:
        """One line of a batch's history."""
        when = local_minute(event.at)
        if event.teacher_name is not None or event.item_code is not None:
            subject = event.teacher_name or ""
            if event.item_code:
                subject = f"{subject} {event.item_code}".strip()
            return self.tr("{when}, {who}: reason for {subject}: {reason}").format(
                when=when, who=event.actor, subject=subject, reason=event.reason or ""
            )
        values = {
            "when": when,
            "who": event.actor,
            "old": _state_label(event.from_state),
            "new": _state_label(event.to_state),
            "reason": event.reason or "",
        }
        if last and event.reason:
            return self.tr("Last change: {when}, {who}: {old} → {new}. Reason: {reason}").format(
                **values
            )
        if last:
            return self.tr("Last change: {when}, {who}: {old} → {new}.").format(**values)
        if event.reason:
            return self.tr("{when}, {who}: {old} → {new}. Reason: {reason}").format(**values)
        return self.tr("{when}, {who}: {old} → {new}.").format(**values)

    def selected_results(self) -> list[ReviewRow]:
        """The results selected in the school's table, in view order."""
        return [
            self.results_model.row_at(
                self.results_proxy.mapToSource(self.results_proxy.index(row, 0)).row()
            )
            for row in selected_view_rows(self.results_view)
            if row < self.results_proxy.rowCount()
        ]

    def select_teachers(self, teacher_ids: Sequence[int]) -> None:
        """Select the results of the given teachers (those shown)."""
        rows = sorted(
            self.results_proxy.mapFromSource(self.results_model.index(r, 0)).row()
            for r in self.results_model.source_rows_of(set(teacher_ids))
        )
        select_view_rows(self.results_view, rows, rows[0] if rows else None)
        self._update_buttons()

    def _update_buttons(self) -> None:
        review = self._review
        submitted = review is not None and review.batch.state is SubmissionState.SUBMITTED
        undecided = [r for r in self.selected_results() if r.state is not ReviewState.APPROVED]
        any_approved = review is not None and any(
            r.state is ReviewState.APPROVED for r in review.rows
        )
        self.approve_clean_button.setEnabled(self.writes and submitted)
        self.approve_button.setEnabled(self.writes and submitted and bool(undecided))
        self.hold_button.setEnabled(self.writes and submitted and bool(undecided))
        self.return_button.setEnabled(self.writes and submitted)
        self.unlock_button.setEnabled(self.writes and any_approved)
        self.print_button.setEnabled(
            review is not None and review.batch.state is not SubmissionState.DRAFT
        )

    # actions ----------------------------------------------------------------------
    def _chosen_school(self) -> SchoolReview | None:
        if self._review is None:
            QMessageBox.information(
                self, self.tr("Review"), self.tr("Choose a school in the queue first.")
            )
        return self._review

    def _write(
        self,
        work: Callable[[], Any],
        *,
        changes: Changes,
        done: Callable[[Any], None] | None = None,
    ) -> None:
        """Run a review write off the UI thread; announce the change; show errors plainly."""
        self.session.tasks.run(
            self,
            lambda _p, _c: work(),
            cancellable=False,
            changes=changes,
            on_success=done,
            on_error=lambda exc: show_error(self, exc),
        )

    def approve_clean(self) -> None:
        """Approve every clean waiting result; hold the flagged ones; credit practice hours."""
        chosen = self._chosen_school()
        if chosen is None:
            return
        review = self.session.workspace.review
        school_id = chosen.batch.school_id
        self._write(
            lambda: review.approve_clean(school_id),
            changes=Changes.of("assessment", "hours"),
            done=self._approved_clean,
        )

    def _approved_clean(self, outcome: ApprovalOutcome) -> None:
        values = {
            "approved": outcome.approved,
            "held": outcome.held,
            "credited": outcome.credited,
        }
        if outcome.batch.state is SubmissionState.APPROVED:
            text = self.tr(
                "{approved} approved, {held} held (need attention); practice hours credited to "
                "{credited} teachers. Every result is approved: the batch is now locked."
            ).format(**values)
        else:
            text = self.tr(
                "{approved} approved, {held} held (need attention); practice hours credited to "
                "{credited} teachers."
            ).format(**values)
        show_information(self, self.tr("Approve All Clean Results"), text)

    def _undecided_selection(self, title: str, hint: str) -> list[ReviewRow]:
        """The selected results not yet approved; when there are none, say ``hint``."""
        rows = [r for r in self.selected_results() if r.state is not ReviewState.APPROVED]
        if not rows:
            QMessageBox.information(self, title, hint)
        return rows

    def approve_selected(self) -> None:
        """Approve the selected results, after confirming any that need attention."""
        chosen = self._chosen_school()
        if chosen is None:
            return
        rows = self._undecided_selection(
            self.tr("Approve Selected"),
            self.tr("Select the results to approve first (approved ones are skipped)."),
        )
        if not rows:
            return
        flagged = [r for r in rows if r.flags]
        if flagged:
            lines = [
                self.tr("{name}: {flags}").format(name=r.name, flags=FLAG_SEPARATOR.join(r.flags))
                for r in flagged[:8]
            ]
            if len(flagged) > 8:
                lines.append(self.tr("… and {count} more.").format(count=len(flagged) - 8))
            answer = QMessageBox.question(
                self,
                self.tr("Approve Selected"),
                self.tr(
                    "{count} of the selected results need attention:\n\n{lines}\n\n"
                    "Approve them anyway?"
                ).format(count=len(flagged), lines="\n".join(lines)),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        review = self.session.workspace.review
        school_id = chosen.batch.school_id
        ids = [r.teacher_id for r in rows]
        self._write(
            lambda: review.approve(school_id, ids),
            changes=Changes.of("assessment", "hours"),
            done=self._approved_selected,
        )

    def _approved_selected(self, outcome: ApprovalOutcome) -> None:
        values = {"approved": outcome.approved, "credited": outcome.credited}
        if outcome.batch.state is SubmissionState.APPROVED:
            text = self.tr(
                "{approved} results approved; practice hours credited to {credited} teachers. "
                "Every result is approved: the batch is now locked."
            ).format(**values)
        else:
            text = self.tr(
                "{approved} results approved; practice hours credited to {credited} teachers."
            ).format(**values)
        show_information(self, self.tr("Approve Selected"), text)

    def hold_selected(self) -> None:
        """Set the selected results aside with a reason (暂缓)."""
        chosen = self._chosen_school()
        if chosen is None:
            return
        rows = self._undecided_selection(
            self.tr("Hold Selected"),
            self.tr("Select the results to hold first (approved ones cannot be held)."),
        )
        if not rows:
            return
        dialog = ReasonDialog(
            self.tr("Hold Results"),
            self.tr(
                "Set aside the results of {names} until they have been looked at. "
                "Why are they held?"
            ).format(names=joined_names([r.name for r in rows])),
            self,
        )
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        reason = dialog.reason()
        review = self.session.workspace.review
        school_id = chosen.batch.school_id
        ids = [r.teacher_id for r in rows]
        self._write(lambda: review.hold(school_id, ids, reason), changes=Changes.of("assessment"))

    def return_to_school(self) -> None:
        """Return the batch to the school with a reason, and reasons per teacher."""
        chosen = self._chosen_school()
        if chosen is None:
            return
        undecided = [r for r in chosen.rows if r.state is not ReviewState.APPROVED]
        selected = [r for r in self.selected_results() if r.state is not ReviewState.APPROVED]
        teachers = selected or [r for r in undecided if r.flags]
        dialog = ReasonDialog(
            self.tr("Return to School"),
            self.tr(
                "Return the batch of {school} to the school for correction. Approved results "
                "stay approved and locked; the other {count} results go back to the school. "
                "Why is it returned?"
            ).format(school=chosen.batch.school_name, count=len(undecided)),
            self,
            teachers=[(r.teacher_id, r.name) for r in teachers],
            prefill={r.teacher_id: FLAG_SEPARATOR.join(r.flags) for r in teachers if r.flags},
        )
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        reason = dialog.reason()
        per_teacher = dialog.teacher_reasons()
        review = self.session.workspace.review
        school_id = chosen.batch.school_id
        name = chosen.batch.school_name
        self._write(
            lambda: review.return_batch(school_id, reason, teacher_reasons=per_teacher),
            changes=Changes.of("assessment"),
            done=lambda _batch: show_information(
                self,
                self.tr("Return to School"),
                self.tr("The batch of {school} was returned to the school.").format(school=name),
            ),
        )

    def unlock(self) -> None:
        """Reopen approved results (the selected ones, or all) with a logged reason."""
        chosen = self._chosen_school()
        if chosen is None:
            return
        approved = [r for r in chosen.rows if r.state is ReviewState.APPROVED]
        if not approved:
            QMessageBox.information(
                self,
                self.tr("Unlock"),
                self.tr("{school} has no approved results: there is nothing to unlock.").format(
                    school=chosen.batch.school_name
                ),
            )
            return
        selected = [r for r in self.selected_results() if r.state is ReviewState.APPROVED]
        if selected:
            prompt = self.tr(
                "Unlock the approved results of {names}? Their credited practice hours are "
                "withdrawn and the school can correct them. The reason is logged."
            ).format(names=joined_names([r.name for r in selected]))
        else:
            prompt = self.tr(
                "Unlock all {count} approved results of {school}? Their credited practice hours "
                "are withdrawn and the school can correct them. The reason is logged."
            ).format(count=len(approved), school=chosen.batch.school_name)
        dialog = ReasonDialog(self.tr("Unlock Approved Results"), prompt, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        reason = dialog.reason()
        review = self.session.workspace.review
        school_id = chosen.batch.school_id
        ids = [r.teacher_id for r in selected] or None
        count = len(selected or approved)
        self._write(
            lambda: review.unlock(school_id, reason, teacher_ids=ids),
            changes=Changes.of("assessment", "hours"),
            done=lambda _batch: show_information(
                self,
                self.tr("Unlock"),
                self.tr(
                    "{count} results were unlocked and returned to the school; their credited "
                    "practice hours were withdrawn."
                ).format(count=count),
            ),
        )

    def open_sampling(self) -> None:
        """The sampling checks dialog (抽样检查)."""
        SamplingDialog(self.session, self).exec()

    # outputs ----------------------------------------------------------------------
    def export_summary(self) -> None:
        """The county's assessment summary workbook (按学校 and 按能力点)."""
        title = self.tr("Export Assessment Summary")
        sheets = self.session.workspace.score_sheets
        out = ask_save_path(
            self,
            self.session,
            title=title,
            default_name=self.tr("Assessment summary_{date}.xlsx").format(
                date=date.today().isoformat()
            ),
        )
        if out is None:
            return
        self._output(
            lambda: sheets.export_summary(out),
            label=self.tr("Exporting the assessment summary…"),
            title=title,
            done=lambda _rows: self.tr("The assessment summary was saved to {path}.").format(
                path=str(out)
            ),
        )

    def print_review_record(self) -> None:
        """The chosen school's review record (审核记录) as PDF."""
        chosen = self._chosen_school()
        if chosen is None:
            return
        title = self.tr("Print Review Record")
        sheets = self.session.workspace.score_sheets
        folder = self.session.settings.last_folder("export")
        default = self.tr("Review record_{school}_{date}.pdf").format(
            school=chosen.batch.school_name, date=date.today().isoformat()
        )
        chosen_path, _filter = QFileDialog.getSaveFileName(
            self, title, str(Path(folder) / default), self.tr("PDF document (*.pdf)")
        )
        if not chosen_path:
            return
        out = Path(chosen_path)
        if out.suffix.lower() != ".pdf":
            out = out.with_name(out.name + ".pdf")
        self.session.settings.set_last_folder("export", str(out.parent))
        school_id = chosen.batch.school_id
        self._output(
            lambda: sheets.review_record_pdf(out, school_id),
            label=self.tr("Printing the review record…"),
            title=title,
            done=lambda pages: self.tr(
                "The review record ({pages} pages) was saved to {path}."
            ).format(pages=pages, path=str(out)),
        )

    def _output(
        self,
        work: Callable[[], Any],
        *,
        label: str,
        title: str,
        done: Callable[[Any], str],
    ) -> None:
        def run(_progress: Progress, _cancel: CancelToken) -> Any:
            return work()

        self.session.tasks.run(
            self,
            run,
            label=label,
            cancellable=False,
            on_success=lambda result: show_information(self, title, done(result)),
            on_error=lambda exc: show_error(self, exc),
        )
