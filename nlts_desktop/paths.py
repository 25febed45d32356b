"""Where the program keeps its files: platformdirs, with one override (``NLTS_DATA_DIR``)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_data_dir

APP_NAME = "NLTS Desktop"
ENV_DATA_DIR = "NLTS_DATA_DIR"
DATABASE_NAME = "workspace.db"


@dataclass(frozen=True)
class DataPaths:
    """The files of one data folder (one workspace)."""

    root: Path

    @property
    def database(self) -> Path:
        """The workspace's SQLite file."""
        return self.root / DATABASE_NAME

    @property
    def backups(self) -> Path:
        """Automatic backups, beside the database."""
        return self.root / "backups"

    @property
    def logs(self) -> Path:
        """Log files."""
        return self.root / "logs"

    @property
    def evidence(self) -> Path:
        """Evidence files stored by their SHA-256."""
        return self.root / "evidence"

    @property
    def keys(self) -> Path:
        """The installation's signing keys."""
        return self.root / "keys"


def default_data_dir() -> Path:
    """``NLTS_DATA_DIR`` when set, else the per-user data folder."""
    override = os.environ.get(ENV_DATA_DIR)
    if override:
        return Path(override).expanduser()
    return Path(user_data_dir(APP_NAME, appauthor=False, roaming=False))


def data_paths(data_dir: str | Path | None = None) -> DataPaths:
    """The data folder to use: the argument, else the default."""
    root = Path(data_dir).expanduser() if data_dir else default_data_dir()
    return DataPaths(root=root.absolute())
