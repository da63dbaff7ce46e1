"""Poison mixed into good traffic, on every consumer queue of every service present.

Bad messages of every kind a producer can get wrong (not JSON, not a CloudEvent, an unknown
type, data failing validation, over 64 KiB, a wrong content type with a body to match) are
published on each queue's own routing keys, interleaved with good events. Afterwards: every good
event was processed once (its row in the service's inbox, committed with its effect), every bad
message is in that queue's dead-letter queue with the reason of its kind, none is lost, and the
consumers are still attached. The queues are discovered from each service's runtime, so a new
queue is covered without touching this test; the good events come from factories for the types
that need no precondition (a queue that consumes only other types gets the poison alone).

The timing half of the promise (good traffic as fast with the poison as without, within 20 %)
is measured by ``bench/poison_bench.py``, not here."""

from __future__ import annotations

import importlib
import random
import uuid
from collections import Counter
from collections.abc import Callable
from typing import Any

import asyncpg
import pytest

from shared.events.envelope import Event
from shared.events.intake import AssociationRegistrationSubmitted
from shared.events.registry import AssociationRegistered
from tests.conftest import available_services
from tests.support.poison import bad_messages, matches, registered_event
from tests.support.services import running, wait_until

GOOD_PER_QUEUE = 24


def _submitted() -> Event:
    return AssociationRegistrationSubmitted(
        name_ar=f"جمعية تنمية المجتمع رقم {random.randint(1, 10**9)}",
        registration_number=str(random.randint(10**9, 10**11)),
        legal_form="association",
        centre="aswan",
        sectors=["education"],
        centres_served=["aswan"],
    )


GOOD: dict[type[Event], Callable[[], Event]] = {
    AssociationRegistered: registered_event,
    AssociationRegistrationSubmitted: _submitted,
}


def _settings_cls(service: str) -> Any:
    from shared.config import ServiceSettings

    config = importlib.import_module(f"services.{service}.config")
    return next(
        obj
        for obj in vars(config).values()
        if isinstance(obj, type)
        and issubclass(obj, ServiceSettings)
        and obj is not ServiceSettings
        and obj.__module__ == config.__name__
    )


def _secret_defaults(settings_cls: Any) -> dict[str, Any]:
    """Throwaway values for a service's own required secrets (notify's keys)."""
    from pydantic import SecretStr

    return {
        name: uuid.uuid4().hex + uuid.uuid4().hex
        for name, field in settings_cls.model_fields.items()
        if field.is_required() and field.annotation is SecretStr and name != "jwt_secret"
    }


SERVICES = [s for s in available_services() if s != "portal"]


@pytest.mark.parametrize("service", SERVICES)
async def test_poison_on_every_queue_is_dead_lettered_and_good_events_still_flow(
    service: str, settings_for, bus, db_url
) -> None:
    settings_cls = _settings_cls(service)
    settings = settings_for(settings_cls, **_secret_defaults(settings_cls))
    app = importlib.import_module(f"services.{service}.bootstrap").build(settings)
    runtime = app.state.runtime
    specs = [consumer.spec for consumer, _ in runtime.consumers]
    if not specs:
        pytest.skip(f"{service} consumes nothing")
    good_ids: list[str] = []
    expected: dict[str, Counter[str]] = {spec.dlq: Counter() for spec in specs}
    async with running(app):
        for consumer, _ in runtime.consumers:
            handled = list(consumer.subscription.handlers)
            factories = [GOOD[t] for t in handled if t in GOOD]
            key = next((t.ROUTING_KEY for t in handled if t in GOOD), handled[0].ROUTING_KEY)
            bad = bad_messages(handled[0].event_type(), per_kind=8)
            random.shuffle(bad)
            for i, (kind, body, content_type) in enumerate(bad):
                await bus.publish_raw(body, key, content_type=content_type)
                for other in specs:  # a routing key may reach more than one queue
                    if any(matches(p, key) for p in other.routing_keys):
                        expected[other.dlq][kind] += 1
                if factories and i % 2 == 0 and len(good_ids) < GOOD_PER_QUEUE * len(specs):
                    good_ids.append(await bus.publish_event(random.choice(factories)()))

        conn = await asyncpg.connect(db_url(service).replace("+asyncpg", ""))
        try:

            async def inboxed() -> bool:
                n = await conn.fetchval(
                    "SELECT count(*) FROM inbox WHERE event_id = ANY($1::text[])", good_ids
                )
                return n == len(good_ids)

            await wait_until(inboxed, timeout=60)
            for dlq, kinds in expected.items():
                total = sum(kinds.values())
                letters = await bus.drain_queue(dlq, timeout=60, count=total)
                assert len(letters) == total, f"{dlq}: {len(letters)} of {total} dead letters"
                got = Counter(str((m.headers or {}).get("x-error-kind")) for m in letters)
                assert got == kinds, f"{dlq}: reasons {dict(got)}, expected {dict(kinds)}"
                assert all((m.headers or {}).get("x-error") for m in letters)
                assert await bus.queue_depth(dlq) == 0, f"{dlq}: more dead letters than bad"
            duplicates = await conn.fetchval(
                "SELECT count(*) - count(DISTINCT (source, event_id)) FROM inbox"
            )
            assert duplicates == 0
        finally:
            await conn.close()
        assert all(a.attached for a in runtime.attachments), "a consumer was knocked off"
        ready = await runtime.readiness()
        assert ready["ready"] is True, ready
