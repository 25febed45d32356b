"""Roster import end to end on real .xlsx files: preview, all-or-nothing, valid-only, re-import."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from nlts_desktop.services.roster_import import ImportRejectedError
from nlts_desktop.services.workspace import Workspace
from nlts_desktop.storage.models import AuditEntry, Teacher, TeacherTransfer
from tests.helpers import fill_in_school_template

HEADERS = ["序号", "姓名", "身份证号码", "性别", "出生年月", "工作单位", "手机", "任教学科", "职称"]


def _workbook(path: Path, rows: list[list[object]], *, title_rows: bool = True) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "教师名单"
    if title_rows:
        sheet.append(["温江区中小学教师信息表"])
        sheet.merge_cells("A1:I1")
        sheet.append(
            ["填报单位：温江区实验小学", None, None, "联系人：李明", None, "电话：028-86721266"]
        )
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def _count(workspace: Workspace, model: type) -> int:
    with workspace.context.read() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


GOOD = [
    [
        1,
        "张丽",
        "11010519491231002x",
        "女",
        "1949-12-31",
        "温江区实验小学",
        "138 1234 5678",
        "语文",
        "小学高级教师",
    ],
    [
        2,
        " 李 明 ",
        "４４０５２４１８８００１０１００１４",
        "男",
        "1880-01-01",
        "2151000001",
        "",
        "数学",
        "一级教师",
    ],
    [],
    [
        3,
        "王\u200b芳",
        "510115198503150024",
        "",
        "1985.3.15",
        "温江区实验小学",
        "+86 139-0000-1111",
        "英语",
        "",
    ],
]


def test_good_file_previews_then_commits_and_reimports_unchanged(
    workspace: Workspace, school: int, tmp_path: Path
) -> None:
    path = _workbook(tmp_path / "名单.xlsx", GOOD)
    plan = workspace.roster_import.plan_teachers(path, today=date(2026, 11, 23))
    preview = plan.summary()
    assert (preview.new, preview.changed, preview.unchanged, preview.rejected) == (3, 0, 0, 0)
    assert preview.header_row == 3
    result = workspace.roster_import.commit(plan)
    assert result.written and result.new == 3
    with workspace.context.read() as session:
        rows = {t.id_number: t for t in session.scalars(select(Teacher))}
    assert rows["11010519491231002X"].title_code == "3"  # legacy 小学高级教师 → 一级教师
    assert rows["440524188001010014"].name == "李 明"
    assert rows["510115198503150024"].name == "王芳"
    assert rows["510115198503150024"].phone == "13900001111"
    audits = _count(workspace, AuditEntry)
    again = workspace.roster_import.plan_teachers(path)
    assert again.summary().unchanged == 3
    assert not workspace.roster_import.commit(again).written
    assert _count(workspace, AuditEntry) == audits  # nothing written at all


BAD = [
    [1, "张丽", "11010519491231002X", "女", "", "温江区实验小学", "", "语文", ""],
    [2, "赵六", 5.101151985031501e17, "男", "", "温江区实验小学", "", "", ""],  # Excel number
    [3, "钱七", "110105194912310021", "", "", "温江区实验小学", "", "", ""],  # checksum
    [4, "孙八", "11010519491231002X", "", "", "温江区实验小学", "", "", ""],  # duplicate in file
    [5, "周九", "440524188001010014", "", "", "温江区不存在学校", "", "", ""],  # unknown school
    [6, "吴十", "510115198503150024", "男", "", "温江区实验小学", "", "", ""],  # gender mismatch
    [7, "郑一", "510115198503150016", "", "2020.13.1", "温江区实验小学", "", "", ""],  # bad date
]


def test_bad_rows_are_reported_and_nothing_is_written(
    workspace: Workspace, school: int, tmp_path: Path
) -> None:
    path = _workbook(tmp_path / "有错的名单.xlsx", BAD)
    plan = workspace.roster_import.plan_teachers(path)
    preview = plan.summary()
    assert (preview.new, preview.rejected) == (1, 6)
    by_row = {issue.row: issue for issue in preview.issues}
    assert by_row[5].code == "id.numeric" and by_row[5].column == "身份证号码"
    assert by_row[6].code == "id.checksum" and by_row[6].value == "110105194912310021"
    assert by_row[7].code == "import.duplicate_in_file" and "第 4 行" in by_row[7].reason
    assert by_row[8].code == "school.unknown" and by_row[8].column == "工作单位"
    assert by_row[9].code == "id.gender_mismatch"
    assert by_row[10].code == "date.invalid" and by_row[10].column == "出生年月"
    with pytest.raises(ImportRejectedError) as caught:
        workspace.roster_import.commit(plan)
    assert "6 行" in caught.value.message
    assert _count(workspace, Teacher) == 0
    report = workspace.roster_import.write_error_report(plan)
    assert report == tmp_path / "有错的名单_错误报告.xlsx"
    sheet = openpyxl.load_workbook(report).active
    assert sheet is not None
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    flat = " ".join(str(v) for row in values for v in row if v is not None)
    assert "错误原因" in flat and "原行号" in flat and "钱七" in flat
    assert "张丽" not in flat  # only the rejected rows
    # The valid row alone:
    result = workspace.roster_import.commit(plan, valid_only=True)
    assert result.written and result.new == 1
    assert _count(workspace, Teacher) == 1


def test_changes_and_transfers(workspace: Workspace, school: int, tmp_path: Path) -> None:
    workspace.schools.create({"code": "3151000002", "name": "温江区第二中学"})
    path = _workbook(tmp_path / "a.xlsx", GOOD, title_rows=False)
    workspace.roster_import.commit(workspace.roster_import.plan_teachers(path))
    changed = [list(row) for row in GOOD if row]
    changed[0][6] = "13700000000"  # new phone
    changed[1][5] = "温江区第二中学"  # moved
    changed[2][6] = ""  # blank keeps the phone on file
    path2 = _workbook(tmp_path / "b.xlsx", changed, title_rows=False)
    plan = workspace.roster_import.plan_teachers(path2)
    assert (plan.summary().changed, plan.summary().unchanged) == (2, 1)
    workspace.roster_import.commit(plan)
    assert workspace.teachers.find_by_id_number("11010519491231002X").phone == "13700000000"
    moved = workspace.teachers.find_by_id_number("440524188001010014")
    assert moved.school_name == "温江区第二中学"
    assert workspace.teachers.find_by_id_number("510115198503150024").phone == "13900001111"
    assert _count(workspace, TeacherTransfer) == 1


def test_formula_cells_are_rejected(workspace: Workspace, school: int, tmp_path: Path) -> None:
    rows = [list(GOOD[0]), list(GOOD[1])]
    rows[1][7] = '=CONCATENATE("数","学")'
    path = _workbook(tmp_path / "公式.xlsx", rows)
    preview = workspace.roster_import.plan_teachers(path).summary()
    assert preview.rejected == 1
    assert preview.issues[0].code == "import.formula"
    assert preview.issues[0].column == "任教学科"


def test_export_round_trips(workspace: Workspace, school: int, tmp_path: Path) -> None:
    path = _workbook(tmp_path / "名单.xlsx", GOOD)
    workspace.roster_import.commit(workspace.roster_import.plan_teachers(path))
    out = tmp_path / "导出.xlsx"
    assert workspace.roster_export.export_teachers(out) == 3
    sheet = openpyxl.load_workbook(out).active
    assert sheet is not None
    ids = [row[0].value for row in sheet.iter_rows(min_row=1) if row[0].value]
    assert "11010519491231002X" in ids
    assert all(isinstance(v, str) for v in ids)
    again = workspace.roster_import.plan_teachers(out).summary()
    assert (again.unchanged, again.new, again.changed, again.rejected) == (3, 0, 0, 0)


def test_schools_import_and_template_round_trip(workspace: Workspace, tmp_path: Path) -> None:
    from nlts_desktop.services.roster_export import write_roster_template

    template = write_roster_template("schools", tmp_path / "学校模板.xlsx")
    untouched = workspace.roster_import.plan_schools(template).summary()
    assert (untouched.new, untouched.rejected) == (0, 1)
    assert untouched.issues[0].code == "import.example_row"
    fill_in_school_template(template)
    plan = workspace.roster_import.plan_schools(template)
    assert plan.summary().new == 1
    workspace.roster_import.commit(plan)
    assert workspace.schools.find("2151000001").environments == ("A", "B")  # from the example
    out = tmp_path / "学校.xlsx"
    workspace.roster_export.export_schools(out)
    assert workspace.roster_import.plan_schools(out).summary().unchanged == 1


def test_untouched_example_row_of_the_teacher_template_is_refused(
    workspace: Workspace, school: int, tmp_path: Path
) -> None:
    from nlts_desktop.services.roster_export import write_roster_template

    template = write_roster_template("teachers", tmp_path / "教师模板.xlsx")
    preview = workspace.roster_import.plan_teachers(template).summary()
    assert (preview.new, preview.rejected) == (0, 1)
    assert preview.issues[0].code == "import.example_row"
    assert "示例行" in preview.issues[0].reason
