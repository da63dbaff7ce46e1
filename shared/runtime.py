"""A service process: HTTP API, event consumers and outbox relay, together or one at a time.

``roles`` selects the parts (``api``, ``consumers``, ``relay``; all by default) so each can be
scaled out alone. The HTTP server always runs, for health, readiness and metrics. On SIGTERM the
consumers stop taking messages, finish those in flight (ack after commit), then the relay
publishes what is committed and the process exits.

FastStream describes the consumers and publishers (the AsyncAPI document is generated from its
broker) but does not run the consumers: each queue is consumed through a
:class:`~shared.messaging.attachment.QueueAttachment` (aio-pika, robust connection), which skips
FastStream's per-message pipeline that the consumer does not need.

Readiness, the consumer watchdog and the /metrics gauges are in :mod:`shared.health`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable, Iterable
from typing import Any, Union

import aio_pika
from aio_pika.abc import AbstractRobustConnection
from faststream.middlewares import AckPolicy
from faststream.rabbit import (
    Channel,
    ExchangeType,
    QueueType,
    RabbitBroker,
    RabbitExchange,
    RabbitQueue,
)
from faststream.rabbit.subscriber import RabbitSubscriber
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.config import ServiceSettings
from shared.db import asyncpg_dsn
from shared.events.envelope import CloudEvent, Event
from shared.health import RuntimeHealth
from shared.messaging.attachment import QueueAttachment
from shared.messaging.consumer import EventConsumer, Subscription, UowFactory
from shared.messaging.publisher import ConfirmPublisher
from shared.messaging.registration import RegistrationOrder
from shared.messaging.relay import OutboxRelay
from shared.messaging.topology import QueueSpec, declare_exchange, declare_queue

log = logging.getLogger(__name__)

ALL_ROLES = frozenset({"api", "consumers", "relay"})


class ServiceRuntime:
    def __init__(
        self,
        settings: ServiceSettings,
        engine: AsyncEngine,
        uow_factory: UowFactory,
        subscriptions: Iterable[Subscription] = (),
        publishes: Iterable[type[Event]] = (),
        roles: Iterable[str] = ALL_ROLES,
    ) -> None:
        self.settings = settings
        self.engine = engine
        self.uow_factory = uow_factory
        self.roles = frozenset(roles)
        self.publisher = ConfirmPublisher(settings.amqp_url, app_id=settings.service)
        self.broker = RabbitBroker(
            settings.amqp_url,
            apply_types=False,
            # No per-message access log: EventConsumer logs every failure, retry and dead letter
            # itself, and FastStream's "Received"/"Processed" context building costs CPU per event.
            logger=None,
            graceful_timeout=settings.drain_seconds,
            description=f"Aswan 2040 {settings.service} service",
        )
        # deterministic AsyncAPI documents: channels in registration order (see registration.py)
        self.broker._subscribers = RegistrationOrder()  # type: ignore[assignment]
        self.broker._publishers = RegistrationOrder()  # type: ignore[assignment]
        self.relay = OutboxRelay(
            asyncpg_dsn(settings.database_url),
            settings.service,
            self.publisher,
            settings.exchange,
            batch=settings.relay_batch,
            poll_seconds=settings.relay_poll_seconds,
            keep_days=settings.outbox_keep_days,
            inbox_keep_days=settings.inbox_keep_days,
        )
        self.consumers: list[tuple[EventConsumer, RabbitSubscriber]] = []
        self.attachments: list[QueueAttachment] = []
        self._consume_conn: AbstractRobustConnection | None = None
        self._tasks: list[asyncio.Task[Any]] = []
        self._started = False
        self.health = RuntimeHealth(self)
        exchange = RabbitExchange(settings.exchange, type=ExchangeType.TOPIC, declare=False)
        for sub in subscriptions:
            self._add_subscriber(sub, exchange)
        for model in publishes:
            self.broker.publisher(
                exchange=exchange,
                routing_key=model.ROUTING_KEY,
                schema=CloudEvent[model],  # type: ignore[valid-type]
                title=f"{model.ROUTING_KEY}:publish",
                description=(model.__doc__ or "").strip() or None,
                persist=True,
            )

    def _add_subscriber(self, sub: Subscription, exchange: RabbitExchange) -> None:
        spec = QueueSpec(
            self.settings.queue(sub.purpose),
            sub.routing_keys(),
            retry_levels=len(self.settings.retry_delays_ms),
        )
        consumer = EventConsumer(
            spec,
            sub,
            self.uow_factory,
            self.publisher,
            retry_delays_ms=self.settings.retry_delays_ms,
            batch_max=self.settings.batch_max,
        )
        broker = self.broker

        async def on_event(body: Any) -> None:
            # The raw bytes, not ``body``: FastStream decodes by content type (JSON to a dict,
            # none to text), and a producer's content type must not decide whether we can parse.
            raw = broker.context.get_local("message").raw_message
            await consumer.handle(raw.body, raw)

        models = tuple(sub.handlers)
        on_event.__annotations__["body"] = (
            Union[tuple(CloudEvent[m] for m in models)]  # type: ignore[valid-type]  # noqa: UP007
            if len(models) > 1
            else CloudEvent[models[0]]  # type: ignore[valid-type]
        )
        on_event.__doc__ = sub.description or f"Consumes {', '.join(spec.routing_keys)}"
        subscriber = broker.subscriber(
            RabbitQueue(  # type: ignore[call-overload]
                spec.name,
                queue_type=QueueType.QUORUM,
                durable=True,
                declare=False,
                arguments=spec.main_arguments(),
                routing_key=",".join(spec.routing_keys),
            ),
            exchange,
            channel=Channel(prefetch_count=self.settings.prefetch),
            ack_policy=AckPolicy.MANUAL,
            decoder=_undecoded,
            title=f"{spec.name}:consume",
            description=on_event.__doc__,
        )
        subscriber(on_event)  # describes the consumer (AsyncAPI); QueueAttachment runs it
        self.consumers.append((consumer, subscriber))
        self.attachments.append(QueueAttachment(consumer, self.settings.prefetch))

    # -- lifecycle ---------------------------------------------------------------------------

    async def start(self) -> None:
        if self._started:
            return
        self._started = True
        needs_bus = bool(self.roles & {"consumers", "relay"})
        if needs_bus:
            await self._connect_with_retry()
        if "consumers" in self.roles and self.consumers:
            channel = await self.publisher.channel()
            await declare_exchange(channel, self.settings.exchange)
            for consumer, _ in self.consumers:
                await declare_queue(channel, consumer.spec, self.settings.exchange)
                consumer.start()
            self._consume_conn = await aio_pika.connect_robust(
                self.settings.amqp_url,
                client_properties={"connection_name": f"{self.settings.service}-consume"},
                timeout=10,
            )
            for attachment in self.attachments:
                await attachment.attach(self._consume_conn)
            self._tasks.append(asyncio.create_task(self.health.watchdog(), name="watchdog"))
        if "relay" in self.roles:
            self._tasks.append(asyncio.create_task(self.relay.run(), name="relay"))
        self._tasks.append(asyncio.create_task(self.health.gauges(), name="gauges"))

    async def _connect_with_retry(self) -> None:
        delay = 0.2
        while True:
            try:
                await self.publisher.connect()
                channel = await self.publisher.channel()
                await declare_exchange(channel, self.settings.exchange)
                return
            except Exception as exc:  # noqa: BLE001 - the broker may start after us
                log.warning("broker not reachable (%s); retrying in %.1fs", exc, delay)
                await self.publisher.close()
                await asyncio.sleep(delay)
                delay = min(delay * 2, 5.0)

    async def stop(self) -> None:
        if not self._started:
            return
        self._started = False
        for attachment in self.attachments:
            await attachment.detach()  # no new deliveries
        for consumer, _ in self.consumers:
            await consumer.drain(self.settings.drain_seconds)
            await consumer.stop()
        if self._consume_conn is not None:
            with contextlib.suppress(Exception):
                async with asyncio.timeout(5):
                    await self._consume_conn.close()  # anything unacked goes back to its queue
            self._consume_conn = None
        await self.relay.stop()
        for task in self._tasks:
            if task.get_name() != "relay":
                task.cancel()
        # The relay finishes its batch; bounded, so that a stuck broker or database cannot hold
        # the process (a cancelled batch leaves its rows unsent: published after restart).
        pending: set[asyncio.Task[Any]] = set()
        if self._tasks:
            _, pending = await asyncio.wait(self._tasks, timeout=self.settings.drain_seconds)
        for task in pending:
            log.warning("task %s did not stop in time; cancelled", task.get_name())
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks.clear()
        with contextlib.suppress(Exception):
            async with asyncio.timeout(5):
                await self.publisher.close()
        await self.engine.dispose()

    @contextlib.asynccontextmanager
    async def lifespan(self, _app: Any = None) -> AsyncIterator[None]:
        await self.start()
        try:
            yield
        finally:
            await self.stop()

    @property
    def consume_connection(self) -> AbstractRobustConnection | None:
        """The robust connection the consumers' channels are on (while started)."""
        return self._consume_conn

    async def readiness(self) -> dict[str, Any]:
        return await self.health.readiness()


async def _undecoded(message: Any) -> bytes:
    """FastStream decoder that leaves the body alone: EventConsumer parses the raw bytes itself,
    so decoding by content type (JSON to a dict) would be work thrown away."""
    return bytes(message.body)


RuntimeFactory = Callable[..., ServiceRuntime]
