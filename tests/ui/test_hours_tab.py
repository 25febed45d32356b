"""The 学时 tab: totals and verdicts, filters, the ledger, edits, the preset switch, outputs,
the institution import dialog, and the window's Hours menu."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from nlts_desktop.paths import data_paths
from nlts_desktop.services.demo import create_demo
from nlts_desktop.services.hours import TeacherHours
from nlts_desktop.ui.dialogs.hour_entry_dialog import BulkHourDialog, HourEntryDialog
from nlts_desktop.ui.dialogs.hours_import_dialog import HoursImportDialog
from nlts_desktop.ui.main_window import MainWindow
from nlts_desktop.ui.models import hours_table_model as hc
from nlts_desktop.ui.session import AppSession, Changes
from nlts_desktop.ui.settings import UiSettings
from nlts_desktop.ui.tabs.hours_tab import HoursTab
from nlts_desktop.ui.tasks import TaskRunner


@pytest.fixture
def demo_session(tasks: TaskRunner, tmp_path: Path) -> Iterator[AppSession]:
    """A generated county of 300 teachers with projects and hours (四川 2.0)."""
    workspace, _summary = create_demo(data_paths(tmp_path / "demo"), teachers=300, seed=1)
    yield AppSession(
        workspace=workspace, tasks=tasks, settings=UiSettings(tmp_path / "ui-settings.ini")
    )
    workspace.close()


@pytest.fixture
def tab(demo_session: AppSession, qtbot: QtBot) -> HoursTab:
    """A shown, loaded hours tab over the demo."""
    tab = HoursTab(demo_session)
    qtbot.addWidget(tab)
    tab.resize(1400, 800)
    tab.show()
    qtbot.waitExposed(tab)
    tab.reload()
    return tab


@pytest.fixture
def quiet(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Information boxes recorded instead of shown."""
    said: list[str] = []

    def information(_parent: object, _title: str, text: str, *_args: object) -> Any:
        said.append(text)
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "information", information)
    return said


def shown(tab: HoursTab) -> list[TeacherHours]:
    return tab.model.visible_rows()


def by_id(rows: list[TeacherHours]) -> dict[int, TeacherHours]:
    return {r.teacher_id: r for r in rows}


def select(tab: HoursTab, qtbot: QtBot, teacher_id: int) -> None:
    """Make a teacher the current row and wait for their ledger."""
    rows = tab.model.view_rows_of({teacher_id})
    tab.view.selectRow(rows[0])
    qtbot.waitUntil(
        lambda: tab._ledger_teacher is not None and tab._ledger_teacher.teacher_id == teacher_id,
        timeout=2000,
    )


def save_to(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))


def test_lists_every_active_teacher_with_totals_and_verdicts(
    tab: HoursTab, demo_session: AppSession
) -> None:
    expected = demo_session.workspace.hours.teacher_hours()
    qualified = sum(t.qualified for t in expected)
    assert tab.model.total_count() == len(expected) > 0
    assert tab.model.rowCount() == len(expected)
    assert f"{len(expected)} of {len(expected)} teachers; {qualified} qualified" == (
        tab.count_label.text()
    )
    model = tab.model
    rows = shown(tab)
    good = next(n for n, r in enumerate(rows) if r.qualified)
    short = next(n for n, r in enumerate(rows) if not r.qualified)
    teacher = rows[short]

    def cell(row: int, column: int, role: Qt.ItemDataRole = Qt.ItemDataRole.DisplayRole) -> Any:
        return model.data(model.index(row, column), role)

    assert cell(short, hc.NAME) == teacher.name
    assert cell(short, hc.ONLINE) == f"{teacher.online:g}"
    assert ".0" not in cell(short, hc.TOTAL)
    assert cell(short, hc.RESULT) == "Not qualified"
    assert cell(good, hc.RESULT) == "Qualified"
    assert cell(short, hc.REASONS) == "".join(teacher.verdict.reasons)
    assert "还差" in cell(short, hc.REASONS)
    assert cell(short, hc.ASSESSMENT) in {"Passed", "Failed", "Pending"}
    brush = cell(short, hc.NAME, Qt.ItemDataRole.ForegroundRole)
    assert isinstance(brush, QBrush)
    assert brush.color().name() == hc.SHORT_COLOR
    assert cell(good, hc.NAME, Qt.ItemDataRole.ForegroundRole) is None


def test_half_hours_show_without_trailing_zero(
    tab: HoursTab, demo_session: AppSession, qtbot: QtBot
) -> None:
    teacher = shown(tab)[0]
    demo_session.workspace.hours.add(
        {
            "teacher_id": teacher.teacher_id,
            "category": "other",
            "hours": 2.5,
            "date": "2021-03-03",
        }
    )
    demo_session.tasks.data_changed.emit(Changes.of("hours"))
    row = tab.model.view_rows_of({teacher.teacher_id})[0]
    assert tab.model.data(tab.model.index(row, hc.OTHER)) == f"{teacher.other + 2.5:g}"
    assert tab.model.data(tab.model.index(row, hc.OTHER)).endswith(".5")


def test_short_of_filters(tab: HoursTab, demo_session: AppSession) -> None:
    hours = demo_session.workspace.hours
    combo = tab.short_filter
    for choice in ("online", "practice", "total", "assessment"):
        combo.setCurrentIndex(combo.findData(choice))
        expected = {t.teacher_id for t in hours.still_short(short_of=choice)}
        assert {t.teacher_id for t in shown(tab)} == expected
        assert expected, choice
    combo.setCurrentIndex(combo.findData(hc.UNQUALIFIED))
    assert all(not t.qualified for t in shown(tab))
    assert len(shown(tab)) == len(hours.still_short())
    combo.setCurrentIndex(combo.findData(hc.QUALIFIED))
    assert shown(tab) and all(t.qualified for t in shown(tab))
    assert tab.count_label.text().endswith(f"; {len(shown(tab))} qualified")
    combo.setCurrentIndex(0)
    assert tab.model.rowCount() == tab.model.total_count()


def test_school_filter_and_search(tab: HoursTab, qtbot: QtBot) -> None:
    combo = tab.school_filter
    assert combo.count() > 2
    combo.setCurrentIndex(2)
    school_id = combo.currentData()
    assert shown(tab) and all(t.school_id == school_id for t in shown(tab))
    combo.setCurrentIndex(0)
    someone = shown(tab)[5]
    tab.search.setText(someone.id_number)
    qtbot.waitUntil(lambda: not tab._search_timer.isActive(), timeout=2000)
    assert [t.teacher_id for t in shown(tab)] == [someone.teacher_id]


def test_year_and_project_filters_count_again(tab: HoursTab, demo_session: AppSession) -> None:
    hours = demo_session.workspace.hours
    assert [tab.year_filter.itemData(i) for i in range(tab.year_filter.count())] == [
        None,
        2020,
        2021,
        2022,
    ]
    tab.year_filter.setCurrentIndex(tab.year_filter.findData(2021))
    expected = by_id(hours.teacher_hours(year=2021))
    got = by_id(shown(tab))
    assert got.keys() == expected.keys()
    assert all(got[k].online == expected[k].online for k in got)
    assert sum(t.online for t in got.values()) < sum(t.online for t in hours.teacher_hours())
    tab.year_filter.setCurrentIndex(0)
    project = tab.project_filter.itemData(1)
    tab.project_filter.setCurrentIndex(1)
    members = by_id(hours.teacher_hours(project_id=project))
    assert by_id(shown(tab)).keys() == members.keys()
    assert 0 < len(members) < len(hours.teacher_hours())


def test_selecting_a_teacher_shows_the_ledger_and_verdict(
    tab: HoursTab, demo_session: AppSession, qtbot: QtBot
) -> None:
    hours = demo_session.workspace.hours
    teacher = next(t for t in shown(tab) if hours.ledger(t.teacher_id) and not t.qualified)
    select(tab, qtbot, teacher.teacher_id)
    entries = hours.ledger(teacher.teacher_id)
    assert tab.ledger_model.rowCount() == len(entries)
    assert teacher.name in tab.ledger_title.text()
    first = tab.ledger_model.index(0, hc.L_HOURS)
    assert tab.ledger_model.data(first) == f"{entries[0].hours:g}"
    category = tab.ledger_model.data(tab.ledger_model.index(0, hc.L_CATEGORY))
    assert category == entries[0].category_label
    assert f"{len(entries)} records" in tab.summary_label.text()
    assert "not qualified" in tab.summary_label.text()
    assert tab.reasons_label.text() == "\n".join(teacher.verdict.reasons)
    assert tab.add_button.isEnabled()
    assert not tab.edit_button.isEnabled()
    tab.ledger_view.selectRow(0)
    assert tab.edit_button.isEnabled()


def test_adding_an_entry_through_the_dialog_updates_the_totals(
    tab: HoursTab, demo_session: AppSession, qtbot: QtBot
) -> None:
    teacher = next(t for t in shown(tab) if t.verdict.practice_short > 10)
    select(tab, qtbot, teacher.teacher_id)
    before = tab.ledger_model.rowCount()
    dialog = HourEntryDialog(demo_session, teacher=tab.current_teacher() or teacher, parent=tab)
    qtbot.addWidget(dialog)
    dialog.category_combo.setCurrentIndex(dialog.category_combo.findData("practice"))
    dialog.year_combo.setCurrentIndex(dialog.year_combo.findData(2021))
    dialog.date_edit.setDate(QDate(2021, 4, 12))
    dialog.hours_edit.setText("10")
    dialog.save_button.click()
    assert dialog.saved is not None
    after = by_id(shown(tab))[teacher.teacher_id]
    assert after.practice == teacher.practice + 10
    qtbot.waitUntil(lambda: tab.ledger_model.rowCount() == before + 1, timeout=2000)
    assert str(teacher.practice + 10).removesuffix(".0") in tab.summary_label.text()
    # The teacher stays selected across the reload.
    assert tab.current_teacher() is not None
    assert tab.current_teacher().teacher_id == teacher.teacher_id  # type: ignore[union-attr]


def test_deleting_a_hand_entry(
    tab: HoursTab, demo_session: AppSession, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    teacher = shown(tab)[3]
    demo_session.workspace.hours.add(
        {"teacher_id": teacher.teacher_id, "category": "other", "hours": 1, "date": "2022-02-02"}
    )
    demo_session.tasks.data_changed.emit(Changes.of("hours"))
    select(tab, qtbot, teacher.teacher_id)
    row = next(
        n
        for n, e in enumerate(tab.ledger_model.entries())
        if e.source == "manual" and e.record_date == date(2022, 2, 2)
    )
    tab.ledger_view.selectRow(row)
    assert tab.delete_button.isEnabled()
    count = tab.ledger_model.rowCount()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    tab.delete_button.click()
    qtbot.waitUntil(lambda: tab.ledger_model.rowCount() == count - 1, timeout=2000)


def test_imported_entries_cannot_be_deleted(
    tab: HoursTab, demo_session: AppSession, qtbot: QtBot
) -> None:
    hours = demo_session.workspace.hours
    teacher = next(
        t for t in shown(tab) if any(e.source == "imported" for e in hours.ledger(t.teacher_id))
    )
    select(tab, qtbot, teacher.teacher_id)
    row = next(n for n, e in enumerate(tab.ledger_model.entries()) if e.source == "imported")
    tab.ledger_view.selectRow(row)
    assert tab.edit_button.isEnabled()
    assert not tab.delete_button.isEnabled()
    dialog = HourEntryDialog(
        demo_session, teacher=teacher, entry=tab.ledger_model.entry_at(row), parent=tab
    )
    qtbot.addWidget(dialog)
    assert not dialog.hours_edit.isEnabled()
    assert dialog.note_edit.isEnabled()
    dialog.note_edit.setPlainText("已核对")
    dialog.save_button.click()
    assert dialog.saved is not None
    assert dialog.saved.note == "已核对"


def test_switching_the_preset_changes_the_verdicts(tab: HoursTab, demo_session: AppSession) -> None:
    assert tab.model.qualified_count() > 0
    demo_session.workspace.hours.set_preset("anhui-2.0")  # 30 + 30: nobody has 30 online
    demo_session.tasks.data_changed.emit(Changes.of("preset"))
    assert tab.model.qualified_count() == 0
    assert all("online_short" in t.verdict.reason_codes for t in shown(tab))
    assert "要求不少于 30 学时" in "".join(shown(tab)[0].verdict.reasons)
    assert tab.count_label.text().endswith("; 0 qualified")


def test_hidden_tab_reloads_when_shown(tab: HoursTab, demo_session: AppSession) -> None:
    tab.hide()
    demo_session.workspace.hours.set_preset("anhui-2.0")
    demo_session.tasks.data_changed.emit(Changes.of("hours"))
    assert tab.model.qualified_count() > 0  # not yet: hidden
    tab.show()
    assert tab.model.qualified_count() == 0


def test_bulk_entry_for_the_selection(
    tab: HoursTab, demo_session: AppSession, qtbot: QtBot
) -> None:
    tab.view.selectRow(0)
    tab.view.selectionModel().select(
        tab.model.index(2, 0),
        tab.view.selectionModel().SelectionFlag.Select
        | tab.view.selectionModel().SelectionFlag.Rows,
    )
    chosen = tab.selected_teachers()
    assert len(chosen) == 2
    dialog = BulkHourDialog(demo_session, [t.teacher_id for t in chosen], tab)
    qtbot.addWidget(dialog)
    dialog.category_combo.setCurrentIndex(dialog.category_combo.findData("online"))
    dialog.year_combo.setCurrentIndex(dialog.year_combo.findData(2022))
    dialog.date_edit.setDate(QDate(2022, 3, 1))
    dialog.hours_edit.setText("4")
    dialog.save_button.click()
    assert dialog.added == 2
    after = by_id(shown(tab))
    for teacher in chosen:
        assert after[teacher.teacher_id].online == teacher.online + 4


def test_export_still_short_writes_the_shown_unqualified_teachers(
    tab: HoursTab, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, quiet: list[str]
) -> None:
    tab.school_filter.setCurrentIndex(1)
    expected = [t for t in shown(tab) if not t.qualified]
    out = tmp_path / "short"
    save_to(monkeypatch, out)
    tab.export_still_short()
    path = out.with_suffix(".xlsx")
    assert path.exists()
    sheet = openpyxl.load_workbook(path).worksheets[0]
    values = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
    header = values.index(
        ["姓名", "身份证号", "学校", "网络研修", "校本实践", "合计", "考核", "原因"]
    )
    body = values[header + 1 :]
    assert [r[1] for r in body] == [t.id_number for t in expected]
    assert body[0][7] == "".join(expected[0].verdict.reasons)
    assert quiet and f"{len(expected)} teachers" in quiet[-1]


def test_print_ledgers_of_the_selected_teachers(
    tab: HoursTab, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, quiet: list[str]
) -> None:
    tab.view.selectRow(0)
    out = tmp_path / "ledger.pdf"
    save_to(monkeypatch, out)
    tab.print_ledgers()
    assert out.exists()
    assert out.read_bytes().startswith(b"%PDF")
    assert quiet and "pages" in quiet[-1] and str(out) in quiet[-1]


def test_school_hours_summary_form(
    tab: HoursTab, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, quiet: list[str]
) -> None:
    out = tmp_path / "summary.xlsx"
    save_to(monkeypatch, out)
    tab.export_school_hours_summary()
    assert out.exists()
    assert quiet and str(out) in quiet[-1]


def _export_file(path: Path, rows: list[TeacherHours], hours_header: str = "获得学时") -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["学员姓名", "身份证号", hours_header, "完成时间"])
    for n, teacher in enumerate(rows):
        sheet.append([teacher.name, teacher.id_number, 2 + n % 2, f"2021-07-{10 + n:02d}"])
    book.save(path)
    return path


def test_import_dialog_checks_previews_and_imports(
    tab: HoursTab, demo_session: AppSession, qtbot: QtBot, tmp_path: Path
) -> None:
    teachers = shown(tab)[:5]
    source = _export_file(tmp_path / "机构导出.xlsx", teachers)
    dialog = HoursImportDialog(demo_session, tab)
    qtbot.addWidget(dialog)
    assert dialog.institution_combo.count() > 0
    institution = dialog.institution_combo.currentData()
    dialog.path_edit.setText(str(source))
    # No project column: the project must be chosen.
    dialog.check_file()
    assert dialog.plan is None
    assert "项目" in dialog.message_label.text()
    assert dialog.project_combo.count() > 1
    dialog.project_combo.setCurrentIndex(1)
    dialog.check_file()
    assert dialog.plan is not None
    assert "New 5" in dialog.counts_label.text()
    assert dialog.import_button.isEnabled()
    with qtbot.waitSignal(demo_session.tasks.data_changed):
        dialog.import_button.click()
    assert dialog.summary is not None and dialog.summary.new == 5
    assert by_id(shown(tab))[teachers[0].teacher_id].online == teachers[0].online + 2

    # The same file again changes nothing.
    dialog.check_file()
    assert dialog.plan is not None
    assert "unchanged 5" in dialog.counts_label.text()
    assert not dialog.import_button.isEnabled()

    # A renamed column: the saved matching no longer fits, so the dialog asks.
    renamed = _export_file(tmp_path / "机构导出2.xlsx", teachers, hours_header="学时数（新）")
    dialog.path_edit.setText(str(renamed))
    dialog.check_file()
    assert dialog.plan is None
    assert institution in dialog.message_label.text()
    assert dialog.mapping_panel.isVisibleTo(dialog)
    assert not dialog.recheck_button.isEnabled()  # 学时 is not matched yet
    dialog.set_field("学时数（新）", "hours")
    assert dialog.recheck_button.isEnabled()
    dialog.check_with_mapping()
    assert dialog.plan is not None
    assert not dialog.mapping_panel.isVisibleTo(dialog)
    assert dialog.plan.mapping["学时数（新）"] == "hours"


def test_import_dialog_rejected_rows(
    tab: HoursTab, demo_session: AppSession, qtbot: QtBot, tmp_path: Path
) -> None:
    teachers = shown(tab)[:3]
    source = _export_file(tmp_path / "bad.xlsx", teachers)
    book = openpyxl.load_workbook(source)
    sheet = book.worksheets[0]
    sheet["C3"] = "-1"
    book.save(source)
    dialog = HoursImportDialog(demo_session, tab)
    qtbot.addWidget(dialog)
    dialog.path_edit.setText(str(source))
    dialog.project_combo.setCurrentIndex(1)
    dialog.check_file()
    assert dialog.plan is not None
    assert dialog.issues_model.rowCount() == 1
    assert not dialog.import_button.isEnabled()
    assert dialog.report_button.isEnabled()
    dialog.valid_only.setChecked(True)
    assert dialog.import_button.isEnabled()
    dialog.import_button.click()
    assert dialog.summary is not None and dialog.summary.new == 2


def test_main_window_has_the_hours_tab_and_menu(demo_session: AppSession, qtbot: QtBot) -> None:
    window = MainWindow(demo_session)
    qtbot.addWidget(window)
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert titles[titles.index("Teachers") + 1] == "Hours"
    assert window.hours_tab.model.total_count() > 0  # loaded at start, ready when opened
    menus = {a.text(): a.menu() for a in window.menuBar().actions()}
    hours_menu = menus["H&ours"]
    assert hours_menu is not None
    texts = [a.text() for a in hours_menu.actions() if a.text()]
    assert texts == [
        "New &Hour Record…",
        "&Bulk Entry for Selected Teachers…",
        "&Import Institution Export…",
        "Export &Still-Short List…",
        "&Print Hour Records (PDF)…",
    ]
    assert window.act_new_hours.shortcut().toString() == "Ctrl+H"
    file_menu = menus["&File"]
    assert file_menu is not None
    forms = next(a.menu() for a in file_menu.actions() if a.text() == "Official Forms")
    assert forms is not None
    # The hours issue's four forms come first (issue 7 adds the planning forms after them).
    assert [a.text() for a in forms.actions()][:4] == [
        "Project Design Form…",
        "Trainee Change Form…",
        "Institution List…",
        "School Hours Summary…",
    ]
    window.close()
