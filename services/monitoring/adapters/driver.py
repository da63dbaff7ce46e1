"""Driver-level statements for the hot paths (docs/performance.md: SQLAlchemy adds ~0.5 ms of
Python per statement; asyncpg alone ~0.2). They run on the unit of work's asyncpg connection
(``uow.driver``), inside its transaction."""

from __future__ import annotations

import asyncpg


class DriverRepository:
    def __init__(self, db: asyncpg.Connection) -> None:
        self.db = db
