"""A form whose fields each carry an error line: red border on the editor, the reason below.

The reasons come from the domain (``ValidationError.message``), already in Chinese, and are
shown as they are.  A message for a field the form does not have goes to the line at the top.
``FormDialog`` adds what the record dialogs share: check as the user types, Save enabled only
when the input is valid, the save run through the task runner, and a refusal from the service
shown inside the dialog with the user's input kept.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from nlts_desktop.domain.errors import AppError, ValidationError
from nlts_desktop.services.progress import CancelToken, Progress
from nlts_desktop.ui.errors import show_error
from nlts_desktop.ui.session import AppSession, Changes

ERROR_COLOR = "#c62828"
_ERROR_LABEL_STYLE = f"color: {ERROR_COLOR};"
_GROWING = (
    QSizePolicy.Policy.Expanding,
    QSizePolicy.Policy.MinimumExpanding,
    QSizePolicy.Policy.Ignored,
)


def _error_label(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setStyleSheet(_ERROR_LABEL_STYLE)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.hide()
    return label


def error_field(exc: AppError) -> str | None:
    """The field an error from a service names (``details["field"]`` or ``.field``), if any."""
    field = exc.details.get("field")
    if isinstance(field, str) and field:
        return field
    if isinstance(exc, ValidationError):
        return exc.field
    return None


class _Field:
    """One row: the editor, and the label that holds its error."""

    def __init__(self, key: str, editor: QWidget, error: QLabel) -> None:
        self.key = key
        self.editor = editor
        self.error = error
        # Keep what the caller styled itself, so clearing the error restores it.
        self.base_style = editor.styleSheet()


class ValidatedForm(QWidget):
    """A QFormLayout where every field has an error label under it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.top_error = _error_label(self)
        self.top_error.setObjectName("formError")
        outer.addWidget(self.top_error)
        self.layout_form = QFormLayout()
        self.layout_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        outer.addLayout(self.layout_form)
        self._fields: dict[str, _Field] = {}
        self._aliases: dict[str, str] = {}

    def add_field(
        self, key: str, label: str, editor: QWidget, *, below: QWidget | None = None
    ) -> QLabel:
        """Add a row for ``key``; ``below`` (a hint) sits between the editor and the error."""
        cell = QWidget(self)
        # The cell takes the row's full width so that a long reason wraps across it, while an
        # editor that does not expand by itself (a combo, a date) keeps its natural width.
        cell.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        column = QVBoxLayout(cell)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        expands = editor.sizePolicy().horizontalPolicy() in _GROWING
        if expands:
            column.addWidget(editor)
        else:
            column.addWidget(editor, 0, Qt.AlignmentFlag.AlignLeft)
        if below is not None:
            column.addWidget(below)
        error = _error_label(cell)
        error.setObjectName(f"error_{key}")
        column.addWidget(error)
        if not editor.objectName():
            editor.setObjectName(f"field_{key}")
        self._fields[key] = _Field(key, editor, error)
        self.layout_form.addRow(label, cell)
        return error

    def add_row(self, label: str, widget: QWidget) -> None:
        """A row without validation (a read-only value, a note)."""
        self.layout_form.addRow(label, widget)

    def route(self, source: str, key: str) -> None:
        """Show errors reported for ``source`` (a domain field name) on the field ``key``."""
        self._aliases[source] = key

    def keys(self) -> list[str]:
        """The fields in the order they were added."""
        return list(self._fields)

    def field_for(self, source: str) -> str | None:
        """The form field an error about ``source`` belongs to, if the form has one."""
        key = self._aliases.get(source, source)
        return key if key in self._fields else None

    def set_errors(self, errors: Mapping[str, str], *, top: str | None = None) -> None:
        """Mark the fields named in ``errors`` red with their reason; clear the others."""
        by_field: dict[str, list[str]] = {}
        leftovers: list[str] = [top] if top else []
        for source, message in errors.items():
            key = self.field_for(source)
            if key is None:
                leftovers.append(message)
            else:
                by_field.setdefault(key, []).append(message)
        for key, item in self._fields.items():
            messages = by_field.get(key)
            if messages:
                self._mark(item, "\n".join(messages))
            else:
                self._unmark(item)
        self.set_top_error("\n".join(leftovers))

    def set_field_error(self, key: str, message: str) -> None:
        """Mark one field (or the top line when the form has no such field)."""
        target = self.field_for(key)
        if target is None:
            self.set_top_error(message)
        else:
            self._mark(self._fields[target], message)

    def set_top_error(self, message: str) -> None:
        """The message above the form, for errors that belong to no single field."""
        self.top_error.setText(message)
        self.top_error.setVisible(bool(message))

    def clear(self) -> None:
        """Remove every error mark and message."""
        for item in self._fields.values():
            self._unmark(item)
        self.set_top_error("")

    def error_text(self, key: str) -> str:
        """The message shown under a field ('' when none)."""
        return self._fields[key].error.text()

    def has_error(self, key: str) -> bool:
        """Whether the field is marked red."""
        return bool(self._fields[key].editor.property("invalid"))

    def errors(self) -> dict[str, str]:
        """Every field message currently shown, by field."""
        return {key: text for key in self._fields if (text := self.error_text(key))}

    def _mark(self, item: _Field, message: str) -> None:
        editor = item.editor
        # Selected by object name so the border does not cascade into child widgets
        # (a combo's popup list, the labels inside a group of check boxes).
        editor.setStyleSheet(
            f"{item.base_style}\n#{editor.objectName()} "
            f"{{ border: 1px solid {ERROR_COLOR}; border-radius: 2px; }}"
        )
        editor.setProperty("invalid", True)
        editor.setToolTip(message)
        editor.setAccessibleDescription(message)
        item.error.setText(message)
        item.error.show()

    def _unmark(self, item: _Field) -> None:
        editor = item.editor
        if editor.property("invalid"):
            editor.setStyleSheet(item.base_style)
            editor.setProperty("invalid", False)
            editor.setToolTip("")
            editor.setAccessibleDescription("")
        item.error.clear()
        item.error.hide()


class FormDialog(QDialog):
    """Base of the record dialogs: subclasses give ``raw_fields`` and ``check``."""

    def __init__(
        self,
        session: AppSession,
        parent: QWidget | None = None,
        *,
        accept_button: QDialogButtonBox.StandardButton = QDialogButtonBox.StandardButton.Save,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.form = ValidatedForm(self)
        self.buttons = QDialogButtonBox(
            accept_button | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.save_button: QPushButton = self.buttons.button(accept_button)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.valid = False
        self._busy = False
        # Errors stay hidden on fields the user has not reached yet (a new form is not "wrong").
        self._touched: set[str] = set()
        # A refusal from the service that names a field stays while that value is unchanged.
        self._service_error: tuple[str, str, object] | None = None
        self._service_top_error = ""

    def finish_layout(self, *below: QWidget) -> None:
        """Lay out the form, then ``below`` (extra panels), then the buttons."""
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        for widget in below:
            layout.addWidget(widget)
        if not below:
            layout.addStretch(1)
        layout.addWidget(self.buttons)

    def raw_fields(self) -> dict[str, object]:
        """The typed values under the keys the domain validator reads."""
        raise NotImplementedError

    def check(self, raw: Mapping[str, object]) -> tuple[bool, list[tuple[str, str]]]:
        """Whether ``raw`` may be saved, and the (field, message) problems."""
        raise NotImplementedError

    def save(self) -> None:
        """Save the record (subclasses call :meth:`submit`)."""
        raise NotImplementedError

    def watch(self, key: str) -> Callable[..., None]:
        """A slot for an editor's change signal: marks ``key`` touched and checks again."""

        def changed(*_args: object) -> None:
            self._touched.add(key)
            self._service_top_error = ""
            self.revalidate()

        return changed

    def touch_all(self) -> None:
        """Show errors on every field (editing an existing record)."""
        self._touched.update(self.form.keys())

    def revalidate(self) -> None:
        """Check every field; mark the ones the user has touched; enable Save when valid."""
        raw = self.raw_fields()
        valid, problems = self.check(raw)
        shown: dict[str, str] = {}
        for source, message in problems:
            key = self.form.field_for(source)
            if key is not None and key not in self._touched:
                continue
            shown.setdefault(source, message)
        refused = False
        if self._service_error is not None:
            key, message, value = self._service_error
            if raw.get(key) == value:
                shown.setdefault(key, message)
                refused = True
            else:
                self._service_error = None
        self.form.set_errors(shown, top=self._service_top_error or None)
        self.valid = valid
        self.save_button.setEnabled(valid and not refused and not self._busy)

    def submit(
        self,
        work: Callable[[], Any],
        *,
        on_saved: Callable[[Any], None],
        label: str,
        changes: Changes,
    ) -> None:
        """Run ``work`` through the task runner; success calls ``on_saved`` and accepts."""
        self.revalidate()
        if not self.save_button.isEnabled():
            return
        raw = self.raw_fields()

        def job(_progress: Progress, _cancel: CancelToken) -> Any:
            return work()

        def succeeded(result: Any) -> None:
            self._busy = False
            on_saved(result)
            self.accept()

        self._busy = True
        self.save_button.setEnabled(False)
        self.session.tasks.run(
            self,
            job,
            on_success=succeeded,
            on_error=lambda exc: self._failed(exc, raw),
            label=label,
            cancellable=False,
            changes=changes,
        )

    def service_error_field(self, exc: AppError) -> str | None:
        """The form field a service refusal belongs to (None: shown above the form)."""
        source = error_field(exc)
        return self.form.field_for(source) if source else None

    def _failed(self, exc: BaseException, raw: Mapping[str, object]) -> None:
        self._busy = False
        if not isinstance(exc, AppError):
            self.revalidate()
            show_error(self, exc)  # a bug: logged with its traceback
            return
        key = self.service_error_field(exc)
        if key is not None:
            self._service_error = (key, exc.message, raw.get(key))
        else:
            self._service_top_error = exc.message
        self.revalidate()
