"""Commands of forms and submissions."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class UploadForm:
    workbook: bytes
    uploaded_by: str


@dataclass(frozen=True)
class SubmitAssessment:
    """Answers to one form version, from HTTP or from ``intake.assessment.submitted.v1``."""

    submission_id: str
    form_id: str
    form_version: str
    answers: dict[str, Any]
    submitted_by: str
    submitted_at: datetime
    channel: str  # http | bus
    campaign_id: str | None = None
    association_id: str | None = None
    centre: str | None = None
    acting_for: str | None = None
    """The association an association token is bound to (None for staff and the bus): such a
    caller may submit for itself only."""
    reply_to: dict[str, Any] | None = field(default=None, compare=False)


@dataclass(frozen=True)
class SubmissionOutcome:
    submission_id: str
    accepted: bool
    errors: list[Any] = field(default_factory=list)
    duplicate: bool = False
