"""Submissions against the real PostgreSQL and RabbitMQ: over HTTP and over the bus, validated
against their exact form version, idempotent on the event id, the unparseable dead-lettered."""

from __future__ import annotations

import asyncpg
import pytest

from services.assessment.bootstrap import build
from services.assessment.config import AssessmentSettings
from shared.events.intake import AssessmentSubmitted
from tests.integration.assessment.test_forms import upload
from tests.support.services import running, wait_until
from tests.unit.assessment.workbooks import survey_v1


@pytest.fixture
def app(settings_for):
    return build(settings_for(AssessmentSettings))


async def test_http_submission_is_accepted_stored_and_published(app, auth, bus, uid):
    form_id = f"f_{uid}"
    capture = await bus.capture("assessment.submission.*.v1")
    async with running(app) as client:
        assert (await upload(client, survey_v1(form_id), auth("staff"))).status_code == 201
        ok = await client.post(
            "/v1/submissions",
            headers=auth("staff"),
            json={
                "form_id": form_id,
                "form_version": "1",
                "centre": "edfu",
                "answers": {"people": "٤", "sector": "health", "remarks": "ignored: not relevant"},
            },
        )
        bad = await client.post(
            "/v1/submissions",
            headers=auth("staff"),
            json={
                "form_id": form_id,
                "form_version": "1",
                "answers": {"people": "-3", "sector": "water", "unknown": 1},
            },
        )
        assert ok.status_code == 202, ok.text
        sid = ok.json()["submission_id"]
        stored = await client.get(f"/v1/submissions/{sid}", headers=auth("staff"))
        [accepted] = await capture.wait_for(lambda e: e["data"]["submission_id"] == sid)
        rejected_id = bad.json()["submission_id"]
        [rejected] = await capture.wait_for(lambda e: e["data"]["submission_id"] == rejected_id)
    assert stored.json()["answers"] == {"people": 4, "sector": "health"}
    assert stored.json()["form_version"] == "1"
    assert accepted["type"] == "eg.aswan.assessment.SubmissionAccepted.v1"
    assert accepted["data"]["kind"] == "survey" and accepted["data"]["centre"] == "edfu"
    assert bad.status_code == 422
    codes = {(e["field"], e["code"]) for e in bad.json()["errors"]}
    assert codes == {
        ("people", "constraint_failed"),
        ("sector", "not_a_choice"),
        ("unknown", "unknown_question"),
    }
    assert {(e["field"], e["code"]) for e in rejected["data"]["errors"]} == codes


async def test_an_association_submits_for_itself_only(app, auth, uid):
    form_id = f"f_{uid}"
    answers = {"people": 2, "sector": "health"}
    async with running(app) as client:
        await upload(client, survey_v1(form_id), auth("staff"))
        own = await client.post(
            "/v1/submissions",
            headers=auth("association", association_id="a-1"),
            json={"form_id": form_id, "form_version": "1", "answers": answers},
        )
        other = await client.post(
            "/v1/submissions",
            headers=auth("association", association_id="a-1"),
            json={
                "form_id": form_id,
                "form_version": "1",
                "association_id": "a-2",
                "answers": answers,
            },
        )
        stored = await client.get(
            f"/v1/submissions/{own.json()['submission_id']}", headers=auth("staff")
        )
    assert own.status_code == 202
    assert stored.json()["association_id"] == "a-1"
    assert other.status_code == 403


async def test_the_same_submission_event_twice_is_one_submission(app, auth, bus, db_url, uid):
    form_id = f"f_{uid}"
    capture = await bus.capture("assessment.submission.*.v1")
    event = AssessmentSubmitted(
        form_id=form_id,
        form_version="1",
        submitted_by="bot:42",
        answers={"people": "١٢", "sector": "education"},
    )
    conn = await asyncpg.connect(db_url("assessment").replace("+asyncpg", ""))
    try:
        async with running(app) as client:
            await upload(client, survey_v1(form_id), auth("staff"))
            event_id = await bus.publish_event(event, source="/aswan/bot")
            await bus.publish_event(event, source="/aswan/bot", event_id=event_id)
            invalid = await bus.publish_event(
                AssessmentSubmitted(form_id=form_id, form_version="9", submitted_by="bot:42"),
                source="/aswan/bot",
            )
            await capture.wait_for(lambda e: e["data"]["submission_id"] == invalid)
            inbox = await wait_until(
                lambda: conn.fetchval(
                    "SELECT count(*) FROM assessment.inbox WHERE event_id = $1", event_id
                )
            )
            await bus.publish_raw(b"{not json", "intake.assessment.submitted.v1")
            dead = await bus.drain_queue(f"test.{uid}.assessment.submissions.dlq")
        rows = await conn.fetch(
            "SELECT answers::text, raw_answers::text FROM assessment.submissions "
            "WHERE form_id = $1",
            form_id,
        )
    finally:
        await conn.close()
    assert inbox == 1
    assert len(rows) == 1
    assert rows[0][0] == '{"people": 12, "sector": "education"}'
    assert '"١٢"' in rows[0][1]  # stored as submitted too
    accepted = [e for e in capture.events() if e["data"]["submission_id"] == event_id]
    assert len(accepted) == 1
    rejected = [e for e in capture.events() if e["data"]["submission_id"] == invalid]
    assert rejected[0]["data"]["errors"][0]["code"] == "form_version_unknown"
    assert len(dead) == 1 and dead[0].headers["x-error-kind"] == "not_json"


async def test_an_id_taken_by_another_source_is_dead_lettered_not_stored_twice(
    app, auth, bus, db_url, uid
):
    form_id = f"f_{uid}"
    event = AssessmentSubmitted(
        form_id=form_id,
        form_version="1",
        submitted_by="device:7",
        answers={"people": 1, "sector": "health"},
    )
    conn = await asyncpg.connect(db_url("assessment").replace("+asyncpg", ""))
    try:
        async with running(app) as client:
            await upload(client, survey_v1(form_id), auth("staff"))
            event_id = await bus.publish_event(event, source="/aswan/portal")
            await wait_until(
                lambda: conn.fetchval(
                    "SELECT count(*) FROM assessment.submissions WHERE submission_id = $1", event_id
                )
            )
            await bus.publish_event(event, source="/aswan/field", event_id=event_id)
            [dead] = await bus.drain_queue(f"test.{uid}.assessment.submissions.dlq")
        count = await conn.fetchval(
            "SELECT count(*) FROM assessment.submissions WHERE submission_id = $1", event_id
        )
    finally:
        await conn.close()
    assert dead.headers["x-error-kind"] == "submission_id_taken"
    assert count == 1


async def test_a_nan_in_an_ignored_answer_is_stored_as_text_not_a_500(app, auth, uid):
    form_id = f"f_{uid}"
    async with running(app) as client:
        await upload(client, survey_v1(form_id), auth("staff"))
        response = await client.post(
            "/v1/submissions",
            headers={**auth("staff"), "Content-Type": "application/json"},
            content=b'{"form_id": "%s", "form_version": "1", "answers": {"people": 2, '
            b'"sector": "health", "remarks": NaN}}' % form_id.encode(),
        )
        nan_text = await client.post(
            "/v1/submissions",
            headers={**auth("staff"), "Content-Type": "application/json"},
            content=b'{"form_id": "%s", "form_version": "1", "answers": {"people": 20, '
            b'"sector": "health", "remarks": Infinity}}' % form_id.encode(),
        )
    assert response.status_code == 202, response.text
    assert nan_text.status_code == 422
    assert nan_text.json()["errors"][0]["field"] == "remarks"


async def test_a_bus_submission_with_a_nul_is_rejected_not_retried(app, auth, bus, uid):
    form_id = f"f_{uid}"
    capture = await bus.capture("assessment.submission.rejected.v1")
    event = AssessmentSubmitted(
        form_id=form_id,
        form_version="1",
        submitted_by="bot:9",
        answers={"people": 1, "sector": "health", "remarks": "a\x00b"},
    )
    async with running(app) as client:
        await upload(client, survey_v1(form_id), auth("staff"))
        event_id = await bus.publish_event(event, source="/aswan/bot")
        [rejected] = await capture.wait_for(lambda e: e["data"]["submission_id"] == event_id)
    assert [(e["field"], e["code"]) for e in rejected["data"]["errors"]] == [
        ("remarks", "control_characters")
    ]
