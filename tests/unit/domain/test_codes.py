"""The shipped code tables: they load, and synonyms / legacy names map to today's entries."""

from __future__ import annotations

import pytest

from nlts_desktop.domain.codes import available_tables, code_table
from nlts_desktop.domain.enums import Environment, HourCategory
from nlts_desktop.domain.errors import ValidationError

OUR_TABLES = [
    "stages",
    "subjects",
    "titles",
    "urban_rural",
    "project_levels",
    "hour_categories",
    "environments",
    "dimensions",
    "funding_sources",
]


@pytest.mark.parametrize("name", OUR_TABLES)
def test_table_loads_with_unique_codes_names_and_aliases(name: str) -> None:
    table = code_table(name)
    assert table.table == name
    assert table.title and table.version and table.entries
    codes = [e.code for e in table.entries]
    assert len(codes) == len(set(codes))
    # Every code, name and alias must reach its own entry (no alias shadowed by another row).
    for entry in table.entries:
        for text in (entry.code, entry.name, *entry.aliases):
            assert table.find(text) == entry, (name, text)


def test_our_tables_are_listed() -> None:
    assert set(OUR_TABLES) <= set(available_tables())


@pytest.mark.parametrize(
    ("legacy", "current"),
    [
        ("中学高级教师", "高级教师"),
        ("中学高级", "高级教师"),
        ("小学高级教师", "一级教师"),
        ("中学一级教师", "一级教师"),
        ("中学二级教师", "二级教师"),
        ("小学一级教师", "二级教师"),
        ("中学三级教师", "三级教师"),
        ("小学二级教师", "三级教师"),
        ("小学三级教师", "三级教师"),
        ("副高", "高级教师"),
        ("正高", "正高级教师"),
        ("无", "未定级"),
        ("无职称", "未定级"),
        ("未评", "未定级"),
        ("正高级教师", "正高级教师"),
        (" 中学高级教师\u3000", "高级教师"),
    ],
)
def test_legacy_titles_map_to_the_2015_names(legacy: str, current: str) -> None:
    entry = code_table("titles").find(legacy)
    assert entry is not None
    assert entry.name == current


def test_titles_table_explains_the_mapping() -> None:
    assert [e.name for e in code_table("titles").entries] == [
        "正高级教师",
        "高级教师",
        "一级教师",
        "二级教师",
        "三级教师",
        "未定级",
    ]


def test_unknown_title_names_the_valid_values() -> None:
    with pytest.raises(ValidationError) as info:
        code_table("titles").lookup("特级教授")
    assert info.value.code == "code.titles"
    assert "高级教师" in info.value.message


def test_urban_rural_area_for_the_anhui_pilot_form() -> None:
    table = code_table("urban_rural")
    area = {e.code: e.extra["area"] for e in table.entries}
    assert area == {
        "111": "市区",
        "112": "市区",
        "121": "县区",
        "122": "县区",
        "123": "县区",
        "210": "乡村",
        "220": "乡村",
    }


def test_enum_backed_tables_match_their_enums() -> None:
    assert set(code_table("hour_categories").codes()) == {c.value for c in HourCategory}
    assert set(code_table("environments").codes()) == {e.value for e in Environment}
    for env in Environment:
        assert code_table("environments").name_of(env.value) == env.label
    for category in HourCategory:
        assert code_table("hour_categories").name_of(category.value) == category.label


@pytest.mark.parametrize(
    ("table", "text", "code"),
    [
        ("stages", "幼儿园", "preschool"),
        ("stages", "初级中学", "junior"),
        ("stages", "普通高中", "senior"),
        ("stages", "中职", "vocational"),
        ("stages", "特教", "special"),
        ("subjects", "思想品德", "09"),
        ("subjects", "政治", "09"),
        ("subjects", "信息科技", "11"),
        ("subjects", "体育与健康", "14"),
        ("subjects", "ＳＷ", None),
        ("project_levels", "国培计划", "national"),
        ("project_levels", "省培", "provincial"),
        ("project_levels", "区县级", "county"),
        ("project_levels", "校本", "school"),
        ("hour_categories", "网络学习", "online"),
        ("hour_categories", "校本研修", "practice"),
        ("environments", "智慧", "C"),
        ("environments", "ａ", "A"),
        ("dimensions", "学法指导", "guidance"),
        ("funding_sources", "公用经费", "school"),
    ],
)
def test_synonyms(table: str, text: str, code: str | None) -> None:
    entry = code_table(table).find(text)
    assert (entry.code if entry else None) == code


def test_subject_codes_are_two_digits() -> None:
    assert all(len(c) == 2 and c.isdigit() for c in code_table("subjects").codes())
