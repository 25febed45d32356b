"""证书 in the UI: issuing for a school (with the refusals and their reasons), printing, void
then 补发, the print log, verification by typed code and by QR payload, the layout dialog.

A real county workspace; the task runner runs inline; file and message dialogs are replaced
by what the clerk would answer.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from nlts_desktop.domain.enums import CertificateState, Role
from nlts_desktop.services.context import Actor
from nlts_desktop.services.workspace import Workspace
from nlts_desktop.ui.dialogs import certificate_dialogs
from nlts_desktop.ui.dialogs.certificate_dialogs import (
    C_NAME,
    C_SERIAL,
    C_STATE,
    CertificateLayoutDialog,
    CertificatesDialog,
    IssueResultDialog,
    IssueSchoolDialog,
    PrintLogDialog,
    VerifyCertificateDialog,
)
from nlts_desktop.ui.dialogs.reason_dialog import ReasonDialog
from nlts_desktop.ui.main_window import MainWindow
from nlts_desktop.ui.session import AppSession
from tests.helpers import add_teachers, grade_all, ready_school


def qualify(workspace: Workspace, school: int, teachers: list[int], online: list[int]) -> None:
    """Assessment passed and approved (30 practice hours credited) plus the online hours."""
    ready_school(workspace, school, teachers)
    grade_all(workspace, school)
    workspace.assessment.submit(school)
    workspace.review.approve_clean(school)
    for teacher, hours in zip(teachers, online, strict=True):
        workspace.hours.add(
            {"teacher_id": teacher, "category": "网络研修", "hours": hours, "date": "2022-05-20"}
        )


@pytest.fixture
def teachers(session: AppSession, school: int) -> list[int]:
    """Three qualified teachers and a fourth short of online hours."""
    ids = add_teachers(session.workspace, 4)
    qualify(session.workspace, school, ids, [20, 20, 20, 8])
    return ids


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """Message boxes answered Yes, information boxes collected."""
    told: dict[str, Any] = {"info": [], "questions": []}

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


def _issue_in_dialog(
    dialog: CertificatesDialog, school: int, monkeypatch: pytest.MonkeyPatch
) -> IssueResultDialog:
    """Click 为学校发证…, pick the school, and keep the outcome dialog that appears."""
    shown: list[IssueResultDialog] = []

    def pick(self: QDialog) -> int:
        if isinstance(self, IssueSchoolDialog):
            self.school_combo.setCurrentIndex(self.school_combo.findData(school))
            return QDialog.DialogCode.Accepted
        assert isinstance(self, IssueResultDialog)
        shown.append(self)
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(IssueSchoolDialog, "exec", pick)
    monkeypatch.setattr(IssueResultDialog, "exec", pick)
    dialog.issue_button.click()
    assert len(shown) == 1
    return shown[0]


def test_issuing_for_a_school_shows_the_refused_teachers_with_reasons(
    qtbot: QtBot,
    session: AppSession,
    school: int,
    teachers: list[int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dialog = CertificatesDialog(session)
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() == 0
    assert dialog.school_filter.findData(school) > 0

    result = _issue_in_dialog(dialog, school, monkeypatch)
    assert "3" in result.summary_label.text() and "1" in result.summary_label.text()
    rows = result.rows()
    # The refusal comes first, with the service's reason.
    assert rows[0][0] == "Not qualified"
    assert rows[0][4].startswith("未达到发证条件：网络研修学时不足")
    assert [r[0] for r in rows[1:]] == ["Issued"] * 3
    assert all(r[4].endswith(("000001", "000002", "000003")) for r in rows[1:])
    assert result.print_button.isEnabled()

    # The register reloaded: three certificates in force.
    assert dialog.model.rowCount() == 3
    assert "3" in dialog.count_label.text()
    states = {dialog.model.index(r, C_STATE).data() for r in range(3)}
    assert states == {"已发放"}

    # Issuing again: everybody qualified holds one, the refusal says so.
    errors: list[str] = []
    monkeypatch.setattr("nlts_desktop.ui.tasks.show_error", lambda _p, exc: errors.append(str(exc)))
    monkeypatch.setattr(IssueSchoolDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    dialog.issue_button.click()
    assert errors and "3 名已有证书" in errors[0] and "1 名未达到发证条件" in errors[0]


def test_print_right_after_issuing_asks_the_paper_and_logs_the_print(
    qtbot: QtBot,
    session: AppSession,
    school: int,
    teachers: list[int],
    monkeypatch: pytest.MonkeyPatch,
    answers: dict[str, Any],
    tmp_path: Path,
) -> None:
    dialog = CertificatesDialog(session)
    qtbot.addWidget(dialog)
    out = tmp_path / "证书.pdf"
    _save_to(monkeypatch, out)
    asked: list[bool] = []

    def paper(_parent: object) -> bool:
        asked.append(True)
        return True  # pre-printed paper

    monkeypatch.setattr(certificate_dialogs, "ask_pre_printed", paper)
    shown: list[IssueResultDialog] = []

    def pick(self: QDialog) -> int:
        if isinstance(self, IssueSchoolDialog):
            self.school_combo.setCurrentIndex(self.school_combo.findData(school))
            return QDialog.DialogCode.Accepted
        assert isinstance(self, IssueResultDialog)
        shown.append(self)
        self.print_button.click()  # "print these certificates" right away
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(IssueSchoolDialog, "exec", pick)
    monkeypatch.setattr(IssueResultDialog, "exec", pick)
    dialog.issue_button.click()

    assert asked == [True]
    assert out.is_file() and out.read_bytes().startswith(b"%PDF")
    assert any("3" in text and str(out) in text for text in answers["info"])
    log = session.workspace.certificates.prints()
    assert len(log) == 1 and log[0].count == 3 and log[0].pre_printed
    assert log[0].school_name == "温江区实验小学"

    logs = PrintLogDialog(session)
    qtbot.addWidget(logs)
    assert logs.model.rowCount() == 1
    assert logs.model.index(0, certificate_dialogs.P_PAPER).data() == "Pre-printed"
    assert logs.model.index(0, certificate_dialogs.P_COUNT).data() == "3"


def test_void_then_reissue(
    qtbot: QtBot,
    session: AppSession,
    school: int,
    teachers: list[int],
    monkeypatch: pytest.MonkeyPatch,
    answers: dict[str, Any],
) -> None:
    issued = session.workspace.certificates.issue(school_id=school).issued
    dialog = CertificatesDialog(session)
    qtbot.addWidget(dialog)
    first = issued[0]
    dialog.select_serial(first.serial)
    assert dialog.void_button.isEnabled()
    assert not dialog.reissue_button.isEnabled()  # only for a voided certificate

    def give_reason(self: ReasonDialog) -> int:
        assert first.serial in self.prompt_label.text()
        self.reason_edit.setPlainText("姓名打印错误")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ReasonDialog, "exec", give_reason)
    dialog.void_button.click()
    record = session.workspace.certificates.get(first.id)
    assert record.state is CertificateState.VOIDED and record.void_reason == "姓名打印错误"
    # The row stays selected, now voided: void off, reissue on, the history below the table.
    assert not dialog.void_button.isEnabled()
    assert dialog.reissue_button.isEnabled()
    assert "姓名打印错误" in dialog.detail_label.text()
    row = next(r for r in range(dialog.model.rowCount()) if dialog.model.record(r).id == first.id)
    assert dialog.model.index(row, C_STATE).data() == "已作废"

    # 补发; the follow-up "print now?" is answered yes, but the paper question is cancelled.
    monkeypatch.setattr(certificate_dialogs, "ask_pre_printed", lambda _p: None)
    dialog.reissue_button.click()
    new = session.workspace.certificates.register(state=CertificateState.REISSUED)
    assert len(new) == 1 and new[0].replaces_serial == first.serial
    assert any(new[0].serial in q for q in answers["questions"])
    assert new[0].serial in dialog.message_label.text()
    assert [r.serial for r in dialog.selected_records()] == [new[0].serial]
    assert dialog.model.rowCount() == 4

    # The voided one was reissued: 补发 is off for it; a forced reissue shows the refusal.
    dialog.select_serial(first.serial)
    assert not dialog.reissue_button.isEnabled()
    assert "Replaced by" in dialog.detail_label.text()
    errors: list[str] = []
    monkeypatch.setattr("nlts_desktop.ui.tasks.show_error", lambda _p, exc: errors.append(str(exc)))
    dialog.reissue(session.workspace.certificates.get(first.id))
    assert errors and "已经补发过" in errors[0]
    # A live certificate cannot be reissued: the service's refusal is shown.
    errors.clear()
    dialog.reissue(issued[1])
    assert errors and "补发前请先作废原证书" in errors[0]


def test_filters_and_search(
    qtbot: QtBot, session: AppSession, school: int, teachers: list[int]
) -> None:
    issued = session.workspace.certificates.issue(school_id=school).issued
    session.workspace.certificates.void(issued[2].id, "重复打印")
    dialog = CertificatesDialog(session)
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() == 3
    dialog.state_filter.setCurrentIndex(dialog.state_filter.findData("voided"))
    assert [dialog.model.record(r).serial for r in range(dialog.model.rowCount())] == [
        issued[2].serial
    ]
    dialog.state_filter.setCurrentIndex(0)
    dialog.search_edit.setText(issued[0].teacher_name)
    dialog.reload()
    names = {dialog.model.index(r, C_NAME).data() for r in range(dialog.model.rowCount())}
    assert names == {issued[0].teacher_name}
    dialog.search_edit.setText(issued[1].short_code)
    dialog.reload()
    assert [dialog.model.index(0, C_SERIAL).data()] == [issued[1].serial]
    # Sorting by serial descending.
    dialog.search_edit.clear()
    dialog.reload()
    dialog.view.sortByColumn(C_SERIAL, certificate_dialogs.Qt.SortOrder.DescendingOrder)
    assert dialog.model.index(0, C_SERIAL).data() == issued[2].serial


def test_print_selected_refuses_a_voided_certificate(
    qtbot: QtBot,
    session: AppSession,
    school: int,
    teachers: list[int],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    issued = session.workspace.certificates.issue(school_id=school).issued
    session.workspace.certificates.void(issued[0].id, "遗失")
    dialog = CertificatesDialog(session)
    qtbot.addWidget(dialog)
    dialog.view.selectAll()
    assert dialog.print_button.isEnabled()
    monkeypatch.setattr(certificate_dialogs, "ask_pre_printed", lambda _p: False)
    out = tmp_path / "所选.pdf"
    _save_to(monkeypatch, out)
    errors: list[str] = []
    monkeypatch.setattr("nlts_desktop.ui.tasks.show_error", lambda _p, exc: errors.append(str(exc)))
    dialog.print_button.click()
    assert errors and "已作废的证书不能打印" in errors[0] and issued[0].serial in errors[0]
    assert not out.exists()


def test_verify_dialog_takes_a_typed_code_and_rejects_a_changed_payload(
    qtbot: QtBot, session: AppSession, school: int, teachers: list[int]
) -> None:
    record = session.workspace.certificates.issue(school_id=school).issued[0]
    assert record.payload is not None
    dialog = VerifyCertificateDialog(session)
    qtbot.addWidget(dialog)
    assert not dialog.verify_button.isEnabled()

    # As read off the paper: spaces instead of dashes, lower case.
    typed = record.short_code.replace("-", " ").lower()
    dialog.input_edit.setText(f" {typed} ")
    dialog.verify_button.click()
    assert dialog.last_result is not None and dialog.last_result.valid
    assert dialog.verdict_label.text() == "VALID"
    assert dialog.message_label.text().startswith("证书有效")
    assert dialog.fact_labels["serial"].text() == record.serial
    assert dialog.fact_labels["name"].text() == record.teacher_name
    assert dialog.fact_labels["state"].text() == "已发放"
    assert not dialog.facts_box.isHidden()

    # The scanned payload verifies; one changed character does not.
    dialog.input_edit.setText(record.payload)
    assert dialog.last_result is None and dialog.verdict_frame.isHidden()
    dialog.input_edit.returnPressed.emit()
    assert dialog.last_result is not None and dialog.last_result.valid
    changed = record.payload.replace("|50|", "|60|")
    assert changed != record.payload
    dialog.input_edit.setText(changed)
    dialog.verify()
    assert dialog.last_result is not None and not dialog.last_result.valid
    assert dialog.verdict_label.text() == "NOT VALID"
    assert dialog.message_label.text().startswith("签名不符")

    # Rubbish: 无效 with the reason, no facts.
    dialog.input_edit.setText("12345")
    dialog.verify()
    assert dialog.verdict_label.text() == "NOT VALID"
    assert "验证码" in dialog.message_label.text()
    assert dialog.facts_box.isHidden()


def test_layout_dialog_refuses_a_bad_pattern_and_saves_a_good_one(
    qtbot: QtBot,
    session: AppSession,
    monkeypatch: pytest.MonkeyPatch,
    answers: dict[str, Any],
    tmp_path: Path,
) -> None:
    dialog = CertificateLayoutDialog(session)
    qtbot.addWidget(dialog)
    year = session.workspace.info().current_cycle
    assert dialog.pattern_edit.text() == "{year}-{county}-{seq:06d}"
    assert dialog.preview_label.text() == f"{year}-510115-000001"
    assert dialog.issuer_edit.text() == "成都市温江区教育局"

    dialog.pattern_edit.setText("{year}-{county}")
    assert not dialog.error_label.isHidden()
    assert "必须包含流水号字段 {seq}" in dialog.error_label.text()
    # Saving anyway: the service's refusal stays in the dialog, nothing is saved.
    dialog.save_button.click()
    assert "必须包含流水号字段 {seq}" in dialog.error_label.text()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert session.workspace.certificates.settings().serial_pattern == "{year}-{county}-{seq:06d}"

    # A test page with unsaved offsets; nothing is logged, nothing saved.
    dialog.pattern_edit.setText("WJ{year}{seq:05d}")
    assert dialog.error_label.isHidden()
    assert dialog.preview_label.text() == f"WJ{year}00001"
    dialog.page_dx.setValue(2.5)
    dialog.field_spins["name"][1].setValue(-1.5)
    out = tmp_path / "测试页.pdf"
    _save_to(monkeypatch, out)
    dialog.test_button.click()
    assert out.is_file() and out.read_bytes().startswith(b"%PDF")
    assert any(str(out) in text for text in answers["info"])
    assert session.workspace.certificates.prints() == []
    assert session.workspace.certificates.settings().layout.dx == 0

    dialog.issuer_edit.setText("成都市温江区教育局教师发展中心")
    dialog.save_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    saved = session.workspace.certificates.settings()
    assert saved.serial_pattern == "WJ{year}{seq:05d}"
    assert saved.issuer_name == "成都市温江区教育局教师发展中心"
    assert saved.layout.dx == 2.5 and saved.layout.fields == {"name": (0.0, -1.5)}

    again = CertificateLayoutDialog(session)
    qtbot.addWidget(again)
    assert again.page_dx.value() == 2.5 and again.field_spins["name"][1].value() == -1.5
    again.reset_offsets()
    assert again.layout_values() == {"dx": 0.0, "dy": 0.0, "fields": {}}


def test_a_reviewer_reads_but_cannot_issue(
    qtbot: QtBot, session: AppSession, school: int, teachers: list[int]
) -> None:
    session.workspace.certificates.issue(school_id=school)
    session.workspace.act_as(Actor("reviewer", Role.COUNTY_REVIEWER))
    dialog = CertificatesDialog(session)
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() == 3
    dialog.view.selectRow(0)
    for button in (dialog.issue_button, dialog.print_button, dialog.void_button):
        assert not button.isEnabled()
    layout = CertificateLayoutDialog(session)
    qtbot.addWidget(layout)
    assert not layout.save_button.isEnabled()


def test_the_window_has_the_certificates_menu_and_the_plan_forms(
    qtbot: QtBot, session: AppSession
) -> None:
    window = MainWindow(session)
    qtbot.addWidget(window)
    titles = [a.text() for a in window.menuBar().actions()]
    assert "&Certificates" in titles
    texts = [a.text() for a in window.certificates_menu.actions() if a.text()]
    assert texts == ["&Certificate Register…", "&Verify Certificate…", "Certificate &Layout…"]
    forms = [a.text() for a in window.forms_menu.actions() if a.text()]
    for wanted in (
        "Annual Training Plan Table…",
        "Annual Plan…",
        "Pilot School Summary…",
        "Leadership Group List…",
        "Import Annual Training Plan Table…",
        "Import Leadership Group List…",
    ):
        assert wanted in forms
