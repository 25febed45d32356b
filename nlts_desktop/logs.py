"""The program's logging: a log file in the data folder, warnings on stderr, ID numbers masked.

Every handler installed here carries :class:`IdNumberFilter`, which masks 18-character ID
numbers (身份证号) in each record's message, arguments, traceback and stack text before it is
written anywhere, so a teacher's full number never lands in a log file or an error report sent
to support.  Set up once per run by ``cli.main`` (the GUI starts from there too); calling it
again replaces the handlers it installed before.
"""

from __future__ import annotations

import io
import logging
import logging.handlers
import sys
from pathlib import Path
from typing import TextIO

from nlts_desktop.domain.masking import mask_id_numbers

LOG_FILE = "nlts.log"
PACKAGE_LOGGER = "nlts_desktop"
LOG_BYTES = 1_000_000
LOG_COPIES = 3
_OURS = "_nlts_handler"
_MASKED = "_nlts_masked"


class IdNumberFilter(logging.Filter):
    """Masks ID numbers in a record's message and arguments, traceback and stack text."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Mask the record in place (once); never drops a record."""
        if getattr(record, _MASKED, False):
            return True
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # a bad format string: keep what there is
            message = f"{record.msg} {record.args}"
        record.msg = mask_id_numbers(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_id_numbers(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_id_numbers(record.stack_info)
        setattr(record, _MASKED, True)
        return True


class _LogFile(logging.handlers.RotatingFileHandler):
    """The rotated log file; its folder is made when the first record is written.

    Nothing is written once the data folder itself is gone (moved, or a test's temporary
    folder removed): the log never brings a deleted folder back.
    """

    def emit(self, record: logging.LogRecord) -> None:
        """Write the record unless the data folder no longer exists."""
        if self.stream is None and not Path(self.baseFilename).parent.parent.exists():
            return
        super().emit(record)

    def _open(self) -> io.TextIOWrapper:
        Path(self.baseFilename).parent.mkdir(parents=True, exist_ok=True)
        return super()._open()


class _StderrHandler(logging.StreamHandler[TextIO]):
    """Writes to whatever ``sys.stderr`` is at the time (as Python's last-resort handler)."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property
    def stream(self) -> TextIO:
        return sys.stderr

    @stream.setter
    def stream(self, _value: TextIO) -> None:
        pass


def install_masking(logger: logging.Logger | None = None) -> None:
    """Put the filter on every handler of ``logger`` (default: the root) and the last resort."""
    target = logger or logging.getLogger()
    for handler in [*target.handlers, logging.lastResort]:
        if handler is not None and not any(isinstance(f, IdNumberFilter) for f in handler.filters):
            handler.addFilter(IdNumberFilter())


def configure_logging(log_dir: Path | None) -> None:
    """Warnings to stderr as before; the program's INFO and up to ``log_dir``/nlts.log, masked."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, _OURS, False):
            root.removeHandler(handler)
            handler.close()
    stderr = _StderrHandler()
    stderr.setLevel(logging.WARNING)
    handlers: list[logging.Handler] = [stderr]
    if log_dir is not None:
        # Opened at the first record (nothing is created in the data folder before then).
        file = _LogFile(
            log_dir / LOG_FILE,
            maxBytes=LOG_BYTES,
            backupCount=LOG_COPIES,
            encoding="utf-8",
            delay=True,
        )
        file.setLevel(logging.INFO)
        file.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        handlers.append(file)
    for handler in handlers:
        setattr(handler, _OURS, True)
        root.addHandler(handler)
    # Our own INFO records go to the file; other libraries' only from WARNING up.
    ours = logging.getLogger(PACKAGE_LOGGER)
    if ours.level == logging.NOTSET:
        ours.setLevel(logging.INFO)
    install_masking(root)
