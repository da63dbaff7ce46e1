"""Derived KPIs from the assessment service's events: each event updates its read model, then
the KPIs that read it are recomputed for the centres concerned (:func:`.derived.refresh_derived`).

- CapacityScored: the association's latest score (a later re-assessment replaces it; an older
  event arriving late does not). Its centre is the registry's; a score of an association not yet
  known here counts once its AssociationRegistered arrives.
- NeedsUpdated: the campaign's cell (centre x sector).
- GapAnalysisPublished: the campaign's rows, replaced whole by a newer analysis; every centre
  that had or has a row is recomputed.
"""

from __future__ import annotations

from typing import Any

from services.monitoring.service_layer.handlers.derived import (
    CAPACITY,
    COVERAGE,
    NEEDS,
    refresh_derived,
)
from services.monitoring.service_layer.unit_of_work import MonitoringUnitOfWork
from shared.events.assessment import CapacityScored, GapAnalysisPublished, NeedsUpdated
from shared.events.envelope import CloudEvent


async def on_capacity_scored(envelope: CloudEvent[Any], uow: MonitoringUnitOfWork) -> None:
    event: CapacityScored = envelope.data
    await uow.assessment.save_capacity(
        event.association_id, event.assessment_id, event.overall, envelope.time
    )
    centre = await uow.assessment.centre_of(event.association_id)
    if centre is not None:
        await refresh_derived(uow, centre, envelope.time, CAPACITY)


async def on_needs_updated(envelope: CloudEvent[Any], uow: MonitoringUnitOfWork) -> None:
    event: NeedsUpdated = envelope.data
    await uow.assessment.save_need(
        event.campaign_id,
        event.centre.value,
        event.sector,
        severity=event.severity,
        people_in_need=event.people_in_need,
        people_affected=event.people_affected,
        updated_at=envelope.time,
    )
    await refresh_derived(uow, event.centre.value, envelope.time, NEEDS, sectors=[event.sector])


async def on_gaps_published(envelope: CloudEvent[Any], uow: MonitoringUnitOfWork) -> None:
    event: GapAnalysisPublished = envelope.data
    cells = {  # one row per cell (a repeated cell: the last one)
        (row.centre.value, row.sector): {
            "centre": row.centre.value,
            "sector": row.sector,
            "severity": row.severity,
            "people_in_need": row.people_in_need,
            "people_reached": row.people_reached,
        }
        for row in event.rows
    }
    rows = list(cells.values())
    centres = await uow.assessment.save_gaps(event.campaign_id, rows, envelope.time)
    for centre in sorted(centres or ()):
        await refresh_derived(uow, centre, envelope.time, COVERAGE)
