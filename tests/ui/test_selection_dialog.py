"""SelectionDialog: plan points first, the rule checked after every click (too few points, too
few dimensions, an environment the school does not use), saving, confirming before grades are
dropped, and read-only when the teacher is locked or the account only views."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QTreeWidgetItem
from pytestqt.qtbot import QtBot

from nlts_desktop.domain.enums import Role
from nlts_desktop.services.context import Actor
from nlts_desktop.ui.dialogs import selection_dialog
from nlts_desktop.ui.dialogs.selection_dialog import SelectionDialog
from nlts_desktop.ui.session import AppSession, Changes
from tests.helpers import add_teachers

GREEN = "Meets the requirement: 3 points chosen, covering 3 dimensions"


@pytest.fixture
def teacher(session: AppSession, school: int) -> int:
    """A teacher of a school whose approved plan has A1 (required) and A5 (elective)."""
    assessment = session.workspace.assessment
    assessment.save_plan(
        school,
        {
            "environments": "A,B",
            "points": [("A1", True), ("A5", False)],
            "plan_title": "校本研修方案",
            "rules_title": "考核细则",
        },
    )
    assessment.decide_plan(school, approve=True)
    return add_teachers(session.workspace, 1)[0]


def _dialog(
    qtbot: QtBot, session: AppSession, school: int, teacher: int, codes: list[str]
) -> SelectionDialog:
    dialog = SelectionDialog(session, school, teacher, "教师甲一", codes)
    qtbot.addWidget(dialog)
    return dialog


def _item(dialog: SelectionDialog, code: str) -> QTreeWidgetItem:
    return next(item for item, point in dialog._items if point.code == code)


def _set(dialog: SelectionDialog, code: str, on: bool = True) -> None:
    _item(dialog, code).setCheckState(0, Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)


def _groups(dialog: SelectionDialog) -> list[str]:
    tree = dialog.tree
    return [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]  # type: ignore[union-attr]


def test_plan_points_come_first_and_required_ones_start_ticked(
    qtbot: QtBot, session: AppSession, school: int, teacher: int
) -> None:
    dialog = _dialog(qtbot, session, school, teacher, [])
    assert _groups(dialog) == [
        "Points in the school plan",
        "Other points of the school's environments",
    ]
    first = dialog.tree.topLevelItem(0)
    assert first is not None
    children = [first.child(i) for i in range(first.childCount())]
    assert [c.text(0).split()[0] for c in children if c] == ["A1", "A5"]
    assert [c.text(2) for c in children if c] == ["Required", "Elective"]
    # Only the school's environments (A, B) are offered.
    offered = {point.code for _item, point in dialog._items}
    assert "B10" in offered and not any(code.startswith("C") for code in offered)
    assert dialog.codes() == ["A1"]
    assert "至少选择 3 个能力点，当前 1 个" in dialog.check_label.text()
    assert not dialog.ok_button.isEnabled()
    assert "At least 3 points covering at least 3 dimensions" in dialog.rule_label.text()


def test_too_few_points_then_too_few_dimensions(
    qtbot: QtBot, session: AppSession, school: int, teacher: int
) -> None:
    dialog = _dialog(qtbot, session, school, teacher, [])
    _set(dialog, "A2")
    assert "至少选择 3 个能力点，当前 2 个" in dialog.check_label.text()
    assert not dialog.ok_button.isEnabled()
    _set(dialog, "A3")  # A1 学情分析, A2 and A3 教学设计: three points, two dimensions
    text = dialog.check_label.text()
    assert "至少选择" not in text
    assert "至少要覆盖 3 个能力维度" in text
    assert "学法指导、学业评价" in text
    assert not dialog.ok_button.isEnabled()
    _set(dialog, "A3", False)
    _set(dialog, "B9")  # 学业评价
    assert dialog.check_label.text() == GREEN
    assert dialog.ok_button.isEnabled()


def test_a_point_of_another_environment_blocks_saving_until_taken_out(
    qtbot: QtBot, session: AppSession, school: int, teacher: int
) -> None:
    dialog = _dialog(qtbot, session, school, teacher, ["A1", "A5", "C6"])
    assert _groups(dialog)[-1] == "Chosen before, not allowed for this school"
    assert "C6 属于智慧学习环境" in dialog.check_label.text()
    assert not dialog.ok_button.isEnabled()

    dialog.show()
    qtbot.waitExposed(dialog)

    _set(dialog, "C6", False)
    _set(dialog, "A11")
    assert dialog.check_label.text() == GREEN
    with qtbot.waitSignal(session.tasks.data_changed, timeout=1000) as signal:
        dialog.ok_button.click()
    assert signal.args == [Changes.of("assessment")]
    assert dialog.result() == SelectionDialog.DialogCode.Accepted
    assert dialog.saved is not None
    assert [p.code for p in dialog.saved.points] == ["A1", "A5", "A11"]
    row = next(r for r in session.workspace.assessment.grid(school).rows if r.teacher_id == teacher)
    assert [p.code for p in row.points] == ["A1", "A5", "A11"]


def test_dropping_graded_points_asks_first(
    qtbot: QtBot,
    session: AppSession,
    school: int,
    teacher: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assessment = session.workspace.assessment
    row = assessment.set_selection(teacher, ["A1", "A5", "A11"])
    a1 = next(p for p in row.points if p.code == "A1")
    assessment.set_score(a1.items[0].item_id, "优秀", assessor="王老师")
    asked: list[str] = []

    def answer(reply: QMessageBox.StandardButton) -> object:
        def question(_parent: object, _title: str, text: str, *_a: object) -> object:
            asked.append(text)
            return reply

        return question

    dialog = _dialog(qtbot, session, school, teacher, ["A1", "A5", "A11"])
    _set(dialog, "A1", False)
    _set(dialog, "B1")  # 学情分析 again
    assert dialog.ok_button.isEnabled()
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.No))
    dialog.ok_button.click()
    assert len(asked) == 1 and "A1 技术支持的学情分析" in asked[0]
    assert "A5" not in asked[0]
    assert dialog.result() != SelectionDialog.DialogCode.Accepted
    assert {p.code for p in assessment.grid(school).rows[0].points} == {"A1", "A5", "A11"}

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    dialog.ok_button.click()
    assert dialog.result() == SelectionDialog.DialogCode.Accepted
    assert [p.code for p in assessment.grid(school).rows[0].points] == ["A5", "A11", "B1"]


def test_ungraded_points_are_dropped_without_asking(
    qtbot: QtBot,
    session: AppSession,
    school: int,
    teacher: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    session.workspace.assessment.set_selection(teacher, ["A1", "A5", "A11"])
    monkeypatch.setattr(QMessageBox, "question", lambda *a: pytest.fail("asked"))
    dialog = _dialog(qtbot, session, school, teacher, ["A1", "A5", "A11"])
    _set(dialog, "A11", False)
    _set(dialog, "A12")
    dialog.ok_button.click()
    assert dialog.result() == SelectionDialog.DialogCode.Accepted
    assert dialog.saved is not None
    assert [p.code for p in dialog.saved.points] == ["A1", "A5", "A12"]


def test_a_refusal_is_shown_and_the_dialog_stays_open(
    qtbot: QtBot,
    session: AppSession,
    school: int,
    teacher: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    errors: list[BaseException] = []
    monkeypatch.setattr(selection_dialog, "show_error", lambda _p, exc: errors.append(exc))
    other = session.workspace.schools.create(
        {"code": "2151000002", "name": "温江区第二小学", "urban_rural": "111"}
    ).id
    dialog = _dialog(qtbot, session, school, teacher, [])
    session.workspace.act_as(Actor("coord", Role.SCHOOL_COORDINATOR, school_id=other))
    for code in ("A5", "A11"):
        _set(dialog, code)
    dialog.ok_button.click()
    assert len(errors) == 1
    assert "只能处理本校的数据" in str(errors[0])
    assert dialog.result() != SelectionDialog.DialogCode.Accepted
    assert dialog.ok_button.isEnabled()


def test_a_submitted_teacher_is_read_only_with_the_reason(
    qtbot: QtBot, session: AppSession, school: int, teacher: int
) -> None:
    assessment = session.workspace.assessment
    row = assessment.set_selection(teacher, ["A1", "A5", "A11"])
    assessment.set_scores(
        [(item.item_id, "合格") for p in row.points for item in p.items], assessor="王老师"
    )
    assessment.submit(school)
    dialog = _dialog(qtbot, session, school, teacher, ["A1", "A5", "A11"])
    dialog.show()
    assert dialog.lock_label.isVisible()
    assert "已提交区县审核" in dialog.lock_label.text()
    assert not dialog.ok_button.isEnabled()
    assert not _item(dialog, "A2").flags() & Qt.ItemFlag.ItemIsUserCheckable


def test_a_viewer_cannot_change_the_selection(
    qtbot: QtBot, session: AppSession, school: int, teacher: int
) -> None:
    session.workspace.act_as(Actor("look", Role.VIEWER))
    dialog = _dialog(qtbot, session, school, teacher, ["A1", "A5", "A11"])
    assert dialog.check_label.text() == GREEN
    assert not dialog.ok_button.isEnabled()
    assert dialog.lock_label.text() == "Your account can view the selection but not change it."
