"""A weak set that iterates in insertion order, for FastStream's registries.

FastStream keeps a broker's subscribers and publishers in ``WeakSet``s, which iterate in the order
of the objects' memory addresses: the generated AsyncAPI document then lists channels in an order
that changes from one run (or one unrelated code change) to the next, and the CI check that the
committed document matches the code fails at random. The runtime swaps these registries for this
set before registering anything, so documents follow the registration order on every run.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator, MutableSet
from typing import Any


class RegistrationOrder(MutableSet[Any]):
    def __init__(self) -> None:
        self._refs: dict[int, weakref.ref[Any]] = {}

    def add(self, value: Any) -> None:
        key = id(value)
        if key in self._refs:
            return
        refs = self._refs

        def forget(_ref: weakref.ref[Any], key: int = key) -> None:
            refs.pop(key, None)

        refs[key] = weakref.ref(value, forget)

    def discard(self, value: Any) -> None:
        self._refs.pop(id(value), None)

    def __contains__(self, value: object) -> bool:
        ref = self._refs.get(id(value))
        return ref is not None and ref() is value

    def __iter__(self) -> Iterator[Any]:
        for ref in list(self._refs.values()):
            value = ref()
            if value is not None:
                yield value

    def __len__(self) -> int:
        return sum(1 for _ in self)
