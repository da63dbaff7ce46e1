"""``aswan dlq list`` says how many dead letters the queue holds and when it cut the listing
(it silently showed the first 100 only)."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from pathlib import Path

import aio_pika

# the CLI of this checkout (the venv's ``aswan`` script may belong to another work tree)
ROOT = Path(__file__).resolve().parents[3]
ASWAN = [sys.executable, "-c", "from shared.cli import main; main()"]


async def _aswan(*args: str) -> subprocess.CompletedProcess[str]:
    return await asyncio.to_thread(
        subprocess.run,
        [*ASWAN, "dlq", *args],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )


async def test_list_counts_the_letters_and_says_it_cut(amqp_url, uid):
    queue = f"t{uid}.reliability.dlq"
    connection = await aio_pika.connect(amqp_url)
    try:
        channel = await connection.channel()
        await channel.declare_queue(queue, durable=True, arguments={"x-queue-type": "quorum"})
        for n in range(7):
            message = aio_pika.Message(b"{}", message_id=f"m{n}", headers={"x-error-kind": "x"})
            await channel.default_exchange.publish(message, routing_key=queue)
        cut = await _aswan("list", queue, "--limit", "3", "--amqp-url", amqp_url)
        whole = await _aswan("list", queue, "--amqp-url", amqp_url)
        depth = (await channel.declare_queue(queue, passive=True)).declaration_result
    finally:
        await channel.queue_delete(queue)
        await connection.close()
    assert cut.returncode == 0, cut.stderr
    assert [json.loads(line)["message_id"] for line in cut.stdout.splitlines()] == [
        "m0",
        "m1",
        "m2",
    ]
    assert f"{queue}: 7 dead letters; listed the first 3 only" in cut.stderr
    assert len(whole.stdout.splitlines()) == 7
    assert f"{queue}: 7 dead letters, all listed" in whole.stderr
    assert depth.message_count == 7, "listing leaves the letters in place"
