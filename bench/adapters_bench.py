"""Adapters bench (not a test). Two parts, each against its stand-in on 127.0.0.1:

* ``ministry``: N registry events (registration + updates over N/10 associations) through
  adapters/moss_register to the register stand-in, against a raw aio-pika + httpx consumer
  (prefetch 64, signed POST, ack after the answer; no inbox, no per-association order) in the
  same run: events/s from the first publish to the last one accepted, and the ratio.
* ``bot``: C concurrent Telegram conversations posted to the bot's webhook (in-process ASGI), one
  step every GAP seconds per chat (so the whole stays under Telegram's 30 messages/s that the
  adapter enforces), Telegram's limits as in production: p50/p95/max of the webhook round trip
  (which includes the reply sent to the stand-in), and the stand-in's own round trip alone.

    .venv/bin/python bench/adapters_bench.py [--events 10000] [--chats 100] [--gap 4]
        [--parts ministry,bot]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import sys
import time
import uuid
from pathlib import Path

import aio_pika
import asyncpg
import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from adapters.moss_register.bootstrap import build as build_moss  # noqa: E402
from adapters.moss_register.config import MossSettings  # noqa: E402
from adapters.moss_register.domain.signing import SIGNATURE_HEADER, TIMESTAMP_HEADER, sign  # noqa: E402
from adapters.telegram_bot.bootstrap import build as build_bot  # noqa: E402
from adapters.telegram_bot.config import BotSettings  # noqa: E402
from shared.dbsetup import service_url, setup_database  # noqa: E402
from shared.events.envelope import envelope_json, make_envelope  # noqa: E402
from shared.events.registry import AssociationRegistered, AssociationUpdated  # noqa: E402
from shared.messaging.topology import declare_exchange  # noqa: E402
from shared.migrations import upgrade  # noqa: E402
from tests.integration.adapters.ministry_standin import SECRET, MinistryStandIn  # noqa: E402
from tests.integration.adapters.telegram_standin import (  # noqa: E402
    TOKEN,
    TelegramStandIn,
    button_update,
    message_update,
)

ADMIN = os.environ.get(
    "ADMIN_DATABASE_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
)
AMQP = os.environ.get("AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/")
JWT = "bench-jwt-secret-" + "x" * 32
WEBHOOK_SECRET = "bench-webhook-secret-0123456789"


def events(n: int) -> list[tuple[str, bytes, str]]:
    out = []
    for a in range(max(1, n // 10)):
        aid, number = str(uuid.uuid4()), str(10**9 + a)
        out.append(
            (
                aid,
                AssociationRegistered(
                    association_id=aid,
                    org_id=f"EG-MOSS-{number}",
                    registration_number=number,
                    name_ar="جمعية",
                    legal_form="association",
                    centre="edfu",
                    sectors=["health"],
                    centres_served=["edfu"],
                    status="pending_verification",
                ),
            )
        )
        for v in range(2, 11):
            out.append(
                (
                    aid,
                    AssociationUpdated(association_id=aid, version=v, changed={"name_en": f"v{v}"}),
                )
            )
    return [
        (aid, envelope_json(make_envelope(e, source="/aswan/registry", subject=aid)), e.ROUTING_KEY)
        for aid, e in out[:n]
    ]


async def publish(exchange_name: str, batch) -> None:
    conn = await aio_pika.connect(AMQP)
    ch = await conn.channel(publisher_confirms=True)
    ex = await ch.get_exchange(exchange_name)
    for i in range(0, len(batch), 500):
        await asyncio.gather(
            *(
                ex.publish(
                    aio_pika.Message(
                        body,
                        content_type="application/cloudevents+json",
                        message_id=json.loads(body)["id"],
                    ),
                    key,
                )
                for _, body, key in batch[i : i + 500]
            )
        )
    await conn.close()


async def until(predicate, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError
        await asyncio.sleep(0.02)


async def ours(db: str, n: int, tag: str) -> float:
    standin = MinistryStandIn()
    await standin.start()
    settings = MossSettings(
        database_url=service_url(ADMIN, "moss_register", db),
        amqp_url=AMQP,
        jwt_secret=JWT,
        exchange=f"bench.{tag}.events",
        queue_prefix=f"bench.{tag}.",
        log_json=False,
        ministry_url=standin.base_url,
        ministry_signing_secret=SECRET,
        push_poll_seconds=0.05,
        push_concurrency=64,
    )
    app = build_moss(settings)
    batch = events(n)
    async with app.router.lifespan_context(app):
        started = time.perf_counter()
        await publish(settings.exchange, batch)
        await until(lambda: len(standin.accepted) >= n, 600)
        took = time.perf_counter() - started
    await standin.stop()
    return n / took


async def raw(n: int, tag: str) -> float:
    standin = MinistryStandIn()
    await standin.start()
    conn = await aio_pika.connect_robust(AMQP)
    ch = await conn.channel()
    await declare_exchange(ch, f"bench.{tag}.events")
    await ch.set_qos(prefetch_count=64)
    queue = await ch.declare_queue(f"bench.{tag}.raw", durable=True)
    for key in ("registry.association.registered.v1", "registry.association.updated.v1"):
        await queue.bind(f"bench.{tag}.events", key)
    client = httpx.AsyncClient(base_url=standin.base_url, limits=httpx.Limits(max_connections=64))

    async def on_message(message: aio_pika.abc.AbstractIncomingMessage) -> None:
        event = json.loads(message.body)
        body = json.dumps(
            {
                "notification_id": event["id"],
                "platform_id": event["data"]["association_id"],
                "kind": "raw",
                "data": event["data"],
            },
            separators=(",", ":"),
        ).encode()
        ts = int(time.time())
        await client.post(
            "/v1/notifications",
            content=body,
            headers={
                "content-type": "application/json",
                "idempotency-key": event["id"],
                TIMESTAMP_HEADER: str(ts),
                SIGNATURE_HEADER: sign(SECRET, ts, body),
            },
        )
        await message.ack()

    await queue.consume(on_message)
    batch = events(n)
    started = time.perf_counter()
    await publish(f"bench.{tag}.events", batch)
    await until(lambda: len(standin.accepted) >= n, 600)
    took = time.perf_counter() - started
    await queue.delete(if_unused=False, if_empty=False)
    await client.aclose()
    await conn.close()
    await standin.stop()
    return n / took


async def bot(db: str, chats: int, gap: float, tag: str) -> None:
    telegram = TelegramStandIn()
    await telegram.start()
    settings = BotSettings(
        database_url=service_url(ADMIN, "telegram_bot", db),
        amqp_url=AMQP,
        jwt_secret=JWT,
        exchange=f"bench.{tag}.events",
        queue_prefix=f"bench.{tag}.",
        log_json=False,
        telegram_bot_token=TOKEN,
        telegram_api_base=telegram.base_url,
        telegram_webhook_secret=WEBHOOK_SECRET,
    )
    app = build_bot(settings)
    times: list[float] = []

    async def conversation(client: httpx.AsyncClient, chat: int) -> None:
        steps = [
            message_update(chat, "/start"),
            message_update(chat, "جمعية البنش"),
            button_update(chat, "skip:name_en"),
            message_update(chat, str(10**8 + chat)),
            button_update(chat, "pick:legal_form:association"),
            button_update(chat, "pick:centre:edfu"),
        ]
        await asyncio.sleep(random.uniform(0, gap))
        for update in steps:
            t = time.perf_counter()
            r = await client.post(
                "/telegram/webhook",
                json=update,
                headers={"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET},
            )
            times.append(time.perf_counter() - t)
            assert r.status_code == 200
            await asyncio.sleep(gap)

    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            await asyncio.gather(*(conversation(client, 7_000_000 + c) for c in range(chats)))
    async with httpx.AsyncClient() as direct:  # the stand-in alone
        alone = []
        for _ in range(200):
            t = time.perf_counter()
            await direct.post(
                f"{telegram.base_url}/bot{TOKEN}/sendMessage", data={"chat_id": "1", "text": "x"}
            )
            alone.append(time.perf_counter() - t)
    await telegram.stop()
    q = statistics.quantiles(times, n=100)
    sa = statistics.quantiles(alone, n=100)
    print(f"bot: {chats} conversations, {len(times)} updates, one step every {gap}s per chat")
    print(
        f"  webhook round trip p50 {q[49] * 1000:.1f} ms, p95 {q[94] * 1000:.1f} ms,"
        f" max {max(times) * 1000:.1f} ms"
    )
    print(
        f"  stand-in alone p50 {sa[49] * 1000:.1f} ms, p95 {sa[94] * 1000:.1f} ms"
        f" -> p95 excluding it ~{(q[94] - sa[49]) * 1000:.1f} ms (target <= 100 ms)"
    )


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--chats", type=int, default=100)
    parser.add_argument("--gap", type=float, default=4.0)
    parser.add_argument("--parts", default="ministry,bot")
    args = parser.parse_args()
    print("load average before:", os.getloadavg())
    db = f"aswan_bench_adapters_{uuid.uuid4().hex[:8]}"
    await setup_database(ADMIN, db)
    tag = uuid.uuid4().hex[:8]
    try:
        for adapter in ("moss_register", "telegram_bot"):
            await asyncio.to_thread(upgrade, adapter, service_url(ADMIN, adapter, db))
        if "ministry" in args.parts:
            mine = await ours(db, args.events, tag)
            base = await raw(args.events, tag)
            print(
                f"ministry outbound: {args.events} events: adapter {mine:.0f}/s, raw aio-pika+httpx"
                f" {base:.0f}/s, ratio {mine / base:.2f} (target >= 300/s)"
            )
        if "bot" in args.parts:
            await bot(db, args.chats, args.gap, tag)
    finally:
        conn = await asyncpg.connect(ADMIN.replace("+asyncpg", ""))
        await conn.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
        await conn.close()
        await cleanup(tag)
    print("load average after:", os.getloadavg())


async def cleanup(tag: str) -> None:
    conn = await aio_pika.connect(AMQP)
    ch = await conn.channel()
    for name in ("moss_register.registry-events", "telegram_bot.outcomes"):
        for suffix in ("", ".dlq", ".retry.1", ".retry.2", ".retry.3"):
            await ch.queue_delete(f"bench.{tag}.{name}{suffix}")
    await ch.queue_delete(f"bench.{tag}.moss_register.decisions.dlq")
    await ch.queue_delete(f"bench.{tag}.events.unrouted")
    await ch.exchange_delete(f"bench.{tag}.events.unrouted")
    await ch.exchange_delete(f"bench.{tag}.events")
    await conn.close()


if __name__ == "__main__":
    asyncio.run(main())
