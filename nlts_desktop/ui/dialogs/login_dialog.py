"""Sign-in, and the first administrator account of a workspace that has none (登录 / 管理员账号).

Signing in is one scrypt check (~0.1 s), short enough to run directly on the UI thread; the
message for a failed sign-in comes from the service and never says which half was wrong.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from nlts_desktop.domain.errors import AppError, ValidationError
from nlts_desktop.domain.passwords import normalize_username, validate_password
from nlts_desktop.services.accounts import UserRecord, validate_display_name
from nlts_desktop.services.context import Actor
from nlts_desktop.services.workspace import Workspace
from nlts_desktop.ui.dialogs.validated_form import ERROR_COLOR, ValidatedForm
from nlts_desktop.ui.errors import show_error

_FIELDS = ("username", "display_name", "password", "repeat")


class AdminAccountForm(QWidget):
    """Username, display name, password and its repeat, checked as the user types."""

    validity_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.username_edit = QLineEdit(self)
        self.username_edit.setObjectName("username")
        self.username_edit.setPlaceholderText(self.tr("for example: admin"))
        self.display_name_edit = QLineEdit(self)
        self.display_name_edit.setObjectName("display_name")
        self.display_name_edit.setPlaceholderText(self.tr("your name"))
        self.password_edit = QLineEdit(self)
        self.password_edit.setObjectName("password")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat_edit = QLineEdit(self)
        self.repeat_edit.setObjectName("repeat")
        self.repeat_edit.setEchoMode(QLineEdit.EchoMode.Password)
        hint = QLabel(
            self.tr("At least 8 characters, not only digits, not the same as the username."),
            self,
        )
        hint.setWordWrap(True)
        hint.setEnabled(False)

        self.form = ValidatedForm(self)
        self.form.add_field("username", self.tr("Username:"), self.username_edit)
        self.form.add_field("display_name", self.tr("Display name:"), self.display_name_edit)
        self.form.add_field("password", self.tr("Password:"), self.password_edit, below=hint)
        self.form.add_field("repeat", self.tr("Repeat password:"), self.repeat_edit)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.form)

        # A reason shows only once the user has typed in that field (an empty form is not wrong).
        self._touched: set[str] = set()
        self._valid = False
        for key, edit in zip(_FIELDS, self._edits(), strict=True):
            edit.textChanged.connect(lambda _text, key=key: self._changed(key))
        self.revalidate()

    def _edits(self) -> tuple[QLineEdit, ...]:
        return (self.username_edit, self.display_name_edit, self.password_edit, self.repeat_edit)

    def _changed(self, key: str) -> None:
        self._touched.add(key)
        self.revalidate()

    def username(self) -> str:
        """The username as typed (the service normalises it)."""
        return self.username_edit.text()

    def display_name(self) -> str:
        """The display name as typed."""
        return self.display_name_edit.text()

    def password(self) -> str:
        """The password as typed."""
        return self.password_edit.text()

    def is_valid(self) -> bool:
        """Whether every field passes its rule."""
        return self._valid

    def problems(self) -> dict[str, str]:
        """Every field's reason for refusal (Chinese from the domain), by field."""
        found: dict[str, str] = {}
        username: str | None = None
        try:
            username = normalize_username(self.username())
        except ValidationError as exc:
            found["username"] = exc.message
        try:
            validate_display_name(self.display_name())
        except ValidationError as exc:
            found["display_name"] = exc.message
        try:
            validate_password(self.password(), username=username or self.username())
        except ValidationError as exc:
            found["password"] = exc.message
        if self.repeat_edit.text() != self.password():
            found["repeat"] = self.tr("The two passwords are not the same.")
        return found

    def touch_all(self) -> None:
        """Show the reasons on every field, typed in or not."""
        self._touched.update(_FIELDS)
        self.revalidate()

    def revalidate(self) -> None:
        """Check all fields, show the reasons on touched ones, report validity."""
        problems = self.problems()
        self.form.set_errors({k: v for k, v in problems.items() if k in self._touched})
        valid = not problems
        if valid != self._valid:
            self._valid = valid
            self.validity_changed.emit(valid)

    def show_refusal(self, exc: AppError) -> None:
        """Show a service's refusal under its field (or above the form)."""
        field = exc.details.get("field")
        key = field if isinstance(field, str) and self.form.field_for(field) else None
        if key is None:
            self.form.set_top_error(exc.message)
        else:
            self.form.set_field_error(key, exc.message)


def _error_label(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setObjectName("signInError")
    label.setStyleSheet(f"color: {ERROR_COLOR};")
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.hide()
    return label


class LoginDialog(QDialog):
    """Ask for username and password; ``.actor`` is the signed-in user after accept."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.actor: Actor | None = None
        self.setObjectName("LoginDialog")
        region = workspace.info().region_name
        self.setWindowTitle(self.tr("Sign in — {region}").format(region=region))
        self.setMinimumWidth(360)

        heading = QLabel(self.tr("NLTS Desktop — {region}").format(region=region), self)
        heading.setObjectName("heading")
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        heading.setFont(font)
        self.username_edit = QLineEdit(self)
        self.username_edit.setObjectName("username")
        self.password_edit = QLineEdit(self)
        self.password_edit.setObjectName("password")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.error_label = _error_label(self)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.sign_in_button: QPushButton = self.buttons.addButton(
            self.tr("Sign in"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.sign_in_button.setObjectName("signIn")
        self.sign_in_button.setDefault(True)  # Enter signs in
        self.buttons.accepted.connect(self.sign_in)
        self.buttons.rejected.connect(self.reject)

        fields = QFormLayout()
        fields.addRow(self.tr("Username:"), self.username_edit)
        fields.addRow(self.tr("Password:"), self.password_edit)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(fields)
        layout.addWidget(self.error_label)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

        self.username_edit.textChanged.connect(self._update_button)
        self.password_edit.textChanged.connect(self._update_button)
        self._update_button()
        self.username_edit.setFocus()

    def _update_button(self) -> None:
        self.sign_in_button.setEnabled(
            bool(self.username_edit.text().strip()) and bool(self.password_edit.text())
        )

    def sign_in(self) -> None:
        """Check the credentials; accept on success, else say so and ask again."""
        if not self.sign_in_button.isEnabled():
            return
        try:
            actor = self.workspace.accounts.authenticate(
                self.username_edit.text(), self.password_edit.text()
            )
        except AppError as exc:
            self.error_label.setText(exc.message)
            self.error_label.show()
            self.password_edit.clear()
            self.password_edit.setFocus()
            return
        except Exception as exc:  # a bug: the one error dialog logs it
            show_error(self, exc)
            return
        self.actor = actor
        self.accept()


class NewAdminDialog(QDialog):
    """Create the first administrator of a workspace that has no account yet."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.user: UserRecord | None = None
        self.setObjectName("NewAdminDialog")
        self.setWindowTitle(self.tr("Administrator account"))
        self.setMinimumWidth(440)

        intro = QLabel(
            self.tr(
                "This workspace has no accounts yet: create the administrator account "
                "you will sign in with."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.account_form = AdminAccountForm(self)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.create_button: QPushButton = self.buttons.addButton(
            self.tr("Create"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.create_button.setObjectName("create")
        self.create_button.setDefault(True)
        self.buttons.accepted.connect(self.create_account)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.account_form)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

        self.account_form.validity_changed.connect(self.create_button.setEnabled)
        self.create_button.setEnabled(self.account_form.is_valid())

    def create_account(self) -> None:
        """Create the administrator (one short write with one scrypt hash) and accept."""
        form = self.account_form
        if not form.is_valid():
            form.touch_all()
            return
        try:
            self.user = self.workspace.accounts.create_first_admin(
                username=form.username(),
                display_name=form.display_name(),
                password=form.password(),
            )
        except AppError as exc:
            form.show_refusal(exc)
            return
        except Exception as exc:  # a bug: the one error dialog logs it
            show_error(self, exc)
            return
        self.accept()
