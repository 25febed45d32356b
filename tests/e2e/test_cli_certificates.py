"""``certificates`` on the command line: issue with a PDF whose QR code verifies, refuse the
unqualified, void and reissue, and the demo's certificates verify."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

from nlts_desktop.paths import data_paths
from nlts_desktop.services.context import Actor
from nlts_desktop.services.workspace import Workspace
from tests.conftest import WENJIANG
from tests.e2e.clirun import assert_one_chinese_sentence, run
from tests.helpers import add_teachers, grade_all, ready_school

SCHOOL = "2151000001"
HAVE_QR_TOOLS = bool(shutil.which("zbarimg") and shutil.which("pdftoppm"))


@pytest.fixture
def data(tmp_path: Path) -> str:
    """A county with one school: three qualified teachers and one short of online hours."""
    folder = tmp_path / "data"
    with Workspace.create(data_paths(folder), WENJIANG, actor=Actor.system("admin")) as ws:
        school = ws.schools.create(
            {"code": SCHOOL, "name": "温江区实验小学", "urban_rural": "111", "environments": "A,B"}
        ).id
        teachers = add_teachers(ws, 4)
        ready_school(ws, school, teachers)
        grade_all(ws, school)
        ws.assessment.submit(school)
        ws.review.approve_clean(school)
        for teacher, hours in zip(teachers, (20, 20, 20, 5), strict=True):
            ws.hours.add(
                {
                    "teacher_id": teacher,
                    "category": "网络研修",
                    "hours": hours,
                    "date": "2022-05-20",
                }
            )
    return str(folder)


def certificates(data: str, *args: str) -> subprocess.CompletedProcess[str]:
    return run("--data-dir", data, "certificates", *args)


def register(data: str, *args: str) -> list[list[str]]:
    listed = certificates(data, "list", *args)
    assert listed.returncode == 0, listed.stderr
    head, *lines = listed.stdout.splitlines()
    assert head == f"证书登记簿共 {len(lines)} 份。"
    return [line.split("\t") for line in lines]


def decode_first_page(pdf: Path) -> str:
    """The QR code of the PDF's first page, read back from a 150 dpi rendering."""
    stem = pdf.with_suffix("")
    subprocess.run(["pdftoppm", "-png", "-r", "150", "-f", "1", "-l", "1", str(pdf), str(stem)],
                   check=True)  # fmt: skip
    png = next(pdf.parent.glob(f"{stem.name}*.png"))
    decoded = subprocess.run(
        ["zbarimg", "--quiet", "--raw", str(png)], capture_output=True, text=True, check=True
    )
    return decoded.stdout.strip()


def stored_payload(data: str, serial: str) -> str:
    connection = sqlite3.connect(Path(data) / "workspace.db")
    try:
        (payload,) = connection.execute(
            "SELECT payload FROM certificates WHERE serial = ?", (serial,)
        ).fetchone()
    finally:
        connection.close()
    return str(payload)


def test_issue_verify_void_and_reissue(data: str, tmp_path: Path) -> None:
    pdf = tmp_path / "证书.pdf"
    issued = certificates(data, "issue", "--school", SCHOOL, "--out", str(pdf))
    assert issued.returncode == 0, issued.stderr
    assert "已为“温江区实验小学”发放证书 3 份" in issued.stdout and "PDF 共 3 页" in issued.stdout
    # The teacher short of hours is named with the reason, the others got certificates.
    assert "未达到发证条件、未发证 1 名" in issued.stdout
    assert "网络研修学时不足：已有 5 学时，还差 15 学时" in issued.stdout
    assert pdf.read_bytes().startswith(b"%PDF")

    rows = register(data)
    assert len(rows) == 3 and {row[1] for row in rows} == {"已发放"}
    serial, _, name, masked, school, year, code = rows[0]
    assert year == "2022"
    assert school == "温江区实验小学" and masked.count("*") == 10

    # Issuing again: nobody new is qualified.
    again = certificates(data, "issue", "--school", SCHOOL, "--out", str(tmp_path / "x.pdf"))
    assert_one_chinese_sentence(again)
    assert "3 名已有证书，1 名未达到发证条件" in again.stderr
    assert not (tmp_path / "x.pdf").exists()

    # The QR code on the printed page carries the payload the register signed.
    # (Without zbar-tools the register's copy stands in for the scan.)
    payload = decode_first_page(pdf) if HAVE_QR_TOOLS else stored_payload(data, serial)
    first_serial = payload.split("|")[1]
    printed_name = payload.split("|")[3]
    ok = certificates(data, "verify", payload)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert ok.stdout.startswith("证书有效：") and first_serial in ok.stdout

    # One character of the name or of the serial changed: rejected.
    name_changed = payload.replace(f"|{printed_name}|", f"|{printed_name[:-1]}乙|")
    if name_changed == payload:
        name_changed = payload.replace(f"|{printed_name}|", f"|{printed_name[:-1]}甲|")
    serial_changed = payload.replace(f"|{first_serial}|", f"|{first_serial[:-1]}9|")
    for forged in (name_changed, serial_changed):
        assert forged != payload
        rejected = certificates(data, "verify", forged)
        assert rejected.returncode == 1
        assert rejected.stdout.startswith("签名不符")

    # A short code typed with spaces and in lower case.
    typed = certificates(data, "verify", *code.lower().split("-"))
    assert typed.returncode == 0 and typed.stdout.startswith("证书有效：")
    assert serial in typed.stdout and name in typed.stdout

    # Reissue without voiding is refused; void, then reissue.
    early = certificates(data, "reissue", serial, "--out", str(tmp_path / "r.pdf"))
    assert_one_chinese_sentence(early)
    assert "补发前请先作废原证书" in early.stderr
    voided = certificates(data, "void", serial, "--reason", "证书遗失")
    assert voided.returncode == 0 and f"已作废证书 {serial}" in voided.stdout
    reissue_pdf = tmp_path / "补发.pdf"
    reissued = certificates(data, "reissue", serial, "--out", str(reissue_pdf))
    assert reissued.returncode == 0, reissued.stderr
    assert f"替代已作废的 {serial}" in reissued.stdout and reissue_pdf.exists()

    old = certificates(data, "verify", code)
    assert old.returncode == 1 and "已作废" in old.stdout and "证书遗失" in old.stdout
    [new_row] = register(data, "--state", "reissued")
    assert new_row[0] != serial and new_row[2] == name
    fresh = certificates(data, "verify", new_row[6])
    assert fresh.returncode == 0 and "补发" in fresh.stdout
    if HAVE_QR_TOOLS:
        assert certificates(data, "verify", decode_first_page(reissue_pdf)).returncode == 0

    printed = certificates(data, "print", "--school", SCHOOL, "--out", str(tmp_path / "p.pdf"),
                           "--pre-printed")  # fmt: skip
    assert printed.returncode == 0 and "已打印证书 3 份" in printed.stdout


def test_unreadable_codes_and_unknown_serials(data: str) -> None:
    garbage = certificates(data, "verify", "12-34")
    assert garbage.returncode == 1 and "验证码" in garbage.stdout
    unknown = certificates(data, "void", "2099-000000-000001", "--reason", "测试")
    assert_one_chinese_sentence(unknown)
    assert "没有编号为" in unknown.stderr


@pytest.mark.sqlite_file
def test_demo_certificates_verify(tmp_path: Path) -> None:
    folder = str(tmp_path / "demo")
    made = run("--data-dir", folder, "demo", "--teachers", "300", "--no-gui")
    assert made.returncode == 0, made.stderr
    rows = register(folder)
    assert rows and {row[1] for row in rows} <= {"已发放", "已作废", "已补发"}
    live = next(row for row in rows if row[1] == "已发放")
    result = certificates(folder, "verify", stored_payload(folder, live[0]))
    assert result.returncode == 0, result.stdout
    by_code = certificates(folder, "verify", live[6])
    assert by_code.returncode == 0 and live[0] in by_code.stdout
