"""`stats`: the counts, the dashboard's figures, the briefing PDF and the statistics workbook."""

from __future__ import annotations

import json
import re
from pathlib import Path

import openpyxl
import pytest

from tests.e2e.clirun import assert_one_chinese_sentence, run


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = Path(tmp_path_factory.mktemp("stats-demo"))
    made = run("--data-dir", str(data), "demo", "--teachers", "300", "--seed", "4", "--no-gui")
    assert made.returncode == 0, made.stderr
    return data


def test_stats_json_keeps_the_counts_and_adds_the_dashboard(demo: Path) -> None:
    result = run("--data-dir", str(demo), "stats", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["teachers"] == 300 and data["schools"] >= 12 and data["hour_records"] > 300
    board = data["dashboard"]
    assert board["preset_id"] == "sichuan-2.0" and board["cycle"] == 2022
    assert board["teachers_active"] == data["teachers_active"]
    assert 0 < board["qualified"] < board["teachers_active"]
    assert board["qualified"] + board["still_needed"] == board["teachers_active"]
    assert [y["year"] for y in board["years"]] == [2020, 2021, 2022]
    # The demo enters annual targets: they are the plan, counted by the end of each year.
    assert all(
        y["teacher_source"] == "targets" and y["basis"] == "cumulative" for y in board["years"]
    )
    assert board["years"][-1]["qualified"] == board["qualified"]
    assert sum(board["results"].values()) == board["teachers_active"]
    assert sum(board["hour_bands"].values()) == board["teachers_active"]


def test_stats_in_words(demo: Path) -> None:
    result = run("--data-dir", str(demo), "stats")
    assert result.returncode == 0, result.stderr
    assert "teachers: 300" in result.stdout
    assert re.search(r"达标教师：[\d,]+ / [\d,]+（[\d.]+%），尚需达标 [\d,]+ 人", result.stdout)
    assert "2022 年（累计）：计划达标" in result.stdout and "（年度计划）" in result.stdout


def test_briefing_and_workbook(demo: Path, tmp_path: Path) -> None:
    pdf, xlsx = tmp_path / "简报.pdf", tmp_path / "统计.xlsx"
    result = run(
        "--data-dir", str(demo), "stats", "--briefing", str(pdf), "--xlsx", str(xlsx)
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert f"已生成工作简报“{pdf}”" in result.stdout and f"已导出统计表“{xlsx}”" in result.stdout
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and len(re.findall(rb"/Type /Page\b(?!s)", data)) == 1
    book = openpyxl.load_workbook(xlsx, read_only=True)
    assert "年度目标" in book.sheetnames and "学校完成情况" in book.sheetnames
    book.close()


def test_briefing_into_a_missing_folder(demo: Path, tmp_path: Path) -> None:
    result = run("--data-dir", str(demo), "stats", "--briefing", str(tmp_path / "无" / "a.pdf"))
    assert_one_chinese_sentence(result)
    assert "不存在" in result.stderr
