"""Public read-only surfaces: the Arabic RTL dashboard page, its data, and the SSE KPI stream.

KPI values are public information for development partners, so these need no token; every
write elsewhere in the API needs a staff (or reporter) role.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import resources
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, select_autoescape

from services.monitoring.entrypoints.sse import stream_sse
from services.monitoring.entrypoints.stream import KpiStream
from services.monitoring.service_layer.unit_of_work import MonitoringUnitOfWork
from services.monitoring.service_layer.views import dashboard_data

_templates = Environment(
    loader=PackageLoader("services.monitoring.entrypoints", "templates"),
    autoescape=select_autoescape(["html"]),
)
_SCRIPT = resources.files("services.monitoring.entrypoints") / "static" / "dashboard.js"


def make_dashboard_router(
    uow_factory: Callable[[], MonitoringUnitOfWork], stream: KpiStream
) -> APIRouter:
    router = APIRouter(tags=["dashboard"])

    @router.get("/dashboard", response_class=HTMLResponse)
    async def page() -> HTMLResponse:
        """The dashboard (Arabic, right to left); data and live updates are loaded by its JS."""
        async with uow_factory() as uow:
            data = await dashboard_data(uow)
        html = _templates.get_template("dashboard.html").render(
            title=data["title"], demo=data["demo"]
        )
        return HTMLResponse(html)

    @router.get("/dashboard/dashboard.js", include_in_schema=False)
    async def script() -> Response:
        return Response(_SCRIPT.read_text(encoding="utf-8"), media_type="text/javascript")

    @router.get("/v1/dashboard/data")
    async def data() -> dict[str, Any]:
        """Pillars -> KPIs with every value, target, progress and status per period and scope."""
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
