"""The certificate register: issue to the qualified only, void, reissue, print, verify."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import select

from nlts_desktop.domain.certificates import parse_payload, signature_text
from nlts_desktop.domain.enums import CertificateState, Role
from nlts_desktop.domain.errors import NotFoundError, PermissionDeniedError, ValidationError
from nlts_desktop.exchange.package import Origin
from nlts_desktop.paths import data_paths
from nlts_desktop.services.certificates import CertificateService
from nlts_desktop.services.context import Actor, ServiceContext
from nlts_desktop.services.workspace import Workspace, WorkspaceSpec
from nlts_desktop.storage.models import AuditEntry, Certificate, CertificatePrint
from tests.helpers import add_teachers, grade_all, id_number, ready_school


def qualify(workspace: Workspace, school: int, teachers: list[int], online: list[int]) -> None:
    """Assessment passed and approved (30 practice hours credited) plus the online hours."""
    ready_school(workspace, school, teachers)
    grade_all(workspace, school)
    workspace.assessment.submit(school)
    workspace.review.approve_clean(school)
    for teacher, hours in zip(teachers, online, strict=True):
        workspace.hours.add(
            {"teacher_id": teacher, "category": "网络研修", "hours": hours, "date": "2022-05-20"}
        )


@pytest.fixture
def teachers(workspace: Workspace, school: int) -> list[int]:
    """Four teachers who passed the assessment: three qualified, the fourth short of hours."""
    ids = add_teachers(workspace, 4)
    qualify(workspace, school, ids, [20, 20, 20, 8])
    return ids


def test_issue_to_a_school_refuses_the_unqualified_with_the_reason(
    workspace: Workspace, school: int, teachers: list[int]
) -> None:
    outcome = workspace.certificates.issue(school_id=school)
    assert sorted(r.teacher_id for r in outcome.issued) == teachers[:3]
    assert [n.teacher_id for n in outcome.refused] == [teachers[3]]
    reason = outcome.refused[0].reason
    assert reason.startswith("未达到发证条件：网络研修学时不足：已有 8 学时，还差 12 学时")
    assert "总学时不足" in reason
    year = workspace.info().current_cycle
    assert [r.serial for r in outcome.issued] == [f"{year}-510115-{n:06d}" for n in (1, 2, 3)]
    first = outcome.issued[0]
    assert first.state is CertificateState.ISSUED and first.state_label == "已发放"
    assert first.hours == "50" and first.school_name == "温江区实验小学"
    assert first.masked_id.startswith("5101") and first.masked_id.count("*") == 10
    assert first.issued_by == "admin"
    # Issuing again gives nothing new: everybody qualified already holds one.
    with pytest.raises(ValidationError) as caught:
        workspace.certificates.issue(school_id=school)
    assert caught.value.code == "certificate.nothing_to_issue"
    assert "3 名已有证书" in caught.value.message and "1 名未达到发证条件" in caught.value.message


def test_chosen_teachers_are_all_or_nothing(
    workspace: Workspace, school: int, teachers: list[int]
) -> None:
    with pytest.raises(ValidationError) as caught:
        workspace.certificates.issue(teacher_ids=[teachers[0], teachers[3]])
    assert caught.value.code == "certificate.not_qualified"
    assert "本次没有发放任何证书" in caught.value.message
    assert "网络研修学时不足" in caught.value.message
    assert workspace.certificates.register() == []

    outcome = workspace.certificates.issue(teacher_ids=[teachers[1]])
    assert [r.teacher_id for r in outcome.issued] == [teachers[1]]
    again = workspace.certificates.issue(teacher_ids=teachers[:3])
    assert [n.teacher_id for n in again.skipped] == [teachers[1]]
    assert "已有证书" in again.skipped[0].reason
    assert len(again.issued) == 2


def test_verify_payload_and_short_code(
    workspace: Workspace, school: int, teachers: list[int]
) -> None:
    record = workspace.certificates.issue(teacher_ids=[teachers[0]]).issued[0]
    assert record.payload is not None
    result = workspace.certificates.verify(record.payload)
    assert result.valid and result.method == "payload", result.message
    assert result.state is CertificateState.ISSUED and result.certificate_id == record.id
    assert result.message.startswith("证书有效") and "成都市温江区教育局" in result.message

    # One character of the name, of the serial, of the hours: the signature no longer holds.
    name_changed = record.payload.replace(f"|{record.teacher_name}|", "|教师乙二|")
    serial_changed = record.payload.replace(record.serial, record.serial[:-1] + "9")
    hours_changed = record.payload.replace("|50|", "|60|")
    for text in (name_changed, serial_changed, hours_changed):
        assert text != record.payload
        forged = workspace.certificates.verify(text)
        assert not forged.valid and forged.message.startswith("签名不符"), forged.message

    typed = record.short_code.replace("-", " ").lower()
    by_code = workspace.certificates.verify(f"  {typed} ")
    assert by_code.valid and by_code.method == "short_code"
    assert by_code.serial == record.serial and by_code.teacher_name == record.teacher_name
    full_width = "".join(chr(ord(c) + 0xFEE0) if c.isalnum() else c for c in record.short_code)
    assert workspace.certificates.verify(full_width).valid

    unknown = workspace.certificates.verify("AAAA-AAAA-AAAA")
    assert not unknown.valid and "没有验证码 AAAA-AAAA-AAAA" in unknown.message
    garbage = workspace.certificates.verify("12345")
    assert not garbage.valid and garbage.method == "unreadable" and "验证码" in garbage.message


def test_void_then_reissue(workspace: Workspace, school: int, teachers: list[int]) -> None:
    old = workspace.certificates.issue(teacher_ids=[teachers[0]]).issued[0]
    with pytest.raises(ValidationError) as caught:
        workspace.certificates.reissue(old.id, "证书遗失")
    assert caught.value.code == "certificate.not_voided"
    assert "补发前请先作废原证书" in caught.value.message

    with pytest.raises(ValidationError):
        workspace.certificates.void(old.id, "  ")
    voided = workspace.certificates.void(old.id, "证书遗失")
    assert voided.state is CertificateState.VOIDED and voided.void_reason == "证书遗失"
    with pytest.raises(ValidationError) as caught:
        workspace.certificates.void(old.id, "再次")
    assert caught.value.code == "certificate.already_voided"
    # A voided certificate is not issued again by a plain issue: that is what 补发 is for.
    with pytest.raises(ValidationError):
        workspace.certificates.issue(teacher_ids=[teachers[0]])

    new = workspace.certificates.reissue(old.id, "证书遗失，本人申请补发")
    assert new.state is CertificateState.REISSUED and new.replaces_id == old.id
    assert new.replaces_serial == old.serial and new.serial != old.serial
    assert new.hours == old.hours and new.short_code != old.short_code
    assert workspace.certificates.get(old.id).replaced_by_serial == new.serial
    with pytest.raises(ValidationError) as caught:
        workspace.certificates.reissue(old.id, "再补一次")
    assert caught.value.code == "certificate.already_reissued"

    assert old.payload is not None and new.payload is not None
    stale = workspace.certificates.verify(old.payload)
    assert not stale.valid and stale.state is CertificateState.VOIDED
    assert "已作废" in stale.message and "证书遗失" in stale.message and new.serial in stale.message
    assert workspace.certificates.verify(old.short_code).state_label == "已作废"
    fresh = workspace.certificates.verify(new.short_code)
    assert fresh.valid and fresh.state is CertificateState.REISSUED and "补发" in fresh.message

    with workspace.context.read() as session:
        summaries = session.scalars(
            select(AuditEntry.summary).where(AuditEntry.action == "reissue")
        ).all()
    assert summaries == [
        f"补发证书 {new.serial}，替代已作废的 {old.serial}：证书遗失，本人申请补发"
    ]


def test_register_filters_and_find(workspace: Workspace, school: int, teachers: list[int]) -> None:
    issued = workspace.certificates.issue(school_id=school).issued
    workspace.certificates.void(issued[0].id, "信息有误")
    register = workspace.certificates.register(school_id=school)
    assert [r.serial for r in register] == sorted(r.serial for r in issued)
    voided = workspace.certificates.register(state="voided")
    assert [r.id for r in voided] == [issued[0].id]
    assert len(workspace.certificates.register(state=CertificateState.ISSUED)) == 2
    assert workspace.certificates.register(search=issued[1].teacher_name)[0].id == issued[1].id
    assert workspace.certificates.find(f" {issued[2].serial.lower()} ").id == issued[2].id
    with pytest.raises(NotFoundError):
        workspace.certificates.find("2099-000000-000001")


def test_settings_pattern_issuer_and_layout(
    workspace: Workspace, school: int, teachers: list[int]
) -> None:
    settings = workspace.certificates.settings()
    assert settings.serial_pattern == "{year}-{county}-{seq:06d}"
    assert settings.issuer_name == "成都市温江区教育局"
    with pytest.raises(ValidationError) as caught:
        workspace.certificates.update_settings(serial_pattern="{year}-{county}")
    assert "{seq}" in caught.value.message
    with pytest.raises(ValidationError):
        workspace.certificates.update_settings(layout={"fields": {"name": [80, 0]}})
    changed = workspace.certificates.update_settings(
        serial_pattern="wj{school}-{seq:04d}",
        issuer_name="温江区教育局",
        layout={"dx": "1.5", "fields": {"qr": {"dx": -2, "dy": 3}}},
    )
    assert changed.serial_pattern == "WJ{school}-{seq:04d}"
    assert changed.layout.offset("qr") == (-0.5, 3.0)
    assert workspace.certificates.settings() == changed
    serials = [r.serial for r in workspace.certificates.issue(school_id=school).issued]
    assert serials == ["WJ2151000001-0001", "WJ2151000001-0002", "WJ2151000001-0003"]


def test_serial_sequence_continues_after_the_highest(
    workspace: Workspace, school: int, teachers: list[int]
) -> None:
    first = workspace.certificates.issue(teacher_ids=[teachers[0]]).issued[0]
    workspace.certificates.void(first.id, "作废测试")
    second = workspace.certificates.reissue(first.id, "补发")
    third = workspace.certificates.issue(teacher_ids=[teachers[1]]).issued[0]
    numbers = [int(r.serial.rsplit("-", 1)[1]) for r in (first, second, third)]
    assert numbers == [1, 2, 3]


def test_print_pdf_sorted_logged_and_voided_refused(
    workspace: Workspace, school: int, teachers: list[int], tmp_path: Path
) -> None:
    issued = workspace.certificates.issue(school_id=school).issued
    out = tmp_path / "证书.pdf"
    printed = workspace.certificates.print_pdf(out, school_id=school)
    assert printed.pages == 3 and out.read_bytes().startswith(b"%PDF")
    names = sorted(issued, key=lambda r: r.serial)
    assert (printed.first_serial, printed.last_serial) == (names[0].serial, names[-1].serial)
    log = workspace.certificates.prints()
    assert len(log) == 1 and log[0].count == 3 and not log[0].pre_printed
    assert log[0].school_name == "温江区实验小学" and log[0].file_name == str(out)

    workspace.certificates.void(issued[0].id, "打印错误")
    again = workspace.certificates.print_pdf(
        tmp_path / "again.pdf", school_id=school, pre_printed=True
    )
    assert again.pages == 2
    assert workspace.certificates.prints()[0].pre_printed
    with pytest.raises(ValidationError) as caught:
        workspace.certificates.print_pdf(tmp_path / "x.pdf", certificate_ids=[issued[0].id])
    assert caught.value.code == "certificate.print_voided"
    assert not (tmp_path / "x.pdf").exists()
    chosen = workspace.certificates.print_pdf(tmp_path / "one.pdf", certificate_ids=[issued[1].id])
    assert chosen.pages == 1 and chosen.first_serial == issued[1].serial
    assert workspace.certificates.prints()[0].school_name == "温江区实验小学"
    with workspace.context.read() as session:
        assert len(session.scalars(select(CertificatePrint)).all()) == 3


@pytest.mark.skipif(
    not (shutil.which("zbarimg") and shutil.which("pdftoppm")),
    reason="zbar-tools and poppler-utils are needed to read the QR code back",
)
def test_printed_qr_code_decodes_to_the_registered_payload(
    workspace: Workspace, school: int, teachers: list[int], tmp_path: Path
) -> None:
    record = workspace.certificates.issue(teacher_ids=[teachers[0]]).issued[0]
    out = tmp_path / "one.pdf"
    workspace.certificates.print_pdf(out, certificate_ids=[record.id])
    subprocess.run(["pdftoppm", "-png", "-r", "150", str(out), str(tmp_path / "page")], check=True)
    decoded = subprocess.run(
        ["zbarimg", "--quiet", "--raw", str(next(tmp_path.glob("page*.png")))],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert decoded == record.payload
    assert workspace.certificates.verify(decoded).valid


def test_only_the_county_admin_issues_but_anyone_verifies(
    workspace: Workspace, school: int, teachers: list[int], tmp_path: Path
) -> None:
    record = workspace.certificates.issue(teacher_ids=[teachers[0]]).issued[0]
    reader = CertificateService(
        ServiceContext(workspace.db, Actor("reader", Role.VIEWER)), workspace.keys, workspace.hours
    )
    assert reader.verify(record.short_code).valid  # anyone verifies
    assert len(reader.register()) == 1
    for action in (
        lambda: reader.issue(school_id=school),
        lambda: reader.void(record.id, "x"),
        lambda: reader.print_pdf(tmp_path / "r.pdf", school_id=school),
        lambda: reader.update_settings(issuer_name="某单位"),
    ):
        with pytest.raises(PermissionDeniedError):
            action()


def test_other_offices_certificates_verify_with_their_registered_key(
    workspace: Workspace, school: int, teachers: list[int], tmp_path: Path
) -> None:
    record = workspace.certificates.issue(teacher_ids=[teachers[0]]).issued[0]
    assert record.payload is not None
    card = tmp_path / "wenjiang.nltskey"
    workspace.keys.export_public(card)

    other = Workspace.create(
        data_paths(tmp_path / "other"),
        WorkspaceSpec("county", "510112", "龙泉驿区", "sichuan-2.0", "510100", "成都市"),
        actor=Actor.system("admin"),
    )
    try:
        unknown = other.certificates.verify(record.payload)
        assert not unknown.valid and "没有登记发证单位（代码 510115）的公钥" in unknown.message
        known = other.keys.import_public(card)
        trusted = other.certificates.verify(record.payload)
        assert trusted.valid and trusted.state is None, trusted.message
        assert "温江区" in trusted.message and "是否已作废请向发证单位核实" in trusted.message
        forged = record.payload.replace("|50|", "|58|")
        assert not other.certificates.verify(forged).valid
        other.keys.revoke(known.fingerprint, "密钥丢失")
        revoked = other.certificates.verify(record.payload)
        assert not revoked.valid and "已被吊销" in revoked.message
        # Certificates are the county's to issue.
        assert other.keys.own().origin == Origin("county", "510112", "龙泉驿区")
    finally:
        other.close()


def test_payload_signed_by_another_key_with_our_code_is_rejected(
    workspace: Workspace, school: int, teachers: list[int]
) -> None:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    record = workspace.certificates.issue(teacher_ids=[teachers[0]]).issued[0]
    assert record.payload is not None
    facts = parse_payload(record.payload).facts
    stranger = Ed25519PrivateKey.generate().sign(facts.message())
    forged = f"{facts.signed_text()}|{signature_text(stranger)}"
    result = workspace.certificates.verify(forged)
    assert not result.valid and result.message.startswith("签名不符")


def test_tampered_register_row_is_reported(
    workspace: Workspace, school: int, teachers: list[int]
) -> None:
    record = workspace.certificates.issue(teacher_ids=[teachers[0]]).issued[0]
    with workspace.context.unit_of_work() as session:
        row = session.get(Certificate, record.id)
        assert row is not None and row.payload is not None
        row.payload = row.payload.replace("|50|", "|90|")
    result = workspace.certificates.verify(record.short_code)
    assert not result.valid and "登记记录与签名不符" in result.message


def test_inactive_and_unknown_teachers(
    workspace: Workspace, school: int, teachers: list[int]
) -> None:
    with pytest.raises(NotFoundError):
        workspace.certificates.issue(teacher_ids=[999_999])
    with pytest.raises(ValidationError) as caught:
        workspace.certificates.issue()
    assert caught.value.code == "certificate.no_selection"
    workspace.teachers.set_active(teachers[2], False)
    with pytest.raises(ValidationError) as caught:
        workspace.certificates.issue(teacher_ids=[teachers[2]])
    assert "教师已停用" in caught.value.message
    assert id_number(2, female=True) not in caught.value.message  # only the masked ID


def test_hours_without_a_passed_assessment_are_not_enough(
    workspace: Workspace, school: int, teachers: list[int]
) -> None:
    other = workspace.schools.create(
        {"code": "3151000002", "name": "温江区第二中学", "urban_rural": "111", "environments": "A"}
    ).id
    [teacher] = add_teachers(workspace, 1, school="3151000002", start=10)
    for category, hours, day in (
        ("网络研修", 20, "2022-05-20"),
        ("校本实践应用", 24, "2022-05-21"),
        ("校本实践应用", 6, "2022-05-22"),
    ):
        workspace.hours.add(
            {"teacher_id": teacher, "category": category, "hours": hours, "date": day}
        )
    with pytest.raises(ValidationError) as caught:
        workspace.certificates.issue(school_id=other)
    assert "1 名未达到发证条件" in caught.value.message
    with pytest.raises(ValidationError) as caught:
        workspace.certificates.issue(teacher_ids=[teacher])
    assert "校本应用考核尚未通过" in caught.value.message
    assert "学时不足" not in caught.value.message  # 50 hours are there: only the assessment


def test_year_out_of_range_is_refused(
    workspace: Workspace, school: int, teachers: list[int]
) -> None:
    with pytest.raises(ValidationError) as caught:
        workspace.certificates.issue(school_id=school, year=26)
    assert caught.value.code == "certificate.year" and "2000 至 2099" in caught.value.message
    issued = workspace.certificates.issue(school_id=school, year=2023).issued
    assert {r.year for r in issued} == {2023} and issued[0].serial.startswith("2023-")


def test_the_issuer_keeps_its_chinese_brackets(workspace: Workspace) -> None:
    saved = workspace.certificates.update_settings(
        issuer_name=" 成都市温江区教育局（教师发展中心） "
    )
    assert saved.issuer_name == "成都市温江区教育局（教师发展中心）"
    assert workspace.certificates.settings().issuer_name == saved.issuer_name
