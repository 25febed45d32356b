"""A workspace opened read-only (``mode=ro``): views, exports and printing work, writes refuse.

Tests run as root, where ``chmod`` makes nothing read-only (FIELD-NOTES): the read-only open
is asked for, which is the same ``mode=ro`` connection a read-only disk gets.
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import openpyxl
import pytest

from nlts_desktop.domain.errors import StorageError
from nlts_desktop.paths import DataPaths
from nlts_desktop.services.context import Actor
from nlts_desktop.services.workspace import Workspace
from nlts_desktop.storage.database import open_database
from nlts_desktop.storage.engine import APPLICATION_ID
from tests.helpers import add_teachers, id_number

# About the SQLite file itself (skipped in the PostgreSQL run, tests/conftest.py).
pytestmark = pytest.mark.sqlite_file


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def folder(workspace: Workspace, school: int) -> DataPaths:
    """The county workspace with 15 teachers, closed."""
    add_teachers(workspace, 15)
    workspace.close()
    return workspace.paths


def test_read_only_workspace_reads_exports_and_prints_and_writes_nothing(
    folder: DataPaths, tmp_path: Path
) -> None:
    before = _sha(folder.database)
    with Workspace.open(folder, actor=Actor.system("admin"), read_only=True) as workspace:
        assert workspace.db.read_only
        assert workspace.startup_notes == ()
        assert workspace.stats.counts()["teachers"] == 15
        assert workspace.info().region_name == "温江区"
        assert len(workspace.teachers.table_rows()) == 15
        school = workspace.schools.find("2151000001")
        assert workspace.roster_export.export_teachers(tmp_path / "名单.xlsx") == 15
        workspace.reports.school_hours_summary(tmp_path / "学时汇总.xlsx")
        workspace.dashboard.export_xlsx(tmp_path / "统计.xlsx")
        workspace.dashboard.briefing_pdf(tmp_path / "简报.pdf")
        assert workspace.reports.ledger_pdf(tmp_path / "档案.pdf", school_id=school.id) >= 15
        workspace.context.audit_event("export", "teachers", "导出教师名单")  # a no-op here
        assert workspace.keys.own().fingerprint
    for name in ("名单.xlsx", "学时汇总.xlsx", "统计.xlsx", "简报.pdf", "档案.pdf"):
        assert (tmp_path / name).stat().st_size > 0
    assert _sha(folder.database) == before
    assert not (folder.root / "workspace.db-journal").exists()
    assert not folder.backups.exists() or not any(folder.backups.iterdir())


def test_every_write_path_says_read_only(folder: DataPaths) -> None:
    before = _sha(folder.database)
    with Workspace.open(folder, actor=Actor.system("admin"), read_only=True) as workspace:
        attempts = [
            lambda: workspace.teachers.create(
                {"id_number": id_number(70), "name": "新来教师", "school": "2151000001"}
            ),
            lambda: workspace.schools.create(
                {"code": "2151000002", "name": "温江区第二小学", "urban_rural": "111"}
            ),
            lambda: workspace.context.checkpoint("before-import"),
        ]
        for attempt in attempts:
            with pytest.raises(StorageError) as refused:
                attempt()
            assert refused.value.code == "db.read_only"
            assert "只读" in refused.value.message
        # A write that slips past the services is refused by SQLite itself (mode=ro).
        with pytest.raises(StorageError) as sqlite_refused, workspace.context.read() as session:
            session.connection().exec_driver_sql("DELETE FROM teachers")
        assert sqlite_refused.value.code == "db.read_only"
    assert _sha(folder.database) == before


def test_an_older_schema_cannot_be_opened_read_only(tmp_path: Path) -> None:
    path = tmp_path / "w.db"
    raw = sqlite3.connect(path)
    raw.execute(f"PRAGMA application_id={APPLICATION_ID}")
    raw.execute("CREATE TABLE scratch (x)")
    raw.commit()
    raw.close()
    before = _sha(path)
    with pytest.raises(StorageError) as refused:
        open_database(path, backup_dir=tmp_path / "backups", read_only=True)
    assert refused.value.code == "db.read_only_old"
    assert "升级" in refused.value.message
    assert _sha(path) == before
    assert not (tmp_path / "backups").exists()


def test_the_cli_read_only_option(folder: DataPaths, tmp_path: Path) -> None:
    from nlts_desktop.cli import main

    before = _sha(folder.database)
    out = tmp_path / "名单.xlsx"
    args = ["--data-dir", str(folder.root), "--read-only"]
    assert main([*args, "export", "roster", "--out", str(out)]) == 0
    assert out.exists()
    book = openpyxl.load_workbook(out)
    phones = [
        cell
        for row in book.worksheets[0].iter_rows()
        for cell in row
        if str(cell.value or "").startswith("1380000")
    ]
    phones[0].value = "13912345678"  # one teacher's phone changed
    book.save(out)
    assert main([*args, "import", "teachers", str(out)]) == 1  # a change: refused
    assert _sha(folder.database) == before
