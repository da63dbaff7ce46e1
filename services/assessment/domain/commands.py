from __future__ import annotations

from dataclasses import dataclass

from shared.events.codes import Centre, Sector


@dataclass(frozen=True)
class RecordNeed:
    campaign_id: str
    centre: Centre
    sector: Sector
    severity: int
    people_affected: int
    recorded_by: str
