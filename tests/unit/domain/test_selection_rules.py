"""Checking a teacher's chosen points against the preset's rule and the school's environments."""

from __future__ import annotations

from nlts_desktop.domain.catalogue import load_catalogue
from nlts_desktop.domain.enums import Environment
from nlts_desktop.domain.presets import PointRule, load_preset
from nlts_desktop.domain.selection_rules import SelectionProblem, check_selection

A, B, C = Environment.MULTIMEDIA, Environment.MIXED, Environment.SMART
RULE = PointRule(min_points=3, min_dimensions=2)


def _codes(problems: tuple[SelectionProblem, ...]) -> list[str]:
    return [p.code for p in problems]


def test_a_good_selection() -> None:
    check = check_selection(load_catalogue(), RULE, ["A1", "a6", "Ａ１１"], school_environments=[A])
    assert check.ok
    assert check.problems == ()
    assert [p.code for p in check.points] == ["A1", "A6", "A11"]
    assert check.dimensions == ("学情分析", "学法指导", "学业评价")


def test_unknown_and_duplicate_points() -> None:
    check = check_selection(load_catalogue(), RULE, ["A1", "D9", "a1", "A6", "A11", ""])
    assert not check.ok
    assert [(p.code, p.point_code) for p in check.problems] == [
        ("selection.unknown_point", "D9"),
        ("selection.duplicate", "A1"),
    ]
    assert "“D9”" in check.problems[0].message
    assert check.problems[1].message == "A1 重复选择了，请删去重复的一项。"
    assert len(check.points) == 3


def test_environment_of_the_school() -> None:
    check = check_selection(load_catalogue(), RULE, ["A1", "A6", "C3"], school_environments=[A])
    assert _codes(check.problems) == ["selection.environment", "selection.too_few"]
    assert check.problems[0].message == (
        "C3 属于智慧学习环境，本校选定的环境为多媒体教学环境，不能选择。"
    )
    assert check.problems[0].point_code == "C3"
    assert check.problems[1].message == "至少选择 3 个符合要求的能力点，当前只有 2 个。"
    assert [p.code for p in check.points] == ["A1", "A6"]


def test_school_with_two_environments() -> None:
    check = check_selection(load_catalogue(), RULE, ["A1", "B2", "C3"], school_environments=[A, B])
    assert "多媒体教学环境、混合学习环境" in check.problems[0].message


def test_school_without_environment() -> None:
    check = check_selection(load_catalogue(), RULE, ["A1"], school_environments=[])
    assert check.problems[0].code == "selection.environment"
    assert "尚未选定" in check.problems[0].message


def test_environment_not_allowed_by_the_rule() -> None:
    rule = PointRule(allowed_environments=(A, B))
    check = check_selection(load_catalogue(), rule, ["A1", "A6", "C3", "B9"])
    assert _codes(check.problems) == ["selection.environment"]
    assert "本方案只允许选择" in check.problems[0].message


def test_school_environment_ignored_when_the_rule_allows_any() -> None:
    rule = PointRule(points_from_school_environment_only=False)
    check = check_selection(load_catalogue(), rule, ["A1", "A6", "C3"], school_environments=[A])
    assert check.ok


def test_too_few_points() -> None:
    check = check_selection(load_catalogue(), RULE, ["A1", "A6"])
    assert _codes(check.problems) == ["selection.too_few"]
    assert check.problems[0].message == "至少选择 3 个能力点，当前 2 个。"
    assert check.problems[0].point_code is None


def test_too_few_dimensions_names_covered_and_missing() -> None:
    check = check_selection(load_catalogue(), RULE, ["A5", "A6", "A7"])
    assert _codes(check.problems) == ["selection.dimensions"]
    message = check.problems[0].message
    assert "至少要覆盖 2 个能力维度" in message
    assert "当前只覆盖了学法指导（1 个）" in message
    assert "学情分析、教学设计、学业评价" in message


def test_sichuan_needs_three_dimensions() -> None:
    rule = load_preset("sichuan-2.0").points
    catalogue = load_catalogue()
    assert not check_selection(catalogue, rule, ["A1", "A6", "A7"]).ok
    assert check_selection(catalogue, rule, ["A1", "A6", "A11"]).ok
    assert check_selection(catalogue, load_preset("guangdong-2.0").points, ["A1", "A6", "A7"]).ok


def test_nothing_selected() -> None:
    check = check_selection(load_catalogue(), RULE, [])
    assert _codes(check.problems) == ["selection.too_few", "selection.dimensions"]
    assert "当前还没有覆盖任何维度" in check.problems[1].message
    assert check.points == () and check.dimensions == ()
