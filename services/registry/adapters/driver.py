"""The asyncpg connection under a unit of work's SQLAlchemy connection, inside its transaction.

The hot paths (intake, import) speak to asyncpg directly: ~0.2 ms of Python per statement instead
of ~0.6 ms through SQLAlchemy (shared/docs/PERFORMANCE.md). SQLAlchemy's asyncpg adapter begins
its transaction lazily, at the first statement it runs itself; a statement sent straight to the
driver before that would autocommit. So the transaction is started here first if need be.
"""

from __future__ import annotations

import asyncpg
from sqlalchemy.ext.asyncio import AsyncConnection


async def driver(conn: AsyncConnection) -> asyncpg.Connection:
    raw = await conn.get_raw_connection()
    adapted = raw.dbapi_connection
    if getattr(adapted, "_transaction", None) is None:
        await conn.exec_driver_sql("SELECT 1")  # makes the adapter BEGIN
    return raw.driver_connection  # type: ignore[return-value]
