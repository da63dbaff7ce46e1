"""Unit of work: one connection, one transaction, an ORM session on it, and the outbox.

Events a handler publishes are written to the outbox in the same transaction as its state change
and a ``pg_notify`` wakes the relay when (and only if) the transaction commits. Leaving the block
without ``commit()`` rolls everything back, events included.

The transaction is the driver's (asyncpg's), begun on entry; SQLAlchemy runs on the same
connection in autocommit mode, so it issues no BEGIN/COMMIT of its own and its statements, the
ORM session's and the repositories' driver-level ones (the hot paths) all share that one
transaction. (SQLAlchemy's asyncpg adapter begins lazily, at its own first statement: a
driver-level statement before that would have autocommitted on its own.) The unit of work's own
statements (inbox, outbox; :mod:`shared.messaging.inbox_outbox`) go to the driver directly:
through SQLAlchemy they cost ~0.5 ms of Python each on this kind of machine.
"""

from __future__ import annotations

import contextlib
from types import TracebackType
from typing import Any, Self

import asyncpg
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession

from shared.events.envelope import CloudEvent, Event, make_envelope
from shared.logging import correlation_id as correlation_ctx
from shared.messaging import inbox_outbox
from shared.messaging.tables import notify_channel


class UnitOfWorkAborted(Exception):
    """COMMIT found the transaction failed (an error inside it was swallowed): nothing was
    written, and the caller must not act as if it had been."""


class AlreadyConsumed(Exception):
    """At commit, an event recorded with :meth:`UnitOfWork.record_inbox_at_commit` was found in
    the inbox already (a redelivery): the transaction is rolled back; the consumer runs the batch
    again checking the inbox first."""


class UnitOfWork:
    """Subclass per service to add repositories in :meth:`_start`."""

    def __init__(self, engine: AsyncEngine, source: str, schema: str) -> None:
        self.engine = engine
        self.source = source
        self.schema = schema
        self._conn: AsyncConnection | None = None
        self._driver: asyncpg.Connection | None = None
        self._session: AsyncSession | None = None
        self._pending: list[CloudEvent[Event]] = []
        self._inbox: list[tuple[str, str, str]] = []
        self._written = 0  # pending events already in the outbox (execute_with_commit_rows)
        self._cause: CloudEvent[Any] | None = None
        self.committed = False

    @property
    def connection(self) -> AsyncConnection:
        assert self._conn is not None, "use the unit of work inside 'async with'"
        return self._conn

    @property
    def driver(self) -> asyncpg.Connection:
        """The asyncpg connection under :attr:`connection`, in the unit of work's transaction."""
        assert self._driver is not None, "use the unit of work inside 'async with'"
        return self._driver

    @property
    def session(self) -> AsyncSession:
        """ORM session on the unit of work's connection, made on first use (Core-only handlers,
        the hot path, never pay for one)."""
        assert self._conn is not None, "use the unit of work inside 'async with'"
        if self._session is None:
            self._session = AsyncSession(bind=self._conn, expire_on_commit=False, autoflush=True)
        return self._session

    async def __aenter__(self) -> Self:
        conn = await self.engine.connect()
        try:
            await conn.execution_options(isolation_level="AUTOCOMMIT")
            self._driver = (await conn.get_raw_connection()).driver_connection
            assert self._driver is not None
            await self._driver.execute("BEGIN")
        except BaseException:
            self._driver = None
            with contextlib.suppress(Exception):
                await conn.invalidate()  # its state is unknown: never back to the pool
            await conn.close()
            raise
        self._conn = conn
        self._session = None
        self._pending = []
        self._inbox = []
        self._written = 0
        self.committed = False
        self._start()
        return self

    def _start(self) -> None:
        """Hook for subclasses: build repositories on ``self.connection``."""

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        conn, driver = self._conn, self._driver
        try:
            if not self.committed:
                await self.rollback()
        finally:
            if self._session is not None:
                await self._session.close()
            if conn is not None:
                # Never hand a connection still inside a transaction back to the pool (a rollback
                # cut short by a cancellation, say): the next unit of work would run inside it.
                if driver is not None and driver.is_in_transaction():
                    with contextlib.suppress(Exception):
                        await conn.invalidate()
                await conn.close()
            self._session = self._conn = self._driver = None

    def caused_by(self, envelope: CloudEvent[Any] | None) -> None:
        """Events published next carry this event's correlation id and it as their cause."""
        self._cause = envelope

    def publish(
        self,
        event: Event,
        *,
        subject: str | None,
        correlation_id: str | None = None,
        event_id: str | None = None,
    ) -> CloudEvent[Event]:
        cause = self._cause
        envelope = make_envelope(
            event,
            source=self.source,
            subject=subject,
            correlation_id=correlation_id
            or (cause.correlationid if cause else None)
            or correlation_ctx.get(),
            causation_id=cause.id if cause else None,
            event_id=event_id,
        )
        self._pending.append(envelope)
        return envelope

    async def record_inbox(self, keys: list[tuple[str, str, str]]) -> set[tuple[str, str]]:
        """Record consumed events (source, id, type); return the keys not seen before."""
        if not keys:
            return set()
        rows = await self.driver.fetch(inbox_outbox.RECORD_INBOX, inbox_outbox.inbox_json(keys))
        return {(row[0], row[1]) for row in rows}

    def record_inbox_at_commit(self, keys: list[tuple[str, str, str]]) -> None:
        """Record consumed events (source, id, type, each once) with the commit's outbox rows, in
        one statement: a round trip less than :meth:`record_inbox` before the handlers. If one
        was consumed before, :meth:`commit` raises :class:`AlreadyConsumed` (and writes
        nothing): the handlers' effects are in this transaction, so they go with it."""
        self._inbox = list(keys)

    async def execute_with_commit_rows(self, ctes: str, *args: Any) -> None:
        """Run a service's statement and the rows the commit would write (the inbox rows of
        :meth:`record_inbox_at_commit`, the outbox rows of the events published so far) as one
        statement: a round trip less for a hot path that ends with a write. ``ctes`` is a
        ``WITH a AS (...), b AS (...), `` list using ``$1``..``$len(args)``; the main statement
        is this method's. Events published afterwards go to the outbox at the commit as usual.
        Raises :class:`AlreadyConsumed` if one of the inbox rows' events was consumed before;
        :meth:`commit` runs it (with no statement of its own) for whatever is left."""
        inbox, pending = self._inbox, self._pending[self._written :]
        row = await self.driver.fetchrow(
            ctes + inbox_outbox.commit_rows(len(args) + 1),
            *args,
            inbox_outbox.inbox_json(inbox),
            inbox_outbox.outbox_json(pending),
            notify_channel(self.schema),
        )
        if row[0] != len(inbox):
            raise AlreadyConsumed(f"{len(inbox) - row[0]} of {len(inbox)} seen before")
        self._inbox = []
        self._written += len(pending)

    async def commit(self) -> None:
        if self._session is not None:
            await self._session.flush()
        if self._inbox or len(self._pending) > self._written:
            await self.execute_with_commit_rows("WITH ")
        status = await self.driver.execute("COMMIT")
        if status != "COMMIT":  # PostgreSQL answers ROLLBACK to a COMMIT of a failed transaction
            raise UnitOfWorkAborted(f"the transaction was rolled back ({status})")
        self._pending = []
        self._written = 0
        self.committed = True

    async def rollback(self) -> None:
        self._pending = []
        self._inbox = []
        self._written = 0
        if self._driver is not None and self._driver.is_in_transaction():
            await self._driver.execute("ROLLBACK")
