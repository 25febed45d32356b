"""The whole of 校本应用考核 through the window's parts, as a coordinator and a reviewer use it:
points chosen in the selection dialog, grades typed into the grid, the batch submitted, the
county approving it in the 审核 tab, practice hours credited and the teacher qualified."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox
from pytestqt.qtbot import QtBot

from nlts_desktop.domain.enums import Grade, ReviewState, SubmissionState
from nlts_desktop.ui.dialogs.selection_dialog import SelectionDialog
from nlts_desktop.ui.session import AppSession
from nlts_desktop.ui.tabs.assessment_tab import AssessmentTab
from nlts_desktop.ui.tabs.hours_tab import HoursTab
from nlts_desktop.ui.tabs.review_tab import ReviewTab


@pytest.fixture
def planned(school_session: AppSession, school: int) -> AppSession:
    """The school's plan, approved by the county; 20 online hours for each teacher."""
    workspace = school_session.workspace
    workspace.assessment.save_plan(
        school,
        {
            "environments": "A,B",
            "points": [("A1", True)],
            "plan_title": "温江区实验小学校本研修方案",
            "rules_title": "校本应用考核细则",
        },
    )
    workspace.assessment.decide_plan(school, approve=True)
    for row in workspace.assessment.grid(school).rows:
        workspace.hours.add(
            {
                "teacher_id": row.teacher_id,
                "category": "网络研修",
                "hours": "20",
                "date": "2022-05-20",
            }
        )
    return school_session


def test_from_selection_to_a_qualified_teacher(
    planned: AppSession, school: int, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    workspace = planned.workspace
    monkeypatch.setattr(QMessageBox, "information", lambda *_args, **_kw: None)
    tab = AssessmentTab(planned)
    qtbot.addWidget(tab)
    tab.resize(1400, 700)
    tab.show()
    qtbot.waitExposed(tab)
    teachers = [tab.model.row_at(r).teacher_id for r in range(tab.model.rowCount())]

    # 1. The coordinator picks each teacher's points; the rule is checked as they tick.
    for row, teacher in enumerate(teachers):
        name = tab.model.row_at(row).name
        dialog = SelectionDialog(planned, school, teacher, name, [])
        qtbot.addWidget(dialog)
        for item, point in dialog._items:
            if point.code in ("A1", "A5", "A11"):
                item.setCheckState(0, Qt.CheckState.Checked)
        assert dialog.ok_button.isEnabled()
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        assert dialog.result() == QDialog.DialogCode.Accepted
        # Evidence recorded as references to the training platform.
        for evidence in workspace.assessment.evidence(teacher):
            workspace.assessment.update_evidence(evidence.item_id, external_ref="研修平台作品")
    tab.reload()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 2 and bool(tab.model.row_at(0).points))

    # 2. Every item graded from the keyboard: 1 = 优秀, 2 = 合格; the cursor moves on itself.
    tab.assessor_edit.setText("王老师")
    tab.view.go_to(*tab.model.first_editable())
    cells = sum(len(p.items) for r in range(2) for p in tab.model.row_at(r).points)
    for n in range(cells):
        qtbot.keyClick(tab.view, "1" if n % 3 else "2")
    grid = workspace.assessment.grid(school)
    assert all(row.result is Grade.PASS for row in grid.rows)
    assert all(i.assessor == "王老师" for r in grid.rows for p in r.points for i in p.items)

    # 3. Submitted: the grid locks.
    monkeypatch.setattr(tab, "confirm_submit", lambda: True)
    tab.submit()
    qtbot.waitUntil(lambda: workspace.assessment.batch(school).state is SubmissionState.SUBMITTED)

    # 4. The county approves every clean result in one action.
    review = ReviewTab(planned)
    qtbot.addWidget(review)
    review.show()
    review.reload()
    review.select_school(school)
    review.approve_clean()
    assert workspace.assessment.batch(school).state is SubmissionState.APPROVED
    rows = workspace.review.school(school).rows
    assert all(r.state is ReviewState.APPROVED for r in rows)

    # 5. Practice hours credited; the teachers qualify, as the 学时 tab shows.
    hours = HoursTab(planned)
    qtbot.addWidget(hours)
    hours.reload()
    verdicts = {t.teacher_id: t for t in workspace.hours.teacher_hours()}
    for teacher in teachers:
        assert (verdicts[teacher].online, verdicts[teacher].practice) == (20, 30)
        assert verdicts[teacher].verdict.qualified
    tab.reload()
    qtbot.waitUntil(lambda: all(tab.model.row_at(r).locked for r in range(2)))
