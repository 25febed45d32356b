"""``audit list / verify / export`` as a user runs them, and ``audit verify`` failing with exit
code 1 and the Chinese message once an entry was changed outside the program."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import openpyxl
import pytest

from tests.e2e.clirun import assert_one_chinese_sentence, run

# About the SQLite file itself (skipped in the PostgreSQL run, tests/conftest.py).
pytestmark = pytest.mark.sqlite_file


def _integrity_ok(database: Path) -> None:
    raw = sqlite3.connect(database)
    try:
        assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        raw.close()


def test_audit_commands_and_tampering(tmp_path: Path) -> None:
    data = str(tmp_path / "d")
    demo = run("--data-dir", data, "demo", "--teachers", "60", "--seed", "4", "--no-gui")
    assert demo.returncode == 0, demo.stderr
    roster = tmp_path / "名单.xlsx"
    exported = run("--data-dir", data, "export", "roster", "--out", str(roster))
    assert exported.returncode == 0, exported.stderr

    verified = run("--data-dir", data, "audit", "verify")
    assert verified.returncode == 0, verified.stderr
    assert verified.stdout.startswith("审计日志校验通过：共 ")

    listed = run("--data-dir", data, "audit", "list", "--action", "export", "--limit", "5")
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    assert lines[0] == "共 1 条记录，列出最新的 1 条。"
    assert "导出教师名单“名单.xlsx”（60 行）" in lines[1] and "\t命令行\t导出\t" in lines[1]

    xlsx, pdf = tmp_path / "日志.xlsx", tmp_path / "日志.pdf"
    to_excel = run(
        "--data-dir", data, "audit", "export", "--out", str(xlsx), "--since", "2020-01-01"
    )
    assert to_excel.returncode == 0, to_excel.stderr
    sheet = openpyxl.load_workbook(xlsx).worksheets[0]
    assert sheet["A2"].value == "编号" and sheet.max_row > 3
    to_pdf = run("--data-dir", data, "audit", "export", "--out", str(pdf))
    assert to_pdf.returncode == 0 and pdf.read_bytes().startswith(b"%PDF")
    wrong = run("--data-dir", data, "audit", "export", "--out", str(tmp_path / "日志.csv"))
    assert_one_chinese_sentence(wrong)

    database = tmp_path / "d" / "workspace.db"
    raw = sqlite3.connect(database)
    with raw:
        victim = raw.execute(
            "SELECT id FROM audit_entries ORDER BY id LIMIT 1 OFFSET 5"
        ).fetchone()[0]
        raw.execute("UPDATE audit_entries SET summary = '已改' WHERE id = ?", (victim,))
    raw.close()
    failed = run("--data-dir", data, "audit", "verify")
    assert_one_chinese_sentence(failed)
    assert failed.stderr.startswith(f"审计日志校验失败：第 {victim} 条记录")
    check = run("--data-dir", data, "check")
    assert check.returncode == 1
    assert f"[未通过] 审计日志：审计日志校验失败：第 {victim} 条记录" in check.stdout
    _integrity_ok(database)
