"""Staff: assessment campaigns (create, open, close, progress as submissions per centre) and
each campaign's gap table, over the assessment service's API with the staff member's identity."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from services.portal.adapters.upstream import UpstreamError
from services.portal.domain.signin import SessionRecord
from services.portal.domain.texts import Texts
from services.portal.entrypoints.web import (
    Portal,
    csrf_ok,
    first,
    form_data,
    language,
    redirect,
    render,
    require,
)


def make_campaigns_router(portal: Portal) -> APIRouter:
    router = APIRouter(prefix="/staff/campaigns", tags=["staff"])

    async def page(request: Request, session: SessionRecord, status: int = 200,
                   errors: dict[str, str] | None = None) -> HTMLResponse:  # fmt: skip
        return render(
            portal, request, "staff_campaigns.html", status, session, role="staff",
            campaigns=await portal.upstream.staff_campaigns(session.subject),
            forms=await portal.upstream.forms(session.subject), errors=errors or {},
        )  # fmt: skip

    @router.get("", response_class=HTMLResponse, summary="Assessment campaigns")
    async def campaigns(request: Request) -> Response:
        session = await require(portal, request, "staff")
        if not isinstance(session, SessionRecord):
            return session
        return await page(request, session)

    @router.post("", response_class=HTMLResponse, summary="Create a campaign")
    async def create(request: Request) -> Response:
        session = await require(portal, request, "staff")
        if not isinstance(session, SessionRecord):
            return session
        form = await form_data(request)
        t = Texts(language(request))
        if not csrf_ok(request, form):
            return await page(request, session, 403, {"": t("e_csrf")})
        form_id, _, version = first(form, "form").partition("@")
        body = {
            "form_id": form_id, "form_version": version, "title_ar": first(form, "title_ar"),
            "title_en": first(form, "title_en") or None, "centres": form.get("centres", []),
            "audience": first(form, "audience"), "opens_on": first(form, "opens_on"),
            "closes_on": first(form, "closes_on"),
        }  # fmt: skip
        try:
            await portal.upstream.post("assessment", "/v1/campaigns", session.subject, body)
        except UpstreamError as exc:
            errors = {(e.get("field") or "").split(".")[0]: t.message(e)
                      for e in exc.body.get("errors") or [exc.body]}  # fmt: skip
            return await page(request, session, 422, errors)
        return redirect("/staff/campaigns")

    @router.post("/{campaign_id}/{action}", response_class=HTMLResponse, summary="Open or close")
    async def move(campaign_id: str, action: str, request: Request) -> Response:
        session = await require(portal, request, "staff")
        if not isinstance(session, SessionRecord):
            return session
        form = await form_data(request)
        if csrf_ok(request, form) and action in ("open", "close"):
            path = f"/v1/campaigns/{campaign_id}/{action}"
            await portal.upstream.post("assessment", path, session.subject)
        return redirect("/staff/campaigns")

    @router.get("/{campaign_id}", response_class=HTMLResponse, summary="Progress and gap table")
    async def campaign(campaign_id: str, request: Request) -> Response:
        session = await require(portal, request, "staff")
        if not isinstance(session, SessionRecord):
            return session
        found = await portal.upstream.campaign(campaign_id, session.subject)
        if found is None:
            t = Texts(language(request))
            return render(portal, request, "message.html", 404, session, heading=t("not_found"))
        return render(
            portal, request, "staff_campaign.html", session=session, role="staff", wide=True,
            campaign=found, gaps=await portal.upstream.gaps(campaign_id, session.subject),
            progress=await portal.upstream.submissions_per_centre(campaign_id, session.subject),
        )  # fmt: skip

    return router
