"""Events that the assessment service publishes."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from shared.events.codes import Centre
from shared.events.envelope import Event


class NeedsUpdated(Event):
    ROUTING_KEY = "assessment.needs.updated.v1"
    TYPE = "assessment.NeedsUpdated.v1"

    centre: Centre
    sector: str
    severity: int = Field(ge=1, le=5)
    people_affected: int = Field(ge=0)
    campaign_id: str


class CapacityScored(Event):
    ROUTING_KEY = "assessment.capacity.scored.v1"
    TYPE = "assessment.CapacityScored.v1"

    association_id: str
    overall: float = Field(ge=1, le=4)
    domains: dict[str, float]


class GapRow(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    centre: Centre
    sector: str
    need_index: float
    coverage_index: float
    gap: float


class GapAnalysisPublished(Event):
    ROUTING_KEY = "assessment.gaps.published.v1"
    TYPE = "assessment.GapAnalysisPublished.v1"

    campaign_id: str
    rows: list[GapRow]
