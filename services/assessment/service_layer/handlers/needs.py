"""Needs per centre x sector in a campaign: statements in, the cell's aggregate out."""

from __future__ import annotations

from services.assessment.domain.campaigns import CampaignStateError, CampaignStatus
from services.assessment.domain.commands import RecordNeed
from services.assessment.domain.needs import NeedCell, NeedStatement, cell_of, statement_from
from services.assessment.domain.submissions import AcceptedSubmission
from services.assessment.service_layer.unit_of_work import AssessmentUnitOfWork
from shared.events.assessment import NeedsUpdated


async def record_need(cmd: RecordNeed, uow: AssessmentUnitOfWork) -> NeedCell:
    """A staff member's statement of a cell (PUT: the same member again replaces it)."""
    statement = NeedStatement(
        statement_id=f"staff:{cmd.recorded_by}:{cmd.campaign_id}:{cmd.centre}:{cmd.sector}",
        campaign_id=cmd.campaign_id, centre=cmd.centre, sector=cmd.sector,
        severity=cmd.severity, people_in_need=cmd.people_in_need,
        people_affected=cmd.people_affected, recorded_by=cmd.recorded_by,
    )  # fmt: skip
    campaign = await uow.campaigns.get(cmd.campaign_id)
    if campaign is not None and campaign.status is CampaignStatus.CLOSED:
        raise CampaignStateError(
            "The campaign is closed", "الحملة مغلقة ولا تقبل احتياجات جديدة", field="campaign_id"
        )
    cell = await _state(statement, uow)
    await uow.commit()
    return cell


async def on_needs_submission(submission: AcceptedSubmission, uow: AssessmentUnitOfWork) -> None:
    await _state(statement_from(submission), uow)


async def _state(statement: NeedStatement, uow: AssessmentUnitOfWork) -> NeedCell:
    c = statement
    await uow.needs.lock_cell(c.campaign_id, c.centre.value, c.sector.value)
    await uow.needs.put_statement(statement)
    cell = cell_of(await uow.needs.statements(c.campaign_id, c.centre.value, c.sector.value))
    if await uow.needs.put_cell(cell):
        uow.publish(
            NeedsUpdated(
                centre=c.centre, sector=cell.sector, severity=cell.severity,
                people_affected=cell.people_affected, people_in_need=cell.people_in_need,
                campaign_id=cell.campaign_id, submissions=cell.submissions,
            ),
            subject=f"{cell.campaign_id}/{cell.centre}/{cell.sector}",
        )  # fmt: skip
        uow.gaps_dirty.add(cell.campaign_id)
    return cell
