from __future__ import annotations

from services.assessment.service_layer import handlers
from shared.events.registry import AssociationRegistered, AssociationStatusChanged
from shared.messaging.consumer import Subscription


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
