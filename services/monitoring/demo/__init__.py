"""A DEMO framework for Aswan: illustrative pillars, objectives, KPIs, baselines and targets to
show the platform working. It is not the adopted strategy; it is flagged ``demo: true`` and the
dashboard shows it as demo data."""

from __future__ import annotations

from importlib import resources

import yaml

from services.monitoring.config import SCHEMA, MonitoringSettings
from services.monitoring.domain.framework import Framework
from services.monitoring.service_layer.handlers.framework import import_framework
from services.monitoring.service_layer.unit_of_work import MonitoringUnitOfWork
from shared.db import make_engine


def demo_framework() -> Framework:
    text = (resources.files(__package__) / "aswan_demo.yaml").read_text(encoding="utf-8")
    return Framework.model_validate(yaml.safe_load(text))


async def load_demo(settings: MonitoringSettings) -> list[dict[str, str]]:
    """Import the demo; FrameworkChanged events go to the outbox (the relay publishes them)."""
    engine = make_engine(settings.database_url, SCHEMA, 1)
    try:
        async with MonitoringUnitOfWork(engine, settings.source, SCHEMA) as uow:
            return await import_framework(demo_framework(), uow)
    finally:
        await engine.dispose()
