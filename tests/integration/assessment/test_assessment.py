"""Assessment against the real PostgreSQL and RabbitMQ: needs are published through the outbox,
registry events build the read model exactly once."""

from __future__ import annotations

import uuid

import asyncpg
import pytest

from services.assessment.bootstrap import build
from services.assessment.config import AssessmentSettings
from shared.events.registry import AssociationRegistered
from tests.support.services import running, wait_until


@pytest.fixture
def app(settings_for):
    return build(settings_for(AssessmentSettings))


async def test_recorded_need_is_published_once_on_the_bus(app, bus, auth):
    capture = await bus.capture("assessment.needs.updated.v1")
    campaign = f"c-{uuid.uuid4().hex[:6]}"
    async with running(app) as client:
        response = await client.put(
            "/v1/needs",
            json={
                "campaign_id": campaign,
                "centre": "edfu",
                "sector": "health",
                "severity": "٤",
                "people_affected": "١٢٠٠",
            },
            headers=auth("staff"),
        )
        assert response.status_code == 200, response.text
        assert response.json()["severity"] == 4
        assert response.json()["people_affected"] == 1200
        [event] = await capture.wait_for(lambda e: e["data"]["campaign_id"] == campaign)
    assert event["type"] == "eg.aswan.assessment.NeedsUpdated.v1"
    assert event["source"] == "/aswan/assessment"
    assert event["data"]["severity"] == 4


async def test_need_needs_a_staff_token(app, auth):
    async with running(app) as client:
        anonymous = await client.put("/v1/needs", json={})
        partner = await client.put(
            "/v1/needs",
            json={
                "campaign_id": "c",
                "centre": "edfu",
                "sector": "health",
                "severity": 1,
                "people_affected": 1,
            },
            headers=auth("partner"),
        )
    assert anonymous.status_code == 401
    assert anonymous.json()["code"] == "unauthenticated"
    assert partner.status_code == 403
    assert partner.json()["code"] == "forbidden"
    assert partner.json()["message_ar"]


async def test_registered_association_reaches_read_model_once(app, bus, db_url):
    association_id = str(uuid.uuid4())
    event = AssociationRegistered(
        association_id=association_id,
        org_id="EG-MOSS-1234",
        registration_number="1234",
        name_ar="جمعية الأمل",
        legal_form="association",
        centre="daraw",
        sectors=["health"],
        centres_served=["daraw"],
        status="active",
    )
    conn = await asyncpg.connect(db_url("assessment").replace("+asyncpg", ""))
    try:
        async with running(app):
            event_id = await bus.publish_event(event, source="/aswan/registry")
            await bus.publish_event(event, source="/aswan/registry", event_id=event_id)

            async def row():
                return await conn.fetchrow(
                    "SELECT status FROM assessment.associations WHERE association_id = $1",
                    association_id,
                )

            assert (await wait_until(row))["status"] == "active"
            inbox = await wait_until(
                lambda: conn.fetchval(
                    "SELECT count(*) FROM assessment.inbox WHERE event_id = $1", event_id
                )
            )
            assert inbox == 1
    finally:
        await conn.close()
