"""Schools through the service layer."""

from __future__ import annotations

import pytest

from nlts_desktop.domain.errors import DuplicateError, ValidationError
from nlts_desktop.services.workspace import Workspace


def test_create_derives_category_and_stage(workspace: Workspace) -> None:
    record = workspace.schools.create(
        {
            "code": "３４５１０００００３",
            "name": " 温江中学 ",
            "urban_rural": "镇中心区",
            "environments": "多媒体、智慧",
            "is_center_school": "否",
            "contact_phone": "028-86721266",
        }
    )
    assert record.code == "3451000003"
    assert record.name == "温江中学"
    assert record.category_code == "34"
    assert record.stage_code == "senior"
    assert record.urban_rural_code == "121"
    assert record.environments == ("A", "C")


def test_duplicate_code_and_name(workspace: Workspace, school: int) -> None:
    with pytest.raises(DuplicateError) as caught:
        workspace.schools.create({"code": "2151000001", "name": "别的学校"})
    assert "学校标识码" in caught.value.message
    with pytest.raises(DuplicateError) as caught:
        workspace.schools.create({"code": "2151000009", "name": "温江区实验小学"})
    assert "学校名称" in caught.value.message
    assert len(workspace.schools.list()) == 1


def test_bad_code_and_category_mismatch(workspace: Workspace) -> None:
    with pytest.raises(ValidationError) as caught:
        workspace.schools.create({"code": "21510001", "name": "某小学"})
    assert caught.value.code == "school_code.length"
    with pytest.raises(ValidationError) as caught:
        workspace.schools.create({"code": "2151000001", "name": "某小学", "category": "普通高中"})
    assert caught.value.code == "school.category_mismatch"


def test_school_with_teachers_stays_active(workspace: Workspace, school: int) -> None:
    workspace.teachers.create(
        {"id_number": "11010519491231002X", "name": "张丽", "school": "2151000001"}
    )
    with pytest.raises(ValidationError) as caught:
        workspace.schools.set_active(school, False)
    assert caught.value.code == "school.has_teachers"


def test_update_keeps_identity(workspace: Workspace, school: int) -> None:
    record = workspace.schools.update(
        school, {"code": "2151000001", "name": "温江区实验小学", "environments": "B"}
    )
    assert record.environments == ("B",)
    assert record.version == 2
    assert workspace.schools.find("温江区实验小学").id == school
