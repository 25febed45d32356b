"""The workspace's own keys and the registry of senders' keys (密钥与已知发送方).

Each workspace has an Ed25519 key pair that signs the packages it makes and an X25519 key
pair others encrypt packages to.  The private halves stay in the data folder's ``keys``
directory (owner-only permissions) and never go into a package; the public halves travel as a
small ``.nltskey`` file, or inside every signed package.  A receiving office registers the
sender's key after reading its fingerprint (eight groups of four) over the phone; packages from
an unknown or changed key must be accepted explicitly, and keys can be revoked.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Literal

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from nlts_desktop.domain.errors import NotFoundError, StorageError, ValidationError
from nlts_desktop.domain.text import normalize_prose
from nlts_desktop.exchange.excel_writer import atomic_write
from nlts_desktop.exchange.package import Origin, fingerprint, raw_public
from nlts_desktop.services.audit import audited_export
from nlts_desktop.services.context import ADMIN_ROLES, SCHOOL_ROLES, ServiceContext
from nlts_desktop.storage.base import utcnow
from nlts_desktop.storage.models import KnownKey, School, WorkspaceRow

KEY_FORMAT = "nltskey"
_MAX_CARD_BYTES = 64 * 1024
KEY_SUFFIX = ".nltskey"
_SIGNING_FILE = "signing.pem"
_ENCRYPTION_FILE = "encryption.pem"
SenderStatus = Literal["known", "unknown", "changed", "revoked"]
STATUS_LABELS: dict[str, str] = {
    "known": "已登记的发送方",
    "unknown": "未登记的发送方（首次收到）",
    "changed": "发送方的密钥与登记的不同",
    "revoked": "该密钥已被吊销",
}


@dataclass(frozen=True)
class OwnKeys:
    """This workspace's public identity."""

    origin: Origin
    fingerprint: str
    encryption_fingerprint: str


@dataclass(frozen=True)
class KeyCard:
    """A public key file (.nltskey) as read."""

    origin: Origin
    signing_public: bytes
    encryption_public: bytes | None
    fingerprint: str


@dataclass(frozen=True)
class KnownKeyRecord:
    """A registered sender key."""

    id: int
    origin: Origin
    fingerprint: str
    has_encryption_key: bool
    state: str
    accepted_by: str
    accepted_at: datetime
    revoked_at: datetime | None
    revoke_reason: str | None


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def workspace_origin(session: Session) -> Origin:
    """The org unit this workspace belongs to (its school, county or city)."""
    row = session.scalars(select(WorkspaceRow)).one()
    if row.level == "school" and row.school_code:
        name = session.scalar(select(School.name).where(School.code == row.school_code))
        return Origin("school", row.school_code, name or row.region_name)
    return Origin(row.level, row.region_code, row.region_name)


class KeyService:
    """Own keys (made once per data folder) and the registry of known senders."""

    def __init__(self, context: ServiceContext, folder: Path) -> None:
        self._context = context
        self._folder = folder

    def _require_key_admin(self, action: str) -> None:
        """The county's (or city's) administrator; in a school workspace, its coordinator."""
        with self._context.read() as session:
            level = session.scalars(select(WorkspaceRow.level)).one()
        self._context.require(SCHOOL_ROLES if level == "school" else ADMIN_ROLES, action)

    # ------------------------------------------------------------ own keys

    def ensure(self) -> None:
        """Make the key pairs if the data folder has none yet (at creation, or on upgrade)."""
        self._folder.mkdir(parents=True, exist_ok=True)
        for name, make in (
            (_SIGNING_FILE, Ed25519PrivateKey.generate),
            (_ENCRYPTION_FILE, X25519PrivateKey.generate),
        ):
            path = self._folder / name
            if path.exists():
                continue
            pem = make().private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )

            def write(temp: Path, pem: bytes = pem) -> None:
                temp.write_bytes(pem)  # the temporary file is made private (0600) and stays so

            # Owner only (on Windows the per-user data folder is already private).
            atomic_write(path, write, mode=0o600)

    def _load(self, name: str) -> object:
        self.ensure()
        path = self._folder / name
        try:
            return serialization.load_pem_private_key(path.read_bytes(), password=None)
        except (OSError, ValueError) as exc:
            raise StorageError(
                f"本工作区的密钥文件“{path}”无法读取或已损坏。请从备份恢复 keys 文件夹；"
                "若无法恢复，需重新生成密钥，并把新的公钥文件发给上下级单位重新登记。",
                code="keys.unreadable",
            ) from exc

    def signing_key(self) -> Ed25519PrivateKey:
        """The private signing key (for the package service only)."""
        key = self._load(_SIGNING_FILE)
        assert isinstance(key, Ed25519PrivateKey)
        return key

    def decryption_key(self) -> X25519PrivateKey:
        """The private key packages encrypted to this workspace are opened with."""
        key = self._load(_ENCRYPTION_FILE)
        assert isinstance(key, X25519PrivateKey)
        return key

    def own(self) -> OwnKeys:
        """This workspace's org unit and key fingerprints."""
        with self._context.read() as session:
            origin = workspace_origin(session)
        return OwnKeys(
            origin,
            fingerprint(raw_public(self.signing_key().public_key())),
            fingerprint(raw_public(self.decryption_key().public_key())),
        )

    @audited_export("keys", "本单位公钥")
    def export_public(self, out: Path) -> Path:
        """Write the public halves to a .nltskey file to give to the other office."""
        own = self.own()
        card = {
            "format": KEY_FORMAT,
            "version": 1,
            "org": {"level": own.origin.level, "code": own.origin.code, "name": own.origin.name},
            "signing_public": _b64(raw_public(self.signing_key().public_key())),
            "encryption_public": _b64(raw_public(self.decryption_key().public_key())),
            "fingerprint": own.fingerprint,
            "created_at": datetime.now().astimezone().isoformat(timespec="seconds"),
        }
        data = json.dumps(card, ensure_ascii=False, indent=1).encode("utf-8")

        def write(temp: Path) -> None:
            temp.write_bytes(data)

        atomic_write(out, write)
        return out

    # ------------------------------------------------------------ the registry

    @staticmethod
    def read_card(path: Path) -> KeyCard:
        """Read and check a .nltskey file."""
        where = f"公钥文件“{path.name}”"
        try:
            if path.stat().st_size > _MAX_CARD_BYTES:  # a card is about 1 KB
                raise ValueError("too large for a key card")
            value = json.loads(path.read_text(encoding="utf-8"))
            if value.get("format") != KEY_FORMAT:
                raise ValueError("format")
            org = value["org"]
            signing = base64.b64decode(value["signing_public"], validate=True)
            Ed25519PublicKey.from_public_bytes(signing)
            encryption_text = value.get("encryption_public")
            encryption = (
                base64.b64decode(encryption_text, validate=True) if encryption_text else None
            )
            if encryption is not None:
                X25519PublicKey.from_public_bytes(encryption)
            origin = Origin(str(org["level"]), str(org["code"]), str(org["name"]))
        except FileNotFoundError as exc:
            raise ValidationError(f"找不到{where}。", code="keys.file") from exc
        except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
            # RecursionError: JSON nested thousands deep, as a hostile file may be.
            raise ValidationError(
                f"{where}不是有效的公钥文件，请让对方用“导出公钥”重新生成。", code="keys.file"
            ) from exc
        printed = fingerprint(signing)
        if value.get("fingerprint") not in (None, printed):
            raise ValidationError(
                f"{where}中记录的指纹与公钥不符，文件可能被改动过，已拒绝。", code="keys.file"
            )
        return KeyCard(origin, signing, encryption, printed)

    def import_public(self, path: Path) -> KnownKeyRecord:
        """Register another office's public keys (after its fingerprint has been checked)."""
        card = self.read_card(path)
        return self.accept(card.origin, card.signing_public, card.encryption_public)

    def accept(
        self, origin: Origin, signing_public: bytes, encryption_public: bytes | None = None
    ) -> KnownKeyRecord:
        """Register a sender's key; an earlier key of the same office is revoked (replaced)."""
        self._require_key_admin("登记其他单位的公钥")
        printed = fingerprint(signing_public)
        actor = self._context.actor.username
        with self._context.unit_of_work() as session:
            existing = session.scalars(
                select(KnownKey).where(KnownKey.fingerprint == printed)
            ).one_or_none()
            if existing is not None and existing.state == "revoked":
                raise ValidationError(
                    f"指纹为 {printed} 的密钥已被吊销（{existing.revoke_reason or '未说明理由'}），"
                    "不能再次登记。请让对方生成新的密钥。",
                    code="keys.revoked",
                )
            for old in session.scalars(
                select(KnownKey).where(
                    KnownKey.org_code == origin.code,
                    KnownKey.state == "accepted",
                    KnownKey.fingerprint != printed,
                )
            ):
                old.state = "revoked"
                old.revoked_by = actor
                old.revoked_at = utcnow()
                old.revoke_reason = f"被新密钥 {printed} 取代"
            row = existing or KnownKey(fingerprint=printed)
            row.org_level, row.org_code, row.org_name = origin.level, origin.code, origin.name
            row.signing_public = _b64(signing_public)
            if encryption_public is not None:
                row.encryption_public = _b64(encryption_public)
            row.state = "accepted"
            row.accepted_by = actor
            row.accepted_at = utcnow()
            if existing is None:
                session.add(row)
            session.flush()
            return _record(row)

    def known(self) -> list[KnownKeyRecord]:
        """Every registered key, current ones first."""
        with self._context.read() as session:
            rows = session.scalars(
                select(KnownKey).order_by(KnownKey.state, KnownKey.org_code, KnownKey.id)
            ).all()
            return [_record(row) for row in rows]

    def revoke(self, printed: str, reason: object) -> KnownKeyRecord:
        """Stop trusting a key (lost stick, staff change); the reason is required."""
        self._require_key_admin("吊销公钥")
        text = normalize_prose(reason)
        if not text:
            raise ValidationError("请填写吊销的理由。", code="keys.reason", field="reason")
        with self._context.unit_of_work() as session:
            row = session.scalars(
                select(KnownKey).where(KnownKey.fingerprint == printed.strip().upper())
            ).one_or_none()
            if row is None:
                raise NotFoundError(f"没有登记指纹为 {printed} 的密钥。", code="keys.missing")
            row.state = "revoked"
            row.revoked_by = self._context.actor.username
            row.revoked_at = utcnow()
            row.revoke_reason = text
            session.flush()
            return _record(row)

    def sender_status(self, origin_code: str, signing_public: bytes) -> SenderStatus:
        """Whether a package's signer is the registered key of its office."""
        printed = fingerprint(signing_public)
        with self._context.read() as session:
            rows = session.scalars(
                select(KnownKey).where(
                    (KnownKey.fingerprint == printed) | (KnownKey.org_code == origin_code)
                )
            ).all()
        mine = next((r for r in rows if r.fingerprint == printed), None)
        if mine is not None:
            return "revoked" if mine.state == "revoked" else "known"
        if any(r.org_code == origin_code and r.state == "accepted" for r in rows):
            return "changed"
        return "unknown"

    def recipient_key(self, org_code: str) -> X25519PublicKey | None:
        """The registered encryption key of an office, if any (packages to it are sealed)."""
        with self._context.read() as session:
            text = session.scalar(
                select(KnownKey.encryption_public).where(
                    KnownKey.org_code == org_code, KnownKey.state == "accepted"
                )
            )
        if not text:
            return None
        return X25519PublicKey.from_public_bytes(base64.b64decode(text))


def _record(row: KnownKey) -> KnownKeyRecord:
    return KnownKeyRecord(
        row.id,
        Origin(row.org_level, row.org_code, row.org_name),
        row.fingerprint,
        bool(row.encryption_public),
        row.state,
        row.accepted_by,
        row.accepted_at,
        row.revoked_at,
        row.revoke_reason,
    )
