"""keys and package verify from the command line."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.clirun import assert_one_chinese_sentence, run


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
