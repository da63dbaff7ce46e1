"""A signed-in association: its record and status, editing it (optimistic concurrency against
the registry's version), its history and its partnerships. Only its own record: the portal asks
the registry with the association's own identity, and the registry checks it again."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from services.portal.adapters.upstream import UpstreamError
from services.portal.domain.registration import FIELDS, GROUPS, MULTI, prefill, submission_data
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

EDITABLE = tuple(f for f in FIELDS if f.name != "registration_number")
SHOWN = ("org_id", "registration_number", "status", *(f.name for f in EDITABLE))


def make_association_router(portal: Portal) -> APIRouter:
    router = APIRouter(tags=["association"])

    async def own(request: Request) -> SessionRecord | Response:
        return await require(portal, request, "association")

    @router.get("/me", response_class=HTMLResponse, summary="The association's record")
    async def me(request: Request) -> Response:
        session = await own(request)
        if not isinstance(session, SessionRecord):
            return session
        aid = session.subject.association_id or ""
        found = await portal.upstream.association(aid, session.subject)
        record = found[0] if found else {}
        return render(
            portal, request, "me.html", session=session, role="association", record=record,
            shown=SHOWN, history=await portal.upstream.history(aid),
            partnerships=await portal.upstream.partnerships(aid, session.subject),
            saved=request.query_params.get("saved") == "1",
        )  # fmt: skip

    def edit_page(request: Request, session: SessionRecord, values: dict[str, Any],
                  version: int, status: int = 200, errors: dict[str, str] | None = None,
                  conflict: dict[str, Any] | None = None) -> HTMLResponse:  # fmt: skip
        return render(
            portal, request, "me_edit.html", status, session, role="association",
            fields=EDITABLE, groups=GROUPS, values=values, errors=errors or {}, multi=MULTI,
            version=version, conflict=conflict,
        )  # fmt: skip

    @router.get("/me/edit", response_class=HTMLResponse, summary="Edit the record")
    async def edit_form(request: Request) -> Response:
        session = await own(request)
        if not isinstance(session, SessionRecord):
            return session
        found = await portal.upstream.association(session.subject.association_id or "",
                                                  session.subject)  # fmt: skip
        record, version = found or ({}, 0)
        return edit_page(request, session, prefill(record), version)

    @router.post("/me/edit", response_class=HTMLResponse, summary="Save the record")
    async def save(request: Request) -> Response:
        session = await own(request)
        if not isinstance(session, SessionRecord):
            return session
        form = await form_data(request)
        t = Texts(language(request))
        values = prefill(submission_data(form, t.language))
        version = int(first(form, "version") or 0) if first(form, "version").isdigit() else 0
        if not csrf_ok(request, form):
            return edit_page(request, session, values, version, 403, {"": t("e_csrf")})
        changes = {f.name: values.get(f.name) or ([] if f.name in MULTI else None)
                   for f in EDITABLE}  # fmt: skip
        aid = session.subject.association_id or ""
        try:
            await portal.upstream.patch_association(aid, version, changes, session.subject)
        except UpstreamError as exc:
            if exc.status == 412:
                current, now_version = await portal.upstream.association(aid, session.subject) or (
                    {},
                    version,
                )
                theirs = prefill(current)
                differs = {k: _shown(t, k, theirs.get(k)) for k in changes
                           if _same(theirs.get(k)) != _same(values.get(k))}  # fmt: skip
                return edit_page(request, session, values, now_version, 409,
                                 conflict={"fields": differs, "version": now_version})  # fmt: skip
            errors = {
                e.get("field") or "": t.message(e) for e in exc.body.get("errors") or [exc.body]
            }
            return edit_page(request, session, values, version, 422, errors)
        return redirect("/me?saved=1")

    return router


_LISTS = {"sectors": "sectors", "centres_served": "centres", "centre": "centres",
          "legal_form": "legal_forms", "annual_budget_band": "budget_bands"}  # fmt: skip


def _same(value: Any) -> Any:
    return sorted(value) if isinstance(value, list) else (value or None)


def _shown(t: Texts, name: str, value: Any) -> str:
    """A record's value as the page shows it (code names, lists joined)."""
    items = value if isinstance(value, list) else [value] if value else []
    if name in _LISTS:
        items = [t.code(_LISTS[name], str(v)) for v in items]
    return "، ".join(str(v) for v in items)
