"""PostgreSQL crashes and comes back under load: every service reconnects by itself, /readyz shows
the outage and the recovery, the messages in flight are retried, and nothing is lost or doubled.

A private cluster (tests/support/private_postgres.py) holds the database of the registry and
the assessment service, running in-process with their real consumers and relays on this test's
exchange of the shared RabbitMQ. Registrations are published at a steady rate; a third of the way
in the cluster is stopped as by a crash (``pg_ctl -m immediate``), left down for longer than all
the retry delays together, and started again (crash recovery): the consumers hold the messages
that failed for want of a database instead of spending their retries on it. Afterwards: every
registration is one association, one AssociationRegistered event (an id republished after the
crash carries the same content), one row in assessment's read model, and no dead letter."""

from __future__ import annotations

import asyncio
import json
import random
import time
from collections.abc import AsyncIterator

import asyncpg
import httpx
import pytest

from services.assessment.bootstrap import build as build_assessment
from services.assessment.config import AssessmentSettings
from services.registry.bootstrap import build as build_registry
from services.registry.config import RegistrySettings
from shared.dbsetup import service_url, setup_database
from shared.events.intake import AssociationRegistrationSubmitted
from shared.events.registry import AssociationRegistered
from shared.migrations import upgrade
from tests.support.private_postgres import PrivatePostgres
from tests.support.services import running, wait_until

pytestmark = pytest.mark.chaos
N = 150
RATE = 50  # registrations per second
DOWN_SECONDS = 12.0  # longer than the retry delays add up to (0.5 + 2 + 8 s)


@pytest.fixture
async def private_pg() -> AsyncIterator[PrivatePostgres]:
    if PrivatePostgres.BIN is None:
        pytest.skip("no PostgreSQL server binaries to start a private cluster")
    pg = PrivatePostgres()
    try:
        await asyncio.to_thread(pg.init)
        await asyncio.to_thread(pg.start)
        yield pg
    finally:
        await asyncio.to_thread(pg.destroy)


def _submission(n: int) -> AssociationRegistrationSubmitted:
    return AssociationRegistrationSubmitted(
        name_ar=f"جمعية الصمود رقم {n} {random.randint(1, 10**9)}",
        registration_number=str(random.randint(10**9, 10**11)),
        legal_form="association",
        centre="kom_ombo",
        sectors=["education"],
        centres_served=["kom_ombo"],
    )


async def test_database_crash_under_load_loses_nothing_and_readiness_shows_it(
    private_pg, settings_for, bus
) -> None:
    await setup_database(private_pg.admin_url, "aswan")
    for service in ("registry", "assessment"):
        await asyncio.to_thread(
            upgrade, service, service_url(private_pg.admin_url, service, "aswan")
        )
    # production-like retry delays: the outage outlasts the tests' usual 50-200 ms
    common = {"retry_delays_ms": (500, 2000, 8000), "relay_poll_seconds": 0.5, "db_pool_size": 3}
    registry = build_registry(
        settings_for(
            RegistrySettings,
            database_url=service_url(private_pg.admin_url, "registry", "aswan"),
            **common,
        )
    )
    assessment = build_assessment(
        settings_for(
            AssessmentSettings,
            database_url=service_url(private_pg.admin_url, "assessment", "aswan"),
            **common,
        )
    )
    capture = await bus.capture(AssociationRegistered.ROUTING_KEY)
    readiness: list[tuple[float, int, dict]] = []
    async with running(registry) as client, running(assessment):

        async def ready() -> int:
            try:
                response = await client.get("/readyz")
            except httpx.HTTPError:
                return 0
            readiness.append((time.monotonic(), response.status_code, response.json()))
            return response.status_code

        await wait_until(lambda: _equals(ready(), 200))
        crashed_at: float | None = None
        restarted_at = 0.0
        for n in range(N):
            await bus.publish_event(_submission(n))
            if n == N // 3:
                await asyncio.to_thread(private_pg.crash)
                crashed_at = time.monotonic()
                await wait_until(lambda: _equals(ready(), 503), timeout=15)
            if crashed_at is not None and time.monotonic() - crashed_at > DOWN_SECONDS:
                await asyncio.to_thread(private_pg.start)
                restarted_at, crashed_at = time.monotonic(), None
            await asyncio.sleep(1 / RATE)
        if crashed_at is not None:  # the stream ended first: the database stays down as long
            await asyncio.sleep(max(0.0, DOWN_SECONDS - (time.monotonic() - crashed_at)))
            await asyncio.to_thread(private_pg.start)
            restarted_at = time.monotonic()
        await wait_until(lambda: _equals(ready(), 200), timeout=30)
        recovered_in = readiness[-1][0] - restarted_at

        async def announced() -> bool:
            return len({e["data"]["association_id"] for e in capture.events()}) >= N

        await wait_until(announced, timeout=60)
        ids = {e["data"]["association_id"] for e in capture.events()}
        assert len(ids) == N, f"{len(ids)} associations announced for {N} registrations"
        by_id: dict[str, str] = {}
        for message in capture.messages:
            body = json.loads(message.body)
            assert by_id.setdefault(body["id"], message.body.decode()) == message.body.decode()
        db = await asyncpg.connect(
            private_pg.admin_url.replace("+asyncpg", "").rsplit("/", 1)[0] + "/aswan"
        )
        try:
            assert await db.fetchval("SELECT count(*) FROM registry.associations") == N
            await wait_until(
                lambda: _equals(db.fetchval("SELECT count(*) FROM assessment.associations"), N),
                timeout=30,
            )
            unsent = await db.fetchval(
                "SELECT (SELECT count(*) FROM registry.outbox WHERE sent_at IS NULL)"
                " + (SELECT count(*) FROM assessment.outbox WHERE sent_at IS NULL)"
            )
            assert unsent == 0
        finally:
            await db.close()
        for app in (registry, assessment):
            for consumer, _ in app.state.runtime.consumers:
                assert await bus.queue_depth(consumer.spec.dlq) == 0, consumer.spec.dlq
    outage = [body for _, status, body in readiness if status == 503]
    assert outage and outage[0]["database"].startswith("down"), outage[:1]
    assert readiness[-1][2]["ready"] is True
    print(
        f"\n{N} registrations at {RATE}/s, database down {DOWN_SECONDS:.0f} s: ready again "
        f"{recovered_in:.1f} s after the restart; {len(capture.messages)} AssociationRegistered "
        f"messages for {N} associations ({len(capture.messages) - N} republished, same content)"
    )


async def _equals(value, expected) -> bool:
    return await value == expected
