"""账号管理 and 修改密码: the list's states, unlock, disable, new account, reset, own password.

The account service runs on a clock the test sets, so "locked until" does not depend on when
the test runs.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtWidgets import QDialog, QMainWindow, QMessageBox
from pytestqt.qtbot import QtBot

from nlts_desktop.domain.enums import Role
from nlts_desktop.domain.errors import AppError
from nlts_desktop.services.accounts import AccountService
from nlts_desktop.services.context import Actor
from nlts_desktop.ui.dialogs.accounts_dialog import (
    AccountFormDialog,
    AccountsDialog,
    ChangePasswordDialog,
    ResetPasswordDialog,
)
from nlts_desktop.ui.dialogs.login_dialog import LoginDialog
from nlts_desktop.ui.session import AppSession
from nlts_desktop.ui.tools_menu import add_tools_menu

PASSWORD = "wenjiang2022"
NOW = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def accounts(school_session: AppSession, school: int, clock: Clock) -> AccountService:
    """admin, a locked viewer, a disabled viewer and a school's coordinator, on the clock."""
    workspace = school_session.workspace
    service = AccountService(workspace.context, clock=clock)
    workspace.accounts = service
    service.create_first_admin(username="admin", display_name="王主任", password=PASSWORD)
    for username, name, role, school_id in (
        ("look", "李查看", Role.VIEWER, None),
        ("gone", "赵离职", Role.VIEWER, None),
        ("xiao.wang", "王小明", Role.SCHOOL_COORDINATOR, school),
    ):
        service.create_user(
            username=username, display_name=name, role=role, password=PASSWORD, school_id=school_id
        )
    service.authenticate("admin", PASSWORD)
    for _ in range(3):
        with pytest.raises(AppError):
            service.authenticate("look", "wrong-password")
    service.set_active(_id(service, "gone"), False)
    return service


def _id(accounts: AccountService, username: str) -> int:
    return next(u.id for u in accounts.list_users() if u.username == username)


def _dialog(qtbot: QtBot, session: AppSession) -> AccountsDialog:
    dialog = AccountsDialog(session)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _row(dialog: AccountsDialog, username: str) -> list[str]:
    for row in range(dialog.table.rowCount()):
        cells = [dialog.table.item(row, c).text() for c in range(dialog.table.columnCount())]
        if cells[0] == username:
            return cells
    raise AssertionError(username)


def test_the_list_shows_each_accounts_state(
    qtbot: QtBot, school_session: AppSession, accounts: AccountService
) -> None:
    dialog = _dialog(qtbot, school_session)
    assert [dialog.table.item(r, 0).text() for r in range(4)] == [
        "admin", "gone", "look", "xiao.wang",
    ]  # fmt: skip
    locked_until = (NOW + timedelta(seconds=30)).astimezone().strftime("%H:%M")
    assert _row(dialog, "look")[1:5] == ["李查看", "只读用户", "", f"Locked until {locked_until}"]
    assert _row(dialog, "gone")[4] == "Disabled"
    assert _row(dialog, "xiao.wang")[2:5] == ["学校管理员", "温江区实验小学", "Active"]
    assert _row(dialog, "admin")[5] == NOW.astimezone().strftime("%Y-%m-%d %H:%M")
    assert _row(dialog, "look")[5] == "Never"
    assert not dialog.edit_button.isEnabled() and not dialog.unlock_button.isEnabled()


def test_unlock_the_locked_account(
    qtbot: QtBot,
    school_session: AppSession,
    accounts: AccountService,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: told.append(text))
    dialog = _dialog(qtbot, school_session)
    dialog.select_username("look")
    assert dialog.unlock_button.isEnabled()
    dialog.unlock_button.click()
    assert _row(dialog, "look")[4] == "Active"
    assert told and "look" in told[0]
    assert dialog.selected_user() is not None and dialog.selected_user().username == "look"
    assert accounts.authenticate("look", PASSWORD).role is Role.VIEWER


def test_disable_then_enable(
    qtbot: QtBot,
    school_session: AppSession,
    accounts: AccountService,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    dialog = _dialog(qtbot, school_session)
    dialog.select_username("xiao.wang")
    assert dialog.active_button.text() == "&Disable"
    dialog.active_button.click()
    assert _row(dialog, "xiao.wang")[4] == "Disabled"
    assert dialog.active_button.text() == "&Enable"
    dialog.active_button.click()
    assert _row(dialog, "xiao.wang")[4] == "Active"


def test_a_new_coordinator_needs_a_school_and_matching_passwords(
    qtbot: QtBot, school_session: AppSession, accounts: AccountService, school: int
) -> None:
    form = AccountFormDialog(school_session, schools=school_session.workspace.schools.list())
    qtbot.addWidget(form)
    form.show()
    assert not form.save_button.isEnabled()
    form.username_edit.setText("Li.Ming")
    form.display_name_edit.setText("李明")
    form.role_combo.setCurrentIndex(form.role_combo.findData(Role.SCHOOL_COORDINATOR.value))
    assert form.school_combo.isEnabled()
    form.password_edit.setText("liming-2026")
    form.repeat_edit.setText("liming-2027")
    assert not form.save_button.isEnabled()
    assert form.form.error_text("repeat") == "The two passwords are not the same."
    assert form.form.error_text("school_id") == "Choose the school this coordinator works for."
    form.repeat_edit.setText("liming-2026")
    form.school_combo.setCurrentIndex(form.school_combo.findData(school))
    assert form.save_button.isEnabled()
    form.save_button.click()
    assert form.result() == QDialog.DialogCode.Accepted
    assert form.record is not None and form.record.username == "li.ming"
    actor = accounts.authenticate("li.ming", "liming-2026")
    assert (actor.role, actor.school_id) == (Role.SCHOOL_COORDINATOR, school)


def test_a_refused_username_is_shown_under_its_field(
    qtbot: QtBot, school_session: AppSession, accounts: AccountService
) -> None:
    form = AccountFormDialog(school_session, schools=[])
    qtbot.addWidget(form)
    form.username_edit.setText("LOOK")
    form.display_name_edit.setText("又一个")
    form.password_edit.setText("another-2026")
    form.repeat_edit.setText("another-2026")
    form.save_button.click()
    assert form.result() != QDialog.DialogCode.Accepted
    assert form.form.error_text("username") == "用户名“look”已被使用，请换一个用户名。"


def test_edit_changes_the_role(
    qtbot: QtBot, school_session: AppSession, accounts: AccountService
) -> None:
    user = next(u for u in accounts.list_users() if u.username == "look")
    form = AccountFormDialog(school_session, schools=[], user=user)
    qtbot.addWidget(form)
    assert form.display_name_edit.text() == "李查看"
    form.role_combo.setCurrentIndex(form.role_combo.findData(Role.COUNTY_REVIEWER.value))
    form.save_button.click()
    assert form.record is not None and form.record.role is Role.COUNTY_REVIEWER


def test_reset_password_unlocks(
    qtbot: QtBot, school_session: AppSession, accounts: AccountService
) -> None:
    user = next(u for u in accounts.list_users() if u.username == "look")
    dialog = ResetPasswordDialog(school_session, user)
    qtbot.addWidget(dialog)
    dialog.password_edit.setText("12345678")
    assert dialog.form.error_text("password") == "密码不能全是数字，请加入字母或符号。"
    dialog.password_edit.setText("look-again-1")
    dialog.repeat_edit.setText("look-again-1")
    dialog.save_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert accounts.authenticate("look", "look-again-1").username == "look"


def test_change_own_password(
    qtbot: QtBot, school_session: AppSession, accounts: AccountService
) -> None:
    workspace = school_session.workspace
    workspace.act_as(accounts.authenticate("xiao.wang", PASSWORD))
    dialog = ChangePasswordDialog(school_session)
    qtbot.addWidget(dialog)
    dialog.old_edit.setText("not-my-password")
    dialog.password_edit.setText("wang-2026-new")
    dialog.repeat_edit.setText("wang-2026-new")
    dialog.save_button.click()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.form.error_text("old_password") == "原密码不正确。"
    dialog.old_edit.setText(PASSWORD)
    dialog.save_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert accounts.authenticate("xiao.wang", "wang-2026-new").username == "xiao.wang"


def test_the_login_dialog_shows_the_lock(
    qtbot: QtBot, school_session: AppSession, accounts: AccountService, clock: Clock
) -> None:
    login = LoginDialog(school_session.workspace)
    qtbot.addWidget(login)
    login.show()
    messages = []
    for username in ("admin", "admin", "admin", "nobody", "nobody", "nobody"):
        login.username_edit.setText(username)
        login.password_edit.setText("wrong-password")
        login.sign_in_button.click()
        messages.append(login.error_label.text())
    assert login.error_label.isVisible()
    lock = "登录失败次数过多，请在 30 秒后重试，或请管理员解锁。"
    assert messages == ["用户名或密码错误。"] * 2 + [lock] + ["用户名或密码错误。"] * 2 + [lock]
    clock.now += timedelta(seconds=30)
    login.username_edit.setText("admin")
    login.password_edit.setText(PASSWORD)
    login.sign_in_button.click()
    assert login.result() == QDialog.DialogCode.Accepted


def test_tools_menu_offers_accounts_to_administrators_only(
    qtbot: QtBot, school_session: AppSession, accounts: AccountService
) -> None:
    entries = {}
    for actor in (Actor("look", Role.VIEWER), Actor("admin", Role.COUNTY_ADMIN)):
        school_session.workspace.context.actor = actor
        window = QMainWindow()
        qtbot.addWidget(window)
        menu = add_tools_menu(window, school_session)
        entries[actor.role] = {a.text(): a.isEnabled() for a in menu.actions()}
    assert entries[Role.VIEWER]["&Accounts…"] is False
    assert entries[Role.VIEWER]["Change &Password…"] is True
    assert entries[Role.COUNTY_ADMIN]["&Accounts…"] is True
