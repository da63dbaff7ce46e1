"""Outbox relay: publishes committed events with publisher confirms and marks them sent.

- Woken by LISTEN/NOTIFY on commit, with polling as the fallback (a missed notification or a lost
  LISTEN connection only delays, never loses).
- Claims rows with ``FOR UPDATE SKIP LOCKED``, so several relays of one service share the work.
  Per aggregate (``subject``) order is kept: a relay publishes a subject's rows only while it holds
  the oldest unsent row of that subject, so two relays never interleave one subject's events; in
  a batch, a subject's rows go one after another, each once the previous one is confirmed, and a
  failed one stops its subject there (the rows of other subjects go concurrently).
- A failed publish leaves the row unsent (attempts and last error recorded) and the relay backs
  off exponentially: broker outages are ridden through. A rolled-back event never reaches the
  table, so it can never be published.
- Delivery is at least once: a crash between the broker's confirm and the ``sent_at`` commit
  (or a database crash before that commit, made without waiting for the WAL flush, reached the
  disk) republishes the event with the same id, and consumers deduplicate on (source, id).
- Every ten minutes it prunes its service's outbox (rows sent more than ``keep_days`` ago) and
  inbox (rows older than ``inbox_keep_days``: the window in which a redelivery is recognised).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

import asyncpg

from shared.messaging import inbox_outbox as sql
from shared.messaging.metrics import OUTBOX_PUBLISH_ERRORS, OUTBOX_PUBLISHED
from shared.messaging.publisher import ConfirmPublisher
from shared.messaging.tables import notify_channel

log = logging.getLogger(__name__)


class OutboxRelay:
    def __init__(
        self,
        dsn: str,
        schema: str,
        publisher: ConfirmPublisher,
        exchange: str,
        *,
        batch: int = 500,
        poll_seconds: float = 1.0,
        keep_days: int = 7,
        inbox_keep_days: int = 30,
    ) -> None:
        self.dsn = dsn
        self.schema = schema
        self.publisher = publisher
        self.exchange = exchange
        self.batch = batch
        self.poll_seconds = poll_seconds
        self.keep_days = keep_days
        self.inbox_keep_days = inbox_keep_days
        self._wake = asyncio.Event()
        self._stopping = False
        self._conn: asyncpg.Connection | None = None
        self._listener: asyncpg.Connection | None = None
        self.healthy = False

    def wake(self, *_: Any) -> None:
        self._wake.set()

    async def stop(self) -> None:
        self._stopping = True
        self._wake.set()

    async def run(self) -> None:
        """Publish until :meth:`stop`; survives database and broker outages."""
        backoff = 0.05
        last_prune = 0.0
        loop = asyncio.get_running_loop()
        try:
            while not self._stopping:
                try:
                    await self._ensure_connections()
                    while not self._stopping and await self.publish_batch() == self.batch:
                        pass
                    self.healthy = True
                    backoff = 0.05
                    if loop.time() - last_prune > 600:
                        last_prune = loop.time()
                        await self.prune()
                except Exception as exc:  # noqa: BLE001 - any failure: back off and retry
                    self.healthy = False
                    OUTBOX_PUBLISH_ERRORS.labels(self.schema).inc()
                    log.warning("outbox relay: %s; retrying in %.2fs", exc, backoff)
                    await self._drop_connections(only_broken=True)
                    await asyncio.sleep(backoff)
                    backoff = min(backoff * 2, 5.0)
                    continue
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), self.poll_seconds)
                self._wake.clear()
        finally:
            await self._drop_connections(only_broken=False)

    async def prune(self) -> tuple[int, int]:
        """Delete outbox rows sent more than ``keep_days`` ago and inbox rows older than
        ``inbox_keep_days``; return how many of each."""
        await self._ensure_connections()
        assert self._conn is not None
        sent = await self._conn.execute(sql.RELAY_PRUNE, self.keep_days)
        seen = await self._conn.execute(sql.RELAY_PRUNE_INBOX, self.inbox_keep_days)
        return int(sent.split()[-1]), int(seen.split()[-1])

    async def _ensure_connections(self) -> None:
        if self._conn is None or self._conn.is_closed():
            self._conn = await asyncpg.connect(
                self.dsn,
                # Custom plans: a plan cached while the outbox was small (a seq scan) would be
                # kept as it grows to days of sent rows, until autovacuum's next ANALYZE.
                server_settings={
                    "search_path": self.schema,
                    "plan_cache_mode": "force_custom_plan",
                    "synchronous_commit": "off",  # see publish_batch
                },
            )
        if self._listener is None or self._listener.is_closed():
            self._listener = await asyncpg.connect(self.dsn)
            await self._listener.add_listener(notify_channel(self.schema), self.wake)

    async def _drop_connections(self, only_broken: bool) -> None:
        for attr in ("_conn", "_listener"):
            conn: asyncpg.Connection | None = getattr(self, attr)
            if conn is None:
                continue
            if only_broken and not conn.is_closed():
                continue
            with contextlib.suppress(Exception):
                await conn.close(timeout=2)
            setattr(self, attr, None)

    async def publish_batch(self) -> int:
        """Claim, publish and mark one batch. Returns the number of rows claimed.

        Three round trips: BEGIN, the claim, and the marking with the COMMIT. The connection
        commits without waiting for the WAL flush (``synchronous_commit`` off): a marking lost
        in a database crash only republishes those events, which consumers deduplicate."""
        conn = self._conn
        assert conn is not None
        await conn.execute("BEGIN")
        try:
            rows = await conn.fetch(sql.RELAY_CLAIM, self.batch)
            outcomes = await self._publish_in_order([r for r in rows if not r["blocked"]])
            sent = [seq for seq, res in outcomes.items() if res is None]
            failed = [(seq, res) for seq, res in outcomes.items() if res is not None]
            if failed:
                error = repr(failed[0][1])[:500]
                await conn.execute(sql.RELAY_MARK_FAILED, [s for s, _ in failed], error)
            seqs = ",".join(str(int(seq)) for seq in sent)
            marks = sql.RELAY_MARK_SENT % seqs + ";" if sent else ""
            await conn.execute(marks + "COMMIT")
        except BaseException:
            if not conn.is_closed() and conn.is_in_transaction():
                with contextlib.suppress(Exception):
                    await conn.execute("ROLLBACK")
            raise
        OUTBOX_PUBLISHED.labels(self.schema).inc(len(sent))
        if failed:
            raise failed[0][1]
        return len(rows)

    async def _publish_in_order(
        self, rows: list[asyncpg.Record]
    ) -> dict[int, BaseException | None]:
        """Publish ``rows``: those of different subjects concurrently, those of one subject one
        after another, each once the previous one is confirmed. A failure ends its subject's
        chain: the later rows of that subject are not published (nor counted as attempts), so a
        nack can never let a later event of a subject overtake an earlier one. Returns the
        outcome (None: confirmed) of every row it tried, by sequence number."""
        chains: dict[object, list[asyncpg.Record]] = {}
        for row in rows:  # in sequence order; rows without a subject are chains of their own
            key = row["subject"] if row["subject"] is not None else ("seq", row["seq"])
            chains.setdefault(key, []).append(row)
        outcomes: dict[int, BaseException | None] = {}

        async def chain(of_subject: list[asyncpg.Record]) -> None:
            for row in of_subject:
                try:
                    await self._publish(row)
                except Exception as exc:  # noqa: BLE001 - recorded, the subject stops here
                    outcomes[row["seq"]] = exc
                    return
                outcomes[row["seq"]] = None

        await asyncio.gather(*(chain(c) for c in chains.values()))
        return outcomes

    async def _publish(self, row: asyncpg.Record) -> None:
        await self.publisher.publish(
            self.exchange,
            row["routing_key"],
            row["body"],
            message_id=row["event_id"],
            type_=row["event_type"],
            correlation_id=row["correlation_id"],
        )
