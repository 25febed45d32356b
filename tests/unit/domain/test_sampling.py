"""The sampling draw: reproducible from the seed, per school, independent of row order."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nlts_desktop.domain.errors import ValidationError
from nlts_desktop.domain.sampling import SampleSize, check_seed, draw, rank, sample_size

KEYS = {
    1: [f"51011519850101{n:04d}:A1:2022" for n in range(30)],
    2: [f"51011519900101{n:04d}:B3:2022" for n in range(7)],
    3: [],
}


def test_ratio_rounds_up_per_school_and_takes_at_least_one() -> None:
    drawn = draw(7, KEYS, SampleSize(ratio=0.1))
    assert {school: len(keys) for school, keys in drawn.items()} == {1: 3, 2: 1}


def test_count_per_school_is_capped_by_the_school_size() -> None:
    drawn = draw(7, KEYS, SampleSize(count=10))
    assert {school: len(keys) for school, keys in drawn.items()} == {1: 10, 2: 7}


def test_same_seed_same_sample_whatever_the_order_of_the_rows() -> None:
    shuffled = {school: list(reversed(keys)) for school, keys in reversed(list(KEYS.items()))}
    assert draw(2022, KEYS, SampleSize(ratio=0.2)) == draw(2022, shuffled, SampleSize(ratio=0.2))
    assert draw(2022, KEYS, SampleSize(ratio=0.2)) != draw(2023, KEYS, SampleSize(ratio=0.2))


def test_the_rank_is_a_published_function_of_seed_and_key() -> None:
    # SHA-256 over "seed<US>key": anyone can recompute a draw from the printed record.
    import hashlib

    key = "510115198501010012:A1:2022"
    assert rank(42, key) == hashlib.sha256(f"42\x1f{key}".encode()).digest()


@given(st.integers(min_value=0, max_value=2**31 - 1), st.integers(min_value=1, max_value=40))
def test_a_bigger_sample_contains_the_smaller_one(seed: int, count: int) -> None:
    small = draw(seed, KEYS, SampleSize(count=count))
    big = draw(seed, KEYS, SampleSize(count=count + 3))
    for school, keys in small.items():
        assert set(keys) <= set(big[school])


@pytest.mark.parametrize(
    ("ratio", "count", "code"),
    [
        (None, None, "sampling.size"),
        (0.1, 3, "sampling.size"),
        (0, None, "sampling.ratio"),
        ("1.5", None, "sampling.ratio"),
        ("abc", None, "sampling.ratio"),
        (None, 0, "sampling.count"),
        (None, "二", "sampling.count"),
    ],
)
def test_bad_sizes_are_refused_in_chinese(ratio: object, count: object, code: str) -> None:
    with pytest.raises(ValidationError) as caught:
        sample_size(ratio=ratio, count=count)
    assert caught.value.code == code
    assert "抽" in caught.value.message


def test_sizes_and_seeds_as_typed() -> None:
    assert sample_size(ratio="10%") == SampleSize(ratio=0.1)
    assert sample_size(count=" 5 ") == SampleSize(count=5)
    assert SampleSize(ratio=0.1).label == "比例 10%"
    assert SampleSize(count=5).label == "每校 5 个"
    assert check_seed("2022") == 2022
    with pytest.raises(ValidationError, match="随机种子"):
        check_seed(-1)
