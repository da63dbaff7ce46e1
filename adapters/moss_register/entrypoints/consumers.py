from __future__ import annotations

from adapters.moss_register.service_layer import handlers
from shared.events.registry import (
    AssociationRegistered,
    AssociationStatusChanged,
    AssociationUpdated,
)
from shared.messaging.consumer import Subscription


def subscriptions() -> list[Subscription]:
    # inbox_at_commit: the handlers only write the push rows, in the transaction.
    return [
        Subscription(
            purpose="registry-events",
            description="The registry's records, to push to the ministry's NGO register.",
            handlers={
                AssociationRegistered: handlers.on_association_registered,
                AssociationUpdated: handlers.on_association_updated,
                AssociationStatusChanged: handlers.on_status_changed,
            },
            inbox_at_commit=True,
        )
    ]
