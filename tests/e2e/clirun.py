"""Running the real command line in a child process, as a user runs it."""

from __future__ import annotations

import os
import subprocess
import sys

CJK = range(0x4E00, 0xA000)


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``nlts-desktop ARGS`` in a child process, with the caller's extra environment."""
    environment = {
        k: v for k, v in os.environ.items() if k not in ("NLTS_DATA_DIR", "QT_QPA_PLATFORM")
    }
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "nlts_desktop", *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=False,
    )


def assert_one_chinese_sentence(result: subprocess.CompletedProcess[str]) -> None:
    """Exit code 1 and exactly one Chinese line on stderr, no traceback."""
    assert result.returncode == 1, result
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert any(ord(ch) in CJK for ch in lines[0])
