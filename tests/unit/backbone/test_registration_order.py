"""FastStream registries iterate in registration order (deterministic AsyncAPI documents)."""

from __future__ import annotations

import gc

from shared.messaging.registration import RegistrationOrder


class Thing:
    def __init__(self, name: str) -> None:
        self.name = name


def test_iterates_in_insertion_order_whatever_the_addresses():
    things = [Thing(str(n)) for n in range(200)]
    registry = RegistrationOrder()
    for thing in reversed(things):
        registry.add(thing)
    registry.add(things[5])  # again: no duplicate, no move
    assert [t.name for t in registry] == [t.name for t in reversed(things)]
    assert len(registry) == 200 and things[0] in registry


def test_holds_its_members_weakly():
    registry = RegistrationOrder()
    kept, dropped = Thing("kept"), Thing("dropped")
    registry.add(kept)
    registry.add(dropped)
    del dropped
    gc.collect()
    assert [t.name for t in registry] == ["kept"]
    registry.discard(kept)
    assert len(registry) == 0
