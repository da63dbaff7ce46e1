"""Pushes to the register, in order per association: each round locks the oldest pending push of
up to ``PUSH_CONCURRENCY`` associations (``FOR UPDATE SKIP LOCKED``: replicas share the work, an
association is never pushed twice at once), sends them concurrently, and records every answer
in the same transaction. An association's next push is claimed only once this one is sent or
dead, so a retry can never be overtaken. A crash after the register answered re-sends the push
with the same ``Idempotency-Key``.

A push refused (4xx), or still failing after ``PUSH_ATTEMPTS`` tries with exponential backoff,
is dead: its CloudEvent goes to ``<queue>.dlq`` with the register's answer as ``x-error`` (before
the commit: a crash doubles a dead letter, never loses one), and the association's next push
goes on."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from adapters.moss_register.adapters.ministry import Answer, MinistryClient
from adapters.moss_register.config import MossSettings
from adapters.moss_register.domain.backoff import delay
from adapters.moss_register.service_layer.handlers import PushAnswered, record_answers
from adapters.moss_register.service_layer.unit_of_work import MossUnitOfWork
from shared.events.envelope import CONTENT_TYPE
from shared.messaging.publisher import ConfirmPublisher

log = logging.getLogger(__name__)


class Pusher:
    def __init__(
        self,
        settings: MossSettings,
        uow_factory: Callable[[], MossUnitOfWork],
        client: MinistryClient,
        publisher: ConfirmPublisher,
    ) -> None:
        self.settings, self.uow_factory = settings, uow_factory
        self.client, self.publisher = client, publisher
        self.dlq = settings.queue("registry-events") + ".dlq"
        self._task: asyncio.Task[None] | None = None
        self._stopping = False
        self._wake = asyncio.Event()

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="ministry-pusher")

    async def stop(self) -> None:
        """Let the round in progress finish (its answers recorded), then end; cancel it only
        if it takes longer than 10 s."""
        self._stopping = True
        self._wake.set()
        if self._task is not None:
            _, pending = await asyncio.wait([self._task], timeout=10)
            for task in pending:
                task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _run(self) -> None:
        while not self._stopping:
            try:
                done = await self.round()
            except Exception:
                log.exception("push round failed; retrying")
                done = 0
            if not done:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), self.settings.push_poll_seconds)

    async def round(self) -> int:
        async with self.uow_factory() as uow:
            rows = await uow.moss.claim(self.settings.push_concurrency)
            if not rows:
                return 0
            results = await asyncio.gather(*(self.client.push(r.body, r.event_id) for r in rows))
            answers = [
                await self._answer(row, result) for row, result in zip(rows, results, strict=True)
            ]
            await record_answers(answers, uow)
        return len(rows)

    async def _answer(self, row: Any, result: Answer) -> PushAnswered:
        tries = row.attempts + 1
        if result.ok:
            return PushAnswered(row.seq, row.association_id, "sent", result.reference)
        s = self.settings
        if result.transient and tries < s.push_attempts:
            wait = delay(tries, s.push_backoff_seconds, s.push_backoff_max_seconds)
            log.warning(
                "push %s failed (try %d), again in %.1fs: %s",
                row.event_id,
                tries,
                wait,
                result.error,
            )
            return PushAnswered(
                row.seq, row.association_id, "again", error=result.error, retry_in=wait
            )
        kind = "retries_exhausted" if result.transient else "ministry_refused"
        await self._dead_letter(row, kind, result.error, tries)
        return PushAnswered(row.seq, row.association_id, "dead", error=result.error)

    async def _dead_letter(self, row: Any, kind: str, error: str, tries: int) -> None:
        envelope = row.envelope
        headers = {
            "x-error-kind": kind, "x-error": error[:1000], "x-attempts": tries,
            "x-original-routing-key": row.routing_key,
            "x-original-exchange": self.settings.exchange,
            "x-original-queue": self.settings.queue("registry-events"),
            "x-dead-lettered-at": datetime.now(UTC).isoformat(),
        }  # fmt: skip
        log.error("push %s dead-lettered (%s): %s", row.event_id, kind, error[:300])
        await self.publisher.publish(
            "", self.dlq, json.dumps(envelope, ensure_ascii=False).encode(),
            message_id=envelope["id"], type_=envelope["type"],
            correlation_id=envelope.get("correlationid"), headers=headers,
            content_type=CONTENT_TYPE,
        )  # fmt: skip
