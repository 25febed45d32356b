"""Own keys, the registry of senders' keys, and verifying packages against it."""

from __future__ import annotations

import json
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey

from nlts_desktop.domain.enums import Role
from nlts_desktop.domain.errors import PermissionDeniedError, ValidationError
from nlts_desktop.exchange.package import (
    Origin,
    PackageContent,
    PackageError,
    fingerprint,
    raw_public,
    write_package,
)
from nlts_desktop.paths import data_paths
from nlts_desktop.services.context import Actor
from nlts_desktop.services.workspace import Workspace, WorkspaceSpec

CHENGDU = WorkspaceSpec(
    level="city", region_code="510100", region_name="成都市", preset_id="sichuan-2.0"
)


@pytest.fixture
def city(tmp_path: Path) -> Iterator[Workspace]:
    ws = Workspace.create(data_paths(tmp_path / "city"), CHENGDU, actor=Actor.system("admin"))
    yield ws
    ws.close()


def report_from(
    county: Workspace, path: Path, *, sequence: int = 1, recipient: X25519PublicKey | None = None
) -> Path:
    """A small county report signed by the county's own key."""
    own = county.keys.own()
    content = PackageContent(
        kind="county_report",
        origin=own.origin,
        sequence=sequence,
        period="2022",
        data={"schools": [{"code": "2151000001", "name": "温江区实验小学", "teachers": 120}]},
        counts={"schools": 1},
    )
    write_package(path, content, signing_key=county.keys.signing_key(), recipient=recipient)
    return path


def test_keys_are_made_once_and_kept_private(workspace: Workspace) -> None:
    own = workspace.keys.own()
    assert own.origin == Origin("county", "510115", "温江区")
    assert len(own.fingerprint) == 39 and own.fingerprint.count("-") == 7
    folder = workspace.paths.keys
    for name in ("signing.pem", "encryption.pem"):
        mode = (folder / name).stat().st_mode
        assert stat.S_IMODE(mode) == 0o600
    workspace.keys.ensure()
    assert workspace.keys.own() == own


def test_public_card_round_trip_and_registry(
    workspace: Workspace, city: Workspace, tmp_path: Path
) -> None:
    card = workspace.keys.export_public(tmp_path / "温江区.nltskey")
    text = card.read_text(encoding="utf-8")
    assert "PRIVATE" not in text and "温江区" in text
    record = city.keys.import_public(card)
    assert record.fingerprint == workspace.keys.own().fingerprint
    assert record.has_encryption_key and record.state == "accepted"
    assert [k.origin.code for k in city.keys.known()] == ["510115"]
    # An edited card is refused.
    value = json.loads(text)
    value["fingerprint"] = "AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA"
    edited = tmp_path / "edited.nltskey"
    edited.write_text(json.dumps(value), encoding="utf-8")
    with pytest.raises(ValidationError, match="指纹与公钥不符"):
        city.keys.read_card(edited)
    (tmp_path / "junk.nltskey").write_text("{}", encoding="utf-8")
    with pytest.raises(ValidationError, match="不是有效的公钥文件"):
        city.keys.read_card(tmp_path / "junk.nltskey")


def test_sender_status_known_unknown_changed_revoked(
    workspace: Workspace, city: Workspace, tmp_path: Path
) -> None:
    package = report_from(workspace, tmp_path / "温江区上报包.nltspkg")
    assert city.packages.verify(package).sender == "unknown"
    city.keys.import_public(workspace.keys.export_public(tmp_path / "k.nltskey"))
    report = city.packages.verify(package)
    assert report.sender == "known" and report.sender_label == "已登记的发送方"
    assert report.kind_label == "区县上报包" and report.counts == {"schools": 1}
    # The same county signing with another key (a reinstalled PC, or someone else).
    other = Workspace.create(
        data_paths(tmp_path / "other"),
        WorkspaceSpec(level="county", region_code="510115", region_name="温江区",
                      preset_id="sichuan-2.0"),
        actor=Actor.system("admin"),
    )  # fmt: skip
    try:
        forged = report_from(other, tmp_path / "forged.nltspkg")
        assert city.packages.verify(forged).sender == "changed"
    finally:
        other.close()
    with pytest.raises(ValidationError, match="请填写吊销的理由"):
        city.keys.revoke(report.signer_fingerprint, " ")
    city.keys.revoke(report.signer_fingerprint, "县里更换了电脑")
    assert city.packages.verify(package).sender == "revoked"
    with pytest.raises(ValidationError, match="已被吊销"):
        city.keys.import_public(workspace.keys.export_public(tmp_path / "k2.nltskey"))


def test_a_new_key_replaces_the_old_one(
    workspace: Workspace, city: Workspace, tmp_path: Path
) -> None:
    city.keys.import_public(workspace.keys.export_public(tmp_path / "old.nltskey"))
    other = Workspace.create(
        data_paths(tmp_path / "new"),
        WorkspaceSpec(level="county", region_code="510115", region_name="温江区",
                      preset_id="sichuan-2.0"),
        actor=Actor.system("admin"),
    )  # fmt: skip
    try:
        city.keys.import_public(other.keys.export_public(tmp_path / "new.nltskey"))
        states = {k.fingerprint: k.state for k in city.keys.known()}
        assert states == {
            workspace.keys.own().fingerprint: "revoked",
            other.keys.own().fingerprint: "accepted",
        }
    finally:
        other.close()


def test_packages_sealed_to_the_city_open_only_there(
    workspace: Workspace, city: Workspace, tmp_path: Path
) -> None:
    workspace.keys.import_public(city.keys.export_public(tmp_path / "city.nltskey"))
    recipient = workspace.keys.recipient_key("510100")
    assert recipient is not None
    assert fingerprint(raw_public(recipient)) == city.keys.own().encryption_fingerprint
    package = report_from(workspace, tmp_path / "sealed.nltspkg", recipient=recipient)
    assert "温江区实验小学".encode() not in package.read_bytes()
    assert city.packages.verify(package).encrypted
    with pytest.raises(PackageError, match="加密给另一个单位"):
        workspace.packages.verify(package)


def test_every_verification_and_refusal_is_in_the_ledger(
    workspace: Workspace, city: Workspace, tmp_path: Path
) -> None:
    package = report_from(workspace, tmp_path / "温江区上报包(1).nltspkg")
    city.packages.verify(package)
    broken = tmp_path / "broken.nltspkg"
    broken.write_bytes(package.read_bytes()[:-40])
    with pytest.raises(PackageError, match="不是完整的数据包"):
        city.packages.verify(broken)
    ledger = city.packages.ledger()
    assert [(e.file_name, e.result) for e in ledger] == [
        ("broken.nltspkg", "refused"),
        ("温江区上报包(1).nltspkg", "verified"),
    ]
    assert ledger[1].kind_label == "区县上报包" and ledger[1].origin == "510115"


def test_only_the_administrator_manages_keys(
    workspace: Workspace, city: Workspace, tmp_path: Path
) -> None:
    card = workspace.keys.export_public(tmp_path / "k.nltskey")
    city.act_as(Actor("look", Role.VIEWER))
    with pytest.raises(PermissionDeniedError):
        city.keys.import_public(card)
    assert city.keys.known() == []
