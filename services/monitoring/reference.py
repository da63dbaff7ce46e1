"""``python -m services.monitoring population [CENTRE INHABITANTS YEAR SOURCE]``: list the
centres' population (reference data), or set one centre's, which recomputes its per-10,000
KPIs. Arabic-Indic digits accepted."""

from __future__ import annotations

import json
import sys

from services.monitoring.config import SCHEMA, MonitoringSettings
from services.monitoring.domain.commands import SetPopulation
from services.monitoring.service_layer.handlers.reference import set_population
from services.monitoring.service_layer.unit_of_work import MonitoringUnitOfWork
from shared.db import make_engine
from shared.errors import PlatformError
from shared.text import normalise_digits

USAGE = "usage: python -m services.monitoring population [CENTRE INHABITANTS YEAR SOURCE]"


async def population_command(settings: MonitoringSettings, args: list[str]) -> int:
    if args and len(args) != 4:
        print(USAGE, file=sys.stderr)
        return 2
    engine = make_engine(settings.database_url, SCHEMA, 1)
    try:
        if args:
            centre, inhabitants, year, source = args
            try:
                cmd = SetPopulation(
                    centre, int(normalise_digits(inhabitants)), int(normalise_digits(year)), source
                )
                async with MonitoringUnitOfWork(engine, settings.source, SCHEMA) as uow:
                    await set_population(cmd, uow)
            except (ValueError, PlatformError) as exc:
                print(f"population not set: {exc}", file=sys.stderr)
                return 2
        async with MonitoringUnitOfWork(engine, settings.source, SCHEMA) as uow:
            for row in await uow.population.all():
                print(json.dumps(row, ensure_ascii=False))
        return 0
    finally:
        await engine.dispose()
