"""Composition root of the planning figures adapter. Nothing connects until the app starts."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Iterable
from typing import Any

from fastapi import FastAPI

from adapters.planning_figures.adapters.files import FigureFiles
from adapters.planning_figures.config import SCHEMA, PlanningSettings
from adapters.planning_figures.service_layer.unit_of_work import PlanningUnitOfWork
from shared.db import make_engine
from shared.events.ministry import MinistryKPIMeasurementReported
from shared.http import make_service_app
from shared.runtime import ALL_ROLES, ServiceRuntime


def build(settings: PlanningSettings | None = None, roles: Iterable[str] = ALL_ROLES) -> FastAPI:
    settings = settings or PlanningSettings()  # type: ignore[call-arg]
    roles = frozenset(roles)
    engine = make_engine(settings.database_url, SCHEMA, settings.db_pool_size)

    def uow_factory() -> PlanningUnitOfWork:
        return PlanningUnitOfWork(engine, settings.source, SCHEMA)

    runtime = ServiceRuntime(
        settings, engine, uow_factory, publishes=[MinistryKPIMeasurementReported], roles=roles
    )
    files = FigureFiles(settings, uow_factory, runtime.publisher)
    app = make_service_app(
        runtime,
        title="Aswan 2040 — planning figures adapter",
        description="أرقام التخطيط من الوزارة — KPI figures reported by a ministry",
    )
    platform_lifespan = app.router.lifespan_context

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[Any]:
        async with platform_lifespan(app):
            if "consumers" in roles:
                await files.declare()
                files.start()
            try:
                yield
            finally:
                await files.stop()

    app.router.lifespan_context = lifespan
    app.state.files = files
    return app
