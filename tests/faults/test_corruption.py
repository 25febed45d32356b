"""Random bytes over a page in the middle of the file: detected at start, kept aside, recovered.

A county workspace with 300 teachers and a good backup is copied for each case; one page
(``page_size × k``, the page size read from the header) is overwritten with random bytes.
The pages chosen are b-tree pages (table leaves, the table's interior page, an index leaf,
the schema page): ``quick_check`` finds every one of them.  A page on the free list holds no
data and is not checked by SQLite at all; that case is shown separately (harmless).
"""

from __future__ import annotations

import hashlib
import random
import shutil
import sqlite3
from pathlib import Path

import openpyxl
import pytest

from nlts_desktop.paths import DataPaths, data_paths
from nlts_desktop.services.context import Actor
from nlts_desktop.services.recovery import restore_damaged, salvage_export
from nlts_desktop.services.workspace import Workspace
from nlts_desktop.storage.backup import backup_file, list_backups
from nlts_desktop.storage.recovery import DamagedDatabaseError
from tests.conftest import WENJIANG
from tests.helpers import id_number

TEACHERS = 300
DIGITS = "零一二三四五六七八九"


def _name(n: int) -> str:
    return "教师" + DIGITS[n // 100] + DIGITS[n // 10 % 10] + DIGITS[n % 10]


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder: 300 teachers, then one checked backup of exactly that state."""
    paths = data_paths(tmp_path_factory.mktemp("corruption") / "data")
    with Workspace.create(paths, WENJIANG, actor=Actor.system("admin")) as workspace:
        workspace.schools.create(
            {"code": "2151000001", "name": "温江区实验小学", "urban_rural": "111"}
        )
        for n in range(TEACHERS):
            workspace.teachers.create(
                {
                    "id_number": id_number(n, female=n % 2 == 0),
                    "name": _name(n),
                    "school": "2151000001",
                    "phone": f"1380000{n:04d}",
                }
            )
    backup_file(paths.database, paths.backups, reason="manual")
    return paths.root


@pytest.fixture
def paths(template: Path, tmp_path: Path) -> DataPaths:
    """A fresh copy of the template folder."""
    shutil.copytree(template, tmp_path / "data")
    return data_paths(tmp_path / "data")


def _rows(path: Path, table: str = "teachers") -> list[tuple[object, ...]]:
    connection = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True)
    try:
        return connection.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()
    finally:
        connection.close()


def _integrity(path: Path) -> list[str]:
    connection = sqlite3.connect(path)
    try:
        return [row[0] for row in connection.execute("PRAGMA integrity_check")]
    finally:
        connection.close()


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _page_size(path: Path) -> int:
    size = int.from_bytes(path.read_bytes()[16:18], "big")
    return 65536 if size == 1 else size


def _tree(path: Path, name: str) -> tuple[list[int], list[int]]:
    """The (interior, leaf) pages of a b-tree, walked from its root page in the file."""
    connection = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True)
    root = connection.execute("SELECT rootpage FROM sqlite_master WHERE name=?", (name,)).fetchone()
    connection.close()
    data = path.read_bytes()
    size = _page_size(path)
    interior: list[int] = []
    leaves: list[int] = []

    def walk(number: int) -> None:
        page = data[(number - 1) * size : number * size]
        header = 100 if number == 1 else 0
        kind = page[header]
        if kind in (0x0A, 0x0D):
            leaves.append(number)
            return
        assert kind in (0x02, 0x05), f"page {number} is not a b-tree page"
        interior.append(number)
        cells = int.from_bytes(page[header + 3 : header + 5], "big")
        for i in range(cells):
            offset = int.from_bytes(page[header + 12 + 2 * i : header + 14 + 2 * i], "big")
            walk(int.from_bytes(page[offset : offset + 4], "big"))
        walk(int.from_bytes(page[header + 8 : header + 12], "big"))

    walk(int(root[0]))
    return interior, leaves


def _overwrite(path: Path, page: int, seed: int, *, skip: int = 0) -> None:
    """Random bytes over page ``page`` (1-based), from byte ``skip`` of the page on."""
    size = _page_size(path)
    noise = random.Random(seed).randbytes(size - skip)
    with path.open("r+b") as handle:
        handle.seek((page - 1) * size + skip)
        handle.write(noise)


def _pick(paths: DataPaths, target: str, seed: int) -> tuple[int, int]:
    """(page, skip) for a case: which page of which b-tree is hit."""
    if target == "schema":
        return 1, 100  # page 1 after the file header: the schema b-tree
    table, kind = target.split(":")
    interior, leaves = _tree(paths.database, table)
    pages = interior if kind == "interior" else leaves
    assert pages, f"{table} has no {kind} page"
    middle = pages[1:-1] or pages  # not the first or last leaf: a page in the middle
    return random.Random(seed).choice(middle), 0


CASES = [
    ("teachers:leaf", 1),
    ("teachers:leaf", 2),
    ("teachers:leaf", 3),
    ("teachers:interior", 4),
    ("sqlite_autoindex_teachers_1:leaf", 5),
    ("audit_entries:leaf", 6),
    ("schema", 7),
]


@pytest.mark.parametrize(("target", "seed"), CASES, ids=[f"{t}-{s}" for t, s in CASES])
def test_damaged_page_is_detected_kept_aside_and_the_backup_restores(
    paths: DataPaths, target: str, seed: int
) -> None:
    backup = list_backups(paths.backups)[0]
    expected = _rows(backup.path)
    assert len(expected) == TEACHERS
    page, skip = _pick(paths, target, seed)
    _overwrite(paths.database, page, seed, skip=skip)
    damaged_sha = _sha(paths.database)

    with pytest.raises(DamagedDatabaseError) as caught:
        Workspace.open(paths, actor=Actor.system("admin"))

    error = caught.value
    assert error.code == "db.damaged"
    moved = error.damaged.moved_to
    assert moved is not None and moved.parent == paths.root
    assert moved.name.startswith("workspace-damaged-") and moved.suffix == ".db"
    assert _sha(moved) == damaged_sha  # kept aside byte for byte, never deleted
    assert not paths.database.exists()
    assert error.damaged.good_backup is not None
    assert error.damaged.good_backup.path == backup.path
    assert f"{backup.made_at:%Y-%m-%d %H:%M}" in error.message
    assert str(moved) in error.message

    restore_damaged(paths, backup.path)
    with Workspace.open(paths, actor=Actor.system("admin")) as workspace:
        assert workspace.stats.counts()["teachers"] == TEACHERS
    assert _integrity(paths.database) == ["ok"]
    assert _rows(paths.database) == expected
    assert _sha(moved) == damaged_sha


@pytest.mark.parametrize("seed", [11, 12])
def test_without_a_backup_the_readable_rows_are_salvaged_to_excel(
    paths: DataPaths, tmp_path: Path, seed: int
) -> None:
    shutil.rmtree(paths.backups)
    original = {row[0]: row for row in _rows(paths.database)}
    page, _skip = _pick(paths, "teachers:leaf", seed)
    _overwrite(paths.database, page, seed)
    damaged_sha = _sha(paths.database)

    with pytest.raises(DamagedDatabaseError) as caught:
        Workspace.open(paths, actor=Actor.system("admin"))
    damaged = caught.value.damaged
    assert damaged.good_backup is None
    assert "没有找到完好的备份" in caught.value.message
    assert damaged.moved_to is not None

    out = tmp_path / "抢救.xlsx"
    report = salvage_export(damaged.moved_to, out)

    sheets = {sheet.table: sheet for sheet in report.sheets}
    teachers = sheets["teachers"]
    assert teachers.sheet == "教师"
    assert teachers.problem is not None and teachers.lost > 0
    # Row ids 1..300 are dense: what was read plus what was stepped over is every teacher.
    assert teachers.rows + teachers.lost == TEACHERS
    assert sheets["schools"].rows == 1 and sheets["schools"].lost == 0
    book = openpyxl.load_workbook(out, read_only=True)
    assert book.sheetnames[:4] == ["说明", "工作区", "学校", "教师"]
    sheet_rows = list(book["教师"].iter_rows(values_only=True))
    header, data = sheet_rows[0], sheet_rows[1:]
    assert len(data) == teachers.rows
    id_col, number_col = header.index("id"), header.index("id_number")
    for row in data:
        source = original[row[id_col]]
        assert row[number_col] == source[number_col]  # whole ID numbers, as text
        assert row[header.index("name")] == source[header.index("name")]
    book.close()
    assert "至少" in report.summary()
    assert _sha(damaged.moved_to) == damaged_sha  # salvage only reads
    # The readable rows are exactly the original rows that sit outside the damaged page.
    assert len({row[id_col] for row in data}) == teachers.rows


def _free_leaf_page(path: Path) -> int:
    data = path.read_bytes()
    size = _page_size(path)
    trunk = int.from_bytes(data[32:36], "big")
    page = data[(trunk - 1) * size : trunk * size]
    count = int.from_bytes(page[4:8], "big")
    assert count > 0
    return int.from_bytes(page[8 + 4 * (count // 2) : 12 + 4 * (count // 2)], "big")


def test_random_bytes_over_a_free_page_are_harmless_and_not_reported(paths: DataPaths) -> None:
    """A page on the free list holds no data: SQLite checks none of its bytes (nor do we)."""
    connection = sqlite3.connect(paths.database)
    connection.execute("CREATE TABLE scratch (x)")  # pages that are freed again at once
    connection.execute(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 40)"
        " INSERT INTO scratch SELECT randomblob(1000) FROM n"
    )
    connection.execute("DROP TABLE scratch")
    connection.commit()
    assert connection.execute("PRAGMA freelist_count").fetchone()[0] > 2
    connection.close()
    expected = _rows(paths.database)
    _overwrite(paths.database, _free_leaf_page(paths.database), 21)

    with Workspace.open(paths, actor=Actor.system("admin")) as workspace:
        assert workspace.startup_notes == ()
        workspace.teachers.create(
            {"id_number": id_number(400), "name": "新来教师", "school": "2151000001"}
        )
    assert _integrity(paths.database) == ["ok"]
    assert _rows(paths.database)[:TEACHERS] == expected
    assert not list(paths.root.glob("workspace-damaged-*"))


def test_every_page_kind_of_the_workspace_is_caught(paths: DataPaths) -> None:
    """Sweep: every b-tree page of the teachers table and its indexes fails quick_check."""
    connection = sqlite3.connect(f"file:{paths.database.as_posix()}?mode=ro", uri=True)
    names = [
        row[0]
        for row in connection.execute("SELECT name FROM sqlite_master WHERE tbl_name='teachers'")
    ]
    connection.close()
    original = paths.database.read_bytes()
    pages = sorted({p for name in names for group in _tree(paths.database, name) for p in group})
    assert len(pages) > 10
    for page in pages:
        _overwrite(paths.database, page, page)
        checked = sqlite3.connect(paths.database)
        try:
            findings = [row[0] for row in checked.execute("PRAGMA quick_check")]
        except sqlite3.DatabaseError as exc:
            findings = [str(exc)]
        finally:
            checked.close()
        assert findings != ["ok"], f"page {page} not caught"
        paths.database.write_bytes(original)
    assert _integrity(paths.database) == ["ok"]
