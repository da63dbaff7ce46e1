"""Read model of the registry's associations and partnerships: who reaches whom, where.

``footprint`` is what coverage sees of an association (does it count, with how many
beneficiaries, in which cells): handlers compare it before and after an event to learn whether
any gap table can have changed, and in which centres.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import asyncpg

from services.assessment.domain.gaps import Footprint
from shared.events.assessment import PEOPLE_MAX

_FIELDS = ("centre", "status", "centres_served", "sectors", "beneficiaries_per_year")


class CoverageReadModel:
    def __init__(self, driver: asyncpg.Connection) -> None:
        self.driver = driver

    async def footprint(self, association_id: str) -> Footprint | None:
        r = await self.driver.fetchrow(
            "SELECT status = 'active' AND beneficiaries_per_year > 0 AS counts,"
            " beneficiaries_per_year, cells FROM associations WHERE association_id = $1",
            association_id,
        )
        if r is None:
            return None
        cells = frozenset((c.partition("/")[0], c.partition("/")[2]) for c in r["cells"])
        return Footprint(r[0], r[1], frozenset(c for c, _ in cells), cells)

    async def upsert(self, association_id: str, values: dict[str, Any]) -> None:
        """A whole row (registration) or the fields an update changed (needs the row)."""
        known = {k: _clean(k, v) for k, v in values.items() if k in _FIELDS and v is not None}
        if not known:
            return
        cols = ["association_id", *known]
        marks = ", ".join(f"${i}" for i in range(1, len(cols) + 1))
        sets = ", ".join(f"{k} = excluded.{k}" for k in known)
        if set(known) >= {"centre", "status", "centres_served", "sectors"}:
            await self.driver.execute(
                f"INSERT INTO associations ({', '.join(cols)}) VALUES ({marks})"
                f" ON CONFLICT (association_id) DO UPDATE SET {sets}",
                association_id, *known.values(),
            )  # fmt: skip
        else:
            sets = ", ".join(f"{k} = ${i}" for i, k in enumerate(known, start=2))
            await self.driver.execute(
                f"UPDATE associations SET {sets} WHERE association_id = $1",
                association_id, *known.values(),
            )  # fmt: skip
        if known.keys() & {"centres_served", "sectors"}:
            await self._refresh_cells(association_id)

    async def add_partnership(
        self,
        partnership_id: str,
        association_id: str,
        centres: list[str],
        sectors: list[str],
        starts_on: date | None,
        ends_on: date | None,
    ) -> None:
        await self.driver.execute(
            "INSERT INTO partnerships (partnership_id, association_id, centres, sectors,"
            " starts_on, ends_on) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (partnership_id)"
            " DO UPDATE SET centres = excluded.centres, sectors = excluded.sectors,"
            " starts_on = excluded.starts_on, ends_on = excluded.ends_on",
            partnership_id, association_id, sorted(set(centres)), sorted(set(sectors)), starts_on,
            ends_on,
        )  # fmt: skip
        await self._refresh_cells(association_id)

    async def _refresh_cells(self, association_id: str) -> None:
        """The distinct cells an association works in: its centres x sectors, and those of its
        partnerships not already ended when this runs (an ended one no longer extends them)."""
        await self.driver.execute(
            """
            UPDATE associations a SET cells = ARRAY(
                SELECT c || '/' || s FROM unnest(a.centres_served) c, unnest(a.sectors) s
                UNION
                SELECT c || '/' || s FROM partnerships p, unnest(p.centres) c, unnest(p.sectors) s
                WHERE p.association_id = a.association_id
                    AND (p.ends_on IS NULL OR p.ends_on >= current_date)
                ORDER BY 1)
            WHERE a.association_id = $1
            """,
            association_id,
        )

    async def centres_of(self, association_id: str) -> list[str]:
        """Where an association works (its centre and the centres it serves)."""
        value: list[str] | None = await self.driver.fetchval(
            "SELECT ARRAY(SELECT DISTINCT unnest(centre || centres_served)) FROM associations"
            " WHERE association_id = $1",
            association_id,
        )
        return value or []


def _clean(key: str, value: Any) -> Any:
    if key in ("centres_served", "sectors"):
        return sorted({str(v) for v in value})
    if key == "beneficiaries_per_year":
        try:
            n = int(value)
        except (TypeError, ValueError):
            return 0
        return n if 0 <= n <= PEOPLE_MAX else 0  # out of range: a typing error, not counted
    return str(value)
