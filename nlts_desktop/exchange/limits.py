"""Size limits a spreadsheet must respect before any parser touches it."""

from __future__ import annotations

from dataclasses import dataclass

MIB = 1024 * 1024


@dataclass(frozen=True)
class FileLimits:
    """How big an imported file may be, declared and actual.

    The defaults leave room for a city-wide roster (100,000 teachers × 15 columns is ~10 MB on
    disk and ~80 MB of sheet XML) while refusing zip bombs before they are inflated.
    """

    max_bytes: int = 64 * MIB
    max_zip_entries: int = 10_000
    max_uncompressed_bytes: int = 1024 * MIB
    # Sheet XML from Excel or openpyxl compresses 8–20×; a run of styled empty cells maybe 100×.
    max_compression_ratio: float = 200
    max_rows: int = 1_000_000
    # The rectangle python-calamine allocates for a sheet (rows × columns between its first
    # and last used cells, ~32 bytes each): ~1 GB.  A 1,000,000-row sheet of 26 columns fits;
    # one stray cell at XFD1048576 (17 billion cells, an instant abort of the whole program)
    # does not.
    max_cells: int = 30_000_000


DEFAULT_LIMITS = FileLimits()
