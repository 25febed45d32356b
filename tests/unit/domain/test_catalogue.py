"""The ability-point catalogue: shipped content and the checks on a province's own file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from nlts_desktop.domain.catalogue import (
    load_catalogue,
    normalize_point_code,
    parse_catalogue,
)
from nlts_desktop.domain.enums import Environment
from nlts_desktop.domain.errors import NotFoundError, ValidationError

# The DOMAIN.md table, verbatim.
EXPECTED = {
    "A1": ("技术支持的学情分析", "学情分析"),
    "A2": ("数字教育资源获取与评价", "教学设计"),
    "A3": ("演示文稿设计与制作", "教学设计"),
    "A4": ("数字教育资源管理", "教学设计"),
    "A5": ("技术支持的课堂导入", "学法指导"),
    "A6": ("技术支持的课堂讲授", "学法指导"),
    "A7": ("技术支持的总结提升", "学法指导"),
    "A8": ("技术支持的方法指导", "学法指导"),
    "A9": ("学生信息道德培养", "学法指导"),
    "A10": ("学生信息安全培养", "学法指导"),
    "A11": ("评价量规设计与应用", "学业评价"),
    "A12": ("评价数据的伴随性采集", "学业评价"),
    "A13": ("数据可视化呈现与解读", "学业评价"),
    "B1": ("技术支持的测验与练习", "学情分析"),
    "B2": ("微课程设计与制作", "教学设计"),
    "B3": ("探究型学习活动设计", "教学设计"),
    "B4": ("技术支持的发现与解决问题", "学法指导"),
    "B5": ("学习小组组织与管理", "学法指导"),
    "B6": ("技术支持的展示交流", "学法指导"),
    "B7": ("家校交流与合作", "学法指导"),
    "B8": ("公平管理技术资源", "学法指导"),
    "B9": ("自评与互评活动的组织", "学业评价"),
    "B10": ("档案袋评价", "学业评价"),
    "C1": ("跨学科学习活动设计", "教学设计"),
    "C2": ("创造真实学习情境", "教学设计"),
    "C3": ("创新解决问题的方法", "学法指导"),
    "C4": ("支持学生创造性学习与表达", "学法指导"),
    "C5": ("基于数据的个别化指导", "学法指导"),
    "C6": ("应用数据分析模型", "学业评价"),
    "C7": ("创建数据分析微模型", "学业评价"),
}


def _minimal() -> dict[str, Any]:
    return {
        "catalogue": "test",
        "version": "1",
        "title": "测试目录",
        "points": [
            {
                "code": "A1",
                "name": "技术支持的学情分析",
                "environment": "A",
                "dimension": "学情分析",
                "evidence": [{"code": "A1-1", "name": "学情分析方案", "kind": "document"}],
            },
            {
                "code": "B1",
                "name": "技术支持的测验与练习",
                "environment": "B",
                "dimension": "学情分析",
                "evidence": [{"code": "B1-1", "name": "测验", "kind": "document"}],
            },
        ],
    }


def test_shipped_catalogue_has_the_30_points_of_the_norm() -> None:
    catalogue = load_catalogue()
    assert catalogue.catalogue_id == "national-2.0"
    assert catalogue.version == "2019.1"
    assert len(catalogue.points) == 30
    assert len(catalogue.by_environment(Environment.MULTIMEDIA)) == 13
    assert len(catalogue.by_environment(Environment.MIXED)) == 10
    assert len(catalogue.by_environment(Environment.SMART)) == 7
    assert {p.code: (p.name, p.dimension) for p in catalogue.points} == EXPECTED
    assert [p.code for p in catalogue.points] == list(EXPECTED)
    for point in catalogue.points:
        assert point.environment.value == point.code[0]
        assert 1 <= len(point.evidence) <= 3
        assert all(e.code.startswith(point.code + "-") for e in point.evidence)


def test_dimensions_in_canonical_order() -> None:
    assert load_catalogue().dimensions() == ("学情分析", "教学设计", "学法指导", "学业评价")


def test_evidence_examples_from_the_domain_notes() -> None:
    catalogue = load_catalogue()
    a1 = catalogue.point("A1").evidence
    assert [e.name for e in a1] == ["学情分析方案", "学情分析报告（视频）"]
    assert (a1[1].kind, a1[1].max_minutes) == ("video", 5)
    a6 = catalogue.point("A6").evidence
    assert [e.kind for e in a6] == ["document", "video", "document"]
    assert a6[1].max_minutes == 10
    assert a6[2].name == "教学反思"


@pytest.mark.parametrize("code", ["a6", " A6 ", "Ａ６", "ａ6"])
def test_point_codes_are_case_and_width_insensitive(code: str) -> None:
    assert load_catalogue().point(code).code == "A6"
    assert normalize_point_code(code) == "A6"


def test_unknown_point() -> None:
    catalogue = load_catalogue()
    assert catalogue.find("D1") is None
    with pytest.raises(NotFoundError) as info:
        catalogue.point("D1")
    assert info.value.code == "catalogue.point"
    assert "D1" in info.value.message and "能力点" in info.value.message


def test_load_a_province_file(tmp_path: Path) -> None:
    path = tmp_path / "mine.json"
    path.write_text(json.dumps(_minimal(), ensure_ascii=False), encoding="utf-8")
    catalogue = load_catalogue(path)
    assert [p.code for p in catalogue.points] == ["A1", "B1"]
    assert catalogue.dimensions() == ("学情分析",)


def test_malformed_json_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{\n  "catalogue": "x",\n  "points": [,]\n}\n', encoding="utf-8")
    with pytest.raises(ValidationError) as info:
        load_catalogue(path)
    assert info.value.code == "catalogue.file"
    assert "broken.json" in info.value.message
    assert "第 3 行" in info.value.message
    assert info.value.details["line"] == 3


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ValidationError) as info:
        load_catalogue(tmp_path / "nope.json")
    assert info.value.code == "catalogue.file"
    assert "找不到" in info.value.message


def _break(mutate: Any) -> ValidationError:
    data = _minimal()
    mutate(data)
    with pytest.raises(ValidationError) as info:
        parse_catalogue(data, source="province.json")
    assert info.value.code == "catalogue.file"
    assert "province.json" in info.value.message
    return info.value


def test_duplicate_point_code() -> None:
    def mutate(d: dict[str, Any]) -> None:
        d["points"][1]["code"] = "a1"
        d["points"][1]["evidence"][0]["code"] = "A1-9"

    error = _break(mutate)
    assert "A1" in error.message and "重复" in error.message


def test_duplicate_evidence_code() -> None:
    def mutate(d: dict[str, Any]) -> None:
        d["points"][1]["evidence"][0]["code"] = "A1-1"

    error = _break(mutate)
    assert "B1" in error.message and "A1-1" in error.message and "重复" in error.message


def test_unknown_environment() -> None:
    error = _break(lambda d: d["points"][0].update(environment="D"))
    assert "能力点 A1" in error.message and "“D”" in error.message


def test_unknown_dimension() -> None:
    error = _break(lambda d: d["points"][1].update(dimension="教学评价"))
    assert "能力点 B1" in error.message and "教学评价" in error.message


def test_point_without_evidence() -> None:
    error = _break(lambda d: d["points"][0].update(evidence=[]))
    assert "能力点 A1" in error.message and "证据" in error.message


def test_bad_evidence_kind_and_minutes() -> None:
    error = _break(lambda d: d["points"][0]["evidence"][0].update(kind="audio"))
    assert "audio" in error.message
    error = _break(lambda d: d["points"][0]["evidence"][0].update(max_minutes=-5))
    assert "-5" in error.message


def test_missing_fields() -> None:
    assert "name" in _break(lambda d: d["points"][0].pop("name")).message
    assert "points" in _break(lambda d: d.pop("points")).message
    assert "version" in _break(lambda d: d.pop("version")).message
    error = _break(lambda d: d["points"].append("A2"))
    assert "第 3 个能力点" in error.message


def test_environment_and_dimension_aliases_are_accepted() -> None:
    data = _minimal()
    data["points"][0]["environment"] = "多媒体"
    data["points"][0]["dimension"] = "analysis"
    catalogue = parse_catalogue(data, source="x.json")
    assert catalogue.point("A1").environment is Environment.MULTIMEDIA
    assert catalogue.point("A1").dimension == "学情分析"
