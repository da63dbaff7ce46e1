"""A test's own view of the bus: publish events and raw bytes, capture what services publish,
read dead-letter queues. Real RabbitMQ; every test has its own exchange and queue names."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Callable
from typing import Any

import aio_pika
from aio_pika.abc import AbstractChannel, AbstractIncomingMessage, AbstractRobustConnection

from shared.events.envelope import CONTENT_TYPE, Event, envelope_json, make_envelope


class Capture:
    """Messages arriving on a temporary queue bound to some routing keys."""

    def __init__(self) -> None:
        self.messages: list[AbstractIncomingMessage] = []
        self._changed = asyncio.Condition()

    async def _on_message(self, message: AbstractIncomingMessage) -> None:
        async with self._changed:
            self.messages.append(message)
            self._changed.notify_all()

    def events(self) -> list[dict[str, Any]]:
        return [json.loads(m.body) for m in self.messages]

    async def wait_for(
        self,
        predicate: Callable[[dict[str, Any]], bool] = lambda e: True,
        *,
        count: int = 1,
        timeout: float = 15.0,
    ) -> list[dict[str, Any]]:
        """Wait until ``count`` captured events satisfy ``predicate``; return them."""

        async def matched() -> list[dict[str, Any]]:
            async with self._changed:
                while True:
                    found = [e for e in self.events() if predicate(e)]
                    if len(found) >= count:
                        return found
                    await self._changed.wait()

        return await asyncio.wait_for(matched(), timeout)


class TestBus:
    __test__ = False

    def __init__(self, amqp_url: str, exchange: str) -> None:
        self.amqp_url = amqp_url
        self.exchange = exchange
        self._conn: AbstractRobustConnection | None = None
        self._channel: AbstractChannel | None = None

    async def connect(self) -> None:
        self._conn = await aio_pika.connect_robust(self.amqp_url)
        self._channel = await self._conn.channel(publisher_confirms=True)

    async def close(self) -> None:
        if self._conn is not None:
            await self._conn.close()

    @property
    def channel(self) -> AbstractChannel:
        assert self._channel is not None
        return self._channel

    async def publish_event(
        self,
        event: Event,
        *,
        source: str = "/aswan/tests",
        subject: str | None = None,
        event_id: str | None = None,
        correlation_id: str | None = None,
    ) -> str:
        envelope = make_envelope(
            event,
            source=source,
            subject=subject,
            event_id=event_id,
            correlation_id=correlation_id,
        )
        await self.publish_raw(
            envelope_json(envelope),
            type(event).ROUTING_KEY,
            message_id=envelope.id,
            type_=envelope.type,
        )
        return envelope.id

    async def publish_raw(
        self,
        body: bytes,
        routing_key: str,
        *,
        message_id: str | None = None,
        type_: str | None = None,
        content_type: str = CONTENT_TYPE,
    ) -> None:
        exchange = await self.channel.get_exchange(self.exchange)
        await exchange.publish(
            aio_pika.Message(
                body,
                content_type=content_type,
                message_id=message_id or str(uuid.uuid4()),
                type=type_,
                delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
            ),
            routing_key,
            mandatory=True,
        )

    async def capture(self, *routing_keys: str) -> Capture:
        capture = Capture()
        queue = await self.channel.declare_queue(exclusive=True, auto_delete=True)
        for key in routing_keys:
            await queue.bind(self.exchange, key)
        await queue.consume(capture._on_message, no_ack=True)
        return capture

    async def drain_queue(
        self, name: str, timeout: float = 10.0, count: int = 1
    ) -> list[AbstractIncomingMessage]:
        """Take (and ack) at least ``count`` messages from a queue, waiting up to ``timeout``."""
        queue = await self.channel.declare_queue(name, passive=True)
        out: list[AbstractIncomingMessage] = []
        deadline = asyncio.get_running_loop().time() + timeout
        while len(out) < count:
            message = await queue.get(no_ack=True, fail=False)
            if message is not None:
                out.append(message)
                continue
            if asyncio.get_running_loop().time() > deadline:
                break
            await asyncio.sleep(0.05)
        return out

    async def queue_depth(self, name: str) -> int:
        channel = await self._conn.channel()  # type: ignore[union-attr]
        try:
            queue = await channel.declare_queue(name, passive=True)
            return int(queue.declaration_result.message_count or 0)
        finally:
            await channel.close()
