"""LeadershipService: the 工作领导小组 kept, checked, exported as 附件2 and imported back."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest

from nlts_desktop.domain.enums import Role
from nlts_desktop.domain.errors import AppError, PermissionDeniedError, ValidationError
from nlts_desktop.services.context import Actor
from nlts_desktop.services.leadership import MemberInput, normalize_email
from nlts_desktop.services.roster_import import ImportRejectedError
from nlts_desktop.services.workspace import Workspace

FILLED = date(2026, 3, 5)
GROUP = [
    MemberInput("组长", "冯明", "局长", "温江区教育局", "138 4410 5846", "fm＠wenjiang.gov.cn"),
    MemberInput("deputy", "梁海", "副局长", "温江区教育局", "18682201632"),
    MemberInput("副组长", "白强", "主任", "温江区教师发展中心", "（028）8271-0000"),
    MemberInput("成员", "程东", "科长", "温江区教育局人事科", "19375744913", "cd@wj.cn"),
]


def _people(workspace: Workspace) -> list[tuple[str, str, str, str, str, str]]:
    return [
        (m.group_role, m.name, m.position, m.unit, m.phone, m.email)
        for m in workspace.leadership.group().members
    ]


def test_replace_group_normalises_and_orders(workspace: Workspace) -> None:
    group = workspace.leadership.replace_group(
        [GROUP[3], GROUP[0], GROUP[1], GROUP[2]],
        office=" 教师发展中心 ",
        opinion="同意。\n报市局。",
    )
    assert group.office == "教师发展中心" and group.opinion == "同意。\n报市局。"
    assert [m.name for m in group.leaders] == ["冯明"]
    assert [m.name for m in group.deputies] == ["梁海", "白强"]
    assert [(m.role_label, m.name) for m in group.others] == [("成员", "程东")]
    assert _people(workspace)[0] == (
        "leader", "冯明", "局长", "温江区教育局", "13844105846", "fm@wenjiang.gov.cn",
    )  # fmt: skip
    assert _people(workspace)[2][4] == "028-82710000"
    # Replacing again keeps the record of a person still in the group.
    first_id = group.leaders[0].id
    again = workspace.leadership.replace_group([{"group_role": "组长", "name": "冯明"}])
    assert again.leaders[0].id == first_id and again.leaders[0].position == ""
    assert len(again.members) == 1
    assert again.office == "教师发展中心"  # not given: kept


def test_every_problem_is_listed_and_nothing_saved(workspace: Workspace) -> None:
    workspace.leadership.replace_group(GROUP)
    bad = [
        MemberInput("组长", "冯明", phone="12345"),
        MemberInput("秘书长", "甲"),
        MemberInput("成员", "  "),
        MemberInput("成员", "乙", email="not-an-address"),
        MemberInput("成员", "冯明"),
    ]
    with pytest.raises(ValidationError) as caught:
        workspace.leadership.replace_group(bad)
    problems = caught.value.details["problems"]
    assert len(problems) == 5
    assert problems[0].startswith("第 1 位（冯明）：联系电话“12345”格式不正确")
    assert "秘书长" in problems[1] and "组长、副组长或成员" in problems[1]
    assert problems[2] == "第 3 位（未填姓名）：姓名不能为空。"
    assert "电子邮箱“not-an-address”格式不正确" in problems[3]
    assert "与第 1 位重名" in problems[4]
    assert len(_people(workspace)) == 4  # the old group untouched


def test_normalize_email() -> None:
    assert normalize_email(" Jsfz＠WenJiang.gov.cn ") == "Jsfz@WenJiang.gov.cn"
    assert normalize_email("") == ""
    for bad in ("a@b", "a b@c.cn", "@c.cn", "a@@c.cn"):
        with pytest.raises(ValidationError):
            normalize_email(bad)


def test_form_lists_what_is_missing(workspace: Workspace, tmp_path: Path) -> None:
    out = tmp_path / "小组.xlsx"
    workspace.leadership.replace_group([MemberInput("成员", "程东", "科长")])
    with pytest.raises(AppError) as caught:
        workspace.leadership.leadership_form(out)
    assert caught.value.details["missing"] == [
        "没有填写负责科室",
        "没有组长",
        "成员“程东”缺少联系电话",
    ]
    assert workspace.leadership.missing() == caught.value.details["missing"]
    assert not out.exists()


def test_form(workspace: Workspace, tmp_path: Path) -> None:
    workspace.leadership.replace_group(GROUP, office="教师发展中心", opinion="同意上报。")
    out = tmp_path / "小组.xlsx"
    assert workspace.leadership.leadership_form(out, filled_on=FILLED) == 4
    sheet = openpyxl.load_workbook(out).worksheets[0]
    assert sheet["A2"].value == "温江区“提升工程2.0”工作小组名单"
    assert sheet["A3"].value == "报送单位：成都市温江区教育局"
    assert sheet["B4"].value == "教师发展中心"
    rows = [[c.value for c in sheet[r]] for r in range(6, 10)]
    assert rows == [
        ["组长", "冯明", "局长", "13844105846", "fm@wenjiang.gov.cn"],
        ["副组长", "梁海", "副局长", "18682201632", None],
        [None, "白强", "主任", "028-82710000", None],
        ["成员", "程东", "科长", "19375744913", "cd@wj.cn"],
    ]
    assert sheet["A10"].value == "温江区教育局意见" and sheet["B10"].value == "同意上报。"


def test_export_then_import_gives_the_same_group(workspace: Workspace, tmp_path: Path) -> None:
    workspace.leadership.replace_group(GROUP, office="教师发展中心", opinion="同意。\n请审核。")
    before = workspace.leadership.group()
    out = tmp_path / "小组.xlsx"
    workspace.leadership.leadership_form(out)
    workspace.leadership.replace_group(GROUP[:1], office="另一科室", opinion="")
    preview = workspace.leadership.read_file(out)
    assert not preview.written and len(preview.members) == 4
    assert workspace.leadership.group().office == "另一科室"  # read_file wrote nothing
    result = workspace.leadership.import_file(out)
    assert result.written
    after = workspace.leadership.group()
    assert after.office == before.office and after.opinion == before.opinion
    strip = [(m.group_role, m.name, m.position, m.phone, m.email) for m in before.members]
    assert [(m.group_role, m.name, m.position, m.phone, m.email) for m in after.members] == strip
    # 单位 is not on the form: 冯明 (still in the group) kept his; the others lost theirs
    # when the group was cut to him, and come back without it.
    assert [m.unit for m in after.members] == ["温江区教育局", "", "", ""]


def test_a_bad_file_is_refused_whole(workspace: Workspace, tmp_path: Path) -> None:
    workspace.leadership.replace_group(GROUP, office="教师发展中心")
    good = tmp_path / "小组.xlsx"
    workspace.leadership.leadership_form(good)
    book = openpyxl.load_workbook(good)
    sheet = book.worksheets[0]
    sheet["B4"] = None  # 负责科室
    sheet["D7"] = "12345"
    sheet["E9"] = "cd@"
    sheet["A9"] = "秘书"
    bad = tmp_path / "bad.xlsx"
    book.save(bad)
    with pytest.raises(ImportRejectedError) as caught:
        workspace.leadership.import_file(bad)
    issues = {(i.row, i.column): i for i in caught.value.details["issues"]}
    assert set(issues) == {(7, "联系电话（D列）"), (9, "职务类别（A列）"), (4, "负责科室（B列）")}
    assert issues[(7, "联系电话（D列）")].value == "12345"
    assert "bad.xlsx" in caught.value.message and "全部或不导入" in caught.value.message
    assert len(workspace.leadership.group().members) == 4


def test_import_of_the_seed_layout(workspace: Workspace, tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    for values in (
        ["_____区“提升工程 2.0”工作小组名单"],
        ["报送单位："],
        ["负责科室", "教育局师资科"],
        [None, "姓名", "职务", "联系电话", "电子邮箱"],
        ["组长", "张三", "局长", 13800000000, None],
        ["成员", "王五", "科长", "028-82710000", "ww@wj.cn"],
        ["区教育局 意见", "负责人签字： (公章) 年 月 日"],
    ):
        sheet.append(values)
    path = tmp_path / "seed.xlsx"
    book.save(path)
    result = workspace.leadership.import_file(path)
    assert result.office == "教育局师资科" and result.opinion == ""
    assert _people(workspace) == [
        ("leader", "张三", "局长", "", "13800000000", ""),
        ("member", "王五", "科长", "", "028-82710000", "ww@wj.cn"),
    ]


def test_permissions(workspace: Workspace, tmp_path: Path) -> None:
    workspace.leadership.replace_group(GROUP, office="教师发展中心")
    workspace.act_as(Actor("look", Role.VIEWER))
    assert workspace.leadership.leadership_form(tmp_path / "x.xlsx") == 4
    with pytest.raises(PermissionDeniedError):
        workspace.leadership.replace_group(GROUP)
    with pytest.raises(PermissionDeniedError):
        workspace.leadership.set_office("x")
