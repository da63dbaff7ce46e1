"""The raw baseline of the registry intake for bench/registry_bench.py: aio-pika + asyncpg, no
framework. Per message (prefetch 200, pool of 8): parse with ``json``, the same checks that decide
the outcome (required fields, digits, centre, phone), one transaction (inbox ON CONFLICT DO
NOTHING, the same pg_trgm screening query, association + submission insert, outbox row,
pg_notify), ack after commit; a LISTEN-woken relay publishes outbox rows with confirms."""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import signal
import uuid
from datetime import UTC, datetime

import aio_pika
import asyncpg

from services.registry.domain.model import block_key
from shared.text import normalise_arabic, normalise_digits, normalise_name

CENTRES = {"aswan", "daraw", "kom_ombo", "edfu", "nasr_al_nuba", "abu_simbel"}
SCREEN = """
SELECT 'number' AS why, association_id FROM associations WHERE registration_number = $1
UNION ALL
(SELECT 'name', association_id FROM associations
  WHERE centre = $2 AND name_block = $5 AND similarity(name_norm, $3) >= $4::real
  ORDER BY similarity(name_norm, $3) DESC LIMIT 1)
"""
INSERT = """
WITH a AS (INSERT INTO associations (association_id, registration_number, name_ar, name_norm,
    name_block, search_text, legal_form, centre, centres_served, sectors, contact_phone,
    status, duplicate_of, version, created_by)
  VALUES ($1, $2, $3, $4, $15, $5, $6, $7, $8, $9, $10, $11, $12, 1, 'raw')
  RETURNING association_id)
INSERT INTO submissions (submission_id, source, outcome, association_id)
SELECT $13, $14, 'registered', association_id FROM a
"""


def _phone(raw: str | None) -> str | None:
    digits = re.sub(r"\D", "", normalise_digits(raw or ""))
    return "+20" + digits[1:] if re.fullmatch(r"01[0125][0-9]{8}", digits) else None


async def serve_raw(admin: str, amqp: str, db: str, exchange: str, prefix: str) -> None:
    dsn = admin.replace("+asyncpg", "").rsplit("/", 1)[0] + f"/{db}"
    pool = await asyncpg.create_pool(
        dsn, min_size=8, max_size=8, server_settings={"search_path": "raw_reg,public"}
    )
    conn = await aio_pika.connect_robust(amqp)
    channel = await conn.channel(publisher_confirms=False)
    await channel.set_qos(prefetch_count=200)
    pub_channel = await conn.channel(publisher_confirms=True)
    out_exchange = await pub_channel.get_exchange(exchange)
    queue = await channel.declare_queue(f"{prefix}registry.intake", durable=True)
    await queue.bind(exchange, "intake.registration.submitted.v1")
    wake = asyncio.Event()

    async def on_message(message: aio_pika.abc.AbstractIncomingMessage) -> None:
        event = json.loads(message.body)
        data = event["data"]
        number = normalise_digits(str(data.get("registration_number") or ""))
        ok = bool(data.get("name_ar")) and number.isdigit() and data.get("centre") in CENTRES
        aid = str(uuid.uuid4())
        async with pool.acquire() as c, c.transaction():
            inserted = await c.execute(
                "INSERT INTO inbox (source, event_id, event_type) VALUES ($1, $2, $3) "
                "ON CONFLICT DO NOTHING", event["source"], event["id"], event["type"],
            )  # fmt: skip
            if inserted == "INSERT 0 1" and ok:
                name = data["name_ar"]
                key = normalise_name(name)
                found = {r[0]: r[1] for r in await c.fetch(
                    SCREEN, number, data["centre"], key, 0.7, block_key(key))}  # fmt: skip
                await c.execute(
                    INSERT, aid, number, name, key, normalise_arabic(name),
                    data["legal_form"], data["centre"], [data["centre"]], data["sectors"],
                    _phone(data.get("contact_phone")), "pending_verification",
                    found.get("name"), event["id"], event["source"], block_key(key),
                )  # fmt: skip
                out = {
                    "specversion": "1.0", "id": str(uuid.uuid4()), "source": "/aswan/raw",
                    "type": "eg.aswan.registry.AssociationRegistered.v1",
                    "time": datetime.now(UTC).isoformat(), "subject": aid,
                    "correlationid": event["id"], "causationid": event["id"],
                    "data": {"association_id": aid, "org_id": f"EG-MOSS-{number}", **data},
                }  # fmt: skip
                await c.execute(
                    "INSERT INTO outbox (event_id, routing_key, event_type, subject, body) "
                    "VALUES ($1, $2, $3, $4, $5)", out["id"], "registry.association.registered.v1",
                    out["type"], aid, json.dumps(out, ensure_ascii=False).encode(),
                )  # fmt: skip
                await c.execute("SELECT pg_notify('raw_reg_outbox', '')")
        await message.ack()

    async def relay() -> None:
        listener = await asyncpg.connect(dsn)
        await listener.add_listener("raw_reg_outbox", lambda *_: wake.set())
        async with pool.acquire() as c:
            while True:
                wake.clear()
                async with c.transaction():
                    rows = await c.fetch(
                        "SELECT seq, event_id, routing_key, event_type, body FROM outbox WHERE "
                        "sent_at IS NULL ORDER BY seq LIMIT 500 FOR UPDATE SKIP LOCKED"
                    )
                    await asyncio.gather(*(out_exchange.publish(
                        aio_pika.Message(r["body"], message_id=r["event_id"], type=r["event_type"],
                                         delivery_mode=aio_pika.DeliveryMode.PERSISTENT),
                        r["routing_key"], mandatory=True) for r in rows))  # fmt: skip
                    if rows:
                        await c.execute(
                            "UPDATE outbox SET sent_at = now() WHERE seq = ANY($1)",
                            [r["seq"] for r in rows],
                        )
                if len(rows) < 500:
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(wake.wait(), 1.0)

    relay_task = asyncio.create_task(relay())
    await queue.consume(on_message)
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    await stop.wait()
    relay_task.cancel()
    await conn.close()
    await pool.close()
