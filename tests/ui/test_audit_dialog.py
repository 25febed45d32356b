"""审计日志 viewer: filters, paging, the chain check in large letters, export and print, the
工具 menu entry, and the unexpected-error details with ID numbers masked.

A real county workspace; the task runner runs inline; file and message dialogs are replaced by
what the clerk would answer.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QMainWindow, QMessageBox
from pytestqt.qtbot import QtBot

from nlts_desktop.domain.enums import Role
from nlts_desktop.services.context import Actor
from nlts_desktop.ui import errors
from nlts_desktop.ui.dialogs import audit_dialog
from nlts_desktop.ui.dialogs.audit_dialog import (
    ALARM_COLOR,
    C_ACTION,
    C_SCHOOL,
    C_TEACHER,
    C_TEXT,
    C_TIME,
    GOOD_COLOR,
    AuditDialog,
)
from nlts_desktop.ui.session import AppSession
from nlts_desktop.ui.tools_menu import add_tools_menu
from tests.helpers import add_teachers


@pytest.fixture
def logged(session: AppSession, school: int) -> AppSession:
    """Five teachers created, one renamed."""
    ids = add_teachers(session.workspace, 5)
    first = session.workspace.teachers.get(ids[0])
    fields = {"id_number": first.id_number, "name": "张丽", "school": "2151000001"}
    session.workspace.teachers.update(ids[0], {**fields, "phone": first.phone})
    return session


@pytest.fixture
def informed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Information boxes collected instead of shown."""
    seen: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "information", lambda _parent, _title, text, *_a: seen.append(text)
    )
    return seen


def _integrity_ok(session: AppSession) -> None:
    path = session.workspace.db.path
    assert path is not None
    raw = sqlite3.connect(path)
    try:
        assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        raw.close()


def _column(dialog: AuditDialog, column: int) -> list[str]:
    model = dialog.model
    return [model.index(row, column).data() for row in range(model.rowCount())]


def _select(combo: Any, text: str) -> None:
    index = combo.findText(text)
    assert index >= 0, text
    combo.setCurrentIndex(index)


def test_shows_the_log_newest_first_in_local_time(qtbot: QtBot, logged: AppSession) -> None:
    dialog = AuditDialog(logged)
    qtbot.addWidget(dialog)
    total = logged.workspace.audit.query().total
    assert dialog.model.rowCount() == total
    assert dialog.count_label.text() == f"Entries 1–{total} of {total}, newest first"
    first_time = dialog.model.index(0, C_TIME).data()
    assert len(first_time) == 19 and first_time.startswith(date.today().isoformat()[:4])
    newest = logged.workspace.audit.query(limit=1).rows[0]
    assert first_time == newest.at.astimezone().strftime("%Y-%m-%d %H:%M:%S")
    assert _column(dialog, C_ACTION)[0] == "修改"
    assert _column(dialog, C_TEACHER)[0] == "张丽"
    assert _column(dialog, C_SCHOOL)[0] == "温江区实验小学"
    assert _column(dialog, C_TEXT)[0] == "修改教师：姓名：教师甲一 → 张丽"
    assert "admin" in [dialog.actor_filter.itemText(i) for i in range(dialog.actor_filter.count())]
    _integrity_ok(logged)


def test_filters(qtbot: QtBot, logged: AppSession) -> None:
    dialog = AuditDialog(logged)
    qtbot.addWidget(dialog)
    _select(dialog.action_filter, "修改")
    assert _column(dialog, C_ACTION) == ["修改"]
    dialog.clear_filters()
    _select(dialog.entity_filter, "教师")
    _select(dialog.school_filter, "温江区实验小学")
    assert dialog.model.rowCount() == 6  # five created, one renamed
    dialog.teacher_edit.setText("张丽")
    dialog.reload()
    assert _column(dialog, C_TEACHER) == ["张丽", "张丽"]
    dialog.clear_filters()
    today = QDate.currentDate()
    dialog.since_edit.setDate(today.addDays(1))
    assert dialog.model.rowCount() == 0
    assert dialog.count_label.text() == "No entries match the filter."
    dialog.since_edit.setDate(today)
    dialog.until_edit.setDate(today)
    assert dialog.model.rowCount() == logged.workspace.audit.query().total
    assert dialog.current_filter().since == date.today()


def test_paging(qtbot: QtBot, logged: AppSession, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(audit_dialog, "PAGE_SIZE", 4)
    dialog = AuditDialog(logged)
    qtbot.addWidget(dialog)
    total = logged.workspace.audit.query().total
    assert dialog.model.rowCount() == 4
    assert not dialog.previous_button.isEnabled() and dialog.next_button.isEnabled()
    first_page = _column(dialog, 0)
    dialog.next_button.click()
    assert dialog.offset == 4 and dialog.previous_button.isEnabled()
    assert int(_column(dialog, 0)[0]) < int(first_page[-1])
    assert str(total) in dialog.count_label.text()
    dialog.previous_button.click()
    assert _column(dialog, 0) == first_page


def test_verify_shows_green_then_red_after_tampering(qtbot: QtBot, logged: AppSession) -> None:
    dialog = AuditDialog(logged)
    qtbot.addWidget(dialog)
    dialog.verify_button.click()
    assert not dialog.chain_label.isHidden()
    assert GOOD_COLOR in dialog.chain_label.styleSheet()
    path = logged.workspace.db.path
    assert path is not None
    raw = sqlite3.connect(path)
    with raw:
        raw.execute("UPDATE audit_entries SET actor = 'x' WHERE id = 5")
    raw.close()
    dialog.verify_button.click()
    assert ALARM_COLOR in dialog.chain_label.styleSheet()
    assert dialog.chain_label.text().startswith("审计日志校验失败：第 5 条记录")
    selected = dialog.view.selectionModel().selectedRows()
    assert [dialog.model.record(i.row()).id for i in selected] == [5]
    assert dialog.verify_button.isEnabled()
    _integrity_ok(logged)


def test_export_and_print(
    qtbot: QtBot,
    logged: AppSession,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    informed: list[str],
) -> None:
    xlsx, pdf = tmp_path / "审计日志.xlsx", tmp_path / "审计日志.pdf"
    monkeypatch.setattr(audit_dialog, "ask_save_path", lambda *_a, **_k: xlsx)
    monkeypatch.setattr(audit_dialog, "ask_pdf_path", lambda *_a, **_k: pdf)
    dialog = AuditDialog(logged)
    qtbot.addWidget(dialog)
    before = logged.workspace.audit.query().total
    _select(dialog.entity_filter, "教师")
    dialog.excel_button.click()
    assert xlsx.exists() and str(xlsx) in informed[-1]
    dialog.clear_filters()
    dialog.pdf_button.click()
    assert pdf.read_bytes().startswith(b"%PDF") and str(pdf) in informed[-1]
    # Both are in the log now, and the table was reloaded to show them.
    assert logged.workspace.audit.query().total == before + 2
    assert _column(dialog, C_ACTION)[:2] == ["导出", "导出"]
    _integrity_ok(logged)


def test_refused_for_a_viewer(
    qtbot: QtBot, logged: AppSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[BaseException] = []
    monkeypatch.setattr(errors, "show_error", lambda _parent, exc: shown.append(exc))
    logged.workspace.context.actor = Actor("viewer", Role.VIEWER)
    dialog = AuditDialog(logged)
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() == 0
    assert len(shown) == 1 and "审计日志" in dialog.count_label.text()


def test_tools_menu_entry(qtbot: QtBot, logged: AppSession) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    menu = add_tools_menu(window, logged)
    texts = [action.text() for action in menu.actions()]
    entry = next(a for a in menu.actions() if a.text() in ("审计日志(&A)…", "&Audit Log…"))
    assert entry.isEnabled(), texts
    logged.workspace.context.actor = Actor("viewer", Role.VIEWER)
    other = QMainWindow()
    qtbot.addWidget(other)
    viewer_menu = add_tools_menu(other, logged)
    viewer_entry = next(a for a in viewer_menu.actions() if a.text() == entry.text())
    assert not viewer_entry.isEnabled()


def test_unexpected_error_details_mask_id_numbers(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    details: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: details.append(box.detailedText()) or 0)
    try:
        raise KeyError("11010519491231002X")
    except KeyError as exc:
        errors.show_error(None, exc)
    assert details and "Traceback" in details[0]
    assert "11010519491231002X" not in details[0] and "110105********002X" in details[0]
