"""``aswan dlq list/show/replay/purge`` run as the operator runs it, against the real broker."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from pathlib import Path

from tests.integration.backbone.harness import ROUTING_KEY, need
from tests.support.services import wait_until

ASWAN = Path(sys.executable).with_name("aswan")


async def aswan(*args: str, amqp_url: str) -> subprocess.CompletedProcess[str]:
    return await asyncio.to_thread(
        subprocess.run,
        [str(ASWAN), "dlq", *args, "--amqp-url", amqp_url],
        capture_output=True,
        text=True,
        timeout=60,
    )


async def test_dead_letters_are_listed_shown_replayed_and_purged(make_harness, bus, pg, uid):
    harness = make_harness()
    harness.reject.update({f"a-{uid}", f"b-{uid}"})
    url = bus.amqp_url
    async with harness.running():
        first = await bus.publish_event(need(f"a-{uid}"))
        others = [await bus.publish_event(need(f"b-{uid}")) for _ in range(2)]
        await wait_until(lambda: _depth_is(bus, harness.dlq, 3))

        listed = await aswan("list", harness.dlq, amqp_url=url)
        assert listed.returncode == 0, listed.stderr
        letters = [json.loads(line) for line in listed.stdout.splitlines()]
        assert {x["message_id"] for x in letters} == {first, *others}
        assert {x["error_kind"] for x in letters} == {"rejected"}
        assert {x["original_routing_key"] for x in letters} == {ROUTING_KEY}
        assert all(x["attempts"] == 1 and "rejected" in x["error"] for x in letters)
        assert await bus.queue_depth(harness.dlq) == 3, "listing leaves the letters in place"

        shown = await aswan("show", harness.dlq, first, amqp_url=url)
        assert shown.returncode == 0, shown.stderr
        assert f"a-{uid}" in shown.stdout and first in shown.stdout
        missing = await aswan("show", harness.dlq, "no-such-id", amqp_url=url)
        assert missing.returncode == 1

        harness.reject.discard(f"a-{uid}")  # the cause is fixed: replay it
        replayed = await aswan("replay", harness.dlq, "--message-id", first, amqp_url=url)
        assert replayed.returncode == 0, replayed.stderr
        assert replayed.stdout.strip() == "replayed 1"
        await wait_until(
            lambda: pg.fetchval(
                f'SELECT n FROM "{harness.schema}".effects WHERE event_id = $1', first
            )
        )
        assert await bus.queue_depth(harness.dlq) == 2

        purged = await aswan("purge", harness.dlq, "--yes", amqp_url=url)
        assert purged.returncode == 0, purged.stderr
        assert purged.stdout.strip() == "purged 2"
        assert await bus.queue_depth(harness.dlq) == 0
    effects = await pg.fetch(f'SELECT event_id, n FROM "{harness.schema}".effects')
    assert [(r["event_id"], r["n"]) for r in effects] == [(first, 1)]


async def test_a_letter_dead_after_retries_replays_to_its_original_exchange(
    make_harness, bus, pg, uid
):
    harness = make_harness(retry_delays_ms=(20, 20, 20))
    harness.fail_times[f"r-{uid}"] = 4  # the first try and three retries fail
    async with harness.running():
        event_id = await bus.publish_event(need(f"r-{uid}"))
        await wait_until(lambda: _depth_is(bus, harness.dlq, 1))
        replayed = await aswan("replay", harness.dlq, amqp_url=bus.amqp_url)
        assert replayed.stdout.strip() == "replayed 1", replayed.stderr
        n = await wait_until(
            lambda: pg.fetchval(
                f'SELECT n FROM "{harness.schema}".effects WHERE event_id = $1', event_id
            )
        )
    assert n == 1
    assert harness.calls[event_id] == 5


async def _depth_is(bus, queue: str, depth: int) -> bool:
    return await bus.queue_depth(queue) == depth
