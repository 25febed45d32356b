"""The 审核 tab: the queue, approving clean results and holding flagged ones, approving chosen
ones, holding, returning with reasons, unlocking with a reason, roles, and the reason dialog."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from nlts_desktop.domain.enums import ReviewState, Role, SubmissionState
from nlts_desktop.services.context import Actor
from nlts_desktop.services.workspace import Workspace
from nlts_desktop.ui.dialogs.reason_dialog import ReasonDialog
from nlts_desktop.ui.session import AppSession
from nlts_desktop.ui.tabs import review_tab
from nlts_desktop.ui.tabs.review_tab import (
    APPROVED_COLOR,
    FLAGGED_COLOR,
    R_FLAGS,
    R_NAME,
    R_POINTS,
    R_STATE,
    ReviewTab,
)
from tests.helpers import add_teachers, grade_all, ready_school

SCHOOL_CODE = "2151000001"  # tests/conftest.py's school fixture


def submitted_school(workspace: Workspace, school_id: int) -> tuple[list[int], int]:
    """Two clean teachers and one whose evidence is missing, graded and submitted.

    Returns (clean teacher ids, flagged teacher id).
    """
    teachers = add_teachers(workspace, 3, school=SCHOOL_CODE)
    ready_school(workspace, school_id, teachers[:2])
    workspace.assessment.set_selection(teachers[2], ["A1", "A5", "A11"])  # no evidence
    grade_all(workspace, school_id, "1")
    workspace.assessment.submit(school_id)
    return teachers[:2], teachers[2]


def practice_hours(workspace: Workspace) -> dict[int, float]:
    return {t.teacher_id: t.practice for t in workspace.hours.teacher_hours()}


@pytest.fixture
def county(session: AppSession, school: int) -> tuple[int, list[int], int]:
    """The school with a submitted batch: (school id, clean teachers, flagged teacher)."""
    clean, flagged = submitted_school(session.workspace, school)
    return school, clean, flagged


@pytest.fixture
def tab(session: AppSession, county: object, qtbot: QtBot) -> ReviewTab:
    """A shown, loaded review tab."""
    tab = ReviewTab(session)
    qtbot.addWidget(tab)
    tab.resize(1300, 800)
    tab.show()
    qtbot.waitExposed(tab)
    tab.reload()
    return tab


@pytest.fixture
def said(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Information boxes recorded instead of shown."""
    texts: list[str] = []

    def information(_parent: object, _title: str, text: str, *_args: object) -> Any:
        texts.append(text)
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "information", information)
    return texts


@pytest.fixture
def errors(monkeypatch: pytest.MonkeyPatch) -> list[BaseException]:
    """Errors the tab would show."""
    shown: list[BaseException] = []
    monkeypatch.setattr(review_tab, "show_error", lambda _parent, exc: shown.append(exc))
    return shown


def answer_reason(
    monkeypatch: pytest.MonkeyPatch, reason: str, teachers: dict[int, str] | None = None
) -> list[ReasonDialog]:
    """Make the next reason dialogs fill themselves in and press OK; returns them."""
    opened: list[ReasonDialog] = []

    def exec_(dialog: ReasonDialog) -> int:
        opened.append(dialog)
        dialog.reason_edit.setPlainText(reason)
        for tid, text in (teachers or {}).items():
            dialog.teacher_edits[tid].setText(text)
        if not dialog.ok_button.isEnabled():
            return QDialog.DialogCode.Rejected
        dialog.accept()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ReasonDialog, "exec", exec_)
    return opened


def cell(
    tab: ReviewTab, name: str, column: int, role: Qt.ItemDataRole = Qt.ItemDataRole.DisplayRole
) -> Any:
    model = tab.results_proxy
    for row in range(model.rowCount()):
        if model.index(row, R_NAME).data() == name:
            return model.index(row, column).data(role)
    raise AssertionError(f"{name} not shown")


def states(workspace: Workspace, school_id: int) -> dict[int, ReviewState | None]:
    return {r.teacher_id: r.state for r in workspace.review.school(school_id).rows}


# ---------------------------------------------------------------- the queue and the view


def test_queue_lists_waiting_batches_first_and_filters(
    session: AppSession, school: int, qtbot: QtBot
) -> None:
    workspace = session.workspace
    # An approved batch whose school code sorts first, a draft that is not in the queue.
    early = workspace.schools.create(
        {"code": "2151000000", "name": "温江区第一小学", "urban_rural": "111", "environments": "A"}
    ).id
    teachers = add_teachers(workspace, 2, school="2151000000", start=20)
    ready_school(workspace, early, teachers)
    grade_all(workspace, early)
    workspace.assessment.submit(early)
    workspace.review.approve_clean(early)
    workspace.schools.create(
        {"code": "2151000002", "name": "温江区第三小学", "urban_rural": "111", "environments": "A"}
    )
    submitted_school(workspace, school)

    tab = ReviewTab(session)
    qtbot.addWidget(tab)
    tab.show()
    tab.reload()
    proxy = tab.queue_proxy
    # Waiting for review (the default): only the submitted batch.
    assert tab.queue_filter.currentData() is True
    assert [proxy.index(r, 0).data() for r in range(proxy.rowCount())] == [SCHOOL_CODE]
    assert tab.queue_count.text() == "1 of 2 batches"
    tab.queue_filter.setCurrentIndex(tab.queue_filter.findData(False))
    rows = [[proxy.index(r, c).data() for c in range(10)] for r in range(proxy.rowCount())]
    assert [r[0] for r in rows] == [SCHOOL_CODE, "2151000000"]  # waiting first
    first = rows[0]
    assert first[1:3] == ["温江区实验小学", "已提交"]
    assert len(first[3]) == len("2026-03-05 14:30") and first[3][4] == "-"  # local time
    assert first[4] == "admin"
    assert first[5:] == ["3", "3", "0", "0", "0"]
    assert rows[1][2] == "已通过" and rows[1][8] == "2"
    # The first waiting school was opened.
    assert tab._review is not None and tab._review.batch.school_id == school
    assert "温江区实验小学" in tab.banner.text() and "已提交" in tab.banner.text()
    # Choosing another school in the queue opens it.
    tab.queue_view.selectRow(1)
    assert tab._review.batch.school_id == early
    assert tab.results_proxy.rowCount() == 2
    assert not tab.approve_clean_button.isEnabled()  # approved and locked
    assert tab.unlock_button.isEnabled()


def test_school_view_shows_points_flags_and_tints(
    tab: ReviewTab, county: tuple[int, list[int], int], session: AppSession
) -> None:
    _school, clean, flagged = county
    names = {r.teacher_id: r.name for r in session.workspace.review.school(county[0]).rows}
    assert tab.results_proxy.rowCount() == 3
    assert cell(tab, names[clean[0]], R_POINTS) == "A1 优秀 / A5 优秀 / A11 优秀"
    assert cell(tab, names[clean[0]], R_STATE) == "待审核"
    assert cell(tab, names[clean[0]], R_FLAGS) == ""
    assert cell(tab, names[clean[0]], R_NAME, Qt.ItemDataRole.BackgroundRole) is None
    assert cell(tab, names[flagged], R_FLAGS).startswith("缺少证据材料：A1-1")
    brush = cell(tab, names[flagged], R_NAME, Qt.ItemDataRole.BackgroundRole)
    assert isinstance(brush, QBrush) and brush.color().name() == FLAGGED_COLOR
    assert "1 need attention" in tab.details_label.text()
    assert "Submitted" in tab.details_label.text()
    assert "草稿 → 已提交" in tab.history_label.text()
    # Masked ID numbers, as the service gives them.
    assert "*" in cell(tab, names[flagged], 1)


# ---------------------------------------------------------------- approving


def test_approve_clean_approves_clean_ones_and_holds_the_flagged_one(
    tab: ReviewTab,
    county: tuple[int, list[int], int],
    session: AppSession,
    said: list[str],
    errors: list[BaseException],
) -> None:
    school, clean, flagged = county
    workspace = session.workspace
    assert tab.approve_clean_button.isEnabled()
    tab.approve_clean_button.click()
    assert errors == []
    assert said == ["2 approved, 1 held (need attention); practice hours credited to 2 teachers."]
    now = states(workspace, school)
    assert now[clean[0]] is ReviewState.APPROVED and now[clean[1]] is ReviewState.APPROVED
    assert now[flagged] is ReviewState.HELD
    hours = practice_hours(workspace)
    assert hours[clean[0]] == hours[clean[1]] == 30
    assert hours[flagged] == 0
    # The view reloaded by itself (data_changed): tints and counts follow.
    names = {r.teacher_id: r.name for r in workspace.review.school(school).rows}
    brush = cell(tab, names[clean[0]], R_NAME, Qt.ItemDataRole.BackgroundRole)
    assert brush.color().name() == APPROVED_COLOR
    assert cell(tab, names[flagged], R_STATE) == "暂缓（需关注）"
    proxy = tab.queue_proxy
    assert [proxy.index(0, c).data() for c in (6, 7, 8)] == ["0", "1", "2"]
    assert tab.unlock_button.isEnabled()


def test_approve_selected_confirms_flags_then_approving_again_is_refused(
    tab: ReviewTab,
    county: tuple[int, list[int], int],
    session: AppSession,
    said: list[str],
    errors: list[BaseException],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    school, _clean, flagged = county
    workspace = session.workspace
    tab.approve_clean()
    asked: list[str] = []

    def question(_parent: object, _title: str, text: str, *_a: object) -> Any:
        asked.append(text)
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", question)
    tab.select_teachers([flagged])
    assert tab.approve_button.isEnabled()
    tab.approve_button.click()
    assert len(asked) == 1 and "缺少证据材料" in asked[0]
    assert states(workspace, school)[flagged] is ReviewState.HELD  # said No

    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.Yes)
    tab.select_teachers([flagged])
    tab.approve_selected()
    assert errors == []
    assert said[-1] == (
        "1 results approved; practice hours credited to 1 teachers. "
        "Every result is approved: the batch is now locked."
    )
    assert workspace.assessment.batch(school).state is SubmissionState.APPROVED
    assert practice_hours(workspace)[flagged] == 30
    assert not tab.approve_clean_button.isEnabled()
    assert "已通过" in tab.banner.text()

    # Approving again: the service refuses, in Chinese, through the error dialog.
    tab.approve_clean()
    assert len(errors) == 1
    assert "已审核通过并锁定，不能重复通过" in str(errors[0])


def test_hold_selected_with_a_reason(
    tab: ReviewTab,
    county: tuple[int, list[int], int],
    session: AppSession,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    school, clean, _flagged = county
    opened = answer_reason(monkeypatch, "需核实课堂实录")
    tab.select_teachers([clean[0]])
    tab.hold_button.click()
    assert len(opened) == 1 and opened[0].teacher_edits == {}
    rows = {r.teacher_id: r for r in session.workspace.review.school(school).rows}
    assert rows[clean[0]].state is ReviewState.HELD
    assert rows[clean[0]].reason == "需核实课堂实录"
    assert cell(tab, rows[clean[0]].name, 6) == "需核实课堂实录"


# ---------------------------------------------------------------- returning and unlocking


def test_return_with_reasons(
    tab: ReviewTab,
    county: tuple[int, list[int], int],
    session: AppSession,
    monkeypatch: pytest.MonkeyPatch,
    said: list[str],
) -> None:
    school, _clean, flagged = county
    opened = answer_reason(
        monkeypatch, "证据材料不全，请补交后重新提交。", {flagged: "补交三个能力点的材料"}
    )
    tab.return_button.click()
    dialog = opened[0]
    # No selection: the flagged teacher is listed, with the flags filled in to edit.
    assert list(dialog.teacher_edits) == [flagged]
    batch = session.workspace.assessment.batch(school)
    assert batch.state is SubmissionState.RETURNED
    assert batch.return_reason == "证据材料不全，请补交后重新提交。"
    reasons = [e.reason for e in batch.events]
    assert "证据材料不全，请补交后重新提交。" in reasons
    assert "补交三个能力点的材料" in reasons
    assert said and "returned" in said[-1]
    assert "已退回" in tab.banner.text()
    assert "证据材料不全" in tab.details_label.text()
    assert "证据材料不全" in tab.history_label.text()
    assert not tab.return_button.isEnabled()
    # Waiting filter: the returned school left the list, but its view stays open.
    assert tab.queue_proxy.rowCount() == 0
    assert tab._review is not None and tab._review.batch.school_id == school


def test_cancelled_reason_changes_nothing(
    tab: ReviewTab,
    county: tuple[int, list[int], int],
    session: AppSession,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(ReasonDialog, "exec", lambda _self: QDialog.DialogCode.Rejected)
    tab.return_to_school()
    assert session.workspace.assessment.batch(county[0]).state is SubmissionState.SUBMITTED


def test_unlock_requires_a_reason_and_withdraws_the_hours(
    tab: ReviewTab,
    county: tuple[int, list[int], int],
    session: AppSession,
    monkeypatch: pytest.MonkeyPatch,
    said: list[str],
    errors: list[BaseException],
) -> None:
    school, clean, _flagged = county
    workspace = session.workspace
    tab.approve_clean()
    assert practice_hours(workspace)[clean[0]] == 30

    # An empty reason: OK stays disabled, nothing is unlocked.
    opened = answer_reason(monkeypatch, "   ")
    tab.unlock_button.click()
    assert len(opened) == 1 and not opened[0].ok_button.isEnabled()
    assert states(workspace, school)[clean[0]] is ReviewState.APPROVED

    # The selected approved teacher only.
    answer_reason(monkeypatch, "成绩录入有误，需更正")
    tab.select_teachers([clean[0]])
    tab.unlock()
    assert errors == []
    assert said[-1].startswith("1 results were unlocked")
    now = states(workspace, school)
    assert now[clean[0]] is ReviewState.RETURNED
    assert now[clean[1]] is ReviewState.APPROVED
    hours = practice_hours(workspace)
    assert hours[clean[0]] == 0 and hours[clean[1]] == 30
    events = workspace.assessment.batch(school).events
    assert events[-1].reason == "解锁：成绩录入有误，需更正"

    # Nothing selected: every approved result of the school.
    tab.results_view.clearSelection()
    answer_reason(monkeypatch, "整体复核")
    tab.unlock()
    assert practice_hours(workspace)[clean[1]] == 0
    assert all(s is not ReviewState.APPROVED for s in states(workspace, school).values())
    assert not tab.unlock_button.isEnabled()


# ---------------------------------------------------------------- roles, outputs, dialog


def test_read_only_roles_see_no_actions(session: AppSession, county: object, qtbot: QtBot) -> None:
    session.workspace.context.actor = Actor("guest", Role.VIEWER)
    tab = ReviewTab(session)
    qtbot.addWidget(tab)
    tab.show()
    tab.reload()
    assert tab.results_proxy.rowCount() == 3
    assert all(not b.isVisibleTo(tab) for b in tab.write_buttons)
    assert tab.print_button.isVisibleTo(tab) and tab.sampling_button.isVisibleTo(tab)


def test_hidden_tab_reloads_when_shown(
    tab: ReviewTab, county: tuple[int, list[int], int], session: AppSession
) -> None:
    from nlts_desktop.ui.session import Changes

    tab.hide()
    session.workspace.review.approve_clean(county[0])
    session.tasks.data_changed.emit(Changes.of("assessment"))
    assert tab.queue_proxy.index(0, 8).data() == "0"  # not yet: hidden
    tab.show()
    assert tab.queue_proxy.index(0, 8).data() == "2"


def test_export_summary_and_review_record(
    tab: ReviewTab,
    session: AppSession,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    said: list[str],
    errors: list[BaseException],
) -> None:
    if not hasattr(session.workspace, "score_sheets"):
        pytest.skip("workspace.score_sheets is not there yet")
    summary = tmp_path / "汇总.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(summary), ""))
    tab.export_summary()
    assert errors == [] and summary.exists()
    assert str(summary) in said[-1]
    record = tmp_path / "审核记录"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(record), ""))
    tab.print_review_record()
    pdf = record.with_suffix(".pdf")
    assert errors == [] and pdf.read_bytes().startswith(b"%PDF")
    assert str(pdf) in said[-1] and "pages" in said[-1]


def test_reason_dialog_requires_a_reason(qtbot: QtBot) -> None:
    dialog = ReasonDialog(
        "Return to School",
        "Why?",
        teachers=[(7, "张丽"), (9, "李明")],
        prefill={9: "缺少证据材料"},
    )
    qtbot.addWidget(dialog)
    assert not dialog.ok_button.isEnabled()
    dialog.reason_edit.setPlainText("  \n ")
    assert not dialog.ok_button.isEnabled()
    dialog.reason_edit.setPlainText(" 材料不全 \n")
    assert dialog.ok_button.isEnabled()
    assert dialog.reason() == "材料不全"
    assert dialog.teacher_reasons() == {9: "缺少证据材料"}
    dialog.teacher_edits[7].setText(" 补交视频 ")
    dialog.teacher_edits[9].setText("")
    assert dialog.teacher_reasons() == {7: "补交视频"}
    dialog.reason_edit.setPlainText("长" * 1001)
    assert not dialog.ok_button.isEnabled()
    assert "1001" in dialog.hint_label.text()
