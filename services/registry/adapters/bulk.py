"""Bulk writes for imports: one round trip per chunk for each step (asyncpg COPY and unnest)."""

from __future__ import annotations

import asyncpg
from sqlalchemy.ext.asyncio import AsyncConnection

from services.registry.adapters.driver import driver
from services.registry.adapters.repository import COLUMNS, row_values
from services.registry.domain.errors import SubmissionRaced
from services.registry.domain.model import NAME_SIMILARITY, Association, block_key, name_key

_SIMILAR = """
SELECT t.i, m.association_id
  FROM unnest($1::int[], $2::text[], $3::text[], $4::text[]) AS t(i, centre, name, block)
  CROSS JOIN LATERAL (
    SELECT association_id FROM associations a
     WHERE a.centre = t.centre AND a.name_block = t.block
       AND similarity(a.name_norm, t.name) >= $5::real
     ORDER BY similarity(a.name_norm, t.name) DESC LIMIT 1) m
"""


class BulkAssociations:
    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def _db(self) -> asyncpg.Connection:
        return await driver(self.conn)

    async def existing_numbers(self, numbers: list[str]) -> set[str]:
        db = await self._db()
        rows = await db.fetch(
            "SELECT registration_number FROM associations WHERE registration_number = ANY($1)",
            numbers,
        )
        return {r[0] for r in rows}

    async def similar(self, centres: list[str], names: list[str]) -> dict[int, str]:
        """Index in the input -> the most similar association in the same centre, if any."""
        db = await self._db()
        keys = [name_key(n) for n in names]
        blocks = [block_key(k) for k in keys]
        rows = await db.fetch(
            _SIMILAR, list(range(len(keys))), centres, keys, blocks, NAME_SIMILARITY
        )
        return {r[0]: r[1] for r in rows}

    async def analyze(self) -> None:
        """Fresh planner statistics after a bulk load (search and screening plans)."""
        db = await self._db()
        await db.execute("ANALYZE associations")

    async def insert(self, items: list[Association], created_by: str) -> None:
        db = await self._db()
        try:
            await db.copy_records_to_table(
                "associations",
                records=[tuple(row_values(a, created_by)) for a in items],
                columns=[*COLUMNS, "name_norm", "name_block", "search_text", "created_by"],
                schema_name="registry",
            )
        except asyncpg.UniqueViolationError as exc:  # a number taken since existing_numbers()
            raise SubmissionRaced(str(exc)) from exc
