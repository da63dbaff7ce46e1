"""One queue consumed with aio-pika directly, feeding an :class:`EventConsumer`.

FastStream describes the consumers (the AsyncAPI document is generated from its subscribers) but
does not run them: its per-message pipeline (decoding by content type, middleware stack, logging
context) cost about an eighth of a service's CPU per event in ``bench/backbone_hop.py``, and the
consumer needs none of it (it parses, deduplicates, acks, retries and dead-letters itself).

The channel comes from a robust connection: after a broker restart aio-pika reopens it, restores
the prefetch, re-declares the queue and re-consumes. When that fails, :attr:`attached` says so and
the runtime's watchdog attaches again; ``/readyz`` shows the gap meanwhile.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from aio_pika.abc import (
    AbstractChannel,
    AbstractIncomingMessage,
    AbstractQueue,
    AbstractRobustConnection,
)

if TYPE_CHECKING:
    from shared.messaging.consumer import EventConsumer


class QueueAttachment:
    def __init__(self, consumer: EventConsumer, prefetch: int) -> None:
        self.consumer = consumer
        self.prefetch = prefetch
        self._channel: AbstractChannel | None = None
        self._queue: AbstractQueue | None = None
        self._tag: str | None = None

    async def attach(self, connection: AbstractRobustConnection) -> None:
        spec = self.consumer.spec
        channel = await connection.channel()
        await channel.set_qos(prefetch_count=self.prefetch)
        queue = await channel.declare_queue(
            spec.name, durable=True, arguments=spec.main_arguments()
        )
        self._channel, self._queue = channel, queue
        self._tag = await queue.consume(self._deliver)

    async def _deliver(self, message: AbstractIncomingMessage) -> None:
        await self.consumer.handle(message.body, message)

    @property
    def attached(self) -> bool:
        return self._tag is not None and self._channel is not None and not self._channel.is_closed

    async def detach(self) -> None:
        """Stop taking messages; those already delivered carry on to their ack."""
        if self._queue is not None and self._tag is not None and self.attached:
            with contextlib.suppress(Exception):
                # bounded: a broker that does not answer must not hold up a shutdown
                await self._queue.cancel(self._tag, timeout=5)
        self._tag = None

    async def close(self) -> None:
        await self.detach()
        if self._channel is not None:
            # Closed too when it is already down: a robust channel that was never closed by us
            # is restored (and consumes again) when its connection comes back, beside the
            # channel the watchdog attaches now, and the queue would have two consumers.
            with contextlib.suppress(Exception):
                await self._channel.close()
        self._channel = self._queue = None
