"""What every page shares: templates, language, the CSRF token, the signed-in session.

Language: ``?lang=en`` or the ``lang`` cookie (set by the switch on every page); Arabic by
default. CSRF: a random token in an HttpOnly SameSite=Lax cookie that every form repeats in a
hidden field (double submit); a new one at sign-in and sign-out. Session: the cookie carries a
random id and its HMAC; the database keeps the id's hash, the person and the expiry."""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs, quote, urlencode

from fastapi import Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from jinja2 import Environment, PackageLoader, select_autoescape

from services.portal.adapters.ratelimit import RateLimiter
from services.portal.adapters.upstream import Upstream
from services.portal.domain.signin import Keys, SessionRecord
from services.portal.domain.texts import CODE_LISTS, Texts, arabic_digits
from services.portal.service_layer.unit_of_work import PortalUnitOfWork

CSRF_COOKIE, SESSION_COOKIE, LANG_COOKIE = "portal_csrf", "portal_session", "lang"
_templates = Environment(
    loader=PackageLoader("services.portal.entrypoints", "templates"),
    autoescape=select_autoescape(["html"]),
)


@dataclass
class Portal:
    """What the pages need, built once in bootstrap."""

    uow_factory: Any
    upstream: Upstream
    keys: Keys
    posts: RateLimiter
    cookie_secure: bool
    dashboard_url: str

    def uow(self) -> PortalUnitOfWork:
        return self.uow_factory()  # type: ignore[no-any-return]


def language(request: Request) -> str:
    lang = request.query_params.get("lang") or request.cookies.get(LANG_COOKIE) or "ar"
    return lang if lang in ("ar", "en") else "ar"


def now() -> datetime:
    return datetime.now(UTC)


async def form_data(request: Request) -> dict[str, list[str]]:
    """An urlencoded form body (the portal's forms post nothing else)."""
    body = (await request.body())[:65536].decode("utf-8", errors="replace")
    return parse_qs(body, keep_blank_values=True)


def first(form: dict[str, list[str]], name: str) -> str:
    values = form.get(name) or [""]
    return values[0].strip()


def csrf_ok(request: Request, form: dict[str, list[str]]) -> bool:
    cookie = request.cookies.get(CSRF_COOKIE) or ""
    sent = first(form, "csrf")
    return bool(cookie) and hmac.compare_digest(cookie, sent)


def client_ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"


async def session_of(portal: Portal, request: Request) -> SessionRecord | None:
    session_id = portal.keys.unsign(request.cookies.get(SESSION_COOKIE))
    if session_id is None:
        return None
    async with portal.uow() as uow:
        return await uow.portal.session(portal.keys.session(session_id), now())


def number(value: Any, lang: str) -> str:
    text = "" if value is None else str(value)
    return arabic_digits(text) if lang == "ar" else text


# Pages that are the same for every visitor but the form token (the empty registration form),
# rendered once per language and address: ~4 ms of template work per visit saved (bench).
_RENDERED: dict[tuple[str, str, str], str] = {}
_TOKEN = "\x00csrf\x00"  # noqa: S105 - a placeholder, not a secret


def render(
    portal: Portal, request: Request, template: str, status: int = 200,
    session: SessionRecord | None = None, **context: Any,
) -> HTMLResponse:  # fmt: skip
    lang = language(request)
    csrf = request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(24)
    cache = context.pop("cache", False) and session is None
    key = (template, lang, str(request.url))
    html = _RENDERED.get(key) if cache else None
    if html is None:
        html = _templates.get_template(template).render(
            t=Texts(lang), lang=lang, csrf=_TOKEN if cache else csrf, path=request.url.path,
            codes=CODE_LISTS, session=session, dashboard_url=portal.dashboard_url,
            role_needed=context.pop("role", None), switch_url=_switch(request, lang),
            num=lambda v: number(v, lang), **context,
        )  # fmt: skip
        if cache and len(_RENDERED) < 64:
            _RENDERED[key] = html
    if cache:
        html = html.replace(_TOKEN, csrf)
    response = HTMLResponse(html, status_code=status)
    if request.cookies.get(CSRF_COOKIE) != csrf:
        set_cookie(portal, response, CSRF_COOKIE, csrf)
    if request.query_params.get("lang") in ("ar", "en"):
        set_cookie(portal, response, LANG_COOKIE, lang, max_age=365 * 86400)
    response.headers["Cache-Control"] = "no-store"
    return response


def set_cookie(
    portal: Portal, response: Response, name: str, value: str, max_age: int | None = None
) -> None:
    response.set_cookie(
        name, value, max_age=max_age, httponly=True, samesite="lax", secure=portal.cookie_secure,
        path="/",
    )  # fmt: skip


def redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def _switch(request: Request, lang: str) -> str:
    """This page in the other language (its other query parameters kept)."""
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
    params.append(("lang", "en" if lang == "ar" else "ar"))
    return f"{quote(request.url.path)}?{urlencode(params)}"


async def require(
    portal: Portal, request: Request, *roles: str
) -> SessionRecord | HTMLResponse | RedirectResponse:
    """The session if it holds one of ``roles`` (admin always); else the sign-in page or a 403
    page that names the role needed."""
    session = await session_of(portal, request)
    if session is None:
        return redirect(f"/signin?next={quote(request.url.path)}")
    if not set(session.subject.roles) & {*roles, "admin"}:
        t = Texts(language(request))
        return render(
            portal, request, "message.html", 403, session, heading=t("forbidden"),
            body=f"{t('needs_role')} {', '.join(roles)}", alert=True,
        )  # fmt: skip
    return session
