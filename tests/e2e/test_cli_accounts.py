"""Accounts on the command line: ``users`` commands and ``--user``, with the same role checks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.e2e.clirun import CJK, run
from tests.helpers import fill_in_school_template

ADMIN_PASSWORD = "wenjiang2022"
VIEWER_PASSWORD = "lookonly2026"


def cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """``nlts-desktop ARGS`` in a child process with ``stdin`` (passwords for scripts)."""
    environment = {
        k: v for k, v in os.environ.items() if k not in ("NLTS_DATA_DIR", "QT_QPA_PLATFORM")
    }
    return subprocess.run(
        [sys.executable, "-m", "nlts_desktop", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=False,
    )


def _refused(result: subprocess.CompletedProcess[str], *phrases: str) -> None:
    """Exit code ≠ 0 and one Chinese sentence on stderr, no traceback."""
    assert result.returncode == 1, result
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert any(ord(ch) in CJK for ch in lines[0])
    for phrase in phrases:
        assert phrase in lines[0], lines[0]


def test_a_viewer_signed_in_with_user_cannot_write(tmp_path: Path) -> None:
    data = str(tmp_path / "data")
    made = run("--data-dir", data, "init", "--code", "510115", "--name", "温江区",
               "--preset", "sichuan-2.0")  # fmt: skip
    assert made.returncode == 0, made.stderr
    # Without --user the command line is the local administrator: it adds the accounts.
    added = cli("--data-dir", data, "--password-stdin", "users", "add", "admin", "--name",
                "王主任", "--role", "county_admin", stdin=f"{ADMIN_PASSWORD}\n")  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert "已添加账号“admin”" in added.stdout
    added = cli("--data-dir", data, "--password-stdin", "users", "add", "look",
                "--name", "李查看", "--role", "viewer", stdin=f"{VIEWER_PASSWORD}\n")  # fmt: skip
    assert added.returncode == 0, added.stderr
    template = tmp_path / "学校.xlsx"
    assert run("template", "schools", "--out", str(template)).returncode == 0
    fill_in_school_template(template)

    # The viewer may read, but not write: refused with the role named, nothing imported.
    stats = cli("--data-dir", data, "--user", "look", "--password-stdin", "stats",
                stdin=f"{VIEWER_PASSWORD}\n")  # fmt: skip
    assert stats.returncode == 0, stats.stderr
    refused = cli("--data-dir", data, "--user", "look", "--password-stdin", "import", "schools",
                  str(template), stdin=f"{VIEWER_PASSWORD}\n")  # fmt: skip
    _refused(refused, "只读用户", "无权")
    listed = cli("--data-dir", data, "users", "list")
    assert listed.returncode == 0, listed.stderr
    # The administrator signed in the same way may.
    imported = cli("--data-dir", data, "--user", "admin", "--password-stdin", "import",
                   "schools", str(template), stdin=f"{ADMIN_PASSWORD}\n")  # fmt: skip
    assert imported.returncode == 0, imported.stderr
    # A viewer cannot manage accounts either.
    _refused(
        cli(
            "--data-dir",
            data,
            "--user",
            "look",
            "--password-stdin",
            "users",
            "list",
            stdin=f"{VIEWER_PASSWORD}\n",
        ),
        "无权查看账号",
    )


def test_wrong_passwords_lock_and_the_administrator_unlocks(tmp_path: Path) -> None:
    data = str(tmp_path / "data")
    assert run("--data-dir", data, "init", "--code", "510115", "--name", "温江区",
               "--preset", "sichuan-2.0").returncode == 0  # fmt: skip
    added = cli("--data-dir", data, "--password-stdin", "users", "add", "look",
                "--name", "李查看", "--role", "viewer", stdin=f"{VIEWER_PASSWORD}\n")  # fmt: skip
    assert added.returncode == 0, added.stderr

    def sign_in(password: str) -> subprocess.CompletedProcess[str]:
        return cli("--data-dir", data, "--user", "look", "--password-stdin", "stats",
                   stdin=f"{password}\n")  # fmt: skip

    _refused(sign_in("wrong-password-1"), "用户名或密码错误")
    _refused(sign_in("wrong-password-2"), "用户名或密码错误")
    _refused(sign_in("wrong-password-3"), "登录失败次数过多", "30 秒", "请管理员解锁")
    _refused(sign_in(VIEWER_PASSWORD), "登录失败次数过多")  # the lock holds
    listed = cli("--data-dir", data, "users", "list")
    assert "已锁定至" in listed.stdout, listed.stdout
    unlocked = cli("--data-dir", data, "users", "unlock", "look")
    assert unlocked.returncode == 0 and "已解锁“look”" in unlocked.stdout
    assert sign_in(VIEWER_PASSWORD).returncode == 0
    # Disabled: the same one sentence as a wrong password.
    assert cli("--data-dir", data, "users", "disable", "look").returncode == 0
    _refused(sign_in(VIEWER_PASSWORD), "用户名或密码错误")
    reset = cli("--data-dir", data, "--password-stdin", "users", "reset-password", "look",
                stdin="look-again-2026\n")  # fmt: skip
    assert reset.returncode == 0, reset.stderr
    assert cli("--data-dir", data, "users", "enable", "look").returncode == 0
    assert sign_in("look-again-2026").returncode == 0
    # --user makes no sense before a workspace or an account exists.
    _refused(cli("--data-dir", str(tmp_path / "new"), "--user", "look", "init", "--code",
                 "510115", "--name", "温江区", "--preset", "sichuan-2.0"), "--user")  # fmt: skip
