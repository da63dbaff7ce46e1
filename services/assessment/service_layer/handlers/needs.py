"""Needs per centre x sector in a campaign."""

from __future__ import annotations

from services.assessment.domain.commands import RecordNeed
from services.assessment.domain.model import NeedAssessment
from services.assessment.service_layer.unit_of_work import AssessmentUnitOfWork
from shared.events.assessment import NeedsUpdated


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
