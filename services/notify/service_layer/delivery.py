"""The delivery worker: sends what the consumers committed, after the commit.

One loop per channel: claim due rows (a lease, see :mod:`services.notify.adapters.notifications`),
send them concurrently within the channel's rate limit, then record each outcome with its
``NotificationSent`` / ``NotificationFailed`` event in one transaction (the outbox). Transient
errors are retried with exponential backoff and jitter until ``delivery_max_attempts``.

Each outcome is recorded as soon as its send returns (outcomes that finish during a commit go in
the next one), not at the end of the batch. Sending is still at least once: a crash after the far
side accepted a message but before its outcome committed sends it again when the lease ends; that
is at most the messages in flight at the crash (``channel_concurrency``) and those in the commit.
Emails then carry the same Message-ID, gateways and webhooks the same Idempotency-Key /
webhook-id, so the receiving side can drop the copy; notify cannot know if the first went out.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from typing import Any, Protocol

from services.notify.domain.model import Channel, Outcome, SendResult, Status, decide
from services.notify.service_layer.rate_limit import RateLimiter
from services.notify.service_layer.unit_of_work import NotifyUnitOfWork
from shared.events.notify import NotificationFailed, NotificationSent
from shared.privacy import mask_address

log = logging.getLogger(__name__)


class Sender(Protocol):
    async def send(self, row: dict[str, Any]) -> SendResult: ...

    async def close(self) -> None: ...


class Policy(Protocol):
    @property
    def delivery_batch(self) -> int: ...
    @property
    def delivery_poll_seconds(self) -> float: ...
    @property
    def delivery_lease_seconds(self) -> float: ...
    @property
    def delivery_max_attempts(self) -> int: ...
    @property
    def delivery_backoff_seconds(self) -> float: ...
    @property
    def delivery_backoff_max_seconds(self) -> float: ...
    @property
    def channel_concurrency(self) -> int: ...
    @property
    def notifications_keep_days(self) -> int: ...

    def rate_per_second(self, channel: str) -> float: ...


class DeliveryWorker:
    def __init__(
        self,
        uow_factory: Callable[[], NotifyUnitOfWork],
        senders: dict[Channel, Sender],
        policy: Policy,
    ) -> None:
        self.uow_factory = uow_factory
        self.senders = senders
        self.policy = policy
        self.wakers = {c: asyncio.Event() for c in senders}
        self.limits = {c: RateLimiter(policy.rate_per_second(c.value)) for c in senders}
        self._tasks: list[asyncio.Task[None]] = []
        self._stopping = False
        self._stopped = asyncio.Event()

    def wake(self, channel: str | None = None) -> None:
        """New rows for ``channel`` (every channel when ``None``) were committed."""
        for name, event in self.wakers.items():
            if channel is None or channel == name:
                event.set()

    def start(self) -> None:
        self._stopping = False
        self._stopped.clear()
        self._tasks = [
            asyncio.create_task(self._loop(c), name=f"delivery:{c}") for c in self.senders
        ]
        self._tasks.append(asyncio.create_task(self._prune_loop(), name="delivery:prune"))

    async def prune(self) -> int:
        """Delete the sent and failed notifications (addresses, rendered messages: personal
        data) older than ``notifications_keep_days``; return how many."""
        async with self.uow_factory() as uow:
            pruned = await uow.notifications.prune(self.policy.notifications_keep_days)
            await uow.commit()
        if pruned:
            log.info("pruned %d notifications", pruned)
        return pruned

    async def _prune_loop(self, every: float = 600.0) -> None:
        while not self._stopping:
            try:
                await self.prune()
            except Exception as exc:  # noqa: BLE001 - database away: the next round prunes
                log.warning("pruning notifications: %s", exc)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopped.wait(), every)

    async def stop(self, grace: float = 10.0) -> None:
        """Finish the batches in hand (bounded), then close the channels."""
        self._stopping = True
        self._stopped.set()
        self.wake()
        _, pending = await asyncio.wait(self._tasks, timeout=grace) if self._tasks else ((), ())
        for task in pending:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks = []
        for sender in self.senders.values():
            with contextlib.suppress(Exception):
                await sender.close()

    async def _loop(self, channel: Channel) -> None:
        backoff = 0.1
        while not self._stopping:
            try:
                if await self.deliver_once(channel) >= self._batch(channel):
                    continue
                backoff = 0.1
            except Exception as exc:  # noqa: BLE001 - database away: back off, keep going
                log.warning("delivery %s: %s; retrying in %.1fs", channel, exc, backoff)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 5.0)
                continue
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(
                    self.wakers[channel].wait(), self.policy.delivery_poll_seconds
                )
            self.wakers[channel].clear()

    def _batch(self, channel: Channel) -> int:
        # a batch must be sendable well within the lease at the channel's rate
        within_lease = self.policy.rate_per_second(channel) * self.policy.delivery_lease_seconds / 4
        return max(1, min(self.policy.delivery_batch, int(within_lease)))

    async def deliver_once(self, channel: Channel) -> int:
        """Claim, send and record one batch of ``channel``. Returns the number claimed."""
        async with self.uow_factory() as uow:
            rows = await uow.notifications.claim(
                channel.value, self._batch(channel), self.policy.delivery_lease_seconds
            )
            await uow.commit()
        if not rows:
            return 0
        gate = asyncio.Semaphore(self.policy.channel_concurrency)
        done: asyncio.Queue[tuple[dict[str, Any], SendResult] | None] = asyncio.Queue()

        async def send(row: dict[str, Any]) -> None:
            done.put_nowait((row, await self._send(channel, row, gate)))

        recorder = asyncio.create_task(self._recorder(done))
        try:
            await asyncio.gather(*(send(row) for row in rows))
        finally:
            done.put_nowait(None)
            await recorder
        return len(rows)

    async def _recorder(
        self, done: asyncio.Queue[tuple[dict[str, Any], SendResult] | None]
    ) -> None:
        """Record outcomes as they come in: everything finished while the previous commit ran
        goes in the next one, so an accepted message is marked sent within one commit of its
        acceptance, not at the end of the batch (a crash then resends only those in flight)."""
        while True:
            item = await done.get()
            group, end = [], item is None
            while item is not None:
                group.append(item)
                if done.empty():
                    break
                item = done.get_nowait()
                end = item is None
            if group:
                await self._record(group)
            if end:
                return

    async def _send(
        self, channel: Channel, row: dict[str, Any], gate: asyncio.Semaphore
    ) -> SendResult:
        async with gate:
            await self.limits[channel].acquire()
            try:
                return await self.senders[channel].send(row)
            except Exception as exc:  # noqa: BLE001 - an adapter bug must not lose the row
                return SendResult.retry(f"{type(exc).__name__}: {exc}")

    async def _record(self, done: list[tuple[dict[str, Any], SendResult]]) -> None:
        p = self.policy
        sent, failed, retry = [], [], []
        async with self.uow_factory() as uow:
            for row, result in done:
                outcome = decide(
                    result,
                    row["attempts"],
                    p.delivery_max_attempts,
                    p.delivery_backoff_seconds,
                    p.delivery_backoff_max_seconds,
                )
                if outcome.status is Status.SENT:
                    sent.append(row["notification_id"])
                elif outcome.status is Status.FAILED:
                    failed.append((row["notification_id"], outcome.error or "failed"))
                else:
                    retry.append((row["notification_id"], outcome.error or "", outcome.delay))
                _publish(uow, row, outcome)
            await uow.notifications.mark_sent(sent)
            await uow.notifications.mark_failed(failed)
            await uow.notifications.reschedule(retry)
            await uow.commit()


def _publish(uow: NotifyUnitOfWork, row: dict[str, Any], outcome: Outcome) -> None:
    masked, nid = mask_address(row["address"]), row["notification_id"]
    common = {
        "notification_id": row["notification_id"],
        "channel": row["channel"],
        "template": row["template"],
        "cause_event_id": row["cause_event_id"],
        "attempts": row["attempts"],
        "recipient_masked": masked,
    }
    if outcome.status is Status.SENT:
        uow.publish(NotificationSent(**common), subject=row["notification_id"])
    elif outcome.status is Status.FAILED:
        uow.publish(NotificationFailed(**common, error=outcome.error), subject=nid)
        log.warning("notification %s to %s failed: %s", nid, masked, outcome.error)
    else:
        log.info(
            "notification %s to %s: attempt %d failed (%s); next in %.1fs",
            row["notification_id"],
            masked,
            row["attempts"],
            outcome.error,
            outcome.delay,
        )
