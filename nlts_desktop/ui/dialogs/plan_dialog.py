"""A school's plan for the cycle (校本研修方案 and 考核细则), and the county's approval of it.

The school (or the county administrator on its behalf) chooses its ICT environments, the points
of those environments its teachers work on (必选 required or 自选 elective), and records the
title, date and file of its training plan and of its scoring rules.  A county reviewer approves
the saved plan or returns it with a reason; a changed plan goes back to 待审批 (the service
decides that).  A viewer sees everything read-only.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from nlts_desktop.domain.catalogue import Catalogue
from nlts_desktop.domain.enums import Environment, PlanApproval
from nlts_desktop.services.assessment import SchoolPlanRecord
from nlts_desktop.services.context import REVIEW_ROLES, SCHOOL_ROLES
from nlts_desktop.services.progress import CancelToken, Progress
from nlts_desktop.ui.dialogs.validated_form import ERROR_COLOR, FormDialog
from nlts_desktop.ui.session import AppSession, Changes

# The service's column limits (标题/文件 255 characters; 退回理由 1000).
_TEXT_MAX = 255
_REASON_MAX = 1000
# A date edit at its minimum shows "not set": the plan's dates are optional.
_NO_DATE = QDate(2000, 1, 1)
_LAST_DATE = QDate(2099, 12, 31)
_POINT, _DIMENSION, _REQUIRED = range(3)
_CODE_ROLE = Qt.ItemDataRole.UserRole
_ENVIRONMENT_ROLE = Qt.ItemDataRole.UserRole + 1
_OK_COLOR = "#2e7d32"


def _to_qdate(value: date | None) -> QDate:
    return _NO_DATE if value is None else QDate(value.year, value.month, value.day)


def _from_qdate(value: QDate) -> date | None:
    return None if value == _NO_DATE else date(value.year(), value.month(), value.day())


def _local_time(value: datetime) -> str:
    """A stored UTC time as the user's local time, 2026-03-05 14:30."""
    return value.astimezone().strftime("%Y-%m-%d %H:%M")


class PlanReturnDialog(QDialog):
    """Asks why a plan is returned (退回修改); OK only with a reason."""

    def __init__(self, school_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("PlanReturnDialog")
        self.setWindowTitle(self.tr("Return the Plan: {school}").format(school=school_name))
        self.setMinimumWidth(420)
        prompt = QLabel(
            self.tr(
                "Why is the plan returned? The school reads this reason, so say what it "
                "should change."
            ),
            self,
        )
        prompt.setWordWrap(True)
        self.reason_edit = QPlainTextEdit(self)
        self.reason_edit.setTabChangesFocus(True)
        self.reason_edit.setPlaceholderText(
            self.tr("e.g. The scoring rules do not say how the video clips are graded.")
        )
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button: QPushButton = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Return for Changes"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet(f"color: {ERROR_COLOR};")
        layout = QVBoxLayout(self)
        layout.addWidget(prompt)
        layout.addWidget(self.reason_edit)
        layout.addWidget(self.hint)
        layout.addWidget(self.buttons)
        self.reason_edit.textChanged.connect(self._changed)
        self._changed()

    def reason(self) -> str:
        """The reason as typed, without surrounding spaces."""
        return self.reason_edit.toPlainText().strip()

    def _changed(self) -> None:
        text = self.reason()
        if not text:
            self.hint.setText(self.tr("Enter the reason for returning the plan."))
        elif len(text) > _REASON_MAX:
            self.hint.setText(
                self.tr("The reason is {count} characters long; keep it within {most}.").format(
                    count=len(text), most=_REASON_MAX
                )
            )
        else:
            self.hint.setText("")
        self.hint.setVisible(bool(self.hint.text()))
        self.ok_button.setEnabled(bool(text) and len(text) <= _REASON_MAX)


class PlanDialog(FormDialog):
    """The school's plan of the cycle; Accepted when it was saved, approved or returned."""

    def __init__(self, session: AppSession, school_id: int, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.school_id = school_id
        self.record: SchoolPlanRecord | None = None  # None while loading
        self.catalogue: Catalogue | None = None
        self.saved: SchoolPlanRecord | None = None
        role = session.actor.role
        self.can_edit = role in SCHOOL_ROLES
        self.can_decide = role in REVIEW_ROLES
        self._loaded_raw: dict[str, object] | None = None
        self._filling = False

        self.setObjectName("PlanDialog")
        self.setWindowTitle(self.tr("School-Based Training Plan"))
        self.setMinimumWidth(900)

        self.environment_box = QWidget(self)
        self.environment_box.setObjectName("field_environments")
        row = QHBoxLayout(self.environment_box)
        row.setContentsMargins(0, 0, 0, 0)
        self.environment_checks: dict[str, QCheckBox] = {}
        for environment in Environment:
            check = QCheckBox(f"{environment.value} {environment.label}", self.environment_box)
            check.setEnabled(self.can_edit)
            self.environment_checks[environment.value] = check
            row.addWidget(check)
        row.addStretch(1)

        self.points_tree = QTreeWidget(self)
        self.points_tree.setObjectName("field_points")
        self.point_items: list[QTreeWidgetItem] = []
        self.points_tree.setColumnCount(3)
        self.points_tree.setHeaderLabels(
            [self.tr("Ability point"), self.tr("Dimension"), self.tr("Required")]
        )
        self.points_tree.setRootIsDecorated(False)
        self.points_tree.setUniformRowHeights(True)
        self.points_tree.setMinimumSize(380, 320)
        self.points_tree.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.points_hint = QLabel(
            self.tr(
                "Tick the points of the chosen environments that the plan covers; tick "
                "Required for the points every teacher should choose."
            ),
            self,
        )
        self.points_hint.setWordWrap(True)
        self.points_hint.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.points_hint.setStyleSheet("color: palette(mid);")

        self.plan_title_edit = self._line_edit(self.tr("e.g. 2022 school-based training plan"))
        self.plan_date_edit = self._date_edit()
        self.plan_file_edit = self._line_edit(self.tr("File name or where it is kept"))
        self.rules_title_edit = self._line_edit(self.tr("e.g. Rules for assessing ability points"))
        self.rules_date_edit = self._date_edit()
        self.rules_file_edit = self._line_edit(self.tr("File name or where it is kept"))

        form = self.form
        self.school_label = QLabel("—", self)
        self.school_label.setObjectName("schoolLabel")
        form.add_row(self.tr("School"), self.school_label)
        form.add_field("environments", self.tr("ICT environment"), self.environment_box)
        form.layout_form.addRow(self._heading(self.tr("School-based training plan")))
        form.add_field("plan_title", self.tr("Title"), self.plan_title_edit)
        form.add_field("plan_date", self.tr("Date"), self.plan_date_edit)
        form.add_field("plan_file_ref", self.tr("File"), self.plan_file_edit)
        form.layout_form.addRow(self._heading(self.tr("Assessment rules")))
        form.add_field("rules_title", self.tr("Title"), self.rules_title_edit)
        form.add_field("rules_date", self.tr("Date"), self.rules_date_edit)
        form.add_field("rules_file_ref", self.tr("File"), self.rules_file_edit)

        self.approval_box = QGroupBox(self.tr("County approval"), self)
        approval = QFormLayout(self.approval_box)
        self.state_label = QLabel("—", self.approval_box)
        self.state_label.setObjectName("approvalState")
        self.note_label = QLabel("—", self.approval_box)
        self.note_label.setObjectName("approvalNote")
        self.note_label.setWordWrap(True)
        self.note_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.decided_label = QLabel("—", self.approval_box)
        self.decided_label.setObjectName("approvalDecided")
        approval.addRow(self.tr("State"), self.state_label)
        approval.addRow(self.tr("Note"), self.note_label)
        approval.addRow(self.tr("Decided by"), self.decided_label)

        self.notice_label = QLabel(self)
        self.notice_label.setObjectName("planNotice")
        self.notice_label.setWordWrap(True)
        self.notice_label.setStyleSheet("color: palette(mid);")
        self.notice_label.hide()

        self.approve_button = QPushButton(self.tr("Approve"), self)
        self.approve_button.setObjectName("approveButton")
        self.return_button = QPushButton(self.tr("Return for Changes…"), self)
        self.return_button.setObjectName("returnButton")
        for button in (self.approve_button, self.return_button):
            button.setVisible(self.can_decide)
            button.setEnabled(False)
            if self.can_decide:
                self.buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        self.approve_button.clicked.connect(self.approve)
        self.return_button.clicked.connect(self.return_plan)
        self.save_button.setVisible(self.can_edit)
        close = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        close.setText(self.tr("Close"))

        self.points_box = QGroupBox(self.tr("Ability points in the plan"), self)
        points_layout = QVBoxLayout(self.points_box)
        points_layout.addWidget(self.points_hint)
        points_layout.addWidget(self.points_tree, 1)
        # Side by side, so that the dialog fits a 1366 × 768 screen.
        layout = QVBoxLayout(self)
        columns = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(self.form)
        left.addWidget(self.approval_box)
        left.addStretch(1)
        columns.addLayout(left, 1)
        columns.addWidget(self.points_box, 1)
        layout.addLayout(columns, 1)
        layout.addWidget(self.notice_label)
        layout.addWidget(self.buttons)
        self._connect()
        self.revalidate()
        self._load()

    # ------------------------------------------------------------------ widgets
    def _line_edit(self, placeholder: str) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setMaxLength(_TEXT_MAX)
        edit.setPlaceholderText(placeholder)
        edit.setReadOnly(not self.can_edit)
        return edit

    def _date_edit(self) -> QDateEdit:
        edit = QDateEdit(self)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setCalendarPopup(True)
        edit.setDateRange(_NO_DATE, _LAST_DATE)
        edit.setSpecialValueText(self.tr("Not set"))
        edit.setDate(_NO_DATE)
        edit.setReadOnly(not self.can_edit)
        return edit

    def _heading(self, text: str) -> QLabel:
        label = QLabel(text, self)
        font = label.font()
        font.setBold(True)
        label.setFont(font)
        return label

    def _connect(self) -> None:
        watch = self.watch
        for check in self.environment_checks.values():
            check.toggled.connect(self._environments_changed)
            check.toggled.connect(watch("environments"))
        self.points_tree.itemChanged.connect(self._point_changed)
        for key, edit in (
            ("plan_title", self.plan_title_edit),
            ("plan_file_ref", self.plan_file_edit),
            ("rules_title", self.rules_title_edit),
            ("rules_file_ref", self.rules_file_edit),
        ):
            edit.textChanged.connect(watch(key))
        self.plan_date_edit.dateChanged.connect(watch("plan_date"))
        self.rules_date_edit.dateChanged.connect(watch("rules_date"))

    # ------------------------------------------------------------------ loading
    def _load(self) -> None:
        assessment = self.session.workspace.assessment
        school_id = self.school_id

        def load(_progress: Progress, _cancel: CancelToken) -> tuple[SchoolPlanRecord, Catalogue]:
            return assessment.plan(school_id), assessment.selection_context(school_id).catalogue

        self.session.tasks.run(self, load, on_success=self._loaded, on_error=self._load_failed)

    def _load_failed(self, exc: BaseException) -> None:
        self._failed(exc, self.raw_fields())

    def _loaded(self, result: tuple[SchoolPlanRecord, Catalogue]) -> None:
        record, catalogue = result
        self.catalogue = catalogue
        self._filling = True
        try:
            self._fill_points(catalogue, record)
            self._show(record)
        finally:
            self._filling = False
        self._loaded_raw = self._comparable(self.raw_fields())
        self.touch_all()
        self.revalidate()

    def _fill_points(self, catalogue: Catalogue, record: SchoolPlanRecord) -> None:
        chosen = {p.code: p.required for p in record.points}
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.can_edit:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        self.points_tree.blockSignals(True)
        self.points_tree.clear()
        self.point_items = []
        for point in catalogue.points:
            item = QTreeWidgetItem([point.label, point.dimension, ""])
            item.setData(_POINT, _CODE_ROLE, point.code)
            item.setData(_POINT, _ENVIRONMENT_ROLE, point.environment.value)
            item.setFlags(flags)
            checked = point.code in chosen
            item.setCheckState(
                _POINT, Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
            )
            required = chosen.get(point.code, False)
            item.setCheckState(
                _REQUIRED, Qt.CheckState.Checked if required else Qt.CheckState.Unchecked
            )
            self.points_tree.addTopLevelItem(item)
            self.point_items.append(item)
        self.points_tree.blockSignals(False)
        for column in (_POINT, _DIMENSION):
            self.points_tree.resizeColumnToContents(column)

    def _show(self, record: SchoolPlanRecord) -> None:
        self.record = record
        self.setWindowTitle(
            self.tr("School-Based Training Plan: {school} ({cycle})").format(
                school=record.school_name, cycle=record.cycle
            )
        )
        self.school_label.setText(
            self.tr("{name} ({code}), cycle {cycle}").format(
                name=record.school_name, code=record.school_code, cycle=record.cycle
            )
        )
        for code, check in self.environment_checks.items():
            check.setChecked(code in record.environments)
        self._environments_changed()
        self.plan_title_edit.setText(record.plan_title or "")
        self.plan_date_edit.setDate(_to_qdate(record.plan_date))
        self.plan_file_edit.setText(record.plan_file_ref or "")
        self.rules_title_edit.setText(record.rules_title or "")
        self.rules_date_edit.setDate(_to_qdate(record.rules_date))
        self.rules_file_edit.setText(record.rules_file_ref or "")
        self._show_approval(record)

    def _show_approval(self, record: SchoolPlanRecord) -> None:
        if not record.saved:
            state = self.tr("Not filled in yet")
            color = "palette(mid)"
        else:
            state = record.approval_state.label
            color = {
                PlanApproval.APPROVED: _OK_COLOR,
                PlanApproval.RETURNED: ERROR_COLOR,
            }.get(record.approval_state, "palette(text)")
        self.state_label.setText(state)
        self.state_label.setStyleSheet(f"color: {color}; font-weight: bold;")
        self.note_label.setText(record.approval_note or "—")
        if record.approved_by and record.approved_at is not None:
            self.decided_label.setText(
                self.tr("{who}, {when}").format(
                    who=record.approved_by, when=_local_time(record.approved_at)
                )
            )
        else:
            self.decided_label.setText("—")

    # ------------------------------------------------------------------ input
    def _environments_changed(self) -> None:
        chosen = self._checked_environments()
        for item in self.point_items:
            item.setHidden(item.data(_POINT, _ENVIRONMENT_ROLE) not in chosen)

    def _point_changed(self, item: QTreeWidgetItem, column: int) -> None:
        # 必选 implies the point is in the plan; taking a point out drops its 必选 tick.
        self.points_tree.blockSignals(True)
        if column == _REQUIRED and item.checkState(_REQUIRED) == Qt.CheckState.Checked:
            item.setCheckState(_POINT, Qt.CheckState.Checked)
        elif column == _POINT and item.checkState(_POINT) == Qt.CheckState.Unchecked:
            item.setCheckState(_REQUIRED, Qt.CheckState.Unchecked)
        self.points_tree.blockSignals(False)
        if not self._filling:
            self.watch("points")()

    def _checked_environments(self) -> list[str]:
        return [code for code, check in self.environment_checks.items() if check.isChecked()]

    def plan_points(self) -> list[tuple[str, bool]]:
        """The ticked points of the chosen environments: (code, required)."""
        points: list[tuple[str, bool]] = []
        for item in self.point_items:
            if item.isHidden() or item.checkState(_POINT) != Qt.CheckState.Checked:
                continue
            required = item.checkState(_REQUIRED) == Qt.CheckState.Checked
            points.append((str(item.data(_POINT, _CODE_ROLE)), required))
        return points

    def raw_fields(self) -> dict[str, object]:
        """The typed values under the keys :meth:`AssessmentService.save_plan` reads."""
        return {
            "environments": ",".join(self._checked_environments()),
            "points": self.plan_points(),
            "plan_title": self.plan_title_edit.text(),
            "plan_date": _from_qdate(self.plan_date_edit.date()),
            "plan_file_ref": self.plan_file_edit.text(),
            "rules_title": self.rules_title_edit.text(),
            "rules_date": _from_qdate(self.rules_date_edit.date()),
            "rules_file_ref": self.rules_file_edit.text(),
            "version": self.record.version if self.record is not None else None,
        }

    @staticmethod
    def _comparable(raw: Mapping[str, object]) -> dict[str, object]:
        out = {key: value for key, value in raw.items() if key != "version"}
        for key in ("plan_title", "plan_file_ref", "rules_title", "rules_file_ref"):
            out[key] = str(out[key] or "").strip()
        return out

    def is_dirty(self) -> bool:
        """Whether the form differs from the plan as loaded (or last saved)."""
        return (
            self._loaded_raw is not None and self._comparable(self.raw_fields()) != self._loaded_raw
        )

    def check(self, raw: Mapping[str, object]) -> tuple[bool, list[tuple[str, str]]]:
        """At least one environment; nothing to save for an account that cannot edit."""
        problems: list[tuple[str, str]] = []
        if not raw.get("environments"):
            problems.append(
                (
                    "environments",
                    self.tr(
                        "Choose at least one ICT environment (multimedia, mixed or smart "
                        "learning environment)."
                    ),
                )
            )
        return self.can_edit and self.record is not None and not problems, problems

    def revalidate(self) -> None:
        """Check the form, then enable the approval buttons and the notice to match."""
        super().revalidate()
        record = self.record
        dirty = self.is_dirty()
        decidable = record is not None and record.saved and bool(record.plan_title)
        for button in (self.approve_button, self.return_button):
            button.setEnabled(self.can_decide and decidable and not dirty and not self._busy)
        tip = ""
        if record is not None and not decidable:
            tip = self.tr("The school has not saved a plan with a title yet: nothing to approve.")
        elif dirty:
            tip = self.tr("Save the changes first: the county approves the saved plan.")
        for button in (self.approve_button, self.return_button):
            button.setToolTip(tip)
        self._show_notice(record, dirty=dirty)

    def _show_notice(self, record: SchoolPlanRecord | None, *, dirty: bool) -> None:
        notice = ""
        if record is None:
            notice = ""
        elif not self.can_edit and not self.can_decide:
            notice = self.tr("Your account can view the plan but not change it.")
        elif not self.can_edit:
            notice = self.tr(
                "The school fills in the plan; you can approve it or return it for changes."
            )
        elif dirty and record.approval_state is PlanApproval.APPROVED:
            notice = self.tr(
                "The county has approved this plan: saving the changes sends it back for approval."
            )
        self.notice_label.setText(notice)
        self.notice_label.setVisible(bool(notice))

    # ------------------------------------------------------------------ writes
    def save(self) -> None:
        """Save the plan through the service, off the UI thread."""
        raw = self.raw_fields()
        assessment = self.session.workspace.assessment
        school_id = self.school_id
        self.submit(
            lambda: assessment.save_plan(school_id, raw),
            on_saved=self._saved,
            label=self.tr("Saving the plan…"),
            changes=Changes.of("assessment"),
        )

    def _saved(self, record: SchoolPlanRecord) -> None:
        self.record = record
        self.saved = record

    def approve(self) -> None:
        """The county approves the saved plan."""
        self._decide(approve=True, note=None)

    def return_plan(self) -> None:
        """The county returns the plan for changes, with a reason it asks for."""
        reason = self.ask_return_reason()
        if reason is None:
            return
        self._decide(approve=False, note=reason)

    def ask_return_reason(self) -> str | None:
        """The reason for returning the plan, or None when the user cancelled."""
        school = self.record.school_name if self.record is not None else ""
        dialog = PlanReturnDialog(school, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.reason()

    def _decide(self, *, approve: bool, note: str | None) -> None:
        assessment = self.session.workspace.assessment
        school_id = self.school_id
        # The version read: a plan the school changed since is not approved unseen.
        version = self.record.version if self.record is not None and self.record.saved else None

        def job(_progress: Progress, _cancel: CancelToken) -> SchoolPlanRecord:
            return assessment.decide_plan(school_id, approve=approve, note=note, version=version)

        self._busy = True
        self.revalidate()
        self.session.tasks.run(
            self,
            job,
            on_success=self._decided,
            on_error=lambda exc: self._failed(exc, self.raw_fields()),
            label=self.tr("Approving the plan…") if approve else self.tr("Returning the plan…"),
            cancellable=False,
            changes=Changes.of("assessment"),
        )

    def _decided(self, record: SchoolPlanRecord) -> None:
        self._busy = False
        self.record = record
        self.saved = record
        self.accept()
