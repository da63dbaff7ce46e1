"""Gap analysis in SQL: people reached per cell, summed over every active association at once.

One statement per campaign, whatever the number of associations: each active association's
yearly beneficiaries split evenly across its cells (the distinct centre/sector pairs of its
profile and partnerships, kept in its ``cells`` by the read model), summed per cell in one hash
aggregate and joined to the campaign's needs. JIT is off for it: compiling the plan cost more
than running it. The rest (coverage, gap, rank) is done on those few rows by
:mod:`services.assessment.domain.gaps`.
"""

from __future__ import annotations

import asyncpg

from services.assessment.domain.gaps import CellCoverage
from shared.events.assessment import GapRow

REACHED = """
WITH reached AS (
    SELECT cell, sum(beneficiaries_per_year::float8 / cardinality(cells)) AS reached
    FROM associations, unnest(cells) AS cell
    WHERE status = 'active' AND beneficiaries_per_year > 0
    GROUP BY cell
)
SELECT n.centre, n.sector, n.severity, n.people_in_need,
    coalesce(round(r.reached), 0)::bigint AS people_reached
FROM needs n LEFT JOIN reached r ON r.cell = n.centre || '/' || n.sector
WHERE n.campaign_id = $1
"""


class GapsRepository:
    def __init__(self, driver: asyncpg.Connection) -> None:
        self.driver = driver

    async def coverage(self, campaign_id: str) -> list[CellCoverage]:
        await self.driver.execute("SET LOCAL jit = off")
        rows = await self.driver.fetch(REACHED, campaign_id)
        return [CellCoverage(**dict(r)) for r in rows]

    async def rows(self, campaign_id: str) -> list[GapRow]:
        rows = await self.driver.fetch(
            "SELECT centre, sector, severity, people_in_need, people_reached, coverage, gap"
            " FROM gaps WHERE campaign_id = $1 ORDER BY rank",
            campaign_id,
        )
        return [GapRow.model_validate(dict(r)) for r in rows]

    async def replace(self, campaign_id: str, rows: list[GapRow]) -> None:
        await self.driver.execute("DELETE FROM gaps WHERE campaign_id = $1", campaign_id)
        await self.driver.executemany(
            "INSERT INTO gaps (campaign_id, centre, sector, rank, severity, people_in_need,"
            " people_reached, coverage, gap) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            [
                (campaign_id, r.centre.value, r.sector, rank, r.severity, r.people_in_need,
                 r.people_reached, r.coverage, r.gap)
                for rank, r in enumerate(rows, start=1)
            ],
        )  # fmt: skip

    async def campaigns_needing(self, centres: list[str]) -> list[str]:
        """Campaigns with needs in these centres whose gaps still follow coverage (a closed
        campaign keeps the table it closed with)."""
        rows = await self.driver.fetch(
            "SELECT DISTINCT n.campaign_id FROM needs n"
            " LEFT JOIN campaigns c ON c.campaign_id = n.campaign_id"
            " WHERE n.centre = ANY($1::text[]) AND c.status IS DISTINCT FROM 'closed'",
            centres,
        )
        return [r[0] for r in rows]
