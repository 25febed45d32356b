"""The shipped zh_CN translation is complete and compiled (English is only the fallback)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QTranslator

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "translations" / "nlts_zh_CN.ts"
QM = TS.with_suffix(".qm")
BIN = Path(sys.executable).parent


def _sources() -> list[str]:
    ui = sorted(str(p) for p in (ROOT / "nlts_desktop" / "ui").rglob("*.py"))
    return [*ui, str(ROOT / "nlts_desktop" / "app.py")]


def _unfinished(ts: Path) -> list[str]:
    problems = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            source = message.findtext("source", "")
            translation = message.find("translation")
            kind = translation.get("type") if translation is not None else "missing"
            text = (translation.text or "") if translation is not None else ""
            if kind in ("unfinished", "missing", "vanished", "obsolete") or not text.strip():
                problems.append(f"{name}: {source!r} ({kind})")
    return problems


def test_every_message_is_translated() -> None:
    assert TS.exists()
    assert _unfinished(TS) == []


def test_no_string_in_the_code_is_missing_from_the_translation(tmp_path: Path) -> None:
    """lupdate over the current sources adds nothing new to translate."""
    fresh = tmp_path / "check.ts"
    shutil.copy(TS, fresh)
    subprocess.run(
        [str(BIN / "pyside6-lupdate"), *_sources(), "-ts", str(fresh), "-no-obsolete",
         "-locations", "none", "-silent"],
        check=True,
        capture_output=True,
    )  # fmt: skip
    assert _unfinished(fresh) == []


def test_compiled_translation_is_current(tmp_path: Path) -> None:
    compiled = tmp_path / "check.qm"
    subprocess.run(
        [str(BIN / "pyside6-lrelease"), "-silent", str(TS), "-qm", str(compiled)],
        check=True,
        capture_output=True,
    )
    assert QM.read_bytes() == compiled.read_bytes(), "run scripts/translations"
    translator = QTranslator()
    assert translator.load(str(QM))
    assert translator.translate("MainWindow", "Teachers") == "教师"


def test_translated_texts_are_literals_lupdate_can_see() -> None:
    """A wrapper such as ``def _tr(text): return translate("Ctx", text)`` hides its strings
    from lupdate: they are never offered for translation and show in English."""
    call = re.compile(r"(?:\btranslate\(\s*\"\w+\",|\.tr\()\s*(?!\"|f\")[A-Za-z_]")
    found = [
        f"{Path(source).relative_to(ROOT)}: {match.group(0)}"
        for source in _sources()
        for match in call.finditer(Path(source).read_text(encoding="utf-8"))
    ]
    assert found == []
