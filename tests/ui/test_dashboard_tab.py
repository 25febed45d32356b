"""The 统计 tab and the 年度目标 dialog on a small real county where every number is known.

温江区实验小学: four teachers, all assessed and approved (30 practice hours credited each);
three also have 20 online hours (qualified), one only 10 (hours short).  温江区金马中学: two
teachers with nothing yet.  So 6 active teachers, 3 qualified, 4 passed the assessment, no
school completed.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtCharts import QBarSeries, QHorizontalBarSeries, QPieSeries
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from nlts_desktop.domain.enums import Role
from nlts_desktop.paths import data_paths
from nlts_desktop.services.context import Actor
from nlts_desktop.services.workspace import Workspace, WorkspaceSpec
from nlts_desktop.ui.dialogs import targets_dialog
from nlts_desktop.ui.dialogs.targets_dialog import TargetsDialog
from nlts_desktop.ui.main_window import MainWindow
from nlts_desktop.ui.session import AppSession
from nlts_desktop.ui.settings import UiSettings
from nlts_desktop.ui.tabs import dashboard_tab
from nlts_desktop.ui.tabs.dashboard_tab import DashboardTab, StillNeededDialog
from nlts_desktop.ui.tasks import TaskRunner
from tests.helpers import add_teachers, grade_all, ready_school


@pytest.fixture
def county(session: AppSession, school: int) -> dict[str, Any]:
    """The small county of the module docstring."""
    ws = session.workspace
    first = add_teachers(ws, 4)
    junior = ws.schools.create(
        {"code": "3151000002", "name": "温江区金马中学", "urban_rural": "220", "environments": "A"}
    ).id
    add_teachers(ws, 2, school="3151000002", start=10)
    for teacher, hours in zip(first, (20, 20, 20, 10), strict=True):
        ws.hours.add(
            {"teacher_id": teacher, "category": "网络研修", "hours": hours, "date": "2021-05-20"}
        )
    ready_school(ws, school, first)
    grade_all(ws, school)
    ws.assessment.submit(school)
    ws.review.approve(school, first)
    short = ws.teachers.get(first[3]).name
    return {"school": school, "junior": junior, "teachers": first, "short": short}


@pytest.fixture
def tab(session: AppSession, county: dict[str, Any], qtbot: QtBot) -> DashboardTab:
    """The tab, shown (which computes the figures: jobs run inline)."""
    widget = DashboardTab(session)
    qtbot.addWidget(widget)
    widget.resize(1400, 800)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.fixture
def told(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Information boxes recorded instead of shown."""
    texts: list[str] = []

    def information(_parent: object, _title: str, text: str, *_args: object) -> Any:
        texts.append(text)
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "information", information)
    return texts


def save_to(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))


def bar_values(series: Any) -> list[list[float]]:
    return [list(s.at(i) for i in range(s.count())) for s in series.barSets()]


def test_headline_shows_the_county_figures(tab: DashboardTab, session: AppSession) -> None:
    d = session.workspace.dashboard.overview()
    assert tab.dashboard == d
    h = d.headline
    assert (h.teachers, h.qualified, h.assessment_passed, h.schools) == (6, 3, 4, 2)
    assert tab.cards["teachers"].value.text() == "6 teachers"
    assert tab.cards["teachers"].detail.text() == "in 2 schools"
    assert tab.cards["qualified"].value.text() == "3 teachers"
    assert tab.cards["qualified"].detail.text().startswith("rate 50.0%")
    assert tab.cards["passed"].value.text() == "4 teachers"
    assert tab.cards["schools"].value.text() == "0 of 2"
    assert tab.cards["needed"].value.text() == f"{h.still_needed} teachers"
    assert tab.cards["date"].value.text() == d.computed_at.strftime("%Y-%m-%d %H:%M")
    assert "四川 2.0" in tab.cards["date"].detail.text()
    assert tab.export_button.isEnabled() and tab.briefing_button.isEnabled()
    assert "达标" in tab.notes.text()


def test_charts_hold_the_service_values(tab: DashboardTab, session: AppSession) -> None:
    d = session.workspace.dashboard.overview()
    (years,) = tab.year_chart.series()
    assert isinstance(years, QBarSeries)
    assert bar_values(years) == [
        [float(y.planned_teachers or 0) for y in d.years],
        [float(y.actual_teachers) for y in d.years],
    ]
    assert tab.year_model.column_texts(0) == [str(y.year) for y in d.years]
    # 四川 2.0 counts by the end of each year: the year's own plan, the running plan, the actual.
    assert tab.year_model.column_texts(1) == [str(y.planned_teachers_in_year) for y in d.years]
    assert tab.year_model.column_texts(2) == [str(y.planned_teachers) for y in d.years]
    assert tab.year_model.column_texts(3) == [str(y.actual_teachers) for y in d.years]
    # 四川 2.0 counts teachers only: no schools measure.
    assert not tab.year_measure.isVisibleTo(tab)

    (hours,) = tab.hours_chart.series()
    assert isinstance(hours, QHorizontalBarSeries)
    # Drawn bottom-up, so handed over reversed: the first band is the top bar.
    assert bar_values(hours) == [[float(r.count) for r in reversed(d.hour_bands)]]
    assert tab.hours_model.column_texts(1)[:-1] == [f"{r.count:,}" for r in d.hour_bands]
    assert tab.hours_model.column_texts(1)[-1] == "6"  # the 合计 row

    (results,) = tab.result_chart.series()
    assert isinstance(results, QPieSeries)
    assert [s.value() for s in results.slices()] == [
        float(r.count) for r in d.results if r.count > 0
    ]
    shown = [r for r in d.results if r.count > 0]
    legend = [m.label() for m in tab.result_chart.legend().markers(results)]
    assert legend == [r.label for r in shown]
    assert tab.result_model.column_texts(0)[:-1] == [r.label for r in d.results]

    (grades,) = tab.grade_chart.series()
    assert isinstance(grades, QPieSeries)
    assert sum(s.value() for s in grades.slices()) == sum(r.count for r in d.teacher_grades)
    tab.grade_measure.setCurrentIndex(tab.grade_measure.findData("points"))
    (points,) = tab.grade_chart.series()
    assert isinstance(points, QPieSeries)
    assert [s.value() for s in points.slices()] == [
        float(r.count) for r in d.point_grades if r.count > 0
    ]
    assert tab.grade_model.column_texts(0)[:-1] == [r.label for r in d.point_grades]


def test_schools_table_sorts_filters_and_lists_the_teachers_still_needed(
    tab: DashboardTab,
    session: AppSession,
    county: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
    told: list[str],
    tmp_path: Path,
) -> None:
    view, proxy = tab.school_view, tab.school_proxy
    assert proxy.rowCount() == 2
    names = [proxy.index(r, 0).data() for r in range(proxy.rowCount())]
    assert names == ["温江区实验小学", "温江区金马中学"]
    assert [proxy.index(r, 5).data() for r in range(2)] == ["1", "2"]  # still needed
    view.sortByColumn(5, dashboard_tab.Qt.SortOrder.DescendingOrder)
    assert proxy.index(0, 0).data() == "温江区金马中学"
    tab.school_search.setText("实验")
    assert proxy.rowCount() == 1 and tab.school_count.text() == "1 of 2 schools"
    tab.school_search.setText("")
    assert proxy.rowCount() == 2
    assert "温江区金马中学\t初中\t2\t0\t0.0%\t2" in view.table_text(selected_only=False)

    opened: list[StillNeededDialog] = []
    monkeypatch.setattr(StillNeededDialog, "exec", lambda self: opened.append(self) or 0)
    assert not tab.needed_button.isEnabled()
    assert tab.select_school(county["school"])
    assert tab.needed_button.isEnabled()
    tab.needed_button.click()
    (dialog,) = opened
    assert dialog.names() == [county["short"]]
    assert "1 more needed" in dialog.summary.text()
    assert dialog.model.text(0, 6).startswith("网络研修学时不足")
    assert "*" in dialog.model.text(0, 1)  # the ID number masked

    out = tmp_path / "尚需达标.xlsx"
    save_to(monkeypatch, out)
    dialog.export_button.click()
    sheet = openpyxl.load_workbook(out).active
    assert sheet is not None
    values = [c for row in sheet.iter_rows(values_only=True) for c in row]
    assert county["short"] in values
    assert told[-1].startswith("1 teachers were saved")

    # A double-click opens the list as well.
    index = proxy.index(1, 0)
    view.doubleClicked.emit(index)
    assert len(opened) == 2

    tab.unfinished_only.setChecked(True)
    assert proxy.rowCount() == 2  # neither school is completed


def test_exports_write_the_workbook_the_briefing_and_the_pictures(
    tab: DashboardTab, monkeypatch: pytest.MonkeyPatch, told: list[str], tmp_path: Path
) -> None:
    book = tmp_path / "统计表"
    save_to(monkeypatch, book)
    tab.export_button.click()
    written = book.with_name("统计表.xlsx")
    assert "概况" in openpyxl.load_workbook(written).sheetnames
    assert told[-1] == f"The statistics were saved to {written}."

    asked: list[str] = []

    def question(_parent: object, _title: str, text: str, *_args: object) -> Any:
        asked.append(text)
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", question)
    pdf = tmp_path / "简报.pdf"
    save_to(monkeypatch, pdf)
    tab.briefing_button.click()
    assert pdf.read_bytes().startswith(b"%PDF")
    assert asked and "Open the folder?" in asked[0]

    picture = tmp_path / "年度目标.png"
    save_to(monkeypatch, picture)
    tab.year_section.export_button.click()
    image = QImage(str(picture))
    assert not image.isNull() and image.width() > 200

    everyone = tmp_path / "全部尚需达标.xlsx"
    save_to(monkeypatch, everyone)
    tab.all_needed_button.click()
    assert everyone.exists() and told[-1].startswith("3 teachers were saved")


def test_targets_dialog_saves_and_the_tab_follows(
    tab: DashboardTab, session: AppSession, qtbot: QtBot
) -> None:
    dialog = TargetsDialog(session, tab)
    qtbot.addWidget(dialog)
    grid = dialog.teacher_grid
    assert grid.years == [2020, 2021, 2022]
    assert "四川 2.0" in dialog.intro.text() and "6 active teachers" in dialog.intro.text()
    assert not dialog.school_box.isVisibleTo(dialog)  # 四川 counts no schools
    grid.set_value(2020, "provincial", 1)
    grid.set_value(2020, "county", 1)
    grid.set_value(2021, "county", 2)
    assert grid.total_cell(2020).text() == "2"
    assert grid.total_cell(None).text() == "4"
    dialog.save_button.click()
    assert dialog.result() == TargetsDialog.DialogCode.Accepted
    stored = [
        (t.year, t.level_code, t.planned_teachers) for t in session.workspace.targets.list_targets()
    ]
    assert stored == [(2020, "provincial", 1), (2020, "county", 1), (2021, "county", 2)]
    # data_changed("targets") made the visible tab compute again.
    assert tab.dashboard is not None
    assert [y.planned_teachers_in_year for y in tab.dashboard.years][:2] == [2, 2]
    assert [y.planned_teachers for y in tab.dashboard.years][:2] == [2, 4]  # 累计
    assert tab.year_model.column_texts(1)[:2] == ["2", "2"]
    assert tab.year_model.column_texts(2)[:2] == ["2", "4"]


def test_targets_dialog_shows_a_refused_total_and_keeps_the_input(
    session: AppSession, county: dict[str, Any], qtbot: QtBot
) -> None:
    dialog = TargetsDialog(session)
    qtbot.addWidget(dialog)
    grid = dialog.teacher_grid
    grid.set_value(2021, "county", 3)
    grid.set_typed_total(2021, 5)
    assert grid.typed_total(2021) == 5
    dialog.save_button.click()
    assert dialog.result() != TargetsDialog.DialogCode.Accepted
    assert dialog.message.isVisibleTo(dialog) and dialog.message_is_error()
    assert "合计填写为 5" in dialog.message.text() and "不一致" in dialog.message.text()
    assert grid.is_marked(grid.total_cell(2021))
    assert grid.value(2021, "county") == 3 and grid.total_cell(2021).text() == "5"
    assert session.workspace.targets.list_targets() == []

    # Typing the right total clears the mark; more teachers than registered is refused next.
    grid.set_typed_total(2021, None)
    assert not grid.is_marked(grid.total_cell(2021))
    grid.set_value(2022, "county", 10)
    assert "more than the 6 active teachers" in dialog.hint.text()
    dialog.save_button.click()
    assert "超过了在册" in dialog.message.text()
    assert grid.is_marked(grid.total_cell(None))
    assert session.workspace.targets.list_targets() == []


def test_targets_dialog_suggests_and_imports_the_plan_table(
    session: AppSession,
    county: dict[str, Any],
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    targets = session.workspace.targets
    dialog = TargetsDialog(session)
    qtbot.addWidget(dialog)
    grid = dialog.teacher_grid
    grid.set_value(2020, "provincial", 4)
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    dialog.suggest_button.click()
    suggested = [targets.suggest(year) for year in (2020, 2021, 2022)]
    for s in suggested:
        assert grid.values(s.year) == {
            level: (s.teachers if level == s.level_code else None) for level in grid.levels
        }
    assert suggested[0].explanation in dialog.message.text()
    assert not dialog.message_is_error()

    # A plan table made by the program, read back into the grid (not saved until Save).
    targets.set_plan(
        {2020: {"省级": (1, None)}, 2021: {"县级": (2, None)}, 2022: {"县级": (3, None)}}
    )
    form = tmp_path / "年度计划表.xlsx"
    targets.plan_table_form(form, contact="王老师", phone="028-12345678")
    targets.set_plan({year: {} for year in (2020, 2021, 2022)})
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(form), ""))
    dialog.import_button.click()
    assert "年度计划表.xlsx" in dialog.message.text()
    assert grid.values(2020)["provincial"] == 1 and grid.values(2022)["county"] == 3
    assert targets.list_targets() == []
    dialog.save_button.click()
    assert [t.planned_teachers for t in targets.list_targets()] == [1, 2, 3]


def test_targets_dialog_is_read_only_for_a_viewer(
    session: AppSession, county: dict[str, Any], qtbot: QtBot
) -> None:
    session.workspace.act_as(Actor("viewer", Role.VIEWER))
    dialog = TargetsDialog(session)
    qtbot.addWidget(dialog)
    assert not dialog.save_button.isEnabled() and not dialog.suggest_button.isEnabled()
    item = dialog.teacher_grid.total_cell(2020)
    assert not item.flags() & targets_dialog.Qt.ItemFlag.ItemIsEditable
    assert "county administrator" in dialog.message.text()


def test_county_window_has_the_statistics_tab_and_menu(
    session: AppSession, county: dict[str, Any], qtbot: QtBot
) -> None:
    window = MainWindow(session)
    qtbot.addWidget(window)
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert titles[-1] == "Statistics" and window.dashboard_tab is not None
    # Computed only once shown.
    assert window.dashboard_tab.dashboard is None
    menus = {a.text(): a.menu() for a in window.menuBar().actions()}
    menu = menus["&Statistics"]
    assert menu is not None
    assert [a.text() for a in menu.actions() if a.text()] == [
        "Annual &Targets…",
        "&Export Statistics…",
        "&Print Briefing…",
    ]
    window.show()
    window.tabs.setCurrentWidget(window.dashboard_tab)
    assert window.dashboard_tab.dashboard is not None
    assert window.dashboard_tab.cards["teachers"].value.text() == "6 teachers"
    window.close()


@pytest.fixture
def hunan(tmp_path: Path, tasks: TaskRunner) -> Iterator[AppSession]:
    """A county under 湖南 2.0 (30 % / 70 % / 100 % of schools), two schools, three teachers."""
    spec = WorkspaceSpec(
        level="county",
        region_code="430102",
        region_name="芙蓉区",
        preset_id="hunan-2.0",
        parent_code="430100",
        parent_name="长沙市",
    )
    ws = Workspace.create(data_paths(tmp_path / "hunan"), spec, actor=Actor.system("admin"))
    for code, name in (("2143000001", "芙蓉区实验小学"), ("2143000002", "芙蓉区育才小学")):
        ws.schools.create({"code": code, "name": name, "urban_rural": "111"})
    add_teachers(ws, 2, school="2143000001")
    add_teachers(ws, 1, school="2143000002", start=5)
    yield AppSession(workspace=ws, tasks=tasks, settings=UiSettings(tmp_path / "hunan-ui.ini"))
    ws.close()


def test_schools_are_charted_and_planned_where_the_rules_count_them(
    hunan: AppSession, qtbot: QtBot
) -> None:
    tab = DashboardTab(hunan)
    qtbot.addWidget(tab)
    tab.show()
    d = hunan.workspace.dashboard.overview()
    assert tab.counts_schools() and tab.year_measure.isVisibleTo(tab)
    tab.year_measure.setCurrentIndex(tab.year_measure.findData("schools"))
    (series,) = tab.year_chart.series()
    assert bar_values(series) == [
        [float(y.planned_schools or 0) for y in d.years],
        [float(y.actual_schools) for y in d.years],
    ]
    assert "Completed schools" in tab.year_chart.title()
    assert tab.year_model.headerData(3, dashboard_tab.Qt.Orientation.Horizontal) == (
        "Completed schools"
    )

    dialog = TargetsDialog(hunan, tab)
    qtbot.addWidget(dialog)
    assert dialog.school_box.isVisibleTo(dialog)
    assert "of schools" in dialog.intro.text()
    dialog.school_grid.set_value(2020, "county", 1)
    dialog.teacher_grid.set_value(2020, "county", 1)
    dialog.save_button.click()
    assert [
        (t.year, t.planned_teachers, t.planned_schools)
        for t in hunan.workspace.targets.list_targets()
    ] == [(2020, 1, 1)]
