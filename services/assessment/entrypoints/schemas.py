"""HTTP models of the assessment API. Every number has its range, checked before the database
(people: 0..PEOPLE_MAX; severity 1-5): an impossible figure is a 422 naming its field."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from shared.events.assessment import PEOPLE_MAX, GapRow
from shared.events.codes import Centre, Sector
from shared.text import LocalInt

Id = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:\-]+$")
People = Field(ge=0, le=PEOPLE_MAX, description=f"a head count, 0 to {PEOPLE_MAX:,}")
Domain = Literal[
    "governance", "finance", "administration", "hr", "programme", "performance", "organisation"
]  # fmt: skip


class NeedCreate(BaseModel):
    campaign_id: str = Field(min_length=1, max_length=64)
    centre: Centre
    sector: Sector
    severity: LocalInt = Field(ge=1, le=5, description="JIAF: 1 minimal ... 5 catastrophic")
    people_affected: LocalInt = People
    people_in_need: LocalInt = Field(default=0, ge=0, le=PEOPLE_MAX)


class NeedPublic(BaseModel):
    """The cell after the statement: median severity and largest figures of its statements."""

    campaign_id: str
    centre: Centre
    sector: Sector
    severity: int
    people_affected: int
    people_in_need: int
    submissions: int


class CampaignCreate(BaseModel):
    form_id: str = Id
    form_version: str = Field(min_length=1, max_length=64)
    title_ar: str = Field(min_length=1, max_length=300)
    title_en: str | None = Field(default=None, max_length=300)
    centres: list[Centre] = Field(min_length=1)
    audience: Literal["associations", "communities", "staff"]
    opens_on: date
    closes_on: date


class CampaignPublic(CampaignCreate):
    campaign_id: str
    status: Literal["draft", "open", "closed"]
    opened_at: datetime | None = None
    closed_at: datetime | None = None


class ActionCreate(BaseModel):
    domain: Domain
    action: str = Field(min_length=1, max_length=2000)
    owner: str = Field(min_length=1, max_length=200)
    due_on: date | None = None


class ActionUpdate(BaseModel):
    action: str | None = Field(default=None, min_length=1, max_length=2000)
    owner: str | None = Field(default=None, min_length=1, max_length=200)
    due_on: date | None = None
    status: Literal["open", "done", "dropped"] | None = None


class ActionPublic(ActionCreate):
    action_id: str
    assessment_id: str
    status: Literal["open", "done", "dropped"]


class NeedsMatrixPublic(BaseModel):
    campaign_id: str
    cells: list[NeedPublic]
    people_in_need_by_centre: dict[str, int] = Field(
        description="per centre, the largest of its sectors: people are never summed across them"
    )


class ChallengeCount(BaseModel):
    centre: Centre
    sector: Sector
    challenge: str
    submissions: int


class CapacityHistoryPublic(BaseModel):
    association_id: str
    assessments: list[dict[str, Any]] = Field(
        description="oldest first: domains, overall, previous_overall, delta per domain "
        "{vs_first, vs_previous}, sub-area scores with evidence, actions"
    )


class GapTablePublic(BaseModel):
    campaign_id: str
    rows: list[GapRow] = Field(description="ranked by gap x severity, largest first")
