"""TransferDialog: target school, date, reason; the move is recorded and listed as history."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate
from pytestqt.qtbot import QtBot

from nlts_desktop.services.records import TeacherRecord
from nlts_desktop.ui.dialogs.transfer_dialog import TransferDialog
from nlts_desktop.ui.session import AppSession, Changes

SHOTS = Path("/tmp/nlts-shots")
SECOND = "温江区第二小学（2151000002）"


def _setup(session: AppSession) -> TeacherRecord:
    schools = session.workspace.schools
    schools.create({"code": "2151000002", "name": "温江区第二小学"})
    closed = schools.create({"code": "3151000003", "name": "温江区停办中学"})
    schools.set_active(closed.id, False)
    return session.workspace.teachers.find_by_id_number("11010519491231002X")


def _dialog(qtbot: QtBot, session: AppSession, record: TeacherRecord) -> TransferDialog:
    dialog = TransferDialog(session, record)
    qtbot.addWidget(dialog)
    return dialog


def test_shows_the_teacher_and_offers_only_other_active_schools(
    qtbot: QtBot, school_session: AppSession
) -> None:
    record = _setup(school_session)
    dialog = _dialog(qtbot, school_session, record)
    combo = dialog.target_combo
    offered = [combo.itemText(i) for i in range(combo.count())]
    assert offered == [SECOND]
    assert combo.currentText() == ""
    assert not dialog.save_button.isEnabled()
    assert dialog.date_edit.displayFormat() == "yyyy-MM-dd"
    assert dialog.date_edit.calendarPopup()
    assert dialog.date_edit.date() == QDate.currentDate()
    assert dialog.history_table.rowCount() == 0
    assert dialog.history_empty.isVisibleTo(dialog)
    texts = [label.text() for label in dialog.findChildren(type(dialog.history_empty))]
    assert "110105********002X" in texts
    assert "11010519491231002X" not in texts


def test_transfer_is_recorded_and_listed(qtbot: QtBot, school_session: AppSession) -> None:
    record = _setup(school_session)
    dialog = _dialog(qtbot, school_session, record)
    dialog.target_combo.setCurrentIndex(0)
    assert dialog.save_button.isEnabled()
    dialog.date_edit.setDate(QDate(2024, 9, 1))
    assert dialog.date_edit.text() == "2024-09-01"
    dialog.reason_edit.setText("交流轮岗")
    with qtbot.waitSignal(school_session.tasks.data_changed, timeout=1000) as signal:
        dialog.save_button.click()
    changes = signal.args[0]
    assert isinstance(changes, Changes) and changes.touches("teachers")
    assert dialog.result() == TransferDialog.DialogCode.Accepted
    assert dialog.saved is not None
    assert dialog.saved.school_code == "2151000002"

    teachers = school_session.workspace.teachers
    assert teachers.get(record.id).school_name == "温江区第二小学"
    (move,) = teachers.transfers(record.id)
    assert move.transfer_date == date(2024, 9, 1)
    assert move.from_school_name == "温江区实验小学"
    assert move.to_school_name == "温江区第二小学"
    assert move.reason == "交流轮岗"

    again = _dialog(qtbot, school_session, teachers.get(record.id))
    table = again.history_table
    assert table.rowCount() == 1
    cells = [table.item(0, column).text() for column in range(4)]
    assert cells == ["2024-09-01", "温江区实验小学", "温江区第二小学", "交流轮岗"]
    offered = [again.target_combo.itemText(i) for i in range(again.target_combo.count())]
    assert offered == ["温江区实验小学（2151000001）"]

    # A move dated before the last one would contradict the history.
    again.target_combo.setCurrentIndex(0)
    again.date_edit.setDate(QDate(2024, 8, 31))
    assert "2024-09-01" in again.form.error_text("on")
    assert not again.save_button.isEnabled()

    again.show()
    qtbot.waitExposed(again)
    SHOTS.mkdir(parents=True, exist_ok=True)
    again.grab().save(str(SHOTS / "transfer_dialog.png"))

    again.date_edit.setDate(QDate(2025, 2, 1))
    assert again.form.error_text("on") == ""
    again.save_button.click()
    assert [m.transfer_date for m in teachers.transfers(record.id)] == [
        date(2024, 9, 1),
        date(2025, 2, 1),
    ]


def test_typed_school_must_be_in_the_list(qtbot: QtBot, school_session: AppSession) -> None:
    record = _setup(school_session)
    dialog = _dialog(qtbot, school_session, record)
    dialog.target_combo.setEditText("温江区停办中学")
    assert "温江区停办中学" in dialog.form.error_text("to_school")
    assert not dialog.save_button.isEnabled()
    dialog.target_combo.setEditText("2151000002")
    assert dialog.form.error_text("to_school") == ""
    assert dialog.save_button.isEnabled()


def test_refusal_from_the_service_is_shown_on_the_target(
    qtbot: QtBot, school_session: AppSession
) -> None:
    record = _setup(school_session)
    dialog = _dialog(qtbot, school_session, record)
    dialog.target_combo.setCurrentIndex(0)
    # The school closes while the dialog is open.
    schools = school_session.workspace.schools
    schools.set_active(schools.find("2151000002").id, False)
    dialog.save_button.click()
    assert dialog.saved is None
    assert "已停用" in dialog.form.error_text("to_school")
    assert dialog.target_combo.currentText() == SECOND
