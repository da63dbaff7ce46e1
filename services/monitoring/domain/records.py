"""Records of measurements and KPI values as the service layer and the repositories exchange
them (plain data, no I/O)."""

from __future__ import annotations

from dataclasses import dataclass


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
