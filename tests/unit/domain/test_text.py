"""Text normalisation shared by every validator."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nlts_desktop.domain.text import normalize_compact, normalize_text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, ""),
        ("", ""),
        ("  张三  ", "张三"),
        ("张\u3000三", "张 三"),
        ("a\u00a0b", "a b"),
        ("a\t\tb\r\nc", "a b c"),
        ("\ufeff高级教师\u200b", "高级教师"),
        ("一\u200c级\u200d教\u2060师", "一级教师"),
        ("ＡＢＣ１２３（一）", "ABC123(一)"),
        (2024, "2024"),
    ],
)
def test_normalize_text(raw: object, expected: str) -> None:
    assert normalize_text(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, ""),
        (" 2151 000 123 ", "2151000123"),
        ("２１５１\u3000０００\u200b１２３", "2151000123"),
        ("028 -\t8672 1266\n", "028-86721266"),
    ],
)
def test_normalize_compact(raw: object, expected: str) -> None:
    assert normalize_compact(raw) == expected


@given(st.text())
def test_normalize_text_is_idempotent_and_tidy(raw: str) -> None:
    once = normalize_text(raw)
    assert normalize_text(once) == once
    assert once == once.strip()
    assert "  " not in once
    assert not any(ch in once for ch in "\u200b\u200c\u200d\u2060\ufeff\u00a0\u3000\t\n")


@given(st.text())
def test_normalize_compact_is_idempotent_without_whitespace(raw: str) -> None:
    once = normalize_compact(raw)
    assert normalize_compact(once) == once
    assert not any(ch.isspace() for ch in once)
