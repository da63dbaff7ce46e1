"""Measurements and their audit trail. Each decision is a row in ``measurement_audit``; an
approved value is never changed again, a later approval of the same (KPI, period, scope)
marks it superseded."""

from __future__ import annotations

import json
from typing import Any

from services.monitoring.adapters.driver import DriverRepository
from services.monitoring.domain.records import MeasurementRow

_FIELDS = ", ".join(MeasurementRow.__dataclass_fields__)
_INSERT = (
    "id, kpi_code, period, scope, value, numerator, denominator, outlier, source, reported_by, "
    "comment"
)
_ADD_SUBMITTED = (
    f"WITH m AS (INSERT INTO measurements ({_INSERT}, status) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'submitted') RETURNING id) "
    "INSERT INTO measurement_audit (measurement_id, action, actor, comment) "
    "SELECT id, 'submitted', $10, $11 FROM m"
)
# Measurements approved on arrival, in bulk: supersede the approved values they replace, insert
# them (the last of each key approved, earlier ones of the same batch superseded), audit both
# steps of each, in one statement.
APPROVED_CTES = (
    "WITH new AS (SELECT r->>0 AS id, r->>1 AS kpi_code, r->>2 AS period, r->>3 AS scope, "
    "(r->>4)::float8 AS value, (r->>5)::float8 AS numerator, (r->>6)::float8 AS denominator, "
    "(r->>7)::bool AS outlier, r->>8 AS source, r->>9 AS reported_by, r->>10 AS comment, "
    "r->>11 AS status, ord FROM json_array_elements($1::json) WITH ORDINALITY AS e(r, ord)), "
    "superseded AS (UPDATE measurements m SET status = 'superseded' FROM new "
    "WHERE m.status = 'approved' AND m.kpi_code = new.kpi_code AND m.period = new.period "
    "AND m.scope = new.scope), "
    f"inserted AS (INSERT INTO measurements ({_INSERT}, status, decided_by, decided_at) "
    f"SELECT {_INSERT}, status, $2, now() FROM new ORDER BY ord), "
    "audited AS (INSERT INTO measurement_audit (measurement_id, action, actor, comment) "
    "SELECT id, action, actor, note FROM (SELECT id, ord, 1 AS step, 'submitted' AS action, "
    "reported_by AS actor, comment AS note FROM new UNION ALL SELECT id, ord, 2, 'approved', $2, "
    "NULL FROM new) AS steps ORDER BY ord, step) "
)
"""Approved-on-arrival measurements in bulk ($1: the rows as one JSON array of arrays, see
:func:`approved_json`; $2: who decided): supersede the approved values they
replace, insert them (the last of each key approved, earlier ones of the same batch superseded),
audit both steps of each. Used with a main statement after it."""
# The latest $3 approved values of each (KPI, scope), newest first: ix_measurements_history
# serves each key with at most $3 index entries.
HISTORIES = (
    "SELECT k.kpi_code, k.scope, h.value, k.i, h.submitted_at FROM unnest($1::text[], $2::text[]) "
    "WITH ORDINALITY AS k(kpi_code, scope, i) CROSS JOIN LATERAL ("
    "SELECT value, submitted_at FROM measurements AS m WHERE m.kpi_code = k.kpi_code "
    "AND m.scope = k.scope AND m.status IN ('approved', 'superseded') "
    "ORDER BY submitted_at DESC LIMIT $3) AS h ORDER BY k.i, h.submitted_at DESC"
)
_GET = f"SELECT {_FIELDS} FROM measurements WHERE id = $1"
_DECIDE = (
    "WITH superseded AS (UPDATE measurements SET status = 'superseded' WHERE $2 = 'approved' "
    "AND status = 'approved' AND kpi_code = $5 AND period = $6 AND scope = $7), "
    "decided AS (UPDATE measurements SET status = $2, decided_by = $3, decided_at = now(), "
    "decision_comment = $4 WHERE id = $1) "
    "INSERT INTO measurement_audit (measurement_id, action, actor, comment) VALUES ($1, $2, $3, $4)"
)
_TRAIL = (
    "SELECT action, actor, comment, at FROM measurement_audit WHERE measurement_id = $1 ORDER BY id"
)
_PENDING = (
    f"SELECT {_FIELDS} FROM measurements WHERE status = 'submitted' ORDER BY submitted_at LIMIT $1"
)


class MeasurementRepository(DriverRepository):
    async def add(self, row: MeasurementRow) -> None:
        """A submitted measurement and its first audit row."""
        await self.db.execute(_ADD_SUBMITTED, *_insert_args(row))

    async def histories(
        self, keys: list[tuple[str, str]], limit: int = 40
    ) -> dict[tuple[str, str], list[float]]:
        """Approved values of each (KPI, scope), newest first (for the outlier flag)."""
        rows = await self.db.fetch(HISTORIES, [k for k, _ in keys], [s for _, s in keys], limit)
        found: dict[tuple[str, str], list[float]] = {key: [] for key in keys}
        for r in rows:
            found[(r["kpi_code"], r["scope"])].append(r["value"])
        return found

    async def get(self, measurement_id: str, *, lock: bool = False) -> MeasurementRow | None:
        query = _GET + (" FOR UPDATE" if lock else "")
        row = await self.db.fetchrow(query, measurement_id)
        return MeasurementRow(**dict(row)) if row else None

    async def decide(self, row: MeasurementRow, status: str, actor: str, note: str | None) -> None:
        await self.db.execute(
            _DECIDE, row.id, status, actor, note, row.kpi_code, row.period, row.scope
        )

    async def trail(self, measurement_id: str) -> list[dict[str, Any]]:
        rows = await self.db.fetch(_TRAIL, measurement_id)
        return [{**dict(r), "at": r["at"].isoformat()} for r in rows]

    async def pending(self, limit: int = 200) -> list[MeasurementRow]:
        rows = await self.db.fetch(_PENDING, limit)
        return [MeasurementRow(**dict(r)) for r in rows]


def approved_json(rows: list[MeasurementRow]) -> str:
    """The rows of :data:`APPROVED_CTES` ($1), as one JSON document (not one array per column:
    asyncpg checks each array element against collections.abc, a fifth of the consumer's CPU)."""
    return json.dumps([(*_insert_args(r), r.status) for r in rows], ensure_ascii=False)


def _insert_args(row: MeasurementRow) -> tuple[Any, ...]:
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
