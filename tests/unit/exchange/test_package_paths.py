"""No package entry and no evidence record can put or read a file outside the data folder.

``open_package`` reads everything in memory and refuses unsafe entry names before anything
else; evidence files are stored under their own SHA-256 in the data folder.  Here the names a
hostile zip uses (``../../x``, ``/etc/x``, ``C:\\x``, ``..\\x``), in a plain package, inside an
encrypted payload, and through the county's intake; and a digest in a package's rows that is a
path.  After each refusal the folder tree around is exactly what it was.
"""

from __future__ import annotations

import base64
import io
import zipfile
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from nlts_desktop.domain.errors import ValidationError
from nlts_desktop.exchange.package import (
    CONTENTS,
    ENCRYPTION_SCHEME,
    MANIFEST,
    PAYLOAD,
    SIGNATURE,
    Origin,
    PackageContent,
    PackageError,
    build_package,
    dump_json,
    open_package,
    raw_public,
)
from nlts_desktop.paths import DataPaths
from nlts_desktop.services.workspace import Workspace

UNSAFE = ["../../x", "/etc/x", "C:\\x", "..\\x", "C:/x", "evidence/../../../x", "data/..\\..\\x"]


def _tree(root: Path) -> list[tuple[str, int]]:
    return sorted(
        (str(p.relative_to(root)), p.stat().st_size if p.is_file() else -1) for p in root.rglob("*")
    )


def _content() -> PackageContent:
    return PackageContent(
        kind="school_submission",
        origin=Origin("school", "2151000001", "温江区实验小学"),
        sequence=1,
        period="2022",
        data={"teachers": [{"id_number": "510115198501010011", "name": "张丽"}]},
        files={"evidence/" + "ab" * 32: b"%PDF-1.4"},
        recipient="510115",
    )


def _with_entry(package: bytes, name: str, data: bytes = b"pwned") -> bytes:
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(package)) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            target.writestr(info, source.read(info))
        target.writestr(zipfile.ZipInfo(name), data)
    return buffer.getvalue()


@pytest.mark.parametrize("name", UNSAFE)
def test_unsafe_entry_is_refused_and_nothing_lands_anywhere(tmp_path: Path, name: str) -> None:
    inbox = tmp_path / "downloads" / "wechat"
    inbox.mkdir(parents=True)
    path = inbox / "上报包.nltspkg"
    path.write_bytes(
        _with_entry(build_package(_content(), signing_key=Ed25519PrivateKey.generate()), name)
    )
    before = _tree(tmp_path)
    with pytest.raises(PackageError) as caught:
        open_package(path)
    assert caught.value.code == "package.unsafe_name"
    assert name in caught.value.message and "已拒绝" in caught.value.message
    assert _tree(tmp_path) == before
    assert not list(tmp_path.rglob("x"))


def _sealed_with(name: str, recipient: X25519PrivateKey) -> bytes:
    """An encrypted package whose inner zip (only the recipient sees it) holds ``name``."""
    from nlts_desktop.exchange import package as pkg

    key = Ed25519PrivateKey.generate()
    files = {"data/teachers.json": dump_json([]), name: b"pwned"}
    inner = dict(files)
    inner[CONTENTS] = dump_json(pkg._listing(files))
    sealed, details = pkg._encrypt(pkg._zip_bytes(inner), recipient.public_key())
    assert details["scheme"] == ENCRYPTION_SCHEME
    manifest = {
        "format": "nltspkg", "version": 1, "package_id": "6f1f3c1e-1b7a-4c59-9d0e-0a1b2c3d4e5f",
        "kind": "school_submission", "sequence": 1, "created_at": "2022-05-01T08:00:00+08:00",
        "origin": {"level": "school", "code": "2151000001", "name": "温江区实验小学"},
        "app_version": "", "period": "2022", "counts": {}, "recipient": "510115",
        "signer_public": base64.b64encode(raw_public(key.public_key())).decode(),
        "encryption": details, "files": pkg._listing({PAYLOAD: sealed}),
    }  # fmt: skip
    body = dump_json(manifest)
    outer = {PAYLOAD: sealed, MANIFEST: body, SIGNATURE: base64.b64encode(key.sign(body))}
    return pkg._zip_bytes(outer)


@pytest.mark.parametrize("name", UNSAFE[:4])
def test_unsafe_entry_inside_the_encrypted_payload_is_refused(tmp_path: Path, name: str) -> None:
    county = X25519PrivateKey.generate()
    path = tmp_path / "加密上报包.nltspkg"
    path.write_bytes(_sealed_with(name, county))
    before = _tree(tmp_path)
    with pytest.raises(PackageError) as caught:
        open_package(path, decryption_key=county)
    assert caught.value.code == "package.unsafe_name"
    assert _tree(tmp_path) == before


def test_the_intake_refuses_it_and_the_data_folder_only_logs_the_refusal(
    workspace: Workspace, paths: DataPaths, tmp_path: Path
) -> None:
    path = tmp_path / "上报包(1).nltspkg"
    package = build_package(_content(), signing_key=Ed25519PrivateKey.generate())
    path.write_bytes(_with_entry(package, "../../../../x"))
    outside = _tree(tmp_path.parent)
    evidence = _tree(paths.evidence) if paths.evidence.exists() else []
    with pytest.raises(PackageError):
        workspace.intake.preview(path)
    assert not list(tmp_path.parent.rglob("x"))
    assert (_tree(paths.evidence) if paths.evidence.exists() else []) == evidence
    changed = {name for name, _ in set(_tree(tmp_path.parent)) ^ set(outside)}
    # Only the database (the refusal is logged) and its backups folder may have changed.
    assert all(part.startswith(str(paths.root.relative_to(tmp_path.parent))) for part in changed)


@pytest.mark.parametrize("digest", ["../../../etc/passwd", "ab/../../x", "/etc/passwd", "AB" * 32])
def test_an_evidence_digest_that_is_a_path_names_no_file(
    workspace: Workspace, paths: DataPaths, digest: str
) -> None:
    """A package's rows carry each item's SHA-256: only a real digest maps to a stored file."""
    with pytest.raises(ValidationError) as caught:
        workspace.assessment.blob(digest)
    assert caught.value.code == "evidence.bad_digest"
    with pytest.raises(ValidationError):
        workspace.assessment.store_blob(digest, b"pwned")
    assert not list(paths.root.parent.rglob("passwd"))
    assert not list(paths.root.parent.rglob("x"))
