"""Migrations from an empty file, the schema they make, and the connection policy."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from nlts_desktop.storage.base import Base
from nlts_desktop.storage.database import create_database, open_database
from nlts_desktop.storage.engine import APPLICATION_ID, journal_mode
from nlts_desktop.storage.migrate import head_revision


def test_create_applies_every_migration(tmp_path: Path) -> None:
    db = create_database(tmp_path / "w.db")
    try:
        tables = set(inspect(db.engine).get_table_names())
        assert set(Base.metadata.tables) <= tables
        assert "alembic_version" in tables
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection)
            assert context.get_current_revision() == head_revision()
            # The migrations make exactly the schema the models describe.
            assert compare_metadata(context, Base.metadata) == []
    finally:
        db.dispose()


def test_application_id_and_pragmas(tmp_path: Path) -> None:
    path = tmp_path / "w.db"
    db = create_database(path)
    try:
        with db.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
            assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000
            mode = connection.exec_driver_sql("PRAGMA journal_mode").scalar()
            assert str(mode).upper() == journal_mode()
    finally:
        db.dispose()
    raw = sqlite3.connect(path)
    assert raw.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    raw.close()


def test_rollback_journal_on_this_sqlite() -> None:
    """SQLite before 3.51.3 has the WAL-reset race: the rollback journal is used there."""
    if sqlite3.sqlite_version_info < (3, 51, 3):
        assert journal_mode() == "DELETE"
    else:
        assert journal_mode() == "WAL"


def test_foreign_keys_are_enforced(tmp_path: Path) -> None:
    db = create_database(tmp_path / "w.db")
    try:
        with db.engine.connect() as connection:
            failed = False
            try:
                with connection.begin():
                    connection.exec_driver_sql(
                        "INSERT INTO teachers (id_number, name, gender, birth_date, school_id,"
                        " status, created_at, updated_at, version) VALUES"
                        " ('11010519491231002X', '张三', 'female', '1949-12-31', 999, 'active',"
                        " '2026-01-01 00:00:00', '2026-01-01 00:00:00', 1)"
                    )
            except Exception as exc:
                failed = "FOREIGN KEY" in str(exc)
            assert failed
    finally:
        db.dispose()


def test_unversioned_file_of_ours_is_backed_up_then_upgraded(tmp_path: Path) -> None:
    """An older file (here: ours but with no schema yet) is backed up before it is migrated."""
    path = tmp_path / "w.db"
    raw = sqlite3.connect(path)
    raw.execute(f"PRAGMA application_id={APPLICATION_ID}")
    raw.execute("CREATE TABLE scratch (x)")
    raw.commit()
    raw.close()
    seen: list[tuple[str | None, str]] = []
    db = open_database(
        path, backup_dir=tmp_path / "backups", on_migrate=lambda a, b: seen.append((a, b))
    )
    try:
        assert seen == [(None, head_revision())]
        assert db.migrated_from is None  # from "no schema at all"
        assert db.backup_made is not None and db.backup_made.exists()
        backup = sqlite3.connect(db.backup_made)
        assert backup.execute("SELECT name FROM sqlite_master WHERE name='scratch'").fetchone()
        assert (
            backup.execute("SELECT name FROM sqlite_master WHERE name='teachers'").fetchone()
            is None
        )
        backup.close()
        assert "teachers" in inspect(db.engine).get_table_names()
    finally:
        db.dispose()


def test_opening_a_current_file_makes_no_backup(tmp_path: Path) -> None:
    path = tmp_path / "w.db"
    create_database(path).dispose()
    db = open_database(path, backup_dir=tmp_path / "backups")
    db.dispose()
    assert db.backup_made is None
    assert not (tmp_path / "backups").exists()


def test_revision_graph_read_from_the_files_matches_alembic() -> None:
    from alembic.script import ScriptDirectory

    from nlts_desktop.storage.migrate import alembic_config, known_revisions, revision_graph

    script = ScriptDirectory.from_config(alembic_config())
    assert head_revision() == script.get_current_head()
    assert known_revisions() == {rev.revision for rev in script.walk_revisions()}
    assert revision_graph() == {rev.revision: rev.down_revision for rev in script.walk_revisions()}
