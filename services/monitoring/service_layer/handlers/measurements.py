"""Reporting measurements (HTTP and bus) and deciding them (staff): submitted -> approved /
returned. Approved values are locked; a correction is a new submission that supersedes it.

Ministry adapters report official statistics: with ``auto_approve_ministry`` (the default) their
figures are approved on arrival, in bulk per consumer batch (:func:`_approve_arrivals`)."""

from __future__ import annotations

import uuid
from dataclasses import replace
from typing import Any

from services.monitoring.domain import errors
from services.monitoring.domain.commands import DecideMeasurement, ReportMeasurement
from services.monitoring.domain.framework import Kpi
from services.monitoring.domain.measurements import CheckedMeasurement, check_measurement
from services.monitoring.domain.periods import parse_period
from services.monitoring.domain.progress import ScopeValue, is_outlier
from services.monitoring.domain.records import MeasurementRow
from services.monitoring.service_layer.handlers.status import (
    Change,
    apply_changes,
    assess_changes,
    lock_keys,
)
from services.monitoring.service_layer.unit_of_work import MonitoringUnitOfWork
from shared.events.envelope import CloudEvent
from shared.events.intake import KPIMeasurementReported
from shared.events.ministry import MinistryKPIMeasurementReported


async def report_measurement(cmd: ReportMeasurement, uow: MonitoringUnitOfWork) -> MeasurementRow:
    row = await _submit(cmd, uow)
    await uow.commit()
    return row


async def on_measurement_reported(envelope: CloudEvent[Any], uow: MonitoringUnitOfWork) -> None:
    event: KPIMeasurementReported = envelope.data
    ministry = isinstance(event, MinistryKPIMeasurementReported)
    cmd = ReportMeasurement(
        event.kpi_code,
        event.period,
        event.centre,
        event.value,
        event.numerator,
        event.denominator,
        event.reported_by,
        "ministry" if ministry else "intake",
        comment=event.comment,
        approve=ministry and uow.auto_approve_ministry,
    )
    if not cmd.approve:
        await _submit(cmd, uow)
        return
    kpi, pillar, checked = await _checked(cmd, uow)  # invalid: raised here, dead-lettered alone
    row = _new_row(cmd, checked, False, "approved")
    change = Change(
        kpi, pillar, checked.period, row.scope, _value(row), "measured", row.id, envelope
    )
    uow.defer(_approve_arrivals, (row, change))


async def _approve_arrivals(uow: MonitoringUnitOfWork, items: list[Any]) -> None:
    """Every measurement approved on arrival in this transaction, in two round trips: locks,
    current values and outlier histories; measurements, audit rows and values together, with the
    transaction's inbox and outbox rows."""
    rows: list[MeasurementRow] = [row for row, _ in items]
    changes: list[Change] = [change for _, change in items]
    keys = sorted({(r.kpi_code, r.scope) for r in rows})
    current, history = await uow.arrivals.locked_state(lock_keys(changes), keys)
    last = {(r.kpi_code, r.period, r.scope): r.id for r in rows}
    for i, row in enumerate(rows):
        past = history[(row.kpi_code, row.scope)]
        final = last[(row.kpi_code, row.period, row.scope)] == row.id
        outlier = is_outlier(row.value, past, uow.outlier_z)
        rows[i] = replace(row, status="approved" if final else "superseded", outlier=outlier)
        past.insert(0, row.value)
    values = await assess_changes(uow, changes, current)
    await uow.arrivals.write(rows, f"auto:{rows[0].source}", values, uow.execute_with_commit_rows)


async def decide_measurement(cmd: DecideMeasurement, uow: MonitoringUnitOfWork) -> MeasurementRow:
    row = await uow.measurements.get(cmd.measurement_id, lock=True)
    if row is None:
        raise errors.MeasurementNotFoundError(field="measurement_id")
    if row.status != "submitted":
        raise errors.MeasurementLockedError()
    if not cmd.approve and not (cmd.comment or "").strip():
        raise errors.MeasurementInvalidError(
            "A returned measurement needs a comment", "يجب كتابة سبب الإعادة", field="comment"
        )
    await uow.measurements.decide(
        row, "approved" if cmd.approve else "returned", cmd.decided_by, cmd.comment
    )
    if cmd.approve:
        kpi, pillar = await _kpi(uow, row.kpi_code)
        period = parse_period(row.period)
        assert period is not None  # checked on the way in
        await apply_changes(
            uow, [Change(kpi, pillar, period, row.scope, _value(row), "measured", row.id)]
        )
    await uow.commit()
    return await uow.measurements.get(row.id) or row


async def _submit(cmd: ReportMeasurement, uow: MonitoringUnitOfWork) -> MeasurementRow:
    kpi, _, checked = await _checked(cmd, uow)
    key = (kpi.code, checked.scope)
    history = (await uow.measurements.histories([key]))[key]
    row = _new_row(cmd, checked, is_outlier(checked.value, history, uow.outlier_z), "submitted")
    await uow.measurements.add(row)
    return row


async def _checked(
    cmd: ReportMeasurement, uow: MonitoringUnitOfWork
) -> tuple[Kpi, str, CheckedMeasurement]:
    kpi, pillar = await _kpi(uow, cmd.kpi_code)
    if kpi.derived is not None:
        raise errors.MeasurementInvalidError(
            "This KPI is computed from registry events", "هذا المؤشر يُحسب تلقائيًا", field="kpi_code"
        )
    checked = check_measurement(
        kpi, cmd.period, cmd.centre, cmd.value, cmd.numerator, cmd.denominator, cmd.unit
    )
    return kpi, pillar, checked


def _new_row(
    cmd: ReportMeasurement, checked: CheckedMeasurement, outlier: bool, status: str
) -> MeasurementRow:
    return MeasurementRow(
        str(uuid.uuid4()),
        cmd.kpi_code,
        str(checked.period),
        checked.scope,
        checked.value,
        checked.numerator,
        checked.denominator,
        status,
        outlier,
        cmd.source,
        cmd.reported_by,
        cmd.comment,
    )


def _value(row: MeasurementRow) -> ScopeValue:
    return ScopeValue(row.value, row.numerator, row.denominator)


async def _kpi(uow: MonitoringUnitOfWork, code: str) -> tuple[Kpi, str]:
    found = await uow.framework.kpi(code)
    if found is None:
        raise errors.KpiNotFoundError(
            f"No KPI {code!r}", f"لا يوجد مؤشر بالرمز {code}", field="kpi_code"
        )
    return found
