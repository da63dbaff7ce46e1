"""Bulk writes for imports, set-based: the checked rows are COPY-ed into a staging table (a
temporary table of the import's transaction), then each remaining check and the inserts are one
statement over all of them, and so are the outbox rows of their ``AssociationRegistered`` events
(``INSERT ... SELECT``, the envelope built by PostgreSQL). Python holds one chunk at a time.
"""

from __future__ import annotations

from typing import Any

import asyncpg
from sqlalchemy.ext.asyncio import AsyncConnection

from services.registry.adapters.driver import driver
from services.registry.adapters.statements import COLUMNS
from services.registry.adapters.trigrams import first_similar
from services.registry.domain.model import NAME_SIMILARITY, org_id
from shared.events.registry import AssociationRegistered
from shared.messaging.tables import notify_channel

STAGED = ("line", *COLUMNS, "name_norm", "name_block", "search_text", "created_by")
_INSERTED = ", ".join((*COLUMNS, "name_norm", "name_block", "search_text", "created_by"))

_STAGE = """
CREATE TEMPORARY TABLE import_stage (
    line integer PRIMARY KEY, on_record boolean NOT NULL DEFAULT false,
    LIKE associations INCLUDING DEFAULTS
) ON COMMIT DROP
"""
_INDEX = (
    "CREATE INDEX ON import_stage (registration_number, line)",
    "CREATE INDEX ON import_stage (centre, name_block, line)",
    "ANALYZE import_stage",
)
# A number on an earlier line of the file: the later lines are errors (duplicate_in_file).
_REPEATED = """
DELETE FROM import_stage s USING import_stage e
 WHERE e.registration_number = s.registration_number AND e.line < s.line
RETURNING s.line
"""
_ON_RECORD = """
UPDATE import_stage s SET on_record = true FROM associations a
 WHERE a.registration_number = s.registration_number
"""
# A suspected duplicate on record: the most similar name of the same centre and block (the
# registration's screening). Then, for those without one, the first earlier line of the file
# with a similar name (trigrams.py: as if the rows had been registered one after another).
_SIMILAR_ON_RECORD = """
UPDATE import_stage s SET duplicate_of = m.twin, status = 'pending_verification'
  FROM (SELECT t.line,
          (SELECT a.association_id FROM associations a
            WHERE a.centre = t.centre AND a.name_block = t.name_block
              AND similarity(a.name_norm, t.name_norm) >= $1::real
            ORDER BY similarity(a.name_norm, t.name_norm) DESC LIMIT 1) AS twin
          FROM import_stage t WHERE NOT t.on_record) m
 WHERE s.line = m.line AND m.twin IS NOT NULL
"""
_TRIGRAMS = """
SELECT centre, name_block, line, association_id, show_trgm(name_norm)
  FROM import_stage WHERE NOT on_record ORDER BY centre, name_block, line
"""
_TWINS = "CREATE TEMPORARY TABLE import_twins (line integer, twin text) ON COMMIT DROP"
_SIMILAR_IN_FILE = """
UPDATE import_stage s SET duplicate_of = t.twin, status = 'pending_verification'
  FROM import_twins t WHERE s.line = t.line AND s.duplicate_of IS NULL
"""

# The data of AssociationRegistered, field by field: an association column of the same name,
# or the expression below. A field added to the event and not named here fails at import time.
_EVENT_EXPRESSIONS = {
    "org_id": f"'{org_id('')}' || registration_number",
    "submission_id": "NULL",
    "channel": "'import'",
    "bot_chat_id": "NULL",
    "language": "NULL",
}


def _event_data() -> str:
    pairs = []
    for name in AssociationRegistered.model_fields:
        expression = _EVENT_EXPRESSIONS.get(name) or (name if name in COLUMNS else None)
        if expression is None:
            raise LookupError(f"AssociationRegistered.{name}: no column or expression for it")
        pairs.append(f"'{name}', {expression}")
    return f"jsonb_build_object({', '.join(pairs)})"


# Rows not on record, in file order; a number a registration took meanwhile is left alone
# (ON CONFLICT). One outbox row per inserted association, its body the CloudEvents envelope as
# envelope_json writes it; the NOTIFY wakes the relay at commit.
_INSERT = f"""
WITH added AS (
  INSERT INTO associations ({_INSERTED})
  SELECT {_INSERTED} FROM import_stage WHERE NOT on_record ORDER BY line
  ON CONFLICT (registration_number) DO NOTHING
  RETURNING *
), announced AS (
  INSERT INTO outbox (event_id, routing_key, event_type, subject, correlation_id, body)
  SELECT e.id, $1, $2, e.association_id, e.id, convert_to(jsonb_build_object(
      'specversion', '1.0', 'id', e.id, 'source', $3::text, 'type', $2::text, 'time', now(),
      'subject', e.association_id, 'datacontenttype', 'application/json',
      'correlationid', e.id, 'data', e.data)::text, 'UTF8')
    FROM (SELECT gen_random_uuid()::text AS id, association_id, {_event_data()} AS data
            FROM added) e
  RETURNING 1
)
SELECT (SELECT count(*) FROM added) AS added,
       (SELECT count(*) FROM added WHERE duplicate_of IS NOT NULL) AS flagged,
       (SELECT count(*) FROM import_stage WHERE NOT on_record) AS fresh,
       (SELECT count(*) FROM announced) AS announced,
       pg_notify($4, '')
"""


class BulkAssociations:
    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def _db(self) -> asyncpg.Connection:
        return await driver(self.conn)

    async def stage(self) -> None:
        """The staging table, dropped when the import's transaction ends."""
        await (await self._db()).execute(_STAGE)

    async def copy(self, records: list[tuple[Any, ...]]) -> None:
        """Rows checked one by one (``STAGED`` columns), one COPY."""
        if records:
            await (await self._db()).copy_records_to_table(
                "import_stage", records=records, columns=STAGED
            )

    async def repeated_numbers(self) -> list[int]:
        """Index the staged rows; remove those whose number an earlier line has: their lines."""
        db = await self._db()
        for statement in _INDEX:
            await db.execute(statement)
        return sorted(r[0] for r in await db.fetch(_REPEATED))

    async def on_record(self) -> int:
        """Mark the staged numbers already on record (left alone); how many."""
        status = await (await self._db()).execute(_ON_RECORD)
        return int(status.split()[-1])

    async def similar(self) -> None:
        """Flag suspected duplicates (pending verification): like a name on record, or like an
        earlier line's. The file's names are read block by block (one block in memory)."""
        db = await self._db()
        await db.execute(_SIMILAR_ON_RECORD, NAME_SIMILARITY)
        await db.execute(_TWINS)
        block: list[tuple[int, str, list[str]]] = []
        key: tuple[str, str] | None = None
        twins: list[tuple[int, str]] = []
        async for centre, name_block, line, association_id, grams in db.cursor(
            _TRIGRAMS, prefetch=2000
        ):
            if (centre, name_block) != key:
                twins += first_similar(block, NAME_SIMILARITY)
                block, key = [], (centre, name_block)
            block.append((line, association_id, grams))
            if len(twins) >= 5000:
                await db.copy_records_to_table("import_twins", records=twins)
                twins = []
        twins += first_similar(block, NAME_SIMILARITY)
        await db.copy_records_to_table("import_twins", records=twins)
        await db.execute(_SIMILAR_IN_FILE)

    async def insert(self, source: str, schema: str) -> tuple[int, int, int]:
        """Insert the staged rows not on record with their events: (added, flagged, raced)."""
        row = await (await self._db()).fetchrow(
            _INSERT,
            AssociationRegistered.ROUTING_KEY,
            AssociationRegistered.event_type(),
            source,
            notify_channel(schema),
        )
        assert row["announced"] == row["added"], "every inserted association has its event"
        return row["added"], row["flagged"], row["fresh"] - row["added"]

    async def analyze(self) -> None:
        """Fresh planner statistics after a bulk load (search and screening plans)."""
        db = await self._db()
        await db.execute("ANALYZE associations")
