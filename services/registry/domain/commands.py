from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class SubmitRegistration:
    """A registration as received (lenient): validated by the handler, never trusted."""

    submission_id: str
    data: dict[str, Any]
    source: str
    submitted_by: str


@dataclass(frozen=True)
class ChangeStatus:
    association_id: str
    action: str
    reason: str | None
    actor: str


@dataclass(frozen=True)
class ApplyMinistryDecision:
    registration_number: str
    status: str
    reference: str
    reason: str | None


@dataclass(frozen=True)
class UpdateAssociation:
    association_id: str
    expected_version: int
    changes: dict[str, Any]
    actor: str


@dataclass(frozen=True)
class RecordPartnership:
    association_id: str
    organisation_id: str
    kind: str
    sectors: list[str]
    centres: list[str]
    starts_on: Any = None
    ends_on: Any = None
    actor: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
