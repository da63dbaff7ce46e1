"""Resident memory of every service process, idle and after a stream of events, and their CPU.

    .venv/bin/python bench/memory_bench.py [--events 100000] [--settle 5] [--services ...]

Every service present runs as three processes (``--role api``, ``consumers``, ``relay``: the
Kubernetes layout, deploy/kubernetes) on a throwaway database ``aswan_bench_<id>`` and exchange
``bench.<id>.events``, with an aiosmtpd sink as notify's mail server. Idle RSS is read from
/proc after every process answers ``/readyz`` and ``--settle`` seconds pass. Then ``--events``
``intake.registration.submitted.v1`` (each with a contact e-mail) go to registry; each becomes an
``AssociationRegistered`` that assessment, monitoring and notify consume (notify mails it to the
sink). Once every queue is empty and notify has mailed them all, RSS is read again.

Targets (issue 15): every process idle at most 150 MB, and after the events within 10 % of idle.
It also prints CPU seconds per 1,000 events of the services, of PostgreSQL (backends on the
bench's database) and of RabbitMQ (the whole broker, shared with other users of this machine).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import aio_pika
import asyncpg
import httpx
import uvloop

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.proc_stats import CpuMeter, backend_pids, per_thousand, rss_mb  # noqa: E402
from shared.dbsetup import SERVICES, service_url, setup_database  # noqa: E402
from shared.events.envelope import envelope_json, make_envelope  # noqa: E402
from shared.events.intake import AssociationRegistrationSubmitted  # noqa: E402
from shared.messaging.topology import unrouted_name  # noqa: E402
from shared.migrations import upgrade  # noqa: E402

ADMIN = os.environ.get("BENCH_ADMIN_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres")
AMQP = os.environ.get("BENCH_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/")
ROLES = ("api", "consumers", "relay")
CENTRES = ["aswan", "daraw", "kom_ombo", "edfu", "nasr_al_nuba", "abu_simbel"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class MailSink:
    def __init__(self) -> None:
        self.count = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.count += 1
        return "250 OK"


def queue_names(service: str, prefix: str) -> list[str]:
    from importlib import import_module

    try:
        subs = import_module(f"services.{service}.entrypoints.consumers").subscriptions()
    except ModuleNotFoundError:  # the portal consumes nothing
        return []
    names = []
    for sub in subs:
        base = f"{prefix}{service}.{sub.purpose}"
        names += [base, f"{base}.dlq", *(f"{base}.retry.{n}" for n in (1, 2, 3))]
    return names


def start(service: str, role: str, db: str, bus: dict[str, str], smtp_port: int) -> tuple:
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": service_url(ADMIN, service, db),
        "AMQP_URL": AMQP,
        "EXCHANGE": bus["exchange"],
        "QUEUE_PREFIX": bus["prefix"],
        "JWT_SECRET": bus["secret"],
        "UNSUBSCRIBE_SIGNING_KEY": bus["secret"],
        "WEBHOOK_SECRETS_KEY": bus["secret"],
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(smtp_port),
        "LOG_LEVEL": "WARNING",
    }
    cmd = [sys.executable, "-m", f"services.{service}", "--role", role, "--port", str(port)]
    log = open(os.environ.get("BENCH_SERVICE_LOG", os.devnull), "a")  # noqa: SIM115
    return subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=log), port


async def wait_ready(port: int, proc: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    async with httpx.AsyncClient() as client:
        while time.monotonic() < deadline:
            assert proc.poll() is None, f"process on port {port} exited"
            try:
                if (await client.get(f"http://127.0.0.1:{port}/readyz")).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            await asyncio.sleep(0.2)
    raise RuntimeError(f"port {port} not ready within {timeout}s")


async def publish(channel: Any, exchange: str, events: int) -> None:
    ex = await channel.get_exchange(exchange)
    for start_at in range(0, events, 200):
        batch = []
        for n in range(start_at, min(start_at + 200, events)):
            data = AssociationRegistrationSubmitted(
                name_ar=f"جمعية الأمل للتنمية رقم {n}",
                registration_number=str(7_000_000 + n),
                legal_form="association",
                centre=CENTRES[n % len(CENTRES)],
                sectors=["education"],
                contact_email=f"bench{n}@example.org",
            )
            body = envelope_json(make_envelope(data, source="/aswan/bench", subject=None))
            batch.append(ex.publish(aio_pika.Message(body, delivery_mode=2), data.ROUTING_KEY))
        await asyncio.gather(*batch)


async def drained(channel: Any, names: list[str]) -> bool:
    for name in names:
        if name.endswith((".dlq",)) or ".retry." in name:
            continue
        queue = await channel.declare_queue(name, passive=True)
        if queue.declaration_result.message_count:
            return False
    return True


async def main(args: argparse.Namespace) -> None:
    from aiosmtpd.controller import Controller

    services = [s for s in args.services if (ROOT / "services" / s / "__main__.py").is_file()]
    db, tag = f"aswan_bench_{uuid.uuid4().hex[:6]}", uuid.uuid4().hex[:6]
    bus = {"exchange": f"bench.{tag}.events", "prefix": f"bench.{tag}.",
           "secret": secrets.token_hex(32)}  # fmt: skip
    await setup_database(ADMIN, db, tuple(services))
    for service in services:
        await asyncio.to_thread(upgrade, service, service_url(ADMIN, service, db), "head")
    mail = MailSink()
    smtp = Controller(mail, hostname="127.0.0.1", port=free_port())
    smtp.start()
    print(f"load before: {os.getloadavg()}; database {db}; {args.events} events")
    procs: dict[tuple[str, str], tuple[subprocess.Popen, int]] = {}
    conn = await aio_pika.connect(AMQP)
    channel = await conn.channel(publisher_confirms=True)
    admin = await asyncpg.connect(ADMIN.replace("+asyncpg", ""))
    names = [n for s in services for n in queue_names(s, bus["prefix"])]
    try:
        for service in services:
            for role in ROLES:
                if role != "consumers" or queue_names(service, bus["prefix"]):
                    procs[service, role] = start(service, role, db, bus, smtp.port)
        for proc, port in procs.values():
            await wait_ready(port, proc)
        await asyncio.sleep(args.settle)
        idle = {key: rss_mb(proc.pid) for key, (proc, _) in procs.items()}
        meter = CpuMeter({f"{s} {r}": [proc.pid] for (s, r), (proc, _) in procs.items()})
        meter.start(await backend_pids(admin, db))
        started = time.perf_counter()
        await publish(channel, bus["exchange"], args.events)
        expect_mail = args.events if "notify" in services else 0
        while not (mail.count >= expect_mail and await drained(channel, names)):
            await asyncio.sleep(0.5)
        took = time.perf_counter() - started
        used = meter.stop(await backend_pids(admin, db))
        await asyncio.sleep(args.settle)
        after = {key: rss_mb(proc.pid) for key, (proc, _) in procs.items()}
    finally:
        for proc, _ in procs.values():
            proc.send_signal(signal.SIGTERM)
        for proc, _ in procs.values():
            try:
                await asyncio.to_thread(proc.wait, 60)
            except subprocess.TimeoutExpired:
                proc.kill()
        for name in names:
            await channel.queue_delete(name)
        await channel.queue_delete(unrouted_name(bus["exchange"]))
        await channel.exchange_delete(bus["exchange"])
        await channel.exchange_delete(unrouted_name(bus["exchange"]))
        await conn.close()
        smtp.stop()
        await admin.execute(f'DROP DATABASE "{db}" WITH (FORCE)')
        await admin.close()
    print(f"load after: {os.getloadavg()}; {args.events} events through in {took:.1f} s, "
          f"{mail.count} e-mails")  # fmt: skip
    report(idle, after, used, args.events)


def report(idle: dict, after: dict, used: dict[str, float], events: int) -> None:
    print(f"{'process':24} {'idle MB':>8} {'after MB':>9} {'change':>7}  target")
    for key in idle:
        change = (after[key] - idle[key]) / idle[key] * 100
        ok = idle[key] <= 150 and abs(change) <= 10
        print(f"{key[0] + ' ' + key[1]:24} {idle[key]:8.1f} {after[key]:9.1f} {change:6.1f}%  "
              f"{'met' if ok else 'NOT met'}")  # fmt: skip
    service = {"services": sum(v for k, v in used.items() if k not in ("postgres", "rabbitmq"))}
    print(f"CPU per 1,000 events: {per_thousand({**service, **used}, events)}")


if __name__ == "__main__":
    uvloop.install()
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--settle", type=float, default=5.0)
    parser.add_argument("--services", nargs="*", default=list(SERVICES))
    asyncio.run(main(parser.parse_args()))
