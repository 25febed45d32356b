"""UI fixtures: a real workspace, a synchronous task runner (jobs run inline), temp settings."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from nlts_desktop.services.workspace import Workspace
from nlts_desktop.ui.session import AppSession
from nlts_desktop.ui.settings import UiSettings
from nlts_desktop.ui.tasks import TaskRunner


@pytest.fixture
def tasks(qapp: object) -> TaskRunner:
    """Runs every job inline, so a test sees its result at once."""
    return TaskRunner(synchronous=True)


@pytest.fixture
def session(workspace: Workspace, tasks: TaskRunner, tmp_path: Path) -> Iterator[AppSession]:
    """The county workspace of tests/conftest.py, signed in as its administrator."""
    yield AppSession(
        workspace=workspace, tasks=tasks, settings=UiSettings(tmp_path / "ui-settings.ini")
    )


@pytest.fixture
def school_session(session: AppSession, school: int) -> AppSession:
    """The session with one school (温江区实验小学, 2151000001) and two teachers."""
    teachers = session.workspace.teachers
    teachers.create({"id_number": "11010519491231002X", "name": "张丽", "school": "2151000001"})
    teachers.create({"id_number": "440524188001010014", "name": "李明", "school": "2151000001"})
    return session
