"""HTTP models. Registration input is lenient on purpose: the registry answers every field error
itself (code, Arabic and English message, field) rather than a bare 422."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from shared.errors import ErrorDetail
from shared.events.codes import Centre, Sector

Scalar = int | str | None


class RegistrationCreate(BaseModel):
    model_config = ConfigDict(extra="ignore")

    submission_id: str | None = Field(default=None, max_length=100, description="idempotency")
    name_ar: str | None = None
    name_en: str | None = None
    registration_number: Scalar = None
    legal_form: str | None = None
    centre: str | None = None
    sectors: list[str] | str = Field(default_factory=list)
    centres_served: list[str] | str = Field(default_factory=list)
    city: str | None = None
    village: str | None = None
    address: str | None = None
    founded_year: Scalar = None
    members: Scalar = None
    staff: Scalar = None
    volunteers: Scalar = None
    beneficiaries_per_year: Scalar = None
    annual_budget_band: str | None = None
    board_size: Scalar = None
    contact_phone: str | None = None
    contact_email: str | None = None
    channel: str | None = None
    bot_chat_id: str | None = None
    language: str | None = None


class SubmissionPublic(BaseModel):
    submission_id: str
    outcome: Literal["registered", "rejected"]
    association_id: str | None = None
    existing_association_id: str | None = None
    errors: list[ErrorDetail] = Field(default_factory=list)


class AssociationPatch(BaseModel):
    """Any editable field; absent fields are unchanged, ``null`` clears an optional one."""

    model_config = ConfigDict(extra="forbid")

    name_ar: str | None = None
    name_en: str | None = None
    legal_form: str | None = None
    centre: str | None = None
    centres_served: list[str] | str | None = None
    sectors: list[str] | str | None = None
    city: str | None = None
    village: str | None = None
    address: str | None = None
    founded_year: Scalar = None
    members: Scalar = None
    staff: Scalar = None
    volunteers: Scalar = None
    beneficiaries_per_year: Scalar = None
    annual_budget_band: str | None = None
    board_size: Scalar = None
    contact_phone: str | None = None
    contact_email: str | None = None


class StatusChange(BaseModel):
    reason: str | None = Field(default=None, max_length=1000)


class Page(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[dict[str, Any]]


class PlaceCreate(BaseModel):
    code: str = Field(pattern=r"^[a-z0-9_]{2,64}$")
    kind: Literal["city", "local_unit", "village"]
    parent_code: str
    name_ar: str = Field(min_length=2, max_length=120)
    name_en: str = Field(min_length=2, max_length=120)


class PlacePatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name_ar: str | None = Field(default=None, min_length=2, max_length=120)
    name_en: str | None = Field(default=None, min_length=2, max_length=120)


class OrganisationCreate(BaseModel):
    name_en: str = Field(min_length=2, max_length=200)
    name_ar: str | None = Field(default=None, max_length=200)
    kind: Literal["foreign_ngo", "development_partner", "un_agency", "donor"]
    country: str | None = Field(default=None, max_length=80)
    website: str | None = Field(default=None, max_length=300)


class PartnershipCreate(BaseModel):
    association_id: str
    organisation_id: str
    kind: Literal["funding", "expertise", "training", "in_kind"]
    sectors: list[Sector] = Field(min_length=1)
    centres: list[Centre] = Field(min_length=1)
    starts_on: date | None = None
    ends_on: date | None = None
