"""The 考核 tab: loading a school's grid, typing grades with the assessor, submitting, roles,
returned batches, and the buttons that open the other dialogs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from nlts_desktop.domain.enums import Grade, Role, SubmissionState
from nlts_desktop.services.context import Actor
from nlts_desktop.services.workspace import Workspace
from nlts_desktop.ui.models import score_grid_model as sg
from nlts_desktop.ui.session import AppSession, Changes
from nlts_desktop.ui.tabs import assessment_tab
from nlts_desktop.ui.tabs.assessment_tab import AssessmentTab
from nlts_desktop.ui.views import score_grid_view
from tests.helpers import id_number

POINTS = ["A1", "A5", "A11"]
A1_1, A1_2, A5_1 = 3, 4, 8


def prepare_school(workspace: Workspace, school: int) -> None:
    """An approved plan and every teacher of the school on A1, A5 and A11."""
    assessment = workspace.assessment
    assessment.save_plan(
        school,
        {
            "environments": "A,B",
            "points": [("A1", True)],
            "plan_title": "温江区实验小学校本研修方案",
            "rules_title": "校本应用考核细则",
        },
    )
    assessment.decide_plan(school, approve=True)
    for row in assessment.grid(school).rows:
        assessment.set_selection(row.teacher_id, POINTS)


def grade_everything(workspace: Workspace, school: int, value: str = "2") -> None:
    assessment = workspace.assessment
    items = [i.item_id for r in assessment.grid(school).rows for p in r.points for i in p.items]
    assessment.set_scores([(item, value) for item in items], assessor="王老师")


@pytest.fixture
def quiet(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Error dialogs recorded instead of shown."""
    said: list[str] = []
    monkeypatch.setattr(score_grid_view, "show_error", lambda _p, exc: said.append(str(exc)))
    monkeypatch.setattr(score_grid_view, "warn", lambda _p, text: said.append(text))
    return said


@pytest.fixture
def ready(school_session: AppSession, school: int) -> AppSession:
    """温江区实验小学 with an approved plan; 张丽 and 李明 on A1, A5, A11."""
    prepare_school(school_session.workspace, school)
    return school_session


def make_tab(session: AppSession, qtbot: QtBot) -> AssessmentTab:
    tab = AssessmentTab(session)
    qtbot.addWidget(tab)
    tab.resize(1400, 700)
    tab.show()
    qtbot.waitExposed(tab)
    return tab


@pytest.fixture
def tab(ready: AppSession, qtbot: QtBot, quiet: list[str]) -> AssessmentTab:
    """A shown tab: the workspace's only school is chosen and loaded on first show."""
    return make_tab(ready, qtbot)


def saved(workspace: Workspace, school: int, row: int, point: int, item: int) -> Grade | None:
    return workspace.assessment.grid(school).rows[row].points[point].items[item].grade


def current(tab: AssessmentTab) -> tuple[int, int]:
    index = tab.view.currentIndex()
    return index.row(), index.column()


def test_the_only_school_loads_and_typing_starts_on_its_first_item(
    tab: AssessmentTab, school: int
) -> None:
    assert tab.school_combo.currentData() == school
    assert tab.school_combo.currentText() == "温江区实验小学"
    assert tab.model.rowCount() == 2
    assert current(tab) == (0, A1_1)
    banner = tab.banner.text()
    assert "草稿" in banner and "温江区实验小学校本研修方案" in banner and "已批准" in banner
    assert tab.assessor_edit.text() == "admin"  # no name remembered: the user name
    for button in (tab.plan_button, tab.points_button, tab.evidence_button, tab.submit_button):
        assert button.isEnabled()


def test_typed_grades_are_saved_with_the_assessor_and_announced(
    tab: AssessmentTab, ready: AppSession, school: int, qtbot: QtBot
) -> None:
    tab.assessor_edit.setText("王老师")
    assert ready.settings.assessor_name() == "王老师"
    heard: list[Changes] = []
    ready.tasks.data_changed.connect(heard.append)
    generation = tab._generation
    qtbot.keyClick(tab.view, "1")
    grid = ready.workspace.assessment.grid(school)
    item = grid.rows[0].points[0].items[0]
    assert item.grade is Grade.EXCELLENT and item.assessor == "王老师"
    assert heard == [Changes.of("assessment")]
    assert tab._generation == generation  # its own grade does not reload the grid
    assert current(tab) == (0, A1_2)
    assert "优秀" in tab.message.text()


def test_an_empty_assessor_saves_nothing_and_says_so(
    tab: AssessmentTab, ready: AppSession, school: int, qtbot: QtBot
) -> None:
    tab.assessor_edit.setText("")
    qtbot.keyClick(tab.view, "1")
    assert saved(ready.workspace, school, 0, 0, 0) is None
    assert "评分人" in tab.message.text()
    assert current(tab) == (0, A1_1)


def test_a_reload_keeps_the_current_cell(tab: AssessmentTab, ready: AppSession) -> None:
    tab.view.go_to(1, A5_1)
    generation = tab._generation
    ready.tasks.data_changed.emit(Changes.of("assessment"))
    assert tab._generation == generation + 1
    assert current(tab) == (1, A5_1)


def test_submit_locks_the_grid(
    tab: AssessmentTab,
    ready: AppSession,
    school: int,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    grade_everything(ready.workspace, school)
    ready.tasks.data_changed.emit(Changes.of("assessment"))
    monkeypatch.setattr(AssessmentTab, "confirm_submit", lambda _self: True)
    tab.submit_button.click()
    assert ready.workspace.assessment.batch(school).state is SubmissionState.SUBMITTED
    assert "已提交" in tab.banner.text() and "admin" in tab.banner.text()
    for button in (tab.points_button, tab.evidence_button, tab.import_button, tab.submit_button):
        assert not button.isEnabled()
    assert tab.export_button.isEnabled()
    tab.view.go_to(0, A1_1)
    assert tab.model.index(0, A1_1).data(sg.CELL_STATE_ROLE) == sg.LOCKED
    qtbot.keyClick(tab.view, "1")
    assert saved(ready.workspace, school, 0, 0, 0) is Grade.PASS
    assert "已提交区县审核" in tab.message.text()


def test_submit_refused_when_incomplete_shows_the_error(
    tab: AssessmentTab,
    ready: AppSession,
    school: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(AssessmentTab, "confirm_submit", lambda _self: True)
    monkeypatch.setattr("nlts_desktop.ui.tasks.show_error", lambda _p, exc: shown.append(str(exc)))
    tab.submit()
    assert ready.workspace.assessment.batch(school).state is SubmissionState.DRAFT
    assert len(shown) == 1 and "未评分" in shown[0]


def test_a_returned_batch_shows_the_reasons_in_orange(
    ready: AppSession, school: int, qtbot: QtBot, quiet: list[str]
) -> None:
    workspace = ready.workspace
    grade_everything(workspace, school)
    workspace.assessment.submit(school)
    grid = workspace.assessment.grid(school)
    item = grid.rows[1].points[0].items[1]
    workspace.review.return_batch(
        school, "请补充课堂实录", item_reasons={item.item_id: "视频超过5分钟"}
    )
    tab = make_tab(ready, qtbot)
    banner = tab.banner.text()
    assert "已退回" in banner and "请补充课堂实录" in banner
    assert tab.model.index(1, A1_2).data(sg.CELL_STATE_ROLE) == sg.RETURNED
    assert "视频超过5分钟" in str(tab.model.index(1, A1_2).data(Qt.ItemDataRole.ToolTipRole))
    assert tab.submit_button.isEnabled()  # the school may correct and submit again


def test_a_coordinator_sees_only_their_own_school(
    ready: AppSession, school: int, qtbot: QtBot, quiet: list[str]
) -> None:
    workspace = ready.workspace
    other = workspace.schools.create(
        {"code": "2151000002", "name": "温江区第二小学", "urban_rural": "111", "environments": "A"}
    ).id
    workspace.teachers.create(
        {"id_number": id_number(7, female=True), "name": "王芳", "school": "2151000002"}
    )
    workspace.act_as(Actor("coordinator", Role.SCHOOL_COORDINATOR, school_id=other))
    tab = make_tab(ready, qtbot)
    combo = tab.school_combo
    assert [combo.itemData(i) for i in range(combo.count())] == [other]
    assert not combo.isEnabled()
    assert [tab.model.row_at(r).name for r in range(tab.model.rowCount())] == ["王芳"]
    assert "尚未选择能力点" in str(tab.model.index(0, tab.model.columnCount() - 1).data())
    assert tab.submit_button.isEnabled()


def test_a_county_admin_chooses_among_schools(
    ready: AppSession, school: int, qtbot: QtBot, quiet: list[str]
) -> None:
    ready.workspace.schools.create(
        {"code": "2151000002", "name": "温江区第二小学", "urban_rural": "111", "environments": "A"}
    )
    tab = make_tab(ready, qtbot)
    assert tab.school_combo.count() == 3  # "choose a school" and the two schools
    assert tab.model.rowCount() == 0
    assert not tab.submit_button.isEnabled() and not tab.export_button.isEnabled()
    tab.school_combo.setCurrentIndex(tab.school_combo.findData(school))
    assert tab.model.rowCount() == 2
    assert tab.submit_button.isEnabled()


def test_a_viewer_cannot_change_anything(
    ready: AppSession, school: int, qtbot: QtBot, quiet: list[str]
) -> None:
    ready.workspace.act_as(Actor("viewer", Role.VIEWER))
    tab = make_tab(ready, qtbot)
    assert tab.model.rowCount() == 2
    for button in (tab.points_button, tab.evidence_button, tab.import_button, tab.submit_button):
        assert not button.isEnabled()
    qtbot.keyClick(tab.view, "1")
    assert saved(ready.workspace, school, 0, 0, 0) is None
    assert tab.message.text() == "Your account can view the scores but not change them."


def _record_exec(monkeypatch: pytest.MonkeyPatch, cls: type[Any]) -> list[Any]:
    opened: list[Any] = []

    def exec_(self: Any) -> int:
        opened.append(self)
        return int(QDialog.DialogCode.Accepted)

    monkeypatch.setattr(cls, "exec", exec_)
    return opened


def test_choose_points_opens_the_selection_dialog_for_the_current_teacher(
    tab: AssessmentTab, ready: AppSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    module = pytest.importorskip("nlts_desktop.ui.dialogs.selection_dialog")
    opened = _record_exec(monkeypatch, module.SelectionDialog)
    heard: list[object] = []
    ready.tasks.data_changed.connect(heard.append)
    tab.view.go_to(1, A1_1)
    tab.points_button.click()
    assert len(opened) == 1
    assert heard == [Changes.of("assessment")]


def test_school_plan_opens_the_plan_dialog(
    tab: AssessmentTab, monkeypatch: pytest.MonkeyPatch
) -> None:
    module = pytest.importorskip("nlts_desktop.ui.dialogs.plan_dialog")
    opened = _record_exec(monkeypatch, module.PlanDialog)
    tab.plan_button.click()
    assert len(opened) == 1


def test_evidence_opens_the_evidence_dialog(
    tab: AssessmentTab, monkeypatch: pytest.MonkeyPatch
) -> None:
    module = pytest.importorskip("nlts_desktop.ui.dialogs.evidence_dialog")
    opened = _record_exec(monkeypatch, module.EvidenceDialog)
    tab.evidence_button.click()
    assert len(opened) == 1


def test_import_scores_opens_the_import_dialog(
    tab: AssessmentTab, monkeypatch: pytest.MonkeyPatch
) -> None:
    module = pytest.importorskip("nlts_desktop.ui.dialogs.score_import_dialog")
    opened = _record_exec(monkeypatch, module.ScoreImportDialog)
    tab.import_button.click()
    assert len(opened) == 1


def test_export_scores_writes_the_workbook(
    tab: AssessmentTab,
    ready: AppSession,
    school: int,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pytest.importorskip("nlts_desktop.services.score_sheets")
    if not hasattr(ready.workspace, "score_sheets"):
        pytest.skip("workspace.score_sheets is not wired in yet")
    grade_everything(ready.workspace, school, "1")
    out = tmp_path / "成绩.xlsx"
    monkeypatch.setattr(assessment_tab, "ask_save_path", lambda *_a, **_k: out)
    told: list[str] = []
    monkeypatch.setattr(assessment_tab, "show_information", lambda _p, _t, text: told.append(text))
    tab.export_button.click()
    assert out.exists()
    assert told and str(out) in told[0]
