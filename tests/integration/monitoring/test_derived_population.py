"""The population reference data is editable: setting a centre's inhabitants (Arabic-Indic
digits accepted) recomputes its active associations per 10,000 inhabitants; bad input is refused
with the field named and changes nothing."""

from __future__ import annotations

import uuid
from typing import Any

import asyncpg

from services.monitoring.reference import population_command
from shared.events.registry import AssociationRegistered
from tests.support.services import running, wait_until


def framework(uid: str) -> dict[str, Any]:
    kpi = {
        "code": f"t{uid}.per10k",
        "name_ar": "جمعيات نشطة لكل ١٠٬٠٠٠ نسمة",
        "unit": "لكل ١٠٬٠٠٠ نسمة",
        "measure": "ratio",
        "aggregation": "ratio_of_sums",
        "derived": "active_per_10k",
        "derived_sector": "disability",
    }
    objective = {"code": f"t{uid}.O", "name_ar": "هدف", "kpis": [kpi]}
    return {"pillars": [{"code": f"t{uid}.P", "name_ar": "محور", "objectives": [objective]}]}


async def test_setting_a_population_recomputes_the_per_10k_kpi(app, bus, auth, uid, db_url, capsys):
    code = f"t{uid}.per10k"
    settings = app.state.runtime.settings
    conn = await asyncpg.connect(db_url("monitoring").replace("+asyncpg", ""))
    before = await conn.fetchrow("SELECT * FROM monitoring.population WHERE centre = 'daraw'")
    try:
        async with running(app) as client:
            await client.put("/v1/framework", json=framework(uid), headers=auth("staff"))
            await bus.publish_event(
                AssociationRegistered(
                    association_id=str(uuid.uuid4()),
                    org_id="EG-MOSS-990011",
                    registration_number="990011",
                    name_ar="جمعية رعاية ذوي الإعاقة",
                    legal_form="association",
                    centre="daraw",
                    sectors=["disability"],
                    centres_served=["daraw"],
                    status="active",
                ),
                source="/aswan/registry",
            )

            async def value() -> float | None:
                data = (await client.get("/v1/dashboard/data")).json()
                kpis = {k["code"]: k for p in data["pillars"] for k in p["kpis"]}
                periods = kpis[code]["values"].get("daraw", {})
                return max(periods.items())[1]["value"] if periods else None

            first = await wait_until(value)
            refused = await population_command(settings, ["daraw", "-5", "2024", "x"])
            unknown = await population_command(settings, ["luxor", "1000", "2024", "x"])
            source = "governorate of Aswan, letter of 2026-12-01 (test)"
            done = await population_command(settings, ["daraw", "٢٠٠٠٠٠", "2024", source])
            second = await value()
            row = await conn.fetchrow("SELECT * FROM monitoring.population WHERE centre = 'daraw'")
    finally:
        await conn.execute(
            "UPDATE monitoring.population SET inhabitants = $1, year = $2, source = $3 "
            "WHERE centre = 'daraw'",
            before["inhabitants"],
            before["year"],
            before["source"],
        )
        await conn.close()
    assert (refused, unknown, done) == (2, 2, 0)
    assert "not set" in capsys.readouterr().err
    assert first == round(1 / (before["inhabitants"] / 10_000), 6)
    assert second == 0.05  # one active association among 200,000 inhabitants
    assert (row["inhabitants"], row["year"], row["source"]) == (200_000, 2024, source)
