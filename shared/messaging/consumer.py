"""Consuming integration events: parse, deduplicate, handle in one transaction, ack after commit.

One :class:`EventConsumer` serves one queue. FastStream delivers each message (concurrently up
to the prefetch); the consumer validates the CloudEvent, then hands it to a batcher that runs
several messages in one transaction (inbox rows + the handlers' effects + their outbox rows) and
acks each message only after the commit. At low load a batch is one message and adds no delay.

Failure policy (explicit: FastStream's default would reject without a dead-letter and lose it):
- malformed (not JSON, not a CloudEvent, unknown type, data failing validation, too large) or
  a :class:`~shared.messaging.failures.PermanentError` / :class:`~shared.errors.PlatformError`
  from the handler:
  published to ``<queue>.dlq`` with ``x-error-kind``, ``x-error``, ``x-attempts``,
  ``x-original-routing-key`` headers, then acked: the messages behind it keep flowing;
- anything else (database away, a timeout, a bug): retried through ``<queue>.retry.<n>`` with
  growing delays, ``len(retry_delays_ms)`` times, then dead-lettered with kind
  ``retries_exhausted``.
- a lost database (connection refused or closed, server shutting down): the message waits until
  the database answers and goes back to its queue, its attempt not counted
  (:mod:`shared.messaging.outage`), so an outage longer than the retry delays dead-letters nothing.
A batch that fails is rolled back and its messages re-run one by one, so one bad message never
takes its neighbours down with it. A crash anywhere leaves the message unacked: it is redelivered,
and the inbox makes the second delivery a no-op. A subscription with ``inbox_at_commit`` records
a batch's inbox rows with its outbox rows at commit (one round trip instead of two); if one of its
events was consumed before (a redelivery), that commit fails, nothing is written, and the
messages are re-run one by one with the inbox checked before the handler.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from dataclasses import dataclass, field
from typing import Any

from aio_pika.abc import AbstractIncomingMessage

from shared.events.envelope import CloudEvent, EventParseError, parse_event
from shared.logging import correlation_id
from shared.messaging import failures, outage
from shared.messaging.failures import PermanentError as PermanentError  # handlers raise it
from shared.messaging.metrics import CONSUMED, HANDLE_SECONDS
from shared.messaging.publisher import ConfirmPublisher
from shared.messaging.subscription import EventHandler as EventHandler
from shared.messaging.subscription import Subscription as Subscription
from shared.messaging.subscription import UowFactory as UowFactory
from shared.messaging.topology import QueueSpec
from shared.messaging.uow import AlreadyConsumed

log = logging.getLogger(__name__)


@dataclass
class _Item:
    envelope: CloudEvent[Any]
    handler: EventHandler
    future: asyncio.Future[tuple[str, BaseException | None]] = field(repr=False)


class EventConsumer:
    def __init__(
        self,
        spec: QueueSpec,
        subscription: Subscription,
        uow_factory: UowFactory,
        publisher: ConfirmPublisher,
        *,
        retry_delays_ms: tuple[int, ...],
        batch_max: int = 64,
    ) -> None:
        self.spec = spec
        self.subscription = subscription
        self.uow_factory = uow_factory
        self.publisher = publisher
        self.retry_delays_ms = retry_delays_ms
        self.batch_max = batch_max
        self._queue: asyncio.Queue[_Item] = asyncio.Queue()
        self._worker: asyncio.Task[None] | None = None
        self.in_flight = 0
        self._idle = asyncio.Event()
        self._idle.set()
        self._gate = outage.DatabaseGate(self._ping)

    def start(self) -> None:
        if self._worker is None:
            self._worker = asyncio.create_task(self._run(), name=f"batcher:{self.spec.name}")

    async def stop(self) -> None:
        if self._worker is not None:
            self._worker.cancel()
            await asyncio.gather(self._worker, return_exceptions=True)
            self._worker = None

    async def drain(self, within: float) -> None:
        """Wait (up to ``within`` seconds) for messages being handled to finish (on SIGTERM)."""
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(within):
                await self._idle.wait()

    async def handle(self, body: bytes, message: AbstractIncomingMessage) -> None:
        """Process one delivery to its end: acked, retried or dead-lettered."""
        self.in_flight += 1
        self._idle.clear()
        try:
            await self._handle(body, message)
        except Exception:  # e.g. the broker went away while dead-lettering: redeliver
            log.exception("event %s not settled; back to the queue", message.message_id)
            with contextlib.suppress(Exception):
                await message.nack(requeue=True)
        finally:
            self.in_flight -= 1
            if not self.in_flight:
                self._idle.set()

    async def _handle(self, body: bytes, message: AbstractIncomingMessage) -> None:
        raw_attempts = (message.headers or {}).get("x-attempts", 1)
        attempts = int(raw_attempts) if isinstance(raw_attempts, int | str) else 1
        try:
            envelope = parse_event(body)
        except EventParseError as exc:
            await self._dead_letter(message, exc.kind, exc.detail, attempts)
            return
        handler = self.subscription.handlers.get(type(envelope.data))
        if handler is None:
            await self._dead_letter(message, "unhandled_type", envelope.type, attempts)
            return
        future: asyncio.Future[tuple[str, BaseException | None]] = (
            asyncio.get_running_loop().create_future()
        )
        self._queue.put_nowait(_Item(envelope, handler, future))
        outcome, error = await future
        if outcome in ("done", "duplicate"):
            CONSUMED.labels(self.spec.name, outcome).inc()
            await message.ack()
        elif outcome == "permanent":
            await self._dead_letter(
                message, failures.kind(error), failures.describe(error), attempts
            )
        elif outage.database_unreachable(error) and await self._gate.was_down():
            await message.nack(requeue=True)  # not the message's fault: its attempt not counted
        elif attempts <= len(self.retry_delays_ms):
            await self._retry(message, attempts, error)
        else:
            await self._dead_letter(
                message, "retries_exhausted", failures.describe(error), attempts
            )

    async def _run(self) -> None:
        while True:
            batch = [await self._queue.get()]
            while len(batch) < self.batch_max and not self._queue.empty():
                batch.append(self._queue.get_nowait())
            started = time.perf_counter()
            try:
                await self._process(batch, optimistic=self.subscription.inbox_at_commit)
            except Exception as exc:  # noqa: BLE001 - a batch failed: isolate each message
                # A redelivered event in the batch, or a failure: each message again on its own,
                # the inbox checked before its handler (a duplicate is acked, never re-handled).
                if len(batch) == 1 and not isinstance(exc, AlreadyConsumed):
                    _settle(batch[0], failures.classify(exc), exc)
                else:
                    for item in batch:
                        try:
                            await self._process([item], optimistic=False)
                        except Exception as one:  # noqa: BLE001
                            _settle(item, failures.classify(one), one)
            HANDLE_SECONDS.labels(self.spec.name).observe(time.perf_counter() - started)

    async def _process(self, batch: list[_Item], *, optimistic: bool) -> None:
        """Handle ``batch`` in one transaction. ``optimistic``: the inbox rows are written with
        the outbox rows at commit (one round trip less), and a redelivered event among them
        rolls the batch back (:class:`AlreadyConsumed`); else they are written first and a
        duplicate is skipped."""
        outcomes: list[tuple[_Item, str]] = []
        async with self.uow_factory() as uow:
            keys = [(i.envelope.source, i.envelope.id, i.envelope.type) for i in batch]
            if optimistic:
                unique = list(dict.fromkeys(keys))
                uow.record_inbox_at_commit(unique)
                fresh = {(k[0], k[1]) for k in unique}
            else:
                fresh = await uow.record_inbox(keys)
            for item in batch:
                key = (item.envelope.source, item.envelope.id)
                if key not in fresh:
                    outcomes.append((item, "duplicate"))
                    continue
                fresh.discard(key)  # the same event twice in one batch: once
                uow.caused_by(item.envelope)
                token = correlation_id.set(item.envelope.correlationid)
                try:
                    await item.handler(item.envelope, uow)
                finally:
                    correlation_id.reset(token)
                outcomes.append((item, "done"))
            await uow.commit()
        for item, outcome in outcomes:
            _settle(item, outcome, None)

    async def _ping(self) -> None:
        async with self.uow_factory():
            pass

    async def _retry(
        self, message: AbstractIncomingMessage, attempts: int, error: BaseException | None
    ) -> None:
        await failures.retry(
            self.publisher, self.spec, message, attempts, error, self.retry_delays_ms
        )

    async def _dead_letter(
        self, message: AbstractIncomingMessage, kind: str, detail: str, attempts: int
    ) -> None:
        await failures.dead_letter(self.publisher, self.spec, message, kind, detail, attempts)


def _settle(item: _Item, outcome: str, error: BaseException | None) -> None:
    if not item.future.done():
        item.future.set_result((outcome, error))
