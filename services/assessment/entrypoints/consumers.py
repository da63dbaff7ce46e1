from __future__ import annotations

from services.assessment.service_layer.handlers import associations
from shared.events.registry import AssociationRegistered, AssociationStatusChanged
from shared.messaging.consumer import Subscription


def subscriptions() -> list[Subscription]:
    return [
        Subscription(
            purpose="associations",
            description="Read model of registered associations, for needs-vs-coverage gaps.",
            handlers={
                AssociationRegistered: associations.on_association_registered,
                AssociationStatusChanged: associations.on_association_status_changed,
            },
        )
    ]
