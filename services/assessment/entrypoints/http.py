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
        """State the need of a centre for a sector in a campaign (staff; the same staff member
        again replaces their statement). Answers the cell: the median severity and the largest
        figures of all its statements (submissions and staff)."""
        async with uow_factory() as uow:
            cell = await needs.record_need(
                RecordNeed(**body.model_dump(), recorded_by=principal.subject), uow
            )
        return NeedPublic.model_validate(cell.__dict__)

    return router
