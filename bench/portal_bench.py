"""The portal's registration path against the registry's raw bus intake, in the same run.

    .venv/bin/python bench/portal_bench.py [--visitors 200] [--seconds 60] [--poll 1.0]
                                             [--portals 1]

The registry (all roles) and the portal run as their own processes on a throwaway database and
exchange. Visitors: ``--visitors`` concurrent browser-like clients (own cookies) for
``--seconds``, each in a loop GET /register -> POST /register -> GET the submission's page every
``--poll`` s until it shows the outcome (registered or rejected). Measured: the time of every page
(p50/p95/p99; issue 13's target: p95 <= 150 ms), submissions/s, time from post to outcome, and
whether every submission got one (nothing lost). Baseline in the same run: the same number of
registrations published straight onto the bus (``intake.registration.submitted.v1``) at the rate
the visitors reached, each timed until its ``AssociationRegistered`` arrives. The machine has 2
cores shared with PostgreSQL, RabbitMQ, both services, the driver and other people's work: quote
the load averages printed with the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import re
import secrets
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import aio_pika
import asyncpg
import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from shared.dbsetup import service_url, setup_database  # noqa: E402
from shared.events.envelope import envelope_json, make_envelope  # noqa: E402
from shared.events.intake import AssociationRegistrationSubmitted  # noqa: E402
from shared.messaging.topology import declare_exchange  # noqa: E402
from shared.migrations import upgrade  # noqa: E402

ADMIN = os.environ.get("BENCH_ADMIN_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres")
AMQP = os.environ.get("BENCH_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/")
CSRF = re.compile(r'name="csrf" value="([^"]+)"')
_serial = iter(range(10**9))


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(int(p * len(ordered)), len(ordered) - 1)] * 1000 if ordered else 0.0


def registration(prefix: int) -> dict[str, Any]:
    n = next(_serial)
    return {"name_ar": f"جمعية اختبار الأداء رقم {prefix}{n}", "registration_number":
            f"{prefix}{n:07d}", "legal_form": "association", "centre": "edfu",
            "sectors": ["health"], "centres_served": ["edfu"]}  # fmt: skip


@contextlib.asynccontextmanager
async def services(db: str, exchange: str, prefix: str, portals: int) -> AsyncIterator[list[str]]:
    """The registry, then ``portals`` portal processes (the first also runs the relay; the
    others ``--role api``); their URLs, the registry's first."""
    secret = secrets.token_hex(32)
    first = 18800 + random.randint(0, 99) * 10
    ports = {"registry": 18600 + random.randint(0, 199)}
    ports.update({f"portal{i}": first + i for i in range(portals)})
    base = {**os.environ, "AMQP_URL": AMQP, "EXCHANGE": exchange, "QUEUE_PREFIX": prefix,
            "JWT_SECRET": secret, "LOG_LEVEL": "WARNING",
            "REGISTRY_URL": f"http://127.0.0.1:{ports['registry']}",
            "POSTS_PER_IP_PER_MINUTE": "1000000"}  # fmt: skip
    log = open(os.environ.get("BENCH_SERVICE_LOG", os.devnull), "a")  # noqa: SIM115
    procs = []
    for name, port in ports.items():
        service = name.rstrip("0123456789")
        env = {**base, "DATABASE_URL": service_url(ADMIN, service, db)}
        cmd = [sys.executable, "-m", f"services.{service}", "--port", str(port)]
        if name not in ("registry", "portal0"):
            cmd += ["--role", "api"]
        procs.append(subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=log))
    urls = [f"http://127.0.0.1:{p}" for p in ports.values()]
    try:
        async with httpx.AsyncClient() as client:
            for url in urls:
                for _ in range(300):
                    with contextlib.suppress(httpx.HTTPError):
                        if (await client.get(f"{url}/readyz")).status_code == 200:
                            break
                    await asyncio.sleep(0.2)
                else:
                    raise RuntimeError(f"{url} never became ready")
        yield urls
    finally:
        for proc in procs:
            proc.send_signal(signal.SIGTERM)
        for proc in procs:
            await asyncio.to_thread(proc.wait, 60)


class Visits:
    def __init__(self) -> None:
        self.pages: list[float] = []
        self.outcomes: list[float] = []
        self.posted = 0
        self.lost: list[str] = []

    async def timed(self, call: Any) -> httpx.Response:
        started = time.perf_counter()
        response = await call
        self.pages.append(time.perf_counter() - started)
        return response

    async def visitor(self, portal: str, until: float, poll: float, me: int) -> None:
        async with httpx.AsyncClient(base_url=portal, timeout=30) as client:
            while time.perf_counter() < until:
                form = await self.timed(client.get("/register"))
                token = CSRF.search(form.text)
                data = [("csrf", token.group(1) if token else "")]
                for key, value in registration(1000 + me).items():
                    data += [(key, v) for v in (value if isinstance(value, list) else [value])]
                posted_at = time.perf_counter()
                post = await self.timed(client.post(
                    "/register", content=urlencode(data),
                    headers={"content-type": "application/x-www-form-urlencoded"},
                ))  # fmt: skip
                location = post.headers.get("location", "")
                self.posted += 1
                for _ in range(int(60 / poll)):
                    await asyncio.sleep(poll)
                    page = await self.timed(client.get(location))
                    if (
                        'data-state="registered"' in page.text
                        or 'data-state="rejected"' in page.text
                    ):
                        self.outcomes.append(time.perf_counter() - posted_at)
                        break
                else:
                    self.lost.append(location)


async def raw_intake(exchange: str, count: int, rate: float) -> tuple[list[float], int]:
    """``count`` registrations straight onto the bus at ``rate``/s, each timed to its
    AssociationRegistered."""
    conn = await aio_pika.connect(AMQP)
    channel = await conn.channel(publisher_confirms=True)
    ex = await channel.get_exchange(exchange)
    sink = await channel.declare_queue(exclusive=True, auto_delete=True)
    await sink.bind(exchange, "registry.association.registered.v1")
    sent: dict[str, float] = {}
    done: list[float] = []
    arrived = asyncio.Event()

    async def on_message(message: aio_pika.abc.AbstractIncomingMessage) -> None:
        started = sent.pop(json.loads(message.body).get("correlationid"), None)
        if started is not None:
            done.append(time.perf_counter() - started)
            arrived.set()

    await sink.consume(on_message, no_ack=True)
    start = time.perf_counter()
    for i in range(count):
        await asyncio.sleep(max(start + i / rate - time.perf_counter(), 0))
        env = make_envelope(AssociationRegistrationSubmitted(**registration(9)),
                            source="/aswan/bench", subject=None)  # fmt: skip
        sent[env.id] = time.perf_counter()
        await ex.publish(aio_pika.Message(envelope_json(env), message_id=env.id, delivery_mode=2),
                         AssociationRegistrationSubmitted.ROUTING_KEY)  # fmt: skip
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(60):
            while sent:
                arrived.clear()
                await arrived.wait()
    await conn.close()
    return done, len(sent)


async def main(args: argparse.Namespace) -> None:
    db, tag = f"aswan_bench_{uuid.uuid4().hex[:6]}", uuid.uuid4().hex[:6]
    exchange, prefix = f"bench.{tag}.events", f"bench.{tag}."
    await setup_database(ADMIN, db)
    for name in ("registry", "portal"):
        await asyncio.to_thread(upgrade, name, service_url(ADMIN, name, db))
    conn = await aio_pika.connect(AMQP)
    await declare_exchange(await conn.channel(), exchange)
    print(f"load before: {os.getloadavg()}; database {db}", flush=True)
    try:
        async with services(db, exchange, prefix, args.portals) as urls:
            portals = urls[1:]
            visits = Visits()
            until = time.perf_counter() + args.seconds
            started = time.perf_counter()
            await asyncio.gather(*(visits.visitor(portals[i % len(portals)], until, args.poll, i)
                                   for i in range(args.visitors)))  # fmt: skip
            elapsed = time.perf_counter() - started
            rate = visits.posted / elapsed
            print(f"portal x{args.portals}: {args.visitors} visitors, {elapsed:.0f} s, "
                  f"{visits.posted} registrations ({rate:.1f}/s), {len(visits.pages)} pages: p50 "
                  f"{pct(visits.pages, .5):.0f} ms, p95 {pct(visits.pages, .95):.0f} ms, p99 "
                  f"{pct(visits.pages, .99):.0f} ms (target p95 <= 150 ms); post -> outcome "
                  f"p50 {pct(visits.outcomes, .5):.0f} ms, p95 {pct(visits.outcomes, .95):.0f} "
                  f"ms; without an outcome: {len(visits.lost)}", flush=True)  # fmt: skip
            done, missing = await raw_intake(exchange, max(visits.posted, 1), max(rate, 1.0))
            print(f"raw bus intake at {rate:.1f}/s: {len(done)} registered, p50 "
                  f"{pct(done, .5):.0f} ms, p95 {pct(done, .95):.0f} ms; without an outcome: "
                  f"{missing}")  # fmt: skip
    finally:
        await conn.close()
        admin = await asyncpg.connect(ADMIN.replace("+asyncpg", ""))
        await admin.execute(f'DROP DATABASE "{db}" WITH (FORCE)')
        await admin.close()
    print(f"load after: {os.getloadavg()}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--visitors", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--portals", type=int, default=1, help="portal processes (API)")
    parser.add_argument(
        "--poll", type=float, default=1.0, help="seconds between outcome polls (the page: 1)"
    )
    asyncio.run(main(parser.parse_args()))
