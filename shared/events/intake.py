"""Events that the web portal, the chat bot and other intake clients publish (service ``intake``).

Intake data is deliberately lenient: a submission with bad fields must reach the registry so it
can answer with a RegistrationRejected listing every error, not die in a dead-letter queue.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from shared.events.envelope import Event


class AssociationRegistrationSubmitted(Event):
    ROUTING_KEY = "intake.registration.submitted.v1"
    TYPE = "intake.AssociationRegistrationSubmitted.v1"

    name_ar: str | None = None
    name_en: str | None = None
    registration_number: str | None = None
    legal_form: str | None = None
    centre: str | None = None
    sectors: list[str] = Field(default_factory=list)
    centres_served: list[str] = Field(default_factory=list)
    contact_phone: str | None = None
    contact_email: str | None = None
    founded_year: int | str | None = None
    beneficiaries_per_year: int | str | None = None
    # optional record fields beyond the contract's minimum
    city: str | None = None
    village: str | None = None
    address: str | None = None
    members: int | str | None = None
    staff: int | str | None = None
    volunteers: int | str | None = None
    annual_budget_band: str | None = None
    board_size: int | str | None = None
    # where the answer should go
    channel: str | None = Field(default=None, description="portal | bot | api | import")
    bot_chat_id: str | None = None
    language: str | None = Field(default=None, description="ar (default) | en")
    extra: dict[str, Any] | None = None


class KPIMeasurementReported(Event):
    """Base of the two reported-measurement events (associations and ministry adapters)."""

    kpi_code: str = Field(min_length=1, max_length=64)
    period: str = Field(min_length=4, max_length=16, description="2026, 2026-Q3 or 2026-07")
    centre: str | None = None
    value: float | None = None
    numerator: float | None = None
    denominator: float | None = None
    reported_by: str = Field(min_length=1, max_length=200)
    comment: str | None = None


class IntakeKPIMeasurementReported(KPIMeasurementReported):
    ROUTING_KEY = "intake.kpi.measurement-reported.v1"
    TYPE = "intake.KPIMeasurementReported.v1"


class AssessmentSubmitted(Event):
    """Answers to one form version, from the portal, the bot or a field device. Lenient like the
    registration: the assessment service answers every bad answer with a SubmissionRejected."""

    ROUTING_KEY = "intake.assessment.submitted.v1"
    TYPE = "intake.AssessmentSubmitted.v1"

    form_id: str = Field(min_length=1, max_length=64)
    form_version: str = Field(min_length=1, max_length=64)
    campaign_id: str | None = Field(default=None, max_length=64)
    association_id: str | None = Field(default=None, max_length=64)
    centre: str | None = None
    answers: dict[str, Any] = Field(default_factory=dict)
    submitted_by: str = Field(min_length=1, max_length=200)
    reply_to: dict[str, Any] | None = None
