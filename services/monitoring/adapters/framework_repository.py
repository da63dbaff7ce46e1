"""Framework items stored as validated JSON definitions, in the order they were given."""

from __future__ import annotations

import logging
import time
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from services.monitoring.adapters.orm import framework_meta, initiatives, kpis, objectives, pillars
from services.monitoring.domain.framework import Framework, Initiative, Kpi, Objective, Pillar

log = logging.getLogger(__name__)
_M = TypeVar("_M", bound=BaseModel)
# KPI definitions read on the measurement hot path, cached per process for a short time. Writes
# in this process clear it at once; another process's framework change shows within the TTL
# (framework changes are workshop decisions, not a per-second affair).
KPI_CACHE_SECONDS = 2.0
_kpi_cache: dict[str, tuple[float, tuple[Kpi, str]]] = {}
# An item and what it holds, each by the column that names the item: (kind, table, column).
_HELD: dict[str, list[tuple[str, Any, Any]]] = {
    "pillar": [
        ("pillar", pillars, pillars.c.code),
        ("objective", objectives, objectives.c.pillar_code),
        ("kpi", kpis, kpis.c.pillar_code),
    ],
    "objective": [
        ("objective", objectives, objectives.c.code),
        ("kpi", kpis, kpis.c.objective_code),
    ],
    "kpi": [("kpi", kpis, kpis.c.code)],
}


class FrameworkRepository:
    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn
        # After a write in this unit of work, what it reads is not committed yet (and may never
        # be): it is not cached for the other units of work of the process.
        self._wrote = False

    async def _upsert(self, table: Any, code: str, values: dict[str, Any]) -> str:
        """Insert or update one item; return ``created``, ``updated`` or ``unchanged``."""
        columns = [table.c.definition]
        if "retired" in table.c:
            columns.append(table.c.retired)
        old = (await self.conn.execute(select(*columns).where(table.c.code == code))).one_or_none()
        # a retired item given again is brought back, even with the same definition
        if old is not None and old[0] == values["definition"] and not any(old[1:]):
            return "unchanged"
        _kpi_cache.clear()
        self._wrote = True
        stmt = insert(table).values(code=code, **values)
        await self.conn.execute(stmt.on_conflict_do_update(index_elements=["code"], set_=values))
        return "created" if old is None else "updated"

    async def save_pillar(self, pillar: Pillar, position: int) -> str:
        definition = pillar.model_dump(mode="json", exclude={"objectives"})
        return await self._upsert(
            pillars, pillar.code, {"position": position, "definition": definition, "retired": False}
        )

    async def save_objective(self, objective: Objective, pillar_code: str, position: int) -> str:
        definition = objective.model_dump(mode="json", exclude={"kpis"})
        values = {"pillar_code": pillar_code, "position": position, "definition": definition}
        return await self._upsert(objectives, objective.code, {**values, "retired": False})

    async def save_kpi(self, kpi: Kpi, objective_code: str, pillar_code: str, position: int) -> str:
        values = {
            "objective_code": objective_code,
            "pillar_code": pillar_code,
            "position": position,
            "derived": kpi.derived.value if kpi.derived else None,
            "definition": kpi.model_dump(mode="json"),
            "retired": False,
        }
        return await self._upsert(kpis, kpi.code, values)

    async def save_initiative(self, initiative: Initiative) -> str:
        definition = initiative.model_dump(mode="json")
        return await self._upsert(initiatives, initiative.code, {"definition": definition})

    async def save_meta(self, title: str, demo: bool) -> None:
        stmt = insert(framework_meta).values(id=1, title=title, demo=demo)
        await self.conn.execute(
            stmt.on_conflict_do_update(index_elements=["id"], set_={"title": title, "demo": demo})
        )

    async def next_position(self, kind: str) -> int:
        table = {"pillar": pillars, "objective": objectives, "kpi": kpis}[kind]
        rows = (await self.conn.execute(select(table.c.position))).scalars().all()
        return max(rows, default=-1) + 1

    async def kpi(self, code: str) -> tuple[Kpi, str] | None:
        cached = None if self._wrote else _kpi_cache.get(code)
        if cached is not None and cached[0] > time.monotonic():
            return cached[1]
        row = (
            await self.conn.execute(
                select(kpis.c.definition, kpis.c.pillar_code).where(
                    kpis.c.code == code, kpis.c.retired.is_(False)
                )
            )
        ).one_or_none()
        kpi = None if row is None else _valid(Kpi, "kpi", code, row[0])
        if row is None or kpi is None:
            return None
        found = (kpi, row[1])
        if not self._wrote:
            _kpi_cache[code] = (time.monotonic() + KPI_CACHE_SECONDS, found)
        return found

    async def in_initiative_of(self, kpi_code: str, association_id: str) -> bool:
        """Whether ``kpi_code`` is a KPI of an initiative the association leads or partners in."""
        definition = initiatives.c.definition
        found = await self.conn.execute(
            select(initiatives.c.code)
            .where(
                definition["kpi_codes"].contains([kpi_code]),
                (definition["lead"].astext == association_id)
                | definition["partners"].contains([association_id]),
            )
            .limit(1)
        )
        return found.scalar_one_or_none() is not None

    async def objective_pillar(self, objective_code: str) -> str | None:
        return (
            await self.conn.execute(
                select(objectives.c.pillar_code).where(objectives.c.code == objective_code)
            )
        ).scalar_one_or_none()

    async def exists(self, kind: str, code: str) -> bool:
        table = {"pillar": pillars, "objective": objectives, "kpi": kpis}[kind]
        found = await self.conn.execute(select(table.c.code).where(table.c.code == code))
        return found.scalar_one_or_none() is not None

    async def derived_kpis(self) -> list[tuple[Kpi, str]]:
        rows = await self.conn.execute(
            select(kpis.c.definition, kpis.c.pillar_code).where(
                kpis.c.derived.is_not(None), kpis.c.retired.is_(False)
            )
        )
        found = ((_valid(Kpi, "kpi", "derived", r[0]), r[1]) for r in rows)
        return [(kpi, pillar) for kpi, pillar in found if kpi is not None]

    async def retire(self, kind: str, code: str) -> list[tuple[str, str]] | None:
        """Retire an item and what it holds (a pillar's objectives and KPIs, an objective's
        KPIs); return the (kind, code) of every item retired now (none if it already was), or
        None if there is no such item. Definitions and values stay, out of view."""
        if not await self.exists(kind, code):
            return None
        _kpi_cache.clear()
        self._wrote = True
        retired: list[tuple[str, str]] = []
        for held_kind, table, column in _HELD[kind]:
            stmt = (
                update(table)
                .where(column == code, table.c.retired.is_(False))
                .values(retired=True)
                .returning(table.c.code)
            )
            retired += [(held_kind, c) for c in (await self.conn.execute(stmt)).scalars()]
        return retired

    async def load(self) -> Framework:
        """The whole live framework as one document (export, dashboard). A stored item that no
        longer validates is left out and logged: it must not take the whole read down."""
        meta = (await self.conn.execute(select(framework_meta))).one_or_none()
        by_objective: dict[str, list[Kpi]] = {}
        live_k = kpis.c.retired.is_(False)
        for row in await self.conn.execute(select(kpis).where(live_k).order_by("position")):
            if (kpi := _valid(Kpi, "kpi", row.code, row.definition)) is not None:
                by_objective.setdefault(row.objective_code, []).append(kpi)
        by_pillar: dict[str, list[Objective]] = {}
        live_o = objectives.c.retired.is_(False)
        for row in await self.conn.execute(select(objectives).where(live_o).order_by("position")):
            item = {**row.definition, "kpis": by_objective.get(row.code, [])}
            if (objective := _valid(Objective, "objective", row.code, item)) is not None:
                by_pillar.setdefault(row.pillar_code, []).append(objective)
        tree: list[Pillar] = []
        live = pillars.c.retired.is_(False)
        for row in await self.conn.execute(select(pillars).where(live).order_by("position")):
            item = {**row.definition, "objectives": by_pillar.get(row.code, [])}
            if (pillar := _valid(Pillar, "pillar", row.code, item)) is not None:
                tree.append(pillar)
        live_codes = {k.code for p in tree for o in p.objectives for k in o.kpis}
        plans = await self.conn.execute(
            select(initiatives.c.code, initiatives.c.definition).order_by("code")
        )
        linked = (_linked_to(code, d, live_codes) for code, d in plans)
        return Framework(
            title=meta.title if meta else "Aswan 2040",
            demo=bool(meta.demo) if meta else False,
            pillars=tree,
            # an initiative keeps its link to a retired KPI (it comes back with the KPI), but the
            # live document leaves it out: exported, it must import again as it is
            initiatives=[i for i in linked if i is not None],
        )


def _linked_to(code: str, definition: dict[str, Any], live: set[str]) -> Initiative | None:
    linked = [c for c in definition.get("kpi_codes", []) if c in live]
    return _valid(Initiative, "initiative", code, {**definition, "kpi_codes": linked})


def _valid(model: type[_M], kind: str, code: str, definition: Any) -> _M | None:
    try:
        return model.model_validate(definition)
    except ValidationError as exc:
        log.error("framework: stored %s %r does not validate, left out: %s", kind, code, exc)
        return None
