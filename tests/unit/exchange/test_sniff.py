"""check_spreadsheet_file: what a file really is, and refusing unsafe ones before parsing."""

from __future__ import annotations

import random
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest

from nlts_desktop.exchange.limits import FileLimits
from nlts_desktop.exchange.sniff import (
    OLE2_MAGIC,
    FileRejectedError,
    check_spreadsheet_file,
)

ODS_MIMETYPE = "application/vnd.oasis.opendocument.spreadsheet"


def make_xlsx(path: Path) -> Path:
    book = openpyxl.Workbook()
    book.active.append(["姓名", "身份证号"])
    book.active.append(["张三", "51011519940520511X"])
    book.save(path)
    return path


def make_zip(path: Path, entries: dict[str, bytes], *, stored_first: str | None = None) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        if stored_first is not None:
            archive.writestr(zipfile.ZipInfo(stored_first), entries.pop(stored_first))
        for name, data in entries.items():
            archive.writestr(name, data)
    return path


def rejected(path: Path, limits: FileLimits | None = None) -> FileRejectedError:
    with pytest.raises(FileRejectedError) as caught:
        if limits is None:
            check_spreadsheet_file(path)
        else:
            check_spreadsheet_file(path, limits)
    error = caught.value
    assert path.name in error.message, error.message
    return error


def test_real_xlsx_is_recognised(tmp_path: Path) -> None:
    assert check_spreadsheet_file(make_xlsx(tmp_path / "教师.xlsx")) == "xlsx"


def test_kind_comes_from_content_not_extension(tmp_path: Path) -> None:
    path = make_xlsx(tmp_path / "改了扩展名.xls")
    assert check_spreadsheet_file(path) == "xlsx"


def test_ods_is_recognised_by_its_mimetype(tmp_path: Path) -> None:
    path = make_zip(
        tmp_path / "教师.ods",
        {"mimetype": ODS_MIMETYPE.encode(), "content.xml": b"<x/>"},
        stored_first="mimetype",
    )
    assert check_spreadsheet_file(path) == "ods"


def test_opendocument_text_is_not_a_spreadsheet(tmp_path: Path) -> None:
    path = make_zip(
        tmp_path / "通知.ods",
        {"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"},
        stored_first="mimetype",
    )
    assert rejected(path).code == "file.not_spreadsheet"


def test_missing_file(tmp_path: Path) -> None:
    error = rejected(tmp_path / "不存在.xlsx")
    assert error.code == "file.missing"


def test_folder(tmp_path: Path) -> None:
    folder = tmp_path / "名册.xlsx"
    folder.mkdir()
    assert rejected(folder).code == "file.not_a_file"


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "空.xlsx"
    path.write_bytes(b"")
    error = rejected(path)
    assert error.code == "file.empty"
    assert "0 字节" in error.message


def test_too_big_names_size_and_limit(tmp_path: Path) -> None:
    path = tmp_path / "大.xlsx"
    path.write_bytes(b"PK\x03\x04" + bytes(3 * 1024 * 1024))
    error = rejected(path, FileLimits(max_bytes=2 * 1024 * 1024))
    assert error.code == "file.too_big"
    assert "3 MB" in error.message and "2 MB" in error.message


@pytest.mark.parametrize(
    ("encoding", "text"),
    [
        ("utf-8", "姓名,身份证号\n张三,51011519940520511X\n"),
        ("utf-8-sig", "姓名,身份证号\r\n张三,51011519940520511X\r\n"),
        ("gb18030", "姓名,身份证号,学校\n张三,51011519940520511X,温江区实验小学\n"),
        ("utf-16", "姓名\t身份证号\r\n张三\t51011519940520511X\r\n"),  # Excel's "Unicode 文本"
    ],
)
def test_text_renamed_to_xlsx_is_called_csv(tmp_path: Path, encoding: str, text: str) -> None:
    path = tmp_path / "名册.xlsx"
    path.write_bytes(text.encode(encoding))
    error = rejected(path)
    assert error.code == "file.csv"
    assert "CSV" in error.message and "另存为" in error.message and ".xlsx" in error.message


def test_web_page_saved_as_xls(tmp_path: Path) -> None:
    path = tmp_path / "系统导出.xls"
    path.write_text(
        "<html><body><table><tr><td>姓名</td></tr></table></body></html>", encoding="utf-8"
    )
    assert rejected(path).code == "file.html"


def test_random_bytes_are_unknown(tmp_path: Path) -> None:
    path = tmp_path / "乱码.xlsx"
    path.write_bytes(b"\x89XYZ" + random.Random(7).randbytes(8192))
    error = rejected(path)
    assert error.code == "file.unknown"
    assert ".xlsx" in error.message


def test_docx_is_not_a_spreadsheet(tmp_path: Path) -> None:
    path = make_zip(
        tmp_path / "通知.xlsx",
        {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"},
    )
    error = rejected(path)
    assert error.code == "file.not_spreadsheet"
    assert "Word" in error.message


def test_plain_zip_is_not_a_spreadsheet(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "资料.xlsx", {"readme.txt": b"hello"})
    assert rejected(path).code == "file.not_spreadsheet"


def test_truncated_download_is_corrupt(tmp_path: Path) -> None:
    full = make_xlsx(tmp_path / "full.xlsx").read_bytes()
    path = tmp_path / "没下载完.xlsx"
    path.write_bytes(full[: len(full) // 2])
    assert rejected(path).code == "file.corrupt"


def ole2(*streams: str) -> bytes:
    """An OLE2-looking file: the magic, padding, and directory names in UTF-16-LE."""
    return OLE2_MAGIC + bytes(504) + b"".join(s.encode("utf-16-le") + bytes(64) for s in streams)


def test_password_protected_xlsx_is_encrypted(tmp_path: Path) -> None:
    path = tmp_path / "加密.xlsx"
    path.write_bytes(ole2("EncryptionInfo", "EncryptedPackage"))
    error = rejected(path)
    assert error.code == "file.encrypted"
    assert "密码" in error.message


def test_legacy_xls_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "旧表.xls"
    path.write_bytes(ole2("Workbook", "SummaryInformation"))
    assert check_spreadsheet_file(path) == "xls"


def test_word_97_document_is_not_a_spreadsheet(tmp_path: Path) -> None:
    path = tmp_path / "通知.xls"
    path.write_bytes(ole2("WordDocument", "1Table"))
    assert rejected(path).code == "file.not_spreadsheet"


def test_zip_bomb_is_refused_from_the_directory_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "炸弹.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", bytes(50 * 1024 * 1024))
    assert path.stat().st_size < 200_000  # 50 MB of zeros compress > 200×

    def no_inflating(*args: object, **kwargs: object) -> None:
        raise AssertionError("an entry was opened")

    monkeypatch.setattr(zipfile.ZipFile, "open", no_inflating)
    started = time.perf_counter()
    error = rejected(path)
    assert time.perf_counter() - started < 1.0
    assert error.code == "file.zip_bomb"
    assert "压缩比" in error.message


def test_too_many_entries(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "多.xlsx", {f"xl/part{i}.xml": b"<x/>" for i in range(20)})
    error = rejected(path, FileLimits(max_zip_entries=10))
    assert error.code == "file.zip_bomb"
    assert error.details["entries"] == 20


def test_declared_size_over_the_limit(tmp_path: Path) -> None:
    path = make_xlsx(tmp_path / "大.xlsx")
    error = rejected(path, FileLimits(max_uncompressed_bytes=1000))
    assert error.code == "file.zip_bomb"


@pytest.mark.parametrize("name", ["../../evil.xml", "/etc/evil.xml", "xl\\..\\..\\evil.xml"])
def test_entry_outside_the_archive_is_unsafe(tmp_path: Path, name: str) -> None:
    path = make_zip(
        tmp_path / "路径.xlsx",
        {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<w/>", name: b"x"},
    )
    assert rejected(path).code == "file.zip_unsafe"


def test_a_real_csv_is_not_called_renamed(tmp_path: Path) -> None:
    path = tmp_path / "名册.csv"
    path.write_text("姓名,身份证号\n张三,51011519940520511X\n", encoding="utf-8")
    error = rejected(path)
    assert error.code == "file.csv"
    assert "扩展名" not in error.message and "另存为" in error.message
