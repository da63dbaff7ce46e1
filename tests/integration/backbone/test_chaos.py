"""RabbitMQ stopped and started under a running service, on a private RabbitMQ node (the shared
node serves other people's tests, so it is never stopped)."""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import tempfile
import time
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from shared.http import make_service_app
from shared.messaging.topology import declare_exchange
from tests.integration.backbone.harness import need
from tests.integration.backbone.processes import free_port
from tests.support.bus import TestBus
from tests.support.services import wait_until

pytestmark = pytest.mark.chaos
RABBIT_BIN = Path("/usr/lib/rabbitmq/bin")


class PrivateRabbit:
    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="aswan-chaos-"))
        self.node = f"chaos-{uuid.uuid4().hex[:8]}@localhost"
        self.port, dist = free_port(), free_port()
        (self.dir / "home").mkdir()
        (self.dir / "rabbitmq.conf").write_text(f"listeners.tcp.local = 127.0.0.1:{self.port}\n")
        (self.dir / "enabled_plugins").write_text("[].\n")
        (self.dir / "env.conf").write_text("ERL_EPMD_ADDRESS=127.0.0.1\n")
        self.env = {
            **os.environ,
            "HOME": str(self.dir / "home"),
            "RABBITMQ_NODENAME": self.node,
            "RABBITMQ_NODE_PORT": str(self.port),
            "RABBITMQ_DIST_PORT": str(dist),
            "RABBITMQ_CONF_ENV_FILE": str(self.dir / "env.conf"),
            "RABBITMQ_CONFIG_FILE": str(self.dir / "rabbitmq.conf"),
            "RABBITMQ_ENABLED_PLUGINS_FILE": str(self.dir / "enabled_plugins"),
            "RABBITMQ_MNESIA_BASE": str(self.dir / "mnesia"),
            "RABBITMQ_LOG_BASE": str(self.dir / "log"),
            "RABBITMQ_PID_FILE": str(self.dir / "pid"),
        }
        self.url = f"amqp://guest:guest@127.0.0.1:{self.port}/"

    def ctl(self, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(RABBIT_BIN / "rabbitmqctl"), "-n", self.node, *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    async def start(self) -> None:
        subprocess.run(
            [str(RABBIT_BIN / "rabbitmq-server"), "-detached"],
            env=self.env,
            check=True,
            timeout=30,
        )
        deadline = time.monotonic() + 90
        while self.ctl("await_startup", "--timeout", "60").returncode != 0:
            assert time.monotonic() < deadline, "private RabbitMQ node did not start"
            await asyncio.sleep(0.5)

    def stop(self) -> None:
        self.ctl("stop")
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture
async def rabbit() -> AsyncIterator[PrivateRabbit]:
    if not (RABBIT_BIN / "rabbitmq-server").exists():
        pytest.skip("no RabbitMQ server installed here to start a private node")
    node = PrivateRabbit()
    try:
        await node.start()
        yield node
    finally:
        await asyncio.to_thread(node.stop)


async def test_broker_restart_mid_stream_loses_nothing_and_readiness_shows_it(
    rabbit, make_harness, pg, uid
):
    harness = make_harness(amqp_url=rabbit.url)
    app = make_service_app(harness.runtime, title="harness", description="chaos")
    bus = TestBus(rabbit.url, harness.settings.exchange)
    await bus.connect()
    await declare_exchange(bus.channel, harness.settings.exchange)
    readiness: list[tuple[int, dict]] = []

    async def ready(client: httpx.AsyncClient) -> int:
        response = await client.get("/readyz")
        readiness.append((response.status_code, response.json()))
        return response.status_code

    expected: list[str] = []
    transport = httpx.ASGITransport(app=app)
    try:
        async with (
            harness.running(),
            httpx.AsyncClient(transport=transport, base_url="http://harness") as client,
        ):
            await wait_until(lambda: _is(ready(client), 200))
            expected += [await bus.publish_event(need(f"before-{uid}")) for _ in range(30)]
            expected += await harness.commit_events([f"out-before-{uid}"] * 10)
            await wait_until(lambda: _count(pg, harness.schema, len(expected)))

            seen_before_stop = len(readiness)
            stopped = await asyncio.to_thread(rabbit.ctl, "stop_app")
            assert stopped.returncode == 0, stopped.stderr
            await wait_until(lambda: _is(ready(client), 503), timeout=30)
            # committed while the broker is away: the relay must publish them once it is back
            expected += await harness.commit_events([f"out-during-{uid}"] * 20)

            started = await asyncio.to_thread(rabbit.ctl, "start_app")
            assert started.returncode == 0, started.stderr
            await wait_until(lambda: _is(ready(client), 200), timeout=60)
            for _ in range(30):
                expected.append(await _publish_when_possible(bus, need(f"after-{uid}")))
            await wait_until(lambda: _count(pg, harness.schema, len(expected)), timeout=60)
            await ready(client)
    finally:
        await bus.close()
    outage = [body for status, body in readiness[seen_before_stop:] if status == 503]
    assert outage, "readiness must report the outage"
    assert outage[0]["broker"] == "down" or any(
        v != "ok" for k, v in outage[0].items() if k.startswith("consumer:")
    ), outage[0]
    assert readiness[-1][0] == 200 and readiness[-1][1]["ready"] is True
    rows = await pg.fetch(f'SELECT event_id, n FROM "{harness.schema}".effects')
    assert {r["event_id"] for r in rows} == set(expected), "nothing lost"
    assert {r["n"] for r in rows} == {1}, "nothing doubled"
    unsent = await pg.fetchval(
        f'SELECT count(*) FROM "{harness.schema}".outbox WHERE sent_at IS NULL'
    )
    assert unsent == 0


async def _is(status, expected: int) -> bool:
    return await status == expected


async def _count(pg, schema: str, expected: int) -> bool:
    return await pg.fetchval(f'SELECT count(*) FROM "{schema}".effects') >= expected


async def _publish_when_possible(bus: TestBus, event) -> str:
    """The test's own robust connection may still be reconnecting: retry until it publishes."""
    deadline = time.monotonic() + 30
    while True:
        try:
            return await bus.publish_event(event)
        except Exception:
            if time.monotonic() > deadline:
                raise
            await asyncio.sleep(0.2)
