"""Composition root of the registry service. Nothing connects until the app starts."""

from __future__ import annotations

from collections.abc import Iterable

from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncEngine

from services.registry.adapters.queries import AssociationQueries
from services.registry.config import SCHEMA, RegistrySettings
from services.registry.entrypoints.consumers import subscriptions
from services.registry.entrypoints.http import make_router
from services.registry.entrypoints.http_reference import make_reference_router
from services.registry.service_layer.unit_of_work import RegistryUnitOfWork
from shared.db import make_engine
from shared.events.envelope import Event
from shared.events.registry import (
    AssociationRegistered,
    AssociationRegistrationRejected,
    AssociationStatusChanged,
    AssociationUpdated,
    PartnershipRecorded,
)
from shared.http import make_service_app
from shared.runtime import ALL_ROLES, ServiceRuntime

PUBLISHES: list[type[Event]] = [
    AssociationRegistered,
    AssociationRegistrationRejected,
    AssociationUpdated,
    AssociationStatusChanged,
    PartnershipRecorded,
]


def uow_factory_for(engine: AsyncEngine, settings: RegistrySettings):  # type: ignore[no-untyped-def]
    def uow_factory() -> RegistryUnitOfWork:
        return RegistryUnitOfWork(engine, settings.source, SCHEMA)

    return uow_factory


def build(settings: RegistrySettings | None = None, roles: Iterable[str] = ALL_ROLES) -> FastAPI:
    settings = settings or RegistrySettings()  # type: ignore[call-arg]
    engine = make_engine(settings.database_url, SCHEMA, settings.db_pool_size)
    uow_factory = uow_factory_for(engine, settings)
    queries = AssociationQueries(engine)
    runtime = ServiceRuntime(
        settings, engine, uow_factory, subscriptions(), publishes=PUBLISHES, roles=roles
    )
    return make_service_app(
        runtime,
        title="Aswan 2040 — registry",
        description="سجل الجمعيات الأهلية بمحافظة أسوان — the association registry",
        routers=[
            make_router(uow_factory, queries, settings.source),
            make_reference_router(uow_factory, queries),
        ],
    )


def asyncapi() -> object:
    """Factory for ``faststream docs gen --factory services.registry.bootstrap:asyncapi``."""
    from shared.asyncapi import specification

    return specification(build, RegistrySettings, SCHEMA)
