"""The set-based import (staging table, checks over the whole file, events written by
PostgreSQL): the event in the outbox is the one the registry's own code would build, names alike
within the file are flagged like names on record, the Python trigram comparison decides exactly
as pg_trgm's similarity(), and the rows are read a chunk at a time."""

from __future__ import annotations

import itertools
import random
import uuid
from typing import Any

from services.registry.adapters.repository import to_association
from services.registry.adapters.trigrams import first_similar
from services.registry.config import SCHEMA, RegistrySettings
from services.registry.domain import events
from services.registry.domain.model import NAME_SIMILARITY, name_key
from services.registry.service_layer.importing import import_rows
from services.registry.service_layer.unit_of_work import RegistryUnitOfWork
from shared.db import make_engine
from shared.events.envelope import envelope_json, make_envelope, parse_event


def _row(name: str, number: str, centre: str = "daraw", **extra: Any) -> dict[str, Any]:
    return {"name_ar": name, "registration_number": number, "legal_form": "association",
            "centre": centre, "sectors": "health", **extra}  # fmt: skip


async def _import(settings_for, rows, **options):
    settings = settings_for(RegistrySettings)
    engine = make_engine(settings.database_url, SCHEMA, 2)
    try:
        return await import_rows(
            rows, lambda: RegistryUnitOfWork(engine, settings.source, SCHEMA),
            actor="import:test", **options,
        )  # fmt: skip
    finally:
        await engine.dispose()


async def test_the_outbox_holds_the_event_the_registry_would_build(db, settings_for, number):
    reg = number()
    extra = {"name_en": "Hope", "contact_email": "hope@example.org", "centres_served": "edfu",
             "beneficiaries_per_year": "١٢٠"}  # fmt: skip
    report = await _import(
        settings_for, [(2, _row(f"جمعية الأمل {uuid.uuid4().hex}", reg, **extra))]
    )
    assert (report.added, report.errors) == (1, [])
    row = await db.fetchrow(
        "SELECT * FROM registry.associations WHERE registration_number = $1", reg
    )
    outbox = await db.fetchrow(
        "SELECT * FROM registry.outbox WHERE subject = $1", row["association_id"]
    )
    envelope = parse_event(bytes(outbox["body"]))  # the consumers' own parsing and validation
    expected = events.registered(to_association(row), None, {"channel": "import"})
    assert envelope.data.model_dump() == expected.model_dump()
    assert envelope.data.beneficiaries_per_year == 120 and envelope.data.centres_served == [
        "daraw", "edfu"
    ]  # fmt: skip
    assert envelope.source == settings_for(RegistrySettings).source
    assert envelope.subject == row["association_id"] and envelope.correlationid == envelope.id
    assert (outbox["event_id"], outbox["routing_key"], outbox["event_type"]) == (
        envelope.id, expected.ROUTING_KEY, expected.event_type()
    )  # fmt: skip
    # and it reads as the envelope the unit of work writes for any other event
    again = make_envelope(expected, source=envelope.source, subject=envelope.subject,
                          event_id=envelope.id, time=envelope.time)  # fmt: skip
    assert parse_event(envelope_json(again)) == envelope


async def test_names_alike_in_the_file_are_flagged_as_the_first_line(db, settings_for, number):
    tag = uuid.uuid4().hex[:8]
    n = [number() for _ in range(4)]
    report = await _import(settings_for, [
        (2, _row(f"جمعية الشبان المسلمين {tag}", n[0])),
        (3, _row(f"جمعيَّة الشُّبَّان المسلمين {tag}", n[1])),  # the same name, diacritics
        (4, _row(f"جمعية الشبان المسلمين {tag}", n[2])),
        (5, _row(f"جمعية الشبان المسلمين {tag}", n[3], centre="edfu")),  # another centre
    ])  # fmt: skip
    rows = {
        r["registration_number"]: r
        for r in await db.fetch(
            "SELECT registration_number, association_id, status, duplicate_of "
            "FROM registry.associations WHERE registration_number = ANY($1)", n,
        )
    }  # fmt: skip
    first = rows[n[0]]["association_id"]
    assert report.flagged == 2 and report.added == 4
    assert [rows[x]["duplicate_of"] for x in n] == [None, first, first, None]
    assert [rows[x]["status"] for x in n] == ["active", "pending_verification",
                                              "pending_verification", "active"]  # fmt: skip


async def test_the_trigram_comparison_decides_as_pg_trgm_similarity(db):
    rng = random.Random(15)
    words = ["جمعية", "الأمل", "النور", "لرعاية", "الأيتام", "بإدفو", "الخيرية", "للتنمية",
             "الشاملة", "بدراو", "المسلمين", "الشبان", "٣", "12", "أبو", "سمبل"]  # fmt: skip
    names = [" ".join(rng.sample(words, rng.randint(2, 6))) for _ in range(150)]
    pairs = [(name_key(a), name_key(b)) for a, b in itertools.pairwise(names)]
    pairs += [(name_key(a), name_key(a + " " + w)) for a, w in zip(names, words * 10, strict=False)]
    rows = await db.fetch(
        "SELECT similarity(a, b) >= $3::real, show_trgm(a), show_trgm(b) "
        "FROM unnest($1::text[], $2::text[]) AS p(a, b)",
        [a for a, _ in pairs], [b for _, b in pairs], NAME_SIMILARITY,
    )  # fmt: skip
    decided = [
        first_similar([(1, "a", list(ta)), (2, "b", list(tb))], NAME_SIMILARITY) == [(2, "a")]
        for _, ta, tb in rows
    ]
    assert decided == [r[0] for r in rows]
    assert 20 < sum(decided) < len(decided) - 20, "both outcomes are exercised"


async def test_rows_are_read_a_chunk_at_a_time_and_repeats_across_chunks_found(
    db, settings_for, number
):
    tag = uuid.uuid4().hex[:8]
    n = [number() for _ in range(4)]
    read: list[int] = []
    seen_at_progress: list[int] = []

    def rows():
        for i, (word, reg) in enumerate(zip(["الأمل", "النور", "الهدى", "الخير", "الفجر"],
                                            [*n, n[0]], strict=True)):  # fmt: skip
            read.append(i)
            yield i + 2, _row(f"جمعية {word} {tag}", reg, centre="edfu")

    report = await _import(
        settings_for, rows(), chunk_size=2, progress=lambda k: seen_at_progress.append(len(read))
    )
    assert seen_at_progress == [2, 4, 5], "each chunk staged before the next is read"
    assert report.added == 4
    assert [(e.line, e.code) for e in report.errors] == [(6, "duplicate_in_file")]
    stored = await db.fetchval(
        "SELECT count(*) FROM registry.associations WHERE registration_number = ANY($1)", n
    )
    assert stored == 4
