"""UI preferences and window/table layouts, declared once (programme rules live in the database).

Stored in ``ui-settings.ini`` in the data folder, so ``NLTS_DATA_DIR`` moves them too.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings


class UiSettings:
    """Typed access to the program's UI settings."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._settings = QSettings(str(path), QSettings.Format.IniFormat)

    def _bytes(self, key: str) -> QByteArray | None:
        value = self._settings.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    # window and tables ------------------------------------------------------------
    def geometry(self, name: str) -> QByteArray | None:
        """Saved geometry of a window or dialog."""
        return self._bytes(f"geometry/{name}")

    def set_geometry(self, name: str, value: QByteArray) -> None:
        """Remember a window's geometry."""
        self._settings.setValue(f"geometry/{name}", value)

    def window_state(self, name: str) -> QByteArray | None:
        """Saved toolbar/dock state of a main window."""
        return self._bytes(f"state/{name}")

    def set_window_state(self, name: str, value: QByteArray) -> None:
        """Remember a main window's toolbar/dock state."""
        self._settings.setValue(f"state/{name}", value)

    def header_state(self, table: str) -> QByteArray | None:
        """Saved column widths/order/sort of a table."""
        return self._bytes(f"header/{table}")

    def set_header_state(self, table: str, value: QByteArray) -> None:
        """Remember a table's column layout."""
        self._settings.setValue(f"header/{table}", value)

    def current_tab(self) -> int:
        """Index of the tab shown last."""
        value = self._settings.value("window/tab", 0)
        return int(value) if isinstance(value, int | str) and str(value).isdigit() else 0

    def set_current_tab(self, index: int) -> None:
        """Remember the tab shown."""
        self._settings.setValue("window/tab", index)

    # files ------------------------------------------------------------------------
    def last_folder(self, purpose: str) -> str:
        """The folder last used for a kind of file dialog."""
        value = self._settings.value(f"folders/{purpose}", "")
        return str(value) if value else str(Path.home())

    def set_last_folder(self, purpose: str, folder: str) -> None:
        """Remember the folder of a file dialog."""
        self._settings.setValue(f"folders/{purpose}", folder)

    # assessment ---------------------------------------------------------------------
    def assessor_name(self) -> str:
        """The assessor (评分人) typed last in the score grid; empty when never typed."""
        value = self._settings.value("assessment/assessor", "")
        return str(value).strip() if value else ""

    def set_assessor_name(self, name: str) -> None:
        """Remember the assessor (评分人) for the next session."""
        self._settings.setValue("assessment/assessor", name.strip())

    # import column mappings, remembered per header set --------------------------------
    @staticmethod
    def _header_key(kind: str, headers: list[str] | tuple[str, ...]) -> str:
        digest = hashlib.sha1("\x1f".join(headers).encode("utf-8")).hexdigest()[:16]
        return f"mappings/{kind}-{digest}"

    def column_mapping(self, kind: str, headers: list[str] | tuple[str, ...]) -> dict[str, str]:
        """The mapping (file header → field) the user chose last time for these headers."""
        raw = self._settings.value(self._header_key(kind, headers), "")
        try:
            data = json.loads(str(raw)) if raw else {}
        except json.JSONDecodeError:
            return {}
        return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}

    def set_column_mapping(
        self, kind: str, headers: list[str] | tuple[str, ...], mapping: dict[str, str]
    ) -> None:
        """Remember a mapping for this set of headers."""
        self._settings.setValue(
            self._header_key(kind, headers), json.dumps(mapping, ensure_ascii=False)
        )

    def sync(self) -> None:
        """Write pending changes to disk."""
        self._settings.sync()
