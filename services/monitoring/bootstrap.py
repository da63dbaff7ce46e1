"""Composition root of the monitoring service. Nothing connects until the app starts."""

from __future__ import annotations

import gc
from collections.abc import Iterable

from fastapi import FastAPI

from services.monitoring.config import SCHEMA, MonitoringSettings
from services.monitoring.domain.progress import Thresholds
from services.monitoring.entrypoints.consumers import subscriptions
from services.monitoring.entrypoints.dashboard import make_dashboard_router
from services.monitoring.entrypoints.exports import make_export_router
from services.monitoring.entrypoints.http import make_router
from services.monitoring.entrypoints.http_workshops import make_workshop_router
from services.monitoring.entrypoints.sse import SseFastPath
from services.monitoring.entrypoints.stream import KpiStream
from services.monitoring.service_layer.unit_of_work import MonitoringUnitOfWork
from shared.db import make_engine
from shared.events.monitoring import FrameworkChanged, KPIOffTrack, KPIUpdated
from shared.http import make_service_app
from shared.runtime import ALL_ROLES, ServiceRuntime

PUBLISHES = [KPIUpdated, KPIOffTrack, FrameworkChanged]


class MonitoringRuntime(ServiceRuntime):
    """The shared runtime plus the bus -> SSE fan-out when this process serves the API."""

    def __init__(self, stream: KpiStream, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.stream = stream

    async def start(self) -> None:
        await super().start()
        if "api" in self.roles:
            await self.stream.start()
        _freeze_startup_heap()

    async def stop(self) -> None:
        await self.stream.stop()
        await super().stop()


_frozen = False


def _freeze_startup_heap() -> None:
    """Leave what start-up built (modules, models, metadata) out of the cyclic GC: a full
    collection otherwise walks all of it, a ~90 ms pause of the event loop (bench), which every
    KPI update in flight waits out. Once per process (tests start many apps in one)."""
    global _frozen
    if not _frozen:
        _frozen = True
        gc.collect()
        gc.freeze()


def build(settings: MonitoringSettings | None = None, roles: Iterable[str] = ALL_ROLES) -> FastAPI:
    settings = settings or MonitoringSettings()  # type: ignore[call-arg]
    engine = make_engine(settings.database_url, SCHEMA, settings.db_pool_size)
    thresholds = Thresholds(settings.on_track_min, settings.at_risk_min)

    def uow_factory() -> MonitoringUnitOfWork:
        uow = MonitoringUnitOfWork(engine, settings.source, SCHEMA)
        uow.thresholds = thresholds
        uow.outlier_z = settings.outlier_z
        uow.auto_approve_ministry = settings.auto_approve_ministry
        return uow

    stream = KpiStream(
        settings.amqp_url, settings.exchange, settings.sse_queue_size, settings.sse_coalesce_ms
    )
    runtime = MonitoringRuntime(
        stream, settings, engine, uow_factory, subscriptions(), publishes=PUBLISHES, roles=roles
    )
    app = make_service_app(
        runtime,
        title="Aswan 2040 — monitoring",
        description="المتابعة والتقييم — strategy framework, KPI measurements, live KPI stream",
        routers=[
            make_router(uow_factory),
            make_workshop_router(uow_factory),
            make_export_router(uow_factory),
            make_dashboard_router(uow_factory, stream),
        ],
    )
    if "api" in runtime.roles:
        app.add_middleware(SseFastPath, stream=stream)  # outermost: ahead of the HTTP middleware
    return app


def asyncapi() -> object:
    """Factory for ``faststream docs gen --factory services.monitoring.bootstrap:asyncapi``."""
    from shared.asyncapi import specification

    return specification(build, MonitoringSettings, SCHEMA)
