"""Export formats: CSV, JSON and HXL-tagged CSV (Humanitarian Exchange Language, for partners'
tools: a row of hashtags under the header)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import AsyncIterator
from typing import Any

from shared.events.codes import CENTRE_NAMES, Centre

FORMATS = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "json": ("application/json", "json"),
    "hxl": ("text/csv; charset=utf-8", "hxl.csv"),
}
# column, header, HXL hashtag
COLUMNS = [
    ("org_id", "org_id", "#org+code"),
    ("name_ar", "name_ar", "#org+name+i_ar"),
    ("name_en", "name_en", "#org+name+i_en"),
    ("legal_form", "legal_form", "#org+type"),
    ("centre", "centre", "#adm2+code"),
    ("centre_name", "centre_name", "#adm2+name"),
    ("centres_served", "centres_served", "#adm2+code+served"),
    ("sectors", "sectors", "#sector"),
    ("status", "status", "#status"),
    ("registration_number", "registration_number", "#org+id+moss"),
]


def _flat(row: dict[str, Any]) -> dict[str, Any]:
    centre = row["centre"]
    return {
        "org_id": f"EG-MOSS-{row['registration_number']}",
        "name_ar": row["name_ar"], "name_en": row["name_en"] or "",
        "legal_form": row["legal_form"], "centre": centre,
        "centre_name": CENTRE_NAMES[Centre(centre)][0],
        "centres_served": ";".join(row["centres_served"]), "sectors": ";".join(row["sectors"]),
        "status": row["status"], "registration_number": row["registration_number"],
    }  # fmt: skip


def _csv_line(values: list[Any]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerow(values)
    return buffer.getvalue()


async def export_lines(fmt: str, rows: AsyncIterator[dict[str, Any]]) -> AsyncIterator[str]:
    if fmt == "json":
        yield "["
        first = True
        async for row in rows:
            flat = _flat(row)
            flat["sectors"], flat["centres_served"] = row["sectors"], row["centres_served"]
            yield ("" if first else ",") + json.dumps(flat, ensure_ascii=False)
            first = False
        yield "]"
        return
    yield "\ufeff" + _csv_line([c[1] for c in COLUMNS])  # BOM: Excel opens Arabic correctly
    if fmt == "hxl":
        yield _csv_line([c[2] for c in COLUMNS])
    async for row in rows:
        flat = _flat(row)
        yield _csv_line([flat[c[0]] for c in COLUMNS])
