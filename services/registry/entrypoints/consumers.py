from __future__ import annotations

from services.registry.service_layer import handlers
from shared.events.intake import AssociationRegistrationSubmitted
from shared.events.ministry import AssociationStatusDecided
from shared.messaging.consumer import Subscription


def subscriptions() -> list[Subscription]:
    # inbox_at_commit: every effect of these handlers is in the transaction.
    return [
        Subscription(
            purpose="intake",
            description="Registrations submitted by the portal and the bot.",
            handlers={AssociationRegistrationSubmitted: handlers.on_registration_submitted},
            inbox_at_commit=True,
        ),
        Subscription(
            purpose="ministry",
            description="The ministry's decisions on an association's status.",
            handlers={AssociationStatusDecided: handlers.on_ministry_decision},
            inbox_at_commit=True,
        ),
    ]
