"""Which files may be attached as evidence (证据材料), and how big.

Evidence files are stored and listed, never opened or run by the program; still, a county PC
should not collect programs and scripts passed around as "evidence".  The allowed types are a
list of ordinary document, video and image formats per evidence kind; a file that starts like a
Windows program (``MZ``) or a shell script is refused whatever its name says.
"""

from __future__ import annotations

from pathlib import PurePath

from nlts_desktop.domain.catalogue import EVIDENCE_KINDS
from nlts_desktop.domain.errors import ValidationError

DEFAULT_MAX_MB = 500
_DOCUMENTS = frozenset(
    {".pdf", ".doc", ".docx", ".wps", ".ppt", ".pptx", ".dps", ".xls", ".xlsx", ".et"}
    | {".txt", ".rtf", ".odt", ".odp", ".ods"}
)
_VIDEOS = frozenset({".mp4", ".m4v", ".mov", ".avi", ".wmv", ".flv", ".mkv", ".mpg", ".mpeg"})
_IMAGES = frozenset({".jpg", ".jpeg", ".png", ".gif", ".bmp", ".webp", ".tif", ".tiff"})
_AUDIO = frozenset({".mp3", ".m4a", ".wav", ".wma", ".aac"})
ALLOWED_SUFFIXES: dict[str, frozenset[str]] = {
    "document": _DOCUMENTS | _IMAGES,
    "video": _VIDEOS,
    "image": _IMAGES,
    "other": _DOCUMENTS | _VIDEOS | _IMAGES | _AUDIO | {".zip", ".rar", ".7z"},
}
# Beginnings of files that are programs, whatever their name: PE executables, ELF, scripts.
_PROGRAM_MAGIC = (b"MZ", b"\x7fELF", b"#!")


def allowed_suffixes(kind: str) -> frozenset[str]:
    """File name endings accepted for an evidence kind (文档 / 视频 / 图片 / 其他)."""
    return ALLOWED_SUFFIXES.get(kind, ALLOWED_SUFFIXES["other"])


def check_evidence_file(
    name: str, *, size: int, head: bytes, kind: str, max_mb: int = DEFAULT_MAX_MB
) -> None:
    """Refuse a file of a type the kind does not allow, a program, an empty or too big file."""
    suffix = PurePath(name).suffix.lower()
    kind_label = EVIDENCE_KINDS.get(kind, kind)
    allowed = allowed_suffixes(kind)
    if suffix not in allowed:
        shown = "、".join(sorted(allowed))
        raise ValidationError(
            f"文件“{name}”的类型（{suffix or '无扩展名'}）不能作为{kind_label}类证据材料，"
            f"允许的类型为：{shown}。",
            code="evidence.type",
            field="file",
            value=name,
        )
    if head.startswith(_PROGRAM_MAGIC):
        raise ValidationError(
            f"文件“{name}”的内容是可执行程序或脚本，不能作为证据材料。请提交文档、视频或图片。",
            code="evidence.program",
            field="file",
            value=name,
        )
    if size <= 0:
        raise ValidationError(
            f"文件“{name}”是空文件，请选择实际的证据材料。",
            code="evidence.empty",
            field="file",
            value=name,
        )
    limit = max_mb * 1024 * 1024
    if size > limit:
        raise ValidationError(
            f"文件“{name}”大小为 {size / 1024 / 1024:.1f} MB，超过了证据材料的上限 {max_mb} MB。"
            "请压缩后再添加，或改为填写外部链接（如研修平台上的作品地址）。",
            code="evidence.too_big",
            field="file",
            value=name,
            details={"size": size, "max_mb": max_mb},
        )
