"""Notify throughput and latency against a raw baseline, in the same run.

    .venv/bin/python bench/notify_bench.py [--emails 2000] [--webhooks 1000] [--rate 50]
                                            [--seconds 20] [--rounds 2]

Three processes, like production: the notify service (``--serve``: its real lifespan — consumers,
relay, delivery worker — on a throwaway database ``aswan_bench_<id>`` and its own exchange), a
sink (``--sink``: an aiosmtpd SMTP server and an HTTP webhook receiver on 127.0.0.1 that print
the time each message is accepted), and this driver, which publishes the input events.

- emails/s: ``--emails`` AssociationRegistered events (each with its own contact email) published
  as fast as possible; rate = emails / (last SMTP acceptance - first publish).
- webhooks/s: a webhook subscription to PartnershipRecorded, ``--webhooks`` events, same clock.
- latency: AssociationRegistered at ``--rate``/s for ``--seconds``; event publish -> SMTP
  acceptance, p50 / p99.
- CPU per email: user+system CPU of the notify process over the email burst, against this
  driver's own CPU for the raw sends; less sensitive to a busy machine than the rates (it leaves
  out PostgreSQL and RabbitMQ, which notify uses and raw does not).
- raw baseline: plain aiosmtplib sends of comparable messages (built before the clock starts)
  over the same number of open connections (``--connections``), and plain httpx POSTs of the
  same CloudEvent bodies with the same concurrency, to the same sink. The ratio is notify / raw.

The notify rate limits are raised in the bench (``--rate-limit``) to measure capacity, not the
policy. Figures on a shared 2-core machine are noisy: compare the ratio, not the absolutes.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import resource
import secrets
import signal
import statistics
import subprocess
import sys
import time
import uuid
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import aio_pika
import asyncpg
import uvloop

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.proc_stats import CpuMeter, backend_pids  # noqa: E402
from shared.events.envelope import envelope_json, make_envelope  # noqa: E402
from shared.events.registry import AssociationRegistered, PartnershipRecorded  # noqa: E402
from shared.messaging.topology import declare_exchange, unrouted_name  # noqa: E402

ADMIN = os.environ.get("BENCH_ADMIN_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres")
AMQP = os.environ.get("BENCH_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/")


# -- the sink: SMTP + HTTP receiver printing acceptance times ---------------------------------


async def run_sink(smtp_port: int, http_port: int) -> None:
    import uvicorn
    from aiosmtpd.smtp import SMTP

    out = sys.stdout

    class Handler:
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
            out.write(f"m {envelope.rcpt_tos[0]} {time.time():.6f}\n")
            out.flush()
            return "250 OK"

    async def app(scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        more = True
        while more:
            message = await receive()
            more = message.get("more_body", False)
        key = dict(scope["headers"]).get(b"x-bench-id") or dict(scope["headers"]).get(
            b"webhook-id", b"?"
        )
        out.write(f"w {key.decode()} {time.time():.6f}\n")
        out.flush()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"{}"})

    loop = asyncio.get_running_loop()
    await loop.create_server(lambda: SMTP(Handler(), hostname="localhost"), "127.0.0.1", smtp_port)
    config = uvicorn.Config(
        app,
        host="127.0.0.1",
        port=http_port,
        lifespan="off",
        log_level="error",
        access_log=False,
        loop="none",
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    while not server.started:
        await asyncio.sleep(0.01)
    out.write("ready\n")
    out.flush()
    await _until_terminated()
    server.should_exit = True
    await task


# -- the notify service under test -------------------------------------------------------------


async def run_notify(
    db_url: str, exchange: str, prefix: str, smtp_port: int, rate: float, connections: int
) -> None:
    from services.notify.bootstrap import build
    from services.notify.config import NotifySettings

    settings = NotifySettings(
        database_url=db_url,
        amqp_url=AMQP,
        exchange=exchange,
        queue_prefix=prefix,
        jwt_secret=secrets.token_hex(32),
        unsubscribe_signing_key=secrets.token_hex(32),
        webhook_secrets_key=secrets.token_hex(32),
        smtp_port=smtp_port,
        smtp_connections=connections,
        log_json=False,
        log_level="WARNING",
        rate_email_per_second=rate,
        rate_webhook_per_second=rate,
        channel_concurrency=64,
        delivery_batch=200,
        relay_poll_seconds=0.5,
    )
    app = build(settings)
    async with app.router.lifespan_context(app):
        print("ready", flush=True)
        await _until_terminated()


async def _until_terminated() -> None:
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    await stop.wait()


# -- the driver -----------------------------------------------------------------------------------


class Sink:
    def __init__(self, proc: asyncio.subprocess.Process) -> None:
        self.proc = proc
        self.mail: dict[str, float] = {}
        self.hooks: dict[str, float] = {}
        self.changed = asyncio.Event()
        self.ready = asyncio.Event()

    async def read(self) -> None:
        assert self.proc.stdout is not None
        async for raw in self.proc.stdout:
            parts = raw.decode().split()
            if parts == ["ready"]:
                self.ready.set()
            elif len(parts) == 3:
                (self.mail if parts[0] == "m" else self.hooks)[parts[1]] = float(parts[2])
                self.changed.set()

    async def wait(self, table: dict[str, float], keys: set[str], timeout: float) -> float:
        deadline = time.monotonic() + timeout
        while not keys <= table.keys():
            self.changed.clear()
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"{len(keys - table.keys())} of {len(keys)} never arrived")
            try:
                await asyncio.wait_for(self.changed.wait(), left)
            except TimeoutError:
                continue
        return max(table[k] for k in keys)


async def _child(*args: str) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        __file__,
        *args,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        cwd=str(ROOT),
    )


def _registered(address: str) -> bytes:
    number = str(uuid.uuid4().int)[:9]
    event = AssociationRegistered(
        association_id=str(uuid.uuid4()),
        org_id=f"EG-MOSS-{number}",
        registration_number=number,
        name_ar="جمعية الأمل لتنمية المجتمع",
        name_en="Al-Amal Association",
        legal_form="association",
        centre="edfu",
        sectors=["health"],
        centres_served=["edfu"],
        status="active",
        contact_email=address,
    )
    return envelope_json(make_envelope(event, source="/aswan/registry", subject=number))


def _partnership() -> tuple[str, bytes]:
    event = PartnershipRecorded(
        partnership_id=str(uuid.uuid4()),
        association_id=str(uuid.uuid4()),
        organisation_id="UNICEF-EG",
        kind="funding",
        sectors=["children_youth"],
        centres=["kom_ombo"],
    )
    envelope = make_envelope(event, source="/aswan/registry", subject=event.partnership_id)
    return envelope.id, envelope_json(envelope)


async def _publish(ex: Any, body: bytes, key: str) -> None:
    await ex.publish(
        aio_pika.Message(
            body,
            content_type="application/cloudevents+json",
            delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
        ),
        key,
        mandatory=True,
    )


async def notify_emails(ex: Any, sink: Sink, count: int, tag: str) -> float:
    addresses = [f"b{tag}{i}@bench.example" for i in range(count)]
    bodies = [_registered(a) for a in addresses]
    started = time.time()
    await asyncio.gather(*(_publish(ex, b, AssociationRegistered.ROUTING_KEY) for b in bodies))
    last = await sink.wait(sink.mail, set(addresses), timeout=180)
    return count / (last - started)


async def notify_webhooks(ex: Any, sink: Sink, count: int) -> float:
    events = [_partnership() for _ in range(count)]
    sink.hooks.clear()  # the raw baseline's requests
    started = time.time()
    await asyncio.gather(*(_publish(ex, b, PartnershipRecorded.ROUTING_KEY) for _, b in events))
    deadline = time.monotonic() + 180
    while len(sink.hooks) < count and time.monotonic() < deadline:
        sink.changed.clear()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(sink.changed.wait(), 1)
    if len(sink.hooks) < count:
        raise TimeoutError(f"only {len(sink.hooks)} of {count} webhooks arrived")
    return count / (max(sink.hooks.values()) - started)


async def latency(ex: Any, sink: Sink, rate: int, seconds: float, tag: str) -> list[float]:
    sent: dict[str, float] = {}
    period = 1 / rate
    start = time.monotonic()
    for i in range(int(rate * seconds)):
        await asyncio.sleep(max(0.0, start + i * period - time.monotonic()))
        address = f"l{tag}{i}@bench.example"
        body = _registered(address)
        sent[address] = time.time()
        await _publish(ex, body, AssociationRegistered.ROUTING_KEY)
    await sink.wait(sink.mail, set(sent), timeout=60)
    return sorted((sink.mail[a] - t) * 1000 for a, t in sent.items())


RAW_CPU_MS: list[float] = []


async def raw_emails(port: int, count: int, connections: int) -> float:
    import aiosmtplib

    def message(i: int) -> EmailMessage:
        msg = EmailMessage()
        msg["From"], msg["To"] = "no-reply@aswan2040.eg", f"raw{i}-{uuid.uuid4().hex[:6]}@x.eg"
        msg["Subject"] = "تم تسجيل الجمعية برقم EG-MOSS-123456 | Registration confirmed"
        msg["Message-ID"] = f"<{uuid.uuid4()}@aswan2040.eg>"
        msg.set_content("تم تسجيل جمعية الأمل لتنمية المجتمع. " * 12)
        msg.add_alternative(
            "<html dir='rtl'><body>" + "تم التسجيل " * 120 + "</body></html>", subtype="html"
        )
        return msg

    # built before the clock starts: the baseline is the SMTP transfer alone
    queue: asyncio.Queue[tuple[str, bytes]] = asyncio.Queue()
    for i in range(count):
        msg = message(i)
        queue.put_nowait((msg["To"], msg.as_bytes()))

    async def worker() -> None:
        client = aiosmtplib.SMTP(hostname="127.0.0.1", port=port)
        await client.connect()
        while not queue.empty():
            to, raw = queue.get_nowait()
            await client.sendmail("no-reply@aswan2040.eg", [to], raw)
        await client.quit()

    started, cpu0 = time.time(), _cpu_seconds()
    await asyncio.gather(*(worker() for _ in range(connections)))
    RAW_CPU_MS.append((_cpu_seconds() - cpu0) * 1000 / count)
    return count / (time.time() - started)


async def raw_webhooks(port: int, count: int, concurrency: int) -> float:
    import httpx

    bodies = [_partnership()[1] for _ in range(count)]
    gate = asyncio.Semaphore(concurrency)
    async with httpx.AsyncClient() as client:

        async def post(i: int) -> None:
            async with gate:
                r = await client.post(
                    f"http://127.0.0.1:{port}/hook",
                    content=bodies[i],
                    headers={"x-bench-id": f"raw-{i}-{uuid.uuid4().hex[:6]}"},
                )
                r.raise_for_status()

        started = time.time()
        await asyncio.gather(*(post(i) for i in range(count)))
    return count / (time.time() - started)


def _cpu_seconds(pid: int | None = None) -> float:
    """User + system CPU of a process (this one by default): robust to a busy machine, unlike
    wall-clock rates."""
    if pid is None:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return usage.ru_utime + usage.ru_stime
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def _delete_bus(conn: Any, exchange: str, prefix: str) -> None:
    """The service's queues (with their dead-letter and retry queues) and the exchange."""
    for purpose in ("registry-events", "kpi-alerts", "subscriptions"):
        for suffix in ("", ".dlq", ".retry.1", ".retry.2", ".retry.3"):
            channel = await conn.channel()
            with contextlib.suppress(Exception):
                await channel.queue_delete(f"{prefix}notify.{purpose}{suffix}")
    channel = await conn.channel()
    with contextlib.suppress(Exception):
        await channel.queue_delete(unrouted_name(exchange))  # the exchange's parking queue
    for name in (exchange, unrouted_name(exchange)):
        channel = await conn.channel()
        with contextlib.suppress(Exception):
            await channel.exchange_delete(name)


async def _database() -> tuple[str, str]:
    from shared.dbsetup import service_url, setup_database
    from shared.migrations import upgrade

    name = f"aswan_bench_{uuid.uuid4().hex[:8]}"
    await setup_database(ADMIN, name, services=("notify",))
    url = service_url(ADMIN, "notify", name)
    await asyncio.to_thread(upgrade, "notify", url)
    return name, url


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def main(args: argparse.Namespace) -> None:
    db, url = await _database()
    smtp_port, http_port = _free_port(), _free_port()
    exchange, prefix = f"bench.{uuid.uuid4().hex[:6]}.events", f"bench.{uuid.uuid4().hex[:6]}."
    sink = Sink(await _child("--sink", str(smtp_port), str(http_port)))
    reader = asyncio.create_task(sink.read())
    await asyncio.wait_for(sink.ready.wait(), 20)
    conn = await aio_pika.connect(AMQP)
    channel = await conn.channel(publisher_confirms=True)
    ex = await declare_exchange(channel, exchange)
    service = await _child(
        "--serve",
        url,
        exchange,
        prefix,
        str(smtp_port),
        str(args.rate_limit),
        str(args.connections),
    )
    assert service.stdout is not None
    line = await asyncio.wait_for(service.stdout.readline(), 60)
    assert line.strip() == b"ready", line
    pg = await asyncpg.connect(url.replace("+asyncpg", ""))
    await pg.execute(
        "INSERT INTO notify.subscriptions (subscription_id, recipient, channel, address, "
        "event_types, centres, language, secret, created_by) VALUES ($1, 'bench-partner', "
        "'webhook', $2, $3, '{}', 'ar', $4, 'bench')",
        str(uuid.uuid4()),
        f"http://127.0.0.1:{http_port}/hook",
        [PartnershipRecorded.event_type()],
        secrets.token_hex(16),
    )
    await pg.close()
    results: list[dict[str, float]] = []
    try:
        await notify_emails(ex, sink, 100, "warm")  # warm-up: connections, caches
        for r in range(args.rounds):
            row = {"raw_email": await raw_emails(smtp_port, args.emails, args.connections)}
            row["raw_cpu_ms"] = RAW_CPU_MS[-1]
            admin = await asyncpg.connect(ADMIN.replace("+asyncpg", ""))
            meter = CpuMeter({"service": [service.pid]})
            meter.start(await backend_pids(admin, db))
            row["notify_email"] = await notify_emails(ex, sink, args.emails, f"r{r}")
            used = meter.stop(await backend_pids(admin, db))
            await admin.close()
            row["notify_cpu_ms"] = used["service"] * 1000 / args.emails
            row["postgres_cpu_ms"] = used["postgres"] * 1000 / args.emails
            row["rabbitmq_cpu_ms"] = used["rabbitmq"] * 1000 / args.emails
            row["raw_webhook"] = await raw_webhooks(http_port, args.webhooks, 64)
            row["notify_webhook"] = await notify_webhooks(ex, sink, args.webhooks)
            sink.hooks.clear()
            lat = await latency(ex, sink, args.rate, args.seconds, f"r{r}")
            row["p50"] = statistics.median(lat)
            row["p99"] = lat[min(len(lat) - 1, int(len(lat) * 0.99))]
            row["max"] = lat[-1]
            results.append(row)
            print(
                f"round {r + 1}: emails/s notify {row['notify_email']:.0f} vs raw "
                f"{row['raw_email']:.0f} (ratio {row['notify_email'] / row['raw_email']:.2f}); "
                f"webhooks/s notify {row['notify_webhook']:.0f} vs raw {row['raw_webhook']:.0f} "
                f"(ratio {row['notify_webhook'] / row['raw_webhook']:.2f}); "
                f"event->SMTP at {args.rate}/s p50 {row['p50']:.1f} ms p99 {row['p99']:.1f} ms "
                f"max {row['max']:.1f} ms; CPU per email: notify process "
                f"{row['notify_cpu_ms']:.2f} ms, raw client {row['raw_cpu_ms']:.2f} ms; CPU per "
                f"1,000 emails: service {row['notify_cpu_ms']:.2f} s, PostgreSQL "
                f"{row['postgres_cpu_ms']:.2f} s, RabbitMQ {row['rabbitmq_cpu_ms']:.2f} s",
                flush=True,
            )
    finally:
        for proc in (service, sink.proc):
            if proc.returncode is None:
                proc.send_signal(signal.SIGTERM)
                try:
                    await asyncio.wait_for(proc.wait(), 30)
                except TimeoutError:
                    proc.kill()
        reader.cancel()
        await _delete_bus(conn, exchange, prefix)
        await conn.close()
        admin = await asyncpg.connect(ADMIN.replace("+asyncpg", ""))
        await admin.execute(f'DROP DATABASE "{db}" WITH (FORCE)')
        await admin.close()
    if results:
        med = {k: statistics.median(r[k] for r in results) for k in results[0]}
        print(
            f"median of {len(results)}: emails/s {med['notify_email']:.0f} (target >= 300; raw "
            f"{med['raw_email']:.0f}, ratio {med['notify_email'] / med['raw_email']:.2f}); "
            f"webhooks/s {med['notify_webhook']:.0f} (raw {med['raw_webhook']:.0f}, ratio "
            f"{med['notify_webhook'] / med['raw_webhook']:.2f}); p99 event->SMTP at "
            f"{args.rate}/s {med['p99']:.1f} ms (target <= 50), p50 {med['p50']:.1f} ms; "
            f"CPU per email {med['notify_cpu_ms']:.2f} ms (one core: ~"
            f"{1000 / med['notify_cpu_ms']:.0f} emails/s) vs raw {med['raw_cpu_ms']:.2f} ms; "
            f"CPU per 1,000 emails: service {med['notify_cpu_ms']:.2f} s, PostgreSQL (the "
            f"bench database's backends) {med['postgres_cpu_ms']:.2f} s, RabbitMQ (the whole "
            f"broker) {med['rabbitmq_cpu_ms']:.2f} s"
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--emails", type=int, default=2000)
    parser.add_argument("--webhooks", type=int, default=1000)
    parser.add_argument("--rate", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--rate-limit", type=float, default=5000)
    parser.add_argument("--sink", nargs=2, type=int)
    parser.add_argument("--serve", nargs=6)
    args = parser.parse_args()
    if args.sink:
        uvloop.run(run_sink(*args.sink))
    elif args.serve:
        u, e, p, port, rate, conns = args.serve
        uvloop.run(run_notify(u, e, p, int(port), float(rate), int(conns)))
    else:
        uvloop.run(main(args))
