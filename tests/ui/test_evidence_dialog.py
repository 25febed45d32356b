"""EvidenceDialog: the items of a teacher's points, titles and links edited in the table, a file
attached (a program or a file over the limit refused with nothing written), removed, and saved
elsewhere as an exact copy; read-only for a submitted teacher or a viewer."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from nlts_desktop.domain.enums import Role
from nlts_desktop.services.context import Actor
from nlts_desktop.ui.dialogs import evidence_dialog
from nlts_desktop.ui.dialogs.evidence_dialog import FILE, LINK, NAME, TITLE, EvidenceDialog
from nlts_desktop.ui.session import AppSession, Changes
from tests.helpers import add_teachers

PDF = b"%PDF-1.4 test"


@pytest.fixture
def teacher(session: AppSession, school: int) -> int:
    """A teacher who chose A1, A5 and A11 (seven evidence items)."""
    teacher_id = add_teachers(session.workspace, 1)[0]
    session.workspace.assessment.set_selection(teacher_id, ["A1", "A5", "A11"])
    return teacher_id


@pytest.fixture
def errors(monkeypatch: pytest.MonkeyPatch) -> list[BaseException]:
    """Errors the dialog shows, instead of a modal box."""
    shown: list[BaseException] = []
    monkeypatch.setattr(evidence_dialog, "show_error", lambda _p, exc: shown.append(exc))
    return shown


def _dialog(qtbot: QtBot, session: AppSession, teacher: int) -> EvidenceDialog:
    dialog = EvidenceDialog(session, teacher, "教师甲一")
    qtbot.addWidget(dialog)
    return dialog


def _pick(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))


def _blobs(session: AppSession) -> list[Path]:
    folder = session.workspace.paths.evidence
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


def test_the_table_lists_every_item_with_the_limit(
    qtbot: QtBot, session: AppSession, teacher: int
) -> None:
    dialog = _dialog(qtbot, session, teacher)
    assert "教师甲一" in dialog.windowTitle()
    assert dialog.table.rowCount() == 7
    specs = [dialog.table.item(r, 1).text() for r in range(7)]  # type: ignore[union-attr]
    assert specs == ["A1-1", "A1-2", "A5-1", "A5-2", "A5-3", "A11-1", "A11-2"]
    assert dialog.table.item(0, 0).text() == "A1 技术支持的学情分析"  # type: ignore[union-attr]
    assert dialog.table.item(0, NAME).text() == "学情分析方案 (文档)"  # type: ignore[union-attr]
    assert (
        dialog.table.item(1, NAME).text()  # type: ignore[union-attr]
        == "学情分析报告（视频） (视频, at most 5 min)"
    )
    assert "500 MB" in dialog.limit_label.text()
    assert dialog.current_record() is not None
    assert dialog.add_file_button.isEnabled()
    assert not dialog.remove_file_button.isEnabled()
    assert not dialog.save_as_button.isEnabled()


def test_attaching_a_pdf_copies_it_into_the_evidence_folder(
    qtbot: QtBot,
    session: AppSession,
    teacher: int,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    errors: list[BaseException],
) -> None:
    source = tmp_path / "学情分析方案.pdf"
    source.write_bytes(PDF)
    _pick(monkeypatch, source)
    dialog = _dialog(qtbot, session, teacher)
    dialog.table.selectRow(0)
    with qtbot.waitSignal(session.tasks.data_changed, timeout=1000) as signal:
        dialog.add_file_button.click()
    assert signal.args == [Changes.of("assessment")]
    assert errors == []
    assessment = session.workspace.assessment
    record = assessment.evidence(teacher)[0]
    assert record.file_name == "学情分析方案.pdf"
    assert record.file_size == len(PDF)
    stored = assessment.evidence_path(record.item_id)
    assert stored is not None and stored.read_bytes() == PDF
    assert dialog.table.item(0, FILE).text() == "学情分析方案.pdf (1 KB)"  # type: ignore[union-attr]
    assert dialog.remove_file_button.isEnabled()
    assert dialog.save_as_button.isEnabled()
    assert dialog.status_label.text() == "Added 学情分析方案.pdf to A1-1."

    dialog.show()
    qtbot.waitExposed(dialog)

    dialog.reject()
    assert dialog.result() == EvidenceDialog.DialogCode.Accepted


def test_a_program_is_refused_and_nothing_is_written(
    qtbot: QtBot,
    session: AppSession,
    teacher: int,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    errors: list[BaseException],
) -> None:
    program = tmp_path / "setup.exe"
    program.write_bytes(b"MZ\x90\x00" + bytes(100))
    _pick(monkeypatch, program)
    dialog = _dialog(qtbot, session, teacher)
    dialog.table.selectRow(0)
    dialog.add_file_button.click()
    assert len(errors) == 1
    assert "文件“setup.exe”的类型（.exe）不能作为文档类证据材料" in str(errors[0])
    assert session.workspace.assessment.evidence(teacher)[0].file_name is None
    assert _blobs(session) == []
    assert dialog.table.item(0, FILE).text() == ""  # type: ignore[union-attr]
    assert dialog.add_file_button.isEnabled()
    dialog.reject()
    assert dialog.result() == EvidenceDialog.DialogCode.Rejected


def test_a_file_over_the_limit_is_refused_and_nothing_is_written(
    qtbot: QtBot,
    session: AppSession,
    teacher: int,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    errors: list[BaseException],
) -> None:
    session.workspace.assessment.set_evidence_limit_mb(1)
    big = tmp_path / "学情分析方案.pdf"
    big.write_bytes(PDF + bytes(2 * 1024 * 1024))
    _pick(monkeypatch, big)
    dialog = _dialog(qtbot, session, teacher)
    assert "up to 1 MB" in dialog.limit_label.text()
    dialog.table.selectRow(0)
    dialog.add_file_button.click()
    assert len(errors) == 1
    assert "超过了证据材料的上限 1 MB" in str(errors[0])
    assert session.workspace.assessment.evidence(teacher)[0].file_name is None
    assert _blobs(session) == []


def test_save_as_writes_an_exact_copy_under_the_original_name(
    qtbot: QtBot,
    session: AppSession,
    teacher: int,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    errors: list[BaseException],
) -> None:
    assessment = session.workspace.assessment
    source = tmp_path / "课堂实录.mp4"
    source.write_bytes(b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 8000)
    item_id = assessment.evidence(teacher)[3].item_id  # A5-2 课堂实录片段 (video)
    assessment.update_evidence(item_id, file=source)
    out = tmp_path / "out"
    out.mkdir()
    offered: list[str] = []

    def save_to(_parent: object, _title: str, suggested: str, *_a: object) -> tuple[str, str]:
        offered.append(suggested)
        return str(out / Path(suggested).name), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_to)
    dialog = _dialog(qtbot, session, teacher)
    dialog.table.selectRow(3)
    assert dialog.table.item(3, FILE).text() == "课堂实录.mp4 (2.0 MB)"  # type: ignore[union-attr]
    dialog.save_as_button.click()
    assert errors == []
    assert Path(offered[0]).name == "课堂实录.mp4"
    copy = out / "课堂实录.mp4"
    assert copy.read_bytes() == source.read_bytes()
    assert str(copy) in dialog.status_label.text()
    assert [p.name for p in out.iterdir()] == ["课堂实录.mp4"]  # no temporary file left


def test_removing_a_file_asks_first(
    qtbot: QtBot,
    session: AppSession,
    teacher: int,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assessment = session.workspace.assessment
    source = tmp_path / "方案.pdf"
    source.write_bytes(PDF)
    item_id = assessment.evidence(teacher)[0].item_id
    assessment.update_evidence(item_id, title="学情分析方案", file=source)
    dialog = _dialog(qtbot, session, teacher)
    dialog.table.selectRow(0)
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.No)
    dialog.remove_file_button.click()
    assert assessment.evidence(teacher)[0].file_name == "方案.pdf"
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    dialog.remove_file_button.click()
    record = assessment.evidence(teacher)[0]
    assert record.file_name is None
    assert record.title == "学情分析方案"  # the description stays
    assert not dialog.remove_file_button.isEnabled()


def test_title_and_link_are_saved_when_a_cell_is_edited(
    qtbot: QtBot, session: AppSession, teacher: int, errors: list[BaseException]
) -> None:
    dialog = _dialog(qtbot, session, teacher)
    with qtbot.waitSignal(session.tasks.data_changed, timeout=1000):
        dialog.table.item(1, TITLE).setText(" 七年级数学学情分析 ")  # type: ignore[union-attr]
    dialog.table.item(1, LINK).setText("https://example.edu.cn/works/123")  # type: ignore[union-attr]
    record = session.workspace.assessment.evidence(teacher)[1]
    assert record.title == "七年级数学学情分析"
    assert record.external_ref == "https://example.edu.cn/works/123"
    assert dialog.table.item(1, TITLE).text() == "七年级数学学情分析"  # type: ignore[union-attr]
    assert errors == []


def test_a_submitted_teacher_is_read_only_with_the_reason(
    qtbot: QtBot, session: AppSession, school: int, teacher: int, tmp_path: Path
) -> None:
    assessment = session.workspace.assessment
    assessment.save_plan(
        school, {"environments": "A,B", "plan_title": "方案", "rules_title": "细则"}
    )
    assessment.decide_plan(school, approve=True)
    source = tmp_path / "方案.pdf"
    source.write_bytes(PDF)
    assessment.update_evidence(assessment.evidence(teacher)[0].item_id, file=source)
    row = assessment.grid(school).rows[0]
    assessment.set_scores(
        [(item.item_id, "合格") for p in row.points for item in p.items], assessor="王老师"
    )
    assessment.submit(school)
    dialog = _dialog(qtbot, session, teacher)
    dialog.show()
    assert dialog.lock_label.isVisible()
    assert "已提交区县审核" in dialog.lock_label.text()
    dialog.table.selectRow(0)
    assert not dialog.add_file_button.isEnabled()
    assert not dialog.remove_file_button.isEnabled()
    assert dialog.save_as_button.isEnabled()  # reading a copy is still fine
    cell = dialog.table.item(0, TITLE)
    assert cell is not None and not cell.flags() & Qt.ItemFlag.ItemIsEditable


def test_a_viewer_only_reads(qtbot: QtBot, session: AppSession, teacher: int) -> None:
    session.workspace.act_as(Actor("look", Role.VIEWER))
    dialog = _dialog(qtbot, session, teacher)
    assert dialog.lock_label.text() == "Your account can view the evidence but not change it."
    assert dialog.table.rowCount() == 7
    assert not dialog.add_file_button.isEnabled()
