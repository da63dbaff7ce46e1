"""Public read-only surfaces: the Arabic RTL dashboard page, its data, and the SSE KPI stream.

KPI values are public information for development partners, so these need no token; every
write elsewhere in the API needs a staff (or reporter) role.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from importlib import resources
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, select_autoescape
from sse_starlette import EventSourceResponse, ServerSentEvent

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

    @router.get("/v1/stream")
    async def sse(
        request: Request,
        pillar: Annotated[str | None, Query(max_length=64)] = None,
        centre: Annotated[str | None, Query(max_length=32, description="or governorate")] = None,
    ) -> EventSourceResponse:
        """Server-sent KPIUpdated / KPIOffTrack events from the bus, filtered by pillar, centre."""
        client = stream.subscribe(pillar, centre)

        async def events() -> AsyncIterator[ServerSentEvent]:
            try:
                yield ServerSentEvent(comment="connected")
                while True:
                    name, text = await client.queue.get()
                    if name == "close" or await request.is_disconnected():
                        return
                    yield ServerSentEvent(data=text, event=name)
            finally:
                stream.unsubscribe(client)

        return EventSourceResponse(events(), ping=15)

    return router
