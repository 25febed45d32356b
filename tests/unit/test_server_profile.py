"""The data folder's server setting (server.json): no password, refused when damaged."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlts_desktop.domain.errors import StorageError
from nlts_desktop.paths import SERVER_PROFILE, save_server, server_profile
from nlts_desktop.storage.server import parse_url, public_address, redact


def test_saved_and_read_back(tmp_path: Path) -> None:
    assert server_profile(tmp_path) is None
    save_server(tmp_path, "postgresql+psycopg://nlts@10.0.0.5:5432/nlts")
    assert server_profile(tmp_path) == "postgresql+psycopg://nlts@10.0.0.5:5432/nlts"
    save_server(tmp_path, None)
    assert server_profile(tmp_path) is None


def test_a_password_is_never_saved(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        save_server(tmp_path, "postgresql+psycopg://nlts:secret@10.0.0.5/nlts")
    assert not (tmp_path / SERVER_PROFILE).exists()
    assert public_address("postgresql://nlts:secret@10.0.0.5/nlts") == (
        "postgresql+psycopg://nlts@10.0.0.5/nlts"
    )
    assert "secret" not in redact("postgresql+psycopg://nlts:secret@10.0.0.5/nlts")


def test_a_damaged_setting_is_refused_in_chinese(tmp_path: Path) -> None:
    (tmp_path / SERVER_PROFILE).write_text("{not json", encoding="utf-8")
    with pytest.raises(StorageError) as caught:
        server_profile(tmp_path)
    assert caught.value.code == "server.profile" and "已损坏" in caught.value.message


@pytest.mark.parametrize("bad", ["mysql://x@y/z", "postgresql+psycopg://host-without-db", "???"])
def test_a_bad_address_is_explained(bad: str) -> None:
    with pytest.raises(StorageError) as caught:
        parse_url(bad)
    assert caught.value.code == "server.url" and "格式不对" in caught.value.message
