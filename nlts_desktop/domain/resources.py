"""Locate the data files shipped in ``resources/`` (code tables, catalogue, presets)."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources as importlib_resources
from pathlib import Path
from typing import Any


@cache
def resources_root() -> Path:
    """The folder holding the shipped resources, in a wheel, a bundle or a source checkout."""
    packaged = Path(str(importlib_resources.files("nlts_desktop"))) / "resources"
    if packaged.is_dir():
        return packaged
    # Source checkout / editable install: resources/ sits beside the package.
    return Path(__file__).resolve().parents[2] / "resources"


def resource_path(*parts: str) -> Path:
    """Path of a shipped resource file."""
    return resources_root().joinpath(*parts)


def load_json(*parts: str) -> Any:
    """Parse a shipped JSON resource."""
    with resource_path(*parts).open(encoding="utf-8") as handle:
        return json.load(handle)
