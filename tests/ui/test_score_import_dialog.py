"""ScoreImportDialog: check → preview → import of a school's score sheet, whole or nothing, with
the rejected cells listed and the error report saved; data_changed after an import."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from pytestqt.qtbot import QtBot

from nlts_desktop.domain.enums import Grade
from nlts_desktop.ui.dialogs.score_import_dialog import ScoreImportDialog
from nlts_desktop.ui.session import AppSession, Changes

ZHANG = "11010519491231002X"
HEADERS = [
    "学校标识码",
    "身份证号",
    "姓名",
    "能力点编号",
    "材料编号",
    "证据材料（链接或说明）",
    "等级",
    "评分人",
]
ITEMS = (("A1", 2), ("A5", 3), ("A11", 2))


@pytest.fixture
def school_id(school_session: AppSession, school: int) -> int:
    """The fixture school with its plan approved."""
    assessment = school_session.workspace.assessment
    assessment.save_plan(school, {"environments": "A,B", "plan_title": "校本研修方案"})
    assessment.decide_plan(school, approve=True)
    return school


def _sheet(path: Path, grade: object = "优秀") -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADERS)
    for point, items in ITEMS:
        for n in range(1, items + 1):
            sheet.append(
                ["2151000001", ZHANG, "张丽", point, f"{point}-{n}", "平台作品", grade, "王老师"]
            )
    book.save(path)
    return path


def _dialog(qtbot: QtBot, session: AppSession, school_id: int) -> ScoreImportDialog:
    dialog = ScoreImportDialog(session, school_id)
    qtbot.addWidget(dialog)
    return dialog


def test_checks_previews_and_imports(
    qtbot: QtBot, school_session: AppSession, school_id: int, tmp_path: Path
) -> None:
    dialog = _dialog(qtbot, school_session, school_id)
    assert "温江区实验小学" in dialog.school_label.text()
    assert not dialog.import_button.isEnabled() and not dialog.report_button.isEnabled()

    dialog.path_edit.setText(str(_sheet(tmp_path / "成绩表.xlsx")))
    dialog.check_file()
    assert dialog.plan is not None and dialog.plan.ok
    text = dialog.counts_label.text()
    assert "1 teachers" in text and "Points added 3" in text and "grades set 7" in text
    assert dialog.issues_model.rowCount() == 0
    assert dialog.import_button.isEnabled() and not dialog.report_button.isEnabled()

    dialog.assessor_edit.setText("李老师")
    changes: list[object] = []
    school_session.tasks.data_changed.connect(changes.append)
    with qtbot.waitSignal(school_session.tasks.data_changed):
        dialog.import_button.click()
    assert changes == [Changes.of("assessment")]
    assert dialog.outcome is not None and dialog.outcome.grades_set == 7
    assert "7 grades set" in dialog.message_label.text()
    assert not dialog.import_button.isEnabled()
    row = next(
        r for r in school_session.workspace.assessment.grid(school_id).rows if r.name == "张丽"
    )
    assert row.result is Grade.EXCELLENT
    assert {item.assessor for p in row.points for item in p.items} == {"李老师"}

    # The same file again changes nothing.
    dialog.check_file()
    assert dialog.plan is not None and "unchanged 7" in dialog.counts_label.text()


def test_rejected_rows_block_the_import_and_go_to_the_report(
    qtbot: QtBot, school_session: AppSession, school_id: int, tmp_path: Path
) -> None:
    source = _sheet(tmp_path / "有错.xlsx")
    book = openpyxl.load_workbook(source)
    sheet = book.worksheets[0]
    sheet["G2"] = "很好"
    sheet["D3"] = "Z9"
    book.save(source)
    dialog = _dialog(qtbot, school_session, school_id)
    dialog.path_edit.setText(str(source))
    dialog.check_file()
    assert dialog.plan is not None and not dialog.plan.ok
    assert dialog.issues_model.rowCount() == 2
    first = dialog.issues_model.issue(0)
    assert (first.row, first.column, first.value) == (2, "等级", "很好")
    assert dialog.issues_model.issue(1).column == "能力点编号"
    assert "2 rows are rejected" in dialog.counts_label.text()
    assert dialog.message_label.isVisibleTo(dialog)
    assert not dialog.import_button.isEnabled() and dialog.report_button.isEnabled()

    report = tmp_path / "错误报告.xlsx"
    dialog.write_error_report(report)
    assert report.exists() and str(report) in dialog.message_label.text()
    rows = list(openpyxl.load_workbook(report).worksheets[0].iter_rows(values_only=True))
    assert [row[-2] for row in rows[2:]] == [2, 3]
    assert school_session.workspace.assessment.grid(school_id).rows[0].points == ()

    # A new file name clears the preview.
    dialog.path_edit.setText(str(tmp_path / "别的.xlsx"))
    assert dialog.plan is None and dialog.issues_model.rowCount() == 0


def test_missing_file_and_closed_batch_are_said_in_the_dialog(
    qtbot: QtBot, school_session: AppSession, school_id: int, tmp_path: Path
) -> None:
    dialog = _dialog(qtbot, school_session, school_id)
    dialog.check_file()
    assert "Choose the score sheet" in dialog.message_label.text()
    dialog.path_edit.setText(str(tmp_path / "没有.xlsx"))
    dialog.check_file()
    assert "There is no file" in dialog.message_label.text() and dialog.plan is None

    # Grade everyone, submit: the dialog warns that the batch is closed.
    grader = _dialog(qtbot, school_session, school_id)
    grader.path_edit.setText(str(_sheet(tmp_path / "成绩表.xlsx")))
    grader.check_file()
    grader.import_button.click()
    assessment = school_session.workspace.assessment
    li = next(r for r in assessment.grid(school_id).rows if r.name == "李明")
    assessment.set_selection(li.teacher_id, ["A1", "A5", "A11"])
    row = next(r for r in assessment.grid(school_id).rows if r.name == "李明")
    assessment.set_scores(
        [(item.item_id, "合格") for p in row.points for item in p.items], assessor="王老师"
    )
    assessment.submit(school_id)
    closed = _dialog(qtbot, school_session, school_id)
    assert "with the county" in closed.message_label.text()
    closed.path_edit.setText(str(_sheet(tmp_path / "成绩表.xlsx", grade="合格")))
    closed.check_file()
    assert closed.plan is not None and len(closed.plan.rejected_rows) == 7
    assert not closed.import_button.isEnabled()
