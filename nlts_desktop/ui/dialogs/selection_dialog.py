"""Choose the micro-ability points a teacher practises this cycle (选点).

The points offered are those of the school's environments: the school plan's points first
(必选 required, then 自选 elective), then the others.  A point the teacher had chosen that the
school's environments no longer allow is listed apart, so that it can be taken out.  The
preset's rule (``SelectionContext.check``: enough points, enough dimensions, allowed
environments) runs after every click and the line under the list says what is missing; Save
stays disabled until the choice meets it.  Taking out a point that already has grades or
evidence deletes them, so the dialog asks first.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from nlts_desktop.domain.catalogue import AbilityPointSpec, normalize_point_code
from nlts_desktop.domain.enums import Environment
from nlts_desktop.domain.selection_rules import SelectionCheck
from nlts_desktop.services.assessment import GridPoint, GridRow, SelectionContext
from nlts_desktop.services.context import SCHOOL_ROLES
from nlts_desktop.services.progress import CancelToken, Progress
from nlts_desktop.ui.dialogs.validated_form import ERROR_COLOR
from nlts_desktop.ui.errors import show_error
from nlts_desktop.ui.session import AppSession, Changes

OK_COLOR = "#2e7d32"
_POINT, _DIMENSION, _PLAN = range(3)
_CODE_ROLE = Qt.ItemDataRole.UserRole


def allowed_environments(context: SelectionContext) -> tuple[Environment, ...]:
    """The environments a teacher of the school may pick points from."""
    rule = context.rule
    if rule.points_from_school_environment_only:
        return tuple(e for e in context.environments if e in rule.allowed_environments)
    return tuple(rule.allowed_environments)


def points_at_risk(row: GridRow | None, dropped: Sequence[str]) -> list[GridPoint]:
    """The dropped points that have grades or evidence (deleted with the point)."""
    if row is None:
        return []
    return [
        point
        for point in row.points
        if point.code in dropped
        and any(item.grade is not None or item.has_evidence for item in point.items)
    ]


class SelectionDialog(QDialog):
    """Pick a teacher's points; Accepted (``.saved`` the teacher's row) when saved."""

    def __init__(
        self,
        session: AppSession,
        school_id: int,
        teacher_id: int,
        teacher_name: str,
        current_codes: Sequence[str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.school_id = school_id
        self.teacher_id = teacher_id
        self.teacher_name = teacher_name
        self.current_codes = tuple(
            dict.fromkeys(normalize_point_code(c) for c in current_codes if c.strip())
        )
        self.context: SelectionContext | None = None  # None while loading
        self.row: GridRow | None = None
        self.saved: GridRow | None = None
        self.can_edit = session.actor.role in SCHOOL_ROLES
        self.locked_reason: str | None = None
        self.last_check: SelectionCheck | None = None
        self._items: list[tuple[QTreeWidgetItem, AbilityPointSpec]] = []
        self._order: dict[str, int] = {}
        self._busy = False

        self.setObjectName("SelectionDialog")
        self.setWindowTitle(self.tr("Ability Points: {name}").format(name=teacher_name))
        self.setMinimumSize(560, 560)

        intro = QLabel(
            self.tr(
                "Choose the ability points {name} practises in class and is assessed on this cycle."
            ).format(name=teacher_name),
            self,
        )
        intro.setWordWrap(True)
        self.rule_label = QLabel(self)
        self.rule_label.setObjectName("ruleLabel")
        self.rule_label.setWordWrap(True)
        self.rule_label.setStyleSheet("color: palette(mid);")

        self.tree = QTreeWidget(self)
        self.tree.setObjectName("pointsTree")
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels(
            [self.tr("Ability point"), self.tr("Dimension"), self.tr("School plan")]
        )
        self.tree.setUniformRowHeights(True)
        self.tree.itemChanged.connect(self._item_changed)

        self.check_label = QLabel(self)
        self.check_label.setObjectName("checkLabel")
        self.check_label.setWordWrap(True)
        self.check_label.setTextFormat(Qt.TextFormat.PlainText)
        self.lock_label = QLabel(self)
        self.lock_label.setObjectName("lockLabel")
        self.lock_label.setWordWrap(True)
        self.lock_label.setStyleSheet(f"color: {ERROR_COLOR};")
        self.lock_label.hide()

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button: QPushButton = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Save Selection"))
        self.ok_button.setEnabled(False)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.rule_label)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.check_label)
        layout.addWidget(self.lock_label)
        layout.addWidget(self.buttons)
        self._load()

    # ------------------------------------------------------------------ loading
    def _load(self) -> None:
        assessment = self.session.workspace.assessment
        school_id, teacher_id = self.school_id, self.teacher_id

        def load(
            _progress: Progress, _cancel: CancelToken
        ) -> tuple[SelectionContext, GridRow | None]:
            context = assessment.selection_context(school_id)
            rows = assessment.grid(school_id).rows
            return context, next((r for r in rows if r.teacher_id == teacher_id), None)

        self.session.tasks.run(
            self, load, on_success=self._loaded, on_error=lambda exc: show_error(self, exc)
        )

    def _loaded(self, result: tuple[SelectionContext, GridRow | None]) -> None:
        context, row = result
        self.context, self.row = context, row
        if not self.can_edit:
            self.locked_reason = self.tr("Your account can view the selection but not change it.")
        elif row is not None and row.locked:
            self.locked_reason = row.lock_reason
        if self.locked_reason:
            self.lock_label.setText(self.locked_reason)
            self.lock_label.show()
        self._show_rule(context)
        self._fill(context)
        self._update_check()

    def _show_rule(self, context: SelectionContext) -> None:
        environments = allowed_environments(context)
        if not environments:
            self.rule_label.setText(
                self.tr(
                    "The school has not chosen an ICT environment yet: set it in the school's "
                    "plan first."
                )
            )
            return
        self.rule_label.setText(
            self.tr(
                "At least {points} points covering at least {dimensions} dimensions, from: "
                "{environments}."
            ).format(
                points=context.rule.min_points,
                dimensions=context.rule.min_dimensions,
                environments="、".join(f"{e.value} {e.label}" for e in environments),
            )
        )

    def _fill(self, context: SelectionContext) -> None:
        catalogue = context.catalogue
        self._order = {p.code: i for i, p in enumerate(catalogue.points)}
        allowed = set(allowed_environments(context))
        plan = {p.code: p.required for p in context.plan_points}
        current = set(self.current_codes)
        # A teacher without points starts from the plan's required ones.
        ticked = current or {code for code, required in plan.items() if required}

        in_plan = [p for p in catalogue.points if p.code in plan and p.environment in allowed]
        in_plan.sort(key=lambda p: (not plan[p.code], self._order[p.code]))
        others = [p for p in catalogue.points if p.code not in plan and p.environment in allowed]
        outside = [
            p for p in catalogue.points if p.code in current and p.environment not in allowed
        ]
        groups = [
            (self.tr("Points in the school plan"), in_plan),
            (self.tr("Other points of the school's environments"), others),
            (self.tr("Chosen before, not allowed for this school"), outside),
        ]
        editable = self.can_edit and self.locked_reason is None
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if editable:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        self.tree.blockSignals(True)
        self.tree.clear()
        self._items = []
        for title, points in groups:
            if not points:
                continue
            group = QTreeWidgetItem([title])
            font = group.font(_POINT)
            font.setBold(True)
            group.setFont(_POINT, font)
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.tree.addTopLevelItem(group)
            group.setFirstColumnSpanned(True)
            for point in points:
                mark = ""
                if point.code in plan:
                    mark = self.tr("Required") if plan[point.code] else self.tr("Elective")
                item = QTreeWidgetItem([point.label, point.dimension, mark])
                item.setData(_POINT, _CODE_ROLE, point.code)
                item.setFlags(flags)
                item.setCheckState(
                    _POINT,
                    Qt.CheckState.Checked if point.code in ticked else Qt.CheckState.Unchecked,
                )
                if point.environment not in allowed:
                    item.setForeground(_POINT, Qt.GlobalColor.red)
                    item.setToolTip(
                        _POINT,
                        self.tr("Not one of the school's environments: take this point out."),
                    )
                group.addChild(item)
                self._items.append((item, point))
            group.setExpanded(True)
        self.tree.blockSignals(False)
        for column in (_POINT, _DIMENSION):
            self.tree.resizeColumnToContents(column)

    # ------------------------------------------------------------------ checking
    def codes(self) -> list[str]:
        """The ticked points, in catalogue order."""
        chosen = [
            p.code for item, p in self._items if item.checkState(_POINT) == Qt.CheckState.Checked
        ]
        return sorted(chosen, key=lambda code: self._order.get(code, len(self._order)))

    def _item_changed(self, _item: QTreeWidgetItem, column: int) -> None:
        if column == _POINT:
            self._update_check()

    def _update_check(self) -> None:
        context = self.context
        if context is None:
            self.ok_button.setEnabled(False)
            return
        check = context.check(self.codes())
        self.last_check = check
        if check.ok:
            self.check_label.setText(
                self.tr(
                    "Meets the requirement: {points} points chosen, covering {dimensions} "
                    "dimensions"
                ).format(points=len(check.points), dimensions=len(check.dimensions))
            )
            self.check_label.setStyleSheet(f"color: {OK_COLOR};")
        else:
            self.check_label.setText("\n".join(p.message for p in check.problems))
            self.check_label.setStyleSheet(f"color: {ERROR_COLOR};")
        self.ok_button.setEnabled(
            check.ok and self.can_edit and self.locked_reason is None and not self._busy
        )

    # ------------------------------------------------------------------ saving
    def save(self) -> None:
        """Save the choice (asking first when points with grades or evidence are dropped)."""
        self._update_check()
        if not self.ok_button.isEnabled():
            return
        codes = self.codes()
        if set(codes) == set(self.current_codes):
            self.accept()  # nothing changed: nothing to write
            return
        dropped = [code for code in self.current_codes if code not in codes]
        at_risk = points_at_risk(self.row, dropped)
        if at_risk and not self.confirm_drop(at_risk):
            return
        assessment = self.session.workspace.assessment
        teacher_id = self.teacher_id

        def job(_progress: Progress, _cancel: CancelToken) -> GridRow:
            return assessment.set_selection(teacher_id, codes)

        self._busy = True
        self.ok_button.setEnabled(False)
        self.session.tasks.run(
            self,
            job,
            on_success=self._saved,
            on_error=self._failed,
            label=self.tr("Saving the points…"),
            cancellable=False,
            changes=Changes.of("assessment"),
        )

    def confirm_drop(self, points: Sequence[GridPoint]) -> bool:
        """Ask before deleting the grades and evidence of the points taken out."""
        names = "\n".join(f"{p.code} {p.name}" for p in points)
        answer = QMessageBox.question(
            self,
            self.tr("Take Out Points"),
            self.tr(
                "These points already have grades or evidence. Taking them out deletes their "
                "evidence and grades for {name}:\n\n{points}\n\nTake them out?"
            ).format(name=self.teacher_name, points=names),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def _saved(self, row: GridRow) -> None:
        self._busy = False
        self.saved = row
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._busy = False
        self._update_check()
        show_error(self, exc)
