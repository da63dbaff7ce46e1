"""Needs and coverage: the invariants, no I/O."""

from __future__ import annotations

from dataclasses import dataclass

from shared.events.codes import Centre, Sector


@dataclass(frozen=True)
class NeedAssessment:
    """How badly a centre needs a sector's work in one campaign."""

    campaign_id: str
    centre: Centre
    sector: Sector
    severity: int
    people_affected: int

    def __post_init__(self) -> None:
        if not 1 <= self.severity <= 5:
            raise ValueError("severity must be between 1 and 5")
        if self.people_affected < 0:
            raise ValueError("people_affected must not be negative")
