"""Read models from registry events, population reference data, workshops and proposals."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import any_, func, literal, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from services.monitoring.adapters.orm import associations, population, proposals, workshops


class AssociationsReadModel:
    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def upsert(
        self,
        association_id: str,
        name_ar: str,
        centre: str,
        status: str,
        sectors: list[str],
        centres_served: list[str] | None = None,
    ) -> None:
        values: dict[str, Any] = {
            "name_ar": name_ar, "centre": centre, "status": status, "sectors": sectors
        }  # fmt: skip
        if centres_served is not None:
            values["centres_served"] = centres_served
        stmt = insert(associations).values(association_id=association_id, **values)
        await self.conn.execute(
            stmt.on_conflict_do_update(index_elements=["association_id"], set_=values)
        )

    async def set_status(self, association_id: str, status: str) -> str | None:
        """Set the status; return the association's centre (None if unknown)."""
        result = await self.conn.execute(
            update(associations)
            .where(associations.c.association_id == association_id)
            .values(status=status)
            .returning(associations.c.centre)
        )
        return result.scalar_one_or_none()

    async def centres_of(self, association_id: str) -> set[str] | None:
        """The centres an association serves, its own included (None if unknown here)."""
        row = (
            await self.conn.execute(
                select(associations.c.centre, associations.c.centres_served).where(
                    associations.c.association_id == association_id
                )
            )
        ).one_or_none()
        return None if row is None else {row[0], *row[1]}

    async def known(self, ids: list[str]) -> set[str]:
        if not ids:
            return set()
        rows = await self.conn.execute(
            select(associations.c.association_id).where(associations.c.association_id.in_(ids))
        )
        return set(rows.scalars())

    async def counts(self, centre: str, sector: str | None) -> dict[str, int]:
        """Associations of a centre by status (optionally only those working in ``sector``)."""
        stmt = (
            select(associations.c.status, func.count())
            .where(associations.c.centre == centre)
            .group_by(associations.c.status)
        )
        if sector:
            stmt = stmt.where(literal(sector) == any_(associations.c.sectors))
        return {status: n for status, n in (await self.conn.execute(stmt)).all()}

    async def inhabitants(self, centre: str) -> int | None:
        return (
            await self.conn.execute(
                select(population.c.inhabitants).where(population.c.centre == centre)
            )
        ).scalar_one_or_none()


class WorkshopRepository:
    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def add(
        self,
        workshop_id: str,
        held_on: date,
        centre: str,
        title: str,
        participants: list[dict[str, Any]],
        created_by: str,
    ) -> None:
        await self.conn.execute(
            insert(workshops).values(
                id=workshop_id,
                held_on=held_on,
                centre=centre,
                title=title,
                participants=participants,
                created_by=created_by,
            )
        )

    async def exists(self, workshop_id: str) -> bool:
        found = await self.conn.execute(select(workshops.c.id).where(workshops.c.id == workshop_id))
        return found.scalar_one_or_none() is not None

    async def add_proposal(self, values: dict[str, Any]) -> None:
        await self.conn.execute(insert(proposals).values(status="proposed", **values))

    async def proposal(self, proposal_id: str) -> dict[str, Any] | None:
        row = (
            await self.conn.execute(
                select(proposals).where(proposals.c.id == proposal_id).with_for_update()
            )
        ).one_or_none()
        return dict(row._mapping) if row else None

    async def set_status(
        self, proposal_id: str, status: str, decided_by: str, note: str | None
    ) -> None:
        await self.conn.execute(
            update(proposals)
            .where(proposals.c.id == proposal_id)
            .values(
                status=status,
                decided_by=decided_by,
                decision_note=note,
                updated_at=datetime.now(UTC),
            )
        )
