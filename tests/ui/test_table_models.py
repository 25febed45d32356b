"""The teacher and school table models: search, filters and sorting on their own lists."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QBrush

from nlts_desktop.services.records import SchoolRecord, TeacherRow
from nlts_desktop.ui.models import school_table_model as sc
from nlts_desktop.ui.models import teacher_table_model as tc
from nlts_desktop.ui.models.school_table_model import SchoolFilter, SchoolTableModel
from nlts_desktop.ui.models.teacher_table_model import (
    TeacherFilter,
    TeacherTableModel,
    prepare_teachers,
)

ASC = Qt.SortOrder.AscendingOrder
DESC = Qt.SortOrder.DescendingOrder


def teacher(
    teacher_id: int,
    name: str,
    id_number: str,
    *,
    school: tuple[int, str, str] = (1, "2151000001", "温江区实验小学"),
    phone: str | None = None,
    stage: str | None = "primary",
    subject: str | None = "01",
    title: str | None = "3",
    status: str = "active",
    born: date = date(1980, 1, 1),
) -> TeacherRow:
    """A roster row with defaults."""
    school_id, code, school_name = school
    return TeacherRow(
        id=teacher_id,
        name=name,
        id_number=id_number,
        gender="female",
        birth_date=born,
        phone=phone,
        school_id=school_id,
        school_code=code,
        school_name=school_name,
        stage_code=stage,
        subject_code=subject,
        title_code=title,
        status=status,
        version=1,
    )


JUNIOR = (2, "3151000002", "温江区第二中学")
ROWS = [
    teacher(1, "张丽", "11010519491231002X", phone="13812345678", title="2"),
    teacher(2, "李明", "440524188001010014", subject="02", title="1", born=date(1975, 5, 5)),
    teacher(
        3, "王芳", "510115198001010025", school=JUNIOR, stage="junior", subject="03", title=None
    ),
    teacher(4, "王强", "510115199002020031", school=JUNIOR, stage="junior", status="inactive"),
]


@pytest.fixture
def model(qapp: object) -> TeacherTableModel:
    """A teacher model holding ROWS."""
    m = TeacherTableModel()
    m.set_rows(ROWS)
    return m


def names(m: TeacherTableModel) -> list[str]:
    """Names in view order."""
    return [m.row_at(r).name for r in range(m.rowCount())]


def test_columns_and_display(model: TeacherTableModel) -> None:
    assert model.columnCount() == 10
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(10)]
    assert headers[tc.ID_NUMBER] == "ID number"
    row = [model.data(model.index(0, c)) for c in range(10)]
    # Names resolved once from the code tables and enums; ID numbers in full.
    assert row == [
        "张丽",
        "11010519491231002X",
        "女",
        "1980-01-01",
        "温江区实验小学",
        "小学",
        "语文",
        "高级教师",
        "13812345678",
        "在职",
    ]


def test_inactive_rows_grey(model: TeacherTableModel) -> None:
    brushes = [
        model.data(model.index(r, tc.NAME), Qt.ItemDataRole.ForegroundRole) for r in range(4)
    ]
    assert brushes[:3] == [None, None, None]
    assert isinstance(brushes[3], QBrush)
    assert model.rowCount(model.index(0, 0)) == 0  # a table, not a tree


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("王", ["王芳", "王强"]),
        ("11010519491231002x", ["张丽"]),  # lower-case check digit
        ("5101151980", ["王芳"]),  # ID prefix
        ("第二中学", ["王芳", "王强"]),  # school name
        ("2151000001", ["张丽", "李明"]),  # school code
        ("1381234", ["张丽"]),  # phone
        ("王 1990", ["王强"]),  # every word must match
        ("１３８１２", ["张丽"]),  # full-width digits from an IME
        ("  ", ["张丽", "李明", "王芳", "王强"]),
        ("赵", []),
    ],
)
def test_search(model: TeacherTableModel, search: str, expected: list[str]) -> None:
    model.apply(search, TeacherFilter())
    assert names(model) == expected


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (TeacherFilter(school_id=2), ["王芳", "王强"]),
        (TeacherFilter(stage_code="primary"), ["张丽", "李明"]),
        (TeacherFilter(subject_code="02"), ["李明"]),
        (TeacherFilter(title_code="3"), ["王强"]),
        (TeacherFilter(status="inactive"), ["王强"]),
        (TeacherFilter(school_id=2, status="active"), ["王芳"]),
    ],
)
def test_filters(model: TeacherTableModel, filters: TeacherFilter, expected: list[str]) -> None:
    model.apply("", filters)
    assert names(model) == expected


def test_sort_both_ways_and_back(model: TeacherTableModel) -> None:
    model.sort(tc.BIRTH_DATE, ASC)
    assert names(model) == ["李明", "张丽", "王芳", "王强"]
    model.sort(tc.BIRTH_DATE, DESC)
    assert names(model) == ["王强", "王芳", "张丽", "李明"]
    model.sort(-1, ASC)
    assert names(model) == ["张丽", "李明", "王芳", "王强"]


def test_code_columns_sort_by_code_table_order(model: TeacherTableModel) -> None:
    # 职称 by rank (正高级 before 高级 before 一级), not by the characters; empty last.
    model.sort(tc.TITLE, ASC)
    assert [model.row_at(r).title_code for r in range(4)] == ["1", "2", "3", None]


def test_sort_kept_when_filter_changes(model: TeacherTableModel) -> None:
    model.sort(tc.NAME, DESC)
    model.apply("王", TeacherFilter())
    assert names(model) == sorted(["王芳", "王强"], reverse=True)
    model.apply("", TeacherFilter())
    assert names(model) == sorted(names(model), reverse=True)
    assert model.sort_column == tc.NAME


def test_set_rows_keeps_search_and_sort(model: TeacherTableModel) -> None:
    model.apply("王", TeacherFilter())
    model.sort(tc.NAME, ASC)
    model.set_rows([*ROWS, teacher(5, "王伟", "510115197001010017")])
    assert names(model) == sorted(["王芳", "王强", "王伟"])
    assert model.total_count() == 5


def test_ids_tsv_and_reset_signals(model: TeacherTableModel) -> None:
    model.apply("", TeacherFilter(school_id=2))
    assert model.visible_ids() == [3, 4]
    assert model.view_rows_of({4, 1}) == [1]
    tsv = model.rows_as_tsv([1])
    lines = tsv.splitlines()
    assert lines[0].split("\t")[:2] == ["Name", "ID number"]
    assert lines[1].split("\t") == [
        "王强",
        "510115199002020031",
        "女",
        "1980-01-01",
        "温江区第二中学",
        "初中",
        "语文",
        "一级教师",
        "",
        "已停用",
    ]
    resets: list[int] = []
    model.modelReset.connect(lambda: resets.append(model.rowCount()))
    model.sort(tc.NAME, ASC)
    model.apply("", TeacherFilter())
    assert resets == [2, 4]


def test_prepared_data_can_be_built_off_the_ui_thread(qapp: object) -> None:
    data = prepare_teachers(ROWS)
    order = data.order(tc.NAME)  # warmed in the loading task
    m = TeacherTableModel()
    m.sort(tc.NAME, ASC)
    m.set_rows(data)
    assert [m.row_at(r).id for r in range(4)] == [ROWS[i].id for i in order]


def test_empty_model(qapp: object) -> None:
    m = TeacherTableModel()
    assert m.rowCount() == 0
    assert m.visible_ids() == []
    m.sort(tc.SCHOOL, DESC)
    m.apply("王", TeacherFilter(stage_code="primary"))
    assert m.rowCount(QModelIndex()) == 0


# schools ------------------------------------------------------------------------------------
def school(
    school_id: int,
    code: str,
    name: str,
    *,
    stage: str = "primary",
    urban: str | None = "111",
    status: str = "active",
    pilot: bool = False,
) -> SchoolRecord:
    """A school record with defaults."""
    return SchoolRecord(
        id=school_id,
        code=code,
        name=name,
        category_code=code[:2],
        stage_code=stage,
        urban_rural_code=urban,
        environments=("A", "B"),
        is_center_school=False,
        is_pilot=pilot,
        is_demo=False,
        contact_name=None,
        contact_phone=None,
        address=None,
        status=status,
        note=None,
        version=1,
    )


SCHOOLS = [
    school(1, "2151000001", "温江区实验小学", pilot=True),
    school(2, "2151000002", "柳城小学", urban="220"),
    school(3, "3151000003", "温江区第二中学", stage="junior", status="inactive"),
]


@pytest.fixture
def schools(qapp: object) -> SchoolTableModel:
    """A school model holding SCHOOLS with teacher counts."""
    m = SchoolTableModel()
    m.set_rows(SCHOOLS, {1: 40, 2: 7})
    return m


def school_names(m: SchoolTableModel) -> list[str]:
    """Names in view order."""
    return [m.school_at(r).name for r in range(m.rowCount())]


def test_school_display(schools: SchoolTableModel) -> None:
    assert schools.columnCount() == 11
    row = [schools.data(schools.index(0, c)) for c in range(11)]
    assert row[: sc.ENVIRONMENTS] == ["2151000001", "温江区实验小学", "普通小学", "小学", "主城区"]
    assert row[sc.ENVIRONMENTS] == "多媒体教学环境, 混合学习环境"
    assert row[sc.PILOT] == "Yes"
    assert row[sc.TEACHERS] == "40"
    assert schools.data(schools.index(2, sc.TEACHERS)) == "0"
    grey = schools.data(schools.index(2, sc.NAME), Qt.ItemDataRole.ForegroundRole)
    assert isinstance(grey, QBrush)


def test_school_search_filter_sort(schools: SchoolTableModel) -> None:
    schools.apply("温江", SchoolFilter())
    assert school_names(schools) == ["温江区实验小学", "温江区第二中学"]
    schools.apply("3151", SchoolFilter())
    assert school_names(schools) == ["温江区第二中学"]
    schools.apply("", SchoolFilter(stage_code="primary", urban_rural_code="220"))
    assert school_names(schools) == ["柳城小学"]
    schools.apply("", SchoolFilter(status="active"))
    # Teacher counts sort as numbers (40 before 7 as text).
    schools.sort(sc.TEACHERS, DESC)
    assert school_names(schools) == ["温江区实验小学", "柳城小学"]
    schools.sort(sc.TEACHERS, ASC)
    assert school_names(schools) == ["柳城小学", "温江区实验小学"]
    assert schools.rows_as_tsv([0]).splitlines()[1].startswith("2151000002\t柳城小学\t")


def test_school_counts_arrive_after_the_schools(qapp: object) -> None:
    m = SchoolTableModel()
    m.set_rows(SCHOOLS)
    assert [m.data(m.index(r, sc.TEACHERS)) for r in range(3)] == ["", "", ""]
    m.set_teacher_counts({1: 3})
    assert [m.data(m.index(r, sc.TEACHERS)) for r in range(3)] == ["3", "0", "0"]
    m.set_rows(SCHOOLS[:2])  # a reload keeps the counts known so far
    assert [m.data(m.index(r, sc.TEACHERS)) for r in range(2)] == ["3", "0"]
