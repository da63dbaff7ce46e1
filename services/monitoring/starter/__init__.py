"""The STARTER framework of Aswan 2040: only KPIs derived live from registry and assessment
events, without baselines or targets (status no_data until workshops set them), labelled as a
starter to be replaced in workshops. ``aswan_starter.yaml`` is the readable source."""

from __future__ import annotations

import asyncio
import logging
from importlib import resources
from typing import Any

import yaml
from sqlalchemy.exc import InterfaceError, OperationalError

from services.monitoring.config import SCHEMA, MonitoringSettings
from services.monitoring.domain.framework import Framework
from services.monitoring.service_layer.handlers.starter import load_starter
from services.monitoring.service_layer.unit_of_work import MonitoringUnitOfWork
from shared.db import make_engine
from shared.events.codes import SECTORS

VERSION = "2026-12-03"
PREFIX = "starter."
log = logging.getLogger(__name__)


def starter_framework() -> Framework:
    text = (resources.files(__package__) / "aswan_starter.yaml").read_text(encoding="utf-8")
    document: dict[str, Any] = yaml.safe_load(text)
    for pillar in document["pillars"]:
        for objective in pillar["objectives"]:
            objective["kpis"] = objective.get("kpis", []) + [
                _for_sector(template, sector.value, ar, en)
                for template in objective.pop("per_sector", [])
                for sector, (ar, en, _goals) in SECTORS.items()
            ]
    return Framework.model_validate(document)


def _for_sector(template: dict[str, Any], sector: str, ar: str, en: str) -> dict[str, Any]:
    return {
        **template,
        "code": f"{template['code']}.{sector}",
        "name_ar": template["name_ar"].format(sector_ar=ar),
        "name_en": template["name_en"].format(sector_en=en),
        "derived_sector": sector,
    }


async def ensure_starter(settings: MonitoringSettings, attempts: int = 30) -> list[dict[str, str]]:
    """Load the starter unless it was decided on before (see :func:`load_starter`); retried
    while the database is not reachable yet (a platform starting up)."""
    engine = make_engine(settings.database_url, SCHEMA, 1)
    try:
        for attempt in range(1, attempts + 1):
            try:
                async with MonitoringUnitOfWork(engine, settings.source, SCHEMA) as uow:
                    return await load_starter(starter_framework(), VERSION, uow)
            except (OSError, OperationalError, InterfaceError) as exc:
                if attempt == attempts:
                    raise
                log.warning("starter framework: database not reachable (%s), retrying", exc)
                await asyncio.sleep(1)
        return []
    finally:
        await engine.dispose()
