"""TeacherDialog: the 身份证号 checked as it is typed, derived gender/birth date, saving."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from nlts_desktop.ui.dialogs.teacher_dialog import TeacherDialog
from nlts_desktop.ui.session import AppSession, Changes

SCHOOL = "温江区实验小学（2151000001）"
# Valid numbers not used by the fixtures (check characters computed with GB 11643).
MALE_1980 = "510115198001011235"
FEMALE_1985 = "510115198512030040"
ZHANG_LI = "11010519491231002X"  # registered by school_session: 女, 1949-12-31


def _dialog(qtbot: QtBot, session: AppSession) -> TeacherDialog:
    dialog = TeacherDialog(session)
    qtbot.addWidget(dialog)
    return dialog


def _fill_valid(dialog: TeacherDialog, id_number: str = MALE_1980) -> None:
    dialog.id_edit.setText(id_number)
    dialog.name_edit.setText("王芳")
    dialog.school_combo.setEditText(SCHOOL)


def test_new_form_shows_no_errors_and_cannot_be_saved(
    qtbot: QtBot, session: AppSession, school: int
) -> None:
    dialog = _dialog(qtbot, session)
    assert dialog.form.errors() == {}
    assert not dialog.save_button.isEnabled()
    assert dialog.school_combo.findText(SCHOOL) >= 0


def test_bad_checksum_is_explained_under_the_field_and_blocks_save(
    qtbot: QtBot, session: AppSession, school: int
) -> None:
    dialog = _dialog(qtbot, session)
    _fill_valid(dialog, "110105194912310021")
    message = dialog.form.error_text("id_number")
    assert "校验位" in message
    assert dialog.form.has_error("id_number")
    assert "border" in dialog.id_edit.styleSheet()
    assert not dialog.save_button.isEnabled()
    assert not dialog.derived_label.isVisibleTo(dialog)

    dialog.id_edit.setText(ZHANG_LI)
    assert dialog.form.error_text("id_number") == ""
    assert not dialog.form.has_error("id_number")
    assert dialog.save_button.isEnabled()
    assert dialog.derived_label.isVisibleTo(dialog)
    assert "女" in dialog.derived_label.text()
    assert "1949-12-31" in dialog.derived_label.text()


def test_full_width_and_lower_case_x_are_accepted(
    qtbot: QtBot, session: AppSession, school: int
) -> None:
    dialog = _dialog(qtbot, session)
    _fill_valid(dialog, "１１０１０５ １９４９１２３１ ００２ｘ")
    assert dialog.form.errors() == {}
    assert dialog.save_button.isEnabled()
    assert "1949-12-31" in dialog.derived_label.text()

    dialog.save_button.click()
    assert dialog.saved is not None
    assert dialog.saved.id_number == ZHANG_LI


def test_gender_that_disagrees_with_the_id_is_reported_on_the_gender_field(
    qtbot: QtBot, session: AppSession, school: int
) -> None:
    dialog = _dialog(qtbot, session)
    _fill_valid(dialog, FEMALE_1985)
    dialog.gender_combo.setCurrentIndex(dialog.gender_combo.findData("男"))
    message = dialog.form.error_text("gender")
    assert "显示为女" in message
    assert "填写的性别为男" in message
    assert dialog.form.error_text("id_number") == ""
    assert not dialog.save_button.isEnabled()

    dialog.gender_combo.setCurrentIndex(dialog.gender_combo.findData("女"))
    assert dialog.form.error_text("gender") == ""
    assert dialog.save_button.isEnabled()


def test_saving_creates_the_teacher_and_announces_the_change(
    qtbot: QtBot, session: AppSession, school: int
) -> None:
    dialog = _dialog(qtbot, session)
    _fill_valid(dialog)
    dialog.phone_edit.setText("13800138000")
    dialog.subject_combo.setCurrentIndex(dialog.subject_combo.findText("数学"))
    dialog.title_combo.setCurrentIndex(dialog.title_combo.findText("一级教师"))
    with qtbot.waitSignal(session.tasks.data_changed, timeout=1000) as signal:
        dialog.save_button.click()
    changes = signal.args[0]
    assert isinstance(changes, Changes) and changes.touches("teachers")
    assert dialog.result() == TeacherDialog.DialogCode.Accepted
    saved = dialog.saved
    assert saved is not None
    stored = session.workspace.teachers.find_by_id_number(MALE_1980)
    assert stored.id == saved.id
    assert stored.name == "王芳"
    assert stored.school_code == "2151000001"
    assert stored.gender == "male"
    assert stored.subject_code == "02"
    assert stored.title_code == "3"
    assert stored.phone == "13800138000"


def test_duplicate_id_keeps_the_dialog_open_and_names_the_teacher(
    qtbot: QtBot, school_session: AppSession
) -> None:
    dialog = _dialog(qtbot, school_session)
    _fill_valid(dialog, ZHANG_LI)
    assert dialog.save_button.isEnabled()
    dialog.save_button.click()

    assert dialog.saved is None
    assert dialog.result() != TeacherDialog.DialogCode.Accepted
    message = dialog.form.error_text("id_number")
    assert "张丽" in message
    assert "温江区实验小学" in message
    assert dialog.id_edit.text() == ZHANG_LI
    assert dialog.name_edit.text() == "王芳"
    assert dialog.school_combo.currentText() == SCHOOL
    assert not dialog.save_button.isEnabled()  # saving again would fail the same way

    dialog.show()
    qtbot.waitExposed(dialog)

    # Another field changed: the refusal still stands for this ID.
    dialog.phone_edit.setText("13800138000")
    assert "张丽" in dialog.form.error_text("id_number")
    dialog.id_edit.setText(FEMALE_1985)
    assert dialog.form.error_text("id_number") == ""
    assert dialog.save_button.isEnabled()
    dialog.save_button.click()
    assert dialog.saved is not None


def test_school_must_be_one_of_the_active_schools(
    qtbot: QtBot, session: AppSession, school: int
) -> None:
    dialog = _dialog(qtbot, session)
    _fill_valid(dialog)
    dialog.school_combo.setEditText("不存在的学校")
    assert "不存在的学校" in dialog.form.error_text("school")
    assert not dialog.save_button.isEnabled()
    # The code alone, or the full name, is enough.
    dialog.school_combo.setEditText("2151000001")
    assert dialog.form.error_text("school") == ""
    dialog.school_combo.setEditText("温江区实验小学")
    assert dialog.save_button.isEnabled()
    dialog.school_combo.setEditText("")
    assert "所在学校不能为空" in dialog.form.error_text("school")


def test_only_current_titles_are_offered(qtbot: QtBot, session: AppSession, school: int) -> None:
    dialog = _dialog(qtbot, session)
    titles = [dialog.title_combo.itemText(i) for i in range(dialog.title_combo.count())]
    assert "高级教师" in titles
    assert "中学高级教师" not in titles
    assert dialog.title_combo.itemData(0) == ""


def test_editing_keeps_the_school_read_only(qtbot: QtBot, school_session: AppSession) -> None:
    teachers = school_session.workspace.teachers
    record = teachers.find_by_id_number(ZHANG_LI)
    dialog = TeacherDialog(school_session, record)
    qtbot.addWidget(dialog)
    assert dialog.id_edit.text() == ZHANG_LI
    assert not dialog.school_combo.isEnabled()
    assert dialog.school_combo.currentText() == SCHOOL
    assert dialog.school_note.text()
    assert dialog.save_button.isEnabled()

    dialog.name_edit.setText("张丽华")
    dialog.title_combo.setCurrentIndex(dialog.title_combo.findText("高级教师"))
    dialog.save_button.click()
    assert dialog.saved is not None
    stored = teachers.get(record.id)
    assert stored.name == "张丽华"
    assert stored.title_code == "2"
    assert stored.version > record.version


def test_stale_edit_is_shown_above_the_form(qtbot: QtBot, school_session: AppSession) -> None:
    teachers = school_session.workspace.teachers
    record = teachers.find_by_id_number(ZHANG_LI)
    dialog = TeacherDialog(school_session, record)
    qtbot.addWidget(dialog)
    # Someone else saves the teacher while the dialog is open.
    teachers.update(
        record.id,
        {"id_number": ZHANG_LI, "name": "张丽", "school": "2151000001", "phone": "13900139000"},
        version=record.version,
    )
    dialog.name_edit.setText("张丽华")
    dialog.save_button.click()
    assert dialog.saved is None
    assert "已被他人修改" in dialog.form.top_error.text()
    assert dialog.name_edit.text() == "张丽华"
