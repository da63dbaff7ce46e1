"""Derived KPIs, recomputed from the associations read model on every registry event.

Recomputing from state (not incrementing) makes them idempotent: a replayed event gives the same
value, and the status only changes (and is only published) when the value does.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from services.monitoring.domain.framework import Derivation, Kpi
from services.monitoring.domain.periods import Period, PeriodType
from services.monitoring.domain.progress import ScopeValue, value_of
from services.monitoring.service_layer.handlers.status import Change, apply_changes
from services.monitoring.service_layer.unit_of_work import MonitoringUnitOfWork
from shared.events.envelope import CloudEvent
from shared.events.registry import AssociationRegistered, AssociationStatusChanged


async def on_association_registered(envelope: CloudEvent[Any], uow: MonitoringUnitOfWork) -> None:
    event: AssociationRegistered = envelope.data
    await uow.associations.upsert(
        event.association_id, event.name_ar, event.centre.value, event.status.value, event.sectors
    )
    await refresh_derived(uow, event.centre.value, envelope.time)


async def on_association_status_changed(
    envelope: CloudEvent[Any], uow: MonitoringUnitOfWork
) -> None:
    event: AssociationStatusChanged = envelope.data
    centre = await uow.associations.set_status(event.association_id, event.to.value)
    if centre is None and event.centre is not None:
        centre = event.centre.value
        await uow.associations.upsert(
            event.association_id, "", centre, event.to.value, event.sectors or []
        )
    if centre is not None:
        await refresh_derived(uow, centre, envelope.time)


async def refresh_derived(uow: MonitoringUnitOfWork, centre: str, at: datetime) -> None:
    changes = []
    for kpi, pillar in await uow.framework.derived_kpis():
        quarterly = kpi.period_type is PeriodType.QUARTER
        period = Period(at.year, (at.month - 1) // 3 + 1 if quarterly else None)
        value = await _derive(uow, kpi, centre)
        changes.append(Change(kpi, pillar, period, centre, value, "derived"))
    if changes:
        await apply_changes(uow, changes)


async def _derive(uow: MonitoringUnitOfWork, kpi: Kpi, centre: str) -> ScopeValue | None:
    counts = await uow.associations.counts(centre, kpi.derived_sector)
    registered = sum(n for status, n in counts.items() if status != "dissolved")
    active = counts.get("active", 0)
    if kpi.derived is Derivation.REGISTERED_ASSOCIATIONS:
        return ScopeValue(float(registered))
    if kpi.derived is Derivation.VERIFIED_SHARE:
        if not registered:
            return None
        return ScopeValue(value_of(kpi, active, registered), float(active), float(registered))
    inhabitants = await uow.associations.inhabitants(centre)
    if not inhabitants:
        return None
    per_10k = inhabitants / 10_000
    return ScopeValue(round(active / per_10k, 6), float(active), per_10k)
