"""Taking a package in, whatever its kind: check it all, show what it would change, apply it whole.

One path for every kind a workspace receives (a county takes in school submissions, a school
takes in the county's return, a city takes in county reports):

1. the package is opened and verified completely (``exchange.package``); a package that cannot
   be trusted is refused and the attempt logged;
2. its kind must be one this workspace takes in, meant for this office (``recipient``);
3. the ledger decides: the same package again changes nothing; a package id already taken in
   with other bytes is refused; a lower sequence than the last one taken in from that office is
   refused as a replay;
4. the kind's handler reads what the package would change (new / changed / unchanged, and the
   conflicts with what this office changed itself since the sender's base) — a
   :class:`ImportPreview` the user sees before anything is written;
5. the sender's key: an unknown or changed key must be accepted explicitly, a revoked one never;
6. the handler applies the package in one transaction, and the ledger records the outcome.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import NoReturn, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from nlts_desktop.domain.enums import Role, WorkspaceLevel
from nlts_desktop.domain.errors import AppError, ValidationError
from nlts_desktop.exchange.package import KINDS, OpenedPackage, Origin, open_package
from nlts_desktop.services.audit import PACKAGE_ACTION
from nlts_desktop.services.context import ServiceContext
from nlts_desktop.services.keys import STATUS_LABELS, KeyService, SenderStatus, workspace_origin
from nlts_desktop.services.packages import (
    IMPORTED,
    PackageService,
    imported_sha256,
    last_imported_sequence,
)
from nlts_desktop.storage.audit import record_audit
from nlts_desktop.storage.models import WorkspaceRow


class Refusal(Exception):
    """A reason to refuse a package, found while reading (logged once the read is over)."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True)
class Changes:
    """What a package would do to this workspace's records."""

    new: int = 0
    changed: int = 0
    unchanged: int = 0
    removed: int = 0
    conflicts: tuple[str, ...] = ()

    @property
    def summary(self) -> str:
        """The counts in one Chinese line."""
        parts = [f"新增 {self.new}", f"修改 {self.changed}", f"不变 {self.unchanged}"]
        if self.removed:
            parts.append(f"删除 {self.removed}")
        parts.append(f"冲突 {len(self.conflicts)}")
        return "，".join(parts)


@dataclass(frozen=True)
class Inspection:
    """A handler's reading of a package: what it carries and what it would change."""

    title: str  # e.g. "实验小学（3151000001）的考核上报包"
    details: tuple[str, ...]  # lines such as "教师 12 名，成绩 96 项"
    changes: Changes
    unit: str = "条记录"  # what the counts count, in Chinese


@dataclass(frozen=True)
class ImportPreview:
    """Everything the user sees before a package is taken in."""

    file_name: str
    package_id: str
    kind: str
    origin: Origin
    sequence: int
    created_at: str
    encrypted: bool
    sender: SenderStatus
    sender_fingerprint: str
    already_imported: bool
    title: str
    details: tuple[str, ...]
    changes: Changes
    unit: str

    @property
    def kind_label(self) -> str:
        """The kind in Chinese."""
        return KINDS.get(self.kind, self.kind)

    @property
    def sender_label(self) -> str:
        """The sender's standing in Chinese."""
        return STATUS_LABELS[self.sender]

    @property
    def needs_key_acceptance(self) -> bool:
        """An unknown or changed sender key: the user must accept it after checking by phone."""
        return self.sender in ("unknown", "changed")


class IntakeHandler(Protocol):
    """One kind of package a workspace takes in."""

    kind: str
    levels: frozenset[WorkspaceLevel]  # the workspaces that take it in
    roles: frozenset[Role]
    action: str  # "导入学校考核上报包", for the permission message

    def inspect(self, session: Session, opened: OpenedPackage) -> Inspection:
        """What the package would change; raises :class:`Refusal` when it cannot be applied."""

    def summarize(self, opened: OpenedPackage) -> Inspection:
        """What the package carries, without comparing (for a package already taken in)."""

    def apply(self, session: Session, opened: OpenedPackage) -> str:
        """Write the package (inside the caller's transaction); returns the ledger message."""


class PackageIntake:
    """Preview and take in any package this workspace receives."""

    def __init__(
        self,
        context: ServiceContext,
        keys: KeyService,
        packages: PackageService,
        handlers: Mapping[str, IntakeHandler],
    ) -> None:
        self._context = context
        self._keys = keys
        self._packages = packages
        self._handlers = dict(handlers)

    def preview(self, path: Path) -> ImportPreview:
        """Check a package completely and say what taking it in would do (nothing is written
        but the ledger line of a refusal)."""
        opened, handler = self._open(path)
        return self._preview(path, opened, handler)

    def take_in(self, path: Path, *, accept_new_key: bool = False) -> ImportPreview:
        """Take a package in, in one transaction, or refuse it with the reason."""
        opened, handler = self._open(path)
        self._context.require(handler.roles, handler.action)
        preview = self._preview(path, opened, handler)
        if preview.already_imported:
            return preview
        if preview.sender == "revoked":
            self._refuse(
                path,
                opened,
                f"{preview.title}使用的签名密钥（指纹 {preview.sender_fingerprint}）已被吊销，"
                "不能导入。请与发送单位联系，确认其新的密钥。",
                "package.revoked_key",
            )
        if preview.needs_key_acceptance and not accept_new_key:
            self._refuse(
                path,
                opened,
                f"{preview.title}由{preview.sender_label}签名"
                f"（指纹 {preview.sender_fingerprint}）。"
                "请与发送单位电话核对指纹，一致时选择“接受新密钥”后再导入。",
                "package.new_key",
            )
        if preview.changes.conflicts:
            conflicts = preview.changes.conflicts
            self._refuse(
                path,
                opened,
                f"{preview.title}与本单位的数据有冲突：{conflicts[0]}"
                f"（共 {len(conflicts)} 处）。没有导入任何内容。",
                "package.conflict",
            )
        self._context.checkpoint("before-package")
        if preview.needs_key_acceptance:
            manifest = opened.manifest
            self._keys.accept(manifest.origin, manifest.signer_public, None)
        try:
            with self._context.unit_of_work() as session:
                message = handler.apply(session, opened)
                record_audit(
                    session,
                    action=PACKAGE_ACTION,
                    entity="package_records",
                    summary=f"导入{preview.title}“{path.name}”"
                    f"（序号 {preview.sequence}）：{message}",
                    after={"file": str(path), "package_id": preview.package_id},
                )
        except AppError as exc:
            self._packages.record_in(path, opened, "refused", exc.message)
            raise
        self._packages.record_in(path, opened, IMPORTED, message)
        return replace(preview, already_imported=False)

    # ------------------------------------------------------------------ the checks

    def _open(self, path: Path) -> tuple[OpenedPackage, IntakeHandler]:
        try:
            opened = open_package(path, decryption_key=self._keys.decryption_key())
        except AppError as exc:
            self._packages.log_refusal(path, exc.message)
            raise
        with self._context.read() as session:
            level = WorkspaceLevel(session.scalars(select(WorkspaceRow.level)).one())
        handler = self._handlers.get(opened.manifest.kind)
        if handler is None or level not in handler.levels:
            takers = "、".join(lv.label for lv in handler.levels) if handler else ""
            self._refuse(
                path,
                opened,
                f"这个数据包是“{opened.manifest.kind_label}”"
                + (f"，应在{takers}工作区导入" if takers else "")
                + f"；本工作区是{level.label}工作区，不能导入。",
                "package.kind",
            )
        return opened, handler

    def _preview(self, path: Path, opened: OpenedPackage, handler: IntakeHandler) -> ImportPreview:
        try:
            with self._context.read() as session:
                seen = self._ledger_checks(session, opened)
                inspection = handler.summarize(opened) if seen else handler.inspect(session, opened)
        except Refusal as refusal:
            # Logged after the read has ended (a write inside it would wait on itself).
            self._refuse(path, opened, refusal.message, refusal.code)
        manifest = opened.manifest
        return ImportPreview(
            file_name=path.name,
            package_id=manifest.package_id,
            kind=manifest.kind,
            origin=manifest.origin,
            sequence=manifest.sequence,
            created_at=manifest.created_at,
            encrypted=manifest.encrypted,
            sender=self._keys.sender_status(manifest.origin.code, manifest.signer_public),
            sender_fingerprint=opened.signer_fingerprint,
            already_imported=seen,
            title=inspection.title,
            details=inspection.details,
            changes=inspection.changes,
            unit=inspection.unit,
        )

    @staticmethod
    def _ledger_checks(session: Session, opened: OpenedPackage) -> bool:
        """Recipient, same id with other content, replay; True when already taken in."""
        manifest = opened.manifest
        own = workspace_origin(session)  # a school's own code in school mode
        if manifest.recipient != own.code:
            raise Refusal(
                f"这个数据包来自{manifest.origin.name}（{manifest.origin.code}），是发给"
                f"“{manifest.recipient or '未注明的单位'}”的，不是发给本单位"
                f"（{own.name}，{own.code}）的，不能导入。",
                "package.other_recipient",
            )
        seen = imported_sha256(session, manifest.package_id)
        if seen is not None and seen != opened.sha256:
            raise Refusal(
                "这个数据包的编号已经导入过，但内容不同，可能被改动过，已拒绝。",
                "package.same_id_other_content",
            )
        last = last_imported_sequence(session, manifest.origin.code)
        if seen is None and last is not None and manifest.sequence <= last:
            raise Refusal(
                f"已导入过{manifest.origin.name}序号 {last} 的数据包，这个包"
                f"（序号 {manifest.sequence}）较旧，导入会用旧数据覆盖新数据，已拒绝。",
                "package.replay",
            )
        return seen is not None

    def _refuse(self, path: Path, opened: OpenedPackage, message: str, code: str) -> NoReturn:
        self._packages.record_in(path, opened, "refused", message)
        raise ValidationError(message, code=code)
