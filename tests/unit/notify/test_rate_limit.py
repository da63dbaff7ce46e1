"""The per-channel token bucket: bursts up to its capacity, then the configured rate."""

from __future__ import annotations

import asyncio
import time

from services.notify.service_layer.rate_limit import RateLimiter


async def test_bucket_allows_its_burst_then_paces_to_the_rate():
    limiter = RateLimiter(rate=100.0, burst=5)
    started = time.monotonic()
    for _ in range(5):
        await limiter.acquire()
    burst_took = time.monotonic() - started
    for _ in range(20):
        await limiter.acquire()
    total = time.monotonic() - started
    assert burst_took < 0.05
    # 20 more tokens at 100/s need at least 0.2 s (a lower bound: load only slows it down)
    assert total >= 0.19


async def test_concurrent_callers_share_one_rate():
    limiter = RateLimiter(rate=200.0, burst=1)
    started = time.monotonic()
    await asyncio.gather(*(limiter.acquire() for _ in range(41)))
    assert time.monotonic() - started >= 0.19  # 40 tokens after the first, at 200/s
