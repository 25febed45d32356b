"""Account credentials: usernames, the password rule, and scrypt password hashes (pure stdlib).

Stored hashes look like ``scrypt$32768$8$1$<salt b64>$<hash b64>``: the cost parameters travel
with the hash, so hashes made with other parameters still verify after the defaults change.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
import secrets
import unicodedata

from nlts_desktop.domain.errors import ValidationError

SCHEME = "scrypt"
SCRYPT_N = 2**15
SCRYPT_R = 8
SCRYPT_P = 1
DKLEN = 32
SALT_BYTES = 16
# FIELD-NOTES: OpenSSL's default limit (32 MiB) is exactly what n=2**15, r=8 needs (128·r·n), and
# scrypt then fails with "memory limit exceeded"; give it head room.
MAXMEM = 64 * 1024 * 1024
# Parameters read back from a stored hash are bounded (memory 128·r·n within half of MAXMEM, a
# few passes), so a tampered row cannot make a sign-in allocate gigabytes or spin for minutes.
_MAX_MEMORY = MAXMEM // 2
_MAX_P = 4

PASSWORD_MIN_LENGTH = 8
PASSWORD_MAX_LENGTH = 128
USERNAME_MIN_LENGTH = 3
USERNAME_MAX_LENGTH = 32
# Letters, digits, . _ - or Chinese characters (CJK Unified Ideographs and extension A).
_USERNAME = re.compile(r"[0-9a-z._\-\u3400-\u4dbf\u4e00-\u9fff]+")


def _password_bytes(password: str) -> bytes:
    # NFKC so a password typed with a Chinese input method in full-width mode (ａｂｃ１２３)
    # matches the same password typed in half-width mode.
    return unicodedata.normalize("NFKC", password).encode("utf-8")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_password(password: str) -> str:
    """A salted scrypt hash of ``password`` in the stored ``scrypt$n$r$p$salt$hash`` format."""
    salt = secrets.token_bytes(SALT_BYTES)
    digest = hashlib.scrypt(
        _password_bytes(password),
        salt=salt,
        n=SCRYPT_N,
        r=SCRYPT_R,
        p=SCRYPT_P,
        maxmem=MAXMEM,
        dklen=DKLEN,
    )
    return f"{SCHEME}${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(digest)}"


def verify_password(password: str, stored: str) -> bool:
    """Whether ``password`` matches the stored hash (False for a malformed hash)."""
    parts = stored.split("$")
    if len(parts) != 6 or parts[0] != SCHEME:
        return False
    try:
        n, r, p = (int(part) for part in parts[1:4])
        salt = base64.b64decode(parts[4], validate=True)
        expected = base64.b64decode(parts[5], validate=True)
    except (ValueError, binascii.Error):
        return False
    if not (n > 1 and n & (n - 1) == 0 and r > 0 and 0 < p <= _MAX_P):
        return False
    if 128 * r * n > _MAX_MEMORY:
        return False
    if not salt or not expected:
        return False
    digest = hashlib.scrypt(
        _password_bytes(password),
        salt=salt,
        n=n,
        r=r,
        p=p,
        maxmem=MAXMEM,
        dklen=len(expected),
    )
    return hmac.compare_digest(digest, expected)


def normalize_username(raw: object) -> str:
    """The stored form of a username (NFKC, stripped, case-folded); ValidationError if invalid."""
    text = unicodedata.normalize("NFKC", "" if raw is None else str(raw)).strip().casefold()
    if not text:
        raise ValidationError("请填写用户名。", code="username.empty", field="username")
    if not USERNAME_MIN_LENGTH <= len(text) <= USERNAME_MAX_LENGTH:
        raise ValidationError(
            f"用户名应为 {USERNAME_MIN_LENGTH}–{USERNAME_MAX_LENGTH} 个字符，"
            f"“{text}”有 {len(text)} 个字符。",
            code="username.length",
            field="username",
            value=text,
        )
    if not _USERNAME.fullmatch(text):
        raise ValidationError(
            f"用户名“{text}”含有不允许的字符。用户名只能由字母、数字、汉字和 . _ - 组成，"
            "不能有空格。",
            code="username.chars",
            field="username",
            value=text,
        )
    return text


def validate_password(password: str, *, username: str | None = None) -> None:
    """Refuse a weak password: under 8 characters, only digits, or the same as the username."""
    text = unicodedata.normalize("NFKC", password)
    if len(text) < PASSWORD_MIN_LENGTH:
        raise ValidationError(
            f"密码至少需要 {PASSWORD_MIN_LENGTH} 个字符。",
            code="password.weak",
            field="password",
        )
    if len(text) > PASSWORD_MAX_LENGTH:
        raise ValidationError(
            f"密码不能超过 {PASSWORD_MAX_LENGTH} 个字符。",
            code="password.too_long",
            field="password",
        )
    if text.isdigit():
        raise ValidationError(
            "密码不能全是数字，请加入字母或符号。",
            code="password.weak",
            field="password",
        )
    if username and text.strip().casefold() == username.strip().casefold():
        raise ValidationError(
            "密码不能与用户名相同。",
            code="password.weak",
            field="password",
        )
