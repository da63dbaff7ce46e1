"""Rate limits for public endpoints (registration, sign-in): a token bucket per caller.

``enforce(request, "registrations", key, rate_per_second, burst)`` lets a caller make ``burst``
requests at once and ``rate_per_second`` after that; past it a :class:`TooManyRequestsError`
(429, ``Retry-After`` in whole seconds, the standard error body). The buckets live in the
process (one set per app, ``app.state``): behind several processes the limit is per process,
which is what a first line against a flood or a guessing loop needs; a shared limit belongs in
the reverse proxy.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

from starlette.requests import Request

from shared.errors import TooManyRequestsError


@dataclass
class _Bucket:
    tokens: float
    at: float


class TokenBuckets:
    """Buckets keyed by caller. Idle buckets (full again) are dropped when there are too many."""

    def __init__(
        self,
        rate_per_second: float,
        burst: int,
        clock: Callable[[], float] = time.monotonic,
        max_keys: int = 100_000,
    ) -> None:
        self.rate = rate_per_second
        self.burst = float(max(1, burst))
        self.clock = clock
        self.max_keys = max_keys
        self._buckets: dict[str, _Bucket] = {}

    def take(self, key: str) -> float:
        """Take one token for ``key``: 0 if allowed, else the seconds until one is free."""
        now = self.clock()
        bucket = self._buckets.get(key)
        if bucket is None:
            if len(self._buckets) >= self.max_keys:
                self._forget_idle(now)
            bucket = self._buckets[key] = _Bucket(self.burst, now)
        bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.at) * self.rate)
        bucket.at = now
        if bucket.tokens >= 1.0:
            bucket.tokens -= 1.0
            return 0.0
        return (1.0 - bucket.tokens) / self.rate if self.rate > 0 else 3600.0

    def _forget_idle(self, now: float) -> None:
        full = [k for k, b in self._buckets.items() if b.tokens + (now - b.at) * self.rate >= 1]
        for key in full or list(self._buckets)[: self.max_keys // 10]:
            del self._buckets[key]


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def enforce(request: Request, name: str, key: str, rate_per_second: float, burst: int) -> None:
    """Raise 429 when ``key`` went over the ``name`` limit of this app."""
    limits: dict[str, TokenBuckets] | None = getattr(request.app.state, "rate_limits", None)
    if limits is None:
        limits = request.app.state.rate_limits = {}
    buckets = limits.get(name)
    if buckets is None or (buckets.rate, buckets.burst) != (rate_per_second, float(burst)):
        buckets = limits[name] = TokenBuckets(rate_per_second, burst)
    wait = buckets.take(key)
    if wait > 0:
        raise TooManyRequestsError(
            retry_after=math.ceil(wait),
            message_en=f"Too many requests; try again in {math.ceil(wait)} s",
            message_ar=f"طلبات كثيرة في وقت قصير؛ حاول مرة أخرى بعد {math.ceil(wait)} ثانية",
        )
