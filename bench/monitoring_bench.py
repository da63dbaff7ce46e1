"""Monitoring: a reported measurement -> KPIUpdated on the bus -> received by SSE clients, against
a raw aio-pika publish -> consume of the same-size message, in the same run.

    .venv/bin/python bench/monitoring_bench.py [--rate 200] [--seconds 20] [--clients 50]
                                               [--filter none|centre] [--kpis 12]

Three processes: the monitoring service (``--serve``: its real app — consumers, relay, the bus ->
SSE fan-out — under uvicorn on a throwaway database ``aswan_bench_<id>`` and its own exchange),
the SSE clients (``--sink``: ``--clients`` raw HTTP/1.0 SSE connections to ``/v1/stream``, plus
the raw baseline's aio-pika consumer), and this driver, which publishes.

- service: ``ministry.kpi.measurement-reported.v1`` at ``--rate``/s for ``--seconds`` (ministry
  figures are approved on arrival). Each has a unique value, so the centre's KPIUpdated that
  carries it is matched to its publish time; latency = publish -> an SSE client parsed the event,
  over every (event, client). The governorate's KPIUpdated (one more per measurement) is streamed
  too but not timed. ``--filter centre`` gives each client one centre (a centre's dashboard);
  ``none`` (default) sends every event to every client: the heavier case.
- raw: the same number of same-size messages at the same rate, aio-pika publish (confirms) to
  a queue -> aio-pika consumer in the sink process; latency publish -> delivery. It pays no
  durability (a transient queue, no commit).
- durable: the baseline that pays the service's durability and fan-out and nothing else
  (bench/monitoring_durable.py, its own process and its own ``--clients`` SSE clients): a quorum
  queue, one transaction with a synchronous commit per batch, ack after the commit, then two SSE
  frames per measurement to every client. Targets (issue 15): the service's p99 at most 2x the
  durable baseline's in the same run, and at most 50 ms in a run without a disk stall.

CPU seconds per 1,000 measurements are printed for the service's processes, the PostgreSQL
backends on the bench's database and RabbitMQ (the whole broker), for the service and the
durable baseline.
The clocks are one machine's ``time.time()``. Other work on this 2-core machine makes the figures
noisy: compare the ratio, not the absolute numbers, across runs.

The disk is timed too: a thread makes 8 kB durable (``fdatasync``) every 20 ms beside
PostgreSQL's data directory while the service works, since every measurement waits for the disk
twice on its way (the quorum queue's log, the consumer's commit) and the raw baseline never does.
The report gives the worst per second next to the service's p99 per second, and how many of the
seconds over 50 ms fall in or right after a stall over 20 ms. ``--async-commit`` (diagnosis only)
runs the bench database with ``synchronous_commit = off`` to show the commit's share.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import json
import os
import re
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import aio_pika
import aiormq
import asyncpg
import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.proc_stats import backend_pids, pids_named  # noqa: E402
from bench.proc_stats import cpu_seconds as cpu_seconds_or_zero  # noqa: E402
from shared.auth import TokenCodec  # noqa: E402
from shared.dbsetup import service_url, setup_database  # noqa: E402
from shared.events.codes import Centre  # noqa: E402
from shared.events.envelope import CONTENT_TYPE, envelope_json, make_envelope  # noqa: E402
from shared.events.ministry import MinistryKPIMeasurementReported  # noqa: E402
from shared.messaging.topology import QueueSpec, declare_exchange, unrouted_name  # noqa: E402

ADMIN = os.environ.get("BENCH_ADMIN_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres")
AMQP = os.environ.get("BENCH_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/")
CENTRES = [c.value for c in Centre]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_by_command(*names: str) -> dict[str, float]:
    """CPU seconds so far of every running process named ``names`` (RabbitMQ, PostgreSQL)."""
    found = dict.fromkeys(names, 0.0)
    for proc in Path("/proc").iterdir():
        try:
            name = (proc / "comm").read_text().strip()
            if name in found:
                found[name] += cpu_seconds(int(proc.name))
        except (OSError, ValueError):
            continue
    return found


async def servers_sample(db: str) -> dict[str, dict[int, float]]:
    """CPU so far of RabbitMQ (beam.smp: the whole broker) and of the PostgreSQL backends on the
    bench's database (not the rest of the server: other people's tests use it too)."""
    admin = await asyncpg.connect(ADMIN.replace("+asyncpg", ""))
    try:
        backends = await backend_pids(admin, db)
    finally:
        await admin.close()
    return {
        "postgres": {pid: cpu_seconds_or_zero(pid) for pid in backends},
        "beam.smp": {pid: cpu_seconds_or_zero(pid) for pid in pids_named("beam.smp")},
    }


def servers_used(start: dict[str, dict[int, float]], end: dict[str, dict[int, float]]) -> dict:
    """CPU seconds between two samples (a backend that started meanwhile counts in full)."""
    return {
        name: sum(cpu - start[name].get(pid, 0.0) for pid, cpu in pids.items())
        for name, pids in end.items()
    }


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


# -- the service process ---------------------------------------------------------------------


def serve(port: int, roles: str) -> None:
    import uvicorn

    from services.monitoring.bootstrap import build
    from services.monitoring.config import MonitoringSettings
    from shared.logging import configure_logging

    settings = MonitoringSettings(
        database_url=os.environ["BENCH_DB_URL"],
        exchange=os.environ["BENCH_EXCHANGE"],
        queue_prefix=os.environ["BENCH_PREFIX"],
        jwt_secret=os.environ["BENCH_JWT"],
        log_level="WARNING",
        log_json=False,
        **(
            {"sse_coalesce_ms": float(os.environ["BENCH_COALESCE_MS"])}
            if os.environ.get("BENCH_COALESCE_MS")
            else {}
        ),
    )
    configure_logging(settings.service, settings.log_level, settings.log_json)
    app = build(settings, frozenset(roles.split(",")))

    def run() -> None:
        uvicorn.run(
            app, host="127.0.0.1", port=port, loop="uvloop", log_config=None, access_log=False
        )

    if os.environ.get("BENCH_PROFILE"):  # diagnosis: where the service's CPU goes
        import cProfile
        import signal

        profile = cProfile.Profile(time.process_time)

        def dump(*_: object) -> None:  # uvicorn re-raises SIGTERM after its shutdown
            profile.disable()
            profile.dump_stats(os.environ["BENCH_PROFILE"])
            os._exit(0)

        signal.signal(signal.SIGTERM, dump)
        profile.enable()
    run()


# -- the SSE clients (and the raw baseline's consumer) ----------------------------------------


async def sse_client(
    port: int, path: str, chunks: list[tuple[float, bytes]], ready: asyncio.Event
) -> None:
    """Read the stream, keeping each chunk with its arrival time: the events in it are parsed
    after the run (:func:`parse_chunks`), so that parsing 400 events/s for each of 50 clients
    does not take CPU from the service being measured on this 2-core machine."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(
        f"GET {path} HTTP/1.0\r\nHost: bench\r\nAccept: text/event-stream\r\n\r\n".encode()
    )
    await writer.drain()
    head = b""
    while b": connected" not in head:
        more = await reader.read(65536)
        if not more:
            return
        head += more
    ready.set()
    while chunk := await reader.read(65536):
        chunks.append((time.time(), chunk))


# The two fields needed of each event, read without decoding the JSON documents. KPIUpdated's
# data has ``centre`` then ``value`` (its field order); were it to change, no delivery would be
# timed and the report says so.
_CENTRE_VALUE = re.compile(rb'"centre":(null|"[^"]*"),"value":([-+.eE0-9]+)')


def parse_chunks(chunks: list[tuple[float, bytes]], seen: dict[float, list[float]]) -> int:
    """Add each centre event's arrival time to ``seen`` by its value; return the events read.
    An event split across two chunks counts at the arrival of its end."""
    events, buffer = 0, b""
    for at, chunk in chunks:
        buffer += chunk
        cut = buffer.rfind(b"\r\n\r\n")
        if cut < 0:
            continue
        complete, buffer = buffer[: cut + 4], buffer[cut + 4 :]
        events += complete.count(b"\r\ndata: ")
        for centre, value in _CENTRE_VALUE.findall(complete):
            if centre != b"null":
                seen.setdefault(float(value), []).append(at)
    return events


async def sink(port: int, clients: int, filter_: str, raw_queue: str) -> None:
    # The measuring process must not pause itself: its full GC collections (its heap grows with
    # the timings it keeps) took up to 48 ms in the middle of a run. Its garbage is acyclic.
    gc.disable()
    streams: list[list[tuple[float, bytes]]] = [[] for _ in range(clients)]
    raw_seen: dict[float, float] = {}
    readies = [asyncio.Event() for _ in range(clients)]
    tasks = []
    for i in range(clients):
        path = (
            f"/v1/stream?centre={CENTRES[i % len(CENTRES)]}"
            if filter_ == "centre"
            else "/v1/stream"
        )
        tasks.append(asyncio.create_task(sse_client(port, path, streams[i], readies[i])))
    await asyncio.wait_for(asyncio.gather(*(r.wait() for r in readies)), 30)
    conn = await aio_pika.connect(AMQP)
    channel = await conn.channel()
    await channel.set_qos(prefetch_count=200)
    queue = await channel.declare_queue(raw_queue, auto_delete=True)

    async def on_raw(message: aio_pika.abc.AbstractIncomingMessage) -> None:
        raw_seen[json.loads(message.body)["data"]["value"]] = time.time()
        await message.ack()

    await queue.consume(on_raw)
    print("ready", flush=True)
    line = await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
    seen: dict[float, list[float]] = {}
    events = sum(parse_chunks(chunks, seen) for chunks in streams)
    Path(line.split()[1]).write_text(
        json.dumps(
            {
                "sse": {str(k): v for k, v in seen.items()},
                "raw": {str(k): v for k, v in raw_seen.items()},
                "sse_events": events,
                "sse_reads": sum(len(chunks) for chunks in streams),
            }
        )
    )
    await conn.close()
    for task in tasks:
        task.cancel()


# -- the driver ------------------------------------------------------------------------------


def framework(kpis: int) -> dict[str, Any]:
    return {
        "title": "bench",
        "pillars": [
            {
                "code": "bench.P",
                "name_ar": "محور",
                "objectives": [
                    {
                        "code": "bench.O",
                        "name_ar": "هدف",
                        "kpis": [
                            {
                                "code": f"bench.k{i}",
                                "name_ar": f"مؤشر {i}",
                                "unit": "n",
                                "measure": "count",
                                "aggregation": "sum",
                                "baseline_period": "2025",
                                "baseline_value": 0,
                                "max_value": 1e12,
                                "targets": [{"period": "2026", "value": 1e6}],
                            }
                            for i in range(kpis)
                        ],
                    }
                ],
            }
        ],
    }


async def paced(rate: int, seconds: int, send: Any) -> dict[float, float]:
    sent: dict[float, float] = {}
    start = time.monotonic()
    for i in range(rate * seconds):
        delay = start + i / rate - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        value = float(1000 + i)
        sent[value] = time.time()
        await send(i, value)
    return sent


async def drive(args: argparse.Namespace) -> None:
    run = uuid.uuid4().hex[:8]
    db, exchange_name, prefix = f"aswan_bench_{run}", f"bench.{run}.events", f"bench.{run}."
    await setup_database(ADMIN, db, ("monitoring",))
    from shared.migrations import upgrade

    db_url = service_url(ADMIN, "monitoring", db)
    if args.async_commit:
        admin = await asyncpg.connect(ADMIN.replace("+asyncpg", ""))
        await admin.execute(f'ALTER DATABASE "{db}" SET synchronous_commit = off')
        await admin.close()
    await asyncio.to_thread(upgrade, "monitoring", db_url)
    jwt = secrets.token_hex(32)
    env = {
        **os.environ,
        "BENCH_DB_URL": db_url,
        "BENCH_EXCHANGE": exchange_name,
        "BENCH_PREFIX": prefix,
        "BENCH_JWT": jwt,
    }
    me = [sys.executable, __file__]
    # one process with every role, or (--split, --split3) the API and SSE fan-out apart from the
    # consumers and relay, as a deployment would scale them (each on its own core here)
    args.port = args.port or free_port()
    layout = [(roles, args.port if i == 0 else free_port()) for i, roles in enumerate(args.layout)]
    services: list[subprocess.Popen[bytes]] = [
        subprocess.Popen([*me, "--serve", "--port", str(port), "--roles", roles], env=env)
        for roles, port in layout
    ]
    sink_proc: subprocess.Popen[str] | None = None
    try:
        async with httpx.AsyncClient(timeout=10) as http:
            for _, port in layout:
                for _ in range(300):
                    try:
                        if (await http.get(f"http://127.0.0.1:{port}/readyz")).status_code == 200:
                            break
                    except httpx.TransportError:
                        pass
                    await asyncio.sleep(0.1)
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{args.port}", timeout=10) as http:
            token = TokenCodec(jwt, "aswan2040", "aswan2040-api").mint("bench", ["staff"])
            loaded = await http.put(
                "/v1/framework",
                json=framework(args.kpis),
                headers={"Authorization": f"Bearer {token}"},
            )
            loaded.raise_for_status()
        raw_queue = f"bench.{run}.raw"
        sink_proc = subprocess.Popen(
            [
                *me,
                "--sink",
                "--port",
                str(args.port),
                "--clients",
                str(args.clients),
                "--filter",
                args.filter,
                "--raw-queue",
                raw_queue,
            ],
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert sink_proc.stdout is not None and sink_proc.stdin is not None
        assert (await asyncio.to_thread(sink_proc.stdout.readline)).strip() == "ready"
        conn = await aio_pika.connect(AMQP)
        channel = await conn.channel(publisher_confirms=True)
        await declare_exchange(channel, exchange_name)

        def body(i: int, value: float) -> bytes:
            event = MinistryKPIMeasurementReported(
                kpi_code=f"bench.k{i % args.kpis}",
                period="2026",
                centre=CENTRES[i % 6],
                value=value,
                reported_by="bench",
            )
            return envelope_json(make_envelope(event, source="/aswan/ministry", subject=None))

        # Every message is encoded before the clock starts and published on aiormq's channel:
        # the driver shares the two cores with what it measures (built per send through
        # aio_pika.Message, it took 2.7 s of CPU in a 20 s run, a sixth of the service's).
        count = args.rate * args.seconds
        bodies = [body(i, float(1000 + i)) for i in range(count)]
        underlay = await channel.get_underlay_channel()

        def sender(exchange_name: str, routing_key: str) -> Any:
            properties = [
                aiormq.spec.Basic.Properties(
                    content_type=CONTENT_TYPE, delivery_mode=2, message_id=uuid.uuid4().hex
                )
                for _ in range(count)
            ]

            async def send(i: int, value: float) -> None:
                await underlay.basic_publish(
                    bodies[i],
                    exchange=exchange_name,
                    routing_key=routing_key,
                    properties=properties[i],
                    mandatory=True,
                )

            return send

        to_service = sender(exchange_name, MinistryKPIMeasurementReported.ROUTING_KEY)
        to_raw = sender("", raw_queue)

        probe = await asyncpg.connect(db_url.replace("+asyncpg", ""))
        round_trips: list[float] = []

        async def probe_db() -> None:  # the database's round trip while the service works
            while True:
                started = time.perf_counter()
                await probe.fetchval("SELECT 1")
                round_trips.append((time.perf_counter() - started) * 1000)
                await asyncio.sleep(0.02)

        disk = DiskProbe(args.disk_probe_dir or await probe_dir())
        raw_servers = cpu_by_command("beam.smp")
        raw_sent = await paced(args.rate, args.seconds, to_raw)
        raw_servers = {k: v - raw_servers[k] for k, v in cpu_by_command(*raw_servers).items()}
        durable = await durable_phase(args, env, run, db, channel, sender, disk.directory)
        measured = [p.pid for p in services] + [sink_proc.pid, os.getpid()]
        cpu = [cpu_seconds(pid) for pid in measured]
        servers_at = await servers_sample(db)
        prober = asyncio.create_task(probe_db())
        disk.start()
        sent = await paced(args.rate, args.seconds, to_service)
        disk.stop()
        prober.cancel()
        await probe.close()
        await asyncio.sleep(3)  # let the tail drain before the sink dumps what it saw
        cpu = [cpu_seconds(pid) - c for pid, c in zip(measured, cpu, strict=True)]
        servers = servers_used(servers_at, await servers_sample(db))
        load = os.getloadavg()[0]
        out = Path(f"/tmp/{prefix}json")
        sink_proc.stdin.write(f"dump {out}\n")
        sink_proc.stdin.flush()
        await asyncio.to_thread(sink_proc.wait, 60)
        async with httpx.AsyncClient() as http:
            consuming = next(port for roles, port in layout if "consumers" in roles)
            metrics = (await http.get(f"http://127.0.0.1:{consuming}/metrics")).text
        seen = json.loads(out.read_text())
        out.unlink()
        await conn.close()
        report(args, sent, raw_sent, seen, disk, durable)
        batch = {
            ln.split("{")[0].rsplit("_", 1)[1]: float(ln.split()[-1])
            for ln in metrics.splitlines()
            if ln.startswith(("aswan_event_batch_seconds_sum", "aswan_event_batch_seconds_count"))
            and "measurements" in ln
        }
        if batch.get("count"):
            print(
                f"  consumer: {batch['count']:.0f} batch transactions, "
                f"{batch['sum'] / batch['count'] * 1000:.1f} ms each on average, "
                f"busy {batch['sum']:.1f} s"
            )
        print(
            f"  PostgreSQL round trip (SELECT 1) meanwhile: p50 {pct(round_trips, 0.5):.1f} ms, "
            f"p99 {pct(round_trips, 0.99):.1f} ms"
        )
        parts = ", ".join(f"{roles} {c:.1f} s" for (roles, _), c in zip(layout, cpu, strict=False))
        total = sum(cpu[:-2])
        events = len(sent) / 1000
        print(
            f"  CPU per 1,000 measurements: service {total / events:.2f} s, PostgreSQL "
            f"{servers['postgres'] / events:.2f} s, RabbitMQ {servers['beam.smp'] / events:.2f} s; "
            f"durable baseline {durable['cpu'] / events:.2f} s, PostgreSQL "
            f"{durable['servers']['postgres'] / events:.2f} s, RabbitMQ "
            f"{durable['servers']['beam.smp'] / events:.2f} s (PostgreSQL: the backends on the "
            "bench's database; RabbitMQ: the whole broker, other people's work included)"
        )
        print(
            f"  CPU during the service phase: service {total:.1f} s = "
            f"{total / len(sent) * 1000:.2f} ms per measurement ({parts}); SSE clients "
            f"{cpu[-2]:.1f} s; driver {cpu[-1]:.1f} s; RabbitMQ {servers['beam.smp']:.1f} s; "
            f"PostgreSQL {servers['postgres']:.1f} s; machine load average {load:.1f} on "
            f"{os.cpu_count()} cores (raw phase: RabbitMQ {raw_servers['beam.smp']:.1f} s)"
        )
    finally:
        procs: list[subprocess.Popen[Any] | None] = [sink_proc, *services]
        for proc in procs:
            if proc is not None and proc.poll() is None:
                proc.terminate()
                proc.wait(60)
        if args.keep:
            print(f"  kept database {db}")
        else:
            admin = await asyncpg.connect(ADMIN.replace("+asyncpg", ""))
            await admin.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
            await admin.close()
        await delete_bus(exchange_name, prefix)  # kept or not, the database alone tells the story


async def durable_phase(
    args: argparse.Namespace, env: dict[str, str], run: str, db: str, channel: Any,
    sender: Any, disk_dir: str,
) -> dict[str, Any]:  # fmt: skip
    """The durable raw baseline (bench/monitoring_durable.py) in its own process, its own SSE
    clients (a second sink process), the same measurements at the same rate to a quorum queue."""
    queue = f"bench.{run}.durable"
    await channel.declare_queue(queue, durable=True, arguments={"x-queue-type": "quorum"})
    port, me = free_port(), [sys.executable, __file__]
    server = subprocess.Popen([*me, "--serve-durable", "--port", str(port), "--raw-queue", queue],
                              env=env, stdout=subprocess.PIPE, text=True)  # fmt: skip
    clients: subprocess.Popen[str] | None = None
    try:
        assert server.stdout is not None
        assert (await asyncio.to_thread(server.stdout.readline)).strip() == "serving"
        clients = subprocess.Popen(
            [*me, "--sink", "--port", str(port), "--clients", str(args.clients), "--filter",
             "none", "--raw-queue", f"bench.{run}.unused"],
            env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        assert clients.stdout is not None and clients.stdin is not None
        assert (await asyncio.to_thread(clients.stdout.readline)).strip() == "ready"
        disk = DiskProbe(disk_dir)
        cpu, servers_at = cpu_seconds(server.pid), await servers_sample(db)
        disk.start()
        sent = await paced(args.rate, args.seconds, sender("", queue))
        disk.stop()
        await asyncio.sleep(3)  # the tail
        cpu = cpu_seconds(server.pid) - cpu
        servers = servers_used(servers_at, await servers_sample(db))
        out = Path(f"/tmp/bench.{run}.durable.json")
        clients.stdin.write(f"dump {out}\n")
        clients.stdin.flush()
        await asyncio.to_thread(clients.wait, 60)
        seen = json.loads(out.read_text())
        out.unlink()
        return {"sent": sent, "seen": seen, "cpu": cpu, "servers": servers, "disk": disk}
    finally:
        for proc in (clients, server):
            if proc is not None and proc.poll() is None:
                proc.terminate()
                proc.wait(60)
        with contextlib.suppress(aio_pika.exceptions.AMQPError):
            await channel.queue_delete(queue)


def _sse_latencies(sent: dict[float, float], seen: dict[str, Any]) -> list[float]:
    return [(t - sent[float(v)]) * 1000 for v, times in seen["sse"].items() for t in times]


def _stalled(disk: DiskProbe, start: float, seconds: int) -> int:
    """Seconds of the phase with an fdatasync over 20 ms."""
    return sum(w > 20 for w in disk.worst_per_second(start, seconds))


async def delete_bus(exchange: str, prefix: str) -> None:
    """The run's queues (with their dead-letter and retry queues) and exchanges: left behind,
    every run added a dozen idle queues (quorum queues among them) to the broker's work."""
    from services.monitoring.entrypoints.consumers import subscriptions

    conn = await aio_pika.connect(AMQP)
    try:
        names = [unrouted_name(exchange)]
        for sub in subscriptions():
            spec = QueueSpec(f"{prefix}monitoring.{sub.purpose}", sub.routing_keys())
            retries = [spec.retry_queue(n) for n in range(1, spec.retry_levels + 1)]
            names += [spec.name, spec.dlq, *retries]
        for name in names:
            channel = await conn.channel()
            with contextlib.suppress(aio_pika.exceptions.AMQPError):
                await channel.queue_delete(name)
        for name in (exchange, unrouted_name(exchange)):
            channel = await conn.channel()
            with contextlib.suppress(aio_pika.exceptions.AMQPError):
                await channel.exchange_delete(name)
    finally:
        await conn.close()


class DiskProbe:
    """How long the disk takes to make 8 kB durable (``fdatasync``), every 20 ms, in a thread,
    while the service works: the service's commits (PostgreSQL's WAL) and its queues (RabbitMQ's
    quorum-queue log) wait for the same disk, so a stall here is a stall on their path."""

    def __init__(self, directory: str) -> None:
        self.directory = directory
        self.samples: list[tuple[float, float]] = []  # (time.time(), milliseconds)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="disk-probe", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        with tempfile.NamedTemporaryFile(dir=self.directory, prefix="aswan-bench-") as file:
            block = os.urandom(8192)
            while not self._stop.wait(0.02):
                at, started = time.time(), time.perf_counter()
                os.pwrite(file.fileno(), block, 0)
                os.fdatasync(file.fileno())
                self.samples.append((at, (time.perf_counter() - started) * 1000))

    def worst_per_second(self, start: float, seconds: int) -> list[float]:
        worst = [0.0] * seconds
        for at, ms in self.samples:
            if 0 <= int(at - start) < seconds:
                worst[int(at - start)] = max(worst[int(at - start)], ms)
        return worst


async def probe_dir() -> str:
    """PostgreSQL's data directory's parent when this process may write there (the same disk as
    the WAL), else the temporary directory."""
    admin = await asyncpg.connect(ADMIN.replace("+asyncpg", ""))
    try:
        parent = str(Path(await admin.fetchval("SHOW data_directory")).parent)
    except asyncpg.PostgresError:  # not a superuser: the setting is hidden
        return tempfile.gettempdir()
    finally:
        await admin.close()
    return parent if os.access(parent, os.W_OK) else tempfile.gettempdir()


def report(
    args: argparse.Namespace,
    sent: dict[float, float],
    raw_sent: dict[float, float],
    seen: dict[str, Any],
    disk: DiskProbe,
    durable: dict[str, Any],
) -> None:
    per_client = args.clients if args.filter == "none" else None
    sse = _sse_latencies(sent, seen)
    base = _sse_latencies(durable["sent"], durable["seen"])
    raw = [(t - raw_sent[float(v)]) * 1000 for v, t in seen["raw"].items()]
    expected = sum(
        per_client or sum(1 for c in range(args.clients) if c % 6 == i % 6)
        for i in range(len(sent))
    )
    print(
        f"rate {args.rate}/s for {args.seconds}s, {args.clients} SSE clients, "
        f"filter={args.filter}, processes: {' | '.join(args.layout)}"
    )
    print(
        f"  service: {len(seen['sse'])}/{len(sent)} measurements seen, {len(sse)}/{expected} "
        f"(event, client) deliveries timed, {seen['sse_events']} SSE events parsed in all, "
        f"in {seen['sse_reads']} socket reads"
    )
    print(
        f"  service  p50 {pct(sse, 0.5):7.1f} ms  p99 {pct(sse, 0.99):7.1f} ms  "
        f"max {max(sse, default=float('nan')):7.1f} ms"
    )
    print(
        f"  raw      p50 {pct(raw, 0.5):7.1f} ms  p99 {pct(raw, 0.99):7.1f} ms  "
        f"({len(raw)}/{len(raw_sent)} delivered)"
    )
    print(
        f"  durable  p50 {pct(base, 0.5):7.1f} ms  p99 {pct(base, 0.99):7.1f} ms  "
        f"({len(base)}/{len(durable['sent']) * args.clients} (event, client) deliveries; quorum "
        "queue, a synchronous commit per batch, the same fan-out: bench/monitoring_durable.py)"
    )
    ratio = pct(sse, 0.99) / pct(base, 0.99)
    stalls = _stalled(disk, min(sent.values()), args.seconds)
    base_stalls = _stalled(durable["disk"], min(durable["sent"].values()), args.seconds)
    print(
        f"  ratio p99 service/durable: {ratio:.2f}x (target <= 2: "
        f"{'met' if ratio <= 2 else 'NOT met'}); service/raw: "
        f"{pct(sse, 0.99) / pct(raw, 0.99):.1f}x (a transient queue, no commit)"
    )
    verdict = "met" if pct(sse, 0.99) <= 50 else "NOT met"
    print(
        f"  target p99 <= 50 ms in a run without a disk stall: "
        f"{verdict if not stalls else f'not judged, the disk stalled ({stalls} s)'} "
        f"(p99 {pct(sse, 0.99):.1f} ms; seconds with an fdatasync over 20 ms: service phase "
        f"{stalls}, durable phase {base_stalls})"
    )
    if sse:
        print(f"  mean {statistics.fmean(sse):.1f} ms")
        # where the tail sits: p99 per second of the run (a stall shows as one bad second)
        start = min(sent.values())
        by_second: dict[int, list[float]] = {}
        for v, times in seen["sse"].items():
            at = sent[float(v)]
            by_second.setdefault(int(at - start), []).extend((t - at) * 1000 for t in times)
        print(
            "  p99 per second: "
            + " ".join(f"{pct(by_second[s], 0.99):.0f}" for s in sorted(by_second))
        )
        stalls = disk.worst_per_second(start, len(by_second))
        print("  worst fdatasync per second: " + " ".join(f"{w:.0f}" for w in stalls))
        bad = [s for s in sorted(by_second) if pct(by_second[s], 0.99) > 50]
        stalled = [s for s in bad if max(stalls[max(s - 1, 0) : s + 1], default=0) > 20]
        durations = [d for _, d in disk.samples]
        print(
            f"  disk ({disk.directory}, fdatasync of 8 kB every 20 ms): p50 "
            f"{pct(durations, 0.5):.1f} ms, p99 {pct(durations, 0.99):.1f} ms, max "
            f"{max(durations, default=float('nan')):.1f} ms; seconds with one over 20 ms: "
            f"{sum(w > 20 for w in stalls)}/{len(stalls)}; seconds whose p99 is over 50 ms: "
            f"{len(bad)}, {len(stalled)} of them in or right after such a disk stall"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--serve", action="store_true")
    parser.add_argument("--sink", action="store_true")
    parser.add_argument("--serve-durable", action="store_true", help="the durable baseline")
    parser.add_argument("--port", type=int, default=0, help="API port (default: a free one)")
    parser.add_argument("--rate", type=int, default=200)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--kpis", type=int, default=12)
    parser.add_argument("--filter", choices=("none", "centre"), default="none")
    parser.add_argument("--raw-queue", default="")
    parser.add_argument("--roles", default="api,consumers,relay")
    parser.add_argument(
        "--split",
        action="store_true",
        help="API + SSE in one process, consumers + relay in another",
    )
    parser.add_argument(
        "--split3", action="store_true", help="API + SSE, consumers and relay: three processes"
    )
    parser.add_argument("--keep", action="store_true", help="keep the database (diagnosis)")
    parser.add_argument(
        "--disk-probe-dir",
        default="",
        help="where to time fdatasync (default: beside PostgreSQL's data directory, else /tmp)",
    )
    parser.add_argument(
        "--async-commit",
        action="store_true",
        help="diagnosis only: the bench database commits without waiting for the disk "
        "(synchronous_commit off), which the service must not do; shows the disk's share",
    )
    args = parser.parse_args()
    args.layout = (
        ["api", "consumers", "relay"]
        if args.split3
        else ["api", "consumers,relay"]
        if args.split
        else ["api,consumers,relay"]
    )
    if args.serve_durable:
        import uvloop

        from bench.monitoring_durable import serve_durable

        dsn = os.environ["BENCH_DB_URL"].replace("+asyncpg", "")
        uvloop.run(serve_durable(args.port, args.raw_queue, dsn, AMQP))
    elif args.serve:
        serve(args.port, args.roles)
    elif args.sink:
        import uvloop

        uvloop.run(sink(args.port, args.clients, args.filter, args.raw_queue))
    else:
        import uvloop

        uvloop.run(drive(args))


if __name__ == "__main__":
    main()
