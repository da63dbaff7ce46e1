"""Read model of the registry's associations (where each works, for whom), for coverage."""

from __future__ import annotations

from typing import Any

from services.assessment.service_layer.unit_of_work import AssessmentUnitOfWork
from shared.events.envelope import CloudEvent
from shared.events.registry import AssociationRegistered, AssociationStatusChanged


async def on_association_registered(envelope: CloudEvent[Any], uow: AssessmentUnitOfWork) -> None:
    event: AssociationRegistered = envelope.data
    await uow.associations.upsert(
        event.association_id,
        event.centre.value,
        event.status.value,
        [c.value for c in event.centres_served],
        event.sectors,
    )


async def on_association_status_changed(
    envelope: CloudEvent[Any], uow: AssessmentUnitOfWork
) -> None:
    event: AssociationStatusChanged = envelope.data
    await uow.associations.set_status(event.association_id, event.to.value)
