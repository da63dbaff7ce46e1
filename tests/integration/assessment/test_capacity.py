"""Capacity against the real PostgreSQL and RabbitMQ: OCA submissions scored and published with
the previous overall, the history with deltas per domain, the action plan over HTTP."""

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
from tests.support.services import running


@pytest.fixture
def settings(settings_for):
    return settings_for(AssessmentSettings)


@pytest.fixture
def app(settings):
    return build(settings)


@pytest.fixture
async def assess(settings):
    engine = make_engine(settings.database_url, SCHEMA, 2)

    async def run(association_id: str, sid: str, day: int, **scores: object) -> None:
        submission = AcceptedSubmission(
            submission_id=sid, form_id="oca", form_version="2", kind="capacity",
            campaign_id=None, association_id=association_id, centre="aswan", answers=scores,
            submitted_by="assessor", submitted_at=datetime(2026, 11, day, tzinfo=UTC),
        )  # fmt: skip
        async with AssessmentUnitOfWork(engine, settings.source, SCHEMA) as uow:
            await on_submission_accepted(submission, uow)
            await uow.commit()

    yield run
    await engine.dispose()


async def test_a_reassessment_shows_deltas_and_the_previous_overall(app, bus, auth, assess):
    capture = await bus.capture("assessment.capacity.scored.v1")
    aid = str(uuid.uuid4())
    async with running(app) as client:
        await assess(aid, f"{aid}-1", 1, oca_governance_1=1, oca_governance_2=2, oca_hr_1=2,
                     oca_hr_1_evidence="no job descriptions")  # fmt: skip
        await assess(aid, f"{aid}-2", 10, oca_governance_1=2, oca_governance_2=2, oca_hr_1=3)
        await assess(aid, f"{aid}-3", 20, oca_governance_1=4, oca_governance_2=3, oca_hr_1=3)
        events = await capture.wait_for(lambda e: e["data"]["association_id"] == aid, count=3)
        own = await client.get(
            f"/v1/associations/{aid}/capacity", headers=auth("association", association_id=aid)
        )
        other = await client.get(
            f"/v1/associations/{aid}/capacity",
            headers=auth("association", association_id=str(uuid.uuid4())),
        )
    assert [(e["data"]["overall"], e["data"]["previous_overall"]) for e in events] == [
        (1.75, None), (2.5, 1.75), (3.25, 2.5)
    ]  # fmt: skip
    assert events[0]["data"]["domains"] == {"governance": 1.5, "hr": 2.0}
    assert own.status_code == 200 and other.status_code == 403
    first, _, last = own.json()["assessments"]
    assert first["scores"][-1] == {"sub_area": "oca_hr_1", "domain": "hr", "score": 2,
                                   "evidence": "no job descriptions"}  # fmt: skip
    assert last["delta"]["governance"] == {"vs_first": 2.0, "vs_previous": 1.5}
    assert last["delta"]["hr"] == {"vs_first": 1.0, "vs_previous": 0.0}


async def test_the_action_plan_is_kept_per_assessment(app, auth, assess):
    aid = str(uuid.uuid4())
    await assess(aid, f"{aid}-1", 1, oca_finance_1=1)
    mine = auth("association", association_id=aid)
    async with running(app) as client:
        added = await client.post(
            f"/v1/capacity/{aid}-1/actions",
            json={"domain": "finance", "action": "فتح حساب بنكي منفصل", "owner": "أمين الصندوق",
                  "due_on": "2027-03-31"},
            headers=mine,
        )  # fmt: skip
        action_id = added.json()["action_id"]
        done = await client.patch(
            f"/v1/capacity/actions/{action_id}", json={"status": "done"}, headers=auth("staff")
        )
        wrong = await client.patch(
            f"/v1/capacity/actions/{action_id}", json={"status": "finished"}, headers=mine
        )
        stranger = await client.post(
            f"/v1/capacity/{aid}-1/actions",
            json={"domain": "finance", "action": "x", "owner": "y"},
            headers=auth("association", association_id=str(uuid.uuid4())),
        )
        history = await client.get(f"/v1/associations/{aid}/capacity", headers=auth("staff"))
    assert added.status_code == 201, added.text
    assert done.json()["status"] == "done" and done.json()["owner"] == "أمين الصندوق"
    assert wrong.status_code == 422 and stranger.status_code == 403
    [plan] = [a["actions"] for a in history.json()["assessments"]]
    assert plan == [
        {"action_id": action_id, "domain": "finance", "action": "فتح حساب بنكي منفصل",
         "owner": "أمين الصندوق", "due_on": "2027-03-31", "status": "done"}
    ]  # fmt: skip
