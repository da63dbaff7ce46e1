"""The SSE endpoint streams KPIUpdated from the bus, filtered by pillar and centre, and framework
changes to every client (the app is served on a real port: SSE needs a real streaming HTTP
connection)."""

from __future__ import annotations

import asyncio
import json

import httpx

from tests.integration.monitoring.conftest import load_framework, served


async def sse_events(client: httpx.AsyncClient, url: str, out: list, connected: asyncio.Event):
    async with client.stream("GET", url) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        name = None
        async for line in response.aiter_lines():
            if line.startswith(":"):
                connected.set()
            elif line.startswith("event:"):
                name = line.split(":", 1)[1].strip()
            elif line.startswith("data:"):
                out.append((name, json.loads(line.split(":", 1)[1])))


def updated(events: list) -> list:
    return [e for name, e in events if name == "kpi.updated"]


async def approve(client, auth, kpi, centre, value):
    m = (
        await client.post(
            "/v1/measurements",
            headers=auth("staff"),
            json={"kpi_code": kpi, "period": "2026", "centre": centre, "value": value},
        )
    ).json()
    ok = await client.post(f"/v1/measurements/{m['id']}/approve", json={}, headers=auth("staff"))
    assert ok.status_code == 200, ok.text


async def test_sse_clients_get_their_pillar_and_centre_from_the_bus(app, auth, uid):
    other = f"{uid}b"
    async with served(app) as base, httpx.AsyncClient(base_url=base, timeout=20) as client:
        await load_framework(client, auth, uid)
        await load_framework(client, auth, other)
        by_centre, by_pillar = [], []
        ready = [asyncio.Event(), asyncio.Event()]
        tasks = [
            asyncio.create_task(sse_events(client, "/v1/stream?centre=edfu", by_centre, ready[0])),
            asyncio.create_task(
                sse_events(client, f"/v1/stream?pillar=t{uid}.P", by_pillar, ready[1])
            ),
        ]
        await asyncio.wait_for(asyncio.gather(*(r.wait() for r in ready)), 10)
        # events leave one queue in order: what a client must not see comes first
        await approve(client, auth, f"t{other}.enrol", "edfu", 55)  # other pillar
        await approve(client, auth, f"t{uid}.enrol", "daraw", 58)  # other centre
        await approve(client, auth, f"t{uid}.enrol", "edfu", 62)

        async def until(events, count):
            while len(updated(events)) < count:
                await asyncio.sleep(0.02)

        await asyncio.wait_for(asyncio.gather(until(by_centre, 2), until(by_pillar, 4)), 15)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    # edfu at 55 against its target 70 is off track: that event is streamed too
    assert ("kpi.off-track", f"t{other}.enrol", 55) in [
        (n, e["kpi_code"], e["value"]) for n, e in by_centre if n.startswith("kpi.")
    ]
    # centre=edfu: the other pillar's edfu value, then ours; never daraw or the governorate
    assert [(e["kpi_code"], e["value"]) for e in updated(by_centre)[:2]] == [
        (f"t{other}.enrol", 55),
        (f"t{uid}.enrol", 62),
    ]
    # pillar: daraw and its governorate, then edfu and the governorate again
    assert [(e["centre"], e["value"]) for e in updated(by_pillar)[:4]] == [
        ("daraw", 58),
        (None, 58),
        ("edfu", 62),
        (None, 60),
    ]
    assert all(e["pillar_code"] == f"t{uid}.P" for n, e in by_pillar if n.startswith("kpi."))


async def test_framework_changes_reach_every_client_whatever_its_filter(app, auth, uid):
    """A retired KPI (or any framework change) is news for every open dashboard: the event goes
    to clients filtered by centre or pillar alike, and the page reads the framework again."""
    async with served(app) as base, httpx.AsyncClient(base_url=base, timeout=20) as client:
        await load_framework(client, auth, uid)
        by_centre: list = []
        connected = asyncio.Event()
        task = asyncio.create_task(
            sse_events(client, "/v1/stream?centre=aswan&pillar=another.P", by_centre, connected)
        )
        await asyncio.wait_for(connected.wait(), 10)
        # first a KPI change its filter excludes (another pillar): events leave one queue in order
        await approve(client, auth, f"t{uid}.enrol", "aswan", 61)
        retired = await client.post(
            f"/v1/framework/kpis/t{uid}.cases/retire", headers=auth("staff")
        )
        assert retired.status_code == 200, retired.text

        def retirements() -> list:
            return [
                (e["item_kind"], e["item_code"])
                for n, e in by_centre
                if n == "framework.changed" and e["change"] == "retired"
            ]

        async def until_streamed() -> None:
            while not retirements():
                await asyncio.sleep(0.05)

        await asyncio.wait_for(until_streamed(), 15)
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
    assert retirements() == [("kpi", f"t{uid}.cases")]
    assert not [e for n, e in by_centre if n.startswith("kpi.")]  # its filter holds for KPIs


async def test_stream_carries_on_after_the_broker_drops_its_connection(app, auth, uid, bus_names):
    """The broker closes the SSE fan-out's connection: it reconnects, consumes again, and the
    browsers' streams (which stay open) get the next change."""
    async with served(app) as base, httpx.AsyncClient(base_url=base, timeout=20) as client:
        await load_framework(client, auth, uid)
        events: list = []
        connected = asyncio.Event()
        task = asyncio.create_task(sse_events(client, "/v1/stream?centre=edfu", events, connected))
        await asyncio.wait_for(connected.wait(), 10)
        closed = await _close_connection(f"monitoring-sse {bus_names['exchange']}")
        assert closed == 1
        await asyncio.sleep(2.5)  # aio-pika reconnects after 1 s
        await approve(client, auth, f"t{uid}.enrol", "edfu", 66)

        async def until_streamed() -> None:
            while not [e for e in updated(events) if e["value"] == 66]:
                await asyncio.sleep(0.05)

        await asyncio.wait_for(until_streamed(), 15)
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)


async def _close_connection(name: str) -> int:
    """Close, from the broker's side, every connection named ``name``; return how many."""
    listed = await asyncio.create_subprocess_exec(
        "rabbitmqctl", "-q", "--no-table-headers", "list_connections", "pid", "client_properties",
        stdout=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, _ = await listed.communicate()
    wanted = f'{{"connection_name","{name}"}}'
    pids = [line.split("\t", 1)[0] for line in out.decode().splitlines() if wanted in line]
    for pid in pids:
        closing = await asyncio.create_subprocess_exec(
            "rabbitmqctl", "-q", "close_connection", pid, "test: broker-side close"
        )  # fmt: skip
        assert await closing.wait() == 0, f"rabbitmqctl close_connection {pid} failed"
    return len(pids)
