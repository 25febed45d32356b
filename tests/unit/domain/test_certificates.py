"""Certificate serials, the masked ID, the payload and the short code (pure functions)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nlts_desktop.domain.certificates import (
    CertificateLayout,
    SerialValues,
    SignedPayload,
    make_facts,
    mask_id_for_certificate,
    parse_layout,
    parse_payload,
    parse_serial_pattern,
    parse_short_code,
    read_verification_input,
    short_code,
)
from nlts_desktop.domain.errors import ValidationError

VALUES = SerialValues(year=2026, county="510115", school="2151000001")
SIGNATURE = bytes(range(64))


def facts(**overrides: object):  # type: ignore[no-untyped-def]
    fields: dict[str, object] = {
        "serial": "2026-510115-000001",
        "masked_id": "5101**********002X",
        "name": "欧阳明轩",
        "year": 2026,
        "hours": "52.5",
        "issuer_code": "510115",
    }
    fields.update(overrides)
    return make_facts(**fields)  # type: ignore[arg-type]


# ---------------------------------------------------------------- serials


@pytest.mark.parametrize(
    ("pattern", "seq", "serial"),
    [
        ("{year}-{county}-{seq:06d}", 12, "2026-510115-000012"),
        ("{county}{year}{seq:05d}", 7, "510115202600007"),
        ("wj-{school}/{seq}", 123, "WJ-2151000001/123"),
        ("温教证{year}第{seq:04d}号", 9, "温教证2026第0009号"),
        ("{seq:06d}", 1, "000001"),
    ],
)
def test_serial_patterns_render_and_read_back(pattern: str, seq: int, serial: str) -> None:
    parsed = parse_serial_pattern(pattern)
    assert parsed.render(VALUES, seq) == serial
    assert parsed.sequence_of(serial, VALUES) == seq
    assert serial.startswith(parsed.prefix(VALUES))
    # Another year or school is another scope.
    other = SerialValues(year=2027, county="510115", school="2151000002")
    if "{year}" in pattern or "{school}" in pattern:
        assert parsed.sequence_of(serial, other) is None


@pytest.mark.parametrize(
    ("pattern", "words"),
    [
        ("", "不能为空"),
        ("{year}-{county}", "必须包含流水号字段 {seq}"),
        ("{yr}-{seq}", "不认识字段 {yr}"),
        ("{}-{seq}", "不认识字段 {}"),
        ("{seq}-{seq}", "只能出现一次"),
        ("{year:04d}-{seq}", "不能指定格式"),
        ("{seq:6x}", "流水号的位数写法"),
        ("{seq!r}", "不能有"),
        ("{year-{seq}", "花括号不成对"),
        ("{year}|{seq}", "不能含有“|”"),
        ("{year}#{seq}", "不能含有“#”"),
        ("{year}-{county}-{school}-{seq:06d}-ABCDEFGHIJKLMNOPQRSTUVWXYZ", "最多 40 个字符"),
    ],
)
def test_bad_serial_patterns_say_why_in_chinese(pattern: str, words: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_serial_pattern(pattern)
    assert caught.value.code == "certificate.serial_pattern"
    assert words in caught.value.message, caught.value.message


def test_pattern_is_tolerant_of_full_width_and_spaces() -> None:
    parsed = parse_serial_pattern(" ｛year｝－{ seq:06d }")
    assert parsed.text == "{year}-{seq:06d}"


# ---------------------------------------------------------------- masked ID


def test_masked_id_keeps_first_four_and_last_four() -> None:
    assert mask_id_for_certificate("11010519491231002x") == "1101**********002X"
    assert mask_id_for_certificate("440524188001010014") == "4405**********0014"
    assert mask_id_for_certificate("12345") == "*2345"


# ---------------------------------------------------------------- payload


def test_payload_round_trip_and_short_code() -> None:
    signed = SignedPayload(facts(), SIGNATURE)
    text = signed.text
    assert text.startswith("NLTS1|2026-510115-000001|5101**********002X|欧阳明轩|2026|52.5|510115|")
    assert len(text.rsplit("|", 1)[1]) == 103  # 64 bytes in unpadded base32
    parsed = parse_payload(text)
    assert parsed == signed
    code = signed.short_code
    assert len(code) == 14 and code.count("-") == 2
    assert code == short_code(SIGNATURE)
    assert short_code(SIGNATURE[:-1] + b"\x00") != code


def test_payload_parsing_is_tolerant() -> None:
    text = SignedPayload(facts(), SIGNATURE).text
    head, signature = text.rsplit("|", 1)
    # A scanner's line breaks, a lower-cased copy, full-width bars and spaces around parts.
    mangled = head.replace("|", " ｜ ").lower() + "|\n" + signature[:50] + " \n" + signature[50:]
    parsed = parse_payload(mangled.replace("欧阳明轩".lower(), "欧阳明轩"))
    assert parsed.text == text


@pytest.mark.parametrize(
    ("mutate", "words"),
    [
        (lambda t: "X" + t, "应以“NLTS1|”开头"),
        (lambda t: t.replace("NLTS1", "NLTS2"), "不受支持"),
        (lambda t: t.rsplit("|", 1)[0], "应由 8 段组成"),
        (lambda t: t[:-10], "签名部分不完整"),
        (lambda t: t.replace("|2026|", "|26|"), "年度"),
        (lambda t: t.replace("|510115|", "|5101|"), "发证单位代码"),
        (lambda t: t.replace("|52.5|", "|五十|"), "学时"),
        (lambda t: t.replace("|欧阳明轩|", "||"), "姓名为空"),
    ],
)
def test_broken_payloads_are_refused(mutate, words: str) -> None:  # type: ignore[no-untyped-def]
    text = SignedPayload(facts(), SIGNATURE).text
    with pytest.raises(ValidationError) as caught:
        parse_payload(mutate(text))
    assert words in caught.value.message, caught.value.message


def test_a_changed_character_changes_the_signed_message() -> None:
    original = facts()
    assert facts(name="欧阳明宣").message() != original.message()
    assert facts(serial="2026-510115-000002").message() != original.message()


def test_a_bar_in_a_field_is_refused() -> None:
    with pytest.raises(ValidationError):
        facts(name="张|三")


# ---------------------------------------------------------------- short code


@pytest.mark.parametrize(
    "typed",
    [
        "ABCD-EFGH-IJKL",
        "abcd efgh ijkl",
        "abcdefghijkl",
        "ＡＢＣＤ－ＥＦＧＨ－ＩＪＫＬ",
        " AbCd—EfGh—IjKl ",
        "ABCD-EFGH-1JKL",  # a typed 1 is an I
    ],
)
def test_short_code_typing_variants(typed: str) -> None:
    assert parse_short_code(typed) == "ABCD-EFGH-IJKL"


@given(st.binary(min_size=64, max_size=64))
def test_every_short_code_reads_back(signature: bytes) -> None:
    code = short_code(signature)
    assert parse_short_code(code.lower().replace("-", " ")) == code


@pytest.mark.parametrize(
    ("typed", "words"), [("ABCD-EFGH", "应为 12 位"), ("ABCD-EFGH-IJK9", "“9”")]
)
def test_bad_short_codes(typed: str, words: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_short_code(typed)
    assert words in caught.value.message


def test_input_kind_is_recognised() -> None:
    text = SignedPayload(facts(), SIGNATURE).text
    assert read_verification_input(text)[0] == "payload"
    assert read_verification_input("abcd-efgh-ijkl") == ("short_code", "ABCD-EFGH-IJKL")
    with pytest.raises(ValidationError):
        read_verification_input("   ")


# ---------------------------------------------------------------- layout


def test_layout_offsets_add_up_and_round_trip() -> None:
    layout = parse_layout(
        {"dx": "1.3", "dy": -2, "fields": {"name": [0.5, "1"], "qr": {"dx": "-3mm"}}}
    )
    assert layout.offset("name") == (1.8, -1.0)
    assert layout.offset("qr") == (-1.7, -2.0)
    assert layout.offset("serial") == (1.3, -2.0)
    assert parse_layout({"dx": "0.04"}).dx == 0.0  # tenths of a millimetre
    assert parse_layout(layout.to_dict()) == layout
    assert parse_layout(None) == CertificateLayout()


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ({"dx": 60}, "超出允许范围"),
        ({"dy": "abc"}, "不是数字"),
        ({"fields": {"photo": [1, 1]}}, "没有字段“photo”"),
        ({"fields": {"name": [1, 2, 3]}}, "两个毫米数"),
        ({"fields": {"name": {"dx": "nan"}}}, "不是数字"),
    ],
)
def test_bad_layouts(value: dict[str, object], words: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_layout(value)
    assert words in caught.value.message, caught.value.message
