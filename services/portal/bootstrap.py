"""Composition root of the portal. Nothing connects until the app starts."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from fastapi import FastAPI

from services.portal.adapters.directory import Directory
from services.portal.adapters.ratelimit import RateLimiter
from services.portal.adapters.upstream import Upstream
from services.portal.config import SCHEMA, PortalSettings
from services.portal.domain.signin import Keys
from services.portal.entrypoints.pages import make_pages_router
from services.portal.entrypoints.pages_assessment import make_assessment_router
from services.portal.entrypoints.pages_association import make_association_router
from services.portal.entrypoints.pages_campaigns import make_campaigns_router
from services.portal.entrypoints.pages_register import make_register_router
from services.portal.entrypoints.pages_reports import make_reports_router
from services.portal.entrypoints.pages_signin import make_signin_router
from services.portal.entrypoints.pages_staff import make_staff_router
from services.portal.entrypoints.web import Portal
from services.portal.service_layer.unit_of_work import PortalUnitOfWork, SignInPolicy
from shared.auth import TokenCodec
from shared.db import make_engine
from shared.events.envelope import Event
from shared.events.intake import (
    AssessmentSubmitted,
    AssociationRegistrationSubmitted,
    IntakeKPIMeasurementReported,
)
from shared.events.portal import SignInCodeRequested
from shared.http import make_service_app
from shared.runtime import ALL_ROLES, ServiceRuntime

PUBLISHES: list[type[Event]] = [
    AssociationRegistrationSubmitted,
    AssessmentSubmitted,
    IntakeKPIMeasurementReported,
    SignInCodeRequested,
]


class PortalRuntime(ServiceRuntime):
    """The shared runtime; on stop it also closes the HTTP clients to the other services."""

    def __init__(self, upstream: Upstream, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.upstream = upstream

    async def stop(self) -> None:
        await super().stop()
        await self.upstream.close()


def build(
    settings: PortalSettings | None = None, roles: Iterable[str] = ALL_ROLES, transport: Any = None
) -> FastAPI:
    """``transport``: an httpx transport for the calls to the other services (tests)."""
    settings = settings or PortalSettings()  # type: ignore[call-arg]
    engine = make_engine(settings.database_url, SCHEMA, settings.db_pool_size)
    secret = settings.jwt_secret.get_secret_value()
    policy = SignInPolicy(
        Keys(secret), settings.code_minutes, settings.code_tries,
        settings.codes_per_contact_per_hour, settings.session_hours,
    )  # fmt: skip

    def uow_factory() -> PortalUnitOfWork:
        uow = PortalUnitOfWork(engine, settings.source, SCHEMA)
        uow.policy = policy
        return uow

    tokens = TokenCodec(secret, settings.jwt_issuer, settings.jwt_audience)
    urls = {
        "registry": settings.registry_url,
        "assessment": settings.assessment_url,
        "monitoring": settings.monitoring_url,
    }
    upstream = Upstream(tokens, urls, settings.upstream_timeout_seconds, transport)
    portal = Portal(
        uow_factory, upstream, policy.keys, RateLimiter(settings.posts_per_ip_per_minute, 60.0),
        settings.cookie_secure,
        (settings.public_monitoring_url or settings.monitoring_url).rstrip("/") + "/dashboard",
    )  # fmt: skip
    directory = Directory(upstream, settings.staff_list, settings.partner_list)
    runtime = PortalRuntime(
        upstream, settings, engine, uow_factory, (), publishes=PUBLISHES, roles=roles
    )
    return make_service_app(
        runtime,
        title="Aswan 2040 — portal",
        description="بوابة الجمعيات الأهلية — the web portal (HTML pages, Arabic first)",
        routers=[
            make_pages_router(portal),
            make_register_router(portal),
            make_signin_router(portal, directory, settings.session_hours),
            make_association_router(portal),
            make_reports_router(portal),
            make_assessment_router(portal),
            make_staff_router(portal),
            make_campaigns_router(portal),
        ],
    )


def asyncapi() -> object:
    """Factory for ``faststream docs gen --factory services.portal.bootstrap:asyncapi``."""
    from shared.asyncapi import specification

    return specification(build, PortalSettings, SCHEMA)
