"""Read model of the registry's associations and partnerships, for the coverage of gaps.

Each event is applied, and if what coverage sees of the association changed (whether it
counts, its beneficiaries, its cells), the campaigns with needs in the centres it touched
before or after are marked for a gap recompute at the commit (see handlers.gaps).
"""

from __future__ import annotations

from typing import Any

from services.assessment.domain.gaps import Footprint
from services.assessment.service_layer.unit_of_work import AssessmentUnitOfWork
from shared.events.envelope import CloudEvent
from shared.events.registry import (
    AssociationRegistered,
    AssociationStatusChanged,
    AssociationUpdated,
    PartnershipRecorded,
)


async def on_association_registered(envelope: CloudEvent[Any], uow: AssessmentUnitOfWork) -> None:
    e: AssociationRegistered = envelope.data
    values = {
        "centre": e.centre.value, "status": e.status.value, "sectors": e.sectors,
        "centres_served": [c.value for c in e.centres_served] or [e.centre.value],
        "beneficiaries_per_year": e.beneficiaries_per_year or 0,
    }  # fmt: skip
    await _apply(e.association_id, values, uow)


async def on_association_updated(envelope: CloudEvent[Any], uow: AssessmentUnitOfWork) -> None:
    e: AssociationUpdated = envelope.data
    await _apply(e.association_id, e.changed, uow)


async def on_association_status_changed(
    envelope: CloudEvent[Any], uow: AssessmentUnitOfWork
) -> None:
    e: AssociationStatusChanged = envelope.data
    await _apply(e.association_id, {"status": e.to.value}, uow)


async def on_partnership_recorded(envelope: CloudEvent[Any], uow: AssessmentUnitOfWork) -> None:
    e: PartnershipRecorded = envelope.data
    before = await uow.associations.footprint(e.association_id)
    await uow.associations.add_partnership(
        e.partnership_id, e.association_id, [c.value for c in e.centres], e.sectors,
        e.starts_on, e.ends_on,
    )  # fmt: skip
    await _mark_dirty(before, e.association_id, uow)


async def _apply(association_id: str, values: dict[str, Any], uow: AssessmentUnitOfWork) -> None:
    before = await uow.associations.footprint(association_id)
    await uow.associations.upsert(association_id, values)
    await _mark_dirty(before, association_id, uow)


async def _mark_dirty(
    before: Footprint | None, association_id: str, uow: AssessmentUnitOfWork
) -> None:
    after = await uow.associations.footprint(association_id)
    centres = Footprint.centres_touched(before, after)
    if centres:
        uow.gaps_dirty.update(await uow.gaps.campaigns_needing(sorted(centres)))
