"""The durable raw baseline of bench/monitoring_bench.py: what the monitoring service's path
must pay for durability, and nothing else, written with aio-pika, asyncpg and asyncio streams.

A measurement arrives on a **quorum** queue (the broker writes it to its log before it confirms
the publish), is consumed (prefetch 200) in batches of what is waiting (at most 64), each batch
written to PostgreSQL in **one transaction with a synchronous commit** (the WAL on disk before
COMMIT returns), acked after the commit, and only then streamed: two SSE frames per measurement
(the centre's and the governorate's KPIUpdated, the service's frame format and size) to every
connected client (``GET`` on ``--port``, the same HTTP/1.0 stream the bench's clients read).

Nothing is acked or streamed before it is durable, as in the service; what the baseline leaves
out is the service's work (validation, the framework, status, aggregation, the outbox and the
relay's second hop on the bus).
"""

from __future__ import annotations

import asyncio
import json
import signal
from typing import Any

import aio_pika
import asyncpg

TABLE = """CREATE TABLE IF NOT EXISTS raw_durable (
    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, kpi_code text NOT NULL,
    centre text, value double precision NOT NULL, received_at timestamptz NOT NULL DEFAULT now())"""
INSERT = (
    "INSERT INTO raw_durable (kpi_code, centre, value) "
    "SELECT * FROM unnest($1::text[], $2::text[], $3::float8[])"
)


def frames(data: dict[str, Any]) -> bytes:
    """The centre's and the governorate's KPIUpdated frames, shaped like the service's."""
    out = b""
    for centre in (data["centre"], None):
        event = {
            "kpi_code": data["kpi_code"], "name_ar": "مؤشر", "name_en": None,
            "pillar_code": "bench.P", "period": data["period"], "centre": centre,
            "value": data["value"], "numerator": None, "denominator": None, "unit": "n",
            "baseline": 0.0, "target": 1e6, "progress": data["value"] / 1e6, "status": "off_track",
        }  # fmt: skip
        text = json.dumps(event, ensure_ascii=False, separators=(",", ":"))
        out += f"event: kpi.updated\r\ndata: {text}\r\n\r\n".encode()
    return out


async def serve_durable(port: int, queue_name: str, dsn: str, amqp: str) -> None:
    pool = await asyncpg.create_pool(dsn, min_size=1, max_size=2)
    await pool.execute(TABLE)
    clients: set[asyncio.StreamWriter] = set()

    async def client(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        writer.write(
            b"HTTP/1.0 200 OK\r\ncontent-type: text/event-stream\r\n\r\n: connected\r\n\r\n"
        )
        clients.add(writer)
        try:
            await reader.read()  # until the client goes
        finally:
            clients.discard(writer)

    server = await asyncio.start_server(client, "127.0.0.1", port)
    conn = await aio_pika.connect(amqp)
    channel = await conn.channel()
    await channel.set_qos(prefetch_count=200)
    queue = await channel.get_queue(queue_name, ensure=False)
    waiting: list[aio_pika.abc.AbstractIncomingMessage] = []
    wake = asyncio.Event()

    async def on_message(message: aio_pika.abc.AbstractIncomingMessage) -> None:
        waiting.append(message)
        wake.set()

    async def work() -> None:
        while True:
            await wake.wait()
            wake.clear()
            while waiting:
                batch = waiting[:64]
                del waiting[:64]
                data = [json.loads(m.body)["data"] for m in batch]
                async with pool.acquire() as db, db.transaction():  # synchronous commit
                    columns = ([d[k] for d in data] for k in ("kpi_code", "centre", "value"))
                    await db.execute(INSERT, *columns)
                await batch[-1].ack(multiple=True)  # this channel's deliveries up to it
                out = b"".join(frames(d) for d in data)
                for writer in list(clients):
                    writer.write(out)

    worker = asyncio.create_task(work())
    await queue.consume(on_message)
    print("serving", flush=True)
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    await stop.wait()
    worker.cancel()
    server.close()
    await conn.close()
    await pool.close()
