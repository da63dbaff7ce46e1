"""Measurements over HTTP: validation, approval by staff, locking, audit trail, the KPI stream
(centre + governorate by the KPI's rule), KPIOffTrack."""

from __future__ import annotations

from tests.integration.monitoring.conftest import load_framework
from tests.support.services import running


async def report(client, auth, body, role="service"):
    # the portal's service token: an association reports only the KPIs of its initiatives
    # (tests/integration/reliability/test_scoped_roles.py)
    extra = {"association_id": "a-1"} if role == "association" else {}
    return await client.post("/v1/measurements", json=body, headers=auth(role, **extra))


async def test_approved_measurement_updates_centre_and_governorate(app, bus, auth, uid):
    kpi = f"t{uid}.enrol"
    capture = await bus.capture("monitoring.kpi.#")
    async with running(app) as client:
        await load_framework(client, auth, uid)
        reported = await report(
            client,
            auth,
            {
                "kpi_code": kpi,
                "period": "٢٠٢٦",
                "centre": "edfu",
                "numerator": "٦٥",
                "denominator": "١٠٠",
                "comment": "سجلات المدارس",
            },
        )
        assert reported.status_code == 201, reported.text
        measurement = reported.json()
        assert measurement["status"] == "submitted" and measurement["value"] == 65
        approved = await client.post(
            f"/v1/measurements/{measurement['id']}/approve",
            json={},
            headers=auth("staff", sub="reviewer-1"),
        )
        assert approved.status_code == 200, approved.text
        events = await capture.wait_for(lambda e: e["data"]["kpi_code"] == kpi, count=2)
        again = await client.post(
            f"/v1/measurements/{measurement['id']}/approve", json={}, headers=auth("staff")
        )
        detail = await client.get(f"/v1/measurements/{measurement['id']}", headers=auth("staff"))
    by_scope = {e["data"]["centre"]: e["data"] for e in events}
    edfu = by_scope["edfu"]
    # edfu's own 2026 target is 70: progress (65-50)/(70-50) = 0.75 -> at_risk
    assert (edfu["value"], edfu["target"], edfu["progress"], edfu["status"]) == (
        65,
        70,
        0.75,
        "at_risk",
    )
    governorate = by_scope[None]  # ratio of sums of one centre; governorate target 60
    assert (governorate["value"], governorate["target"], governorate["status"]) == (
        65,
        60,
        "achieved",
    )
    assert {e["type"] for e in events} == {"eg.aswan.monitoring.KPIUpdated.v1"}
    assert again.status_code == 409 and again.json()["code"] == "measurement_locked"
    trail = detail.json()["audit"]
    assert [a["action"] for a in trail] == ["submitted", "approved"]
    assert trail[1]["actor"] == "reviewer-1"


async def test_percentages_aggregate_by_ratio_of_sums_and_corrections_supersede(
    app, bus, auth, uid
):
    kpi = f"t{uid}.enrol"
    capture = await bus.capture("monitoring.kpi.updated.v1")
    async with running(app) as client:
        await load_framework(client, auth, uid)
        for centre, num, den in (("edfu", 30, 100), ("daraw", 90, 100), ("daraw", 190, 200)):
            m = (
                await report(
                    client,
                    auth,
                    {
                        "kpi_code": kpi,
                        "period": "2026",
                        "centre": centre,
                        "numerator": num,
                        "denominator": den,
                    },
                )
            ).json()
            ok = await client.post(
                f"/v1/measurements/{m['id']}/approve", json={}, headers=auth("staff")
            )
            assert ok.status_code == 200, ok.text
        # 30/100 and then daraw corrected to 190/200: (30+190)/(100+200) = 73.33 %
        [gov] = await capture.wait_for(
            lambda e: (
                e["data"]["kpi_code"] == kpi
                and e["data"]["centre"] is None
                and e["data"]["numerator"] == 220
            )
        )
    assert gov["data"]["denominator"] == 300
    assert abs(gov["data"]["value"] - 73.333333) < 1e-4


async def test_off_track_status_publishes_kpi_off_track(app, bus, auth, uid):
    kpi = f"t{uid}.cases"  # decrease from 100 to 80 in 2026
    capture = await bus.capture("monitoring.kpi.off-track.v1")
    async with running(app) as client:
        await load_framework(client, auth, uid)
        m = (
            await report(
                client,
                auth,
                {"kpi_code": kpi, "period": "2026", "centre": "aswan", "value": 120},
                role="staff",
            )
        ).json()
        ok = await client.post(
            f"/v1/measurements/{m['id']}/approve", json={}, headers=auth("staff")
        )
        assert ok.status_code == 200, ok.text
        [event] = await capture.wait_for(lambda e: e["data"]["kpi_code"] == kpi)
        data = (await client.get("/v1/dashboard/data")).json()
    assert event["type"] == "eg.aswan.monitoring.KPIOffTrack.v1"
    assert event["data"]["centre"] is None  # the governorate: sum of centres = 120
    assert event["data"]["status"] == "off_track" and event["data"]["previous_status"] is None
    assert event["data"]["progress"] == -1.0  # (120-100)/(80-100): moved the wrong way
    # a summed KPI has no centre target unless one is set: the centre cannot be judged
    values = {k["code"]: k["values"] for p in data["pillars"] for k in p["kpis"]}[kpi]
    assert values["aswan"]["2026"]["status"] == "no_data"
    assert values["aswan"]["2026"]["value"] == 120


async def test_returned_measurement_needs_a_comment_and_changes_nothing(app, auth, uid):
    async with running(app) as client:
        await load_framework(client, auth, uid)
        m = (
            await report(client, auth, {"kpi_code": f"t{uid}.cases", "period": "2026", "value": 90})
        ).json()
        silent = await client.post(
            f"/v1/measurements/{m['id']}/return", json={}, headers=auth("staff")
        )
        returned = await client.post(
            f"/v1/measurements/{m['id']}/return",
            json={"comment": "المصدر غير واضح"},
            headers=auth("staff"),
        )
        by_association = await client.post(
            f"/v1/measurements/{m['id']}/approve",
            json={},
            headers=auth("association", association_id="a-1"),
        )
        data = (await client.get("/v1/dashboard/data")).json()
    assert silent.status_code == 422 and silent.json()["field"] == "comment"
    assert returned.status_code == 200
    assert returned.json()["status"] == "returned"
    assert returned.json()["decision_comment"] == "المصدر غير واضح"
    assert by_association.status_code == 403
    kpis = {k["code"]: k for p in data["pillars"] for k in p["kpis"]}
    assert kpis[f"t{uid}.cases"]["values"] == {}


async def test_invalid_measurements_are_refused_with_code_and_field(app, auth, uid):
    p = f"t{uid}"
    cases = [
        ({"kpi_code": f"{p}.enrol", "period": "2026-Q1", "value": 5}, "period_mismatch", "period"),
        ({"kpi_code": f"{p}.q", "period": "2026", "value": 5}, "period_mismatch", "period"),
        (
            {"kpi_code": f"{p}.enrol", "period": "2026", "numerator": 120, "denominator": 100},
            "numerator_exceeds_denominator",
            "numerator",
        ),
        ({"kpi_code": f"{p}.enrol", "period": "2026", "value": 130}, "value_out_of_range", "value"),
        ({"kpi_code": f"{p}.cases", "period": "2026", "value": -1}, "value_out_of_range", "value"),
        (
            {"kpi_code": f"{p}.cases", "period": "2026", "value": 5, "unit": "kg"},
            "unit_mismatch",
            "unit",
        ),
        ({"kpi_code": f"{p}.cases", "period": "2026"}, "value_missing", "value"),
        ({"kpi_code": f"{p}.nope", "period": "2026", "value": 1}, "kpi_not_found", "kpi_code"),
        ({"kpi_code": f"{p}.reg", "period": "2026", "value": 1}, "measurement_invalid", "kpi_code"),
    ]
    async with running(app) as client:
        await load_framework(client, auth, uid)
        anonymous = await client.post("/v1/measurements", json=cases[0][0])
        answers = [await report(client, auth, body) for body, _, _ in cases]
        quarter = await report(
            client, auth, {"kpi_code": f"{p}.q", "period": "2026-Q2", "value": "١٥٠"}
        )
    assert anonymous.status_code == 401
    for answer, (_, code, field) in zip(answers, cases, strict=True):
        body = answer.json()
        assert (answer.status_code, body["code"], body["field"]) == (
            404 if code == "kpi_not_found" else 422,
            code,
            field,
        ), body
        assert body["message_ar"] and body["message_en"]
    # the Arabic message says as much as the English one: what was expected, what was sent
    by_code = {code: answer.json() for answer, (_, code, _) in zip(answers, cases, strict=True)}
    assert "حالة" in by_code["unit_mismatch"]["message_ar"]  # the KPI's own unit
    assert "ربع سنة" in answers[1].json()["message_ar"]  # the quarterly KPI given a year
    assert "130" in answers[3].json()["message_ar"]
    assert f"{p}.nope" in by_code["kpi_not_found"]["message_ar"]
    assert quarter.status_code == 201 and quarter.json()["value"] == 150


async def test_outlier_against_history_is_flagged_not_refused(app, auth, uid):
    kpi = f"t{uid}.cases"
    async with running(app) as client:
        await load_framework(client, auth, uid)
        for value in (95, 97, 96, 98):
            m = (
                await report(
                    client,
                    auth,
                    {"kpi_code": kpi, "period": "2026", "centre": "daraw", "value": value},
                )
            ).json()
            assert m["outlier"] is False
            await client.post(f"/v1/measurements/{m['id']}/approve", json={}, headers=auth("staff"))
        odd = await report(
            client, auth, {"kpi_code": kpi, "period": "2026", "centre": "daraw", "value": 900}
        )
    assert odd.status_code == 201 and odd.json()["outlier"] is True
