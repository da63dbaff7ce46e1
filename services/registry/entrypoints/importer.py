"""``python -m services.registry import FILE``: bulk import from CSV or XLSX with a progress bar
and a row-level error report (line, field, code, message)."""

from __future__ import annotations

import argparse
import csv
import os
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import uvloop
from tqdm import tqdm

from services.registry.config import SCHEMA, RegistrySettings
from services.registry.service_layer.importing import ImportReport, import_rows
from shared.db import make_engine
from shared.events.codes import AssociationStatus

# Arabic column headers of the governorate's sheets -> field names (English headers pass as-is).
HEADERS = {
    "اسم الجمعية": "name_ar", "الاسم بالعربية": "name_ar", "الاسم بالإنجليزية": "name_en",
    "رقم الإشهار": "registration_number", "الشكل القانوني": "legal_form", "المركز": "centre",
    "القطاعات": "sectors", "القطاع": "sectors", "المراكز المخدومة": "centres_served",
    "المدينة": "city", "القرية": "village", "العنوان": "address", "سنة التأسيس": "founded_year",
    "الهاتف": "contact_phone", "البريد الإلكتروني": "contact_email",
    "عدد المستفيدين سنويا": "beneficiaries_per_year",
}  # fmt: skip


def _header(name: Any) -> str:
    text = str(name or "").strip()
    return HEADERS.get(text, text.lower().replace(" ", "_"))


def read_rows(path: Path) -> tuple[int | None, Iterator[tuple[int, dict[str, Any]]]]:
    """(row count if known, (line number, row) pairs); line 1 is the header."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        sheet = load_workbook(path, read_only=True, data_only=True).active
        assert sheet is not None
        rows = sheet.iter_rows(values_only=True)
        header = [_header(h) for h in next(rows)]
        total = (sheet.max_row or 1) - 1
        return total, (
            (n, {h: v for h, v in zip(header, r, strict=False) if h and v is not None})
            for n, r in enumerate(rows, start=2)
            if any(v is not None for v in r)
        )
    handle = path.open(encoding="utf-8-sig", newline="")
    reader = csv.DictReader(handle)
    reader.fieldnames = [_header(h) for h in reader.fieldnames or []]
    return None, ((reader.line_num, {k: v for k, v in r.items() if k}) for r in reader)


def write_report(report: ImportReport, path: Path) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["line", "field", "code", "message_en", "message_ar"])
        for e in report.errors:
            writer.writerow([e.line, e.field or "", e.code, e.message_en, e.message_ar])


async def run_import(
    settings: RegistrySettings, path: Path, status: str, actor: str
) -> ImportReport:
    from services.registry.service_layer.unit_of_work import RegistryUnitOfWork

    engine = make_engine(settings.database_url, SCHEMA, 2)
    total, rows = read_rows(path)
    try:
        with tqdm(total=total, unit="row", desc=path.name) as bar:
            return await import_rows(
                rows, lambda: RegistryUnitOfWork(engine, settings.source, SCHEMA), actor=actor,
                status=AssociationStatus(status), progress=bar.update,
            )  # fmt: skip
    finally:
        await engine.dispose()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m services.registry import")
    parser.add_argument("file", type=Path, help="CSV (UTF-8) or XLSX, one association a row")
    parser.add_argument("--report", type=Path, help="error report CSV (default FILE.errors.csv)")
    parser.add_argument("--status", default="active", choices=["active", "pending_verification"])
    parser.add_argument("--actor", default=f"import:{os.environ.get('USER', 'cli')}")
    args = parser.parse_args(argv)
    settings = RegistrySettings(  # the signing key is not used by an import
        jwt_secret=os.environ.get("JWT_SECRET") or secrets.token_hex(32)
    )
    report = uvloop.run(run_import(settings, args.file, args.status, args.actor))
    report_path = args.report or args.file.with_suffix(args.file.suffix + ".errors.csv")
    write_report(report, report_path)
    print(
        f"added {report.added}, already on record {report.unchanged}, "
        f"suspected duplicates {report.flagged}, rows with errors "
        f"{len({e.line for e in report.errors})} (report: {report_path})"
    )
    return 1 if report.errors else 0
