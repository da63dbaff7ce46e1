"""Gap analysis of a campaign, recomputed when its needs or the coverage change.

Handlers that change a campaign's needs, or the coverage of centres where campaigns have needs,
only mark those campaigns in ``uow.gaps_dirty``; the unit of work calls :func:`recompute_dirty`
before it commits, so a transaction recomputes each campaign once, however many events or
submissions of a batch touched it. A table that came out as it was is not published again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from services.assessment.domain.gaps import ranked
from shared.events.assessment import GapAnalysisPublished

if TYPE_CHECKING:
    from services.assessment.service_layer.unit_of_work import AssessmentUnitOfWork


async def recompute_dirty(uow: AssessmentUnitOfWork) -> None:
    dirty, uow.gaps_dirty = sorted(uow.gaps_dirty), set()
    for campaign_id in dirty:
        await recompute_gaps(campaign_id, uow)


async def recompute_gaps(campaign_id: str, uow: AssessmentUnitOfWork) -> None:
    rows = ranked(await uow.gaps.coverage(campaign_id))
    if rows == await uow.gaps.rows(campaign_id):
        return
    await uow.gaps.replace(campaign_id, rows)
    uow.publish(GapAnalysisPublished(campaign_id=campaign_id, rows=rows), subject=campaign_id)
