"""RabbitMQ stopped and started under all the services at once: each one's readiness shows the
outage and the recovery, each reconnects by itself, and nothing is lost or doubled.

Registry, assessment and monitoring run in-process on a private RabbitMQ node (the machine's
shared node serves other people's tests), with their real consumers and relays. Registrations
are published; while the registry is still working through them the broker application is
stopped (queues and messages stay on disk), then started again; more registrations follow.
Afterwards every registration is one association in the registry and one row in assessment's
read model, every service is ready again, no outbox row is left unsent and no dead letter."""

from __future__ import annotations

import asyncio
import random
import time

import asyncpg
import httpx
import pytest

from services.assessment.bootstrap import build as build_assessment
from services.assessment.config import AssessmentSettings
from services.monitoring.bootstrap import build as build_monitoring
from services.monitoring.config import MonitoringSettings
from services.registry.bootstrap import build as build_registry
from services.registry.config import RegistrySettings
from shared.events.intake import AssociationRegistrationSubmitted
from shared.messaging.topology import declare_exchange
from tests.integration.backbone.test_chaos import (  # noqa: F401 - the private node fixture
    PrivateRabbit,
    rabbit,
)
from tests.support.bus import TestBus
from tests.support.services import running, wait_until

pytestmark = pytest.mark.chaos
BEFORE, AFTER = 120, 60


def _submission() -> AssociationRegistrationSubmitted:
    return AssociationRegistrationSubmitted(
        name_ar=f"جمعية النهضة رقم {random.randint(1, 10**9)}",
        registration_number=str(random.randint(10**9, 10**11)),
        legal_form="foundation",
        centre="abu_simbel",
        sectors=["culture_heritage"],
        centres_served=["abu_simbel"],
    )


async def _consumers(bus: TestBus, queue: str) -> int:
    channel = await bus._conn.channel()  # type: ignore[union-attr]
    try:
        declared = await channel.declare_queue(queue, passive=True)
        return int(declared.declaration_result.consumer_count or 0)
    finally:
        await channel.close()


async def _publish_when_possible(bus: TestBus, event: AssociationRegistrationSubmitted) -> str:
    deadline = time.monotonic() + 30
    while True:
        try:
            return await bus.publish_event(event)
        except Exception:
            if time.monotonic() > deadline:
                raise
            await asyncio.sleep(0.2)


async def test_broker_restart_under_every_service_loses_nothing(
    rabbit: PrivateRabbit,  # noqa: F811 - the fixture imported above
    settings_for,
    admin_db_url,
) -> None:
    # small pools: three services in one process, beside the rest of the suite, on the shared
    # server (max_connections 100)
    on_private = {"amqp_url": rabbit.url, "retry_delays_ms": (500, 2000, 8000), "db_pool_size": 3}
    apps = {
        "registry": build_registry(settings_for(RegistrySettings, **on_private)),
        "assessment": build_assessment(settings_for(AssessmentSettings, **on_private)),
        "monitoring": build_monitoring(settings_for(MonitoringSettings, **on_private)),
    }
    exchange = apps["registry"].state.runtime.settings.exchange
    bus = TestBus(rabbit.url, exchange)
    await bus.connect()
    await declare_exchange(bus.channel, exchange)
    db = await asyncpg.connect(admin_db_url.replace("+asyncpg", ""))
    statuses: dict[str, list[int]] = {name: [] for name in apps}
    try:
        async with (
            running(apps["registry"]) as registry,
            running(apps["assessment"]) as assessment,
            running(apps["monitoring"]) as monitoring,
        ):
            clients = {"registry": registry, "assessment": assessment, "monitoring": monitoring}

            async def all_are(status: int) -> bool:
                now = {}
                for name, client in clients.items():
                    try:
                        now[name] = (await client.get("/readyz")).status_code
                    except httpx.HTTPError:
                        now[name] = 0
                    statuses[name].append(now[name])
                return all(code == status for code in now.values())

            await wait_until(lambda: all_are(200), timeout=30)
            numbers = []
            for _ in range(BEFORE):
                event = _submission()
                numbers.append(event.registration_number)
                await bus.publish_event(event)
            stopped = await asyncio.to_thread(rabbit.ctl, "stop_app")
            assert stopped.returncode == 0, stopped.stderr
            await wait_until(lambda: all_are(503), timeout=30)
            await asyncio.sleep(2)
            started = await asyncio.to_thread(rabbit.ctl, "start_app")
            assert started.returncode == 0, started.stderr
            await wait_until(lambda: all_are(200), timeout=60)
            for _ in range(AFTER):
                event = _submission()
                numbers.append(event.registration_number)
                await _publish_when_possible(bus, event)

            async def registered() -> bool:
                n = await db.fetchval(
                    "SELECT count(*) FROM registry.associations"
                    " WHERE registration_number = ANY($1::text[])",
                    numbers,
                )
                return n == len(numbers)

            await wait_until(registered, timeout=90)
            ids = [
                r["association_id"]
                for r in await db.fetch(
                    "SELECT association_id::text FROM registry.associations"
                    " WHERE registration_number = ANY($1::text[])",
                    numbers,
                )
            ]

            async def read_model() -> bool:
                n = await db.fetchval(
                    "SELECT count(*) FROM assessment.associations"
                    " WHERE association_id = ANY($1::text[])",
                    ids,
                )
                return n == len(numbers)

            await wait_until(read_model, timeout=60)

            async def relayed() -> bool:
                left = 0
                for schema in apps:
                    left += await db.fetchval(
                        f"SELECT count(*) FROM {schema}.outbox WHERE sent_at IS NULL"
                    )
                return left == 0

            await wait_until(relayed, timeout=60)
            for app in apps.values():
                for consumer, _ in app.state.runtime.consumers:
                    assert await bus.queue_depth(consumer.spec.dlq) == 0, consumer.spec.dlq
                    # one consumer per queue: the watchdog's re-attach and aio-pika's own
                    # restore of the old channel must not both consume
                    assert await _consumers(bus, consumer.spec.name) == 1, consumer.spec.name
    finally:
        await db.close()
        await bus.close()
    assert len(set(numbers)) == BEFORE + AFTER
    for name, seen in statuses.items():
        assert 503 in seen, f"{name}'s readiness never showed the outage"
        assert seen[-1] == 200, f"{name} is not ready again"
