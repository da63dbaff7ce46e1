"""Events that the assessment service publishes (CONTRACTS.md, assessment section)."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from shared.events.codes import Centre
from shared.events.envelope import Event

PEOPLE_MAX = 10_000_000
"""Upper bound of any head count (people in need, affected, reached): Egypt has ~110 M people,
one centre of Aswan well under a million; a larger figure is a typing error, refused up front."""


class NeedsUpdated(Event):
    """A cell of a campaign's needs matrix (centre x sector) changed."""

    ROUTING_KEY = "assessment.needs.updated.v1"
    TYPE = "assessment.NeedsUpdated.v1"

    centre: Centre
    sector: str
    severity: int = Field(ge=1, le=5, description="JIAF scale: 1 minimal ... 5 catastrophic")
    people_affected: int = Field(ge=0, le=PEOPLE_MAX)
    people_in_need: int = Field(default=0, ge=0, le=PEOPLE_MAX)
    campaign_id: str
    submissions: int | None = Field(default=None, ge=0, description="submissions in the cell")


class CapacityScored(Event):
    ROUTING_KEY = "assessment.capacity.scored.v1"
    TYPE = "assessment.CapacityScored.v1"

    association_id: str
    assessment_id: str | None = None
    overall: float = Field(ge=1, le=4)
    domains: dict[str, float]
    previous_overall: float | None = Field(default=None, ge=1, le=4)


class GapRow(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    centre: Centre
    sector: str
    severity: int = Field(ge=1, le=5)
    people_in_need: int = Field(ge=0)
    people_reached: int = Field(ge=0)
    coverage: float = Field(ge=0, le=1)
    gap: int = Field(ge=0)


class GapAnalysisPublished(Event):
    ROUTING_KEY = "assessment.gaps.published.v1"
    TYPE = "assessment.GapAnalysisPublished.v1"

    campaign_id: str
    rows: list[GapRow]


class FieldError(BaseModel):
    """One error of a rejected submission, at its question (``field``)."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    field: str | None
    code: str
    message_ar: str
    message_en: str


class _Submission(Event):
    submission_id: str = Field(description="the intake event's id (or the HTTP submission's)")
    form_id: str
    form_version: str
    campaign_id: str | None = None
    association_id: str | None = None
    centre: Centre | None = None


class SubmissionAccepted(_Submission):
    ROUTING_KEY = "assessment.submission.accepted.v1"
    TYPE = "assessment.SubmissionAccepted.v1"

    kind: str | None = Field(default=None, description="needs | capacity | challenges | survey")


class SubmissionRejected(_Submission):
    ROUTING_KEY = "assessment.submission.rejected.v1"
    TYPE = "assessment.SubmissionRejected.v1"

    errors: list[FieldError]
    reply_to: dict[str, Any] | None = Field(
        default=None, description="where the submitter waits for the answer (portal, bot chat)"
    )


class _Campaign(Event):
    campaign_id: str
    form_id: str
    form_version: str
    title_ar: str
    title_en: str | None = None
    centres: list[Centre]
    audience: str = Field(description="associations | communities | staff")
    opens_on: date
    closes_on: date


class CampaignOpened(_Campaign):
    ROUTING_KEY = "assessment.campaign.opened.v1"
    TYPE = "assessment.CampaignOpened.v1"


class CampaignClosed(_Campaign):
    ROUTING_KEY = "assessment.campaign.closed.v1"
    TYPE = "assessment.CampaignClosed.v1"
