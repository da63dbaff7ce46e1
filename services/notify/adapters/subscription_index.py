"""Active subscriptions kept in memory, so matching an event costs no database round trip.

Every change (create, cancel, unsubscribe) sends ``NOTIFY notify_subscriptions`` in its own
transaction; the service's listener drops the copy when it arrives, the process that made the
change drops it at once after its commit, and ``ttl`` bounds how stale a copy can get if a
notification is lost (a listener reconnecting). An event racing a subscription change by a few
milliseconds may see either side of it, as it would with a query.
"""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

CHANGED_CHANNEL = "notify_subscriptions"
_ACTIVE = text(
    "SELECT subscription_id, recipient, channel, address, language, event_types, centres "
    "FROM subscriptions WHERE active"
)


class SubscriptionIndex:
    def __init__(self, ttl_seconds: float = 5.0) -> None:
        self.ttl = ttl_seconds
        self._rows: list[dict[str, Any]] | None = None
        self._loaded_at = 0.0
        self._generation = 0

    def invalidate(self, *_: Any) -> None:
        self._generation += 1
        self._rows = None

    async def matching(
        self, conn: AsyncConnection, event_type: str, centre: str | None
    ) -> list[dict[str, Any]]:
        rows = self._rows
        if rows is None or time.monotonic() - self._loaded_at > self.ttl:
            generation = self._generation
            rows = [dict(r._mapping) for r in await conn.execute(_ACTIVE)]
            if generation == self._generation:  # no change announced while we read
                self._rows, self._loaded_at = rows, time.monotonic()
        return [
            r
            for r in rows
            if event_type in r["event_types"]
            and (centre is None or not r["centres"] or centre in r["centres"])
        ]
