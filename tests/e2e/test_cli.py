"""The command line, run as a user runs it: a real process, exit codes, stdout and stderr."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from tests.e2e.clirun import assert_one_chinese_sentence, run


def test_version() -> None:
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.startswith("NLTS Desktop ")


def test_init_stats_check(tmp_path: Path) -> None:
    data = str(tmp_path / "d")
    created = run("--data-dir", data, "init", "--level", "county", "--code", "510115",
                  "--name", "温江区", "--preset", "sichuan-2.0")  # fmt: skip
    assert created.returncode == 0, created.stderr
    assert "温江区" in created.stdout
    stats = run("--data-dir", data, "stats", "--json")
    assert stats.returncode == 0
    counts = json.loads(stats.stdout)
    assert {"schools": 0, "teachers": 0, "hour_records": 0}.items() <= counts.items()
    check = run("--data-dir", data, "check")
    assert check.returncode == 0
    assert "全部通过" in check.stdout


@pytest.mark.sqlite_file
def test_demo_then_stats_via_environment_variable(tmp_path: Path) -> None:
    env = {"NLTS_DATA_DIR": str(tmp_path / "env-data")}
    demo = run("demo", "--teachers", "400", "--seed", "3", "--no-gui", env=env)
    assert demo.returncode == 0, demo.stderr
    assert "教师 400 名" in demo.stdout
    counts = json.loads(run("stats", "--json", env=env).stdout)
    assert counts["teachers"] == 400
    assert counts["schools"] >= 12
    assert counts["hour_records"] > 400
    assert (tmp_path / "env-data" / "workspace.db").exists()


@pytest.mark.sqlite_file
def test_gui_without_a_display_says_so(tmp_path: Path) -> None:
    result = run("--data-dir", str(tmp_path), env={"DISPLAY": "", "WAYLAND_DISPLAY": ""})
    assert_one_chinese_sentence(result)
    assert "图形界面" in result.stderr
    assert not (tmp_path / "workspace.db").exists()


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("init", "--code", "5101", "--name", "温江区", "--preset", "sichuan-2.0"), "6 位数字"),
        (("init", "--code", "510100", "--name", "成都市", "--preset", "sichuan-2.0"), "地市级代码"),
        (("init", "--code", "510115", "--name", "温江区", "--preset", "beijing-2.0"), "预设"),
        (("stats",), "找不到工作区数据库"),
        (("check",), "找不到工作区数据库"),
    ],
)
def test_user_errors_exit_1_with_one_chinese_sentence(
    tmp_path: Path, args: tuple[str, ...], needle: str
) -> None:
    result = run("--data-dir", str(tmp_path / "x"), *args)
    assert_one_chinese_sentence(result)
    assert needle in result.stderr


def test_init_twice_is_refused(tmp_path: Path) -> None:
    args = ("--data-dir", str(tmp_path), "init", "--code", "510115", "--name", "温江区",
            "--preset", "sichuan-2.0")  # fmt: skip
    assert run(*args).returncode == 0
    second = run(*args)
    assert_one_chinese_sentence(second)
    assert "已经有工作区" in second.stderr


@pytest.mark.sqlite_file
def test_refused_database_is_unchanged(tmp_path: Path) -> None:
    target = tmp_path / "workspace.db"
    target.write_bytes(b"PK\x03\x04 this is a zip, not a database" * 100)
    digest = hashlib.sha256(target.read_bytes()).hexdigest()
    result = run("--data-dir", str(tmp_path), "stats", "--json")
    assert_one_chinese_sentence(result)
    assert "不是 NLTS 工作区数据库" in result.stderr
    assert hashlib.sha256(target.read_bytes()).hexdigest() == digest


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert run("no-such-command").returncode == 2
    missing = run("--data-dir", str(tmp_path), "init", "--code", "510115")
    assert missing.returncode == 2
    assert "缺少必需的参数" in missing.stderr
    assert run("demo", "--teachers", "abc").returncode == 2


@pytest.mark.sqlite_file  # on a shared server several at once is the point
def test_second_instance_is_refused(tmp_path: Path) -> None:
    from nlts_desktop.storage.lock import InstanceLock

    assert run("--data-dir", str(tmp_path), "init", "--code", "510115", "--name", "温江区",
               "--preset", "sichuan-2.0").returncode == 0  # fmt: skip
    with InstanceLock(tmp_path):
        result = run("--data-dir", str(tmp_path), "stats")
    assert_one_chinese_sentence(result)
    assert "正被另一个 NLTS 程序使用" in result.stderr
