"""The whole hand-over chain in three data folders: county, school and city.

kit → the school grades → submission → the county takes it in and reviews → one teacher
returned → the school corrects → resubmission → county report (sealed to the city) → the city
takes it in; the city's totals are what the school entered.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from nlts_desktop.domain.enums import Grade, ReviewState, Role, SubmissionState
from nlts_desktop.domain.errors import ValidationError
from nlts_desktop.paths import data_paths
from nlts_desktop.services.context import Actor
from nlts_desktop.services.workspace import Workspace, WorkspaceSpec
from tests.helpers import add_teachers, ready_school

CHENGDU = WorkspaceSpec(
    level="city", region_code="510100", region_name="成都市", preset_id="sichuan-2.0"
)


@pytest.fixture
def city(tmp_path: Path) -> Iterator[Workspace]:
    """The city's own workspace (成都市), in its own folder."""
    ws = Workspace.create(data_paths(tmp_path / "city"), CHENGDU, actor=Actor.system("city"))
    yield ws
    ws.close()


def school_workspace(county: Workspace, school: int, folder: Path) -> Workspace:
    kit = county.school_kits.make(school, folder.parent / "学校工作包.nltspkg").path
    ws = Workspace.create_from_kit(
        data_paths(folder),
        kit,
        actor=Actor.system("coordinator"),
        accept_fingerprint=county.keys.own().fingerprint,
    )
    ws.act_as(Actor("coordinator", Role.SCHOOL_COORDINATOR, school_id=ws.schools.list()[0].id))
    return ws


def grade(ws: Workspace, grades: dict[str, str]) -> None:
    """Grade every item of each teacher (by name) at the school."""
    here = ws.schools.list()[0].id
    rows = ws.assessment.grid(here).rows
    ws.assessment.set_scores(
        [
            (i.item_id, grades[r.name])
            for r in rows
            if r.name in grades
            for p in r.points
            for i in p.items
        ],
        assessor="王老师",
    )


def test_kit_to_city_with_one_return(
    workspace: Workspace, school: int, city: Workspace, tmp_path: Path
) -> None:
    county = workspace
    teachers = add_teachers(county, 3)
    ready_school(county, school, teachers)
    for teacher, hours in zip(teachers, ("20", "12.5", "3"), strict=True):
        county.hours.add(
            {"teacher_id": teacher, "category": "网络研修", "hours": hours, "date": "2022-05-20"}
        )
    school_ws = school_workspace(county, school, tmp_path / "school")
    here = school_ws.schools.list()[0].id
    rows = school_ws.assessment.grid(here).rows
    first, second, third = (r.name for r in rows)
    grade(school_ws, {first: "1", second: "2", third: "3"})
    school_ws.assessment.submit(here)
    package = school_ws.submissions.make(tmp_path / "上报包.nltspkg", note="第一次上报").path

    # The county takes it in and reviews: the third teacher (不合格) is returned.
    preview = county.intake.take_in(package, accept_new_key=True)
    assert preview.changes.changed == 9 and not preview.changes.conflicts
    third_id = next(r.teacher_id for r in county.assessment.grid(school).rows if r.name == third)
    county.review.hold(school, [third_id], "作品与能力点不符")
    assert county.review.approve_clean(school).approved == 2
    county.review.return_batch(
        school, "请补充材料", teacher_reasons={third_id: "请重新提交A1的教学设计"}
    )
    back = county.returns.make(school, tmp_path / "退回包.nltspkg").path

    # The school takes the return in: two locked, one open for correction.
    taken = school_ws.intake.take_in(back)
    assert taken.sender == "known" and taken.changes.unchanged == 9
    assert school_ws.assessment.batch(here).state is SubmissionState.RETURNED
    states = {r.name: (r.review_state, r.reason) for r in school_ws.assessment.grid(here).rows}
    assert states[first][0] is ReviewState.APPROVED
    assert states[third] == (ReviewState.RETURNED, "请重新提交A1的教学设计")
    assert school_ws.intake.take_in(back).already_imported  # the same package again: nothing
    with pytest.raises(ValidationError, match="锁定"):
        grade(school_ws, {first: "3"})
    grade(school_ws, {third: "2"})
    school_ws.assessment.submit(here)
    again = school_ws.submissions.make(tmp_path / "再次上报.nltspkg").path

    preview = county.intake.take_in(again)
    assert (preview.changes.changed, preview.changes.unchanged) == (3, 6)
    assert county.review.approve_clean(school).approved == 1
    assert county.assessment.batch(school).state is SubmissionState.APPROVED

    # The county reports to the city, sealed with the city's key.
    city_key = city.keys.export_public(tmp_path / "成都市.nltskey")
    report = county.county_reports.make(tmp_path / "区县上报包.nltspkg", recipient_key=city_key)
    assert report.encrypted
    with pytest.raises(ValidationError):  # nobody else can open it, not even the county
        county.intake.preview(report.path)
    preview = city.intake.preview(report.path)
    assert preview.needs_key_acceptance and preview.changes.new == 3
    city.intake.take_in(report.path, accept_new_key=True)
    [wenjiang] = city.city.counties()
    assert (wenjiang.code, wenjiang.name, wenjiang.teachers) == ("510115", "温江区", 3)
    assert wenjiang.assessment_passed == 3  # 优秀, 合格, 合格 after the correction
    assert wenjiang.online_half_hours == 2 * (20 + 12.5 + 3)
    expected = {r.name: r.result for r in school_ws.assessment.grid(here).rows}
    assert expected == {first: Grade.EXCELLENT, second: Grade.PASS, third: Grade.PASS}
    assert city.city.totals().teachers == 3
    # Newer reports replace the first; one made earlier but arriving later is a replay.
    older = county.county_reports.make(tmp_path / "区县上报包2.nltspkg")
    newer = county.county_reports.make(tmp_path / "区县上报包3.nltspkg")
    assert newer.encrypted  # the city's key is registered now
    assert city.intake.take_in(newer.path).changes.unchanged == 3
    with pytest.raises(ValidationError, match="较旧"):
        city.intake.take_in(older.path)
    assert city.intake.take_in(newer.path).already_imported
    assert [c.sequence for c in city.city.counties()] == [city.intake.preview(newer.path).sequence]
    school_ws.close()


def test_a_record_the_county_changed_meanwhile_is_a_conflict(
    workspace: Workspace, school: int, tmp_path: Path
) -> None:
    teachers = add_teachers(workspace, 2)
    ready_school(workspace, school, teachers)
    school_ws = school_workspace(workspace, school, tmp_path / "school")
    here = school_ws.schools.list()[0].id
    names = [r.name for r in school_ws.assessment.grid(here).rows]
    # The county grades one teacher itself after sending the kit …
    row = workspace.assessment.grid(school).rows[0]
    workspace.assessment.set_scores(
        [(i.item_id, "1") for p in row.points for i in p.items], assessor="区县"
    )
    # … and the school grades everyone differently.
    grade(school_ws, dict.fromkeys(names, "2"))
    school_ws.assessment.submit(here)
    package = school_ws.submissions.make(tmp_path / "上报包.nltspkg").path
    preview = workspace.intake.preview(package)
    assert len(preview.changes.conflicts) == 3
    assert "被区县修改过" in preview.changes.conflicts[0]
    with pytest.raises(ValidationError, match="冲突"):
        workspace.intake.take_in(package, accept_new_key=True)
    assert workspace.assessment.batch(school).state is SubmissionState.DRAFT
    refused = [e for e in workspace.packages.ledger() if e.result == "refused"]
    assert refused and "冲突" in (refused[0].message or "")
    school_ws.close()


def test_points_dropped_at_the_school_are_dropped_at_the_county_and_files_travel(
    workspace: Workspace, school: int, tmp_path: Path
) -> None:
    teachers = add_teachers(workspace, 1)
    ready_school(workspace, school, teachers, points=("A1", "A5", "A11", "A2"))
    school_ws = school_workspace(workspace, school, tmp_path / "school")
    here = school_ws.schools.list()[0].id
    [row] = school_ws.assessment.grid(here).rows
    school_ws.assessment.set_selection(row.teacher_id, ["A1", "A5", "A11"])
    item = school_ws.assessment.grid(here).rows[0].points[0].items[0].item_id
    evidence = tmp_path / "教学设计.pdf"
    evidence.write_bytes(b"%PDF-1.4\n" + "教学设计".encode() * 100)
    school_ws.assessment.update_evidence(item, file=evidence)
    grade(school_ws, {row.name: "2"})
    school_ws.assessment.submit(here)
    package = school_ws.submissions.make(tmp_path / "上报包.nltspkg", include_files=True).path
    preview = workspace.intake.take_in(package, accept_new_key=True)
    assert preview.changes.removed == 1
    [county_row] = workspace.assessment.grid(school).rows
    assert [p.code for p in county_row.points] == ["A1", "A5", "A11"]
    county_item = county_row.points[0].items[0].item_id
    stored = workspace.assessment.evidence_path(county_item)
    assert stored is not None and stored.read_bytes() == evidence.read_bytes()
    school_ws.close()
