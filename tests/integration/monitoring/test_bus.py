"""Measurements and registry events from the bus: ministry figures approved on arrival, intake
figures waiting for staff, invalid ones dead-lettered with the reason, replays with no second
effect; derived KPIs recomputed idempotently from registry events."""

from __future__ import annotations

import uuid

import asyncpg

from shared.events.intake import IntakeKPIMeasurementReported
from shared.events.ministry import MinistryKPIMeasurementReported
from shared.events.registry import AssociationRegistered, AssociationStatusChanged
from tests.integration.monitoring.conftest import load_framework
from tests.support.services import running, wait_until


async def test_ministry_measurement_is_approved_and_streamed_once(app, bus, auth, uid, db_url):
    kpi = f"t{uid}.cases"
    capture = await bus.capture("monitoring.kpi.updated.v1")
    event = MinistryKPIMeasurementReported(
        kpi_code=kpi, period="2026", centre="kom_ombo", value=85, reported_by="capmas-adapter"
    )
    conn = await asyncpg.connect(db_url("monitoring").replace("+asyncpg", ""))
    try:
        async with running(app) as client:
            await load_framework(client, auth, uid)
            event_id = await bus.publish_event(event, source="/aswan/ministry")
            await bus.publish_event(event, source="/aswan/ministry", event_id=event_id)
            [gov] = await capture.wait_for(
                lambda e: e["data"]["kpi_code"] == kpi and e["data"]["centre"] is None
            )
            count = await wait_until(
                lambda: conn.fetchval(
                    "SELECT count(*) FROM monitoring.inbox WHERE event_id = $1", event_id
                )
            )
            rows = await conn.fetch(
                "SELECT status, source, decided_by FROM monitoring.measurements "
                "WHERE kpi_code = $1",
                kpi,
            )
    finally:
        await conn.close()
    assert count == 1
    assert [tuple(r) for r in rows] == [("approved", "ministry", "auto:ministry")]
    # decrease 100 -> 80: 85 is 75 % of the way -> at_risk with the default thresholds
    assert gov["data"]["value"] == 85 and gov["data"]["progress"] == 0.75
    assert gov["data"]["status"] == "at_risk"
    assert gov["correlationid"]  # the chain keeps its correlation id


async def test_intake_measurement_waits_for_staff(app, bus, auth, uid):
    kpi = f"t{uid}.cases"
    event = IntakeKPIMeasurementReported(
        kpi_code=kpi, period="2026", centre="edfu", value=90, reported_by="assoc-7"
    )
    async with running(app) as client:
        await load_framework(client, auth, uid)
        await bus.publish_event(event, source="/aswan/intake")

        async def pending():
            rows = (await client.get("/v1/measurements/pending", headers=auth("staff"))).json()
            return [r for r in rows if r["kpi_code"] == kpi]

        [row] = await wait_until(pending)
    assert (row["status"], row["value"], row["source"]) == ("submitted", 90, "intake")


async def test_invalid_bus_measurement_is_dead_lettered_with_reason(app, bus, auth, uid):
    kpi = f"t{uid}.enrol"
    bad = IntakeKPIMeasurementReported(
        kpi_code=kpi,
        period="2026",
        centre="edfu",
        numerator=7,
        denominator=5,
        reported_by="assoc-7",
    )
    async with running(app) as client:
        await load_framework(client, auth, uid)
        await bus.publish_event(bad, source="/aswan/intake")
        dlq = app.state.runtime.settings.queue("measurements") + ".dlq"
        [message] = await bus.drain_queue(dlq, timeout=15)
    assert message.headers["x-error-kind"] == "numerator_exceeds_denominator"
    assert "numerator" in str(message.headers["x-error"]).lower()


async def test_derived_kpi_follows_registry_events_idempotently(app, bus, auth, uid):
    kpi = f"t{uid}.reg"
    capture = await bus.capture("monitoring.kpi.updated.v1")
    ids = [str(uuid.uuid4()) for _ in range(2)]

    def registered(association_id: str, number: str, status: str) -> AssociationRegistered:
        return AssociationRegistered(
            association_id=association_id,
            org_id=f"EG-MOSS-{number}",
            registration_number=number,
            name_ar="جمعية النور",
            legal_form="association",
            centre="abu_simbel",
            sectors=["health"],
            centres_served=["abu_simbel"],
            status=status,
        )

    async with running(app) as client:
        await load_framework(client, auth, uid)
        first = await bus.publish_event(
            registered(ids[0], "11", "active"), source="/aswan/registry"
        )
        await bus.publish_event(
            registered(ids[1], "12", "pending_verification"), source="/aswan/registry"
        )
        await bus.publish_event(
            registered(ids[0], "11", "active"), source="/aswan/registry", event_id=first
        )  # replay: no second effect
        await capture.wait_for(
            lambda e: (
                e["data"]["kpi_code"] == kpi
                and e["data"]["centre"] == "abu_simbel"
                and e["data"]["value"] == 2
            )
        )
        await bus.publish_event(
            AssociationStatusChanged(
                association_id=ids[1], **{"from": "pending_verification"}, to="dissolved"
            ),
            source="/aswan/registry",
        )
        await capture.wait_for(
            lambda e: (
                e["data"]["kpi_code"] == kpi
                and e["data"]["centre"] is None
                and e["data"]["value"] == 1
            ),
            count=2,
        )  # 1, 2, then 1 again after the dissolution

        async def values():
            data = (await client.get("/v1/dashboard/data")).json()
            kpis = {k["code"]: k for p in data["pillars"] for k in p["kpis"]}
            return kpis[kpi]["values"]

        final = await values()
        per_10k = (await client.get("/v1/dashboard/data")).json()
    centre_values = [
        e["data"]["value"]
        for e in capture.events()
        if e["data"]["kpi_code"] == kpi and e["data"]["centre"] == "abu_simbel"
    ]
    assert centre_values == [1, 2, 1]  # each change once; the replay published nothing
    [period] = final["abu_simbel"]
    assert final["abu_simbel"][period]["value"] == 1
    assert final["governorate"][period]["value"] == 1
    # one active health association among Abu Simbel's 30,000 inhabitants (reference data)
    kpis = {k["code"]: k for p in per_10k["pillars"] for k in p["kpis"]}
    assert kpis[f"t{uid}.per10k"]["values"]["abu_simbel"][period]["value"] == round(1 / 3, 6)


async def test_successive_ministry_figures_supersede_and_each_change_is_streamed(
    app, bus, auth, uid, db_url
):
    kpi = f"t{uid}.enrol"  # daraw has no target of its own: the governorate's 60 applies
    capture = await bus.capture("monitoring.kpi.updated.v1")
    conn = await asyncpg.connect(db_url("monitoring").replace("+asyncpg", ""))
    try:
        async with running(app) as client:
            await load_framework(client, auth, uid)
            for value in (55, 58, 65):  # published back to back: usually one consumer batch
                await bus.publish_event(
                    MinistryKPIMeasurementReported(
                        kpi_code=kpi,
                        period="2026",
                        centre="daraw",
                        value=value,
                        reported_by="moe-adapter",
                    ),
                    source="/aswan/ministry",
                )
            events = await capture.wait_for(
                lambda e: e["data"]["kpi_code"] == kpi and e["data"]["centre"] == "daraw", count=3
            )
            rows = await conn.fetch(
                "SELECT id, value, status FROM monitoring.measurements WHERE kpi_code = $1 "
                "ORDER BY submitted_at, value DESC",
                kpi,
            )
            trail = await conn.fetch(
                "SELECT measurement_id, action, actor FROM monitoring.measurement_audit "
                "WHERE measurement_id = ANY($1::text[]) ORDER BY id",
                [r["id"] for r in rows],
            )
    finally:
        await conn.close()
    assert [e["data"]["value"] for e in events] == [55, 58, 65]
    assert [e["data"]["status"] for e in events][-1] == "achieved"  # 65 >= 60
    assert {r["value"]: r["status"] for r in rows} == {
        55: "superseded",
        58: "superseded",
        65: "approved",
    }
    for row in rows:
        steps = [(t["action"], t["actor"]) for t in trail if t["measurement_id"] == row["id"]]
        assert steps == [("submitted", "moe-adapter"), ("approved", "auto:ministry")]
