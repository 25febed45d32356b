"""The 教师 tab: search, filters, header sorting, copy, reload on change, actions, layout."""

from __future__ import annotations

import sys
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QTableView
from pytestqt.qtbot import QtBot

from nlts_desktop.paths import data_paths
from nlts_desktop.services.demo import create_demo
from nlts_desktop.services.records import TeacherRow
from nlts_desktop.ui.models import teacher_table_model as tc
from nlts_desktop.ui.session import AppSession, Changes
from nlts_desktop.ui.settings import UiSettings
from nlts_desktop.ui.tabs import table_tab as table_tab_module
from nlts_desktop.ui.tabs.teachers_tab import TeachersTab
from nlts_desktop.ui.tasks import TaskRunner

ASC = Qt.SortOrder.AscendingOrder
DESC = Qt.SortOrder.DescendingOrder


@pytest.fixture
def demo_session(tasks: TaskRunner, tmp_path: Path) -> Iterator[AppSession]:
    """A generated county of 500 teachers (deterministic by seed)."""
    workspace, _summary = create_demo(data_paths(tmp_path / "demo"), teachers=500, seed=1)
    yield AppSession(
        workspace=workspace, tasks=tasks, settings=UiSettings(tmp_path / "ui-settings.ini")
    )
    workspace.close()


def open_tab(session: AppSession, qtbot: QtBot) -> TeachersTab:
    """A shown, loaded teachers tab."""
    tab = TeachersTab(session)
    qtbot.addWidget(tab)
    tab.resize(1400, 700)
    tab.show()
    qtbot.waitExposed(tab)
    tab.reload()
    return tab


@pytest.fixture
def tab(school_session: AppSession, qtbot: QtBot) -> TeachersTab:
    """The tab over one school with 张丽 and 李明."""
    return open_tab(school_session, qtbot)


@pytest.fixture
def demo_tab(demo_session: AppSession, qtbot: QtBot) -> TeachersTab:
    """The tab over the 500-teacher demo."""
    return open_tab(demo_session, qtbot)


def shown(tab: TeachersTab) -> list[TeacherRow]:
    """Rows in view order."""
    return [tab.model.row_at(r) for r in range(tab.model.rowCount())]


def search(tab: TeachersTab, qtbot: QtBot, text: str) -> None:
    """Type into the search box (setText: Chinese cannot be typed with QTest) and wait."""
    tab.search.setText(text)
    qtbot.waitUntil(lambda: not tab._search_timer.isActive(), timeout=2000)


def click_header(tab: TeachersTab, qtbot: QtBot, column: int) -> None:
    """Click a column title, as the user sorts."""
    header = tab.view.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(
        header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2)
    )


def select_names(tab: TeachersTab, *names: str) -> None:
    """Select the rows of the named teachers."""
    rows = [r for r in range(tab.model.rowCount()) if tab.model.row_at(r).name in names]
    table_tab_module.select_view_rows(tab.view, rows, rows[0])


# loading, search, count ----------------------------------------------------------------------
def test_loads_roster_with_count(tab: TeachersTab) -> None:
    assert [r.name for r in shown(tab)] == ["张丽", "李明"]
    assert tab.count_label.text() == "2 of 2 teachers"
    view: QTableView = tab.view
    assert view.isSortingEnabled()
    assert view.verticalHeader().isHidden()
    assert view.alternatingRowColors()
    assert view.selectionMode() is QTableView.SelectionMode.ExtendedSelection
    assert tab.search.placeholderText() == "Search name, ID number, school or phone"
    assert tab.search.isClearButtonEnabled()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("张", ["张丽"]),
        ("11010519491231002x", ["张丽"]),
        ("4405", ["李明"]),
        ("实验小学", ["张丽", "李明"]),
        ("2151000001", ["张丽", "李明"]),
        ("nobody", []),
    ],
)
def test_search_by_name_id_school(
    tab: TeachersTab, qtbot: QtBot, text: str, expected: list[str]
) -> None:
    search(tab, qtbot, text)
    assert [r.name for r in shown(tab)] == expected
    assert tab.count_label.text() == f"{len(expected)} of 2 teachers"


def test_search_by_phone_typed(
    demo_tab: TeachersTab, demo_session: AppSession, qtbot: QtBot
) -> None:
    target = next(r for r in demo_session.workspace.teachers.table_rows() if r.phone)
    assert target.phone is not None
    # ASCII digits can be typed for real; the search waits for the typing to pause.
    qtbot.keyClicks(demo_tab.search, target.phone)
    assert demo_tab.model.rowCount() == 500
    qtbot.waitUntil(lambda: demo_tab.model.rowCount() < 500, timeout=2000)
    assert target.id in demo_tab.model.visible_ids()
    assert all(target.phone in (r.phone or "") for r in shown(demo_tab))


def test_search_debounced(tab: TeachersTab, qtbot: QtBot) -> None:
    tab.search.setText("李")
    assert tab.model.rowCount() == 2  # not yet: 150 ms after the last keystroke
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=2000)
    tab.search.clear()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 2, timeout=2000)


def test_search_surname_in_demo(demo_tab: TeachersTab, qtbot: QtBot) -> None:
    search(demo_tab, qtbot, "王")
    rows = shown(demo_tab)
    assert rows
    assert all("王" in r.name or "王" in r.school_name for r in rows)
    assert demo_tab.count_label.text() == f"{len(rows)} of 500 teachers"


# filters ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("combo", "field", "value"),
    [
        ("stage_filter", "stage_code", "primary"),
        ("subject_filter", "subject_code", "01"),
        ("title_filter", "title_code", "3"),
        ("status_filter", "status", "inactive"),
        ("status_filter", "status", "active"),
    ],
)
def test_each_filter(
    demo_tab: TeachersTab, demo_session: AppSession, combo: str, field: str, value: str
) -> None:
    rows = demo_session.workspace.teachers.table_rows()
    expected = [r.id for r in rows if getattr(r, field) == value]
    assert 0 < len(expected) < 500
    box = getattr(demo_tab, combo)
    box.setCurrentIndex(box.findData(value))
    assert sorted(demo_tab.model.visible_ids()) == sorted(expected)
    assert demo_tab.count_label.text() == f"{len(expected)} of 500 teachers"
    box.setCurrentIndex(0)
    assert demo_tab.model.rowCount() == 500


def test_school_filter_and_search_combine(
    demo_tab: TeachersTab, demo_session: AppSession, qtbot: QtBot
) -> None:
    rows = demo_session.workspace.teachers.table_rows()
    school_id = rows[-1].school_id
    combo = demo_tab.school_filter
    assert combo.count() == 1 + len({r.school_id for r in rows})
    combo.setCurrentIndex(combo.findData(school_id))
    at_school = [r for r in rows if r.school_id == school_id]
    assert sorted(demo_tab.model.visible_ids()) == sorted(r.id for r in at_school)
    surname = at_school[0].name[0]
    search(demo_tab, qtbot, surname)
    assert sorted(demo_tab.model.visible_ids()) == sorted(
        r.id for r in at_school if surname in r.name or surname in r.school_name
    )
    # Typed text naming no school puts the chosen school's name back.
    line_edit = combo.lineEdit()
    assert line_edit is not None
    line_edit.setText("no such school")
    line_edit.editingFinished.emit()
    assert combo.currentData() == school_id
    assert combo.currentText() == at_school[0].school_name
    # Clearing it means every school.
    line_edit.setText("")
    line_edit.editingFinished.emit()
    assert combo.currentData() is None


# sorting ------------------------------------------------------------------------------------
def test_sort_by_clicking_header_both_ways(demo_tab: TeachersTab, qtbot: QtBot) -> None:
    service_order = demo_tab.model.visible_ids()
    click_header(demo_tab, qtbot, tc.NAME)
    names = [r.name for r in shown(demo_tab)]
    assert names == sorted(names)
    assert demo_tab.view.horizontalHeader().sortIndicatorOrder() == ASC
    click_header(demo_tab, qtbot, tc.NAME)
    names = [r.name for r in shown(demo_tab)]
    assert names == sorted(names, reverse=True)
    click_header(demo_tab, qtbot, tc.SCHOOL)
    schools = [r.school_name for r in shown(demo_tab)]
    assert schools == sorted(schools)
    click_header(demo_tab, qtbot, tc.SCHOOL)
    schools = [r.school_name for r in shown(demo_tab)]
    assert schools == sorted(schools, reverse=True)
    # A third click clears the sort: back to the roster's order (school code, name).
    click_header(demo_tab, qtbot, tc.SCHOOL)
    assert demo_tab.model.visible_ids() == service_order


def test_sort_survives_search_and_reload(demo_tab: TeachersTab, qtbot: QtBot) -> None:
    click_header(demo_tab, qtbot, tc.BIRTH_DATE)
    search(demo_tab, qtbot, "王")
    births = [r.birth_date for r in shown(demo_tab)]
    assert births == sorted(births)
    demo_tab.reload()
    assert [r.birth_date for r in shown(demo_tab)] == births


def test_selection_kept_by_id_across_sort_and_reload(demo_tab: TeachersTab, qtbot: QtBot) -> None:
    chosen = {demo_tab.model.row_at(r).id for r in (3, 4, 100)}
    rows = demo_tab.model.view_rows_of(chosen)
    table_tab_module.select_view_rows(demo_tab.view, rows, rows[-1])
    click_header(demo_tab, qtbot, tc.ID_NUMBER)
    assert {r.id for r in demo_tab.selected_rows()} == chosen
    demo_tab.reload()
    assert {r.id for r in demo_tab.selected_rows()} == chosen
    current = demo_tab.view.currentIndex()
    assert demo_tab.model.row_at(current.row()).id in chosen


# copy ---------------------------------------------------------------------------------------
def test_copy_puts_tsv_with_header_on_clipboard(tab: TeachersTab) -> None:
    select_names(tab, "张丽", "李明")
    tab.copy_selected()
    lines = QApplication.clipboard().text().splitlines()
    assert lines[0].split("\t") == [
        "Name",
        "ID number",
        "Gender",
        "Date of birth",
        "School",
        "Stage",
        "Subject",
        "Title",
        "Phone",
        "Status",
    ]
    assert lines[1].split("\t")[:5] == [
        "张丽",
        "11010519491231002X",
        "女",
        "1949-12-31",
        "温江区实验小学",
    ]
    assert lines[2].split("\t")[:2] == ["李明", "440524188001010014"]
    assert len(lines) == 3


# reload on change ---------------------------------------------------------------------------
def test_reloads_when_teachers_change(tab: TeachersTab, school_session: AppSession) -> None:
    school_session.workspace.teachers.create(
        {"id_number": "510115198001010021", "name": "王芳", "school": "2151000001"}
    )
    assert tab.model.rowCount() == 2
    school_session.tasks.data_changed.emit(Changes.of("hours"))
    assert tab.model.rowCount() == 2  # not our kind of change
    school_session.tasks.data_changed.emit(Changes.of("teachers"))
    assert [r.name for r in shown(tab)] == ["张丽", "李明", "王芳"]
    assert tab.count_label.text() == "3 of 3 teachers"


def test_hidden_tab_reloads_when_shown(
    tab: TeachersTab, school_session: AppSession, qtbot: QtBot
) -> None:
    tab.hide()
    school_session.workspace.schools.update(
        school_session.workspace.schools.find("2151000001").id,
        {"code": "2151000001", "name": "温江区实验学校", "urban_rural": "111", "environments": "A"},
    )
    school_session.tasks.data_changed.emit(Changes.of("schools"))
    assert shown(tab)[0].school_name == "温江区实验小学"  # not while hidden
    tab.show()
    qtbot.waitExposed(tab)
    assert shown(tab)[0].school_name == "温江区实验学校"


# deactivate / delete ------------------------------------------------------------------------
def test_deactivate_then_reactivate(
    tab: TeachersTab, monkeypatch: pytest.MonkeyPatch, school_session: AppSession
) -> None:
    asked: list[str] = []

    def yes(_parent: object, _title: str, text: str, *args: object) -> QMessageBox.StandardButton:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", yes)
    li = next(r for r in shown(tab) if r.name == "李明")
    select_names(tab, "李明")
    tab.toggle_active_selected()
    assert "李明" in asked[0] and "张丽" not in asked[0]
    assert school_session.workspace.teachers.get(li.id).status == "inactive"
    row = next(r for r in range(2) if tab.model.row_at(r).name == "李明")
    assert tab.model.data(tab.model.index(row, tc.STATUS)) == "已停用"
    brush = tab.model.data(tab.model.index(row, tc.NAME), Qt.ItemDataRole.ForegroundRole)
    assert isinstance(brush, QBrush)
    other = tab.model.data(tab.model.index(1 - row, tc.NAME), Qt.ItemDataRole.ForegroundRole)
    assert other is None
    # Still selected after the reload: toggling again reactivates.
    assert [r.name for r in tab.selected_rows()] == ["李明"]
    tab.toggle_active_selected()
    assert "Reactivate" in asked[1]
    assert tab.model.row_at(row).status == "active"


def test_deactivate_cancelled_changes_nothing(
    tab: TeachersTab, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.No)
    select_names(tab, "张丽", "李明")
    tab.toggle_active_selected()
    assert [r.status for r in shown(tab)] == ["active", "active"]


def test_delete_refused_when_referenced(
    tab: TeachersTab, school_session: AppSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import date

    workspace = school_session.workspace
    workspace.schools.create(
        {"code": "2151000002", "name": "柳城小学", "urban_rural": "111", "environments": "A"}
    )
    zhang = next(r for r in shown(tab) if r.name == "张丽")
    workspace.teachers.transfer(zhang.id, to_school="2151000002", on=date(2024, 9, 1))
    school_session.tasks.data_changed.emit(Changes.of("teachers"))
    errors: list[BaseException] = []
    monkeypatch.setattr(table_tab_module, "show_error", lambda _p, exc: errors.append(exc))
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    select_names(tab, "张丽")
    tab.delete_selected()
    assert len(errors) == 1 and "停用" in str(errors[0])  # the service suggests deactivation
    assert tab.model.rowCount() == 2
    select_names(tab, "李明")
    tab.delete_selected()
    assert [r.name for r in shown(tab)] == ["张丽"]


# dialogs ------------------------------------------------------------------------------------
class FakeDialog:
    """Stands in for a dialog: records how it was made."""

    made: ClassVar[list[tuple[Any, ...]]] = []

    def __init__(self, *args: Any) -> None:
        FakeDialog.made.append(args)

    def exec(self) -> int:
        return 0


@pytest.fixture
def fake_dialogs(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, ...]]:
    """Every dialog module the tab opens, replaced by FakeDialog."""
    FakeDialog.made = []
    for module, name in (
        ("teacher_dialog", "TeacherDialog"),
        ("transfer_dialog", "TransferDialog"),
        ("import_wizard", "ImportWizard"),
    ):
        fake = types.ModuleType(f"nlts_desktop.ui.dialogs.{module}")
        setattr(fake, name, FakeDialog)
        monkeypatch.setitem(sys.modules, f"nlts_desktop.ui.dialogs.{module}", fake)
    return FakeDialog.made


def test_dialogs_get_session_record_and_parent(
    tab: TeachersTab, qtbot: QtBot, fake_dialogs: list[tuple[Any, ...]]
) -> None:
    rect = tab.view.visualRect(tab.model.index(1, tc.NAME))
    # QTest's double click alone does not reach doubleClicked: press first, as a mouse does.
    qtbot.mouseClick(tab.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(tab.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    session, record, parent = fake_dialogs[-1]
    assert record.name == "李明" and record.version == 1 and parent is tab
    assert session is tab.session
    tab.transfer_selected()
    assert fake_dialogs[-1][1].name == "李明"
    tab.new_teacher()
    assert fake_dialogs[-1][1] is None
    tab.import_file()
    assert fake_dialogs[-1][1] == "teachers"


def test_nothing_selected_says_so(
    tab: TeachersTab, monkeypatch: pytest.MonkeyPatch, fake_dialogs: list[tuple[Any, ...]]
) -> None:
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: told.append(text))
    tab.edit_selected()
    assert told == ["Select a teacher in the table first."]
    assert fake_dialogs == []


# export -------------------------------------------------------------------------------------
def _read_xlsx(path: Path) -> list[list[Any]]:
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    rows: list[list[Any]] = book.get_sheet_by_index(0).to_python()
    return rows


def test_export_view_writes_the_shown_teachers(
    tab: TeachersTab, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []

    def save_as(_parent: object, _title: str, default: str, _filter: str) -> tuple[str, str]:
        asked.append(default)
        return str(tmp_path / "out" / "view"), ""

    (tmp_path / "out").mkdir()
    told: list[str] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: told.append(text))
    search(tab, qtbot, "李明")
    tab.export_view()
    assert Path(asked[0]).name.startswith("Teachers_") and asked[0].endswith(".xlsx")
    out = tmp_path / "out" / "view.xlsx"
    cells = [c for row in _read_xlsx(out) for c in row]
    assert "李明" in cells and "张丽" not in cells
    assert "1" in told[0]
    # The next dialog starts in the folder used last.
    assert tab.session.settings.last_folder("export") == str(tmp_path / "out")
    tab.export_roster()
    assert Path(asked[1]).parent == tmp_path / "out"
    cells = [c for row in _read_xlsx(out) for c in row]
    assert "李明" in cells and "张丽" in cells


def test_write_template(tab: TeachersTab, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "template.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: (str(target), ""))
    monkeypatch.setattr(QMessageBox, "information", lambda *a: None)
    tab.write_template()
    assert target.stat().st_size > 0


def test_export_cancelled_in_file_dialog(
    tab: TeachersTab, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: ("", ""))
    tab.export_roster()
    tab.write_template()
    assert list(tmp_path.glob("*.xlsx")) == []


# layout -------------------------------------------------------------------------------------
def test_header_state_saved_and_restored(
    demo_tab: TeachersTab, demo_session: AppSession, qtbot: QtBot
) -> None:
    header = demo_tab.view.horizontalHeader()
    header.resizeSection(tc.SCHOOL, 321)
    header.moveSection(header.visualIndex(tc.PHONE), 1)
    click_header(demo_tab, qtbot, tc.NAME)
    click_header(demo_tab, qtbot, tc.NAME)
    demo_tab.save_layout()
    assert demo_session.settings.header_state("teachers") is not None

    again = open_tab(demo_session, qtbot)
    restored = again.view.horizontalHeader()
    assert restored.sectionSize(tc.SCHOOL) == 321
    assert restored.visualIndex(tc.PHONE) == 1
    assert restored.sortIndicatorSection() == tc.NAME
    assert restored.sortIndicatorOrder() == DESC
    names = [r.name for r in shown(again)]
    assert names == sorted(names, reverse=True)


def test_focus_search(tab: TeachersTab, qtbot: QtBot) -> None:
    tab.search.setText("张")
    tab.activateWindow()
    tab.focus_search()
    qtbot.waitUntil(tab.search.hasFocus, timeout=2000)
    assert tab.search.selectedText() == "张"
