"""Public read-only surfaces: the Arabic RTL dashboard page (English on ``?lang=en``), its
static files, its data, and the SSE KPI stream.

KPI values are public information for development partners, so these need no token; every
write elsewhere in the API needs a staff (or reporter) role. The page has no inline script or
style: everything it runs is a file served here (Apache ECharts vendored from npm, no CDN), so a
Content-Security-Policy without 'unsafe-inline' holds.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from importlib import resources
from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query, Response
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, select_autoescape

from services.monitoring.entrypoints.sse import stream_sse
from services.monitoring.entrypoints.stream import KpiStream
from services.monitoring.service_layer.unit_of_work import MonitoringUnitOfWork
from services.monitoring.service_layer.views import dashboard_data
from shared.events.codes import CENTRE_NAMES, Centre

_templates = Environment(
    loader=PackageLoader("services.monitoring.entrypoints", "templates"),
    autoescape=select_autoescape(["html"]),
)
_STATIC = resources.files("services.monitoring.entrypoints") / "static"
# file -> (path under static/, media type, seconds browsers may keep it)
_FILES = {
    "dashboard.js": ("dashboard.js", "text/javascript", 0),
    "dashboard-charts.js": ("dashboard-charts.js", "text/javascript", 0),
    "dashboard.css": ("dashboard.css", "text/css", 0),
    "vendor/echarts.min.js": ("vendor/echarts.min.js", "text/javascript", 86_400),
}
# The six centres from north to south along the Nile (the schematic's order), with where the
# schematic draws them: y from north to south; x on the river, or east of it for Nasr al-Nuba
# (the Nubian villages of the Kom Ombo plain). Not to scale.
SCHEMATIC = [
    (Centre.EDFU, 40, 70),
    (Centre.KOM_OMBO, 125, 76),
    (Centre.NASR_AL_NUBA, 180, 118),
    (Centre.DARAW, 235, 74),
    (Centre.ASWAN, 300, 80),
    (Centre.ABU_SIMBEL, 460, 62),
]
STARTER_PREFIX = "starter."


@cache
def _static_file(name: str) -> bytes:
    return (_STATIC / _FILES[name][0]).read_bytes()


def make_dashboard_router(
    uow_factory: Callable[[], MonitoringUnitOfWork], stream: KpiStream
) -> APIRouter:
    router = APIRouter(tags=["dashboard"])

    @router.get("/dashboard", response_class=HTMLResponse)
    async def page(
        lang: Annotated[Literal["ar", "en"], Query()] = "ar",
        centre: Annotated[str, Query(max_length=32)] = "governorate",
        pillar: Annotated[str, Query(max_length=64)] = "",
    ) -> HTMLResponse:
        """The dashboard, Arabic right to left (``?lang=en``: English, left to right), filtered
        by ``centre`` (or ``governorate``) and ``pillar``; data and live updates come from its
        script (``/v1/dashboard/data``, ``/v1/stream``)."""
        async with uow_factory() as uow:
            data = await dashboard_data(uow)
        centres = [(c.value, *CENTRE_NAMES[c], y, x) for c, y, x in SCHEMATIC]
        html = _templates.get_template("dashboard.html").render(
            lang=lang,
            title=data["title"],
            demo=data["demo"],
            starter=any(p["code"].startswith(STARTER_PREFIX) for p in data["pillars"]),
            pillars=data["pillars"],
            centres=centres,
            centre=centre if centre in {c[0] for c in centres} else "governorate",
            pillar=pillar if pillar in {p["code"] for p in data["pillars"]} else "",
        )
        return HTMLResponse(html)

    @router.get("/dashboard/{name:path}", include_in_schema=False)
    async def static(name: str) -> Response:
        if name not in _FILES:
            raise HTTPException(404)
        _, media_type, max_age = _FILES[name]
        headers = {"Cache-Control": f"public, max-age={max_age}" if max_age else "no-cache"}
        return Response(_static_file(name), media_type=media_type, headers=headers)

    @router.get("/v1/dashboard/data")
    async def data() -> dict[str, Any]:
        """Pillars -> KPIs with every value (with its numerator and denominator), target,
        progress and status per period and scope."""
        async with uow_factory() as uow:
            return await dashboard_data(uow)

    @router.get("/v1/stream", response_class=Response)
    async def sse(
        pillar: Annotated[str | None, Query(max_length=64)] = None,
        centre: Annotated[str | None, Query(max_length=32, description="or governorate")] = None,
    ) -> Response:
        """Server-sent ``kpi.updated`` / ``kpi.off-track`` events (KPIUpdated, KPIOffTrack) from
        the bus, filtered by pillar and centre (``governorate`` for the governorate's values).
        Public. Served by :class:`~services.monitoring.entrypoints.sse.SseFastPath`."""
        return _Sse(stream)

    return router


class _Sse(Response):
    def __init__(self, stream: KpiStream) -> None:
        super().__init__(media_type="text/event-stream")
        self.stream = stream

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        await stream_sse(self.stream, scope, receive, send)
