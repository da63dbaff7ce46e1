"""The whole platform under fire: ``bin/platform`` runs every service as its own process on a
private RabbitMQ node and a private PostgreSQL cluster (made by the test; the machine's shared
servers are never touched) while registrations arrive at a steady rate, and a driver SIGKILLs
each service's process in turn, restarts the broker and crashes the database.

Afterwards, printed as figures: N associations; N distinct AssociationRegistered (an event id
seen twice carries the same content: a republish, which consumers deduplicate); every contact
emailed, and every extra copy of a confirmation carries the same Message-ID as the first (notify
derives it from the notification, i.e. from the cause event and the recipient, so a copy resent
after a crash between the SMTP server's acceptance and the "sent" mark is recognisable); the
starter framework's "registered associations" KPI equal to N; every dead-letter queue empty.

    PLATFORM_CHAOS_N=10000 PLATFORM_CHAOS_RATE=50 .venv/bin/pytest -s tests/e2e/platform

runs the long version (the default is small enough for CI)."""

from __future__ import annotations

import asyncio
import json
import os
import random
import re
import signal
import time
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path

import aio_pika
import asyncpg
import httpx
import pytest

from shared.dbsetup import SERVICES, service_url
from shared.events.envelope import envelope_json, make_envelope
from shared.events.intake import AssociationRegistrationSubmitted
from shared.messaging.topology import declare_exchange
from tests.integration.backbone.test_chaos import PrivateRabbit
from tests.integration.notify.servers import smtp_server
from tests.support.private_postgres import PrivatePostgres
from tests.support.services import wait_until

ROOT = Path(__file__).resolve().parents[3]
PRESENT = [s for s in SERVICES if (ROOT / "services" / s / "__main__.py").is_file()]
OFFSETS = {"registry": 1, "assessment": 2, "monitoring": 3, "notify": 4, "portal": 5}
N = int(os.environ.get("PLATFORM_CHAOS_N", "120"))
RATE = float(os.environ.get("PLATFORM_CHAOS_RATE", "12"))
SETTLE = max(300.0, N / 10)  # seconds allowed for the backlog after the last registration
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.chaos,
    pytest.mark.timeout(int(240 + N / RATE + 3 * SETTLE)),
]
PID = re.compile(r"(\w+): started \(pid (\d+)\)")
EXCHANGE = "aswan.events"


@pytest.fixture
async def servers() -> AsyncIterator[tuple[PrivatePostgres, PrivateRabbit]]:
    if PrivatePostgres.BIN is None or not Path("/usr/lib/rabbitmq/bin/rabbitmq-server").exists():
        pytest.skip("needs PostgreSQL and RabbitMQ server binaries for private instances")
    pg, rabbit = PrivatePostgres(), PrivateRabbit()
    try:
        await asyncio.to_thread(pg.init)
        await asyncio.to_thread(pg.start)
        await rabbit.start()
        yield pg, rabbit
    finally:
        await asyncio.to_thread(rabbit.stop)
        await asyncio.to_thread(pg.destroy)


class Platform:
    """bin/platform as a process; its output read all along to follow the services' pids."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process
        self.pids: dict[str, int] = {}
        self.lines: list[str] = []
        self.ready = asyncio.Event()
        self.reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        assert self.process.stdout is not None
        while raw := await self.process.stdout.readline():
            line = raw.decode(errors="replace").rstrip()
            self.lines.append(line)
            if found := PID.search(line):
                self.pids[found.group(1)] = int(found.group(2))
            if "Ctrl-C stops every service" in line:
                self.ready.set()

    async def stop(self) -> int:
        if self.process.returncode is None:
            os.killpg(self.process.pid, signal.SIGINT)
        code = await asyncio.wait_for(self.process.wait(), 90)
        await self.reader
        return code


def _registration(uid: str, n: int) -> AssociationRegistrationSubmitted:
    return AssociationRegistrationSubmitted(
        name_ar=f"جمعية الاختبار الشامل {uid} رقم {n}",
        registration_number=str(7 * 10**10 + random.randint(0, 10**10)),
        legal_form="association",
        centre="edfu",
        sectors=["health"],
        centres_served=["edfu"],
        contact_email=f"chaos-{uid}-{n}@example.org",
        channel="api",
    )


async def _publish(
    channel_holder: list[aio_pika.abc.AbstractChannel],
    url: str,
    body: bytes,
    key: str,
    event_id: str,
) -> None:
    """Publish with confirms, retrying (same event id, so a doubtful first try is deduplicated)
    through a broker restart."""
    deadline = time.monotonic() + 120
    while True:
        try:
            if not channel_holder or channel_holder[0].is_closed:
                conn = await aio_pika.connect(url, timeout=5)
                channel_holder[:] = [await conn.channel(publisher_confirms=True)]
            exchange = await channel_holder[0].get_exchange(EXCHANGE)
            message = aio_pika.Message(
                body,
                content_type="application/cloudevents+json",
                message_id=event_id,
                delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
            )
            await exchange.publish(message, key, mandatory=True, timeout=10)
            return
        except Exception:
            if time.monotonic() > deadline:
                raise
            channel_holder.clear()
            await asyncio.sleep(0.5)


async def test_the_platform_loses_and_doubles_nothing_under_kills_and_restarts(
    servers: tuple[PrivatePostgres, PrivateRabbit], tmp_path: Path, uid: str
) -> None:
    pg, rabbit = servers
    conn = await aio_pika.connect(rabbit.url)
    channel = await conn.channel()
    await declare_exchange(channel, EXCHANGE)
    capture = await channel.declare_queue(
        "chaos.capture", durable=True, arguments={"x-queue-type": "quorum"}
    )
    await capture.bind(EXCHANGE, "registry.association.registered.v1")
    await conn.close()
    base = random.randint(300, 600) * 10 + 20000
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.endswith(("_DATABASE_URL", "SECRET", "SIGNING_KEY", "SECRETS_KEY", "_PASSWORD"))
        and k not in ("DATABASE_URL", "EXCHANGE", "QUEUE_PREFIX", "PLATFORM_SERVICES")
    }
    async with smtp_server() as smtp:
        env.update(
            ADMIN_DATABASE_URL=pg.admin_url,
            DATABASE_NAME="aswan",
            AMQP_URL=rabbit.url,
            SMTP_HOST="127.0.0.1",
            SMTP_PORT=str(smtp.port),
            PLATFORM_ENV_FILE=str(tmp_path / "env.local"),
            PLATFORM_RUN_DIR=str(tmp_path / "run"),
            PLATFORM_PORT_BASE=str(base),
            PLATFORM_RESTART_LIMIT="100",
            LOG_JSON="false",
            **{f"{s.upper()}_DATABASE_URL": service_url(pg.admin_url, s, "aswan") for s in PRESENT},
        )
        process = await asyncio.create_subprocess_exec(
            str(ROOT / "bin" / "platform"),
            cwd=ROOT,
            env=env,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
            start_new_session=True,
        )
        platform = Platform(process)
        try:
            await asyncio.wait_for(platform.ready.wait(), 240)
            figures = await _run_under_fire(platform, pg, rabbit, smtp, base, uid)
        finally:
            code = await platform.stop()
        assert code == 0, "\n".join(platform.lines[-40:])
    print("\n" + "\n".join(f"  {k}: {v}" for k, v in figures.items()))


async def _run_under_fire(platform, pg, rabbit, smtp, base, uid) -> dict[str, object]:
    events = [
        make_envelope(_registration(uid, n), source="/aswan/chaos", subject=None) for n in range(N)
    ]
    holder: list[aio_pika.abc.AbstractChannel] = []
    kills: list[str] = []

    async def publish_all() -> None:
        for envelope in events:
            await _publish(
                holder,
                rabbit.url,
                envelope_json(envelope),
                AssociationRegistrationSubmitted.ROUTING_KEY,
                envelope.id,
            )
            await asyncio.sleep(1 / RATE)

    async def chaos() -> None:
        pause = max(2.0, N / RATE / (len(PRESENT) + 3))
        for service in PRESENT:
            await asyncio.sleep(pause)
            os.kill(platform.pids[service], signal.SIGKILL)
            kills.append(service)
        await asyncio.sleep(pause)
        assert (await asyncio.to_thread(rabbit.ctl, "stop_app")).returncode == 0
        await asyncio.sleep(3)
        assert (await asyncio.to_thread(rabbit.ctl, "start_app")).returncode == 0
        kills.append("rabbitmq")
        await asyncio.sleep(pause)
        await asyncio.to_thread(pg.crash)
        await asyncio.sleep(3)
        await asyncio.to_thread(pg.start)
        kills.append("postgresql")

    started = time.monotonic()
    await asyncio.gather(publish_all(), chaos())
    db = await asyncpg.connect(pg.admin_url.replace("+asyncpg", "").rsplit("/", 1)[0] + "/aswan")
    try:
        contacts = [e.data.contact_email for e in events]  # type: ignore[attr-defined]

        async def registered() -> bool:
            n = await db.fetchval("SELECT count(*) FROM registry.associations")
            return n >= N

        await wait_until(registered, timeout=SETTLE, interval=0.5)
        assert await db.fetchval("SELECT count(*) FROM registry.associations") == N
        await wait_until(lambda: _all_mailed(smtp, contacts), timeout=SETTLE, interval=0.5)
        async with httpx.AsyncClient(timeout=10) as client:
            await wait_until(lambda: _kpi_counts(client, base, N), timeout=SETTLE, interval=0.5)
        for schema in PRESENT:
            await wait_until(lambda s=schema: _relayed(db, s), timeout=120, interval=0.5)
    finally:
        await db.close()
    announced = await _drain(rabbit.url, "chaos.capture")
    ids = Counter(body["id"] for body, _ in announced)
    contents = {}
    for body, raw in announced:
        assert contents.setdefault(body["id"], raw) == raw, "one event id, two contents"
    associations = {body["data"]["association_id"] for body, _ in announced}
    assert len(associations) == N == len(ids)
    wanted = set(contacts)
    mails = [m for m in smtp.mailbox.messages if m["To"] in wanted]
    per_contact = Counter(m["To"] for m in mails)
    extra = [m for m in mails if per_contact[m["To"]] > 1]
    by_contact: dict[str, set[str]] = {}
    for m in extra:
        by_contact.setdefault(m["To"], set()).add(m["Message-ID"])
    assert all(len(ids_) == 1 for ids_ in by_contact.values()), "a resent copy, another id"
    dead = await _dead_letters(rabbit.url)
    assert not dead, dead
    return {
        "registrations": N,
        "rate": f"{RATE}/s",
        "fired": ", ".join(kills),
        "associations": N,
        "AssociationRegistered messages": f"{len(announced)} ({len(announced) - N} republished)",
        "emails": f"{len(mails)} for {N} contacts ({len(mails) - N} resent, same Message-ID)",
        "restarts by bin/platform": sum("again, restart" in line for line in platform.lines),
        "dead letters": 0,
        "seconds": f"{time.monotonic() - started:.0f}",
    }


async def _all_mailed(smtp, contacts: list[str]) -> bool:
    have = {m["To"] for m in smtp.mailbox.messages}
    return all(c in have for c in contacts)


async def _kpi_counts(client: httpx.AsyncClient, base: int, n: int) -> bool:
    try:
        data = (
            await client.get(f"http://127.0.0.1:{base + OFFSETS['monitoring']}/v1/dashboard/data")
        ).json()
    except (httpx.HTTPError, ValueError):
        return False
    kpis = {k["code"]: k for p in data.get("pillars", []) for k in p["kpis"]}
    edfu = kpis.get("starter.registered", {}).get("values", {}).get("edfu", {})
    return any(v.get("value") == n for v in edfu.values())


async def _relayed(db: asyncpg.Connection, schema: str) -> bool:
    return await db.fetchval(f"SELECT count(*) FROM {schema}.outbox WHERE sent_at IS NULL") == 0


async def _drain(url: str, queue_name: str) -> list[tuple[dict, bytes]]:
    conn = await aio_pika.connect(url)
    try:
        channel = await conn.channel()
        queue = await channel.declare_queue(queue_name, passive=True)
        out = []
        while (message := await queue.get(no_ack=True, fail=False)) is not None:
            out.append((json.loads(message.body), message.body))
        return out
    finally:
        await conn.close()


async def _dead_letters(url: str) -> dict[str, int]:
    """Depth of every ``*.dlq`` on the private node (``rabbitmqctl list_queues``)."""
    conn = await aio_pika.connect(url)
    found: dict[str, int] = {}
    try:
        for service in PRESENT:
            for name in _dlq_names(service):
                channel = await conn.channel()
                try:
                    queue = await channel.declare_queue(name, passive=True)
                    depth = queue.declaration_result.message_count or 0
                    if depth:
                        found[name] = depth
                except aio_pika.exceptions.ChannelClosed:
                    pass
    finally:
        await conn.close()
    return found


def _dlq_names(service: str) -> list[str]:
    import importlib
    import secrets

    from pydantic import SecretStr

    from tests.unit.platform.compose_model import settings_class

    cls = settings_class(service)
    needed = {
        k: secrets.token_hex(32)
        for k, f in cls.model_fields.items()
        if f.is_required() and f.annotation is SecretStr
    }
    app = importlib.import_module(f"services.{service}.bootstrap").build(cls(**needed))
    return [c.spec.dlq for c, _ in app.state.runtime.consumers]
