"""Measurements with their audit trail, and the current value of each KPI per (period, scope)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import insert as plain_insert
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from services.monitoring.adapters.orm import kpi_values, measurement_audit, measurements


@dataclass(frozen=True)
class MeasurementRow:
    id: str
    kpi_code: str
    period: str
    scope: str
    value: float
    numerator: float | None
    denominator: float | None
    status: str
    outlier: bool
    source: str
    reported_by: str
    comment: str | None = None
    decided_by: str | None = None
    decision_comment: str | None = None


@dataclass(frozen=True)
class ValueRow:
    kpi_code: str
    period: str
    scope: str
    value: float | None
    numerator: float | None
    denominator: float | None
    target: float | None
    progress: float | None
    status: str
    origin: str
    measurement_id: str | None = None


_MEASUREMENT_FIELDS = tuple(MeasurementRow.__dataclass_fields__)
_VALUE_FIELDS = tuple(ValueRow.__dataclass_fields__)
# The measurement hot path (figures approved on arrival, 200/s in bench/monitoring_bench.py) runs
# on the asyncpg connection under the unit of work's SQLAlchemy connection: same transaction,
# about a third of the per-statement cost (docs/PERFORMANCE.md: "driver-level statements").
_MEASUREMENT_COLUMNS = (
    "id, kpi_code, period, scope, value, numerator, denominator, outlier, source, reported_by, "
    "comment"
)
_ADD_SUBMITTED = (
    f"WITH m AS (INSERT INTO measurements ({_MEASUREMENT_COLUMNS}, status) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'submitted') RETURNING id) "
    "INSERT INTO measurement_audit (measurement_id, action, actor, comment) "
    "SELECT id, 'submitted', $12, $11 FROM m"
)
_ADD_APPROVED = (
    "WITH superseded AS (UPDATE measurements SET status = 'superseded' WHERE kpi_code = $2 "
    "AND period = $3 AND scope = $4 AND status = 'approved' RETURNING id), "
    f"m AS (INSERT INTO measurements ({_MEASUREMENT_COLUMNS}, status, decided_by, decided_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'approved', $13, now()) RETURNING id) "
    "INSERT INTO measurement_audit (measurement_id, action, actor, comment) "
    "SELECT id, 'submitted', $12, $11 FROM m UNION ALL SELECT id, 'approved', $13, NULL FROM m"
)
_HISTORY = (
    "SELECT value FROM measurements WHERE kpi_code = $1 AND scope = $2 "
    "AND status IN ('approved', 'superseded') ORDER BY submitted_at DESC LIMIT $3"
)
_VALUE_COLUMNS = (
    "kpi_code, period, scope, value, numerator, denominator, target, progress, status, origin, "
    "measurement_id"
)
_SWAP_VALUE = (
    "WITH old AS (SELECT value, numerator, denominator, target, progress, status, origin "
    "FROM kpi_values WHERE kpi_code = $1 AND period = $2 AND scope = $3) "
    f"INSERT INTO kpi_values ({_VALUE_COLUMNS}) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) "
    "ON CONFLICT (kpi_code, period, scope) DO UPDATE SET value = excluded.value, "
    "numerator = excluded.numerator, denominator = excluded.denominator, "
    "target = excluded.target, progress = excluded.progress, status = excluded.status, "
    "origin = excluded.origin, measurement_id = excluded.measurement_id, updated_at = now() "
    "RETURNING (SELECT row_to_json(o)::text FROM old o)"
)
_PERIOD_ROWS = (
    f"SELECT {_VALUE_COLUMNS} FROM kpi_values WHERE kpi_code = $1 AND period = $2 "
    "ORDER BY updated_at"
)
_LOCK = "SELECT pg_advisory_xact_lock(hashtext($1))"
_LOCK_AND_HISTORY = (
    "SELECT pg_advisory_xact_lock(hashtext($3)), ARRAY(SELECT value FROM measurements "
    "WHERE kpi_code = $1 AND scope = $2 AND status IN ('approved', 'superseded') "
    "ORDER BY submitted_at DESC LIMIT $4)"
)
# Store a scope's value and, in the same round trip, return what it replaced and the other
# scopes of the KPI and period (oldest change first), for the governorate's aggregate.
_SWAP_AND_SIBLINGS = (
    "WITH old AS (SELECT value, numerator, denominator, target, progress, status, origin "
    "FROM kpi_values WHERE kpi_code = $1 AND period = $2 AND scope = $3), "
    "others AS (SELECT scope, value, numerator, denominator, origin FROM kpi_values "
    "WHERE kpi_code = $1 AND period = $2 AND scope <> $3 ORDER BY updated_at), "
    f"saved AS (INSERT INTO kpi_values ({_VALUE_COLUMNS}) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) "
    "ON CONFLICT (kpi_code, period, scope) DO UPDATE SET value = excluded.value, "
    "numerator = excluded.numerator, denominator = excluded.denominator, "
    "target = excluded.target, progress = excluded.progress, status = excluded.status, "
    "origin = excluded.origin, measurement_id = excluded.measurement_id, updated_at = now() "
    "RETURNING 1) "
    "SELECT (SELECT row_to_json(o)::text FROM old o), "
    "(SELECT coalesce(json_agg(x), '[]')::text FROM others x), (SELECT count(*) FROM saved)"
)


class _Driver:
    """The asyncpg connection under a SQLAlchemy AsyncConnection (same transaction)."""

    conn: AsyncConnection
    _raw: Any = None

    async def driver(self) -> Any:
        if self._raw is None:
            fairy = await self.conn.get_raw_connection()
            self._raw = fairy.driver_connection
        return self._raw


class MeasurementRepository(_Driver):
    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def add(self, row: MeasurementRow, actor: str) -> None:
        """Insert a submitted measurement and its first audit row (one statement)."""
        await (await self.driver()).execute(_ADD_SUBMITTED, *_insert_args(row), actor)

    async def add_approved(self, row: MeasurementRow, actor: str, decided_by: str) -> None:
        """Hot path of figures approved on arrival: supersede the approved value of the same
        (KPI, period, scope), insert this one approved, audit both steps, in one statement."""
        driver = await self.driver()
        await driver.execute(_ADD_APPROVED, *_insert_args(row), actor, decided_by)

    async def audit(
        self, measurement_id: str, action: str, actor: str, comment: str | None
    ) -> None:
        await self.conn.execute(
            plain_insert(measurement_audit).values(
                measurement_id=measurement_id, action=action, actor=actor, comment=comment
            )
        )

    async def get(self, measurement_id: str, *, lock: bool = False) -> MeasurementRow | None:
        stmt = select(*(measurements.c[k] for k in _MEASUREMENT_FIELDS)).where(
            measurements.c.id == measurement_id
        )
        row = (await self.conn.execute(stmt.with_for_update() if lock else stmt)).one_or_none()
        return MeasurementRow(**row._mapping) if row else None

    async def decide(
        self, row: MeasurementRow, status: str, actor: str, comment: str | None
    ) -> None:
        if status == "approved":
            # the value it replaces stays in history, marked superseded (the audit says by whom)
            await self.conn.execute(
                update(measurements)
                .where(
                    measurements.c.kpi_code == row.kpi_code,
                    measurements.c.period == row.period,
                    measurements.c.scope == row.scope,
                    measurements.c.status == "approved",
                )
                .values(status="superseded")
            )
        await self.conn.execute(
            update(measurements)
            .where(measurements.c.id == row.id)
            .values(
                status=status,
                decided_by=actor,
                decided_at=datetime.now(UTC),
                decision_comment=comment,
            )
        )
        await self.audit(row.id, status, actor, comment)

    async def lock_and_history(
        self, kpi_code: str, period: str, scope: str, limit: int = 40
    ) -> list[float]:
        """Take the (KPI, period) lock of :meth:`ValueRepository.lock` and read the approved
        history of a scope, in one round trip (the hot path of figures approved on arrival)."""
        driver = await self.driver()
        row = await driver.fetchrow(
            _LOCK_AND_HISTORY, kpi_code, scope, f"{kpi_code}|{period}", limit
        )
        return list(row[1])

    async def approved_history(self, kpi_code: str, scope: str, limit: int = 40) -> list[float]:
        rows = await (await self.driver()).fetch(_HISTORY, kpi_code, scope, limit)
        return [r[0] for r in rows]

    async def trail(self, measurement_id: str) -> list[dict[str, Any]]:
        rows = await self.conn.execute(
            select(measurement_audit)
            .where(measurement_audit.c.measurement_id == measurement_id)
            .order_by(measurement_audit.c.id)
        )
        return [
            {"action": r.action, "actor": r.actor, "comment": r.comment, "at": r.at.isoformat()}
            for r in rows
        ]

    async def pending(self, limit: int = 200) -> list[MeasurementRow]:
        rows = await self.conn.execute(
            select(*(measurements.c[k] for k in _MEASUREMENT_FIELDS))
            .where(measurements.c.status == "submitted")
            .order_by(measurements.c.submitted_at)
            .limit(limit)
        )
        return [MeasurementRow(**r._mapping) for r in rows]


class ValueRepository(_Driver):
    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def get(self, kpi_code: str, period: str, scope: str) -> ValueRow | None:
        row = (
            await self.conn.execute(
                select(*(kpi_values.c[k] for k in _VALUE_FIELDS)).where(
                    kpi_values.c.kpi_code == kpi_code,
                    kpi_values.c.period == period,
                    kpi_values.c.scope == scope,
                )
            )
        ).one_or_none()
        return ValueRow(**row._mapping) if row else None

    async def swap(self, row: ValueRow) -> ValueRow | None:
        """Store ``row``; return what it replaced (one statement)."""
        args = [getattr(row, k) for k in _VALUE_FIELDS]
        old = await (await self.driver()).fetchval(_SWAP_VALUE, *args)
        if old is None:
            return None
        return ValueRow(row.kpi_code, row.period, row.scope, **json.loads(old))

    async def swap_with_siblings(self, row: ValueRow) -> tuple[ValueRow | None, list[ValueRow]]:
        """:meth:`swap`, also returning the other scopes' values (oldest change first)."""
        args = [getattr(row, k) for k in _VALUE_FIELDS]
        found = await (await self.driver()).fetchrow(_SWAP_AND_SIBLINGS, *args)
        old = (
            ValueRow(row.kpi_code, row.period, row.scope, **json.loads(found[0]))
            if found[0]
            else None
        )
        siblings = [
            ValueRow(
                row.kpi_code,
                row.period,
                s["scope"],
                s["value"],
                s["numerator"],
                s["denominator"],
                None,
                None,
                "",
                s["origin"],
            )
            for s in json.loads(found[1])
        ]
        return old, siblings

    async def period_rows(self, kpi_code: str, period: str) -> list[ValueRow]:
        """Every scope's current value of one KPI and period, oldest change first."""
        rows = await (await self.driver()).fetch(_PERIOD_ROWS, kpi_code, period)
        return [ValueRow(**dict(r)) for r in rows]

    async def all(self) -> list[ValueRow]:
        rows = await self.conn.execute(
            select(*(kpi_values.c[k] for k in _VALUE_FIELDS)).order_by(
                kpi_values.c.kpi_code, kpi_values.c.period
            )
        )
        return [ValueRow(**r._mapping) for r in rows]

    async def lock(self, kpi_code: str, period: str) -> None:
        """Serialise changes of one KPI and period (the governorate aggregates its centres)."""
        await (await self.driver()).execute(_LOCK, f"{kpi_code}|{period}")


def _insert_args(row: MeasurementRow) -> tuple[object, ...]:
    return (
        row.id,
        row.kpi_code,
        row.period,
        row.scope,
        row.value,
        row.numerator,
        row.denominator,
        row.outlier,
        row.source,
        row.reported_by,
        row.comment,
    )
