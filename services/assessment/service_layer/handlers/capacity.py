"""Capacity assessments (from capacity submissions) and their action plans."""

from __future__ import annotations

import uuid
from dataclasses import replace

from services.assessment.domain.capacity import (
    Action,
    ActionNotFoundError,
    ActionStatus,
    AssessmentNotFoundError,
    assessment_from,
)
from services.assessment.domain.commands import AddAction, UpdateAction
from services.assessment.domain.submissions import AcceptedSubmission
from services.assessment.service_layer.unit_of_work import AssessmentUnitOfWork
from shared.errors import ForbiddenError
from shared.events.assessment import CapacityScored


async def on_capacity_submission(submission: AcceptedSubmission, uow: AssessmentUnitOfWork) -> None:
    assessment = assessment_from(submission)
    if not await uow.capacity.add(assessment):
        return
    uow.publish(
        CapacityScored(
            association_id=assessment.association_id, assessment_id=assessment.assessment_id,
            overall=assessment.overall, domains=assessment.domains,
            previous_overall=await uow.capacity.previous_overall(assessment),
        ),
        subject=assessment.association_id,
    )  # fmt: skip


async def add_action(cmd: AddAction, uow: AssessmentUnitOfWork) -> Action:
    await _check_owner(cmd.assessment_id, cmd.association_id, uow)
    action = Action(
        str(uuid.uuid4()), cmd.assessment_id, cmd.domain, cmd.action, cmd.owner, cmd.due_on
    )
    await uow.capacity.add_action(action, cmd.actor)
    await uow.commit()
    return action


async def update_action(cmd: UpdateAction, uow: AssessmentUnitOfWork) -> Action:
    action = await uow.capacity.get_action(cmd.action_id)
    if action is None:
        raise ActionNotFoundError(field="action_id")
    await _check_owner(action.assessment_id, cmd.association_id, uow)
    changes = {k: getattr(cmd, k) for k in ("action", "owner", "due_on") if getattr(cmd, k)}
    if cmd.status is not None:
        changes["status"] = ActionStatus(cmd.status)
    action = replace(action, **changes)
    await uow.capacity.save_action(action, cmd.actor)
    await uow.commit()
    return action


async def _check_owner(assessment_id: str, caller: str | None, uow: AssessmentUnitOfWork) -> None:
    """Staff (``caller`` None) reach every plan; an association only its own."""
    owner = await uow.capacity.association_of(assessment_id)
    if owner is None:
        raise AssessmentNotFoundError(field="assessment_id")
    if caller is not None and caller != owner:
        raise ForbiddenError(
            "An association reaches only its own action plan", "لا يمكن للجمعية إلا خطة عملها"
        )
