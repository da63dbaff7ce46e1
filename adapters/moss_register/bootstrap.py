"""Composition root of the ministry register adapter. Nothing connects until the app starts."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Iterable
from typing import Any

from fastapi import FastAPI

from adapters.moss_register.adapters.intake import DecisionIntake
from adapters.moss_register.adapters.ministry import MinistryClient
from adapters.moss_register.adapters.pusher import Pusher
from adapters.moss_register.config import SCHEMA, MossSettings
from adapters.moss_register.entrypoints.consumers import subscriptions
from adapters.moss_register.entrypoints.http import make_router
from adapters.moss_register.service_layer.unit_of_work import MossUnitOfWork
from shared.db import make_engine
from shared.events.ministry import AssociationLinked, AssociationStatusDecided
from shared.http import make_service_app
from shared.runtime import ALL_ROLES, ServiceRuntime


def build(settings: MossSettings | None = None, roles: Iterable[str] = ALL_ROLES) -> FastAPI:
    settings = settings or MossSettings()  # type: ignore[call-arg]
    roles = frozenset(roles)
    engine = make_engine(settings.database_url, SCHEMA, settings.db_pool_size)

    def uow_factory() -> MossUnitOfWork:
        return MossUnitOfWork(engine, settings.source, SCHEMA)

    runtime = ServiceRuntime(
        settings,
        engine,
        uow_factory,
        subscriptions(),
        publishes=[AssociationLinked, AssociationStatusDecided],
        roles=roles,
    )
    client = MinistryClient(settings)
    pusher = Pusher(settings, uow_factory, client, runtime.publisher)
    intake = DecisionIntake(settings, uow_factory, runtime.publisher)
    app = make_service_app(
        runtime,
        title="Aswan 2040 — MoSS NGO register adapter",
        description="ربط سجل الجمعيات بسجل وزارة التضامن الاجتماعي — the ministry's NGO register",
        routers=[make_router(settings, intake)],
    )
    platform_lifespan = app.router.lifespan_context

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[Any]:
        async with platform_lifespan(app):
            await intake.declare()
            if "consumers" in roles:
                pusher.start()
                intake.start()
            try:
                yield
            finally:
                await intake.stop()
                await pusher.stop()
                await client.close()

    app.router.lifespan_context = lifespan
    app.state.pusher, app.state.intake = pusher, intake
    return app
