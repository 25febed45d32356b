"""Add or edit an hour record (学时记录), for one teacher or for a selection at once.

The hours are checked as they are typed with the preset's own rule (``validate_hours``: more
than 0, in steps of the rule, at most a day's maximum), the date against the chosen year, and
a 区县认定 record needs the unit that certified it.  What only the database can tell (over 24
hours in a day, over the project's hours, the same record twice, a teacher not enrolled in
the project) comes back from the service and is shown in the dialog with the input kept.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QWidget,
)

from nlts_desktop.domain.enums import HourCategory, HourSource
from nlts_desktop.domain.errors import AppError, ValidationError
from nlts_desktop.domain.hour_rules import format_hours, validate_hours
from nlts_desktop.domain.presets import Preset
from nlts_desktop.services.hours import PROTECTED_SOURCES, HourEntry, TeacherHours
from nlts_desktop.services.projects import ProjectRecord
from nlts_desktop.ui.dialogs.validated_form import FormDialog
from nlts_desktop.ui.session import AppSession, Changes

# A teacher as the dialog needs it: a row of the hours table, or (id, name).
TeacherRef = TeacherHours | tuple[int, str]

# Limits of the service's columns (认定单位 64, 备注 2000 characters).
_CERTIFIED_BY_MAX = 64
_NOTE_MAX = 2000
# Refusals about several fields at once: shown above the form, cleared by any change.
_TOP_CODES = frozenset(
    {"hours.day_over", "hours.project_over", "hours.duplicate", "hours.inactive_teacher"}
)
_HAND_SOURCES = (HourSource.MANUAL, HourSource.CERTIFIED)


@dataclass(frozen=True)
class HourFormOptions:
    """What the form's combos offer: the rules in force and the registered projects."""

    preset: Preset
    projects: list[ProjectRecord]


def load_hour_form_options(session: AppSession) -> HourFormOptions:
    """Read the preset and the projects (call inside a task)."""
    workspace = session.workspace
    return HourFormOptions(
        preset=workspace.hours.preset(), projects=workspace.projects.list_projects()
    )


def project_years(project: ProjectRecord) -> set[int]:
    """The years a project registers hours in (its own, plus a cross-year project's others)."""
    return {project.year, *(y.year for y in project.year_hours)}


class _HourForm(FormDialog):
    """The fields every hour dialog shares; subclasses save."""

    def __init__(
        self, session: AppSession, parent: QWidget | None, *, entry: HourEntry | None = None
    ) -> None:
        super().__init__(session, parent)
        self.entry = entry
        self.options: HourFormOptions | None = None  # None while loading
        self.protected = entry is not None and HourSource(entry.source) in PROTECTED_SOURCES
        self.setMinimumWidth(520)

        self.category_combo = QComboBox(self)
        for category in HourCategory:
            self.category_combo.addItem(category.label, category.value)
        self.hours_edit = QLineEdit(self)
        self.hours_edit.setPlaceholderText(self.tr("e.g. 2 or 2.5"))
        self.hours_edit.setMaximumWidth(160)
        self.hours_edit.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.year_combo = QComboBox(self)
        self.date_edit = QDateEdit(self)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDateRange(QDate(2000, 1, 1), QDate(2099, 12, 31))
        self.date_edit.setDate(QDate.currentDate())
        self.project_combo = QComboBox(self)
        self.project_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.project_combo.setMinimumContentsLength(24)
        self.project_combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.project_combo.addItem(self.tr("(no project)"), None)
        self.source_combo = QComboBox(self)
        for source in _HAND_SOURCES:
            self.source_combo.addItem(source.label, source.value)
        self.certified_edit = QLineEdit(self)
        self.certified_edit.setPlaceholderText(self.tr("e.g. the county education bureau"))
        self.note_edit = QPlainTextEdit(self)
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setFixedHeight(64)

    def add_teacher_row(self, text: str) -> None:
        """The read-only line naming who the hours are for."""
        label = QLabel(text, self)
        label.setObjectName("teacherLabel")
        label.setWordWrap(True)
        # The whole row's width, so that a long school name wraps only when it must.
        label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.form.add_row(self.tr("Teacher"), label)

    def build_fields(self) -> None:
        """Add the fields, connect them, and start loading the combos' contents."""
        form = self.form
        form.add_field("category", self.tr("Category"), self.category_combo)
        form.add_field("hours", self.tr("Hours"), self.hours_edit)
        form.add_field("year", self.tr("Year"), self.year_combo)
        form.add_field("date", self.tr("Date"), self.date_edit)
        form.add_field("project", self.tr("Project"), self.project_combo)
        form.add_field("source", self.tr("Source"), self.source_combo)
        self._certified_error = form.add_field(
            "certified_by", self.tr("Certified by"), self.certified_edit
        )
        form.add_field("note", self.tr("Note"), self.note_edit)
        form.route("teacher", "category")  # a refused teacher is shown at the top
        form.route("teacher_id", "category")
        self.protected_note = QLabel(self)
        self.protected_note.setObjectName("protectedNote")
        self.protected_note.setWordWrap(True)
        self.protected_note.setStyleSheet("color: palette(mid);")
        self.protected_note.hide()
        self.finish_layout(self.protected_note)

        if self.entry is not None:
            self._fill(self.entry)
            self.touch_all()
        self._connect()
        self._update_certified_row()
        self.revalidate()
        self._load_options()

    # ------------------------------------------------------------------ options
    def _load_options(self) -> None:
        session = self.session
        self.session.tasks.run(
            self,
            lambda _p, _c: load_hour_form_options(session),
            on_success=self._options_loaded,
        )

    def _options_loaded(self, options: HourFormOptions) -> None:
        self.options = options
        years = options.preset.years
        wanted = self.entry.year if self.entry is not None else self._default_year(years)
        self.year_combo.blockSignals(True)
        self.year_combo.clear()
        for year in years:
            self.year_combo.addItem(str(year), year)
        if self.entry is not None and self.entry.year not in years:
            self.year_combo.addItem(str(self.entry.year), self.entry.year)
        self.year_combo.setCurrentIndex(max(0, self.year_combo.findData(wanted)))
        self.year_combo.blockSignals(False)
        if self.entry is None and "date" not in self._touched:
            self._move_date_into(wanted)

        chosen = self.entry.project_id if self.entry is not None else None
        self.project_combo.blockSignals(True)
        self.project_combo.clear()
        self.project_combo.addItem(self.tr("(no project)"), None)
        for project in options.projects:
            self.project_combo.addItem(
                self.tr("{name} ({year})").format(name=project.name, year=project.year),
                project.id,
            )
        if chosen is not None and self.project_combo.findData(chosen) < 0 and self.entry:
            self.project_combo.addItem(self.entry.project_name or str(chosen), chosen)
        self.project_combo.setCurrentIndex(max(0, self.project_combo.findData(chosen)))
        self.project_combo.blockSignals(False)
        self.hours_edit.setToolTip(
            self.tr("In steps of {step} hours, at most {most} hours a day.").format(
                step=format_hours(options.preset.hours.hour_step),
                most=format_hours(options.preset.hours.max_hours_per_day),
            )
        )
        self.revalidate()

    @staticmethod
    def _default_year(years: Sequence[int]) -> int:
        today = date.today().year
        if today in years:
            return today
        return years[-1] if years else today

    def _move_date_into(self, year: int) -> None:
        """Keep the untouched default date inside the chosen year (today's day, clamped)."""
        current = self.date_edit.date()
        if current.year() == year:
            return
        day = min(current.day(), QDate(year, current.month(), 1).daysInMonth())
        self.date_edit.blockSignals(True)
        self.date_edit.setDate(QDate(year, current.month(), day))
        self.date_edit.blockSignals(False)

    # ------------------------------------------------------------------ input
    def _fill(self, entry: HourEntry) -> None:
        self.category_combo.setCurrentIndex(max(0, self.category_combo.findData(entry.category)))
        self.hours_edit.setText(format_hours(entry.hours))
        self.year_combo.addItem(str(entry.year), entry.year)
        if entry.record_date is not None:
            d = entry.record_date
            self.date_edit.setDate(QDate(d.year, d.month, d.day))
        if entry.project_id is not None:
            self.project_combo.addItem(entry.project_name or "", entry.project_id)
            self.project_combo.setCurrentIndex(self.project_combo.count() - 1)
        if self.source_combo.findData(entry.source) < 0:
            self.source_combo.addItem(entry.source_label, entry.source)
        self.source_combo.setCurrentIndex(self.source_combo.findData(entry.source))
        self.certified_edit.setText(entry.certified_by or "")
        self.note_edit.setPlainText(entry.note or "")
        if self.protected:
            # Imported and credited records follow their source: only the note is ours.
            for widget in (
                self.category_combo,
                self.hours_edit,
                self.year_combo,
                self.date_edit,
                self.project_combo,
                self.source_combo,
                self.certified_edit,
            ):
                widget.setEnabled(False)
            self.protected_note.setText(
                self.tr(
                    "This record came from {source}: it changes with its source, so only the "
                    "note can be edited here."
                ).format(source=entry.source_label)
            )
            self.protected_note.show()

    def _connect(self) -> None:
        watch = self.watch
        self.category_combo.currentIndexChanged.connect(watch("category"))
        self.hours_edit.textChanged.connect(watch("hours"))
        self.year_combo.currentIndexChanged.connect(self._year_changed)
        self.year_combo.currentIndexChanged.connect(watch("year"))
        self.date_edit.dateChanged.connect(watch("date"))
        self.project_combo.currentIndexChanged.connect(watch("project"))
        self.source_combo.currentIndexChanged.connect(self._update_certified_row)
        self.source_combo.currentIndexChanged.connect(self._source_changed)
        self.source_combo.currentIndexChanged.connect(watch("source"))
        self.certified_edit.textChanged.connect(watch("certified_by"))
        self.note_edit.textChanged.connect(watch("note"))

    def _year_changed(self) -> None:
        year = self.year_combo.currentData()
        if isinstance(year, int) and "date" not in self._touched and self.entry is None:
            self._move_date_into(year)

    def _source_changed(self) -> None:
        # The unit becomes required the moment 区县认定 is chosen: say so at once, so that the
        # disabled Save has its reason next to it.
        if self.source_combo.currentData() == HourSource.CERTIFIED.value:
            self._touched.add("certified_by")

    def _update_certified_row(self) -> None:
        certified = self.source_combo.currentData() == HourSource.CERTIFIED.value
        cell = self._certified_error.parentWidget()
        if cell is not None:
            self.form.layout_form.setRowVisible(cell, certified)

    def raw_fields(self) -> dict[str, object]:
        """The typed values under the keys :meth:`HoursService.add` reads."""
        source = self.source_combo.currentData()
        return {
            "category": self.category_combo.currentData(),
            "hours": self.hours_edit.text(),
            "year": self.year_combo.currentData(),
            "date": self.date_edit.date().toPython(),
            "project": self.project_combo.currentData(),
            "source": source,
            "certified_by": (
                self.certified_edit.text() if source == HourSource.CERTIFIED.value else ""
            ),
            "note": self.note_edit.toPlainText(),
        }

    def check(self, raw: Mapping[str, object]) -> tuple[bool, list[tuple[str, str]]]:
        """The preset's hour rule, the date in the year, the project's years, 认定单位."""
        problems: list[tuple[str, str]] = []
        options = self.options
        if self.protected:
            note = str(raw.get("note") or "").strip()
            if len(note) > _NOTE_MAX:
                problems.append(("note", self._too_long(len(note), _NOTE_MAX)))
            return options is not None and not problems, problems
        rule = options.preset.hours if options is not None else None
        try:
            validate_hours(raw.get("hours"), field="hours", rule=rule)
        except ValidationError as exc:
            problems.append(("hours", exc.message))
        year = raw.get("year")
        when = raw.get("date")
        if isinstance(year, int) and isinstance(when, date) and when.year != year:
            problems.append(
                (
                    "date",
                    self.tr(
                        "The date {date} is not in the year {year}: the year of an hour "
                        "record must be the year of its date. Check the year or the date."
                    ).format(date=when.isoformat(), year=year),
                )
            )
        project = self._project(raw.get("project"))
        if project is not None and isinstance(year, int) and year not in project_years(project):
            listed = ", ".join(str(y) for y in sorted(project_years(project)))
            problems.append(
                (
                    "project",
                    self.tr(
                        'The project "{name}" registers hours in {years} only, not in {year}. '
                        "Choose another project or year."
                    ).format(name=project.name, years=listed, year=year),
                )
            )
        certified_by = str(raw.get("certified_by") or "").strip()
        if raw.get("source") == HourSource.CERTIFIED.value:
            if not certified_by:
                problems.append(
                    (
                        "certified_by",
                        self.tr(
                            "Hours certified by the county need the unit that certified them "
                            "(e.g. the county education bureau)."
                        ),
                    )
                )
            elif len(certified_by) > _CERTIFIED_BY_MAX:
                problems.append(
                    ("certified_by", self._too_long(len(certified_by), _CERTIFIED_BY_MAX))
                )
        note = str(raw.get("note") or "").strip()
        if len(note) > _NOTE_MAX:
            problems.append(("note", self._too_long(len(note), _NOTE_MAX)))
        valid = options is not None and year is not None and not problems
        return valid, problems

    def revalidate(self) -> None:
        """Check as the base does, then make room for reasons that appeared."""
        super().revalidate()
        self._fit_height()

    def _fit_height(self) -> None:
        # A wrapped reason is taller at the dialog's real width than at its size hint's, and
        # the dialog does not grow by itself: the rows would be squeezed and cut off.
        layout = self.layout()
        if layout is None or not self.isVisible():
            return
        layout.activate()
        if layout.hasHeightForWidth():
            needed = layout.totalHeightForWidth(self.width())
        else:
            needed = layout.totalSizeHint().height()
        if needed > self.height():
            self.resize(self.width(), needed)

    def showEvent(self, event: QShowEvent) -> None:
        """Fit the height once the real width is known."""
        super().showEvent(event)
        self._fit_height()

    def _too_long(self, length: int, limit: int) -> str:
        return self.tr("Too long ({length} characters); at most {limit}.").format(
            length=length, limit=limit
        )

    def _project(self, project_id: object) -> ProjectRecord | None:
        if self.options is None or not isinstance(project_id, int):
            return None
        return next((p for p in self.options.projects if p.id == project_id), None)

    def service_error_field(self, exc: AppError) -> str | None:
        """Refusals about the record as a whole go above the form."""
        if exc.code in _TOP_CODES:
            return None
        return super().service_error_field(exc)


class HourEntryDialog(_HourForm):
    """Add an hour record for one teacher (``entry`` None) or edit one; ``.saved`` the result."""

    def __init__(
        self,
        session: AppSession,
        *,
        teacher: TeacherRef,
        entry: HourEntry | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(session, parent, entry=entry)
        if isinstance(teacher, TeacherHours):
            self.teacher_id, self.teacher_name = teacher.teacher_id, teacher.name
            shown = self.tr("{name}, {school}").format(
                name=teacher.name, school=teacher.school_name
            )
        else:
            self.teacher_id, self.teacher_name = teacher
            shown = teacher[1]
        self.saved: HourEntry | None = None
        self.setObjectName("HourEntryDialog")
        if entry is None:
            self.setWindowTitle(self.tr("New hour record: {name}").format(name=self.teacher_name))
        else:
            self.setWindowTitle(self.tr("Edit hour record: {name}").format(name=self.teacher_name))
        self.add_teacher_row(shown)
        self.build_fields()

    def save(self) -> None:
        """Write the record through the service, off the UI thread."""
        raw = self.raw_fields()
        hours = self.session.workspace.hours
        entry = self.entry
        teacher_id = self.teacher_id
        protected = self.protected

        def work() -> HourEntry:
            if entry is None:
                return hours.add({"teacher_id": teacher_id, **raw})
            fields = {"note": raw["note"]} if protected else raw
            return hours.update(entry.id, fields, version=entry.version)

        self.submit(
            work,
            on_saved=self._saved,
            label=self.tr("Saving the hour record…"),
            changes=Changes.of("hours"),
        )

    def _saved(self, entry: HourEntry) -> None:
        self.saved = entry


class BulkHourDialog(_HourForm):
    """The same hour record for every selected teacher, all or nothing; ``.added`` the count."""

    def __init__(
        self, session: AppSession, teacher_ids: Sequence[int], parent: QWidget | None = None
    ) -> None:
        super().__init__(session, parent)
        self.teacher_ids = list(dict.fromkeys(teacher_ids))
        self.added: int | None = None
        self.setObjectName("BulkHourDialog")
        self.setWindowTitle(
            self.tr("Hours for {count} teachers").format(count=f"{len(self.teacher_ids):,}")
        )
        self.add_teacher_row(
            self.tr(
                "{count} selected teachers. If the record does not fit one of them, "
                "nothing is saved for any."
            ).format(count=f"{len(self.teacher_ids):,}")
        )
        self.save_button.setText(self.tr("Save for All"))
        self.build_fields()

    def check(self, raw: Mapping[str, object]) -> tuple[bool, list[tuple[str, str]]]:
        """The shared checks, and at least one teacher."""
        valid, problems = super().check(raw)
        return valid and bool(self.teacher_ids), problems

    def save(self) -> None:
        """Write the record for every teacher in one transaction."""
        raw = self.raw_fields()
        hours = self.session.workspace.hours
        ids = self.teacher_ids

        def job() -> int:
            return hours.add_bulk(ids, raw)

        self.submit(
            job,
            on_saved=self._saved,
            label=self.tr("Saving hours for {count} teachers…").format(count=f"{len(ids):,}"),
            changes=Changes.of("hours"),
        )

    def _saved(self, count: int) -> None:
        self.added = count
