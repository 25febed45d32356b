"""The task helper: a cancelled job shows nothing, announces nothing, and tells the caller."""

from __future__ import annotations

from nlts_desktop.services.progress import CancelToken, Progress
from nlts_desktop.ui.session import Changes
from nlts_desktop.ui.tasks import TaskRunner


def test_a_cancelled_job_calls_on_cancel_only(tasks: TaskRunner) -> None:
    heard: list[object] = []
    tasks.data_changed.connect(heard.append)
    calls: list[str] = []

    def job(_progress: Progress, cancel: CancelToken) -> None:
        cancel.cancel()
        cancel.check()

    tasks.run(
        None,
        job,
        on_success=lambda _r: calls.append("success"),
        on_error=lambda _e: calls.append("error"),
        on_cancel=lambda: calls.append("cancel"),
        changes=Changes.of("assessment"),
    )
    assert calls == ["cancel"] and heard == []


def test_a_finished_job_announces_its_changes(tasks: TaskRunner) -> None:
    heard: list[object] = []
    tasks.data_changed.connect(heard.append)
    tasks.run(None, lambda _p, _c: 42, on_success=heard.append, changes=Changes.of("hours"))
    assert heard == [Changes.of("hours"), 42]
