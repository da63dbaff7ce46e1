"""Writes of the association record. The intake path is hot: it speaks to asyncpg directly, on the
unit of work's own connection and transaction, two statements per registration (screen, insert)."""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from functools import lru_cache
from typing import Any

import asyncpg
from sqlalchemy.ext.asyncio import AsyncConnection

from services.registry.adapters.driver import driver
from services.registry.domain.model import NAME_SIMILARITY, Association, block_key, name_key
from shared.errors import ErrorDetail
from shared.events.codes import AssociationStatus
from shared.text import normalise_arabic

COLUMNS = tuple(f.name for f in fields(Association))  # the table's columns mirroring the model
_STATUS = COLUMNS.index("status")

_SCREEN = """
SELECT 'submission' AS why, coalesce(association_id, existing_association_id) AS id,
       outcome, errors::text AS errors
  FROM submissions WHERE submission_id = $1
UNION ALL
SELECT 'number', association_id, NULL, NULL FROM associations WHERE registration_number = $2
UNION ALL
(SELECT 'name', association_id, NULL, NULL FROM associations
  WHERE centre = $3 AND name_block = $6 AND similarity(name_norm, $4) >= $5
  ORDER BY similarity(name_norm, $4) DESC LIMIT 1)
"""
_INSERT = (
    "WITH a AS (INSERT INTO associations ({cols}, name_norm, name_block, search_text, created_by) "
    "VALUES ({params}) RETURNING association_id) "
    "INSERT INTO submissions (submission_id, source, outcome, association_id) "
    "SELECT ${s}, ${s1}, 'registered', association_id FROM a"
).format(
    cols=", ".join(COLUMNS),
    params=", ".join(f"${i}" for i in range(1, len(COLUMNS) + 5)),
    s=len(COLUMNS) + 5,
    s1=len(COLUMNS) + 6,
)
_REJECT = (
    "INSERT INTO submissions (submission_id, source, outcome, errors, existing_association_id) "
    "VALUES ($1, $2, 'rejected', $3::jsonb, $4) ON CONFLICT DO NOTHING"
)


@dataclass(frozen=True)
class Screening:
    prior: tuple[str, str | None, list[ErrorDetail]] | None  # outcome, association, errors
    same_number: str | None
    similar_name: str | None


def search_text(a: Association) -> str:
    return " ".join(
        filter(None, [_normalised(a.name_ar), _normalised(a.name_en or ""), a.org_id.lower()])
    )


def row_values(a: Association, created_by: str) -> list[Any]:
    # getattr, not dataclasses.asdict: asdict deep-copies every list, ~17 % of a registration's
    # Python time on the intake path (py-spy, 2026-11-29)
    values = [getattr(a, c) for c in COLUMNS]
    values[_STATUS] = a.status.value
    key, block = _keys(a.name_ar)
    return [*values, key, block, search_text(a), created_by]


# A registration normalises its name twice (screening, then the insert): computed once.
@lru_cache(maxsize=1024)
def _keys(name: str) -> tuple[str, str]:
    key = name_key(name)
    return key, block_key(key)


_normalised = lru_cache(maxsize=1024)(normalise_arabic)


def to_association(row: Any) -> Association:
    data = {c: row[c] for c in COLUMNS}
    data["status"] = AssociationStatus(data["status"])
    data["sectors"], data["centres_served"] = list(data["sectors"]), list(data["centres_served"])
    return Association(**data)


class AssociationRepository:
    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def driver(self) -> asyncpg.Connection:
        return await driver(self.conn)

    async def screen(
        self, submission_id: str, registration_number: str | None, centre: str | None, name: str
    ) -> Screening:
        db = await self.driver()
        key, block = _keys(name)
        rows = await db.fetch(
            _SCREEN, submission_id, registration_number or "", centre or "", key,
            NAME_SIMILARITY, block,
        )  # fmt: skip
        found = {r["why"]: r for r in rows}
        prior = found.get("submission")
        return Screening(
            prior=(
                prior["outcome"], prior["id"],
                [ErrorDetail(**e) for e in json.loads(prior["errors"] or "[]")],
            ) if prior else None,
            same_number=found["number"]["id"] if "number" in found else None,
            similar_name=found["name"]["id"] if "name" in found else None,
        )  # fmt: skip

    async def add(self, a: Association, created_by: str, submission_id: str, source: str) -> None:
        db = await self.driver()
        await db.execute(_INSERT, *row_values(a, created_by), submission_id, source)

    async def reject(
        self, submission_id: str, source: str, errors: list[ErrorDetail], existing: str | None
    ) -> None:
        db = await self.driver()
        body = json.dumps([e.model_dump() for e in errors], ensure_ascii=False)
        await db.execute(_REJECT, submission_id, source, body, existing)

    async def get(self, association_id: str, *, lock: bool = False) -> Association | None:
        return await self._one("association_id", association_id, lock)

    async def get_by_number(self, number: str, *, lock: bool = False) -> Association | None:
        return await self._one("registration_number", number, lock)

    async def _one(self, column: str, value: str, lock: bool) -> Association | None:
        db = await self.driver()
        row = await db.fetchrow(
            f"SELECT * FROM associations WHERE {column} = $1" + (" FOR UPDATE" if lock else ""),
            value,
        )
        return to_association(row) if row else None

    async def save(
        self, a: Association, *, action: str, actor: str, before: dict[str, Any],
        after: dict[str, Any], reason: str | None = None,
    ) -> None:  # fmt: skip
        """Write a changed record (its version already bumped) and its history line."""
        db = await self.driver()
        values = row_values(a, actor)
        sets = ", ".join(f"{c} = ${i}" for i, c in enumerate(COLUMNS, start=2))
        await db.execute(
            f"UPDATE associations SET {sets}, name_norm = ${len(COLUMNS) + 2}, "
            f"name_block = ${len(COLUMNS) + 3}, search_text = ${len(COLUMNS) + 4}, "
            "updated_at = now() WHERE association_id = $1",
            a.association_id, *values[:-1],
        )  # fmt: skip
        await db.execute(
            "INSERT INTO association_history (association_id, version, action, actor, before, "
            "after, reason) VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7)",
            a.association_id, a.version, action, actor, _json(before), _json(after), reason,
        )  # fmt: skip

    async def submission(self, submission_id: str) -> Any:
        db = await self.driver()
        return await db.fetchrow(
            "SELECT submission_id, outcome, association_id, existing_association_id, "
            "errors::text AS errors, received_at FROM submissions WHERE submission_id = $1",
            submission_id,
        )


def _json(value: dict[str, Any]) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)
