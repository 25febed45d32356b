"""Which evidence files are accepted."""

from __future__ import annotations

import pytest

from nlts_desktop.domain.errors import ValidationError
from nlts_desktop.domain.evidence import check_evidence_file


@pytest.mark.parametrize(
    ("name", "kind"),
    [("学情分析方案.docx", "document"), ("课堂实录.MP4", "video"), ("截图.png", "image")],
)
def test_ordinary_files_pass(name: str, kind: str) -> None:
    check_evidence_file(name, size=1000, head=b"\x00\x00\x00\x18ftyp", kind=kind)


@pytest.mark.parametrize(
    ("name", "kind", "head", "size", "code"),
    [
        ("setup.exe", "document", b"MZ\x90\x00", 1000, "evidence.type"),
        ("课堂实录.docx", "video", b"PK\x03\x04", 1000, "evidence.type"),
        ("方案.pdf", "document", b"MZ\x90\x00", 1000, "evidence.program"),
        ("run.txt", "document", b"#!/bin/sh", 1000, "evidence.program"),
        ("空.pdf", "document", b"", 0, "evidence.empty"),
        ("大视频.mp4", "video", b"\x00", 501 * 1024 * 1024, "evidence.too_big"),
        ("无扩展名", "other", b"%PDF", 10, "evidence.type"),
    ],
)
def test_refused_files_say_why(name: str, kind: str, head: bytes, size: int, code: str) -> None:
    with pytest.raises(ValidationError) as caught:
        check_evidence_file(name, size=size, head=head, kind=kind)
    assert caught.value.code == code
    assert name in caught.value.message


def test_the_limit_is_configurable() -> None:
    with pytest.raises(ValidationError, match="上限 1 MB"):
        check_evidence_file("a.pdf", size=2 * 1024 * 1024, head=b"%PDF", kind="document", max_mb=1)
