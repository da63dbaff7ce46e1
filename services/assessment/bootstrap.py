"""Composition root of the assessment service. Nothing connects until the app starts."""

from __future__ import annotations

from collections.abc import Iterable

from fastapi import FastAPI

from services.assessment.config import SCHEMA, AssessmentSettings
from services.assessment.entrypoints.consumers import subscriptions
from services.assessment.entrypoints.exports import make_export_router
from services.assessment.entrypoints.http import make_router
from services.assessment.entrypoints.http_analysis import make_analysis_router
from services.assessment.entrypoints.http_forms import make_forms_router
from services.assessment.service_layer.unit_of_work import AssessmentUnitOfWork
from shared.db import make_engine
from shared.events.assessment import (
    CampaignClosed,
    CampaignOpened,
    CapacityScored,
    GapAnalysisPublished,
    NeedsUpdated,
    SubmissionAccepted,
    SubmissionRejected,
)
from shared.events.envelope import Event
from shared.http import make_service_app
from shared.runtime import ALL_ROLES, ServiceRuntime

PUBLISHES: list[type[Event]] = [
    # --- forms and submissions
    SubmissionAccepted,
    SubmissionRejected,
    # --- campaigns and analysis
    CampaignOpened,
    CampaignClosed,
    NeedsUpdated,
    CapacityScored,
    GapAnalysisPublished,
]


def build(settings: AssessmentSettings | None = None, roles: Iterable[str] = ALL_ROLES) -> FastAPI:
    settings = settings or AssessmentSettings()  # type: ignore[call-arg]
    engine = make_engine(settings.database_url, SCHEMA, settings.db_pool_size)

    def uow_factory() -> AssessmentUnitOfWork:
        return AssessmentUnitOfWork(engine, settings.source, SCHEMA)

    runtime = ServiceRuntime(
        settings, engine, uow_factory, subscriptions(), publishes=PUBLISHES, roles=roles
    )
    return make_service_app(
        runtime,
        title="Aswan 2040 — assessment",
        description="الاحتياجات والقدرات — needs per centre and sector, association capacity",
        routers=[
            make_router(uow_factory),
            make_analysis_router(uow_factory),
            # --- forms and submissions
            make_forms_router(uow_factory),
            make_export_router(uow_factory),
        ],
    )


def asyncapi() -> object:
    """Factory for ``faststream docs gen --factory services.assessment.bootstrap:asyncapi``."""
    from shared.asyncapi import specification

    return specification(build, AssessmentSettings, SCHEMA)
