"""The starter framework on a fresh platform: loaded once, never over a framework that
workshops (or an import) have built, and never again once decided (a workshop may retire it)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from services.monitoring.domain.framework import Framework
from services.monitoring.service_layer.handlers.derived import refresh_derived
from services.monitoring.service_layer.handlers.framework import import_framework
from services.monitoring.service_layer.unit_of_work import MonitoringUnitOfWork
from shared.events.codes import Centre


async def load_starter(
    framework: Framework, version: str, uow: MonitoringUnitOfWork
) -> list[dict[str, str]]:
    """Import the starter if no decision was recorded and no framework item exists other than
    the demo's; record the decision either way. Processes starting together decide once (the
    record's lock). Returns the FrameworkChanged items ([] when nothing was loaded)."""
    await uow.starter.lock()
    if await uow.starter.decided():
        return []
    built = await uow.starter.framework_built()
    await uow.starter.record(version, loaded=not built)
    if built:
        await uow.commit()
        return []
    uow.defer(_derive_now, None)  # the starter's values from what the read models already hold
    return await import_framework(framework, uow)


async def _derive_now(uow: MonitoringUnitOfWork, _items: list[Any]) -> None:
    now = datetime.now(UTC)
    for centre in Centre:
        await refresh_derived(uow, centre.value, now)
