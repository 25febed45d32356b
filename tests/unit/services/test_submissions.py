"""County → school kit → grades in school mode → submission → county review, in three folders."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from nlts_desktop.domain.enums import Grade, Role, SubmissionState
from nlts_desktop.domain.errors import AppError, ValidationError
from nlts_desktop.paths import data_paths
from nlts_desktop.services.context import Actor
from nlts_desktop.services.workspace import Workspace
from tests.helpers import add_teachers, ready_school


@pytest.fixture
def school_ws(workspace: Workspace, school: int, tmp_path: Path) -> Iterator[Workspace]:
    """The school's own workspace, made from the county's kit; two teachers ready to grade."""
    teachers = add_teachers(workspace, 2)
    ready_school(workspace, school, teachers)
    kit = workspace.school_kits.make(school, tmp_path / "工作包.nltspkg").path
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


def grade_and_submit(ws: Workspace, grade: str, out: Path) -> Path:
    here = ws.schools.list()[0].id
    grid = ws.assessment.grid(here)
    items = [i.item_id for r in grid.rows for p in r.points for i in p.items]
    ws.assessment.set_scores([(item, grade) for item in items], assessor="李老师")
    ws.assessment.submit(here)
    return ws.submissions.make(out, note="全部材料已在研修平台公示").path


def test_grades_entered_at_the_school_reach_the_county(
    workspace: Workspace, school: int, school_ws: Workspace, tmp_path: Path
) -> None:
    package = grade_and_submit(school_ws, "1", tmp_path / "上报包.nltspkg")
    preview = workspace.intake.preview(package)
    assert preview.origin.code == "2151000001"
    assert "教师 2 名" in preview.details[0] and "成绩 14 项" in preview.details[0]
    assert preview.sender == "unknown" and not preview.changes.conflicts
    assert (preview.changes.new, preview.changes.changed, preview.changes.unchanged) == (0, 6, 0)
    with pytest.raises(ValidationError, match="请与发送单位电话核对指纹"):
        workspace.intake.take_in(package)
    assert workspace.assessment.batch(school).state is SubmissionState.DRAFT
    workspace.intake.take_in(package, accept_new_key=True)
    batch = workspace.assessment.batch(school)
    assert batch.state is SubmissionState.SUBMITTED
    assert "全部材料已在研修平台公示" in (batch.events[-1].reason or "")
    grid = workspace.assessment.grid(school)
    assert all(r.result is Grade.EXCELLENT for r in grid.rows)
    assert {i.assessor for r in grid.rows for p in r.points for i in p.items} == {"李老师"}
    # The same package again changes nothing; the school's key is now known.
    again = workspace.intake.take_in(package)
    assert again.already_imported and again.sender == "known"
    outcome = workspace.review.approve_clean(school)
    assert outcome.approved == 2 and outcome.credited == 2
    with pytest.raises(ValidationError, match="已审核通过并锁定"):
        workspace.intake.take_in(school_ws.submissions.make(tmp_path / "再报.nltspkg").path)
    results = [(e.kind_label, e.result) for e in workspace.packages.ledger()]
    assert ("学校考核上报包", "imported") in results and ("学校考核上报包", "refused") in results


def test_an_older_package_is_a_replay(
    workspace: Workspace, school: int, school_ws: Workspace, tmp_path: Path
) -> None:
    first = grade_and_submit(school_ws, "2", tmp_path / "第一次.nltspkg")
    second = school_ws.submissions.make(tmp_path / "第二次.nltspkg").path
    workspace.intake.take_in(second, accept_new_key=True)
    with pytest.raises(ValidationError, match="较旧"):
        workspace.intake.take_in(first)


def test_a_tampered_or_foreign_package_is_refused(
    workspace: Workspace, school: int, school_ws: Workspace, tmp_path: Path
) -> None:
    package = grade_and_submit(school_ws, "2", tmp_path / "上报包.nltspkg")
    tampered = tmp_path / "上报包(1).nltspkg"
    data = bytearray(package.read_bytes())
    data[len(data) // 2] ^= 0xFF
    tampered.write_bytes(bytes(data))
    with pytest.raises(AppError):
        workspace.intake.take_in(tampered, accept_new_key=True)
    kit = workspace.school_kits.make(school, tmp_path / "kit.nltspkg").path
    with pytest.raises(ValidationError, match=r"学校工作包.*本工作区是区县工作区"):
        workspace.intake.take_in(kit, accept_new_key=True)
    assert workspace.assessment.batch(school).state is SubmissionState.DRAFT


def test_only_a_school_workspace_makes_submissions(workspace: Workspace, tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="只有学校工作区"):
        workspace.submissions.make(tmp_path / "x.nltspkg")
