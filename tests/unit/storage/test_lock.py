"""One instance per data folder; a lock left by a killed process does not block."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from nlts_desktop.domain.errors import StorageError
from nlts_desktop.storage.lock import InstanceLock

HOLDER = """
import sys, time
from pathlib import Path
from nlts_desktop.storage.lock import InstanceLock
lock = InstanceLock(Path(sys.argv[1])).acquire()
print("locked", flush=True)
time.sleep(60)
"""


def test_second_lock_is_refused_with_the_holder_named(tmp_path: Path) -> None:
    with InstanceLock(tmp_path):
        with pytest.raises(StorageError) as caught:
            InstanceLock(tmp_path).acquire()
        assert caught.value.code == "lock.busy"
        assert "进程" in caught.value.message
    # Released: free again.
    InstanceLock(tmp_path).acquire().release()


def test_lock_of_a_killed_process_does_not_block(tmp_path: Path) -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(tmp_path)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "locked"
        with pytest.raises(StorageError):
            InstanceLock(tmp_path).acquire()
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert (tmp_path / "nlts.lock").exists()  # the stale file is still there …
    deadline = time.monotonic() + 5
    while True:  # … but the OS dropped the lock with the process
        try:
            InstanceLock(tmp_path).acquire().release()
            break
        except StorageError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)
