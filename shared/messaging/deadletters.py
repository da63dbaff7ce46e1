"""Inspect, replay and purge dead letters (and parked unroutable events).

Browsing takes messages with manual ack and closes the channel without acking, so they stay in
the queue. Replaying publishes the original body with its original routing key (confirmed) to the
exchange it first came through (``x-original-exchange``; for a parked unroutable event, the one
it was published to; else ``aswan.events``), then acks the dead letter: a crash in between
leaves a duplicate at worst, which the consumer's inbox absorbs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import aio_pika

from shared.messaging.failures import forward
from shared.messaging.publisher import ConfirmPublisher
from shared.messaging.topology import EXCHANGE

_ERROR_HEADERS = ("x-error-kind", "x-error", "x-attempts", "x-dead-lettered-at", "x-last-error")


@dataclass(frozen=True)
class DeadLetter:
    message_id: str | None
    type: str | None
    routing_key: str
    error_kind: str
    error: str
    attempts: int
    dead_lettered_at: str
    body: bytes

    def summary(self) -> dict[str, Any]:
        return {
            "message_id": self.message_id,
            "type": self.type,
            "original_routing_key": self.routing_key,
            "error_kind": self.error_kind,
            "error": self.error,
            "attempts": self.attempts,
            "dead_lettered_at": self.dead_lettered_at,
        }


def _as_dead_letter(message: aio_pika.abc.AbstractIncomingMessage) -> DeadLetter:
    headers: dict[str, Any] = dict(message.headers or {})
    deaths = headers.get("x-death") or []
    broker_reason = deaths[0].get("reason") if deaths and isinstance(deaths[0], dict) else None
    routing_key = headers.get("x-original-routing-key")
    if not routing_key and deaths and isinstance(deaths[0], dict):
        keys = deaths[0].get("routing-keys") or []
        routing_key = keys[0] if keys else None
    return DeadLetter(
        message_id=message.message_id,
        type=message.type,
        routing_key=str(routing_key or message.routing_key or ""),
        error_kind=str(headers.get("x-error-kind") or broker_reason or "unknown"),
        error=str(headers.get("x-error") or ""),
        attempts=int(headers.get("x-attempts") or 0),
        dead_lettered_at=str(headers.get("x-dead-lettered-at") or ""),
        body=message.body,
    )


def _original_exchange(message: aio_pika.abc.AbstractIncomingMessage) -> str:
    headers = message.headers or {}
    return str(headers.get("x-original-exchange") or message.exchange or EXCHANGE)


async def browse(amqp_url: str, queue: str, limit: int = 100) -> list[DeadLetter]:
    return (await listing(amqp_url, queue, limit))[1]


async def listing(amqp_url: str, queue: str, limit: int = 100) -> tuple[int, list[DeadLetter]]:
    """How many dead letters ``queue`` holds, and the first ``limit`` of them (left in place)."""
    connection = await aio_pika.connect(amqp_url)
    try:
        channel = await connection.channel()
        q = await channel.declare_queue(queue, passive=True)
        total = int(q.declaration_result.message_count or 0)
        out = []
        for _ in range(limit):
            message = await q.get(no_ack=False, fail=False)
            if message is None:
                break
            out.append(_as_dead_letter(message))
        await channel.close()  # unacked messages return to the queue
        return max(total, len(out)), out
    finally:
        await connection.close()


async def replay(
    amqp_url: str, queue: str, *, message_id: str | None = None, limit: int = 1000
) -> int:
    """Republish dead letters (all, or the one with ``message_id``); returns how many."""
    publisher = ConfirmPublisher(amqp_url, app_id="dlq-replay")
    connection = await aio_pika.connect(amqp_url)
    replayed = 0
    try:
        channel = await connection.channel()
        q = await channel.declare_queue(queue, passive=True)
        for _ in range(limit):
            message = await q.get(no_ack=False, fail=False)
            if message is None:
                break
            if message_id is not None and message.message_id != message_id:
                continue  # left unacked: back in the queue when the channel closes
            letter = _as_dead_letter(message)
            headers = {
                k: v
                for k, v in dict(message.headers or {}).items()
                if k not in _ERROR_HEADERS and k != "x-death"
            }
            headers["x-replayed-from"] = queue
            await forward(
                publisher, message, _original_exchange(message), letter.routing_key, headers
            )
            replayed += 1
            if message_id is not None:
                break
        await channel.close()
        return replayed
    finally:
        await publisher.close()
        await connection.close()


async def purge(amqp_url: str, queue: str) -> int:
    connection = await aio_pika.connect(amqp_url)
    try:
        channel = await connection.channel()
        q = await channel.declare_queue(queue, passive=True)
        result = await q.purge()
        return int(result.message_count or 0)
    finally:
        await connection.close()
