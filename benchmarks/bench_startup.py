"""Program start to usable window, on a 100,000-teacher workspace (offscreen, fresh process).

    .venv/bin/python benchmarks/bench_startup.py [DATA_DIR] [--runs 5]

Measured from the moment the child process is started until (a) the main window is shown and
(b) the teacher table holds every teacher.  Sign-in is skipped (the clerk's typing is not the
program's time): the child opens the workspace as its administrator, as after a login.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

CHILD = r"""
import sys, time
from PySide6.QtCore import QCoreApplication
from nlts_desktop.app import make_application
from nlts_desktop.domain.enums import Role
from nlts_desktop.paths import data_paths
from nlts_desktop.services.context import Actor
from nlts_desktop.services.workspace import Workspace
from nlts_desktop.ui.main_window import MainWindow
from nlts_desktop.ui.session import AppSession
from nlts_desktop.ui.settings import UiSettings
from nlts_desktop.ui.tasks import TaskRunner
app = make_application()
workspace = Workspace.open(data_paths(sys.argv[1]), actor=Actor("admin", Role.COUNTY_ADMIN))
tasks = TaskRunner(app)
settings = UiSettings(data_paths(sys.argv[1]).root / "bench-ui.ini")
window = MainWindow(AppSession(workspace=workspace, tasks=tasks, settings=settings))
window.tabs.setCurrentWidget(window.teachers_tab)
window.show()
QCoreApplication.processEvents()
print("shown", time.time(), flush=True)
model = window.teachers_tab.model
while model.total_count() == 0:
    QCoreApplication.processEvents()
    time.sleep(0.002)
print("filled", time.time(), model.total_count(), flush=True)
tasks.wait()
workspace.close()
"""


def main() -> None:
    """Run the child several times and print medians."""
    parser = argparse.ArgumentParser()
    parser.add_argument("data_dir", nargs="?", default="/tmp/nlts-bench/demo-100000")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    shown: list[float] = []
    filled: list[float] = []
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    for _ in range(args.runs):
        start = time.time()
        output = subprocess.run(
            [sys.executable, "-c", CHILD, args.data_dir],
            capture_output=True, text=True, env=env, check=True,
        ).stdout  # fmt: skip
        marks = {line.split()[0]: float(line.split()[1]) for line in output.splitlines()}
        shown.append(marks["shown"] - start)
        filled.append(marks["filled"] - start)
    print(f"start to window shown:        median {statistics.median(shown):.2f} s")
    print(f"start to 100k teachers shown: median {statistics.median(filled):.2f} s")


if __name__ == "__main__":
    main()
