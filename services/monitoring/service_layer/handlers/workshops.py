"""Workshops (phase 2): sessions, proposals, and decisions that change the framework.

A proposal moves proposed -> discussed -> adopted | rejected (or proposed -> rejected). Adopting
creates or updates the framework item it drafts and publishes FrameworkChanged naming the
workshop the decision was made in.
"""

from __future__ import annotations

import uuid
from typing import Any

from pydantic import ValidationError

from services.monitoring.domain import errors
from services.monitoring.domain.framework import Initiative, Kpi, Objective, Pillar
from services.monitoring.service_layer.handlers.framework import KIND_AR, check_partners
from services.monitoring.service_layer.handlers.status import reassess
from services.monitoring.service_layer.unit_of_work import MonitoringUnitOfWork
from shared.events.monitoring import FrameworkChanged

MODELS: dict[str, Any] = {
    "pillar": Pillar,
    "objective": Objective,
    "kpi": Kpi,
    "initiative": Initiative,
}
MOVES = {"proposed": {"discussed", "rejected"}, "discussed": {"adopted", "rejected"}}
PARENT = {"objective": "pillar", "kpi": "objective"}


async def create_workshop(values: dict[str, Any], uow: MonitoringUnitOfWork) -> str:
    workshop_id = str(uuid.uuid4())
    await uow.workshops.add(workshop_id, **values)
    await uow.commit()
    return workshop_id


async def propose(
    workshop_id: str,
    kind: str,
    parent_code: str | None,
    payload: dict[str, Any],
    proposed_by: str,
    uow: MonitoringUnitOfWork,
) -> str:
    if not await uow.workshops.exists(workshop_id):
        raise errors.WorkshopNotFoundError(field="workshop_id")
    try:
        MODELS[kind].model_validate(payload)
    except ValidationError as exc:
        raise errors.FrameworkInvalidError(str(exc.errors()[0]["msg"]), field="payload") from None
    if kind in PARENT and not parent_code:
        raise errors.FrameworkInvalidError(
            f"A {kind} needs parent_code",
            f"يجب تحديد البند الأعلى ({KIND_AR[PARENT[kind]]}) لهذا المقترح",
            field="parent_code",
        )
    proposal_id = str(uuid.uuid4())
    await uow.workshops.add_proposal(
        {
            "id": proposal_id,
            "workshop_id": workshop_id,
            "kind": kind,
            "parent_code": parent_code,
            "payload": payload,
            "proposed_by": proposed_by,
        }
    )
    await uow.commit()
    return proposal_id


async def move_proposal(
    proposal_id: str, to: str, actor: str, note: str | None, uow: MonitoringUnitOfWork
) -> dict[str, Any]:
    proposal = await uow.workshops.proposal(proposal_id)
    if proposal is None:
        raise errors.ProposalNotFoundError(field="proposal_id")
    if to not in MOVES.get(proposal["status"], set()):
        raise errors.ProposalStateError(
            f"{proposal['status']} -> {to} is not allowed",
            f"لا يمكن نقل المقترح من «{proposal['status']}» إلى «{to}»",
        )
    if to == "adopted":
        change = await _adopt(proposal, uow)
        uow.publish(
            FrameworkChanged(**change), subject=f"{change['item_kind']}/{change['item_code']}"
        )
        if change["item_kind"] == "kpi":
            await reassess(uow, [change["item_code"]])
    await uow.workshops.set_status(proposal_id, to, actor, note)
    await uow.commit()
    return {**proposal, "status": to, "decided_by": actor, "decision_note": note}


async def _adopt(proposal: dict[str, Any], uow: MonitoringUnitOfWork) -> dict[str, Any]:
    kind, parent = proposal["kind"], proposal["parent_code"]
    item = MODELS[kind].model_validate(proposal["payload"])
    if kind in PARENT and not await uow.framework.exists(PARENT[kind], parent):
        raise errors.FrameworkInvalidError(
            f"No {PARENT[kind]} {parent!r}",
            f"لا يوجد {KIND_AR[PARENT[kind]]} بالرمز {parent}",
            field="parent_code",
        )
    repo = uow.framework
    if kind == "pillar":
        change = await repo.save_pillar(item, await repo.next_position("pillar"))
    elif kind == "objective":
        position = await repo.next_position("objective")
        change = await repo.save_objective(item, parent, position)
    elif kind == "kpi":
        pillar = await repo.objective_pillar(parent) or ""
        change = await repo.save_kpi(item, parent, pillar, await repo.next_position("kpi"))
    else:
        await check_partners(item, uow)
        change = await repo.save_initiative(item)
    return {
        "item_kind": kind,
        "item_code": item.code,
        "change": "updated" if change == "unchanged" else change,
        "decided_in": proposal["workshop_id"],
    }
