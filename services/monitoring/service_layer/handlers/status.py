"""A KPI's value for one (period, scope) changes: assess it, store it, publish the stream.

KPIUpdated goes out whenever the value, target, progress or status of a (period, scope) changes;
KPIOffTrack when the status becomes off_track. A centre's change also re-aggregates the
governorate by the KPI's rule, unless the governorate has a measured value of its own.
"""

from __future__ import annotations

from services.monitoring.adapters.measurement_repository import ValueRow
from services.monitoring.domain.framework import GOVERNORATE, Aggregation, Kpi
from services.monitoring.domain.periods import Period
from services.monitoring.domain.progress import ScopeValue, aggregate, assess, period_target
from services.monitoring.service_layer.unit_of_work import MonitoringUnitOfWork
from shared.events.codes import Centre, KpiStatus
from shared.events.monitoring import KPIOffTrack, KPIUpdated


async def refresh(
    uow: MonitoringUnitOfWork,
    kpi: Kpi,
    pillar_code: str,
    period: Period,
    scope: str,
    value: ScopeValue | None,
    origin: str,
    measurement_id: str | None = None,
    *,
    locked: bool = False,
) -> None:
    """``locked``: the caller already holds the (KPI, period) lock in this transaction."""
    if not locked:
        await uow.values.lock(kpi.code, str(period))
    new = _assessed(uow, kpi, period, scope, value, origin, measurement_id)
    old, others = await uow.values.swap_with_siblings(new)
    _publish(uow, kpi, pillar_code, old, new)
    if scope == GOVERNORATE or any(
        r.scope == GOVERNORATE and r.origin == "measured" for r in others
    ):
        return
    centres = [r for r in [*others, new] if r.scope != GOVERNORATE and r.value is not None]
    total = aggregate(
        kpi, [ScopeValue(v.value or 0.0, v.numerator, v.denominator) for v in centres]
    )
    governorate = _assessed(uow, kpi, period, GOVERNORATE, total, "aggregated", None)
    _publish(uow, kpi, pillar_code, await uow.values.swap(governorate), governorate)


def _assessed(
    uow: MonitoringUnitOfWork,
    kpi: Kpi,
    period: Period,
    scope: str,
    value: ScopeValue | None,
    origin: str,
    measurement_id: str | None,
) -> ValueRow:
    targets = scope_targets(kpi, scope)
    judged = assess(
        kpi, value.value if value else None, period_target(kpi, targets, period), uow.thresholds
    )
    return ValueRow(
        kpi.code,
        str(period),
        scope,
        value.value if value else None,
        value.numerator if value else None,
        value.denominator if value else None,
        judged.target,
        judged.progress,
        judged.status.value,
        origin,
        measurement_id,
    )


def _publish(
    uow: MonitoringUnitOfWork, kpi: Kpi, pillar_code: str, old: ValueRow | None, new: ValueRow
) -> None:
    if old is not None and _same(old, new):
        return
    fields = _event_fields(kpi, pillar_code, new)
    subject = f"{kpi.code}/{new.period}/{new.scope}"
    uow.publish(KPIUpdated(**fields), subject=subject)
    previous = KpiStatus(old.status) if old else None
    if new.status == KpiStatus.OFF_TRACK and previous is not KpiStatus.OFF_TRACK:
        uow.publish(KPIOffTrack(**fields, previous_status=previous), subject=subject)


def scope_targets(kpi: Kpi, scope: str) -> dict[str, float]:
    """A scope's own targets; a centre without any takes the governorate's, unless the KPI is
    summed over centres (a governorate total is no centre's target)."""
    own = {t.period: t.value for t in kpi.targets if t.scope == scope}
    if own or scope == GOVERNORATE or kpi.aggregation is Aggregation.SUM:
        return own
    return {t.period: t.value for t in kpi.targets if t.scope == GOVERNORATE}


def _same(old: ValueRow, new: ValueRow) -> bool:
    keys = ("value", "numerator", "denominator", "target", "progress", "status")
    return all(getattr(old, k) == getattr(new, k) for k in keys)


def _event_fields(kpi: Kpi, pillar_code: str, row: ValueRow) -> dict[str, object]:
    return {
        "kpi_code": kpi.code,
        "name_ar": kpi.name_ar,
        "name_en": kpi.name_en,
        "pillar_code": pillar_code,
        "period": row.period,
        "centre": None if row.scope == GOVERNORATE else Centre(row.scope),
        "value": row.value,
        "numerator": row.numerator,
        "denominator": row.denominator,
        "unit": kpi.unit,
        "baseline": kpi.baseline_value,
        "target": row.target,
        "progress": row.progress,
        "status": KpiStatus(row.status),
    }
