"""Geography reference data (seeded, editable by admins), organisations and partnerships."""

from __future__ import annotations

import uuid

from tests.support.services import running


async def test_geography_is_seeded_for_aswan(app, auth):
    async with running(app) as client:
        centres = await client.get(
            "/v1/geography", params={"kind": "centre"}, headers=auth("partner")
        )
        edfu = await client.get("/v1/geography", params={"centre": "edfu"}, headers=auth("staff"))
    assert {p["code"] for p in centres.json()} == {
        "aswan",
        "daraw",
        "kom_ombo",
        "edfu",
        "nasr_al_nuba",
        "abu_simbel",
    }
    names = {p["name_ar"] for p in edfu.json()}
    assert {"الرديسية قبلي", "البصيلية", "السباعية غرب"} <= names
    assert all(p["name_en"] for p in edfu.json())


async def test_admins_edit_geography_staff_may_not(app, auth):
    code = f"v_{uuid.uuid4().hex[:8]}"
    place = {"code": code, "kind": "village", "parent_code": "kalabsha",
             "name_ar": "قرية جديدة", "name_en": "New village"}  # fmt: skip
    async with running(app) as client:
        denied = await client.post("/v1/geography", json=place, headers=auth("staff"))
        added = await client.post("/v1/geography", json=place, headers=auth("admin"))
        twice = await client.post("/v1/geography", json=place, headers=auth("admin"))
        renamed = await client.patch(f"/v1/geography/{code}", json={"name_ar": "كلابشة الجديدة"},
                                     headers=auth("admin"))  # fmt: skip
        orphan = await client.post("/v1/geography", json={**place, "code": code + "x",
                                   "parent_code": "nowhere"}, headers=auth("admin"))  # fmt: skip
    assert denied.status_code == 403
    assert added.status_code == 201 and added.json()["centre"] == "nasr_al_nuba"
    assert twice.status_code == 409 and twice.json()["code"] == "place_exists"
    assert renamed.json()["name_ar"] == "كلابشة الجديدة"
    assert orphan.status_code == 404 and orphan.json()["code"] == "place_not_found"


async def test_partnership_is_recorded_and_published(app, bus, auth, tokens, submission):
    capture = await bus.capture("registry.partnership.recorded.v1")
    staff = auth("staff")
    async with running(app) as client:
        aid = (
            await client.post("/v1/registrations", json=submission(), headers=auth("service"))
        ).json()["association_id"]
        org = await client.post("/v1/organisations", json={
            "name_en": "Deutsche Gesellschaft fuer Internationale Zusammenarbeit",
            "kind": "development_partner",
            "country": "DE"}, headers=staff)  # fmt: skip
        body = {"association_id": aid, "organisation_id": org.json()["organisation_id"],
                "kind": "training", "sectors": ["women"], "centres": ["edfu", "daraw"],
                "starts_on": "2026-01-01", "ends_on": "2026-12-31"}  # fmt: skip
        recorded = await client.post("/v1/partnerships", json=body, headers=staff)
        unknown = await client.post("/v1/partnerships", json={**body, "organisation_id": "nope"},
                                    headers=staff)  # fmt: skip
        pid = recorded.json()["partnership_id"]
        [event] = await capture.wait_for(lambda e: e["data"]["partnership_id"] == pid)
        # a partner reads the partnerships of its own organisation (its token names it)
        partner = tokens.mint("p", ["partner"], organisation_id=org.json()["organisation_id"])
        listed = await client.get(
            f"/v1/associations/{aid}/partnerships", headers={"Authorization": f"Bearer {partner}"}
        )
    assert org.status_code == 201
    assert event["data"]["kind"] == "training"
    assert event["data"]["centres"] == ["edfu", "daraw"]
    assert event["data"]["starts_on"] == "2026-01-01"
    assert unknown.status_code == 404 and unknown.json()["code"] == "organisation_not_found"
    assert [p["partnership_id"] for p in listed.json()] == [pid]
