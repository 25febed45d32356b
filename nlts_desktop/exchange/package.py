"""The exchange package (``.nltspkg``): a signed zip passed between offices on sticks and chats.

Layout (../shared/ARCHITECTURE.md, "The upload package")::

    manifest.json   format, version, package id, kind, origin, sequence, created, app version,
                    period, row counts, every other file with its SHA-256 and size, the
                    signer's public key, and — when encrypted — how
    data/*.json     the rows (the source of truth for import)
    forms/*.xlsx    the same data in the official layouts, for people
    report.pdf      the cover report
    evidence/<sha>  evidence files, named by their SHA-256 (school submissions only)
    signature       Ed25519 over the exact bytes of manifest.json

Encrypted to a recipient (X25519 → HKDF-SHA256 → AES-256-GCM, all from ``cryptography``),
everything but the manifest and the signature travels inside ``payload.enc``: an inner zip
with the same files, whose own listing (``contents.json``) the manifest's hash covers.  Nobody
without the recipient's private key can read a name or an ID number from the stick.

Opening checks everything before anything is used: that it is a zip at all, entry names
(no ``..``, absolute or drive paths, backslashes, duplicates, links), entry count, sizes and
compression ratio against the limits, the manifest's format and version, every listed hash,
no file missing and none extra, and the signature.  Nothing is extracted to disk.  The file's
own name does not matter ("…(1).nltspkg" from a chat app opens the same).
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import lzma
import os
import stat
import uuid
import zipfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from nlts_desktop.domain.errors import ValidationError
from nlts_desktop.exchange.excel_writer import atomic_write

FORMAT = "nltspkg"
VERSION = 1
SUFFIX = ".nltspkg"
MANIFEST = "manifest.json"
SIGNATURE = "signature"
PAYLOAD = "payload.enc"
CONTENTS = "contents.json"
ENCRYPTION_SCHEME = "X25519-HKDF-SHA256-AES256GCM"
KINDS = {
    "school_kit": "学校工作包",
    "school_submission": "学校考核上报包",
    "county_report": "区县上报包",
    "county_return": "区县退回包",
}
_HKDF_INFO = b"nltspkg v1 payload key"
MIB = 1024 * 1024


@dataclass(frozen=True)
class PackageLimits:
    """What a package may hold before anything is inflated (zip bombs stop here)."""

    max_bytes: int = 512 * MIB
    max_entries: int = 20_000
    max_uncompressed_bytes: int = 2048 * MIB
    max_entry_bytes: int = 1024 * MIB
    max_compression_ratio: float = 200.0


DEFAULT_LIMITS = PackageLimits()


class PackageError(ValidationError):
    """A package that cannot be trusted or read; the message names the problem in Chinese."""

    default_code = "package.invalid"


@dataclass(frozen=True)
class Origin:
    """The org unit a package comes from (学校/区县/市)."""

    level: str
    code: str
    name: str


@dataclass(frozen=True)
class PackageContent:
    """What goes into a package (or came out of one), before signing and after verifying."""

    kind: str
    origin: Origin
    sequence: int
    period: str
    data: Mapping[str, Any]
    files: Mapping[str, bytes] = field(default_factory=dict)
    counts: Mapping[str, int] = field(default_factory=dict)
    recipient: str | None = None  # the org code the package is meant for, if one


@dataclass(frozen=True)
class Manifest:
    """The parsed manifest of a verified package."""

    package_id: str
    kind: str
    origin: Origin
    sequence: int
    created_at: str
    app_version: str
    period: str
    counts: dict[str, int]
    files: dict[str, tuple[str, int]]
    signer_public: bytes
    recipient: str | None
    encrypted: bool
    recipient_fingerprint: str | None

    @property
    def kind_label(self) -> str:
        """The kind in Chinese."""
        return KINDS.get(self.kind, self.kind)


@dataclass(frozen=True)
class OpenedPackage:
    """A package whose every byte has been checked; ``content`` is what it carries."""

    manifest: Manifest
    content: PackageContent
    sha256: str
    size: int

    @property
    def signer_fingerprint(self) -> str:
        """The fingerprint of the key that signed it, to read over the phone."""
        return fingerprint(self.manifest.signer_public)


@dataclass(frozen=True)
class WrittenPackage:
    """A package written (and read back)."""

    path: Path
    package_id: str
    sha256: str
    size: int
    encrypted: bool = False


# ---------------------------------------------------------------- keys


def fingerprint(public_key: bytes) -> str:
    """SHA-256 of a raw public key as eight groups of four (base32, no 0/1/8 confusion)."""
    digest = base64.b32encode(hashlib.sha256(public_key).digest()).decode().rstrip("=")
    return "-".join(digest[i : i + 4] for i in range(0, 32, 4))


def raw_public(key: Ed25519PublicKey | X25519PublicKey) -> bytes:
    """The 32 raw bytes of a public key."""
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: object, what: str, where: str) -> bytes:
    try:
        return base64.b64decode(str(text), validate=True)
    except (ValueError, TypeError) as exc:
        raise _fail(
            f"{where}的清单中的{what}不是有效的编码，清单可能已损坏，已拒绝。请让对方重新生成数据包。",
            "package.manifest",
        ) from exc


# ---------------------------------------------------------------- writing


def dump_json(value: Any) -> bytes:
    """Data files: UTF-8, Chinese as is, keys sorted, no floats drifting (callers pass ints)."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, indent=1).encode("utf-8")


def _zip_bytes(files: Mapping[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = (stat.S_IFREG | 0o644) << 16
            archive.writestr(info, files[name])
    return buffer.getvalue()


def _listing(files: Mapping[str, bytes]) -> dict[str, dict[str, Any]]:
    return {
        name: {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
        for name, data in sorted(files.items())
    }


def _encrypt(inner: bytes, recipient: X25519PublicKey) -> tuple[bytes, dict[str, str]]:
    ephemeral = X25519PrivateKey.generate()
    key = _payload_key(ephemeral.exchange(recipient), raw_public(ephemeral.public_key()))
    nonce = os.urandom(12)
    sealed = AESGCM(key).encrypt(nonce, inner, _HKDF_INFO)
    details = {
        "scheme": ENCRYPTION_SCHEME,
        "ephemeral_public": _b64(raw_public(ephemeral.public_key())),
        "nonce": _b64(nonce),
        "recipient_fingerprint": fingerprint(raw_public(recipient)),
    }
    return sealed, details


def _payload_key(shared: bytes, ephemeral_public: bytes) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=ephemeral_public, info=_HKDF_INFO
    ).derive(shared)


def build_package(
    content: PackageContent,
    *,
    signing_key: Ed25519PrivateKey,
    recipient: X25519PublicKey | None = None,
    app_version: str = "",
    created_at: datetime | None = None,
    package_id: str | None = None,
) -> bytes:
    """The package's bytes: data and files listed, optionally sealed, manifest signed."""
    files: dict[str, bytes] = {}
    for name, rows in content.data.items():
        _check_name(f"data/{name}.json")
        files[f"data/{name}.json"] = dump_json(rows)
    for name, data in content.files.items():
        _check_name(name)
        # CONTENTS is the inner listing of an encrypted package; a file of that name would
        # be overwritten by it and the package could never be opened.
        if name in files or name in (MANIFEST, SIGNATURE, PAYLOAD, CONTENTS):
            raise ValueError(f"duplicate package entry {name}")
        files[name] = data
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "package_id": package_id or str(uuid.uuid4()),
        "kind": content.kind,
        "origin": {
            "level": content.origin.level,
            "code": content.origin.code,
            "name": content.origin.name,
        },
        "sequence": content.sequence,
        "created_at": (created_at or datetime.now().astimezone()).isoformat(timespec="seconds"),
        "app_version": app_version,
        "period": content.period,
        "counts": dict(sorted(content.counts.items())),
        "recipient": content.recipient,
        "signer_public": _b64(raw_public(signing_key.public_key())),
    }
    if recipient is None:
        manifest["files"] = _listing(files)
        outer = dict(files)
    else:
        inner = dict(files)
        inner[CONTENTS] = dump_json(_listing(files))
        sealed, details = _encrypt(_zip_bytes(inner), recipient)
        manifest["encryption"] = details
        manifest["files"] = _listing({PAYLOAD: sealed})
        outer = {PAYLOAD: sealed}
    manifest_bytes = dump_json(manifest)
    outer[MANIFEST] = manifest_bytes
    outer[SIGNATURE] = _b64(signing_key.sign(manifest_bytes)).encode("ascii")
    return _zip_bytes(outer)


def write_package(
    path: Path,
    content: PackageContent,
    *,
    signing_key: Ed25519PrivateKey,
    recipient: X25519PublicKey | None = None,
    app_version: str = "",
    decryption_key: X25519PrivateKey | None = None,
) -> WrittenPackage:
    """Write a package atomically, then read it back from the disk and verify it.

    The read-back catches a stick that lies about what it stored; ``decryption_key`` is only
    needed to look inside an encrypted package (the sender usually has none: it is checked
    up to the sealed payload).
    """
    data = build_package(
        content, signing_key=signing_key, recipient=recipient, app_version=app_version
    )

    def write(temp: Path) -> None:
        temp.write_bytes(data)

    atomic_write(path, write)
    opened = open_package(path, decryption_key=decryption_key, verify_payload=recipient is None)
    if opened.sha256 != hashlib.sha256(data).hexdigest():
        raise _fail(
            f"写入“{path}”后读回的内容与写入的不一致，文件可能已损坏。请换一个U盘或文件夹重新生成。",
            "package.readback",
        )
    return WrittenPackage(
        path, opened.manifest.package_id, opened.sha256, opened.size, recipient is not None
    )


# ---------------------------------------------------------------- reading


def _fail(message: str, code: str, **details: Any) -> PackageError:
    # Every refusal says what to do next; most problems can only be fixed by the sender.
    if "请" not in message:
        message += "请让发送单位重新生成数据包后再发送。"
    return PackageError(message, code=code, details=details)


def _check_name(name: str, where: str = "数据包") -> None:
    """Refuse names that could land outside a folder or mean something else on Windows."""
    posix = PurePosixPath(name)
    bad = (
        not name
        or "\\" in name
        or name.startswith("/")
        or (len(name) > 1 and name[1] == ":")
        or any(part in ("..", "") for part in name.split("/"))
        or posix.is_absolute()
        or "\x00" in name
    )
    if bad:
        raise _fail(
            f"{where}中有不安全的文件名“{name}”（指向包外的位置），已拒绝，未导入任何内容。"
            "请让对方用本程序重新生成数据包。",
            "package.unsafe_name",
            name=name,
        )


def _entries(archive: zipfile.ZipFile, limits: PackageLimits, where: str) -> dict[str, bytes]:
    infos = archive.infolist()
    if len(infos) > limits.max_entries:
        raise _fail(
            f"{where}中的文件数（{len(infos)}）超过上限 {limits.max_entries}，已拒绝。",
            "package.too_many_entries",
        )
    seen: set[str] = set()
    total = 0
    for info in infos:
        _check_name(info.filename, where)
        if info.filename in seen:
            raise _fail(
                f"{where}中有重名的文件“{info.filename}”，可能被篡改，已拒绝。",
                "package.duplicate_entry",
                name=info.filename,
            )
        seen.add(info.filename)
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode) or info.is_dir():
            raise _fail(
                f"{where}中的“{info.filename}”是链接或文件夹，数据包里只允许普通文件，已拒绝。",
                "package.link_entry",
                name=info.filename,
            )
        if info.flag_bits & 0x1:
            raise _fail(
                f"{where}中的“{info.filename}”设置了压缩包密码，已拒绝。", "package.zip_password"
            )
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if (
            info.file_size > limits.max_entry_bytes
            or total > limits.max_uncompressed_bytes
            or (info.file_size > MIB and ratio > limits.max_compression_ratio)
        ):
            raise _fail(
                f"{where}中的“{info.filename}”解压后过大（{info.file_size:,} 字节，压缩比 "
                f"{ratio:.0f}），疑似压缩炸弹，已拒绝。",
                "package.too_big",
                name=info.filename,
            )
    out: dict[str, bytes] = {}
    for info in infos:
        with archive.open(info) as handle:
            data = handle.read(info.file_size + 1)
        if len(data) != info.file_size:
            raise _fail(
                f"{where}中“{info.filename}”的实际大小与记录不符，已拒绝。", "package.size_mismatch"
            )
        out[info.filename] = data
    return out


def _read_zip(data: bytes, limits: PackageLimits, where: str) -> dict[str, bytes]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return _entries(archive, limits, where)
    except PackageError:
        raise
    except (
        zipfile.BadZipFile,
        EOFError,
        zipfile.LargeZipFile,
        OSError,
        ValueError,
        # A damaged deflate stream, an unknown compression method (e.g. WinZip AES) or a
        # password prompt surface as these, not as BadZipFile.
        zlib.error,
        lzma.LZMAError,
        NotImplementedError,
        RuntimeError,
    ) as exc:
        raise _fail(
            f"{where}不是完整的数据包（文件可能没有复制完整或已损坏），请让对方重新发送。",
            "package.not_zip",
        ) from exc


# A signed package can still carry hostile JSON (anyone can sign with a key of their own):
# besides syntax errors, a number of 5,000 digits raises a plain ValueError (the int-string
# limit) and "[[[[…" thousands deep a RecursionError.
_JSON_ERRORS = (UnicodeDecodeError, ValueError, RecursionError)


def _json(raw: bytes) -> Any:
    """JSON from a package's bytes, with NaN and Infinity refused (not JSON, not our data)."""
    return json.loads(raw.decode("utf-8"), parse_constant=_no_constant)


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number a package may carry")


def _manifest(raw: bytes, where: str) -> dict[str, Any]:
    try:
        value = _json(raw)
    except _JSON_ERRORS as exc:
        raise _fail(
            f"{where}的清单（manifest.json）无法读取，已拒绝。", "package.manifest"
        ) from exc
    if not isinstance(value, dict):
        raise _fail(f"{where}的清单（manifest.json）格式不对，已拒绝。", "package.manifest")
    if value.get("format") != FORMAT:
        raise _fail(f"{where}不是本程序的数据包（格式标识不符），已拒绝。", "package.format")
    version = value.get("version")
    if not isinstance(version, int) or version < 1:
        raise _fail(f"{where}的格式版本无效，已拒绝。", "package.format")
    if version > VERSION:
        raise _fail(
            f"{where}由更新版本的程序生成（数据包格式 {version}，本程序支持到 {VERSION}），"
            "请先升级本程序再导入。",
            "package.newer_format",
            version=version,
        )
    return value


def _verify_listing(
    files: Mapping[str, bytes], listing: object, where: str, *, ignore: frozenset[str]
) -> dict[str, tuple[str, int]]:
    if not isinstance(listing, dict):
        raise _fail(f"{where}的文件清单格式不对，已拒绝。", "package.manifest")
    checked: dict[str, tuple[str, int]] = {}
    for name, entry in listing.items():
        if not isinstance(entry, dict) or name not in files:
            raise _fail(
                f"{where}缺少清单中列出的文件“{name}”，可能没有复制完整，已拒绝。",
                "package.missing_file",
                name=name,
            )
        data = files[name]
        if hashlib.sha256(data).hexdigest() != entry.get("sha256") or len(data) != entry.get(
            "size"
        ):
            raise _fail(
                f"{where}中的文件“{name}”与清单记录的校验值不符，内容可能被改动过，已拒绝。",
                "package.hash_mismatch",
                name=name,
            )
        checked[name] = (str(entry["sha256"]), int(entry["size"]))
    extra = sorted(set(files) - set(listing) - ignore)
    if extra:
        raise _fail(
            f"{where}中有清单未列出的文件“{extra[0]}”，可能被篡改，已拒绝。",
            "package.extra_file",
            name=extra[0],
        )
    return checked


def open_package(
    path: Path,
    *,
    limits: PackageLimits = DEFAULT_LIMITS,
    decryption_key: X25519PrivateKey | None = None,
    verify_payload: bool = True,
) -> OpenedPackage:
    """Read and verify a package completely (in memory; nothing is written anywhere)."""
    where = f"数据包“{path.name}”"
    try:
        size = path.stat().st_size
        if size > limits.max_bytes:
            raise _fail(
                f"{where}大小为 {size / MIB:.0f} MB，"
                f"超过上限 {limits.max_bytes // MIB} MB，已拒绝。",
                "package.too_big",
            )
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise _fail(f"找不到文件“{path}”，请确认文件仍在原来的位置。", "package.missing") from exc
    except OSError as exc:
        raise _fail(
            f"无法读取{where}（{exc.strerror or exc}），请检查U盘是否已插好。", "package.unreadable"
        ) from exc
    outer = _read_zip(raw, limits, where)
    if MANIFEST not in outer:
        raise _fail(
            f"{where}中没有清单（manifest.json），不是有效的数据包。", "package.missing_file"
        )
    if SIGNATURE not in outer:
        raise _fail(f"{where}没有签名，无法确认来源，已拒绝。", "package.unsigned")
    manifest_bytes = outer[MANIFEST]
    value = _manifest(manifest_bytes, where)
    signer = _unb64(value.get("signer_public"), "签名公钥", where)
    try:
        # A garbled signature file is a bad signature, not a bad manifest.
        signature = base64.b64decode(outer[SIGNATURE].strip(), validate=True)
        Ed25519PublicKey.from_public_bytes(signer).verify(signature, manifest_bytes)
    except (InvalidSignature, ValueError) as exc:
        raise _fail(
            f"{where}的签名与内容不符：清单在签名之后被改动过，或签名不是这把密钥做的。已拒绝。",
            "package.bad_signature",
        ) from exc
    files = _verify_listing(
        outer, value.get("files"), where, ignore=frozenset({MANIFEST, SIGNATURE})
    )
    encryption = value.get("encryption")
    entries = {name: outer[name] for name in files}
    if encryption is not None:
        if not isinstance(encryption, dict) or encryption.get("scheme") != ENCRYPTION_SCHEME:
            raise _fail(f"{where}使用了本程序不支持的加密方式，已拒绝。", "package.encryption")
        if PAYLOAD not in entries:
            raise _fail(
                f"{where}标明已加密，却没有加密内容（{PAYLOAD}），已拒绝。请让对方重新生成数据包。",
                "package.missing_file",
                name=PAYLOAD,
            )
        if verify_payload or decryption_key is not None:
            entries = _open_payload(entries[PAYLOAD], encryption, decryption_key, limits, where)
    origin = value.get("origin") or {}
    try:
        manifest = Manifest(
            package_id=str(uuid.UUID(str(value["package_id"]))),
            kind=str(value["kind"]),
            origin=Origin(str(origin["level"]), str(origin["code"]), str(origin["name"])),
            sequence=int(value["sequence"]),
            created_at=str(value["created_at"]),
            app_version=str(value.get("app_version", "")),
            period=str(value.get("period", "")),
            counts={str(k): int(v) for k, v in dict(value.get("counts") or {}).items()},
            files=files,
            signer_public=signer,
            recipient=value.get("recipient"),
            encrypted=encryption is not None,
            recipient_fingerprint=(encryption or {}).get("recipient_fingerprint"),
        )
    except (KeyError, TypeError, ValueError, OverflowError) as exc:
        # OverflowError: int() of 1e400, which json reads as an infinite float.
        raise _fail(f"{where}的清单缺少必要的项目，已拒绝。", "package.manifest") from exc
    if manifest.kind not in KINDS:
        raise _fail(f"{where}的类型“{manifest.kind}”本程序不认识，已拒绝。", "package.kind")
    data: dict[str, Any] = {}
    other: dict[str, bytes] = {}
    for name, payload in entries.items():
        if name.startswith("data/") and name.endswith(".json"):
            try:
                data[name[5:-5]] = _json(payload)
            except _JSON_ERRORS as exc:
                raise _fail(f"{where}中的“{name}”无法读取，已拒绝。", "package.data") from exc
        elif name != PAYLOAD:
            other[name] = payload
    content = PackageContent(
        kind=manifest.kind,
        origin=manifest.origin,
        sequence=manifest.sequence,
        period=manifest.period,
        data=data,
        files=other,
        counts=manifest.counts,
        recipient=manifest.recipient,
    )
    return OpenedPackage(manifest, content, hashlib.sha256(raw).hexdigest(), size)


def _open_payload(
    sealed: bytes,
    encryption: Mapping[str, Any],
    key: X25519PrivateKey | None,
    limits: PackageLimits,
    where: str,
) -> dict[str, bytes]:
    wanted = str(encryption.get("recipient_fingerprint", ""))
    if key is None:
        raise _fail(
            f"{where}已加密，只有接收单位（密钥指纹 {wanted}）能打开。请在接收单位的电脑上导入。",
            "package.encrypted",
        )
    if fingerprint(raw_public(key.public_key())) != wanted:
        raise _fail(
            f"{where}是加密给另一个单位的（密钥指纹 {wanted}），本工作区无法打开。",
            "package.not_for_us",
        )
    ephemeral = _unb64(encryption.get("ephemeral_public"), "加密参数", where)
    nonce = _unb64(encryption.get("nonce"), "加密参数", where)
    try:
        shared = key.exchange(X25519PublicKey.from_public_bytes(ephemeral))
        inner = AESGCM(_payload_key(shared, ephemeral)).decrypt(nonce, sealed, _HKDF_INFO)
    except (InvalidTag, ValueError) as exc:
        raise _fail(
            f"{where}的加密内容无法解开，可能已损坏或被改动，已拒绝。", "package.decrypt"
        ) from exc
    files = _read_zip(inner, limits, where)
    if CONTENTS not in files:
        raise _fail(f"{where}的加密内容缺少文件清单，已拒绝。", "package.missing_file")
    try:
        listing = _json(files[CONTENTS])
    except _JSON_ERRORS as exc:
        raise _fail(f"{where}的加密内容清单无法读取，已拒绝。", "package.manifest") from exc
    checked = _verify_listing(files, listing, where, ignore=frozenset({CONTENTS}))
    return {name: files[name] for name in checked}
