"""Submissions: answers to one exact form version, as accepted (no I/O)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class AcceptedSubmission:
    """A submission that passed validation against its form version.

    ``answers`` are normalised: numbers are int/float, select_multiple answers list[str],
    dates ISO strings; answers to non-relevant questions are left out. This is what the
    analysis side (needs, challenges, capacity) derives from.
    """

    submission_id: str
    form_id: str
    form_version: str
    kind: str
    campaign_id: str | None
    association_id: str | None
    centre: str | None
    answers: dict[str, Any]
    submitted_by: str
    submitted_at: datetime
