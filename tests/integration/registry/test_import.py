"""Bulk import from CSV and XLSX: row-level errors, idempotent re-runs, every imported association
published through the outbox; the CLI ``python -m services.registry import FILE`` end to end."""

from __future__ import annotations

import asyncio
import csv
import os
import subprocess
import sys
import uuid
from typing import Any

from openpyxl import Workbook

from services.registry.config import SCHEMA, RegistrySettings
from services.registry.domain.commands import SubmitRegistration
from services.registry.entrypoints.importer import run_import
from services.registry.service_layer.handlers import submit_registration
from services.registry.service_layer.importing import import_rows
from services.registry.service_layer.unit_of_work import RegistryUnitOfWork
from shared.db import make_engine
from tests.support.services import running

HEADER = ["name_ar", "registration_number", "legal_form", "centre", "sectors", "contact_phone"]


def _write_csv(path, rows):
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(HEADER)
        writer.writerows(rows)


async def test_csv_import_reports_rows_and_reruns_add_nothing(
    app, bus, db, settings_for, number, tmp_path
):
    capture = await bus.capture("registry.association.registered.v1")
    tag = uuid.uuid4().hex[:6]
    n1, n2 = number(), number()
    path = tmp_path / "list.csv"
    _write_csv(path, [
        [f"جمعية الأمل {tag}", n1, "association", "إدفو", "الصحة;education", "٠١٠٠١٢٣٤٥٦٧"],
        [f"جمعية السلام {tag}", n2, "foundation", "daraw", "women", ""],
        [f"جمعية خطأ {tag}", number(), "association", "cairo", "health", "123"],
        [f"جمعية مكررة {tag}", n1, "association", "edfu", "health", ""],
    ])  # fmt: skip
    settings = settings_for(RegistrySettings)
    first = await run_import(settings, path, "active", "import:test")
    again = await run_import(settings, path, "active", "import:test")
    assert (first.added, first.unchanged) == (2, 0)
    assert {(e.line, e.field, e.code) for e in first.errors} == {
        (4, "centre", "unknown_centre"), (4, "contact_phone", "invalid_phone"),
        (5, "registration_number", "duplicate_in_file"),
    }  # fmt: skip
    assert (again.added, again.unchanged) == (0, 2)
    rows = await db.fetch(
        "SELECT registration_number, status, centre, contact_phone FROM registry.associations "
        "WHERE registration_number = ANY($1) ORDER BY registration_number", sorted([n1, n2]),
    )  # fmt: skip
    assert len(rows) == 2 and {r["status"] for r in rows} == {"active"}
    assert rows[[r[0] for r in rows].index(n1)]["contact_phone"] == "+201001234567"
    async with running(app):  # its relay publishes what the import left in the outbox
        events = await capture.wait_for(
            lambda e: e["data"]["registration_number"] in (n1, n2), count=2
        )
    assert {e["data"]["org_id"] for e in events} == {f"EG-MOSS-{n1}", f"EG-MOSS-{n2}"}
    assert all(e["data"]["channel"] == "import" for e in events)


async def test_xlsx_import_with_arabic_headers(db, settings_for, number, tmp_path):
    reg = number()
    book = Workbook()
    sheet = book.active
    sheet.append(["اسم الجمعية", "رقم الإشهار", "الشكل القانوني", "المركز", "القطاعات"])
    sheet.append([f"جمعية أبناء كلابشة {uuid.uuid4().hex[:6]}", int(reg), "association",
                  "نصر النوبة", "الثقافة والتراث"])  # fmt: skip
    sheet.append([None, None, None, None, None])
    path = tmp_path / "list.xlsx"
    book.save(path)
    report = await run_import(settings_for(RegistrySettings), path, "active", "import:test")
    assert (report.added, report.errors) == (1, [])
    row = await db.fetchrow(
        "SELECT centre, sectors FROM registry.associations WHERE registration_number = $1", reg
    )
    assert row["centre"] == "nasr_al_nuba" and row["sectors"] == ["culture_heritage"]


async def test_cli_import_writes_the_error_report(db_url, number, tmp_path):
    path = tmp_path / "cli.csv"
    reg = number()
    _write_csv(path, [
        [f"جمعية النيل {uuid.uuid4().hex[:6]}", reg, "association", "aswan", "relief", ""],
        ["", "abc", "association", "aswan", "relief", ""],
    ])  # fmt: skip
    env = {**os.environ, "DATABASE_URL": db_url("registry")}
    done = await asyncio.to_thread(
        subprocess.run, [sys.executable, "-m", "services.registry", "import", str(path)],
        env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr  # some rows had errors
    assert "added 1" in done.stdout
    with (tmp_path / "cli.csv.errors.csv").open(encoding="utf-8-sig") as report:
        lines = list(csv.DictReader(report))
    assert {(r["line"], r["field"], r["code"]) for r in lines} == {
        ("3", "name_ar", "required"),
        ("3", "registration_number", "invalid_registration_number"),
    }


async def test_import_flags_a_name_like_one_on_record(db, settings_for, number, tmp_path):
    tag = uuid.uuid4().hex[:6]
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    n1, n2, n3 = number(), number(), number()
    _write_csv(first, [[f"جمعية الشبان المسلمين {tag}", n1, "association", "daraw", "health", ""]])
    _write_csv(second, [
        [f"الجمعية الخيرية للشبان المسلمين {tag}", n2, "association", "daraw", "health", ""],
        [f"جمعيَّة الشُّبَّان المسلمين {tag}", n3, "association", "daraw", "health", ""],
    ])  # fmt: skip
    settings = settings_for(RegistrySettings)
    await run_import(settings, first, "active", "import:test")
    report = await run_import(settings, second, "active", "import:test")
    rows = {
        r["registration_number"]: r
        for r in await db.fetch(
            "SELECT registration_number, association_id, status, duplicate_of "
            "FROM registry.associations WHERE registration_number = ANY($1)", [n1, n2, n3],
        )
    }  # fmt: skip
    assert report.flagged == 1
    assert rows[n3]["duplicate_of"] == rows[n1]["association_id"]
    assert rows[n3]["status"] == "pending_verification"
    assert rows[n2]["duplicate_of"] is None  # "للشبان" starts differently: not in the block
    assert rows[n1]["status"] == "active"


async def test_a_chunk_raced_by_a_registration_runs_again_and_imports_the_rest(
    db, settings_for, number
):
    """Between the import's look-up of the numbers on record and its insert, a registration
    (over the portal, say) commits one of its numbers: the import does not fail; that row is
    left alone (counted as on record), and the others are imported, counted once."""
    settings = settings_for(RegistrySettings)
    engine = make_engine(settings.database_url, SCHEMA, 4)
    tag = uuid.uuid4().hex[:6]
    numbers = [number() for _ in range(3)]
    rows = [
        (line, {"name_ar": f"جمعية {word} {tag}", "registration_number": n,
                "legal_form": "association", "centre": "edfu", "sectors": "health"})
        for line, word, n in zip((2, 3, 4), ("الأمل", "النور", "الخير"), numbers, strict=True)
    ]  # fmt: skip
    portal = {**rows[1][1], "name_ar": f"جمعية البوابة {tag}", "sectors": ["health"]}
    raced: list[int] = []

    class RacedOnce(RegistryUnitOfWork):
        def _start(self) -> None:
            super()._start()
            similar = self.bulk.similar

            async def similar_then_a_registration(*args: Any) -> dict[int, str]:
                if not raced:  # once: the portal's registration commits meanwhile
                    raced.append(1)
                    async with RegistryUnitOfWork(engine, "/portal", SCHEMA) as other:
                        cmd = SubmitRegistration(str(uuid.uuid4()), portal, "/portal", "portal")
                        await submit_registration(cmd, other)
                        await other.commit()
                return await similar(*args)

            self.bulk.similar = similar_then_a_registration  # type: ignore[method-assign]

    try:
        report = await import_rows(
            rows, lambda: RacedOnce(engine, settings.source, SCHEMA), actor="import:test"
        )
    finally:
        await engine.dispose()
    assert raced == [1]
    assert (report.added, report.unchanged, report.errors) == (2, 1, [])
    found = await db.fetch(
        "SELECT registration_number, name_ar FROM registry.associations "
        "WHERE registration_number = ANY($1)", numbers,
    )  # fmt: skip
    names = {r[0]: r[1] for r in found}
    assert len(names) == 3
    assert names[numbers[1]] == portal["name_ar"], "the portal's record is left alone"
