"""ScoreSheetService: export → grade → import round trip, whole-or-nothing refusals with an
error report naming sheet/row/column/value, and the results, summary and record outputs."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from nlts_desktop.domain.enums import Grade, ReviewState, SubmissionState
from nlts_desktop.domain.errors import ValidationError
from nlts_desktop.services.progress import Cancelled, CancelToken
from nlts_desktop.services.roster_import import ImportRejectedError
from nlts_desktop.services.workspace import Workspace
from tests.helpers import add_teachers, id_number

GRADE_COLUMN = 10  # J: 等级
EVIDENCE_COLUMN = 9  # I: 证据材料
POINT_COLUMN = 5  # E: 能力点编号
HEADERS = [
    "学校标识码",
    "学校名称",
    "身份证号",
    "姓名",
    "能力点编号",
    "能力点名称",
    "材料编号",
    "材料名称",
    "证据材料（链接或说明）",
    "等级",
    "评分人",
    "评分日期",
]


@pytest.fixture
def ready(workspace: Workspace, school: int) -> tuple[Workspace, int, list[int]]:
    """Three teachers, the plan approved; the first chose A1, A5, A11 (3 dimensions)."""
    teachers = add_teachers(workspace, 3)
    workspace.assessment.save_plan(
        school,
        {
            "environments": "A,B",
            "points": [("A1", True)],
            "plan_title": "校本研修方案",
            "rules_title": "考核细则",
        },
    )
    workspace.assessment.decide_plan(school, approve=True)
    workspace.assessment.set_selection(teachers[0], ["A1", "A5", "A11"])
    return workspace, school, teachers


def _grade_all(path: Path, grade: str = "优秀", *, evidence: str | None = None) -> None:
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    for row in range(3, sheet.max_row + 1):
        if sheet.cell(row, POINT_COLUMN).value:
            sheet.cell(row, GRADE_COLUMN).value = grade
            if evidence is not None:
                sheet.cell(row, EVIDENCE_COLUMN).value = evidence
    book.save(path)


def _sheet(path: Path, rows: list[list[object]], *, headers: list[str] = HEADERS) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "成绩表"
    sheet.append(["2022年度校本应用考核成绩表"])
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def _row(number: str, point: str, spec: str, grade: object, **extra: object) -> list[object]:
    values: dict[str, object] = {
        "school": "2151000001",
        "name": "",
        "evidence": "",
        "assessor": "",
        **extra,
    }
    return [
        values["school"],
        "",
        number,
        values["name"],
        point,
        "",
        spec,
        "",
        values["evidence"],
        grade,
        values["assessor"],
        None,
    ]


def _grades(ws: Workspace, school: int) -> dict[tuple[str, str, str], Grade | None]:
    return {
        (row.id_number, point.code, item.spec_code): item.grade
        for row in ws.assessment.grid(school).rows
        for point in row.points
        for item in point.items
    }


def _points(ws: Workspace, school: int) -> dict[str, list[str]]:
    return {row.id_number: [p.code for p in row.points] for row in ws.assessment.grid(school).rows}


def test_export_grade_import_round_trip(
    ready: tuple[Workspace, int, list[int]], tmp_path: Path
) -> None:
    ws, school, _teachers = ready
    out = tmp_path / "成绩表.xlsx"
    # 7 items of the first teacher + one empty row each for the two without points.
    assert ws.score_sheets.export_scores(out, school_id=school) == 9
    _grade_all(out, "合格", evidence="https://example.cn/作品")

    plan = ws.score_sheets.plan(out, school)
    assert plan.ok and not plan.issues
    assert (plan.teachers, plan.points_added, plan.grades_set) == (1, 0, 7)
    assert (plan.grades_cleared, plan.unchanged, plan.blank_rows) == (0, 0, 2)
    summary = plan.summary()
    assert (summary.new, summary.changed, summary.unchanged, summary.rejected) == (7, 0, 0, 0)
    assert _grades(ws, school)[(id_number(0, female=True), "A1", "A1-1")] is None  # dry run

    outcome = ws.score_sheets.commit(plan, assessor="王老师")
    assert outcome.written and outcome.grades_set == 7
    grid = ws.assessment.grid(school)
    first = grid.rows[0]
    assert first.result is Grade.PASS and first.ungraded == 0 and not first.without_evidence
    assert {item.assessor for p in first.points for item in p.items} == {"王老师"}

    # Exported again: the grades are there; edited and imported: only the change is written.
    again = tmp_path / "成绩表2.xlsx"
    ws.score_sheets.export_scores(again, school_id=school)
    book = openpyxl.load_workbook(again)
    sheet = book.worksheets[0]
    assert sheet.cell(3, GRADE_COLUMN).value == "合格"
    assert sheet.cell(3, 11).value == "王老师"
    assert sheet.cell(3, EVIDENCE_COLUMN).value == "https://example.cn/作品"
    sheet.cell(3, GRADE_COLUMN).value = "1"
    sheet.cell(4, GRADE_COLUMN).value = None
    book.save(again)
    plan = ws.score_sheets.plan(again, school)
    assert (plan.grades_set, plan.grades_cleared, plan.unchanged) == (1, 1, 5)
    ws.score_sheets.commit(plan)
    grades = _grades(ws, school)
    number = id_number(0, female=True)
    assert grades[(number, "A1", "A1-1")] is Grade.EXCELLENT
    assert grades[(number, "A1", "A1-2")] is None


def test_a_sheet_adds_points_and_takes_the_assessor_from_the_file(
    ready: tuple[Workspace, int, list[int]], tmp_path: Path
) -> None:
    ws, school, _teachers = ready
    number = id_number(1)
    rows = [
        _row(number, point, f"{point}-{n}", "2", assessor="李老师")
        for point, items in (("A1", 2), ("A5", 3), ("A12", 3))
        for n in range(1, items + 1)
    ]
    plan = ws.score_sheets.plan(_sheet(tmp_path / "新选点.xlsx", rows), school)
    assert plan.ok and plan.points_added == 3 and plan.grades_set == 8
    assert plan.file_assessor == "李老师"
    ws.score_sheets.commit(plan)
    assert _points(ws, school)[number] == ["A1", "A5", "A12"]
    row = next(r for r in ws.assessment.grid(school).rows if r.id_number == number)
    assert {item.assessor for p in row.points for item in p.items} == {"李老师"}
    assert row.result is Grade.PASS


def _refused(ws: Workspace, school: int, path: Path) -> Any:
    """Plan the file, check nothing can be written, and return the plan."""
    before = (_grades(ws, school), _points(ws, school))
    plan = ws.score_sheets.plan(path, school)
    assert plan.issues and not plan.ok
    assert plan.grades_set == plan.points_added == 0  # counts do not stand when refused
    with pytest.raises(ImportRejectedError) as caught:
        ws.score_sheets.commit(plan, assessor="王老师")
    assert "没有导入任何成绩" in caught.value.message
    assert (_grades(ws, school), _points(ws, school)) == before
    return plan


def test_refusals_name_row_column_value_and_write_nothing(
    ready: tuple[Workspace, int, list[int]], tmp_path: Path
) -> None:
    ws, school, _teachers = ready
    other = ws.schools.create(
        {"code": "2151000002", "name": "温江区第二小学", "urban_rural": "111"}
    ).id
    assert other
    outsider = add_teachers(ws, 1, school="2151000002", start=20)
    assert outsider
    first = id_number(0, female=True)
    second = id_number(1)
    bad_checksum = first[:-1] + ("1" if first[-1] != "1" else "2")
    rows = [
        _row(first, "A1", "A1-1", "5"),  # row 3: grade outside the scale
        _row(first, "Z9", "Z9-1", "优秀"),  # row 4: no such point
        _row(first, "A1", "A1-9", "优秀"),  # row 5: no such item of A1
        _row(second, "A1", "A1-1", "优秀"),  # rows 6–7: too few points for the rule
        _row(second, "A1", "A1-2", "优秀"),
        _row(id_number(20, female=True), "A1", "A1-1", "优秀"),  # row 8: another school's teacher
        _row(bad_checksum, "A1", "A1-1", "优秀"),  # row 9: bad 身份证号
        _row(first, "A1", "A1-2", "优秀", school="2151000002"),  # row 10: another school's code
        _row(first, "A5", "A5-1", "优秀", name="王五"),  # row 11: name disagrees with the roster
        _row(first, "A11", "A11-1", "合格"),  # row 12
        _row(first, "A11", "A11-1", "优秀"),  # row 13: duplicate of row 12
    ]
    plan = _refused(ws, school, _sheet(tmp_path / "有错.xlsx", rows))
    by_row: dict[int, list[Any]] = {}
    for issue in plan.issues:
        by_row.setdefault(issue.row, []).append(issue)
    assert sorted(by_row) == [3, 4, 5, 6, 7, 8, 9, 10, 11, 13]
    assert [(i.column, i.value) for i in by_row[3]] == [("等级", "5")]
    assert "不是有效的考核等级" in by_row[3][0].reason
    assert (by_row[4][0].column, by_row[4][0].value) == ("能力点编号", "Z9")
    assert (by_row[5][0].column, by_row[5][0].value) == ("材料编号", "A1-9")
    assert "选点不符合要求" in by_row[6][0].reason and by_row[6][0].column == "能力点编号"
    assert "温江区第二小学" in by_row[8][0].reason and by_row[8][0].column == "身份证号"
    assert by_row[9][0].column == "身份证号" and by_row[9][0].code == "id.checksum"
    assert by_row[10][0].column == "学校标识码" and "温江区第二小学" in by_row[10][0].reason
    assert by_row[11][0].column == "姓名" and "教师甲一" in by_row[11][0].reason
    assert "与第 12 行重复" in by_row[13][0].reason

    report = ws.score_sheets.write_error_report(plan, tmp_path / "错误报告.xlsx")
    sheet = openpyxl.load_workbook(report).worksheets[0]
    values = list(sheet.iter_rows(values_only=True))
    assert "有错.xlsx”工作表“成绩表”" in str(values[0][0])
    assert values[1][:12] == tuple(HEADERS) and values[1][12:] == ("原行号", "错误原因")
    reasons = {row[12]: row[13] for row in values[2:]}
    assert set(reasons) == {3, 4, 5, 6, 7, 8, 9, 10, 11, 13}
    assert "“等级”列（5）：" in reasons[3]
    assert "“能力点编号”列（Z9）：" in reasons[4]
    assert values[2][2] == first  # the original ID, as text
    # The fixed report imports again under the same columns.
    assert ws.score_sheets.plan(report, school).issues


def test_points_outside_the_schools_environments_are_refused(
    ready: tuple[Workspace, int, list[int]], tmp_path: Path
) -> None:
    ws, school, _teachers = ready
    number = id_number(1)
    rows = [
        _row(number, point, f"{point}-{n}", "合格")
        for point, items in (("A1", 2), ("A5", 3), ("C6", 2))
        for n in range(1, items + 1)
    ]
    plan = _refused(ws, school, _sheet(tmp_path / "环境.xlsx", rows))
    assert {i.row for i in plan.issues} == set(range(3, 10))
    assert all("选点不符合要求" in i.reason for i in plan.issues)
    assert any("C6" in i.reason for i in plan.issues)


def test_submitted_and_approved_batches_refuse_changes(
    workspace: Workspace, school: int, tmp_path: Path
) -> None:
    ws = workspace
    (teacher,) = add_teachers(ws, 1)
    ws.assessment.save_plan(school, {"environments": "A,B", "plan_title": "方案"})
    ws.assessment.decide_plan(school, approve=True)
    ws.assessment.set_selection(teacher, ["A1", "A5", "A11"])
    out = tmp_path / "成绩表.xlsx"
    ws.score_sheets.export_scores(out, school_id=school)
    _grade_all(out, "优秀", evidence="平台作品链接")
    ws.score_sheets.commit(ws.score_sheets.plan(out, school), assessor="王老师")
    ws.assessment.submit(school)

    _grade_all(out, "合格")
    plan = _refused(ws, school, out)
    assert len(plan.rejected_rows) == 7
    assert all("已提交区县审核" in i.reason for i in plan.issues)

    outcome = ws.review.approve_clean(school)
    assert outcome.approved == 1 and outcome.batch.state is SubmissionState.APPROVED
    plan = _refused(ws, school, out)
    assert all("审核通过并锁定" in i.reason for i in plan.issues)


def test_empty_and_blank_sheets(ready: tuple[Workspace, int, list[int]], tmp_path: Path) -> None:
    ws, school, _teachers = ready
    blank = _sheet(tmp_path / "空白.xlsx", [[*_row(id_number(1), "", "", "")]])
    with pytest.raises(ValidationError) as caught:
        ws.score_sheets.plan(blank, school)
    assert caught.value.code == "score_sheet.empty"
    missing = _sheet(tmp_path / "缺编号.xlsx", [_row(id_number(1), "A1", "", "优秀")])
    plan = _refused(ws, school, missing)
    assert plan.issues[0].column == "材料编号" and "请填写材料编号" in plan.issues[0].reason


def test_results_workbook_numbers(ready: tuple[Workspace, int, list[int]], tmp_path: Path) -> None:
    ws, school, _teachers = ready
    out = tmp_path / "成绩表.xlsx"
    ws.score_sheets.export_scores(out, school_id=school)
    _grade_all(out, "优秀")
    ws.score_sheets.commit(ws.score_sheets.plan(out, school), assessor="王老师")
    results = tmp_path / "考核结果.xlsx"
    assert ws.score_sheets.export_results(results, school) == 3
    values = list(openpyxl.load_workbook(results).worksheets[0].iter_rows(values_only=True))
    assert values[0][0] == "温江区实验小学　2022年度校本应用考核结果"
    first = values[3]
    assert first[1] == "教师甲一" and first[2].startswith("510115********")
    assert first[3:9] == (
        "A1 技术支持的学情分析",
        "优秀",
        "A5 技术支持的课堂导入",
        "优秀",
        "A11 评价量规设计与应用",
        "优秀",
    )
    assert first[9:] == ("优秀", "未提交")
    assert values[4][9:] == ("未选点", "未提交")
    notes = " ".join(str(row[0]) for row in values[6:])
    assert "在职教师 3 人，优秀 1 人，合格 0 人，不合格 0 人，待定 2 人" in notes


def test_summary_counts_by_school_and_point(
    ready: tuple[Workspace, int, list[int]], tmp_path: Path
) -> None:
    ws, school, teachers = ready
    ws.schools.create({"code": "2151000002", "name": "温江区第二小学", "urban_rural": "111"})
    add_teachers(ws, 2, school="2151000002", start=20)
    ws.assessment.set_selection(teachers[1], ["A1", "A5", "A11"])
    ws.assessment.set_selection(teachers[2], ["A1", "A5", "A12"])
    grades = {teachers[0]: "1", teachers[1]: "2", teachers[2]: "3"}
    for row in ws.assessment.grid(school).rows:
        cells = [(item.item_id, grades[row.teacher_id]) for p in row.points for item in p.items]
        if row.teacher_id == teachers[2]:
            cells = cells[:2]  # A1 不合格; A5, A12 left ungraded
        ws.assessment.set_scores(cells, assessor="王老师")

    out = tmp_path / "汇总.xlsx"
    assert ws.score_sheets.export_summary(out) == 2
    book = openpyxl.load_workbook(out)
    by_school = list(book["按学校"].iter_rows(values_only=True))
    assert by_school[3][:10] == ("2151000001", "温江区实验小学", 3, 3, 3, 1, 1, 1, 0, "草稿")
    assert by_school[4][:10] == ("2151000002", "温江区第二小学", 2, 0, 0, 0, 0, 0, 2, "未提交")
    assert by_school[5][:9] == ("合计", None, 5, 3, 3, 1, 1, 1, 2)
    by_point = {row[0]: row for row in book["按能力点"].iter_rows(values_only=True)}
    assert by_point["A1"][3:] == (3, 1, 1, 1, 0)
    assert by_point["A5"][3:] == (3, 1, 1, 0, 1)
    assert by_point["A12"][3:] == (1, 0, 0, 0, 1)
    assert by_point["C7"][3:] == (0, 0, 0, 0, 0)
    assert by_point["合计"][3:] == (9, 3, 3, 1, 2)


def _approved(ws: Workspace, school: int, tmp_path: Path) -> None:
    """Grade every teacher of the fixture school, submit and approve."""
    for row in ws.assessment.grid(school).rows:
        if not row.points:
            ws.assessment.set_selection(row.teacher_id, ["A1", "A5", "A11"])
    out = tmp_path / "全部.xlsx"
    ws.score_sheets.export_scores(out, school_id=school)
    _grade_all(out, "合格", evidence="平台作品")
    ws.score_sheets.commit(ws.score_sheets.plan(out, school), assessor="王老师")
    ws.assessment.submit(school)
    ws.review.return_batch(school, "请补充课堂实录", teacher_reasons={})
    ws.assessment.submit(school)
    ws.review.approve_clean(school)


def test_review_record_pdf(ready: tuple[Workspace, int, list[int]], tmp_path: Path) -> None:
    ws, school, _teachers = ready
    _approved(ws, school, tmp_path)
    out = tmp_path / "审核记录.pdf"
    assert ws.score_sheets.review_record_pdf(out, school) == 1
    assert out.read_bytes().startswith(b"%PDF-")
    if shutil.which("pdftotext") is None:
        return
    text = subprocess.run(
        ["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "温江区实验小学2022年度校本应用考核审核记录" in text
    assert "请补充课堂实录" in text and "已提交 → 已退回" in text
    assert "已通过" in text and "A1 合格；A5 合格；A11 合格" in text
    assert id_number(0, female=True) not in text and "510115********" in text


def test_sampling_record_pdf_and_xlsx(
    ready: tuple[Workspace, int, list[int]], tmp_path: Path
) -> None:
    ws, school, _teachers = ready
    _approved(ws, school, tmp_path)
    record = ws.review.draw_sample(count=2, seed=7)
    check = record.checks[0]
    ws.review.record_recheck(check.check_id, grade="优秀", notes="复核后上调")
    pdf = tmp_path / "抽样.pdf"
    assert ws.score_sheets.sampling_record(pdf, record.draw_id) == 2
    assert pdf.read_bytes().startswith(b"%PDF-")
    xlsx = tmp_path / "抽样.xlsx"
    assert ws.score_sheets.sampling_record(xlsx, record.draw_id) == 2
    values = list(openpyxl.load_workbook(xlsx).worksheets[0].iter_rows(values_only=True))
    assert "随机种子：7" in [v for v in values[1] if v]
    first = values[3]
    assert first[1:3] == (check.school_name, check.teacher_name)
    assert first[5:9] == ("合格", "优秀", "复核等级不一致", "复核后上调")
    with pytest.raises(ValidationError) as caught:
        ws.score_sheets.sampling_record(tmp_path / "抽样.docx", record.draw_id)
    assert caught.value.code == "sampling.record_format"
    assert ws.review.school(school).rows[0].state is ReviewState.APPROVED


def test_school_code_typed_as_a_number_still_matches(
    ready: tuple[Workspace, int, list[int]], tmp_path: Path
) -> None:
    ws, school, _teachers = ready
    rows = [_row(id_number(0, female=True), "A1", "A1-1", "优秀", school=2151000001.0)]
    plan = ws.score_sheets.plan(_sheet(tmp_path / "数字.xlsx", rows), school)
    assert plan.ok and plan.grades_set == 1


def test_cancelled_export_leaves_the_old_file(
    ready: tuple[Workspace, int, list[int]], tmp_path: Path
) -> None:
    ws, _school, _teachers = ready
    folder = tmp_path / "导出"
    folder.mkdir()
    out = folder / "成绩表.xlsx"
    out.write_bytes(b"old")
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        ws.score_sheets.export_scores(out, cancel=token)
    assert out.read_bytes() == b"old"
    assert [p.name for p in folder.iterdir()] == ["成绩表.xlsx"]
    seen: list[tuple[int, int]] = []
    assert ws.score_sheets.export_scores(out, progress=lambda d, t, _m: seen.append((d, t))) == 9
    assert seen and seen[0] == (0, 9)
