"""import / export / template on the command line."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from tests.e2e.clirun import assert_one_chinese_sentence, run
from tests.helpers import fill_in_school_template


def _init(data: Path) -> None:
    result = run("--data-dir", str(data), "init", "--code", "510115", "--name", "温江区",
                 "--preset", "sichuan-2.0")  # fmt: skip
    assert result.returncode == 0, result.stderr


def _teachers(path: Path, rows: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["姓名", "身份证号", "学校标识码"])
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_templates_then_import_then_export(tmp_path: Path) -> None:
    data = tmp_path / "data"
    _init(data)
    template = tmp_path / "学校模板.xlsx"
    made = run("template", "schools", "--out", str(template))
    assert made.returncode == 0, made.stderr
    untouched = run("--data-dir", str(data), "import", "schools", str(template))
    assert untouched.returncode == 3 and "示例行" in untouched.stdout
    fill_in_school_template(template)
    imported = run("--data-dir", str(data), "import", "schools", str(template))
    assert imported.returncode == 0, imported.stderr
    assert "新增 1" in imported.stdout
    source = _teachers(tmp_path / "t.xlsx", [["张丽", "11010519491231002X", "2151000001"]])
    dry = run("--data-dir", str(data), "import", "teachers", str(source), "--dry-run")
    assert dry.returncode == 0 and "试运行" in dry.stdout
    assert run("--data-dir", str(data), "import", "teachers", str(source)).returncode == 0
    again = run("--data-dir", str(data), "import", "teachers", str(source))
    assert "未变 1" in again.stdout and "没有需要写入的变化" in again.stdout
    out = tmp_path / "名单.xlsx"
    exported = run("--data-dir", str(data), "export", "roster", "--out", str(out))
    assert exported.returncode == 0 and "1 名教师" in exported.stdout
    assert out.exists()


def test_rejected_rows_exit_3_and_write_nothing(tmp_path: Path) -> None:
    data = tmp_path / "data"
    _init(data)
    template = tmp_path / "学校.xlsx"
    run("template", "schools", "--out", str(template))
    fill_in_school_template(template)
    assert run("--data-dir", str(data), "import", "schools", str(template)).returncode == 0
    source = _teachers(
        tmp_path / "t.xlsx",
        [
            ["张丽", "11010519491231002X", "2151000001"],
            ["钱七", "110105194912310021", "2151000001"],
        ],
    )
    report = tmp_path / "报告.xlsx"
    result = run(
        "--data-dir", str(data), "import", "teachers", str(source), "--report", str(report)
    )
    assert result.returncode == 3
    assert "拒绝 1" in result.stdout and "第 3 行" in result.stdout
    assert report.exists()
    stats = run("--data-dir", str(data), "stats", "--json")
    assert '"teachers": 0' in stats.stdout
    partial = run("--data-dir", str(data), "import", "teachers", str(source), "--valid-only")
    assert partial.returncode == 0 and "新增 1" in partial.stdout


def test_unreadable_file_is_one_sentence(tmp_path: Path) -> None:
    data = tmp_path / "data"
    _init(data)
    fake = tmp_path / "名单.xlsx"
    fake.write_text("姓名,身份证号\n张丽,11010519491231002X\n", encoding="utf-8")
    result = run("--data-dir", str(data), "import", "teachers", str(fake))
    assert_one_chinese_sentence(result)
    assert "CSV" in result.stderr
