"""``import hours`` on the command line: preview, saved mapping, refusals and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl

from nlts_desktop.paths import data_paths
from nlts_desktop.services.context import Actor
from nlts_desktop.services.workspace import Workspace
from nlts_desktop.storage.models import Institution, TrainingProject
from tests.e2e.clirun import assert_one_chinese_sentence, run

ZHANG = "510115198503150016"
LI = "510115198604200027"
HEADERS = ["学员姓名", "证件号", "所在单位", "获得学时", "认定时间", "学习记录ID"]


def _workspace(data: Path) -> int:
    """A county with two teachers, 中国研修网 and its 2021 project of 30 hours; the project id."""
    result = run("--data-dir", str(data), "init", "--code", "510115", "--name", "温江区",
                 "--preset", "sichuan-2.0")  # fmt: skip
    assert result.returncode == 0, result.stderr
    with Workspace.open(data_paths(data), actor=Actor.system("admin")) as ws:
        ws.schools.create({"code": "2151000001", "name": "温江区实验小学", "urban_rural": "111"})
        for number, name in ((ZHANG, "张丽"), (LI, "李明")):
            ws.teachers.create({"id_number": number, "name": name, "school": "2151000001"})
        with ws.context.unit_of_work() as session:
            institution = Institution(name="中国研修网")
            session.add(institution)
            session.flush()
            project = TrainingProject(
                year=2021,
                level_code="county",
                name="2021年温江区整校推进培训",
                institution_id=institution.id,
                offered_half_hours=60,
            )
            session.add(project)
            session.flush()
            return project.id


def _export(path: Path, rows: list[list[object]], headers: list[str] = HEADERS) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


GOOD = [
    ["张丽", ZHANG, "温江区实验小学", 12, "2021-06-15", "R001"],
    ["李明", LI, "温江区实验小学", 10.5, "2021-06-20", "R002"],
]


def _hour_records(data: Path) -> int:
    stats = run("--data-dir", str(data), "stats", "--json")
    assert stats.returncode == 0, stats.stderr
    return int(json.loads(stats.stdout)["hour_records"])


def test_import_hours_previews_saves_the_mapping_and_reimports_unchanged(tmp_path: Path) -> None:
    data = tmp_path / "data"
    project = str(_workspace(data))
    source = _export(tmp_path / "研修网学时.xlsx", GOOD)
    base = ("--data-dir", str(data), "import", "hours", str(source))
    missing = run(*base, "--project", project)
    assert missing.returncode == 2 and "--institution" in missing.stderr
    assert "Traceback" not in missing.stderr
    dry = run(*base, "--institution", "中国研修网", "--project", project, "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "新增 2" in dry.stdout and "试运行" in dry.stdout
    assert _hour_records(data) == 0
    done = run(*base, "--institution", "中国研修网", "--project", project)
    assert done.returncode == 0, done.stderr
    assert "导入完成：新增 2" in done.stdout and "已保存承训机构“中国研修网”的列对应" in done.stdout
    assert _hour_records(data) == 2
    again = run(*base, "--institution", "中国研修网", "--project", project)
    assert again.returncode == 0, again.stderr
    assert "未变 2" in again.stdout and "没有需要写入的变化" in again.stdout
    later = _export(tmp_path / "七月.xlsx", [[*GOOD[0][:3], 14, *GOOD[0][4:]], GOOD[1]])
    updated = run("--data-dir", str(data), "import", "hours", str(later),
                  "--institution", "中国研修网", "--project", project)  # fmt: skip
    assert updated.returncode == 0, updated.stderr
    assert "修改 1" in updated.stdout and _hour_records(data) == 2


def test_changed_columns_exit_1_with_one_chinese_sentence(tmp_path: Path) -> None:
    data = tmp_path / "data"
    project = str(_workspace(data))
    source = _export(tmp_path / "研修网学时.xlsx", GOOD)
    first = run("--data-dir", str(data), "import", "hours", str(source),
                "--institution", "中国研修网", "--project", project)  # fmt: skip
    assert first.returncode == 0, first.stderr
    headers = [*HEADERS[:3], "完成学时", *HEADERS[4:]]
    renamed = _export(tmp_path / "新版导出.xlsx", GOOD, headers)
    result = run("--data-dir", str(data), "import", "hours", str(renamed),
                 "--institution", "中国研修网", "--project", project)  # fmt: skip
    assert_one_chinese_sentence(result)
    assert "新增了列“完成学时”" in result.stderr and "缺少了列“获得学时”" in result.stderr
    assert "确认列对应" in result.stderr


def test_rejected_rows_exit_3_and_write_nothing(tmp_path: Path) -> None:
    data = tmp_path / "data"
    project = str(_workspace(data))
    rows = [*GOOD, ["李明", LI, "温江区实验小学", -3, "2021-06-21", "R003"]]
    source = _export(tmp_path / "有错.xlsx", rows)
    report = tmp_path / "报告.xlsx"
    base = ("--data-dir", str(data), "import", "hours", str(source),
            "--institution", "中国研修网", "--project", project)  # fmt: skip
    rejected = run(*base, "--report", str(report))
    assert rejected.returncode == 3
    assert "拒绝 1" in rejected.stdout and "第 4 行" in rejected.stdout
    assert "学时数必须大于 0" in rejected.stdout
    assert report.exists() and _hour_records(data) == 0
    partial = run(*base, "--valid-only")
    assert partial.returncode == 0, partial.stderr
    assert "新增 2" in partial.stdout and _hour_records(data) == 2


def test_unknown_institution_or_missing_project_exit_1(tmp_path: Path) -> None:
    data = tmp_path / "data"
    _workspace(data)
    source = _export(tmp_path / "研修网学时.xlsx", GOOD)
    unknown = run("--data-dir", str(data), "import", "hours", str(source),
                  "--institution", "不存在的机构", "--project", "1")  # fmt: skip
    assert_one_chinese_sentence(unknown)
    assert "没有名为“不存在的机构”的承训机构" in unknown.stderr
    no_project = run("--data-dir", str(data), "import", "hours", str(source),
                     "--institution", "中国研修网")  # fmt: skip
    assert_one_chinese_sentence(no_project)
    assert "--project" in no_project.stderr
