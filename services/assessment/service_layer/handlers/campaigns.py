"""Campaigns: made as drafts by staff, opened (associations are invited), closed."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from services.assessment.domain.campaigns import (
    Audience,
    Campaign,
    CampaignInvalidError,
    CampaignNotFoundError,
)
from services.assessment.domain.commands import CloseCampaign, CreateCampaign, OpenCampaign
from services.assessment.service_layer.unit_of_work import AssessmentUnitOfWork


async def create_campaign(cmd: CreateCampaign, uow: AssessmentUnitOfWork) -> Campaign:
    campaign = Campaign(
        campaign_id=str(uuid.uuid4()), form_id=cmd.form_id, form_version=cmd.form_version,
        title_ar=cmd.title_ar, title_en=cmd.title_en, centres=tuple(dict.fromkeys(cmd.centres)),
        audience=Audience(cmd.audience), opens_on=cmd.opens_on, closes_on=cmd.closes_on,
        created_by=cmd.created_by,
    )  # fmt: skip
    if await uow.forms.get(cmd.form_id, cmd.form_version) is None:
        raise CampaignInvalidError(
            f"No form {cmd.form_id!r} version {cmd.form_version!r}",
            "لا توجد استمارة بهذا المعرف والإصدار",
            field="form_version",
        )
    await uow.campaigns.add(campaign)
    await uow.commit()
    return campaign


async def open_campaign(cmd: OpenCampaign, uow: AssessmentUnitOfWork) -> Campaign:
    campaign = (await _get(cmd.campaign_id, uow)).opened(datetime.now(UTC))
    await uow.campaigns.save(campaign)
    uow.publish(campaign.opened_event(), subject=campaign.campaign_id)
    await uow.commit()
    return campaign


async def close_campaign(cmd: CloseCampaign, uow: AssessmentUnitOfWork) -> Campaign:
    campaign = (await _get(cmd.campaign_id, uow)).closed(datetime.now(UTC))
    await uow.campaigns.save(campaign)
    uow.publish(campaign.closed_event(), subject=campaign.campaign_id)
    await uow.commit()
    return campaign


async def _get(campaign_id: str, uow: AssessmentUnitOfWork) -> Campaign:
    campaign = await uow.campaigns.get(campaign_id, for_update=True)
    if campaign is None:
        raise CampaignNotFoundError(field="campaign_id")
    return campaign
