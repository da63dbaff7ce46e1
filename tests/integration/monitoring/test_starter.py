"""The starter framework of a fresh platform: only derived KPIs, no baselines or targets,
loaded once (several processes starting together decide once), never over a framework that was
built, never again after workshops changed it; and a registration moving its KPI. Each test has
a database of its own: the starter is about what a fresh platform holds."""

from __future__ import annotations

import asyncio
import re
import uuid
from collections.abc import AsyncIterator
from typing import Any

import asyncpg
import pytest

from services.monitoring.bootstrap import build
from services.monitoring.config import MonitoringSettings
from services.monitoring.demo import load_demo
from services.monitoring.starter import ensure_starter, starter_framework
from shared.dbsetup import service_url, setup_database
from shared.events.codes import SECTORS
from shared.events.registry import AssociationRegistered
from shared.migrations import upgrade
from tests.conftest import ADMIN_URL
from tests.integration.monitoring.conftest import framework_doc
from tests.support.services import running, wait_until

SCRIPTS = ("vendor/echarts.min.js", "dashboard-charts.js", "dashboard.js", "dashboard.css")


@pytest.fixture
async def fresh(settings_for: Any) -> AsyncIterator[tuple[MonitoringSettings, asyncpg.Connection]]:
    name = f"aswan_starter_{uuid.uuid4().hex[:8]}"
    await setup_database(ADMIN_URL, name, ("monitoring",))
    url = service_url(ADMIN_URL, "monitoring", name)
    await asyncio.to_thread(upgrade, "monitoring", url)
    conn = await asyncpg.connect(url.replace("+asyncpg", ""))
    try:
        yield settings_for(MonitoringSettings, database_url=url), conn
    finally:
        await conn.close()
        server = await asyncpg.connect(ADMIN_URL.replace("+asyncpg", ""), database="postgres")
        await server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await server.close()


def test_the_starter_is_made_only_of_derived_kpis_without_targets():
    framework = starter_framework()
    kpis = [k for p in framework.pillars for o in p.objectives for k in o.kpis]
    assert not framework.demo and "Starter" in framework.title and "مبدئي" in framework.title
    assert all(k.code.startswith("starter.") for k in kpis)
    assert all(k.derived is not None for k in kpis)
    assert all(not k.targets and k.baseline_value is None for k in kpis)
    assert all(k.name_ar and k.name_en for k in kpis)
    coverage = {k.derived_sector for k in kpis if k.derived == "needs_coverage"}
    assert coverage == {s.value for s in SECTORS}  # one per sector of the code list


async def test_loaded_once_on_a_fresh_platform_even_by_processes_starting_together(fresh):
    settings, conn = fresh
    results = await asyncio.gather(*(ensure_starter(settings) for _ in range(3)))
    again = await ensure_starter(settings)
    kpis = await conn.fetch("SELECT code, derived FROM monitoring.kpis")
    queued = await conn.fetchval(
        "SELECT count(*) FROM monitoring.outbox WHERE routing_key = $1",
        "monitoring.framework.changed.v1",
    )
    registered = await conn.fetch(
        "SELECT scope, value, status FROM monitoring.kpi_values WHERE kpi_code = $1",
        "starter.registered",
    )
    meta = await conn.fetchrow("SELECT title, demo FROM monitoring.framework_meta")
    record = await conn.fetchrow("SELECT loaded FROM monitoring.starter")
    assert sorted(len(r) for r in results) == [0, 0, len(kpis) + 4 + 4]  # 4 pillars, 4 objectives
    assert again == [] and queued == len(results[0] or results[1] or results[2])
    assert all(k["derived"] for k in kpis) and len(kpis) == 6 + 2 * len(SECTORS)
    assert meta["demo"] is False and "مبدئي" in meta["title"]
    assert record["loaded"] is True
    # derived at once from the (empty) read models: no association in any centre yet, no target
    assert {r["scope"]: (r["value"], r["status"]) for r in registered} == {
        **{c: (0.0, "no_data") for c in ("aswan", "daraw", "kom_ombo", "edfu")},
        **{c: (0.0, "no_data") for c in ("nasr_al_nuba", "abu_simbel", "governorate")},
    }


async def test_never_over_a_framework_that_was_built(fresh, auth):
    settings, conn = fresh
    app = build(settings)
    async with running(app) as client:
        response = await client.put(
            "/v1/framework", json=framework_doc("built"), headers=auth("staff")
        )
        assert response.status_code == 200, response.text
    assert await ensure_starter(settings) == []
    assert (
        await conn.fetchval("SELECT count(*) FROM monitoring.kpis WHERE code LIKE 'starter.%'") == 0
    )
    assert await conn.fetchval("SELECT loaded FROM monitoring.starter") is False


async def test_beside_the_demo_and_not_back_after_a_workshop_retired_it(fresh, auth):
    settings, conn = fresh
    await load_demo(settings)  # the demo alone is no built framework
    assert await ensure_starter(settings)
    app = build(settings)
    async with running(app) as client:
        retired = await client.post(
            "/v1/framework/pillars/starter.capacity/retire", headers=auth("staff")
        )
        assert retired.status_code == 200, retired.text
    assert await ensure_starter(settings) == []
    live = await conn.fetchval(
        "SELECT count(*) FROM monitoring.kpis WHERE code LIKE 'starter.capacity%' AND NOT retired"
    )
    assert live == 0


async def test_a_registration_moves_the_starter_kpi(fresh, bus):
    settings, _ = fresh
    await ensure_starter(settings)
    app = build(settings)
    event = AssociationRegistered(
        association_id=str(uuid.uuid4()),
        org_id="EG-MOSS-4242",
        registration_number="4242",
        name_ar="جمعية الخير",
        legal_form="association",
        centre="kom_ombo",
        sectors=["education"],
        centres_served=["kom_ombo"],
        status="pending_verification",
    )
    async with running(app) as client:
        await bus.publish_event(event, source="/aswan/registry")

        async def counted() -> dict[str, Any] | None:
            data = (await client.get("/v1/dashboard/data")).json()
            kpis = {k["code"]: k for p in data["pillars"] for k in p["kpis"]}
            values = kpis["starter.registered"]["values"]
            latest = {scope: max(periods.items())[1] for scope, periods in values.items()}
            return kpis if latest["kom_ombo"]["value"] == 1 else None

        kpis = await wait_until(counted)
    share = {s: max(p.items())[1] for s, p in kpis["starter.verified_share"]["values"].items()}
    assert share["kom_ombo"]["value"] == 0 and share["kom_ombo"]["denominator"] == 1
    assert share["kom_ombo"]["status"] == "no_data"  # progress without a target: not judged


async def test_the_page_labels_the_starter_in_both_languages_without_inline_script(fresh):
    settings, _ = fresh
    await ensure_starter(settings)
    async with running(build(settings)) as client:
        arabic = (await client.get("/dashboard")).text
        english = (await client.get("/dashboard", params={"lang": "en"})).text
        files = [await client.get(f"/dashboard/{n}") for n in SCRIPTS]
        missing = await client.get("/dashboard/../config.py")
    assert 'lang="ar" dir="rtl"' in arabic and 'lang="en" dir="ltr"' in english
    assert "إطار مبدئي" in arabic and "Starter framework, to be replaced in workshops" in arabic
    assert "Starter framework" in english and "يُستبدل في ورش العمل" in english
    for page in (arabic, english):
        scripts = re.findall(r"<script\b[^>]*>", page)
        assert scripts and all(" src=" in s for s in scripts)  # no inline script
        assert not re.search(r"\son[a-z]+=", page)  # no inline event handler
        assert "<style" not in page and " style=" not in page
    assert all(f.status_code == 200 and f.content for f in files)
    assert files[0].headers["content-type"].startswith("text/javascript")
    assert missing.status_code == 404
