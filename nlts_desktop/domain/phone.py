"""联系电话: mainland mobile numbers and fixed-line numbers, normalised to one written form.

Mobile: 11 digits ``1[3-9]…`` → ``13812345678``.  Fixed line: area code (010 and 02x have 3
digits, the others 4) + a 7–8 digit local number, optional extension → ``028-86721266`` or
``028-86721266-123``.
"""

from __future__ import annotations

import re

from nlts_desktop.domain.errors import ValidationError
from nlts_desktop.domain.text import normalize_text

FIELD = "phone"

_FORMS = (
    "11位手机号（如 13812345678），或“区号-号码”形式的固定电话"
    "（如 028-86721266，有分机号时写成 028-86721266转123）"
)

# After NFKC the full-width （）－． are ASCII already; the dashes below have no NFKC folding.
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―()（）.·]+")
_EXTENSION_WORD = re.compile(r"^(?P<body>.*?)\s*(?:转|分机|ext)\s*[.:：]?\s*(?P<ext>\d{1,6})$")
_EXTENSION_DASH = re.compile(r"^(?P<body>.*\d)\s*[-‐‑‒–—―]\s*(?P<ext>\d{1,6})$")
_NUMBER = re.compile(r"^\+?\d+$")
_MOBILE = re.compile(r"^1[3-9]\d{9}$")
# Local numbers start with 2–9: numbers starting with 1 are service numbers (110, 12345).
_LOCAL = re.compile(r"^[2-9]\d{6,7}$")


def _landline(digits: str, extension: str | None) -> str | None:
    if digits.startswith(("010", "02")):
        area_length = 3
    elif re.match(r"^0[3-9]", digits):
        area_length = 4
    else:
        return None
    area, local = digits[:area_length], digits[area_length:]
    if not _LOCAL.match(local):
        return None
    return f"{area}-{local}" + (f"-{extension}" if extension else "")


def _parse_digits(text: str, extension: str | None) -> str | None:
    digits = _SEPARATORS.sub("", text)
    if not _NUMBER.match(digits):
        return None
    international = False
    if digits.startswith("+86"):
        digits, international = digits[3:], True
    elif digits.startswith("0086"):
        digits, international = digits[4:], True
    elif digits.startswith("86") and _MOBILE.match(digits[2:]):
        digits = digits[2:]
    if digits.startswith("+"):
        return None
    if _MOBILE.match(digits):
        return digits if extension is None else None
    if international and not digits.startswith("0"):
        # +86 28 8672 1266: the international form drops the trunk prefix 0 of the area code.
        digits = "0" + digits
    return _landline(digits, extension)


def _hint(text: str, *, numeric: bool) -> str:
    digits = _SEPARATORS.sub("", text)
    if not digits.isascii() or not digits.isdigit():
        return ""
    if digits.startswith("1") and len(digits) != 11:
        return f"手机号应为11位，当前为{len(digits)}位，请核对是否漏输或多输了数字"
    if numeric and not digits.startswith("0"):
        return (
            "如果这是固定电话，Excel 把它存成了数字并去掉了区号开头的0，"
            "请把单元格格式设置为“文本”后重新输入"
        )
    if _LOCAL.match(digits):
        return "固定电话缺少区号，请在号码前加上区号"
    return ""


def normalize_phone(raw: object) -> str:
    """A mobile as its 11 digits, a fixed line as ``AREA-LOCAL`` or ``AREA-LOCAL-EXT``."""
    numeric = isinstance(raw, int | float) and not isinstance(raw, bool)
    if isinstance(raw, float) and raw.is_integer() and abs(raw) < 1e15:
        # Excel stores a mobile typed as a number as a float; 11 digits are exact in a double.
        text = str(int(raw))
    else:
        text = normalize_text(raw).lower()
    if not text:
        raise ValidationError(
            f"联系电话为空，请填写{_FORMS}。",
            code="phone.empty",
            field=FIELD,
            value=raw,
        )
    result: str | None = None
    word = _EXTENSION_WORD.match(text)
    if word:
        result = _parse_digits(word["body"], word["ext"])
    else:
        result = _parse_digits(text, None)
        dash = _EXTENSION_DASH.match(text)
        if result is None and dash:
            # 028-86721266-123: only read a trailing group as an extension when the whole
            # string is not already a valid number on its own.
            result = _parse_digits(dash["body"], dash["ext"])
    if result is None:
        hint = _hint(text, numeric=numeric)
        message = (
            f"联系电话“{text}”格式不正确：{hint}。正确的写法是{_FORMS}。"
            if hint
            else f"联系电话“{text}”格式不正确，请填写{_FORMS}。"
        )
        raise ValidationError(
            message,
            code="phone.invalid",
            field=FIELD,
            value=raw,
        )
    return result


def is_valid_phone(raw: object) -> bool:
    """True when :func:`normalize_phone` accepts the value."""
    try:
        normalize_phone(raw)
    except ValidationError:
        return False
    return True
