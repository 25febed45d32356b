"""Validation of school and teacher fields: raw text in, clean values or per-field errors out.

Shared by the services (one record typed in a dialog or on the command line) and by the
importers (a row of a spreadsheet), so a rule is written once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from typing import TypeVar

from nlts_desktop.domain.codes import code_table
from nlts_desktop.domain.enums import Environment, Gender, TeacherStatus
from nlts_desktop.domain.errors import ValidationError
from nlts_desktop.domain.idcard import IdNumber, check_consistency, parse_id_number
from nlts_desktop.domain.phone import normalize_phone
from nlts_desktop.domain.school_code import parse_school_code
from nlts_desktop.domain.text import normalize_text

T = TypeVar("T")

NAME_MAX = 30
SCHOOL_NAME_MAX = 60
# Middle dots used in transliterated minority names (e.g. 买买提·吐尔逊).
_NAME_OK = re.compile(r"^[\u3400-\u9fff\uf900-\ufaffA-Za-z·•．. ]+$")


@dataclass(frozen=True)
class CleanSchool:
    """A school's fields after validation."""

    code: str
    name: str
    category_code: str
    stage_code: str
    urban_rural_code: str | None
    environments: tuple[Environment, ...]
    is_center_school: bool
    is_pilot: bool
    is_demo: bool
    contact_name: str | None
    contact_phone: str | None
    address: str | None
    note: str | None


@dataclass(frozen=True)
class CleanTeacher:
    """A teacher's fields after validation (the school is still a reference to resolve)."""

    id_number: IdNumber
    name: str
    school_ref: str
    phone: str | None
    stage_code: str | None
    subject_code: str | None
    title_code: str | None
    note: str | None


class _ErrorCollector:
    """Runs field checks and keeps every ValidationError, tagged with its field."""

    def __init__(self) -> None:
        self.errors: list[ValidationError] = []

    def attempt(self, key: str, check: Callable[[], T]) -> T | None:
        try:
            return check()
        except ValidationError as exc:
            if exc.field is None:
                exc = ValidationError(exc.message, code=exc.code, field=key, value=exc.value)
            self.errors.append(exc)
            return None


def normalize_school_name(value: object) -> str:
    """A school's name as written in Chinese: NFKC, but brackets stay full-width （东区）.

    NFKC folds （） into ASCII (); two spellings of one name must still compare equal, so both
    are brought to the full-width form Chinese names use.
    """
    return normalize_text(value).replace("(", "（").replace(")", "）")


def _text(raw: Mapping[str, object], key: str) -> str:
    return normalize_text(raw.get(key))


def parse_flag(value: object) -> bool:
    """Read 是/否, Y/N, 1/0, true/false (empty = false)."""
    text = normalize_text(value).lower()
    if text in {"", "否", "n", "no", "0", "false", "f", "×"}:
        return False
    if text in {"是", "y", "yes", "1", "true", "t", "√", "✓"}:
        return True
    raise ValidationError(
        f"“{normalize_text(value)}”不是有效的是/否值，请填写“是”或“否”。",
        code="flag.invalid",
        value=value,
    )


def parse_date(value: object, *, field: str = "date") -> date | None:
    """Read a date cell: a date, an Excel serial, or text (2020-09-01, 2020.9.1, 2020年9月1日)."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        serial = float(value)
        # Excel's 1900 date system (with its phantom 1900-02-29): serial 60 is skipped.
        if 1 <= serial < 2958466:
            base = date(1899, 12, 30)
            return date.fromordinal(base.toordinal() + int(serial))
    text = normalize_text(value)
    match = re.fullmatch(r"(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?", text)
    if match is None:
        match = re.fullmatch(r"(\d{4})(\d{2})(\d{2})", text)
    if match is not None:
        try:
            return date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            pass
    raise ValidationError(
        f"“{text}”不是有效的日期，请写成 2020-09-01 或 2020年9月1日 的形式。",
        code="date.invalid",
        field=field,
        value=value,
    )


def parse_teacher_status(value: object) -> TeacherStatus:
    """Read 在职 / 停用 (and the words offices use for leaving); empty means 在职."""
    text = normalize_text(value)
    if text in {"", "在职", "在岗", "正常", "active"}:
        return TeacherStatus.ACTIVE
    if text in {"停用", "已停用", "离职", "退休", "调出", "离岗", "inactive"}:
        return TeacherStatus.INACTIVE
    raise ValidationError(
        f"状态“{text}”无法识别，请填写“在职”或“已停用”（离职、退休、调出的教师填“已停用”）。",
        code="teacher.status",
        field="status",
        value=value,
    )


def validate_person_name(value: object, *, field: str = "name") -> str:
    """A person's name: Chinese or Latin letters and the middle dot, 1–30 characters."""
    name = normalize_text(value)
    if not name:
        raise ValidationError("姓名不能为空，请填写教师姓名。", code="name.empty", field=field)
    if len(name) > NAME_MAX:
        raise ValidationError(
            f"姓名“{name}”太长（{len(name)} 个字），最多 {NAME_MAX} 个字。",
            code="name.too_long",
            field=field,
            value=name,
        )
    if not _NAME_OK.match(name):
        raise ValidationError(
            f"姓名“{name}”含有数字或符号，请只填写汉字或字母（少数民族姓名可用“·”）。",
            code="name.chars",
            field=field,
            value=name,
        )
    return name


def parse_environments(value: object, *, field: str = "environments") -> tuple[Environment, ...]:
    """Read 信息化环境 like "A,B", "多媒体、混合" or "多媒体教学环境"."""
    text = normalize_text(value)
    if not text:
        return ()
    table = code_table("environments")
    found: list[Environment] = []
    for part in re.split(r"[,，、;；/ ]+", text):
        if not part:
            continue
        entry = table.lookup(part, field_name=field)
        environment = Environment(entry.code)
        if environment not in found:
            found.append(environment)
    return tuple(sorted(found, key=lambda e: e.value))


def _optional_code(raw: Mapping[str, object], key: str, table: str) -> str | None:
    text = _text(raw, key)
    if not text:
        return None
    return code_table(table).lookup(text, field_name=key).code


def _optional_phone(raw: Mapping[str, object], key: str) -> str | None:
    value = raw.get(key)
    if value is None or normalize_text(value) == "":
        return None
    try:
        return normalize_phone(value)
    except ValidationError as exc:
        raise ValidationError(exc.message, code=exc.code, field=key, value=value) from exc


def _optional_text(raw: Mapping[str, object], key: str, limit: int = 255) -> str | None:
    text = _text(raw, key)
    if len(text) > limit:
        raise ValidationError(
            f"“{text[:20]}…”太长，最多 {limit} 个字。", code="text.too_long", field=key
        )
    return text or None


def validate_school(raw: Mapping[str, object]) -> tuple[CleanSchool | None, list[ValidationError]]:
    """Check a school's fields; every problem is reported, not only the first."""
    collector = _ErrorCollector()
    errors = collector.errors
    attempt = collector.attempt

    school_code = attempt("code", lambda: parse_school_code(raw.get("code")))
    name = normalize_school_name(raw.get("name"))
    if not name:
        errors.append(ValidationError("学校名称不能为空。", code="school.name_empty", field="name"))
    elif len(name) > SCHOOL_NAME_MAX:
        errors.append(
            ValidationError(
                f"学校名称太长（{len(name)} 个字），最多 {SCHOOL_NAME_MAX} 个字。",
                code="school.name_too_long",
                field="name",
                value=name,
            )
        )
    category = _text(raw, "category")
    category_code = school_code.category_code if school_code else None
    if category and school_code is not None:
        entry = attempt("category", lambda: code_table("school_categories").lookup(category))
        if entry is not None and entry.code != school_code.category_code:
            errors.append(
                ValidationError(
                    f"学校类别“{category}”与学校标识码前两位“{school_code.category_code}”"
                    f"（{school_code.category_name}）不一致，请核对标识码或类别。",
                    code="school.category_mismatch",
                    field="category",
                    value=category,
                )
            )
    stage_code = attempt("stage", lambda: _optional_code(raw, "stage", "stages"))
    if stage_code is None and category_code is not None:
        entry = code_table("school_categories").find(category_code)
        hint = entry.extra.get("stage") if entry else None
        if hint and code_table("stages").find(str(hint)):
            stage_code = str(hint)
    urban = attempt("urban_rural", lambda: _optional_code(raw, "urban_rural", "urban_rural"))
    environments = attempt("environments", lambda: parse_environments(raw.get("environments")))
    flags: dict[str, bool | None] = {
        key: attempt(key, partial(parse_flag, raw.get(key)))
        for key in ("is_center_school", "is_pilot", "is_demo")
    }
    contact_name = attempt("contact_name", lambda: _optional_text(raw, "contact_name", 64))
    contact_phone = attempt("contact_phone", lambda: _optional_phone(raw, "contact_phone"))
    address = attempt("address", lambda: _optional_text(raw, "address"))
    note = attempt("note", lambda: _optional_text(raw, "note", 2000))
    if errors or school_code is None:
        return None, errors
    return (
        CleanSchool(
            code=school_code.code,
            name=name,
            category_code=school_code.category_code,
            stage_code=stage_code or "other",
            urban_rural_code=urban,
            environments=environments or (),
            is_center_school=bool(flags["is_center_school"]),
            is_pilot=bool(flags["is_pilot"]),
            is_demo=bool(flags["is_demo"]),
            contact_name=contact_name,
            contact_phone=contact_phone,
            address=address,
            note=note,
        ),
        [],
    )


def validate_teacher(
    raw: Mapping[str, object], *, today: date | None = None
) -> tuple[CleanTeacher | None, list[ValidationError]]:
    """Check a teacher's fields; gender and birth date typed must agree with the 身份证号."""
    collector = _ErrorCollector()
    errors = collector.errors
    attempt = collector.attempt

    id_number = attempt("id_number", lambda: parse_id_number(raw.get("id_number"), today=today))
    name = attempt("name", lambda: validate_person_name(raw.get("name")))
    school_ref = _text(raw, "school")
    if not school_ref:
        errors.append(
            ValidationError(
                "所在学校不能为空，请填写学校标识码或学校全称。",
                code="teacher.school_empty",
                field="school",
            )
        )
    gender_text = _text(raw, "gender")
    gender: Gender | None = None
    if gender_text:
        gender = Gender.parse(gender_text)
        if gender is None:
            errors.append(
                ValidationError(
                    f"性别“{gender_text}”无法识别，请填写“男”或“女”。",
                    code="teacher.gender",
                    field="gender",
                    value=gender_text,
                )
            )
    birth = attempt("birth_date", lambda: parse_date(raw.get("birth_date"), field="birth_date"))
    if id_number is not None:
        attempt(
            "gender" if gender is not None else "birth_date",
            lambda: check_consistency(id_number, gender=gender, birth_date=birth),
        )
    phone = attempt("phone", lambda: _optional_phone(raw, "phone"))
    stage = attempt("stage", lambda: _optional_code(raw, "stage", "stages"))
    subject = attempt("subject", lambda: _optional_code(raw, "subject", "subjects"))
    title = attempt("title", lambda: _optional_code(raw, "title", "titles"))
    note = attempt("note", lambda: _optional_text(raw, "note", 2000))
    if errors or id_number is None or name is None:
        return None, errors
    return (
        CleanTeacher(
            id_number=id_number,
            name=name,
            school_ref=school_ref,
            phone=phone,
            stage_code=stage,
            subject_code=subject,
            title_code=title,
            note=note,
        ),
        [],
    )


def first_error(errors: list[ValidationError]) -> ValidationError:
    """The error to show when only one fits (the message says how many more there are)."""
    head = errors[0]
    if len(errors) == 1:
        return head
    others = "；".join(e.message for e in errors[1:4])
    return ValidationError(
        f"{head.message}（另有 {len(errors) - 1} 处问题：{others}）",
        code=head.code,
        field=head.field,
        value=head.value,
        details={"errors": [e.code for e in errors]},
    )
