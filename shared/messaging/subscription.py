"""What a service consumes: one :class:`Subscription` per queue ``<service>.<purpose>``, mapping
each event type to its handler. :class:`~shared.messaging.consumer.EventConsumer` runs it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from shared.events.envelope import CloudEvent, Event
from shared.messaging.uow import UnitOfWork

EventHandler = Callable[[CloudEvent[Any], Any], Awaitable[None]]
UowFactory = Callable[[], UnitOfWork]


@dataclass
class Subscription:
    """What one queue ``<service>.<purpose>`` consumes, and the handler for each event type."""

    purpose: str
    handlers: dict[type[Event], EventHandler]
    description: str = ""
    # Record the inbox rows with the outbox rows at commit (a round trip less per batch) instead
    # of before the handlers. Only for handlers whose every effect is in the transaction: a
    # redelivered event is then handled again and rolled back (see the module docstring).
    inbox_at_commit: bool = False

    def routing_keys(self) -> tuple[str, ...]:
        return tuple(sorted({model.ROUTING_KEY for model in self.handlers}))
