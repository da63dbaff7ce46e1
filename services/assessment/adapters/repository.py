from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from services.assessment.adapters.orm import associations, needs
from services.assessment.domain.model import NeedAssessment


class NeedsRepository:
    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def upsert(self, need: NeedAssessment, recorded_by: str) -> None:
        values = {
            "campaign_id": need.campaign_id,
            "centre": need.centre.value,
            "sector": need.sector.value,
            "severity": need.severity,
            "people_affected": need.people_affected,
            "recorded_by": recorded_by,
        }
        stmt = insert(needs).values(values)
        await self.conn.execute(
            stmt.on_conflict_do_update(
                index_elements=["campaign_id", "centre", "sector"],
                set_={k: stmt.excluded[k] for k in ("severity", "people_affected", "recorded_by")},
            )
        )


class AssociationsReadModel:
    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def upsert(
        self,
        association_id: str,
        centre: str,
        status: str,
        centres_served: list[str],
        sectors: list[str],
    ) -> None:
        values = {
            "association_id": association_id,
            "centre": centre,
            "status": status,
            "centres_served": ",".join(centres_served),
            "sectors": ",".join(sectors),
        }
        stmt = insert(associations).values(values)
        await self.conn.execute(
            stmt.on_conflict_do_update(
                index_elements=["association_id"],
                set_={
                    k: stmt.excluded[k] for k in ("centre", "status", "centres_served", "sectors")
                },
            )
        )

    async def set_status(self, association_id: str, status: str) -> None:
        await self.conn.execute(
            update(associations)
            .where(associations.c.association_id == association_id)
            .values(status=status)
        )
