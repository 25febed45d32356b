"""居民身份证号码 (GB 11643-1999): vectors, every error code, and checksum properties."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nlts_desktop.domain.codes import code_table
from nlts_desktop.domain.enums import Gender
from nlts_desktop.domain.errors import ValidationError
from nlts_desktop.domain.idcard import (
    PROVINCE_CODES,
    IdNumber,
    check_char,
    check_consistency,
    convert_15_to_18,
    is_valid_id_number,
    normalize_id_number,
    parse_id_number,
)

TODAY = date(2024, 9, 1)
CJK = re.compile(r"[\u4e00-\u9fff]")
CHARSET = "0123456789X"


def assert_error(raw: object, code: str, *, mentions: str | None = None) -> ValidationError:
    with pytest.raises(ValidationError) as info:
        parse_id_number(raw, today=TODAY)
    error = info.value
    assert error.code == code
    assert error.field == "id_number"
    assert CJK.search(error.message), error.message
    if mentions is not None:
        assert mentions in error.message
    return error


# --- official vectors and normalisation -------------------------------------------------------


def test_vector_female_1949() -> None:
    idn = parse_id_number("11010519491231002X")
    assert idn == IdNumber(
        number="11010519491231002X",
        region_code="110105",
        birth_date=date(1949, 12, 31),
        gender=Gender.FEMALE,
    )
    assert str(idn) == "11010519491231002X"
    assert idn.masked == "110105********002X"


def test_vector_male_1880() -> None:
    idn = parse_id_number("440524188001010014")
    assert idn.birth_date == date(1880, 1, 1)
    assert idn.gender is Gender.MALE
    assert idn.region_code == "440524"


@pytest.mark.parametrize(
    "raw",
    [
        "11010519491231002x",
        "１１０１０５１９４９１２３１００２Ｘ",
        "１１０１０５１９４９１２３１００２ｘ",
        " 110105 19491231 002X ",
        "110105\u200b19491231\u200c002\u200dX\ufeff",
        "\u3000110105\u00a01949\t1231\n002X\u2060",
    ],
)
def test_normalised_forms_parse(raw: str) -> None:
    assert normalize_id_number(raw) == "11010519491231002X"
    assert parse_id_number(raw).number == "11010519491231002X"
    assert is_valid_id_number(raw)


def test_check_char_vectors() -> None:
    assert check_char("11010519491231002") == "X"
    assert check_char("44052418800101001") == "4"
    with pytest.raises(ValueError):
        check_char("1101051949123100")


def test_province_codes_match_code_table() -> None:
    assert set(code_table("provinces").codes()) == PROVINCE_CODES
    assert len(PROVINCE_CODES) == 34


# --- old 15-digit numbers ---------------------------------------------------------------------


def test_convert_15_to_18_vector() -> None:
    assert convert_15_to_18("110105491231002") == "11010519491231002X"
    idn = parse_id_number("110105491231002")
    assert idn.number == "11010519491231002X"
    assert idn.birth_date == date(1949, 12, 31)
    assert idn.gender is Gender.FEMALE
    with pytest.raises(ValueError):
        convert_15_to_18("11010549123100X")


@st.composite
def old_ids(draw: st.DrawFn) -> tuple[str, date, Gender]:
    """A valid 15-digit number: province + 4 region digits + YYMMDD (1900s) + sequence."""
    province = draw(st.sampled_from(sorted(PROVINCE_CODES)))
    region = draw(st.text(alphabet="0123456789", min_size=4, max_size=4))
    born = draw(st.dates(min_value=date(1900, 1, 1), max_value=date(1999, 12, 31)))
    sequence = draw(st.integers(min_value=0, max_value=999))
    number = f"{province}{region}{born:%y%m%d}{sequence:03d}"
    return number, born, Gender.MALE if sequence % 2 else Gender.FEMALE


@given(old_ids())
def test_15_digit_round_trip(case: tuple[str, date, Gender]) -> None:
    number15, born, gender = case
    number18 = convert_15_to_18(number15)
    assert len(number18) == 18
    # Dropping the century and the check character gives the old number back.
    assert number18[:6] + number18[8:17] == number15
    idn = parse_id_number(number15, today=TODAY)
    assert idn.number == number18
    assert parse_id_number(number18, today=TODAY) == idn
    assert idn.birth_date == born
    assert idn.gender is gender


# --- error codes ------------------------------------------------------------------------------


@pytest.mark.parametrize("raw", [5.10115e17, 510115198001011234.0, 110105194912310021])
def test_numbers_from_excel_are_rejected(raw: object) -> None:
    error = assert_error(raw, "id.numeric", mentions="文本")
    assert error.value == raw
    assert not is_valid_id_number(raw)


@pytest.mark.parametrize(
    "raw", ["5.10115E+17", "5.10115e+17", "５.１０１１５Ｅ＋１７", "5.101152E17"]
)
def test_scientific_notation_text_is_rejected(raw: str) -> None:
    assert_error(raw, "id.numeric", mentions="文本")


def test_float_written_as_text_is_rejected() -> None:
    assert_error("510115198001011000.0", "id.numeric")


@pytest.mark.parametrize("raw", [None, "", "   ", "\u200b\u3000"])
def test_empty(raw: object) -> None:
    assert_error(raw, "id.empty")


@pytest.mark.parametrize(
    ("raw", "length"),
    [("11010519491231002", 17), ("11010519491231002XX", 19), ("1101051949", 10)],
)
def test_length(raw: str, length: int) -> None:
    error = assert_error(raw, "id.length", mentions=f"为{length}位")
    assert raw in error.message


@pytest.mark.parametrize(
    ("raw", "mentions"),
    [
        ("110105194912310O2X", "第16位"),
        ("11010519491231002-", "第18位"),
        ("1101051949X231002X", "第11位"),
        ("11010549123100X", "15位"),
        ("11010519491231002Y", "“Y”"),
    ],
)
def test_chars(raw: str, mentions: str) -> None:
    assert_error(raw, "id.chars", mentions=mentions)


@pytest.mark.parametrize("raw", ["000000194912310020", "990105194912310020", "720105194912310020"])
def test_region(raw: str) -> None:
    assert_error(raw, "id.region", mentions=raw[:2])


def test_residence_permit_region_is_accepted() -> None:
    first17 = "83000019900101001"
    assert parse_id_number(first17 + check_char(first17)).region_code == "830000"


@pytest.mark.parametrize(
    "first17",
    [
        "11010519491331002",  # month 13
        "11010519490230002",  # 30 February
        "11010520230229002",  # 2023 is not a leap year
        "11010518491231002",  # before 1850
        "11010520240902002",  # after TODAY
    ],
)
def test_birth_date(first17: str) -> None:
    assert_error(first17 + check_char(first17), "id.birth_date")


def test_birth_date_today_is_accepted_and_tomorrow_is_not() -> None:
    first17 = "11010520240901002"
    number = first17 + check_char(first17)
    assert parse_id_number(number, today=TODAY).birth_date == TODAY
    with pytest.raises(ValidationError) as info:
        parse_id_number(number, today=date(2024, 8, 31))
    assert info.value.code == "id.birth_date"


def test_checksum_does_not_reveal_expected_char() -> None:
    error = assert_error("110105194912310021", "id.checksum", mentions="110105194912310021")
    assert "X" not in error.message.replace("110105194912310021", "")


# --- consistency with what was typed ----------------------------------------------------------


def test_consistency_accepts_matching_values() -> None:
    idn = parse_id_number("11010519491231002X")
    check_consistency(idn)
    check_consistency(idn, gender=Gender.FEMALE, birth_date=date(1949, 12, 31))
    check_consistency(idn, birth_date=datetime(1949, 12, 31, 0, 0))


def test_gender_mismatch() -> None:
    idn = parse_id_number("11010519491231002X")
    with pytest.raises(ValidationError) as info:
        check_consistency(idn, gender=Gender.MALE)
    assert info.value.code == "id.gender_mismatch"
    assert info.value.field == "gender"
    assert "显示为女" in info.value.message
    assert "性别为男" in info.value.message


def test_birth_mismatch() -> None:
    idn = parse_id_number("11010519491231002X")
    with pytest.raises(ValidationError) as info:
        check_consistency(idn, birth_date=date(1950, 1, 1))
    assert info.value.code == "id.birth_mismatch"
    assert info.value.field == "birth_date"
    assert "1949年12月31日" in info.value.message
    assert "1950年1月1日" in info.value.message


# --- properties -------------------------------------------------------------------------------


@st.composite
def valid_ids(draw: st.DrawFn) -> tuple[str, date, Gender]:
    """A valid 18-char number with the birth date and gender it encodes."""
    province = draw(st.sampled_from(sorted(PROVINCE_CODES)))
    region = draw(st.text(alphabet="0123456789", min_size=4, max_size=4))
    born = draw(st.dates(min_value=date(1900, 1, 1), max_value=date(2010, 12, 31)))
    sequence = draw(st.integers(min_value=0, max_value=999))
    first17 = f"{province}{region}{born:%Y%m%d}{sequence:03d}"
    return first17 + check_char(first17), born, Gender.MALE if sequence % 2 else Gender.FEMALE


@given(valid_ids())
def test_generated_ids_parse(case: tuple[str, date, Gender]) -> None:
    number, born, gender = case
    idn = parse_id_number(number, today=TODAY)
    assert idn.number == number
    assert idn.birth_date == born
    assert idn.gender is gender
    assert parse_id_number(number.lower(), today=TODAY) == idn


@given(valid_ids(), st.data())
def test_any_single_substitution_is_invalid(
    case: tuple[str, date, Gender], data: st.DataObject
) -> None:
    number = case[0]
    position = data.draw(st.integers(min_value=0, max_value=17))
    replacement = data.draw(st.sampled_from([c for c in CHARSET if c != number[position]]))
    changed = number[:position] + replacement + number[position + 1 :]
    if set(changed[:17]) <= set("0123456789"):
        # The mod-11 checksum alone catches it, whatever the date and region checks say.
        assert check_char(changed[:17]) != changed[17]
    with pytest.raises(ValidationError):
        parse_id_number(changed, today=TODAY)


@given(valid_ids(), st.data())
def test_any_adjacent_transposition_is_invalid(
    case: tuple[str, date, Gender], data: st.DataObject
) -> None:
    number = case[0]
    positions = [i for i in range(17) if number[i] != number[i + 1]]
    position = data.draw(st.sampled_from(positions))
    swapped = number[:position] + number[position + 1] + number[position] + number[position + 2 :]
    if set(swapped[:17]) <= set("0123456789"):
        assert check_char(swapped[:17]) != swapped[17]
    with pytest.raises(ValidationError):
        parse_id_number(swapped, today=TODAY)
