"""Good traffic with and without poison on the same queue, in the same run.

    .venv/bin/python bench/poison_bench.py [--good 1000] [--bad 1000] [--service assessment]

The service runs in this process with its real consumers (inbox, batching, retry and dead-letter
policy) on a throwaway exchange and database. Phase 1 publishes ``--good`` AssociationRegistered
events and times until every one is in the service's inbox (committed with its effect). Phase 2
publishes ``--good`` new ones interleaved with ``--bad`` poison messages of every kind
(tests/support/poison.py) and times until every good one is committed and every bad one is in the
dead-letter queue. Prints both rates and the ratio; the target is phase 2's good-event time within
20 % of phase 1's. CPU seconds of this process (service + driver) per 1,000 messages are printed
too. The machine has 2 cores shared with PostgreSQL and RabbitMQ: compare within one run.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import os
import secrets
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import aio_pika
import asyncpg

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from shared.dbsetup import service_url, setup_database  # noqa: E402
from shared.events.envelope import envelope_json, make_envelope  # noqa: E402
from shared.events.registry import AssociationRegistered  # noqa: E402
from shared.migrations import upgrade  # noqa: E402
from tests.support.poison import bad_messages, registered_event  # noqa: E402

ADMIN = os.environ.get(
    "ADMIN_DATABASE_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
)
AMQP = os.environ.get("AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/")


async def publish(exchange: aio_pika.abc.AbstractExchange, body: bytes, ctype: str) -> None:
    message = aio_pika.Message(
        body, content_type=ctype, message_id=str(uuid.uuid4()), delivery_mode=2
    )
    await exchange.publish(message, AssociationRegistered.ROUTING_KEY, mandatory=True)


def good_event() -> tuple[str, bytes]:
    envelope = make_envelope(registered_event(), source="/aswan/bench", subject=None)
    return envelope.id, envelope_json(envelope)


async def phase(
    make_app: Callable[[], Any],
    exchange: aio_pika.abc.AbstractExchange,
    db: asyncpg.Connection,
    channel: aio_pika.abc.AbstractChannel,
    dlq: str,
    good: int,
    bad: int,
) -> tuple[float, float]:
    """Queue the messages while no consumer runs, then start the service and time until every
    good one is committed (and wait for every bad one in the dead-letter queue)."""
    goods = [good_event() for _ in range(good)]
    poison = (bad_messages(AssociationRegistered.event_type(), per_kind=bad // 6 + 1))[:bad]
    ids = [i for i, _ in goods]
    mixed: list[tuple[bytes, str]] = []
    for n, (_, body) in enumerate(goods):
        mixed.append((body, "application/cloudevents+json"))
        if n < len(poison):
            mixed.append(poison[n][1:])
    mixed += [p[1:] for p in poison[len(goods) :]]
    for start in range(0, len(mixed), 100):
        await asyncio.gather(*(publish(exchange, b, c) for b, c in mixed[start : start + 100]))
    app = make_app()
    async with app.router.lifespan_context(app):
        cpu0, t0 = time.process_time(), time.perf_counter()
        good_done, good_cpu = None, 0.0
        while True:
            done = await db.fetchval("SELECT count(*) FROM inbox WHERE event_id = ANY($1)", ids)
            if done == len(ids) and good_done is None:
                good_done, good_cpu = time.perf_counter() - t0, time.process_time() - cpu0
            queue = await channel.declare_queue(dlq, passive=True)
            if good_done is not None and (queue.declaration_result.message_count or 0) >= bad:
                break
            await asyncio.sleep(0.01)
    await (await channel.declare_queue(dlq, passive=True)).purge()
    return good_done, good_cpu


async def main(args: argparse.Namespace) -> None:
    service, bench_id = args.service, uuid.uuid4().hex[:8]
    database = f"aswan_bench_{bench_id}"
    await setup_database(ADMIN, database)
    await asyncio.to_thread(upgrade, service, service_url(ADMIN, service, database))
    config = importlib.import_module(f"services.{service}.config")
    settings_cls = next(
        v
        for k, v in vars(config).items()
        if k.endswith("Settings") and v.__module__ == config.__name__
    )
    settings = settings_cls(
        database_url=service_url(ADMIN, service, database),
        amqp_url=AMQP,
        exchange=f"bench.{bench_id}.events",
        queue_prefix=f"bench.{bench_id}.",
        jwt_secret=secrets.token_hex(32),
        log_json=False,
        log_level="CRITICAL",
    )
    build = importlib.import_module(f"services.{service}.bootstrap").build

    def make_app() -> Any:
        return build(settings)

    runtime = make_app().state.runtime
    consumer = next(
        c for c, _ in runtime.consumers if AssociationRegistered in c.subscription.handlers
    )
    dlq = consumer.spec.dlq
    conn = await aio_pika.connect(AMQP)
    db = await asyncpg.connect(service_url(ADMIN, service, database).replace("+asyncpg", ""))
    try:
        channel = await conn.channel(publisher_confirms=True)
        warm = make_app()
        async with warm.router.lifespan_context(warm):  # declares the exchange and queues
            pass
        exchange = await channel.get_exchange(settings.exchange)
        await phase(make_app, exchange, db, channel, dlq, 100, 0)  # warm-up
        clean, clean_cpu = await phase(make_app, exchange, db, channel, dlq, args.good, 0)
        mixed, mixed_cpu = await phase(make_app, exchange, db, channel, dlq, args.good, args.bad)
        for spec in [c.spec for c, _ in runtime.consumers]:
            for name in (spec.name, spec.dlq, *(spec.retry_queue(n) for n in range(1, 4))):
                await channel.queue_delete(name)
        await channel.exchange_delete(settings.exchange)
    finally:
        await db.close()
        await conn.close()
        admin = await asyncpg.connect(ADMIN.replace("+asyncpg", ""))
        await admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        await admin.close()
    print(f"queue {consumer.spec.name}: {args.good} good events, queued before the service starts")
    print(
        f"  without poison:  good done in {clean:6.2f} s ({args.good / clean:5.0f}/s), "
        f"service cpu {clean_cpu:5.2f} s"
    )
    print(
        f"  with {args.bad} bad: good done in {mixed:6.2f} s ({args.good / mixed:5.0f}/s), "
        f"service cpu {mixed_cpu:5.2f} s"
    )
    ratio = mixed / clean
    verdict = "met" if ratio <= 1.2 else "MISSED"
    print(f"  good-event time with poison / without: {ratio:.2f}x (target <= 1.20x: {verdict})")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--good", type=int, default=1000)
    parser.add_argument("--bad", type=int, default=1000)
    parser.add_argument("--service", default="assessment")
    asyncio.run(main(parser.parse_args()))
