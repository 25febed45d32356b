"""The first-run wizard: a new workspace, the demo, a cancelled demo, a failed set-up."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QLabel, QWizard
from pytestqt.qtbot import QtBot

from nlts_desktop.domain.enums import Role
from nlts_desktop.domain.errors import AppError
from nlts_desktop.paths import DataPaths
from nlts_desktop.services import demo
from nlts_desktop.services.accounts import AccountService
from nlts_desktop.services.context import Actor
from nlts_desktop.services.workspace import Workspace
from nlts_desktop.ui.dialogs import first_run_wizard
from nlts_desktop.ui.dialogs.first_run_wizard import (
    PAGE_ADMIN,
    PAGE_REGION,
    FirstRunWizard,
)
from nlts_desktop.ui.tasks import TaskRunner

PASSWORD = "wenjiang2022"


@pytest.fixture
def wizard(qtbot: QtBot, paths: DataPaths, tasks: TaskRunner) -> Iterator[FirstRunWizard]:
    """The wizard on an empty data folder; its workspace is closed afterwards."""
    wiz = FirstRunWizard(paths, tasks)
    qtbot.addWidget(wiz)
    wiz.show()
    yield wiz
    if wiz.workspace is not None:
        wiz.workspace.close()


def _button(wizard: FirstRunWizard, which: QWizard.WizardButton) -> Any:
    return wizard.button(which)


def _next(wizard: FirstRunWizard) -> None:
    button = _button(wizard, QWizard.WizardButton.NextButton)
    assert button.isEnabled()
    button.click()


def _fill_admin(wizard: FirstRunWizard) -> None:
    form = wizard.admin_page.account_form
    form.username_edit.setText("admin")
    form.display_name_edit.setText("王主任")
    form.password_edit.setText(PASSWORD)
    form.repeat_edit.setText(PASSWORD)


def _finish(wizard: FirstRunWizard) -> None:
    button = _button(wizard, QWizard.WizardButton.FinishButton)
    assert button.isEnabled()
    button.click()


def test_new_workspace(wizard: FirstRunWizard, paths: DataPaths) -> None:
    _next(wizard)
    assert wizard.currentId() == PAGE_REGION
    page = wizard.region_page
    next_button = _button(wizard, QWizard.WizardButton.NextButton)
    assert not next_button.isEnabled()
    assert page.form.errors() == {}

    page.level_combo.setCurrentIndex(0)  # County office
    page.region_code_edit.setText("51011")
    assert not next_button.isEnabled()
    error = page.form.error_text("region_code")
    assert "6 位数字" in error
    label = page.findChild(QLabel, "error_region_code")
    assert label is not None and label.isVisible()

    page.region_code_edit.setText("510100")  # a city code for a county workspace
    assert "地市级代码" in page.form.error_text("region_code")
    assert not next_button.isEnabled()

    page.region_code_edit.setText("510115")
    assert page.form.error_text("region_code") == ""
    assert page.preset_combo.currentData() == "sichuan-2.0"  # suggested from the code
    assert not next_button.isEnabled()  # the name is still missing
    page.region_name_edit.setText("温江区")
    page.parent_code_edit.setText("5101")
    assert not next_button.isEnabled()
    assert page.form.error_text("parent_code") != ""
    page.parent_code_edit.setText("510100")
    page.parent_name_edit.setText("成都市")
    assert next_button.isEnabled()
    _next(wizard)

    assert wizard.currentId() == PAGE_ADMIN
    assert "温江区" in wizard.admin_page.summary.text()
    assert not _button(wizard, QWizard.WizardButton.FinishButton).isEnabled()
    _fill_admin(wizard)
    _finish(wizard)

    assert wizard.result() == QWizard.DialogCode.Accepted
    workspace = wizard.workspace
    assert workspace is not None
    assert workspace.context.actor == Actor("admin", Role.COUNTY_ADMIN, None)
    info = workspace.info()
    assert (info.region_code, info.region_name, info.parent_name) == ("510115", "温江区", "成都市")
    assert info.preset_id == "sichuan-2.0"
    workspace.close()
    wizard.workspace = None

    with Workspace.open(paths, actor=Actor.system("test")) as reopened:
        assert reopened.accounts.authenticate("admin", PASSWORD).role is Role.COUNTY_ADMIN


def test_demo_workspace(
    wizard: FirstRunWizard, paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(FirstRunWizard, "DEMO_TEACHERS", 300)
    wizard.choice_page.demo_radio.setChecked(True)
    _next(wizard)
    assert wizard.currentId() == PAGE_ADMIN  # the demo skips the region page
    assert "300" in wizard.admin_page.summary.text()
    _fill_admin(wizard)
    _finish(wizard)

    assert wizard.result() == QWizard.DialogCode.Accepted
    workspace = wizard.workspace
    assert workspace is not None
    assert workspace.context.actor.username == "admin"
    assert workspace.info().region_name == "温江区"
    assert workspace.stats is not None
    assert len(workspace.teachers.table_rows()) == 300
    assert Workspace.exists(paths)


def test_cancelled_demo_leaves_only_other_files(
    wizard: FirstRunWizard, paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(FirstRunWizard, "DEMO_TEACHERS", 200)
    real = demo.create_demo

    def cancelled_demo(data: DataPaths, **kwargs: Any) -> Any:
        kwargs["cancel"].cancel()  # as if the user pressed Cancel in the progress dialog
        return real(data, **kwargs)

    monkeypatch.setattr(first_run_wizard, "create_demo", cancelled_demo)
    paths.root.mkdir(parents=True, exist_ok=True)
    keep = paths.root / "notes.txt"
    keep.write_text("mine", encoding="utf-8")

    wizard.choice_page.demo_radio.setChecked(True)
    _next(wizard)
    _fill_admin(wizard)
    _finish(wizard)

    assert wizard.isVisible()
    assert wizard.workspace is None
    assert wizard.currentId() == PAGE_ADMIN
    assert not paths.database.exists()
    assert keep.read_text(encoding="utf-8") == "mine"
    assert wizard.admin_page.status.text() != ""
    assert _button(wizard, QWizard.WizardButton.FinishButton).isEnabled()  # may try again


def test_failure_shows_error_and_removes_the_file(
    wizard: FirstRunWizard, paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[BaseException] = []
    monkeypatch.setattr(first_run_wizard, "show_error", lambda _parent, exc: shown.append(exc))

    def refuse(self: AccountService, **_kwargs: object) -> None:
        raise AppError("测试：无法创建账号。", code="test.refused")

    monkeypatch.setattr(AccountService, "create_first_admin", refuse)
    page = wizard.region_page
    _next(wizard)
    page.region_code_edit.setText("440604")
    page.region_name_edit.setText("禅城区")
    assert page.preset_combo.currentData() == "guangdong-2.0"
    _next(wizard)
    _fill_admin(wizard)
    _finish(wizard)

    assert [str(exc) for exc in shown] == ["测试：无法创建账号。"]
    assert wizard.isVisible()
    assert wizard.workspace is None
    assert wizard.currentId() == PAGE_ADMIN
    assert not paths.database.exists()
    assert _button(wizard, QWizard.WizardButton.BackButton).isEnabled()


def test_demo_in_the_background(
    qtbot: QtBot, paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The real runner: the job runs on the pool thread, the wizard closes when it is done."""
    monkeypatch.setattr(FirstRunWizard, "DEMO_TEACHERS", 200)
    runner = TaskRunner()
    wiz = FirstRunWizard(paths, runner)
    qtbot.addWidget(wiz)
    wiz.show()
    wiz.choice_page.demo_radio.setChecked(True)
    _next(wiz)
    _fill_admin(wiz)
    _finish(wiz)
    assert not _button(wiz, QWizard.WizardButton.BackButton).isEnabled()  # busy
    wiz.reject()  # ignored while the workspace is being made
    qtbot.waitUntil(lambda: wiz.workspace is not None, timeout=60_000)
    assert runner.wait()
    assert wiz.result() == QWizard.DialogCode.Accepted
    assert wiz.workspace is not None
    assert wiz.workspace.context.actor.username == "admin"
    wiz.workspace.close()
