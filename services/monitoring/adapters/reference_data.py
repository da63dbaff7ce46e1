"""Reference data the derived KPIs read: the inhabitants of each centre (``population``)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from services.monitoring.adapters.orm import population


class PopulationReference:
    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def set(self, centre: str, inhabitants: int, year: int, source: str) -> None:
        values = {"inhabitants": inhabitants, "year": year, "source": source}
        stmt = insert(population).values(centre=centre, **values)
        await self.conn.execute(stmt.on_conflict_do_update(index_elements=["centre"], set_=values))

    async def all(self) -> list[dict[str, object]]:
        rows = await self.conn.execute(select(population).order_by(population.c.centre))
        return [dict(r._mapping) for r in rows]
