"""The current value of each KPI per (period, scope), read and written in bulk."""

from __future__ import annotations

import json
from operator import attrgetter
from typing import Any

from services.monitoring.adapters.driver import DriverRepository
from services.monitoring.domain.records import ValueRow

COLUMNS = (
    "kpi_code, period, scope, value, numerator, denominator, target, progress, status, origin, "
    "measurement_id"
)
# Locks are taken in key order, so two transactions never wait on each other in a cycle.
LOCK = (
    "SELECT count(pg_advisory_xact_lock(hashtext(k))) "
    "FROM (SELECT k FROM unnest($1::text[]) AS k ORDER BY k) AS keys"
)
_LOAD = (
    f"SELECT {COLUMNS} FROM kpi_values WHERE (kpi_code, period) IN "
    "(SELECT * FROM unnest($1::text[], $2::text[])) ORDER BY updated_at"
)
# clock_timestamp(): rows written together keep the order they are given in (the "last" rule)
SAVE = (
    f"INSERT INTO kpi_values ({COLUMNS}, updated_at) "
    "SELECT r->>0, r->>1, r->>2, (r->>3)::float8, (r->>4)::float8, (r->>5)::float8, "
    "(r->>6)::float8, (r->>7)::float8, r->>8, r->>9, r->>10, clock_timestamp() "
    "FROM json_array_elements($1::json) AS e(r) "
    "ON CONFLICT (kpi_code, period, scope) DO UPDATE SET value = excluded.value, "
    "numerator = excluded.numerator, denominator = excluded.denominator, "
    "target = excluded.target, progress = excluded.progress, status = excluded.status, "
    "origin = excluded.origin, measurement_id = excluded.measurement_id, "
    "updated_at = excluded.updated_at"
)
_ALL = f"SELECT {COLUMNS} FROM kpi_values ORDER BY kpi_code, period, updated_at"
_PERIODS = (
    "SELECT DISTINCT kpi_code, period FROM kpi_values WHERE kpi_code = ANY($1::text[]) "
    "ORDER BY kpi_code, period"
)


class ValueRepository(DriverRepository):
    async def lock(self, keys: list[tuple[str, str]]) -> None:
        """Serialise changes of each (KPI, period): the governorate aggregates its centres."""
        await self.db.fetchval(LOCK, [f"{k}|{p}" for k, p in keys])

    async def load(self, keys: list[tuple[str, str]]) -> dict[tuple[str, str], dict[str, ValueRow]]:
        """Current rows of each (KPI, period), by scope, oldest change first."""
        rows = await self.db.fetch(_LOAD, [k for k, _ in keys], [p for _, p in keys])
        found: dict[tuple[str, str], dict[str, ValueRow]] = {}
        for r in rows:
            found.setdefault((r["kpi_code"], r["period"]), {})[r["scope"]] = ValueRow(**dict(r))
        return found

    async def periods_of(self, kpi_codes: list[str]) -> list[tuple[str, str]]:
        """Every (KPI, period) with a stored value, of these KPIs."""
        return [(r[0], r[1]) for r in await self.db.fetch(_PERIODS, kpi_codes)]

    async def save(self, rows: list[ValueRow]) -> None:
        if rows:
            await self.db.execute(SAVE, values_json(rows))

    async def all(self) -> list[ValueRow]:
        return [ValueRow(**dict(r)) for r in await self.db.fetch(_ALL)]


def values_json(rows: list[ValueRow]) -> str:
    """The rows of :data:`SAVE` ($1) as one JSON array of arrays in :data:`COLUMNS` order."""
    return json.dumps(list(map(_COLUMN_VALUES, rows)), ensure_ascii=False)


def value_row(fields: list[Any]) -> ValueRow:
    """A row read as a JSON array in :data:`COLUMNS` order (numbers as floats again)."""
    kpi_code, period, scope, *numbers, status, origin, measurement_id = fields
    value, numerator, denominator, target, progress = (
        None if n is None else float(n) for n in numbers
    )
    return ValueRow(
        kpi_code,
        period,
        scope,
        value,
        numerator,
        denominator,
        target,
        progress,
        status,
        origin,
        measurement_id,
    )


# dataclasses.astuple deep-copies every field: a tenth of the hot path's Python in the profile
_COLUMN_VALUES = attrgetter(*COLUMNS.split(", "))
