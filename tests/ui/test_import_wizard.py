"""The roster import wizard, driven page by page on real .xlsx files (tasks run inline)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtWidgets import QFileDialog, QTableWidget, QWizard
from pytestqt.qtbot import QtBot

from nlts_desktop.domain.errors import AppError, NotFoundError
from nlts_desktop.services.progress import Cancelled
from nlts_desktop.ui.dialogs import import_wizard
from nlts_desktop.ui.dialogs.import_wizard import (
    CHOOSE_PAGE,
    DONE_PAGE,
    MAPPING_PAGE,
    PREVIEW_PAGE,
    ImportWizard,
)
from nlts_desktop.ui.session import AppSession
from nlts_desktop.ui.tasks import TaskRunner

SHOTS = Path("/tmp/nlts-shots")
HEADERS = ("序号", "姓名", "身份证号码", "工作单位")
BAD_CHECKSUM = "110105194912310021"
EXCEL_NUMBER = 5.101151985031501e17
# The brief's 510115198503150027 fails the GB 11643 check; …0024 is the same person, valid.
GOOD_NEW = "510115198503150024"
ROWS: tuple[tuple[object, ...], ...] = (
    (1, "王芳", BAD_CHECKSUM, "温江区实验小学"),
    (2, "赵强", EXCEL_NUMBER, "温江区实验小学"),
    (3, "陈静", GOOD_NEW, "温江区实验小学"),
)


def _xlsx(path: Path, rows: Sequence[Sequence[object]], headers: Sequence[str] = HEADERS) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "教师名单"
    sheet.append(["温江区教师信息技术应用能力提升工程2.0参训名单"])
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    book.save(path)
    return path


def _wizard(qtbot: QtBot, session: AppSession, kind: str = "teachers") -> ImportWizard:
    wizard = ImportWizard(session, kind)
    qtbot.addWidget(wizard)
    wizard.show()
    return wizard


def _open(wizard: ImportWizard, path: Path) -> None:
    wizard.choose_page.path_edit.setText(str(path))
    wizard.next()


def _to_preview(wizard: ImportWizard, path: Path) -> None:
    _open(wizard, path)
    assert wizard.currentId() == MAPPING_PAGE
    wizard.next()
    assert wizard.currentId() == PREVIEW_PAGE


def _cell(table: QTableWidget, row: int, column: int) -> str:
    item = table.item(row, column)
    assert item is not None
    return item.text()


def _not_found(session: AppSession, number: str) -> bool:
    try:
        session.workspace.teachers.find_by_id_number(number)
    except NotFoundError:
        return True
    return False


@pytest.fixture
def no_dialogs(monkeypatch: pytest.MonkeyPatch) -> list[BaseException]:
    """Errors the wizard would show, instead of modal boxes."""
    shown: list[BaseException] = []
    monkeypatch.setattr(import_wizard, "show_error", lambda _parent, exc: shown.append(exc))
    return shown


def test_preview_shows_new_and_rejected_rows_with_reasons(
    qtbot: QtBot, school_session: AppSession, tmp_path: Path, no_dialogs: list[BaseException]
) -> None:
    wizard = _wizard(qtbot, school_session)
    _to_preview(wizard, _xlsx(tmp_path / "名单.xlsx", ROWS))

    page = wizard.preview_page
    summary = page.summary
    assert summary is not None
    assert (summary.new, summary.changed, summary.unchanged, summary.rejected) == (1, 0, 0, 2)
    assert page.counts_label.text() == "New 1 · Changed 0 · Unchanged 0 · Rejected 2"
    assert "名单.xlsx" in page.source_label.text()
    assert "教师名单" in page.source_label.text()
    model = page.issues_model
    assert model.rowCount() == 2
    rows = {model.issue(i).row: model.issue(i) for i in range(model.rowCount())}
    assert set(rows) == {3, 4}  # title in row 1, header in row 2
    assert rows[3].column == "身份证号码"  # the file's own header, not the template's
    assert "校验位" in rows[3].reason
    assert "被存成了数字" in rows[4].reason
    assert model.data(model.index(0, 3)) == model.issue(0).reason
    assert page.report_box.isVisibleTo(wizard)
    assert no_dialogs == []


def test_import_is_blocked_until_only_valid_rows_is_checked(
    qtbot: QtBot, school_session: AppSession, tmp_path: Path, no_dialogs: list[BaseException]
) -> None:
    wizard = _wizard(qtbot, school_session)
    _to_preview(wizard, _xlsx(tmp_path / "名单.xlsx", ROWS))
    page = wizard.preview_page
    commit = wizard.button(QWizard.WizardButton.CommitButton)
    assert page.isCommitPage()
    assert not page.valid_only_check.isChecked()
    assert not commit.isEnabled()
    assert "Nothing will be imported" in page.status_label.text()

    wizard.next()  # ignored while blocked
    assert wizard.currentId() == PREVIEW_PAGE
    assert _not_found(school_session, GOOD_NEW)

    page.valid_only_check.setChecked(True)
    assert commit.isEnabled()
    assert "Nothing will be imported" not in page.status_label.text()


def test_commit_imports_the_valid_rows(
    qtbot: QtBot, school_session: AppSession, tmp_path: Path, no_dialogs: list[BaseException]
) -> None:
    changes: list[object] = []
    school_session.tasks.data_changed.connect(changes.append)
    wizard = _wizard(qtbot, school_session)
    _to_preview(wizard, _xlsx(tmp_path / "名单.xlsx", ROWS))
    wizard.preview_page.valid_only_check.setChecked(True)

    wizard.button(QWizard.WizardButton.CommitButton).click()

    assert wizard.currentId() == DONE_PAGE
    teacher = school_session.workspace.teachers.find_by_id_number(GOOD_NEW)
    assert teacher.name == "陈静"
    assert teacher.school_code == "2151000001"
    assert wizard.done_page.result_label.text() == "Imported: 1 new, 0 changed"
    assert "2 rejected rows" in wizard.done_page.detail_label.text()
    assert len(changes) == 1
    assert changes[0].touches("teachers")  # type: ignore[attr-defined]
    assert no_dialogs == []


def test_cancel_during_commit_writes_nothing_and_stays_on_preview(
    qtbot: QtBot,
    school_session: AppSession,
    tmp_path: Path,
    no_dialogs: list[BaseException],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    wizard = _wizard(qtbot, school_session)
    _to_preview(wizard, _xlsx(tmp_path / "名单.xlsx", ROWS))
    wizard.preview_page.valid_only_check.setChecked(True)
    real_commit = wizard.service.commit

    def cancelled(*args: object, **kwargs: object) -> object:
        raise Cancelled

    monkeypatch.setattr(wizard.service, "commit", cancelled)
    wizard.button(QWizard.WizardButton.CommitButton).click()

    assert wizard.currentId() == PREVIEW_PAGE
    assert not wizard.busy
    assert wizard.button(QWizard.WizardButton.BackButton).isEnabled()
    assert wizard.button(QWizard.WizardButton.CommitButton).isEnabled()
    assert no_dialogs == []  # Cancel shows nothing
    assert _not_found(school_session, GOOD_NEW)

    monkeypatch.setattr(wizard.service, "commit", real_commit)
    wizard.button(QWizard.WizardButton.CommitButton).click()  # and the clerk can try again
    assert wizard.currentId() == DONE_PAGE


def test_rejected_all_or_nothing_commit_shows_the_service_message(
    qtbot: QtBot,
    school_session: AppSession,
    tmp_path: Path,
    no_dialogs: list[BaseException],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Should the service refuse anyway, its Chinese message is shown and nothing changes."""
    wizard = _wizard(qtbot, school_session)
    _to_preview(wizard, _xlsx(tmp_path / "名单.xlsx", ROWS))
    page = wizard.preview_page
    monkeypatch.setattr(page, "isComplete", lambda: True)
    wizard.next()
    assert wizard.currentId() == PREVIEW_PAGE
    assert len(no_dialogs) == 1
    assert isinstance(no_dialogs[0], AppError)
    assert "全部或不导入" in no_dialogs[0].message
    assert _not_found(school_session, GOOD_NEW)


def test_error_report_is_saved_where_the_clerk_chooses(
    qtbot: QtBot,
    school_session: AppSession,
    tmp_path: Path,
    no_dialogs: list[BaseException],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    source = _xlsx(tmp_path / "名单.xlsx", ROWS)
    wizard = _wizard(qtbot, school_session)
    _to_preview(wizard, source)
    offered: list[str] = []
    target = tmp_path / "out" / "报告"
    target.parent.mkdir()

    def save_dialog(_parent: object, _title: str, start: str, _filter: str) -> tuple[str, str]:
        offered.append(start)
        return str(target), ""

    messages: list[str] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_dialog)
    monkeypatch.setattr(wizard, "inform", lambda _title, text: messages.append(text))

    wizard.preview_page.report_button.click()

    assert offered == [str(tmp_path / "名单_错误报告.xlsx")]  # beside the source by default
    saved = target.with_name("报告.xlsx")
    assert saved.exists()
    assert wizard.report_path == saved
    assert len(messages) == 1
    assert str(saved) in messages[0]
    book = openpyxl.load_workbook(saved, read_only=True)
    text = "\n".join(
        str(cell)
        for ws in book.worksheets
        for row in ws.iter_rows(values_only=True)
        for cell in row
    )
    book.close()
    assert "王芳" in text
    assert "校验位" in text
    assert "陈静" not in text  # only the rejected rows
    assert no_dialogs == []


def test_unreadable_file_shows_an_error_and_stays_on_the_first_page(
    qtbot: QtBot, school_session: AppSession, tmp_path: Path, no_dialogs: list[BaseException]
) -> None:
    fake = tmp_path / "名单.xlsx"
    fake.write_text("姓名,身份证号\n张三,510115198503150024\n", encoding="utf-8")
    wizard = _wizard(qtbot, school_session)

    _open(wizard, fake)

    assert wizard.currentId() == CHOOSE_PAGE
    assert len(no_dialogs) == 1
    assert isinstance(no_dialogs[0], AppError)
    assert "名单.xlsx" in no_dialogs[0].message
    assert not wizard.busy


def test_missing_file_is_refused_on_the_first_page(
    qtbot: QtBot, school_session: AppSession, tmp_path: Path, no_dialogs: list[BaseException]
) -> None:
    wizard = _wizard(qtbot, school_session)
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()  # no path yet
    _open(wizard, tmp_path / "nowhere.xlsx")
    assert wizard.currentId() == CHOOSE_PAGE
    assert [type(e).__name__ for e in no_dialogs] and isinstance(no_dialogs[0], AppError)


def test_mapping_page_lists_every_header_with_a_sample(
    qtbot: QtBot, school_session: AppSession, tmp_path: Path, no_dialogs: list[BaseException]
) -> None:
    wizard = _wizard(qtbot, school_session)
    _open(wizard, _xlsx(tmp_path / "名单.xlsx", ROWS))
    page = wizard.mapping_page
    table = page.table
    assert table.rowCount() == 4
    headers = [_cell(table, row, page.HEADER) for row in range(4)]
    samples = [_cell(table, row, page.SAMPLE) for row in range(4)]
    assert headers == list(HEADERS)
    assert samples == ["1", "王芳", BAD_CHECKSUM, "温江区实验小学"]  # 序号 too, though unmatched
    assert page.combo_for("序号").currentData() == ""
    assert page.combo_for("姓名").currentData() == "name"
    assert page.combo_for("身份证号码").currentData() == "id_number"
    assert page.combo_for("工作单位").currentData() == "school_name"
    assert not page.problem_label.isVisibleTo(wizard)
    assert wizard.button(QWizard.WizardButton.NextButton).isEnabled()

    page.combo_for("身份证号码").setCurrentIndex(0)  # (ignore): a required field unmatched
    assert "身份证号" in page.problem_label.text()
    assert page.problem_label.isVisibleTo(wizard)
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()

    combo = page.combo_for("序号")
    combo.setCurrentIndex(combo.findData("name"))  # 姓名 twice
    page.combo_for("身份证号码").setCurrentIndex(page.combo_for("身份证号码").findData("id_number"))
    assert "姓名" in page.problem_label.text()
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()


def test_a_column_matched_by_hand_is_remembered_for_the_same_headers(
    qtbot: QtBot, school_session: AppSession, tmp_path: Path, no_dialogs: list[BaseException]
) -> None:
    headers = ("姓名", "身份号", "工作单位", "备注")  # 身份号 is no known name for 身份证号
    source = _xlsx(tmp_path / "名单.xlsx", [("陈静", GOOD_NEW, "温江区实验小学", "")], headers)
    wizard = _wizard(qtbot, school_session)

    _open(wizard, source)  # a required column is missing: matched by hand, not refused
    assert no_dialogs == []
    assert wizard.currentId() == MAPPING_PAGE
    page = wizard.mapping_page
    assert page.combo_for("身份号").currentData() == ""
    assert "身份证号" in page.problem_label.text()
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    assert _cell(page.table, 1, page.SAMPLE) == GOOD_NEW

    combo = page.combo_for("身份号")
    combo.setCurrentIndex(combo.findData("id_number"))
    assert page.dirty
    wizard.next()
    assert wizard.currentId() == PREVIEW_PAGE
    summary = wizard.preview_page.summary
    assert summary is not None
    assert (summary.new, summary.rejected) == (1, 0)
    remembered = school_session.settings.column_mapping("teachers", list(headers))
    assert remembered == {
        "姓名": "name",
        "身份号": "id_number",
        "工作单位": "school_name",
        "备注": "note",
    }

    again = _wizard(qtbot, school_session)
    _open(again, source)
    assert again.currentId() == MAPPING_PAGE
    assert again.mapping_page.combo_for("身份号").currentData() == "id_number"
    assert again.plan is not None  # checked with the remembered matching already
    again.next()
    assert again.currentId() == PREVIEW_PAGE
    assert no_dialogs == []


def test_ignoring_a_column_is_remembered_too(
    qtbot: QtBot, school_session: AppSession, tmp_path: Path, no_dialogs: list[BaseException]
) -> None:
    headers = ("姓名", "身份证号码", "工作单位", "备注")
    source = _xlsx(tmp_path / "名单.xlsx", [("陈静", GOOD_NEW, "温江区实验小学", "x")], headers)
    wizard = _wizard(qtbot, school_session)
    _open(wizard, source)
    wizard.mapping_page.combo_for("备注").setCurrentIndex(0)
    wizard.next()
    assert wizard.currentId() == PREVIEW_PAGE
    assert wizard.plan is not None and "note" not in wizard.plan.table.mapping

    again = _wizard(qtbot, school_session)
    _open(again, source)
    assert again.plan is not None and "note" not in again.plan.table.mapping
    assert again.mapping_page.combo_for("备注").currentData() == ""


def test_a_file_already_in_the_roster_has_nothing_to_import(
    qtbot: QtBot, school_session: AppSession, tmp_path: Path, no_dialogs: list[BaseException]
) -> None:
    source = _xlsx(
        tmp_path / "名单.xlsx",
        [(1, "张丽", "11010519491231002X", "温江区实验小学")],
    )
    wizard = _wizard(qtbot, school_session)
    _to_preview(wizard, source)
    page = wizard.preview_page
    assert page.counts_label.text() == "New 0 · Changed 0 · Unchanged 1 · Rejected 0"
    assert page.status_label.text() == "Nothing to import: every row is already in the roster."
    assert not page.isCommitPage()
    assert page.isFinalPage()
    assert not page.report_box.isVisibleTo(wizard)
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    assert finish.isVisible() and finish.isEnabled()
    finish.click()
    assert not wizard.isVisible()
    assert wizard.result() == QWizard.DialogCode.Accepted


def test_schools_import(
    qtbot: QtBot, session: AppSession, tmp_path: Path, no_dialogs: list[BaseException]
) -> None:
    path = tmp_path / "学校.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["学校代码", "学校全称", "城乡分类"])
    sheet.append(["2151000001", "温江区实验小学", "主城区"])
    book.save(path)
    wizard = _wizard(qtbot, session, "schools")
    assert "学校标识码" in wizard.choose_page.requirements_label.text()
    _to_preview(wizard, path)
    assert wizard.preview_page.counts_label.text().startswith("New 1 ·")
    wizard.button(QWizard.WizardButton.CommitButton).click()
    assert wizard.currentId() == DONE_PAGE
    assert [s.code for s in session.workspace.schools.list()] == ["2151000001"]


def test_first_page_says_what_the_file_needs_and_saves_a_template(
    qtbot: QtBot,
    school_session: AppSession,
    tmp_path: Path,
    no_dialogs: list[BaseException],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    wizard = _wizard(qtbot, school_session)
    needs = wizard.choose_page.requirements_label.text()
    for label in ("身份证号", "姓名", "学校标识码", "学校名称"):
        assert f"“{label}”" in needs
    target = tmp_path / "模板.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a: (str(target), ""))
    messages: list[str] = []
    monkeypatch.setattr(wizard, "inform", lambda _title, text: messages.append(text))
    wizard.choose_page.template_button.click()
    assert target.exists()
    assert str(target) in messages[0]
    assert school_session.settings.last_folder("import") == str(tmp_path)


def test_geometry_is_remembered(qtbot: QtBot, school_session: AppSession) -> None:
    wizard = _wizard(qtbot, school_session)
    wizard.resize(660, 500)  # within the offscreen screen (800 × 600)
    wizard.reject()
    assert school_session.settings.geometry("import_wizard") is not None
    again = _wizard(qtbot, school_session)
    assert (again.width(), again.height()) == (660, 500)


def test_screenshot_of_the_preview_with_rejected_rows(
    qtbot: QtBot, school_session: AppSession, tmp_path: Path, no_dialogs: list[BaseException]
) -> None:
    wizard = _wizard(qtbot, school_session)
    rows = [*ROWS, (4, "刘洋", "51011519850315002", "温江区第二小学")]
    SHOTS.mkdir(parents=True, exist_ok=True)
    qtbot.waitExposed(wizard)
    assert wizard.grab().save(str(SHOTS / "import_choose.png"))
    _open(wizard, _xlsx(tmp_path / "温江区教师名单.xlsx", rows))
    assert wizard.grab().save(str(SHOTS / "import_mapping.png"))
    wizard.next()
    assert wizard.currentId() == PREVIEW_PAGE
    assert "校验位" in wizard.preview_page.reason_label.text()  # the first reason, whole
    assert wizard.grab().save(str(SHOTS / "import_preview.png"))


def test_with_background_tasks_next_moves_on_when_the_job_is_done(
    qtbot: QtBot, school_session: AppSession, tmp_path: Path, no_dialogs: list[BaseException]
) -> None:
    """The real runner: Next starts the job and says no; the job's success presses Next."""
    runner = TaskRunner(synchronous=False)
    threaded = AppSession(
        workspace=school_session.workspace, tasks=runner, settings=school_session.settings
    )
    wizard = _wizard(qtbot, threaded)
    wizard.choose_page.path_edit.setText(str(_xlsx(tmp_path / "名单.xlsx", ROWS)))

    wizard.next()
    wizard.next()  # a second click while the file is read does nothing
    qtbot.waitUntil(lambda: wizard.currentId() == MAPPING_PAGE and not wizard.busy)
    combo = wizard.mapping_page.combo_for("序号")
    combo.setCurrentIndex(combo.findData("note"))  # dirty: Next reads the file again
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentId() == PREVIEW_PAGE and not wizard.busy)
    assert wizard.plan is not None and "note" in wizard.plan.table.mapping
    wizard.preview_page.valid_only_check.setChecked(True)
    wizard.button(QWizard.WizardButton.CommitButton).click()
    assert wizard.busy
    assert not wizard.button(QWizard.WizardButton.BackButton).isEnabled()
    wizard.reject()  # ignored while the import runs
    assert wizard.isVisible()
    qtbot.waitUntil(lambda: wizard.currentId() == DONE_PAGE)
    assert runner.wait()
    # 序号 3 went into 备注 (as "3.0" today: a number cell in a text field, see the report).
    note = school_session.workspace.teachers.find_by_id_number(GOOD_NEW).note
    assert note is not None and note.startswith("3")
    assert no_dialogs == []


def test_a_remembered_matching_that_no_longer_fits_falls_back_to_the_automatic_one(
    qtbot: QtBot, school_session: AppSession, tmp_path: Path, no_dialogs: list[BaseException]
) -> None:
    school_session.settings.set_column_mapping(
        "teachers",
        list(HEADERS),
        {"序号": "name", "姓名": "name"},  # two columns for 姓名
    )
    wizard = _wizard(qtbot, school_session)
    _open(wizard, _xlsx(tmp_path / "名单.xlsx", ROWS))
    assert wizard.currentId() == MAPPING_PAGE
    assert wizard.mapping_page.combo_for("序号").currentData() == ""
    assert no_dialogs == []
