from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter, status

from services.assessment.domain.commands import RecordNeed
from services.assessment.entrypoints.schemas import NeedCreate, NeedPublic
from services.assessment.service_layer.handlers import needs
from services.assessment.service_layer.unit_of_work import AssessmentUnitOfWork
from shared.auth import StaffPrincipal


def make_router(uow_factory: Callable[[], AssessmentUnitOfWork]) -> APIRouter:
    router = APIRouter(prefix="/v1", tags=["needs"])

    @router.put("/needs", status_code=status.HTTP_200_OK, response_model=NeedPublic)
    async def put_need(body: NeedCreate, principal: StaffPrincipal) -> NeedPublic:
        """Record the need of a centre for a sector in a campaign (staff)."""
        async with uow_factory() as uow:
            need = await needs.record_need(
                RecordNeed(**body.model_dump(), recorded_by=principal.subject), uow
            )
        return NeedPublic(
            campaign_id=need.campaign_id,
            centre=need.centre,
            sector=need.sector,
            severity=need.severity,
            people_affected=need.people_affected,
        )

    return router
