"""Field validation shared by the services and the importers."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from nlts_desktop.domain.enums import Environment
from nlts_desktop.domain.errors import ValidationError
from nlts_desktop.domain.roster import (
    parse_date,
    parse_environments,
    parse_flag,
    validate_person_name,
    validate_school,
    validate_teacher,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2020-09-01", date(2020, 9, 1)),
        ("2020.9.1", date(2020, 9, 1)),
        ("2020/9/1", date(2020, 9, 1)),
        ("2020年9月1日", date(2020, 9, 1)),
        ("２０２０年９月１日", date(2020, 9, 1)),
        ("20200901", date(2020, 9, 1)),
        (44075.0, date(2020, 9, 1)),  # Excel serial
        (datetime(2020, 9, 1, 8, 30), date(2020, 9, 1)),
        ("", None),
        (None, None),
    ],
)
def test_dates_as_offices_type_them(raw: object, expected: date | None) -> None:
    assert parse_date(raw) == expected


@pytest.mark.parametrize("raw", ["2020.13.1", "2020-02-30", "九月一日", "9/1/2020"])
def test_bad_dates(raw: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_date(raw, field="birth_date")
    assert caught.value.code == "date.invalid"
    assert caught.value.field == "birth_date"
    assert "2020-09-01" in caught.value.message  # says how to write it


def test_names() -> None:
    assert validate_person_name(" 买买提·吐尔逊 ") == "买买提·吐尔逊"
    assert validate_person_name("张\u200b丽") == "张丽"
    for bad, code in (("", "name.empty"), ("张3", "name.chars"), ("张" * 31, "name.too_long")):
        with pytest.raises(ValidationError) as caught:
            validate_person_name(bad)
        assert caught.value.code == code


def test_flags_and_environments() -> None:
    assert parse_flag("是") and not parse_flag("") and parse_flag("Y")
    with pytest.raises(ValidationError):
        parse_flag("也许")
    assert parse_environments("混合, 多媒体、A") == (Environment.MULTIMEDIA, Environment.MIXED)
    with pytest.raises(ValidationError):
        parse_environments("全息")


def test_teacher_errors_are_all_collected_with_fields() -> None:
    clean, errors = validate_teacher(
        {"id_number": "11010519491231002Y", "name": "", "school": "", "phone": "123"}
    )
    assert clean is None
    assert {e.field for e in errors} == {"id_number", "name", "school", "phone"}
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in e.message) for e in errors)


def test_teacher_birth_date_must_agree() -> None:
    _, errors = validate_teacher(
        {
            "id_number": "11010519491231002X",
            "name": "张丽",
            "school": "x",
            "birth_date": "1949-12-30",
        }
    )
    assert [e.code for e in errors] == ["id.birth_mismatch"]


def test_school_stage_from_category() -> None:
    clean, errors = validate_school({"code": "1151000001", "name": "柳城幼儿园"})
    assert errors == [] and clean is not None
    assert (clean.category_code, clean.stage_code) == ("11", "preschool")


def test_school_names_keep_full_width_brackets() -> None:
    from nlts_desktop.domain.roster import normalize_school_name

    assert normalize_school_name("温江区实验小学(东区)") == "温江区实验小学（东区）"
    assert normalize_school_name(" 温江区实验小学（东区） ") == "温江区实验小学（东区）"
