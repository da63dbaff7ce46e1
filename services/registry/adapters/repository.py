"""Writes of the association record. The intake path is hot: it speaks to asyncpg directly, on the
unit of work's own connection and transaction: one statement per registration (the screening),
and the inserts of a unit of work together in one pipelined ``executemany`` before it commits."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import asyncpg
from sqlalchemy.ext.asyncio import AsyncConnection

from services.registry.adapters.driver import driver
from services.registry.adapters.statements import (
    COLUMNS,
    INSERT,
    REJECT,
    SCREEN,
    SCREEN_WITH_PENDING,
)
from services.registry.domain.errors import SubmissionRaced
from services.registry.domain.model import NAME_SIMILARITY, Association, block_key, name_key
from shared.errors import ErrorDetail
from shared.events.codes import AssociationStatus
from shared.text import normalise_arabic

_STATUS = COLUMNS.index("status")


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


@dataclass(frozen=True)
class _Unwritten:
    """A registration added in this unit of work, written with the others before commit."""

    association_id: str
    number: str
    centre: str
    key: str
    block: str
    values: list[Any]


class AssociationRepository:
    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn
        self._unwritten: dict[str, _Unwritten] = {}  # by submission id

    async def driver(self) -> asyncpg.Connection:
        return await driver(self.conn)

    async def screen(
        self, submission_id: str, registration_number: str | None, centre: str | None, name: str
    ) -> Screening:
        """The submission's earlier outcome, a record holding its number, the most similar name
        in its centre and block, the registrations not yet written included."""
        if (own := self._unwritten.get(submission_id)) is not None:
            return Screening(("registered", own.association_id, []), None, None)
        db = await self.driver()
        key, block = _keys(name)
        args = [submission_id, registration_number or "", centre or "", key, NAME_SIMILARITY, block]
        near = [u for u in self._unwritten.values() if (u.centre, u.block) == (centre, block)]
        if near:
            args += [[u.association_id for u in near], [u.key for u in near]]
        rows = await db.fetch(SCREEN_WITH_PENDING if near else SCREEN, *args)
        found = {r["why"]: r for r in rows}
        prior = found.get("submission")
        same = [u.association_id for u in self._unwritten.values() if u.number == args[1]]
        return Screening(
            prior=(
                prior["outcome"], prior["id"],
                [ErrorDetail(**e) for e in json.loads(prior["errors"] or "[]")],
            ) if prior else None,
            same_number=found["number"]["id"] if "number" in found else next(iter(same), None),
            similar_name=found["name"]["id"] if "name" in found else None,
        )  # fmt: skip

    async def add(self, a: Association, created_by: str, submission_id: str, source: str) -> None:
        key, block = _keys(a.name_ar)
        self._unwritten[submission_id] = _Unwritten(
            a.association_id, a.registration_number, a.centre, key, block,
            [*row_values(a, created_by), submission_id, source],
        )  # fmt: skip

    async def flush(self) -> None:
        """Write the registrations added since the last flush: one pipelined round trip."""
        if self._unwritten:
            db = await self.driver()
            try:
                await db.executemany(INSERT, [u.values for u in self._unwritten.values()])
            except asyncpg.UniqueViolationError as exc:  # the screening found no conflict
                raise SubmissionRaced(str(exc)) from exc
            self._unwritten.clear()

    async def reject(
        self, submission_id: str, source: str, errors: list[ErrorDetail], existing: str | None
    ) -> None:
        db = await self.driver()
        body = json.dumps([e.model_dump() for e in errors], ensure_ascii=False)
        if await db.fetchval(REJECT, submission_id, source, body, existing) is None:
            raise SubmissionRaced(f"submission {submission_id} was recorded meanwhile")

    async def get(self, association_id: str, *, lock: bool = False) -> Association | None:
        return await self._one("association_id", association_id, lock)

    async def get_by_number(self, number: str, *, lock: bool = False) -> Association | None:
        return await self._one("registration_number", number, lock)

    async def _one(self, column: str, value: str, lock: bool) -> Association | None:
        await self.flush()
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
        await self.flush()
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
        await self.flush()
        db = await self.driver()
        return await db.fetchrow(
            "SELECT submission_id, outcome, association_id, existing_association_id, "
            "errors::text AS errors, received_at FROM submissions WHERE submission_id = $1",
            submission_id,
        )


def _json(value: dict[str, Any]) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)
