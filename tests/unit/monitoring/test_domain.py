"""Pure domain rules: periods, trajectory, progress and status, aggregation, validation."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from services.monitoring.domain import errors
from services.monitoring.domain.framework import Kpi
from services.monitoring.domain.measurements import check_measurement
from services.monitoring.domain.periods import Period, parse_period
from services.monitoring.domain.progress import (
    ScopeValue,
    Thresholds,
    aggregate,
    assess,
    is_outlier,
    period_target,
)
from shared.events.codes import KpiStatus


def kpi(**overrides) -> Kpi:
    values = {
        "code": "k",
        "name_ar": "مؤشر",
        "unit": "%",
        "measure": "percent",
        "aggregation": "ratio_of_sums",
        "baseline_period": "2025",
        "baseline_value": 20,
    }
    return Kpi(**{**values, **overrides})


def test_periods_accept_arabic_digits_and_refuse_months():
    assert parse_period("٢٠٢٦") == Period(2026)
    assert parse_period("2026-q3") == Period(2026, 3)
    assert parse_period("2026-07") is None and parse_period("soon") is None
    assert Period(2026, 1).end == 2026.25 and Period(2026).end == 2027.0


def test_trajectory_is_linear_between_baseline_and_target_unless_sub_targets():
    k = kpi(targets=[{"period": "2030", "value": 70}])
    targets = {t.period: t.value for t in k.targets}
    # baseline 20 at end of 2025, 70 at end of 2030: 10 a year
    assert period_target(k, targets, Period(2027)) == pytest.approx(40)
    targets["2026"] = 50  # a sub-period target bends the line
    assert period_target(k, targets, Period(2026)) == 50
    assert period_target(k, targets, Period(2028)) == pytest.approx(60)
    assert period_target(k, targets, Period(2035)) == 70  # the last target holds
    assert period_target(k, {}, Period(2027)) is None


@pytest.mark.parametrize(
    ("direction", "value", "target", "progress", "status"),
    [
        ("increase", 60, 60, 1.0, KpiStatus.ACHIEVED),
        ("increase", 57, 60, 0.925, KpiStatus.ON_TRACK),
        ("increase", 50, 60, 0.75, KpiStatus.AT_RISK),
        ("increase", 10, 60, -0.25, KpiStatus.OFF_TRACK),
        ("decrease", 15, 10, 0.5, KpiStatus.OFF_TRACK),
        ("decrease", 9, 10, 1.1, KpiStatus.ACHIEVED),
    ],
)
def test_progress_respects_direction(direction, value, target, progress, status):
    judged = assess(kpi(direction=direction), value, target, Thresholds(0.9, 0.7))
    assert (judged.progress, judged.status) == (progress, status)


def test_no_value_or_no_target_is_no_data():
    assert assess(kpi(), None, 50, Thresholds()).status is KpiStatus.NO_DATA
    assert assess(kpi(), 30, None, Thresholds()).status is KpiStatus.NO_DATA


def test_thresholds_are_configurable():
    assert assess(kpi(), 50, 60, Thresholds(0.7, 0.5)).status is KpiStatus.ON_TRACK


def test_percentages_are_never_summed():
    with pytest.raises(ValidationError, match="never summed"):
        kpi(aggregation="sum")
    values = [ScopeValue(50, 5, 10), ScopeValue(10, 9, 90)]
    assert aggregate(kpi(), values) == ScopeValue(14.0, 14, 100)  # not 60, not 30
    assert aggregate(kpi(), [ScopeValue(50), ScopeValue(10)]) == ScopeValue(30.0)  # mean
    counts = kpi(measure="count", aggregation="sum", unit="n")
    assert aggregate(counts, [ScopeValue(3), ScopeValue(4)]) == ScopeValue(7)
    last = kpi(measure="count", aggregation="last", unit="n")
    assert aggregate(last, [ScopeValue(3), ScopeValue(4)]) == ScopeValue(4)
    assert aggregate(counts, []) is None


def test_outliers_are_judged_against_history():
    assert not is_outlier(500, [1, 2], 3)  # too little history to judge
    assert is_outlier(500, [10, 11, 12, 10], 3)
    assert not is_outlier(12, [10, 11, 12, 10], 3)


def test_measurement_validation_names_the_field():
    k = kpi()
    checked = check_measurement(k, "2026", "edfu", None, 3, 4)
    assert (checked.value, checked.scope) == (75.0, "edfu")
    assert check_measurement(k, "2026", None, 40, None, None).scope == "governorate"
    with pytest.raises(errors.NumeratorExceedsDenominatorError):
        check_measurement(k, "2026", None, None, 5, 4)
    with pytest.raises(errors.PeriodMismatchError):
        check_measurement(k, "2026-Q1", None, 5, None, None)
    with pytest.raises(errors.OutOfRangeError):
        check_measurement(k, "2026", None, 101, None, None)
    with pytest.raises(errors.UnitMismatchError):
        check_measurement(k, "2026", None, 5, None, None, unit="kg")
    with pytest.raises(errors.UnknownCentreError):
        check_measurement(k, "2026", "cairo", 5, None, None)


@pytest.mark.parametrize(
    ("value", "numerator", "denominator", "field"),
    [
        (float("nan"), None, None, "value"),
        (float("inf"), None, None, "value"),
        (None, float("nan"), 4.0, "numerator"),
        (None, 3.0, float("inf"), "denominator"),
    ],
)
def test_numbers_that_are_not_finite_are_refused(value, numerator, denominator, field):
    k = kpi().model_copy(update={"max_value": None})  # no bound to catch infinity on its way
    with pytest.raises(errors.OutOfRangeError) as refused:
        check_measurement(k, "2026", None, value, numerator, denominator)
    assert refused.value.detail.field == field
