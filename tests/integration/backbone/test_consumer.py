"""Consumers on the real broker and database: inbox dedupe, dead-lettering, retries, and the
outbox never publishing a rolled-back event."""

from __future__ import annotations

import functools
import json
import uuid
from datetime import UTC, datetime

import pytest
from aio_pika.abc import AbstractIncomingMessage

from shared.events.envelope import MAX_EVENT_BYTES, envelope_json, make_envelope
from shared.messaging.topology import unrouted_name
from tests.integration.backbone.harness import ROUTING_KEY, need
from tests.support.services import wait_until


@pytest.fixture(params=[False, True], ids=["inbox-first", "inbox-at-commit"])
def inbox_at_commit(request: pytest.FixtureRequest) -> bool:
    """Both ways a subscription may record its inbox rows (``Subscription.inbox_at_commit``)."""
    return bool(request.param)


async def effects(pg, schema: str, event_id: str) -> int | None:
    return await pg.fetchval(f'SELECT n FROM "{schema}".effects WHERE event_id = $1', event_id)


async def test_rolled_back_unit_of_work_publishes_nothing(make_harness, bus, pg, uid):
    harness = make_harness()
    capture = await bus.capture(ROUTING_KEY)
    async with harness.running():
        async with harness.runtime.uow_factory() as uow:
            rolled_back = uow.publish(need(f"rb-{uid}"), subject="s").id
            # leaving without commit() rolls back, the event included
        async with harness.runtime.uow_factory() as uow:
            uow.publish(need(f"rb2-{uid}"), subject="s")
            raise_inside = RuntimeError("boom")
            with pytest.raises(RuntimeError):
                async with harness.runtime.uow_factory() as inner:
                    inner.publish(need(f"rb3-{uid}"), subject="s")
                    raise raise_inside
        [marker] = await harness.commit_events([f"marker-{uid}"], subject=lambda i: "s")
        # The relay publishes in outbox order: once the later marker is out, an earlier
        # (rolled-back) event would have been out too.
        await capture.wait_for(lambda e: e["id"] == marker)
        await wait_until(lambda: effects(pg, harness.schema, marker))
    campaigns = {e["data"]["campaign_id"] for e in capture.events()}
    assert campaigns == {f"marker-{uid}"}
    assert rolled_back not in {e["id"] for e in capture.events()}
    rows = await pg.fetch(f'SELECT event_id, sent_at FROM "{harness.schema}".outbox')
    assert [r["event_id"] for r in rows] == [marker]
    assert rows[0]["sent_at"] is not None


async def test_same_event_published_twice_has_one_effect(
    make_harness, bus, pg, uid, inbox_at_commit
):
    harness = make_harness(inbox_at_commit=inbox_at_commit)
    async with harness.running():
        event_id = await bus.publish_event(need(f"dup-{uid}"))
        await bus.publish_event(need(f"dup-{uid}"), event_id=event_id)  # same batch, likely
        await wait_until(lambda: effects(pg, harness.schema, event_id))
        await bus.publish_event(need(f"dup-{uid}"), event_id=event_id)  # a later batch
        later = await bus.publish_event(need(f"after-{uid}"))
        await wait_until(lambda: effects(pg, harness.schema, later))
        # the consumer handles a queue in order: the duplicate came before `later`
        await wait_until(lambda: _queue_empty(bus, harness.queue))
    assert await effects(pg, harness.schema, event_id) == 1
    inbox = await pg.fetchval(
        f'SELECT count(*) FROM "{harness.schema}".inbox WHERE event_id = $1', event_id
    )
    assert inbox == 1
    if not inbox_at_commit:
        assert harness.calls[event_id] == 1, "the handler itself must not run for a duplicate"
    else:  # a duplicate may be handled once, then rolled back at commit: still one effect
        assert 1 <= harness.calls[event_id] <= 3, "at most once per delivery"


async def _queue_empty(bus, name: str) -> bool:
    return await bus.queue_depth(name) == 0


def _envelope(type_: str, data: dict) -> bytes:
    return json.dumps(
        {
            "specversion": "1.0",
            "id": str(uuid.uuid4()),
            "source": "/aswan/tests",
            "type": type_,
            "time": datetime.now(UTC).isoformat(),
            "data": data,
        }
    ).encode()


async def test_each_malformed_kind_is_dead_lettered_with_reason_and_the_rest_flows(
    make_harness,
    bus,
    pg,
    uid,
    inbox_at_commit,
):
    harness = make_harness(inbox_at_commit=inbox_at_commit)
    valid_type = need("x").event_type()
    bad = {
        "not_json": b"{this is not json",
        "not_cloudevent": b'{"hello": "world"}',
        "unknown_type": _envelope("eg.aswan.nothing.Here.v1", {}),
        "invalid_data": _envelope(valid_type, {"centre": "edfu", "severity": 9}),
        "too_large": b"x" * (MAX_EVENT_BYTES + 1),
    }
    async with harness.running():
        for kind, body in bad.items():
            await bus.publish_raw(body, ROUTING_KEY, message_id=f"{kind}-{uid}")
        valid = await bus.publish_event(need(f"valid-{uid}"))
        await wait_until(lambda: effects(pg, harness.schema, valid))
        letters = await bus.drain_queue(harness.dlq, count=len(bad))
    assert len(letters) == len(bad)
    by_id = {m.message_id: m for m in letters}
    for kind in bad:
        headers = by_id[f"{kind}-{uid}"].headers
        assert headers["x-error-kind"] == kind
        assert headers["x-error"]
        assert headers["x-attempts"] == 1
        assert headers["x-original-routing-key"] == ROUTING_KEY
        assert by_id[f"{kind}-{uid}"].body == bad[kind], "the dead letter keeps the body"


async def test_transient_failure_is_retried_then_succeeds(
    make_harness, bus, pg, uid, inbox_at_commit
):
    harness = make_harness(inbox_at_commit=inbox_at_commit)
    campaign = f"flaky-{uid}"
    harness.fail_times[campaign] = 2
    async with harness.running():
        event_id = await bus.publish_event(need(campaign))
        await wait_until(lambda: effects(pg, harness.schema, event_id))
        assert await bus.queue_depth(harness.dlq) == 0
    assert harness.calls[event_id] == 3
    assert await effects(pg, harness.schema, event_id) == 1


async def test_persistent_failure_is_dead_lettered_after_n_attempts(
    make_harness, bus, pg, uid, inbox_at_commit
):
    harness = make_harness(retry_delays_ms=(30, 60, 90), inbox_at_commit=inbox_at_commit)
    campaign = f"broken-{uid}"
    harness.fail_times[campaign] = 1_000
    async with harness.running():
        event_id = await bus.publish_event(need(campaign))
        behind = await bus.publish_event(need(f"fine-{uid}"))
        [letter] = await bus.drain_queue(harness.dlq, count=1)
        await wait_until(lambda: effects(pg, harness.schema, behind))
    assert letter.message_id == event_id
    assert letter.headers["x-error-kind"] == "retries_exhausted"
    assert letter.headers["x-attempts"] == 4  # the first try and three retries
    assert "TransientFailure" in letter.headers["x-error"]
    assert letter.headers["x-original-routing-key"] == ROUTING_KEY
    assert harness.calls[event_id] == 4
    assert await effects(pg, harness.schema, event_id) is None


async def test_permanent_error_is_dead_lettered_at_once(
    make_harness, bus, pg, uid, inbox_at_commit
):
    harness = make_harness(inbox_at_commit=inbox_at_commit)
    campaign = f"refused-{uid}"
    harness.reject.add(campaign)
    async with harness.running():
        event_id = await bus.publish_event(need(campaign))
        [letter] = await bus.drain_queue(harness.dlq, count=1)
    assert letter.message_id == event_id
    assert letter.headers["x-error-kind"] == "rejected"
    assert letter.headers["x-attempts"] == 1
    assert harness.calls[event_id] == 1


async def test_unroutable_publish_is_parked_not_dropped(make_harness, bus, uid):
    harness = make_harness()
    # The alternate exchange is the fanout ``<exchange>.unrouted``, feeding the durable parking
    # queue of the same name: this test's exchange has its own.
    parked = await bus.channel.declare_queue(unrouted_name(bus.exchange), passive=True)
    seen: list[AbstractIncomingMessage] = []
    await parked.consume(functools.partial(_append, seen), no_ack=True)
    key = f"nobody.listens.{uid}"
    body = envelope_json(make_envelope(need(f"lost-{uid}"), source="/aswan/t", subject=None))
    async with harness.running():
        await harness.runtime.publisher.publish(
            harness.settings.exchange, key, body, message_id=f"unrouted-{uid}"
        )
    await wait_until(lambda: _has(seen, f"unrouted-{uid}"))
    [message] = [m for m in seen if m.message_id == f"unrouted-{uid}"]
    assert message.routing_key == key
    assert message.body == body


async def _append(seen, message) -> None:
    seen.append(message)


async def _has(seen, message_id: str) -> bool:
    return any(m.message_id == message_id for m in seen)


@pytest.mark.parametrize("content_type", ["application/json", "text/plain", ""])
async def test_event_is_consumed_whatever_content_type_the_producer_set(
    make_harness, bus, pg, uid, content_type
):
    harness = make_harness()
    envelope = make_envelope(need(f"ct-{uid}"), source="/aswan/other", subject=None)
    async with harness.running():
        await bus.publish_raw(
            envelope_json(envelope), ROUTING_KEY, message_id=envelope.id, content_type=content_type
        )
        await wait_until(lambda: effects(pg, harness.schema, envelope.id))
    assert await bus.queue_depth(harness.dlq) == 0


async def test_event_redelivered_after_a_lost_ack_has_one_effect(
    make_harness, bus, pg, uid, inbox_at_commit
):
    """The consumer commits, then its channel dies before the ack reaches the broker: RabbitMQ
    delivers the message again (to the re-attached consumer), and the inbox makes it a no-op."""
    harness = make_harness(inbox_at_commit=inbox_at_commit)
    consumer = harness.runtime.consumers[0][0]
    handle = consumer.handle
    deliveries: list[bool] = []

    async def lose_first_ack(body: bytes, message: AbstractIncomingMessage) -> None:
        deliveries.append(bool(message.redelivered))
        if len(deliveries) == 1:
            message = _AckLost(message)  # type: ignore[assignment]
        await handle(body, message)

    consumer.handle = lose_first_ack  # type: ignore[method-assign]
    async with harness.running():
        event_id = await bus.publish_event(need(f"lost-ack-{uid}"))
        await wait_until(lambda: _delivered_twice(deliveries), timeout=30)
        await wait_until(lambda: effects(pg, harness.schema, event_id))
    # the consumer has stopped: a message it had not acked would be back in the queue
    assert await bus.queue_depth(harness.queue) == 0
    assert deliveries == [False, True], "RabbitMQ redelivered the unacked message"
    assert await effects(pg, harness.schema, event_id) == 1
    if not inbox_at_commit:
        assert harness.calls[event_id] == 1, "the redelivery was recognised before the handler ran"
    else:  # the redelivery was handled, its commit found the inbox row and rolled it back
        assert harness.calls[event_id] == 2


class _AckLost:
    """Fault injection: the delivery's channel dies when the consumer acks, so the ack never
    reaches RabbitMQ (everything else is the real message)."""

    def __init__(self, message: AbstractIncomingMessage) -> None:
        self._message = message

    def __getattr__(self, name: str) -> object:
        return getattr(self._message, name)

    async def ack(self, multiple: bool = False) -> None:
        await self._message.channel.close()


async def _delivered_twice(deliveries: list[bool]) -> bool:
    return len(deliveries) >= 2
