"""The hot path of measurements approved on arrival, in two round trips per consumer batch:
take the (KPI, period) locks and read the current values after them (``locked_values()``, see the
migration monitoring_0002) and the outlier histories; write measurements, audit rows and values
together with the unit of work's inbox and outbox rows.

The statements are those of :mod:`measurement_repository` and :mod:`value_repository`, combined.
"""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable

from services.monitoring.adapters import measurement_repository as m
from services.monitoring.adapters import value_repository as v
from services.monitoring.adapters.driver import DriverRepository
from services.monitoring.domain.records import MeasurementRow, ValueRow


def _shift(sql: str, by: int) -> str:
    """Renumber the parameters of ``sql`` ($1 -> $1+by) to follow another statement's."""
    return re.sub(r"\$(\d+)", lambda g: f"${int(g.group(1)) + by}", sql)


_LOCKED_STATE = (
    "SELECT locked_values($1, $2, $3), "
    "(SELECT coalesce(json_agg(json_build_array(kpi_code, scope, value) "
    "ORDER BY i, submitted_at DESC), '[]')::text "
    f"FROM ({_shift(m.HISTORIES, 3)}) AS h)"
)
# a CTE list, for UnitOfWork.execute_with_commit_rows (the inbox and outbox rows join it)
WRITE_CTES = m.APPROVED_CTES + ", saved AS (" + _shift(v.SAVE, 2) + " RETURNING 1), "


class ArrivalRepository(DriverRepository):
    async def locked_state(
        self, locks: list[tuple[str, str]], keys: list[tuple[str, str]], limit: int = 40
    ) -> tuple[dict[tuple[str, str], dict[str, ValueRow]], dict[tuple[str, str], list[float]]]:
        """Lock each (KPI, period) and read its current values by scope (oldest change first);
        the approved values of each (KPI, scope), newest first."""
        row = await self.db.fetchrow(
            _LOCKED_STATE,
            [f"{k}|{p}" for k, p in locks],
            [k for k, _ in locks],
            [p for _, p in locks],
            [k for k, _ in keys],
            [s for _, s in keys],
            limit,
        )
        current: dict[tuple[str, str], dict[str, ValueRow]] = {}
        for fields in json.loads(row[0]):
            value = v.value_row(fields)
            current.setdefault((value.kpi_code, value.period), {})[value.scope] = value
        history: dict[tuple[str, str], list[float]] = {key: [] for key in keys}
        for kpi_code, scope, value in json.loads(row[1]):
            history[(kpi_code, scope)].append(float(value))
        return current, history

    async def write(
        self,
        rows: list[MeasurementRow],
        decided_by: str,
        values: list[ValueRow],
        with_commit_rows: Callable[..., Awaitable[None]],
    ) -> None:
        """Measurements, audit rows and values, run by ``with_commit_rows`` (the unit of work's
        ``execute_with_commit_rows``: its inbox and outbox rows join the statement)."""
        await with_commit_rows(WRITE_CTES, m.approved_json(rows), decided_by, v.values_json(values))
