"""Unit of work: one connection, one transaction, an ORM session on it, and the outbox.

Events a handler publishes are written to the outbox in the same transaction as its state change
and a ``pg_notify`` wakes the relay when (and only if) the transaction commits. Leaving the block
without ``commit()`` rolls everything back, events included.
"""

from __future__ import annotations

from types import TracebackType
from typing import Any, Self

from sqlalchemy import ARRAY, LargeBinary, Text, bindparam, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession

from shared.events.envelope import CloudEvent, Event, envelope_json, make_envelope
from shared.logging import correlation_id as correlation_ctx
from shared.messaging.tables import notify_channel

# One statement, one round trip: the outbox rows of the transaction and the NOTIFY that wakes the
# relay (delivered by PostgreSQL only if, and when, the transaction commits).
_INSERT_OUTBOX = text(
    "WITH rows AS (INSERT INTO outbox "
    "(event_id, routing_key, event_type, subject, correlation_id, body) "
    "SELECT * FROM unnest(:ids, :keys, :types, :subjects, :cids, :bodies) RETURNING 1) "
    "SELECT pg_notify(:channel, '')"
).bindparams(
    bindparam("ids", type_=ARRAY(Text)),
    bindparam("keys", type_=ARRAY(Text)),
    bindparam("types", type_=ARRAY(Text)),
    bindparam("subjects", type_=ARRAY(Text)),
    bindparam("cids", type_=ARRAY(Text)),
    bindparam("bodies", type_=ARRAY(LargeBinary)),
)
_RECORD_INBOX = text(
    "INSERT INTO inbox (source, event_id, event_type) "
    "SELECT * FROM unnest(:sources, :ids, :types) ON CONFLICT DO NOTHING "
    "RETURNING source, event_id"
).bindparams(
    bindparam("sources", type_=ARRAY(Text)),
    bindparam("ids", type_=ARRAY(Text)),
    bindparam("types", type_=ARRAY(Text)),
)


class UnitOfWork:
    """Subclass per service to add repositories in :meth:`_start`."""

    def __init__(self, engine: AsyncEngine, source: str, schema: str) -> None:
        self.engine = engine
        self.source = source
        self.schema = schema
        self._conn: AsyncConnection | None = None
        self._session: AsyncSession | None = None
        self._pending: list[CloudEvent[Event]] = []
        self._cause: CloudEvent[Any] | None = None
        self.committed = False

    @property
    def connection(self) -> AsyncConnection:
        assert self._conn is not None, "use the unit of work inside 'async with'"
        return self._conn

    @property
    def session(self) -> AsyncSession:
        """ORM session on the unit of work's connection, made on first use (Core-only handlers,
        the hot path, never pay for one)."""
        assert self._conn is not None, "use the unit of work inside 'async with'"
        if self._session is None:
            self._session = AsyncSession(bind=self._conn, expire_on_commit=False, autoflush=True)
        return self._session

    async def __aenter__(self) -> Self:
        self._conn = await self.engine.connect()
        await self._conn.begin()
        self._session = None
        self._pending = []
        self.committed = False
        self._start()
        return self

    def _start(self) -> None:
        """Hook for subclasses: build repositories on ``self.session``."""

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            if not self.committed:
                await self.rollback()
        finally:
            if self._session is not None:
                await self._session.close()
            if self._conn is not None:
                await self._conn.close()
            self._session = self._conn = None

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
        result = await self.connection.execute(
            _RECORD_INBOX,
            {
                "sources": [k[0] for k in keys],
                "ids": [k[1] for k in keys],
                "types": [k[2] for k in keys],
            },
        )
        return {(row[0], row[1]) for row in result}

    async def commit(self) -> None:
        if self._session is not None:
            await self._session.flush()
        if self._pending:
            pending = self._pending
            await self.connection.execute(
                _INSERT_OUTBOX,
                {
                    "ids": [env.id for env in pending],
                    "keys": [type(env.data).ROUTING_KEY for env in pending],
                    "types": [env.type for env in pending],
                    "subjects": [env.subject for env in pending],
                    "cids": [env.correlationid for env in pending],
                    "bodies": [envelope_json(env) for env in pending],
                    "channel": notify_channel(self.schema),
                },
            )
        await self.connection.commit()
        self._pending = []
        self.committed = True

    async def rollback(self) -> None:
        self._pending = []
        if self._conn is not None and self._conn.in_transaction():
            await self._conn.rollback()
