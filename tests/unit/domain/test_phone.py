"""联系电话: mobile and fixed-line numbers in the forms found in real office spreadsheets."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nlts_desktop.domain.errors import ValidationError
from nlts_desktop.domain.phone import is_valid_phone, normalize_phone

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("028-86721266", "028-86721266"),
        ("0757-8328 2442", "0757-83282442"),
        ("+86 138 1234 5678", "13812345678"),
        ("0086-13812345678", "13812345678"),
        ("8613812345678", "13812345678"),
        ("１３８１２３４５６７８", "13812345678"),
        ("138-1234-5678", "13812345678"),
        ("138.1234.5678 ", "13812345678"),
        (13812345678.0, "13812345678"),
        (13812345678, "13812345678"),
        ("（028）86721266", "028-86721266"),
        ("(010) 6275 1234", "010-62751234"),
        ("02886721266", "028-86721266"),
        ("0757—83282442", "0757-83282442"),
        ("0757 8328244", "0757-8328244"),
        ("028-86721266转123", "028-86721266-123"),
        ("028-86721266 ext. 8", "028-86721266-8"),
        ("028-86721266-123", "028-86721266-123"),
        ("+86 28 8672 1266", "028-86721266"),
        ("\u200b13812345678\u3000", "13812345678"),
    ],
)
def test_accepted_forms(raw: object, expected: str) -> None:
    assert normalize_phone(raw) == expected
    assert is_valid_phone(raw)


@pytest.mark.parametrize("raw", [None, "", "  ", "\u3000\u200b"])
def test_empty(raw: object) -> None:
    with pytest.raises(ValidationError) as info:
        normalize_phone(raw)
    assert info.value.code == "phone.empty"
    assert info.value.field == "phone"
    assert CJK.search(info.value.message)
    assert not is_valid_phone(raw)


@pytest.mark.parametrize(
    ("raw", "mentions"),
    [
        ("134225642274", "12位"),  # from a real seed document: one digit too many
        ("1381234567", "10位"),
        ("12812345678", "028-86721266"),  # 12x is not a mobile prefix
        ("86721266", "区号"),
        (2886721266, "文本"),  # Excel dropped the leading 0 of the area code
        ("010-12345678", "028-86721266"),  # local numbers do not start with 1
        ("0086-2886721266x", "028-86721266"),
        ("13812345678转12", "028-86721266"),  # mobiles have no extension
        ("13812345678/13912345678", "13812345678/13912345678"),
        ("电话未知", "电话未知"),
    ],
)
def test_invalid(raw: object, mentions: str) -> None:
    with pytest.raises(ValidationError) as info:
        normalize_phone(raw)
    error = info.value
    assert error.code == "phone.invalid"
    assert CJK.search(error.message)
    assert "11位手机号" in error.message
    assert mentions in error.message
    assert not is_valid_phone(raw)


mobiles = st.from_regex(r"\A1[3-9][0-9]{9}\Z")
separators = st.sampled_from(["", " ", "-", "\u3000", "–", "."])


@given(
    mobiles, st.lists(separators, min_size=10, max_size=10), st.sampled_from(["", "+86 ", "0086-"])
)
def test_mobile_with_any_separators(mobile: str, seps: list[str], prefix: str) -> None:
    written = prefix + "".join(d + s for d, s in zip(mobile, [*seps, ""], strict=True))
    assert normalize_phone(written) == mobile
