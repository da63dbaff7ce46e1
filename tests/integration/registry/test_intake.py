"""Intake: a submission on the bus or over HTTP becomes one association (or one rejection listing
every error), observed on the bus; the same submission again changes nothing."""

from __future__ import annotations

import asyncio
import uuid

from shared.events.intake import AssociationRegistrationSubmitted
from tests.support.services import running

REGISTERED = "registry.association.registered.v1"
REJECTED = "registry.registration.rejected.v1"


async def test_bus_submission_is_registered_and_seen_on_the_bus(app, bus, db, submission, number):
    capture = await bus.capture(REGISTERED)
    reg = number()
    arabic = "".join("٠١٢٣٤٥٦٧٨٩"[int(d)] for d in reg)
    data = submission(registration_number=arabic, contact_phone="٠١٠ ١٢٣٤ ٥٦٧٨", channel="bot")
    event = AssociationRegistrationSubmitted(**data)
    async with running(app):
        sid = await bus.publish_event(event, source="/aswan/intake/bot")
        await bus.publish_event(event, source="/aswan/intake/bot", event_id=sid)  # redelivered
        # a later submission: once its answer is out, the redelivery has been handled too
        later = await bus.publish_event(AssociationRegistrationSubmitted(**submission()))
        [got] = await capture.wait_for(lambda e: e["correlationid"] == sid)
        await capture.wait_for(lambda e: e["correlationid"] == later)
    assert got["type"] == "eg.aswan.registry.AssociationRegistered.v1"
    assert got["data"]["org_id"] == f"EG-MOSS-{reg}"
    assert got["data"]["registration_number"] == reg
    assert got["data"]["contact_phone"] == "+201012345678"
    assert got["data"]["status"] == "pending_verification"
    assert got["data"]["submission_id"] == sid
    assert got["data"]["channel"] == "bot"
    rows = await db.fetchval(
        "SELECT count(*) FROM registry.associations WHERE registration_number = $1", reg
    )
    assert rows == 1
    assert len([e for e in capture.events() if e["correlationid"] == sid]) == 1
    inbox = await db.fetchval("SELECT count(*) FROM registry.inbox WHERE event_id = $1", sid)
    assert inbox == 1


async def test_invalid_bus_submission_is_rejected_with_every_error(app, bus, db):
    capture = await bus.capture(REJECTED)
    event = AssociationRegistrationSubmitted(
        name_ar="", registration_number="12ab", legal_form="club", centre="cairo",
        sectors=["fishing"], contact_phone="12345", contact_email="not-an-email",
        channel="bot", bot_chat_id="chat-77", language="ar",
    )  # fmt: skip
    async with running(app):
        sid = await bus.publish_event(event, source="/aswan/intake/bot")
        [got] = await capture.wait_for(lambda e: e["data"]["submission_id"] == sid)
    assert got["correlationid"] == sid
    fields = {e["field"]: e["code"] for e in got["data"]["errors"]}
    assert fields == {
        "name_ar": "required", "registration_number": "invalid_registration_number",
        "legal_form": "unknown_legal_form", "centre": "unknown_centre",
        "sectors": "unknown_sector", "contact_phone": "invalid_phone",
        "contact_email": "invalid_email",
    }  # fmt: skip
    assert all(e["message_ar"] and e["message_en"] for e in got["data"]["errors"])
    assert got["data"]["channel"] == "bot"
    assert got["data"]["bot_chat_id"] == "chat-77"
    assert got["data"]["contact_email"] == "not-an-email"
    outcome = await db.fetchval(
        "SELECT outcome FROM registry.submissions WHERE submission_id = $1", sid
    )
    assert outcome == "rejected"


async def test_http_registration_is_accepted_and_its_outcome_readable(app, bus, auth, submission):
    capture = await bus.capture(REGISTERED)
    data = submission(submission_id=str(uuid.uuid4()))
    headers = auth("service", sub="portal")
    async with running(app) as client:
        first = await client.post("/v1/registrations", json=data, headers=headers)
        again = await client.post("/v1/registrations", json=data, headers=headers)
        outcome = await client.get(f"/v1/registrations/{data['submission_id']}", headers=headers)
        [event] = await capture.wait_for(lambda e: e["correlationid"] == data["submission_id"])
        listed = await client.get(
            "/v1/associations", params={"q": data["registration_number"]}, headers=auth("staff")
        )
    assert first.status_code == 202, first.text
    assert first.headers["location"] == f"/v1/registrations/{data['submission_id']}"
    assert first.json()["outcome"] == "registered"
    assert again.status_code == 202
    assert again.json() == first.json()
    assert outcome.json()["association_id"] == first.json()["association_id"]
    assert event["data"]["association_id"] == first.json()["association_id"]
    assert listed.json()["total"] == 1


async def test_concurrent_posts_of_one_submission_all_get_its_one_outcome(
    app, bus, db, auth, submission
):
    """A portal retrying while its first request is still in flight: every answer is the one
    outcome, one record, one event (before: the losers of the race answered 500)."""
    capture = await bus.capture(REGISTERED)
    data = submission(submission_id=str(uuid.uuid4()))
    headers = auth("service", sub="portal")
    async with running(app) as client:
        answers = await asyncio.gather(
            *(client.post("/v1/registrations", json=data, headers=headers) for _ in range(6))
        )
        await capture.wait_for(lambda e: e["correlationid"] == data["submission_id"])
        # a later submission: once its event is out, any second event would be out too
        later = submission(submission_id=str(uuid.uuid4()))
        await client.post("/v1/registrations", json=later, headers=headers)
        await capture.wait_for(lambda e: e["correlationid"] == later["submission_id"])
    assert [a.status_code for a in answers] == [202] * 6, [a.text for a in answers]
    assert len({a.json()["association_id"] for a in answers}) == 1
    assert {a.json()["outcome"] for a in answers} == {"registered"}
    rows = await db.fetchval(
        "SELECT count(*) FROM registry.associations WHERE registration_number = $1",
        data["registration_number"],
    )
    assert rows == 1
    assert len([e for e in capture.events() if e["correlationid"] == data["submission_id"]]) == 1


async def test_concurrent_registrations_of_one_number_register_one_and_reject_the_rest(
    app, auth, submission
):
    first = submission()
    rivals = [
        submission(registration_number=first["registration_number"], name_ar=f"جمعية {n} أخرى")
        for n in ("الأمل", "النور", "الخير", "الفجر", "السلام")
    ]
    async with running(app) as client:
        answers = await asyncio.gather(
            *(
                client.post("/v1/registrations", json=data, headers=auth("service"))
                for data in (first, *rivals)
            )
        )
    assert [a.status_code for a in answers] == [202] * 6, [a.text for a in answers]
    outcomes = sorted(a.json()["outcome"] for a in answers)
    assert outcomes == ["registered"] + ["rejected"] * 5
    registered = next(a.json() for a in answers if a.json()["outcome"] == "registered")
    for answer in answers:
        if answer.json()["outcome"] == "rejected":
            body = answer.json()
            assert [e["code"] for e in body["errors"]] == ["duplicate_registration_number"]
            assert body["existing_association_id"] == registered["association_id"]


async def test_registration_needs_a_service_or_staff_token(app, auth, submission):
    async with running(app) as client:
        anonymous = await client.post("/v1/registrations", json=submission())
        association = await client.post(
            "/v1/registrations", json=submission(),
            headers=auth("association", association_id="x"),
        )  # fmt: skip
    assert anonymous.status_code == 401
    assert association.status_code == 403
    assert association.json()["code"] == "forbidden"


async def test_known_registration_number_is_rejected_with_a_pointer(app, bus, auth, submission):
    capture = await bus.capture(REJECTED)
    first = submission()
    second = submission(
        registration_number=first["registration_number"], name_ar="جمعية أخرى تماما"
    )
    headers = auth("service")
    async with running(app) as client:
        registered = (await client.post("/v1/registrations", json=first, headers=headers)).json()
        rejected = await client.post("/v1/registrations", json=second, headers=headers)
        sid = rejected.json()["submission_id"]
        [event] = await capture.wait_for(lambda e: e["data"]["submission_id"] == sid)
    body = rejected.json()
    assert body["outcome"] == "rejected"
    assert body["existing_association_id"] == registered["association_id"]
    assert [e["code"] for e in body["errors"]] == ["duplicate_registration_number"]
    assert event["data"]["existing_association_id"] == registered["association_id"]


async def test_contacts_are_masked_in_logs(app, auth, submission, caplog):
    data = submission(contact_phone="01223456789", contact_email="secretary@example.org")
    with caplog.at_level("INFO", logger="services.registry"):
        async with running(app) as client:
            response = await client.post("/v1/registrations", json=data, headers=auth("service"))
    assert response.json()["outcome"] == "registered"
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert response.json()["submission_id"] in logged
    assert "********789" in logged and "s*******y@example.org" in logged
    assert "01223456789" not in logged and "+201223456789" not in logged
    assert "secretary@" not in logged
