"""Driver-level statements for the hot paths (docs/PERFORMANCE.md: SQLAlchemy adds ~0.5 ms of
Python per statement; asyncpg alone ~0.2). They run on the asyncpg connection under the unit of
work's SQLAlchemy connection: the same transaction."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection


class DriverRepository:
    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn
        self._raw: Any = None

    async def driver(self) -> Any:
        """The asyncpg connection of this unit of work."""
        if self._raw is None:
            fairy = await self.conn.get_raw_connection()
            self._raw = fairy.driver_connection
        return self._raw
