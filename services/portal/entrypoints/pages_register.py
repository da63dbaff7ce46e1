"""Registration without signing in: the form, the post, and the submission's page."""

from __future__ import annotations

import logging
import uuid
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from services.portal.domain.commands import SubmitRegistration
from services.portal.domain.registration import FIELDS, GROUPS, MULTI, prefill, submission_data
from services.portal.domain.texts import Texts
from services.portal.entrypoints.web import (
    Portal,
    client_ip,
    csrf_ok,
    form_data,
    language,
    redirect,
    render,
    session_of,
)
from services.portal.service_layer import handlers
from shared.events.intake import AssociationRegistrationSubmitted

log = logging.getLogger(__name__)
_KEY = AssociationRegistrationSubmitted.ROUTING_KEY


def make_register_router(portal: Portal) -> APIRouter:
    router = APIRouter(tags=["registration"])

    def form_page(request: Request, values: dict[str, Any], errors: dict[str, str],
                  status: int = 200, notice: str | None = None,
                  session: Any = None, cache: bool = False) -> HTMLResponse:  # fmt: skip
        return render(
            portal, request, "register.html", status, session, fields=FIELDS, groups=GROUPS,
            values=values, errors=errors, multi=MULTI, notice=notice, cache=cache,
        )  # fmt: skip

    @router.get("/register", response_class=HTMLResponse, summary="The registration form")
    async def register_form(request: Request, from_: str | None = None) -> HTMLResponse:
        """Empty, or (``?from=<submission id>``) prefilled from an earlier submission with the
        registry's reasons shown at their fields."""
        sid = request.query_params.get("from")
        values: dict[str, Any] = {}
        errors: dict[str, str] = {}
        if sid:
            async with portal.uow() as uow:
                data = await uow.portal.published(sid, _KEY)
            outcome = await portal.upstream.registration(sid) if data else None
            values = prefill(data or {})
            t = Texts(language(request))
            for e in (outcome or {}).get("errors", []):
                errors.setdefault(e.get("field") or "", t.message(e))
        session = await session_of(portal, request)
        return form_page(request, values, errors, session=session, cache=not sid)

    @router.post("/register", response_class=HTMLResponse, summary="Publish a registration")
    async def register(request: Request) -> Response:
        form = await form_data(request)
        lang = language(request)
        t = Texts(lang)
        values = prefill(submission_data(form, lang))
        if not csrf_ok(request, form):
            return form_page(request, values, {}, 403, t("e_csrf"))
        if not portal.posts.allow(client_ip(request)):
            return form_page(request, values, {}, 429, t("e_too_many"))
        sid = str(uuid.uuid4())
        async with portal.uow() as uow:
            await handlers.submit_registration(
                SubmitRegistration(sid, submission_data(form, lang)), uow
            )
        log.info("registration %s published", sid)
        return redirect(f"/registrations/{sid}")

    async def state(sid: str) -> dict[str, Any] | None:
        outcome = await portal.upstream.registration(sid)
        if outcome is None:
            async with portal.uow() as uow:
                sent = await uow.portal.published(sid, _KEY)
            return {"state": "received"} if sent is not None else None
        if outcome["outcome"] == "registered":
            record = await portal.upstream.association_public(outcome["association_id"])
            return {"state": "registered", "org_id": (record or {}).get("org_id"),
                    "record_status": (record or {}).get("status")}  # fmt: skip
        return {"state": "rejected", "errors": outcome.get("errors", [])}

    @router.get("/registrations/{sid}", response_class=HTMLResponse)
    async def submission(sid: str, request: Request) -> HTMLResponse:
        """Received, then registered (the org id, what happens next) or every reason."""
        found = await state(sid)
        session = await session_of(portal, request)
        if found is None:
            t = Texts(language(request))
            return render(
                portal, request, "message.html", 404, session,
                heading=t("not_found"), back="/register", back_label=t("register"),
            )  # fmt: skip
        return render(portal, request, "submission.html", 200, session, sid=sid, **found)

    @router.get("/registrations/{sid}/outcome", response_class=HTMLResponse)
    async def outcome_fragment(sid: str, request: Request) -> HTMLResponse:
        """The outcome block alone (polled by the page while it says received)."""
        found = await state(sid) or {"state": "received"}
        return render(portal, request, "_outcome.html", 200, None, sid=sid, **found)

    return router
