"""The raw baseline of the assessment intake for bench/assessment_bench.py: aio-pika + asyncpg,
no framework. Per message (prefetch 200, a quorum queue, pool of 8): parse with ``json``, convert
the numbers of the answers (no other check: the stricter baseline), one transaction (inbox ON
CONFLICT DO NOTHING, the submissions row with the answers as submitted and converted, an outbox
row, pg_notify), ack after commit; a LISTEN-woken relay publishes outbox rows with confirms."""

from __future__ import annotations

import asyncio
import contextlib
import json
import signal
import uuid
from datetime import UTC, datetime
from typing import Any

import aio_pika
import asyncpg

from shared.text import normalise_digits

INSERT = (
    "INSERT INTO submissions (submission_id, form_id, form_version, kind, centre, answers, "
    "raw_answers, submitted_by, channel, submitted_at) "
    "VALUES ($1, $2, $3, 'survey', $4, $5::jsonb, $6::jsonb, $7, 'bus', $8)"
)


def _convert(value: Any) -> Any:
    if isinstance(value, str):
        text = normalise_digits(value)
        if text.isdigit():
            return int(text)
        if " " in text and text.startswith("o"):
            return text.split()
    return value


async def serve_raw(admin: str, amqp: str, db: str, exchange: str, prefix: str) -> None:
    dsn = admin.replace("+asyncpg", "").rsplit("/", 1)[0] + f"/{db}"
    pool = await asyncpg.create_pool(
        dsn, min_size=8, max_size=8, server_settings={"search_path": "raw_ass,public"}
    )
    conn = await aio_pika.connect_robust(amqp)
    channel = await conn.channel(publisher_confirms=False)
    await channel.set_qos(prefetch_count=200)
    pub_channel = await conn.channel(publisher_confirms=True)
    out_exchange = await pub_channel.get_exchange(exchange)
    queue = await channel.declare_queue(
        f"{prefix}assessment.submissions", durable=True, arguments={"x-queue-type": "quorum"}
    )
    await queue.bind(exchange, "intake.assessment.submitted.v1")
    wake = asyncio.Event()

    async def on_message(message: aio_pika.abc.AbstractIncomingMessage) -> None:
        event = json.loads(message.body)
        data = event["data"]
        converted = {k: _convert(v) for k, v in data["answers"].items()}
        async with pool.acquire() as c, c.transaction():
            inserted = await c.execute(
                "INSERT INTO inbox (source, event_id, event_type) VALUES ($1, $2, $3) "
                "ON CONFLICT DO NOTHING", event["source"], event["id"], event["type"],
            )  # fmt: skip
            if inserted == "INSERT 0 1":
                await c.execute(
                    INSERT, event["id"], data["form_id"], data["form_version"], data["centre"],
                    json.dumps(converted, ensure_ascii=False),
                    json.dumps(data["answers"], ensure_ascii=False), data["submitted_by"],
                    datetime.fromisoformat(event["time"]),
                )  # fmt: skip
                out = {
                    "specversion": "1.0", "id": str(uuid.uuid4()), "source": "/aswan/raw",
                    "type": "eg.aswan.assessment.SubmissionAccepted.v1",
                    "time": datetime.now(UTC).isoformat(), "subject": event["id"],
                    "correlationid": event["id"], "causationid": event["id"],
                    "data": {"submission_id": event["id"], "form_id": data["form_id"],
                             "form_version": data["form_version"], "kind": "survey"},
                }  # fmt: skip
                await c.execute(
                    "INSERT INTO outbox (event_id, routing_key, event_type, subject, body) "
                    "VALUES ($1, $2, $3, $4, $5)", out["id"], "assessment.submission.accepted.v1",
                    out["type"], event["id"], json.dumps(out, ensure_ascii=False).encode(),
                )  # fmt: skip
                await c.execute("SELECT pg_notify('raw_ass_outbox', '')")
        await message.ack()

    async def relay() -> None:
        listener = await asyncpg.connect(dsn)
        await listener.add_listener("raw_ass_outbox", lambda *_: wake.set())
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
