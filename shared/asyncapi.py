"""The AsyncAPI description of a service's events: FastStream's broker describes what it consumes
and publishes (the runtime registers each consumer and publisher here), and the documents are
generated from it (``faststream docs gen``). FastStream runs none of the consumers (see
:mod:`shared.runtime`)."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any, Union

from faststream import FastStream
from faststream.middlewares import AckPolicy
from faststream.rabbit import Channel, QueueType, RabbitBroker, RabbitExchange, RabbitQueue
from faststream.rabbit.subscriber import RabbitSubscriber
from faststream.specification import AsyncAPI

from shared.config import ServiceSettings
from shared.events.envelope import CloudEvent, Event
from shared.messaging.consumer import EventConsumer


def describing_broker(settings: ServiceSettings) -> RabbitBroker:
    broker = RabbitBroker(
        settings.amqp_url,
        apply_types=False,
        # No per-message access log: EventConsumer logs every failure, retry and dead letter
        # itself, and FastStream's "Received"/"Processed" context building costs CPU per event.
        logger=None,
        graceful_timeout=settings.drain_seconds,
        description=f"Aswan 2040 {settings.service} service",
    )
    return broker


def describe_consumer(
    broker: RabbitBroker, exchange: RabbitExchange, consumer: EventConsumer, prefetch: int
) -> RabbitSubscriber:
    """The consumer's queue, bindings and event schemas as a FastStream subscriber."""
    spec, sub = consumer.spec, consumer.subscription

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
        channel=Channel(prefetch_count=prefetch),
        ack_policy=AckPolicy.MANUAL,
        decoder=_undecoded,
        title=f"{spec.name}:consume",
        description=on_event.__doc__,
    )
    subscriber(on_event)  # describes the consumer (AsyncAPI); QueueAttachment runs it
    return subscriber


def describe_publisher(broker: RabbitBroker, exchange: RabbitExchange, model: type[Event]) -> None:
    broker.publisher(
        exchange=exchange,
        routing_key=model.ROUTING_KEY,
        schema=CloudEvent[model],  # type: ignore[valid-type]
        title=f"{model.ROUTING_KEY}:publish",
        description=(model.__doc__ or "").strip() or None,
        persist=True,
    )


async def _undecoded(message: Any) -> bytes:
    """FastStream decoder that leaves the body alone: EventConsumer parses the raw bytes itself,
    so decoding by content type (JSON to a dict) would be work thrown away."""
    return bytes(message.body)


class SortedAsyncAPI(AsyncAPI):
    """The generated document with its channels, operations and components sorted by name.

    FastStream keeps a broker's subscribers and publishers in ``WeakSet``s, which iterate in the
    order of memory addresses: unsorted, the document's order changes from one run to the next
    and the CI check that the committed document matches the code fails at random."""

    def to_specification(self) -> Any:
        spec: Any = super().to_specification()
        spec.channels = _sorted(spec.channels)
        spec.operations = _sorted(spec.operations)
        components = spec.components
        if components is not None:
            for name in ("messages", "schemas"):
                value = getattr(components, name, None)
                if isinstance(value, dict):
                    setattr(components, name, _sorted(value))
        return spec


def _sorted(mapping: Any) -> Any:
    return dict(sorted(mapping.items())) if isinstance(mapping, dict) else mapping


def specification(build: Callable[..., Any], settings_cls: type, service: str) -> FastStream:
    """Build the service (nothing connects) and describe its broker. A throwaway signing key
    satisfies the settings; the document contains no secret."""
    settings = settings_cls(jwt_secret=secrets.token_hex(32))
    app = build(settings)
    broker = app.state.runtime.broker
    spec = SortedAsyncAPI(
        broker,
        title=f"Aswan 2040 — {service} events",
        version="1.0.0",
        description=(
            f"Events the {service} service consumes and publishes on the topic exchange "
            "aswan.events (CloudEvents 1.0, structured mode)."
        ),
        schema_version="3.0.0",
    )
    return FastStream(broker, specification=spec, logger=None)
