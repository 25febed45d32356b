"""Every write leaves an audit entry in the same transaction; a failed call leaves none."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import select

from nlts_desktop.domain.errors import DuplicateError
from nlts_desktop.services.workspace import Workspace
from nlts_desktop.storage.models import AuditEntry, Teacher


def _entries(workspace: Workspace) -> list[AuditEntry]:
    with workspace.context.read() as session:
        return list(session.scalars(select(AuditEntry).order_by(AuditEntry.id)))


def test_each_write_is_audited_with_before_and_after(workspace: Workspace, school: int) -> None:
    start = len(_entries(workspace))
    teacher = workspace.teachers.create(
        {"id_number": "11010519491231002X", "name": "张丽", "school": "2151000001"}
    )
    workspace.teachers.update(
        teacher.id, {"id_number": "11010519491231002X", "name": "张莉", "school": "2151000001"}
    )
    workspace.schools.create({"code": "3151000002", "name": "温江区第二中学"})
    workspace.teachers.transfer(teacher.id, to_school="3151000002", on=date(2026, 9, 1))
    entries = _entries(workspace)[start:]
    summary = [(e.action, e.entity) for e in entries]
    assert summary == [
        ("create", "teachers"),
        ("update", "teachers"),
        ("create", "schools"),
        ("create", "teacher_transfers"),
        ("update", "teachers"),
    ]
    assert all(e.actor == "admin" for e in entries)
    update = entries[1]
    assert update.entity_id == teacher.id
    assert json.loads(update.before_json or "{}") == {"name": "张丽"}
    assert json.loads(update.after_json or "{}") == {"name": "张莉"}
    created = json.loads(entries[0].after_json or "{}")
    # The ID number is stored masked (region code and last four kept).
    assert created["id_number"] == "110105********002X" and created["status"] == "active"


def test_failed_call_leaves_no_row_and_no_audit(workspace: Workspace, school: int) -> None:
    workspace.teachers.create(
        {"id_number": "11010519491231002X", "name": "张丽", "school": "2151000001"}
    )
    before = len(_entries(workspace))
    with pytest.raises(DuplicateError):
        workspace.teachers.create(
            {"id_number": "11010519491231002X", "name": "王五", "school": "2151000001"}
        )
    assert len(_entries(workspace)) == before


def test_error_after_flush_rolls_back_row_and_audit(workspace: Workspace, school: int) -> None:
    before = len(_entries(workspace))

    class Boom(Exception):
        pass

    with pytest.raises(Boom), workspace.context.unit_of_work() as session:
        session.add(
            Teacher(
                id_number="440524188001010014",
                name="李四",
                gender="male",
                birth_date=date(1880, 1, 1),
                school_id=school,
                status="active",
            )
        )
        session.flush()  # the audit entry is written here …
        raise Boom  # … and rolled back with the row
    assert len(_entries(workspace)) == before
    with workspace.context.read() as session:
        assert session.scalars(select(Teacher)).first() is None


def test_workspace_creation_is_audited(workspace: Workspace) -> None:
    entities = {e.entity for e in _entries(workspace)}
    assert {"workspace", "catalogues", "ability_points"} <= entities
