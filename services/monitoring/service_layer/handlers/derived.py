"""Derived KPIs, recomputed from read models of other services' events: the registry's
associations (here) and the assessment service's capacity scores, needs and gap analyses
(:mod:`.derived_assessment`).

Recomputing from state (not incrementing) makes them idempotent: a replayed event gives the same
value, and the status only changes (and is only published) when the value does. Ratios keep
their numerator and denominator, so the governorate's value is a ratio of sums, never a sum of
ratios.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any

from services.monitoring.domain.framework import Derivation, Kpi
from services.monitoring.domain.periods import Period, PeriodType
from services.monitoring.domain.progress import ScopeValue, value_of
from services.monitoring.service_layer.handlers.status import Change, apply_changes
from services.monitoring.service_layer.unit_of_work import MonitoringUnitOfWork
from shared.events.envelope import CloudEvent
from shared.events.registry import AssociationRegistered, AssociationStatusChanged

D = Derivation
REGISTRY = frozenset({D.REGISTERED_ASSOCIATIONS, D.VERIFIED_SHARE, D.ACTIVE_PER_10K})
CAPACITY = frozenset({D.CAPACITY_SHARE, D.CAPACITY_AVERAGE})
NEEDS = frozenset({D.PEOPLE_IN_NEED})
COVERAGE = frozenset({D.NEEDS_COVERAGE})
# an association's registration or status moves its centre's counts and capacity shares
ON_REGISTRY_EVENTS = REGISTRY | CAPACITY


async def on_association_registered(envelope: CloudEvent[Any], uow: MonitoringUnitOfWork) -> None:
    event: AssociationRegistered = envelope.data
    await uow.associations.upsert(
        event.association_id,
        event.name_ar,
        event.centre.value,
        event.status.value,
        event.sectors,
        [c.value for c in event.centres_served],
    )
    await refresh_derived(
        uow, event.centre.value, envelope.time, ON_REGISTRY_EVENTS, sectors=event.sectors
    )


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
        await refresh_derived(
            uow, centre, envelope.time, ON_REGISTRY_EVENTS, sectors=event.sectors or None
        )


async def refresh_derived(
    uow: MonitoringUnitOfWork,
    centre: str,
    at: datetime,
    kinds: Collection[Derivation] = frozenset(Derivation),
    sectors: Collection[str] | None = None,
) -> None:
    """Recompute the centre's value of every live derived KPI of ``kinds`` for the period of
    ``at`` (its year, or quarter for a quarterly KPI); the governorate follows by its rule.
    ``sectors``: the event moved only these sectors' figures, so a KPI of another sector is
    left alone (the starter has one KPI per sector and kind: recomputing all sixteen for every
    registration cost monitoring ~15x the CPU). Counts read once per call, not once per KPI."""
    changes = []
    counts: dict[str | None, dict[str, int]] = {}
    for kpi, pillar in await uow.framework.derived_kpis():
        if kpi.derived not in kinds:
            continue
        if sectors is not None and kpi.derived_sector and kpi.derived_sector not in sectors:
            continue
        quarterly = kpi.period_type is PeriodType.QUARTER
        period = Period(at.year, (at.month - 1) // 3 + 1 if quarterly else None)
        value = await _derive(uow, kpi, centre, counts)
        changes.append(Change(kpi, pillar, period, centre, value, "derived"))
    if changes:
        await apply_changes(uow, changes)


async def _derive(
    uow: MonitoringUnitOfWork, kpi: Kpi, centre: str, counts: dict[str | None, dict[str, int]]
) -> ScopeValue | None:
    if kpi.derived in REGISTRY:
        if kpi.derived_sector not in counts:
            counts[kpi.derived_sector] = await uow.associations.counts(centre, kpi.derived_sector)
        return await _from_registry(uow, kpi, centre, counts[kpi.derived_sector])
    if kpi.derived in CAPACITY:
        assessed, expanding, total = await uow.assessment.capacity(centre)
        if not assessed:
            return None
        numerator = expanding if kpi.derived is D.CAPACITY_SHARE else total
        return ScopeValue(value_of(kpi, numerator, assessed), float(numerator), float(assessed))
    if kpi.derived is D.PEOPLE_IN_NEED:
        people = await uow.assessment.people_in_need(centre, kpi.derived_sector)
        return None if people is None else ScopeValue(float(people))
    covered = await uow.assessment.coverage(centre, kpi.derived_sector or "")
    if covered is None or not covered[1]:
        return None  # no gap analysis for the cell, or nobody in need: no coverage to speak of
    reached, in_need = covered
    return ScopeValue(value_of(kpi, reached, in_need), float(reached), float(in_need))


async def _from_registry(
    uow: MonitoringUnitOfWork, kpi: Kpi, centre: str, counts: dict[str, int]
) -> ScopeValue | None:
    registered = sum(n for status, n in counts.items() if status != "dissolved")
    active = counts.get("active", 0)
    if kpi.derived is D.REGISTERED_ASSOCIATIONS:
        return ScopeValue(float(registered))
    if kpi.derived is D.VERIFIED_SHARE:
        if not registered:
            return None
        return ScopeValue(value_of(kpi, active, registered), float(active), float(registered))
    inhabitants = await uow.associations.inhabitants(centre)
    if not inhabitants:
        return None
    per_10k = inhabitants / 10_000
    return ScopeValue(round(active / per_10k, 6), float(active), per_10k)
