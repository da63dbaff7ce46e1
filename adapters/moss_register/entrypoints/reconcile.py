"""``python -m adapters.moss_register reconcile``: where our record and the ministry's disagree.
One JSON line per association whose status here differs from the register's latest decision,
then one per extract or webhook row that could not be taken (the reconciliation report)."""

from __future__ import annotations

import asyncio
import json
import sys
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.moss_register.config import SCHEMA, MossSettings
from shared.db import make_engine

_DISAGREE = sa.text(
    "SELECT a.association_id, a.registration_number, a.status AS ours, d.status AS ministry, "
    "d.reference, d.decided_at FROM associations a JOIN LATERAL (SELECT * FROM decisions x "
    "WHERE x.registration_number = a.registration_number ORDER BY decided_at DESC, created_at "
    "DESC LIMIT 1) d ON true WHERE a.status IS DISTINCT FROM d.status ORDER BY 2"
)
_PROBLEMS = sa.text(
    "SELECT source, row_no, raw, code, reason_ar, reason_en, created_at FROM problems ORDER BY id"
)


async def reconcile(engine: AsyncEngine) -> list[dict[str, Any]]:
    async with engine.connect() as conn:
        disagree = [{"kind": "status_differs", **r._mapping} for r in await conn.execute(_DISAGREE)]
        problems = [{"kind": "row_not_taken", **r._mapping} for r in await conn.execute(_PROBLEMS)]
    return disagree + problems


def main(argv: list[str]) -> int:
    settings = MossSettings()  # type: ignore[call-arg]

    async def run() -> list[dict[str, Any]]:
        engine = make_engine(settings.database_url, SCHEMA, 2)
        try:
            return await reconcile(engine)
        finally:
            await engine.dispose()

    for line in asyncio.run(run()):
        sys.stdout.write(json.dumps(line, ensure_ascii=False, default=str) + "\n")
    return 0
