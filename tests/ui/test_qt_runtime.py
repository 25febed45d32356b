"""The Qt binding in use does not leak references to None (PySide6 6.12.0 on 3.11 does).

Each lost reference is harmless alone; a clerk's day of clicks loses thousands and the
program aborts with "Fatal Python error: none_dealloc".  pyproject.toml excludes 6.12.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel


def test_void_qt_calls_keep_none_alive(qapp: object) -> None:
    label = QLabel()
    label.setText("预热")
    before = sys.getrefcount(None)
    for _ in range(2000):
        label.setText("教师")
    lost = before - sys.getrefcount(None)
    assert lost < 100, f"{lost} references to None lost in 2,000 calls"
