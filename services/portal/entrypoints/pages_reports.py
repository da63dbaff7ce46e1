"""An association reports a KPI value for an initiative it leads or partners in: published as
intake.kpi.measurement-reported.v1; monitoring holds it for staff approval."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from services.portal.domain.commands import ReportMeasurement
from services.portal.domain.reports import PERIOD, kpis_for, valid_period
from services.portal.domain.signin import SessionRecord
from services.portal.domain.texts import Texts
from services.portal.entrypoints.web import (
    Portal,
    client_ip,
    csrf_ok,
    first,
    form_data,
    language,
    redirect,
    render,
    require,
)
from services.portal.service_layer import handlers
from shared.text import normalise_digits


def make_reports_router(portal: Portal) -> APIRouter:
    router = APIRouter(tags=["association"])

    async def page(request: Request, session: SessionRecord, status: int = 200,
                   errors: dict[str, str] | None = None,
                   values: dict[str, str] | None = None) -> HTMLResponse:  # fmt: skip
        framework = await portal.upstream.framework()
        kpis = kpis_for(framework, session.subject.association_id or "")
        return render(portal, request, "me_kpis.html", status, session, role="association",
                      kpis=kpis, errors=errors or {}, values=values or {}, period=PERIOD,
                      sent=request.query_params.get("sent") == "1")  # fmt: skip

    @router.get("/me/kpis", response_class=HTMLResponse, summary="KPIs to report on")
    async def kpis(request: Request) -> Response:
        session = await require(portal, request, "association")
        if not isinstance(session, SessionRecord):
            return session
        return await page(request, session)

    @router.post("/me/kpis", response_class=HTMLResponse, summary="Report a KPI value")
    async def report(request: Request) -> Response:
        session = await require(portal, request, "association")
        if not isinstance(session, SessionRecord):
            return session
        form = await form_data(request)
        t = Texts(language(request))
        values = {k: normalise_digits(first(form, k)) for k in
                  ("kpi_code", "period", "centre", "value", "comment")}  # fmt: skip
        allowed = {k["code"] for k in kpis_for(await portal.upstream.framework(),
                                               session.subject.association_id or "")}  # fmt: skip
        errors: dict[str, str] = {}
        if not csrf_ok(request, form):
            errors[""] = t("e_csrf")
        if values["kpi_code"] not in allowed:
            errors["kpi_code"] = t("e_required")
        if not valid_period(values["period"].upper()):
            errors["period"] = t("e_period")
        try:
            value = float(values["value"].replace(",", "."))
        except ValueError:
            errors["value"] = t("e_format")
        if errors or not portal.posts.allow(client_ip(request)):
            return await page(request, session, 422, errors or {"": t("e_too_many")}, values)
        cmd = ReportMeasurement(
            str(uuid.uuid4()), values["kpi_code"], values["period"].upper(), value,
            session.subject.subject, values["centre"] or None, values["comment"][:2000] or None,
        )  # fmt: skip
        async with portal.uow() as uow:
            await handlers.report_measurement(cmd, uow)
        return redirect("/me/kpis?sent=1")

    return router
