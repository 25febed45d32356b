"""The demo workspace: deterministic, valid, and something true on every screen."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from sqlalchemy import func, select

from nlts_desktop.domain.catalogue import load_catalogue
from nlts_desktop.domain.codes import code_table
from nlts_desktop.domain.enums import Grade, HourSource, SubmissionState
from nlts_desktop.domain.grading import aggregate_point_grade
from nlts_desktop.domain.idcard import parse_id_number
from nlts_desktop.domain.selection_rules import check_selection
from nlts_desktop.paths import DataPaths, data_paths
from nlts_desktop.services.context import Actor
from nlts_desktop.services.demo import create_demo
from nlts_desktop.services.progress import Cancelled, CancelToken
from nlts_desktop.services.workspace import Workspace
from nlts_desktop.storage import models as m

TEACHERS = 1500


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    paths = data_paths(tmp_path_factory.mktemp("demo"))
    workspace, summary = create_demo(paths, teachers=TEACHERS, seed=7)
    yield workspace, summary
    workspace.close()


def _digest(paths: DataPaths) -> str:
    with (
        Workspace.open(paths, actor=Actor.system()) as workspace,
        workspace.db.engine.connect() as connection,
    ):
        rows = list(
            connection.exec_driver_sql(
                "SELECT id_number, name, school_id, subject_code, title_code FROM teachers "
                "ORDER BY id"
            )
        )
        grades = list(connection.exec_driver_sql("SELECT grade FROM scores ORDER BY id"))
    rows = [tuple(row) for row in rows]
    grades = [tuple(row) for row in grades]
    return hashlib.sha256(repr((rows, grades)).encode()).hexdigest()


def test_same_seed_same_data(tmp_path: Path) -> None:
    digests = []
    for name in ("a", "b"):
        paths = data_paths(tmp_path / name)
        workspace, _ = create_demo(paths, teachers=300, seed=11)
        workspace.close()
        digests.append(_digest(paths))
    assert digests[0] == digests[1]
    paths = data_paths(tmp_path / "c")
    workspace, _ = create_demo(paths, teachers=300, seed=12)
    workspace.close()
    assert _digest(paths) != digests[0]


def test_counts_and_checks(demo) -> None:  # type: ignore[no-untyped-def]
    workspace, summary = demo
    counts = workspace.stats.counts()
    assert counts["teachers"] == TEACHERS == summary.teachers
    assert counts["schools"] == summary.schools >= 12
    assert counts["hour_records"] == summary.hour_records > TEACHERS
    info = workspace.info()
    assert (info.region_code, info.region_name, info.parent_name, info.province_name) == (
        "510115",
        "温江区",
        "成都市",
        "四川省",
    )
    assert info.preset_id == "sichuan-2.0"
    assert workspace.checks.run().ok


def test_every_stage_and_urban_rural_class(demo) -> None:  # type: ignore[no-untyped-def]
    workspace, _ = demo
    with workspace.context.read() as session:
        stages = set(session.scalars(select(m.School.stage_code).distinct()))
        urban = set(session.scalars(select(m.School.urban_rural_code).distinct()))
        states = set(session.scalars(select(m.Submission.state).distinct()))
        sources = set(session.scalars(select(m.HourRecord.source).distinct()))
    assert stages == set(code_table("stages").codes())
    assert urban == set(code_table("urban_rural").codes())
    assert states == {s.value for s in SubmissionState}
    assert {HourSource.IMPORTED, HourSource.CERTIFIED, HourSource.ASSESSMENT} <= {
        HourSource(s) for s in sources
    }


def test_teachers_are_valid_and_consistent(demo) -> None:  # type: ignore[no-untyped-def]
    workspace, _ = demo
    with workspace.context.read() as session:
        rows = session.execute(select(m.Teacher.id_number, m.Teacher.gender, m.Teacher.birth_date))
        for number, gender, born in rows:
            parsed = parse_id_number(number)
            assert (parsed.gender.value, parsed.birth_date) == (gender, born)


def test_selections_follow_the_preset_and_grades_aggregate(demo) -> None:  # type: ignore[no-untyped-def]
    workspace, _ = demo
    preset = workspace.preset()
    catalogue = load_catalogue()
    with workspace.context.read() as session:
        points = dict(session.execute(select(m.AbilityPoint.id, m.AbilityPoint.code)).all())
        by_teacher: dict[int, list[str]] = {}
        for teacher_id, point_id in session.execute(
            select(m.PointSelection.teacher_id, m.PointSelection.point_id)
        ):
            by_teacher.setdefault(teacher_id, []).append(points[point_id])
        for codes in list(by_teacher.values())[:300]:
            assert check_selection(catalogue, preset.points, codes).ok, codes
        item_grades: dict[int, list[Grade | None]] = {}
        for selection_id, grade in session.execute(
            select(m.EvidenceItem.selection_id, m.Score.grade).outerjoin(
                m.Score, m.Score.evidence_item_id == m.EvidenceItem.id
            )
        ):
            item_grades.setdefault(selection_id, []).append(Grade(grade) if grade else None)
        for selection_id, grade in session.execute(
            select(m.PointSelection.id, m.PointSelection.grade)
        ):
            expected = aggregate_point_grade(item_grades[selection_id])
            assert grade == (expected.value if expected else None)


def test_cancel_writes_nothing(tmp_path: Path) -> None:
    paths = data_paths(tmp_path)
    token = CancelToken()

    def progress(done: int, _total: int, _message: str) -> None:
        if done == 2:
            token.cancel()

    with pytest.raises(Cancelled):
        create_demo(paths, teachers=200, seed=1, progress=progress, cancel=token)
    from nlts_desktop.services.context import Actor
    from nlts_desktop.services.workspace import Workspace

    with Workspace.open(paths, actor=Actor.system()) as workspace:
        counts = workspace.stats.counts()
        assert counts["schools"] == 0 and counts["teachers"] == 0
        with workspace.context.read() as session:
            assert session.scalar(select(func.count()).select_from(m.WorkspaceRow)) == 1
