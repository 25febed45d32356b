"""合格证书: serial numbers, the masked ID, the signed verification payload and its short code.

What a printed certificate carries, and why:

- **Serial number (证书编号)** by a pattern the county chooses, e.g. ``{year}-{county}-{seq:06d}``
  → ``2026-510115-000123``.  Fields: ``{year}`` (年度), ``{county}`` (the county's 6-digit
  行政区划代码), ``{school}`` (the teacher's 10-digit 学校标识码) and the required ``{seq}``
  (流水号).  The sequence counts within everything else the pattern names: per year and county
  for the default, per school when ``{school}`` is in it.
- **Masked ID (身份证号)**: the first 4 and the last 4 characters (``5101**********002X``).
  Less than the 6 + 4 of the office's own lists (``idcard.mask_id_number``): a certificate
  leaves the office and its QR code is machine-readable, so the county of birth is not given
  away; province and city plus the last four still tell two namesakes apart.
- **Payload (the QR code)**: ``NLTS1|serial|masked_id|name|year|hours|issuer_code|signature``,
  the signature being Ed25519 over everything before the last ``|`` (UTF-8), in base32 so the
  longest part fits the QR code's compact alphanumeric mode.  Anyone holding the issuer's public
  key verifies it offline; one changed character breaks the signature.
- **Short code (验证码)**: 12 base32 characters in groups of four (``ABCD-EFGH-JKLM``), the first
  60 bits of SHA-256 over the signature: short enough to type, checked against the issuing
  workspace's register (it cannot be verified without it).

Parsing is tolerant of what people and scanners do to text: full-width characters (ＡＢＣ，１２３),
spaces and line breaks, lower case, and in a short code the look-alikes 0/1/8 for O/I/B (base32
has no 0, 1 or 8).  Pure Python: signing and checking happen in the service.
"""

from __future__ import annotations

import base64
import hashlib
import math
import re
import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from nlts_desktop.domain.errors import ValidationError
from nlts_desktop.domain.text import normalize_compact, normalize_text

PAYLOAD_VERSION = "NLTS1"
PAYLOAD_PARTS = 8
SIGNATURE_BYTES = 64  # Ed25519
DEFAULT_SERIAL_PATTERN = "{year}-{county}-{seq:06d}"
SERIAL_FIELDS: dict[str, str] = {
    "year": "年度",
    "county": "区县代码",
    "school": "学校标识码",
    "seq": "流水号",
}
MAX_SERIAL_LENGTH = 64
MAX_PATTERN_LENGTH = 40
SHORT_CODE_CHARS = 12
_SHORT_CODE_GROUP = 4
_BASE32 = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
# Base32 has no 0, 1, 8 or 9: a typed 0/1/8 can only be a misread O/I/B.
_LOOK_ALIKES = str.maketrans({"0": "O", "1": "I", "8": "B"})
# Literal text of a serial pattern: letters, digits, Chinese and a few separators; never the
# payload's "|" nor a space (a serial is typed on the command line and read off the paper).
_LITERAL = re.compile(r"[A-Za-z0-9\-_/.\u4e00-\u9fff]*")
_SEQ_SPEC = re.compile(r"(?:0([1-9]))?d?")
_SHORT_CODE_DOMAIN = b"NLTS-certificate-short-code|"

# ---------------------------------------------------------------- serial numbers


@dataclass(frozen=True)
class SerialValues:
    """The values a serial pattern can name, for one certificate."""

    year: int
    county: str
    school: str


@dataclass(frozen=True)
class SerialPattern:
    """A validated serial pattern (证书编号格式)."""

    text: str
    #: (literal text before the field, field name or None at the end, the seq width or 0).
    pieces: tuple[tuple[str, str | None, int], ...]

    def _value(self, name: str, values: SerialValues) -> str:
        return str(getattr(values, name))

    def render(self, values: SerialValues, seq: int) -> str:
        """The serial of sequence number ``seq`` (from 1)."""
        out: list[str] = []
        for literal, name, width in self.pieces:
            out.append(literal)
            if name == "seq":
                out.append(f"{seq:0{width}d}" if width else str(seq))
            elif name is not None:
                out.append(self._value(name, values))
        return "".join(out)

    def prefix(self, values: SerialValues) -> str:
        """The fixed text before the sequence number (what a register query can match on)."""
        out: list[str] = []
        for literal, name, _width in self.pieces:
            out.append(literal)
            if name == "seq":
                break
            if name is not None:
                out.append(self._value(name, values))
        return "".join(out)

    def sequence_of(self, serial: str, values: SerialValues) -> int | None:
        """The sequence number of ``serial`` if it belongs to the same scope, else None."""
        parts: list[str] = []
        for literal, name, _width in self.pieces:
            parts.append(re.escape(literal))
            if name == "seq":
                parts.append(r"(\d+)")
            elif name is not None:
                parts.append(re.escape(self._value(name, values)))
        found = re.fullmatch("".join(parts), serial)
        return int(found.group(1)) if found else None


def _pattern_error(text: str, rule: str) -> ValidationError:
    return ValidationError(
        f"证书编号格式“{text}”不正确：{rule}",
        code="certificate.serial_pattern",
        field="serial_pattern",
        value=text,
    )


def _field_list() -> str:
    return "、".join(f"{{{name}}}（{label}）" for name, label in SERIAL_FIELDS.items())


def parse_serial_pattern(value: object) -> SerialPattern:
    """Validate a serial pattern; letters in its literal text are upper-cased."""
    text = normalize_compact(value)
    if not text:
        raise ValidationError(
            f"证书编号格式不能为空。例如 {DEFAULT_SERIAL_PATTERN}，可用的字段：{_field_list()}。",
            code="certificate.serial_pattern",
            field="serial_pattern",
        )
    if len(text) > MAX_PATTERN_LENGTH:
        raise _pattern_error(text, f"最多 {MAX_PATTERN_LENGTH} 个字符。")
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError:
        raise _pattern_error(
            text, "花括号不成对。字段要写在一对花括号里，例如 {year}、{seq:06d}。"
        ) from None
    pieces: list[tuple[str, str | None, int]] = []
    seen: set[str] = set()
    for literal, name, spec, conversion in parsed:
        if not _LITERAL.fullmatch(literal):
            bad = next(ch for ch in literal if not _LITERAL.fullmatch(ch))
            shown = "空格" if bad.isspace() else f"“{bad}”"
            raise _pattern_error(
                text,
                f"不能含有{shown}。编号中的固定文字只能用字母、数字、汉字和 - _ / . 这几个符号。",
            )
        literal = literal.upper()
        if name is None:
            pieces.append((literal, None, 0))
            continue
        if name not in SERIAL_FIELDS:
            shown = f"{{{name}}}" if name else "{}"
            raise _pattern_error(text, f"不认识字段 {shown}，只能使用 {_field_list()}。")
        if name in seen:
            raise _pattern_error(text, f"字段 {{{name}}} 只能出现一次。")
        seen.add(name)
        if conversion:
            raise _pattern_error(text, f"字段 {{{name}}} 后面不能有“!{conversion}”。")
        width = 0
        if name == "seq":
            spec_match = _SEQ_SPEC.fullmatch(spec or "")
            if spec_match is None:
                raise _pattern_error(
                    text,
                    f"流水号的位数写法“{spec}”不正确，应写成 {{seq}} 或 {{seq:06d}}"
                    "（06d 表示不足 6 位时前面补 0，位数为 1 至 9）。",
                )
            width = int(spec_match.group(1) or 0)
        elif spec:
            raise _pattern_error(text, f"字段 {{{name}}} 不能指定格式“:{spec}”。")
        pieces.append((literal, name, width))
    if "seq" not in seen:
        raise _pattern_error(text, "必须包含流水号字段 {seq}（例如 {seq:06d}），否则编号会重复。")
    canonical = "".join(
        literal
        + (
            ""
            if name is None
            else f"{{seq:0{width}d}}"
            if name == "seq" and width
            else f"{{{name}}}"
        )
        for literal, name, width in pieces
    )
    return SerialPattern(text=canonical, pieces=tuple(pieces))


# ---------------------------------------------------------------- ID number


def mask_id_for_certificate(number: str) -> str:
    """The first 4 and last 4 characters kept: 5101**********002X (short numbers: last 4)."""
    text = normalize_compact(number).upper()
    if len(text) >= 12:
        return f"{text[:4]}{'*' * (len(text) - 8)}{text[-4:]}"
    return f"{'*' * max(0, len(text) - 4)}{text[-4:]}"


# ---------------------------------------------------------------- the payload


def _field_text(value: object, what: str) -> str:
    text = normalize_text(value)
    if "|" in text:
        raise ValidationError(
            f"证书的{what}“{text}”含有竖线“|”，不能写入验证信息。请先更正{what}。",
            code="certificate.field",
            field=what,
            value=text,
        )
    return text


@dataclass(frozen=True)
class CertificateFacts:
    """What a certificate states and its signature covers."""

    serial: str
    masked_id: str
    name: str
    year: int
    hours: str
    issuer_code: str

    def signed_text(self) -> str:
        """The text the signature is made over (the payload without its last part)."""
        return "|".join(
            (
                PAYLOAD_VERSION,
                self.serial,
                self.masked_id,
                self.name,
                str(self.year),
                self.hours,
                self.issuer_code,
            )
        )

    def message(self) -> bytes:
        """:meth:`signed_text` as the bytes that are signed."""
        return self.signed_text().encode("utf-8")


def make_facts(
    *, serial: str, masked_id: str, name: str, year: int, hours: str, issuer_code: str
) -> CertificateFacts:
    """The facts of a new certificate, normalised exactly as a parsed payload is."""
    facts = CertificateFacts(
        serial=_field_text(serial, "编号").upper(),
        masked_id=_field_text(masked_id, "身份证号").upper(),
        name=_field_text(name, "姓名"),
        year=int(year),
        hours=_field_text(hours, "学时"),
        issuer_code=_field_text(issuer_code, "发证单位代码"),
    )
    if not facts.serial or not facts.name:
        raise ValidationError("证书的编号和姓名不能为空。", code="certificate.field", field="name")
    return facts


def signature_text(signature: bytes) -> str:
    """Base32 of a signature without padding (103 characters for Ed25519)."""
    return base64.b32encode(signature).decode("ascii").rstrip("=")


def short_code(signature: bytes) -> str:
    """The 12-character code people type, in groups of four: ABCD-EFGH-JKLM."""
    digest = hashlib.sha256(_SHORT_CODE_DOMAIN + signature).digest()
    text = base64.b32encode(digest).decode("ascii")[:SHORT_CODE_CHARS]
    return "-".join(
        text[i : i + _SHORT_CODE_GROUP] for i in range(0, SHORT_CODE_CHARS, _SHORT_CODE_GROUP)
    )


@dataclass(frozen=True)
class SignedPayload:
    """A payload: the facts and the signature over them."""

    facts: CertificateFacts
    signature: bytes

    @property
    def text(self) -> str:
        """The payload as the QR code carries it."""
        return f"{self.facts.signed_text()}|{signature_text(self.signature)}"

    @property
    def short_code(self) -> str:
        """The short code derived from the signature."""
        return short_code(self.signature)


def _payload_error(reason: str) -> ValidationError:
    return ValidationError(
        f"这不是有效的证书验证信息：{reason}", code="certificate.payload", field="code"
    )


def parse_payload(value: object) -> SignedPayload:
    """Read a scanned or pasted payload; ValidationError saying what is wrong with it."""
    text = "".join(normalize_text(value).splitlines())
    parts = [part.strip() for part in text.split("|")]
    head = parts[0].upper().replace(" ", "")
    if head != PAYLOAD_VERSION:
        if head.startswith("NLTS"):
            raise _payload_error(
                f"格式版本“{parts[0]}”不受支持（本程序能识别 {PAYLOAD_VERSION}），"
                "请升级程序后再核验。"
            )
        raise _payload_error(f"应以“{PAYLOAD_VERSION}|”开头。")
    if len(parts) != PAYLOAD_PARTS:
        raise _payload_error(
            f"应由 {PAYLOAD_PARTS} 段组成（以“|”分隔），实际为 {len(parts)} 段，可能没有扫描完整。"
        )
    _, serial, masked, name, year, hours, issuer, signed = parts
    serial = serial.replace(" ", "").upper()
    masked = masked.replace(" ", "").upper()
    if not serial or len(serial) > MAX_SERIAL_LENGTH:
        raise _payload_error("证书编号为空或过长。")
    if not re.fullmatch(r"[0-9X*]{8,18}", masked):
        raise _payload_error(f"身份证号部分“{masked}”格式不对。")
    if not name:
        raise _payload_error("姓名为空。")
    if not re.fullmatch(r"\d{4}", year.replace(" ", "")):
        raise _payload_error(f"年度“{year}”应为 4 位数字。")
    hours = hours.replace(" ", "")
    if not re.fullmatch(r"\d{1,4}(?:\.\d{1,2})?", hours):
        raise _payload_error(f"学时“{hours}”不是数字。")
    issuer = issuer.replace(" ", "")
    if not re.fullmatch(r"\d{6}", issuer):
        raise _payload_error(f"发证单位代码“{issuer}”应为 6 位数字。")
    compact = "".join(signed.split()).upper()
    try:
        signature = base64.b32decode(compact + "=" * (-len(compact) % 8))
    except ValueError:  # binascii.Error is a ValueError
        signature = b""
    if len(signature) != SIGNATURE_BYTES:
        raise _payload_error("签名部分不完整或已损坏。")
    facts = CertificateFacts(serial, masked, name, int(year.replace(" ", "")), hours, issuer)
    return SignedPayload(facts, signature)


def parse_short_code(value: object) -> str:
    """A typed short code in its printed form (ABCD-EFGH-JKLM); ValidationError if not one."""
    text = normalize_compact(value).upper()
    letters = re.sub(r"[-_.\u2010-\u2015\u2212\u30fc]", "", text).translate(_LOOK_ALIKES)
    if len(letters) != SHORT_CODE_CHARS or any(ch not in _BASE32 for ch in letters):
        bad = [ch for ch in letters if ch not in _BASE32]
        why = (
            f"含有不可能出现的字符“{''.join(dict.fromkeys(bad))}”"
            if bad
            else f"应为 {SHORT_CODE_CHARS} 位，输入的是 {len(letters)} 位"
        )
        raise ValidationError(
            f"验证码“{normalize_text(value)}”不正确：{why}。验证码由字母 A–Z 和数字 2–7 组成，"
            "共 12 位，印在证书二维码旁（如 ABCD-EFGH-JKLM），字母不区分大小写。",
            code="certificate.short_code",
            field="code",
            value=value,
        )
    return "-".join(
        letters[i : i + _SHORT_CODE_GROUP] for i in range(0, SHORT_CODE_CHARS, _SHORT_CODE_GROUP)
    )


VerificationInput = tuple[Literal["payload"], SignedPayload] | tuple[Literal["short_code"], str]


def read_verification_input(value: object) -> VerificationInput:
    """Decide whether ``value`` is a QR payload or a typed short code, and parse it."""
    text = normalize_text(value)
    if not text:
        raise ValidationError(
            "请输入证书上的验证码（12 位），或扫描证书上的二维码。",
            code="certificate.short_code",
            field="code",
        )
    if "|" in text or text.upper().startswith("NLTS"):
        return ("payload", parse_payload(text))
    return ("short_code", parse_short_code(text))


# ---------------------------------------------------------------- print layout

#: The fields of a certificate that are printed from data, in the order of the layout editor.
LAYOUT_FIELDS: dict[str, str] = {
    "name": "姓名",
    "id_number": "身份证号",
    "school": "工作单位",
    "year": "年度",
    "hours": "学时",
    "issuer": "发证单位",
    "date": "发证日期",
    "serial": "证书编号",
    "code": "验证码",
    "qr": "二维码",
}
MAX_OFFSET_MM = 50.0


@dataclass(frozen=True)
class CertificateLayout:
    """Print offsets in millimetres: right (dx) and down (dy), for the page and per field.

    For printing onto pre-printed paper: print a test page, measure how far each field lands
    from its place, enter that distance.  A field's offset adds to the page's.
    """

    dx: float = 0.0
    dy: float = 0.0
    fields: Mapping[str, tuple[float, float]] = field(default_factory=dict)

    def offset(self, name: str) -> tuple[float, float]:
        """The total offset of one field (page offset plus the field's own)."""
        own = self.fields.get(name, (0.0, 0.0))
        return (round(self.dx + own[0], 1), round(self.dy + own[1], 1))

    def to_dict(self) -> dict[str, object]:
        """The layout as stored (only fields with an offset)."""
        return {
            "dx": self.dx,
            "dy": self.dy,
            "fields": {name: [dx, dy] for name, (dx, dy) in self.fields.items() if dx or dy},
        }


def _offset(value: object, what: str) -> float:
    text = normalize_compact(value).removesuffix("mm").removesuffix("毫米") if value else "0"
    try:
        number = float(text)
    except (TypeError, ValueError):
        number = math.nan
    if not math.isfinite(number):
        raise ValidationError(
            f"版面偏移“{what}”的值“{value}”不是数字，请填写毫米数（如 1.5 或 -2）。",
            code="certificate.layout",
            field=what,
            value=value,
        )
    if abs(number) > MAX_OFFSET_MM:
        raise ValidationError(
            f"版面偏移“{what}”为 {number:g} 毫米，超出允许范围"
            f"（-{MAX_OFFSET_MM:g} 至 {MAX_OFFSET_MM:g} 毫米）。请核对量得的距离。",
            code="certificate.layout",
            field=what,
            value=value,
        )
    return round(number, 1) + 0.0  # no "-0.0"


def parse_layout(value: Mapping[str, object] | None) -> CertificateLayout:
    """A layout from its stored or edited form; Chinese message naming a bad value."""
    if not value:
        return CertificateLayout()
    fields_value = value.get("fields") or {}
    if not isinstance(fields_value, Mapping):
        raise ValidationError(
            "版面设置中的字段偏移格式不正确。", code="certificate.layout", field="fields"
        )
    fields: dict[str, tuple[float, float]] = {}
    for name, pair in fields_value.items():
        label = LAYOUT_FIELDS.get(str(name))
        if label is None:
            known = "、".join(f"{key}（{text}）" for key, text in LAYOUT_FIELDS.items())
            raise ValidationError(
                f"版面设置中没有字段“{name}”，可设置偏移的字段有：{known}。",
                code="certificate.layout",
                field=str(name),
            )
        if isinstance(pair, Mapping):
            raw_dx, raw_dy = pair.get("dx", 0), pair.get("dy", 0)
        elif isinstance(pair, list | tuple) and len(pair) == 2:
            raw_dx, raw_dy = pair
        else:
            raise ValidationError(
                f"版面偏移“{label}”应为水平和垂直两个毫米数。",
                code="certificate.layout",
                field=str(name),
                value=pair,
            )
        dx = _offset(raw_dx, f"{label}（水平）")
        dy = _offset(raw_dy, f"{label}（垂直）")
        if dx or dy:
            fields[str(name)] = (dx, dy)
    return CertificateLayout(
        dx=_offset(value.get("dx", 0), "整页（水平）"),
        dy=_offset(value.get("dy", 0), "整页（垂直）"),
        fields=fields,
    )
