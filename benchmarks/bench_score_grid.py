"""The 考核 tab over a 300-teacher school of a 100,000-teacher county: open and type (medians).

    .venv/bin/python benchmarks/bench_score_grid.py      # after bench_assessment.py

Uses the copy bench_assessment.py leaves in /tmp/nlts-bench/assessment-100000 (its school
2151999001 has 300 teachers × 3 points × 2–3 items).  Opens the real AssessmentTab offscreen
with jobs run inline, times the load (service + model + view), then types 200 grades with
QTest key clicks and times each one (save, model update, move).  Targets (issue 5): the grid
opens ≤ 0.5 s, each cell commit ≤ 50 ms.  Not part of the test run.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from nlts_desktop.paths import data_paths  # noqa: E402
from nlts_desktop.services.context import Actor  # noqa: E402
from nlts_desktop.services.workspace import Workspace  # noqa: E402
from nlts_desktop.ui.session import AppSession  # noqa: E402
from nlts_desktop.ui.settings import UiSettings  # noqa: E402
from nlts_desktop.ui.tabs.assessment_tab import AssessmentTab  # noqa: E402
from nlts_desktop.ui.tasks import TaskRunner  # noqa: E402

FOLDER = Path("/tmp/nlts-bench/assessment-100000")
SCHOOL = "2151999001"


def main() -> None:
    if not (FOLDER / "workspace.db").exists():
        sys.exit(f"run benchmarks/bench_assessment.py first (needs {FOLDER})")
    app = QApplication.instance() or QApplication([])
    ws = Workspace.open(data_paths(FOLDER), actor=Actor.system("admin"))
    school = next(s.id for s in ws.schools.list() if s.code == SCHOOL)
    settings = UiSettings(Path(tempfile.mkdtemp()) / "ui.ini")
    session = AppSession(workspace=ws, tasks=TaskRunner(synchronous=True), settings=settings)
    tab = AssessmentTab(session)
    tab.resize(1400, 800)
    tab.show()
    app.processEvents()
    opens = []
    for _ in range(5):
        start = time.perf_counter()
        tab.school_combo.setCurrentIndex(tab.school_combo.findData(school))
        tab.reload()
        app.processEvents()
        opens.append(time.perf_counter() - start)
    assert tab.model.rowCount() == 300, tab.model.rowCount()
    # Typing over the same grades again saves nothing: clear the cells first, so every key writes.
    rows = ws.assessment.grid(school).rows[:40]
    items = [i.item_id for r in rows for p in r.points for i in p.items]
    ws.assessment.set_scores([(item, None) for item in items], assessor="清空")
    tab.reload()
    app.processEvents()
    tab.assessor_edit.setText("王老师")
    start_cell = tab.model.first_editable()
    assert start_cell is not None
    tab.view.go_to(*start_cell)
    keys = [Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_Y, Qt.Key.Key_H]
    typed = []
    for n in range(200):
        start = time.perf_counter()
        QTest.keyClick(tab.view, keys[n % len(keys)])
        app.processEvents()
        typed.append(time.perf_counter() - start)
    slowest = max(range(len(typed)), key=typed.__getitem__)
    print(f"slowest is grade number {slowest + 1}")
    typed.sort()
    print(
        f"考核 tab, 300 teachers: open median {statistics.median(opens) * 1000:.0f} ms "
        f"(runs: {', '.join(f'{t * 1000:.0f}' for t in opens)}) — target ≤ 500 ms"
    )
    print(f"typed grades ({len(typed)}): median {statistics.median(typed) * 1000:.1f} ms, "
          f"p95 {typed[int(len(typed) * 0.95)] * 1000:.1f} ms, max {typed[-1] * 1000:.1f} ms "
          "— target ≤ 50 ms")  # fmt: skip
    ws.close()


if __name__ == "__main__":
    main()
