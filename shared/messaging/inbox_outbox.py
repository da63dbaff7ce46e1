"""The unit of work's inbox and outbox rows: the statements that write them and their parameters.

Rows travel as one JSON document per statement, not as one array per column: asyncpg checks
every array element against collections.abc (two isinstance calls through ABCMeta each), which
was a fifth of a consumer's CPU in bench/monitoring_bench.py.
"""

from __future__ import annotations

import json

from shared.events.envelope import CloudEvent, Event, envelope_json


def _insert_inbox(param: str) -> str:
    return (
        "INSERT INTO inbox (source, event_id, event_type) "
        "SELECT source, event_id, event_type FROM "
        f"json_to_recordset({param}::json) AS i(source text, event_id text, event_type text) "
        "ON CONFLICT DO NOTHING"
    )


def _insert_outbox(param: str) -> str:
    return (
        "INSERT INTO outbox (event_id, routing_key, event_type, subject, correlation_id, body) "
        "SELECT event_id, routing_key, event_type, subject, correlation_id, "
        f"convert_to(body, 'UTF8') FROM json_to_recordset({param}::json) AS o(event_id text, "
        "routing_key text, event_type text, subject text, correlation_id text, body text)"
    )


def commit_rows(first: int) -> str:
    """The inbox and outbox CTEs and the main SELECT (count of new inbox rows, and the NOTIFY
    that wakes the relay, delivered by PostgreSQL only if and when the transaction commits);
    parameters: inbox rows, outbox rows, channel, numbered from ``first``."""
    inbox, outbox, channel = (f"${first + i}" for i in range(3))
    return (
        f"seen AS ({_insert_inbox(inbox)} RETURNING 1), "
        f"sent AS ({_insert_outbox(outbox)} RETURNING 1) "
        f"SELECT (SELECT count(*) FROM seen), (SELECT pg_notify({channel}, '') "
        f"WHERE json_array_length({outbox}::json) > 0)"
    )


RECORD_INBOX = f"{_insert_inbox('$1')} RETURNING source, event_id"


def inbox_json(keys: list[tuple[str, str, str]]) -> str:
    return json.dumps(
        [{"source": s, "event_id": i, "event_type": t} for s, i, t in keys],
        ensure_ascii=False,
        separators=(",", ":"),
    )


def outbox_json(pending: list[CloudEvent[Event]]) -> str:
    """The events as outbox rows (the body, UTF-8 JSON, as text: ``convert_to`` in SQL)."""
    return json.dumps(
        [
            {
                "event_id": env.id,
                "routing_key": type(env.data).ROUTING_KEY,
                "event_type": env.type,
                "subject": env.subject,
                "correlation_id": env.correlationid,
                "body": envelope_json(env).decode(),
            }
            for env in pending
        ],
        ensure_ascii=False,
        separators=(",", ":"),
    )


# --- the outbox relay's statements (shared.messaging.relay) ---

# Claim a batch and, in the same statement, flag the rows that must wait: those whose subject has
# an older unsent row that is not in this batch (another relay holds it, or it is still to come).
RELAY_CLAIM = """
WITH mine AS (
    SELECT seq, event_id, routing_key, event_type, subject, correlation_id, body
    FROM outbox WHERE sent_at IS NULL ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED
)
SELECT m.*, m.subject IS NOT NULL AND EXISTS (
    SELECT 1 FROM outbox o
    WHERE o.sent_at IS NULL AND o.subject = m.subject AND o.seq < m.seq
      AND o.seq NOT IN (SELECT seq FROM mine)
) AS blocked
FROM mine m ORDER BY m.seq
"""
# Sent with the COMMIT in one simple-protocol round trip (``publish_batch``); the sequence
# numbers are integers read from the table, written into the statement as such.
RELAY_MARK_SENT = (
    "UPDATE outbox SET sent_at = now(), attempts = attempts + 1 WHERE seq = ANY('{%s}')"
)
RELAY_MARK_FAILED = (
    "UPDATE outbox SET attempts = attempts + 1, last_error = $2 WHERE seq = ANY($1::bigint[])"
)
RELAY_PRUNE = "DELETE FROM outbox WHERE sent_at < now() - make_interval(days => $1)"
# Events older than this are no longer recognised as duplicates: far beyond any redelivery.
RELAY_PRUNE_INBOX = "DELETE FROM inbox WHERE received_at < now() - make_interval(days => $1)"
