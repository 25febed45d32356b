"""HourEntryDialog / BulkHourDialog: the preset's hour rule as the user types, the date in the
year, 区县认定 needs its unit, refusals of the service shown in the dialog with the input kept."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate
from pytestqt.qtbot import QtBot

from nlts_desktop.services.hours import HourEntry
from nlts_desktop.ui.dialogs.hour_entry_dialog import BulkHourDialog, HourEntryDialog
from nlts_desktop.ui.session import AppSession, Changes


def _teachers(session: AppSession) -> dict[str, int]:
    return {t.name: t.teacher_id for t in session.workspace.hours.teacher_hours()}


def _dialog(
    qtbot: QtBot, session: AppSession, name: str = "张丽", entry: HourEntry | None = None
) -> HourEntryDialog:
    dialog = HourEntryDialog(session, teacher=(_teachers(session)[name], name), entry=entry)
    qtbot.addWidget(dialog)
    return dialog


def _fill(
    dialog: HourEntryDialog | BulkHourDialog,
    *,
    hours: str = "2.5",
    category: str = "practice",
    year: int = 2021,
    when: date = date(2021, 5, 20),
) -> None:
    dialog.category_combo.setCurrentIndex(dialog.category_combo.findData(category))
    dialog.year_combo.setCurrentIndex(dialog.year_combo.findData(year))
    dialog.date_edit.setDate(QDate(when.year, when.month, when.day))
    dialog.hours_edit.setText(hours)


def test_new_dialog_shows_no_errors_and_cannot_be_saved(
    qtbot: QtBot, school_session: AppSession
) -> None:
    dialog = _dialog(qtbot, school_session)
    assert dialog.form.errors() == {}
    assert not dialog.save_button.isEnabled()
    # The combos come from the preset (四川 2.0: 2020–2022) and the categories.
    assert [dialog.year_combo.itemData(i) for i in range(dialog.year_combo.count())] == [
        2020,
        2021,
        2022,
    ]
    labels = [dialog.category_combo.itemText(i) for i in range(dialog.category_combo.count())]
    assert labels == ["网络研修", "校本实践应用", "其他"]
    assert "张丽" in dialog.windowTitle()


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("-1", "必须大于 0"),
        ("abc", "不是有效的学时数"),
        ("2.3", "0.5 学时为单位"),
        ("30", "一天最多可登记的 24 学时"),
    ],
)
def test_invalid_hours_mark_the_field_red_with_the_reason_and_block_save(
    qtbot: QtBot, school_session: AppSession, typed: str, reason: str
) -> None:
    dialog = _dialog(qtbot, school_session)
    _fill(dialog, hours=typed)
    assert reason in dialog.form.error_text("hours")
    assert dialog.form.has_error("hours")
    assert "border" in dialog.hours_edit.styleSheet()
    assert not dialog.save_button.isEnabled()

    dialog.hours_edit.setText("2.5")
    assert dialog.form.error_text("hours") == ""
    assert not dialog.form.has_error("hours")
    assert dialog.save_button.isEnabled()


def test_date_must_lie_in_the_chosen_year(qtbot: QtBot, school_session: AppSession) -> None:
    dialog = _dialog(qtbot, school_session)
    _fill(dialog, year=2021, when=date(2022, 1, 5))
    assert dialog.form.has_error("date")
    assert "2022-01-05" in dialog.form.error_text("date")
    assert not dialog.save_button.isEnabled()
    dialog.year_combo.setCurrentIndex(dialog.year_combo.findData(2022))
    assert not dialog.form.has_error("date")
    assert dialog.save_button.isEnabled()


def test_untouched_date_follows_the_year(qtbot: QtBot, school_session: AppSession) -> None:
    dialog = _dialog(qtbot, school_session)
    dialog.year_combo.setCurrentIndex(dialog.year_combo.findData(2020))
    assert dialog.date_edit.date().year() == 2020


def test_save_adds_the_entry_and_announces_hours(qtbot: QtBot, school_session: AppSession) -> None:
    dialog = _dialog(qtbot, school_session)
    _fill(dialog, hours="2.5")
    dialog.note_edit.setPlainText("教研活动")
    with qtbot.waitSignal(school_session.tasks.data_changed) as signal:
        dialog.save_button.click()
    assert signal.args == [Changes.of("hours")]
    assert dialog.saved is not None
    assert dialog.saved.hours == 2.5
    assert dialog.saved.category == "practice"
    assert dialog.saved.record_date == date(2021, 5, 20)
    assert dialog.saved.note == "教研活动"
    assert dialog.result() == dialog.DialogCode.Accepted


def test_certified_hours_need_the_certifying_unit(qtbot: QtBot, school_session: AppSession) -> None:
    dialog = _dialog(qtbot, school_session)
    dialog.show()
    _fill(dialog)
    assert not dialog.certified_edit.isVisible()
    dialog.source_combo.setCurrentIndex(dialog.source_combo.findData("certified"))
    assert dialog.certified_edit.isVisible()
    assert dialog.form.has_error("certified_by")
    assert not dialog.save_button.isEnabled()
    dialog.certified_edit.setText("温江区教育局")
    assert dialog.save_button.isEnabled()
    dialog.save_button.click()
    assert dialog.saved is not None
    assert dialog.saved.source == "certified"
    assert dialog.saved.certified_by == "温江区教育局"


def test_over_a_day_is_refused_in_the_dialog_with_the_input_kept(
    qtbot: QtBot, school_session: AppSession
) -> None:
    hours = school_session.workspace.hours
    teacher = _teachers(school_session)["张丽"]
    hours.add({"teacher_id": teacher, "category": "online", "hours": 20, "date": "2021-05-20"})
    dialog = _dialog(qtbot, school_session)
    _fill(dialog, hours="10")
    dialog.save_button.click()
    assert dialog.saved is None
    assert dialog.result() != dialog.DialogCode.Accepted
    assert "一天最多" in dialog.form.top_error.text()
    assert dialog.hours_edit.text() == "10"
    # Another day fits: the refusal goes with the change.
    dialog.date_edit.setDate(QDate(2021, 5, 21))
    assert dialog.form.top_error.text() == ""
    assert dialog.save_button.isEnabled()
    dialog.save_button.click()
    assert dialog.saved is not None


def test_the_same_record_twice_is_refused(qtbot: QtBot, school_session: AppSession) -> None:
    first = _dialog(qtbot, school_session)
    _fill(first)
    first.save_button.click()
    assert first.saved is not None
    second = _dialog(qtbot, school_session)
    _fill(second)
    second.save_button.click()
    assert second.saved is None
    assert "相同的学时记录" in second.form.top_error.text()


def test_editing_keeps_the_entry_and_checks_its_fields(
    qtbot: QtBot, school_session: AppSession
) -> None:
    teacher = _teachers(school_session)["李明"]
    entry = school_session.workspace.hours.add(
        {"teacher_id": teacher, "category": "online", "hours": 4, "date": "2020-10-08"}
    )
    dialog = _dialog(qtbot, school_session, "李明", entry)
    assert dialog.hours_edit.text() == "4"
    assert dialog.year_combo.currentData() == 2020
    assert dialog.date_edit.date() == QDate(2020, 10, 8)
    assert dialog.save_button.isEnabled()
    dialog.hours_edit.setText("4.3")
    assert dialog.form.has_error("hours")  # an existing record shows errors at once
    dialog.hours_edit.setText("6")
    dialog.save_button.click()
    assert dialog.saved is not None
    assert dialog.saved.id == entry.id
    assert dialog.saved.hours == 6
    assert dialog.saved.version == entry.version + 1


def test_bulk_entry_saves_for_every_teacher(qtbot: QtBot, school_session: AppSession) -> None:
    ids = list(_teachers(school_session).values())
    dialog = BulkHourDialog(school_session, ids)
    qtbot.addWidget(dialog)
    assert "2" in dialog.windowTitle()
    _fill(dialog, hours="3", category="online")
    dialog.save_button.click()
    assert dialog.added == 2
    for teacher in ids:
        assert [e.hours for e in school_session.workspace.hours.ledger(teacher)] == [3]


def test_bulk_entry_is_all_or_nothing_and_names_the_teacher(
    qtbot: QtBot, school_session: AppSession
) -> None:
    teachers = _teachers(school_session)
    hours = school_session.workspace.hours
    hours.add(
        {"teacher_id": teachers["李明"], "category": "online", "hours": 3, "date": "2021-05-20"}
    )
    dialog = BulkHourDialog(school_session, list(teachers.values()))
    qtbot.addWidget(dialog)
    _fill(dialog, hours="3", category="online")
    dialog.save_button.click()
    assert dialog.added is None
    message = dialog.form.top_error.text()
    assert "李明" in message
    assert "全部没有登记" in message
    assert hours.ledger(teachers["张丽"]) == []
