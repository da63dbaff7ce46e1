"""Read models of the assessment service's events, kept for derived KPIs: the latest capacity
score per association, the latest needs per campaign x centre x sector, and the rows of each
campaign's latest gap analysis.

Events of one subject come in order (the producer's outbox keeps it), but a replayed or late
older event must not undo a newer one: every write keeps the row with the later event time.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.dialects.postgresql import distinct_on, insert
from sqlalchemy.ext.asyncio import AsyncConnection

from services.monitoring.adapters.orm import (
    associations,
    capacity_scores,
    gap_analyses,
    gap_rows,
    needs,
)

CAPACITY_EXPANDING = 3.0
"""OCA scale 1-4: 3 = expanding, 4 = mature."""


class AssessmentReadModel:
    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def save_capacity(
        self, association_id: str, assessment_id: str | None, overall: float, at: datetime
    ) -> None:
        values = {"assessment_id": assessment_id, "overall": overall, "scored_at": at}
        stmt = insert(capacity_scores).values(association_id=association_id, **values)
        await self.conn.execute(
            stmt.on_conflict_do_update(
                index_elements=["association_id"],
                set_=values,
                where=capacity_scores.c.scored_at <= stmt.excluded.scored_at,
            )
        )

    async def centre_of(self, association_id: str) -> str | None:
        stmt = select(associations.c.centre).where(associations.c.association_id == association_id)
        return (await self.conn.execute(stmt)).scalar_one_or_none()

    async def capacity(self, centre: str) -> tuple[int, int, float]:
        """Associations of a centre (not dissolved) with a score: how many, how many at 3 or
        more, and the sum of their latest overall scores."""
        stmt = (
            select(
                func.count(),
                func.count().filter(capacity_scores.c.overall >= CAPACITY_EXPANDING),
                func.coalesce(func.sum(capacity_scores.c.overall), 0.0),
            )
            .select_from(
                capacity_scores.join(
                    associations,
                    associations.c.association_id == capacity_scores.c.association_id,
                )
            )
            .where(associations.c.centre == centre, associations.c.status != "dissolved")
        )
        assessed, expanding, total = (await self.conn.execute(stmt)).one()
        return int(assessed), int(expanding), float(total)

    async def save_need(self, campaign_id: str, centre: str, sector: str, **values: Any) -> None:
        stmt = insert(needs).values(campaign_id=campaign_id, centre=centre, sector=sector, **values)
        await self.conn.execute(
            stmt.on_conflict_do_update(
                index_elements=["campaign_id", "centre", "sector"],
                set_=values,
                where=needs.c.updated_at <= stmt.excluded.updated_at,
            )
        )

    async def people_in_need(self, centre: str, sector: str | None) -> int | None:
        """The latest people in need of a centre's sector (any campaign); without a sector, the
        largest over its sectors: people in need are never summed across sectors."""
        latest = (
            select(needs.c.sector, needs.c.people_in_need)
            .where(needs.c.centre == centre)
            .ext(distinct_on(needs.c.sector))
            .order_by(needs.c.sector, needs.c.updated_at.desc())
        )
        if sector:
            latest = latest.where(needs.c.sector == sector)
        rows = (await self.conn.execute(latest)).all()
        return max((r.people_in_need for r in rows), default=None)

    async def save_gaps(
        self, campaign_id: str, rows: list[dict[str, Any]], at: datetime
    ) -> set[str] | None:
        """Replace a campaign's gap rows by a newer analysis; return the centres whose rows
        changed (before or after), or None when a newer analysis is already stored."""
        stmt = insert(gap_analyses).values(campaign_id=campaign_id, published_at=at)
        kept = await self.conn.execute(
            stmt.on_conflict_do_update(
                index_elements=["campaign_id"],
                set_={"published_at": at},
                where=gap_analyses.c.published_at <= at,
            ).returning(gap_analyses.c.campaign_id)
        )
        if kept.scalar_one_or_none() is None:
            return None
        gone = await self.conn.execute(
            delete(gap_rows)
            .where(gap_rows.c.campaign_id == campaign_id)
            .returning(gap_rows.c.centre)
        )
        centres = set(gone.scalars())
        if rows:
            await self.conn.execute(
                insert(gap_rows),
                [{**r, "campaign_id": campaign_id, "published_at": at} for r in rows],
            )
        return centres | {r["centre"] for r in rows}

    async def coverage(self, centre: str, sector: str) -> tuple[int, int] | None:
        """(people reached, capped at the people in need; people in need) of a centre's sector
        in the latest gap analysis that has the cell."""
        stmt = (
            select(gap_rows.c.people_reached, gap_rows.c.people_in_need)
            .where(gap_rows.c.centre == centre, gap_rows.c.sector == sector)
            .order_by(gap_rows.c.published_at.desc())
            .limit(1)
        )
        row = (await self.conn.execute(stmt)).one_or_none()
        if row is None:
            return None
        reached, in_need = int(row[0]), int(row[1])
        return min(reached, in_need), in_need
