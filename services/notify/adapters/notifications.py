"""The delivery table: written with the inbox row, claimed by the delivery worker.

Claiming is a lease: ``FOR UPDATE SKIP LOCKED`` picks due rows (several workers share the work),
and the same statement moves their ``next_attempt_at`` past the lease and counts the attempt, then
commits, so no transaction stays open while a message is on the wire. A worker that dies mid-send
leaves the row pending; it is due again when the lease ends.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ARRAY, Float, LargeBinary, Text, bindparam, select, text
from sqlalchemy.ext.asyncio import AsyncConnection

from services.notify.adapters.orm import notifications
from services.notify.domain.model import Notification

WAKE_CHANNEL = "notify_delivery"

_TEXT_COLUMNS = (
    "notification_id",
    "cause_source",
    "cause_event_id",
    "event_type",
    "template",
    "recipient",
    "channel",
    "address",
    "language",
    "subscription_id",
    "centre",
    "subject",
    "body_text",
    "body_html",
    "message_id",
)
# One round trip: skip opted-out addresses, insert once per (cause, recipient, channel), and
# wake the worker of each channel that got rows (Postgres delivers the NOTIFY at commit).
_ADD = text(
    f"""
    WITH r AS (
        SELECT * FROM unnest({", ".join(f":{c}" for c in _TEXT_COLUMNS)}, :payload)
        AS r({", ".join(_TEXT_COLUMNS)}, payload)),
    added AS (
        INSERT INTO notifications ({", ".join(_TEXT_COLUMNS)}, payload)
        SELECT r.* FROM r WHERE NOT EXISTS (
            SELECT 1 FROM opt_outs o WHERE o.channel = r.channel AND o.address = lower(r.address))
        ON CONFLICT ON CONSTRAINT uq_notifications_once DO NOTHING
        RETURNING channel)
    SELECT pg_notify('{WAKE_CHANNEL}', channel) FROM (SELECT DISTINCT channel FROM added) AS c
    """
).bindparams(
    *(bindparam(c, type_=ARRAY(Text)) for c in _TEXT_COLUMNS),
    bindparam("payload", type_=ARRAY(LargeBinary)),
)
_CLAIM = text(
    """
    UPDATE notifications SET attempts = attempts + 1,
        next_attempt_at = now() + make_interval(secs => :lease)
    WHERE notification_id IN (
        SELECT notification_id FROM notifications
        WHERE status = 'pending' AND channel = :channel AND next_attempt_at <= now()
        ORDER BY next_attempt_at LIMIT :limit FOR UPDATE SKIP LOCKED)
    RETURNING notification_id, cause_event_id, template, recipient, channel, address, language,
        subscription_id, subject, body_text, body_html, payload, message_id, attempts,
        (SELECT s.secret FROM subscriptions s
         WHERE s.subscription_id = notifications.subscription_id) AS secret
    """
)
_SENT = text(
    "UPDATE notifications SET status = 'sent', sent_at = now(), last_error = NULL "
    "WHERE notification_id = ANY(:ids)"
).bindparams(bindparam("ids", type_=ARRAY(Text)))
_FAILED = text(
    "UPDATE notifications SET status = 'failed', last_error = e.error "
    "FROM unnest(:ids, :errors) AS e(id, error) WHERE notification_id = e.id"
).bindparams(bindparam("ids", type_=ARRAY(Text)), bindparam("errors", type_=ARRAY(Text)))
_RETRY = text(
    "UPDATE notifications SET last_error = e.error, "
    "next_attempt_at = now() + make_interval(secs => e.delay) "
    "FROM unnest(:ids, :errors, :delays) AS e(id, error, delay) WHERE notification_id = e.id"
).bindparams(
    bindparam("ids", type_=ARRAY(Text)),
    bindparam("errors", type_=ARRAY(Text)),
    bindparam("delays", type_=ARRAY(Float)),
)


# Ended notifications (sent or failed) past their keeping time; pending ones are never pruned.
_PRUNE = text(
    "DELETE FROM notifications WHERE created_at < now() - make_interval(days => :days) "
    "AND status <> 'pending'"
)


class NotificationsRepository:
    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn
        self._pending: list[Notification] = []

    def record(self, items: list[Notification]) -> None:
        """Buffer notifications; :meth:`flush` writes a whole consumer batch in one statement."""
        self._pending.extend(items)

    async def flush(self) -> None:
        """Insert once per (cause event, recipient, channel) — a replayed cause adds nothing —
        and wake the delivery worker when the transaction commits."""
        if not self._pending:
            return
        rows, self._pending = [_row(n) for n in self._pending], []
        await self.conn.execute(
            _ADD, {c: [r[c] for r in rows] for c in (*_TEXT_COLUMNS, "payload")}
        )

    async def claim(self, channel: str, limit: int, lease_seconds: float) -> list[dict[str, Any]]:
        rows = await self.conn.execute(
            _CLAIM, {"channel": channel, "limit": limit, "lease": lease_seconds}
        )
        return [dict(r._mapping) for r in rows]

    async def mark_sent(self, ids: list[str]) -> None:
        if ids:
            await self.conn.execute(_SENT, {"ids": ids})

    async def mark_failed(self, failures: list[tuple[str, str]]) -> None:
        if failures:
            await self.conn.execute(
                _FAILED, {"ids": [i for i, _ in failures], "errors": [e for _, e in failures]}
            )

    async def prune(self, keep_days: int) -> int:
        """Delete ended notifications created more than ``keep_days`` ago; return how many."""
        result = await self.conn.execute(_PRUNE, {"days": keep_days})
        return int(result.rowcount or 0)

    async def reschedule(self, retries: list[tuple[str, str, float]]) -> None:
        if retries:
            await self.conn.execute(
                _RETRY,
                {
                    "ids": [r[0] for r in retries],
                    "errors": [r[1] for r in retries],
                    "delays": [r[2] for r in retries],
                },
            )

    async def get(self, notification_id: str) -> dict[str, Any] | None:
        row = (
            await self.conn.execute(
                select(notifications).where(notifications.c.notification_id == notification_id)
            )
        ).first()
        return dict(row._mapping) if row else None

    async def log(self, filters: dict[str, Any], limit: int, offset: int) -> list[dict[str, Any]]:
        n = notifications.c
        query = select(
            n.notification_id,
            n.cause_event_id,
            n.event_type,
            n.template,
            n.recipient,
            n.channel,
            n.address,
            n.language,
            n.subscription_id,
            n.centre,
            n.status,
            n.attempts,
            n.last_error,
            n.created_at,
            n.sent_at,
            n.next_attempt_at,
        )
        for name in ("status", "channel", "cause_event_id", "recipient", "event_type", "centre"):
            if filters.get(name) is not None:
                query = query.where(n[name] == filters[name])
        since: datetime | None = filters.get("since")
        until: datetime | None = filters.get("until")
        if since is not None:
            query = query.where(n.created_at >= since)
        if until is not None:
            query = query.where(n.created_at < until)
        rows = await self.conn.execute(
            query.order_by(n.created_at.desc(), n.notification_id).limit(limit).offset(offset)
        )
        return [dict(r._mapping) for r in rows]


def _row(n: Notification) -> dict[str, Any]:
    r = n.recipient
    return {
        "notification_id": n.notification_id,
        "cause_source": n.cause_source,
        "cause_event_id": n.cause_event_id,
        "event_type": n.event_type,
        "template": n.template,
        "recipient": r.recipient,
        "channel": r.channel.value,
        "address": r.address,
        "language": r.language.value,
        "subscription_id": r.subscription_id,
        "centre": n.centre,
        "subject": n.rendered.subject,
        "body_text": n.rendered.text,
        "body_html": n.rendered.html,
        "payload": n.payload,
        "message_id": n.message_id,
    }
