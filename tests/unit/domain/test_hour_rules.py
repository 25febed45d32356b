"""Hours: judging totals against each preset, and validating one hour entry."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nlts_desktop.domain.errors import ValidationError
from nlts_desktop.domain.hour_rules import (
    HourTotals,
    HourVerdict,
    credited_practice_hours,
    evaluate_hours,
    format_hours,
    validate_hours,
)
from nlts_desktop.domain.presets import HourRule, load_preset


def _verdict(
    preset_id: str, online: float, practice: float, passed: bool | None = True
) -> HourVerdict:
    rule = load_preset(preset_id).hours
    totals = HourTotals(online=online, practice=practice)
    return evaluate_hours(rule, totals, assessment_passed=passed)


def test_sichuan_20_plus_30_qualifies_but_not_in_anhui() -> None:
    sichuan = _verdict("sichuan-2.0", 20, 30)
    assert sichuan.qualified
    assert sichuan.reasons == ()
    assert sichuan.counted_total == 50

    anhui = _verdict("anhui-2.0", 20, 30)
    assert not anhui.qualified
    assert anhui.reason_codes == ("online_short", "total_short")
    assert anhui.online_short == 10
    assert anhui.practice_short == 0
    assert anhui.total_short == 10
    assert (
        anhui.reasons[0] == "网络研修学时不足：已有 20 学时，还差 10 学时（要求不少于 30 学时）。"
    )


def test_guangdong_25_plus_25_qualifies() -> None:
    assert _verdict("guangdong-2.0", 25, 25).qualified


def test_guangdong_30_online_20_practice_fails_share_and_practice() -> None:
    verdict = _verdict("guangdong-2.0", 30, 20)
    assert not verdict.qualified
    assert verdict.reason_codes == ("practice_short", "practice_share")
    assert verdict.practice_short == 5
    assert verdict.total_short == 0
    assert verdict.reasons[1].startswith("校本实践应用学时占比不足 50%")
    assert "40%" in verdict.reasons[1]


def test_guangdong_share_alone() -> None:
    # 40 online + 30 practice meets both minima but practice is only 43 % of 70.
    verdict = _verdict("guangdong-2.0", 40, 30)
    assert verdict.reason_codes == ("practice_share",)


def test_hunan_needs_the_assessment() -> None:
    pending = _verdict("hunan-2.0", 25, 25, passed=None)
    assert not pending.qualified
    assert pending.reason_codes == ("assessment_pending",)
    assert pending.reasons == ("校本应用考核尚未通过：还没有认定的考核结果。",)

    failed = _verdict("hunan-2.0", 25, 25, passed=False)
    assert failed.reason_codes == ("assessment_failed",)

    assert _verdict("hunan-2.0", 25, 25, passed=True).qualified


def test_credited_practice_hours() -> None:
    assert credited_practice_hours(load_preset("hunan-2.0").hours) == 25
    assert credited_practice_hours(load_preset("guangdong-2.0").hours) == 25
    assert credited_practice_hours(load_preset("anhui-2.0").hours) == 30
    assert credited_practice_hours(load_preset("sichuan-2.0").hours) == 30
    assert credited_practice_hours(HourRule(total_min=50)) == 0


def test_hunan_credit_completes_the_hours() -> None:
    rule = load_preset("hunan-2.0").hours
    before = evaluate_hours(rule, HourTotals(online=25), assessment_passed=True)
    assert before.reason_codes == ("practice_short", "total_short")
    after = evaluate_hours(
        rule,
        HourTotals(online=25, practice=credited_practice_hours(rule)),
        assessment_passed=True,
    )
    assert after.qualified


def test_half_hours_are_formatted_without_trailing_zero() -> None:
    verdict = _verdict("sichuan-2.0", 18.5, 30)
    assert verdict.reasons[0] == (
        "网络研修学时不足：已有 18.5 学时，还差 1.5 学时（要求不少于 20 学时）。"
    )
    assert format_hours(18.0) == "18"
    assert format_hours(0.1 + 0.2) == "0.3"


def test_other_hours_count_only_when_the_rule_says_so() -> None:
    totals = HourTotals(online=20, practice=20, other=10)
    assert totals.total == 40
    strict = HourRule(total_min=50)
    assert evaluate_hours(strict, totals, assessment_passed=True).reason_codes == ("total_short",)
    lenient = HourRule(total_min=50, other_counts_toward_total=True)
    verdict = evaluate_hours(lenient, totals, assessment_passed=True)
    assert verdict.qualified and verdict.counted_total == 50


def test_no_assessment_needed() -> None:
    rule = HourRule(total_min=50, requires_assessment_pass=False)
    assert evaluate_hours(rule, HourTotals(online=50)).qualified


def test_empty_record_is_short_but_not_a_share_problem() -> None:
    verdict = evaluate_hours(
        load_preset("guangdong-2.0").hours, HourTotals(), assessment_passed=True
    )
    assert verdict.reason_codes == ("online_short", "practice_short", "total_short")


@given(
    online=st.integers(0, 200).map(lambda n: n / 2),
    practice=st.integers(0, 200).map(lambda n: n / 2),
    passed=st.sampled_from([True, False, None]),
)
def test_verdict_is_consistent(online: float, practice: float, passed: bool | None) -> None:
    for preset_id in ("anhui-2.0", "guangdong-2.0", "hunan-2.0", "sichuan-2.0"):
        verdict = _verdict(preset_id, online, practice, passed)
        assert verdict.qualified == (not verdict.reasons)
        assert len(verdict.reasons) == len(verdict.reason_codes)
        assert min(verdict.online_short, verdict.practice_short, verdict.total_short) >= 0
        if verdict.qualified:
            assert verdict.counted_total >= load_preset(preset_id).hours.total_min


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (2, 2.0),
        (2.5, 2.5),
        ("2.5", 2.5),
        ("2.5学时", 2.5),
        (" ２．５ 学时 ", 2.5),
        ("３", 3.0),
        ("0.5", 0.5),
        ("24", 24.0),
        (Decimal("1.5"), 1.5),
        (".5", 0.5),
    ],
)
def test_validate_hours_accepts(raw: object, expected: float) -> None:
    assert validate_hours(raw) == expected


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("", "hours.not_number"),
        (None, "hours.not_number"),
        ("abc", "hours.not_number"),
        ("nan", "hours.not_number"),
        (float("inf"), "hours.not_number"),
        (True, "hours.not_number"),
        ("1e2", "hours.not_number"),
        (0, "hours.not_positive"),
        ("-2", "hours.not_positive"),
        (2.3, "hours.step"),
        ("0.25", "hours.step"),
        (24.5, "hours.too_many"),
        ("30学时", "hours.too_many"),
    ],
)
def test_validate_hours_rejects(raw: object, code: str) -> None:
    with pytest.raises(ValidationError) as info:
        validate_hours(raw, field="online_hours")
    assert info.value.code == code
    assert info.value.field == "online_hours"


def test_validate_hours_messages() -> None:
    with pytest.raises(ValidationError) as info:
        validate_hours("两小时")
    assert info.value.message == "“两小时”不是有效的学时数，请填写数字，例如 2 或 2.5。"
    with pytest.raises(ValidationError) as info:
        validate_hours(2.3)
    assert "0.5 的整数倍" in info.value.message
    with pytest.raises(ValidationError) as info:
        validate_hours(30)
    assert "24 学时" in info.value.message


def test_validate_hours_follows_the_rule() -> None:
    rule = HourRule(total_min=50, hour_step=1, max_hours_per_day=8)
    assert validate_hours("8", rule=rule) == 8
    with pytest.raises(ValidationError) as info:
        validate_hours("2.5", rule=rule)
    assert info.value.code == "hours.step"
    with pytest.raises(ValidationError) as info:
        validate_hours("9", rule=rule)
    assert info.value.code == "hours.too_many"


@given(st.integers(1, 48))
def test_every_half_hour_up_to_a_day_is_valid(halves: int) -> None:
    assert validate_hours(halves / 2) == halves / 2
    assert validate_hours(f"{halves / 2}学时") == halves / 2
