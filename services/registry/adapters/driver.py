"""The asyncpg connection under a unit of work's SQLAlchemy connection, inside its transaction.

The hot paths (intake, import) speak to asyncpg directly: ~0.2 ms of Python per statement instead
of ~0.6 ms through SQLAlchemy (docs/performance.md). The unit of work begins its
transaction on this connection on entry (shared/messaging/uow.py), so these statements and
SQLAlchemy's share it.
"""

from __future__ import annotations

import asyncpg
from sqlalchemy.ext.asyncio import AsyncConnection


async def driver(conn: AsyncConnection) -> asyncpg.Connection:
    raw = await conn.get_raw_connection()
    return raw.driver_connection  # type: ignore[return-value]
