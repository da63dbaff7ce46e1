"""The SSE fan-out's per-client buffer: filters, one chunk per wake-up, oldest dropped first."""

from __future__ import annotations

import asyncio

from services.monitoring.entrypoints.stream import StreamClient


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
