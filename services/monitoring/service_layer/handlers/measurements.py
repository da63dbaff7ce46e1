"""Reporting measurements (HTTP and bus) and deciding them (staff): submitted -> approved /
returned. Approved values are locked; a correction is a new submission that supersedes it."""

from __future__ import annotations

import uuid
from typing import Any

from services.monitoring.adapters.measurement_repository import MeasurementRow
from services.monitoring.domain import errors
from services.monitoring.domain.commands import DecideMeasurement, ReportMeasurement
from services.monitoring.domain.framework import Kpi
from services.monitoring.domain.measurements import CheckedMeasurement, check_measurement
from services.monitoring.domain.periods import parse_period
from services.monitoring.domain.progress import ScopeValue, is_outlier
from services.monitoring.service_layer.handlers.status import refresh
from services.monitoring.service_layer.unit_of_work import MonitoringUnitOfWork
from shared.events.envelope import CloudEvent
from shared.events.intake import KPIMeasurementReported
from shared.events.ministry import MinistryKPIMeasurementReported


async def report_measurement(cmd: ReportMeasurement, uow: MonitoringUnitOfWork) -> MeasurementRow:
    row = await _record(cmd, uow)
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
    await _record(cmd, uow)


async def decide_measurement(cmd: DecideMeasurement, uow: MonitoringUnitOfWork) -> MeasurementRow:
    row = await uow.measurements.get(cmd.measurement_id, lock=True)
    if row is None:
        raise errors.MeasurementNotFoundError(field="measurement_id")
    if row.status != "submitted":
        raise errors.MeasurementLockedError()
    if cmd.approve:
        kpi, pillar = await _kpi(uow, row.kpi_code)
        row = await _approve(uow, row, kpi, pillar, cmd.decided_by, cmd.comment)
    else:
        if not (cmd.comment or "").strip():
            raise errors.MeasurementInvalidError(
                "A returned measurement needs a comment", "يجب كتابة سبب الإعادة", field="comment"
            )
        await uow.measurements.decide(row, "returned", cmd.decided_by, cmd.comment)
    await uow.commit()
    return await uow.measurements.get(row.id) or row


async def _record(cmd: ReportMeasurement, uow: MonitoringUnitOfWork) -> MeasurementRow:
    kpi, pillar = await _kpi(uow, cmd.kpi_code)
    if kpi.derived is not None:
        raise errors.MeasurementInvalidError(
            "This KPI is computed from registry events", "هذا المؤشر يُحسب تلقائيًا", field="kpi_code"
        )
    checked = check_measurement(
        kpi, cmd.period, cmd.centre, cmd.value, cmd.numerator, cmd.denominator, cmd.unit
    )
    if not cmd.approve:
        history = await uow.measurements.approved_history(kpi.code, checked.scope)
        row = _new_row(cmd, checked, is_outlier(checked.value, history, uow.outlier_z))
        await uow.measurements.add(row, cmd.reported_by)
        return row
    # approved on arrival (the hot path): lock + history, insert + audit, then the status
    period = str(checked.period)
    history = await uow.measurements.lock_and_history(kpi.code, period, checked.scope)
    row = _new_row(cmd, checked, is_outlier(checked.value, history, uow.outlier_z))
    await uow.measurements.add_approved(row, cmd.reported_by, f"auto:{cmd.source}")
    await refresh(
        uow, kpi, pillar, checked.period, row.scope, _value(row), "measured", row.id, locked=True
    )
    return row


def _new_row(cmd: ReportMeasurement, checked: CheckedMeasurement, outlier: bool) -> MeasurementRow:
    return MeasurementRow(
        str(uuid.uuid4()),
        cmd.kpi_code,
        str(checked.period),
        checked.scope,
        checked.value,
        checked.numerator,
        checked.denominator,
        "submitted",
        outlier,
        cmd.source,
        cmd.reported_by,
        cmd.comment,
    )


async def _approve(
    uow: MonitoringUnitOfWork,
    row: MeasurementRow,
    kpi: Kpi,
    pillar: str,
    actor: str,
    comment: str | None,
) -> MeasurementRow:
    await uow.measurements.decide(row, "approved", actor, comment)
    period = parse_period(row.period)
    assert period is not None  # checked on the way in
    await refresh(uow, kpi, pillar, period, row.scope, _value(row), "measured", row.id)
    return row


def _value(row: MeasurementRow) -> ScopeValue:
    return ScopeValue(row.value, row.numerator, row.denominator)


async def _kpi(uow: MonitoringUnitOfWork, code: str) -> tuple[Kpi, str]:
    found = await uow.framework.kpi(code)
    if found is None:
        raise errors.KpiNotFoundError(f"No KPI {code!r}", field="kpi_code")
    return found
