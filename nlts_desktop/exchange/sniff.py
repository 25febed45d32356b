"""Recognise a spreadsheet by its bytes and refuse unsafe or unreadable files before parsing.

Clerks rename files (a CSV saved as ``.xlsx``, a web page exported as ``.xls``), set opening
passwords, and receive truncated downloads.  Each case gets its own code and a sentence that
says what to do, instead of a parser's traceback.  Zip containers are checked from their
directory alone (entry count, declared sizes, compression ratios, entry names) so a zip bomb
is refused before a single entry is inflated.
"""

from __future__ import annotations

import codecs
import re
import struct
import zipfile
import zlib
from pathlib import Path
from typing import Literal

from nlts_desktop.domain.errors import AppError
from nlts_desktop.exchange.limits import DEFAULT_LIMITS, MIB, FileLimits

SpreadsheetKind = Literal["xlsx", "xls", "ods"]

ZIP_MAGIC = b"PK\x03\x04"
_EMPTY_ZIP_MAGIC = b"PK\x05\x06"
OLE2_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
# An Office file with an opening password is an OLE2 container holding the real (encrypted)
# OOXML package in a stream of this name (MS-OFFCRYPTO §2.3.4.4); directory names are UTF-16-LE.
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
# The BIFF stream of a legacy workbook: "Workbook" (Excel 97+) or "Book" (Excel 5/95); CFB
# compares names without case, so some writers use capitals.
_XLS_STREAMS = tuple(n.encode("utf-16-le") for n in ("Workbook", "WORKBOOK", "Book", "BOOK"))
_ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
_ODF_MIMETYPE = b"application/vnd.oasis.opendocument."

# Ratios of tiny entries mean nothing (a 10 KB run of zeros compresses 300×); a bomb needs size.
_RATIO_FLOOR = MIB
_SAMPLE = 64 * 1024
_CHUNK = MIB
_DRIVE = re.compile(r"^[A-Za-z]:")
_TEXT_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
# What zipfile raises for a damaged or odd archive besides BadZipFile: an unsupported version
# or compression (NotImplementedError), a non-UTF-8 name flagged UTF-8 (UnicodeDecodeError,
# a ValueError), a cut or broken deflate stream (EOFError, zlib.error), a password (RuntimeError).
ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    NotImplementedError,
    ValueError,
    EOFError,
    zlib.error,
    RuntimeError,
)


class FileRejectedError(AppError):
    """A file the program will not parse: missing, empty, too big, encrypted, unsafe or foreign."""

    default_code = "file.rejected"


def _reject(path: Path, code: str, message: str, **details: object) -> FileRejectedError:
    return FileRejectedError(message, code=code, details={"path": str(path), **details})


def _mb(size: int) -> str:
    return f"{size / MIB:.1f}".removesuffix(".0")


def check_spreadsheet_file(path: Path, limits: FileLimits = DEFAULT_LIMITS) -> SpreadsheetKind:
    """Return "xlsx", "xls" or "ods" for a file that is safe to parse, else raise."""
    name = path.name
    try:
        if not path.exists():
            raise _reject(
                path,
                "file.missing",
                f"找不到文件“{name}”。文件可能已被移动、改名或删除，请重新选择文件。",
            )
        if not path.is_file():
            raise _reject(
                path,
                "file.not_a_file",
                f"“{name}”是一个文件夹，不是表格文件。请打开文件夹，选择其中的 Excel 文件。",
            )
        size = path.stat().st_size
        if size == 0:
            raise _reject(
                path,
                "file.empty",
                f"文件“{name}”是空的（0 字节），可能没有保存成功或没有下载完整。"
                "请重新获取文件后再导入。",
            )
        if size > limits.max_bytes:
            raise _reject(
                path,
                "file.too_big",
                f"文件“{name}”有 {_mb(size)} MB，"
                f"超过了程序能导入的上限 {_mb(limits.max_bytes)} MB。"
                "请删除不需要的工作表和图片，或把数据拆成几个文件分别导入。",
                size=size,
                limit=limits.max_bytes,
            )
        with path.open("rb") as handle:
            head = handle.read(_SAMPLE)
        if head.startswith((ZIP_MAGIC, _EMPTY_ZIP_MAGIC)):
            return _check_zip(path, size, limits)
        if head.startswith(OLE2_MAGIC):
            return _check_ole2(path)
        _check_text(path, head)
    except OSError as exc:
        raise _reject(
            path,
            "file.unreadable",
            f"无法读取文件“{name}”：没有读取权限，或文件正被其他程序占用。"
            "请关闭占用它的程序，或把文件复制到桌面后再导入。",
            error=str(exc),
        ) from exc
    raise _reject(
        path,
        "file.unknown",
        f"文件“{name}”不是程序能识别的表格文件（.xlsx、.xls 或 .ods），可能已经损坏，"
        "或者是其他类型的文件只改了扩展名。请用 Excel 打开确认内容，另存为 .xlsx 后再导入。",
    )


def _check_ole2(path: Path) -> SpreadsheetKind:
    has_encrypted, *books = _scan_for(path, (_ENCRYPTED_PACKAGE, *_XLS_STREAMS))
    if has_encrypted:
        raise encrypted_error(path)
    if not any(books):
        raise _reject(
            path,
            "file.not_spreadsheet",
            f"文件“{path.name}”是 Word、PowerPoint 等其他 Office 文件，不是 Excel 表格。"
            "请选择正确的 Excel 文件。",
        )
    return "xls"


def encrypted_error(path: Path) -> FileRejectedError:
    """The error for a workbook that needs a password to open."""
    return _reject(
        path,
        "file.encrypted",
        f"文件“{path.name}”已设置打开密码，程序无法读取。请在 Excel 中取消密码"
        "（文件→信息→保护工作簿→用密码进行加密，清空密码）后另存，再导入另存的文件。",
    )


def _scan_for(path: Path, needles: tuple[bytes, ...]) -> tuple[bool, ...]:
    """Which needles occur anywhere in the file, reading it in chunks with an overlap."""
    found = [False] * len(needles)
    overlap = max(map(len, needles)) - 1
    tail = b""
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            window = tail + chunk
            for index, needle in enumerate(needles):
                found[index] = found[index] or needle in window
            tail = window[-overlap:]
    return tuple(found)


def _check_text(path: Path, head: bytes) -> None:
    """Raise for a text file disguised as a workbook (CSV, tab-separated, HTML); else return."""
    text = _decode_text(head)
    if text is None:
        return
    lowered = text[:4096].lower()
    suffix = path.suffix.lower()
    save_as = (
        "请用 Excel 打开它，选择“文件→另存为”，保存类型选“Excel 工作簿（*.xlsx）”，"
        "再导入另存的文件。"
    )
    if "<html" in lowered or "<table" in lowered or "urn:schemas-microsoft-com:office" in lowered:
        if suffix in (".htm", ".html", ".xml"):
            what = f"文件“{path.name}”是网页（HTML/XML）格式的表格，程序只能导入 Excel 工作簿。"
        else:
            what = (
                f"文件“{path.name}”其实是网页（HTML/XML）格式的表格，只是扩展名是“{suffix}”，"
                "常见于从网上系统导出的文件。"
            )
        raise _reject(path, "file.html", what + save_as)
    if any(mark in text for mark in (",", "\t", "\n", "，")):
        if suffix in (".csv", ".txt", ".tsv"):
            what = f"文件“{path.name}”是 CSV/文本文件，程序只能导入 Excel 工作簿。"
        else:
            what = (
                f"文件“{path.name}”其实是 CSV/文本文件，只是扩展名改成了“{suffix or '（无）'}”，"
                "程序无法按 Excel 表格读取。"
            )
        raise _reject(path, "file.csv", what + save_as)


def _decode_text(head: bytes) -> str | None:
    """The sample as text if it reads as UTF-16 (with BOM), UTF-8 or GB18030 without controls."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # Excel's "Unicode 文本" export: tab-separated UTF-16 with a byte-order mark.
        candidates: tuple[tuple[str, bytes], ...] = (("utf-16", head[: len(head) // 2 * 2]),)
    else:
        sample = head.removeprefix(codecs.BOM_UTF8)
        candidates = (("utf-8", sample), ("gb18030", sample))
    for encoding, data in candidates:
        try:
            # final=False: the sample may end in the middle of a multi-byte character.
            text = codecs.getincrementaldecoder(encoding)().decode(data, final=False)
        except UnicodeDecodeError:
            continue
        if text and not _TEXT_CONTROL.search(text):
            return text
    return None


def _check_zip(path: Path, size: int, limits: FileLimits) -> SpreadsheetKind:
    declared = _declared_entry_count(path, size)
    if declared is not None and declared > limits.max_zip_entries:
        raise _zip_bomb(path, f"包含 {declared} 个内部文件", entries=declared)
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            _check_entries(path, infos, limits)
            return _zip_kind(path, archive, {info.filename for info in infos})
    except AppError:
        raise
    except ZIP_ERRORS as exc:
        raise corrupt_error(path, str(exc)) from exc


def _zip_kind(path: Path, archive: zipfile.ZipFile, names: set[str]) -> SpreadsheetKind:
    if "mimetype" in names:
        info = archive.getinfo("mimetype")
        mimetype = archive.read(info).strip() if info.file_size <= 256 else b""
        if mimetype.startswith(_ODS_MIMETYPE):
            return "ods"
        if mimetype.startswith(_ODF_MIMETYPE):
            raise _not_spreadsheet(path, "OpenDocument 文字或演示文稿")
    if "[Content_Types].xml" in names and any(n.startswith("xl/") for n in names):
        if "xl/workbook.bin" in names:
            raise _reject(
                path,
                "file.not_spreadsheet",
                f"文件“{path.name}”是 Excel 二进制工作簿（.xlsb），程序不能直接读取。"
                "请用 Excel 打开它，另存为“Excel 工作簿（*.xlsx）”后再导入。",
            )
        return "xlsx"
    if "[Content_Types].xml" in names:
        raise _not_spreadsheet(path, "Word 文档、PowerPoint 演示文稿等其他 Office 文件")
    raise _not_spreadsheet(path, "普通的 zip 压缩包")


def _check_entries(path: Path, infos: list[zipfile.ZipInfo], limits: FileLimits) -> None:
    """Refuse bombs and unsafe names from the directory alone; nothing is inflated here."""
    if len(infos) > limits.max_zip_entries:
        raise _zip_bomb(path, f"包含 {len(infos)} 个内部文件", entries=len(infos))
    total = compressed = 0
    for info in infos:
        entry = info.filename
        parts = re.split(r"[\\/]", entry)
        if entry.startswith(("/", "\\")) or _DRIVE.match(entry) or ".." in parts:
            raise _reject(
                path,
                "file.zip_unsafe",
                f"文件“{path.name}”内部含有指向文件夹外的路径（{entry}），不像正常的表格文件，"
                "程序已拒绝读取。请向发送方重新索取文件，或用 Excel 打开后另存再导入。",
                entry=entry,
            )
        if info.flag_bits & 0x1:
            raise encrypted_error(path)
        total += info.file_size
        compressed += info.compress_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > _RATIO_FLOOR and ratio > limits.max_compression_ratio:
            raise _zip_bomb(
                path, f"其中“{entry}”的压缩比高达 {ratio:.0f} 倍", entry=entry, ratio=ratio
            )
    if total > limits.max_uncompressed_bytes:
        raise _zip_bomb(path, f"解压后共有 {_mb(total)} MB", uncompressed=total)
    ratio = total / max(compressed, 1)
    if total > _RATIO_FLOOR and ratio > limits.max_compression_ratio:
        raise _zip_bomb(path, f"整体压缩比高达 {ratio:.0f} 倍", ratio=ratio)


def _declared_entry_count(path: Path, size: int) -> int | None:
    """The entry count from the end-of-central-directory record, read before zipfile lists it.

    ``zipfile`` builds a ZipInfo per entry, so a forged directory of a million entries would
    cost memory before the count could be checked.
    """
    with path.open("rb") as handle:
        start = max(0, size - (22 + 0xFFFF))
        handle.seek(start)
        tail = handle.read()
        at = tail.rfind(_EMPTY_ZIP_MAGIC)
        if at < 0 or len(tail) - at < 22:
            return None
        count = int(struct.unpack_from("<H", tail, at + 10)[0])
        if count != 0xFFFF:
            return count
        # Zip64: the locator (20 bytes before the record) gives the zip64 record's offset.
        locator = at - 20
        if locator < 0 or tail[locator : locator + 4] != b"PK\x06\x07":
            return None
        offset = int(struct.unpack_from("<Q", tail, locator + 8)[0])
        handle.seek(offset)
        record = handle.read(56)
        if len(record) < 56 or record[:4] != b"PK\x06\x06":
            return None
        return int(struct.unpack_from("<Q", record, 32)[0])


def _zip_bomb(path: Path, what: str, **details: object) -> FileRejectedError:
    return _reject(
        path,
        "file.zip_bomb",
        f"文件“{path.name}”{what}，远超正常表格文件，可能是恶意构造的压缩文件，"
        "程序已拒绝读取以免耗尽内存。如果确认是正常文件，请用 Excel 打开后另存一份再导入。",
        **details,
    )


def _not_spreadsheet(path: Path, what: str) -> FileRejectedError:
    return _reject(
        path,
        "file.not_spreadsheet",
        f"文件“{path.name}”是{what}，不是 Excel 表格。请选择正确的 Excel 文件（.xlsx）。",
    )


def corrupt_error(path: Path, reason: str) -> FileRejectedError:
    """The error for a file whose structure cannot be read (truncated, damaged, malicious XML)."""
    return _reject(
        path,
        "file.corrupt",
        f"文件“{path.name}”已损坏或内容格式不正确，程序无法读取，可能没有下载或复制完整。"
        "请重新获取文件；如果 Excel 能打开它，请在 Excel 中另存为 .xlsx 后再导入。",
        reason=reason,
    )
