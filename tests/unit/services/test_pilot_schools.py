"""ReportService.pilot_schools_form: 附件一 from the schools marked 试点, or the list of gaps."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest

from nlts_desktop.domain.enums import Role
from nlts_desktop.domain.errors import AppError, PermissionDeniedError
from nlts_desktop.services.context import Actor
from nlts_desktop.services.workspace import Workspace
from tests.helpers import add_teachers

FILLED = date(2026, 3, 5)


def _pilot(workspace: Workspace, code: str, name: str, **fields: object) -> int:
    values: dict[str, object] = {
        "code": code,
        "name": name,
        "is_pilot": "是",
        "contact_name": "张丽",
        "contact_phone": "028-82711111",
    }
    values.update(fields)
    return workspace.schools.create(values).id


def test_no_pilot_school(workspace: Workspace, school: int, tmp_path: Path) -> None:
    with pytest.raises(AppError) as caught:
        workspace.reports.pilot_schools_form(tmp_path / "x.xlsx")
    assert caught.value.code == "report.no_pilot_schools"
    assert "试点" in caught.value.message


def test_missing_facts_are_listed(workspace: Workspace, tmp_path: Path) -> None:
    _pilot(workspace, "3151000002", "温江区第二中学", contact_name="", environments="A")
    with pytest.raises(AppError) as caught:
        workspace.reports.pilot_schools_form(tmp_path / "x.xlsx")
    assert caught.value.details["missing"] == [
        "试点学校“温江区第二中学”缺少城乡分类（区域）、在职教师、联系人"
    ]
    assert not (tmp_path / "x.xlsx").exists()


def test_pilot_schools_form(workspace: Workspace, school: int, tmp_path: Path) -> None:
    center = _pilot(
        workspace,
        "2151000003",
        "温江区万春镇中心小学",
        urban_rural="210",
        environments="A",
        is_center_school="是",
        contact_phone="13800000001",
    )
    _pilot(workspace, "3151000002", "温江区第二中学", urban_rural="111", environments="A,B")
    add_teachers(workspace, 3, school="2151000003")
    extra = add_teachers(workspace, 2, school="3151000002", start=10)
    workspace.teachers.set_active(extra[0], False)  # not counted
    out = tmp_path / "试点.xlsx"
    count = workspace.reports.pilot_schools_form(
        out, contact="王老师", phone="028-82712345", filled_on=FILLED
    )
    assert count == 2 and center
    sheet = openpyxl.load_workbook(out).worksheets[0]
    assert sheet["A2"].value == "2022年试点单位信息汇总表"  # the workspace's current year
    rows = [[c.value for c in sheet[r]] for r in (8, 9)]
    assert rows == [
        ["温江区", "温江区万春镇中心小学", "小学", "乡村、中心校", "多媒体教学环境", 3,
         "张丽", "13800000001"],
        ["温江区", "温江区第二中学", "初中", "市区", "多媒体教学环境、混合学习环境", 1,
         "张丽", "028-82711111"],
    ]  # fmt: skip
    # The school fixture is not a pilot school: not listed.
    assert sheet["A10"].value == "填表说明："


def test_a_school_coordinator_may_not_export_it(
    workspace: Workspace, school: int, tmp_path: Path
) -> None:
    workspace.act_as(Actor("校管理员", Role.SCHOOL_COORDINATOR, school_id=school))
    with pytest.raises(PermissionDeniedError):
        workspace.reports.pilot_schools_form(tmp_path / "x.xlsx")
