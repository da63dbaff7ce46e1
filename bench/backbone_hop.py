"""One event hop on the project's backbone against a raw aio-pika + asyncpg hop, in the same run.

The hop: consume an event -> one transaction writing the inbox row, a state row and an outbox row
-> the relay publishes the outbox row with publisher confirms -> the next consumer receives it.

    .venv/bin/python bench/backbone_hop.py [--events 5000] [--rates 100,200] [--rounds 2]

Each service under test runs in its own process (``--serve backbone|raw``), like production; this
process drives (publishes the input events) and sinks (receives the output events), measuring
end-to-end latency from the input's publish to the output's delivery. Both services work on their
own schema in a throwaway database ``aswan_bench_<id>`` and their own exchange, dropped at the end.

- backbone: ``ServiceRuntime`` with one ``Subscription`` whose handler upserts the state row with
  SQLAlchemy Core and ``uow.publish``-es the next event; the shared outbox relay publishes it.
- raw: an aio-pika consumer (prefetch 200), an asyncpg pool of 8, one transaction per message
  (inbox ON CONFLICT DO NOTHING, state upsert, outbox insert, pg_notify), ack after commit, and a
  LISTEN-woken relay claiming 500 rows FOR UPDATE SKIP LOCKED, publishing them concurrently with
  confirms. It parses with ``json`` only (no pydantic): the stricter baseline.

Throughput: ``--events`` inputs published as fast as possible; events/s = inputs / (last output
- first input). Latency: inputs at a fixed rate for ``--seconds``; p50/p99 of end to end.
CPU per 1,000 events during the throughput burst: the service's process, the PostgreSQL
backends on the bench's database, RabbitMQ (the whole broker: other people's work included).
Target (issue 15): the backbone's service CPU per event at most 1.2x the raw hop's.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import secrets
import signal
import statistics
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aio_pika
import asyncpg
import uvloop

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.proc_stats import CpuMeter, backend_pids  # noqa: E402
from shared.events.assessment import CapacityScored, NeedsUpdated  # noqa: E402
from shared.events.envelope import envelope_json, make_envelope  # noqa: E402
from shared.messaging.tables import add_backbone_tables  # noqa: E402
from shared.messaging.topology import (  # noqa: E402
    QueueSpec,
    declare_exchange,
    declare_queue,
    unrouted_name,
)

ADMIN = os.environ.get("BENCH_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
AMQP = os.environ.get("BENCH_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/")
IN_KEY, OUT_KEY = NeedsUpdated.ROUTING_KEY, CapacityScored.ROUTING_KEY
STATE_DDL = "CREATE TABLE {s}.state (key text PRIMARY KEY, n int NOT NULL, payload text)"
UPSERT = (
    "INSERT INTO state (key, n, payload) VALUES ($1, 1, $2) "
    "ON CONFLICT (key) DO UPDATE SET n = state.n + 1, payload = excluded.payload"
)


def _in_event(n: int) -> bytes:
    event = NeedsUpdated(
        centre="edfu", sector="health", severity=3, people_affected=n, campaign_id=f"c{n % 97}"
    )
    return envelope_json(make_envelope(event, source="/aswan/bench", subject=f"c{n % 97}"))


def _out_event(campaign: str, people: int) -> CapacityScored:
    return CapacityScored(association_id=campaign, overall=2.5, domains={"people": people})


# -- the two services under test (each runs in its own process) ------------------------------


async def serve_backbone(db: str, schema: str, exchange: str, prefix: str) -> None:
    from sqlalchemy import text

    from shared.config import ServiceSettings
    from shared.db import make_engine
    from shared.logging import configure_logging
    from shared.messaging.consumer import Subscription
    from shared.messaging.uow import UnitOfWork
    from shared.runtime import ServiceRuntime

    class BenchSettings(ServiceSettings):
        service: str = schema

    settings = BenchSettings(  # type: ignore[call-arg]
        database_url=f"postgresql+asyncpg://postgres@127.0.0.1:5432/{db}",
        amqp_url=AMQP,
        exchange=exchange,
        queue_prefix=prefix,
        jwt_secret=secrets.token_hex(32),
    )
    configure_logging(schema, "INFO", json=True)
    engine = make_engine(settings.database_url, schema, settings.db_pool_size)
    upsert = text(UPSERT.replace("$1", ":key").replace("$2", ":payload"))

    async def on_need(envelope: Any, uow: UnitOfWork) -> None:
        data = envelope.data
        await uow.connection.execute(upsert, {"key": data.campaign_id, "payload": envelope.id})
        uow.publish(_out_event(data.campaign_id, data.people_affected), subject=envelope.subject)

    runtime = ServiceRuntime(
        settings,
        engine,
        lambda: UnitOfWork(engine, settings.source, schema),
        [Subscription("hop", {NeedsUpdated: on_need})],
        roles={"consumers", "relay"},
    )
    async with runtime.lifespan():
        await _until_terminated()


async def serve_raw(db: str, schema: str, exchange: str, prefix: str) -> None:
    dsn = f"postgresql://postgres@127.0.0.1:5432/{db}"
    # 8 connections handed out through a queue (a pool's reset-on-release costs a round trip)
    conns = [await asyncpg.connect(dsn, server_settings={"search_path": schema}) for _ in range(8)]
    idle: asyncio.Queue[asyncpg.Connection] = asyncio.Queue()
    for c in conns[1:]:
        idle.put_nowait(c)
    conn = await aio_pika.connect_robust(AMQP)
    channel = await conn.channel(publisher_confirms=False)
    await channel.set_qos(prefetch_count=200)
    pub_channel = await conn.channel(publisher_confirms=True)
    out_exchange = await pub_channel.get_exchange(exchange)
    queue = await channel.get_queue(f"{prefix}{schema}.hop")
    wake = asyncio.Event()

    async def on_message(message: aio_pika.abc.AbstractIncomingMessage) -> None:
        event = json.loads(message.body)
        data = event["data"]
        out = {
            "specversion": "1.0",
            "id": str(uuid.uuid4()),
            "source": "/aswan/raw",
            "type": CapacityScored.event_type(),
            "time": datetime.now(UTC).isoformat(),
            "subject": event.get("subject"),
            "correlationid": event.get("correlationid"),
            "causationid": event["id"],
            "data": _out_event(data["campaign_id"], data["people_affected"]).model_dump(),
        }
        c = await idle.get()
        try:
            async with c.transaction():
                inserted = await c.execute(
                    "INSERT INTO inbox (source, event_id, event_type) VALUES ($1, $2, $3) "
                    "ON CONFLICT DO NOTHING",
                    event["source"],
                    event["id"],
                    event["type"],
                )
                if inserted == "INSERT 0 1":
                    await c.execute(UPSERT, data["campaign_id"], event["id"])
                    await c.execute(
                        "INSERT INTO outbox (event_id, routing_key, event_type, subject, body) "
                        "VALUES ($1, $2, $3, $4, $5)",
                        out["id"],
                        OUT_KEY,
                        out["type"],
                        out["subject"],
                        json.dumps(out, separators=(",", ":")).encode(),
                    )
                    await c.execute(f"SELECT pg_notify('{schema}_outbox', '')")
        finally:
            idle.put_nowait(c)
        await message.ack()

    async def relay() -> None:
        listener = await asyncpg.connect(dsn)
        await listener.add_listener(f"{schema}_outbox", lambda *_: wake.set())
        c = conns[0]
        while True:
            wake.clear()
            async with c.transaction():
                rows = await c.fetch(
                    "SELECT seq, event_id, routing_key, event_type, body FROM outbox WHERE "
                    "sent_at IS NULL ORDER BY seq LIMIT 500 FOR UPDATE SKIP LOCKED"
                )
                await asyncio.gather(
                    *(
                        out_exchange.publish(
                            aio_pika.Message(
                                r["body"],
                                message_id=r["event_id"],
                                type=r["event_type"],
                                delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
                            ),
                            r["routing_key"],
                            mandatory=True,
                        )
                        for r in rows
                    )
                )
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
    await _until_terminated()
    relay_task.cancel()
    await conn.close()
    for c in conns:
        await c.close()


async def _until_terminated() -> None:
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    print("serving", flush=True)
    await stop.wait()


# -- the driver --------------------------------------------------------------------------------


class Sink:
    def __init__(self) -> None:
        self.sent: dict[str, float] = {}
        self.latencies: list[float] = []
        self.last = 0.0
        self.changed = asyncio.Event()

    async def on_message(self, message: aio_pika.abc.AbstractIncomingMessage) -> None:
        cause = json.loads(message.body).get("causationid")
        started = self.sent.pop(cause, None)
        if started is not None:
            self.last = time.perf_counter()
            self.latencies.append(self.last - started)
            self.changed.set()

    async def wait(self, count: int, timeout: float) -> None:
        deadline = time.perf_counter() + timeout
        while len(self.latencies) < count:
            self.changed.clear()
            await asyncio.wait_for(self.changed.wait(), max(deadline - time.perf_counter(), 0.01))


async def run_variant(kind: str, db: str, channel: Any, args: argparse.Namespace) -> dict:
    schema, tag = f"{kind}_{uuid.uuid4().hex[:6]}", uuid.uuid4().hex[:6]
    exchange, prefix = f"bench.{tag}.events", f"bench.{tag}."
    await _schema(db, schema)
    await declare_exchange(channel, exchange)
    spec = QueueSpec(f"{prefix}{schema}.hop", (IN_KEY,))
    await declare_queue(channel, spec, exchange)
    sink_q = await channel.declare_queue(exclusive=True, auto_delete=True)
    await sink_q.bind(exchange, OUT_KEY)
    sink = Sink()
    await sink_q.consume(sink.on_message, no_ack=True)
    ex = await channel.get_exchange(exchange)
    log = Path(args.logs) / f"bench-{kind}.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, __file__, "--serve", kind, db, schema, exchange, prefix],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    while "serving" not in log.read_text():
        assert proc.poll() is None, log.read_text()
        await asyncio.sleep(0.05)
    result: dict[str, Any] = {"variant": kind}
    try:
        await _burst(ex, sink, 500, 20)  # warm-up: connections, prepared statements
        admin = await asyncpg.connect(ADMIN)
        meter = CpuMeter({"service": [proc.pid]})
        meter.start(await backend_pids(admin, db))
        t, n = await _burst(ex, sink, args.events)
        result["cpu"] = {
            k: v * 1000 / n for k, v in meter.stop(await backend_pids(admin, db)).items()
        }
        await admin.close()
        result["events/s"] = n / t
        for rate in args.rates:
            result[rate] = await _paced(ex, sink, rate, args.seconds)
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            await asyncio.to_thread(proc.wait, 30)
        except subprocess.TimeoutExpired:
            proc.kill()
        for name in (spec.name, spec.dlq, *(spec.retry_queue(i) for i in (1, 2, 3))):
            await channel.queue_delete(name)
        await channel.queue_delete(unrouted_name(exchange))  # the exchange's parking queue
        await channel.exchange_delete(exchange)
        await channel.exchange_delete(unrouted_name(exchange))
    return result


async def _publish(ex: Any, sink: Sink, n: int) -> None:
    body = _in_event(n)
    sink.sent[json.loads(body)["id"]] = time.perf_counter()
    await ex.publish(aio_pika.Message(body, delivery_mode=2), IN_KEY)


async def _burst(ex: Any, sink: Sink, count: int, timeout: float = 300) -> tuple[float, int]:
    sink.latencies.clear()
    started = time.perf_counter()
    for start in range(0, count, 200):
        await asyncio.gather(
            *(_publish(ex, sink, i) for i in range(start, min(start + 200, count)))
        )
    await sink.wait(count, timeout)
    return sink.last - started, count


async def _paced(ex: Any, sink: Sink, rate: int, seconds: float) -> tuple[float, float]:
    sink.latencies.clear()
    total, started, tasks = int(rate * seconds), time.perf_counter(), []
    for i in range(total):
        await asyncio.sleep(max(started + i / rate - time.perf_counter(), 0))
        tasks.append(asyncio.create_task(_publish(ex, sink, i)))
    await asyncio.gather(*tasks)
    await sink.wait(total, timeout=120)
    lat = sorted(sink.latencies)
    return lat[len(lat) // 2] * 1000, lat[int(len(lat) * 0.99) - 1] * 1000


async def _schema(db: str, schema: str) -> None:
    from sqlalchemy import MetaData
    from sqlalchemy.ext.asyncio import create_async_engine

    metadata = MetaData(schema=schema)
    add_backbone_tables(metadata)
    engine = create_async_engine(f"postgresql+asyncpg://postgres@127.0.0.1:5432/{db}")
    async with engine.begin() as conn:
        await conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
        await conn.run_sync(metadata.create_all)
        await conn.exec_driver_sql(STATE_DDL.format(s=schema))
    await engine.dispose()


async def main(args: argparse.Namespace) -> None:
    db = f"aswan_bench_{uuid.uuid4().hex[:6]}"
    admin = await asyncpg.connect(ADMIN)
    await admin.execute(f"CREATE DATABASE {db}")
    conn = await aio_pika.connect(AMQP)
    channel = await conn.channel(publisher_confirms=True)
    print(f"load before: {os.getloadavg()}; {args.events} events, rates {args.rates}/s")
    results: list[dict] = []
    try:
        for _ in range(args.rounds):
            for kind in ("raw", "backbone"):
                results.append(await run_variant(kind, db, channel, args))
                print(_line(results[-1], args.rates), flush=True)
    finally:
        await conn.close()
        await admin.execute(f"DROP DATABASE {db} WITH (FORCE)")
        await admin.close()
    print(f"load after: {os.getloadavg()}")
    _summary(results, args.rates)


def _line(r: dict, rates: list[int]) -> str:
    paced = "  ".join(f"@{rate}/s p50 {r[rate][0]:.1f} p99 {r[rate][1]:.1f} ms" for rate in rates)
    cpu = ", ".join(f"{k} {v:.2f}" for k, v in r["cpu"].items())
    return f"{r['variant']:>8}: {r['events/s']:7.0f} events/s  {paced}  CPU s/1,000: {cpu}"


def _summary(results: list[dict], rates: list[int]) -> None:
    def med(kind: str, key: Any, i: int | None = None) -> float:
        vals = [r[key] if i is None else r[key][i] for r in results if r["variant"] == kind]
        return statistics.median(vals)

    def cpu(kind: str, part: str) -> float:
        return statistics.median(r["cpu"][part] for r in results if r["variant"] == kind)

    for part in ("service", "postgres", "rabbitmq"):
        ratio = cpu("backbone", part) / cpu("raw", part)
        target = " (target <= 1.2)" if part == "service" else ""
        print(
            f"median CPU per 1,000 events, {part}: raw {cpu('raw', part):.2f} s, backbone "
            f"{cpu('backbone', part):.2f} s, ratio {ratio:.2f}{target}"
        )
    tput = med("backbone", "events/s") / med("raw", "events/s")
    print(f"median throughput ratio backbone/raw: {tput:.2f} (target >= 0.80)")
    for rate in rates:
        ratio = med("backbone", rate, 1) / med("raw", rate, 1)
        print(
            f"median p99 @{rate}/s: raw {med('raw', rate, 1):.1f} ms, backbone "
            f"{med('backbone', rate, 1):.1f} ms, ratio {ratio:.2f} (target <= 2.0)"
        )


if __name__ == "__main__":
    uvloop.install()
    if len(sys.argv) > 2 and sys.argv[1] == "--serve":
        kind, *rest = sys.argv[2:]
        asyncio.run((serve_backbone if kind == "backbone" else serve_raw)(*rest))
    else:
        parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
        parser.add_argument("--events", type=int, default=5000)
        parser.add_argument(
            "--rates", type=lambda s: [int(x) for x in s.split(",")], default=[100, 200]
        )
        parser.add_argument("--seconds", type=float, default=10.0)
        parser.add_argument("--rounds", type=int, default=2)
        parser.add_argument("--logs", default="/tmp", help="where the services' logs go")
        asyncio.run(main(parser.parse_args()))
