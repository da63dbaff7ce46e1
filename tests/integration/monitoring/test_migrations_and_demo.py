"""The migration stairway (upgrade -> downgrade -> upgrade) on a database of its own, with the
labelled population reference data; and ``load-demo`` importing the DEMO framework."""

from __future__ import annotations

import asyncio
import uuid

import asyncpg

from services.monitoring.config import MonitoringSettings
from services.monitoring.demo import load_demo
from shared.dbsetup import service_url, setup_database
from shared.migrations import downgrade, upgrade
from tests.conftest import ADMIN_URL


async def test_migrations_go_up_down_and_up_again():
    name = f"aswan_stairs_{uuid.uuid4().hex[:8]}"
    await setup_database(ADMIN_URL, name, ("monitoring",))
    url = service_url(ADMIN_URL, "monitoring", name)
    admin = await asyncpg.connect(ADMIN_URL.replace("+asyncpg", ""), database=name)
    try:
        await asyncio.to_thread(upgrade, "monitoring", url)
        await asyncio.to_thread(downgrade, "monitoring", url, "base")
        tables = await admin.fetchval(
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'monitoring' "
            "AND tablename <> 'alembic_version'"
        )
        assert tables == 0
        await asyncio.to_thread(upgrade, "monitoring", url)
        rows = await admin.fetch(
            "SELECT centre, inhabitants, year, source FROM monitoring.population"
        )
    finally:
        await admin.close()
        server = await asyncpg.connect(ADMIN_URL.replace("+asyncpg", ""), database="postgres")
        await server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await server.close()
    assert {r["centre"] for r in rows} == {
        "aswan",
        "daraw",
        "kom_ombo",
        "edfu",
        "nasr_al_nuba",
        "abu_simbel",
    }
    assert all(r["inhabitants"] > 0 and r["year"] == 2017 for r in rows)
    assert all("estimate" in r["source"] for r in rows)  # labelled: not official figures


async def test_load_demo_imports_the_labelled_demo_once(settings_for, db_url):
    settings = settings_for(MonitoringSettings)
    first = await load_demo(settings)
    again = await load_demo(settings)
    conn = await asyncpg.connect(db_url("monitoring").replace("+asyncpg", ""))
    try:
        demo = await conn.fetchval("SELECT demo FROM monitoring.framework_meta WHERE id = 1")
        kpis = await conn.fetchval("SELECT count(*) FROM monitoring.kpis WHERE code LIKE 'demo.%'")
        queued = await conn.fetchval(
            "SELECT count(*) FROM monitoring.outbox WHERE routing_key = $1 "
            "AND convert_from(body, 'UTF8') LIKE '%demo.%'",
            "monitoring.framework.changed.v1",
        )
    finally:
        await conn.close()
    assert demo is True and kpis == 6
    # 3 pillars, 3 objectives, 6 KPIs, 1 initiative; the second import changes nothing
    assert len(first) == 13 and again == []
    assert queued == 13  # one FrameworkChanged each, through the outbox
