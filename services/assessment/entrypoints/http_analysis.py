"""HTTP API of the analysis: campaigns, the needs matrix, challenges, capacity, gaps.

Staff manage campaigns and read everything; an association reads the open campaigns of its
centres and its own capacity history and action plan (and edits that plan); partners read the
needs matrix and the gaps.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response, status

from services.assessment.domain.campaigns import Campaign, CampaignNotFoundError
from services.assessment.domain.capacity import Action
from services.assessment.domain.commands import (
    AddAction,
    CloseCampaign,
    CreateCampaign,
    OpenCampaign,
    UpdateAction,
)
from services.assessment.entrypoints import schemas as s
from services.assessment.service_layer import views_analysis as views
from services.assessment.service_layer.handlers import campaigns, capacity
from services.assessment.service_layer.unit_of_work import AssessmentUnitOfWork
from shared.auth import Principal, Role, StaffPrincipal, require_roles
from shared.errors import ForbiddenError
from shared.http import IdPath

StaffOrAssociation = Annotated[Principal, Depends(require_roles(Role.STAFF, Role.ASSOCIATION))]
StaffOrPartner = Annotated[Principal, Depends(require_roles(Role.STAFF, Role.PARTNER))]
HXL = (("centre", "#adm2+code"), ("sector", "#sector"), ("people_in_need", "#inneed"),
       ("people_reached", "#reached"), ("severity", "#severity"),
       ("coverage", "#indicator+coverage"), ("gap", "#indicator+gap"))  # fmt: skip


def campaign_public(c: Campaign) -> s.CampaignPublic:
    return s.CampaignPublic.model_validate({**c.__dict__, "centres": list(c.centres)})


def action_public(a: Action) -> s.ActionPublic:
    return s.ActionPublic.model_validate(a.__dict__)


def own(principal: Principal) -> str | None:
    """None for staff (every association's data), else the caller's association."""
    return None if principal.is_staff else principal.association_id


def make_analysis_router(uow_factory: Callable[[], AssessmentUnitOfWork]) -> APIRouter:
    router = APIRouter(prefix="/v1")

    @router.post("/campaigns", status_code=201, tags=["campaigns"])
    async def create_campaign(body: s.CampaignCreate, p: StaffPrincipal) -> s.CampaignPublic:
        """A campaign as a draft (staff): a form version put to an audience in some centres."""
        async with uow_factory() as uow:
            c = await campaigns.create_campaign(
                CreateCampaign(**body.model_dump(), created_by=p.subject), uow
            )
        return campaign_public(c)

    @router.post("/campaigns/{campaign_id}/open", tags=["campaigns"])
    async def open_campaign(campaign_id: IdPath, p: StaffPrincipal) -> s.CampaignPublic:
        """Open a draft: publishes assessment.campaign.opened.v1 (notify invites)."""
        async with uow_factory() as uow:
            c = await campaigns.open_campaign(OpenCampaign(campaign_id, p.subject), uow)
        return campaign_public(c)

    @router.post("/campaigns/{campaign_id}/close", tags=["campaigns"])
    async def close_campaign(campaign_id: IdPath, p: StaffPrincipal) -> s.CampaignPublic:
        """Close an open campaign: publishes assessment.campaign.closed.v1."""
        async with uow_factory() as uow:
            c = await campaigns.close_campaign(CloseCampaign(campaign_id, p.subject), uow)
        return campaign_public(c)

    @router.get("/campaigns", tags=["campaigns"])
    async def list_campaigns(
        p: StaffOrAssociation,
        status: Annotated[str | None, Query(pattern="^(draft|open|closed)$")] = None,
        centre: s.Centre | None = None,
    ) -> list[s.CampaignPublic]:
        """Staff: every campaign (filters). An association: the open campaigns put to
        associations in the centres where it works."""
        async with uow_factory() as uow:
            if p.is_staff:
                found = await views.campaigns(uow, status, [centre] if centre else None)
            else:
                found = await views.campaigns_for_association(uow, p.association_id or "")
        return [campaign_public(c) for c in found]

    @router.get("/campaigns/{campaign_id}", tags=["campaigns"])
    async def get_campaign(campaign_id: IdPath, p: StaffOrAssociation) -> s.CampaignPublic:
        async with uow_factory() as uow:
            c = await uow.campaigns.get(campaign_id)
        if c is None or (not p.is_staff and c.status != "open"):
            raise CampaignNotFoundError(field="campaign_id")
        return campaign_public(c)

    @router.get("/campaigns/{campaign_id}/needs", tags=["needs"])
    async def needs_matrix(campaign_id: IdPath, _: StaffOrPartner) -> s.NeedsMatrixPublic:
        """The campaign's needs per centre x sector, and per centre the largest sector."""
        async with uow_factory() as uow:
            return s.NeedsMatrixPublic.model_validate(await views.needs_matrix(uow, campaign_id))

    @router.get("/campaigns/{campaign_id}/challenges", tags=["needs"])
    async def challenges(campaign_id: IdPath, _: StaffPrincipal) -> list[s.ChallengeCount]:
        """How many submissions name each challenge, per centre and sector."""
        async with uow_factory() as uow:
            rows = await views.challenges(uow, campaign_id)
        return [s.ChallengeCount.model_validate(r) for r in rows]

    @router.get("/campaigns/{campaign_id}/gaps", tags=["gaps"])
    async def gaps(campaign_id: IdPath, _: StaffOrPartner) -> s.GapTablePublic:
        """Needs against coverage, ranked by gap x severity."""
        async with uow_factory() as uow:
            rows = await views.gaps(uow, campaign_id)
        return s.GapTablePublic(campaign_id=campaign_id, rows=rows)

    @router.get("/campaigns/{campaign_id}/gaps.csv", tags=["gaps"])
    async def gaps_csv(campaign_id: IdPath, _: StaffOrPartner) -> Response:
        """The gap table as CSV with a row of HXL hashtags under the header."""
        async with uow_factory() as uow:
            rows = await views.gaps(uow, campaign_id)
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(name for name, _ in HXL)
        writer.writerow(tag for _, tag in HXL)
        for r in rows:
            writer.writerow(r.model_dump(mode="json")[name] for name, _ in HXL)
        return Response("\ufeff" + out.getvalue(), media_type="text/csv; charset=utf-8")

    @router.get("/associations/{association_id}/capacity", tags=["capacity"])
    async def capacity_history(
        association_id: IdPath, p: StaffOrAssociation
    ) -> s.CapacityHistoryPublic:
        """Every capacity assessment of an association with deltas and action plans."""
        if own(p) not in (None, association_id):
            raise ForbiddenError(
                "An association reads only its own", "لا تقرأ الجمعية إلا بياناتها"
            )
        async with uow_factory() as uow:
            history = await views.capacity_history(uow, association_id)
        return s.CapacityHistoryPublic.model_validate(history)

    @router.post("/capacity/{assessment_id}/actions", status_code=status.HTTP_201_CREATED,
                 tags=["capacity"])  # fmt: skip
    async def add_action(
        assessment_id: IdPath, body: s.ActionCreate, p: StaffOrAssociation
    ) -> s.ActionPublic:
        """Add an action to an assessment's action plan."""
        cmd = AddAction(assessment_id, **body.model_dump(), actor=p.subject, association_id=own(p))
        async with uow_factory() as uow:
            return action_public(await capacity.add_action(cmd, uow))

    @router.patch("/capacity/actions/{action_id}", tags=["capacity"])
    async def update_action(
        action_id: IdPath, body: s.ActionUpdate, p: StaffOrAssociation
    ) -> s.ActionPublic:
        """Change an action (its status: open, done, dropped; its text, owner, due date)."""
        cmd = UpdateAction(action_id, p.subject, **body.model_dump(), association_id=own(p))
        async with uow_factory() as uow:
            return action_public(await capacity.update_action(cmd, uow))

    return router
