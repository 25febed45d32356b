"""账号管理 (accounts, for the county administrator) and 修改密码 (every signed-in user).

The accounts list shows each account's state: 正常, 已停用, or 已锁定至 14:05 after repeated
failed sign-ins.  Every change goes through ``AccountService``, which checks the role again:
the dialog only offers what the service would allow.  Hashing a password (scrypt, ~0.1 s)
runs through the task runner like any other save.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from nlts_desktop.domain.enums import Role
from nlts_desktop.domain.errors import AppError, ValidationError
from nlts_desktop.domain.passwords import normalize_username, validate_password
from nlts_desktop.services.accounts import UserRecord, validate_display_name
from nlts_desktop.services.context import ADMIN_ROLES
from nlts_desktop.services.progress import CancelToken, Progress
from nlts_desktop.services.records import SchoolRecord
from nlts_desktop.ui.dialogs.validated_form import FormDialog
from nlts_desktop.ui.errors import show_error
from nlts_desktop.ui.session import AppSession, Changes

COLUMNS = 6
_ROLES = (Role.COUNTY_ADMIN, Role.COUNTY_REVIEWER, Role.SCHOOL_COORDINATOR, Role.VIEWER)


def _password_edit(parent: QWidget, name: str) -> QLineEdit:
    edit = QLineEdit(parent)
    edit.setObjectName(name)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


def _local(moment: datetime) -> datetime:
    """A stored UTC moment in the computer's own time zone."""
    return moment.astimezone()


class AccountsDialog(QDialog):
    """Every account of the workspace, and the administrator's actions on them."""

    def __init__(self, session: AppSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.accounts = session.workspace.accounts
        self.users: list[UserRecord] = []
        self.school_names: dict[int, str] = {}
        self.setObjectName("AccountsDialog")
        self.setWindowTitle(self.tr("Accounts"))
        self.resize(860, 420)

        intro = QLabel(
            self.tr(
                "After three failed sign-ins in a row an account waits 30 seconds before the "
                "next try, and each further failure doubles the wait (at most 15 minutes). "
                "Unlock ends the wait at once; resetting the password also unlocks."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.table = QTableWidget(0, COLUMNS, self)
        self.table.setObjectName("accountsTable")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Username"),
                self.tr("Name"),
                self.tr("Role"),
                self.tr("School"),
                self.tr("State"),
                self.tr("Last sign-in"),
            ]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.itemDoubleClicked.connect(lambda _item: self.edit_account())

        self.new_button = self._button("newAccount", self.tr("&New Account…"), self.new_account)
        self.edit_button = self._button("editAccount", self.tr("&Edit…"), self.edit_account)
        self.active_button = self._button("toggleActive", self.tr("&Disable"), self.toggle_active)
        self.reset_button = self._button(
            "resetPassword", self.tr("&Reset Password…"), self.reset_password
        )
        self.unlock_button = self._button("unlock", self.tr("&Unlock"), self.unlock)
        row = QHBoxLayout()
        for button in (
            self.new_button,
            self.edit_button,
            self.active_button,
            self.reset_button,
            self.unlock_button,
        ):
            row.addWidget(button)
        row.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        row.addWidget(close)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        self.reload()

    def _button(self, name: str, text: str, slot: object) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        return button

    # ------------------------------------------------------------------ the list
    def reload(self, select_id: int | None = None) -> None:
        """Read the accounts again (a short read) and show them; keep or set the selection."""
        current = self.selected_user()
        keep = select_id if select_id is not None else (current.id if current else None)
        try:
            self.users = self.accounts.list_users()
            self.school_names = {s.id: s.name for s in self.session.workspace.schools.list()}
            now = self.accounts.now()
        except AppError as exc:
            show_error(self, exc)
            return
        self.table.setRowCount(len(self.users))
        for index, user in enumerate(self.users):
            values = (
                user.username,
                user.display_name,
                user.role.label,
                self.school_names.get(user.school_id, "") if user.school_id else "",
                self.state_text(user, now),
                self.last_text(user),
            )
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, user.id)
                if not user.active or user.locked_at(now):
                    item.setForeground(
                        Qt.GlobalColor.darkRed if user.active else Qt.GlobalColor.gray
                    )
                self.table.setItem(index, column, item)
            if user.id == keep:
                self.table.selectRow(index)
        self._update_buttons()

    def state_text(self, user: UserRecord, now: datetime) -> str:
        """正常, 已停用, or 已锁定至 14:05 (with the date when the lock ends on another day)."""
        if not user.active:
            return self.tr("Disabled")
        if user.locked_at(now) and user.locked_until is not None:
            until = _local(user.locked_until)
            shown = (
                until.strftime("%H:%M")
                if until.date() == _local(now).date()
                else until.strftime("%Y-%m-%d %H:%M")
            )
            return self.tr("Locked until {time}").format(time=shown)
        return self.tr("Active")

    def last_text(self, user: UserRecord) -> str:
        """The last sign-in as 2026-11-23 09:00, or 从未登录."""
        if user.last_login_at is None:
            return self.tr("Never")
        return _local(user.last_login_at).strftime("%Y-%m-%d %H:%M")

    def selected_user(self) -> UserRecord | None:
        """The account of the selected row."""
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows:
            return None
        item = self.table.item(rows[0].row(), 0)
        user_id = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return next((u for u in self.users if u.id == user_id), None)

    def select_username(self, username: str) -> None:
        """Select the row of ``username`` (tests, and after a save)."""
        for index, user in enumerate(self.users):
            if user.username == username:
                self.table.selectRow(index)
                return

    def _update_buttons(self) -> None:
        user = self.selected_user()
        now = self.accounts.now()
        for button in (self.edit_button, self.active_button, self.reset_button):
            button.setEnabled(user is not None)
        self.unlock_button.setEnabled(
            user is not None and (user.locked_at(now) or user.failed_attempts > 0)
        )
        self.active_button.setText(
            self.tr("&Enable") if user is not None and not user.active else self.tr("&Disable")
        )

    # ------------------------------------------------------------------ actions
    def _run(self, work: object, done_id: int | None, message: str) -> None:
        def job(_progress: Progress, _cancel: CancelToken) -> object:
            assert callable(work)
            return work()

        def succeeded(_result: object) -> None:
            self.reload(done_id)
            if message:
                QMessageBox.information(self, self.tr("Accounts"), message)

        self.session.tasks.run(
            self,
            job,
            on_success=succeeded,
            on_error=lambda exc: show_error(self, exc),
            cancellable=False,
            changes=Changes.of("users"),
        )

    def new_account(self) -> None:
        """Ask for a new account and create it."""
        dialog = AccountFormDialog(self.session, self, schools=self._schools())
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.record is not None:
            self.reload(dialog.record.id)

    def edit_account(self) -> None:
        """Change the selected account's name, role and school."""
        user = self.selected_user()
        if user is None:
            return
        dialog = AccountFormDialog(self.session, self, schools=self._schools(), user=user)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.record is not None:
            self.reload(dialog.record.id)

    def toggle_active(self) -> None:
        """Disable the selected account (after asking), or enable a disabled one."""
        user = self.selected_user()
        if user is None:
            return
        if user.active:
            answer = QMessageBox.question(
                self,
                self.tr("Disable Account"),
                self.tr(
                    "Disable the account “{name}” ({username})? It can no longer sign in "
                    "until it is enabled again; its work stays recorded."
                ).format(name=user.display_name, username=user.username),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        active = not user.active
        self._run(lambda: self.accounts.set_active(user.id, active), user.id, "")

    def reset_password(self) -> None:
        """Give the selected account a new password (it is unlocked too)."""
        user = self.selected_user()
        if user is None:
            return
        dialog = ResetPasswordDialog(self.session, user, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.reload(user.id)

    def unlock(self) -> None:
        """End the selected account's sign-in delay."""
        user = self.selected_user()
        if user is None:
            return
        self._run(
            lambda: self.accounts.unlock(user.id),
            user.id,
            self.tr("“{username}” is unlocked and can sign in again.").format(
                username=user.username
            ),
        )

    def _schools(self) -> list[SchoolRecord]:
        try:
            return self.session.workspace.schools.list(include_inactive=False)
        except AppError as exc:
            show_error(self, exc)
            return []


class AccountFormDialog(FormDialog):
    """A new account (username, name, role, school, password twice) or an edit of one."""

    def __init__(
        self,
        session: AppSession,
        parent: QWidget | None = None,
        *,
        schools: list[SchoolRecord],
        user: UserRecord | None = None,
    ) -> None:
        super().__init__(session, parent)
        self.user = user
        self.record: UserRecord | None = None
        self.setObjectName("AccountFormDialog")
        self.setWindowTitle(self.tr("New Account") if user is None else self.tr("Edit Account"))
        self.setMinimumWidth(460)

        self.username_edit = QLineEdit(self)
        self.username_edit.setObjectName("username")
        self.display_name_edit = QLineEdit(self)
        self.display_name_edit.setObjectName("display_name")
        self.role_combo = QComboBox(self)
        self.role_combo.setObjectName("role")
        for role in _ROLES:
            self.role_combo.addItem(role.label, role.value)
        self.school_combo = QComboBox(self)
        self.school_combo.setObjectName("school")
        self.school_combo.addItem(self.tr("(none)"), None)
        for school in schools:
            self.school_combo.addItem(f"{school.name}（{school.code}）", school.id)
        self.password_edit = _password_edit(self, "password")
        self.repeat_edit = _password_edit(self, "repeat")

        form = self.form
        if user is None:
            form.add_field("username", self.tr("Username:"), self.username_edit)
        else:
            form.add_row(self.tr("Username:"), QLabel(user.username, self))
        form.add_field("display_name", self.tr("Name:"), self.display_name_edit)
        form.add_field("role", self.tr("Role:"), self.role_combo)
        form.add_field("school_id", self.tr("School:"), self.school_combo)
        if user is None:
            hint = QLabel(
                self.tr("At least 8 characters, not only digits, not the same as the username."),
                self,
            )
            hint.setWordWrap(True)
            hint.setEnabled(False)
            form.add_field("password", self.tr("Password:"), self.password_edit, below=hint)
            form.add_field("repeat", self.tr("Repeat password:"), self.repeat_edit)
        self.finish_layout()

        if user is not None:
            self.display_name_edit.setText(user.display_name)
            self.role_combo.setCurrentIndex(max(0, self.role_combo.findData(user.role.value)))
            if user.school_id is not None:
                self.school_combo.setCurrentIndex(
                    max(0, self.school_combo.findData(user.school_id))
                )
            self.touch_all()
        self.username_edit.textChanged.connect(self.watch("username"))
        self.display_name_edit.textChanged.connect(self.watch("display_name"))
        self.role_combo.currentIndexChanged.connect(self._role_changed)
        self.school_combo.currentIndexChanged.connect(self.watch("school_id"))
        self.password_edit.textChanged.connect(self.watch("password"))
        self.repeat_edit.textChanged.connect(self.watch("repeat"))
        self._role_changed()

    def _role_changed(self, *_args: object) -> None:
        coordinator = self.role() is Role.SCHOOL_COORDINATOR
        self.school_combo.setEnabled(coordinator)
        if not coordinator:
            self.school_combo.setCurrentIndex(0)
        elif self.user is None:
            # Choosing the role is when the school becomes required: say so at once.
            self.watch("school_id")()
        self.watch("role")()

    def role(self) -> Role:
        """The chosen role."""
        return Role(self.role_combo.currentData())

    def raw_fields(self) -> dict[str, object]:
        return {
            "username": self.username_edit.text(),
            "display_name": self.display_name_edit.text(),
            "role": self.role_combo.currentData(),
            "school_id": self.school_combo.currentData(),
            "password": self.password_edit.text(),
            "repeat": self.repeat_edit.text(),
        }

    def check(self, raw: Mapping[str, object]) -> tuple[bool, list[tuple[str, str]]]:
        problems: list[tuple[str, str]] = []
        username = self.user.username if self.user is not None else ""
        if self.user is None:
            try:
                username = normalize_username(raw["username"])
            except ValidationError as exc:
                problems.append(("username", exc.message))
        try:
            validate_display_name(raw["display_name"])
        except ValidationError as exc:
            problems.append(("display_name", exc.message))
        if raw["role"] == Role.SCHOOL_COORDINATOR.value and raw["school_id"] is None:
            problems.append(("school_id", self.tr("Choose the school this coordinator works for.")))
        if self.user is None:
            try:
                validate_password(str(raw["password"]), username=username or None)
            except ValidationError as exc:
                problems.append(("password", exc.message))
            if raw["repeat"] != raw["password"]:
                problems.append(("repeat", self.tr("The two passwords are not the same.")))
        return not problems, problems

    def save(self) -> None:
        raw = self.raw_fields()
        accounts = self.session.workspace.accounts
        school = raw["school_id"]
        school_id = school if isinstance(school, int) else None
        role = self.role()
        user = self.user
        if user is None:

            def work() -> UserRecord:
                return accounts.create_user(
                    username=str(raw["username"]),
                    display_name=str(raw["display_name"]),
                    role=role,
                    password=str(raw["password"]),
                    school_id=school_id,
                )

        else:

            def work() -> UserRecord:
                return accounts.update_user(
                    user.id,
                    display_name=str(raw["display_name"]),
                    role=role,
                    school_id=school_id,
                    version=user.version,
                )

        self.submit(
            work,
            on_saved=self._saved,
            label=self.tr("Saving the account…"),
            changes=Changes.of("users"),
        )

    def _saved(self, record: UserRecord) -> None:
        self.record = record


class ResetPasswordDialog(FormDialog):
    """A new password (twice) for an account whose owner forgot theirs."""

    def __init__(
        self, session: AppSession, user: UserRecord, parent: QWidget | None = None
    ) -> None:
        super().__init__(session, parent)
        self.user = user
        self.setObjectName("ResetPasswordDialog")
        self.setWindowTitle(self.tr("Reset Password"))
        self.setMinimumWidth(440)
        intro = QLabel(
            self.tr(
                "Set a new password for “{name}” ({username}) and tell it to them in person. "
                "The account is unlocked too."
            ).format(name=user.display_name, username=user.username),
            self,
        )
        intro.setWordWrap(True)
        self.password_edit = _password_edit(self, "password")
        self.repeat_edit = _password_edit(self, "repeat")
        self.form.add_row("", intro)
        self.form.add_field("password", self.tr("New password:"), self.password_edit)
        self.form.add_field("repeat", self.tr("Repeat password:"), self.repeat_edit)
        self.finish_layout()
        self.password_edit.textChanged.connect(self.watch("password"))
        self.repeat_edit.textChanged.connect(self.watch("repeat"))
        self.revalidate()

    def raw_fields(self) -> dict[str, object]:
        return {"password": self.password_edit.text(), "repeat": self.repeat_edit.text()}

    def check(self, raw: Mapping[str, object]) -> tuple[bool, list[tuple[str, str]]]:
        problems: list[tuple[str, str]] = []
        try:
            validate_password(str(raw["password"]), username=self.user.username)
        except ValidationError as exc:
            problems.append(("password", exc.message))
        if raw["repeat"] != raw["password"]:
            problems.append(("repeat", self.tr("The two passwords are not the same.")))
        return not problems, problems

    def save(self) -> None:
        password = self.password_edit.text()
        accounts = self.session.workspace.accounts
        user_id = self.user.id
        self.submit(
            lambda: accounts.reset_password(user_id, password),
            on_saved=lambda _result: None,
            label=self.tr("Saving the password…"),
            changes=Changes.of("users"),
        )


class ChangePasswordDialog(FormDialog):
    """The signed-in user's own password: the old one, then the new one twice."""

    def __init__(self, session: AppSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.setObjectName("ChangePasswordDialog")
        self.setWindowTitle(self.tr("Change Password"))
        self.setMinimumWidth(440)
        self.old_edit = _password_edit(self, "old_password")
        self.password_edit = _password_edit(self, "password")
        self.repeat_edit = _password_edit(self, "repeat")
        hint = QLabel(
            self.tr("At least 8 characters, not only digits, not the same as the username."),
            self,
        )
        hint.setWordWrap(True)
        hint.setEnabled(False)
        self.form.add_row(self.tr("Account:"), QLabel(session.actor.username, self))
        self.form.add_field("old_password", self.tr("Current password:"), self.old_edit)
        self.form.add_field("password", self.tr("New password:"), self.password_edit, below=hint)
        self.form.add_field("repeat", self.tr("Repeat new password:"), self.repeat_edit)
        self.finish_layout()
        self.old_edit.textChanged.connect(self.watch("old_password"))
        self.password_edit.textChanged.connect(self.watch("password"))
        self.repeat_edit.textChanged.connect(self.watch("repeat"))
        self.revalidate()

    def raw_fields(self) -> dict[str, object]:
        return {
            "old_password": self.old_edit.text(),
            "password": self.password_edit.text(),
            "repeat": self.repeat_edit.text(),
        }

    def check(self, raw: Mapping[str, object]) -> tuple[bool, list[tuple[str, str]]]:
        problems: list[tuple[str, str]] = []
        if not raw["old_password"]:
            problems.append(("old_password", self.tr("Type your current password.")))
        try:
            validate_password(str(raw["password"]), username=self.session.actor.username)
        except ValidationError as exc:
            problems.append(("password", exc.message))
        if raw["repeat"] != raw["password"]:
            problems.append(("repeat", self.tr("The two passwords are not the same.")))
        return not problems, problems

    def save(self) -> None:
        old = self.old_edit.text()
        new = self.password_edit.text()
        accounts = self.session.workspace.accounts
        self.submit(
            lambda: accounts.change_password(old, new),
            on_saved=lambda _result: None,
            label=self.tr("Saving the password…"),
            changes=Changes.of("users"),
        )


def open_accounts(window: QWidget, session: AppSession) -> None:
    """工具 → 账号管理 (administrators; the service refuses the others anyway)."""
    if session.actor.role not in ADMIN_ROLES:
        return
    AccountsDialog(session, window).exec()


def open_change_password(window: QWidget, session: AppSession) -> None:
    """工具 → 修改密码, for every signed-in user."""
    dialog = ChangePasswordDialog(session, window)
    if dialog.exec() == QDialog.DialogCode.Accepted:
        QMessageBox.information(
            window,
            QCoreApplication.translate("ChangePasswordDialog", "Change Password"),
            QCoreApplication.translate(
                "ChangePasswordDialog",
                "Your password was changed. Use the new one the next time you sign in.",
            ),
        )
