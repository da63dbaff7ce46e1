"""Framework import/export (JSON and YAML), FrameworkChanged through the outbox, roles."""

from __future__ import annotations

import yaml

from services.monitoring.demo import demo_framework
from tests.integration.monitoring.conftest import framework_doc
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
