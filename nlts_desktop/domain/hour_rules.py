"""Hours (学时): validating one entry and judging a teacher's totals against a preset's rule.

The rule comes from the preset (:class:`~nlts_desktop.domain.presets.HourRule`), never from code:
Foshan 25 + 25 with ≥ 50 % practice, Anhui 30 + 30, Hunan 25 practice credited on passing the
school assessment, Sichuan ≥ 20 online + ≥ 30 practice.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from numbers import Real

from nlts_desktop.domain.errors import ValidationError
from nlts_desktop.domain.presets import HourRule

# Hours are multiples of 0.5, so rounding to 6 places only removes float noise (0.1 + 0.2 …).
_PLACES = 6
_UNIT_SUFFIXES = ("学时", "学分", "课时")
_DEFAULT_RULE = HourRule(total_min=50.0)


def format_hours(value: float) -> str:
    """Hours for a message, without a trailing ``.0`` (18, 18.5)."""
    value = round(value, _PLACES)
    if value == int(value):
        return str(int(value))
    return f"{value:g}"


def _percent(share: float) -> str:
    return f"{format_hours(round(share * 100, 1))}%"


@dataclass(frozen=True)
class HourTotals:
    """A teacher's summed hours by category: 网络研修 / 校本实践应用 / 其他."""

    online: float = 0.0
    practice: float = 0.0
    other: float = 0.0

    @property
    def total(self) -> float:
        """Online plus practice hours (other hours are not included; the rule decides)."""
        return self.online + self.practice


@dataclass(frozen=True)
class HourVerdict:
    """Whether a teacher meets the hours rule, what is short, and why (in Chinese)."""

    online: float
    practice: float
    other: float
    counted_total: float
    online_short: float
    practice_short: float
    total_short: float
    qualified: bool
    reasons: tuple[str, ...]
    reason_codes: tuple[str, ...]


def _short(required: float | None, have: float) -> float:
    if required is None:
        return 0.0
    return max(0.0, round(required - have, _PLACES))


def _short_reason(category: str, have: float, short: float, required: float) -> str:
    return (
        f"{category}学时不足：已有 {format_hours(have)} 学时，还差 {format_hours(short)} 学时"
        f"（要求不少于 {format_hours(required)} 学时）。"
    )


def evaluate_hours(
    rule: HourRule, totals: HourTotals, *, assessment_passed: bool | None = None
) -> HourVerdict:
    """Judge ``totals`` against ``rule``.

    ``totals`` must already contain any practice hours credited for passing the assessment
    (see :func:`credited_practice_hours`); nothing is added here, so nothing is counted twice.
    ``assessment_passed`` None means no certified result yet (校本应用考核未认定).
    """
    online = round(totals.online, _PLACES)
    practice = round(totals.practice, _PLACES)
    other = round(totals.other, _PLACES)
    counted = round(online + practice + (other if rule.other_counts_toward_total else 0.0), _PLACES)
    online_short = _short(rule.online_min, online)
    practice_short = _short(rule.practice_min, practice)
    total_short = _short(rule.total_min, counted)

    reasons: list[str] = []
    codes: list[str] = []
    if online_short > 0 and rule.online_min is not None:
        codes.append("online_short")
        reasons.append(_short_reason("网络研修", online, online_short, rule.online_min))
    if practice_short > 0 and rule.practice_min is not None:
        codes.append("practice_short")
        reasons.append(_short_reason("校本实践应用", practice, practice_short, rule.practice_min))
    if total_short > 0:
        codes.append("total_short")
        reasons.append(
            f"总学时不足：已计 {format_hours(counted)} 学时，还差 {format_hours(total_short)} "
            f"学时（要求不少于 {format_hours(rule.total_min)} 学时）。"
        )
    # A share of nothing is meaningless; an empty record is already reported as total_short.
    if rule.practice_share_min is not None and counted > 0:
        share = practice / counted
        if share + 1e-9 < rule.practice_share_min:
            codes.append("practice_share")
            reasons.append(
                f"校本实践应用学时占比不足 {_percent(rule.practice_share_min)}：目前为 "
                f"{_percent(share)}（{format_hours(practice)} / {format_hours(counted)} 学时）。"
            )
    if rule.requires_assessment_pass:
        if assessment_passed is None:
            codes.append("assessment_pending")
            reasons.append("校本应用考核尚未通过：还没有认定的考核结果。")
        elif not assessment_passed:
            codes.append("assessment_failed")
            reasons.append("校本应用考核未通过：考核结果为不合格。")

    return HourVerdict(
        online=online,
        practice=practice,
        other=other,
        counted_total=counted,
        online_short=online_short,
        practice_short=practice_short,
        total_short=total_short,
        qualified=not codes,
        reasons=tuple(reasons),
        reason_codes=tuple(codes),
    )


def credited_practice_hours(rule: HourRule) -> float:
    """Practice hours credited when the school assessment is passed (0 when the rule has none)."""
    return rule.practice_credit_on_pass or 0.0


def _parse_number(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, Real | Decimal):
        number = float(value)
        return number if math.isfinite(number) else None
    if not isinstance(value, str):
        return None
    text = "".join(unicodedata.normalize("NFKC", value).split())
    for suffix in _UNIT_SUFFIXES:
        if text.endswith(suffix):
            text = text[: -len(suffix)]
            break
    # Only plain decimals: "1e2", "inf" and "nan" are not hours anybody typed.
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", text):
        return None
    return float(text)


def validate_hours(value: object, *, field: str = "hours", rule: HourRule | None = None) -> float:
    """One hour entry as a float: > 0, a multiple of the rule's step, at most a day's maximum."""
    rule = rule or _DEFAULT_RULE
    shown = str(value).strip() if value is not None else ""
    number = _parse_number(value)
    if number is None:
        raise ValidationError(
            f"“{shown}”不是有效的学时数，请填写数字，例如 2 或 2.5。",
            code="hours.not_number",
            field=field,
            value=value,
        )
    number = round(number, _PLACES)
    if number <= 0:
        raise ValidationError(
            f"学时数必须大于 0，当前为 {format_hours(number)}，请填写正数。",
            code="hours.not_positive",
            field=field,
            value=value,
        )
    steps = number / rule.hour_step
    if abs(steps - round(steps)) > 1e-6:
        step = format_hours(rule.hour_step)
        raise ValidationError(
            f"学时数 {format_hours(number)} 不符合要求：学时以 {step} 学时为单位登记，"
            f"请填写 {step} 的整数倍，例如 {format_hours(rule.hour_step * 4)} 或 "
            f"{format_hours(rule.hour_step * 5)}。",
            code="hours.step",
            field=field,
            value=value,
        )
    if number > rule.max_hours_per_day + 1e-9:
        raise ValidationError(
            f"学时数 {format_hours(number)} 超过了一天最多可登记的 "
            f"{format_hours(rule.max_hours_per_day)} 学时，请核对；跨多天的学习请按天分别登记。",
            code="hours.too_many",
            field=field,
            value=value,
        )
    return number
