"""What never leaves the program in clear: 身份证号 masked, passwords and secrets hidden.

Used where data is written for people other than the clerk at the screen: the audit log's
before/after values, every log record, and the details of the unexpected-error dialog.  ID
numbers keep the region code and the last four characters (``510115********1234``, the form
of :func:`nlts_desktop.domain.idcard.mask_id_number`); secret values become ``***``.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import Any

from nlts_desktop.domain.idcard import mask_id_number

SECRET_MASK = "***"
# 17 digits and a check character (digit or X), not part of a longer run of letters or
# digits (a SHA-256 in hex, a serial number): GB 11643-1999's 18-character form.
ID_NUMBER_PATTERN = re.compile(r"(?<![0-9A-Za-z])(\d{6})(\d{8})(\d{3}[0-9Xx])(?![0-9A-Za-z])")
_SHORTEST_MASKABLE = 10  # region code (6) and last four: shorter values are hidden whole
# Values passed through as they are (a string short of 18 characters holds no ID number).
_SCALARS = frozenset({int, float, bool, type(None)})


def mask_id_numbers(text: str) -> str:
    """``text`` with every 18-character ID number in it masked."""
    if len(text) < 18:
        return text
    return ID_NUMBER_PATTERN.sub(lambda m: f"{m[1]}{'*' * 8}{m[3]}", text)


def is_id_number_field(name: str) -> bool:
    """Whether a column or key holds ID numbers (``id_number``, ``teacher_id_number``, …)."""
    return "id_number" in name.lower()


def is_secret_field(name: str) -> bool:
    """Whether a column or key holds a password, a password hash or a key's secret half."""
    lowered = name.lower()
    if lowered.endswith(("_at", "_on", "_until")):
        return False  # password_changed_at and the like are times, not secrets
    return (
        "password" in lowered
        or lowered.endswith(("_hash", "_salt"))
        or "secret" in lowered
        or "private_key" in lowered
    )


def mask_id_value(value: object) -> object:
    """One ID number as stored in the audit log: masked, or hidden whole when too short."""
    if not isinstance(value, str) or not value:
        return value
    if len(value) < _SHORTEST_MASKABLE:
        return SECRET_MASK
    return mask_id_number(value)


# In JSON text: a key naming a secret, or an ID-number key whose value the text-wide masking
# left as it was (not 18 characters): only then is the value walked key by key.
_SECRET_KEY = re.compile(
    r'"[^"\\]*(?:password|secret|private_key)[^"\\]*":|"[^"\\]*_(?:hash|salt)":'
)
_SECRET_WORDS = ("password", "secret", "private_key", '_hash"', '_salt"')
_UNMASKED_ID_KEY = re.compile(
    r'"[^"\\]*id_number[^"\\]*": (?!null|"\d{6}\*{8}\d{3}[0-9Xx]"|"\*\*\*"|[\[{])'
)


def masked_json(values: Any) -> str:
    """``values`` as JSON text (keys sorted, Chinese as is) with secrets hidden and ID numbers
    masked.  Big payloads (a 100,000-row import's changes) take the fast way: one dump and one
    pattern pass over the text; values are walked key by key only when a key asks for it."""
    text = mask_id_numbers(json.dumps(values, ensure_ascii=False, sort_keys=True, default=str))
    secret = any(word in text for word in _SECRET_WORDS) and _SECRET_KEY.search(text)
    if secret or ("id_number" in text and _UNMASKED_ID_KEY.search(text)):
        text = json.dumps(masked(values), ensure_ascii=False, sort_keys=True, default=str)
        text = mask_id_numbers(text)
    return text


_PLAIN, _SECRET, _ID = 0, 1, 2


@lru_cache(maxsize=1024)
def _kind(name: str) -> int:
    if is_secret_field(name):
        return _SECRET
    return _ID if is_id_number_field(name) else _PLAIN


def masked(values: Any) -> Any:
    """A copy of a JSON-like value with secrets hidden and ID numbers masked, at any depth."""
    kind = type(values)
    if kind is str:
        return mask_id_numbers(values) if len(values) >= 18 else values
    if kind is dict:
        out: dict[Any, Any] = {}
        for key, value in values.items():
            field = _kind(key) if type(key) is str else _kind(str(key))
            if field == _PLAIN:
                out[key] = value if type(value) in _SCALARS else masked(value)
            elif field == _SECRET:
                out[key] = SECRET_MASK if value is not None else None
            elif isinstance(value, dict | list | tuple):
                out[key] = masked(value)
            else:
                out[key] = mask_id_value(value)
        return out
    if kind is list or kind is tuple:
        return [masked(value) for value in values]
    if isinstance(values, str):
        return mask_id_numbers(values)
    if isinstance(values, dict | list | tuple):  # subclasses: the slow, general way
        return masked(dict(values) if isinstance(values, dict) else list(values))
    return values
