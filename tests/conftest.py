"""Shared fixtures: real workspace files in temporary folders (never :memory:)."""

from __future__ import annotations

import os

# Before any Qt import anywhere in the test run.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path

import pytest

from nlts_desktop.paths import DataPaths, data_paths
from nlts_desktop.services.context import Actor
from nlts_desktop.services.workspace import Workspace, WorkspaceSpec
from tests import pgserver

WENJIANG = WorkspaceSpec(
    level="county",
    region_code="510115",
    region_name="温江区",
    preset_id="sichuan-2.0",
    parent_code="510100",
    parent_name="成都市",
)


if pgserver.server():
    # The PostgreSQL run (scripts/test-postgres): every data folder on its own database.
    pgserver.claim_run()
    pgserver.install()
    _ROOT = Path(__file__).resolve().parents[1]
    os.environ["PYTHONPATH"] = os.pathsep.join(
        [str(_ROOT / "tests" / "pgsite"), str(_ROOT), os.environ.get("PYTHONPATH", "")]
    )

    def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
        skip = pytest.mark.skip(reason="reads or replaces the SQLite file itself")
        for item in items:
            if item.get_closest_marker("sqlite_file"):
                item.add_marker(skip)

    @pytest.fixture(scope="session", autouse=True)
    def _pg_template() -> Iterator[None]:
        pgserver.prepare_template()
        yield
        pgserver.drop_template()

    @pytest.fixture(autouse=True)
    def _pg_fresh_databases(_pg_template: None) -> Iterator[None]:
        # Those of wider-scoped fixtures (set up before this one) stay for the next tests.
        keep = pgserver.folder_databases()
        yield
        pgserver.drop_folder_databases(keep)


@pytest.fixture
def paths(tmp_path: Path) -> DataPaths:
    """An empty data folder."""
    return data_paths(tmp_path / "data")


@pytest.fixture
def workspace(paths: DataPaths) -> Iterator[Workspace]:
    """A new county workspace (温江区, 四川 2.0), open as the administrator."""
    ws = Workspace.create(paths, WENJIANG, actor=Actor.system("admin"))
    yield ws
    ws.close()


@pytest.fixture
def school(workspace: Workspace) -> int:
    """One registered primary school; returns its id."""
    record = workspace.schools.create(
        {
            "code": "2151000001",
            "name": "温江区实验小学",
            "urban_rural": "111",
            "environments": "A,B",
        }
    )
    return record.id
