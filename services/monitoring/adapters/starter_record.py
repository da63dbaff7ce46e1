"""Whether the starter framework was decided on (loaded, or left out because a framework was
already built), under a transaction-scoped advisory lock so that processes starting together
decide once."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from services.monitoring.adapters.orm import kpis, objectives, pillars, starter


class StarterRecord:
    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def lock(self) -> None:
        await self.conn.execute(
            text("SELECT pg_advisory_xact_lock(hashtext('monitoring.starter'))")
        )

    async def decided(self) -> bool:
        return (await self.conn.execute(select(starter.c.id))).first() is not None

    async def framework_built(self) -> bool:
        """Any pillar, objective or KPI other than the demo's (``demo.*``), retired ones too."""
        for table in (pillars, objectives, kpis):
            stmt = select(func.count()).where(~table.c.code.startswith("demo."))
            if (await self.conn.execute(stmt)).scalar_one():
                return True
        return False

    async def record(self, version: str, loaded: bool) -> None:
        stmt = insert(starter).values(
            id=1, version=version, loaded=loaded, decided_at=datetime.now(UTC)
        )
        await self.conn.execute(stmt.on_conflict_do_nothing(index_elements=["id"]))
