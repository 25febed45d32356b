"""The certificate PDF: our fast QR symbols equal reportlab's, pages, fonts, pre-printed mode."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from reportlab.graphics.barcode import qrencoder

from nlts_desktop.domain.certificates import parse_layout
from nlts_desktop.domain.errors import AppError
from nlts_desktop.exchange.certificate_pdf import (
    CertificatePage,
    _segments,
    qr_matrix,
    write_certificates_pdf,
)

SIGNATURE = ("MFRGGZDFMZTWQ2LK" * 7)[:103]  # the length of an Ed25519 signature in base32
PAYLOAD = f"NLTS1|2026-510115-000001|5101**********002X|欧阳明轩|2026|52.5|510115|{SIGNATURE}"


def reference(text: str, mask: int) -> list[list[bool]]:
    """reportlab's own encoder on the same segments and mask."""
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    for segment in _segments(text):
        code.addData(segment)
    code.version = code.calculate_version()
    code.makeImpl(False, mask)
    return [list(map(bool, row)) for row in code.modules]


@pytest.mark.parametrize(
    "text",
    [PAYLOAD, "NLTS1|x", "A" * 300, "短", PAYLOAD.replace("欧阳明轩", "阿卜杜热合曼·艾买提")],
)
@pytest.mark.parametrize("mask", [0, 5])
def test_fast_symbol_equals_reportlabs(text: str, mask: int) -> None:
    assert qr_matrix(text, mask=mask) == reference(text, mask)


def test_payload_signature_goes_in_alphanumeric_mode_after_a_utf8_eci() -> None:
    kinds = [type(segment).__name__ for segment in _segments(PAYLOAD)]
    assert kinds == ["Utf8Eci", "QR8bitByte", "QRAlphaNum"]
    assert [type(s).__name__ for s in _segments("ASCII|ONLY")] == ["QR8bitByte"]


def page(**overrides: object) -> CertificatePage:
    fields: dict[str, object] = {
        "serial": "2026-510115-000001",
        "short_code": "ABCD-EFGH-JKLM",
        "payload": PAYLOAD,
        "name": "欧阳明轩",
        "masked_id": "5101**********002X",
        "school": "成都市温江区柳城初级中学（2校区）",
        "year": 2026,
        "hours": "52.5",
        "issuer": "成都市温江区教育局",
        "issued_on": date(2026, 11, 23),
    }
    fields.update(overrides)
    return CertificatePage(**fields)  # type: ignore[arg-type]


def test_writes_one_landscape_page_per_certificate_with_embedded_font(tmp_path: Path) -> None:
    out = tmp_path / "c.pdf"
    assert write_certificates_pdf(out, [page(), page(serial="2026-510115-000002")]) == 2
    data = out.read_bytes()
    assert len(re.findall(rb"/Type /Page\b(?!s)", data)) == 2
    assert b"/MediaBox [ 0 0 841.8898 595.2756 ]" in data  # A4 landscape
    assert b"/FontFile2" in data  # TrueType embedded
    assert b"Helvetica" not in data


def test_pre_printed_mode_draws_only_the_data(tmp_path: Path) -> None:
    full, bare = tmp_path / "full.pdf", tmp_path / "bare.pdf"
    write_certificates_pdf(full, [page()])
    write_certificates_pdf(bare, [page()], pre_printed=True, layout=parse_layout({"dx": 2}))
    assert b"/XObject" in full.read_bytes()  # the fixed wording, drawn once as a form
    assert b"/XObject" not in bare.read_bytes()
    assert bare.stat().st_size < full.stat().st_size


def test_nothing_to_print_is_refused(tmp_path: Path) -> None:
    with pytest.raises(AppError) as caught:
        write_certificates_pdf(tmp_path / "none.pdf", [])
    assert caught.value.code == "certificate.no_pages"
    assert not (tmp_path / "none.pdf").exists()


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils needed")
def test_text_of_the_page(tmp_path: Path) -> None:
    out = tmp_path / "c.pdf"
    write_certificates_pdf(out, [page()])
    text = subprocess.run(
        ["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    text = " ".join(text.split())
    for expected in (
        "合 格 证 书",
        "欧阳明轩",
        "5101**********002X",
        "成都市温江区柳城初级中学（2校区）",
        "52.5",
        "校本应用考核合格",
        "2026年11月23日",
        "2026-510115-000001",
        "ABCD-EFGH-JKLM",
    ):
        assert expected in text, expected
