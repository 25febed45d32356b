"""工作领导小组: the people (组长, 副组长, 成员), 负责科室 and the bureau's opinion.

The Foshan plan (seed 004, 附件2) asks each district for this list; the 年度规划书 takes its
执行办负责人 and members from it.  The clerk edits the people in a table (add, remove, move
up and down), or reads them from a filled-in 工作小组名单 workbook into the table; nothing is
written until 保存, which replaces the group in one call.  A refusal lists every problem and
marks the rows concerned; the export asks the 报送单位 and lists what is missing instead of
writing a half-empty form.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from nlts_desktop.services.context import ADMIN_ROLES
from nlts_desktop.services.leadership import (
    ROLE_LABELS,
    ROLES,
    LeadershipGroup,
    LeadershipImport,
    MemberInput,
)
from nlts_desktop.ui.dialogs.form_exports import ProblemList, ask_contact
from nlts_desktop.ui.dialogs.import_common import pick_workbook, show_message
from nlts_desktop.ui.errors import show_error
from nlts_desktop.ui.session import AppSession, Changes
from nlts_desktop.ui.tabs.table_tab import ask_save_path

FOLDER_KEY = "plan-forms"
MARK_COLOR = "#ffcdd2"
CHANGES = Changes.of("leadership")
# Columns: the role is a combo box, the rest are typed.
L_ROLE, L_NAME, L_POSITION, L_UNIT, L_PHONE, L_EMAIL = range(6)
_TEXT_COLUMNS = (L_NAME, L_POSITION, L_UNIT, L_PHONE, L_EMAIL)
# "第 3 位（张三）：…" — the service names a person by their place in the list.
_PLACE = re.compile(r"^第\s*(\d+)\s*位")


class LeadershipDialog(QDialog):
    """工作领导小组名单: edit, import, save (one call), export 附件2."""

    def __init__(self, session: AppSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("LeadershipDialog")
        self.setWindowTitle(self.tr("Leadership Group"))
        self.resize(980, 640)
        self.can_edit = session.actor.role in ADMIN_ROLES
        self.dirty = False
        self._filling = False

        head = QFormLayout()
        self.office_edit = QLineEdit(self)
        self.office_edit.setObjectName("officeEdit")
        self.office_edit.setMaxLength(128)
        self.office_edit.setPlaceholderText(self.tr("e.g. Teacher Development Center"))
        head.addRow(self.tr("Office in charge:"), self.office_edit)

        self.table = QTableWidget(0, 6, self)
        self.table.setObjectName("memberTable")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Role"),
                self.tr("Name"),
                self.tr("Position"),
                self.tr("Unit"),
                self.tr("Phone"),
                self.tr("E-mail"),
            ]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 14)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in (
            (L_ROLE, 90),
            (L_NAME, 90),
            (L_POSITION, 170),
            (L_UNIT, 200),
            (L_PHONE, 130),
        ):
            header.resizeSection(column, width)

        self.add_button = QPushButton(self.tr("Add Person"), self)
        self.add_button.setObjectName("addButton")
        self.remove_button = QPushButton(self.tr("Remove"), self)
        self.remove_button.setObjectName("removeButton")
        self.up_button = QPushButton(self.tr("Move Up"), self)
        self.up_button.setObjectName("upButton")
        self.down_button = QPushButton(self.tr("Move Down"), self)
        self.down_button.setObjectName("downButton")
        row_buttons = QHBoxLayout()
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            row_buttons.addWidget(button)
        row_buttons.addStretch(1)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("memberCount")
        row_buttons.addWidget(self.count_label)

        opinion_box = QGroupBox(self.tr("Opinion of the education bureau"), self)
        self.opinion_edit = QPlainTextEdit(opinion_box)
        self.opinion_edit.setObjectName("opinionEdit")
        self.opinion_edit.setTabChangesFocus(True)
        self.opinion_edit.setPlaceholderText(
            self.tr("Printed in the form's opinion box above the signature and seal (optional)")
        )
        self.opinion_edit.setMaximumHeight(90)
        opinion_layout = QVBoxLayout(opinion_box)
        opinion_layout.addWidget(self.opinion_edit)

        self.message_label = QLabel(self)
        self.message_label.setObjectName("message")
        self.message_label.setWordWrap(True)
        self.message_label.hide()
        self.problems = ProblemList(self)
        self.problems.setObjectName("problems")
        self.problems.list.setMaximumHeight(130)

        self.buttons = QDialogButtonBox(self)
        self.import_button = self.buttons.addButton(
            self.tr("Import List…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.import_button.setObjectName("importButton")
        self.export_button = self.buttons.addButton(
            self.tr("Export Form…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.export_button.setObjectName("exportButton")
        self.save_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName("saveButton")
        self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        self.save_button.clicked.connect(lambda: self.save())
        self.import_button.clicked.connect(lambda: self.import_list())
        self.export_button.clicked.connect(self.export_form)

        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.table, 1)
        layout.addLayout(row_buttons)
        layout.addWidget(opinion_box)
        layout.addWidget(self.problems)
        layout.addWidget(self.message_label)
        layout.addWidget(self.buttons)

        self.add_button.clicked.connect(lambda: self.add_member())
        self.remove_button.clicked.connect(self.remove_selected)
        self.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.down_button.clicked.connect(lambda: self.move_selected(1))
        self.table.itemChanged.connect(lambda _item: self._changed())
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.office_edit.textEdited.connect(lambda _t: self._changed())
        self.opinion_edit.textChanged.connect(self._changed)
        self.office_edit.setReadOnly(not self.can_edit)
        self.opinion_edit.setReadOnly(not self.can_edit)
        if not self.can_edit:
            self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self._update_buttons()
        self.reload()

    # ------------------------------------------------------------------ loading
    def reload(self) -> None:
        """Read the group as stored."""
        leadership = self.session.workspace.leadership
        self.session.tasks.run(self, lambda _p, _c: leadership.group(), on_success=self.show_group)

    def show_group(self, group: LeadershipGroup) -> None:
        """Put a stored group into the fields (not dirty)."""
        members = [
            MemberInput(m.group_role, m.name, m.position, m.unit, m.phone, m.email)
            for m in group.members
        ]
        self._fill(group.office, group.opinion, members)
        self.dirty = False

    def _fill(self, office: str, opinion: str, members: Sequence[MemberInput]) -> None:
        self._filling = True
        try:
            self.office_edit.setText(office)
            self.opinion_edit.setPlainText(opinion)
            self.table.setRowCount(0)
            for member in members:
                self._append(member)
        finally:
            self._filling = False
        self._update_buttons()

    def _role_combo(self, role: str) -> QComboBox:
        combo = QComboBox(self.table)
        for code in ROLES:
            combo.addItem(ROLE_LABELS[code], code)
        combo.setCurrentIndex(max(combo.findData(role), 0))
        combo.setEnabled(self.can_edit)
        combo.currentIndexChanged.connect(lambda _i: self._changed())
        return combo

    def _append(self, member: MemberInput) -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self._set_row(row, member)
        return row

    def _set_row(self, row: int, member: MemberInput) -> None:
        self.table.setCellWidget(row, L_ROLE, self._role_combo(member.group_role))
        values = {
            L_NAME: member.name,
            L_POSITION: member.position,
            L_UNIT: member.unit,
            L_PHONE: member.phone,
            L_EMAIL: member.email,
        }
        for column, text in values.items():
            self.table.setItem(row, column, QTableWidgetItem(text))

    def _text(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text().strip() if item is not None else ""

    def _role(self, row: int) -> str:
        combo = self.table.cellWidget(row, L_ROLE)
        if isinstance(combo, QComboBox):
            return str(combo.currentData())
        return ROLES[-1]

    def row_member(self, row: int) -> MemberInput:
        """The person of a table row, as typed."""
        return MemberInput(
            group_role=self._role(row),
            name=self._text(row, L_NAME),
            position=self._text(row, L_POSITION),
            unit=self._text(row, L_UNIT),
            phone=self._text(row, L_PHONE),
            email=self._text(row, L_EMAIL),
        )

    def members(self) -> list[MemberInput]:
        """Every person typed, in the table's order (rows left completely empty skipped)."""
        found = [self.row_member(row) for row in range(self.table.rowCount())]
        return [m for m in found if any((m.name, m.position, m.unit, m.phone, m.email))]

    # ------------------------------------------------------------------ editing
    def _changed(self) -> None:
        if self._filling:
            return
        self.dirty = True
        self._update_buttons()

    def _selected_row(self) -> int | None:
        rows = {index.row() for index in self.table.selectedIndexes()}
        if len(rows) == 1:
            return rows.pop()
        current = self.table.currentRow()
        return current if current >= 0 and not rows else None

    def _update_buttons(self) -> None:
        row = self._selected_row()
        count = self.table.rowCount()
        self.add_button.setEnabled(self.can_edit)
        self.remove_button.setEnabled(self.can_edit and row is not None)
        self.up_button.setEnabled(self.can_edit and row is not None and row > 0)
        self.down_button.setEnabled(self.can_edit and row is not None and row < count - 1)
        self.save_button.setEnabled(self.can_edit and self.dirty)
        self.import_button.setEnabled(self.can_edit)
        leaders = sum(1 for r in range(count) if self._role(r) == "leader")
        self.count_label.setText(
            self.tr("{count} people, {leaders} leaders").format(count=count, leaders=leaders)
        )

    def add_member(self, role: str | None = None) -> int:
        """A new empty row (组长 when there is none yet, else 成员); returns the row."""
        if role is None:
            has_leader = any(self._role(r) == "leader" for r in range(self.table.rowCount()))
            role = "member" if has_leader else "leader"
        row = self._append(MemberInput(role, ""))
        self.table.setCurrentCell(row, L_NAME)
        item = self.table.item(row, L_NAME)
        if item is not None and self.isVisible():
            self.table.editItem(item)
        self._changed()
        return row

    def remove_selected(self) -> None:
        """Remove the selected person from the list (saved with 保存)."""
        row = self._selected_row()
        if row is None:
            return
        self.table.removeRow(row)
        self._changed()

    def move_selected(self, step: int) -> None:
        """Move the selected person up (-1) or down (+1): the order is the printed order."""
        row = self._selected_row()
        if row is None:
            return
        other = row + step
        if not 0 <= other < self.table.rowCount():
            return
        mine, theirs = self.row_member(row), self.row_member(other)
        self._filling = True
        try:
            self._set_row(row, theirs)
            self._set_row(other, mine)
        finally:
            self._filling = False
        self.table.selectRow(other)
        self._changed()

    def _mark_rows(self, rows: set[int]) -> None:
        for row in range(self.table.rowCount()):
            for column in _TEXT_COLUMNS:
                item = self.table.item(row, column)
                if item is not None:
                    item.setBackground(QBrush(QColor(MARK_COLOR)) if row in rows else QBrush())

    # ------------------------------------------------------------------ saving
    def save(self, then: Callable[[], None] | None = None) -> None:
        """Replace the group in one call; problems listed and their rows marked."""
        leadership = self.session.workspace.leadership
        members = self.members()
        office = self.office_edit.text()
        opinion = self.opinion_edit.toPlainText()
        # The service numbers people in the order given: map its places back to table rows.
        typed_rows = [
            row
            for row in range(self.table.rowCount())
            if any(
                (
                    self._text(row, L_NAME),
                    self._text(row, L_POSITION),
                    self._text(row, L_UNIT),
                    self._text(row, L_PHONE),
                    self._text(row, L_EMAIL),
                )
            )
        ]

        def saved(group: LeadershipGroup) -> None:
            self.problems.clear()
            self._filling = True
            try:
                self._mark_rows(set())
            finally:
                self._filling = False
            self.show_group(group)
            show_message(
                self.message_label,
                self.tr("The leadership group was saved ({count} people).").format(
                    count=len(group.members)
                ),
            )
            self._update_buttons()
            if then is not None:
                then()

        def failed(exc: BaseException) -> None:
            if not self.problems.show_error(exc):
                show_error(self, exc)
                return
            show_message(self.message_label, "")
            marked: set[int] = set()
            for line in self.problems.lines():
                found = _PLACE.match(line)
                if found and 0 < int(found.group(1)) <= len(typed_rows):
                    marked.add(typed_rows[int(found.group(1)) - 1])
            self._filling = True
            try:
                self._mark_rows(marked)
            finally:
                self._filling = False

        self.session.tasks.run(
            self,
            lambda _p, _c: leadership.replace_group(members, office=office, opinion=opinion),
            changes=CHANGES,
            on_success=saved,
            on_error=failed,
        )

    # ------------------------------------------------------------------ import
    def import_list(self, path: Path | None = None) -> None:
        """Read a filled-in 工作小组名单 into the table (checked; saved with 保存)."""
        if path is None:
            chosen = pick_workbook(
                self, self.session, folder_key=FOLDER_KEY, title=self.tr("Import Leadership List")
            )
            if not chosen:
                return
            path = Path(chosen)
        source = path
        leadership = self.session.workspace.leadership

        def failed(exc: BaseException) -> None:
            show_message(self.message_label, "")
            if not self.problems.show_error(exc):
                show_error(self, exc)

        self.session.tasks.run(
            self,
            lambda _p, _c: leadership.read_file(source),
            label=self.tr("Reading the list…"),
            cancellable=False,
            on_success=self.take_import,
            on_error=failed,
        )

    def take_import(self, found: LeadershipImport) -> None:
        """Put a checked list into the fields; 单位 kept for people already listed."""
        units = {m.name: m.unit for m in self.members() if m.unit}
        members = [
            MemberInput(m.group_role, m.name, m.position, units.get(m.name, ""), m.phone, m.email)
            for m in found.members
        ]
        self._fill(found.office, found.opinion, members)
        self.problems.clear()
        self.dirty = True
        self._update_buttons()
        show_message(
            self.message_label,
            self.tr(
                "{count} people were read from “{file}”. Check them, then Save to keep them."
            ).format(count=len(members), file=found.file_name),
        )

    # ------------------------------------------------------------------ export
    def export_form(self) -> None:
        """附件2 工作小组名单 (.xlsx): saved first when edited; what is missing is listed."""
        if self.dirty and self.can_edit:
            answer = QMessageBox.question(
                self,
                self.tr("Export Leadership List"),
                self.tr("The list has unsaved changes. Save them and export?"),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
            self.save(then=self._export)
            return
        self._export()

    def _export(self) -> None:
        title = self.tr("Export Leadership List")
        asked = ask_contact(self, self.session, title, with_unit=True, with_contact=False)
        if asked is None:
            return
        unit = asked.unit()
        out = ask_save_path(
            self,
            self.session,
            title=title,
            default_name=self.tr("Leadership group list.xlsx"),
        )
        if out is None:
            return
        leadership = self.session.workspace.leadership

        def failed(exc: BaseException) -> None:
            if not self.problems.show_error(exc):
                show_error(self, exc)

        def written(count: int) -> None:
            self.problems.clear()
            show_message(
                self.message_label,
                self.tr("The list of {count} people was saved to {path}.").format(
                    count=count, path=str(out)
                ),
            )

        self.session.tasks.run(
            self,
            lambda _p, _c: leadership.leadership_form(out, unit=unit),
            label=self.tr("Writing the list…"),
            cancellable=False,
            on_success=written,
            on_error=failed,
        )

    # ------------------------------------------------------------------ closing
    def reject(self) -> None:
        """Close; unsaved changes are given up only when the clerk says so."""
        if self.dirty and self.can_edit:
            answer = QMessageBox.question(
                self,
                self.tr("Leadership Group"),
                self.tr("Discard the changes that were not saved?"),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        super().reject()


def open_leadership(parent: QWidget, session: AppSession, *, import_file: bool = False) -> None:
    """工作领导小组名单… (and 导入领导小组名单…, which starts with picking the workbook)."""
    dialog = LeadershipDialog(session, parent)
    if import_file:
        dialog.import_list()
    dialog.exec()
