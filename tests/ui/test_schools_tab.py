"""The 学校 tab: teacher counts, search, filters, header sorting, copy, reload, actions, layout."""

from __future__ import annotations

import sys
import types
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from nlts_desktop.paths import data_paths
from nlts_desktop.services.demo import create_demo
from nlts_desktop.services.records import SchoolRecord
from nlts_desktop.ui.models import school_table_model as sc
from nlts_desktop.ui.session import AppSession, Changes
from nlts_desktop.ui.settings import UiSettings
from nlts_desktop.ui.tabs import table_tab as shared
from nlts_desktop.ui.tabs.schools_tab import SchoolsTab
from nlts_desktop.ui.tasks import TaskRunner


@pytest.fixture
def demo_session(tasks: TaskRunner, tmp_path: Path) -> Iterator[AppSession]:
    """A generated county of 500 teachers (deterministic by seed)."""
    workspace, _summary = create_demo(data_paths(tmp_path / "demo"), teachers=500, seed=1)
    yield AppSession(
        workspace=workspace, tasks=tasks, settings=UiSettings(tmp_path / "ui-settings.ini")
    )
    workspace.close()


def open_tab(session: AppSession, qtbot: QtBot) -> SchoolsTab:
    """A shown, loaded schools tab."""
    tab = SchoolsTab(session)
    qtbot.addWidget(tab)
    tab.resize(1400, 700)
    tab.show()
    qtbot.waitExposed(tab)
    tab.reload()
    return tab


@pytest.fixture
def tab(school_session: AppSession, qtbot: QtBot) -> SchoolsTab:
    """The tab over 温江区实验小学 with two teachers."""
    return open_tab(school_session, qtbot)


@pytest.fixture
def demo_tab(demo_session: AppSession, qtbot: QtBot) -> SchoolsTab:
    """The tab over the demo county."""
    return open_tab(demo_session, qtbot)


def shown(tab: SchoolsTab) -> list[SchoolRecord]:
    """Schools in view order."""
    return [tab.model.school_at(r) for r in range(tab.model.rowCount())]


def cell(tab: SchoolsTab, row: int, column: int) -> Any:
    """Display text of a cell."""
    return tab.model.data(tab.model.index(row, column))


def click_header(tab: SchoolsTab, qtbot: QtBot, column: int) -> None:
    """Click a column title, as the user sorts."""
    header = tab.view.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(
        header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2)
    )


def select_codes(tab: SchoolsTab, *codes: str) -> None:
    """Select the rows of the schools with these codes."""
    rows = [r for r, s in enumerate(shown(tab)) if s.code in codes]
    shared.select_view_rows(tab.view, rows, rows[0])


def test_loads_schools_with_teacher_counts(tab: SchoolsTab) -> None:
    assert [s.code for s in shown(tab)] == ["2151000001"]
    assert cell(tab, 0, sc.NAME) == "温江区实验小学"
    assert cell(tab, 0, sc.STAGE) == "小学"
    assert cell(tab, 0, sc.URBAN_RURAL) == "主城区"
    assert cell(tab, 0, sc.TEACHERS) == "2"
    assert tab.count_label.text() == "1 of 1 schools"
    assert tab.view.isSortingEnabled()


def test_counts_match_active_teachers(demo_tab: SchoolsTab, demo_session: AppSession) -> None:
    rows = demo_session.workspace.teachers.table_rows()
    active = Counter(r.school_id for r in rows if r.status == "active")
    for r, school in enumerate(shown(demo_tab)):
        assert cell(demo_tab, r, sc.TEACHERS) == str(active.get(school.id, 0))
    total = len(demo_session.workspace.schools.list())
    assert demo_tab.count_label.text() == f"{total} of {total} schools"


def test_search_by_code_and_name(demo_tab: SchoolsTab, qtbot: QtBot) -> None:
    schools = shown(demo_tab)
    target = schools[len(schools) // 2]
    demo_tab.search.setText(target.code)
    qtbot.waitUntil(lambda: demo_tab.model.rowCount() == 1, timeout=2000)
    assert shown(demo_tab)[0].id == target.id
    demo_tab.search.setText("小学")
    qtbot.waitUntil(lambda: not demo_tab._search_timer.isActive(), timeout=2000)
    assert [s.id for s in shown(demo_tab)] == [s.id for s in schools if "小学" in s.name]
    demo_tab.search.clear()
    qtbot.waitUntil(lambda: demo_tab.model.rowCount() == len(schools), timeout=2000)


@pytest.mark.parametrize(
    ("combo", "field", "value"),
    [
        ("stage_filter", "stage_code", "junior"),
        ("urban_rural_filter", "urban_rural_code", "220"),
        ("status_filter", "status", "inactive"),
    ],
)
def test_each_filter(demo_tab: SchoolsTab, combo: str, field: str, value: str) -> None:
    schools = shown(demo_tab)
    expected = [s.id for s in schools if getattr(s, field) == value]
    assert 0 < len(expected) < len(schools)
    box = getattr(demo_tab, combo)
    box.setCurrentIndex(box.findData(value))
    assert [s.id for s in shown(demo_tab)] == expected
    assert demo_tab.count_label.text() == f"{len(expected)} of {len(schools)} schools"


def test_sort_by_clicking_header_both_ways(demo_tab: SchoolsTab, qtbot: QtBot) -> None:
    click_header(demo_tab, qtbot, sc.TEACHERS)
    counts = [int(cell(demo_tab, r, sc.TEACHERS)) for r in range(demo_tab.model.rowCount())]
    assert counts == sorted(counts)  # as numbers
    click_header(demo_tab, qtbot, sc.TEACHERS)
    counts = [int(cell(demo_tab, r, sc.TEACHERS)) for r in range(demo_tab.model.rowCount())]
    assert counts == sorted(counts, reverse=True)
    click_header(demo_tab, qtbot, sc.NAME)
    names = [s.name for s in shown(demo_tab)]
    assert names == sorted(names)
    click_header(demo_tab, qtbot, sc.NAME)
    assert [s.name for s in shown(demo_tab)] == sorted(names, reverse=True)


def test_copy_puts_tsv_on_clipboard(tab: SchoolsTab) -> None:
    select_codes(tab, "2151000001")
    tab.copy_selected()
    lines = QApplication.clipboard().text().splitlines()
    assert lines[0].split("\t")[:3] == ["School code", "School name", "Category"]
    assert lines[1].split("\t")[:4] == ["2151000001", "温江区实验小学", "普通小学", "小学"]
    assert lines[1].split("\t")[sc.TEACHERS] == "2"


def test_counts_reload_when_teachers_change(tab: SchoolsTab, school_session: AppSession) -> None:
    school_session.workspace.teachers.create(
        {"id_number": "510115198001010021", "name": "王芳", "school": "2151000001"}
    )
    school_session.tasks.data_changed.emit(Changes.of("teachers"))
    assert cell(tab, 0, sc.TEACHERS) == "3"


def test_reloads_when_schools_change(tab: SchoolsTab, school_session: AppSession) -> None:
    school_session.workspace.schools.create(
        {"code": "2151000002", "name": "柳城小学", "urban_rural": "220", "environments": "A"}
    )
    school_session.tasks.data_changed.emit(Changes.of("schools"))
    assert [s.name for s in shown(tab)] == ["温江区实验小学", "柳城小学"]
    assert cell(tab, 1, sc.TEACHERS) == "0"


def test_deactivate_refused_with_active_teachers(
    tab: SchoolsTab, monkeypatch: pytest.MonkeyPatch
) -> None:
    errors: list[BaseException] = []
    monkeypatch.setattr(shared, "show_error", lambda _p, exc: errors.append(exc))
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    select_codes(tab, "2151000001")
    tab.toggle_active_selected()
    assert len(errors) == 1 and "2" in str(errors[0])
    assert shown(tab)[0].status == "active"


def test_reactivate_and_deactivate_empty_school(
    demo_tab: SchoolsTab, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []

    def yes(_parent: object, _title: str, text: str, *args: object) -> QMessageBox.StandardButton:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", yes)
    closed = next(s for s in shown(demo_tab) if s.status == "inactive")
    row = shown(demo_tab).index(closed)
    assert isinstance(
        demo_tab.model.data(demo_tab.model.index(row, sc.NAME), Qt.ItemDataRole.ForegroundRole),
        QBrush,
    )
    select_codes(demo_tab, closed.code)
    demo_tab.toggle_active_selected()
    assert closed.name in asked[0] and "Reactivate" in asked[0]
    assert next(s for s in shown(demo_tab) if s.id == closed.id).status == "active"
    assert [s.id for s in demo_tab.selected_schools()] == [closed.id]
    demo_tab.toggle_active_selected()
    assert next(s for s in shown(demo_tab) if s.id == closed.id).status == "inactive"


class FakeDialog:
    """Stands in for a dialog: records how it was made."""

    made: ClassVar[list[tuple[Any, ...]]] = []

    def __init__(self, *args: Any) -> None:
        FakeDialog.made.append(args)

    def exec(self) -> int:
        return 0


def test_dialogs_get_session_record_and_parent(
    tab: SchoolsTab, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    FakeDialog.made = []
    for module, name in (("school_dialog", "SchoolDialog"), ("import_wizard", "ImportWizard")):
        fake = types.ModuleType(f"nlts_desktop.ui.dialogs.{module}")
        setattr(fake, name, FakeDialog)
        monkeypatch.setitem(sys.modules, f"nlts_desktop.ui.dialogs.{module}", fake)
    rect = tab.view.visualRect(tab.model.index(0, sc.NAME))
    # QTest's double click alone does not reach doubleClicked: press first, as a mouse does.
    qtbot.mouseClick(tab.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(tab.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    session, record, parent = FakeDialog.made[-1]
    assert session is tab.session and parent is tab
    assert record.code == "2151000001" and record.version >= 1
    tab.new_school()
    assert FakeDialog.made[-1][1] is None
    tab.import_file()
    assert FakeDialog.made[-1][1] == "schools"


def test_write_template(tab: SchoolsTab, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "schools"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: (str(target), ""))
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: told.append(text))
    tab.write_template()
    assert (tmp_path / "schools.xlsx").stat().st_size > 0
    assert "schools.xlsx" in told[0]


def test_header_state_saved_and_restored(
    demo_tab: SchoolsTab, demo_session: AppSession, qtbot: QtBot
) -> None:
    header = demo_tab.view.horizontalHeader()
    header.resizeSection(sc.NAME, 333)
    click_header(demo_tab, qtbot, sc.TEACHERS)
    click_header(demo_tab, qtbot, sc.TEACHERS)
    demo_tab.save_layout()
    again = open_tab(demo_session, qtbot)
    restored = again.view.horizontalHeader()
    assert restored.sectionSize(sc.NAME) == 333
    assert restored.sortIndicatorSection() == sc.TEACHERS
    assert restored.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    counts = [int(cell(again, r, sc.TEACHERS)) for r in range(again.model.rowCount())]
    assert counts == sorted(counts, reverse=True)


def test_focus_search(tab: SchoolsTab, qtbot: QtBot) -> None:
    tab.activateWindow()
    tab.focus_search()
    qtbot.waitUntil(tab.search.hasFocus, timeout=2000)
