"""AnnualPlanService: the 年度规划书 gathered from the data, its texts, and the PDF."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from nlts_desktop.domain.enums import Role
from nlts_desktop.domain.errors import AppError, PermissionDeniedError, ValidationError
from nlts_desktop.services.annual_plan import DEFAULT_AUDIENCE, DEFAULT_MODE, PLAN_SECTIONS
from nlts_desktop.services.context import Actor
from nlts_desktop.services.leadership import MemberInput
from nlts_desktop.services.workspace import Workspace
from tests.helpers import add_teachers, project_fields

MADE = date(2026, 3, 5)
TEXTS = {
    "blended_training": "依托省级平台开展网络研修，线上线下相结合。\n每学期集中研讨两次。",
    "local_resources": "建设本区微能力点案例资源库。",
    "supervision": "实行“学校自评、区县审核、抽样复核”三级监管。",
    "regulations": "考核结果纳入职称评聘和绩效考核。",
    "atmosphere": "开展“一师一优课、一课一名师”晒课活动。",
    "innovation": "遴选 6 所示范校，形成典型案例集。",
}


@pytest.fixture
def county(workspace: Workspace, school: int) -> tuple[Workspace, int]:
    """20 teachers, a 2021 project with 5 of them enrolled, targets and a leadership group."""
    teachers = add_teachers(workspace, 20)
    workspace.projects.create_institution(
        {"name": "四川师范大学", "contact_name": "郑立海", "phone": "13980800207"}
    )
    project = workspace.projects.create_project(project_fields()).id
    workspace.projects.enroll(project, teachers[:5])
    workspace.targets.set_targets(2021, {"provincial": (4, None), "county": (8, None)})
    workspace.leadership.replace_group(
        [
            MemberInput("组长", "冯明", "局长", "温江区教育局", "13844105846", "fm@wj.gov.cn"),
            MemberInput("副组长", "梁海", "主任", "温江区教师发展中心", "18682201632"),
            MemberInput("成员", "程东", "科长", "温江区教育局人事科", "19375744913"),
        ],
        office="教师发展中心",
    )
    return workspace, project


def test_plan_is_gathered_from_the_data(county: tuple[Workspace, int]) -> None:
    workspace, project = county
    plan = workspace.annual_plan.plan(2021)
    assert (plan.teachers, plan.schools, plan.planned) == (20, 1, 12)
    assert plan.region == "成都市温江区"
    assert plan.cover.unit == "成都市温江区教育局"
    assert [p.name for p in plan.heads] == ["冯明"]
    assert [(p.name, p.unit) for p in plan.members] == [
        ("梁海", "温江区教师发展中心"),
        ("程东", "温江区教育局人事科"),
    ]
    (row,) = plan.projects
    assert row.project_id == project and row.region == "温江区"
    assert row.name == "2021年温江区信息技术应用能力提升工程2.0培训"
    assert row.audience == "小学教师" and row.audience_default  # the enrolled teachers' 学段
    assert row.mode == DEFAULT_MODE and row.mode_default
    assert (row.trainees, row.budget_wan, row.institution) == (120, 12.5, "四川师范大学")
    assert [s.title for s in plan.sections] == [
        "混合式培训", "本地资源建设", "监管评估举措", "制度建设", "应用氛围", "综合创新",
    ]  # fmt: skip
    assert plan.missing == (
        "没有填写封面联系人",
        "没有填写封面联系电话",
        *(f"“{s.title}”没有填写" for s in PLAN_SECTIONS),
    )


def test_sections_keep_their_chinese_punctuation(county: tuple[Workspace, int]) -> None:
    workspace, _ = county
    found = workspace.annual_plan.set_sections(
        2021, {"blended_training": "  线上学习，线下研讨（每月一次）。\u200b\n\n  第二段。  "}
    )
    assert found[0].text == "线上学习，线下研讨（每月一次）。\n\n第二段。"
    assert found[0].prompt == "说明推行混合式培训的工作安排"
    assert workspace.annual_plan.set_section(2021, "blended_training", "").text == ""
    assert workspace.annual_plan.sections(2022)[0].text == ""  # per year
    with pytest.raises(ValidationError) as caught:
        workspace.annual_plan.set_sections(2021, {"summary": "x"})
    assert "blended_training（混合式培训）" in caught.value.message
    with pytest.raises(ValidationError) as caught:
        workspace.annual_plan.set_sections(2021, {"innovation": "字" * 5001})
    assert "5000 字以内" in caught.value.message
    with pytest.raises(ValidationError) as caught:
        workspace.annual_plan.set_sections(2019, {"innovation": "x"})
    assert caught.value.code == "annual_plan.year"


def test_cover_and_project_details(county: tuple[Workspace, int]) -> None:
    workspace, project = county
    cover = workspace.annual_plan.set_cover(
        contact="王老师", phone="028 8271 2345", email="jsfz＠wj.gov.cn"
    )
    assert (cover.unit, cover.phone, cover.email) == (
        "成都市温江区教育局",
        "028-82712345",
        "jsfz@wj.gov.cn",
    )
    with pytest.raises(ValidationError):
        workspace.annual_plan.set_cover(contact="王老师", phone="12345")
    row = workspace.annual_plan.set_project_details(project, audience="骨干教师", mode="集中研修")
    assert (row.audience, row.mode, row.audience_default) == ("骨干教师", "集中研修", False)
    row = workspace.annual_plan.set_project_details(project, audience="")
    assert row.audience == "小学教师" and row.mode == "集中研修"


def test_a_project_without_enrolled_teachers(county: tuple[Workspace, int]) -> None:
    workspace, _ = county
    workspace.projects.create_project(
        project_fields(name="2021年县级培训", level="县级", planned_count="0", institution="")
    )
    plan = workspace.annual_plan.plan(2021)
    other = next(p for p in plan.projects if p.name == "2021年县级培训")
    assert other.audience == DEFAULT_AUDIENCE
    assert "培训项目“2021年县级培训”缺少培训人数、培训机构" in plan.missing


def test_pdf_refused_with_the_list_then_written(
    county: tuple[Workspace, int], tmp_path: Path
) -> None:
    workspace, _ = county
    out = tmp_path / "规划书.pdf"
    with pytest.raises(AppError) as caught:
        workspace.annual_plan.write_pdf(out, 2022)
    missing = caught.value.details["missing"]
    assert "2022 年没有设定年度目标（应培训人数）" in missing
    assert "2022 年没有登记培训项目（培训计划）" in missing
    assert caught.value.message.startswith("无法生成“2022年度规划书”")
    assert not out.exists()
    workspace.annual_plan.set_sections(2021, TEXTS)
    workspace.annual_plan.set_cover(contact="王老师", phone="028-82712345")
    assert workspace.annual_plan.missing(2021) == []
    pages = workspace.annual_plan.write_pdf(out, 2021, made_on=MADE)
    assert pages >= 2
    assert out.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext") is None:
        return
    text = subprocess.run(
        ["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    cover, body = text.split("\f", 1)
    assert "四川省中小学教师信息技术应用能力提升工程" in cover
    assert "2021年度规划书" in cover and "二〇二六年" in cover and "王老师" in cover
    flat = "".join(body.split())
    for expected in (
        "一、教师培训规划",
        "二、推动培训及应用的规划",
        "执行办",
        "冯明",
        "项目名称",
        "小学教师",
        "四川师范大学",
        "“一师一优课、一课一名师”",
        "三级监管",
    ):
        assert expected in flat, expected


def test_permissions(county: tuple[Workspace, int], tmp_path: Path) -> None:
    workspace, _ = county
    workspace.act_as(Actor("look", Role.VIEWER))
    assert workspace.annual_plan.plan(2021).planned == 12
    with pytest.raises(PermissionDeniedError):
        workspace.annual_plan.set_sections(2021, TEXTS)
    with pytest.raises(PermissionDeniedError):
        workspace.annual_plan.set_cover(contact="x")
