"""The one CJK font of every PDF: a TrueType font with Chinese *and* Latin digits, embedded.

Looked for in a fixed order: fonts shipped in ``resources/fonts/``, then Windows (宋体
``simsun.ttc``, 微软雅黑 ``msyh.ttc``, 黑体 ``simhei.ttf``), then Linux (文泉驿微米黑 / 正黑).
Traps measured on these machines (FIELD-NOTES, PDF): Noto CJK is refused by reportlab
("postscript outlines are not supported"), DroidSansFallback loads but has no Latin glyphs so
digits come out blank, and the built-in ``STSong-Light`` is not embedded (the viewer
substitutes a font).  So a candidate is used only when reportlab loads it and its character map
holds the digits, Latin letters and common Chinese characters and punctuation; nothing else is
ever a fallback.  reportlab is imported inside the functions (start-up time).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from nlts_desktop.domain.errors import AppError
from nlts_desktop.domain.resources import resource_path

FONT_NAME = "NLTS-CJK"
# What a ledger page needs: digits, Latin, the category words and full-width punctuation.
REQUIRED_CHARACTERS = "0123456789AXaz学时档案网络研修（）：，。、"
_FONT_SUFFIXES = (".ttf", ".ttc")
_WINDOWS_FONTS = ("simsun.ttc", "msyh.ttc", "simhei.ttf")
_LINUX_FONTS = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/wqy-microhei/wqy-microhei.ttc",
    "/usr/share/fonts/wqy-zenhei/wqy-zenhei.ttc",
)

_lock = threading.Lock()
_registered: Path | None = None


def candidate_fonts() -> list[Path]:
    """Font files to try, best first: bundled, then Windows, then Linux."""
    found: list[Path] = []
    bundled = resource_path("fonts")
    if bundled.is_dir():
        found.extend(sorted(p for p in bundled.iterdir() if p.suffix.lower() in _FONT_SUFFIXES))
    windows = Path(os.environ.get("WINDIR") or os.environ.get("SYSTEMROOT") or r"C:\Windows")
    found.extend(windows / "Fonts" / name for name in _WINDOWS_FONTS)
    found.extend(Path(name) for name in _LINUX_FONTS)
    return found


def _load(path: Path) -> Any:
    """reportlab's TTFont for ``path`` if it renders Chinese and Latin digits, else None."""
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    try:
        if not path.is_file():
            return None
        index = {"subfontIndex": 0} if path.suffix.lower() == ".ttc" else {}
        font = TTFont(FONT_NAME, str(path), **index)
    except (TTFError, OSError, ValueError, KeyError, IndexError):
        return None  # e.g. Noto CJK: "postscript outlines are not supported"
    glyphs = font.face.charToGlyph
    if any(ord(ch) not in glyphs for ch in REQUIRED_CHARACTERS):
        return None  # e.g. DroidSansFallback: no Latin digits
    return font


def find_cjk_font(candidates: Sequence[Path] | None = None) -> tuple[Path, Any]:
    """The first usable candidate and its loaded TTFont; AppError naming what to install."""
    paths = candidate_fonts() if candidates is None else list(candidates)
    for path in paths:
        font = _load(path)
        if font is not None:
            return path, font
    raise AppError(
        "没有找到可以生成 PDF 的中文字体（需要同时包含汉字和数字的 TrueType 字体）。"
        "Windows 请确认系统中装有“宋体”（simsun.ttc）或“微软雅黑”（msyh.ttc）；"
        "Linux 请安装 fonts-wqy-microhei（文泉驿微米黑），例如 "
        "sudo apt-get install fonts-wqy-microhei，然后重试。",
        code="pdf.no_cjk_font",
        details={"tried": [str(p) for p in paths]},
    )


def register_cjk_font() -> str:
    """Register the CJK font with reportlab once and return its name (FONT_NAME)."""
    global _registered
    with _lock:
        if _registered is not None:
            return FONT_NAME
        from reportlab.lib.fonts import addMapping
        from reportlab.pdfbase import pdfmetrics

        path, font = find_cjk_font()
        pdfmetrics.registerFont(font)
        # One face for every style: <b> in a paragraph must not ask for a missing bold font.
        for bold in (0, 1):
            for italic in (0, 1):
                addMapping(FONT_NAME, bold, italic, FONT_NAME)
        _registered = path
        return FONT_NAME


def registered_font_path() -> Path | None:
    """The file registered by register_cjk_font, or None before the first call."""
    return _registered
