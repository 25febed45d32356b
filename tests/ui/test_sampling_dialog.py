"""The sampling dialog (抽样检查): reproducible draws from a recorded seed, the list of draws,
re-check grades and notes saved per row (a changed grade is 复核等级不一致), stale edits, and
the sampling record."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QFileDialog, QMessageBox, QStyleOptionViewItem
from pytestqt.qtbot import QtBot

from nlts_desktop.domain.enums import Grade, RecheckOutcome, Role
from nlts_desktop.paths import data_paths
from nlts_desktop.services.context import Actor
from nlts_desktop.services.workspace import Workspace
from nlts_desktop.ui.dialogs import sampling_dialog
from nlts_desktop.ui.dialogs.sampling_dialog import (
    C_NOTES,
    C_OUTCOME,
    C_RECHECK,
    D_CHANGED,
    D_CHECKED,
    D_SEED,
    SamplingDialog,
)
from nlts_desktop.ui.session import AppSession
from nlts_desktop.ui.settings import UiSettings
from nlts_desktop.ui.tasks import TaskRunner
from tests.conftest import WENJIANG
from tests.helpers import add_teachers, grade_all, ready_school

SCHOOLS = (("2151000001", "温江区实验小学"), ("2151000002", "温江区第二小学"))


def build_county(workspace: Workspace) -> None:
    """Two schools of four teachers each, every result graded 合格 and approved."""
    for n, (code, name) in enumerate(SCHOOLS):
        school = workspace.schools.create(
            {"code": code, "name": name, "urban_rural": "111", "environments": "A,B"}
        ).id
        teachers = add_teachers(workspace, 4, school=code, start=10 * n)
        ready_school(workspace, school, teachers)
        grade_all(workspace, school, "2")
        workspace.assessment.submit(school)
        workspace.review.approve_clean(school)


@pytest.fixture
def make_session(tasks: TaskRunner, tmp_path: Path) -> Iterator[Any]:
    """Builds fresh county workspaces (the same way each time), closed afterwards."""
    opened: list[Workspace] = []

    def make(name: str) -> AppSession:
        workspace = Workspace.create(
            data_paths(tmp_path / name), WENJIANG, actor=Actor.system("admin")
        )
        opened.append(workspace)
        build_county(workspace)
        return AppSession(
            workspace=workspace, tasks=tasks, settings=UiSettings(tmp_path / f"{name}.ini")
        )

    yield make
    for workspace in opened:
        workspace.close()


@pytest.fixture
def errors(monkeypatch: pytest.MonkeyPatch) -> list[BaseException]:
    """Errors the dialog would show."""
    shown: list[BaseException] = []
    monkeypatch.setattr(sampling_dialog, "show_error", lambda _parent, exc: shown.append(exc))
    return shown


def open_dialog(session: AppSession, qtbot: QtBot) -> SamplingDialog:
    dialog = SamplingDialog(session)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def drawn(dialog: SamplingDialog) -> list[tuple[str, str, str, str]]:
    return [
        (c.school_code, c.teacher_name, c.id_number, c.point_code)
        for c in dialog.checks_model.checks()
    ]


def test_the_same_seed_draws_the_same_sample_in_two_workspaces(
    make_session: Any, qtbot: QtBot, errors: list[BaseException]
) -> None:
    samples = []
    for name in ("first", "second"):
        dialog = open_dialog(make_session(name), qtbot)
        assert dialog.draws_table.rowCount() == 0
        assert dialog.ratio_radio.isChecked() and dialog.ratio_spin.value() == 10.0
        dialog.ratio_spin.setValue(25.0)
        dialog.seed_edit.setText("12345")
        dialog.draw_button.click()
        assert errors == []
        assert dialog.record is not None and dialog.record.seed == 12345
        assert dialog.seed_label.text() == ("Random seed: 12345 (this seed reproduces the draw)")
        assert dialog.draws_table.rowCount() == 1
        assert dialog.draws_table.item(0, D_SEED).text() == "12345"
        assert dialog.draws_table.item(0, 1).text() == "比例 25%"
        samples.append(drawn(dialog))
    # 4 teachers × 3 points per school, 25 % of 12 → 3 per school.
    assert len(samples[0]) == 6
    assert {s[0] for s in samples[0]} == {code for code, _name in SCHOOLS}
    assert samples[0] == samples[1]


def test_another_seed_count_per_school_and_reopening_a_draw(
    make_session: Any, qtbot: QtBot, errors: list[BaseException]
) -> None:
    session = make_session("county")
    dialog = open_dialog(session, qtbot)
    dialog.seed_edit.setText("12345")
    dialog.draw_button.click()
    first = drawn(dialog)
    dialog.count_radio.setChecked(True)
    assert dialog.count_spin.isEnabled() and not dialog.ratio_spin.isEnabled()
    dialog.count_spin.setValue(2)
    dialog.random_button.click()
    seed = dialog.seed_edit.text()
    assert seed.isdigit()
    dialog.draw_button.click()
    assert errors == []
    assert len(drawn(dialog)) == 4  # 2 per school
    assert dialog.record is not None and dialog.record.seed == int(seed)
    assert dialog.record.size_label == "每校 2 个"
    # Newest first; choosing the older draw reopens it.
    assert dialog.draws_table.rowCount() == 2
    assert dialog.draws_table.item(1, D_SEED).text() == "12345"
    dialog.draws_table.setCurrentCell(1, 0)
    assert drawn(dialog) == first
    assert "12345" in dialog.seed_label.text()
    # A reopened dialog opens the newest draw.
    again = open_dialog(session, qtbot)
    assert again.record is not None and again.record.seed == int(seed)


def test_an_empty_seed_lets_the_service_choose_and_records_it(
    make_session: Any, qtbot: QtBot, errors: list[BaseException]
) -> None:
    session = make_session("county")
    dialog = open_dialog(session, qtbot)
    dialog.draw_button.click()
    assert errors == [] and dialog.record is not None
    assert str(dialog.record.seed) in dialog.seed_label.text()
    assert session.workspace.review.draws()[0].seed == dialog.record.seed


def test_nothing_to_draw_is_explained(
    session: AppSession, qtbot: QtBot, errors: list[BaseException]
) -> None:
    dialog = open_dialog(session, qtbot)
    dialog.draw_button.click()
    assert len(errors) == 1 and "还没有审核通过的考核结果" in str(errors[0])
    assert dialog.record is None


def test_recording_a_different_grade_is_a_differing_recheck(
    make_session: Any, qtbot: QtBot, errors: list[BaseException]
) -> None:
    session = make_session("county")
    review = session.workspace.review
    dialog = open_dialog(session, qtbot)
    dialog.seed_edit.setText("7")
    dialog.draw_button.click()
    model = dialog.checks_model
    first = model.check_at(0)
    assert first.original_grade is Grade.PASS
    assert model.index(0, C_RECHECK).data() == "待复核"
    assert model.flags(model.index(0, C_RECHECK)) & Qt.ItemFlag.ItemIsEditable

    # Through the grade combo, as a double-click would open it.
    index = model.index(0, C_RECHECK)
    delegate = dialog.grade_delegate
    editor = delegate.createEditor(dialog.checks_view.viewport(), QStyleOptionViewItem(), index)
    assert isinstance(editor, QComboBox)
    assert [editor.itemText(i) for i in range(editor.count())] == [
        "待复核",
        "优秀",
        "合格",
        "不合格",
    ]
    delegate.setEditorData(editor, index)
    assert editor.currentData() == ""
    editor.setCurrentIndex(editor.findData(Grade.FAIL.value))
    delegate.setModelData(editor, model, index)
    assert errors == []
    assert model.index(0, C_OUTCOME).data() == "复核等级不一致"
    assert model.index(0, C_RECHECK).data() == "不合格"
    assert model.check_at(0).checked_by == "admin"
    assert dialog.draws_table.item(0, D_CHECKED).text() == "1"
    assert dialog.draws_table.item(0, D_CHANGED).text() == "1"
    assert "1 with a different grade" in dialog.info_label.text()

    # A note keeps the grade; the same grade as before is 复核一致.
    model.setData(model.index(0, C_NOTES), "课堂实录与方案不符", Qt.ItemDataRole.EditRole)
    model.setData(model.index(1, C_RECHECK), Grade.PASS.value, Qt.ItemDataRole.EditRole)
    assert errors == []
    saved = {c.check_id: c for c in review.sample(dialog.record.draw_id).checks}  # type: ignore[union-attr]
    assert saved[first.check_id].outcome is RecheckOutcome.CHANGED
    assert saved[first.check_id].recheck_grade is Grade.FAIL
    assert saved[first.check_id].notes == "课堂实录与方案不符"
    assert saved[model.check_at(1).check_id].outcome is RecheckOutcome.CONFIRMED
    # The review sees the differing re-check as something to look at.
    teacher = next(
        r
        for code, _name in SCHOOLS
        for q in review.queue()
        if q.school_code == code
        for r in review.school(q.school_id).rows
        if r.name == first.teacher_name
    )
    assert "抽样复核等级与原等级不一致" in teacher.flags


def test_a_stale_row_is_refused_and_reloaded(
    make_session: Any, qtbot: QtBot, errors: list[BaseException]
) -> None:
    session = make_session("county")
    dialog = open_dialog(session, qtbot)
    dialog.seed_edit.setText("99")
    dialog.draw_button.click()
    model = dialog.checks_model
    check = model.check_at(0)
    # Someone else records the re-check meanwhile.
    session.workspace.review.record_recheck(check.check_id, grade="合格", version=check.version)
    model.setData(model.index(0, C_RECHECK), Grade.EXCELLENT.value, Qt.ItemDataRole.EditRole)
    assert len(errors) == 1 and "已被他人修改" in str(errors[0])
    # The draw was loaded again: the other person's re-check shows, with its new version.
    assert model.check_at(0).recheck_grade is Grade.PASS
    assert model.check_at(0).version == check.version + 1


def test_read_only_roles_cannot_draw_or_edit(make_session: Any, qtbot: QtBot) -> None:
    session = make_session("county")
    session.workspace.review.draw_sample(ratio=0.5, seed=3)
    session.workspace.context.actor = Actor("guest", Role.VIEWER)
    dialog = open_dialog(session, qtbot)
    assert dialog.record is not None  # the newest draw opens
    assert not dialog.draw_button.isEnabled()
    model = dialog.checks_model
    assert not model.flags(model.index(0, C_RECHECK)) & Qt.ItemFlag.ItemIsEditable
    assert not model.setData(model.index(0, C_NOTES), "x", Qt.ItemDataRole.EditRole)


def test_print_sampling_record(
    make_session: Any,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    errors: list[BaseException],
) -> None:
    session = make_session("county")
    if not hasattr(session.workspace, "score_sheets"):
        pytest.skip("workspace.score_sheets is not there yet")
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text, *_a: said.append(text))
    dialog = open_dialog(session, qtbot)
    dialog.seed_edit.setText("5")
    dialog.draw_button.click()
    out = tmp_path / "抽样记录"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    dialog.print_button.click()
    pdf = out.with_suffix(".pdf")
    assert errors == [] and pdf.read_bytes().startswith(b"%PDF")
    assert str(pdf) in said[-1]
    book = tmp_path / "抽样记录.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(book), ""))
    dialog.print_record()
    assert errors == [] and book.exists()
