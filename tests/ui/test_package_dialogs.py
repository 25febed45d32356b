"""数据包 in the UI: the import preview (counts, conflicts, the fingerprint check), refusals,
the ledger, the keys, making packages, and the window by workspace level (county, school, city).

Real workspaces in separate folders (county, school made from the county's kit, city), as the
offices have them; the task runner runs inline.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QDialog, QMessageBox
from pytestqt.qtbot import QtBot

from nlts_desktop.domain.enums import Role, SubmissionState
from nlts_desktop.domain.errors import AppError
from nlts_desktop.paths import data_paths
from nlts_desktop.services.context import Actor
from nlts_desktop.services.workspace import Workspace, WorkspaceSpec
from nlts_desktop.ui.dialogs import package_dialogs
from nlts_desktop.ui.dialogs.package_dialogs import (
    K_STATE,
    KIT,
    L_DIRECTION,
    L_KIND,
    L_RESULT,
    L_UNIT,
    REPORT,
    SUBMISSION,
    KeyConfirmDialog,
    KeysDialog,
    MakePackageDialog,
    PackageImportDialog,
    PackageLedgerDialog,
    fingerprint_lines,
    hours_text,
    package_time,
    start_import,
)
from nlts_desktop.ui.dialogs.reason_dialog import ReasonDialog
from nlts_desktop.ui.main_window import MainWindow
from nlts_desktop.ui.session import AppSession, Changes
from nlts_desktop.ui.settings import UiSettings
from nlts_desktop.ui.tabs.city_tab import C_NAME, C_ONLINE, C_RATE, C_TEACHERS
from nlts_desktop.ui.tasks import TaskRunner
from tests.helpers import add_teachers, grade_all, ready_school

CHENGDU = WorkspaceSpec(
    level="city", region_code="510100", region_name="成都市", preset_id="sichuan-2.0"
)


@pytest.fixture
def school_ws(workspace: Workspace, school: int, tmp_path: Path) -> Iterator[Workspace]:
    """The school's own workspace, made from the county's kit; two teachers ready to grade."""
    teachers = add_teachers(workspace, 2)
    ready_school(workspace, school, teachers)
    kit = workspace.school_kits.make(school, tmp_path / "学校工作包.nltspkg").path
    ws = Workspace.create_from_kit(
        data_paths(tmp_path / "school"),
        kit,
        actor=Actor.system("coordinator"),
        accept_fingerprint=workspace.keys.own().fingerprint,
    )
    here = ws.schools.list()[0].id
    ws.act_as(Actor("coordinator", Role.SCHOOL_COORDINATOR, school_id=here))
    yield ws
    ws.close()


@pytest.fixture
def city(tmp_path: Path) -> Iterator[Workspace]:
    """The city's own workspace (成都市), in its own folder."""
    ws = Workspace.create(data_paths(tmp_path / "city"), CHENGDU, actor=Actor.system("city"))
    yield ws
    ws.close()


def session_of(workspace: Workspace, tasks: TaskRunner, folder: Path) -> AppSession:
    return AppSession(
        workspace=workspace, tasks=tasks, settings=UiSettings(folder / "ui-settings.ini")
    )


def grade_and_submit(ws: Workspace, grade: str, out: Path) -> Path:
    """Grade every item at the school, submit the batch, make the submission package."""
    here = ws.schools.list()[0].id
    grid = ws.assessment.grid(here)
    items = [i.item_id for r in grid.rows for p in r.points for i in p.items]
    ws.assessment.set_scores([(item, grade) for item in items], assessor="李老师")
    ws.assessment.submit(here)
    return ws.submissions.make(out, note="全部材料已在研修平台公示").path


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
    """Errors the package dialogs would show."""
    shown: list[BaseException] = []
    monkeypatch.setattr(package_dialogs, "show_error", lambda _parent, exc: shown.append(exc))
    return shown


@pytest.fixture
def changes(session: AppSession) -> list[Changes]:
    """Every data_changed announced."""
    seen: list[Changes] = []
    session.tasks.data_changed.connect(seen.append)
    return seen


def test_formatting_helpers() -> None:
    printed = "ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567"
    assert fingerprint_lines(printed) == "ABCD EFGH IJKL MNOP\nQRST UVWX YZ23 4567"
    assert package_time("2026-03-05T14:30:00").startswith("2026-03-0")
    assert package_time("not a time") == "not a time"
    assert (hours_text(25), hours_text(2468), hours_text(0)) == ("12.5", "1,234", "0")


def test_import_waits_for_the_fingerprint_check_then_submits_the_batch(
    session: AppSession,
    school: int,
    school_ws: Workspace,
    qtbot: QtBot,
    tmp_path: Path,
    said: list[str],
    changes: list[Changes],
) -> None:
    package = grade_and_submit(school_ws, "1", tmp_path / "上报包.nltspkg")
    preview = session.workspace.intake.preview(package)
    dialog = PackageImportDialog(session, package, preview)
    qtbot.addWidget(dialog)
    assert "温江区实验小学" in dialog.windowTitle() + preview.title
    assert dialog.count_labels["changed"].text() == "6 个选点"
    assert dialog.count_labels["new"].text() == "0 个选点"
    assert dialog.count_labels["conflicts"].text() == "0 个选点"
    assert "教师 2 名" in dialog.details_label.text()
    assert not dialog.conflicts_list.isVisibleTo(dialog)
    assert not dialog.already_label.isVisibleTo(dialog)
    # A school never seen before: its fingerprint, large, and the phone check.
    fingerprint = school_ws.keys.own().fingerprint
    assert dialog.fingerprint_label.printed == fingerprint
    assert dialog.fingerprint_label.text() == fingerprint_lines(fingerprint)
    assert dialog.key_check.isVisibleTo(dialog)
    assert not dialog.import_button.isEnabled()
    dialog.import_button.click()  # disabled: nothing happens
    assert session.workspace.assessment.batch(school).state is SubmissionState.DRAFT

    dialog.key_check.setChecked(True)
    assert dialog.import_button.isEnabled()
    dialog.import_button.click()
    assert session.workspace.assessment.batch(school).state is SubmissionState.SUBMITTED
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.result_preview is not None and not dialog.result_preview.already_imported
    assert any(c.touches("assessment") for c in changes)
    assert said and preview.title in said[0] and "修改 6" in said[0]

    # The same package again: said to change nothing, and the key is now known.
    again = PackageImportDialog(session, package, session.workspace.intake.preview(package))
    qtbot.addWidget(again)
    assert again.already_label.isVisibleTo(again)
    assert not again.key_check.isVisibleTo(again)
    assert again.import_button.isEnabled()


def test_start_import_previews_off_the_ui_thread_then_shows_the_dialog(
    session: AppSession,
    school: int,
    school_ws: Workspace,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    errors: list[BaseException],
) -> None:
    package = grade_and_submit(school_ws, "2", tmp_path / "上报包.nltspkg")
    shown: list[PackageImportDialog] = []

    def exec_(dialog: PackageImportDialog) -> int:
        shown.append(dialog)
        return int(QDialog.DialogCode.Rejected)

    monkeypatch.setattr(PackageImportDialog, "exec", exec_)
    monkeypatch.setattr(package_dialogs, "pick_package", lambda _parent, _session: package)
    start_import(None, session)
    assert not errors
    assert [d.preview.package_id for d in shown] == [
        session.workspace.intake.preview(package).package_id
    ]


def test_a_refused_package_shows_the_chinese_message(
    session: AppSession,
    school: int,
    school_ws: Workspace,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    errors: list[BaseException],
    said: list[str],
) -> None:
    workspace = session.workspace
    # A school kit is taken in by a school, not by the county: refused at the preview.
    kit = workspace.school_kits.make(school, tmp_path / "kit.nltspkg").path
    monkeypatch.setattr(PackageImportDialog, "exec", lambda _d: 0)
    start_import(None, session, kit)
    assert len(errors) == 1 and isinstance(errors[0], AppError)
    assert "本工作区是区县工作区" in errors[0].message

    # Previewed, then the county approved the batch before Import was pressed: refused then.
    first = grade_and_submit(school_ws, "2", tmp_path / "第一次.nltspkg")
    workspace.intake.take_in(first, accept_new_key=True)
    second = school_ws.submissions.make(tmp_path / "第二次.nltspkg").path
    dialog = PackageImportDialog(session, second, workspace.intake.preview(second))
    workspace.review.approve_clean(school)
    dialog.import_button.click()
    assert len(errors) == 2 and isinstance(errors[1], AppError)
    assert "已审核通过并锁定" in errors[1].message
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.import_button.isEnabled()  # the clerk may try again after unlocking
    assert not said


def test_conflicts_are_listed_and_keep_import_off(
    session: AppSession, school: int, school_ws: Workspace, qtbot: QtBot, tmp_path: Path
) -> None:
    # The county grades the school's records itself after the kit went out …
    grade_all(session.workspace, school, "3")
    # … and the school sends other grades for the same records.
    package = grade_and_submit(school_ws, "1", tmp_path / "上报包.nltspkg")
    preview = session.workspace.intake.preview(package)
    assert preview.changes.conflicts
    dialog = PackageImportDialog(session, package, preview)
    qtbot.addWidget(dialog)
    assert dialog.conflicts_list.isVisibleTo(dialog)
    assert dialog.conflicts_list.count() == len(preview.changes.conflicts)
    assert "被区县修改过" in dialog.conflicts_list.item(0).text()
    assert dialog.conflict_label.isVisibleTo(dialog)
    assert "nothing will be imported" in dialog.conflict_label.text()
    dialog.key_check.setChecked(True)
    assert not dialog.import_button.isEnabled()


def test_the_ledger_lists_the_package(
    session: AppSession, school: int, school_ws: Workspace, qtbot: QtBot, tmp_path: Path
) -> None:
    package = grade_and_submit(school_ws, "2", tmp_path / "上报包.nltspkg")
    session.workspace.intake.take_in(package, accept_new_key=True)
    dialog = PackageLedgerDialog(session)
    qtbot.addWidget(dialog)
    model = dialog.model
    rows = [
        [model.index(r, c).data() for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]
    # Newest first: the submission taken in, then the kit made for the school.
    assert rows[0][L_KIND] == "学校考核上报包"
    assert (rows[0][L_DIRECTION], rows[0][L_RESULT]) == ("Received", "Imported")
    assert "温江区实验小学" in rows[0][L_UNIT]
    assert rows[0][package_dialogs.L_FILE] == "上报包.nltspkg"
    assert rows[-1][L_KIND] == "学校工作包"
    assert (rows[-1][L_DIRECTION], rows[-1][L_RESULT]) == ("Sent", "Made")
    assert "2 records" in dialog.count_label.text()
    dialog.copy_all()
    assert "学校考核上报包" in model.as_tsv()


def test_keys_dialog_shows_registers_and_revokes(
    session: AppSession,
    school: int,
    school_ws: Workspace,
    city: Workspace,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    said: list[str],
    errors: list[BaseException],
) -> None:
    dialog = KeysDialog(session)
    qtbot.addWidget(dialog)
    own = session.workspace.keys.own()
    assert dialog.own_fingerprint.printed == own.fingerprint
    assert dialog.own_encryption.printed == own.encryption_fingerprint
    assert "温江区" in dialog.own_unit.text()
    assert dialog.model.rowCount() == 0

    # Register the city's key after the phone check.
    card_path = city.keys.export_public(tmp_path / "成都市.nltskey")
    monkeypatch.setattr(
        package_dialogs.QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(card_path), "")
    )
    confirmed: list[KeyConfirmDialog] = []

    def confirm(box: KeyConfirmDialog) -> int:
        confirmed.append(box)
        assert not box.ok_button.isEnabled()
        box.check.setChecked(True)
        assert box.ok_button.isEnabled()
        return int(QDialog.DialogCode.Accepted)

    monkeypatch.setattr(KeyConfirmDialog, "exec", confirm)
    dialog.register_button.click()
    assert confirmed and confirmed[0].fingerprint_label.printed == city.keys.own().fingerprint
    assert not errors
    assert dialog.model.rowCount() == 1
    assert dialog.model.index(0, K_STATE).data() == "Valid"
    assert said and "成都市" in said[-1]

    # Revoke it with a reason.
    def give_reason(box: ReasonDialog) -> int:
        box.reason_edit.setPlainText("存放公钥的U盘丢失")
        return int(QDialog.DialogCode.Accepted)

    monkeypatch.setattr(ReasonDialog, "exec", give_reason)
    dialog.view.selectRow(0)
    dialog.revoke_button.click()
    assert not errors
    assert dialog.model.index(0, K_STATE).data() == "Revoked: 存放公钥的U盘丢失"


def test_making_a_submission_in_school_mode(
    school_ws: Workspace, tasks: TaskRunner, qtbot: QtBot, tmp_path: Path
) -> None:
    session = session_of(school_ws, tasks, tmp_path)
    here = school_ws.schools.list()[0].id
    grade_all(school_ws, here, "2")
    school_ws.assessment.submit(here)
    dialog = MakePackageDialog(session, SUBMISSION)
    qtbot.addWidget(dialog)
    assert dialog.make_button.isEnabled()
    assert dialog.default_name() == (
        f"Assessment submission-温江区实验小学-{date.today().isoformat()}.nltspkg"
    )
    dialog.note_edit.setPlainText("请审核")
    dialog.files_check.setChecked(True)
    out = tmp_path / "out" / "上报包.nltspkg"
    out.parent.mkdir()
    dialog.make_to(out)
    assert out.exists()
    assert dialog.made is not None and dialog.made.written.path == out
    written = dialog.written_dialog
    assert written is not None
    qtbot.addWidget(written)
    assert written.fingerprint_label.printed == school_ws.keys.own().fingerprint
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_making_a_kit_and_an_unencrypted_county_report(
    session: AppSession, school: int, qtbot: QtBot, tmp_path: Path
) -> None:
    add_teachers(session.workspace, 2)
    kit = MakePackageDialog(session, KIT)
    qtbot.addWidget(kit)
    assert kit.school_combo.count() == 1 and kit.school_combo.currentData() == school
    assert kit.default_name().startswith("School kit-温江区实验小学-")
    kit.make_to(tmp_path / "kit.nltspkg")
    assert kit.made is not None and (tmp_path / "kit.nltspkg").exists()
    assert kit.written_dialog is not None
    qtbot.addWidget(kit.written_dialog)

    report = MakePackageDialog(session, REPORT)
    qtbot.addWidget(report)
    assert "not registered" in report.key_state.text()
    report.make_to(tmp_path / "report.nltspkg")
    assert report.made is not None and not report.made.written.encrypted
    assert report.written_dialog is not None
    qtbot.addWidget(report.written_dialog)
    warning = report.written_dialog.findChild(package_dialogs.QLabel, "encryptionState")
    assert warning is not None and "NOT encrypted" in warning.text()


def test_county_window_has_the_package_menu(session: AppSession, qtbot: QtBot) -> None:
    window = MainWindow(session)
    qtbot.addWidget(window)
    menus = {a.text(): a.menu() for a in window.menuBar().actions()}
    menu = menus["&Packages"]
    assert menu is not None
    assert [a.text() for a in menu.actions() if a.text()] == [
        "&Import Package…",
        "Make &School Kit…",
        "Make County &Return…",
        "Make County Re&port…",
        "Package Re&cords…",
        "&Keys…",
    ]
    assert window.review_tab is not None and window.city_tab is None
    window.close()


def test_school_window_hides_the_review_tab(
    school_ws: Workspace, tasks: TaskRunner, qtbot: QtBot, tmp_path: Path
) -> None:
    # Even the school workspace's own administrator: a school reviews nothing.
    school_ws.act_as(Actor.system("admin"))
    window = MainWindow(session_of(school_ws, tasks, tmp_path))
    qtbot.addWidget(window)
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert "Review" not in titles and "Assessment" in titles
    assert window.review_tab is None
    assert "温江区实验小学" in window.windowTitle()
    assert not window.act_new_school.isVisible() and not window.act_new_school.isEnabled()
    assert not window.act_import_schools.isEnabled()
    assert not window.forms_menu.menuAction().isVisible()
    texts = [a.text() for a in window.package_menu.actions() if a.text()]
    assert "Make Assessment &Submission…" in texts
    assert "Make &School Kit…" not in texts
    window.close()


def test_city_window_shows_the_city_tab_and_takes_in_a_county_report(
    session: AppSession,
    school: int,
    city: Workspace,
    tasks: TaskRunner,
    qtbot: QtBot,
    tmp_path: Path,
    said: list[str],
    errors: list[BaseException],
) -> None:
    county = session.workspace
    teachers = add_teachers(county, 2)
    county.hours.add(
        {"teacher_id": teachers[0], "category": "网络研修", "hours": "12.5", "date": "2022-05-20"}
    )
    city_key = city.keys.export_public(tmp_path / "成都市.nltskey")
    report = county.county_reports.make(tmp_path / "区县上报包.nltspkg", recipient_key=city_key)
    assert report.encrypted

    city_session = session_of(city, tasks, tmp_path / "city")
    window = MainWindow(city_session)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == ["Counties"]
    assert window.teachers_tab is None and window.review_tab is None
    assert window.city_tab is not None
    tab = window.city_tab
    assert tab.model.rowCount() == 0 and "no county report" in tab.heading.text()
    menus = {a.text(): a.menu() for a in window.menuBar().actions()}
    assert "&Edit" not in menus and "H&ours" not in menus
    package_menu = menus["&Packages"]
    assert package_menu is not None
    assert not [a for a in package_menu.actions() if a.text().startswith("Make")]

    # The same import dialog takes in the county's report; the tab reloads by itself.
    preview = city.intake.preview(report.path)
    dialog = PackageImportDialog(city_session, report.path, preview, window)
    assert dialog.count_labels["new"].text() == "2 名教师"
    dialog.key_check.setChecked(True)
    dialog.import_button.click()
    assert not errors
    model = tab.model
    assert model.rowCount() == 2  # 温江区 and 合计
    assert model.index(0, C_NAME).data() == "温江区"
    assert model.index(0, C_TEACHERS).data() == "2"
    assert model.index(0, C_ONLINE).data() == "12.5"
    assert model.index(0, C_RATE).data() == "0.0%"
    assert model.index(1, C_NAME).data() == "Total"
    assert model.index(1, C_TEACHERS).data(package_dialogs.Qt.ItemDataRole.FontRole).bold()
    assert "1 counties reported" in tab.heading.text()
    window.close()
