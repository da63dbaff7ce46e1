"""Use cases on reference data: geography (admins), organisations and partnerships (staff)."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from services.registry.domain.commands import RecordPartnership
from services.registry.domain.errors import (
    AssociationNotFoundError,
    OrganisationNotFoundError,
    PlaceExistsError,
    PlaceNotFoundError,
)
from shared.events.codes import Centre
from shared.events.registry import PartnershipRecorded

if TYPE_CHECKING:
    from services.registry.service_layer.unit_of_work import RegistryUnitOfWork


async def add_place(values: dict[str, Any], uow: RegistryUnitOfWork) -> dict[str, Any]:
    parent = await uow.reference.place(values["parent_code"])
    if parent is None:
        raise PlaceNotFoundError(field="parent_code")
    row = {**values, "centre": parent["centre"] or values["code"]}
    if not await uow.reference.add_place(row):
        raise PlaceExistsError(field="code")
    await uow.commit()
    return row


async def edit_place(code: str, values: dict[str, Any], uow: RegistryUnitOfWork) -> dict[str, Any]:
    if await uow.reference.place(code) is None:
        raise PlaceNotFoundError(field="code")
    await uow.reference.edit_place(code, values)
    await uow.commit()
    return {**(await uow.reference.place(code) or {})}


async def add_organisation(values: dict[str, Any], uow: RegistryUnitOfWork) -> dict[str, Any]:
    row = {"organisation_id": str(uuid.uuid4()), **values}
    await uow.reference.add_organisation(row)
    await uow.commit()
    return row


async def record_partnership(cmd: RecordPartnership, uow: RegistryUnitOfWork) -> str:
    if not await uow.reference.association_exists(cmd.association_id):
        raise AssociationNotFoundError(field="association_id")
    if await uow.reference.organisation(cmd.organisation_id) is None:
        raise OrganisationNotFoundError(field="organisation_id")
    partnership_id = str(uuid.uuid4())
    await uow.reference.add_partnership(
        {
            "partnership_id": partnership_id, "association_id": cmd.association_id,
            "organisation_id": cmd.organisation_id, "kind": cmd.kind, "sectors": cmd.sectors,
            "centres": cmd.centres, "starts_on": cmd.starts_on, "ends_on": cmd.ends_on,
            "created_by": cmd.actor,
        }
    )  # fmt: skip
    uow.publish(
        PartnershipRecorded(
            partnership_id=partnership_id, association_id=cmd.association_id,
            organisation_id=cmd.organisation_id, kind=cmd.kind, sectors=cmd.sectors,
            centres=[Centre(c) for c in cmd.centres], starts_on=cmd.starts_on, ends_on=cmd.ends_on,
        ),
        subject=partnership_id,
    )  # fmt: skip
    await uow.commit()
    return partnership_id
