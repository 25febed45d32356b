"""Move a teacher to another school (调动), with the teacher's earlier moves listed below."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialogButtonBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from nlts_desktop.domain.errors import AppError
from nlts_desktop.domain.idcard import mask_id_number
from nlts_desktop.services.records import SchoolRecord, TeacherRecord, TransferRecord
from nlts_desktop.ui.dialogs.teacher_dialog import (
    fill_school_picker,
    make_school_picker,
    match_school,
    school_display,
)
from nlts_desktop.ui.dialogs.validated_form import FormDialog
from nlts_desktop.ui.session import AppSession, Changes

DATE_FORMAT = "yyyy-MM-dd"
_FIELD_BY_CODE = {"school.unknown": "to_school", "teacher.school_inactive": "to_school"}


def _to_date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class TransferDialog(FormDialog):
    """Transfer ``record`` to another active school; ``.saved`` holds the moved teacher."""

    def __init__(
        self,
        session: AppSession,
        record: TeacherRecord,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(session, parent, accept_button=QDialogButtonBox.StandardButton.Ok)
        self.record = record
        self.saved: TeacherRecord | None = None
        self.schools: list[SchoolRecord] | None = None  # None while loading
        self.history: list[TransferRecord] = []

        self.setObjectName("TransferDialog")
        self.setWindowTitle(self.tr("Transfer teacher: {name}").format(name=record.name))
        self.setMinimumWidth(560)
        self.save_button.setText(self.tr("Transfer"))

        self.target_combo = QComboBox(self)
        make_school_picker(self.target_combo, self.tr("Choose the school the teacher moves to"))
        self.date_edit = QDateEdit(QDate.currentDate(), self)
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat(DATE_FORMAT)
        self.reason_edit = QLineEdit(self)
        self.reason_edit.setPlaceholderText(self.tr("Optional"))
        self.reason_edit.setMaxLength(200)

        form = self.form
        form.add_row(self.tr("Teacher"), QLabel(record.name, self))
        form.add_row(self.tr("ID number"), QLabel(mask_id_number(record.id_number), self))
        form.add_row(
            self.tr("Current school"),
            QLabel(school_display(record.school_code, record.school_name), self),
        )
        form.add_field("to_school", self.tr("Move to"), self.target_combo)
        form.add_field("on", self.tr("Date"), self.date_edit)
        form.add_field("reason", self.tr("Reason"), self.reason_edit)
        form.route("school", "to_school")

        self.history_table = QTableWidget(0, 4, self)
        self.history_table.setHorizontalHeaderLabels(
            [self.tr("Date"), self.tr("From"), self.tr("To"), self.tr("Reason")]
        )
        self.history_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.history_table.verticalHeader().hide()
        header = self.history_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.history_table.setMinimumHeight(120)
        self.history_empty = QLabel(self.tr("No earlier transfers."), self)
        history_box = QGroupBox(self.tr("Transfer history"), self)
        history_layout = QVBoxLayout(history_box)
        history_layout.addWidget(self.history_table)
        history_layout.addWidget(self.history_empty)
        self.finish_layout(history_box)

        watch = self.watch
        self.target_combo.editTextChanged.connect(watch("to_school"))
        self.target_combo.currentIndexChanged.connect(watch("to_school"))
        self.date_edit.dateChanged.connect(watch("on"))
        self._touched.add("on")  # a date clash must show even before the date is changed
        self.reason_edit.textChanged.connect(watch("reason"))
        self.revalidate()
        self._load()

    # ------------------------------------------------------------------ loading
    def _load(self) -> None:
        schools = self.session.workspace.schools
        teachers = self.session.workspace.teachers
        teacher_id = self.record.id
        self.session.tasks.run(
            self,
            lambda _progress, _cancel: schools.list(include_inactive=False),
            on_success=self._schools_loaded,
        )
        self.session.tasks.run(
            self,
            lambda _progress, _cancel: teachers.transfers(teacher_id),
            on_success=self._history_loaded,
        )

    def _schools_loaded(self, schools: list[SchoolRecord]) -> None:
        self.schools = [s for s in schools if s.id != self.record.school_id]
        fill_school_picker(self.target_combo, self.schools)
        self.revalidate()

    def _history_loaded(self, history: list[TransferRecord]) -> None:
        self.history = history
        table = self.history_table
        table.setRowCount(len(history))
        for row, move in enumerate(history):
            cells = (
                move.transfer_date.isoformat(),
                move.from_school_name,
                move.to_school_name,
                move.reason or "",
            )
            for column, text in enumerate(cells):
                table.setItem(row, column, QTableWidgetItem(text))
        table.setVisible(bool(history))
        self.history_empty.setVisible(not history)
        self.revalidate()

    # ------------------------------------------------------------------ input
    def target(self) -> SchoolRecord | None:
        """The school chosen in the picker, if any."""
        return match_school(self.target_combo.currentText(), self.schools or ())

    def raw_fields(self) -> dict[str, object]:
        """The chosen school's code, the date (ISO) and the reason."""
        target = self.target()
        return {
            "to_school": target.code if target is not None else "",
            "on": _to_date(self.date_edit.date()).isoformat(),
            "reason": self.reason_edit.text(),
        }

    def check(self, raw: Mapping[str, object]) -> tuple[bool, list[tuple[str, str]]]:
        """A target school must be chosen; the date may not precede the last move."""
        problems: list[tuple[str, str]] = []
        typed = self.target_combo.currentText().strip()
        if self.schools is not None and typed and not raw["to_school"]:
            problems.append(
                (
                    "to_school",
                    self.tr(
                        'No other active school matches "{text}". Choose one from the list.'
                    ).format(text=typed),
                )
            )
        on = _to_date(self.date_edit.date())
        if self.history and on < self.history[-1].transfer_date:
            # The history is read in date order and each move starts from the current school,
            # so a move dated before the last one would make the record contradict itself.
            problems.append(
                (
                    "on",
                    self.tr(
                        "The last transfer was on {date}; a new one cannot be dated earlier."
                    ).format(date=self.history[-1].transfer_date.isoformat()),
                )
            )
        return bool(raw["to_school"]) and not problems, problems

    # ------------------------------------------------------------------ save
    def save(self) -> None:
        """Record the transfer through the service, off the UI thread."""
        target = self.target()
        if target is None:
            return
        teachers = self.session.workspace.teachers
        teacher_id = self.record.id
        on = _to_date(self.date_edit.date())
        reason = self.reason_edit.text()

        def work() -> TeacherRecord:
            return teachers.transfer(teacher_id, to_school=target.code, on=on, reason=reason)

        self.submit(
            work,
            on_saved=self._saved,
            label=self.tr("Recording the transfer…"),
            changes=Changes.of("teachers"),
        )

    def service_error_field(self, exc: AppError) -> str | None:
        """Refusals about the school belong to the target picker."""
        return super().service_error_field(exc) or _FIELD_BY_CODE.get(exc.code)

    def _saved(self, record: TeacherRecord) -> None:
        self.saved = record
