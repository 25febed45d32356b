"""The one background-task helper: database and file work off the Qt UI thread.

``TaskRunner.run(parent, fn, on_success=…)`` runs ``fn(progress, cancel)`` on a one-thread
pool (so database work is serialised), shows a progress dialog with a working Cancel for
anything that is not instant, and hands the result back on the UI thread through a queued
signal.  ``fn`` never touches widgets.  After a successful write the caller passes
``changes`` and the runner emits ``data_changed(changes)``: the one change signal every tab
listens to (tabs never call each other).

Tests build the runner with ``synchronous=True``: ``fn`` then runs inline.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from nlts_desktop.services.progress import Cancelled, CancelToken, Progress
from nlts_desktop.ui.errors import show_error

log = logging.getLogger(__name__)

TaskFn = Callable[[Progress, CancelToken], Any]
# The UI updates progress at most ~10 times a second.
_PROGRESS_INTERVAL = 0.1
# A job shorter than this shows no dialog at all.
_DIALOG_DELAY_MS = 400


class _Emitter(QObject):
    progressed = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, fn: TaskFn, token: CancelToken) -> None:
        super().__init__()
        self.fn = fn
        self.token = token
        self.emitter = _Emitter()
        self._last = 0.0

    def _progress(self, done: int, total: int, message: str) -> None:
        now = time.monotonic()
        if now - self._last >= _PROGRESS_INTERVAL or done >= total:
            self._last = now
            self.emitter.progressed.emit(done, total, message)

    def run(self) -> None:
        try:
            result = self.fn(self._progress, self.token)
        except BaseException as exc:
            self.emitter.failed.emit(exc)
        else:
            self.emitter.finished.emit(result)


class TaskRunner(QObject):
    """Runs jobs off the UI thread; emits ``data_changed`` after committed writes."""

    data_changed = Signal(object)

    def __init__(self, parent: QObject | None = None, *, synchronous: bool = False) -> None:
        super().__init__(parent)
        self.synchronous = synchronous
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)  # one writer: database work is serialised
        self._jobs: set[_Job] = set()

    def run(
        self,
        parent: QWidget | None,
        fn: TaskFn,
        *,
        on_success: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        on_cancel: Callable[[], None] | None = None,
        label: str | None = None,
        cancellable: bool = True,
        changes: object = None,
    ) -> None:
        """Run ``fn(progress, cancel)``; ``label`` shows a progress dialog for slow jobs.

        A cancelled job shows nothing; ``on_cancel`` lets the caller put its widgets back.
        """
        token = CancelToken()

        def succeeded(result: Any) -> None:
            if changes is not None:
                self.data_changed.emit(changes)
            if on_success is not None:
                on_success(result)

        def failed(exc: BaseException) -> None:
            if isinstance(exc, Cancelled):
                # Cancel shows nothing: the job rolled back.
                if on_cancel is not None:
                    on_cancel()
                return
            if on_error is not None:
                on_error(exc)
            else:
                show_error(parent, exc)

        if self.synchronous:
            try:
                result = fn(lambda _d, _t, _m: None, token)
            except BaseException as exc:
                failed(exc)
            else:
                succeeded(result)
            return

        job = _Job(fn, token)
        dialog: QProgressDialog | None = None
        if label is not None and parent is not None:
            dialog = QProgressDialog(label, self.tr("Cancel") if cancellable else "", 0, 0, parent)
            dialog.setWindowTitle(self.tr("Please wait"))
            dialog.setWindowModality(Qt.WindowModality.WindowModal)
            dialog.setMinimumDuration(_DIALOG_DELAY_MS)
            dialog.setAutoClose(False)
            dialog.setAutoReset(False)
            if not cancellable:
                dialog.setCancelButton(None)
            dialog.canceled.connect(token.cancel)

        def progressed(done: int, total: int, message: str) -> None:
            if dialog is not None and not token.cancelled:
                dialog.setMaximum(max(total, 1))
                dialog.setValue(min(done, max(total, 1)))
                if message:
                    dialog.setLabelText(message)

        def finish() -> None:
            self._jobs.discard(job)
            if dialog is not None:
                dialog.canceled.disconnect(token.cancel)
                dialog.close()
                dialog.deleteLater()

        def job_finished(result: Any) -> None:
            finish()
            succeeded(result)

        def job_failed(exc: BaseException) -> None:
            finish()
            failed(exc)

        job.emitter.progressed.connect(progressed, Qt.ConnectionType.QueuedConnection)
        job.emitter.finished.connect(job_finished, Qt.ConnectionType.QueuedConnection)
        job.emitter.failed.connect(job_failed, Qt.ConnectionType.QueuedConnection)
        job.setAutoDelete(False)
        self._jobs.add(job)
        self._pool.start(job)
        if dialog is not None:
            # Show the (empty) dialog only if the job is still running after the delay.
            QTimer.singleShot(
                _DIALOG_DELAY_MS, lambda: dialog.show() if job in self._jobs else None
            )

    def wait(self, timeout_ms: int = 30_000) -> bool:
        """Block until every job is done (tests and shutdown)."""
        return self._pool.waitForDone(timeout_ms)
