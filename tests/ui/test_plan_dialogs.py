"""工作领导小组 and 年度规划书 in the UI, and the plan forms of the Official Forms menu.

Real county workspaces; the task runner runs inline; file and message dialogs answer as the
clerk would.  Chinese text is put in with setText (QTest types ASCII only).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtWidgets import QComboBox, QDialog, QFileDialog, QMessageBox, QTableWidgetItem
from pytestqt.qtbot import QtBot

from nlts_desktop.services.leadership import MemberInput
from nlts_desktop.ui.dialogs import form_exports
from nlts_desktop.ui.dialogs.annual_plan_dialog import J_AUDIENCE, AnnualPlanDialog
from nlts_desktop.ui.dialogs.form_exports import FormContactDialog, ProblemListDialog
from nlts_desktop.ui.dialogs.leadership_dialog import (
    L_EMAIL,
    L_NAME,
    L_PHONE,
    L_POSITION,
    L_ROLE,
    L_UNIT,
    MARK_COLOR,
    LeadershipDialog,
)
from nlts_desktop.ui.session import AppSession
from tests.helpers import add_teachers, project_fields

TEXTS = {
    "blended_training": "依托省级平台开展网络研修，线上线下相结合。",
    "local_resources": "建设本区微能力点案例资源库。",
    "supervision": "实行“学校自评、区县审核、抽样复核”三级监管。",
    "regulations": "考核结果纳入职称评聘和绩效考核。",
    "atmosphere": "开展“一师一优课、一课一名师”晒课活动。",
    "innovation": "遴选 6 所示范校，形成典型案例集。",
}
GROUP = [
    MemberInput("组长", "冯明", "局长", "温江区教育局", "13844105846", "fm@wj.gov.cn"),
    MemberInput("副组长", "梁海", "主任", "温江区教师发展中心", "18682201632"),
    MemberInput("成员", "程东", "科长", "温江区教育局人事科", "19375744913"),
]


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    """Questions answered Yes; information collected."""
    told: dict[str, list[str]] = {"info": [], "questions": []}

    def information(_parent: object, _title: str, text: str, *_a: object) -> Any:
        told["info"].append(text)
        return QMessageBox.StandardButton.Ok

    def question(_parent: object, _title: str, text: str, *_a: object) -> Any:
        told["questions"].append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "information", information)
    monkeypatch.setattr(QMessageBox, "question", question)
    return told


def _save_to(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))


def _open_from(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))


def _type(dialog: LeadershipDialog, row: int, values: dict[int, str]) -> None:
    for column, text in values.items():
        dialog.table.setItem(row, column, QTableWidgetItem(text))


def _contact(monkeypatch: pytest.MonkeyPatch, *, unit: str | None = None) -> list[str]:
    """The contact dialog answered with 王芳 / 028-82712345 (and the unit, when asked)."""
    titles: list[str] = []

    def exec_(self: FormContactDialog) -> int:
        titles.append(self.windowTitle())
        if self.unit_edit is not None and unit is not None:
            self.unit_edit.setText(unit)
        self.contact_edit.setText("王芳")
        self.phone_edit.setText("028 8271 2345")
        assert self.ok_button.isEnabled(), self.error_label.text()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(FormContactDialog, "exec", exec_)
    return titles


# ---------------------------------------------------------------------- leadership


def test_leadership_is_edited_and_saved_in_one_call(
    qtbot: QtBot, session: AppSession, answers: dict[str, list[str]]
) -> None:
    dialog = LeadershipDialog(session)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 0 and not dialog.save_button.isEnabled()
    dialog.office_edit.setText("教师发展中心")
    first = dialog.add_member()
    combo = dialog.table.cellWidget(first, L_ROLE)
    assert isinstance(combo, QComboBox) and combo.currentText() == "组长"
    _type(dialog, first, {L_NAME: "冯明", L_POSITION: "局长", L_PHONE: "13844105846"})
    second = dialog.add_member()
    assert dialog.table.cellWidget(second, L_ROLE).currentText() == "成员"  # type: ignore[union-attr]
    _type(
        dialog,
        second,
        {L_NAME: "程东", L_POSITION: "科长", L_UNIT: "人事科", L_PHONE: "19375744913"},
    )
    third = dialog.add_member()
    _type(dialog, third, {L_NAME: "梁海", L_POSITION: "主任", L_PHONE: "18682201632"})
    dialog.table.cellWidget(third, L_ROLE).setCurrentIndex(1)  # type: ignore[union-attr]
    # 梁海 moves up above 程东: the printed order.
    dialog.table.selectRow(third)
    dialog.move_selected(-1)
    assert dialog.table.item(1, L_NAME).text() == "梁海"  # type: ignore[union-attr]
    dialog.opinion_edit.setPlainText("同意。")
    dialog.add_member()  # an empty row is left out
    assert dialog.dirty and dialog.save_button.isEnabled()
    dialog.save_button.click()

    group = session.workspace.leadership.group()
    assert group.office == "教师发展中心" and group.opinion == "同意。"
    assert [(m.role_label, m.name, m.unit) for m in group.members] == [
        ("组长", "冯明", ""),
        ("副组长", "梁海", ""),
        ("成员", "程东", "人事科"),
    ]
    assert not dialog.dirty and dialog.table.rowCount() == 3
    assert "3" in dialog.message_label.text()

    # Removing a person and saving removes them.
    dialog.table.selectRow(2)
    dialog.remove_selected()
    dialog.save_button.click()
    assert [m.name for m in session.workspace.leadership.group().members] == ["冯明", "梁海"]


def test_leadership_problems_are_listed_and_their_rows_marked(
    qtbot: QtBot, session: AppSession
) -> None:
    session.workspace.leadership.replace_group(GROUP, office="教师发展中心")
    dialog = LeadershipDialog(session)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 3
    _type(dialog, 1, {L_PHONE: "12345"})
    _type(dialog, 2, {L_EMAIL: "cd@"})
    dialog.save_button.click()
    lines = dialog.problems.lines()
    assert len(lines) == 2
    assert lines[0].startswith("第 2 位（梁海）") and "12345" in lines[0]
    assert lines[1].startswith("第 3 位（程东）") and "电子邮箱" in lines[1]
    assert "没有保存" in dialog.problems.head_label.text()
    marked = [
        r
        for r in range(3)
        if dialog.table.item(r, L_NAME).background().color().name() == MARK_COLOR  # type: ignore[union-attr]
    ]
    assert marked == [1, 2]
    # Nothing was written; what was typed stays.
    assert session.workspace.leadership.group().members[1].phone == "18682201632"
    assert dialog.table.item(1, L_PHONE).text() == "12345"  # type: ignore[union-attr]
    assert dialog.dirty


def test_leadership_export_lists_what_is_missing_then_writes_and_imports_back(
    qtbot: QtBot,
    session: AppSession,
    monkeypatch: pytest.MonkeyPatch,
    answers: dict[str, list[str]],
    tmp_path: Path,
) -> None:
    session.workspace.leadership.replace_group([MemberInput("成员", "程东", "", "", "19375744913")])
    dialog = LeadershipDialog(session)
    qtbot.addWidget(dialog)
    _contact(monkeypatch, unit="成都市温江区教育局")
    out = tmp_path / "工作小组名单.xlsx"
    _save_to(monkeypatch, out)
    dialog.export_button.click()
    assert not out.exists()
    assert dialog.problems.lines() == ["没有填写负责科室", "没有组长", "成员“程东”缺少职务"]

    session.workspace.leadership.replace_group(GROUP, office="教师发展中心", opinion="同意。")
    dialog.reload()
    dialog.export_button.click()
    assert out.is_file()
    assert str(out) in dialog.message_label.text()
    assert dialog.problems.isHidden()

    # The exported list, changed in Excel, read back into the table; saved with 保存.
    book = openpyxl.load_workbook(out)
    sheet = book.worksheets[0]
    cells = {c.value: c for row in sheet.iter_rows() for c in row if c.value}
    cells["程东"].value = "程东升"
    changed = tmp_path / "改过的名单.xlsx"
    book.save(changed)
    _open_from(monkeypatch, changed)
    dialog.import_button.click()
    names = [dialog.table.item(r, L_NAME).text() for r in range(3)]  # type: ignore[union-attr]
    assert names == ["冯明", "梁海", "程东升"]
    # The form has no 单位 column: kept for the people already listed.
    assert dialog.table.item(0, L_UNIT).text() == "温江区教育局"  # type: ignore[union-attr]
    assert dialog.dirty and "改过的名单.xlsx" in dialog.message_label.text()
    assert [m.name for m in session.workspace.leadership.group().members][-1] == "程东"
    dialog.save_button.click()
    assert [m.name for m in session.workspace.leadership.group().members][-1] == "程东升"


def test_leadership_import_of_a_bad_file_lists_every_cell(
    qtbot: QtBot,
    session: AppSession,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    session.workspace.leadership.replace_group(GROUP, office="教师发展中心")
    good = tmp_path / "小组.xlsx"
    session.workspace.leadership.leadership_form(good)
    book = openpyxl.load_workbook(good)
    sheet = book.worksheets[0]
    sheet["B4"] = None  # 负责科室
    sheet["D7"] = "12345"
    bad = tmp_path / "bad.xlsx"
    book.save(bad)
    dialog = LeadershipDialog(session)
    qtbot.addWidget(dialog)
    dialog.import_list(bad)
    lines = dialog.problems.lines()
    # One line per cell: row, column, value and the reason (English here: no translator).
    assert any("7" in line and "联系电话（D列）" in line and "“12345”" in line for line in lines)
    assert any("4" in line and "负责科室不能为空" in line for line in lines), lines
    assert len(lines) == 2
    assert "bad.xlsx" in dialog.problems.head_label.text()
    assert dialog.table.rowCount() == 3 and not dialog.dirty


# ---------------------------------------------------------------------- annual plan


@pytest.fixture
def county(session: AppSession, school: int) -> AppSession:
    """20 teachers, a 2021 project with an institution, 2021 targets and the group."""
    workspace = session.workspace
    teachers = add_teachers(workspace, 20)
    workspace.projects.create_institution(
        {"name": "四川师范大学", "contact_name": "郑立海", "phone": "13980800207"}
    )
    project = workspace.projects.create_project(project_fields()).id
    workspace.projects.enroll(project, teachers[:5])
    workspace.targets.set_targets(2021, {"provincial": (4, None), "county": (8, None)})
    workspace.leadership.replace_group(GROUP, office="教师发展中心")
    return session


def test_plan_dialog_lists_what_is_missing_and_writes_the_pdf_once_filled(
    qtbot: QtBot,
    county: AppSession,
    monkeypatch: pytest.MonkeyPatch,
    answers: dict[str, list[str]],
    tmp_path: Path,
) -> None:
    dialog = AnnualPlanDialog(county, year=2021)
    qtbot.addWidget(dialog)
    assert dialog.year_combo.currentData() == 2021
    assert "20" in dialog.facts_label.text() and "冯明" in dialog.facts_label.text()
    missing = dialog.missing_items()
    assert missing[:2] == ["没有填写封面联系人", "没有填写封面联系电话"]
    assert "“混合式培训”没有填写" in missing and len(missing) == 8
    editor = dialog.editors["supervision"]
    assert editor.edit.placeholderText().startswith("说明对县、校推进实施“提升工程”")
    assert dialog.tabs.tabText(0) == "混合式培训 *"

    # 生成PDF… now: refused, the list stays in view, no file.
    out = tmp_path / "2021年度规划书.pdf"
    _save_to(monkeypatch, out)
    dialog.pdf_button.click()
    assert not out.exists()
    assert len(dialog.missing_items()) == 8
    assert "Still missing" in dialog.message_label.text()

    # Fill in the cover and some sections, save: the list shrinks.
    dialog.contact_edit.setText("王芳")
    dialog.contact_edit.textEdited.emit("王芳")
    dialog.phone_edit.setText("028-82712345")
    dialog.phone_edit.textEdited.emit("028-82712345")
    for code in ("blended_training", "local_resources", "supervision"):
        dialog.editors[code].edit.setPlainText(TEXTS[code])
    assert dialog.dirty and dialog.save_button.isEnabled()
    dialog.save_button.click()
    assert not dialog.dirty
    assert dialog.missing_items() == [
        "“制度建设”没有填写",
        "“应用氛围”没有填写",
        "“综合创新”没有填写",
    ]
    assert county.workspace.annual_plan.cover().contact == "王芳"
    assert dialog.tabs.tabText(0) == "混合式培训"

    # The project's 培训对象 typed here; the rest of the sections; 生成PDF… saves and writes.
    dialog.projects_table.item(0, J_AUDIENCE).setText("全区小学教师")  # type: ignore[union-attr]
    for code in ("regulations", "atmosphere", "innovation"):
        dialog.editors[code].edit.setPlainText(TEXTS[code])
    dialog.pdf_button.click()
    assert out.is_file() and out.read_bytes().startswith(b"%PDF")
    assert str(out) in dialog.message_label.text()
    assert dialog.missing_items() == [] and "Nothing is missing" in dialog.missing_state.text()
    plan = county.workspace.annual_plan.plan(2021)
    assert plan.projects[0].audience == "全区小学教师" and not plan.projects[0].audience_default
    assert [s.text for s in plan.sections] == list(TEXTS.values())


def test_plan_dialog_shows_a_bad_phone_and_keeps_the_text(
    qtbot: QtBot, county: AppSession, answers: dict[str, list[str]]
) -> None:
    dialog = AnnualPlanDialog(county, year=2021)
    qtbot.addWidget(dialog)
    dialog.phone_edit.setText("12345")
    dialog.phone_edit.textEdited.emit("12345")
    dialog.editors["innovation"].edit.setPlainText(TEXTS["innovation"])
    dialog.save_button.click()
    assert "12345" in dialog.message_label.text()
    assert dialog.dirty and dialog.editors["innovation"].text() == TEXTS["innovation"]
    assert county.workspace.annual_plan.cover().phone == ""


def test_plan_dialog_switches_years_after_saving(
    qtbot: QtBot, county: AppSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = AnnualPlanDialog(county, year=2021)
    qtbot.addWidget(dialog)
    years = [dialog.year_combo.itemData(i) for i in range(dialog.year_combo.count())]
    other = next(y for y in years if y != 2021)
    dialog.editors["innovation"].edit.setPlainText(TEXTS["innovation"])
    # The Save/Discard/Cancel question: Save.
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Save)
    dialog.year_combo.setCurrentIndex(dialog.year_combo.findData(other))
    assert dialog.year == other and not dialog.dirty
    assert dialog.editors["innovation"].text() == ""
    assert county.workspace.annual_plan.sections(2021)[-1].text == TEXTS["innovation"]


# ---------------------------------------------------------------------- official forms


def test_plan_table_form_asks_the_contact_and_lists_what_is_missing(
    qtbot: QtBot,
    county: AppSession,
    monkeypatch: pytest.MonkeyPatch,
    answers: dict[str, list[str]],
    tmp_path: Path,
) -> None:
    parent = QDialog()
    qtbot.addWidget(parent)
    titles = _contact(monkeypatch)
    shown: list[list[str]] = []
    monkeypatch.setattr(
        ProblemListDialog, "exec", lambda self: shown.append(self.problems.lines()) or 0
    )
    out = tmp_path / "年度计划表.xlsx"
    _save_to(monkeypatch, out)
    form_exports.export_plan_table_form(parent, county)
    assert titles == ["Annual Training Plan Table"]
    assert not out.exists()
    years = county.workspace.annual_plan.years()
    assert shown and shown[0] == [
        f"{y} 年没有设定年度目标（各级别计划培训人数）" for y in years if y != 2021
    ]

    for year in years:
        county.workspace.targets.set_targets(year, {"county": (5, None)})
    form_exports.export_plan_table_form(parent, county)
    assert out.is_file()
    sheet = openpyxl.load_workbook(out).worksheets[0]
    texts = [str(c.value) for row in sheet.iter_rows() for c in row if c.value]
    assert any("王芳" in t for t in texts) and any("028-82712345" in t for t in texts)
    assert any(str(out) in text for text in answers["info"])


def test_plan_table_import_confirms_then_writes(
    qtbot: QtBot,
    county: AppSession,
    monkeypatch: pytest.MonkeyPatch,
    answers: dict[str, list[str]],
    tmp_path: Path,
) -> None:
    workspace = county.workspace
    years = workspace.annual_plan.years()
    for year in years:
        workspace.targets.set_targets(year, {"county": (5, None)})
    form = tmp_path / "计划表.xlsx"
    workspace.targets.plan_table_form(form, contact="王芳", phone="02882712345")
    for year in years:
        workspace.targets.set_targets(year, {"county": (1, None)})
    parent = QDialog()
    qtbot.addWidget(parent)
    _open_from(monkeypatch, form)
    form_exports.import_plan_table(parent, county)
    assert answers["questions"] and "计划表.xlsx" in answers["questions"][0]
    assert all(workspace.targets.by_year()[i].teachers == 5 for i in range(len(years)))
    assert answers["info"] and "计划表.xlsx" in answers["info"][-1]


def test_pilot_schools_form_lists_the_schools_missing_data(
    qtbot: QtBot,
    county: AppSession,
    monkeypatch: pytest.MonkeyPatch,
    answers: dict[str, list[str]],
    tmp_path: Path,
) -> None:
    county.workspace.schools.create(
        {"code": "3151000002", "name": "温江区第二中学", "is_pilot": "是", "environments": "A"}
    )
    parent = QDialog()
    qtbot.addWidget(parent)
    _contact(monkeypatch, unit="成都市温江区教育局")
    shown: list[list[str]] = []
    monkeypatch.setattr(
        ProblemListDialog, "exec", lambda self: shown.append(self.problems.lines()) or 0
    )
    out = tmp_path / "试点单位.xlsx"
    _save_to(monkeypatch, out)
    form_exports.export_pilot_schools_form(parent, county)
    assert not out.exists()
    (lines,) = shown
    assert len(lines) == 1 and lines[0].startswith("试点学校“温江区第二中学”缺少")
    assert "联系人" in lines[0] and "联系电话" in lines[0]


def test_the_contact_dialog_refuses_a_bad_phone(qtbot: QtBot) -> None:
    dialog = FormContactDialog("Annual Training Plan Table", unit="成都市温江区教育局")
    qtbot.addWidget(dialog)
    assert not dialog.ok_button.isEnabled()
    dialog.contact_edit.setText("王芳")
    dialog.phone_edit.setText("12345")
    assert not dialog.ok_button.isEnabled() and "12345" in dialog.error_label.text()
    dialog.phone_edit.setText("13812345678")
    assert dialog.ok_button.isEnabled()
    assert (dialog.unit(), dialog.contact(), dialog.phone()) == (
        "成都市温江区教育局",
        "王芳",
        "13812345678",
    )
