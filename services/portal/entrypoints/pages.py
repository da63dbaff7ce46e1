"""The home page, the language switch and the portal's own static files (htmx vendored)."""

from __future__ import annotations

from importlib import resources

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from services.portal.entrypoints.web import Portal, render, session_of

_STATIC = resources.files("services.portal.entrypoints") / "static"
_TYPES = {".js": "text/javascript", ".css": "text/css", ".txt": "text/plain"}
_FILES = (
    "portal.css", "portal.js", "forms.js", "vendor/htmx.min.js", "vendor/htmx.LICENSE.txt",
)  # fmt: skip


def make_pages_router(portal: Portal) -> APIRouter:
    router = APIRouter(tags=["pages"])

    @router.get("/", response_class=HTMLResponse, summary="Home")
    async def home(request: Request) -> HTMLResponse:
        session = await session_of(portal, request)
        signed_out = request.query_params.get("signed_out") == "1" and session is None
        return render(portal, request, "home.html", session=session, signed_out=signed_out)

    for name in _FILES:
        router.add_api_route(f"/static/{name}", _static(name), include_in_schema=False)
    return router


def _static(name: str):  # type: ignore[no-untyped-def]
    body = (_STATIC / name).read_bytes()
    media = _TYPES[name[name.rfind(".") :]] + "; charset=utf-8"

    async def serve() -> Response:
        return Response(body, media_type=media, headers={"Cache-Control": "public, max-age=3600"})

    return serve
