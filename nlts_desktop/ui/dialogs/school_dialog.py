"""Add or edit a school (学校): validated as the user types, saved through the task runner."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from nlts_desktop.domain.codes import code_table
from nlts_desktop.domain.roster import validate_school
from nlts_desktop.domain.text import normalize_compact
from nlts_desktop.services.records import SchoolRecord
from nlts_desktop.ui.dialogs.validated_form import FormDialog
from nlts_desktop.ui.session import AppSession, Changes

_FLAGS = ("is_center_school", "is_pilot", "is_demo")


def category_hint(code_text: str) -> tuple[str, str | None] | None:
    """(category name, default stage code) for the first two digits of a 学校标识码 being typed."""
    prefix = normalize_compact(code_text)[:2]
    if len(prefix) < 2:
        return None
    for entry in code_table("school_categories").entries:
        if entry.code == prefix:
            stage = entry.extra.get("stage")
            return entry.name, str(stage) if stage else None
    return None


class SchoolDialog(FormDialog):
    """Register a school (``record`` None) or edit one; ``.saved`` holds the result."""

    def __init__(
        self,
        session: AppSession,
        record: SchoolRecord | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(session, parent)
        self.record = record
        self.saved: SchoolRecord | None = None
        self._stage_chosen = False

        self.setObjectName("SchoolDialog")
        if record is None:
            self.setWindowTitle(self.tr("New school"))
        else:
            self.setWindowTitle(self.tr("Edit school: {name}").format(name=record.name))
        self.setMinimumWidth(520)

        self.code_edit = QLineEdit(self)
        self.code_edit.setPlaceholderText(self.tr("10 digits, e.g. 2151000001"))
        self.category_label = QLabel(self)
        self.category_label.setObjectName("categoryLabel")
        self.name_edit = QLineEdit(self)
        self.stage_combo = QComboBox(self)
        for entry in code_table("stages").entries:
            self.stage_combo.addItem(entry.name, entry.code)
        self.stage_combo.setCurrentIndex(-1)
        self.stage_combo.setPlaceholderText(self.tr("From the school category"))
        self.urban_rural_combo = QComboBox(self)
        self.urban_rural_combo.addItem(self.tr("(not set)"), "")
        for entry in code_table("urban_rural").entries:
            self.urban_rural_combo.addItem(f"{entry.code} {entry.name}", entry.code)
        self.environment_box = QFrame(self)
        env_layout = QHBoxLayout(self.environment_box)
        env_layout.setContentsMargins(2, 2, 2, 2)
        self.environment_checks: dict[str, QCheckBox] = {}
        for entry in code_table("environments").entries:
            check = QCheckBox(f"{entry.code} {entry.name}", self.environment_box)
            self.environment_checks[entry.code] = check
            env_layout.addWidget(check)
        env_layout.addStretch(1)
        flag_box = QWidget(self)
        flag_layout = QHBoxLayout(flag_box)
        flag_layout.setContentsMargins(0, 0, 0, 0)
        self.flag_checks = {
            "is_center_school": QCheckBox(self.tr("Center school"), flag_box),
            "is_pilot": QCheckBox(self.tr("Pilot school"), flag_box),
            "is_demo": QCheckBox(self.tr("Demonstration school"), flag_box),
        }
        for check in self.flag_checks.values():
            flag_layout.addWidget(check)
        flag_layout.addStretch(1)
        self.contact_name_edit = QLineEdit(self)
        self.contact_phone_edit = QLineEdit(self)
        self.address_edit = QLineEdit(self)
        self.note_edit = QPlainTextEdit(self)
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setFixedHeight(64)

        form = self.form
        form.add_field("code", self.tr("School code"), self.code_edit)
        form.add_row(self.tr("Category"), self.category_label)
        form.add_field("name", self.tr("School name"), self.name_edit)
        form.add_field("stage", self.tr("Stage"), self.stage_combo)
        form.add_field("urban_rural", self.tr("Urban/rural type"), self.urban_rural_combo)
        form.add_field("environments", self.tr("ICT environment"), self.environment_box)
        form.add_row(self.tr("School type"), flag_box)
        form.add_field("contact_name", self.tr("Contact person"), self.contact_name_edit)
        form.add_field("contact_phone", self.tr("Contact phone"), self.contact_phone_edit)
        form.add_field("address", self.tr("Address"), self.address_edit)
        form.add_field("note", self.tr("Note"), self.note_edit)
        # parse_school_code names its field "school_code"; a category that disagrees with the
        # code is a problem of the code too (the category is derived from it here).
        form.route("school_code", "code")
        form.route("category", "code")

        self.finish_layout()

        if record is not None:
            self._fill(record)
            self.touch_all()
        self._connect()
        self._update_category()
        self.revalidate()

    # ------------------------------------------------------------------ input
    def _fill(self, record: SchoolRecord) -> None:
        self.code_edit.setText(record.code)
        self.name_edit.setText(record.name)
        stage_index = self.stage_combo.findData(record.stage_code)
        self.stage_combo.setCurrentIndex(stage_index)
        hint = category_hint(record.code)
        # A stage differing from the category's usual one was chosen on purpose: keep it.
        self._stage_chosen = stage_index >= 0 and (hint is None or hint[1] != record.stage_code)
        self.urban_rural_combo.setCurrentIndex(
            max(0, self.urban_rural_combo.findData(record.urban_rural_code or ""))
        )
        for code, check in self.environment_checks.items():
            check.setChecked(code in record.environments)
        self.flag_checks["is_center_school"].setChecked(record.is_center_school)
        self.flag_checks["is_pilot"].setChecked(record.is_pilot)
        self.flag_checks["is_demo"].setChecked(record.is_demo)
        self.contact_name_edit.setText(record.contact_name or "")
        self.contact_phone_edit.setText(record.contact_phone or "")
        self.address_edit.setText(record.address or "")
        self.note_edit.setPlainText(record.note or "")

    def _connect(self) -> None:
        watch = self.watch
        # The category (and the default stage) first, so the check sees the new stage.
        self.code_edit.textChanged.connect(self._update_category)
        self.code_edit.textChanged.connect(watch("code"))
        self.name_edit.textChanged.connect(watch("name"))
        self.stage_combo.activated.connect(self._stage_activated)
        self.stage_combo.currentIndexChanged.connect(watch("stage"))
        self.urban_rural_combo.currentIndexChanged.connect(watch("urban_rural"))
        for check in self.environment_checks.values():
            check.toggled.connect(watch("environments"))
        for key, check in self.flag_checks.items():
            check.toggled.connect(watch(key))
        self.contact_name_edit.textChanged.connect(watch("contact_name"))
        self.contact_phone_edit.textChanged.connect(watch("contact_phone"))
        self.address_edit.textChanged.connect(watch("address"))
        self.note_edit.textChanged.connect(watch("note"))

    def _stage_activated(self, _index: int) -> None:
        self._stage_chosen = True

    def _update_category(self) -> None:
        hint = category_hint(self.code_edit.text())
        self.category_label.setText(hint[0] if hint else "—")
        if hint is not None and hint[1] and not self._stage_chosen:
            index = self.stage_combo.findData(hint[1])
            if index >= 0:
                self.stage_combo.blockSignals(True)
                self.stage_combo.setCurrentIndex(index)
                self.stage_combo.blockSignals(False)

    def raw_fields(self) -> dict[str, object]:
        """The typed values under the keys :func:`validate_school` reads."""
        stage = self.stage_combo.currentData() if self.stage_combo.currentIndex() >= 0 else ""
        return {
            "code": self.code_edit.text(),
            "name": self.name_edit.text(),
            "category": "",  # derived from the code; shown read-only
            "stage": stage or "",
            "urban_rural": self.urban_rural_combo.currentData() or "",
            "environments": ",".join(
                code for code, check in self.environment_checks.items() if check.isChecked()
            ),
            **{key: self.flag_checks[key].isChecked() for key in _FLAGS},
            "contact_name": self.contact_name_edit.text(),
            "contact_phone": self.contact_phone_edit.text(),
            "address": self.address_edit.text(),
            "note": self.note_edit.toPlainText(),
        }

    def check(self, raw: Mapping[str, object]) -> tuple[bool, list[tuple[str, str]]]:
        """Run the domain's school rules on the typed values."""
        clean, errors = validate_school(raw)
        return clean is not None, [(error.field or "", error.message) for error in errors]

    # ------------------------------------------------------------------ save
    def save(self) -> None:
        """Write the school through the service, off the UI thread."""
        raw = self.raw_fields()
        schools = self.session.workspace.schools
        record = self.record

        def work() -> SchoolRecord:
            if record is None:
                return schools.create(raw)
            return schools.update(record.id, raw, version=record.version)

        self.submit(
            work,
            on_saved=self._saved,
            label=self.tr("Saving the school…"),
            changes=Changes.of("schools"),
        )

    def _saved(self, record: SchoolRecord) -> None:
        self.saved = record
