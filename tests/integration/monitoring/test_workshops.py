"""Workshops: proposals move proposed -> discussed -> adopted/rejected; adopting changes the
framework and publishes FrameworkChanged naming the workshop. Initiatives and their partners."""

from __future__ import annotations

import uuid

from shared.events.registry import AssociationRegistered
from tests.integration.monitoring.conftest import load_framework
from tests.support.services import running, wait_until


async def test_adopted_proposal_creates_the_kpi_and_records_the_decision(app, bus, auth, uid):
    capture = await bus.capture("monitoring.framework.changed.v1")
    code = f"t{uid}.new_kpi"
    async with running(app) as client:
        await load_framework(client, auth, uid)
        workshop = await client.post(
            "/v1/workshops",
            headers=auth("staff"),
            json={
                "held_on": "2026-03-14",
                "centre": "edfu",
                "title": "ورشة محور التعليم",
                "participants": [{"name": "منى", "organisation": "جمعية النور", "role": "منسقة"}],
            },
        )
        assert workshop.status_code == 201, workshop.text
        workshop_id = workshop.json()["id"]
        proposal = await client.post(
            f"/v1/workshops/{workshop_id}/proposals",
            headers=auth("staff"),
            json={
                "kind": "kpi",
                "parent_code": f"t{uid}.O",
                "proposed_by": "منى",
                "payload": {
                    "code": code,
                    "name_ar": "مدارس مجتمعية",
                    "unit": "مدرسة",
                    "measure": "count",
                    "aggregation": "sum",
                },
            },
        )
        assert proposal.status_code == 201, proposal.text
        pid = proposal.json()["id"]
        early = await client.post(
            f"/v1/proposals/{pid}/status", json={"to": "adopted"}, headers=auth("staff")
        )
        discussed = await client.post(
            f"/v1/proposals/{pid}/status", json={"to": "discussed"}, headers=auth("staff")
        )
        adopted = await client.post(
            f"/v1/proposals/{pid}/status",
            json={"to": "adopted", "note": "بالإجماع"},
            headers=auth("staff", sub="chair"),
        )
        [event] = await capture.wait_for(lambda e: e["data"]["item_code"] == code)
        framework = (await client.get("/v1/framework")).json()
    assert early.status_code == 409 and early.json()["code"] == "proposal_state"
    assert discussed.status_code == 200
    assert adopted.json()["status"] == "adopted" and adopted.json()["decided_by"] == "chair"
    assert event["data"] == {
        "item_kind": "kpi",
        "item_code": code,
        "change": "created",
        "decided_in": workshop_id,
    }
    kpis = [k["code"] for p in framework["pillars"] for o in p["objectives"] for k in o["kpis"]]
    assert code in kpis


async def test_adopting_a_new_target_judges_the_values_on_record_again(app, bus, auth, uid):
    kpi = f"t{uid}.cases"  # a count to bring down from 100 (2025) to 80 in 2026
    capture = await bus.capture("monitoring.kpi.updated.v1")
    async with running(app) as client:
        doc = await load_framework(client, auth, uid)
        m = await client.post(
            "/v1/measurements",
            json={"kpi_code": kpi, "period": "2026", "centre": "aswan", "value": 90},
            headers=auth("staff"),
        )
        approved = await client.post(
            f"/v1/measurements/{m.json()['id']}/approve", json={}, headers=auth("staff")
        )
        assert approved.status_code == 200, approved.text
        [before] = await capture.wait_for(
            lambda e: e["data"]["kpi_code"] == kpi and e["data"]["centre"] is None
        )
        workshop = await client.post(
            "/v1/workshops",
            headers=auth("staff"),
            json={"held_on": "2026-05-02", "centre": "aswan", "title": "مراجعة المستهدفات"},
        )
        payload = doc["pillars"][0]["objectives"][0]["kpis"][1] | {
            "targets": [{"period": "2026", "value": 95}]  # a target the workshop finds realistic
        }
        proposal = await client.post(
            f"/v1/workshops/{workshop.json()['id']}/proposals",
            headers=auth("staff"),
            json={
                "kind": "kpi",
                "parent_code": f"t{uid}.O",
                "proposed_by": "لجنة",
                "payload": payload,
            },
        )
        pid = proposal.json()["id"]
        for to in ("discussed", "adopted"):
            moved = await client.post(
                f"/v1/proposals/{pid}/status", json={"to": to}, headers=auth("staff")
            )
            assert moved.status_code == 200, moved.text
        [after] = await capture.wait_for(
            lambda e: (
                e["data"]["kpi_code"] == kpi
                and e["data"]["centre"] is None
                and e["data"]["target"] == 95
            )
        )
    # (90-100)/(80-100) = 0.5: off track; against 95, (90-100)/(95-100) = 2: achieved
    assert (before["data"]["progress"], before["data"]["status"]) == (0.5, "off_track")
    assert (after["data"]["value"], after["data"]["progress"]) == (90, 2.0)
    assert after["data"]["status"] == "achieved"


async def test_invalid_proposals_and_rejection(app, auth, uid):
    async with running(app) as client:
        workshop_id = (
            await client.post(
                "/v1/workshops",
                headers=auth("staff"),
                json={"held_on": "2026-03-15", "centre": "daraw", "title": "ورشة"},
            )
        ).json()["id"]
        bad = await client.post(
            f"/v1/workshops/{workshop_id}/proposals",
            headers=auth("staff"),
            json={
                "kind": "kpi",
                "parent_code": "x",
                "proposed_by": "a",
                "payload": {
                    "code": "k",
                    "name_ar": "ن",
                    "unit": "%",
                    "measure": "percent",
                    "aggregation": "sum",
                },
            },
        )
        missing = await client.post(
            "/v1/workshops/nope/proposals",
            headers=auth("staff"),
            json={"kind": "pillar", "proposed_by": "a", "payload": {"code": "p", "name_ar": "م"}},
        )
        pid = (
            await client.post(
                f"/v1/workshops/{workshop_id}/proposals",
                headers=auth("staff"),
                json={
                    "kind": "pillar",
                    "proposed_by": "a",
                    "payload": {"code": f"t{uid}.P9", "name_ar": "محور"},
                },
            )
        ).json()["id"]
        rejected = await client.post(
            f"/v1/proposals/{pid}/status", json={"to": "rejected"}, headers=auth("staff")
        )
        unauthorised = await client.post("/v1/workshops", headers=auth("partner"), json={})
    assert bad.status_code == 422 and bad.json()["code"] == "framework_invalid"
    assert "never summed" in bad.json()["message_en"]
    assert missing.status_code == 404 and missing.json()["code"] == "workshop_not_found"
    assert rejected.json()["status"] == "rejected"
    assert unauthorised.status_code == 403


async def test_initiative_partners_come_from_the_registry_read_model(app, bus, auth, uid):
    association_id = str(uuid.uuid4())
    initiative = {
        "code": f"t{uid}.I",
        "name_ar": "مبادرة",
        "lead": "مديرية التعليم",
        "partners": [association_id],
        "agencies": ["مديرية الصحة"],
        "budget": 250000,
        "starts": "2026",
        "ends": "2028",
        "kpi_codes": [f"t{uid}.enrol"],
    }
    async with running(app) as client:
        await load_framework(client, auth, uid)
        unknown = await client.put(
            f"/v1/initiatives/t{uid}.I", json=initiative, headers=auth("staff")
        )
        await bus.publish_event(
            AssociationRegistered(
                association_id=association_id,
                org_id="EG-MOSS-77",
                registration_number="77",
                name_ar="جمعية الخير",
                legal_form="association",
                centre="edfu",
                sectors=["education"],
                centres_served=["edfu"],
                status="active",
            ),
            source="/aswan/registry",
        )

        async def accepted():
            response = await client.put(
                f"/v1/initiatives/t{uid}.I", json=initiative, headers=auth("staff")
            )
            return response if response.status_code == 200 else None

        saved = await wait_until(accepted)
        framework = (await client.get("/v1/framework")).json()
    assert unknown.status_code == 422 and unknown.json()["code"] == "unknown_association"
    assert unknown.json()["field"] == "partners"
    assert saved.json()["change"] == "created"
    [stored] = [i for i in framework["initiatives"] if i["code"] == f"t{uid}.I"]
    assert stored["partners"] == [association_id] and stored["budget"] == 250000
