"""The SSE fan-out's per-client buffer: filters, one chunk per wake-up, oldest dropped first;
frames arriving together are flushed to a client together."""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass

from services.monitoring.entrypoints.stream import KpiStream, StreamClient


def test_filters_by_pillar_and_centre():
    edfu = StreamClient(pillar=None, centre="edfu")
    governorate = StreamClient(pillar="P1", centre="governorate")
    assert edfu.wants({"pillar_code": "P9", "centre": "edfu"})
    assert not edfu.wants({"pillar_code": "P9", "centre": None})
    assert governorate.wants({"pillar_code": "P1", "centre": None})
    assert not governorate.wants({"pillar_code": "P2", "centre": None})


async def test_everything_buffered_goes_in_one_chunk_and_the_oldest_is_dropped():
    client = StreamClient(pillar=None, centre=None, limit=2)
    for frame in (b"a", b"b", b"c"):
        client.offer(frame)
    assert await client.take() == b"bc"
    waiting = asyncio.create_task(client.take())
    await asyncio.sleep(0)
    assert not waiting.done()  # nothing buffered: it waits
    client.offer(b"d")
    assert await asyncio.wait_for(waiting, 1) == b"d"
    client.close()
    assert await client.take() is None


@dataclass(frozen=True)
class Delivery:  # the two attributes of an aiormq delivery the fan-out reads
    routing_key: str
    body: bytes


def kpi_updated(centre: str | None, value: float) -> Delivery:
    data = {"pillar_code": "P1", "centre": centre, "value": value}
    return Delivery("monitoring.kpi.updated.v1", json.dumps({"data": data}).encode())


async def test_frames_arriving_together_go_to_a_client_in_one_write():
    stream = KpiStream("amqp://unused", "unused", coalesce_ms=50)
    everything = stream.subscribe(pillar=None, centre=None)
    aswan = stream.subscribe(pillar=None, centre="aswan")
    await stream._on_message(kpi_updated("edfu", 1.0))  # type: ignore[arg-type]
    await stream._on_message(kpi_updated(None, 2.0))  # type: ignore[arg-type]
    assert not everything.wake.is_set()  # held until the flush, not one wake-up per frame
    chunk = await asyncio.wait_for(everything.take(), 1)
    assert chunk is not None
    assert chunk.count(b"event: kpi.updated\r\n") == 2
    assert b'"value":1.0' in chunk and b'"value":2.0' in chunk
    assert not aswan.frames and not aswan.wake.is_set()  # neither event was for its centre
    await stream.stop()
