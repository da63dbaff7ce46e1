from __future__ import annotations

from adapters.telegram_bot.service_layer import handlers
from shared.events.registry import (
    AssociationRegistered,
    AssociationRegistrationRejected,
    AssociationStatusChanged,
)
from shared.messaging.consumer import Subscription


def subscriptions() -> list[Subscription]:
    # inbox_at_commit: the handlers' effects (outcome, queued reply) are all in the transaction.
    return [
        Subscription(
            purpose="outcomes",
            description="The registry's answers to registrations sent from a chat.",
            handlers={
                AssociationRegistered: handlers.on_association_registered,
                AssociationRegistrationRejected: handlers.on_registration_rejected,
                AssociationStatusChanged: handlers.on_status_changed,
            },
            inbox_at_commit=True,
        )
    ]
