"""Recognise a workspace file by its header, without opening it with SQLite."""

from __future__ import annotations

import enum
from pathlib import Path

from nlts_desktop.storage.engine import APPLICATION_ID

SQLITE_MAGIC = b"SQLite format 3\x00"


class FileKind(enum.Enum):
    """What a path holds, as far as the workspace is concerned."""

    MISSING = "missing"
    OURS = "ours"
    NOT_SQLITE = "not_sqlite"
    FOREIGN_SQLITE = "foreign_sqlite"


def classify_file(path: Path) -> FileKind:
    """Read the 100-byte SQLite header: ours carries our application_id at offset 68."""
    if not path.exists():
        return FileKind.MISSING
    with path.open("rb") as handle:
        header = handle.read(100)
    if len(header) < 100 or not header.startswith(SQLITE_MAGIC):
        return FileKind.NOT_SQLITE
    application_id = int.from_bytes(header[68:72], "big")
    return FileKind.OURS if application_id == APPLICATION_ID else FileKind.FOREIGN_SQLITE
