"""export of the four report forms and the ledger PDF, as a user runs them."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import openpyxl
import pytest

from tests.e2e.clirun import assert_one_chinese_sentence, run

FORMS = {
    "hours-summary": ("学时完成情况汇总表", "学校标识码"),
    "project-design": ("能力提升工程项目设计表", "序号"),
    "trainee-changes": ("参训人员变更信息表", "培训项目"),
    "institutions": ("应用能力提升工程项目培训机构名单", "序号"),
}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("reports") / "data"
    result = run("--data-dir", str(data), "demo", "--teachers", "300", "--no-gui")
    assert result.returncode == 0, result.stderr
    return data


def _pages(path: Path) -> int:
    return len(re.findall(rb"/Type /Page\b(?!s)", path.read_bytes()))


@pytest.mark.parametrize("what", sorted(FORMS))
def test_export_forms(demo: Path, tmp_path: Path, what: str) -> None:
    out = tmp_path / f"{what}.xlsx"
    result = run("--data-dir", str(demo), "export", what, "--out", str(out),
                 "--contact", "王老师", "--phone", "028-82712345")  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "已导出" in result.stdout and str(out) in result.stdout
    title, first_header = FORMS[what]
    sheet = openpyxl.load_workbook(out).worksheets[0]
    values = [cell.value for row in sheet.iter_rows() for cell in row if cell.value]
    assert any(isinstance(v, str) and v.endswith(title) for v in values), values[:5]
    assert first_header in values
    assert sheet.print_title_rows


@pytest.mark.sqlite_file
def test_ledger_by_school_and_by_teacher(demo: Path, tmp_path: Path) -> None:
    connection = sqlite3.connect(demo / "workspace.db")
    school_id, code = connection.execute("SELECT id, code FROM schools ORDER BY code").fetchone()
    (active,) = connection.execute(
        "SELECT count(*) FROM teachers WHERE school_id = ? AND status = 'active'", (school_id,)
    ).fetchone()
    (number,) = connection.execute("SELECT id_number FROM teachers ORDER BY id").fetchone()
    connection.close()

    school_pdf = tmp_path / "学校.pdf"
    result = run("--data-dir", str(demo), "ledger", "--school", code, "--out", str(school_pdf))
    assert result.returncode == 0, result.stderr
    assert _pages(school_pdf) >= active > 0
    assert f"共 {_pages(school_pdf)} 页" in result.stdout

    one = tmp_path / "one.pdf"
    result = run("--data-dir", str(demo), "ledger", "--teacher", number, "--out", str(one))
    assert result.returncode == 0, result.stderr
    assert _pages(one) == 1


def test_ledger_mistakes_are_one_chinese_sentence(demo: Path, tmp_path: Path) -> None:
    out = tmp_path / "x.pdf"
    unknown = run("--data-dir", str(demo), "ledger", "--teacher", "11010519491231002X",
                  "--out", str(out))  # fmt: skip
    assert_one_chinese_sentence(unknown)
    assert not out.exists()
    usage = run("--data-dir", str(demo), "ledger", "--out", str(out))
    assert usage.returncode == 2
