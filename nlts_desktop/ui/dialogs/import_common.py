"""What the file import dialogs share: picking the workbook, the message line, the report path."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QLabel, QWidget

from nlts_desktop.ui.dialogs.validated_form import ERROR_COLOR
from nlts_desktop.ui.session import AppSession


def pick_workbook(parent: QWidget, session: AppSession, *, folder_key: str, title: str) -> str:
    """An Excel file to import, from the folder used last for this kind ("" when cancelled)."""
    chosen, _filter = QFileDialog.getOpenFileName(
        parent,
        title,
        session.settings.last_folder(folder_key),
        QCoreApplication.translate("ImportDialogs", "Excel workbooks (*.xlsx *.xls)"),
    )
    if chosen:
        session.settings.set_last_folder(folder_key, str(Path(chosen).parent))
    return chosen


def existing_file(message: QLabel, text: str, *, empty: str) -> Path | None:
    """The chosen path when it is a file; else None and the reason on the message line."""
    text = text.strip()
    if not text:
        show_message(message, empty, error=True)
        return None
    path = Path(text)
    if not path.is_file():
        show_message(
            message,
            QCoreApplication.translate("ImportDialogs", 'There is no file "{path}".').format(
                path=text
            ),
            error=True,
        )
        return None
    return path


def show_message(label: QLabel, text: str, *, error: bool = False) -> None:
    """Say something on a dialog's message line (red for a problem); empty text hides it."""
    label.setText(text)
    label.setStyleSheet(f"color: {ERROR_COLOR};" if error else "")
    label.setVisible(bool(text))


def ask_report_path(parent: QWidget, default: Path) -> Path | None:
    """Where to save an error report (.xlsx added when missing); None when cancelled."""
    chosen, _filter = QFileDialog.getSaveFileName(
        parent,
        QCoreApplication.translate("ImportDialogs", "Save Error Report"),
        str(default),
        QCoreApplication.translate("ImportDialogs", "Excel workbook (*.xlsx)"),
    )
    if not chosen:
        return None
    out = Path(chosen)
    return out if out.suffix.lower() == ".xlsx" else out.with_name(out.name + ".xlsx")
