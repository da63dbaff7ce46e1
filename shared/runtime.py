"""A service process: HTTP API, event consumers and outbox relay, together or one at a time.

``roles`` selects the parts (``api``, ``consumers``, ``relay``; all by default) so each can be
scaled out alone. The HTTP server always runs, for health, readiness and metrics. On SIGTERM the
consumers stop taking messages, finish those in flight (ack after commit), then the relay
publishes what is committed and the process exits.

FastStream describes the consumers and publishers (:mod:`shared.asyncapi`: the AsyncAPI document
is generated from its broker) but does not run the consumers: each queue is consumed through a
:class:`~shared.messaging.attachment.QueueAttachment` (aio-pika, robust connection), which skips
FastStream's per-message pipeline that the consumer does not need.

Readiness, the consumer watchdog and the /metrics gauges are in :mod:`shared.health`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable, Iterable
from typing import Any

import aio_pika
from aio_pika.abc import AbstractRobustConnection
from faststream.rabbit import ExchangeType, RabbitExchange
from faststream.rabbit.subscriber import RabbitSubscriber
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.asyncapi import describe_consumer, describe_publisher, describing_broker
from shared.config import ServiceSettings
from shared.db import asyncpg_dsn
from shared.events.envelope import Event
from shared.health import RuntimeHealth
from shared.messaging.attachment import QueueAttachment
from shared.messaging.consumer import EventConsumer, Subscription, UowFactory
from shared.messaging.publisher import ConfirmPublisher
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
        self.broker = describing_broker(settings)
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
            describe_publisher(self.broker, exchange, model)

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
        subscriber = describe_consumer(self.broker, exchange, consumer, self.settings.prefetch)
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


RuntimeFactory = Callable[..., ServiceRuntime]
