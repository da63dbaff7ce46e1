"""A service as a real process: SIGTERM drains the messages in flight, then the process exits."""

from __future__ import annotations

import signal
import uuid

import httpx

from services.assessment.config import AssessmentSettings
from shared.events.registry import AssociationRegistered
from tests.integration.backbone.processes import ServiceProcess
from tests.support.services import TEST_QUEUES, wait_until


def association(association_id: str) -> AssociationRegistered:
    return AssociationRegistered(
        association_id=association_id,
        org_id="EG-MOSS-1",
        registration_number="1",
        name_ar="جمعية النور",
        legal_form="association",
        centre="edfu",
        sectors=["health"],
        centres_served=["edfu"],
        status="active",
    )


def _register(settings) -> str:
    queue = settings.queue("associations")
    names = TEST_QUEUES.setdefault(settings.queue_prefix, set())
    names.update({queue, queue + ".dlq"} | {f"{queue}.retry.{n}" for n in (1, 2, 3)})
    return queue


async def test_sigterm_drains_in_flight_messages_then_exits(
    settings_for, bus, pg, admin_db_url, tmp_path
):
    settings = settings_for(AssessmentSettings, prefetch=5, drain_seconds=30)
    queue = _register(settings)
    proc = ServiceProcess("assessment", "consumers", settings, tmp_path / "consumers.log")
    proc.start()
    try:
        await proc.wait_ready()
        ids = [str(uuid.uuid4()) for _ in range(40)]
        blocker = await _connect(admin_db_url)
        tx = blocker.transaction()
        await tx.start()
        # Writes to the read model now wait: the consumer's transaction stays open, in flight.
        await blocker.execute("LOCK TABLE assessment.associations IN EXCLUSIVE MODE")
        event_ids = [await bus.publish_event(association(a), source="/aswan/registry") for a in ids]
        await wait_until(lambda: _consumer_blocked(pg))
        proc.terminate()
        await wait_until(lambda: _port_closed(proc.port))
        await wait_until(lambda: _logged(proc, "Waiting for application shutdown"))  # stopping...
        assert proc.proc is not None and proc.proc.poll() is None, "...still finishing in flight"
        await tx.commit()
        await blocker.close()
        # uvicorn re-raises the SIGTERM it handled once shutdown is complete (exit status 143)
        assert await proc.wait_exit(40) in (0, -signal.SIGTERM), proc.logs()
        assert "Application shutdown complete" in proc.logs()
    finally:
        proc.stop()
    done = {
        r["event_id"]
        for r in await pg.fetch(
            "SELECT event_id FROM assessment.inbox WHERE event_id = ANY($1::text[])", event_ids
        )
    }
    rows = await pg.fetchval(
        "SELECT count(*) FROM assessment.associations WHERE association_id = ANY($1::text[])", ids
    )
    left = {m.message_id for m in await bus.drain_queue(queue, timeout=2, count=len(ids))}
    assert done, "the messages in flight at SIGTERM were finished"
    assert rows == len(done)
    assert not (done & left), "a finished message was acked (not redelivered)"
    assert done | left == set(event_ids), "nothing lost"
    print(f"{len(done)} finished during the drain, {len(left)} left in the queue")


async def _connect(url: str):
    import asyncpg

    return await asyncpg.connect(url.replace("+asyncpg", ""))


async def _consumer_blocked(pg) -> bool:
    return bool(
        await pg.fetchval(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'aswan-assessment' "
            "AND wait_event_type = 'Lock'"
        )
    )


async def _logged(proc: ServiceProcess, line: str) -> bool:
    return line in proc.logs()


async def _port_closed(port: int) -> bool:
    try:
        async with httpx.AsyncClient() as client:
            await client.get(f"http://127.0.0.1:{port}/healthz", timeout=0.5)
    except httpx.HTTPError:
        return True
    return False
