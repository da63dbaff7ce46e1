"""What the portal's pages ask the service layer to do."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from services.portal.domain.signin import Subject


@dataclass(frozen=True)
class SubmitRegistration:
    submission_id: str
    data: dict[str, Any]


@dataclass(frozen=True)
class RequestCode:
    """``subject`` and ``channel``/``address`` are None when the identifier is unknown: the
    handler then sends nothing but answers the same (no enumeration)."""

    identifier: str
    subject: Subject | None
    channel: str | None
    address: str | None
    language: str
    now: datetime


@dataclass(frozen=True)
class VerifyCode:
    identifier: str
    code: str
    now: datetime


@dataclass(frozen=True)
class EndSession:
    session_hash: str
    now: datetime


@dataclass(frozen=True)
class ReportMeasurement:
    measurement_id: str
    kpi_code: str
    period: str
    value: float
    reported_by: str
    centre: str | None = None
    comment: str | None = None


@dataclass(frozen=True)
class SubmitAssessment:
    submission_id: str
    form_id: str
    form_version: str
    centre: str | None
    answers: dict[str, Any]
    submitted_by: str
    campaign_id: str | None = None
    association_id: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
