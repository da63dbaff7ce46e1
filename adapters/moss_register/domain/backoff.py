"""When to try a failed push again: exponential from ``base`` to ``cap`` seconds."""

from __future__ import annotations


def delay(attempts: int, base: float, cap: float) -> float:
    return float(min(cap, base * 2 ** max(0, attempts - 1)))
