"""Campaign handlers on the fake unit of work: draft -> open -> closed, an event at each step."""

from __future__ import annotations

from datetime import date

import pytest

from services.assessment.domain.campaigns import CampaignInvalidError, CampaignStateError
from services.assessment.domain.commands import CloseCampaign, CreateCampaign, OpenCampaign
from services.assessment.service_layer.handlers import campaigns
from shared.events.assessment import CampaignClosed, CampaignOpened
from shared.events.codes import Centre
from tests.unit.assessment.analysis_fakes import FakeAssessmentUnitOfWork


def create(**overrides: object) -> CreateCampaign:
    fields: dict = {
        "form_id": "needs", "form_version": "1", "title_ar": "حصر", "title_en": None,
        "centres": [Centre.EDFU, Centre.EDFU, Centre.DARAW], "audience": "associations",
        "opens_on": date(2027, 1, 1), "closes_on": date(2027, 2, 1), "created_by": "staff-1",
    }  # fmt: skip
    return CreateCampaign(**{**fields, **overrides})


async def test_a_campaign_goes_from_draft_to_open_to_closed_once():
    uow = FakeAssessmentUnitOfWork()
    uow.forms.known.add(("needs", "1"))
    made = await campaigns.create_campaign(create(), uow)
    assert made.status == "draft" and made.centres == (Centre.EDFU, Centre.DARAW)
    assert not uow.published
    await campaigns.open_campaign(OpenCampaign(made.campaign_id, "staff-1"), uow)
    with pytest.raises(CampaignStateError):
        await campaigns.open_campaign(OpenCampaign(made.campaign_id, "staff-1"), uow)
    await campaigns.close_campaign(CloseCampaign(made.campaign_id, "staff-1"), uow)
    [opened] = uow.events(CampaignOpened)
    [closed] = uow.events(CampaignClosed)
    assert opened.centres == [Centre.EDFU, Centre.DARAW] and opened.audience == "associations"
    assert closed.campaign_id == made.campaign_id
    assert (await uow.campaigns.get(made.campaign_id)).status == "closed"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [({"form_version": "2"}, "form_version"), ({"closes_on": date(2026, 12, 1)}, "closes_on"),
     ({"centres": []}, "centres")],
)  # fmt: skip
async def test_a_campaign_needs_an_existing_form_version_and_coherent_fields(overrides, field):
    uow = FakeAssessmentUnitOfWork()
    uow.forms.known.add(("needs", "1"))
    with pytest.raises(CampaignInvalidError) as caught:
        await campaigns.create_campaign(create(**overrides), uow)
    assert caught.value.detail.field == field
    assert not uow.campaigns.rows
