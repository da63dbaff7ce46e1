"""HTTP models of forms and submissions."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from services.assessment.domain.forms import FormDefinition


class FormVersionPublic(FormDefinition):
    """A version's full definition (docs/services/assessment.md, "Form definition")."""

    content_hash: str
    uploaded_at: datetime | None = None
    uploaded_by: str | None = None


class VersionRef(BaseModel):
    version: str
    uploaded_at: datetime


class FormSummary(BaseModel):
    form_id: str
    kind: str
    title: str
    demo: bool
    latest_version: str
    versions: list[VersionRef] = Field(description="in upload order, the latest last")


class SubmissionCreate(BaseModel):
    """The data of ``intake.assessment.submitted.v1``; ``submitted_by`` is the caller."""

    submission_id: str | None = Field(
        default=None, max_length=200, description="the client's id: a retry is one submission"
    )
    form_id: str = Field(min_length=1, max_length=64)
    form_version: str = Field(min_length=1, max_length=64)
    campaign_id: str | None = Field(default=None, max_length=64)
    association_id: str | None = Field(default=None, max_length=64)
    centre: str | None = None
    answers: dict[str, Any] = Field(default_factory=dict)


class SubmissionReceipt(BaseModel):
    submission_id: str
    status: Literal["accepted"] = "accepted"


class SubmissionPublic(BaseModel):
    submission_id: str
    seq: int
    form_id: str
    form_version: str
    kind: str
    campaign_id: str | None
    association_id: str | None
    centre: str | None
    answers: dict[str, Any] = Field(description="normalised; non-relevant answers left out")
    submitted_by: str
    channel: str
    submitted_at: datetime
