"""LISTEN for new notifications (the worker sends at once; polling covers a lost listener) and
for subscription changes (the in-memory index is dropped; its TTL covers a lost listener)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from typing import Any

import asyncpg

from services.notify.adapters.notifications import WAKE_CHANNEL
from services.notify.adapters.subscription_index import CHANGED_CHANNEL

log = logging.getLogger(__name__)


class Listener:
    def __init__(
        self, dsn: str, on_wake: Callable[[str], None], on_change: Callable[[], None]
    ) -> None:
        self.dsn = dsn
        self.on_wake = on_wake
        self.on_change = on_change
        self._conn: asyncpg.Connection | None = None

    def _callback(self, _conn: Any, _pid: int, channel: str, payload: str) -> None:
        if channel == CHANGED_CHANNEL:
            self.on_change()
        else:
            self.on_wake(payload)

    async def ensure(self) -> None:
        """(Re)connect when needed; a failure only means polling until the next try."""
        if self._conn is not None and not self._conn.is_closed():
            return
        try:
            self._conn = await asyncpg.connect(self.dsn)
            await self._conn.add_listener(WAKE_CHANNEL, self._callback)
            await self._conn.add_listener(CHANGED_CHANNEL, self._callback)
            self.on_change()  # changes missed while disconnected
        except Exception as exc:  # noqa: BLE001
            log.warning("delivery listener not connected (%s); polling", exc)
            self._conn = None

    async def keep(self, every_seconds: float = 5.0) -> None:
        """Reconnect a lost listener (until cancelled)."""
        while True:
            await asyncio.sleep(every_seconds)
            await self.ensure()

    async def close(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(Exception):
                await self._conn.close(timeout=2)
            self._conn = None
