"""Taking packages in: every refusal names the problem, imports nothing and is in the ledger."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from nlts_desktop.domain.enums import SubmissionState
from nlts_desktop.domain.errors import AppError
from nlts_desktop.exchange.package import open_package
from nlts_desktop.paths import data_paths
from nlts_desktop.services.context import Actor
from nlts_desktop.services.workspace import Workspace, WorkspaceSpec
from tests.helpers import add_teachers, ready_school

OTHER_COUNTY = WorkspaceSpec(
    level="county", region_code="510116", region_name="双流区", preset_id="sichuan-2.0",
    parent_code="510100", parent_name="成都市",
)  # fmt: skip


@pytest.fixture
def submission(workspace: Workspace, school: int, tmp_path: Path) -> Iterator[Path]:
    """A graded, submitted school's package for the county (温江区)."""
    ready_school(workspace, school, add_teachers(workspace, 2))
    kit = workspace.school_kits.make(school, tmp_path / "kit.nltspkg").path
    with Workspace.create_from_kit(
        data_paths(tmp_path / "school"),
        kit,
        actor=Actor.system("coordinator"),
        accept_fingerprint=workspace.keys.own().fingerprint,
    ) as ws:
        here = ws.schools.list()[0].id
        items = [
            i.item_id for r in ws.assessment.grid(here).rows for p in r.points for i in p.items
        ]
        ws.assessment.set_scores([(item, "2") for item in items], assessor="李老师")
        ws.assessment.submit(here)
        yield ws.submissions.make(tmp_path / "上报包.nltspkg").path


def _flip(path: Path) -> Path:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    out = path.with_name("改过.nltspkg")
    out.write_bytes(bytes(data))
    return out


def _truncate(path: Path) -> Path:
    out = path.with_name("不完整.nltspkg")
    out.write_bytes(path.read_bytes()[: path.stat().st_size * 2 // 3])
    return out


def _extra(path: Path) -> Path:
    import zipfile

    out = path.with_name("多文件.nltspkg")
    out.write_bytes(path.read_bytes())
    with zipfile.ZipFile(out, "a") as archive:
        archive.writestr("data/extra.json", b"{}")
    return out


@pytest.mark.parametrize(
    ("spoil", "words"),
    [(_flip, "数据包"), (_truncate, "数据包"), (_extra, "数据包")],
)
def test_spoiled_packages_are_refused_logged_and_change_nothing(
    workspace: Workspace,
    school: int,
    submission: Path,
    spoil: Callable[[Path], Path],
    words: str,
) -> None:
    bad = spoil(submission)
    with pytest.raises(AppError) as caught:
        workspace.intake.take_in(bad, accept_new_key=True)
    assert words in caught.value.message and "请" in caught.value.message
    latest = workspace.packages.ledger()[0]
    assert (latest.result, latest.file_name) == ("refused", bad.name)
    assert workspace.assessment.batch(school).state is SubmissionState.DRAFT
    assert workspace.keys.known() == []  # the unknown key was not accepted either


def test_a_package_for_another_county_is_refused(
    submission: Path, tmp_path: Path, workspace: Workspace
) -> None:
    with Workspace.create(
        data_paths(tmp_path / "双流"), OTHER_COUNTY, actor=Actor.system("admin")
    ) as other:
        other.schools.create({"code": "2151000001", "name": "温江区实验小学", "urban_rural": "111"})
        with pytest.raises(AppError, match="不是发给本单位"):
            other.intake.take_in(submission, accept_new_key=True)
        assert other.packages.ledger()[0].result == "refused"


def test_a_revoked_key_is_refused_even_when_accepting(
    workspace: Workspace, school: int, submission: Path
) -> None:
    opened = open_package(submission)
    workspace.keys.accept(opened.manifest.origin, opened.manifest.signer_public)
    workspace.keys.revoke(opened.signer_fingerprint, "学校电脑丢失")
    with pytest.raises(AppError, match="已被吊销"):
        workspace.intake.take_in(submission, accept_new_key=True)
    assert workspace.assessment.batch(school).state is SubmissionState.DRAFT


def test_a_kind_this_workspace_does_not_take(
    workspace: Workspace, school: int, tmp_path: Path
) -> None:
    add_teachers(workspace, 1)
    kit = workspace.school_kits.make(school, tmp_path / "kit.nltspkg").path
    with pytest.raises(AppError, match=r"学校工作包.*区县工作区"):
        workspace.intake.preview(kit)
