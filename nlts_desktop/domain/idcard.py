"""居民身份证号码 (GB 11643-1999): normalise, validate, and read the birth date and gender.

18 characters = 6-digit region code + YYYYMMDD birth date + 3-digit sequence (odd = male) +
check character.  Old 15-digit numbers (YYMMDD, no check character) are converted to 18.
"""

from __future__ import annotations

import numbers
import re
from dataclasses import dataclass
from datetime import date, datetime
from operator import mul

from nlts_desktop.domain.enums import Gender
from nlts_desktop.domain.errors import ValidationError
from nlts_desktop.domain.text import normalize_compact

FIELD = "id_number"

# GB 11643-1999 §5: weight of position i is 2^(17-i) mod 11; check = (12 - Σ mod 11) mod 11,
# written via this lookup table (10 is written X).
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"
_DIGITS = frozenset("0123456789")  # str.isdigit() would also accept ², ٣ and other digits

# Province-level codes (GB/T 2260); the same 34 codes as resources/codes/provinces.json, kept
# here as a constant so that checking an ID never touches the file system.
PROVINCE_CODES = frozenset(
    {
        *("11", "12", "13", "14", "15"),
        *("21", "22", "23"),
        *("31", "32", "33", "34", "35", "36", "37"),
        *("41", "42", "43", "44", "45", "46"),
        *("50", "51", "52", "53", "54"),
        *("61", "62", "63", "64", "65"),
        *("71", "81", "82"),
    }
)
# 港澳台居民居住证 (2018) carry GB 11643 numbers with region 810000 / 820000 / 830000; 83 is
# not a province code but a Taiwan resident teaching on the mainland holds such a number.
_RESIDENCE_PERMIT_CODES = frozenset({"83"})
_VALID_PREFIXES = PROVINCE_CODES | _RESIDENCE_PERMIT_CODES

# The official vector 440524188001010014 is born in 1880, so the floor is 1850, not 1900.
MIN_BIRTH_DATE = date(1850, 1, 1)

# What an Excel number looks like once it has been turned into text: 5.10115E+17 (shown in a
# narrow column) or 510115198001011000.0 (str of a float).  Either way digits are already lost.
_SCIENTIFIC = re.compile(r"^[+-]?\d+(?:\.\d*)?E[+-]?\d+$")
_DECIMAL = re.compile(r"^\d+\.\d*$")


@dataclass(frozen=True)
class IdNumber:
    """A validated 身份证号 with what it says about its holder."""

    number: str
    region_code: str
    birth_date: date
    gender: Gender

    @property
    def masked(self) -> str:
        """The number with the birth date and sequence hidden, for lists and printouts."""
        return mask_id_number(self.number)

    def __str__(self) -> str:
        return self.number


def mask_id_number(number: str) -> str:
    """Region code and last four kept, the rest hidden: 110105********002X."""
    return f"{number[:6]}{'*' * max(0, len(number) - 10)}{number[-4:]}"


def _numeric_error(shown: str, value: object) -> ValidationError:
    return ValidationError(
        f"身份证号“{shown}”在 Excel 中被存成了数字，超过15位的数字会被 Excel 改写，"
        "末尾几位已经丢失，程序无法还原。请把这一列设置单元格格式为“文本”后重新输入身份证号。",
        code="id.numeric",
        field=FIELD,
        value=value,
    )


def normalize_id_number(raw: object) -> str:
    """Full-width digits folded, spaces and zero-width characters removed, x upper-cased."""
    if isinstance(raw, numbers.Number) and not isinstance(raw, bool):
        # Never guess: a float keeps only ~15 significant digits, so the last ones are gone.
        raise _numeric_error(str(raw), raw)
    text = normalize_compact(raw).upper()
    if _SCIENTIFIC.match(text) or _DECIMAL.match(text):
        raise _numeric_error(text, raw)
    return text


def check_char(first17: str) -> str:
    """The GB 11643 check character (0-9 or X) for the first 17 digits."""
    if len(first17) != 17 or not (first17.isascii() and first17.isdigit()):
        raise ValueError(f"check_char needs exactly 17 digits, got {first17!r}")
    total = sum(map(mul, map(int, first17), _WEIGHTS))
    return _CHECK_CHARS[total % 11]


def convert_15_to_18(number15: str) -> str:
    """Old 15-digit number to 18 digits: century 19 before YYMMDD, check character appended."""
    if len(number15) != 15 or not set(number15) <= _DIGITS:
        raise ValueError(f"convert_15_to_18 needs exactly 15 digits, got {number15!r}")
    # 15-digit numbers were issued only to people born in the 1900s (replaced from 1999 on).
    first17 = number15[:6] + "19" + number15[6:]
    return first17 + check_char(first17)


def _chars_error(message: str, number: str) -> ValidationError:
    return ValidationError(message, code="id.chars", field=FIELD, value=number)


def _check_characters(number: str) -> None:
    # X is allowed here anywhere; where it may stand is checked once the length is known, so
    # that "…002XX" is reported as one character too many, not as a misplaced X.
    for index, char in enumerate(number):
        if char in _DIGITS or char == "X":
            continue
        position = index + 1
        if char == "O":
            hint = "请检查是否把数字0输成了字母O"
        elif char in "IL":
            hint = "请检查是否把数字1输成了字母"
        else:
            hint = "仅最后一位可以是X，请删除多余的字符后重新输入"
        raise _chars_error(
            f"身份证号“{number}”的第{position}位“{char}”不是数字。身份证号只能由数字组成，{hint}。",
            number,
        )


def _check_x_position(number: str) -> None:
    index = number.find("X")
    if index < 0 or (index == 17 and len(number) == 18):
        return
    if len(number) == 15:
        raise _chars_error(
            f"身份证号“{number}”是15位的旧号码，旧号码全部由数字组成，不应含有X，"
            "请核对后重新输入，或改填18位新号码。",
            number,
        )
    raise _chars_error(
        f"身份证号“{number}”的第{index + 1}位是“X”，但X只能出现在最后一位（校验位），"
        "请核对后重新输入。",
        number,
    )


def _format_date(value: date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def _birth_date(number: str, *, shown: str, today: date) -> date:
    # Positions of the date in what the user typed (a converted 15-digit number has YYMMDD).
    where = "第7至12位" if len(shown) == 15 else "第7至14位"
    text = number[6:14]
    try:
        born = date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        raise ValidationError(
            f"身份证号“{shown}”中的出生日期“{text}”（{where}）不是真实存在的日期，"
            "请与身份证原件核对这几位数字。",
            code="id.birth_date",
            field=FIELD,
            value=shown,
        ) from None
    if born > today:
        problem = "晚于今天"
    elif born < MIN_BIRTH_DATE:
        problem = f"早于{_format_date(MIN_BIRTH_DATE)}"
    else:
        return born
    raise ValidationError(
        f"身份证号“{shown}”中的出生日期为{_format_date(born)}，{problem}，"
        f"请与身份证原件核对{where}。",
        code="id.birth_date",
        field=FIELD,
        value=shown,
    )


def parse_id_number(raw: object, *, today: date | None = None) -> IdNumber:
    """Validate a 身份证号 and return it with its region code, birth date and gender."""
    shown = normalize_id_number(raw)
    if not shown:
        raise ValidationError(
            "身份证号为空，请填写18位身份证号。",
            code="id.empty",
            field=FIELD,
            value=raw,
        )
    _check_characters(shown)
    if len(shown) not in (15, 18):
        raise ValidationError(
            f"身份证号应为18位（旧版为15位），“{shown}”为{len(shown)}位，"
            "请核对是否漏输或多输了数字。",
            code="id.length",
            field=FIELD,
            value=shown,
        )
    _check_x_position(shown)
    number = convert_15_to_18(shown) if len(shown) == 15 else shown
    if number[:2] not in _VALID_PREFIXES:
        raise ValidationError(
            f"身份证号“{shown}”的前两位“{number[:2]}”不是有效的省级行政区代码，"
            "请核对前6位地区码是否输错。",
            code="id.region",
            field=FIELD,
            value=shown,
        )
    born = _birth_date(number, shown=shown, today=today or date.today())
    if check_char(number[:17]) != number[17]:
        # The expected character is not shown: "fixing" the last digit would hide the real typo.
        raise ValidationError(
            f"身份证号“{shown}”的校验位（最后一位）不符，通常是某一位数字输错或相邻两位颠倒了，"
            "请与身份证原件逐位核对。",
            code="id.checksum",
            field=FIELD,
            value=shown,
        )
    gender = Gender.MALE if int(number[16]) % 2 == 1 else Gender.FEMALE
    return IdNumber(number=number, region_code=number[:6], birth_date=born, gender=gender)


def is_valid_id_number(raw: object) -> bool:
    """True when :func:`parse_id_number` accepts the value."""
    try:
        parse_id_number(raw)
    except ValidationError:
        return False
    return True


def check_consistency(
    idn: IdNumber, *, gender: Gender | None = None, birth_date: date | None = None
) -> None:
    """Raise when the typed gender or birth date disagrees with what the 身份证号 says."""
    if gender is not None and gender is not idn.gender:
        raise ValidationError(
            f"身份证号“{idn.masked}”显示为{idn.gender.label}，但填写的性别为{gender.label}，"
            "请核对性别或身份证号是否填错。",
            code="id.gender_mismatch",
            field="gender",
            value=gender,
        )
    if isinstance(birth_date, datetime):
        # A datetime never compares equal to a date, so a value read from Excel would always fail.
        birth_date = birth_date.date()
    if birth_date is not None and birth_date != idn.birth_date:
        raise ValidationError(
            f"身份证号“{idn.masked}”显示出生日期为{_format_date(idn.birth_date)}，"
            f"但填写的出生日期为{_format_date(birth_date)}，请核对出生日期或身份证号是否填错。",
            code="id.birth_mismatch",
            field="birth_date",
            value=birth_date,
        )
