"""合格证书 as PDF: one certificate per A4 landscape page, many in one file.

A4 landscape, as 结业证书 and 合格证书 usually are.  Every position is fixed in millimetres from
the page's top-left corner (never computed from the font's metrics), so a certificate lands in
the same place whichever CJK font the machine has — what printing onto pre-printed paper
(套打) needs.  The layout's offsets move each printed field (right / down, in mm) on top of
that; ``pre_printed`` draws only the fields that come from data (name, ID, school, year, hours,
issuer, date, serial, short code and QR code), leaving the border, title and fixed wording to
the paper.

The QR code carries the signed payload.  reportlab's QR encoder is used for the symbol, with
two things done faster here, because 1,000 certificates must be written in ≤ 3 s: the
Reed–Solomon codewords are computed with the generator polynomial built once per size (the
encoder rebuilds it by polynomial multiplication for every block), and the mask is fixed
(pattern 0) instead of trying all eight — any mask is valid and every reader handles it; the
eight trials made one code 15 ms.  The modules are drawn as one filled path of merged
rectangles.  The font is the embedded CJK TrueType font of :mod:`nlts_desktop.exchange.fonts`;
reportlab is imported inside the functions (start-up time).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from nlts_desktop.domain.certificates import CertificateLayout
from nlts_desktop.domain.errors import AppError
from nlts_desktop.exchange.excel_writer import atomic_write
from nlts_desktop.exchange.fonts import register_cjk_font

TITLE = "合格证书"
PROGRAMME = "中小学教师信息技术应用能力提升工程2.0"
PAGE_WIDTH_MM = 297.0
PAGE_HEIGHT_MM = 210.0
QR_SIZE_MM = 32.0
QR_QUIET_MODULES = 4
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_QR_ALPHANUMERIC = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:")
# The tail of a payload worth putting into the QR code's alphanumeric mode (the signature).
_MIN_ALPHANUMERIC_TAIL = 20
UTF8_ECI = 26
_DARK_RUN = re.compile(rb"\x01+")
_BODY_SIZE = 16.0
_STATIC_FORM = "certificate-static"
_RED = (0.62, 0.09, 0.09)
_INK = (0.1, 0.1, 0.1)


@dataclass(frozen=True)
class CertificatePage:
    """One certificate as printed."""

    serial: str
    short_code: str
    payload: str
    name: str
    masked_id: str
    school: str
    year: int
    hours: str
    issuer: str
    issued_on: date


@dataclass(frozen=True)
class _Slot:
    """Where a data field is printed: baseline at ``y`` mm from the top, within a width."""

    x: float
    y: float
    width: float
    size: float
    align: str  # "center" | "left"
    underline: bool = False


# Fixed wording of the full certificate: (text, x mm, baseline y mm, size, colour, align).
# The body's longest line runs from 50 to 247 mm: centred on the 297 mm page.
_STATIC: tuple[tuple[str, float, float, float, tuple[float, float, float], str], ...] = (
    ("合  格  证  书", 148.5, 50.0, 38.0, _RED, "center"),
    (PROGRAMME, 148.5, 66.0, 17.0, _INK, "center"),
    ("兹证明", 50.0, 92.0, _BODY_SIZE, _INK, "left"),
    ("同志（身份证号：", 118.0, 92.0, _BODY_SIZE, _INK, "left"),
    ("）", 236.0, 92.0, _BODY_SIZE, _INK, "left"),
    ("系", 50.0, 108.0, _BODY_SIZE, _INK, "left"),
    ("教师，于", 180.0, 108.0, _BODY_SIZE, _INK, "left"),
    ("年度参加", 224.0, 108.0, _BODY_SIZE, _INK, "left"),
    (f"{PROGRAMME}培训，完成网络研修与校本实践应用", 50.0, 124.0, _BODY_SIZE, _INK, "left"),
    ("共", 50.0, 140.0, _BODY_SIZE, _INK, "left"),
    ("学时，经校本应用考核合格，特发此证。", 80.0, 140.0, _BODY_SIZE, _INK, "left"),
    ("证书编号：", 76.0, 166.0, 10.0, _INK, "left"),
    ("验 证 码：", 76.0, 174.0, 10.0, _INK, "left"),
    ("扫描二维码或输入验证码，可用 NLTS 程序离线核验。", 76.0, 182.0, 8.0, _INK, "left"),
)

_SLOTS: dict[str, _Slot] = {
    "name": _Slot(92.5, 92.0, 45.0, _BODY_SIZE, "center", underline=True),
    "id_number": _Slot(200.0, 92.0, 70.0, _BODY_SIZE, "center", underline=True),
    "school": _Slot(118.0, 108.0, 120.0, _BODY_SIZE, "center", underline=True),
    "year": _Slot(213.0, 108.0, 18.0, _BODY_SIZE, "center", underline=True),
    "hours": _Slot(68.0, 140.0, 20.0, _BODY_SIZE, "center", underline=True),
    "issuer": _Slot(220.0, 170.0, 90.0, 15.0, "center"),
    "date": _Slot(220.0, 181.0, 90.0, 14.0, "center"),
    "serial": _Slot(94.0, 166.0, 70.0, 10.0, "left"),
    "code": _Slot(94.0, 174.0, 70.0, 10.0, "left"),
}
# Top-left corner of the QR code's square (quiet zone included).
_QR_AT = (40.0, 152.0)


def chinese_date(day: date) -> str:
    """2026年11月23日."""
    return f"{day.year}年{day.month}月{day.day}日"


def _text(value: object) -> str:
    return _CONTROL.sub("", "" if value is None else str(value))


# ---------------------------------------------------------------- QR code


@cache
def _generator_products(ec_count: int) -> tuple[tuple[int, ...], ...]:
    """For every byte value, its products with the Reed–Solomon generator's coefficients.

    Built once per error-correction length (the encoder rebuilds the generator polynomial by
    multiplication for every block): then each data byte costs one table row.
    """
    from reportlab.graphics.barcode import qrencoder

    exp, log = qrencoder.EXP_TABLE, qrencoder.LOG_TABLE
    generator = qrencoder.QRUtil.getErrorCorrectPolynomial(ec_count).num[1:]
    logs = [log[c] for c in generator]
    rows: list[tuple[int, ...]] = [(0,) * ec_count]
    rows += [tuple(exp[(log[factor] + g) % 255] for g in logs) for factor in range(1, 256)]
    return tuple(rows)


def _ec_codewords(data: Sequence[int], ec_count: int) -> list[int]:
    """The error-correction codewords of one block (polynomial division in GF(256))."""
    products = _generator_products(ec_count)
    remainder = [0] * ec_count
    for byte in data:
        factor = byte ^ remainder[0]
        remainder = [a ^ b for a, b in zip([*remainder[1:], 0], products[factor], strict=True)]
    return remainder


class _BitBuffer:
    """reportlab's ``QRBitBuffer`` interface over one Python integer (it appends bit by bit)."""

    def __init__(self) -> None:
        self.value = 0
        self.length = 0

    def put(self, num: int, length: int) -> None:
        self.value = (self.value << length) | (num & ((1 << length) - 1))
        self.length += length

    def putBit(self, bit: bool) -> None:  # reportlab's name
        self.put(1 if bit else 0, 1)

    def getLengthInBits(self) -> int:  # reportlab's name
        return self.length

    def to_bytes(self) -> list[int]:
        """The bits so far, padded with zero bits to whole bytes."""
        pad = -self.length % 8
        return list((self.value << pad).to_bytes((self.length + pad) // 8, "big"))


def _codewords(version: int, level: int, segments: Sequence[Any]) -> list[int]:
    """Data and error-correction codewords, interleaved (what ``QRCode.createData`` makes)."""
    from reportlab.graphics.barcode import qrencoder

    blocks = qrencoder.QRRSBlock.getRSBlocks(version, level)
    buffer = _BitBuffer()
    for segment in segments:
        segment.write(buffer, version)
    capacity = sum(block.dataCount for block in blocks)
    if buffer.getLengthInBits() > capacity * 8:
        raise AppError("二维码内容过长，无法生成。", code="certificate.qr_too_long")
    if buffer.getLengthInBits() + 4 <= capacity * 8:
        buffer.put(0, 4)  # terminator
    data = buffer.to_bytes()
    data += itertools.islice(itertools.cycle((0xEC, 0x11)), capacity - len(data))
    data_blocks: list[list[int]] = []
    ec_blocks: list[list[int]] = []
    offset = 0
    for block in blocks:
        chunk = data[offset : offset + block.dataCount]
        offset += block.dataCount
        data_blocks.append(chunk)
        ec_blocks.append(_ec_codewords(chunk, block.totalCount - block.dataCount))
    out: list[int] = []
    for group in (data_blocks, ec_blocks):
        for column in itertools.zip_longest(*group):
            out.extend(value for value in column if value is not None)
    return out


_BYTE_BITS = tuple(tuple(bool(byte >> (7 - i) & 1) for i in range(8)) for byte in range(256))


@cache
def _fast_code_class() -> type:
    from reportlab.graphics.barcode import qrencoder

    positions: dict[int, list[tuple[int, int]]] = {}
    masks: dict[tuple[int, int], list[bool]] = {}

    class FastQRCode(qrencoder.QRCode):  # type: ignore[misc]
        """reportlab's symbol with the data modules placed from per-version tables."""

        def dataPosIterator(self) -> list[tuple[int, int]]:  # reportlab's name
            found = positions.get(self.version)
            if found is None:
                found = positions[self.version] = list(self._dataPosIterator())
            return found

        def mapData(self, data: Sequence[int], maskPattern: int) -> None:  # reportlab's names
            places = self.dataPosIterator()
            key = (self.version, maskPattern)
            flips = masks.get(key)
            if flips is None:
                rule = qrencoder.QRUtil.getMask(maskPattern)
                flips = masks[key] = [bool(rule(row, col)) for col, row in places]
            bits = itertools.chain.from_iterable(_BYTE_BITS[byte] for byte in data)
            modules = self.modules
            for (col, row), dark, flip in zip(
                places, itertools.chain(bits, itertools.repeat(False)), flips, strict=False
            ):
                modules[row][col] = dark is not flip

    return FastQRCode


@cache
def _utf8_eci() -> Any:
    """The ECI segment declaring UTF-8 (designator 26), with its true size of 12 bits.

    Without it a reader guesses the byte segment's character set, and zbar reads the UTF-8
    of 欧阳明轩 as Shift-JIS (谺ｧ髦ｳ…).  reportlab's QRECI counts 0 bits for itself when it
    chooses the symbol's version, so a payload at a version's limit would not fit.
    """
    from reportlab.graphics.barcode import qrencoder

    class Utf8Eci(qrencoder.QRECI):  # type: ignore[misc]
        @property
        def bitlength(self) -> int:
            return 8

    return Utf8Eci(UTF8_ECI)


def _segments(text: str) -> list[Any]:
    """UTF-8 bytes, with a long upper-case tail (the signature) in alphanumeric mode."""
    from reportlab.graphics.barcode import qrencoder

    tail = len(text)
    while tail > 0 and text[tail - 1] in _QR_ALPHANUMERIC:
        tail -= 1
    if len(text) - tail < _MIN_ALPHANUMERIC_TAIL:
        tail = len(text)
    segments: list[Any] = []
    if tail:
        head = text[:tail]
        if not head.isascii():
            segments.append(_utf8_eci())
        segments.append(qrencoder.QR8bitByte(head.encode("utf-8")))
    if tail < len(text):
        segments.append(qrencoder.QRAlphaNum(text[tail:]))
    return segments


def qr_matrix(text: str, *, level: str = "M", mask: int = 0) -> list[list[bool]]:
    """The QR symbol of ``text`` as rows of dark (True) / light modules, quiet zone excluded."""
    from reportlab.graphics.barcode import qrencoder

    correction = getattr(qrencoder.QRErrorCorrectLevel, level)
    code = _fast_code_class()(None, correction)
    for segment in _segments(text):
        code.addData(segment)
    code.version = code.calculate_version()
    code.dataCache = _codewords(code.version, correction, code.dataList)
    code.makeImpl(False, mask)
    modules: list[list[bool]] = code.modules
    return modules


def _module_rectangles(matrix: Sequence[Sequence[bool]]) -> list[tuple[int, int, int, int]]:
    """Dark modules as rectangles (column, row, width, height): runs in a row, merged down."""
    open_runs: dict[tuple[int, int], list[int]] = {}
    done: list[tuple[int, int, int, int]] = []
    for row_index, row in enumerate(matrix):
        runs: dict[tuple[int, int], list[int]] = {}
        for found in _DARK_RUN.finditer(bytes(row)):
            key = (found.start(), found.end() - found.start())
            run = open_runs.pop(key, None)
            if run is None:
                run = [row_index, 0]
            run[1] += 1
            runs[key] = run
        done.extend((col, top, width, height) for (col, width), (top, height) in open_runs.items())
        open_runs = runs
    done.extend((col, top, width, height) for (col, width), (top, height) in open_runs.items())
    return done


# ---------------------------------------------------------------- the pages


class _Painter:
    """Draws certificates on one canvas; positions in mm from the top-left corner."""

    def __init__(self, canvas: Any, font: str, layout: CertificateLayout, pre_printed: bool):
        from reportlab.lib.units import mm
        from reportlab.pdfbase.pdfmetrics import stringWidth

        self.canvas = canvas
        self.font = font
        self.mm = mm
        self.layout = layout
        self.pre_printed = pre_printed
        self.width_of = stringWidth

    def _point(self, x: float, y: float, field: str | None) -> tuple[float, float]:
        dx, dy = self.layout.offset(field) if field else (self.layout.dx, self.layout.dy)
        return (x + dx) * self.mm, (PAGE_HEIGHT_MM - y - dy) * self.mm

    def _string(
        self, text: str, x: float, y: float, size: float, align: str, field: str | None
    ) -> None:
        canvas = self.canvas
        px, py = self._point(x, y, field)
        canvas.setFont(self.font, size)
        if align == "center":
            canvas.drawCentredString(px, py, text)
        else:
            canvas.drawString(px, py, text)

    def _fitted_size(self, text: str, slot: _Slot) -> float:
        """The slot's size, smaller (down to 8 pt) when a long school name would overflow."""
        size = slot.size
        limit = slot.width * self.mm
        while size > 8.0 and self.width_of(text, self.font, size) > limit:
            size -= 0.5
        return size

    def static_parts(self) -> None:
        """Border, title and the fixed wording (the pre-printed paper's content)."""
        canvas = self.canvas
        mm = self.mm
        dx, dy = self.layout.dx, self.layout.dy
        canvas.setStrokeColorRGB(*_RED)
        for inset, width in ((10.0, 2.2), (13.5, 0.6)):
            canvas.setLineWidth(width)
            canvas.rect(
                (inset + dx) * mm,
                (inset - dy) * mm,
                (PAGE_WIDTH_MM - 2 * inset) * mm,
                (PAGE_HEIGHT_MM - 2 * inset) * mm,
            )
        for text, x, y, size, colour, align in _STATIC:
            canvas.setFillColorRGB(*colour)
            self._string(text, x, y, size, align, None)
        canvas.setFillColorRGB(*_INK)
        canvas.setStrokeColorRGB(*_INK)
        canvas.setLineWidth(0.5)
        for slot in _SLOTS.values():
            if slot.underline:
                left = slot.x - slot.width / 2
                x1, y1 = self._point(left, slot.y + 1.6, None)
                x2, _ = self._point(left + slot.width, slot.y + 1.6, None)
                canvas.line(x1, y1, x2, y1)

    def fields(self, page: CertificatePage) -> None:
        """The data of one certificate, each in its slot with its offset."""
        canvas = self.canvas
        canvas.setFillColorRGB(*_INK)
        values = {
            "name": page.name,
            "id_number": page.masked_id,
            "school": page.school,
            "year": str(page.year),
            "hours": page.hours,
            "issuer": page.issuer,
            "date": chinese_date(page.issued_on),
            "serial": page.serial,
            "code": page.short_code,
        }
        for name, raw in values.items():
            text = _text(raw)
            if not text:
                continue
            slot = _SLOTS[name]
            self._string(text, slot.x, slot.y, self._fitted_size(text, slot), slot.align, name)
        self.qr(page.payload)

    def qr(self, payload: str) -> None:
        """The QR code of ``payload`` as one filled path, drawn in module units.

        The rectangles go in as literal path operators with integer coordinates under one
        transform: through reportlab's path object every coordinate is a float formatted in
        Python, which made the QR codes 80 % of the time of a 1,000-page file.
        """
        canvas = self.canvas
        matrix = qr_matrix(payload)
        count = len(matrix) + 2 * QR_QUIET_MODULES
        module = QR_SIZE_MM * self.mm / count
        left, top = self._point(_QR_AT[0], _QR_AT[1], "qr")
        operators = " ".join(
            f"{col} {row} {width} {height} re"
            for col, row, width, height in _module_rectangles(matrix)
        )
        canvas.saveState()
        canvas.setFillColorRGB(0, 0, 0)
        # Origin at the first module's top-left corner, x right and y down, one unit a module.
        canvas.transform(
            module,
            0,
            0,
            -module,
            left + QR_QUIET_MODULES * module,
            top - QR_QUIET_MODULES * module,
        )
        canvas.addLiteral(f"{operators} f")
        canvas.restoreState()


def write_certificates_pdf(
    path: Path,
    pages: Sequence[CertificatePage],
    *,
    layout: CertificateLayout | None = None,
    pre_printed: bool = False,
) -> int:
    """Write ``pages`` (one certificate each) into one PDF; return the page count."""
    if not pages:
        raise AppError("没有要打印的证书：请先选择证书或学校。", code="certificate.no_pages")
    font = register_cjk_font()
    from reportlab import rl_config
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfgen.canvas import Canvas

    chosen = layout or CertificateLayout()

    def write(target: Path) -> None:
        canvas = Canvas(
            str(target),
            pagesize=landscape(A4),
            pageCompression=1,
            initialFontName=font,
        )
        canvas.setTitle(TITLE)
        canvas.setAuthor("NLTS Desktop")
        canvas.setSubject(PROGRAMME)
        canvas.setCreator("NLTS Desktop")
        painter = _Painter(canvas, font, chosen, pre_printed)
        if not pre_printed:
            # Drawn once and placed on every page: a 1,000-page file holds it once.
            canvas.beginForm(_STATIC_FORM)
            painter.static_parts()
            canvas.endForm()
        for page in pages:
            if not pre_printed:
                canvas.doForm(_STATIC_FORM)
            painter.fields(page)
            canvas.showPage()
        canvas.save()

    # ASCII85 around every compressed page stream costs time for nothing (see ledger_pdf).
    a85 = rl_config.useA85
    rl_config.useA85 = 0
    try:
        atomic_write(path, write)
    finally:
        rl_config.useA85 = a85
    return len(pages)
