"""Validating a reported measurement against its KPI: the value, unit, range and period."""

from __future__ import annotations

import math
from dataclasses import dataclass

from services.monitoring.domain import errors
from services.monitoring.domain.framework import GOVERNORATE, Kpi, Measure
from services.monitoring.domain.periods import Period, PeriodType, parse_period
from services.monitoring.domain.progress import value_of
from shared.events.codes import Centre


@dataclass(frozen=True)
class CheckedMeasurement:
    period: Period
    scope: str
    value: float
    numerator: float | None
    denominator: float | None


def check_measurement(
    kpi: Kpi,
    period_text: str,
    centre: str | None,
    value: float | None,
    numerator: float | None,
    denominator: float | None,
    unit: str | None = None,
) -> CheckedMeasurement:
    """Raise a :class:`~services.monitoring.domain.errors.MeasurementInvalidError` subclass naming
    the field at fault, or return the measurement with its value computed."""
    if unit is not None and unit != kpi.unit:
        raise errors.UnitMismatchError(
            f"unit must be {kpi.unit!r}", f"وحدة هذا المؤشر هي «{kpi.unit}»", field="unit"
        )
    period = parse_period(period_text)
    wanted = kpi.period_type
    if period is None or period.type is not wanted:
        example = "2026" if wanted is PeriodType.YEAR else "2026-Q3"
        wanted_ar = "سنة" if wanted is PeriodType.YEAR else "ربع سنة"
        raise errors.PeriodMismatchError(
            f"period must be a {wanted.value} (e.g. {example})",
            f"يجب أن تكون الفترة {wanted_ar} (مثل {example})",
            field="period",
        )
    scope = _scope(centre)
    for name, number in (("value", value), ("numerator", numerator), ("denominator", denominator)):
        if number is not None and not math.isfinite(number):
            raise errors.OutOfRangeError(
                f"{name} must be a finite number", "يجب أن تكون القيمة رقمًا محددًا", field=name
            )
    if numerator is not None and denominator is not None:
        if denominator <= 0 or numerator < 0:
            raise errors.OutOfRangeError(
                "numerator >= 0 and denominator > 0",
                "يجب ألا يكون البسط سالبًا وأن يكون المقام أكبر من صفر",
                field="denominator",
            )
        if kpi.measure is Measure.PERCENT and numerator > denominator:
            raise errors.NumeratorExceedsDenominatorError(field="numerator")
        value = value_of(kpi, numerator, denominator)
    elif value is None:
        raise errors.ValueMissingError(field="value")
    else:
        numerator = denominator = None
    low, high = kpi.bounds
    if (low is not None and value < low) or (high is not None and value > high):
        raise errors.OutOfRangeError(
            f"value {value} outside [{low}, {high}]",
            f"القيمة {value} خارج النطاق المسموح للمؤشر [{low}، {high}]",
            field="value",
        )
    return CheckedMeasurement(period, scope, value, numerator, denominator)


def _scope(centre: str | None) -> str:
    if centre in (None, "", GOVERNORATE):
        return GOVERNORATE
    try:
        return Centre(centre).value
    except ValueError:
        raise errors.UnknownCentreError(
            f"unknown centre {centre!r}", f"المركز «{centre}» غير معروف", field="centre"
        ) from None
