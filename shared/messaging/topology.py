"""The bus topology as code.

- ``aswan.events``: one durable topic exchange for every integration event. Its alternate exchange
  ``aswan.events.unrouted`` parks any event that no queue is bound for in the durable queue of the
  same name (gauge ``aswan_unrouted_depth``), so an unroutable event is visible, not dropped;
  publishes are also ``mandatory``, so if even that fails the publisher raises. Parked events
  expire after ``UNROUTED_TTL_MS`` (7 days, the time the outbox keeps sent rows too): some events
  have no consumer by design (``notify.notification.sent.v1`` today), and a parking queue that
  only grows would end up filling the broker's disk.
- per consumer ``<service>.<purpose>``: a durable quorum queue bound to the routing keys it handles,
  dead-lettering (broker side, e.g. past ``x-delivery-limit`` after crash loops) into
  ``<queue>.dlq``; and one delay queue per retry level, ``<queue>.retry.<n>``, whose expired
  messages go back to ``<queue>`` through the default exchange. One queue per level means every
  message in it waits the same delay, so none waits behind a longer one.

Everything declared here behaves the same on RabbitMQ 3.10 (Debian) and 3.13+ (compose).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import aio_pika
from aio_pika.abc import AbstractChannel, AbstractExchange

EXCHANGE = "aswan.events"
UNROUTED_TTL_MS = 7 * 24 * 3600 * 1000
DLQ_SUFFIX = ".dlq"
DELIVERY_LIMIT = 20


@dataclass(frozen=True)
class QueueSpec:
    name: str
    routing_keys: tuple[str, ...]
    retry_levels: int = 3

    @property
    def dlq(self) -> str:
        return self.name + DLQ_SUFFIX

    def retry_queue(self, level: int) -> str:
        return f"{self.name}.retry.{level}"

    def main_arguments(self) -> dict[str, Any]:
        return {
            "x-queue-type": "quorum",
            "x-dead-letter-exchange": "",
            "x-dead-letter-routing-key": self.dlq,
            "x-delivery-limit": DELIVERY_LIMIT,
        }


def unrouted_name(exchange: str = EXCHANGE) -> str:
    """Alternate exchange and parking queue of ``exchange``."""
    return f"{exchange}.unrouted"


async def declare_exchange(channel: AbstractChannel, name: str = EXCHANGE) -> AbstractExchange:
    parking = unrouted_name(name)
    unrouted = await channel.declare_exchange(parking, aio_pika.ExchangeType.FANOUT, durable=True)
    parked = await channel.declare_queue(
        parking,
        durable=True,
        arguments={"x-queue-type": "quorum", "x-message-ttl": UNROUTED_TTL_MS},
    )
    await parked.bind(unrouted)
    return await channel.declare_exchange(
        name,
        aio_pika.ExchangeType.TOPIC,
        durable=True,
        arguments={"alternate-exchange": parking},
    )


async def declare_queue(
    channel: AbstractChannel, spec: QueueSpec, exchange: str = EXCHANGE
) -> None:
    """Declare a consumer's queue, its dead-letter queue, its retry queues and its bindings."""
    await channel.declare_queue(spec.dlq, durable=True, arguments={"x-queue-type": "quorum"})
    main = await channel.declare_queue(spec.name, durable=True, arguments=spec.main_arguments())
    for level in range(1, spec.retry_levels + 1):
        await channel.declare_queue(
            spec.retry_queue(level),
            durable=True,
            arguments={"x-dead-letter-exchange": "", "x-dead-letter-routing-key": spec.name},
        )
    for key in spec.routing_keys:
        await main.bind(exchange, routing_key=key)
