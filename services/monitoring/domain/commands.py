from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ReportMeasurement:
    kpi_code: str
    period: str
    centre: str | None
    value: float | None
    numerator: float | None
    denominator: float | None
    reported_by: str
    source: str  # http | intake | ministry
    unit: str | None = None
    comment: str | None = None
    approve: bool = False


@dataclass(frozen=True)
class DecideMeasurement:
    measurement_id: str
    approve: bool
    decided_by: str
    comment: str | None = None


@dataclass(frozen=True)
class SetPopulation:
    """Reference data: a centre's inhabitants, the year they count and where they come from."""

    centre: str
    inhabitants: int
    year: int
    source: str
