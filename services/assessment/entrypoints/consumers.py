from __future__ import annotations

from shared.events.registry import AssociationRegistered, AssociationStatusChanged
from shared.messaging.consumer import Subscription
from services.assessment.service_layer import handlers


def subscriptions() -> list[Subscription]:
    return [
        Subscription(
            purpose="associations",
            description="Read model of registered associations, for needs-vs-coverage gaps.",
            handlers={
                AssociationRegistered: handlers.on_association_registered,
                AssociationStatusChanged: handlers.on_association_status_changed,
            },
        )
    ]
