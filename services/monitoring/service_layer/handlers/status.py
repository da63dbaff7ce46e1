"""KPI values change: assess them, store them, publish the stream.

KPIUpdated goes out whenever the value, target, progress or status of a (period, scope) changes;
KPIOffTrack when the status becomes off_track. A centre's change also re-aggregates the
governorate by the KPI's rule, unless the governorate has a measured value of its own.

Changes are applied in bulk: one lock statement and one read for every (KPI, period) touched,
the assessment in memory in the order given (every intermediate change is published, so a batch
streams exactly what one-by-one processing would), and one write (which the hot path of
measurements approved on arrival shares with its measurement rows).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from services.monitoring.domain.framework import GOVERNORATE, Aggregation, Kpi
from services.monitoring.domain.periods import Period, parse_period
from services.monitoring.domain.progress import ScopeValue, aggregate, assess, period_target
from services.monitoring.domain.records import ValueRow
from services.monitoring.service_layer.unit_of_work import MonitoringUnitOfWork
from shared.events.codes import Centre, KpiStatus
from shared.events.envelope import CloudEvent
from shared.events.monitoring import KPIOffTrack, KPIUpdated


@dataclass(frozen=True)
class Change:
    kpi: Kpi
    pillar_code: str
    period: Period
    scope: str
    value: ScopeValue | None
    origin: str  # measured | derived
    measurement_id: str | None = None
    cause: CloudEvent[Any] | None = None  # the event it came from, for causation ids


def lock_keys(changes: list[Change]) -> list[tuple[str, str]]:
    return sorted({(c.kpi.code, str(c.period)) for c in changes})


async def apply_changes(uow: MonitoringUnitOfWork, changes: list[Change]) -> None:
    await uow.values.lock(lock_keys(changes))
    await uow.values.save(await assess_changes(uow, changes))


async def assess_changes(
    uow: MonitoringUnitOfWork,
    changes: list[Change],
    current: dict[tuple[str, str], dict[str, ValueRow]] | None = None,
) -> list[ValueRow]:
    """The new value rows (to save), the stream published. The caller holds the locks, and may
    give the current values it read after taking them."""
    if current is None:
        current = await uow.values.load(lock_keys(changes))
    saved: dict[tuple[str, str, str], ValueRow] = {}
    for change in changes:
        if change.cause is not None:
            uow.caused_by(change.cause)
        scopes = current.setdefault((change.kpi.code, str(change.period)), {})
        new = _assessed(uow, change, change.scope, change.value, change.origin)
        _put(uow, change, scopes, new, saved)
        if change.scope == GOVERNORATE or _measured(scopes.get(GOVERNORATE)):
            continue
        centres = [r for s, r in scopes.items() if s != GOVERNORATE and r.value is not None]
        total = aggregate(
            change.kpi, [ScopeValue(r.value or 0.0, r.numerator, r.denominator) for r in centres]
        )
        _put(uow, change, scopes, _assessed(uow, change, GOVERNORATE, total, "aggregated"), saved)
    return list(saved.values())


async def reassess(uow: MonitoringUnitOfWork, kpi_codes: list[str]) -> None:
    """Judge again the stored values of KPIs whose definition changed (targets, baseline,
    direction, aggregation rule): KPIUpdated for every (period, scope) whose
    target, progress or status moves, KPIOffTrack where one becomes off_track. In the caller's
    unit of work, after the new definitions are saved. (Other processes judge new measurements
    by their cached definitions for up to ``KPI_CACHE_SECONDS`` more.)"""
    keys = await uow.values.periods_of(sorted(set(kpi_codes)))
    if not keys:
        return
    await uow.values.lock(keys)
    current = await uow.values.load(keys)
    changes: list[Change] = []
    for (code, period), scopes in current.items():
        found, parsed = await uow.framework.kpi(code), parse_period(period)
        if found is None or parsed is None:
            continue
        kpi, pillar = found
        for scope, row in list(scopes.items()):
            if scope == GOVERNORATE and not _measured(row):
                continue  # aggregated again from its centres
            value = (
                None if row.value is None else ScopeValue(row.value, row.numerator, row.denominator)
            )
            changes.append(
                Change(kpi, pillar, parsed, scope, value, row.origin, row.measurement_id)
            )
    await uow.values.save(await assess_changes(uow, changes, current))


def _measured(row: ValueRow | None) -> bool:
    return row is not None and row.origin == "measured"


def _put(
    uow: MonitoringUnitOfWork,
    change: Change,
    scopes: dict[str, ValueRow],
    new: ValueRow,
    saved: dict[tuple[str, str, str], ValueRow],
) -> None:
    old = scopes.pop(new.scope, None)
    scopes[new.scope] = new  # the most recent change last (the "last" rule)
    key = (new.kpi_code, new.period, new.scope)
    saved.pop(key, None)
    saved[key] = new
    if old is None or not _same(old, new):
        _publish(uow, change.kpi, change.pillar_code, old, new)


def _assessed(
    uow: MonitoringUnitOfWork, change: Change, scope: str, value: ScopeValue | None, origin: str
) -> ValueRow:
    kpi = change.kpi
    target = period_target(kpi, scope_targets(kpi, scope), change.period)
    judged = assess(kpi, value.value if value else None, target, uow.thresholds)
    return ValueRow(
        kpi.code,
        str(change.period),
        scope,
        value.value if value else None,
        value.numerator if value else None,
        value.denominator if value else None,
        judged.target,
        judged.progress,
        judged.status.value,
        origin,
        change.measurement_id if scope == change.scope else None,
    )


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


def _publish(
    uow: MonitoringUnitOfWork, kpi: Kpi, pillar_code: str, old: ValueRow | None, new: ValueRow
) -> None:
    fields = _event_fields(kpi, pillar_code, new)
    subject = f"{kpi.code}/{new.period}/{new.scope}"
    uow.publish(KPIUpdated(**fields), subject=subject)
    previous = KpiStatus(old.status) if old else None
    if new.status == KpiStatus.OFF_TRACK and previous is not KpiStatus.OFF_TRACK:
        uow.publish(KPIOffTrack(**fields, previous_status=previous), subject=subject)


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
