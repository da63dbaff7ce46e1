"""Status lifecycle: staff actions and the ministry's decisions, each published with its reason;
a decision for an unknown registration number is dead-lettered with that reason."""

from __future__ import annotations

from datetime import UTC, datetime

from shared.events.ministry import AssociationStatusDecided
from tests.support.services import running

CHANGED = "registry.association.status-changed.v1"


async def _registered(client, auth, submission, **fields):
    response = await client.post(
        "/v1/registrations", json=submission(**fields), headers=auth("service")
    )
    return response.json()["association_id"]


async def test_staff_actions_follow_the_lifecycle_and_are_published(app, bus, auth, submission):
    capture = await bus.capture(CHANGED)
    staff = auth("staff", sub="officer-1")
    async with running(app) as client:
        aid = await _registered(client, auth, submission, centre="daraw", sectors=["women"])
        verify = await client.post(f"/v1/associations/{aid}/verify", json={}, headers=staff)
        no_reason = await client.post(f"/v1/associations/{aid}/suspend", json={}, headers=staff)
        suspend = await client.post(
            f"/v1/associations/{aid}/suspend",
            json={"reason": "تأخر التقارير المالية"},
            headers=staff,
        )
        again = await client.post(f"/v1/associations/{aid}/verify", json={}, headers=staff)
        reactivate = await client.post(
            f"/v1/associations/{aid}/reactivate", json={"reason": "قدمت التقارير"}, headers=staff
        )
        partner = await client.post(f"/v1/associations/{aid}/dissolve", json={"reason": "x"},
                                    headers=auth("partner"))  # fmt: skip
        events = await capture.wait_for(lambda e: e["data"]["association_id"] == aid, count=3)
        history = await client.get(f"/v1/associations/{aid}/history", headers=staff)
    assert verify.json()["status"] == "active"
    assert no_reason.status_code == 422 and no_reason.json()["code"] == "reason_required"
    assert suspend.json()["status"] == "suspended"
    assert again.status_code == 409 and again.json()["code"] == "invalid_status_transition"
    assert reactivate.json()["status"] == "active"
    assert partner.status_code == 403
    moves = [(e["data"]["from"], e["data"]["to"]) for e in events]
    assert moves == [
        ("pending_verification", "active"),
        ("active", "suspended"),
        ("suspended", "active"),
    ]
    assert events[1]["data"]["reason"] == "تأخر التقارير المالية"
    assert events[1]["data"]["centre"] == "daraw" and events[1]["data"]["sectors"] == ["women"]
    assert events[1]["data"]["decided_by"] == "officer-1"
    assert [h["action"] for h in history.json()] == ["verify", "suspend", "reactivate"]
    assert history.json()[1]["before"] == {"status": "active"}
    assert history.json()[1]["actor"] == "officer-1"


async def test_ministry_decision_applies_to_the_registration_number(
    app, bus, auth, submission, number
):
    capture = await bus.capture(CHANGED)
    reg = number()
    async with running(app) as client:
        aid = await _registered(client, auth, submission, registration_number=reg)
        decision = AssociationStatusDecided(
            registration_number="".join("٠١٢٣٤٥٦٧٨٩"[int(d)] for d in reg), status="dissolved",
            decided_at=datetime.now(UTC), reference="MOSS-2026-118", reason="حل بقرار وزاري",
        )  # fmt: skip
        eid = await bus.publish_event(decision, source="/aswan/ministry")
        [event] = await capture.wait_for(lambda e: e["causationid"] == eid)
        record = await client.get(f"/v1/associations/{aid}", headers=auth("staff"))
    assert event["data"]["association_id"] == aid
    assert event["data"]["to"] == "dissolved"
    assert event["data"]["reason"] == "حل بقرار وزاري"
    assert record.json()["status"] == "dissolved"


async def test_ministry_decision_for_unknown_number_is_dead_lettered(app, bus, settings_for):
    from services.registry.config import RegistrySettings

    dlq = settings_for(RegistrySettings).queue("ministry") + ".dlq"
    decision = AssociationStatusDecided(
        registration_number="999999999999", status="suspended",
        decided_at=datetime.now(UTC), reference="MOSS-X",
    )  # fmt: skip
    async with running(app):
        eid = await bus.publish_event(decision, source="/aswan/ministry")
        [message] = await bus.drain_queue(dlq, timeout=15)
    assert message.message_id == eid
    assert message.headers["x-error-kind"] == "unknown_registration_number"
    assert "999999999999" in message.headers["x-error"]
