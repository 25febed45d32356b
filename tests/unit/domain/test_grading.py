"""Grades: reading them from forms and combining item → point → teacher."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nlts_desktop.domain.enums import Grade
from nlts_desktop.domain.errors import ValidationError
from nlts_desktop.domain.grading import aggregate_point_grade, parse_grade, teacher_result

E, P, F = Grade.EXCELLENT, Grade.PASS, Grade.FAIL


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, None),
        ("", None),
        ("  ", None),
        ("\u3000", None),
        (float("nan"), None),
        (1, E),
        (2, P),
        (3, F),
        (1.0, E),
        (3.0, F),
        (Decimal("2"), P),
        ("1", E),
        ("2.0", P),
        ("３", F),
        ("Y", E),
        ("h", P),
        ("ｂ", F),
        ("优秀", E),
        ("合格", P),
        ("不合格", F),
        (" 不 合 格 ", F),
        ("优", E),
        ("合", P),
        ("不", F),
        ("excellent", E),
        (Grade.PASS, P),
    ],
)
def test_parse_grade_accepts(raw: object, expected: Grade | None) -> None:
    assert parse_grade(raw) is expected


@pytest.mark.parametrize(
    "raw", [4, 0, 1.5, "4", "A", "b+", "C", "良好", "合格了", True, "1.5", [1]]
)
def test_parse_grade_rejects(raw: object) -> None:
    with pytest.raises(ValidationError) as info:
        parse_grade(raw)
    assert info.value.code == "grade.invalid"
    assert info.value.field == "grade"


def test_parse_grade_message() -> None:
    with pytest.raises(ValidationError) as info:
        parse_grade(4)
    assert info.value.message == (
        "“4”不是有效的考核等级，请填写 优秀/合格/不合格（或 1/2/3、Y/H/B）。"
    )


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        ([], None),
        ([E, E, E], E),
        ([E], E),
        ([E, P, E], P),
        ([P, P], P),
        ([E, F, E], F),
        ([F, None], F),
        ([E, None], None),
        ([None], None),
    ],
)
def test_aggregate_point_grade(items: list[Grade | None], expected: Grade | None) -> None:
    assert aggregate_point_grade(items) is expected


grades = st.lists(st.sampled_from([E, P, F, None]), max_size=6)


@given(grades.flatmap(lambda items: st.tuples(st.just(items), st.permutations(items))))
def test_aggregate_is_order_independent(
    pair: tuple[list[Grade | None], list[Grade | None]],
) -> None:
    items, shuffled = pair
    assert aggregate_point_grade(shuffled) is aggregate_point_grade(items)


@given(grades)
def test_fail_dominates(items: list[Grade | None]) -> None:
    assert aggregate_point_grade([*items, F]) is F


@given(st.lists(st.sampled_from([E, P]), min_size=1, max_size=6))
def test_fully_graded_point_is_excellent_only_when_every_item_is(items: list[Grade]) -> None:
    expected = E if all(g is E for g in items) else P
    assert aggregate_point_grade(items) is expected


@pytest.mark.parametrize(
    ("points", "expected"),
    [
        ([E, E, E], E),
        ([E, P, E], P),
        ([E, F, E], F),
        ([F], F),
        ([E, E], None),
        ([E, E, None], None),
        ([E, E, E, None], E),
        ([P, P, P, P], P),
        ([], None),
    ],
)
def test_teacher_result(points: list[Grade | None], expected: Grade | None) -> None:
    assert teacher_result(points, min_points=3) is expected
