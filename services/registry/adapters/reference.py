"""Geography reference data, international organisations and partnerships (SQLAlchemy Core)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncConnection

from services.registry.adapters.orm import associations, organisations, partnerships, places


class ReferenceRepository:
    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def places(
        self, kind: str | None = None, centre: str | None = None
    ) -> list[dict[str, Any]]:
        query = select(places).order_by(places.c.kind, places.c.code)
        if kind:
            query = query.where(places.c.kind == kind)
        if centre:
            query = query.where(places.c.centre == centre)
        return [dict(r) for r in (await self.conn.execute(query)).mappings()]

    async def place(self, code: str) -> dict[str, Any] | None:
        row = (
            (await self.conn.execute(select(places).where(places.c.code == code)))
            .mappings()
            .first()
        )
        return dict(row) if row else None

    async def add_place(self, values: dict[str, Any]) -> bool:
        stmt = pg_insert(places).values(values).on_conflict_do_nothing().returning(places.c.code)
        return (await self.conn.execute(stmt)).first() is not None

    async def edit_place(self, code: str, values: dict[str, Any]) -> None:
        await self.conn.execute(
            update(places).where(places.c.code == code).values(**values, updated_at=func.now())
        )

    async def add_organisation(self, values: dict[str, Any]) -> None:
        await self.conn.execute(insert(organisations).values(values))

    async def organisation(self, organisation_id: str) -> dict[str, Any] | None:
        query = select(organisations).where(organisations.c.organisation_id == organisation_id)
        row = (await self.conn.execute(query)).mappings().first()
        return dict(row) if row else None

    async def organisations(self) -> list[dict[str, Any]]:
        query = select(organisations).order_by(organisations.c.name_en)
        return [dict(r) for r in (await self.conn.execute(query)).mappings()]

    async def association_exists(self, association_id: str) -> bool:
        query = select(associations.c.association_id).where(
            associations.c.association_id == association_id
        )
        return (await self.conn.execute(query)).first() is not None

    async def add_partnership(self, values: dict[str, Any]) -> None:
        await self.conn.execute(insert(partnerships).values(values))

    async def partnerships_of(self, association_id: str) -> list[dict[str, Any]]:
        query = (
            select(partnerships)
            .where(partnerships.c.association_id == association_id)
            .order_by(partnerships.c.created_at)
        )
        return [dict(r) for r in (await self.conn.execute(query)).mappings()]
