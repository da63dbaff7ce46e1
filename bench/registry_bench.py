"""Registry benchmarks against raw asyncpg / aio-pika baselines measured in the same run.

    .venv/bin/python bench/registry_bench.py [--rows 50000] [--events 5000] [--rate 100]
                                             [--seconds 10] [--searches 400]

1. Import: ``python -m services.registry import FILE`` (the real CLI, as a process) on a CSV of
   ``--rows`` associations, wall clock. Baseline: the same CSV parsed with ``csv`` and COPY-ed by
   asyncpg into a copy of the tables (associations + one outbox row each), with no checks.
2. Search p95 at ``--rows`` associations: ``GET /v1/associations?q=...`` through the registry's
   FastAPI app in process (auth, validation, Arabic normalisation, JSON), ``--searches`` queries of
   one or two name words. Baseline: the same SQL by asyncpg.
3. Intake: the registry as its own process (``--role consumers,relay``) on a throwaway exchange;
   ``intake.registration.submitted.v1`` events published, each confirmed when its
   ``AssociationRegistered`` (correlationid = submission id) arrives on the bus. Registrations/s
   over ``--events`` published as fast as possible, then p50/p99 at ``--rate``/s. Baseline: an
   aio-pika + asyncpg service in its own process doing the same work per message (inbox, the same
   screening query with pg_trgm, association + submission insert, outbox row, relay with confirms).

Everything runs in a database ``aswan_bench_<id>`` and on exchanges ``bench.<id>.*``, dropped at
the end. The machine has 2 cores shared by PostgreSQL, RabbitMQ, the driver and the service (and
by other people's tests): figures are noisy; compare each with its baseline of the same run.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import csv
import json
import os
import random
import resource
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aio_pika
import asyncpg
import httpx
import uvloop

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.proc_stats import CpuMeter, backend_pids, postgres_server_seconds  # noqa: E402
from bench.registry_raw import serve_raw  # noqa: E402
from services.registry.domain.model import block_key  # noqa: E402
from shared.auth import TokenCodec  # noqa: E402
from shared.dbsetup import service_url, setup_database  # noqa: E402
from shared.events.envelope import envelope_json, make_envelope  # noqa: E402
from shared.events.intake import AssociationRegistrationSubmitted  # noqa: E402
from shared.migrations import upgrade  # noqa: E402
from shared.text import normalise_arabic, normalise_name  # noqa: E402

ADMIN = os.environ.get("BENCH_ADMIN_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres")
AMQP = os.environ.get("BENCH_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/")
IN_KEY = AssociationRegistrationSubmitted.ROUTING_KEY
OUT_KEYS = ("registry.association.registered.v1", "registry.registration.rejected.v1")
CENTRES = ["aswan", "daraw", "kom_ombo", "edfu", "nasr_al_nuba", "abu_simbel"]
SECTORS = ["education", "health", "women", "orphans", "relief", "environment", "disability"]
KIND = ["جمعية", "مؤسسة", "الجمعية الخيرية", "جمعية تنمية المجتمع"]
CORE = [
    "الأمل",
    "النور",
    "الهدى",
    "الخير",
    "السلام",
    "الرحمة",
    "الوفاء",
    "الإخاء",
    "البر",
    "الفجر",
    "الشروق",
    "النيل",
    "الصفا",
    "التقوى",
    "الإيمان",
    "المحبة",
    "العطاء",
    "الرضا",
]
AIM = [
    "لرعاية الأيتام",
    "للتنمية الشاملة",
    "لخدمة البيئة",
    "لرعاية المسنين",
    "لذوي الإعاقة",
    "لتنمية المرأة",
    "للشباب والرياضة",
    "لمحو الأمية",
    "للتكافل الاجتماعي",
]
PLACE = ["بكلابشة", "بدراو", "بإدفو", "بالرديسية", "بالبصيلية", "بالسباعية", "بكوم أمبو",
         "بأسوان", "بأبو سمبل", "بسلوا", "ببنبان", "بفطيرة", "بدابود", "بتوشكى"]  # fmt: skip


def fake_name(rng: random.Random, n: int) -> str:
    """Realistic names: few words, much sharing; a serial word keeps most of them distinct."""
    return f"{rng.choice(KIND)} {rng.choice(CORE)} {rng.choice(AIM)} {rng.choice(PLACE)} {n}"


def fake_row(rng: random.Random, n: int) -> dict[str, Any]:
    return {
        "name_ar": fake_name(rng, n), "registration_number": str(1_000_000 + n),
        "legal_form": "association", "centre": rng.choice(CENTRES),
        "sectors": ";".join(rng.sample(SECTORS, 2)),
        "contact_phone": f"010{rng.randint(10**7, 10**8 - 1)}",
    }  # fmt: skip


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(int(len(ordered) * p), len(ordered) - 1)] * 1000


# -- 1. import -------------------------------------------------------------------------------


async def bench_import(db: str, rows: int, workdir: Path) -> dict[str, float]:
    rng = random.Random(7)
    path = workdir / "associations.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(fake_row(rng, 0)))
        writer.writeheader()
        writer.writerows(fake_row(rng, n) for n in range(rows))
    env = {**os.environ, "DATABASE_URL": service_url(ADMIN, "registry", db), "LOG_LEVEL": "WARNING"}
    children, server = resource.getrusage(resource.RUSAGE_CHILDREN), postgres_server_seconds()
    started = time.perf_counter()
    done = await asyncio.to_thread(
        subprocess.run, [sys.executable, "-m", "services.registry", "import", str(path)],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )  # fmt: skip
    ours = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cli = after.ru_utime + after.ru_stime - children.ru_utime - children.ru_stime
    server = postgres_server_seconds() - server
    print("  import:", done.stdout.strip() or done.stderr[-500:])
    print(f"  import CPU per 1,000 rows: the CLI {cli * 1000 / rows:.2f} s, PostgreSQL (the whole "
          f"server, other people's work included) {server * 1000 / rows:.2f} s")  # fmt: skip
    raw = await raw_import(db, path)
    return {"import_s": ours, "raw_import_s": raw}


async def raw_import(db: str, path: Path) -> float:
    conn = await asyncpg.connect(ADMIN.replace("+asyncpg", "").rsplit("/", 1)[0] + f"/{db}")
    started = time.perf_counter()
    with path.open(encoding="utf-8") as handle:
        records, outbox = [], []
        for r in csv.DictReader(handle):
            aid = str(uuid.uuid4())
            records.append((
                aid, r["registration_number"], r["name_ar"], normalise_name(r["name_ar"]),
                block_key(normalise_name(r["name_ar"])), normalise_arabic(r["name_ar"]),
                "association", r["centre"], [r["centre"]],
                r["sectors"].split(";"), "active", 1, "raw",
            ))  # fmt: skip
            body = json.dumps({"id": aid, "data": r}, ensure_ascii=False).encode()
            outbox.append((aid, "registry.association.registered.v1", "raw", body))
    async with conn.transaction():
        await conn.copy_records_to_table(
            "associations", schema_name="raw_reg", records=records,
            columns=["association_id", "registration_number", "name_ar", "name_norm",
                     "name_block", "search_text", "legal_form", "centre", "centres_served",
                     "sectors", "status", "version", "created_by"],
        )  # fmt: skip
        await conn.copy_records_to_table(
            "outbox",
            schema_name="raw_reg",
            records=outbox,
            columns=["event_id", "routing_key", "event_type", "body"],
        )
    elapsed = time.perf_counter() - started
    await conn.execute("UPDATE raw_reg.outbox SET sent_at = now()")
    await conn.close()
    return elapsed


# -- 2. search -------------------------------------------------------------------------------


def _queries(count: int) -> list[str]:
    rng = random.Random(11)
    words = CORE + [a.split()[-1] for a in AIM] + PLACE
    return [" ".join(rng.sample(words, rng.choice((1, 2)))) for _ in range(count)]


async def bench_search(db: str, count: int) -> dict[str, float]:
    from services.registry.bootstrap import build
    from services.registry.config import RegistrySettings

    secret = secrets.token_hex(32)
    settings = RegistrySettings(database_url=service_url(ADMIN, "registry", db), jwt_secret=secret)
    app = build(settings, roles={"api"})
    headers = {"Authorization": "Bearer " + TokenCodec(secret, "aswan2040", "aswan2040-api").mint(
        "bench", ["staff"])}  # fmt: skip
    queries, ours, raw, hits = _queries(count), [], [], []
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
        for q in queries[:20]:  # warm-up
            await client.get("/v1/associations", params={"q": q}, headers=headers)
        for q in queries:
            started = time.perf_counter()
            response = await client.get("/v1/associations", params={"q": q}, headers=headers)
            ours.append(time.perf_counter() - started)
            hits.append(response.json()["total"])
    conn = await asyncpg.connect(ADMIN.replace("+asyncpg", "").rsplit("/", 1)[0] + f"/{db}")
    await conn.execute("SET random_page_cost = 1.1")  # as the registry does for searches
    for q in queries[:20] + queries:
        words = (normalise_name(q) or normalise_arabic(q)).split()
        where = " AND ".join(f"search_text LIKE ${i}" for i in range(1, len(words) + 1))
        started = time.perf_counter()
        await conn.fetch(
            f"SELECT *, count(*) OVER () AS total FROM raw_reg.associations WHERE {where} "
            "ORDER BY name_ar, association_id LIMIT 50", *[f"%{w}%" for w in words],
        )  # fmt: skip
        raw.append(time.perf_counter() - started)
    await conn.close()
    await app.state.runtime.engine.dispose()
    raw = raw[20:]
    print(f"  search: {count} queries, median hits {statistics.median(hits):.0f}")
    return {"search_p50": pct(ours, 0.5), "search_p95": pct(ours, 0.95),
            "raw_search_p50": pct(raw, 0.5), "raw_search_p95": pct(raw, 0.95)}  # fmt: skip


# -- 3. intake -------------------------------------------------------------------------------


class Sink:
    def __init__(self) -> None:
        self.sent: dict[str, float] = {}
        self.latencies: list[float] = []
        self.last = 0.0
        self.seen = 0
        self.pid = 0  # the service's process
        self.changed = asyncio.Event()

    async def on_message(self, message: aio_pika.abc.AbstractIncomingMessage) -> None:
        self.seen += 1
        started = self.sent.pop(json.loads(message.body).get("correlationid"), None)
        if started is not None:
            self.last = time.perf_counter()
            self.latencies.append(self.last - started)
            self.changed.set()

    async def wait(self, count: int, timeout: float) -> None:
        deadline = time.perf_counter() + timeout
        while len(self.latencies) < count:
            self.changed.clear()
            await asyncio.wait_for(self.changed.wait(), max(deadline - time.perf_counter(), 0.01))


@contextlib.asynccontextmanager
async def serving(kind: str, db: str, channel: Any) -> AsyncIterator[tuple[Any, Sink]]:
    """The service under test in its own process, on its own exchange, with a sink bound."""
    from shared.messaging.topology import declare_exchange, unrouted_name

    tag = uuid.uuid4().hex[:6]
    exchange, prefix = f"bench.{tag}.events", f"bench.{tag}."
    await declare_exchange(channel, exchange)
    sink_q = await channel.declare_queue(exclusive=True, auto_delete=True)
    for key in OUT_KEYS:
        await sink_q.bind(exchange, key)
    sink = Sink()
    await sink_q.consume(sink.on_message, no_ack=True)
    port = str(18000 + random.randint(0, 999))
    env = {**os.environ, "DATABASE_URL": service_url(ADMIN, "registry", db), "AMQP_URL": AMQP,
           "EXCHANGE": exchange, "QUEUE_PREFIX": prefix, "JWT_SECRET": secrets.token_hex(32),
           "LOG_LEVEL": "WARNING"}  # fmt: skip
    cmd = (
        [sys.executable, "-m", "services.registry", "--role", "consumers,relay", "--port", port]
        if kind == "registry"
        else [sys.executable, __file__, "--serve-raw", db, exchange, prefix]
    )
    log = open(os.environ.get("BENCH_SERVICE_LOG", os.devnull), "a")  # noqa: SIM115
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=log)
    sink.pid = proc.pid
    try:
        await _until_queue(f"{prefix}registry.intake")
        yield await channel.get_exchange(exchange), sink
    finally:
        proc.send_signal(signal.SIGTERM)
        await asyncio.to_thread(proc.wait, 60)
        for suffix in ("", ".dlq", ".retry.1", ".retry.2", ".retry.3"):
            for purpose in ("intake", "ministry"):
                await channel.queue_delete(f"{prefix}registry.{purpose}{suffix}")
        await channel.queue_delete(unrouted_name(exchange))  # the exchange's parking queue
        await channel.exchange_delete(exchange)
        await channel.exchange_delete(unrouted_name(exchange))


async def intake_variant(kind: str, db: str, channel: Any, args: argparse.Namespace) -> dict:
    result: dict[str, Any] = {"variant": kind}
    async with serving(kind, db, channel) as (ex, sink):
        rng = random.Random(kind)
        await _burst(ex, sink, rng, 300)  # warm-up: connections, prepared statements
        admin = await asyncpg.connect(ADMIN.replace("+asyncpg", ""))
        meter = CpuMeter({"service": [sink.pid]})
        meter.start(await backend_pids(admin, db))
        elapsed, n = await _burst(ex, sink, rng, args.events)
        used = meter.stop(await backend_pids(admin, db))
        await admin.close()
        result["cpu"] = {k: v * 1000 / n for k, v in used.items()}
        result["per_s"] = n / elapsed
        result["paced"] = await _paced(ex, sink, rng, args.rate, args.seconds)
    return result


async def _until_queue(name: str) -> None:
    """Until the service under test consumes from its intake queue."""
    conn = await aio_pika.connect(AMQP)
    try:
        for _ in range(600):
            probe = await conn.channel()
            try:
                queue = await probe.declare_queue(name, passive=True)
                if queue.declaration_result.consumer_count:
                    return
            except aio_pika.exceptions.ChannelClosed:
                pass
            finally:
                if not probe.is_closed:
                    await probe.close()
            await asyncio.sleep(0.1)
        raise RuntimeError(f"no consumer on {name}")
    finally:
        await conn.close()


_serial = iter(range(10**8))


async def _publish(ex: Any, sink: Sink, rng: random.Random) -> None:
    n = next(_serial)
    data = fake_row(rng, 5_000_000 + n)
    data["registration_number"] = str(5_000_000_000 + n)
    data["sectors"] = data["sectors"].split(";")
    envelope = make_envelope(AssociationRegistrationSubmitted(**data), source="/aswan/bench",
                             subject=None)  # fmt: skip
    sink.sent[envelope.id] = time.perf_counter()
    await ex.publish(aio_pika.Message(envelope_json(envelope), message_id=envelope.id,
                                      delivery_mode=2), IN_KEY)  # fmt: skip


async def _burst(ex: Any, sink: Sink, rng: random.Random, count: int) -> tuple[float, int]:
    sink.latencies.clear()
    started = time.perf_counter()
    for start in range(0, count, 200):
        await asyncio.gather(*(_publish(ex, sink, rng) for _ in range(min(200, count - start))))
    await sink.wait(count, timeout=600)
    return sink.last - started, count


async def _paced(ex: Any, sink: Sink, rng: random.Random, rate: int, seconds: float) -> tuple:
    sink.latencies.clear()
    total, started, tasks = int(rate * seconds), time.perf_counter(), []
    for i in range(total):
        await asyncio.sleep(max(started + i / rate - time.perf_counter(), 0))
        tasks.append(asyncio.create_task(_publish(ex, sink, rng)))
    await asyncio.gather(*tasks)
    await sink.wait(total, timeout=120)
    return pct(sink.latencies, 0.5), pct(sink.latencies, 0.99)


# -- driver ----------------------------------------------------------------------------------


async def prepare(db: str) -> None:
    await setup_database(ADMIN, db)
    await asyncio.to_thread(upgrade, "registry", service_url(ADMIN, "registry", db))
    conn = await asyncpg.connect(ADMIN.replace("+asyncpg", "").rsplit("/", 1)[0] + f"/{db}")
    await conn.execute("CREATE SCHEMA raw_reg")
    for table in ("associations", "submissions", "inbox", "outbox"):
        await conn.execute(f"CREATE TABLE raw_reg.{table} (LIKE registry.{table} INCLUDING ALL)")
    await conn.close()


async def drain_outbox(db: str, channel: Any) -> float:
    """Let the registry's relay publish the import's events (to the sink), timed."""
    conn = await asyncpg.connect(ADMIN.replace("+asyncpg", "").rsplit("/", 1)[0] + f"/{db}")
    unsent = "SELECT count(*) FROM registry.outbox WHERE sent_at IS NULL"
    pending = await conn.fetchval(unsent)
    async with serving("registry", db, channel):
        started = time.perf_counter()
        while await conn.fetchval(unsent):
            await asyncio.sleep(0.2)
        elapsed = time.perf_counter() - started
    await conn.close()
    return pending / elapsed


async def main(args: argparse.Namespace) -> None:
    db = f"aswan_bench_{uuid.uuid4().hex[:6]}"
    await prepare(db)
    conn = await aio_pika.connect(AMQP)
    channel = await conn.channel(publisher_confirms=True)
    print(f"load before: {os.getloadavg()}; database {db}")
    out: dict[str, Any] = {}
    try:
        with tempfile.TemporaryDirectory() as tmp:
            out.update(await bench_import(db, args.rows, Path(tmp)))
        took, raw = out["import_s"], out["raw_import_s"]
        print(f"  import {args.rows} rows: {took:.1f} s (raw COPY {raw:.1f} s, ratio "
              f"{took / raw:.2f}, target <= 2)")  # fmt: skip
        if "import" in args.parts and len(args.parts) == 1:
            return
        out["relay_per_s"] = await drain_outbox(db, channel)
        print(f"  relay published the import's events at {out['relay_per_s']:.0f}/s")
        out.update(await bench_search(db, args.searches))
        for kind in ("raw", "registry"):
            r = await intake_variant(kind, db, channel, args)
            out[kind] = r
            cpu = ", ".join(f"{k} {v:.2f} s" for k, v in r["cpu"].items())
            print(f"  intake {kind:>8}: {r['per_s']:6.0f}/s  @{args.rate}/s p50 "
                  f"{r['paced'][0]:.1f} ms p99 {r['paced'][1]:.1f} ms; CPU per 1,000 "
                  f"registrations: {cpu}", flush=True)  # fmt: skip
    finally:
        await conn.close()
        admin = await asyncpg.connect(ADMIN.replace("+asyncpg", ""))
        await admin.execute(f'DROP DATABASE "{db}" WITH (FORCE)')
        await admin.close()
    print(f"load after: {os.getloadavg()}")
    if "registry" in out:
        report(out, args)


def report(o: dict[str, Any], args: argparse.Namespace) -> None:
    reg, raw = o["registry"], o["raw"]
    rows = [
        ("intake registrations/s", reg["per_s"], raw["per_s"], ">= 500", reg["per_s"] >= 500),
        (f"intake p99 @{args.rate}/s (ms)", reg["paced"][1], raw["paced"][1], "<= 20",
         reg["paced"][1] <= 20),
        (f"import {args.rows} rows (s)", o["import_s"], o["raw_import_s"], "<= 30",
         o["import_s"] <= 30),
        (f"search p95 at {args.rows} (ms)", o["search_p95"], o["raw_search_p95"], "<= 20",
         o["search_p95"] <= 20),
    ]  # fmt: skip
    print(f"{'measure':32} {'registry':>10} {'raw':>10} {'ratio':>7}  target")
    for name, ours, base, target, ok in rows:
        print(f"{name:32} {ours:10.1f} {base:10.1f} {ours / base:7.2f}  {target} "
              f"{'met' if ok else 'NOT met'}")  # fmt: skip


if __name__ == "__main__":
    uvloop.install()
    if len(sys.argv) > 1 and sys.argv[1] == "--serve-raw":
        asyncio.run(serve_raw(ADMIN, AMQP, *sys.argv[2:]))
    else:
        parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
        parser.add_argument("--rows", type=int, default=50_000)
        parser.add_argument("--events", type=int, default=5000)
        parser.add_argument("--rate", type=int, default=100)
        parser.add_argument("--seconds", type=float, default=10.0)
        parser.add_argument("--searches", type=int, default=400)
        parser.add_argument(
            "--parts", type=lambda v: set(v.split(",")), default={"all"},
            help="import: the import only (it is the heavy part); default: everything",
        )  # fmt: skip
        asyncio.run(main(parser.parse_args()))
