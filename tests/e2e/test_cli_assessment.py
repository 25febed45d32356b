"""校本应用考核 on the command line, as a county clerk scripts it: plan, score sheet import
(dry run, refusal, import), submit, approve with hours credited, outputs, sampling, unlock."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl

from nlts_desktop.paths import data_paths
from nlts_desktop.services.context import Actor
from nlts_desktop.services.workspace import Workspace
from tests.e2e.clirun import assert_one_chinese_sentence, run
from tests.helpers import add_teachers, id_number

SCHOOL = "2151000001"
HEADERS = [
    "学校标识码",
    "身份证号",
    "姓名",
    "能力点编号",
    "材料编号",
    "证据材料（链接或说明）",
    "等级",
    "评分人",
]
ITEMS = (("A1", 2), ("A5", 3), ("A11", 2))


def _workspace(data: Path) -> list[str]:
    """A county with one school and two teachers who each studied 20 hours online."""
    made = run(
        "--data-dir",
        str(data),
        "init",
        "--code",
        "510115",
        "--name",
        "温江区",
        "--preset",
        "sichuan-2.0",
    )
    assert made.returncode == 0, made.stderr
    with Workspace.open(data_paths(data), actor=Actor.system("admin")) as ws:
        ws.schools.create(
            {"code": SCHOOL, "name": "温江区实验小学", "urban_rural": "111", "environments": "A,B"}
        )
        teachers = add_teachers(ws, 2)
        for teacher in teachers:
            ws.hours.add(
                {"teacher_id": teacher, "category": "online", "hours": 20, "date": "2022-05-20"}
            )
    return [id_number(0, female=True), id_number(1)]


def _scores(path: Path, numbers: list[str], grade: object = "合格") -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADERS)
    for number in numbers:
        for point, items in ITEMS:
            for n in range(1, items + 1):
                sheet.append(
                    [SCHOOL, number, "", point, f"{point}-{n}", "区平台作品", grade, "王老师"]
                )
    book.save(path)
    return path


def _cli(data: Path, *args: str) -> str:
    result = run("--data-dir", str(data), *args)
    assert result.returncode == 0, result.stderr
    return result.stdout


def _short(data: Path) -> dict[str, dict[str, object]]:
    payload = json.loads(_cli(data, "hours", "short", "--json"))
    return {str(t["id_number"])[-4:]: t for t in payload["teachers"]}


def _stats(data: Path) -> dict[str, int]:
    counts: dict[str, int] = json.loads(_cli(data, "stats", "--json"))
    return counts


def test_the_whole_assessment_flow(tmp_path: Path) -> None:
    data = tmp_path / "data"
    numbers = _workspace(data)

    out = _cli(
        data,
        "plan",
        "set",
        "--school",
        SCHOOL,
        "--environments",
        "A,B",
        "--points",
        "A1!,A5",
        "--title",
        "2022年校本研修方案",
        "--rules-title",
        "考核细则",
    )
    assert "A1（必选）、A5" in out and "待审批" in out
    assert "已批准" in _cli(data, "plan", "approve", "--school", SCHOOL)

    # The county's empty sheet: one row per teacher, no points yet.
    blank = tmp_path / "空白成绩表.xlsx"
    assert "已导出 2 行" in _cli(data, "export", "scores", "--school", SCHOOL, "--out", str(blank))

    # A wrong grade: refused whole, the error report beside the file, exit code 3.
    bad = _scores(tmp_path / "有错.xlsx", numbers, grade="5")
    refused = run("--data-dir", str(data), "import", "scores", str(bad), "--school", SCHOOL)
    assert refused.returncode == 3
    assert "拒绝 14 行" in refused.stdout and "不是有效的考核等级" in refused.stdout
    assert (tmp_path / "有错_错误报告.xlsx").exists()
    assert "没有写入任何成绩" in refused.stderr and "Traceback" not in refused.stderr
    assert _stats(data)["point_selections"] == 0

    good = _scores(tmp_path / "成绩表.xlsx", numbers)
    dry = _cli(data, "import", "scores", str(good), "--school", SCHOOL, "--dry-run")
    assert "教师 2 人，新增能力点 6 个，评定等级 14 项" in dry and "试运行" in dry
    assert _stats(data)["point_selections"] == 0

    done = _cli(data, "import", "scores", str(good), "--school", SCHOOL, "--assessor", "王老师")
    assert "导入完成：教师 2 人，新增能力点 6 个，评定等级 14 项" in done
    assert _stats(data)["point_selections"] == 6
    again = _cli(data, "import", "scores", str(good), "--school", SCHOOL)
    assert "未变 14 项" in again

    # Before approval the practice hours are missing.
    short = _short(data)
    assert {numbers[0][-4:], numbers[1][-4:]} <= set(short)
    assert all(t["practice"] == 0 for t in short.values())

    assert "已提交区县审核" in _cli(data, "review", "submit", "--school", SCHOOL)
    queue = _cli(data, "review", "queue")
    assert SCHOOL in queue and "已提交" in queue
    approved = _cli(data, "review", "approve", "--school", SCHOOL)
    assert "通过 2 人，暂缓 0 人" in approved and "认定实践学时 2 人" in approved
    assert "已通过" in approved

    # 20 online + 30 practice credited: qualified, so no longer on the still-short list.
    assert _short(data) == {}

    results = tmp_path / "考核结果.xlsx"
    _cli(data, "export", "assessment-results", "--school", SCHOOL, "--out", str(results))
    values = list(openpyxl.load_workbook(results).worksheets[0].iter_rows(values_only=True))
    assert values[3][9:] == ("合格", "已通过")
    summary = tmp_path / "汇总.xlsx"
    assert "1 所学校" in _cli(data, "export", "assessment-summary", "--out", str(summary))
    record = tmp_path / "审核记录.pdf"
    assert "共 1 页" in _cli(
        data, "export", "review-record", "--school", SCHOOL, "--out", str(record)
    )
    assert record.read_bytes().startswith(b"%PDF-")

    sample_pdf = tmp_path / "抽样.pdf"
    sampled = _cli(data, "sample", "--ratio", "0.5", "--seed", "42", "--out", str(sample_pdf))
    assert "随机种子 42" in sampled and "共抽取 3 个结果" in sampled
    assert sample_pdf.read_bytes().startswith(b"%PDF-")
    sample_xlsx = tmp_path / "抽样.xlsx"
    assert "第 1 次抽样" in _cli(data, "sample", "--draw", "1", "--out", str(sample_xlsx))
    assert sample_xlsx.exists()

    # An approved batch is locked; unlocking needs a reason and withdraws the hours.
    locked = run("--data-dir", str(data), "import", "scores", str(good), "--school", SCHOOL)
    assert locked.returncode == 3 and "审核通过并锁定" in locked.stdout
    assert_one_chinese_sentence(
        run("--data-dir", str(data), "review", "unlock", "--school", SCHOOL)
    )
    unlocked = _cli(data, "review", "unlock", "--school", SCHOOL, "--reason", "更正等级")
    assert "撤销认定的实践学时" in unlocked
    assert set(_short(data)) == {numbers[0][-4:], numbers[1][-4:]}


def test_bad_input_exits_with_one_chinese_sentence(tmp_path: Path) -> None:
    data = tmp_path / "data"
    numbers = _workspace(data)
    good = _scores(tmp_path / "成绩表.xlsx", numbers)
    base = ("--data-dir", str(data))

    no_school = run(*base, "import", "scores", str(good))
    assert no_school.returncode == 2 and "--school" in no_school.stderr
    assert "Traceback" not in no_school.stderr
    assert_one_chinese_sentence(
        run(*base, "import", "scores", str(good), "--school", "不存在的学校")
    )
    assert_one_chinese_sentence(run(*base, "plan", "approve", "--school", SCHOOL))  # no plan yet
    assert_one_chinese_sentence(
        run(*base, "plan", "set", "--school", SCHOOL, "--environments", "A", "--points", "B9")
    )
    _cli(data, "plan", "set", "--school", SCHOOL, "--environments", "A,B", "--title", "方案")
    assert_one_chinese_sentence(run(*base, "plan", "return", "--school", SCHOOL))  # no reason
    assert "退回" in _cli(data, "plan", "return", "--school", SCHOOL, "--reason", "请补充细则")
    assert_one_chinese_sentence(run(*base, "review", "submit", "--school", SCHOOL))
    assert_one_chinese_sentence(run(*base, "review", "approve", "--school", SCHOOL))
    assert_one_chinese_sentence(
        run(*base, "sample", "--ratio", "2", "--out", str(tmp_path / "s.pdf"))
    )
    assert_one_chinese_sentence(
        run(*base, "sample", "--count", "1", "--out", str(tmp_path / "s.docx"))
    )
    missing = run(*base, "export", "review-record", "--out", str(tmp_path / "r.pdf"))
    assert missing.returncode == 2 and "--school" in missing.stderr
    assert "还没有学校提交考核结果" in _cli(data, "review", "queue")
