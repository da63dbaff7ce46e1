"""Sign-in without passwords: ask for a code, type it, get a session; sign out."""

from __future__ import annotations

import logging
import secrets

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from services.portal.adapters.directory import Directory, normalise_identifier
from services.portal.domain.commands import EndSession, RequestCode, VerifyCode
from services.portal.domain.texts import Texts
from services.portal.entrypoints.web import (
    CSRF_COOKIE,
    SESSION_COOKIE,
    Portal,
    client_ip,
    csrf_ok,
    first,
    form_data,
    language,
    now,
    redirect,
    render,
    session_of,
    set_cookie,
)
from services.portal.service_layer import handlers
from shared.text import normalise_digits

log = logging.getLogger(__name__)


def make_signin_router(portal: Portal, directory: Directory, session_hours: int) -> APIRouter:
    router = APIRouter(tags=["sign-in"])

    @router.get("/signin", response_class=HTMLResponse, summary="Ask for a sign-in code")
    async def signin_form(request: Request) -> HTMLResponse:
        return render(portal, request, "signin.html", session=await session_of(portal, request))

    @router.post("/signin", response_class=HTMLResponse, summary="Send a code (if known)")
    async def signin(request: Request) -> Response:
        """The same page whether or not the identifier is known (no enumeration)."""
        form = await form_data(request)
        t = Texts(language(request))
        identifier = first(form, "identifier")[:254]
        if not csrf_ok(request, form):
            return render(portal, request, "signin.html", 403, notice=t("e_csrf"))
        if not portal.posts.allow(client_ip(request)):
            return render(portal, request, "signin.html", 429, notice=t("e_too_many"))
        contact = await directory.find(identifier)
        cmd = RequestCode(contact.key, contact.subject, contact.channel, contact.address,
                          language(request), now())  # fmt: skip
        async with portal.uow() as uow:
            sent = await handlers.request_code(cmd, uow)
        log.info("sign-in code requested: %s", "sent" if sent else "not sent")
        return render(portal, request, "signin_code.html", identifier=contact.key)

    @router.post("/signin/code", response_class=HTMLResponse, summary="Check a code")
    async def verify(request: Request) -> Response:
        form = await form_data(request)
        t = Texts(language(request))
        key = normalise_identifier(first(form, "identifier"))
        code = normalise_digits(first(form, "code"))
        if not csrf_ok(request, form):
            return render(portal, request, "signin.html", 403, notice=t("e_csrf"))
        if not portal.posts.allow(client_ip(request)):
            return render(portal, request, "signin_code.html", 429, identifier=key,
                          error=t("e_too_many"))  # fmt: skip
        result = None
        if code.isdigit() and len(code) == 6:
            async with portal.uow() as uow:
                result = await handlers.verify_code(VerifyCode(key, code, now()), uow)
        if result is None:
            return render(portal, request, "signin_code.html", 400, identifier=key,
                          error=t("e_code_wrong"))  # fmt: skip
        session_id, record = result
        subject = record.subject
        response = redirect(
            "/staff" if subject.is_staff else "/me" if subject.is_association else "/"
        )
        set_cookie(portal, response, SESSION_COOKIE, portal.keys.sign(session_id),
                   max_age=session_hours * 3600)  # fmt: skip
        set_cookie(portal, response, CSRF_COOKIE, secrets.token_urlsafe(24))
        return response

    @router.post("/signout", response_class=HTMLResponse, summary="End the session")
    async def signout(request: Request) -> Response:
        form = await form_data(request)
        session_id = portal.keys.unsign(request.cookies.get(SESSION_COOKIE))
        if csrf_ok(request, form) and session_id is not None:
            async with portal.uow() as uow:
                await handlers.end_session(EndSession(portal.keys.session(session_id), now()), uow)
        response = redirect("/?signed_out=1")
        response.delete_cookie(SESSION_COOKIE, path="/")
        set_cookie(portal, response, CSRF_COOKIE, secrets.token_urlsafe(24))
        return response

    return router
