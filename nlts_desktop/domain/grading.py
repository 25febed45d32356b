"""考核等级 (优秀 / 合格 / 不合格): reading grades from forms and combining them.

An evidence item is graded; a point is 优秀 only if every item is 优秀, 不合格 if any item is
不合格, else 合格 (national 校本应用考核规范); the teacher's result follows from the points.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from decimal import Decimal
from numbers import Real

from nlts_desktop.domain.enums import Grade
from nlts_desktop.domain.errors import ValidationError

# A/B/C are deliberately absent: in these files they are environment codes, not grades.
_GRADE_WORDS: dict[str, Grade] = {
    "1": Grade.EXCELLENT,
    "2": Grade.PASS,
    "3": Grade.FAIL,
    "y": Grade.EXCELLENT,
    "h": Grade.PASS,
    "b": Grade.FAIL,
    "优秀": Grade.EXCELLENT,
    "合格": Grade.PASS,
    "不合格": Grade.FAIL,
    "优": Grade.EXCELLENT,
    "合": Grade.PASS,
    "不": Grade.FAIL,
    # The enum's own values, so stored grades read back.
    "excellent": Grade.EXCELLENT,
    "pass": Grade.PASS,
    "fail": Grade.FAIL,
}
_NUMERIC_GRADES = {1: Grade.EXCELLENT, 2: Grade.PASS, 3: Grade.FAIL}


def _invalid(raw: object, shown: str) -> ValidationError:
    return ValidationError(
        f"“{shown}”不是有效的考核等级，请填写 优秀/合格/不合格（或 1/2/3、Y/H/B）。",
        code="grade.invalid",
        field="grade",
        value=raw,
    )


def parse_grade(raw: object) -> Grade | None:
    """Read a grade typed in a form; empty means not graded yet (None)."""
    if raw is None:
        return None
    if isinstance(raw, Grade):
        return raw
    if isinstance(raw, bool):
        raise _invalid(raw, str(raw))
    if isinstance(raw, Real | Decimal):
        number = float(raw)
        if math.isnan(number):  # an empty numeric cell
            return None
        if number.is_integer() and int(number) in _NUMERIC_GRADES:
            return _NUMERIC_GRADES[int(number)]
        raise _invalid(raw, format(raw, "g") if isinstance(raw, float) else str(raw))
    if not isinstance(raw, str):
        raise _invalid(raw, str(raw))
    key = "".join(unicodedata.normalize("NFKC", raw).split()).casefold()
    if not key:
        return None
    if key in _GRADE_WORDS:
        return _GRADE_WORDS[key]
    # "1.0" from a spreadsheet that stored the number as text.
    if key.endswith(".0") and key[:-2] in {"1", "2", "3"}:
        return _GRADE_WORDS[key[:-2]]
    raise _invalid(raw, raw.strip())


def aggregate_point_grade(item_grades: Sequence[Grade | None]) -> Grade | None:
    """A point's grade from its evidence items' grades.

    Any 不合格 → 不合格 (even if other items are not graded yet); otherwise any ungraded item →
    None (incomplete); otherwise all 优秀 → 优秀, else 合格.  No items → None.
    """
    if not item_grades:
        return None
    if Grade.FAIL in item_grades:
        return Grade.FAIL
    if None in item_grades:
        return None
    if all(grade is Grade.EXCELLENT for grade in item_grades):
        return Grade.EXCELLENT
    return Grade.PASS


def teacher_result(point_grades: Sequence[Grade | None], *, min_points: int) -> Grade | None:
    """A teacher's school-assessment result (校本应用考核结果) from the grades of the chosen points.

    Rule: any point 不合格 → 不合格; fewer than ``min_points`` points graded → None (pending);
    every graded point 优秀 → 优秀; otherwise 合格.  Ungraded points beyond the minimum do not
    hold the result back; a later 不合格 on one of them turns it into 不合格.
    """
    if Grade.FAIL in point_grades:
        return Grade.FAIL
    graded = [grade for grade in point_grades if grade is not None]
    if not graded or len(graded) < min_points:
        return None
    if all(grade is Grade.EXCELLENT for grade in graded):
        return Grade.EXCELLENT
    return Grade.PASS
