"""Add or edit a teacher (教师): the 身份证号 checked as it is typed, saved through the tasks."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QWidget,
)

from nlts_desktop.domain.codes import code_table
from nlts_desktop.domain.errors import AppError, ValidationError
from nlts_desktop.domain.idcard import parse_id_number
from nlts_desktop.domain.roster import validate_teacher
from nlts_desktop.domain.text import normalize_text
from nlts_desktop.services.records import SchoolRecord, TeacherRecord
from nlts_desktop.ui.dialogs.validated_form import FormDialog
from nlts_desktop.ui.session import AppSession, Changes

# Service refusals that carry no field name but clearly belong to one.
_FIELD_BY_CODE = {"school.unknown": "school", "teacher.school_inactive": "school"}


def school_display(code: str, name: str) -> str:
    """How a school is listed in a picker: 温江区实验小学（2151000001）."""
    return f"{name}（{code}）"


def make_school_picker(combo: QComboBox, placeholder: str) -> None:
    """Make ``combo`` an editable picker whose completer matches any part of "name（code）"."""
    combo.setEditable(True)
    combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    line = combo.lineEdit()
    if line is not None:
        line.setPlaceholderText(placeholder)
    completer = QCompleter(combo.model(), combo)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    combo.setCompleter(completer)
    combo.setCurrentIndex(-1)


def fill_school_picker(combo: QComboBox, schools: Sequence[SchoolRecord]) -> None:
    """Replace the picker's schools, keeping what the user has typed so far."""
    typed = combo.currentText()
    combo.blockSignals(True)
    combo.clear()
    for school in schools:
        combo.addItem(school_display(school.code, school.name), school.code)
    combo.setCurrentIndex(-1)
    combo.setEditText(typed)
    combo.blockSignals(False)


def match_school(text: str, schools: Sequence[SchoolRecord]) -> SchoolRecord | None:
    """The school a picker's text names: its "name（code）", its code or its full name."""
    key = normalize_text(text)
    if not key:
        return None
    for school in schools:
        if key in {
            normalize_text(school_display(school.code, school.name)),
            school.code,
            school.name,
        }:
            return school
    return None


def code_combo(parent: QWidget, table: str, empty: str) -> QComboBox:
    """A combo over a code table's current names (data = code) with an empty first item."""
    combo = QComboBox(parent)
    combo.addItem(empty, "")
    # Only today's names are offered; legacy names (e.g. 中学高级教师) map on import.
    for entry in code_table(table).entries:
        combo.addItem(entry.name, entry.code)
    return combo


class TeacherDialog(FormDialog):
    """Register a teacher (``record`` None) or edit one; ``.saved`` holds the result."""

    def __init__(
        self,
        session: AppSession,
        record: TeacherRecord | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(session, parent)
        self.record = record
        self.saved: TeacherRecord | None = None
        self.schools: list[SchoolRecord] | None = None  # None while loading

        self.setObjectName("TeacherDialog")
        if record is None:
            self.setWindowTitle(self.tr("New teacher"))
        else:
            self.setWindowTitle(self.tr("Edit teacher: {name}").format(name=record.name))
        self.setMinimumWidth(520)

        self.id_edit = QLineEdit(self)
        self.id_edit.setPlaceholderText(self.tr("18 characters; the last may be X"))
        self.derived_label = QLabel(self)
        self.derived_label.setObjectName("derivedLabel")
        self.derived_label.setStyleSheet("color: palette(mid);")
        self.derived_label.hide()
        self.name_edit = QLineEdit(self)
        self.school_combo = QComboBox(self)
        if record is None:
            make_school_picker(self.school_combo, self.tr("Type part of the school's name or code"))
        self.school_note = QLabel(self)
        self.school_note.setObjectName("schoolNote")
        self.school_note.setWordWrap(True)
        self.school_note.setStyleSheet("color: palette(mid);")
        self.school_note.hide()
        self.gender_combo = QComboBox(self)
        self.gender_combo.addItem(self.tr("From ID number"), "")
        self.gender_combo.addItem("男", "男")
        self.gender_combo.addItem("女", "女")
        self.phone_edit = QLineEdit(self)
        self.stage_combo = code_combo(self, "stages", self.tr("(not set)"))
        self.subject_combo = code_combo(self, "subjects", self.tr("(not set)"))
        self.title_combo = code_combo(self, "titles", self.tr("(not set)"))
        self.note_edit = QPlainTextEdit(self)
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setFixedHeight(64)

        form = self.form
        form.add_field("id_number", self.tr("ID number"), self.id_edit, below=self.derived_label)
        form.add_field("name", self.tr("Name"), self.name_edit)
        form.add_field("school", self.tr("School"), self.school_combo, below=self.school_note)
        form.add_field("gender", self.tr("Gender"), self.gender_combo)
        form.add_field("phone", self.tr("Phone"), self.phone_edit)
        form.add_field("stage", self.tr("Stage"), self.stage_combo)
        form.add_field("subject", self.tr("Subject"), self.subject_combo)
        form.add_field("title", self.tr("Professional title"), self.title_combo)
        form.add_field("note", self.tr("Note"), self.note_edit)
        # A birth date that disagrees with the ID is a problem of the ID as typed here.
        form.route("birth_date", "id_number")
        self.finish_layout()

        if record is not None:
            self._fill(record)
            self.touch_all()
        self._connect()
        self._update_derived()
        self.revalidate()
        if record is None:
            self._load_schools()

    # ------------------------------------------------------------------ schools
    def _load_schools(self) -> None:
        schools = self.session.workspace.schools
        self.session.tasks.run(
            self,
            lambda _progress, _cancel: schools.list(include_inactive=False),
            on_success=self._schools_loaded,
        )

    def _schools_loaded(self, schools: list[SchoolRecord]) -> None:
        self.schools = schools
        fill_school_picker(self.school_combo, schools)
        if not schools:
            self.school_note.setText(
                self.tr("No active school is registered yet. Register the school first.")
            )
            self.school_note.show()
        self.revalidate()

    def _school_code(self) -> str | None:
        """The code of the school the picker names, or None when it names none."""
        if self.record is not None:
            return self.record.school_code
        school = match_school(self.school_combo.currentText(), self.schools or ())
        return school.code if school is not None else None

    # ------------------------------------------------------------------ input
    def _fill(self, record: TeacherRecord) -> None:
        self.id_edit.setText(record.id_number)
        self.name_edit.setText(record.name)
        self.school_combo.addItem(
            school_display(record.school_code, record.school_name), record.school_code
        )
        self.school_combo.setEnabled(False)
        self.school_note.setText(
            self.tr("A change of school is recorded as a transfer: use Transfer in the list.")
        )
        self.school_note.show()
        self.phone_edit.setText(record.phone or "")
        for combo, code in (
            (self.stage_combo, record.stage_code),
            (self.subject_combo, record.subject_code),
            (self.title_combo, record.title_code),
        ):
            combo.setCurrentIndex(max(0, combo.findData(code or "")))
        self.note_edit.setPlainText(record.note or "")

    def _connect(self) -> None:
        watch = self.watch
        self.id_edit.textChanged.connect(self._update_derived)
        self.id_edit.textChanged.connect(watch("id_number"))
        self.name_edit.textChanged.connect(watch("name"))
        self.school_combo.editTextChanged.connect(watch("school"))
        self.school_combo.currentIndexChanged.connect(watch("school"))
        self.gender_combo.currentIndexChanged.connect(watch("gender"))
        self.phone_edit.textChanged.connect(watch("phone"))
        self.stage_combo.currentIndexChanged.connect(watch("stage"))
        self.subject_combo.currentIndexChanged.connect(watch("subject"))
        self.title_combo.currentIndexChanged.connect(watch("title"))
        self.note_edit.textChanged.connect(watch("note"))

    def _update_derived(self) -> None:
        try:
            idn = parse_id_number(self.id_edit.text())
        except ValidationError:
            self.derived_label.clear()
            self.derived_label.hide()
            return
        self.derived_label.setText(
            self.tr("{gender}, born {date}").format(
                gender=idn.gender.label, date=idn.birth_date.isoformat()
            )
        )
        self.derived_label.show()

    def raw_fields(self) -> dict[str, object]:
        """The typed values under the keys :func:`validate_teacher` reads."""
        code = self._school_code()
        return {
            "id_number": self.id_edit.text(),
            "name": self.name_edit.text(),
            # The picker's text when it names no school, so that "empty" is told apart.
            "school": code if code is not None else self.school_combo.currentText(),
            "gender": self.gender_combo.currentData() or "",
            "phone": self.phone_edit.text(),
            "stage": self.stage_combo.currentData() or "",
            "subject": self.subject_combo.currentData() or "",
            "title": self.title_combo.currentData() or "",
            "note": self.note_edit.toPlainText(),
        }

    def check(self, raw: Mapping[str, object]) -> tuple[bool, list[tuple[str, str]]]:
        """The domain's teacher rules, plus: the school must be one of the list."""
        clean, errors = validate_teacher(raw)
        problems = [(error.field or "", error.message) for error in errors]
        valid = clean is not None
        typed = normalize_text(raw.get("school"))
        if typed and self.schools is not None and self._school_code() is None:
            problems.append(
                (
                    "school",
                    self.tr('No active school matches "{text}". Choose one from the list.').format(
                        text=typed
                    ),
                )
            )
            valid = False
        elif self.record is None and self.schools is None:
            valid = False  # the list is still loading
        return valid, problems

    # ------------------------------------------------------------------ save
    def save(self) -> None:
        """Write the teacher through the service, off the UI thread."""
        raw = self.raw_fields()
        teachers = self.session.workspace.teachers
        record = self.record

        def work() -> TeacherRecord:
            if record is None:
                return teachers.create(raw)
            return teachers.update(record.id, raw, version=record.version)

        self.submit(
            work,
            on_saved=self._saved,
            label=self.tr("Saving the teacher…"),
            changes=Changes.of("teachers"),
        )

    def service_error_field(self, exc: AppError) -> str | None:
        """Duplicate ID → the ID field; unknown or closed school → the school field."""
        return super().service_error_field(exc) or _FIELD_BY_CODE.get(exc.code)

    def _saved(self, record: TeacherRecord) -> None:
        self.saved = record
