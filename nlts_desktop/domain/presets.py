"""Provincial presets (预设): hours rule, point-selection rule and yearly targets, as data.

Where provinces differ (Foshan 25 + 25 with ≥ 50 % practice, Anhui 30 + 30, Hunan 25 credited on
passing, Sichuan ≥ 20 + ≥ 30), the program reads the rule from a preset, never from code.  The
shipped presets live in ``resources/presets/*.json``; a workspace keeps its own copy as JSON in
the database (:func:`preset_to_dict` ↔ :func:`parse_preset`) so the county can edit it.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from nlts_desktop.domain.catalogue import dimension_names, read_json_file
from nlts_desktop.domain.enums import Environment
from nlts_desktop.domain.errors import NotFoundError, ValidationError
from nlts_desktop.domain.resources import load_json, resource_path

PRESET_FOLDER = "presets"
_EPSILON = 1e-9


@dataclass(frozen=True)
class HourRule:
    """学时要求: minimum total, 网络研修 (online) and 校本实践应用 (practice) hours, and limits."""

    total_min: float
    online_min: float | None = None
    practice_min: float | None = None
    #: Minimum share of practice hours in the counted total (Foshan: ≥ 50 %).
    practice_share_min: float | None = None
    #: Practice hours credited when the school assessment is passed (Hunan: 25).
    practice_credit_on_pass: float | None = None
    other_counts_toward_total: bool = False
    requires_assessment_pass: bool = True
    hour_step: float = 0.5
    max_hours_per_day: float = 24.0
    note: str = ""


@dataclass(frozen=True)
class PointRule:
    """选点要求: how many micro-ability points a teacher picks and what they must cover."""

    min_points: int = 3
    min_dimensions: int = 2
    allowed_environments: tuple[Environment, ...] = (
        Environment.MULTIMEDIA,
        Environment.MIXED,
        Environment.SMART,
    )
    points_from_school_environment_only: bool = True


@dataclass(frozen=True)
class YearTarget:
    """年度目标: share of teachers and/or schools to finish, per year or cumulative by that year."""

    year: int
    teacher_share: float | None = None
    school_share: float | None = None
    cumulative: bool = False
    note: str = ""


@dataclass(frozen=True)
class Preset:
    """A province's programme rules (e.g. 广东 2.0)."""

    preset_id: str
    name: str
    province: str
    province_code: str
    version: str
    description: str
    source: str
    years: tuple[int, ...]
    hours: HourRule
    points: PointRule = field(default_factory=PointRule)
    targets: tuple[YearTarget, ...] = ()
    note: str = ""

    def target_for(self, year: int) -> YearTarget | None:
        """The target of one programme year, or None."""
        for target in self.targets:
            if target.year == year:
                return target
        return None


def _fmt(value: float) -> str:
    return f"{value:g}" if value == int(value) else f"{value:.6g}"


def _pct(share: float) -> str:
    return f"{_fmt(round(share * 100, 2))}%"


class _Parser:
    """Validates one preset file; the first problem raises ``preset.file`` naming file and field."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, path: str, message: str) -> ValidationError:
        where = f"“{path}”" if path else ""
        # Messages that already say how to fix it do not get the generic advice as well.
        advice = "" if "请" in message else "请修改后重新载入。"
        return ValidationError(
            f"预设文件“{self.source}”中{where}{message}{advice}",
            code="preset.file",
            field=path or None,
            details={"file": self.source},
        )

    # -- scalar readers ----------------------------------------------------------------------

    def text(self, raw: Mapping[str, Any], key: str, label: str, *, required: bool = True) -> str:
        value = raw.get(key)
        if value is None:
            if required:
                raise self.fail(key, f"（{label}）缺失，请填写。")
            return ""
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise self.fail(key, f"（{label}）应为文字。")
        result = str(value).strip()
        if required and not result:
            raise self.fail(key, f"（{label}）为空，请填写。")
        return result

    def number(
        self, raw: Mapping[str, Any], key: str, label: str, *, path: str, optional: bool = False
    ) -> float | None:
        value = raw.get(key)
        full = f"{path}.{key}"
        if value is None:
            if optional:
                return None
            raise self.fail(full, f"（{label}）缺失，请填写一个数字。")
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            raise self.fail(full, f"（{label}）应为数字，当前为“{value}”。")
        if value < 0:
            raise self.fail(full, f"（{label}）不能为负数，当前为 {_fmt(value)}。")
        return float(value)

    def required_number(self, raw: Mapping[str, Any], key: str, label: str, *, path: str) -> float:
        value = self.number(raw, key, label, path=path)
        assert value is not None  # number() raises for a missing required value
        return value

    def number_or(
        self, raw: Mapping[str, Any], key: str, label: str, *, path: str, default: float
    ) -> float:
        value = self.number(raw, key, label, path=path, optional=True)
        return default if value is None else value

    def share(self, raw: Mapping[str, Any], key: str, label: str, *, path: str) -> float | None:
        value = self.number(raw, key, label, path=path, optional=True)
        if value is not None and value > 1:
            raise self.fail(
                f"{path}.{key}",
                f"（{label}）应为 0 到 1 之间的小数（如 0.5 表示 50%），当前为 {_fmt(value)}。",
            )
        return value

    def flag(
        self, raw: Mapping[str, Any], key: str, label: str, *, path: str, default: bool
    ) -> bool:
        value = raw.get(key, default)
        if not isinstance(value, bool):
            raise self.fail(f"{path}.{key}", f"（{label}）应为 true 或 false，当前为“{value}”。")
        return value

    def integer(self, raw: Mapping[str, Any], key: str, label: str, *, path: str) -> int:
        value = raw.get(key)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(f"{path}.{key}", f"（{label}）应为整数，当前为“{value}”。")
        return value

    def section(self, raw: Mapping[str, Any], key: str, label: str) -> Mapping[str, Any]:
        value = raw.get(key)
        if not isinstance(value, Mapping):
            raise self.fail(key, f"（{label}）缺失或不是对象（{{…}}）。")
        return value

    # -- sections ----------------------------------------------------------------------------

    def preset(self, data: Any) -> Preset:
        if not isinstance(data, Mapping):
            raise self.fail("", "最外层应为一个对象（{…}），当前不是。")
        province_code = self.text(data, "province_code", "省份代码")
        if not (len(province_code) == 2 and province_code.isascii() and province_code.isdigit()):
            raise self.fail(
                "province_code",
                f"（省份代码）应为 2 位数字，如广东为 44，当前为“{province_code}”。",
            )
        years = self.years(data.get("years"))
        return Preset(
            preset_id=self.text(data, "preset_id", "预设标识"),
            name=self.text(data, "name", "名称"),
            province=self.text(data, "province", "省份"),
            province_code=province_code,
            version=self.text(data, "version", "版本"),
            description=self.text(data, "description", "说明", required=False),
            source=self.text(data, "source", "依据文件", required=False),
            years=years,
            hours=self.hours(self.section(data, "hours", "学时要求")),
            points=self.points(self.section(data, "points", "选点要求")),
            targets=self.targets(data.get("targets", []), years),
            note=self.text(data, "note", "备注", required=False),
        )

    def years(self, raw: Any) -> tuple[int, ...]:
        if not isinstance(raw, list) or not raw:
            raise self.fail("years", "（工程年份）应为年份列表，如 [2020, 2021, 2022]。")
        years: list[int] = []
        for value in raw:
            if isinstance(value, bool) or not isinstance(value, int) or not 2000 <= value <= 2100:
                raise self.fail("years", f"（工程年份）中的“{value}”不是有效的年份。")
            if years and value <= years[-1]:
                raise self.fail("years", "（工程年份）应从小到大排列且不重复。")
            years.append(value)
        return tuple(years)

    def hours(self, raw: Mapping[str, Any]) -> HourRule:
        path = "hours"
        total = self.required_number(raw, "total_min", "总学时下限", path=path)
        if total <= 0:
            raise self.fail("hours.total_min", "（总学时下限）必须大于 0。")
        online = self.number(raw, "online_min", "网络研修学时下限", path=path, optional=True)
        practice = self.number(
            raw, "practice_min", "校本实践应用学时下限", path=path, optional=True
        )
        parts = (online or 0.0) + (practice or 0.0)
        if parts > total + _EPSILON:
            raise self.fail(
                "hours.total_min",
                f"（总学时下限）为 {_fmt(total)}，小于网络研修与校本实践应用的下限之和 "
                f"{_fmt(parts)}；请把总学时改为不少于 {_fmt(parts)}，或调低两项下限。",
            )
        credit = self.number(
            raw, "practice_credit_on_pass", "考核合格认定的实践学时", path=path, optional=True
        )
        if credit is not None and credit > total + _EPSILON:
            raise self.fail(
                "hours.practice_credit_on_pass",
                f"（考核合格认定的实践学时）为 {_fmt(credit)}，超过了总学时下限 {_fmt(total)}。",
            )
        step = self.number_or(raw, "hour_step", "学时最小单位", path=path, default=0.5)
        if step <= 0:
            raise self.fail("hours.hour_step", "（学时最小单位）必须大于 0，例如 0.5。")
        per_day = self.number_or(raw, "max_hours_per_day", "每天最多学时", path=path, default=24.0)
        if not step <= per_day <= 24:
            raise self.fail(
                "hours.max_hours_per_day",
                f"（每天最多学时）应在 {_fmt(step)} 到 24 之间，当前为 {_fmt(per_day)}。",
            )
        return HourRule(
            total_min=total,
            online_min=online,
            practice_min=practice,
            practice_share_min=self.share(
                raw, "practice_share_min", "校本实践应用学时最低占比", path=path
            ),
            practice_credit_on_pass=credit,
            other_counts_toward_total=self.flag(
                raw, "other_counts_toward_total", "其他学时是否计入总学时", path=path, default=False
            ),
            requires_assessment_pass=self.flag(
                raw, "requires_assessment_pass", "是否要求校本应用考核合格", path=path, default=True
            ),
            hour_step=step,
            max_hours_per_day=per_day,
            note=self.text(raw, "note", "备注", required=False),
        )

    def points(self, raw: Mapping[str, Any]) -> PointRule:
        path = "points"
        min_points = self.integer(raw, "min_points", "最少能力点数", path=path)
        if min_points < 1:
            raise self.fail("points.min_points", "（最少能力点数）至少为 1。")
        min_dimensions = self.integer(raw, "min_dimensions", "最少覆盖维度数", path=path)
        known = len(dimension_names())
        if not 0 <= min_dimensions <= known:
            raise self.fail(
                "points.min_dimensions",
                f"（最少覆盖维度数）应在 0 到 {known} 之间，当前为 {min_dimensions}。",
            )
        raw_envs = raw.get("allowed_environments", ["A", "B", "C"])
        if not isinstance(raw_envs, list) or not raw_envs:
            raise self.fail(
                "points.allowed_environments", '（可选环境）应为列表，如 ["A", "B", "C"]。'
            )
        environments: list[Environment] = []
        for value in raw_envs:
            key = unicodedata.normalize("NFKC", str(value)).strip().upper()
            if key not in {e.value for e in Environment}:
                raise self.fail(
                    "points.allowed_environments",
                    f"（可选环境）中的“{value}”无效，应为 A、B、C（多媒体、混合、智慧）。",
                )
            environment = Environment(key)
            if environment in environments:
                raise self.fail("points.allowed_environments", f"（可选环境）中“{key}”重复。")
            environments.append(environment)
        return PointRule(
            min_points=min_points,
            min_dimensions=min_dimensions,
            allowed_environments=tuple(environments),
            points_from_school_environment_only=self.flag(
                raw,
                "points_from_school_environment_only",
                "只能从学校选定的环境中选点",
                path=path,
                default=True,
            ),
        )

    def targets(self, raw: Any, years: tuple[int, ...]) -> tuple[YearTarget, ...]:
        if not isinstance(raw, list):
            raise self.fail("targets", "（年度目标）应为列表。")
        targets: list[YearTarget] = []
        for index, item in enumerate(raw, start=1):
            path = f"targets[{index}]"
            if not isinstance(item, Mapping):
                raise self.fail(path, "（年度目标）应为对象（{…}）。")
            year = self.integer(item, "year", "年份", path=path)
            if year not in years:
                listed = "、".join(str(y) for y in years)
                raise self.fail(f"{path}.year", f"（年份）{year} 不在工程年份 {listed} 之内。")
            if any(t.year == year for t in targets):
                raise self.fail(f"{path}.year", f"（年份）{year} 重复出现，每年只能有一条目标。")
            target = YearTarget(
                year=year,
                teacher_share=self.share(item, "teacher_share", "教师完成比例", path=path),
                school_share=self.share(item, "school_share", "学校完成比例", path=path),
                cumulative=self.flag(
                    item, "cumulative", "是否为累计比例", path=path, default=False
                ),
                note=self.text(item, "note", "备注", required=False),
            )
            if target.teacher_share is None and target.school_share is None:
                raise self.fail(path, "（年度目标）至少要填写教师完成比例或学校完成比例之一。")
            targets.append(target)
        targets.sort(key=lambda t: t.year)
        self.check_target_shares(targets)
        return tuple(targets)

    def check_target_shares(self, targets: list[YearTarget]) -> None:
        for attr, label in (("teacher_share", "教师"), ("school_share", "学校")):
            per_year = [
                (t.year, getattr(t, attr)) for t in targets if not t.cumulative and getattr(t, attr)
            ]
            total = sum(share for _, share in per_year)
            if total > 1 + _EPSILON:
                raise self.fail(
                    "targets",
                    f"（年度目标）：按年计的{label}完成比例合计为 {_pct(total)}，超过了 100%；"
                    "如果是到某年为止的累计比例，请把 cumulative 设为 true。",
                )
            running: tuple[int, float] | None = None
            for target in targets:
                share = getattr(target, attr)
                if not target.cumulative or share is None:
                    continue
                if running is not None and share + _EPSILON < running[1]:
                    raise self.fail(
                        "targets",
                        f"（年度目标）：{target.year} 年的{label}累计完成比例 {_pct(share)} 小于 "
                        f"{running[0]} 年的 {_pct(running[1])}，累计比例不能减少。",
                    )
                running = (target.year, share)


def parse_preset(data: Any, *, source: str) -> Preset:
    """Build a preset from parsed JSON; any problem raises ValidationError ``preset.file``."""
    return _Parser(source).preset(data)


def _plain(value: float | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def preset_to_dict(preset: Preset) -> dict[str, Any]:
    """The preset as JSON-ready data in the file format (round-trips through parse_preset)."""
    hours = preset.hours
    rule = preset.points
    return {
        "preset_id": preset.preset_id,
        "name": preset.name,
        "province": preset.province,
        "province_code": preset.province_code,
        "version": preset.version,
        "description": preset.description,
        "source": preset.source,
        "years": list(preset.years),
        "hours": {
            "total_min": _plain(hours.total_min),
            "online_min": _plain(hours.online_min),
            "practice_min": _plain(hours.practice_min),
            "practice_share_min": hours.practice_share_min,
            "practice_credit_on_pass": _plain(hours.practice_credit_on_pass),
            "other_counts_toward_total": hours.other_counts_toward_total,
            "requires_assessment_pass": hours.requires_assessment_pass,
            "hour_step": _plain(hours.hour_step),
            "max_hours_per_day": _plain(hours.max_hours_per_day),
            "note": hours.note,
        },
        "points": {
            "min_points": rule.min_points,
            "min_dimensions": rule.min_dimensions,
            "allowed_environments": [e.value for e in rule.allowed_environments],
            "points_from_school_environment_only": rule.points_from_school_environment_only,
        },
        "targets": [
            {
                "year": t.year,
                "teacher_share": t.teacher_share,
                "school_share": t.school_share,
                "cumulative": t.cumulative,
                "note": t.note,
            }
            for t in preset.targets
        ],
        "note": preset.note,
    }


def available_preset_ids() -> list[str]:
    """Ids (file stems) of the shipped presets."""
    return sorted(p.stem for p in Path(resource_path(PRESET_FOLDER)).glob("*.json"))


@cache
def _shipped_preset(preset_id: str) -> Preset:
    filename = f"{preset_id}.json"
    return parse_preset(load_json(PRESET_FOLDER, filename), source=f"{PRESET_FOLDER}/{filename}")


def load_preset(preset_id: str) -> Preset:
    """A shipped preset by id (e.g. ``guangdong-2.0``); NotFoundError ``preset.unknown`` if none."""
    key = unicodedata.normalize("NFKC", preset_id).strip().lower()
    ids = available_preset_ids()
    if key not in ids:
        listed = "、".join(f"{p.preset_id}（{p.name}）" for p in list_presets())
        raise NotFoundError(
            f"没有名为“{preset_id.strip()}”的预设。可用的预设有：{listed}。",
            code="preset.unknown",
            details={"value": preset_id, "available": ids},
        )
    return _shipped_preset(key)


def list_presets() -> list[Preset]:
    """All shipped presets, ordered by id."""
    return [_shipped_preset(preset_id) for preset_id in available_preset_ids()]


def load_preset_file(path: Path) -> Preset:
    """A preset from a JSON file the county chose (e.g. its own edited copy)."""
    return parse_preset(read_json_file(path, what="预设", code="preset.file"), source=path.name)
