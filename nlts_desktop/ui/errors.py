"""The one error dialog.

An ``AppError`` is something the user can fix: its Chinese message is shown plainly.
Anything else is a bug: logged with its traceback and shown as an unexpected error with the
details folded away.  ``Cancelled`` shows nothing.
"""

from __future__ import annotations

import logging
import traceback

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from nlts_desktop.domain.errors import AppError
from nlts_desktop.domain.masking import mask_id_numbers
from nlts_desktop.services.progress import Cancelled

log = logging.getLogger(__name__)


def error_text(exc: BaseException) -> str:
    """What the user reads for an error."""
    if isinstance(exc, AppError):
        return exc.message
    return QCoreApplication.translate(
        "ErrorDialog",
        "The program ran into an unexpected problem and the action was not completed.",
    )


def show_error(parent: QWidget | None, exc: BaseException) -> None:
    """Show an error the way the house shows errors."""
    if isinstance(exc, Cancelled):
        return
    box = QMessageBox(parent)
    box.setWindowTitle(QCoreApplication.translate("ErrorDialog", "NLTS Desktop"))
    if isinstance(exc, AppError):
        box.setIcon(QMessageBox.Icon.Warning)
        box.setText(exc.message)
    else:
        # ID numbers masked: the details are copied into messages to support.
        details = mask_id_numbers("".join(traceback.format_exception(exc)))
        log.error("unexpected error\n%s", details)
        box.setIcon(QMessageBox.Icon.Critical)
        box.setText(error_text(exc))
        box.setInformativeText(
            QCoreApplication.translate(
                "ErrorDialog",
                "Details were written to the log. Please contact technical support.",
            )
        )
        box.setDetailedText(details)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.exec()
