"""Read side: the framework joined with current KPI values, for the dashboard and exports."""

from __future__ import annotations

from typing import Any

from services.monitoring.domain.framework import GOVERNORATE, Framework
from services.monitoring.service_layer.unit_of_work import MonitoringUnitOfWork
from shared.events.codes import CENTRE_NAMES


async def dashboard_data(uow: MonitoringUnitOfWork) -> dict[str, Any]:
    framework = await uow.framework.load()
    values: dict[str, dict[str, dict[str, Any]]] = {}
    for row in await uow.values.all():
        scopes = values.setdefault(row.kpi_code, {})
        scopes.setdefault(row.scope, {})[row.period] = {
            "value": row.value,
            "numerator": row.numerator,
            "denominator": row.denominator,
            "target": row.target,
            "progress": row.progress,
            "status": row.status,
        }
    return {
        "title": framework.title,
        "demo": framework.demo,
        "scopes": [{"code": GOVERNORATE, "name_ar": "المحافظة", "name_en": "Governorate"}]
        + [{"code": c.value, "name_ar": ar, "name_en": en} for c, (ar, en) in CENTRE_NAMES.items()],
        "pillars": [_pillar(p.model_dump(mode="json"), values) for p in framework.pillars],
    }


def _pillar(pillar: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    kpis = [
        {**kpi, "values": values.get(kpi["code"], {})}
        for objective in pillar["objectives"]
        for kpi in objective["kpis"]
    ]
    return {
        "code": pillar["code"],
        "name_ar": pillar["name_ar"],
        "name_en": pillar["name_en"],
        "kpis": kpis,
    }


async def results(uow: MonitoringUnitOfWork) -> tuple[Framework, dict[str, list[dict[str, Any]]]]:
    """The framework and, per KPI, every (period, scope) value: the IATI/CSV export rows."""
    framework = await uow.framework.load()
    rows: dict[str, list[dict[str, Any]]] = {}
    for row in await uow.values.all():
        rows.setdefault(row.kpi_code, []).append(dict(row.__dict__))
    return framework, rows
