"""Shipped presets: values from the seeds, round trip through JSON, and file validation."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from nlts_desktop.domain.enums import Environment
from nlts_desktop.domain.errors import NotFoundError, ValidationError
from nlts_desktop.domain.presets import (
    HourRule,
    available_preset_ids,
    list_presets,
    load_preset,
    load_preset_file,
    parse_preset,
    preset_to_dict,
)

IDS = ["anhui-2.0", "guangdong-2.0", "hunan-2.0", "sichuan-2.0"]


def test_shipped_presets() -> None:
    assert available_preset_ids() == IDS
    assert [p.preset_id for p in list_presets()] == IDS


@pytest.mark.parametrize("preset_id", IDS)
def test_preset_round_trips(preset_id: str) -> None:
    preset = load_preset(preset_id)
    data = preset_to_dict(preset)
    # What the workspace stores is plain JSON …
    text = json.dumps(data, ensure_ascii=False)
    # … and reads back to the same preset.
    assert parse_preset(json.loads(text), source="workspace") == preset
    assert preset.years == (2020, 2021, 2022)
    assert preset.hours.requires_assessment_pass
    assert preset.points.min_points == 3
    assert preset.points.allowed_environments == tuple(Environment)
    assert preset.points.points_from_school_environment_only


@pytest.mark.parametrize(
    ("preset_id", "province", "code", "total", "online", "practice", "share", "credit", "dims"),
    [
        ("guangdong-2.0", "广东省", "44", 50, 25, 25, 0.5, 25, 2),
        ("anhui-2.0", "安徽省", "34", 60, 30, 30, None, 30, 2),
        ("hunan-2.0", "湖南省", "43", 50, 25, 25, None, 25, 2),
        ("sichuan-2.0", "四川省", "51", 50, 20, 30, None, 30, 3),
    ],
)
def test_preset_values(
    preset_id: str,
    province: str,
    code: str,
    total: float,
    online: float,
    practice: float,
    share: float | None,
    credit: float,
    dims: int,
) -> None:
    preset = load_preset(preset_id)
    assert (preset.province, preset.province_code) == (province, code)
    hours = preset.hours
    assert (hours.total_min, hours.online_min, hours.practice_min) == (total, online, practice)
    assert hours.practice_share_min == share
    assert hours.practice_credit_on_pass == credit
    assert hours.hour_step == 0.5 and hours.max_hours_per_day == 24
    assert not hours.other_counts_toward_total
    assert preset.points.min_dimensions == dims


def test_yearly_targets() -> None:
    foshan = load_preset("guangdong-2.0")
    assert [(t.year, t.teacher_share, t.cumulative) for t in foshan.targets] == [
        (2020, 0.3, False),
        (2021, 0.5, False),
        (2022, 0.2, False),
    ]
    hunan = load_preset("hunan-2.0")
    assert [(t.year, t.school_share, t.teacher_share, t.cumulative) for t in hunan.targets] == [
        (2020, 0.3, None, True),
        (2021, 0.7, None, True),
        (2022, 1.0, None, True),
    ]
    assert hunan.target_for(2021) is not None
    assert hunan.target_for(2019) is None
    for preset_id in ("anhui-2.0", "sichuan-2.0"):
        preset = load_preset(preset_id)
        assert preset.note  # the county is told these are its to edit
        assert [t.teacher_share for t in preset.targets] == [0.3, 0.7, 1.0]


def test_unknown_preset_lists_the_available_ones() -> None:
    with pytest.raises(NotFoundError) as info:
        load_preset("zhejiang-2.0")
    assert info.value.code == "preset.unknown"
    for preset_id in IDS:
        assert preset_id in info.value.message
    assert "广东 2.0" in info.value.message


def test_preset_id_is_forgiving_about_case_and_width() -> None:
    assert load_preset(" GUANGDONG-2.0 ").preset_id == "guangdong-2.0"


def test_load_preset_file(tmp_path: Path) -> None:
    data = preset_to_dict(load_preset("sichuan-2.0"))
    data["preset_id"] = "my-county"
    data["hours"]["online_min"] = 15
    path = tmp_path / "county.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    preset = load_preset_file(path)
    assert preset.preset_id == "my-county"
    assert preset.hours.online_min == 15


def test_load_preset_file_bad_json(tmp_path: Path) -> None:
    path = tmp_path / "county.json"
    path.write_text('{"preset_id": "x",\n"name": }', encoding="utf-8")
    with pytest.raises(ValidationError) as info:
        load_preset_file(path)
    assert info.value.code == "preset.file"
    assert "county.json" in info.value.message and "第 2 行" in info.value.message


def _broken(mutate: Any) -> ValidationError:
    data = copy.deepcopy(preset_to_dict(load_preset("guangdong-2.0")))
    mutate(data)
    with pytest.raises(ValidationError) as info:
        parse_preset(data, source="edited.json")
    assert info.value.code == "preset.file"
    assert "edited.json" in info.value.message
    return info.value


@pytest.mark.parametrize(
    ("mutate", "field"),
    [
        (lambda d: d["hours"].update(online_min=-1), "hours.online_min"),
        (lambda d: d["hours"].update(total_min=0), "hours.total_min"),
        (lambda d: d["hours"].update(total_min="五十"), "hours.total_min"),
        (lambda d: d["hours"].update(online_min=30, practice_min=30), "hours.total_min"),
        (lambda d: d["hours"].update(practice_share_min=50), "hours.practice_share_min"),
        (lambda d: d["hours"].update(practice_credit_on_pass=80), "hours.practice_credit_on_pass"),
        (lambda d: d["hours"].update(hour_step=0), "hours.hour_step"),
        (lambda d: d["hours"].update(max_hours_per_day=30), "hours.max_hours_per_day"),
        (
            lambda d: d["hours"].update(requires_assessment_pass="是"),
            "hours.requires_assessment_pass",
        ),
        (lambda d: d.pop("hours"), "hours"),
        (lambda d: d.update(years=[2022, 2021]), "years"),
        (lambda d: d.update(years=[]), "years"),
        (lambda d: d.update(province_code="4"), "province_code"),
        (lambda d: d.pop("name"), "name"),
        (lambda d: d["points"].update(min_points=0), "points.min_points"),
        (lambda d: d["points"].update(min_dimensions=5), "points.min_dimensions"),
        (
            lambda d: d["points"].update(allowed_environments=["A", "D"]),
            "points.allowed_environments",
        ),
        (
            lambda d: d["points"].update(allowed_environments=["A", "a"]),
            "points.allowed_environments",
        ),
        (lambda d: d["targets"][0].update(year=2019), "targets[1].year"),
        (lambda d: d["targets"][1].update(year=2020), "targets[2].year"),
        (lambda d: d["targets"][0].update(teacher_share=1.5), "targets[1].teacher_share"),
        (lambda d: d["targets"][0].update(teacher_share=None), "targets[1]"),
        (lambda d: d["targets"][0].update(teacher_share=0.6), "targets"),
    ],
)
def test_invalid_preset_fields(mutate: Any, field: str) -> None:
    error = _broken(mutate)
    assert error.field == field
    assert f"“{field}”" in error.message


def test_cumulative_shares_may_not_decrease() -> None:
    def mutate(d: dict[str, Any]) -> None:
        for target, share in zip(d["targets"], (0.5, 0.3, 1.0), strict=True):
            target.update(teacher_share=share, cumulative=True)

    error = _broken(mutate)
    assert "2021" in error.message and "累计" in error.message


def test_per_year_share_overflow_suggests_cumulative() -> None:
    error = _broken(lambda d: d["targets"][0].update(teacher_share=0.6))
    assert "cumulative" in error.message and "130%" in error.message


def test_not_an_object() -> None:
    with pytest.raises(ValidationError) as info:
        parse_preset([1, 2], source="list.json")
    assert info.value.code == "preset.file"


def test_optional_hour_keys_take_defaults() -> None:
    data = preset_to_dict(load_preset("anhui-2.0"))
    for key in ("hour_step", "max_hours_per_day", "note", "requires_assessment_pass"):
        del data["hours"][key]
    hours = parse_preset(data, source="x").hours
    assert hours == HourRule(
        total_min=60,
        online_min=30,
        practice_min=30,
        practice_credit_on_pass=30,
    )
