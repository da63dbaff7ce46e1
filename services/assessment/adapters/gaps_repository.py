"""Gap analysis in SQL: people reached per cell, summed over every active association at once.

One statement per campaign, whatever the number of associations: each association's cells are
the product of its centres and sectors (plus those of its partnerships current during the
campaign), its yearly beneficiaries split evenly across them (a window count), summed per cell
and joined to the campaign's needs. The rest (coverage, gap, rank) is done on those few rows by
:mod:`services.assessment.domain.gaps`.
"""

from __future__ import annotations

import asyncpg

from services.assessment.domain.gaps import CellCoverage
from shared.events.assessment import GapRow

REACHED = """
WITH campaign AS (
    SELECT max(opens_on) AS opens_on, max(closes_on) AS closes_on
    FROM campaigns WHERE campaign_id = $1
), cells AS (
    SELECT a.association_id, a.beneficiaries_per_year AS b, c AS centre, s AS sector
    FROM associations a, unnest(a.centres_served) c, unnest(a.sectors) s
    WHERE a.status = 'active' AND a.beneficiaries_per_year > 0
    UNION
    SELECT a.association_id, a.beneficiaries_per_year, c, s
    FROM partnerships p JOIN associations a USING (association_id), campaign k,
        unnest(p.centres) c, unnest(p.sectors) s
    WHERE a.status = 'active' AND a.beneficiaries_per_year > 0
        AND (p.ends_on IS NULL OR k.opens_on IS NULL OR p.ends_on >= k.opens_on)
        AND (p.starts_on IS NULL OR k.closes_on IS NULL OR p.starts_on <= k.closes_on)
), shares AS (
    SELECT centre, sector, b::float8 / count(*) OVER (PARTITION BY association_id) AS share
    FROM cells
), reached AS (
    SELECT centre, sector, sum(share) AS reached FROM shares GROUP BY centre, sector
)
SELECT n.centre, n.sector, n.severity, n.people_in_need,
    coalesce(round(r.reached), 0)::bigint AS people_reached
FROM needs n LEFT JOIN reached r ON r.centre = n.centre AND r.sector = n.sector
WHERE n.campaign_id = $1
"""


class GapsRepository:
    def __init__(self, driver: asyncpg.Connection) -> None:
        self.driver = driver

    async def coverage(self, campaign_id: str) -> list[CellCoverage]:
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
