"""Needs against the real PostgreSQL and RabbitMQ: submissions make a cell (median severity,
largest figures, submissions kept), every change is published, impossible figures are refused
before the database (issue 17), and the matrix never sums people across sectors."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from services.assessment.bootstrap import build
from services.assessment.config import SCHEMA, AssessmentSettings
from services.assessment.domain.submissions import AcceptedSubmission
from services.assessment.service_layer.handlers.derive import on_submission_accepted
from services.assessment.service_layer.unit_of_work import AssessmentUnitOfWork
from shared.db import make_engine
from shared.events.intake import AssessmentSubmitted
from tests.integration.assessment.analysis_forms import needs_form, open_campaign, upload
from tests.support.services import running


@pytest.fixture
def settings(settings_for):
    return settings_for(AssessmentSettings)


@pytest.fixture
def app(settings):
    return build(settings)


@pytest.fixture
async def derive(settings):
    """Hand accepted submissions to the analysis as the accept-submission handler does."""
    engine = make_engine(settings.database_url, SCHEMA, 2)

    async def run(campaign: str, sid: str, kind: str = "needs", **answers: object) -> None:
        submission = AcceptedSubmission(
            submission_id=sid, form_id=kind, form_version="1", kind=kind,
            campaign_id=campaign, association_id=None, centre="edfu", answers=answers,
            submitted_by="field-team", submitted_at=datetime.now(UTC),
        )  # fmt: skip
        async with AssessmentUnitOfWork(engine, settings.source, SCHEMA) as uow:
            await on_submission_accepted(submission, uow)
            await uow.commit()

    yield run
    await engine.dispose()


async def test_submissions_make_a_cell_published_on_every_change(app, bus, auth, derive):
    capture = await bus.capture("assessment.needs.updated.v1")
    campaign = f"c-{uuid.uuid4().hex[:8]}"
    async with running(app) as client:
        for sid, severity, pin, affected in [("s1", 2, 900, 1500), ("s2", 5, 400, 800),
                                             ("s3", 4, 700, 1000)]:  # fmt: skip
            await derive(campaign, f"{campaign}-{sid}", sector="health", severity=severity,
                         people_in_need=pin, people_affected=affected,
                         main_problems=["clinic_far", "no_staff"])  # fmt: skip
        await derive(campaign, f"{campaign}-s4", sector="education", severity=3,
                     people_in_need=600, people_affected=600)  # fmt: skip
        events = await capture.wait_for(lambda e: e["data"]["campaign_id"] == campaign, count=4)
        matrix = await client.get(f"/v1/campaigns/{campaign}/needs", headers=auth("partner"))
    health = [e["data"] for e in events if e["data"]["sector"] == "health"]
    assert [(d["severity"], d["submissions"]) for d in health] == [(2, 1), (5, 2), (4, 3)]
    assert health[-1]["people_in_need"] == 900 and health[-1]["people_affected"] == 1500
    assert events[0]["subject"] == f"{campaign}/edfu/health"
    body = matrix.json()
    assert [(c["sector"], c["severity"], c["people_in_need"]) for c in body["cells"]] == [
        ("education", 3, 600), ("health", 4, 900)
    ]  # fmt: skip
    assert body["people_in_need_by_centre"] == {"edfu": 900}  # the largest sector, not 1,500


async def test_a_head_count_beyond_its_range_is_a_422_not_a_500(app, auth):
    """Issue 17: PUT /v1/needs with people_affected 3,532,036,362 answered 500."""
    need = {"campaign_id": "c-17", "centre": "edfu", "sector": "health", "severity": 3}
    async with running(app) as client:
        huge = await client.put(
            "/v1/needs", json={**need, "people_affected": 3_532_036_362}, headers=auth("staff")
        )
        in_need = await client.put(
            "/v1/needs",
            json={**need, "people_affected": 10, "people_in_need": "١٠٠٠٠٠٠١"},
            headers=auth("staff"),
        )
        severity = await client.put(
            "/v1/needs", json={**need, "severity": 9, "people_affected": 1}, headers=auth("staff")
        )
        fine = await client.put(
            "/v1/needs",
            json={**need, "people_affected": "١٠٠٠٠٠٠٠", "people_in_need": 5},
            headers=auth("staff"),
        )
    assert huge.status_code == 422
    assert huge.json()["field"] == "people_affected" and huge.json()["message_ar"]
    assert in_need.status_code == 422 and in_need.json()["field"] == "people_in_need"
    assert severity.status_code == 422 and severity.json()["field"] == "severity"
    assert fine.status_code == 200 and fine.json()["people_affected"] == 10_000_000


async def test_a_closed_campaign_takes_no_more_needs(app, auth):
    form_id, staff = f"needs_{uuid.uuid4().hex[:8]}", auth("staff")
    async with running(app) as client:
        await upload(client, staff, needs_form(form_id))
        cid = await open_campaign(client, staff, form_id)
        await client.post(f"/v1/campaigns/{cid}/close", headers=staff)
        late = await client.put(
            "/v1/needs",
            json={"campaign_id": cid, "centre": "edfu", "sector": "health", "severity": 3,
                  "people_affected": 10},
            headers=staff,
        )  # fmt: skip
    assert late.status_code == 409 and late.json()["code"] == "campaign_state"


async def test_needs_submitted_on_the_bus_reach_the_matrix_and_the_gaps(app, bus, auth):
    """Through the forms half: intake.assessment.submitted.v1 -> accepted -> the cell."""
    needs_events = await bus.capture("assessment.needs.updated.v1")
    gaps = await bus.capture("assessment.gaps.published.v1")
    form_id, staff = f"needs_{uuid.uuid4().hex[:8]}", auth("staff")
    async with running(app) as client:
        await upload(client, staff, needs_form(form_id))
        cid = await open_campaign(client, staff, form_id)
        for severity, pin in (("٣", "١٢٠٠"), (5, 800)):
            await bus.publish_event(
                AssessmentSubmitted(
                    form_id=form_id, form_version="1", campaign_id=cid, centre="daraw",
                    submitted_by="field-team",
                    answers={"centre": "daraw", "sector": "education", "severity": severity,
                             "people_in_need": pin, "people_affected": 2000,
                             "main_problems": "no_staff"},
                ),
                source="/aswan/field",
            )  # fmt: skip
        events = await needs_events.wait_for(lambda e: e["data"]["campaign_id"] == cid, count=2)
        [table] = await gaps.wait_for(
            lambda e: e["subject"] == cid and e["data"]["rows"][0]["severity"] == 5
        )
    assert [(e["data"]["severity"], e["data"]["people_in_need"]) for e in events] == [
        (3, 1200), (5, 1200)
    ]  # fmt: skip
    assert table["data"]["rows"][0]["gap"] == 1200  # nobody serves daraw/education yet


async def test_challenges_are_counted_per_centre_and_sector(app, auth, derive):
    campaign = f"c-{uuid.uuid4().hex[:8]}"
    for sid, sectors, challenges in [
        ("s1", ["health", "education"], ["funding", "staff"]),
        ("s2", ["health"], ["funding", "premises"]),
        ("s3", ["health"], ["funding"]),
    ]:  # fmt: skip
        await derive(campaign, f"{campaign}-{sid}", kind="challenges", sectors=sectors,
                     challenges=challenges)  # fmt: skip
    async with running(app) as client:
        counted = await client.get(f"/v1/campaigns/{campaign}/challenges", headers=auth("staff"))
        partner = await client.get(f"/v1/campaigns/{campaign}/challenges", headers=auth("partner"))
    rows = [(r["centre"], r["sector"], r["challenge"], r["submissions"]) for r in counted.json()]
    assert rows == [
        ("edfu", "education", "funding", 1), ("edfu", "education", "staff", 1),
        ("edfu", "health", "funding", 3), ("edfu", "health", "premises", 1),
        ("edfu", "health", "staff", 1),
    ]  # fmt: skip
    assert partner.status_code == 403
