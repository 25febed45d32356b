"""Fuzzing the two readers of other people's files: spreadsheets and exchange packages.

Hypothesis feeds random bytes, damaged real files (truncated, bit-flipped, overwritten) and
damaged real zips (entries renamed, duplicated, dropped, given unsafe names or huge declared
sizes, their XML given entity bombs, external entities, far cell references) to the Excel
reader and to every import's preview (teachers, schools, hours, scores, annual plan table,
leadership list), and to ``open_package``, plus well-formed files full of odd cell values,
signed packages full of odd JSON, and public key cards (``KeyService.read_card``).  The only
exceptions allowed are the program's own AppError family, each with a Chinese message;
nothing is written: the database file keeps its size and modification time, the data folder
its listing, every table its row count (audit included).

The seeds are real files: rows and forms the demo county exports, and in seeds/ a roster as
LibreOffice saves it (.xls, .ods, .xlsx with shared strings).  ``scripts/fuzz.py`` runs the
same targets under atheris (coverage-guided) for longer runs.  The default run takes about a
minute; set ``NLTS_FUZZ_EXAMPLES`` for more examples per test.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import struct
import warnings
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import openpyxl
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.utils.exceptions import IllegalCharacterError
from sqlalchemy import func, select

from nlts_desktop.cli import main
from nlts_desktop.domain.errors import AppError
from nlts_desktop.exchange.excel_reader import read_table
from nlts_desktop.exchange.package import (
    MANIFEST,
    SIGNATURE,
    Origin,
    PackageContent,
    PackageError,
    build_package,
    open_package,
    raw_public,
)
from nlts_desktop.exchange.roster_columns import SCHOOL_COLUMNS, TEACHER_COLUMNS
from nlts_desktop.exchange.score_sheet import SCORE_COLUMNS
from nlts_desktop.paths import DataPaths, data_paths
from nlts_desktop.services.context import Actor
from nlts_desktop.services.hours_import import HOURS_COLUMNS
from nlts_desktop.services.keys import KeyService
from nlts_desktop.services.workspace import Workspace
from nlts_desktop.storage.base import Base

SEEDS = Path(__file__).resolve().parent / "seeds"
EXAMPLES = int(os.environ.get("NLTS_FUZZ_EXAMPLES", "0")) or None
FUZZ = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _examples(default: int) -> settings:
    return settings(FUZZ, max_examples=EXAMPLES or default)


def chinese(text: str) -> bool:
    """Whether a message is written in Chinese (has at least one CJK character)."""
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


# ---------------------------------------------------------------- the county and its seeds


@dataclass
class County:
    """The demo county, open, with the files it exports and what must not change."""

    paths: DataPaths
    ws: Workspace
    school_id: int
    institution: str
    seeds: dict[str, bytes]

    def fingerprint(self) -> tuple[object, ...]:
        """What any write would change: the database file and the data folder's listing."""
        stat = self.paths.database.stat()
        listing = sorted(
            (str(p.relative_to(self.paths.root)), p.stat().st_size)
            for p in self.paths.root.rglob("*")
            if p.is_file() and p.name != "nlts.lock" and "logs" not in p.parts
        )
        return stat.st_size, stat.st_mtime_ns, tuple(listing)

    def row_counts(self) -> dict[str, int]:
        """Rows in every table, the audit log included."""
        with self.ws.context.read() as session:
            return {
                table.name: int(session.scalar(select(func.count()).select_from(table)) or 0)
                for table in Base.metadata.sorted_tables
            }


def _hours_seed(ws: Workspace, institution: str) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append([spec.label for spec in HOURS_COLUMNS])
    for n, teacher in enumerate(ws.teachers.table_rows()[:12]):
        sheet.append(
            [teacher.id_number, 12.5, teacher.name, "网络研修", date(2022, 5, n + 1), 2022,
             institution, f"R{n:05d}"]
        )  # fmt: skip
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> Iterator[County]:
    root = tmp_path_factory.mktemp("fuzz")
    data = root / "data"
    assert main(["--data-dir", str(data), "demo", "--teachers", "120", "--no-gui"]) == 0
    paths = data_paths(data)
    ws = Workspace.open(paths, actor=Actor.system("admin"))
    exports = root / "exports"
    exports.mkdir()
    ws.roster_export.export_teachers(exports / "teachers.xlsx")
    ws.roster_export.export_schools(exports / "schools.xlsx")
    ws.score_sheets.export_scores(exports / "scores.xlsx")
    ws.targets.plan_table_form(exports / "plan.xlsx")
    ws.leadership.set_office("教育信息技术中心")
    ws.leadership.leadership_form(exports / "leadership.xlsx")
    institution = ws.projects.list_institutions()[0].name
    seeds = {path.name: path.read_bytes() for path in exports.iterdir()}
    seeds["hours.xlsx"] = _hours_seed(ws, institution)
    for seed in SEEDS.iterdir():
        seeds[seed.name] = seed.read_bytes()
    school_id = ws.schools.list()[0].id
    yield County(paths, ws, school_id, institution, seeds)
    ws.close()


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the fuzzed files are written: outside the data folder, as a download would be."""
    return tmp_path_factory.mktemp("incoming")


def _previews(county: County) -> list[Callable[[Path], object]]:
    ws = county.ws
    return [
        lambda p: read_table(p, TEACHER_COLUMNS),
        ws.roster_import.plan_teachers,
        ws.roster_import.plan_schools,
        lambda p: ws.hours_import.plan(p, institution=county.institution),
        lambda p: ws.score_sheets.plan(p, county.school_id),
        ws.targets.read_plan_table,
        ws.leadership.read_file,
    ]


def _feed_spreadsheet(county: County, path: Path) -> None:
    """Every preview reads the file: a result or the program's own error, nothing else."""
    before = county.fingerprint()
    for preview in _previews(county):
        try:
            preview(path)
        except AppError as exc:
            assert chinese(exc.message), exc.message
    assert county.fingerprint() == before


@pytest.fixture(scope="module", autouse=True)
def _nothing_written(county: County) -> Iterator[None]:
    counts = county.row_counts()
    yield
    assert county.row_counts() == counts


# ---------------------------------------------------------------- mutations

SPREADSHEET_SEEDS = (
    "teachers.xlsx", "schools.xlsx", "scores.xlsx", "plan.xlsx", "leadership.xlsx",
    "hours.xlsx", "teachers.xls", "teachers.ods", "teachers-shared-strings.xlsx",
)  # fmt: skip
SUFFIXES = (".xlsx", ".xls", ".ods", ".csv", ".xlsm", "")
MAGIC = (b"", b"PK\x03\x04", b"PK\x05\x06", bytes.fromhex("D0CF11E0A1B11AE1"), b"\xef\xbb\xbf")
XML_SNIPPETS = (
    b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>',
    b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>',
    b"&e;",
    b"&c;",
    b'<c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c>',
    b'<row r="4294967295"><c t="inlineStr"><is><t>x</t></is></c></row>',
    b'<c r="zz999999"><v>1</v></c>',
    b'<dimension ref="A1:XFD1048576"/>',
    b"<f>1+1</f>",
    b'<c t="e"><v>#REF!</v></c>',
    b'<c t="d"><v>9999-99-99</v></c>',
    b"<v>1e400</v>",
    b"\xff\xfe\x00",
    b'uniqueCount="4000000000"',
    b'table:number-rows-repeated="1048576"',
)
HUGE = (0, 1, 0x7FFFFFFF, 0xFFFFFFFF, 1 << 30, 65535, 65536)


@st.composite
def damaged_bytes(draw: st.DrawFn, data: bytes) -> bytes:
    """A copy of ``data`` cut short, bit-flipped, overwritten or spliced."""
    out = bytearray(data)
    for _ in range(draw(st.integers(1, 4))):
        if not out:
            break
        at = draw(st.integers(0, len(out) - 1))
        kind = draw(st.sampled_from(("flip", "truncate", "overwrite", "insert", "word")))
        if kind == "flip":
            out[at] ^= 1 << draw(st.integers(0, 7))
        elif kind == "truncate":
            del out[at:]
        elif kind == "overwrite":
            chunk = draw(st.binary(min_size=1, max_size=32))
            out[at : at + len(chunk)] = chunk
        elif kind == "insert":
            out[at:at] = draw(st.binary(min_size=1, max_size=32))
        else:
            out[at : at + 4] = struct.pack("<I", draw(st.sampled_from(HUGE)))
    return bytes(out)


def _entries(data: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist()]


def _zip(entries: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with (
        warnings.catch_warnings(),  # duplicate names are the point
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive,
    ):
        warnings.simplefilter("ignore")
        for name, payload in entries:
            archive.writestr(zipfile.ZipInfo(name, (2020, 1, 1, 0, 0, 0)), payload)
    return buffer.getvalue()


def _declare_size(data: bytes, index: int, size: int) -> bytes:
    """Patch the central directory's uncompressed size of entry ``index``."""
    out = bytearray(data)
    at = -1
    for _ in range(index + 1):
        at = out.find(b"PK\x01\x02", at + 1)
        if at < 0:
            return data
    struct.pack_into("<I", out, at + 24, size & 0xFFFFFFFF)
    return bytes(out)


@st.composite
def damaged_zip(draw: st.DrawFn, data: bytes) -> bytes:
    """A real zip with entries renamed, duplicated, dropped, bombed or misdeclared."""
    entries = _entries(data)
    names = [name for name, _ in entries]
    for _ in range(draw(st.integers(1, 3))):
        index = draw(st.integers(0, len(entries) - 1))
        name, payload = entries[index]
        kind = draw(
            st.sampled_from(("rename", "duplicate", "drop", "snippet", "bytes", "bomb", "huge"))
        )
        if kind == "rename":
            new = draw(
                st.sampled_from(
                    (*names, "../../x", "/etc/x", "C:\\x", "..\\x", "a/../../b", "x" * 300, "")
                )
            )
            entries[index] = (new or "noname", payload)
        elif kind == "duplicate":
            entries.append((name, payload))
        elif kind == "drop" and len(entries) > 1:
            del entries[index]
        elif kind == "snippet":
            at = draw(st.integers(0, len(payload)))
            snippet = draw(st.sampled_from(XML_SNIPPETS))
            entries[index] = (name, payload[:at] + snippet + payload[at:])
        elif kind == "bytes" and payload:
            entries[index] = (name, draw(damaged_bytes(payload)))
        elif kind == "bomb":
            entries[index] = (name, payload + b" " * (3 * 1024 * 1024))
        elif kind == "huge":
            return _declare_size(_zip(entries), index, draw(st.sampled_from(HUGE)))
    return _zip(entries)


def _write(scratch: Path, data: bytes, suffix: str) -> Path:
    path = scratch / f"来自微信的文件{suffix}"
    path.write_bytes(data)
    return path


# ---------------------------------------------------------------- spreadsheets


@_examples(200)
@given(
    data=st.one_of(
        st.binary(max_size=2048),
        st.tuples(st.sampled_from(MAGIC), st.binary(max_size=4096)).map(lambda t: t[0] + t[1]),
    ),
    suffix=st.sampled_from(SUFFIXES),
)
def test_random_bytes(county: County, scratch: Path, data: bytes, suffix: str) -> None:
    _feed_spreadsheet(county, _write(scratch, data, suffix))


@_examples(500)
@given(seed=st.sampled_from(SPREADSHEET_SEEDS), choice=st.data())
def test_damaged_real_spreadsheets(
    county: County, scratch: Path, seed: str, choice: st.DataObject
) -> None:
    data = choice.draw(damaged_bytes(county.seeds[seed]))
    _feed_spreadsheet(county, _write(scratch, data, Path(seed).suffix))


@_examples(250)
@given(
    seed=st.sampled_from([s for s in SPREADSHEET_SEEDS if not s.endswith(".xls")]),
    choice=st.data(),
)
def test_damaged_real_zips(county: County, scratch: Path, seed: str, choice: st.DataObject) -> None:
    data = choice.draw(damaged_zip(county.seeds[seed]))
    _feed_spreadsheet(county, _write(scratch, data, Path(seed).suffix))


CELL_VALUES = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        ("=1+1", "+1", "-1", "@A1", "#REF!", "510115198501010011", "51011519850101001x",
         "５１０１１５１９８５０１０１００１１", "2151000001", "A1", "优秀", "合格", "网络研修",
         "2021-02-30", "1985.3.15", "二十", "1e400", "", " ")
    ),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.booleans(),
    st.dates(min_value=date(1900, 3, 1)),
    st.datetimes(min_value=datetime(1900, 3, 1)),
    st.times(),
    st.timedeltas(min_value=timedelta(days=-1000), max_value=timedelta(days=1000)),
)  # fmt: skip
LAYOUTS = {
    "teachers": TEACHER_COLUMNS,
    "schools": SCHOOL_COLUMNS,
    "hours": HOURS_COLUMNS,
    "scores": SCORE_COLUMNS,
}


@_examples(200)
@given(
    layout=st.sampled_from(sorted(LAYOUTS)),
    rows=st.lists(st.lists(CELL_VALUES, min_size=1, max_size=14), min_size=1, max_size=6),
)
def test_odd_values_in_a_real_layout(
    county: County, scratch: Path, layout: str, rows: list[list[object]]
) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append([spec.label for spec in LAYOUTS[layout]])
    for row in rows:
        try:
            sheet.append(row)
        except (ValueError, TypeError, IllegalCharacterError):  # openpyxl cannot store it
            continue
    try:
        book.save(scratch / "values.xlsx")
    except (ValueError, TypeError, OverflowError):
        return  # openpyxl could not write it; nothing to read
    _feed_spreadsheet(county, scratch / "values.xlsx")


# ---------------------------------------------------------------- packages


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    content = PackageContent(
        kind="school_submission",
        origin=Origin("school", "2151000001", "温江区实验小学"),
        sequence=3,
        period="2022",
        data={"teachers": [{"id_number": "510115198501010011", "name": "张丽"}]},
        files={"evidence/" + "ab" * 32: b"%PDF-1.4 evidence"},
        counts={"teachers": 1},
        recipient="510115",
    )
    return build_package(content, signing_key=Ed25519PrivateKey.generate())


def _open_package(county: County, path: Path) -> None:
    before = county.fingerprint()
    outside = sorted(path.parent.iterdir())
    try:
        open_package(path)
    except AppError as exc:
        assert isinstance(exc, PackageError), type(exc)
        assert chinese(exc.message), exc.message
    assert sorted(path.parent.iterdir()) == outside  # nothing extracted anywhere
    assert county.fingerprint() == before


@_examples(300)
@given(choice=st.data(), how=st.sampled_from(("bytes", "zip", "random")))
def test_damaged_packages(
    county: County, scratch: Path, package: bytes, choice: st.DataObject, how: str
) -> None:
    if how == "bytes":
        data = choice.draw(damaged_bytes(package))
    elif how == "zip":
        data = choice.draw(damaged_zip(package))
    else:
        data = choice.draw(st.binary(max_size=2048))
    _open_package(county, _write(scratch, data, ".nltspkg"))


JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**80), max_value=2**80)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
HOSTILE_JSON = (
    b"[" * 100_000 + b"]" * 100_000,
    b"1" * 5000,
    b'{"a": Infinity}',
    b'{"a": NaN}',
    b'"\\ud800"',
    b"\xff\xfe",
)


@_examples(250)
@given(
    field=st.sampled_from(
        ("format", "version", "package_id", "kind", "origin", "sequence", "created_at",
         "counts", "files", "recipient", "encryption", "signer_public", "period")
    ),
    value=JSON,
    raw_data=st.one_of(st.none(), st.sampled_from(HOSTILE_JSON)),
)  # fmt: skip
def test_signed_packages_with_odd_manifests(
    county: County,
    scratch: Path,
    package: bytes,
    field: str,
    value: object,
    raw_data: bytes | None,
) -> None:
    """Anyone can sign with a key of their own: what the manifest says is still checked."""
    entries = dict(_entries(package))
    manifest = json.loads(entries[MANIFEST])
    key = Ed25519PrivateKey.generate()
    manifest[field] = value
    if field != "signer_public":
        manifest["signer_public"] = base64.b64encode(raw_public(key.public_key())).decode()
    if raw_data is not None:
        entries["data/teachers.json"] = raw_data
        if isinstance(manifest.get("files"), dict):
            manifest["files"]["data/teachers.json"] = {
                "sha256": hashlib.sha256(raw_data).hexdigest(),
                "size": len(raw_data),
            }
    body = json.dumps(manifest, ensure_ascii=False).encode()
    entries[MANIFEST] = body
    entries[SIGNATURE] = base64.b64encode(key.sign(body))
    _open_package(county, _write(scratch, _zip(list(entries.items())), ".nltspkg"))


# ---------------------------------------------------------------- public key cards


@_examples(150)
@given(
    data=st.one_of(
        st.binary(max_size=512),
        st.sampled_from(HOSTILE_JSON),
        JSON.map(lambda v: json.dumps({"format": "nltskey", "org": v}).encode()),
    )
)
def test_key_cards(county: County, scratch: Path, data: bytes) -> None:
    """A .nltskey sent by another office is read or refused with a Chinese message."""
    path = _write(scratch, data, ".nltskey")
    before = county.fingerprint()
    try:
        KeyService.read_card(path)
    except AppError as exc:
        assert chinese(exc.message), exc.message
    assert county.fingerprint() == before
