"""学校标识码: 10 digits = 2-digit school category + 2-digit province code + 6-digit sequence.

There is no check digit, so only the shape, the category and the province can be verified.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nlts_desktop.domain.codes import code_table
from nlts_desktop.domain.errors import ValidationError
from nlts_desktop.domain.text import normalize_compact

FIELD = "school_code"
_DIGITS = frozenset("0123456789")
# "2151000123.0" is a float written out as text; 10 digits are exact in a double, so the
# trailing zeros can be dropped safely (unlike an 18-digit 身份证号).
_FLOAT_TEXT = re.compile(r"^(\d{10})\.0*$")


@dataclass(frozen=True)
class SchoolCode:
    """A validated 学校标识码 with its category and province spelled out."""

    code: str
    category_code: str
    category_name: str
    province_code: str
    province_name: str

    def __str__(self) -> str:
        return self.code


def _normalize(raw: object) -> str:
    if isinstance(raw, int) and not isinstance(raw, bool):
        return str(raw)
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    text = normalize_compact(raw)
    float_text = _FLOAT_TEXT.match(text)
    return float_text[1] if float_text else text


def parse_school_code(raw: object) -> SchoolCode:
    """Validate a 学校标识码 and name its category and province."""
    code = _normalize(raw)
    if not code:
        raise ValidationError(
            "学校标识码为空，请填写10位学校标识码（可在全国教育事业统计或学籍系统中查到）。",
            code="school_code.empty",
            field=FIELD,
            value=raw,
        )
    if len(code) != 10:
        raise ValidationError(
            f"学校标识码应为10位数字，“{code}”为{len(code)}位，请核对是否漏输或多输了数字。",
            code="school_code.length",
            field=FIELD,
            value=code,
        )
    bad = next((char for char in code if char not in _DIGITS), None)
    if bad is not None:
        raise ValidationError(
            f"学校标识码只能由数字组成，“{code}”中含有“{bad}”，请删除多余的字符后重新输入。",
            code="school_code.chars",
            field=FIELD,
            value=code,
        )
    categories = code_table("school_categories")
    category = next((e for e in categories.entries if e.code == code[:2]), None)
    if category is None:
        # Entries carrying a "note" are inferred codes; name only the well-attested ones.
        common = [e for e in categories.entries if "note" not in e.extra] or categories.entries
        examples = "、".join(f"{e.code} {e.name}" for e in common)
        raise ValidationError(
            f"学校标识码“{code}”的前两位“{code[:2]}”不是已知的学校类别代码"
            f"（常见的有：{examples}等），请核对前两位是否输错。",
            code="school_code.category",
            field=FIELD,
            value=code,
        )
    provinces = code_table("provinces")
    province = next((e for e in provinces.entries if e.code == code[2:4]), None)
    if province is None:
        raise ValidationError(
            f"学校标识码“{code}”的第3、4位“{code[2:4]}”不是有效的省级行政区代码"
            "（如四川为51、广东为44），请核对这两位是否输错。",
            code="school_code.province",
            field=FIELD,
            value=code,
        )
    return SchoolCode(
        code=code,
        category_code=category.code,
        category_name=category.name,
        province_code=province.code,
        province_name=province.name,
    )


def is_valid_school_code(raw: object) -> bool:
    """True when :func:`parse_school_code` accepts the value."""
    try:
        parse_school_code(raw)
    except ValidationError:
        return False
    return True
