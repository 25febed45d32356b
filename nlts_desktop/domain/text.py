"""Clean up text typed by people or read from Excel before any rule looks at it.

Real office spreadsheets carry full-width characters (ＡＢＣ、１２３), non-breaking and
ideographic spaces, tabs and line breaks inside cells, and zero-width characters pasted from web
pages or chat programs.  Every validator starts from one of the two functions here.
"""

from __future__ import annotations

import unicodedata

# Zero-width characters are invisible in Excel and in our tables, so a value that "looks right"
# can still fail a lookup; they are never meaningful in our data.
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))


def _nfkc(value: object) -> str:
    if value is None:
        return ""
    # Zero-width characters go first: one between a letter and a combining mark would otherwise
    # block the composition, and a second pass would give a different result.  NFKC folds
    # full-width letters/digits/punctuation to ASCII and NBSP/U+3000 to a plain space.
    return unicodedata.normalize("NFKC", str(value).translate(_ZERO_WIDTH))


def normalize_text(value: object) -> str:
    """NFKC text without zero-width characters, whitespace runs collapsed to one space, stripped."""
    # str.split() with no argument splits on every Unicode whitespace (tabs, newlines, NBSP,
    # U+3000, …), so joining with one space collapses and strips in one step.
    if isinstance(value, str) and value.isascii():
        # ASCII is NFKC-stable and has no zero-width characters: the fast path for IDs,
        # codes, phones and dates (most cells of a 100,000-row roster).
        return " ".join(value.split())
    return " ".join(_nfkc(value).split())


def normalize_compact(value: object) -> str:
    """Like :func:`normalize_text` but with all whitespace removed (for codes and numbers)."""
    if isinstance(value, str) and value.isascii():
        return "".join(value.split())
    # Removing a space can bring a letter and a combining mark together; compose them again.
    return unicodedata.normalize("NFKC", "".join(_nfkc(value).split()))


def normalize_prose(value: object, *, multiline: bool = False) -> str:
    """Free text a person wrote (a reason, a title, a note): trimmed, but not NFKC-folded.

    Chinese prose uses full-width punctuation (，。（）) on purpose; only zero-width
    characters go and runs of spaces collapse.  ``multiline`` keeps the line breaks.
    """
    if value is None:
        return ""
    text = str(value).translate(_ZERO_WIDTH)
    if not multiline:
        return " ".join(text.split())
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return "\n".join(lines).strip("\n")
