"""Teachers through the service layer: validation, uniqueness, transfers, deactivation."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from nlts_desktop.domain.enums import Role
from nlts_desktop.domain.errors import (
    DuplicateError,
    NotFoundError,
    PermissionDeniedError,
    StorageError,
    ValidationError,
)
from nlts_desktop.services.context import Actor, ServiceContext
from nlts_desktop.services.teachers import TeacherService
from nlts_desktop.services.workspace import Workspace
from nlts_desktop.storage.models import HourRecord, Teacher

VALID = "11010519491231002X"


def _teacher(**overrides: object) -> dict[str, object]:
    fields: dict[str, object] = {
        "id_number": VALID,
        "name": "张丽",
        "school": "2151000001",
        "gender": "女",
        "phone": "138 1234 5678",
        "subject": "语文",
        "title": "小学高级教师",
    }
    fields.update(overrides)
    return fields


def _teacher_count(workspace: Workspace) -> int:
    with workspace.context.read() as session:
        return int(session.scalar(select(func.count()).select_from(Teacher)) or 0)


def test_create_normalises_and_derives(workspace: Workspace, school: int) -> None:
    record = workspace.teachers.create(_teacher(id_number="１１０１０５ 1949\u200b1231002x"))
    assert record.id_number == VALID
    assert record.gender == "female"
    assert record.birth_date == date(1949, 12, 31)
    assert record.phone == "13812345678"
    assert record.subject_code == "01"
    assert record.title_code == "3"  # 小学高级教师 → 一级教师 since the 2015 reform
    assert record.stage_code == "primary"  # from the school
    assert record.school_id == school


def test_bad_id_gives_chinese_message_and_writes_nothing(workspace: Workspace, school: int) -> None:
    with pytest.raises(ValidationError) as caught:
        workspace.teachers.create(_teacher(id_number="110105194912310021"))
    assert caught.value.code == "id.checksum"
    assert caught.value.field == "id_number"
    assert "校验" in caught.value.message
    assert _teacher_count(workspace) == 0


def test_id_stored_as_excel_number_is_rejected(workspace: Workspace, school: int) -> None:
    with pytest.raises(ValidationError) as caught:
        workspace.teachers.create(_teacher(id_number=5.101151994052051e17))
    assert caught.value.code == "id.numeric"
    assert "文本" in caught.value.message


def test_unknown_school(workspace: Workspace, school: int) -> None:
    with pytest.raises(NotFoundError) as caught:
        workspace.teachers.create(_teacher(school="2151009999"))
    assert caught.value.code == "school.unknown"
    assert "2151009999" in caught.value.message
    assert _teacher_count(workspace) == 0


def test_duplicate_id_in_another_spelling(workspace: Workspace, school: int) -> None:
    workspace.teachers.create(_teacher())
    with pytest.raises(DuplicateError) as caught:
        workspace.teachers.create(_teacher(id_number="11010519491231002x", name="张莉"))
    assert caught.value.code == "teacher.duplicate"
    assert "张丽" in caught.value.message and "调动" in caught.value.message
    assert _teacher_count(workspace) == 1


def test_typed_gender_must_agree_with_the_id(workspace: Workspace, school: int) -> None:
    with pytest.raises(ValidationError) as caught:
        workspace.teachers.create(_teacher(gender="男"))
    assert caught.value.code == "id.gender_mismatch"


def test_several_problems_are_all_named(workspace: Workspace, school: int) -> None:
    with pytest.raises(ValidationError) as caught:
        workspace.teachers.create(_teacher(name="张3", phone="12345", title="教授"))
    assert "另有 2 处问题" in caught.value.message


def test_transfer_keeps_history(workspace: Workspace, school: int) -> None:
    workspace.schools.create({"code": "3151000002", "name": "温江区第二中学"})
    teacher = workspace.teachers.create(_teacher())
    moved = workspace.teachers.transfer(
        teacher.id, to_school="温江区第二中学", on=date(2026, 9, 1), reason="交流轮岗"
    )
    assert moved.school_name == "温江区第二中学"
    history = workspace.teachers.transfers(teacher.id)
    assert [(h.from_school_name, h.to_school_name, h.reason) for h in history] == [
        ("温江区实验小学", "温江区第二中学", "交流轮岗")
    ]
    with pytest.raises(ValidationError) as caught:
        workspace.teachers.transfer(teacher.id, to_school="3151000002", on=date(2026, 9, 2))
    assert caught.value.code == "teacher.same_school"


def test_update_cannot_change_school_silently(workspace: Workspace, school: int) -> None:
    workspace.schools.create({"code": "3151000002", "name": "温江区第二中学"})
    teacher = workspace.teachers.create(_teacher())
    with pytest.raises(ValidationError) as caught:
        workspace.teachers.update(teacher.id, _teacher(school="3151000002"))
    assert caught.value.code == "teacher.use_transfer"


def test_stale_edit_fails(workspace: Workspace, school: int) -> None:
    teacher = workspace.teachers.create(_teacher())
    workspace.teachers.update(teacher.id, _teacher(name="张莉"), version=teacher.version)
    with pytest.raises(StorageError) as caught:
        workspace.teachers.update(teacher.id, _teacher(name="张力"), version=teacher.version)
    assert caught.value.code == "db.stale"
    assert workspace.teachers.get(teacher.id).name == "张莉"


def test_deactivate_instead_of_delete_once_referenced(workspace: Workspace, school: int) -> None:
    teacher = workspace.teachers.create(_teacher())
    with workspace.context.unit_of_work() as session:
        session.add(
            HourRecord(
                teacher_id=teacher.id, category="online", half_hours=40, year=2022, source="manual"
            )
        )
    with pytest.raises(ValidationError) as caught:
        workspace.teachers.delete(teacher.id)
    assert caught.value.code == "teacher.referenced"
    assert "停用" in caught.value.message
    record = workspace.teachers.set_active(teacher.id, False)
    assert record.status == "inactive"
    # The school with no active teacher left can now be deactivated.
    assert workspace.schools.set_active(school, False).status == "inactive"


def test_delete_a_mistake(workspace: Workspace, school: int) -> None:
    teacher = workspace.teachers.create(_teacher())
    workspace.teachers.delete(teacher.id)
    assert _teacher_count(workspace) == 0


def test_find_by_any_spelling(workspace: Workspace, school: int) -> None:
    workspace.teachers.create(_teacher())
    assert workspace.teachers.find_by_id_number("11010519491231002x").name == "张丽"
    with pytest.raises(NotFoundError):
        workspace.teachers.find_by_id_number("440524188001010014")


def test_viewer_cannot_write(workspace: Workspace, school: int) -> None:
    viewer = TeacherService(ServiceContext(workspace.db, Actor("look", Role.VIEWER)))
    with pytest.raises(PermissionDeniedError) as caught:
        viewer.create(_teacher())
    assert "只读用户" in caught.value.message
    assert _teacher_count(workspace) == 0
