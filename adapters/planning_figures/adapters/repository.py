"""The adapter's rows, on the unit of work's connection (its transaction)."""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection


class FigureRepository:
    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def first_file(self, content_hash: str, name: str, rows: int) -> bool:
        """Record a file; False when this content was read before."""
        row = await self.conn.execute(
            sa.text(
                "INSERT INTO files (content_hash, name, rows) VALUES (:h, :n, :r) "
                "ON CONFLICT DO NOTHING RETURNING content_hash"
            ),
            {"h": content_hash, "n": name, "r": rows},
        )
        return row.first() is not None

    async def problem(self, source: str, row_no: int, raw: dict[str, Any], err: Any) -> None:
        await self.conn.execute(
            sa.text(
                "INSERT INTO problems (source, row_no, raw, code, reason_ar, reason_en) "
                "VALUES (:s, :n, CAST(:raw AS jsonb), :c, :ar, :en)"
            ),
            {"s": source, "n": row_no, "raw": json.dumps(raw, ensure_ascii=False, default=str),
             "c": err.code, "ar": err.ar, "en": err.en},
        )  # fmt: skip
