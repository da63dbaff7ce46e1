"""While the database is down, a consumer holds its messages instead of spending their retries.

A failure caused by an unreachable database (connection refused or lost, the server shutting
down or starting up) says nothing about the message: retried through the retry queues, a
message would reach its dead-letter queue as ``retries_exhausted`` after the sum of the delays
(10.5 s by default) although nothing is wrong with it. So the consumer asks the
:class:`DatabaseGate` first: it pings the database (one attempt shared by every message that
waits) until it answers. If the database did not answer at first, the message goes back to its
queue at once, its attempt not counted, to be handled again now that the database is back; if it
answered straight away, the failure was something else and the usual retry policy applies (so a
handler that fails with a connection error of its own can never loop).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

import asyncpg
from sqlalchemy.exc import DBAPIError

log = logging.getLogger("shared.messaging.consumer")

_UNREACHABLE = (
    OSError,  # refused, reset, unreachable, timed out
    asyncpg.PostgresConnectionError,  # SQLSTATE class 08
    asyncpg.CannotConnectNowError,
    asyncpg.InterfaceError,  # "connection is closed"
    asyncpg.exceptions.OperatorInterventionError,  # 57P01 admin shutdown, crash shutdown
)


def database_unreachable(exc: BaseException | None) -> bool:
    """Whether ``exc`` (or what caused it, SQLAlchemy's wrapping included) is a lost database."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, _UNREACHABLE):
            return True
        if isinstance(exc, DBAPIError) and exc.connection_invalidated:
            return True
        orig = getattr(exc, "orig", None)  # SQLAlchemy keeps the driver's error here
        exc = orig if isinstance(orig, BaseException) else (exc.__cause__ or exc.__context__)
    return False


class DatabaseGate:
    def __init__(self, ping: Callable[[], Awaitable[None]], max_delay: float = 5.0) -> None:
        self._ping = ping
        self._max_delay = max_delay
        self._wait: asyncio.Task[bool] | None = None

    async def was_down(self) -> bool:
        """Wait until the database answers; True if it did not answer at the first ping."""
        if self._wait is None or self._wait.done():
            self._wait = asyncio.create_task(self._until_up(), name="database-gate")
        return await asyncio.shield(self._wait)

    async def _until_up(self) -> bool:
        delay, down = 0.2, False
        while True:
            try:
                await self._ping()
                if down:
                    log.warning("database reachable again: held messages go back to the queue")
                return down
            except Exception as exc:  # noqa: BLE001 - any failure means not up yet
                if not down:
                    log.warning("database unreachable (%s): holding messages", exc)
                down = True
                await asyncio.sleep(delay)
                delay = min(delay * 2, self._max_delay)
