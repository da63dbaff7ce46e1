"""Two units of work changing one (KPI, period): the second waits for the first's lock and then
reads what the first committed, so the governorate aggregate counts both centres."""

from __future__ import annotations

import asyncio

import asyncpg

from services.monitoring.config import SCHEMA, MonitoringSettings
from services.monitoring.domain.framework import Kpi
from services.monitoring.domain.records import ValueRow
from services.monitoring.service_layer.handlers.measurements import on_measurement_reported
from services.monitoring.service_layer.unit_of_work import MonitoringUnitOfWork
from shared.db import make_engine
from shared.events.envelope import make_envelope
from shared.events.ministry import MinistryKPIMeasurementReported
from tests.integration.monitoring.conftest import load_framework
from tests.support.services import running


async def test_arrival_waiting_on_the_lock_reads_what_its_holder_committed(
    app, auth, uid, settings_for, db_url
):
    kpi = f"t{uid}.cases"  # summed over centres
    async with running(app) as client:
        await load_framework(client, auth, uid)
    settings = settings_for(MonitoringSettings)
    engine = make_engine(settings.database_url, SCHEMA)

    def uow() -> MonitoringUnitOfWork:
        return MonitoringUnitOfWork(engine, settings.source, SCHEMA)

    async def arrival() -> None:
        event = MinistryKPIMeasurementReported(
            kpi_code=kpi, period="2026", centre="aswan", value=20, reported_by="adapter"
        )
        async with uow() as work:
            await on_measurement_reported(
                make_envelope(event, source="/aswan/ministry", subject=None), work
            )
            await work.commit()

    try:
        async with uow() as holder:
            await holder.values.lock([(kpi, "2026")])
            row = ValueRow(
                kpi, "2026", "edfu", 30.0, None, None, 80.0, None, "on_track", "measured"
            )
            await holder.values.save([row])
            waiting = asyncio.create_task(arrival())
            await asyncio.sleep(0.5)
            assert not waiting.done(), "the arrival must wait for the (KPI, period) lock"
            await holder.commit()
        await asyncio.wait_for(waiting, 10)
    finally:
        await engine.dispose()
    conn = await asyncpg.connect(db_url("monitoring").replace("+asyncpg", ""))
    try:
        values = dict(
            await conn.fetch(
                "SELECT scope, value FROM monitoring.kpi_values WHERE kpi_code = $1", kpi
            )
        )
    finally:
        await conn.close()
    assert values == {"edfu": 30.0, "aswan": 20.0, "governorate": 50.0}


async def test_a_definition_rolled_back_is_never_served_from_the_cache(
    app, auth, uid, settings_for
):
    """A unit of work that changes a KPI reads its own, uncommitted definition; other units of
    work of the process must keep seeing the committed one (the cache is per process)."""
    kpi = f"t{uid}.cases"
    async with running(app) as client:
        doc = await load_framework(client, auth, uid)
    definition = Kpi.model_validate(doc["pillars"][0]["objectives"][0]["kpis"][1])
    settings = settings_for(MonitoringSettings)
    engine = make_engine(settings.database_url, SCHEMA)

    def uow() -> MonitoringUnitOfWork:
        return MonitoringUnitOfWork(engine, settings.source, SCHEMA)

    try:
        async with uow() as writer:
            changed = definition.model_copy(update={"name_ar": "اسم لم يعتمد"})
            await writer.framework.save_kpi(changed, f"t{uid}.O", f"t{uid}.P", 1)
            async with uow() as reader:  # caches the committed definition meanwhile
                committed = await reader.framework.kpi(kpi)
            own = await writer.framework.kpi(kpi)
            # leaving without commit: rolled back
        async with uow() as later:
            after = await later.framework.kpi(kpi)
    finally:
        await engine.dispose()
    assert committed is not None and committed[0].name_ar == definition.name_ar
    assert own is not None and own[0].name_ar == "اسم لم يعتمد", "its own write, not the cache"
    assert after is not None and after[0].name_ar == definition.name_ar
