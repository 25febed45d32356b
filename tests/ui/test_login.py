"""Sign-in and the first administrator: the button states, the generic failure, Enter."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from nlts_desktop.domain.enums import Role
from nlts_desktop.services.workspace import Workspace
from nlts_desktop.ui.dialogs.login_dialog import LoginDialog, NewAdminDialog

PASSWORD = "wenjiang2022"


@pytest.fixture
def admin(workspace: Workspace) -> Workspace:
    """The workspace with its administrator ``admin``."""
    workspace.accounts.create_first_admin(
        username="admin", display_name="王主任", password=PASSWORD
    )
    return workspace


def _login(qtbot: QtBot, workspace: Workspace) -> LoginDialog:
    dialog = LoginDialog(workspace)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_sign_in(qtbot: QtBot, admin: Workspace) -> None:
    dialog = _login(qtbot, admin)
    assert "温江区" in dialog.windowTitle()
    assert dialog.password_edit.echoMode() is dialog.password_edit.EchoMode.Password
    assert not dialog.sign_in_button.isEnabled()
    dialog.username_edit.setText("admin")
    assert not dialog.sign_in_button.isEnabled()
    dialog.password_edit.setText(PASSWORD)
    assert dialog.sign_in_button.isEnabled()
    dialog.sign_in_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.actor is not None
    assert dialog.actor.username == "admin"
    assert dialog.actor.role is Role.COUNTY_ADMIN


def test_enter_signs_in(qtbot: QtBot, admin: Workspace) -> None:
    dialog = _login(qtbot, admin)
    qtbot.keyClicks(dialog.username_edit, "Admin")
    qtbot.keyClicks(dialog.password_edit, PASSWORD)
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.actor is not None and dialog.actor.username == "admin"


@pytest.mark.parametrize(("username", "password"), [("admin", "wrong-pass"), ("nobody", PASSWORD)])
def test_failure_is_generic(qtbot: QtBot, admin: Workspace, username: str, password: str) -> None:
    dialog = _login(qtbot, admin)
    dialog.username_edit.setText(username)
    dialog.password_edit.setText(password)
    dialog.sign_in_button.click()
    assert dialog.isVisible()
    assert dialog.actor is None
    assert dialog.error_label.isVisible()
    assert dialog.error_label.text() == "用户名或密码错误。"
    assert dialog.username_edit.text() == username  # kept
    assert dialog.password_edit.text() == ""  # cleared
    assert not dialog.sign_in_button.isEnabled()


def test_new_admin_validates_as_you_type(qtbot: QtBot, workspace: Workspace) -> None:
    dialog = NewAdminDialog(workspace)
    qtbot.addWidget(dialog)
    dialog.show()
    form = dialog.account_form
    assert not dialog.create_button.isEnabled()
    assert form.form.errors() == {}  # nothing typed yet: nothing is "wrong"

    form.username_edit.setText("wang li")
    assert "不允许的字符" in form.form.error_text("username")
    form.username_edit.setText("wangli")
    assert form.form.error_text("username") == ""
    form.display_name_edit.setText("王丽")
    form.password_edit.setText("12345678")
    assert "不能全是数字" in form.form.error_text("password")
    form.password_edit.setText("wangli")
    assert "至少需要 8 个字符" in form.form.error_text("password")
    form.password_edit.setText("wenjiang-2022")
    form.repeat_edit.setText("wenjiang-2021")
    assert form.form.error_text("repeat") != ""
    assert not dialog.create_button.isEnabled()
    form.repeat_edit.setText("wenjiang-2022")
    assert form.form.errors() == {}
    assert dialog.create_button.isEnabled()

    dialog.create_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.user is not None and dialog.user.role is Role.COUNTY_ADMIN
    assert workspace.accounts.authenticate("wangli", "wenjiang-2022").username == "wangli"


def test_new_admin_refused_when_accounts_exist(qtbot: QtBot, admin: Workspace) -> None:
    dialog = NewAdminDialog(admin)
    qtbot.addWidget(dialog)
    dialog.show()
    form = dialog.account_form
    form.username_edit.setText("second")
    form.display_name_edit.setText("李")
    form.password_edit.setText("second-pass")
    form.repeat_edit.setText("second-pass")
    dialog.create_button.click()
    assert dialog.isVisible()
    assert dialog.user is None
    assert "已经有账号" in form.form.top_error.text()
