"""A signed-in association answers the open assessment campaigns for its centres, rendered
from the form version's definition; its capacity scores and action plan. Answers are published
as intake.assessment.submitted.v1; the submission's page says received, then accepted."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from services.portal.domain.commands import SubmitAssessment
from services.portal.domain.questionnaire import REPEAT_ROWS, answers_from, label
from services.portal.domain.signin import SessionRecord
from services.portal.domain.texts import Texts
from services.portal.entrypoints.web import (
    Portal,
    csrf_ok,
    form_data,
    language,
    redirect,
    render,
    require,
)
from services.portal.service_layer import handlers
from shared.events.intake import AssessmentSubmitted

_KEY = AssessmentSubmitted.ROUTING_KEY


def make_assessment_router(portal: Portal) -> APIRouter:
    router = APIRouter(prefix="/me/assessments", tags=["association"])

    async def own(request: Request) -> SessionRecord | Response:
        return await require(portal, request, "association")

    @router.get("", response_class=HTMLResponse, summary="Open campaigns and capacity")
    async def overview(request: Request) -> Response:
        session = await own(request)
        if not isinstance(session, SessionRecord):
            return session
        aid = session.subject.association_id or ""
        return render(
            portal, request, "me_assessments.html", session=session, role="association",
            campaigns=await portal.upstream.campaigns(session.subject),
            capacity=(await portal.upstream.capacity(aid, session.subject)).get("assessments", []),
        )  # fmt: skip

    async def loaded(session: SessionRecord, campaign_id: str) -> tuple[Any, Any] | None:
        campaign = await portal.upstream.campaign(campaign_id, session.subject)
        if campaign is None or campaign.get("status") != "open":
            return None
        definition = await portal.upstream.form_version(
            campaign["form_id"], campaign["form_version"], session.subject
        )
        return (campaign, definition) if definition else None

    @router.get("/{campaign_id}", response_class=HTMLResponse, summary="A campaign's form")
    async def questionnaire(campaign_id: str, request: Request) -> Response:
        session = await own(request)
        if not isinstance(session, SessionRecord):
            return session
        found = await loaded(session, campaign_id)
        if found is None:
            t = Texts(language(request))
            return render(portal, request, "message.html", 404, session, heading=t("not_found"))
        campaign, definition = found
        return render(portal, request, "me_questionnaire.html", session=session,
                      role="association", campaign=campaign, definition=definition,
                      label=label, rows=REPEAT_ROWS)  # fmt: skip

    @router.post("/{campaign_id}", response_class=HTMLResponse, summary="Submit answers")
    async def submit(campaign_id: str, request: Request) -> Response:
        session = await own(request)
        if not isinstance(session, SessionRecord):
            return session
        form = await form_data(request)
        found = await loaded(session, campaign_id)
        if found is None or not csrf_ok(request, form):
            return redirect(f"/me/assessments/{campaign_id}")
        campaign, definition = found
        record = await portal.upstream.association(session.subject.association_id or "",
                                                   session.subject)  # fmt: skip
        sid = str(uuid.uuid4())
        cmd = SubmitAssessment(
            sid, campaign["form_id"], campaign["form_version"],
            (record or ({}, 0))[0].get("centre"), answers_from(definition, form),
            session.subject.subject, campaign_id, session.subject.association_id,
        )  # fmt: skip
        async with portal.uow() as uow:
            await handlers.submit_assessment(cmd, uow)
        return redirect(f"/me/assessments/submissions/{sid}")

    async def state(session: SessionRecord, sid: str) -> str | None:
        async with portal.uow() as uow:
            sent = await uow.portal.published(sid, _KEY)
        if sent is None or sent.get("association_id") != session.subject.association_id:
            return None
        return "accepted" if await portal.upstream.assessment_submission(sid) else "received"

    @router.get("/submissions/{sid}", response_class=HTMLResponse, summary="A submission")
    async def submission(sid: str, request: Request) -> Response:
        session = await own(request)
        if not isinstance(session, SessionRecord):
            return session
        found = await state(session, sid)
        if found is None:
            t = Texts(language(request))
            return render(portal, request, "message.html", 404, session, heading=t("not_found"))
        fragment = request.headers.get("hx-request") == "true"
        return render(portal, request, "_answer_state.html" if fragment else
                      "me_answer_state.html", session=session, role="association",
                      sid=sid, state=found)  # fmt: skip

    return router
