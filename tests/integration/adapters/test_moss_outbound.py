"""The registry's records pushed to the ministry's register (a stand-in on 127.0.0.1): mapped,
signed, in order per association, idempotent by event id, through an outage (500s and a hang past
the client's timeout) with nothing lost or doubled; refused pushes dead-lettered with the
register's answer; its reference published back as ministry.association.linked.v1."""

from __future__ import annotations

import json
import uuid

import asyncpg

from adapters.moss_register.bootstrap import build
from shared.events.registry import (
    AssociationRegistered,
    AssociationStatusChanged,
    AssociationUpdated,
)
from tests.support.services import running, wait_until

LINKED = "ministry.association.linked.v1"
KINDS = ["registration", "update", "status_change"]


def history(number: str) -> tuple[str, list]:
    """One association's registration, an update and a status change, as the registry says."""
    aid = str(uuid.uuid4())
    return aid, [
        AssociationRegistered(
            association_id=aid, org_id=f"EG-MOSS-{number}", registration_number=number,
            name_ar="جمعية الخير", legal_form="association", centre="edfu",
            sectors=["health"], centres_served=["edfu", "daraw"], status="pending_verification",
            contact_phone="+201012345678",
        ),
        AssociationUpdated(
            association_id=aid, version=2, changed={"name_en": "Good", "centre": "daraw"}
        ),
        AssociationStatusChanged.model_validate(
            {"association_id": aid, "from": "pending_verification", "to": "active"}
        ),
    ]  # fmt: skip


async def publish_all(bus, histories) -> list[str]:
    ids = []
    for step in range(3):  # interleaved: association 1's step 1, association 2's step 1, ...
        for aid, events in histories:
            ids.append(await bus.publish_event(events[step], source="/aswan/registry", subject=aid))
    return ids


def per_association(accepted) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for n in accepted:
        out.setdefault(n["platform_id"], []).append(n["kind"])
    return out


async def test_records_are_mapped_signed_in_order_and_linked(moss_settings, ministry, bus, uid):
    linked = await bus.capture(LINKED)
    histories = [history(str(abs(hash((uid, i))) % 10**9)) for i in range(3)]
    async with running(build(moss_settings())):
        ids = await publish_all(bus, histories)
        await bus.publish_event(  # the registry's relay publishing the first one again
            histories[0][1][0], source="/aswan/registry", event_id=ids[0]
        )
        await wait_until(lambda: _all_in(ministry, ids), timeout=30)
        events = await linked.wait_for(count=3)
    accepted = [n for n in ministry.accepted if n["notification_id"] in ids]
    assert sorted(n["notification_id"] for n in accepted) == sorted(ids)
    assert per_association(accepted) == {aid: KINDS for aid, _ in histories}
    first = next(n for n in accepted if n["notification_id"] == ids[0])
    aid, (registered, *_) = histories[0]
    assert first["mapping"] == "aswan-moss/1"
    assert first["registration_number"] == registered.registration_number
    assert first["record"]["legal_form"] == "NGO_ASSOCIATION"
    assert first["record"]["markaz"] == "edfu" and first["record"]["governorate"] == "ASWAN"
    assert first["record"]["service_areas"] == ["edfu", "daraw"]
    assert first["status"] == "UNDER_REVIEW"
    update = next(n for n in accepted if n["platform_id"] == aid and n["kind"] == "update")
    assert update["registration_number"] == registered.registration_number
    assert update["changes"] == {"name_en": "Good", "markaz": "daraw"}
    change = next(n for n in accepted if n["platform_id"] == aid and n["kind"] == "status_change")
    assert change["status"] == "ACTIVE" and change["previous_status"] == "UNDER_REVIEW"
    assert {e["data"]["association_id"] for e in events} == {a for a, _ in histories}
    one = next(e for e in events if e["data"]["association_id"] == aid)
    assert one["data"]["ministry_reference"] == f"MOSS-ASW-{aid[:8]}"
    assert one["data"]["registration_number"] == registered.registration_number
    assert one["type"] == "eg.aswan.ministry.AssociationLinked.v1"
    assert len(linked.events()) == 3  # once per association, not once per push
    assert len(accepted) == 9


async def test_an_outage_is_ridden_through_in_order_without_loss_or_doubles(
    moss_settings, ministry, bus, uid
):
    histories = [history(str(abs(hash((uid, i, "outage"))) % 10**9)) for i in range(4)]
    ministry.hang_next, ministry.hang_seconds, ministry.fail_next = 1, 1.0, 12
    async with running(build(moss_settings())):
        ids = await publish_all(bus, histories)
        await wait_until(lambda: _all_in(ministry, ids), timeout=30)
    accepted = [n for n in ministry.accepted if n["notification_id"] in ids]
    assert sorted(n["notification_id"] for n in accepted) == sorted(ids)  # each exactly once
    assert per_association(accepted) == {aid: KINDS for aid, _ in histories}
    assert ministry.requests > 12  # the failures were retried


async def _all_in(ministry, ids: list[str]) -> bool:
    return set(ids) <= {n["notification_id"] for n in ministry.accepted}


async def test_a_refused_push_is_dead_lettered_with_the_registers_answer(
    moss_settings, ministry, bus, db_url, uid
):
    ministry.secret = "another-secret-than-the-adapters-0123456789"
    aid, events = history(str(abs(hash((uid, "refused"))) % 10**9))
    app = build(moss_settings())
    dlq = app.state.pusher.dlq
    async with running(app):
        event_id = await bus.publish_event(events[0], source="/aswan/registry", subject=aid)
        [dead] = await bus.drain_queue(dlq, timeout=20)
    assert dead.message_id == event_id
    headers = dead.headers or {}
    assert headers["x-error-kind"] == "ministry_refused"
    assert "HTTP 401" in str(headers["x-error"]) and "signature refused" in str(headers["x-error"])
    assert headers["x-original-routing-key"] == "registry.association.registered.v1"
    assert json.loads(dead.body)["data"]["association_id"] == aid
    conn = await asyncpg.connect(db_url("moss_register").replace("+asyncpg", ""))
    try:
        row = await conn.fetchrow(
            "SELECT state, attempts FROM pushes WHERE event_id = $1", event_id
        )
    finally:
        await conn.close()
    assert row["state"] == "dead" and row["attempts"] == 1
    assert ministry.accepted == []


async def test_a_register_that_stays_down_dead_letters_after_the_last_try(
    moss_settings, ministry, bus, uid
):
    ministry.fail_next = 1000
    aid, events = history(str(abs(hash((uid, "down"))) % 10**9))
    app = build(moss_settings(push_attempts=3))
    async with running(app):
        event_id = await bus.publish_event(events[0], source="/aswan/registry", subject=aid)
        [dead] = await bus.drain_queue(app.state.pusher.dlq, timeout=20)
    assert dead.message_id == event_id
    assert (dead.headers or {})["x-error-kind"] == "retries_exhausted"
    assert "HTTP 500" in str((dead.headers or {})["x-error"])
    assert (dead.headers or {})["x-attempts"] == 3
    assert ministry.requests >= 3
