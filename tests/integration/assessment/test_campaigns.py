"""Campaigns against the real PostgreSQL and RabbitMQ: made by staff, opened and closed with
their events on the bus, and the open ones read by an association of their centres."""

from __future__ import annotations

import uuid

import pytest

from services.assessment.bootstrap import build
from services.assessment.config import AssessmentSettings
from shared.events.registry import AssociationRegistered
from tests.integration.assessment.analysis_forms import needs_form, upload
from tests.support.services import running, wait_until

CAMPAIGN = {
    "form_id": "needs_2027",
    "form_version": "1",
    "title_ar": "حصر الاحتياجات ٢٠٢٧",
    "title_en": "Needs census 2027",
    "centres": ["edfu", "daraw"],
    "audience": "associations",
    "opens_on": "2027-01-10",
    "closes_on": "2027-02-10",
}


@pytest.fixture
def app(settings_for):
    return build(settings_for(AssessmentSettings))


@pytest.fixture
def form_id():
    return f"needs_{uuid.uuid4().hex[:8]}"


async def with_form(client, auth, form_id: str) -> dict:
    await upload(client, auth("staff"), needs_form(form_id))
    return {**CAMPAIGN, "form_id": form_id}


async def test_a_campaign_is_opened_and_closed_with_its_events(app, bus, auth, form_id):
    opened = await bus.capture("assessment.campaign.opened.v1")
    closed = await bus.capture("assessment.campaign.closed.v1")
    async with running(app) as client:
        campaign = await with_form(client, auth, form_id)
        made = await client.post("/v1/campaigns", json=campaign, headers=auth("staff"))
        assert made.status_code == 201, made.text
        cid = made.json()["campaign_id"]
        assert made.json()["status"] == "draft"
        opening = await client.post(f"/v1/campaigns/{cid}/open", headers=auth("staff"))
        assert opening.json()["status"] == "open"
        again = await client.post(f"/v1/campaigns/{cid}/open", headers=auth("staff"))
        closing = await client.post(f"/v1/campaigns/{cid}/close", headers=auth("staff"))
        assert closing.json()["status"] == "closed"
        [event] = await opened.wait_for(lambda e: e["data"]["campaign_id"] == cid)
        [done] = await closed.wait_for(lambda e: e["data"]["campaign_id"] == cid)
    assert again.status_code == 409 and again.json()["code"] == "campaign_state"
    assert event["data"]["centres"] == ["edfu", "daraw"]
    assert event["data"]["title_ar"] == CAMPAIGN["title_ar"]
    assert (event["data"]["form_id"], event["data"]["form_version"]) == (form_id, "1")
    assert done["data"]["closes_on"] == "2027-02-10"


async def test_a_campaign_needs_staff_a_form_version_and_coherent_dates(app, auth, form_id):
    async with running(app) as client:
        campaign = await with_form(client, auth, form_id)
        partner = await client.post("/v1/campaigns", json=campaign, headers=auth("partner"))
        backwards = await client.post(
            "/v1/campaigns", json={**campaign, "closes_on": "2027-01-01"}, headers=auth("staff")
        )
        no_form = await client.post(
            "/v1/campaigns", json={**campaign, "form_version": "9"}, headers=auth("staff")
        )
        unknown = await client.post(f"/v1/campaigns/{uuid.uuid4()}/open", headers=auth("staff"))
    assert partner.status_code == 403
    assert backwards.status_code == 422
    assert backwards.json()["field"] == "closes_on" and backwards.json()["message_ar"]
    assert no_form.status_code == 422 and no_form.json()["field"] == "form_version"
    assert unknown.status_code == 404 and unknown.json()["code"] == "campaign_not_found"


async def test_an_association_sees_the_open_campaigns_of_its_centres(app, bus, auth, form_id):
    mine, elsewhere, draft = [], [], []
    association_id = str(uuid.uuid4())
    async with running(app) as client:
        await bus.publish_event(
            AssociationRegistered(
                association_id=association_id, org_id="EG-MOSS-77", registration_number="77",
                name_ar="جمعية النور", legal_form="association", centre="edfu", sectors=["health"],
                centres_served=["edfu"], status="active",
            ),
            source="/aswan/registry",
        )  # fmt: skip
        campaign = await with_form(client, auth, form_id)
        for centres, bucket, open_it in (
            (["edfu"], mine, True), (["abu_simbel"], elsewhere, True), (["edfu"], draft, False)
        ):  # fmt: skip
            made = await client.post(
                "/v1/campaigns", json={**campaign, "centres": centres}, headers=auth("staff")
            )
            bucket.append(made.json()["campaign_id"])
            if open_it:
                await client.post(f"/v1/campaigns/{bucket[-1]}/open", headers=auth("staff"))

        async def seen():
            r = await client.get("/v1/campaigns", headers=auth("association",
                                 association_id=association_id))  # fmt: skip
            return r.json() if r.status_code == 200 and r.json() else None

        listed = {c["campaign_id"] for c in await wait_until(seen)}
        staff = await client.get("/v1/campaigns?status=open&centre=edfu", headers=auth("staff"))
    assert mine[0] in listed
    assert elsewhere[0] not in listed and draft[0] not in listed
    assert mine[0] in {c["campaign_id"] for c in staff.json()}
    assert draft[0] not in {c["campaign_id"] for c in staff.json()}
