"""What a consumer does with a message it could not handle: retry it later through a retry queue
with a growing delay, or park it in the dead-letter queue with the reason (see the failure policy
in :mod:`shared.messaging.consumer`)."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from aio_pika.abc import AbstractIncomingMessage
from pydantic import ValidationError

from shared.errors import PlatformError
from shared.messaging.metrics import CONSUMED
from shared.messaging.publisher import ConfirmPublisher
from shared.messaging.topology import QueueSpec

log = logging.getLogger("shared.messaging.consumer")  # the consumer's records, as before


class PermanentError(Exception):
    """A failure that no retry can fix: the message goes to the dead-letter queue at once."""

    kind = "rejected"


def classify(exc: BaseException) -> str:
    if isinstance(exc, PermanentError | PlatformError | ValidationError):
        return "permanent"
    return "transient"


def kind(exc: BaseException | None) -> str:
    if isinstance(exc, PlatformError):
        return exc.detail.code
    if isinstance(exc, PermanentError):
        return exc.kind
    if isinstance(exc, ValidationError):
        return "invalid_data"
    return "handler_error"


def describe(exc: BaseException | None) -> str:
    if exc is None:
        return ""
    return f"{type(exc).__name__}: {exc}"


async def retry(
    publisher: ConfirmPublisher,
    spec: QueueSpec,
    message: AbstractIncomingMessage,
    attempts: int,
    error: BaseException | None,
    delays_ms: tuple[int, ...],
) -> None:
    """Send ``message`` through the retry queue of its attempt (it comes back after the delay),
    then ack it here."""
    delay = delays_ms[attempts - 1]
    headers = dict(message.headers or {})
    headers.pop("x-death", None)
    headers.setdefault("x-original-routing-key", message.routing_key or "")
    headers.setdefault("x-original-exchange", message.exchange or "")
    headers["x-attempts"] = attempts + 1
    headers["x-last-error"] = describe(error)[:500]
    log.warning(
        "event %s failed (attempt %d), retrying in %d ms: %s",
        message.message_id,
        attempts,
        delay,
        describe(error)[:200],
    )
    queue = spec.retry_queue(min(attempts, spec.retry_levels))
    await forward(publisher, message, "", queue, headers, expiration_ms=delay)
    CONSUMED.labels(spec.name, "retried").inc()


async def dead_letter(
    publisher: ConfirmPublisher,
    spec: QueueSpec,
    message: AbstractIncomingMessage,
    error_kind: str,
    detail: str,
    attempts: int,
) -> None:
    """Park ``message`` in the dead-letter queue with why, then ack it here: the messages behind
    it keep flowing."""
    headers = dict(message.headers or {})
    headers.pop("x-death", None)
    headers.setdefault("x-original-routing-key", message.routing_key or "")
    # set once: after a retry the message comes back through the default exchange
    headers.setdefault("x-original-exchange", message.exchange or "")
    headers.update(
        {
            "x-error-kind": error_kind,
            "x-error": detail[:1000],
            "x-attempts": attempts,
            "x-original-queue": spec.name,
            "x-dead-lettered-at": datetime.now(UTC).isoformat(),
        }
    )
    log.error("event %s dead-lettered (%s): %s", message.message_id, error_kind, detail[:300])
    await forward(publisher, message, "", spec.dlq, headers)
    CONSUMED.labels(spec.name, "dead_lettered").inc()


async def forward(
    publisher: ConfirmPublisher,
    message: AbstractIncomingMessage,
    exchange: str,
    routing_key: str,
    headers: dict[str, Any],
    *,
    expiration_ms: int | None = None,
) -> None:
    """Publish ``message`` (its body and properties, these headers) and, once confirmed, ack it
    where it came from: moved, never lost nor doubled in between (a crash before the ack
    redelivers it, and consumers deduplicate the copy)."""
    await publisher.publish(
        exchange,
        routing_key,
        message.body,
        message_id=message.message_id,
        type_=message.type,
        correlation_id=message.correlation_id,
        headers=headers,
        expiration_ms=expiration_ms,
        content_type=message.content_type,
    )
    await message.ack()
