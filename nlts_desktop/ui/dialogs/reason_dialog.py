"""Ask for a required reason, and optional reasons per teacher (退回、暂缓、解锁).

The county must say why it returns a batch, holds results or unlocks approved ones: the reason
goes into the batch's history and back to the school, so OK stays disabled until one is typed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

# What the service accepts (clean_reason): longer reasons are refused there.
REASON_LIMIT = 1000
# A per-teacher line is short: it shows in a table cell at the school.
TEACHER_REASON_LIMIT = 200


class ReasonDialog(QDialog):
    """A required multi-line reason, plus optional one-line reasons for listed teachers."""

    def __init__(
        self,
        title: str,
        prompt: str,
        parent: QWidget | None = None,
        *,
        teachers: Sequence[tuple[int, str]] = (),
        prefill: Mapping[int, str] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ReasonDialog")
        self.setWindowTitle(title)
        self.setMinimumWidth(480)

        self.prompt_label = QLabel(prompt, self)
        self.prompt_label.setWordWrap(True)
        self.reason_edit = QPlainTextEdit(self)
        self.reason_edit.setObjectName("reasonEdit")
        self.reason_edit.setPlaceholderText(self.tr("Required: the school will read this reason."))
        self.reason_edit.setTabChangesFocus(True)
        self.reason_edit.setMinimumHeight(90)
        self.hint_label = QLabel(self)
        self.hint_label.setObjectName("reasonHint")
        self.hint_label.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addWidget(self.prompt_label)
        layout.addWidget(self.reason_edit, 1)
        layout.addWidget(self.hint_label)

        self.teacher_edits: dict[int, QLineEdit] = {}
        if teachers:
            layout.addWidget(self._teacher_box(teachers, prefill or {}), 1)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button: QPushButton = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        self.reason_edit.textChanged.connect(self._check)
        self._check()

    def _teacher_box(
        self, teachers: Sequence[tuple[int, str]], prefill: Mapping[int, str]
    ) -> QWidget:
        box = QGroupBox(self.tr("Reasons for individual teachers (optional)"), self)
        inner = QWidget(box)
        form = QFormLayout(inner)
        for teacher_id, name in teachers:
            edit = QLineEdit(inner)
            edit.setMaxLength(TEACHER_REASON_LIMIT)
            edit.setPlaceholderText(self.tr("What this teacher should correct"))
            edit.setText(prefill.get(teacher_id, "")[:TEACHER_REASON_LIMIT])
            form.addRow(name, edit)
            self.teacher_edits[teacher_id] = edit
        scroll = QScrollArea(box)
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        scroll.setMinimumHeight(min(260, 40 + 32 * len(teachers)))
        box_layout = QVBoxLayout(box)
        box_layout.addWidget(scroll)
        return box

    def _check(self) -> None:
        length = len(self.reason_edit.toPlainText().strip())
        if length > REASON_LIMIT:
            self.hint_label.setText(
                self.tr(
                    "The reason is too long ({count} characters): keep it within {limit}."
                ).format(count=length, limit=REASON_LIMIT)
            )
            self.hint_label.show()
        else:
            self.hint_label.clear()
            self.hint_label.hide()
        self.ok_button.setEnabled(0 < length <= REASON_LIMIT)

    def reason(self) -> str:
        """The reason typed, trimmed."""
        return self.reason_edit.toPlainText().strip()

    def teacher_reasons(self) -> dict[int, str]:
        """The per-teacher reasons that were filled in, trimmed (empty lines left out)."""
        reasons = {tid: edit.text().strip() for tid, edit in self.teacher_edits.items()}
        return {tid: text for tid, text in reasons.items() if text}
