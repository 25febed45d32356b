"""Small helpers shared by tests of different layers."""

from __future__ import annotations

from pathlib import Path

import openpyxl


def fill_in_school_template(path: Path) -> None:
    """Turn the school template's example row into a real school, as a clerk would."""
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    sheet["A2"] = "2151000001"
    sheet["B2"] = "成都市温江区实验小学"
    book.save(path)
