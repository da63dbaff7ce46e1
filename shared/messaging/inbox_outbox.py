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
