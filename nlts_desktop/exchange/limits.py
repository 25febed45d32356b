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


DEFAULT_LIMITS = FileLimits()
