"""Exchange packages as the office handles them: verify one, and the ledger of every package.

Making the four kinds (school kit, school submission, county report, county return) and
importing them build on this: every package made or taken in — or refused — is written to the
ledger (``package_records``) with its outcome, so the clerk can show what went where.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from nlts_desktop import __version__
from nlts_desktop.domain.errors import AppError
from nlts_desktop.exchange.package import (
    KINDS,
    OpenedPackage,
    Origin,
    PackageContent,
    WrittenPackage,
    open_package,
    write_package,
)
from nlts_desktop.services.audit import PACKAGE_ACTION
from nlts_desktop.services.context import WRITE_ROLES, ServiceContext
from nlts_desktop.services.keys import STATUS_LABELS, KeyService, SenderStatus
from nlts_desktop.storage.audit import record_audit
from nlts_desktop.storage.models import PackageRecord

IMPORTED = "imported"


def last_imported_sequence(session: Session, origin_code: str) -> int | None:
    """The highest sequence taken in from an office (older ones are replays)."""
    last: int | None = session.scalar(
        select(func.max(PackageRecord.sequence)).where(
            PackageRecord.origin == origin_code,
            PackageRecord.direction == "in",
            PackageRecord.result == IMPORTED,
        )
    )
    return last


def imported_sha256(session: Session, package_id: str) -> str | None:
    """The file hash a package id was taken in with, if it was."""
    found: str | None = session.scalar(
        select(PackageRecord.sha256)
        .where(
            PackageRecord.package_id == package_id,
            PackageRecord.direction == "in",
            PackageRecord.result == IMPORTED,
        )
        .limit(1)
    )
    return found


@dataclass(frozen=True)
class VerifyReport:
    """What a package is, who signed it and how it stands against what was seen before."""

    file_name: str
    package_id: str
    kind: str
    kind_label: str
    origin: Origin
    sequence: int
    created_at: str
    period: str
    counts: dict[str, int]
    encrypted: bool
    signer_fingerprint: str
    sender: SenderStatus
    sha256: str
    size: int
    last_sequence: int | None
    seen_before: bool

    @property
    def sender_label(self) -> str:
        """The sender's standing in Chinese."""
        return STATUS_LABELS[self.sender]

    @property
    def replay(self) -> bool:
        """Older than the newest package already taken in from the same office."""
        return self.last_sequence is not None and self.sequence < self.last_sequence


@dataclass(frozen=True)
class LedgerEntry:
    """One line of the package ledger."""

    at: datetime
    direction: str
    kind_label: str
    origin: str
    sequence: int
    package_id: str
    file_name: str | None
    result: str
    message: str | None


class PackageService:
    """Verification and the ledger (the kinds are made and taken in on top of this)."""

    def __init__(self, context: ServiceContext, keys: KeyService) -> None:
        self._context = context
        self._keys = keys

    def verify(self, path: Path) -> VerifyReport:
        """Check a package completely without importing it; the attempt goes in the ledger."""
        try:
            opened = open_package(path, decryption_key=self._keys.decryption_key())
        except AppError as exc:
            self.log_refusal(path, exc.message)
            raise
        report = self._report(path, opened)
        self._log(path, opened, "verified", report.sender_label)
        return report

    def _report(self, path: Path, opened: OpenedPackage) -> VerifyReport:
        manifest = opened.manifest
        with self._context.read() as session:
            last = last_imported_sequence(session, manifest.origin.code)
            seen = imported_sha256(session, manifest.package_id)
        return VerifyReport(
            path.name,
            manifest.package_id,
            manifest.kind,
            manifest.kind_label,
            manifest.origin,
            manifest.sequence,
            manifest.created_at,
            manifest.period,
            manifest.counts,
            manifest.encrypted,
            opened.signer_fingerprint,
            self._keys.sender_status(manifest.origin.code, manifest.signer_public),
            opened.sha256,
            opened.size,
            last,
            seen is not None,
        )

    def send(
        self, out: Path, content: PackageContent, *, recipient_code: str | None, message: str
    ) -> WrittenPackage:
        """Sign and write a package (sealed when the recipient's key is known), then log it.

        Each kind's ``make`` checks its own roles first; this refuses a viewer whatever calls.
        """
        self._context.require(WRITE_ROLES, "生成数据包")
        recipient = self._keys.recipient_key(recipient_code) if recipient_code else None
        written = write_package(
            out,
            content,
            signing_key=self._keys.signing_key(),
            recipient=recipient,
            app_version=__version__,
        )
        with self._context.unit_of_work() as session:
            session.add(
                PackageRecord(
                    package_id=written.package_id,
                    direction="out",
                    kind=content.kind,
                    origin=content.origin.code,
                    sequence=content.sequence,
                    sha256=written.sha256,
                    file_name=out.name[:255],
                    result="made",
                    message=message,
                )
            )
            record_audit(
                session,
                action=PACKAGE_ACTION,
                entity=PackageRecord.__tablename__,
                summary=f"生成{KINDS.get(content.kind, '数据包')}“{out.name}”"
                f"（序号 {content.sequence}，{message}）",
                after={"file": str(out), "package_id": written.package_id, "kind": content.kind},
            )
        return written

    def record_in(self, path: Path, opened: OpenedPackage, result: str, message: str) -> None:
        """Write a package taken in (or refused after opening) to the ledger."""
        self._log(path, opened, result, message)

    def _log(self, path: Path, opened: OpenedPackage, result: str, message: str | None) -> None:
        manifest = opened.manifest
        with self._context.unit_of_work() as session:
            session.add(
                PackageRecord(
                    package_id=manifest.package_id,
                    direction="in",
                    kind=manifest.kind,
                    origin=manifest.origin.code,
                    sequence=manifest.sequence,
                    sha256=opened.sha256,
                    file_name=path.name[:255],
                    result=result,
                    message=message,
                )
            )

    def log_refusal(self, path: Path, message: str) -> None:
        """Log a package refused before it could be opened, with its file's name and hash."""
        try:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            digest = ""
        with self._context.unit_of_work() as session:
            session.add(
                PackageRecord(
                    package_id="",
                    direction="in",
                    kind="",
                    origin="",
                    sequence=0,
                    sha256=digest,
                    file_name=path.name[:255],
                    result="refused",
                    message=message,
                )
            )

    def ledger(self) -> list[LedgerEntry]:
        """Every package made, verified, taken in or refused, newest first."""
        with self._context.read() as session:
            rows = session.scalars(select(PackageRecord).order_by(PackageRecord.id.desc())).all()
            return [
                LedgerEntry(
                    row.created_at,
                    row.direction,
                    KINDS.get(row.kind, row.kind or "（无法识别）"),
                    row.origin,
                    row.sequence,
                    row.package_id,
                    row.file_name,
                    row.result,
                    row.message,
                )
                for row in rows
            ]
