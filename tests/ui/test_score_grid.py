"""The score entry grid: model cells and colours, keyboard entry, paste, locks (real workspace)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QBrush, QInputMethodEvent
from PySide6.QtWidgets import QAbstractItemView, QApplication, QComboBox
from pytestqt.qtbot import QtBot

from nlts_desktop.domain.enums import Grade
from nlts_desktop.services.assessment import GridItem, SheetEntry
from nlts_desktop.services.workspace import Workspace
from nlts_desktop.ui.models import score_grid_model as sg
from nlts_desktop.ui.models.score_grid_model import Kind, ScoreGridModel
from nlts_desktop.ui.session import AppSession
from nlts_desktop.ui.views import score_grid_view
from nlts_desktop.ui.views.score_grid_view import ScoreGridView, parse_block
from tests.helpers import id_number

POINTS = ["A1", "A5", "A11"]  # 学情分析 (2 items), 学法指导 (3 items), 学业评价 (2 items)
ASSESSOR = "王老师"
# Columns of the grid for 3 points with up to 3 items each.
P1, A1_1, A1_2, A1_3, G1 = 2, 3, 4, 5, 6
P2, A5_1, A5_2, A5_3, G2 = 7, 8, 9, 10, 11
P3, A11_1, A11_2, A11_3, G3 = 12, 13, 14, 15, 16
RESULT, STATE = 17, 18


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


@dataclass
class Harness:
    """A grid view over one school, saving the way the tab does."""

    workspace: Workspace
    school: int
    model: ScoreGridModel
    view: ScoreGridView
    messages: list[str]

    def reload(self) -> None:
        self.model.set_grid(self.workspace.assessment.grid(self.school))

    def saved(self, row: int, point: int, item: int) -> GridItem:
        """An item as the service reads it back from the database."""
        grid = self.workspace.assessment.grid(self.school)
        return grid.rows[row].points[point].items[item]

    def current(self) -> tuple[int, int]:
        index = self.view.currentIndex()
        return index.row(), index.column()

    def text(self, row: int, col: int) -> str:
        return str(self.model.index(row, col).data() or "")

    def state(self, row: int, col: int) -> str:
        return str(self.model.index(row, col).data(sg.CELL_STATE_ROLE))


@pytest.fixture
def errors(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Error dialogs and warnings recorded instead of shown."""
    said: list[str] = []
    monkeypatch.setattr(score_grid_view, "show_error", lambda _p, exc: said.append(str(exc)))
    monkeypatch.setattr(score_grid_view, "warn", lambda _p, text: said.append(text))
    return said


@pytest.fixture
def grid(school_session: AppSession, school: int, qtbot: QtBot, errors: list[str]) -> Harness:
    """The grid of 温江区实验小学 (张丽, 李明), shown, starting on the first item."""
    workspace = school_session.workspace
    prepare_school(workspace, school)
    model = ScoreGridModel()
    view = ScoreGridView()
    qtbot.addWidget(view)
    view.setModel(model)
    messages: list[str] = []
    view.message_changed.connect(messages.append)

    def save(entries: Sequence[tuple[int, object]]) -> None:
        updates = workspace.assessment.set_scores(entries, assessor=ASSESSOR)
        model.apply_updates(updates, assessor=ASSESSOR)

    view.set_saver(save)
    harness = Harness(workspace, school, model, view, messages)
    harness.reload()
    view.fit_columns()
    view.resize(1400, 400)
    view.show()
    qtbot.waitExposed(view)
    view.go_to(0, A1_1)
    return harness


def test_parse_block_reads_an_excel_range() -> None:
    assert parse_block("1\t2\r\n3\t\r\n") == [["1", "2"], ["3", ""]]
    assert parse_block("") == []


def test_columns_texts_and_inert_cells(grid: Harness) -> None:
    model = grid.model
    assert model.rowCount() == 2
    assert model.columnCount() == 19
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(19)]
    assert headers[:7] == ["Name", "ID number", "Point 1", "Item 1", "Item 2", "Item 3", "Grade 1"]
    assert headers[-2:] == ["Result", "State"]
    assert grid.text(0, 0) == "张丽"
    assert grid.text(0, 1) == "110105********002X"
    assert [grid.text(0, c) for c in (P1, P2, P3)] == POINTS
    assert "技术支持的学情分析" in str(model.index(0, P1).data(Qt.ItemDataRole.ToolTipRole))
    tip = str(model.index(0, A1_2).data(Qt.ItemDataRole.ToolTipRole))
    assert "A1-2" in tip and "5" in tip
    # A1 has two items: its third column is empty, grey and cannot be edited or reached.
    assert grid.text(0, A1_3) == ""
    assert grid.state(0, A1_3) == sg.ABSENT
    assert model.flags(model.index(0, A1_3)) == Qt.ItemFlag.NoItemFlags
    assert model.flags(model.index(0, A5_3)) & Qt.ItemFlag.ItemIsEditable
    assert grid.state(0, A1_1) == sg.EMPTY
    assert grid.text(0, STATE) == "7 not graded"


def test_typing_grades_saves_and_moves_to_the_next_item(grid: Harness, qtbot: QtBot) -> None:
    qtbot.keyClick(grid.view, "1")
    assert grid.saved(0, 0, 0).grade is Grade.EXCELLENT
    assert grid.saved(0, 0, 0).assessor == ASSESSOR
    assert grid.current() == (0, A1_2)
    qtbot.keyClick(grid.view, "h")
    assert grid.saved(0, 0, 1).grade is Grade.PASS
    assert grid.current() == (0, A5_1)  # past A1's missing third item and the grade column
    qtbot.keyClick(grid.view, "B")
    assert grid.saved(0, 1, 0).grade is Grade.FAIL
    qtbot.keyClick(grid.view, "Y")
    qtbot.keyClick(grid.view, "2")
    qtbot.keyClick(grid.view, "3")
    assert grid.saved(0, 1, 1).grade is Grade.EXCELLENT
    assert grid.saved(0, 1, 2).grade is Grade.PASS
    assert grid.saved(0, 2, 0).grade is Grade.FAIL
    assert grid.current() == (0, A11_2)
    # 优 committed by an input method grades too.
    event = QInputMethodEvent("", [])
    event.setCommitString("优")
    QApplication.sendEvent(grid.view, event)
    assert grid.saved(0, 2, 1).grade is Grade.EXCELLENT
    assert grid.current() == (1, A1_1)  # the first item of the next teacher
    assert grid.text(0, A1_1) == "优秀"
    assert grid.state(0, A1_1) == sg.SAVED
    brush = grid.model.index(0, A1_1).data(Qt.ItemDataRole.BackgroundRole)
    assert isinstance(brush, QBrush) and brush.color().name() == sg.SAVED_COLOR
    assert ASSESSOR in str(grid.model.index(0, A1_1).data(Qt.ItemDataRole.ToolTipRole))
    assert "优秀" in grid.messages[-1]


def test_an_invalid_key_marks_the_cell_and_saves_nothing(grid: Harness, qtbot: QtBot) -> None:
    qtbot.keyClick(grid.view, "x")
    assert grid.saved(0, 0, 0).grade is None
    assert grid.current() == (0, A1_1)
    assert grid.text(0, A1_1) == "x"
    assert grid.state(0, A1_1) == sg.INVALID
    assert "不是有效的考核等级" in str(grid.model.index(0, A1_1).data(Qt.ItemDataRole.ToolTipRole))
    assert "不是有效的考核等级" in grid.messages[-1]
    # A grade typed over it saves and clears the mark.
    qtbot.keyClick(grid.view, "2")
    assert grid.saved(0, 0, 0).grade is Grade.PASS
    assert grid.state(0, A1_1) == sg.SAVED


def test_delete_clears_the_grade(grid: Harness, qtbot: QtBot) -> None:
    qtbot.keyClick(grid.view, "1")
    grid.view.go_to(0, A1_1)
    qtbot.keyClick(grid.view, Qt.Key.Key_Delete)
    assert grid.saved(0, 0, 0).grade is None
    assert grid.text(0, A1_1) == ""
    assert grid.state(0, A1_1) == sg.EMPTY


def test_enter_and_tab_navigation(grid: Harness, qtbot: QtBot) -> None:
    qtbot.keyClick(grid.view, Qt.Key.Key_Return)
    assert grid.current() == (1, A1_1)
    qtbot.keyClick(grid.view, Qt.Key.Key_Tab)
    assert grid.current() == (1, A1_2)
    qtbot.keyClick(grid.view, Qt.Key.Key_Tab)
    assert grid.current() == (1, A5_1)
    qtbot.keyClick(grid.view, Qt.Key.Key_Backtab)
    assert grid.current() == (1, A1_2)
    grid.view.go_to(0, A11_2)
    qtbot.keyClick(grid.view, Qt.Key.Key_Tab)
    assert grid.current() == (1, A1_1)  # the last item of a row, then the next teacher
    grid.view.go_to(0, A1_2)
    qtbot.keyClick(grid.view, Qt.Key.Key_Right)
    assert grid.current() == (0, G1)  # arrows skip the missing item cell
    assert grid.saved(0, 0, 0).grade is None  # moving saves nothing


def test_paste_of_a_block_saves_every_value(grid: Harness, qtbot: QtBot) -> None:
    QApplication.clipboard().setText("1\t2\n3\t1\n")
    qtbot.keyClick(grid.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert grid.saved(0, 0, 0).grade is Grade.EXCELLENT
    assert grid.saved(0, 0, 1).grade is Grade.PASS
    assert grid.saved(1, 0, 0).grade is Grade.FAIL
    assert grid.saved(1, 0, 1).grade is Grade.EXCELLENT
    assert grid.text(0, G1) == "合格"
    assert grid.text(1, G1) == "不合格"
    assert len(grid.view.selectedIndexes()) == 4


def test_paste_with_one_bad_value_saves_nothing(
    grid: Harness, qtbot: QtBot, errors: list[str]
) -> None:
    QApplication.clipboard().setText("1\tx\n2\t3")
    qtbot.keyClick(grid.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert [grid.saved(r, 0, i).grade for r in (0, 1) for i in (0, 1)] == [None] * 4
    assert grid.text(0, A1_2) == "x"
    assert grid.state(0, A1_2) == sg.INVALID
    assert grid.state(0, A1_1) == sg.EMPTY
    assert len(errors) == 1 and "没有保存" in errors[0]


def test_paste_including_codes_checks_the_other_columns(
    grid: Harness, qtbot: QtBot, errors: list[str]
) -> None:
    grid.view.go_to(0, P1)
    QApplication.clipboard().setText("A1\t优秀\t合格\t\t合格")
    qtbot.keyClick(grid.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert errors == []
    assert grid.saved(0, 0, 0).grade is Grade.EXCELLENT
    assert grid.saved(0, 0, 1).grade is Grade.PASS
    # A code that is not the teacher's point: nothing saved, the cell marked.
    grid.view.go_to(1, P1)
    QApplication.clipboard().setText("A5\t1\t1")
    qtbot.keyClick(grid.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert grid.saved(1, 0, 0).grade is None
    assert grid.state(1, P1) == sg.INVALID
    assert grid.text(1, P1) == "A5"
    assert len(errors) == 1
    grid.view.go_to(1, P1)
    qtbot.keyClick(grid.view, Qt.Key.Key_Delete)  # Delete forgets the refused value
    assert grid.text(1, P1) == "A1"
    # A value landing on a missing item cell is refused too.
    grid.view.go_to(1, A1_2)
    QApplication.clipboard().setText("1\t1")
    qtbot.keyClick(grid.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert grid.saved(1, 0, 1).grade is None
    assert grid.state(1, A1_3) == sg.INVALID
    assert "no evidence item" in str(grid.model.index(1, A1_3).data(Qt.ItemDataRole.ToolTipRole))
    assert len(errors) == 2


def test_point_grade_and_result_follow_live(grid: Harness, qtbot: QtBot) -> None:
    for key in "1111111":  # every item of 张丽
        qtbot.keyClick(grid.view, key)
    assert [grid.text(0, c) for c in (G1, G2, G3)] == ["优秀"] * 3
    assert grid.text(0, RESULT) == "优秀"
    assert grid.text(0, STATE) == "All graded"
    grid.view.go_to(0, A5_2)
    qtbot.keyClick(grid.view, "3")
    assert grid.text(0, G2) == "不合格"
    assert grid.text(0, RESULT) == "不合格"
    foreground = grid.model.index(0, RESULT).data(Qt.ItemDataRole.ForegroundRole)
    assert isinstance(foreground, QBrush) and foreground.color().name() == sg.FAIL_COLOR
    assert grid.text(1, RESULT) == ""  # 李明 is untouched


def test_locked_rows_refuse_typing(grid: Harness, qtbot: QtBot) -> None:
    assessment = grid.workspace.assessment
    items = [
        i.item_id for r in assessment.grid(grid.school).rows for p in r.points for i in p.items
    ]
    assessment.set_scores([(item, "2") for item in items], assessor=ASSESSOR)
    assessment.submit(grid.school)
    grid.reload()
    grid.view.go_to(0, A1_1)
    assert grid.state(0, A1_1) == sg.LOCKED
    assert not grid.model.flags(grid.model.index(0, A1_1)) & Qt.ItemFlag.ItemIsEditable
    qtbot.keyClick(grid.view, "1")
    qtbot.keyClick(grid.view, Qt.Key.Key_Delete)
    assert grid.saved(0, 0, 0).grade is Grade.PASS
    assert "已提交区县审核" in grid.messages[-1]
    assert grid.state(0, A1_1) == sg.LOCKED  # no red mark either
    grid.messages.clear()
    rect = grid.view.visualRect(grid.model.index(0, A1_2))
    qtbot.mouseClick(grid.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(grid.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert grid.view.state() != QAbstractItemView.State.EditingState
    assert grid.messages and "已提交区县审核" in grid.messages[-1]
    tip = str(grid.model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole))
    assert "已提交区县审核" in tip
    assert grid.text(0, STATE) == "待审核"


def test_f2_opens_the_grade_picker(grid: Harness, qtbot: QtBot) -> None:
    qtbot.keyClick(grid.view, Qt.Key.Key_F2)
    assert grid.view.state() == QAbstractItemView.State.EditingState
    editor = grid.view.indexWidget(grid.model.index(0, A1_1))
    assert isinstance(editor, QComboBox)
    assert [editor.itemText(i) for i in range(editor.count())] == [
        "优秀",
        "合格",
        "不合格",
        "Clear",
    ]
    editor.setCurrentIndex(1)
    editor.activated.emit(1)
    assert grid.saved(0, 0, 0).grade is Grade.PASS
    assert grid.text(0, A1_1) == "合格"


def test_read_only_model_refuses_with_its_reason(grid: Harness, qtbot: QtBot) -> None:
    grid.model.set_read_only("只读")
    grid.view.go_to(0, A1_1)
    qtbot.keyClick(grid.view, "1")
    assert grid.saved(0, 0, 0).grade is None
    assert grid.messages[-1] == "只读"


def _name(n: int) -> str:
    return (
        "教师"
        + "甲乙丙丁戊己庚辛壬癸"[n % 10]
        + "一二三四五六七八九十"[n // 10 % 10]
        + "子丑寅"[n // 100]
    )


def test_model_over_300_teachers(school_session: AppSession, school: int, qapp: object) -> None:
    workspace = school_session.workspace
    prepare_school(workspace, school)  # the fixture's two teachers; the sheet adds the rest
    for n in range(300):
        workspace.teachers.create(
            {"id_number": id_number(n, female=n % 2 == 0), "name": _name(n), "school": "2151000001"}
        )
    entries = [
        SheetEntry(id_number(n, female=n % 2 == 0), code, f"{code}-{k}", grade)
        for n in range(300)
        for code, items in (("A1", 2), ("A5", 3), ("A11", 2))
        for k in range(1, items + 1)
        for grade in [Grade.EXCELLENT if n % 3 == 0 else (Grade.PASS if n % 3 == 1 else None)]
    ]
    outcome = workspace.assessment.apply_sheet(school, entries, assessor=ASSESSOR)
    assert outcome.written and not outcome.problems
    model = ScoreGridModel()
    model.set_grid(workspace.assessment.grid(school))
    assert model.rowCount() == 302
    assert model.columnCount() == 19
    first = model.row_of(model.row_at(2).teacher_id)
    assert first == 2
    # Rows 2.. are teachers 0..299 of the sheet: 0 excellent, 1 pass, 2 ungraded.
    assert model.index(2, 0).data() == _name(0)
    assert model.index(2, A5_3).data() == "优秀"
    assert model.index(2, RESULT).data() == "优秀"
    assert model.index(3, A11_2).data() == "合格"
    assert model.index(3, RESULT).data() == "合格"
    assert model.index(4, A1_1).data() == ""
    assert model.index(4, STATE).data() == "7 not graded"
    assert (
        model.index(301, 1).data()
        == id_number(299, female=False)[:6] + "*" * 8 + (id_number(299, female=False)[-4:])
    )
    assert model.index(301, A1_3).data(sg.CELL_STATE_ROLE) == sg.ABSENT
    assert model.column(A5_3) == sg.Column(Kind.ITEM, 1, 2)
    assert model.index(0, 0).isValid() and not model.index(302, 0).isValid()
    assert QModelIndex().data() is None
