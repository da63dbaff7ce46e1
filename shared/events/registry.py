"""Events that the registry service publishes."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import Field

from shared.errors import ErrorDetail
from shared.events.codes import AssociationStatus, Centre, LegalForm
from shared.events.envelope import Event


class AssociationRegistered(Event):
    ROUTING_KEY = "registry.association.registered.v1"
    TYPE = "registry.AssociationRegistered.v1"

    association_id: str
    org_id: str = Field(pattern=r"^EG-MOSS-[0-9]+$")
    registration_number: str = Field(pattern=r"^[0-9]+$")
    name_ar: str
    name_en: str | None = None
    legal_form: LegalForm
    centre: Centre
    sectors: list[str]
    centres_served: list[Centre]
    status: AssociationStatus
    contact_email: str | None = None
    contact_phone: str | None = None
    duplicate_of: str | None = Field(default=None, description="association id suspected same")
    beneficiaries_per_year: int | None = Field(
        default=None, description="as registered; the coverage side of assessment's gaps"
    )
    submission_id: str | None = None
    channel: str | None = None
    bot_chat_id: str | None = None
    language: str | None = None


class AssociationRegistrationRejected(Event):
    ROUTING_KEY = "registry.registration.rejected.v1"
    TYPE = "registry.AssociationRegistrationRejected.v1"

    submission_id: str
    errors: list[ErrorDetail]
    existing_association_id: str | None = None
    # where to answer: the submitter's own contact, as the channel needs it
    name_ar: str | None = None
    channel: str | None = None
    contact_email: str | None = None
    contact_phone: str | None = None
    bot_chat_id: str | None = None
    language: str | None = None


class AssociationUpdated(Event):
    ROUTING_KEY = "registry.association.updated.v1"
    TYPE = "registry.AssociationUpdated.v1"

    association_id: str
    version: int
    changed: dict[str, Any]


class AssociationStatusChanged(Event):
    ROUTING_KEY = "registry.association.status-changed.v1"
    TYPE = "registry.AssociationStatusChanged.v1"

    association_id: str
    from_: AssociationStatus | None = Field(alias="from")
    to: AssociationStatus
    reason: str | None = None
    centre: Centre | None = None
    sectors: list[str] | None = None
    decided_by: str | None = None


class PartnershipRecorded(Event):
    ROUTING_KEY = "registry.partnership.recorded.v1"
    TYPE = "registry.PartnershipRecorded.v1"

    partnership_id: str
    association_id: str
    organisation_id: str
    kind: str = Field(description="funding | expertise | training | in_kind")
    sectors: list[str]
    centres: list[Centre]
    starts_on: date | None = None
    ends_on: date | None = None
