"""The import rule of ARCHITECTURE.md: layers import downwards only."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "nlts_desktop"

# layer → top-level modules it must never import
FORBIDDEN: dict[str, tuple[str, ...]] = {
    "domain": (
        "PySide6",
        "sqlalchemy",
        "alembic",
        "nlts_desktop.storage",
        "nlts_desktop.services",
        "nlts_desktop.exchange",
        "nlts_desktop.ui",
        "nlts_desktop.app",
        "nlts_desktop.cli",
    ),
    "storage": (
        "PySide6",
        "nlts_desktop.services",
        "nlts_desktop.exchange",
        "nlts_desktop.ui",
        "nlts_desktop.app",
        "nlts_desktop.cli",
    ),
    "exchange": (
        "PySide6",
        "nlts_desktop.services",
        "nlts_desktop.ui",
        "nlts_desktop.app",
        "nlts_desktop.cli",
    ),
    "services": ("PySide6", "nlts_desktop.ui", "nlts_desktop.app", "nlts_desktop.cli"),
    "ui": ("sqlalchemy", "alembic", "nlts_desktop.storage", "nlts_desktop.cli"),
}
# Outside ui/ and app.py nothing imports Qt.
QT_ALLOWED = {"ui", "app.py"}


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
    return found


def _python_files() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _layer(path: Path) -> str:
    return path.relative_to(PACKAGE).parts[0]


@pytest.mark.parametrize("path", _python_files(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_follow_the_layers(path: Path) -> None:
    layer = _layer(path)
    banned = FORBIDDEN.get(layer, ())
    problems = [
        f"{path.relative_to(PACKAGE)}:{line} imports {module}"
        for line, module in _imports(path)
        if any(module == b or module.startswith(b + ".") for b in banned)
        or (module.split(".")[0] == "PySide6" and layer not in QT_ALLOWED)
    ]
    assert not problems, "\n".join(problems)


def test_the_rule_catches_a_violation(tmp_path: Path) -> None:
    """The checker itself works: a domain file importing SQLAlchemy is reported."""
    bad = tmp_path / "bad.py"
    bad.write_text("import sqlalchemy\nfrom PySide6 import QtCore\n", encoding="utf-8")
    modules = [m for _, m in _imports(bad)]
    assert modules == ["sqlalchemy", "PySide6"]
    assert any(m.startswith(b) for m in modules for b in FORBIDDEN["domain"])


def test_every_layer_exists() -> None:
    for layer in ("domain", "storage", "services", "exchange", "ui"):
        assert (PACKAGE / layer / "__init__.py").is_file()
