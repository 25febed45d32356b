"""The audit log's hash chain: kept over ORM and bulk writes, and every kind of tampering found.

Tampering is done as someone with a SQLite browser would do it: a raw ``sqlite3`` connection
to the workspace file, outside the program.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from alembic import command
from sqlalchemy import select

from nlts_desktop.services.workspace import Workspace
from nlts_desktop.storage.audit import (
    CHAINED_COLUMNS,
    GENESIS_HASH,
    ChainReport,
    link_hash,
    record_audit,
    verify_chain,
)
from nlts_desktop.storage.database import open_database
from nlts_desktop.storage.engine import APPLICATION_ID, create_sqlite_engine
from nlts_desktop.storage.migrate import alembic_config, head_revision
from nlts_desktop.storage.models import AuditEntry, AuditHead
from tests.helpers import add_teachers, id_number

FAILED = "审计日志校验失败"


def _verify(workspace: Workspace) -> ChainReport:
    with workspace.context.read() as session:
        return verify_chain(session)


def _raw(workspace: Workspace) -> sqlite3.Connection:
    assert workspace.db.path is not None
    return sqlite3.connect(workspace.db.path)


def _integrity_ok(path: Path) -> None:
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        connection.close()


def _ids(workspace: Workspace) -> list[int]:
    with workspace.context.read() as session:
        return list(session.scalars(select(AuditEntry.id).order_by(AuditEntry.id)))


def _some_history(workspace: Workspace, school: int) -> list[int]:
    """ORM writes (teachers created, edited) and a bulk write (hours for all at once)."""
    teachers = add_teachers(workspace, 4)
    workspace.teachers.update(
        teachers[0],
        {"id_number": id_number(0, female=True), "name": "张丽", "school": "2151000001"},
    )
    workspace.hours.add_bulk(
        teachers, {"category": "校本实践应用", "hours": 3, "date": "2021-05-20"}
    )
    return teachers


def test_chain_links_orm_and_bulk_entries(workspace: Workspace, school: int) -> None:
    teachers = _some_history(workspace, school)
    report = _verify(workspace)
    assert report.ok and report.problem is None
    with workspace.context.read() as session:
        entries = list(session.scalars(select(AuditEntry).order_by(AuditEntry.id)))
        head = session.get(AuditHead, 1)
    assert report.checked == len(entries)
    assert head is not None
    assert (head.last_id, head.last_hash, head.count) == (
        entries[-1].id,
        entries[-1].row_hash,
        len(entries),
    )
    previous = GENESIS_HASH
    for entry in entries:  # each link as documented: sha256(prev_hash + canonical text)
        assert entry.prev_hash == previous
        values = {name: getattr(entry, name) for name in CHAINED_COLUMNS}
        assert link_hash(previous, values) == entry.row_hash
        previous = entry.row_hash
    # School and teacher are recorded: from the teacher itself, and for the bulk write.
    created = [e for e in entries if e.entity == "teachers" and e.action == "create"]
    assert [e.teacher_id for e in created] == teachers
    assert {e.school_id for e in created} == {school}
    bulk = [e for e in entries if e.action == "create_bulk"]
    assert len(bulk) == 1
    _integrity_ok(workspace.db.path or Path())


def test_an_edited_entry_is_named(workspace: Workspace, school: int) -> None:
    _some_history(workspace, school)
    ids = _ids(workspace)
    victim = ids[len(ids) // 2]
    raw = _raw(workspace)
    with raw:
        raw.execute("UPDATE audit_entries SET actor = 'someone' WHERE id = ?", (victim,))
    raw.close()
    report = _verify(workspace)
    assert not report.ok
    assert report.first_bad_id == victim
    assert report.problem is not None
    assert report.problem.startswith(f"{FAILED}：第 {victim} 条记录")
    assert "改动" in report.problem
    assert report.checked == ids.index(victim)
    _integrity_ok(workspace.db.path or Path())


def test_an_edited_entry_with_its_hash_recomputed_breaks_the_next_link(
    workspace: Workspace, school: int
) -> None:
    """Recomputing the edited entry's own hash is not enough: the next entry names it."""
    _some_history(workspace, school)
    ids = _ids(workspace)
    victim = ids[3]
    with workspace.context.read() as session:
        entry = session.get(AuditEntry, victim)
        assert entry is not None
        values = {name: getattr(entry, name) for name in CHAINED_COLUMNS}
        values["summary"] = "伪造的说明"
        forged = link_hash(entry.prev_hash, values)
    raw = _raw(workspace)
    with raw:
        raw.execute(
            "UPDATE audit_entries SET summary = '伪造的说明', row_hash = ? WHERE id = ?",
            (forged, victim),
        )
    raw.close()
    report = _verify(workspace)
    assert not report.ok
    assert report.first_bad_id == ids[4]
    assert report.problem is not None and f"第 {ids[4]} 条记录与前一条记录接不上" in report.problem


def test_a_deleted_middle_entry_is_found(workspace: Workspace, school: int) -> None:
    _some_history(workspace, school)
    ids = _ids(workspace)
    victim = ids[10]
    raw = _raw(workspace)
    with raw:
        raw.execute("DELETE FROM audit_entries WHERE id = ?", (victim,))
    raw.close()
    report = _verify(workspace)
    assert not report.ok
    assert report.first_bad_id == ids[11]
    assert report.problem == (
        f"{FAILED}：第 {ids[11]} 条记录与前一条记录接不上："
        f"它与前一条现存记录（第 {ids[9]} 条）之间的记录已被删除、插入或改动。"
    )
    _integrity_ok(workspace.db.path or Path())


def test_a_deleted_first_entry_is_found(workspace: Workspace, school: int) -> None:
    ids = _ids(workspace)
    raw = _raw(workspace)
    with raw:
        raw.execute("DELETE FROM audit_entries WHERE id = ?", (ids[0],))
    raw.close()
    report = _verify(workspace)
    assert not report.ok and report.first_bad_id == ids[1]
    assert report.problem is not None and "现存的第一条记录" in report.problem


def test_deleted_last_entries_are_found_by_the_head(workspace: Workspace, school: int) -> None:
    _some_history(workspace, school)
    ids = _ids(workspace)
    raw = _raw(workspace)
    with raw:
        raw.execute("DELETE FROM audit_entries WHERE id >= ?", (ids[-2],))
    raw.close()
    report = _verify(workspace)
    assert not report.ok
    assert report.first_bad_id == ids[-1]
    assert report.problem == (
        f"{FAILED}：第 {ids[-1]} 条记录（日志的最后一条）已不存在：日志末尾有 2 条记录已被删除。"
    )
    assert report.checked == len(ids) - 2
    _integrity_ok(workspace.db.path or Path())


def test_an_appended_entry_is_found(workspace: Workspace, school: int) -> None:
    """An entry added outside the program, even with a correct link, is not in the head."""
    ids = _ids(workspace)
    with workspace.context.read() as session:
        last = session.get(AuditEntry, ids[-1])
        assert last is not None
        values = {
            "at": last.at,
            "actor": "admin",
            "action": "delete",
            "entity": "teachers",
            "entity_id": 1,
            "school_id": None,
            "teacher_id": None,
            "summary": None,
            "before_json": None,
            "after_json": None,
        }
        forged = link_hash(last.row_hash, values)
    raw = _raw(workspace)
    with raw:
        raw.execute(
            "INSERT INTO audit_entries (at, actor, action, entity, entity_id, prev_hash, row_hash)"
            " SELECT at, 'admin', 'delete', 'teachers', 1, row_hash, ? FROM audit_entries"
            " WHERE id = ?",
            (forged, ids[-1]),
        )
    raw.close()
    report = _verify(workspace)
    assert not report.ok
    assert report.first_bad_id == ids[-1] + 1
    assert report.problem is not None and "被插入" in report.problem


def test_a_lost_head_is_reported_then_rebuilt_with_a_note(
    workspace: Workspace, school: int
) -> None:
    raw = _raw(workspace)
    with raw:
        raw.execute("DELETE FROM audit_head")
    raw.close()
    report = _verify(workspace)
    assert not report.ok and report.problem is not None and "链头记录缺失" in report.problem
    add_teachers(workspace, 1)  # the next write rebuilds the head and says so in the log
    assert _verify(workspace).ok
    with workspace.context.read() as session:
        notes = session.scalars(
            select(AuditEntry.summary).where(AuditEntry.entity == "audit_head")
        ).all()
    assert len(notes) == 1 and "链头记录缺失" in (notes[0] or "")


def test_a_failed_transaction_leaves_chain_and_head_as_they_were(
    workspace: Workspace, school: int
) -> None:
    before = _ids(workspace)

    class Boom(Exception):
        pass

    try:
        with workspace.context.unit_of_work() as session:
            session.add(AuditHead(id=2, last_id=None, last_hash=GENESIS_HASH, count=0))
            record_audit(session, action="export", entity="forms", summary="不会留下")
            raise Boom
    except Boom:
        pass
    assert _ids(workspace) == before
    assert _verify(workspace).ok


# ------------------------------------------------------------------ the migration


def _database_at_0005(path: Path) -> None:
    """A workspace file at revision 0005 with teachers, schools and their audit entries."""
    engine = create_sqlite_engine(path)
    with engine.begin() as connection:
        connection.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")
        command.upgrade(alembic_config(connection), "0005")
    engine.dispose()
    raw = sqlite3.connect(path)
    stamp = "2026-11-20 08:00:00.000000"
    with raw:
        raw.execute(
            "INSERT INTO schools (id, code, name, category_code, stage_code, environments,"
            " is_center_school, is_pilot, is_demo, status, created_at, updated_at, version)"
            " VALUES (7, '2151000001', '温江区实验小学', '21', 'primary', 'A', 0, 0, 0, 'active',"
            " ?, ?, 1)",
            (stamp, stamp),
        )
        raw.execute(
            "INSERT INTO teachers (id, id_number, name, gender, birth_date, school_id, status,"
            " created_at, updated_at, version) VALUES (3, '11010519491231002X', '张丽', 'female',"
            " '1949-12-31', 7, 'active', ?, ?, 1)",
            (stamp, stamp),
        )
        entries = [
            ("create", "schools", 7, None, json.dumps({"code": "2151000001", "name": "实验小学"})),
            (
                "create",
                "teachers",
                3,
                None,
                json.dumps({"id_number": "11010519491231002X", "name": "张丽", "school_id": 7}),
            ),
            ("update", "teachers", 3, json.dumps({"name": "张莉"}), json.dumps({"name": "张丽"})),
            ("create", "hour_records", 11, None, json.dumps({"teacher_id": 3, "half_hours": 6})),
            ("create", "workspace", 1, None, json.dumps({"region_code": "510115"})),
            (
                "create",
                "users",
                1,
                None,
                json.dumps({"username": "admin", "password_hash": "***"}),
            ),
        ]
        for n, (action, entity, entity_id, before, after) in enumerate(entries):
            raw.execute(
                "INSERT INTO audit_entries (at, actor, action, entity, entity_id, summary,"
                " before_json, after_json) VALUES (?, 'admin', ?, ?, ?, ?, ?, ?)",
                (
                    f"2026-11-20 08:00:0{n}.12345{n}",
                    action,
                    entity,
                    entity_id,
                    "导入名单（身份证号 11010519491231002X）" if n == 1 else None,
                    before,
                    after,
                ),
            )
    raw.close()


def test_migration_backfills_scope_masks_ids_and_builds_a_chain_that_verifies(
    tmp_path: Path,
) -> None:
    path = tmp_path / "w.db"
    _database_at_0005(path)
    db = open_database(path, backup_dir=tmp_path / "backups")
    try:
        assert db.migrated_from == "0005" and head_revision() == "0006"
        with db.read_unit("admin") as session:
            report = verify_chain(session)
            entries = list(session.scalars(select(AuditEntry).order_by(AuditEntry.id)))
            head = session.get(AuditHead, 1)
        assert report == ChainReport(True, 6)
        assert head is not None and (head.last_id, head.count) == (entries[-1].id, 6)
        scope = [(e.entity, e.school_id, e.teacher_id) for e in entries]
        assert scope == [
            ("schools", 7, None),
            ("teachers", 7, 3),
            ("teachers", 7, 3),  # the school from the teachers table
            ("hour_records", 7, 3),
            ("workspace", None, None),
            ("users", None, None),
        ]
        text = " ".join(f"{e.summary} {e.before_json} {e.after_json}" for e in entries)
        assert "11010519491231002X" not in text
        assert "110105********002X" in text
        # The program keeps the chain going from where the migration left it.
        with db.unit_of_work("admin") as session:
            record_audit(session, action="export", entity="forms", summary="导出测试")
        with db.read_unit("admin") as session:
            assert verify_chain(session) == ChainReport(True, 7)
    finally:
        db.dispose()
    _integrity_ok(path)


def test_fresh_workspace_starts_the_chain_at_genesis(workspace: Workspace) -> None:
    with workspace.context.read() as session:
        first = session.scalars(select(AuditEntry).order_by(AuditEntry.id)).first()
    assert first is not None and first.prev_hash == GENESIS_HASH
    assert _verify(workspace).ok
