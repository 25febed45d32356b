"""Reads begin deferred (they never wait on each other); writes take the lock up front."""

from __future__ import annotations

import time

from sqlalchemy import func, select

from nlts_desktop.services.workspace import Workspace
from nlts_desktop.storage.models import School


def test_a_read_inside_a_read_does_not_wait(workspace: Workspace, school: int) -> None:
    started = time.monotonic()
    with workspace.context.read() as outer:
        outer.scalar(select(func.count()).select_from(School))
        with workspace.context.read() as inner:
            assert inner.scalar(select(func.count()).select_from(School)) == 1
    assert time.monotonic() - started < 1.0  # not the 5 s busy timeout


def test_a_write_still_commits_while_nothing_reads(workspace: Workspace, school: int) -> None:
    with workspace.context.read() as session:
        session.scalar(select(func.count()).select_from(School))
    record = workspace.schools.update(
        school, {"code": "2151000001", "name": "温江区实验小学（东区）"}
    )
    assert record.name == "温江区实验小学（东区）"
