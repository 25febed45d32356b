"""A province replaces the shipped ability-point catalogue with its own file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nlts_desktop.domain.errors import ValidationError
from nlts_desktop.domain.resources import load_json
from nlts_desktop.services.workspace import Workspace


def test_shipped_catalogue_is_in_force(workspace: Workspace) -> None:
    info = workspace.catalogue.info()
    assert info.points == 30
    assert workspace.catalogue.current().point("A1").name == "技术支持的学情分析"


def test_replace_with_a_province_file(workspace: Workspace, tmp_path: Path) -> None:
    data = load_json("ability_points.json")
    data["version"] = "2021-川"
    data["points"][0]["name"] = "技术支持的学情分析（四川版）"
    path = tmp_path / "四川能力点.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    info = workspace.catalogue.replace_from_file(path)
    assert (info.version, info.points) == ("2021-川", 30)
    assert workspace.catalogue.current().point("A1").name.endswith("（四川版）")
    assert workspace.info().catalogue_version == "2021-川"


def test_bad_file_changes_nothing(workspace: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{"catalogue": "x", "version": "1", "points": [', encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        workspace.catalogue.replace_from_file(path)
    assert "bad.json" in caught.value.message
    assert workspace.catalogue.info().version == load_json("ability_points.json")["version"]
