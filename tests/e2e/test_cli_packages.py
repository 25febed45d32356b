"""keys and package verify from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl

from tests.e2e.clirun import assert_one_chinese_sentence, run
from tests.helpers import fill_in_school_template


def init(folder: Path, level: str, code: str, name: str) -> None:
    result = run(
        "--data-dir", str(folder), "init", "--level", level, "--code", code, "--name", name,
        "--preset", "sichuan-2.0",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr


def test_keys_exchanged_and_a_package_verified(tmp_path: Path) -> None:
    county, city = tmp_path / "county", tmp_path / "city"
    init(county, "county", "510115", "温江区")
    init(city, "city", "510100", "成都市")
    shown = run("--data-dir", str(county), "keys", "show")
    assert shown.returncode == 0 and "签名密钥指纹" in shown.stdout
    fingerprint = shown.stdout.split("签名密钥指纹：")[1].split()[0]
    card = tmp_path / "温江区.nltskey"
    assert (
        run("--data-dir", str(county), "keys", "export-public", "--out", str(card)).returncode == 0
    )
    imported = run("--data-dir", str(city), "keys", "import-public", str(card))
    assert imported.returncode == 0 and fingerprint in imported.stdout
    listed = run("--data-dir", str(city), "keys", "list")
    assert "温江区" in listed.stdout and "有效" in listed.stdout

    bad = tmp_path / "坏包.nltspkg"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    refused = run("--data-dir", str(city), "package", "verify", str(bad))
    assert_one_chinese_sentence(refused)
    assert "坏包.nltspkg" in refused.stderr

    revoked = run("--data-dir", str(city), "keys", "revoke", fingerprint, "--reason", "更换电脑")
    assert revoked.returncode == 0 and "已吊销" in revoked.stdout


def test_a_school_workspace_from_the_county_kit(tmp_path: Path) -> None:
    county, school = tmp_path / "county", tmp_path / "school"
    init(county, "county", "510115", "温江区")
    template = tmp_path / "学校.xlsx"
    made_template = run("--data-dir", str(county), "template", "schools", "--out", str(template))
    assert made_template.returncode == 0
    fill_in_school_template(template)
    added = run("--data-dir", str(county), "import", "schools", str(template))
    assert added.returncode == 0, added.stderr
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["姓名", "身份证号", "学校标识码"])
    sheet.append(["张丽", "11010519491231002X", "2151000001"])
    book.save(tmp_path / "教师.xlsx")
    teachers = run("--data-dir", str(county), "import", "teachers", str(tmp_path / "教师.xlsx"))
    assert teachers.returncode == 0, teachers.stderr
    kit = tmp_path / "学校工作包.nltspkg"
    made = run(
        "--data-dir", str(county), "package", "make", "school-kit", "--school", "2151000001",
        "--out", str(kit),
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    fingerprint = made.stdout.split("供其核对：")[1].split()[0]
    unconfirmed = run("--data-dir", str(school), "init", "--from-kit", str(kit))
    assert_one_chinese_sentence(unconfirmed)
    assert fingerprint in unconfirmed.stderr
    created = run(
        "--data-dir", str(school), "init", "--from-kit", str(kit), "--accept-key", fingerprint
    )
    assert created.returncode == 0, created.stderr
    assert "学校工作区" in created.stdout
    shown = run("--data-dir", str(school), "stats", "--json")
    assert '"schools": 1' in shown.stdout


def test_county_report_to_the_city(tmp_path: Path) -> None:
    county, city = tmp_path / "county", tmp_path / "city"
    made_county = run(
        "--data-dir", str(county), "init", "--code", "510115", "--name", "温江区",
        "--preset", "sichuan-2.0", "--parent-code", "510100", "--parent-name", "成都市",
    )  # fmt: skip
    assert made_county.returncode == 0, made_county.stderr
    init(city, "city", "510100", "成都市")
    template = tmp_path / "学校.xlsx"
    assert (
        run("--data-dir", str(county), "template", "schools", "--out", str(template)).returncode
        == 0
    )
    fill_in_school_template(template)
    assert run("--data-dir", str(county), "import", "schools", str(template)).returncode == 0
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["姓名", "身份证号", "学校标识码", "学科"])
    sheet.append(["张丽", "11010519491231002X", "2151000001", "01"])
    book.save(tmp_path / "教师.xlsx")
    assert (
        run("--data-dir", str(county), "import", "teachers", str(tmp_path / "教师.xlsx")).returncode
        == 0
    )
    card = tmp_path / "成都市.nltskey"
    assert run("--data-dir", str(city), "keys", "export-public", "--out", str(card)).returncode == 0

    report = tmp_path / "区县上报包.nltspkg"
    made = run(
        "--data-dir", str(county), "package", "make", "county-report", "--out", str(report),
        "--recipient-key", str(card),
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    assert "已用地市的公钥加密" in made.stdout
    # From a chat app the file arrives renamed; the identity is in the manifest.
    renamed = tmp_path / "区县上报包(1).nltspkg"
    renamed.write_bytes(report.read_bytes())
    dry = run("--data-dir", str(city), "package", "import", str(renamed), "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "检查通过（未导入）" in dry.stdout and "新增 1" in dry.stdout
    unconfirmed = run("--data-dir", str(city), "package", "import", str(renamed))
    assert_one_chinese_sentence(unconfirmed)
    assert "核对指纹" in unconfirmed.stderr
    taken = run("--data-dir", str(city), "package", "import", str(renamed), "--accept-new-key")
    assert taken.returncode == 0, taken.stderr
    listed = run("--data-dir", str(city), "city", "counties", "--json")
    assert listed.returncode == 0, listed.stderr
    total = json.loads(listed.stdout)["total"]
    assert (total["schools"], total["teachers"]) == (1, 1)
    form = tmp_path / "各区县汇总.xlsx"
    exported = run("--data-dir", str(city), "city", "export", "--out", str(form))
    assert exported.returncode == 0, exported.stderr
    cells = [
        c for row in openpyxl.load_workbook(form).active.iter_rows(values_only=True) for c in row
    ]
    assert "510115" in cells and "温江区" in cells
    # Sealed to the city: the county itself cannot open (or import) its own report.
    wrong = run("--data-dir", str(county), "package", "import", str(report))
    assert_one_chinese_sentence(wrong)
