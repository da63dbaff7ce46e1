"""Run a service in-process (its real lifespan: broker, consumers, relay) for integration tests."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import httpx
from fastapi import FastAPI

# queue prefix -> queue names declared under it; the ``bus_names`` fixture deletes them.
TEST_QUEUES: dict[str, set[str]] = {}


def register_queues(app: FastAPI) -> None:
    runtime = app.state.runtime
    names = TEST_QUEUES.setdefault(runtime.settings.queue_prefix, set())
    for consumer, _ in runtime.consumers:
        spec = consumer.spec
        names.update({spec.name, spec.dlq})
        names.update(spec.retry_queue(n) for n in range(1, spec.retry_levels + 1))


@contextlib.asynccontextmanager
async def running(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """Start the app's lifespan (consumers, relay) and give an HTTP client bound to it."""
    register_queues(app)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            yield client


async def wait_until(
    condition: Callable[[], Awaitable[Any]], timeout: float = 15.0, interval: float = 0.05
) -> Any:
    """Poll an async condition until it returns something truthy; fail after ``timeout``."""
    deadline = time.monotonic() + timeout
    last: Any = None
    while time.monotonic() < deadline:
        last = await condition()
        if last:
            return last
        await asyncio.sleep(interval)
    raise AssertionError(f"condition not met within {timeout}s (last value: {last!r})")
