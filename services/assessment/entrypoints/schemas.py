from __future__ import annotations

from pydantic import BaseModel, Field

from shared.events.codes import Centre, Sector
from shared.text import LocalInt


class NeedCreate(BaseModel):
    campaign_id: str = Field(min_length=1, max_length=64)
    centre: Centre
    sector: Sector
    severity: LocalInt = Field(ge=1, le=5)
    people_affected: LocalInt = Field(ge=0)


class NeedPublic(NeedCreate):
    pass
