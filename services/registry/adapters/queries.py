"""Read side of the registry: list, search, who-does-what-where, history, export (Core)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from services.registry.adapters.orm import associations as a
from services.registry.adapters.orm import history
from services.registry.adapters.search import like_pattern, search_page, words


@dataclass(frozen=True)
class Filters:
    centre: str | None = None
    sector: str | None = None
    legal_form: str | None = None
    status: str | None = None
    q: str | None = None


def _filtered(query: Select[Any], f: Filters) -> Select[Any]:
    if f.centre:
        query = query.where(a.c.centre == f.centre)
    if f.sector:
        query = query.where(a.c.sectors.contains([f.sector]))
    if f.legal_form:
        query = query.where(a.c.legal_form == f.legal_form)
    if f.status:
        query = query.where(a.c.status == f.status)
    for word in words(f.q or ""):
        # every word somewhere in the names; the GIN trigram index serves LIKE '%...%'
        query = query.where(a.c.search_text.like(like_pattern(word)))
    return query


class AssociationQueries:
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine

    async def one(self, association_id: str) -> dict[str, Any] | None:
        async with self.engine.connect() as conn:
            row = (
                (await conn.execute(select(a).where(a.c.association_id == association_id)))
                .mappings()
                .first()
            )
        return dict(row) if row else None

    async def page(self, f: Filters, limit: int, offset: int) -> tuple[int, list[dict[str, Any]]]:
        rows = await search_page(self.engine, f, limit, offset)
        if rows:
            return rows[0]["total"], rows
        if offset == 0:
            return 0, []
        async with self.engine.connect() as conn:
            total = (await conn.execute(_filtered(select(func.count()).select_from(a), f))).scalar()
        return int(total or 0), []

    async def who_does_what_where(self) -> list[dict[str, Any]]:
        """Active associations counted by each centre they serve x each sector."""
        centre = func.unnest(a.c.centres_served).label("centre")
        inner = select(a.c.association_id, centre, a.c.sectors).where(a.c.status == "active")
        served = inner.subquery()
        sector = func.unnest(served.c.sectors).label("sector")
        pairs = select(served.c.association_id, served.c.centre, sector).subquery()
        query = (
            select(
                pairs.c.centre, pairs.c.sector, func.count(func.distinct(pairs.c.association_id))
            )
            .group_by(pairs.c.centre, pairs.c.sector)
            .order_by(pairs.c.centre, pairs.c.sector)
        )
        async with self.engine.connect() as conn:
            rows = (await conn.execute(query)).all()
        return [{"centre": r[0], "sector": r[1], "active_associations": r[2]} for r in rows]

    async def history(self, association_id: str) -> list[dict[str, Any]]:
        query = (
            select(history).where(history.c.association_id == association_id).order_by(history.c.id)
        )
        async with self.engine.connect() as conn:
            return [dict(r) for r in (await conn.execute(query)).mappings()]

    async def stream(self, f: Filters) -> AsyncIterator[dict[str, Any]]:
        """Every matching record, streamed in name order (exports)."""
        query = _filtered(select(a), f).order_by(a.c.name_ar)
        async with self.engine.connect() as conn:
            result = await conn.stream(query.execution_options(yield_per=1000))
            async for row in result.mappings():
                yield dict(row)
