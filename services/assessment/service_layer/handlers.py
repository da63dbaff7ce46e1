"""Use cases of the assessment service: one async function each, over a unit of work."""

from __future__ import annotations

from typing import Any

from services.assessment.domain.commands import RecordNeed
from services.assessment.domain.model import NeedAssessment
from services.assessment.service_layer.unit_of_work import AssessmentUnitOfWork
from shared.events.assessment import NeedsUpdated
from shared.events.envelope import CloudEvent
from shared.events.registry import AssociationRegistered, AssociationStatusChanged


async def record_need(cmd: RecordNeed, uow: AssessmentUnitOfWork) -> NeedAssessment:
    need = NeedAssessment(
        cmd.campaign_id, cmd.centre, cmd.sector, cmd.severity, cmd.people_affected
    )
    await uow.needs.upsert(need, cmd.recorded_by)
    uow.publish(
        NeedsUpdated(
            centre=need.centre,
            sector=need.sector.value,
            severity=need.severity,
            people_affected=need.people_affected,
            campaign_id=need.campaign_id,
        ),
        subject=f"{need.campaign_id}/{need.centre.value}/{need.sector.value}",
    )
    await uow.commit()
    return need


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
