"""The adapter's rows, on the unit of work's connection (its transaction)."""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

_ADD_PUSH = sa.text(
    "INSERT INTO pushes (event_id, association_id, envelope, routing_key, body) "
    "VALUES (:id, :association, CAST(:envelope AS jsonb), :key, CAST(:body AS jsonb)) "
    "ON CONFLICT (event_id) DO NOTHING"
)
# The oldest pending push of each association whose turn it is, locked for this transaction.
_CLAIM = sa.text(
    "SELECT p.seq, p.event_id, p.association_id, p.body, p.attempts, p.envelope, p.routing_key "
    "FROM pushes p WHERE p.state = 'pending' AND p.next_attempt_at <= now() "
    "AND p.seq = (SELECT min(q.seq) FROM pushes q "
    "             WHERE q.association_id = p.association_id AND q.state = 'pending') "
    "ORDER BY p.seq LIMIT :limit FOR UPDATE SKIP LOCKED"
)
_SENT = sa.text(
    "UPDATE pushes SET state = 'sent', attempts = attempts + 1, done_at = now(), "
    "ministry_reference = :reference, last_error = NULL WHERE seq = :seq"
)
_AGAIN = sa.text(
    "UPDATE pushes SET attempts = attempts + 1, last_error = :error, "
    "next_attempt_at = now() + make_interval(secs => :delay) WHERE seq = :seq"
)
_DEAD = sa.text(
    "UPDATE pushes SET state = 'dead', attempts = attempts + 1, last_error = :error, "
    "done_at = now() WHERE seq = :seq"
)


class MossRepository:
    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def add_push(
        self, envelope: dict[str, Any], routing_key: str, association_id: str, body: dict[str, Any]
    ) -> None:
        await self.conn.execute(
            _ADD_PUSH,
            {
                "id": envelope["id"], "association": association_id, "key": routing_key,
                "envelope": json.dumps(envelope, ensure_ascii=False),
                "body": json.dumps(body, ensure_ascii=False),
            },
        )  # fmt: skip

    async def remember(self, association_id: str, number: str, status: str | None) -> None:
        await self.conn.execute(
            sa.text(
                "INSERT INTO associations (association_id, registration_number, status) "
                "VALUES (:id, :number, :status) ON CONFLICT (association_id) DO UPDATE "
                "SET registration_number = excluded.registration_number, "
                "status = coalesce(excluded.status, associations.status)"
            ),
            {"id": association_id, "number": number, "status": status},
        )

    async def number_of(self, association_id: str) -> str | None:
        row = await self.conn.execute(
            sa.text("SELECT registration_number FROM associations WHERE association_id = :id"),
            {"id": association_id},
        )
        return row.scalar()

    async def set_status(self, association_id: str, status: str) -> None:
        await self.conn.execute(
            sa.text("UPDATE associations SET status = :s WHERE association_id = :id"),
            {"s": status, "id": association_id},
        )

    async def claim(self, limit: int) -> list[Any]:
        return list((await self.conn.execute(_CLAIM, {"limit": limit})).all())

    async def sent(self, seq: int, reference: str | None) -> None:
        await self.conn.execute(_SENT, {"seq": seq, "reference": reference})

    async def again(self, seq: int, error: str, delay: float) -> None:
        await self.conn.execute(_AGAIN, {"seq": seq, "error": error[:1000], "delay": delay})

    async def dead(self, seq: int, error: str) -> None:
        await self.conn.execute(_DEAD, {"seq": seq, "error": error[:1000]})

    async def link(self, association_id: str, reference: str) -> str | None:
        """Record the ministry's reference; the registration number when it is new. Only the
        pusher writes ``links`` and it reads ``associations`` without locking them: a push round
        and a consumer batch never wait on each other's rows."""
        row = await self.conn.execute(
            sa.text(
                "WITH l AS (INSERT INTO links (association_id, ministry_reference) "
                "VALUES (:id, :ref) ON CONFLICT (association_id) DO UPDATE "
                "SET ministry_reference = excluded.ministry_reference, linked_at = now() "
                "WHERE links.ministry_reference IS DISTINCT FROM excluded.ministry_reference "
                "RETURNING association_id) "
                "SELECT a.registration_number FROM l JOIN associations a USING (association_id)"
            ),
            {"ref": reference, "id": association_id},
        )
        return row.scalar()


class DecisionRepository:
    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def first_extract(self, content_hash: str, name: str, rows: int) -> bool:
        """Record an extract; False when this content was read before."""
        row = await self.conn.execute(
            sa.text(
                "INSERT INTO extracts (content_hash, name, rows) VALUES (:h, :n, :r) "
                "ON CONFLICT DO NOTHING RETURNING content_hash"
            ),
            {"h": content_hash, "n": name, "r": rows},
        )
        return row.first() is not None

    async def known(self, number: str) -> bool:
        row = await self.conn.execute(
            sa.text("SELECT 1 FROM associations WHERE registration_number = :n LIMIT 1"),
            {"n": number},
        )
        return row.first() is not None

    async def first_decision(self, values: dict[str, Any]) -> bool:
        row = await self.conn.execute(
            sa.text(
                "INSERT INTO decisions (key, registration_number, status, reference, decided_at, "
                "source) VALUES (:key, :number, :status, :reference, :decided_at, :source) "
                "ON CONFLICT DO NOTHING RETURNING key"
            ),
            values,
        )
        return row.first() is not None

    async def problem(
        self, source: str, row_no: int, raw: dict[str, Any], code: str, ar: str, en: str
    ) -> None:
        await self.conn.execute(
            sa.text(
                "INSERT INTO problems (source, row_no, raw, code, reason_ar, reason_en) "
                "VALUES (:s, :n, CAST(:raw AS jsonb), :c, :ar, :en)"
            ),
            {"s": source, "n": row_no, "raw": json.dumps(raw, ensure_ascii=False, default=str),
             "c": code, "ar": ar, "en": en},
        )  # fmt: skip
