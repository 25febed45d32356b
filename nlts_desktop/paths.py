"""Where the program keeps its files: platformdirs, with one override (``NLTS_DATA_DIR``)."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_data_dir

from nlts_desktop.domain.errors import StorageError

APP_NAME = "NLTS Desktop"
ENV_DATA_DIR = "NLTS_DATA_DIR"
DATABASE_NAME = "workspace.db"
# The shared-server address a data folder works on (no password in it, ever).
SERVER_PROFILE = "server.json"


@dataclass(frozen=True)
class DataPaths:
    """The files of one data folder (one workspace)."""

    root: Path
    #: The PostgreSQL address (password hidden) when the workspace lives on a shared server;
    #: None for the embedded SQLite file ``database``.
    server: str | None = None

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


def data_paths(data_dir: str | Path | None = None, *, server: str | None = None) -> DataPaths:
    """The data folder to use: the argument, else the default.

    ``server`` (``--db``) selects a shared server; without it the folder's ``server.json``
    decides, and without that the workspace is the folder's SQLite file.
    """
    root = (Path(data_dir).expanduser() if data_dir else default_data_dir()).absolute()
    return DataPaths(root=root, server=server or server_profile(root))


def is_server_url(value: str) -> bool:
    """Whether ``value`` names a PostgreSQL server (any ``postgresql…://`` address)."""
    return value.strip().lower().startswith(("postgresql://", "postgresql+", "postgres://"))


def server_profile(root: Path) -> str | None:
    """The server address saved in a data folder, None when it has none.

    A damaged profile is refused (rather than quietly falling back to an empty local file).
    """
    path = root / SERVER_PROFILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        data = exc
    url = data.get("url") if isinstance(data, dict) else None
    if not isinstance(url, str) or not is_server_url(url):
        raise StorageError(
            f"数据文件夹中的数据库服务器设置“{path}”已损坏，无法读取。"
            "请删除这个文件后重新设置服务器连接（数据库服务器上的数据不受影响）。",
            code="server.profile",
        )
    return url


def save_server(root: Path, url: str | None) -> None:
    """Remember the server for this data folder (the caller removes any password first);
    None goes back to the embedded SQLite file."""
    target = root / SERVER_PROFILE
    if url is None:
        target.unlink(missing_ok=True)
        return
    if "@" in url and ":" in url.split("@")[0].split("//")[-1]:
        raise ValueError("a server address with a password must not be saved")
    root.mkdir(parents=True, exist_ok=True)
    temp = root / f".{SERVER_PROFILE}.tmp"
    temp.write_text(json.dumps({"url": url}, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(temp, target)
