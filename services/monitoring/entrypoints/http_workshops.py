"""HTTP API of phase 2: workshops, proposals and their decisions, initiatives (staff writes)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Path, status

from services.monitoring.domain.framework import CODE, Initiative
from services.monitoring.entrypoints.schemas import (
    CreatedPublic,
    ProposalCreate,
    ProposalMove,
    WorkshopCreate,
)
from services.monitoring.service_layer.handlers import framework, workshops
from services.monitoring.service_layer.unit_of_work import MonitoringUnitOfWork
from shared.auth import StaffPrincipal
from shared.http import IdPath

CodePath = Annotated[str, Path(pattern=CODE, description="a framework code")]


def make_workshop_router(uow_factory: Callable[[], MonitoringUnitOfWork]) -> APIRouter:
    router = APIRouter(prefix="/v1", tags=["workshops"])

    @router.post("/workshops", status_code=status.HTTP_201_CREATED)
    async def post_workshop(body: WorkshopCreate, who: StaffPrincipal) -> CreatedPublic:
        """Record a workshop session (date, centre, participants)."""
        values = body.model_dump(mode="python")
        values["centre"] = body.centre.value
        values["participants"] = [p.model_dump() for p in body.participants]
        async with uow_factory() as uow:
            return CreatedPublic(
                id=await workshops.create_workshop({**values, "created_by": who.subject}, uow)
            )

    @router.post("/workshops/{workshop_id}/proposals", status_code=status.HTTP_201_CREATED)
    async def post_proposal(
        workshop_id: IdPath, body: ProposalCreate, _: StaffPrincipal
    ) -> CreatedPublic:
        """A draft pillar, objective, KPI or initiative proposed in a workshop."""
        async with uow_factory() as uow:
            proposal_id = await workshops.propose(
                workshop_id, body.kind, body.parent_code, body.payload, body.proposed_by, uow
            )
        return CreatedPublic(id=proposal_id)

    @router.post("/proposals/{proposal_id}/status")
    async def move_proposal(
        proposal_id: IdPath, body: ProposalMove, who: StaffPrincipal
    ) -> dict[str, Any]:
        """proposed -> discussed -> adopted | rejected; adopting changes the framework."""
        async with uow_factory() as uow:
            moved = await workshops.move_proposal(proposal_id, body.to, who.subject, body.note, uow)
        return {k: v for k, v in moved.items() if k != "updated_at"}

    @router.put("/initiatives/{code}", tags=["initiatives"])
    async def put_initiative(code: CodePath, body: Initiative, _: StaffPrincipal) -> dict[str, str]:
        """Create or update an initiative with its executive roles (partners must be known)."""
        async with uow_factory() as uow:
            change = await framework.save_initiative(body.model_copy(update={"code": code}), uow)
        return {"code": code, "change": change}

    return router
