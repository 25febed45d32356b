"""SchoolDialog: category from the code, validation as the user types, create and edit."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from nlts_desktop.ui.dialogs.school_dialog import SchoolDialog
from nlts_desktop.ui.session import AppSession, Changes

SHOTS = Path("/tmp/nlts-shots")


def _dialog(qtbot: QtBot, session: AppSession) -> SchoolDialog:
    dialog = SchoolDialog(session)
    qtbot.addWidget(dialog)
    return dialog


def test_new_form_shows_no_errors_and_cannot_be_saved(qtbot: QtBot, session: AppSession) -> None:
    dialog = _dialog(qtbot, session)
    assert dialog.form.errors() == {}
    assert dialog.form.top_error.text() == ""
    assert not dialog.save_button.isEnabled()
    assert dialog.category_label.text() == "—"


def test_category_and_default_stage_follow_the_code(qtbot: QtBot, session: AppSession) -> None:
    dialog = _dialog(qtbot, session)
    dialog.code_edit.setText("21")
    assert dialog.category_label.text() == "普通小学"
    assert dialog.stage_combo.currentText() == "小学"
    dialog.code_edit.setText("3151000002")
    assert dialog.category_label.text() == "普通初中"
    assert dialog.stage_combo.currentText() == "初中"
    # A stage the user picked is kept when the code changes again.
    dialog.stage_combo.activated.emit(dialog.stage_combo.findText("高中"))
    dialog.stage_combo.setCurrentIndex(dialog.stage_combo.findText("高中"))
    dialog.code_edit.setText("2151000002")
    assert dialog.category_label.text() == "普通小学"
    assert dialog.stage_combo.currentText() == "高中"


def test_code_with_an_unknown_category_is_explained(qtbot: QtBot, session: AppSession) -> None:
    dialog = _dialog(qtbot, session)
    dialog.name_edit.setText("温江区第二小学")
    dialog.code_edit.setText("9951000002")
    assert dialog.category_label.text() == "—"
    message = dialog.form.error_text("code")
    assert "前两位“99”不是已知的学校类别代码" in message
    assert dialog.form.has_error("code")
    assert not dialog.save_button.isEnabled()

    dialog.show()
    qtbot.waitExposed(dialog)
    SHOTS.mkdir(parents=True, exist_ok=True)
    dialog.grab().save(str(SHOTS / "school_dialog.png"))

    dialog.code_edit.setText("2151000002")
    assert dialog.form.error_text("code") == ""
    assert dialog.save_button.isEnabled()


def test_short_code_and_bad_phone_are_marked(qtbot: QtBot, session: AppSession) -> None:
    dialog = _dialog(qtbot, session)
    dialog.name_edit.setText("温江区第二小学")
    dialog.code_edit.setText("21510")
    assert "应为10位数字" in dialog.form.error_text("code")
    dialog.code_edit.setText("２１５１０００００２")  # full-width digits are folded
    assert dialog.form.error_text("code") == ""
    dialog.contact_phone_edit.setText("12")
    assert dialog.form.error_text("contact_phone")
    assert not dialog.save_button.isEnabled()
    dialog.contact_phone_edit.setText("")
    assert dialog.save_button.isEnabled()


def test_saving_creates_the_school(qtbot: QtBot, session: AppSession) -> None:
    dialog = _dialog(qtbot, session)
    dialog.code_edit.setText("2151000002")
    dialog.name_edit.setText("温江区第二小学")
    dialog.urban_rural_combo.setCurrentIndex(dialog.urban_rural_combo.findData("121"))
    dialog.environment_checks["A"].setChecked(True)
    dialog.environment_checks["C"].setChecked(True)
    dialog.flag_checks["is_pilot"].setChecked(True)
    dialog.contact_name_edit.setText("刘老师")
    dialog.contact_phone_edit.setText("028-82345678")
    dialog.note_edit.setPlainText("新建校区")
    with qtbot.waitSignal(session.tasks.data_changed, timeout=1000) as signal:
        dialog.save_button.click()
    changes = signal.args[0]
    assert isinstance(changes, Changes) and changes.touches("schools")
    assert dialog.result() == SchoolDialog.DialogCode.Accepted
    assert dialog.saved is not None
    stored = session.workspace.schools.get(dialog.saved.id)
    assert stored.code == "2151000002"
    assert stored.category_code == "21"
    assert stored.stage_code == "primary"
    assert stored.urban_rural_code == "121"
    assert stored.environments == ("A", "C")
    assert stored.is_pilot and not stored.is_demo
    assert stored.contact_name == "刘老师"
    assert stored.note == "新建校区"


def test_duplicate_code_stays_in_the_dialog(qtbot: QtBot, session: AppSession, school: int) -> None:
    dialog = _dialog(qtbot, session)
    dialog.code_edit.setText("2151000001")
    dialog.name_edit.setText("温江区第二小学")
    dialog.save_button.click()
    assert dialog.saved is None
    assert dialog.result() != SchoolDialog.DialogCode.Accepted
    message = dialog.form.error_text("code")
    assert "温江区实验小学" in message
    assert dialog.name_edit.text() == "温江区第二小学"
    assert not dialog.save_button.isEnabled()
    dialog.code_edit.setText("2151000002")
    assert dialog.save_button.isEnabled()


def test_editing_a_school(qtbot: QtBot, session: AppSession, school: int) -> None:
    schools = session.workspace.schools
    record = schools.get(school)
    dialog = SchoolDialog(session, record)
    qtbot.addWidget(dialog)
    assert dialog.code_edit.text() == "2151000001"
    assert dialog.category_label.text() == "普通小学"
    assert dialog.stage_combo.currentText() == "小学"
    assert dialog.urban_rural_combo.currentData() == "111"
    assert dialog.environment_checks["A"].isChecked()
    assert dialog.environment_checks["B"].isChecked()
    assert not dialog.environment_checks["C"].isChecked()
    assert dialog.save_button.isEnabled()

    dialog.name_edit.setText("")
    assert dialog.form.error_text("name") == "学校名称不能为空。"
    assert not dialog.save_button.isEnabled()
    dialog.name_edit.setText("温江区实验小学东区")
    dialog.flag_checks["is_center_school"].setChecked(True)
    dialog.environment_checks["B"].setChecked(False)
    dialog.save_button.click()
    assert dialog.saved is not None
    stored = schools.get(school)
    assert stored.name == "温江区实验小学东区"
    assert stored.is_center_school
    assert stored.environments == ("A",)
    assert stored.version > record.version


def test_stale_edit_is_shown_above_the_form(qtbot: QtBot, session: AppSession, school: int) -> None:
    schools = session.workspace.schools
    record = schools.get(school)
    dialog = SchoolDialog(session, record)
    qtbot.addWidget(dialog)
    schools.update(school, {"code": "2151000001", "name": "温江区实验小学", "address": "光华大道"})
    dialog.contact_name_edit.setText("刘老师")
    dialog.save_button.click()
    assert dialog.saved is None
    assert "已被他人修改" in dialog.form.top_error.text()
    assert dialog.contact_name_edit.text() == "刘老师"
