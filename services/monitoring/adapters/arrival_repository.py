"""The hot path of measurements approved on arrival, in three round trips per consumer batch:
take the (KPI, period) locks and read the outlier histories; load the current values (after the
locks, so that no concurrent change is missed); write measurements, audit rows and values.

The statements are those of :mod:`measurement_repository` and :mod:`value_repository`, combined.
"""

from __future__ import annotations

import json
import re

from services.monitoring.adapters import measurement_repository as m
from services.monitoring.adapters import value_repository as v
from services.monitoring.adapters.driver import DriverRepository
from services.monitoring.domain.records import MeasurementRow, ValueRow


def _shift(sql: str, by: int) -> str:
    """Renumber the parameters of ``sql`` ($1 -> $1+by) to follow another statement's."""
    return re.sub(r"\$(\d+)", lambda g: f"${int(g.group(1)) + by}", sql)


_LOCK_AND_HISTORIES = (
    f"SELECT ({v.LOCK}), "
    "(SELECT coalesce(json_agg(json_build_array(kpi_code, scope, value)), '[]')::text "
    f"FROM ({_shift(m.HISTORIES, 1)}) AS h)"
)
_WRITE = m.APPROVED_CTES + _shift(v.SAVE, 13)


class ArrivalRepository(DriverRepository):
    async def lock_and_histories(
        self, locks: list[tuple[str, str]], keys: list[tuple[str, str]], limit: int = 40
    ) -> dict[tuple[str, str], list[float]]:
        """Lock each (KPI, period); approved values of each (KPI, scope), newest first."""
        row = await (await self.driver()).fetchrow(
            _LOCK_AND_HISTORIES,
            [f"{k}|{p}" for k, p in locks],
            [k for k, _ in keys],
            [s for _, s in keys],
            limit,
        )
        found: dict[tuple[str, str], list[float]] = {key: [] for key in keys}
        for kpi_code, scope, value in json.loads(row[1]):
            found[(kpi_code, scope)].append(value)
        return found

    async def write(
        self, rows: list[MeasurementRow], decided_by: str, values: list[ValueRow]
    ) -> None:
        await (await self.driver()).execute(
            _WRITE, *m.approved_columns(rows), decided_by, *v.value_columns(values)
        )
