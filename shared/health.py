"""Health of a service process: what ``/readyz`` checks, the consumer watchdog and the gauges
behind ``/metrics``.

Readiness is checked against the broker itself: every queue of this service must have a consumer,
and this process's own consumer channels must be open. Consumers may fail to come back after a
broker restart (cf. faststream issue 2758); the watchdog re-attaches them and ``/readyz`` shows
the gap meanwhile.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import TYPE_CHECKING, Any

from sqlalchemy import text

from shared.messaging import metrics
from shared.messaging.attachment import QueueAttachment
from shared.messaging.topology import unrouted_name

if TYPE_CHECKING:
    from shared.runtime import ServiceRuntime

log = logging.getLogger(__name__)


class RuntimeHealth:
    def __init__(self, runtime: ServiceRuntime) -> None:
        self.rt = runtime

    async def readiness(self) -> dict[str, Any]:
        checks: dict[str, Any] = {}
        try:
            async with asyncio.timeout(2):
                async with self.rt.engine.connect() as conn:
                    await conn.execute(text("SELECT 1"))
            checks["database"] = "ok"
        except Exception as exc:  # noqa: BLE001
            checks["database"] = f"down: {type(exc).__name__}"
        if self.rt.roles & {"consumers", "relay"}:
            checks["broker"] = "ok" if self.rt.publisher.connected else "down"
        if "relay" in self.rt.roles:
            checks["relay"] = "ok" if self.rt.relay.healthy else "down"
        if "consumers" in self.rt.roles:
            for attachment in self.rt.attachments:
                checks[f"consumer:{attachment.consumer.spec.name}"] = await self._consumer_state(
                    attachment
                )
        checks["ready"] = all(v == "ok" for v in checks.values())
        return checks

    async def _consumer_state(self, attachment: QueueAttachment) -> str:
        if not attachment.attached:
            return "detached"
        try:
            async with asyncio.timeout(2), await self.rt.publisher.open_channel() as channel:
                queue = await channel.declare_queue(attachment.consumer.spec.name, passive=True)
            count = queue.declaration_result.consumer_count
            return "ok" if count and count > 0 else "no consumer on broker"
        except Exception as exc:  # noqa: BLE001
            return f"unknown: {type(exc).__name__}"

    async def watchdog(self) -> None:
        """Re-attach consumers that did not come back after a broker restart."""
        misses: dict[str, int] = {}
        while True:
            await asyncio.sleep(2)
            for attachment in self.rt.attachments:
                name = attachment.consumer.spec.name
                attached = attachment.attached
                metrics.CONSUMERS_ATTACHED.labels(name).set(1 if attached else 0)
                misses[name] = 0 if attached else misses.get(name, 0) + 1
                if misses[name] >= 3 and self.rt.consume_connection is not None:
                    log.warning("consumer on %s detached; re-attaching", name)
                    await attachment.close()
                    try:
                        await attachment.attach(self.rt.consume_connection)
                        misses[name] = 0
                    except Exception as exc:  # noqa: BLE001
                        log.warning("re-attach of %s failed: %s", name, exc)

    async def gauges(self) -> None:
        """Refresh the backlog and depth gauges for /metrics every few seconds."""
        while True:
            with contextlib.suppress(Exception):
                await self.refresh_gauges()
            await asyncio.sleep(5)

    async def refresh_gauges(self) -> None:
        service = self.rt.settings.service
        async with self.rt.engine.connect() as conn:
            backlog = await conn.scalar(text("SELECT count(*) FROM outbox WHERE sent_at IS NULL"))
        metrics.OUTBOX_BACKLOG.labels(service).set(backlog or 0)
        if not self.rt.publisher.connected:
            return
        async with await self.rt.publisher.open_channel() as channel:
            await self._queue_depths(channel)

    async def _queue_depths(self, channel: Any) -> None:
        for consumer, _ in self.rt.consumers:
            main = await channel.declare_queue(consumer.spec.name, passive=True)
            dlq = await channel.declare_queue(consumer.spec.dlq, passive=True)
            metrics.CONSUMER_LAG.labels(consumer.spec.name).set(
                main.declaration_result.message_count or 0
            )
            metrics.DEAD_LETTER_DEPTH.labels(consumer.spec.dlq).set(
                dlq.declaration_result.message_count or 0
            )
        parked = await channel.declare_queue(unrouted_name(self.rt.settings.exchange), passive=True)
        metrics.UNROUTED_DEPTH.set(parked.declaration_result.message_count or 0)
