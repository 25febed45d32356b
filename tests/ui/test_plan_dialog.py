"""PlanDialog: the school's plan saved with its points and dates, the county approves or returns
it with a reason, a coordinator cannot approve, a viewer only reads, a stale save is refused."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt
from pytestqt.qtbot import QtBot

from nlts_desktop.domain.enums import PlanApproval, Role
from nlts_desktop.services.context import Actor
from nlts_desktop.ui.dialogs.plan_dialog import PlanDialog, PlanReturnDialog
from nlts_desktop.ui.session import AppSession, Changes

PLAN = {
    "environments": "A,B",
    "points": [("A1", True)],
    "plan_title": "温江区实验小学2022年校本研修方案",
    "rules_title": "微能力点考核细则",
}


def _dialog(qtbot: QtBot, session: AppSession, school: int) -> PlanDialog:
    dialog = PlanDialog(session, school)
    qtbot.addWidget(dialog)
    return dialog


def _item(dialog: PlanDialog, code: str) -> int:
    return next(
        i for i, item in enumerate(dialog.point_items) if item.text(0).startswith(f"{code} ")
    )


def _tick(dialog: PlanDialog, code: str, *, required: bool = False) -> None:
    item = dialog.point_items[_item(dialog, code)]
    item.setCheckState(0, Qt.CheckState.Checked)
    if required:
        item.setCheckState(2, Qt.CheckState.Checked)


def test_new_plan_starts_from_the_school_record(
    qtbot: QtBot, session: AppSession, school: int
) -> None:
    dialog = _dialog(qtbot, session, school)
    assert dialog.record is not None and not dialog.record.saved
    assert "温江区实验小学" in dialog.windowTitle()
    assert dialog.environment_checks["A"].isChecked()
    assert dialog.environment_checks["B"].isChecked()
    assert not dialog.environment_checks["C"].isChecked()
    # Only the points of the chosen environments are offered.
    visible = [item.text(0).split()[0] for item in dialog.point_items if not item.isHidden()]
    assert "A1" in visible and "B10" in visible
    assert not any(code.startswith("C") for code in visible)
    assert dialog.state_label.text() == "Not filled in yet"
    assert dialog.save_button.isEnabled()
    # Nothing saved yet: nothing for the county to approve.
    assert not dialog.approve_button.isEnabled()
    assert dialog.plan_date_edit.text() == "Not set"


def test_no_environment_blocks_save_with_the_reason(
    qtbot: QtBot, session: AppSession, school: int
) -> None:
    dialog = _dialog(qtbot, session, school)
    dialog.environment_checks["A"].setChecked(False)
    dialog.environment_checks["B"].setChecked(False)
    assert "at least one ICT environment" in dialog.form.error_text("environments")
    assert not dialog.save_button.isEnabled()
    assert all(item.isHidden() for item in dialog.point_items)
    dialog.environment_checks["C"].setChecked(True)
    assert dialog.save_button.isEnabled()


def test_saving_the_plan(qtbot: QtBot, session: AppSession, school: int) -> None:
    dialog = _dialog(qtbot, session, school)
    _tick(dialog, "A1", required=True)
    _tick(dialog, "B9")
    # 必选 ticks the point itself.
    dialog.point_items[_item(dialog, "A5")].setCheckState(2, Qt.CheckState.Checked)
    assert dialog.point_items[_item(dialog, "A5")].checkState(0) == Qt.CheckState.Checked
    dialog.plan_title_edit.setText(" 温江区实验小学2022年校本研修方案 ")
    dialog.plan_date_edit.setDate(QDate(2022, 3, 1))
    dialog.plan_file_edit.setText("校本研修方案.pdf")
    dialog.rules_title_edit.setText("微能力点考核细则")
    dialog.rules_date_edit.setDate(QDate(2022, 3, 15))
    assert dialog.plan_date_edit.text() == "2022-03-01"

    dialog.show()
    qtbot.waitExposed(dialog)

    with qtbot.waitSignal(session.tasks.data_changed, timeout=1000) as signal:
        dialog.save_button.click()
    assert signal.args == [Changes.of("assessment")]
    assert dialog.result() == PlanDialog.DialogCode.Accepted
    stored = session.workspace.assessment.plan(school)
    assert stored.saved
    assert stored.environments == ("A", "B")
    assert {(p.code, p.required) for p in stored.points} == {
        ("A1", True),
        ("A5", True),
        ("B9", False),
    }
    assert stored.plan_title == "温江区实验小学2022年校本研修方案"
    assert stored.plan_date == date(2022, 3, 1)
    assert stored.plan_file_ref == "校本研修方案.pdf"
    assert stored.rules_date == date(2022, 3, 15)
    assert stored.rules_file_ref is None
    assert stored.approval_state is PlanApproval.PENDING


def test_points_of_an_environment_taken_out_are_not_saved(
    qtbot: QtBot, session: AppSession, school: int
) -> None:
    dialog = _dialog(qtbot, session, school)
    _tick(dialog, "A1")
    _tick(dialog, "B1")
    dialog.environment_checks["B"].setChecked(False)
    dialog.save_button.click()
    stored = session.workspace.assessment.plan(school)
    assert stored.environments == ("A",)
    assert [p.code for p in stored.points] == ["A1"]


def test_the_county_approves_the_saved_plan(qtbot: QtBot, session: AppSession, school: int) -> None:
    assessment = session.workspace.assessment
    assessment.save_plan(school, PLAN)
    dialog = _dialog(qtbot, session, school)
    assert dialog.state_label.text() == "待审批"
    assert dialog.point_items[_item(dialog, "A1")].checkState(2) == Qt.CheckState.Checked
    assert dialog.approve_button.isEnabled()
    # Unsaved changes first have to be saved: the county approves what is stored.
    dialog.plan_file_edit.setText("方案.docx")
    assert not dialog.approve_button.isEnabled()
    dialog.plan_file_edit.setText("")
    assert dialog.approve_button.isEnabled()

    with qtbot.waitSignal(session.tasks.data_changed, timeout=1000) as signal:
        dialog.approve_button.click()
    assert signal.args == [Changes.of("assessment")]
    assert dialog.result() == PlanDialog.DialogCode.Accepted
    stored = assessment.plan(school)
    assert stored.approval_state is PlanApproval.APPROVED
    assert stored.approved_by == "admin"

    again = _dialog(qtbot, session, school)
    assert again.state_label.text() == "已批准"
    assert again.decided_label.text().startswith("admin, ")
    # Changing an approved plan sends it back: the dialog says so before saving.
    again.show()
    again.plan_title_edit.setText("修订后的方案")
    assert again.notice_label.isVisible()
    assert "sends it back for approval" in again.notice_label.text()


def test_returning_the_plan_needs_a_reason(
    qtbot: QtBot, session: AppSession, school: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    assessment = session.workspace.assessment
    assessment.save_plan(school, PLAN)
    dialog = _dialog(qtbot, session, school)
    monkeypatch.setattr(PlanDialog, "ask_return_reason", lambda self: None)
    dialog.return_button.click()
    assert assessment.plan(school).approval_state is PlanApproval.PENDING
    assert dialog.result() != PlanDialog.DialogCode.Accepted

    monkeypatch.setattr(
        PlanDialog, "ask_return_reason", lambda self: "考核细则未写明视频片段的评分办法"
    )
    dialog.return_button.click()
    assert dialog.result() == PlanDialog.DialogCode.Accepted
    stored = assessment.plan(school)
    assert stored.approval_state is PlanApproval.RETURNED
    assert stored.approval_note == "考核细则未写明视频片段的评分办法"
    again = _dialog(qtbot, session, school)
    assert again.state_label.text() == "已退回修改"
    assert again.note_label.text() == "考核细则未写明视频片段的评分办法"


def test_reason_dialog_accepts_only_a_reason(qtbot: QtBot) -> None:
    dialog = PlanReturnDialog("温江区实验小学")
    qtbot.addWidget(dialog)
    assert not dialog.ok_button.isEnabled()
    assert dialog.hint.text() == "Enter the reason for returning the plan."
    dialog.reason_edit.setPlainText("   ")
    assert not dialog.ok_button.isEnabled()
    dialog.reason_edit.setPlainText(" 请补充考核细则 ")
    assert dialog.ok_button.isEnabled()
    assert dialog.reason() == "请补充考核细则"
    dialog.reason_edit.setPlainText("长" * 1001)
    assert not dialog.ok_button.isEnabled()
    assert "1001" in dialog.hint.text()


def test_a_coordinator_saves_but_cannot_approve(
    qtbot: QtBot, session: AppSession, school: int
) -> None:
    assessment = session.workspace.assessment
    assessment.save_plan(school, PLAN)
    session.workspace.act_as(Actor("coord", Role.SCHOOL_COORDINATOR, school_id=school))
    dialog = _dialog(qtbot, session, school)
    dialog.show()
    assert not dialog.approve_button.isVisible()
    assert not dialog.return_button.isVisible()
    assert dialog.save_button.isVisible()
    dialog.plan_file_edit.setText("方案.pdf")
    dialog.save_button.click()
    assert dialog.result() == PlanDialog.DialogCode.Accepted
    stored = assessment.plan(school)
    assert stored.plan_file_ref == "方案.pdf"
    assert stored.approval_state is PlanApproval.PENDING


def test_a_reviewer_decides_but_does_not_edit(
    qtbot: QtBot, session: AppSession, school: int
) -> None:
    session.workspace.assessment.save_plan(school, PLAN)
    session.workspace.act_as(Actor("rev", Role.COUNTY_REVIEWER))
    dialog = _dialog(qtbot, session, school)
    dialog.show()
    assert not dialog.save_button.isVisible()
    assert dialog.plan_title_edit.isReadOnly()
    assert dialog.approve_button.isEnabled()
    assert "approve it or return it" in dialog.notice_label.text()


def test_a_viewer_sees_everything_read_only(qtbot: QtBot, session: AppSession, school: int) -> None:
    session.workspace.assessment.save_plan(school, PLAN)
    session.workspace.act_as(Actor("look", Role.VIEWER))
    dialog = _dialog(qtbot, session, school)
    dialog.show()
    assert dialog.plan_title_edit.text() == PLAN["plan_title"]
    assert not dialog.save_button.isVisible()
    assert not dialog.approve_button.isVisible()
    assert dialog.plan_title_edit.isReadOnly()
    assert dialog.plan_date_edit.isReadOnly()
    assert not dialog.environment_checks["A"].isEnabled()
    item = dialog.point_items[_item(dialog, "A1")]
    assert not item.flags() & Qt.ItemFlag.ItemIsUserCheckable
    assert dialog.notice_label.text() == "Your account can view the plan but not change it."


def test_a_stale_save_is_refused_with_the_input_kept(
    qtbot: QtBot, session: AppSession, school: int
) -> None:
    assessment = session.workspace.assessment
    assessment.save_plan(school, PLAN)
    dialog = _dialog(qtbot, session, school)
    version = assessment.plan(school).version
    assessment.save_plan(school, {**PLAN, "plan_file_ref": "别人改的.pdf", "version": version})
    dialog.rules_file_edit.setText("细则.pdf")
    dialog.save_button.click()
    assert dialog.result() != PlanDialog.DialogCode.Accepted
    assert "已被他人修改" in dialog.form.top_error.text()
    assert dialog.rules_file_edit.text() == "细则.pdf"
    assert assessment.plan(school).rules_file_ref is None
