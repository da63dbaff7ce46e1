"""Measurements with their audit trail, and the current value of each KPI per (period, scope)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import insert as plain_insert
from sqlalchemy import select, text, update
from sqlalchemy.dialects.postgresql import insert
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


class MeasurementRepository:
    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def add(self, row: MeasurementRow, actor: str) -> None:
        values = {k: getattr(row, k) for k in _MEASUREMENT_FIELDS}
        await self.conn.execute(plain_insert(measurements).values(values))
        await self.audit(row.id, "submitted", actor, row.comment)

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

    async def approved_history(self, kpi_code: str, scope: str, limit: int = 40) -> list[float]:
        rows = await self.conn.execute(
            select(measurements.c.value)
            .where(
                measurements.c.kpi_code == kpi_code,
                measurements.c.scope == scope,
                measurements.c.status.in_(("approved", "superseded")),
            )
            .order_by(measurements.c.submitted_at.desc())
            .limit(limit)
        )
        return list(rows.scalars())

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


class ValueRepository:
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

    async def put(self, row: ValueRow) -> None:
        values = {k: getattr(row, k) for k in _VALUE_FIELDS}
        stmt = insert(kpi_values).values(values)
        changed = {k: stmt.excluded[k] for k in _VALUE_FIELDS[3:]}
        await self.conn.execute(
            stmt.on_conflict_do_update(
                index_elements=["kpi_code", "period", "scope"],
                set_={**changed, "updated_at": datetime.now(UTC)},
            )
        )

    async def centre_values(self, kpi_code: str, period: str) -> list[ValueRow]:
        """The centres' current values of one KPI and period, oldest change first."""
        rows = await self.conn.execute(
            select(*(kpi_values.c[k] for k in _VALUE_FIELDS))
            .where(
                kpi_values.c.kpi_code == kpi_code,
                kpi_values.c.period == period,
                kpi_values.c.scope != "governorate",
                kpi_values.c.value.is_not(None),
            )
            .order_by(kpi_values.c.updated_at)
        )
        return [ValueRow(**r._mapping) for r in rows]

    async def all(self) -> list[ValueRow]:
        rows = await self.conn.execute(
            select(*(kpi_values.c[k] for k in _VALUE_FIELDS)).order_by(
                kpi_values.c.kpi_code, kpi_values.c.period
            )
        )
        return [ValueRow(**r._mapping) for r in rows]

    async def lock(self, kpi_code: str, period: str) -> None:
        """Serialise changes of one KPI and period (the governorate aggregates its centres)."""
        await self.conn.execute(
            text("SELECT pg_advisory_xact_lock(hashtext(:key))"), {"key": f"{kpi_code}|{period}"}
        )
