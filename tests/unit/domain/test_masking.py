"""Masking ID numbers and secrets: in free text, in JSON-like values, in JSON text."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nlts_desktop.domain.idcard import check_char
from nlts_desktop.domain.masking import (
    is_secret_field,
    mask_id_numbers,
    masked,
    masked_json,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("11010519491231002X", "110105********002X"),
        ("身份证号：440524188001010014。", "身份证号：440524********0014。"),
        ("a 11010519491231002x b", "a 110105********002x b"),
        ("12345678901234567890", "12345678901234567890"),  # 20 digits: not an ID number
        ("ab11010519491231002Xcd", "ab11010519491231002Xcd"),  # inside a hex-like token
        ("电话 13800000000", "电话 13800000000"),
    ],
)
def test_free_text(text: str, expected: str) -> None:
    assert mask_id_numbers(text) == expected


@given(st.integers(min_value=0, max_value=10**17 - 1))
def test_every_valid_number_is_masked(n: int) -> None:
    first17 = f"{n:017d}"
    number = first17 + check_char(first17)
    out = mask_id_numbers(f"“{number}”")
    assert number not in out and out == f"“{number[:6]}********{number[-4:]}”"


def test_values_by_key_and_depth() -> None:
    values = {
        "password_hash": "scrypt$abc",
        "password_changed_at": "2026-11-23",
        "id_number": "110105491231002",  # 15 characters: the regex alone would miss it
        "rows": [{"teacher_id_number": "11010519491231002X", "n": 3}],
        "note": None,
    }
    assert masked(values) == {
        "password_hash": "***",
        "password_changed_at": "2026-11-23",
        "id_number": "110105*****1002",
        "rows": [{"teacher_id_number": "110105********002X", "n": 3}],
        "note": None,
    }
    assert json.loads(masked_json(values)) == masked(values)
    assert is_secret_field("private_key_pem") and not is_secret_field("sha256")


def test_json_fast_path_gives_the_same_as_the_walk() -> None:
    rows = {"changed": [{"after": {"id_number": "440524188001010014", "name": "张丽"}}] * 3}
    text = masked_json(rows)
    assert "440524188001010014" not in text
    assert json.loads(text) == masked(rows)
