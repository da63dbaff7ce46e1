"""Use cases of the registry: one async function each, over a unit of work."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from services.registry.domain import events
from services.registry.domain.commands import ChangeStatus, SubmitRegistration, UpdateAssociation
from services.registry.domain.errors import (
    AssociationNotFoundError,
    SubmissionRaced,
    UnknownRegistrationNumberError,
    VersionMismatchError,
)
from services.registry.domain.model import Association
from services.registry.domain.validation import clean, name_of
from shared.errors import ErrorDetail, ValidationFailedError
from shared.events.codes import AssociationStatus
from shared.events.envelope import CloudEvent
from shared.events.intake import AssociationRegistrationSubmitted
from shared.events.ministry import AssociationStatusDecided
from shared.text import only_digits

if TYPE_CHECKING:
    from services.registry.service_layer.unit_of_work import RegistryUnitOfWork


@dataclass(frozen=True)
class Outcome:
    outcome: str  # registered | rejected
    association_id: str | None = None
    errors: list[ErrorDetail] = field(default_factory=list)


async def submit_registration(cmd: SubmitRegistration, uow: RegistryUnitOfWork) -> Outcome:
    """Register or reject a submission; the same submission again gives its first outcome."""
    values, errors = clean(cmd.data)
    seen = await uow.associations.screen(
        cmd.submission_id, values.get("registration_number"), values.get("centre"),
        values.get("name_ar") or "",
    )  # fmt: skip
    if seen.prior is not None:
        return Outcome(*seen.prior)
    if seen.same_number and not name_of(errors, "registration_number"):
        errors.append(events.duplicate_number_error())
    if errors:
        await uow.associations.reject(cmd.submission_id, cmd.source, errors, seen.same_number)
        uow.publish(
            events.rejected(cmd.submission_id, cmd.data, errors, seen.same_number),
            subject=cmd.submission_id, correlation_id=cmd.submission_id,
        )  # fmt: skip
        return Outcome("rejected", seen.same_number, errors)
    association = events.new_association(str(uuid.uuid4()), values, seen.similar_name)
    await uow.associations.add(association, cmd.submitted_by, cmd.submission_id, cmd.source)
    uow.publish(
        events.registered(association, cmd.submission_id, cmd.data),
        subject=association.association_id, correlation_id=cmd.submission_id,
    )  # fmt: skip
    return Outcome("registered", association.association_id)


async def register_over_http(
    cmd: SubmitRegistration, uow_factory: Callable[[], RegistryUnitOfWork], attempts: int = 3
) -> Outcome:
    """Register in a unit of work of its own. A request that raced another one with the same
    submission or number runs again: its screening then finds the other's outcome or record."""
    for attempt in range(1, attempts + 1):
        try:
            async with uow_factory() as uow:
                outcome = await submit_registration(cmd, uow)
                await uow.commit()
            return outcome
        except SubmissionRaced:
            if attempt == attempts:
                raise
    raise AssertionError("unreachable")


async def on_registration_submitted(envelope: CloudEvent[Any], uow: RegistryUnitOfWork) -> None:
    event: AssociationRegistrationSubmitted = envelope.data
    data = event.model_dump(exclude_none=True)
    await submit_registration(
        SubmitRegistration(envelope.id, data, envelope.source, f"bus:{envelope.source}"), uow
    )


async def change_status(cmd: ChangeStatus, uow: RegistryUnitOfWork) -> Association:
    current = await _load(uow, cmd.association_id)
    changed = current.transition(cmd.action, cmd.reason)
    await _record_status(uow, current, changed, cmd.action, cmd.actor, cmd.reason)
    await uow.commit()
    return changed


async def on_ministry_decision(envelope: CloudEvent[Any], uow: RegistryUnitOfWork) -> None:
    """Apply the ministry's decision; an unknown number is dead-lettered with the reason."""
    event: AssociationStatusDecided = envelope.data
    number = only_digits(event.registration_number)
    current = await uow.associations.get_by_number(number, lock=True)
    if current is None:
        raise UnknownRegistrationNumberError(
            f"No association holds registration number {number}", field="registration_number"
        )
    if event.status not in {s.value for s in AssociationStatus}:
        raise ValidationFailedError(f"Unknown status {event.status!r}", field="status")
    if current.status.value == event.status:
        return
    reason = event.reason or f"ministry decision {event.reference}"
    changed = current.decided(AssociationStatus(event.status), reason)
    await _record_status(uow, current, changed, "ministry", f"ministry:{event.reference}", reason)


async def update_association(cmd: UpdateAssociation, uow: RegistryUnitOfWork) -> Association:
    current = await _load(uow, cmd.association_id)
    if current.version != cmd.expected_version:
        raise VersionMismatchError(field="If-Match", current_version=current.version)
    values, errors = clean(cmd.changes, partial=True)
    if errors:
        raise ValidationFailedError(field=errors[0].field, errors=errors)
    updated, changed = current.patched(values)
    if changed:
        before = {k: getattr(current, k) for k in changed}
        await uow.associations.save(
            updated, action="update", actor=cmd.actor, before=before, after=changed
        )
        uow.publish(events.updated(updated, changed), subject=updated.association_id)
        await uow.commit()
    return updated


async def _load(uow: RegistryUnitOfWork, association_id: str) -> Association:
    found = await uow.associations.get(association_id, lock=True)
    if found is None:
        raise AssociationNotFoundError(field="association_id")
    return found


async def _record_status(
    uow: RegistryUnitOfWork, before: Association, after: Association, action: str, actor: str,
    reason: str | None,
) -> None:  # fmt: skip
    await uow.associations.save(
        after, action=action, actor=actor, before={"status": before.status.value},
        after={"status": after.status.value}, reason=reason,
    )  # fmt: skip
    uow.publish(events.status_changed(before, after, actor), subject=after.association_id)
