"""The school kit: made by the county, taken in as a new school-mode workspace."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlts_desktop.domain.enums import Grade, PlanApproval, WorkspaceLevel
from nlts_desktop.domain.errors import AppError, ValidationError
from nlts_desktop.exchange.package import open_package
from nlts_desktop.paths import data_paths
from nlts_desktop.services.context import Actor
from nlts_desktop.services.workspace import Workspace
from tests.helpers import add_teachers, ready_school


@pytest.fixture
def kit(workspace: Workspace, school: int, tmp_path: Path) -> Path:
    """The kit of 温江区实验小学: three teachers, an approved plan, one teacher graded."""
    teachers = add_teachers(workspace, 3)
    ready_school(workspace, school, teachers)
    row = workspace.assessment.grid(school).rows[0]
    items = [i.item_id for p in row.points for i in p.items]
    workspace.assessment.set_scores([(item, "1") for item in items], assessor="王老师")
    path = tmp_path / "温江区实验小学工作包.nltspkg"
    workspace.school_kits.make(school, path)
    return path


def test_a_kit_becomes_a_school_workspace_with_the_same_data(
    workspace: Workspace, school: int, kit: Path, tmp_path: Path
) -> None:
    county_fingerprint = workspace.keys.own().fingerprint
    opened = open_package(kit)
    assert opened.manifest.kind == "school_kit" and opened.manifest.recipient == "2151000001"
    assert opened.manifest.counts == {"teachers": 3, "selections": 9}
    paths = data_paths(tmp_path / "school")
    school_ws = Workspace.create_from_kit(
        paths, kit, actor=Actor.system("coordinator"), accept_fingerprint=county_fingerprint
    )
    try:
        info = school_ws.info()
        assert info.level == WorkspaceLevel.SCHOOL.value and info.region_code == "510115"
        assert [s.code for s in school_ws.schools.list()] == ["2151000001"]
        here = school_ws.schools.list()[0].id
        plan = school_ws.assessment.plan(here)
        assert plan.approval_state is PlanApproval.APPROVED and plan.plan_title
        county_grid = workspace.assessment.grid(school)
        school_grid = school_ws.assessment.grid(here)

        def shape(grid: object) -> list[tuple[object, ...]]:
            return [
                (r.id_number, r.name, r.result, tuple(
                    (p.code, p.grade, tuple((i.spec_code, i.grade, i.assessor, i.has_evidence)
                                            for i in p.items))
                    for p in r.points))
                for r in grid.rows  # type: ignore[attr-defined]
            ]  # fmt: skip

        assert shape(school_grid) == shape(county_grid)
        assert school_grid.rows[0].result is Grade.EXCELLENT
        assert school_ws.catalogue.info().version == workspace.catalogue.info().version
        assert school_ws.hours.preset().preset_id == "sichuan-2.0"
        known = school_ws.keys.known()
        assert [(k.origin.code, k.fingerprint) for k in known] == [("510115", county_fingerprint)]
        assert [(e.kind_label, e.result) for e in school_ws.packages.ledger()] == [
            ("学校工作包", "imported")
        ]
        assert [(e.direction, e.result) for e in workspace.packages.ledger()] == [("out", "made")]
    finally:
        school_ws.close()


def test_a_kit_signed_by_another_key_is_refused_and_leaves_nothing(
    kit: Path, tmp_path: Path
) -> None:
    paths = data_paths(tmp_path / "school")
    with pytest.raises(ValidationError, match="与您确认的指纹不一致"):
        Workspace.create_from_kit(
            paths,
            kit,
            actor=Actor.system("coordinator"),
            accept_fingerprint="AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA",
        )
    assert not Workspace.exists(paths)


def test_a_package_that_is_not_a_kit_is_refused(
    workspace: Workspace, kit: Path, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.nltspkg"
    broken.write_bytes(kit.read_bytes()[:100])
    paths = data_paths(tmp_path / "school")
    with pytest.raises(AppError, match="不是完整的数据包"):
        Workspace.create_from_kit(paths, broken, actor=Actor.system("c"), accept_fingerprint="x")
    assert not Workspace.exists(paths)


def test_a_school_workspace_allows_only_the_coordinators_work(
    workspace: Workspace, school: int, tmp_path: Path
) -> None:
    teachers = add_teachers(workspace, 1)
    ready_school(workspace, school, teachers)
    kit = workspace.school_kits.make(school, tmp_path / "kit.nltspkg").path
    folder = data_paths(tmp_path / "school")
    Workspace.create_from_kit(
        folder, kit, actor=Actor.system(), accept_fingerprint=workspace.keys.own().fingerprint
    ).close()
    # Opened as the administrator (the command line), it still acts as the coordinator.
    with Workspace.open(folder, actor=Actor.system("clerk")) as ws:
        assert ws.context.actor.role.value == "school_coordinator"
        with pytest.raises(AppError, match=r"权限|无权"):
            ws.schools.create({"code": "2151000002", "name": "另一所学校", "urban_rural": "111"})
        with pytest.raises(AppError, match=r"权限|无权"):
            ws.hours.add(
                {"teacher_id": 1, "category": "网络研修", "hours": "2", "date": "2022-05-01"}
            )
        here = ws.schools.list()[0].id
        row = ws.assessment.grid(here).rows[0]
        ws.assessment.set_score(row.points[0].items[0].item_id, "1", assessor="李老师")
