"""Importing the strategy framework (YAML/JSON document) and reading it back."""

from __future__ import annotations

from services.monitoring.domain import errors
from services.monitoring.domain.framework import Framework, Initiative
from services.monitoring.service_layer.handlers.status import reassess
from services.monitoring.service_layer.unit_of_work import MonitoringUnitOfWork
from shared.events.monitoring import FrameworkChanged


async def import_framework(framework: Framework, uow: MonitoringUnitOfWork) -> list[dict[str, str]]:
    """Create or update every item; FrameworkChanged for each one that changed."""
    changes: list[dict[str, str]] = []
    await uow.framework.save_meta(framework.title, framework.demo)
    for i, pillar in enumerate(framework.pillars):
        changes.append(_changed("pillar", pillar.code, await uow.framework.save_pillar(pillar, i)))
        for j, objective in enumerate(pillar.objectives):
            change = await uow.framework.save_objective(objective, pillar.code, j)
            changes.append(_changed("objective", objective.code, change))
            for k, kpi in enumerate(objective.kpis):
                change = await uow.framework.save_kpi(kpi, objective.code, pillar.code, k)
                changes.append(_changed("kpi", kpi.code, change))
    for initiative in framework.initiatives:
        await check_partners(initiative, uow)
        change = await uow.framework.save_initiative(initiative)
        changes.append(_changed("initiative", initiative.code, change))
    changed = [c for c in changes if c["change"] != "unchanged"]
    for c in changed:
        uow.publish(FrameworkChanged(**c), subject=f"{c['item_kind']}/{c['item_code']}")
    await reassess(uow, [c["item_code"] for c in changed if c["item_kind"] == "kpi"])
    await uow.commit()
    return changed


async def retire_item(kind: str, code: str, uow: MonitoringUnitOfWork) -> list[dict[str, str]]:
    """Retire a pillar, objective or KPI with what it holds; FrameworkChanged ``retired`` for
    each item retired now (none if it already was). Retired KPIs take no more measurements and
    leave the dashboard and exports; their values and history stay, and importing the item
    again brings it back."""
    retired = await uow.framework.retire(kind, code)
    if retired is None:
        raise errors.FrameworkItemNotFoundError(
            f"No {kind} {code!r} in the strategy framework",
            f"لا يوجد {KIND_AR[kind]} بالرمز {code} في الإطار الاستراتيجي",
            field="code",
        )
    changes = [_changed(item_kind, item_code, "retired") for item_kind, item_code in retired]
    for c in changes:
        uow.publish(FrameworkChanged(**c), subject=f"{c['item_kind']}/{c['item_code']}")
    await uow.commit()
    return changes


async def export_framework(uow: MonitoringUnitOfWork) -> Framework:
    return await uow.framework.load()


async def check_partners(initiative: Initiative, uow: MonitoringUnitOfWork) -> None:
    """Partners are associations known from registry events (the read model)."""
    known = await uow.associations.known(initiative.partners)
    unknown = [p for p in initiative.partners if p not in known]
    if unknown:
        raise errors.UnknownAssociationError(
            f"Unknown association(s): {', '.join(unknown)}", field="partners"
        )
    for code in initiative.kpi_codes:
        if await uow.framework.kpi(code) is None:
            raise errors.KpiNotFoundError(
                f"No KPI {code!r}", f"لا يوجد مؤشر بالرمز {code}", field="kpi_codes"
            )


KIND_AR = {"pillar": "محور", "objective": "هدف", "kpi": "مؤشر", "initiative": "مبادرة"}


def _changed(kind: str, code: str, change: str) -> dict[str, str]:
    return {"item_kind": kind, "item_code": code, "change": change}


async def save_initiative(initiative: Initiative, uow: MonitoringUnitOfWork) -> str:
    """Create or update one initiative and its executive roles."""
    await check_partners(initiative, uow)
    change = await uow.framework.save_initiative(initiative)
    if change != "unchanged":
        uow.publish(
            FrameworkChanged(item_kind="initiative", item_code=initiative.code, change=change),
            subject=f"initiative/{initiative.code}",
        )
    await uow.commit()
    return change
