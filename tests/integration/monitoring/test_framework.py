"""Framework import/export (JSON and YAML), FrameworkChanged through the outbox, roles."""

from __future__ import annotations

import yaml

from services.monitoring.demo import demo_framework
from tests.integration.monitoring.conftest import framework_doc, load_framework
from tests.support.services import running


async def test_import_publishes_framework_changed_and_exports_round_trip(app, bus, auth, uid):
    capture = await bus.capture("monitoring.framework.changed.v1")
    doc = framework_doc(uid)
    async with running(app) as client:
        first = await client.put("/v1/framework", json=doc, headers=auth("staff"))
        assert first.status_code == 200, first.text
        kinds = {(c["item_kind"], c["change"]) for c in first.json()["changes"]}
        assert kinds == {("pillar", "created"), ("objective", "created"), ("kpi", "created")}
        events = await capture.wait_for(
            lambda e: e["data"]["item_code"].startswith(f"t{uid}"), count=6
        )
        again = await client.put(
            "/v1/framework",
            content=yaml.safe_dump(doc, allow_unicode=True),
            headers={**auth("staff"), "content-type": "application/yaml"},
        )
        exported = await client.get("/v1/framework")
        exported_yaml = await client.get("/v1/framework?format=yaml")
    assert {e["type"] for e in events} == {"eg.aswan.monitoring.FrameworkChanged.v1"}
    assert again.json()["changes"] == []  # same document: nothing changed, nothing published
    pillars = {p["code"]: p for p in exported.json()["pillars"]}
    kpi = pillars[f"t{uid}.P"]["objectives"][0]["kpis"][0]
    assert kpi["code"] == f"t{uid}.enrol" and kpi["aggregation"] == "ratio_of_sums"
    assert kpi["sdg_targets"] == ["4.1"] and kpi["baseline_value"] == 50
    assert exported_yaml.headers["content-type"].startswith("application/yaml")
    assert f"t{uid}.enrol" in exported_yaml.text


async def test_summed_percentages_are_refused(app, auth, uid):
    doc = framework_doc(uid)
    doc["pillars"][0]["objectives"][0]["kpis"][0]["aggregation"] = "sum"
    async with running(app) as client:
        response = await client.put("/v1/framework", json=doc, headers=auth("staff"))
        broken = await client.put(
            "/v1/framework",
            content=b"pillars: [",
            headers={**auth("staff"), "content-type": "text/yaml"},
        )
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "framework_invalid"
    assert "never summed" in body["message_en"] and body["message_ar"]
    assert body["field"].startswith("pillars.0.objectives.0.kpis.0")
    assert broken.status_code == 422 and broken.json()["field"] == "body"


async def test_writes_need_staff_reads_are_public(app, auth, uid):
    async with running(app) as client:
        anonymous = await client.put("/v1/framework", json=framework_doc(uid))
        partner = await client.put(
            "/v1/framework", json=framework_doc(uid), headers=auth("partner")
        )
        public = await client.get("/v1/framework")
    assert anonymous.status_code == 401 and anonymous.json()["code"] == "unauthenticated"
    assert partner.status_code == 403 and partner.json()["message_ar"]
    assert public.status_code == 200


def test_demo_framework_is_labelled_demo():
    demo = demo_framework()
    assert demo.demo is True
    assert "DEMO" in demo.title
    codes = [k.code for p in demo.pillars for o in p.objectives for k in o.kpis]
    assert codes and all(code.startswith("demo.") for code in codes)


async def test_changed_targets_judge_the_stored_values_again(app, bus, auth, uid):
    """A workshop lowers a centre's target and raises the governorate's: the values on record
    are judged against the new targets at once (before: only at the KPI's next measurement)."""
    kpi = f"t{uid}.enrol"  # baseline 50 (2025); 2026 targets: governorate 60, edfu 70
    capture = await bus.capture("monitoring.kpi.#")
    async with running(app) as client:
        doc = await load_framework(client, auth, uid)
        reported = await client.post(
            "/v1/measurements",
            json={
                "kpi_code": kpi,
                "period": "2026",
                "centre": "edfu",
                "numerator": 65,
                "denominator": 100,
            },
            headers=auth("staff"),
        )
        measurement = reported.json()
        approved = await client.post(
            f"/v1/measurements/{measurement['id']}/approve", json={}, headers=auth("staff")
        )
        assert approved.status_code == 200, approved.text
        first = await capture.wait_for(lambda e: e["data"]["kpi_code"] == kpi, count=2)
        [enrol] = doc["pillars"][0]["objectives"][0]["kpis"][:1]
        enrol["targets"] = [
            {"period": "2030", "value": 100},
            {"period": "2026", "value": 80},
            {"period": "2026", "value": 62, "centre": "edfu"},
        ]
        changed = await client.put("/v1/framework", json=doc, headers=auth("staff"))
        assert changed.status_code == 200, changed.text
        later = await capture.wait_for(
            lambda e: e["data"]["kpi_code"] == kpi and e["data"]["target"] in (62, 80), count=3
        )
        data = (await client.get("/v1/dashboard/data")).json()
    before = {e["data"]["centre"]: e["data"]["status"] for e in first}
    assert before == {"edfu": "at_risk", None: "achieved"}
    updated = {
        e["data"]["centre"]: e["data"]
        for e in later
        if e["type"] == "eg.aswan.monitoring.KPIUpdated.v1"
    }
    edfu, governorate = updated["edfu"], updated[None]
    assert (edfu["value"], edfu["target"], edfu["progress"], edfu["status"]) == (
        65, 62, 1.25, "achieved",
    )  # fmt: skip
    assert (governorate["value"], governorate["target"], governorate["progress"]) == (65, 80, 0.5)
    assert governorate["status"] == "off_track"
    [off] = [e for e in later if e["type"] == "eg.aswan.monitoring.KPIOffTrack.v1"]
    assert off["data"]["centre"] is None and off["data"]["previous_status"] == "achieved"
    values = {k["code"]: k["values"] for p in data["pillars"] for k in p["kpis"]}[kpi]
    assert values["edfu"]["2026"]["status"] == "achieved"
    assert values["governorate"]["2026"]["status"] == "off_track"


async def test_retiring_an_objective_retires_its_kpis_until_imported_again(app, bus, auth, uid):
    capture = await bus.capture("monitoring.framework.changed.v1")
    objective, kpis = f"t{uid}.O", {f"t{uid}.{k}" for k in ("enrol", "cases", "q", "reg", "per10k")}
    measurement = {"kpi_code": f"t{uid}.cases", "period": "2026", "centre": "edfu", "value": 90}
    async with running(app) as client:
        doc = await load_framework(client, auth, uid)
        retired = await client.post(
            f"/v1/framework/objectives/{objective}/retire", headers=auth("staff")
        )
        assert retired.status_code == 200, retired.text
        events = await capture.wait_for(
            lambda e: (
                e["data"]["change"] == "retired" and e["data"]["item_code"].startswith(f"t{uid}")
            ),
            count=6,
        )
        again = await client.post(
            f"/v1/framework/objectives/{objective}/retire", headers=auth("staff")
        )
        exported = (await client.get("/v1/framework")).json()
        refused = await client.post("/v1/measurements", json=measurement, headers=auth("staff"))
        revived = await client.put("/v1/framework", json=doc, headers=auth("staff"))
        accepted = await client.post("/v1/measurements", json=measurement, headers=auth("staff"))
    changes = {(c["item_kind"], c["item_code"], c["change"]) for c in retired.json()["changes"]}
    assert changes == {("objective", objective, "retired")} | {("kpi", k, "retired") for k in kpis}
    assert {(e["data"]["item_kind"], e["data"]["item_code"]) for e in events} == {
        (kind, code) for kind, code, _ in changes
    }
    assert again.status_code == 200 and again.json()["changes"] == []
    pillar = next(p for p in exported["pillars"] if p["code"] == f"t{uid}.P")
    assert pillar["objectives"] == []  # the pillar stays, without the retired objective
    assert refused.status_code == 404 and refused.json()["code"] == "kpi_not_found"
    # the same definitions imported again bring them back
    assert {(c["item_code"], c["change"]) for c in revived.json()["changes"]} == {
        (objective, "updated")
    } | {(k, "updated") for k in kpis}
    assert accepted.status_code == 201, accepted.text


async def test_retiring_a_pillar_takes_everything_under_it_and_needs_staff(app, auth, uid):
    async with running(app) as client:
        await load_framework(client, auth, uid)
        anonymous = await client.post(f"/v1/framework/pillars/t{uid}.P/retire")
        association = await client.post(
            f"/v1/framework/pillars/t{uid}.P/retire",
            headers=auth("association", association_id="a-1"),
        )
        unknown = await client.post("/v1/framework/kpis/no.such.kpi/retire", headers=auth("staff"))
        bad_kind = await client.post(f"/v1/framework/things/t{uid}.P/retire", headers=auth("staff"))
        retired = await client.post(f"/v1/framework/pillars/t{uid}.P/retire", headers=auth("staff"))
        exported = (await client.get("/v1/framework")).json()
    assert (anonymous.status_code, association.status_code) == (401, 403)
    assert unknown.status_code == 404
    body = unknown.json()
    assert body["code"] == "framework_item_not_found" and body["field"] == "code"
    assert "no.such.kpi" in body["message_ar"] and "مؤشر" in body["message_ar"]
    assert "no.such.kpi" in body["message_en"]
    assert bad_kind.status_code == 422
    kinds = [c["item_kind"] for c in retired.json()["changes"]]
    assert sorted(kinds) == ["kpi"] * 5 + ["objective", "pillar"]
    assert f"t{uid}.P" not in {p["code"] for p in exported["pillars"]}


async def test_an_exported_framework_imports_again_after_a_linked_kpi_is_retired(app, auth, uid):
    """An initiative keeps its link to a retired KPI (the link comes back with the KPI), but the
    export leaves it out: importing the exported document again must not fail on it."""
    initiative = {
        "code": f"t{uid}.I",
        "name_ar": "مبادرة",
        "lead": "مديرية التعليم",
        "kpi_codes": [f"t{uid}.enrol", f"t{uid}.cases"],
    }

    def mine(framework: dict) -> dict:
        return {
            "title": f"test {uid}",
            "pillars": [p for p in framework["pillars"] if p["code"] == f"t{uid}.P"],
            "initiatives": [i for i in framework["initiatives"] if i["code"] == f"t{uid}.I"],
        }

    async with running(app) as client:
        doc = await load_framework(client, auth, uid)
        saved = await client.put(
            f"/v1/initiatives/t{uid}.I", json=initiative, headers=auth("staff")
        )
        assert saved.status_code == 200, saved.text
        retired = await client.post(
            f"/v1/framework/kpis/t{uid}.cases/retire", headers=auth("staff")
        )
        assert retired.status_code == 200, retired.text
        while_retired = mine((await client.get("/v1/framework")).json())
        await client.put("/v1/framework", json=doc, headers=auth("staff"))  # the KPI comes back
        revived = mine((await client.get("/v1/framework")).json())
        await client.post(f"/v1/framework/kpis/t{uid}.cases/retire", headers=auth("staff"))
        exported = await client.get("/v1/framework?format=yaml")
        imported = await client.put(
            "/v1/framework",
            content=yaml.safe_dump(mine(yaml.safe_load(exported.text)), allow_unicode=True),
            headers={**auth("staff"), "content-type": "application/yaml"},
        )
        after = mine((await client.get("/v1/framework")).json())
    assert while_retired["initiatives"][0]["kpi_codes"] == [f"t{uid}.enrol"]
    assert revived["initiatives"][0]["kpi_codes"] == [f"t{uid}.enrol", f"t{uid}.cases"]
    assert imported.status_code == 200, imported.text
    assert after["initiatives"][0]["kpi_codes"] == [f"t{uid}.enrol"]
    kpis = {k["code"] for k in after["pillars"][0]["objectives"][0]["kpis"]}
    assert f"t{uid}.enrol" in kpis and f"t{uid}.cases" not in kpis
