"""The ministry's periodic extract (CSV or XLSX, first sheet) as rows keyed by our names."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from adapters.moss_register.domain.decisions import header


def read_rows(path: Path) -> list[dict[str, Any]]:
    """Rows after the header row, each {our name: cell}; unknown columns dropped."""
    if path.suffix.lower() == ".xlsx":
        sheet = load_workbook(path, read_only=True, data_only=True).worksheets[0]
        table = [list(r) for r in sheet.iter_rows(values_only=True)]
    else:
        text = path.read_bytes().decode("utf-8-sig")
        table = [list(r) for r in csv.reader(io.StringIO(text))]
    if not table:
        return []
    names = [header(cell) for cell in table[0]]
    return [
        {name: cell for name, cell in zip(names, row, strict=False) if name}
        for row in table[1:]
        if any(cell not in (None, "") for cell in row)
    ]
