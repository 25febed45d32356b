"""学校标识码 and the two code tables it is checked against."""

from __future__ import annotations

import re

import pytest

from nlts_desktop.domain.codes import code_table
from nlts_desktop.domain.errors import ValidationError
from nlts_desktop.domain.school_code import SchoolCode, is_valid_school_code, parse_school_code

CJK = re.compile(r"[\u4e00-\u9fff]")


def test_parse_primary_school_in_sichuan() -> None:
    school = parse_school_code("2151000123")
    assert school == SchoolCode(
        code="2151000123",
        category_code="21",
        category_name="普通小学",
        province_code="51",
        province_name="四川省",
    )
    assert str(school) == "2151000123"


@pytest.mark.parametrize(
    "raw",
    [
        2151000123,
        2151000123.0,
        "2151000123.0",
        " 2151 000 123 ",
        "２１５１０００１２３",
        "\u200b2151000123\u3000",
    ],
)
def test_normalised_forms(raw: object) -> None:
    assert parse_school_code(raw).code == "2151000123"
    assert is_valid_school_code(raw)


@pytest.mark.parametrize(
    ("raw", "category", "province"),
    [
        ("1144000001", "幼儿园", "广东省"),
        ("3134000001", "普通初中", "安徽省"),
        ("3443000001", "普通高中", "湖南省"),
        ("3611000001", "中等职业学校", "北京市"),
        ("5165000001", "特殊教育学校", "新疆维吾尔自治区"),
    ],
)
def test_categories_and_provinces(raw: str, category: str, province: str) -> None:
    school = parse_school_code(raw)
    assert school.category_name == category
    assert school.province_name == province


@pytest.mark.parametrize(
    ("raw", "code", "mentions"),
    [
        (None, "school_code.empty", "10位"),
        ("  ", "school_code.empty", "10位"),
        ("215100012", "school_code.length", "为9位"),
        ("21510001234", "school_code.length", "为11位"),
        ("215100012A", "school_code.chars", "“A”"),
        ("2151-00123", "school_code.chars", "“-”"),
        (2151000123.5, "school_code.length", "2151000123.5"),
        ("9951000123", "school_code.category", "普通小学"),
        ("2199000123", "school_code.province", "“99”"),
    ],
)
def test_errors(raw: object, code: str, mentions: str) -> None:
    with pytest.raises(ValidationError) as info:
        parse_school_code(raw)
    error = info.value
    assert error.code == code
    assert error.field == "school_code"
    assert CJK.search(error.message)
    assert mentions in error.message
    assert not is_valid_school_code(raw)


def test_school_category_aliases() -> None:
    table = code_table("school_categories")
    assert table.lookup("小学").code == "21"
    assert table.lookup("初级中学").code == "31"
    assert table.lookup("高中").code == "34"
    assert table.lookup("职高").code == "36"
    assert table.lookup("中职").code == "36"
    assert table.lookup("特校").code == "51"
    stages = {entry.extra["stage"] for entry in table.entries}
    assert stages <= {"preschool", "primary", "junior", "senior", "vocational", "special", "mixed"}


def test_provinces_table() -> None:
    table = code_table("provinces")
    assert len(table.entries) == 34
    assert table.codes()[0] == "11"
    assert table.codes()[-1] == "82"
    assert table.lookup("四川").name == "四川省"
    assert table.lookup("广东").code == "44"
    assert table.lookup("澳门").code == "82"
    assert len({entry.name for entry in table.entries}) == 34
