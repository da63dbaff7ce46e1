"""Progress, status, trajectory, aggregation and outliers: pure functions, no I/O.

- The trajectory of a KPI in one scope (a centre or the governorate) runs through its baseline and
  its targets, linearly between consecutive points; the *period's target* is the target set for
  that period, else the point of the trajectory at the period's end (so sub-period targets bend
  it, and without them it is the straight line to the next target). Past the last target, the
  last target holds.
- progress = (value - baseline) / (period's target - baseline): the share of the way, which is
  right for both directions. 1 or more = achieved; thresholds split on_track / at_risk /
  off_track. No value, or no baseline or target to judge against = no_data.
"""

from __future__ import annotations

import itertools
import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from services.monitoring.domain.framework import Aggregation, Direction, Kpi, Measure
from services.monitoring.domain.periods import Period, parse_period
from shared.events.codes import KpiStatus


@dataclass(frozen=True)
class Thresholds:
    on_track_min: float = 0.9
    at_risk_min: float = 0.7


@dataclass(frozen=True)
class Assessment:
    target: float | None
    progress: float | None
    status: KpiStatus


def period_target(kpi: Kpi, scope_targets: dict[str, float], period: Period) -> float | None:
    """The target of ``period`` on the KPI's trajectory in one scope (see module doc)."""
    if str(period) in scope_targets:
        return scope_targets[str(period)]
    points = sorted(
        (p.end, value)
        for text, value in scope_targets.items()
        if (p := parse_period(text)) is not None
    )
    if not points:
        return None
    baseline = parse_period(kpi.baseline_period) if kpi.baseline_period else None
    if baseline is not None and kpi.baseline_value is not None:
        points = sorted([(baseline.end, kpi.baseline_value), *points])
    at = period.end
    if at <= points[0][0]:
        return points[0][1]
    for (x0, y0), (x1, y1) in itertools.pairwise(points):
        if x0 <= at <= x1:
            return y0 if x1 == x0 else y0 + (y1 - y0) * (at - x0) / (x1 - x0)
    return points[-1][1]


def assess(
    kpi: Kpi, value: float | None, target: float | None, thresholds: Thresholds
) -> Assessment:
    baseline = kpi.baseline_value
    if value is None or target is None or baseline is None:
        return Assessment(target, None, KpiStatus.NO_DATA)
    if target == baseline:
        met = value >= target if kpi.direction is Direction.INCREASE else value <= target
        progress = 1.0 if met else 0.0
    else:
        progress = (value - baseline) / (target - baseline)
    progress = round(progress, 4)
    if progress >= 1:
        status = KpiStatus.ACHIEVED
    elif progress >= thresholds.on_track_min:
        status = KpiStatus.ON_TRACK
    elif progress >= thresholds.at_risk_min:
        status = KpiStatus.AT_RISK
    else:
        status = KpiStatus.OFF_TRACK
    return Assessment(target, progress, status)


def value_of(kpi: Kpi, numerator: float, denominator: float) -> float:
    share = numerator / denominator
    return round(share * 100, 6) if kpi.measure is Measure.PERCENT else round(share, 6)


@dataclass(frozen=True)
class ScopeValue:
    value: float
    numerator: float | None = None
    denominator: float | None = None


def aggregate(kpi: Kpi, values: Sequence[ScopeValue]) -> ScopeValue | None:
    """The governorate's value from its centres' values by the KPI's rule (``values`` ordered
    oldest change first, for ``last``). Percentages are never summed."""
    if not values:
        return None
    rule = kpi.aggregation
    if rule is Aggregation.RATIO_OF_SUMS:
        parts = [v for v in values if v.numerator is not None and v.denominator is not None]
        if len(parts) == len(values):
            num = sum(v.numerator or 0.0 for v in parts)
            den = sum(v.denominator or 0.0 for v in parts)
            return ScopeValue(value_of(kpi, num, den), num, den) if den else None
        rule = Aggregation.AVERAGE  # no parts to add up: fall back to the mean, never the sum
    if rule is Aggregation.SUM:
        return ScopeValue(round(sum(v.value for v in values), 6))
    if rule is Aggregation.LAST:
        return ScopeValue(values[-1].value)
    return ScopeValue(round(statistics.fmean(v.value for v in values), 6))


def is_outlier(value: float, history: Sequence[float], z: float) -> bool:
    """Flag (not reject) a value far from this KPI's approved history in the same scope."""
    if len(history) < 3:
        return False
    mean = statistics.fmean(history)
    # float arithmetic: statistics.pstdev computes in exact fractions (~40 µs for 40 values)
    constant = max(history) == min(history)
    spread = (
        0.0 if constant else math.sqrt(math.fsum((x - mean) ** 2 for x in history) / len(history))
    )
    if spread == 0:
        return abs(value - mean) > 0.5 * max(abs(mean), 1.0)
    return abs(value - mean) / spread > z
