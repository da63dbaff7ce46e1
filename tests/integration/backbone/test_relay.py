"""The outbox relay: exactly-once effect across a SIGKILL of the relay process, order per
subject and work sharing between two relays (FOR UPDATE SKIP LOCKED)."""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from typing import Any

from services.assessment.config import SCHEMA, AssessmentSettings
from services.assessment.service_layer.unit_of_work import AssessmentUnitOfWork
from shared.db import asyncpg_dsn, make_engine
from shared.events.assessment import NeedsUpdated
from shared.messaging.publisher import ConfirmPublisher
from shared.messaging.relay import OutboxRelay
from tests.integration.backbone.harness import need
from tests.integration.backbone.processes import ServiceProcess
from tests.support.services import wait_until


async def _commit_assessment_events(settings, campaigns: list[str]) -> list[str]:
    engine = make_engine(settings.database_url, SCHEMA)
    ids: list[str] = []
    try:
        for start in range(0, len(campaigns), 500):
            async with AssessmentUnitOfWork(engine, settings.source, SCHEMA) as uow:
                for i, campaign in enumerate(campaigns[start : start + 500]):
                    ids.append(uow.publish(need(campaign), subject=f"s{i % 30}").id)
                await uow.commit()
    finally:
        await engine.dispose()
    return ids


async def test_committed_events_survive_relay_sigkill_with_one_effect_each(
    settings_for, make_harness, bus, pg, uid, tmp_path
):
    settings = settings_for(AssessmentSettings, relay_batch=200)
    consumer = make_harness()  # consumes NeedsUpdated on this test's exchange
    capture = await bus.capture(NeedsUpdated.ROUTING_KEY)
    ids = await _commit_assessment_events(settings, [f"k-{uid}-{n}" for n in range(3000)])
    relay = ServiceProcess("assessment", "relay", settings, tmp_path / "relay.log")

    async def unsent() -> int:
        return await pg.fetchval(
            "SELECT count(*) FROM assessment.outbox WHERE sent_at IS NULL "
            "AND event_id = ANY($1::text[])",
            ids,
        )

    async with consumer.running():
        relay.start()
        try:
            await capture.wait_for(lambda e: e["id"] in set(ids), timeout=90)
            relay.kill()  # SIGKILL while it is publishing: committed, not (all) published
            left_at_kill = await unsent()
            assert left_at_kill > 0, "the kill must land before everything was published"
            relay.start()
            await relay.wait_ready()
            await wait_until(lambda: _zero(unsent), timeout=120)
            await wait_until(lambda: _count_effects(pg, consumer.schema, len(ids)), timeout=120)
        finally:
            relay.stop()
    on_bus = Counter(e["id"] for e in capture.events() if e["id"] in set(ids))
    assert set(on_bus) == set(ids), "every committed event reached the bus"
    rows = await pg.fetch(f'SELECT event_id, n FROM "{consumer.schema}".effects')
    assert {r["event_id"] for r in rows} == set(ids)
    assert {r["n"] for r in rows} == {1}, "a republished event must have no second effect"
    print(
        f"killed with {left_at_kill} unsent; {sum(on_bus.values()) - len(ids)} duplicates "
        "on the bus absorbed by the inbox"
    )


async def _zero(count) -> bool:
    return await count() == 0


async def _count_effects(pg, schema: str, expected: int) -> bool:
    return await pg.fetchval(f'SELECT count(*) FROM "{schema}".effects') >= expected


async def test_two_relays_share_the_outbox_and_keep_subject_order(
    make_harness, bus, admin_db_url, uid
):
    harness = make_harness()  # not started: only its schema and unit of work are used
    hot = [f"hot-{uid}-{n}" for n in range(4)]
    ordered: list[str] = []
    loose: list[str] = []
    for block in range(5):
        ordered += await harness.commit_events([f"o-{uid}"] * 80, subject=lambda i: hot[i % 4])
        loose += await harness.commit_events(
            [f"l-{uid}"] * 100, subject=lambda i, b=block: f"own-{uid}-{b}-{i}"
        )
    capture = await bus.capture("#")
    exchange = harness.settings.exchange
    dsn = asyncpg_dsn(admin_db_url)
    relays = [
        OutboxRelay(
            dsn,
            harness.schema,
            ConfirmPublisher(bus.amqp_url, f"relay-{name}"),
            exchange,
            batch=25,
            poll_seconds=0.05,
        )
        for name in ("a", "b")
    ]
    tasks = [asyncio.create_task(r.run()) for r in relays]
    try:
        await capture.wait_for(count=len(ordered) + len(loose), timeout=60)
    finally:
        for relay in relays:
            await relay.stop()
        await asyncio.gather(*tasks)
        for relay in relays:
            await relay.publisher.close()
    arrived = [(m.app_id, json.loads(m.body)) for m in capture.messages]
    ids = Counter(e["id"] for _, e in arrived)
    assert set(ids) == set(ordered) | set(loose)
    assert max(ids.values()) == 1, "SKIP LOCKED: no row is published by both relays"
    by_relay = Counter(app for app, _ in arrived)
    assert by_relay["relay-a"] > 0 and by_relay["relay-b"] > 0, by_relay
    for subject in hot:
        committed = [i for n, i in enumerate(ordered) if hot[n % 4] == subject]
        seen = [e["id"] for _, e in arrived if e.get("subject") == subject]
        assert seen == committed, f"order of {subject} broken"


async def test_prune_deletes_old_sent_outbox_rows_and_old_inbox_rows_only(settings_for, pg, uid):
    settings = settings_for(AssessmentSettings, outbox_keep_days=7, inbox_keep_days=30)
    ids = {name: f"prune-{uid}-{name}" for name in ("old", "recent", "unsent")}
    for name, sent, created in (
        ("old", "now() - interval '8 days'", "now() - interval '9 days'"),
        ("recent", "now() - interval '6 days'", "now() - interval '6 days'"),
        ("unsent", "NULL", "now() - interval '40 days'"),  # never pruned while unsent
    ):
        await pg.execute(
            "INSERT INTO assessment.outbox (event_id, routing_key, event_type, body, created_at, "
            f"sent_at) VALUES ($1, 'k', 't', '\\x7b7d', {created}, {sent})",
            ids[name],
        )
    for name, received in (("old", "now() - interval '31 days'"), ("recent", "now()")):
        await pg.execute(
            "INSERT INTO assessment.inbox (source, event_id, event_type, received_at) "
            f"VALUES ('/prune', $1, 't', {received})",
            ids[name],
        )
    relay = OutboxRelay(
        asyncpg_dsn(settings.database_url),
        SCHEMA,
        ConfirmPublisher(settings.amqp_url, "prune-test"),
        settings.exchange,
        keep_days=settings.outbox_keep_days,
        inbox_keep_days=settings.inbox_keep_days,
    )
    try:
        # earlier tests' rows are recent: only this test's old ones go
        assert await relay.prune() == (1, 1)
    finally:
        await relay.stop()
        await relay._drop_connections(only_broken=False)
        # the unsent row must not be relayed by a later test
        await pg.execute("DELETE FROM assessment.outbox WHERE event_id = $1", ids["unsent"])
    outbox = {r[0] for r in await pg.fetch("SELECT event_id FROM assessment.outbox")}
    inbox = {r[0] for r in await pg.fetch("SELECT event_id FROM assessment.inbox")}
    assert ids["old"] not in outbox and ids["recent"] in outbox
    assert ids["old"] not in inbox and ids["recent"] in inbox


async def test_relay_keeps_using_the_index_as_the_outbox_grows(make_harness, bus, pg, uid):
    """A relay started on an empty outbox must not keep a plan made for an empty table: a cached
    generic plan is a sequential scan, and it would stay one as days of sent rows pile up (until
    autovacuum's next ANALYZE), making every batch read the whole table."""
    harness = make_harness()
    table = f'"{harness.schema}".outbox'
    # no ANALYZE (which would re-plan) during the test; ALTER TABLE itself re-plans, so first
    await pg.execute(f"ALTER TABLE {table} SET (autovacuum_enabled = false)")
    await bus.capture("#")  # the exchange, and a queue for what the relay publishes
    relay = OutboxRelay(
        asyncpg_dsn(harness.settings.database_url),
        harness.schema,
        ConfirmPublisher(bus.amqp_url, "plan-test"),
        harness.settings.exchange,
        poll_seconds=0.05,
    )
    task = asyncio.create_task(relay.run())

    async def publish_batches(n: int) -> None:
        for _ in range(n):  # one relay batch each: more than the 5 runs before a generic plan
            ids = set(await harness.commit_events([f"p-{uid}"] * 3))
            await wait_until(lambda ids=ids: _all_sent(pg, table, ids), timeout=30)

    async def rows_read_by_scans() -> int:
        await asyncio.sleep(1.2)  # backends report their table statistics within a second
        return await pg.fetchval(
            "SELECT seq_tup_read FROM pg_stat_user_tables WHERE schemaname = $1 "
            "AND relname = 'outbox'",
            harness.schema,
        )

    try:
        await publish_batches(8)
        await pg.execute(  # a week of sent rows
            f"INSERT INTO {table} (event_id, routing_key, event_type, body, sent_at) "
            "SELECT 'old-' || g, 'k', 't', '\\x7b7d', now() FROM generate_series(1, 20000) g"
        )
        before = await rows_read_by_scans()
        await publish_batches(8)
        read = await rows_read_by_scans() - before
    finally:
        await relay.stop()
        await task
        await relay.publisher.close()
    assert read < 20000, f"the relay scanned the outbox: {read} rows read for 8 batches"


async def _all_sent(pg, table: str, ids: set[str]) -> bool:
    unsent = await pg.fetchval(
        f"SELECT count(*) FROM {table} WHERE sent_at IS NULL AND event_id = ANY($1::text[])",
        list(ids),
    )
    return unsent == 0


class _NackOnce(ConfirmPublisher):
    """Fault injection: the broker refuses one event's first publish (as a nack would); every
    other publish, and that event's next attempt, go to the real broker."""

    def __init__(self, amqp_url: str, app_id: str, refuse: str) -> None:
        super().__init__(amqp_url, app_id)
        self.refuse: str | None = refuse

    async def publish(self, exchange: str, routing_key: str, body: bytes, **kw: Any) -> None:
        if kw.get("message_id") == self.refuse:
            self.refuse = None
            raise RuntimeError("nacked (injected)")
        await super().publish(exchange, routing_key, body, **kw)


async def test_a_refused_publish_stops_its_subject_so_no_later_event_overtakes_it(
    make_harness, bus, uid
):
    harness = make_harness()
    subject = f"agg-{uid}"
    ids = await harness.commit_events(
        [f"n-{uid}"] * 8, subject=lambda i: subject if i % 2 == 0 else f"own-{uid}-{i}"
    )
    ordered = ids[0::2]  # the subject's four events, in commit order
    capture = await bus.capture("#")
    relay = OutboxRelay(
        asyncpg_dsn(harness.settings.database_url),
        harness.schema,
        _NackOnce(bus.amqp_url, "nack-test", refuse=ordered[0]),
        harness.settings.exchange,
        poll_seconds=0.05,
    )
    task = asyncio.create_task(relay.run())
    try:
        await capture.wait_for(lambda e: e["id"] in set(ids), count=len(ids), timeout=30)
    finally:
        await relay.stop()
        await task
        await relay.publisher.close()
    seen = [e["id"] for e in capture.events() if e.get("subject") == subject]
    assert seen == ordered, "a later event of the subject went out before the refused one"
    assert {e["id"] for e in capture.events()} >= set(ids)
