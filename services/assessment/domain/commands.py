from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from shared.events.codes import Centre, Sector


@dataclass(frozen=True)
class RecordNeed:
    campaign_id: str
    centre: Centre
    sector: Sector
    severity: int
    people_affected: int
    recorded_by: str
    people_in_need: int = 0


# --- campaigns and analysis


@dataclass(frozen=True)
class CreateCampaign:
    form_id: str
    form_version: str
    title_ar: str
    title_en: str | None
    centres: list[Centre]
    audience: str
    opens_on: date
    closes_on: date
    created_by: str


@dataclass(frozen=True)
class OpenCampaign:
    campaign_id: str
    actor: str


@dataclass(frozen=True)
class CloseCampaign:
    campaign_id: str
    actor: str


@dataclass(frozen=True)
class AddAction:
    assessment_id: str
    domain: str
    action: str
    owner: str
    due_on: date | None
    actor: str
    association_id: str | None = None  # the caller's own association (None: staff)


@dataclass(frozen=True)
class UpdateAction:
    action_id: str
    actor: str
    status: str | None = None
    action: str | None = None
    owner: str | None = None
    due_on: date | None = None
    association_id: str | None = None  # the caller's own association (None: staff)
