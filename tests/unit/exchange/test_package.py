"""The .nltspkg format: exact round trips, and every damaged or hostile file refused in Chinese."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
import shutil
import stat
import struct
import warnings
import zipfile
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from hypothesis import given, settings
from hypothesis import strategies as st

from nlts_desktop.exchange.package import (
    CONTENTS,
    KINDS,
    MANIFEST,
    PAYLOAD,
    SIGNATURE,
    Origin,
    PackageContent,
    PackageError,
    PackageLimits,
    build_package,
    dump_json,
    fingerprint,
    open_package,
    raw_public,
    write_package,
)

ID_NUMBER = "51012419800101002X"
TEACHER = "张晓燕"
SCHOOL_CODE = "0510124001"
CJK = re.compile(r"[\u4e00-\u9fff]")
FILE_NAME = "温江区实验小学_考核上报.nltspkg"
CREATED = datetime(2026, 3, 5, 9, 30, tzinfo=timezone(timedelta(hours=8)))
PACKAGE_ID = "6f1c1f8e-2b43-4c55-9f51-3d1a2c8b7e10"

Entries = list[tuple[str | zipfile.ZipInfo, bytes]]


def _content(**changes: Any) -> PackageContent:
    values: dict[str, Any] = {
        "kind": "school_submission",
        "origin": Origin("school", SCHOOL_CODE, "温江区实验小学"),
        "sequence": 3,
        "period": "2022",
        "data": {
            "teachers": [
                {"id_number": ID_NUMBER, "name": TEACHER, "school": SCHOOL_CODE, "half_hours": 33}
            ],
            "scores": [{"point": "A1", "grade": "优秀", "notes": "课堂观察：“很好”\n第二行"}],
        },
        "files": {"forms/表2-考核汇总.xlsx": b"PK fake workbook", "evidence/ab12": b"\x00\xff"},
        "counts": {"teachers": 1, "scores": 1},
        "recipient": "510115",
    }
    values.update(changes)
    return PackageContent(**values)


@pytest.fixture
def key() -> Ed25519PrivateKey:
    """The sending installation's signing key."""
    return Ed25519PrivateKey.generate()


@pytest.fixture
def good(tmp_path: Path, key: Ed25519PrivateKey) -> Path:
    """A valid, unencrypted package on disk."""
    path = tmp_path / FILE_NAME
    write_package(path, _content(), signing_key=key, app_version="1.0")
    return path


def _entries(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _write_zip(path: Path, entries: Iterable[tuple[str | zipfile.ZipInfo, bytes]]) -> Path:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # "Duplicate name" is the point of a test
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name, data in entries:
                archive.writestr(name, data)
    return path


def _resign(
    path: Path,
    edit: Callable[[dict[str, Any]], None],
    key: Ed25519PrivateKey,
    *,
    files: dict[str, bytes] | None = None,
) -> Path:
    """Rewrite the package with an edited manifest, signed by ``key`` as its declared signer."""
    entries = _entries(path) if files is None else files
    manifest = json.loads(entries[MANIFEST])
    manifest["signer_public"] = base64.b64encode(raw_public(key.public_key())).decode()
    edit(manifest)
    entries[MANIFEST] = dump_json(manifest)
    entries[SIGNATURE] = base64.b64encode(key.sign(entries[MANIFEST]))
    return _write_zip(path, entries.items())


def _refused(path: Path, code: str, **options: Any) -> PackageError:
    with pytest.raises(PackageError) as caught:
        open_package(path, **options)
    error = caught.value
    assert error.code == code, error.message
    assert path.name in error.message
    assert CJK.search(error.message)
    return error


def _patch_central(data: bytes, name: str, offset: int, fmt: str, value: int) -> bytes:
    """Change one field of an entry's central-directory record (what zipfile trusts)."""
    out = bytearray(data)
    at = data.find(b"PK\x01\x02")
    while at >= 0:
        length = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46 : at + 46 + length] == name.encode():
            struct.pack_into(fmt, out, at + offset, value)
        at = data.find(b"PK\x01\x02", at + 1)
    return bytes(out)


# ---------------------------------------------------------------- round trips

json_text = st.text(
    alphabet=st.one_of(
        st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), st.characters(codec="utf-8")
    ),
    max_size=20,
)
json_leaf = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**53), 2**53),
    st.integers(0, 2000).map(lambda n: n / 2),  # half-hours
    st.from_regex(r"0[0-9]{5,17}", fullmatch=True),  # codes and ID numbers with leading zeros
    json_text,
)
json_value = st.recursive(
    json_leaf,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(json_text, inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=50, deadline=None)
@given(
    data=st.dictionaries(st.from_regex(r"[a-z_]{1,10}", fullmatch=True), json_value, max_size=4),
    sequence=st.integers(0, 2**31),
    period=json_text,
)
def test_random_data_round_trips_exactly(
    tmp_path_factory: pytest.TempPathFactory, data: dict[str, Any], sequence: int, period: str
) -> None:
    """Whatever JSON goes in comes out identical: types, Chinese text, leading zeros, halves."""
    path = tmp_path_factory.mktemp("rt") / FILE_NAME
    content = _content(data=data, sequence=sequence, period=period)
    write_package(path, content, signing_key=Ed25519PrivateKey.generate())
    opened = open_package(path).content
    assert opened.data == data
    assert all(dump_json(opened.data[k]) == dump_json(v) for k, v in data.items())
    assert (opened.sequence, opened.period, opened.origin) == (sequence, period, content.origin)


def test_plain_package_round_trip(tmp_path: Path, key: Ed25519PrivateKey) -> None:
    """Everything comes back; Chinese stays literal; the read-back leaves no temporary file."""
    good = tmp_path / FILE_NAME
    written = write_package(good, _content(), signing_key=key, app_version="1.0")
    assert [p.name for p in tmp_path.iterdir()] == [FILE_NAME]
    opened = open_package(good)
    assert opened.content == _content()
    assert (written.package_id, written.sha256) == (opened.manifest.package_id, opened.sha256)
    assert written.size == good.stat().st_size
    assert opened.manifest.kind_label == KINDS["school_submission"] == "学校考核上报包"
    assert opened.manifest.recipient == "510115"
    assert opened.manifest.app_version == "1.0"
    assert not opened.manifest.encrypted
    assert opened.signer_fingerprint == fingerprint(raw_public(key.public_key()))
    assert re.fullmatch(r"([A-Z2-7]{4}-){7}[A-Z2-7]{4}", opened.signer_fingerprint)
    assert TEACHER.encode() in _entries(good)["data/teachers.json"]
    assert opened.sha256 == hashlib.sha256(good.read_bytes()).hexdigest()


def test_same_inputs_give_the_same_bytes(tmp_path: Path, key: Ed25519PrivateKey) -> None:
    """Only the package id and the time differ between two writes of the same content."""
    options: dict[str, Any] = {"signing_key": key, "created_at": CREATED}
    first = build_package(_content(), package_id=PACKAGE_ID, **options)
    assert build_package(_content(), package_id=PACKAGE_ID, **options) == first
    one = _entries(write_package(tmp_path / "1.nltspkg", _content(), signing_key=key).path)
    two = _entries(write_package(tmp_path / "2.nltspkg", _content(), signing_key=key).path)
    assert {k: v for k, v in one.items() if k not in (MANIFEST, SIGNATURE)} == {
        k: v for k, v in two.items() if k not in (MANIFEST, SIGNATURE)
    }
    manifests = [json.loads(entries[MANIFEST]) for entries in (one, two)]
    assert manifests[0]["package_id"] != manifests[1]["package_id"]
    for manifest in manifests:
        del manifest["package_id"], manifest["created_at"]
    assert manifests[0] == manifests[1]


def test_renamed_copy_from_a_chat_app_opens_the_same(good: Path) -> None:
    """Identity comes from the manifest, not from the file name."""
    copy = shutil.copy(good, good.with_name("温江区实验小学_考核上报(1).nltspkg"))
    assert open_package(Path(copy)).manifest == open_package(good).manifest


# ---------------------------------------------------------------- tampering


Change = Callable[[Entries], Entries]
GARBLED_SIGNATURES = (b"not base64 at all!", b"", "签名".encode(), b"AAAA")
UNSAFE_NAMES = ["../evil", "/abs", "C:/x", "c:x", "data/../../x", "data//x", "folder/"]
if "\\" not in str(Path("a/b")):  # on Windows zipfile itself turns "a\\b" into "a/b"
    UNSAFE_NAMES.append("a\\b")


def _drop(name: str) -> Change:
    return lambda entries: [(k, v) for k, v in entries if k != name]


def _add(name: str | zipfile.ZipInfo, data: bytes) -> Change:
    return lambda entries: [*entries, (name, data)]


def _set(name: str, new: Callable[[bytes], bytes]) -> Change:
    return lambda entries: [(k, new(v) if k == name else v) for k, v in entries]


def _put(name: str, data: bytes) -> Change:
    return _set(name, lambda _: data)


def _foreign_signature(entries: Entries) -> Entries:
    manifest = dict(entries)[MANIFEST]
    signature = base64.b64encode(Ed25519PrivateKey.generate().sign(manifest))
    return _put(SIGNATURE, signature)(entries)


def _symlink(entries: Entries) -> Entries:
    link = zipfile.ZipInfo("evidence/ab12")
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    return _add(link, b"/etc/passwd")(_drop("evidence/ab12")(entries))


@pytest.mark.parametrize(
    ("change", "code"),
    [
        (_set("data/teachers.json", lambda v: v.replace(b"33", b"99")), "package.hash_mismatch"),
        (_drop("evidence/ab12"), "package.missing_file"),
        (_add("data/extra.json", b"[]"), "package.extra_file"),
        (_add("data/teachers.json", b"[]"), "package.duplicate_entry"),
        (_symlink, "package.link_entry"),
        (_drop(MANIFEST), "package.missing_file"),
        (_drop(SIGNATURE), "package.unsigned"),
        (
            _set(MANIFEST, lambda v: v.replace(b'"sequence": 3', b'"sequence": 4')),
            "package.bad_signature",
        ),
        (_put(MANIFEST, b"\xff{not json"), "package.manifest"),
        (_foreign_signature, "package.bad_signature"),
        *[(_put(SIGNATURE, bad), "package.bad_signature") for bad in GARBLED_SIGNATURES],
        *[(_add(name, b"x"), "package.unsafe_name") for name in UNSAFE_NAMES],
    ],
)
def test_tampered_package_is_refused(good: Path, change: Change, code: str) -> None:
    """Changed, missing, extra, duplicate, linked or unsafe entries; edited manifest; bad
    signature."""
    _refused(_write_zip(good, change(list(_entries(good).items()))), code)


def test_resigned_by_another_key_opens_with_that_signer(good: Path, key: Ed25519PrivateKey) -> None:
    """The format accepts it; the changed fingerprint is what the sender registry will catch."""
    other = Ed25519PrivateKey.generate()
    opened = open_package(_resign(good, lambda m: m.update(sequence=9), other))
    assert opened.manifest.sequence == 9
    assert opened.signer_fingerprint == fingerprint(raw_public(other.public_key()))
    assert opened.signer_fingerprint != fingerprint(raw_public(key.public_key()))


def test_newer_format_asks_to_upgrade(good: Path, key: Ed25519PrivateKey) -> None:
    error = _refused(_resign(good, lambda m: m.update(version=2), key), "package.newer_format")
    assert "升级" in error.message
    assert error.details["version"] == 2


@pytest.mark.parametrize(
    ("edit", "code"),
    [
        ({"format": "zip"}, "package.format"),
        ({"version": "1"}, "package.format"),
        ({"kind": "city_report"}, "package.kind"),
        ({"origin": None}, "package.manifest"),
        ({"package_id": "not-a-uuid"}, "package.manifest"),
        ({"files": []}, "package.manifest"),
        ({"signer_public": "%%"}, "package.manifest"),
    ],
)
def test_signed_but_wrong_manifest_is_refused(
    good: Path, key: Ed25519PrivateKey, edit: dict[str, Any], code: str
) -> None:
    def change(manifest: dict[str, Any]) -> None:
        manifest.update(edit)

    _refused(_resign(good, change, key), code)


# ---------------------------------------------------------------- hostile zips


def test_password_protected_entry_is_refused(good: Path) -> None:
    good.write_bytes(_patch_central(good.read_bytes(), "evidence/ab12", 8, "<H", 0x1))
    _refused(good, "package.zip_password")


def test_zip_bombs_stop_before_inflating(good: Path, tmp_path: Path) -> None:
    entries = _entries(good)
    declared = _patch_central(good.read_bytes(), "evidence/ab12", 24, "<I", 2**31)
    (tmp_path / "declared.nltspkg").write_bytes(declared)
    _refused(tmp_path / "declared.nltspkg", "package.too_big")
    zeros = _write_zip(
        tmp_path / "zeros.nltspkg", [*entries.items(), ("evidence/z", bytes(4 * 2**20))]
    )
    error = _refused(zeros, "package.too_big")
    assert error.details["name"] == "evidence/z"


@pytest.mark.parametrize(
    ("limits", "code"),
    [
        (PackageLimits(max_bytes=100), "package.too_big"),
        (PackageLimits(max_entries=3), "package.too_many_entries"),
        (PackageLimits(max_entry_bytes=100), "package.too_big"),
        (PackageLimits(max_uncompressed_bytes=500), "package.too_big"),
    ],
)
def test_limits_are_enforced(good: Path, limits: PackageLimits, code: str) -> None:
    _refused(good, code, limits=limits)


@pytest.mark.parametrize("keep", [0, 22, 0.5, -1])
def test_truncated_copy_is_refused(good: Path, tmp_path: Path, keep: float) -> None:
    data = good.read_bytes()
    cut = tmp_path / "半截.nltspkg"
    cut.write_bytes(data[: int(len(data) * keep) if isinstance(keep, float) else keep])
    _refused(cut, "package.not_zip")


def test_damaged_or_odd_zips_are_refused_not_crashed(good: Path, tmp_path: Path) -> None:
    """A broken deflate stream, an unknown compression method, text, or no file at all."""
    entries = _entries(good)
    entries["data/teachers.json"] = json.dumps(list(range(5000))).encode()
    data = _write_zip(tmp_path / "big.nltspkg", entries.items()).read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo("data/teachers.json")
    start = info.header_offset + 30 + len(info.filename.encode()) + 40
    broken = bytearray(data)
    broken[start : start + 40] = bytes(b ^ 0x55 for b in broken[start : start + 40])
    (tmp_path / "broken.nltspkg").write_bytes(bytes(broken))
    _refused(tmp_path / "broken.nltspkg", "package.not_zip")
    aes = _patch_central(good.read_bytes(), "evidence/ab12", 10, "<H", 99)
    (tmp_path / "aes.nltspkg").write_bytes(aes)
    _refused(tmp_path / "aes.nltspkg", "package.not_zip")
    (tmp_path / "text.nltspkg").write_text("这不是压缩包", encoding="utf-8")
    _refused(tmp_path / "text.nltspkg", "package.not_zip")
    _refused(tmp_path / "不存在.nltspkg", "package.missing")


# ---------------------------------------------------------------- encryption


@pytest.fixture
def county() -> X25519PrivateKey:
    """The recipient's (county office's) decryption key."""
    return X25519PrivateKey.generate()


@pytest.fixture
def sealed(tmp_path: Path, key: Ed25519PrivateKey, county: X25519PrivateKey) -> Path:
    """A package encrypted to the county, written by a sender who cannot look inside."""
    path = tmp_path / "温江区实验小学_考核上报_加密.nltspkg"
    write_package(path, _content(), signing_key=key, recipient=county.public_key())
    return path


def test_encrypted_package_opens_only_with_the_right_key(
    sealed: Path, county: X25519PrivateKey
) -> None:
    opened = open_package(sealed, decryption_key=county)
    assert opened.content == _content()
    assert opened.manifest.encrypted
    assert opened.manifest.recipient_fingerprint == fingerprint(raw_public(county.public_key()))
    _refused(sealed, "package.not_for_us", decryption_key=X25519PrivateKey.generate())
    error = _refused(sealed, "package.encrypted")
    assert opened.manifest.recipient_fingerprint in error.message
    outside = open_package(sealed, verify_payload=False)
    assert outside.manifest.package_id == opened.manifest.package_id
    assert outside.content.data == {} and outside.content.files == {}


def test_encrypted_package_shows_no_names_or_id_numbers(good: Path, sealed: Path) -> None:
    """Neither the raw bytes nor any inflated outer entry reveals a teacher."""
    assert set(_entries(sealed)) == {MANIFEST, SIGNATURE, PAYLOAD}
    for secret in (ID_NUMBER.encode(), TEACHER.encode()):
        assert any(secret in data for data in _entries(good).values())  # the check can see it
        assert secret not in sealed.read_bytes()
        assert all(secret not in data for data in _entries(sealed).values())


def test_tampered_payload_is_refused(
    sealed: Path, key: Ed25519PrivateKey, county: X25519PrivateKey
) -> None:
    entries = _entries(sealed)
    entries[PAYLOAD] = entries[PAYLOAD][:-1] + bytes([entries[PAYLOAD][-1] ^ 1])
    _write_zip(sealed, entries.items())
    _refused(sealed, "package.hash_mismatch", decryption_key=county)

    def relist(manifest: dict[str, Any]) -> None:
        payload = entries[PAYLOAD]
        entry = {"sha256": hashlib.sha256(payload).hexdigest(), "size": len(payload)}
        manifest["files"] = {PAYLOAD: entry}

    _resign(sealed, relist, key, files=entries)
    _refused(sealed, "package.decrypt", decryption_key=county)


def test_encryption_declared_without_payload_is_refused(
    good: Path, key: Ed25519PrivateKey, county: X25519PrivateKey
) -> None:
    def claim(manifest: dict[str, Any]) -> None:
        manifest["encryption"] = {"scheme": "X25519-HKDF-SHA256-AES256GCM"}

    _refused(_resign(good, claim, key), "package.missing_file", decryption_key=county)
    _refused(
        _resign(good, lambda m: m.update(encryption={"scheme": "rot13"}), key), "package.encryption"
    )


def test_write_with_recipient_checks_what_it_can(
    tmp_path: Path, key: Ed25519PrivateKey, county: X25519PrivateKey
) -> None:
    """The sender verifies up to the seal; with the key it verifies the inside too."""
    options: dict[str, Any] = {"signing_key": key, "recipient": county.public_key()}
    written = write_package(tmp_path / FILE_NAME, _content(), decryption_key=county, **options)
    assert open_package(written.path, decryption_key=county).manifest.package_id == (
        written.package_id
    )


# ---------------------------------------------------------------- building


@pytest.mark.parametrize(
    ("content", "error"),
    [
        (_content(files={"../evil": b"x"}), PackageError),
        (_content(files={"C:/x": b"x"}), PackageError),
        (_content(data={"../up": []}), PackageError),
        *[(_content(files={name: b"x"}), ValueError) for name in (MANIFEST, PAYLOAD, CONTENTS)],
        (_content(files={"data/teachers.json": b"x"}), ValueError),
    ],
)
def test_build_refuses_unsafe_reserved_or_duplicate_names(
    content: PackageContent, error: type[Exception], key: Ed25519PrivateKey
) -> None:
    with pytest.raises(error, match="不安全的文件名" if error is PackageError else "duplicate"):
        build_package(content, signing_key=key)
