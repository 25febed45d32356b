"""export form:<name> for every form, import annual-plan / leadership, as a user runs them."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from tests.e2e.clirun import assert_one_chinese_sentence, run

# form:<name> → a text in its title, as the older export names produce them too.
FORMS = {
    "form:institutions": "应用能力提升工程项目培训机构名单",
    "form:trainee-changes": "参训人员变更信息表",
    "form:project-design": "能力提升工程项目设计表",
    "form:hours-summary": "学时完成情况汇总表",
    "form:assessment-summary": "校本应用考核汇总表",
    "form:annual-plan-table": "市、县级培训年度计划表",
    "form:pilot-schools": "试点单位信息汇总表",
}
# The plan per year as a county would type it: (省级, 市级) for 2020, 2021, 2022.
PLAN = {2020: (18, 70), 2021: (40, 60), 2022: (20, 80)}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("plan_forms") / "data"
    result = run("--data-dir", str(data), "demo", "--teachers", "300", "--no-gui")
    assert result.returncode == 0, result.stderr
    return data


def _values(path: Path) -> list[object]:
    sheet = openpyxl.load_workbook(path).worksheets[0]
    return [cell.value for row in sheet.iter_rows() for cell in row if cell.value is not None]


@pytest.mark.parametrize("what", sorted(FORMS))
def test_export_every_form(demo: Path, tmp_path: Path, what: str) -> None:
    out = tmp_path / "form.xlsx"
    result = run("--data-dir", str(demo), "export", what, "--out", str(out),
                 "--contact", "王老师", "--phone", "028-82712345")  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "已导出" in result.stdout and str(out) in result.stdout
    values = _values(out)
    assert any(isinstance(v, str) and FORMS[what] in v for v in values), values[:6]
    assert openpyxl.load_workbook(out).worksheets[0].print_title_rows


def test_form_roster_is_the_roster_export(demo: Path, tmp_path: Path) -> None:
    old, new = tmp_path / "old.xlsx", tmp_path / "new.xlsx"
    assert run("--data-dir", str(demo), "export", "roster", "--out", str(old)).returncode == 0
    result = run("--data-dir", str(demo), "export", "form:roster", "--out", str(new))
    assert result.returncode == 0, result.stderr
    assert _values(old) == _values(new)


def _typed_plan(source: Path, target: Path, *, total_2021: int | None = None) -> Path:
    """The exported table with the yearly counts a clerk typed over the program's."""
    book = openpyxl.load_workbook(source)
    sheet = book.worksheets[0]
    for index, (year, (provincial, local)) in enumerate(sorted(PLAN.items())):
        first = 3 + 4 * index
        total = provincial + local
        if year == 2021 and total_2021 is not None:
            total = total_2021
        for row in (8, 9):
            sheet.cell(row=row, column=first, value=provincial)
            sheet.cell(row=row, column=first + 1, value=local)
            sheet.cell(row=row, column=first + 2, value=total)
            sheet.cell(row=row, column=first + 3).value = None  # left for the program
    book.save(target)
    return target


def test_annual_plan_import_and_round_trip(demo: Path, tmp_path: Path) -> None:
    exported = tmp_path / "计划表.xlsx"
    result = run(
        "--data-dir", str(demo), "export", "form:annual-plan-table", "--out", str(exported)
    )
    assert result.returncode == 0, result.stderr
    typed = _typed_plan(exported, tmp_path / "填报.xlsx")
    dry = run("--data-dir", str(demo), "import", "annual-plan", str(typed), "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "2021 年：合计 100 人（省级 40，县级 60）" in dry.stdout and "试运行" in dry.stdout
    done = run("--data-dir", str(demo), "import", "annual-plan", str(typed))
    assert done.returncode == 0, done.stderr
    assert "导入完成" in done.stdout
    again = tmp_path / "again.xlsx"
    assert run("--data-dir", str(demo), "export", "form:annual-plan-table",
               "--out", str(again)).returncode == 0  # fmt: skip
    sheet = openpyxl.load_workbook(again).worksheets[0]
    row = [c.value for c in sheet[8]]
    assert row[2:5] == [18, 70, 88] and row[6:9] == [40, 60, 100] and row[10:13] == [20, 80, 100]
    # Importing what was exported changes nothing.
    assert run("--data-dir", str(demo), "import", "annual-plan", str(again)).returncode == 0
    third = tmp_path / "third.xlsx"
    run("--data-dir", str(demo), "export", "form:annual-plan-table", "--out", str(third))
    assert _values(third) == _values(again)


def test_a_plan_that_does_not_add_up_is_refused(demo: Path, tmp_path: Path) -> None:
    exported = tmp_path / "计划表.xlsx"
    run("--data-dir", str(demo), "export", "form:annual-plan-table", "--out", str(exported))
    bad = _typed_plan(exported, tmp_path / "bad.xlsx", total_2021=120)
    result = run("--data-dir", str(demo), "import", "annual-plan", str(bad))
    assert result.returncode == 3
    assert (
        "第 8 行 2021年合计（I列）（120）：合计 120 与省级+市级之和 100 不一致。" in result.stdout
    )
    assert "全部或不导入" in result.stderr and "Traceback" not in result.stderr
    after = tmp_path / "after.xlsx"
    run("--data-dir", str(demo), "export", "form:annual-plan-table", "--out", str(after))
    assert _values(after) == _values(exported)  # nothing was written


def test_leadership_refused_then_imported_and_round_trip(demo: Path, tmp_path: Path) -> None:
    out = tmp_path / "小组.xlsx"
    refused = run("--data-dir", str(demo), "export", "form:leadership", "--out", str(out))
    assert_one_chinese_sentence(refused)
    assert "负责科室" in refused.stderr and not out.exists()
    book = openpyxl.Workbook()
    for values in (
        ["温江区“提升工程2.0”工作小组名单"],
        ["负责科室", "教师发展中心"],
        [None, "姓名", "职务", "联系电话", "电子邮箱"],
        ["组长", "冯明", "局长", "13844105846", "fm@wj.gov.cn"],
        ["副组长", "梁海", "副局长", "18682201632", None],
        ["成员", "程东", "科长", "19375744913", None],
        ["温江区教育局意见", "同意上报。"],
    ):
        book.active.append(values)
    typed = tmp_path / "填报.xlsx"
    book.save(typed)
    done = run("--data-dir", str(demo), "import", "leadership", str(typed))
    assert done.returncode == 0, done.stderr
    assert "负责科室“教师发展中心”，组长 1 人，副组长 1 人，成员 1 人" in done.stdout
    exported = run("--data-dir", str(demo), "export", "form:leadership", "--out", str(out))
    assert exported.returncode == 0, exported.stderr
    assert "已导出 3 人" in exported.stdout
    values = _values(out)
    assert "冯明" in values and "同意上报。" in values
    assert run("--data-dir", str(demo), "import", "leadership", str(out)).returncode == 0
    again = tmp_path / "again.xlsx"
    run("--data-dir", str(demo), "export", "form:leadership", "--out", str(again))
    assert _values(again) == values


def test_annual_plan_pdf_lists_what_is_missing(demo: Path, tmp_path: Path) -> None:
    out = tmp_path / "规划书.pdf"
    result = run("--data-dir", str(demo), "export", "form:annual-plan", "--year", "2021",
                 "--out", str(out))  # fmt: skip
    assert_one_chinese_sentence(result)
    assert "无法生成“2021年度规划书”" in result.stderr and "“混合式培训”没有填写" in result.stderr
    assert not out.exists()
