"""Governorate staff: the verification queue (possible duplicates side by side) with verify /
suspend / dissolve and a reason, and measurements waiting for approval (approve / return with a
comment). Every call goes out with the staff member's own identity and role."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from services.portal.adapters.upstream import UpstreamError
from services.portal.domain.signin import SessionRecord
from services.portal.domain.texts import Texts
from services.portal.entrypoints.pages_association import SHOWN
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

ACTIONS = ("verify", "suspend", "dissolve", "reactivate")


def make_staff_router(portal: Portal) -> APIRouter:
    router = APIRouter(prefix="/staff", tags=["staff"])

    async def staff(request: Request) -> SessionRecord | Response:
        return await require(portal, request, "staff")

    @router.get("", response_class=HTMLResponse, summary="Staff home")
    async def home(request: Request) -> Response:
        session = await staff(request)
        if not isinstance(session, SessionRecord):
            return session
        return render(portal, request, "staff_home.html", session=session, role="staff")

    @router.get("/queue", response_class=HTMLResponse, summary="Registrations to verify")
    async def queue(request: Request) -> Response:
        session = await staff(request)
        if not isinstance(session, SessionRecord):
            return session
        q = request.query_params.get("q", "").strip()[:100]
        params: dict[str, str | int] = {"status": "pending_verification", "limit": 200}
        if q:
            params["q"] = q
        page = await portal.upstream.associations(session.subject, **params)
        return render(portal, request, "staff_queue.html", session=session, role="staff",
                      items=page.get("items", []), total=page.get("total", 0), q=q,
                      done=request.query_params.get("done"))  # fmt: skip

    async def record_page(request: Request, session: SessionRecord, aid: str,
                          status: int = 200, error: str | None = None,
                          reason: str = "") -> Response:  # fmt: skip
        found = await portal.upstream.association(aid, session.subject)
        if found is None:
            t = Texts(language(request))
            return render(portal, request, "message.html", 404, session, heading=t("not_found"))
        record = found[0]
        other = None
        if record.get("duplicate_of"):
            other_found = await portal.upstream.association(record["duplicate_of"], session.subject)
            other = other_found[0] if other_found else None
        return render(portal, request, "staff_record.html", status, session, role="staff",
                      wide=True,
                      record=record, other=other, shown=SHOWN, actions=ACTIONS, error=error,
                      reason=reason)  # fmt: skip

    @router.get("/associations/{aid}", response_class=HTMLResponse, summary="Verify a record")
    async def record(aid: str, request: Request) -> Response:
        session = await staff(request)
        if not isinstance(session, SessionRecord):
            return session
        return await record_page(request, session, aid)

    @router.post("/associations/{aid}", response_class=HTMLResponse, summary="Change status")
    async def decide(aid: str, request: Request) -> Response:
        session = await staff(request)
        if not isinstance(session, SessionRecord):
            return session
        form = await form_data(request)
        t = Texts(language(request))
        action, reason = first(form, "action"), first(form, "reason")[:1000]
        if not csrf_ok(request, form) or action not in ACTIONS:
            return await record_page(request, session, aid, 403, t("e_csrf"), reason)
        try:
            await portal.upstream.change_status(aid, action, reason or None, session.subject)
        except UpstreamError as exc:
            return await record_page(request, session, aid, exc.status, t.message(exc.body), reason)
        return redirect(f"/staff/queue?done={action}")

    @router.get("/measurements", response_class=HTMLResponse, summary="Measurements to approve")
    async def measurements(request: Request) -> Response:
        session = await staff(request)
        if not isinstance(session, SessionRecord):
            return session
        items = await portal.upstream.pending_measurements(session.subject)
        return render(portal, request, "staff_measurements.html", session=session, role="staff",
                      items=items, done=request.query_params.get("done"))  # fmt: skip

    @router.post("/measurements/{mid}", response_class=HTMLResponse, summary="Approve or return")
    async def decide_measurement(mid: str, request: Request) -> Response:
        session = await staff(request)
        if not isinstance(session, SessionRecord):
            return session
        form = await form_data(request)
        action = first(form, "action")
        if not csrf_ok(request, form) or action not in ("approve", "return"):
            return redirect("/staff/measurements")
        comment = first(form, "comment")[:2000] or None
        await portal.upstream.decide_measurement(mid, action, comment, session.subject)
        return redirect(f"/staff/measurements?done={action}")

    return router
