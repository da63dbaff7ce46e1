from __future__ import annotations

from pydantic import Field

from shared.config import ServiceSettings

SCHEMA = "monitoring"


class MonitoringSettings(ServiceSettings):
    service: str = SCHEMA
    http_port: int = 8003
    # Status thresholds on progress (share of the way from baseline to the period's target).
    on_track_min: float = Field(default=0.9, description="progress >= this: on_track")
    at_risk_min: float = Field(default=0.7, description="progress >= this: at_risk, else off_track")
    outlier_z: float = Field(default=3.0, description="flag values this many std devs from history")
    auto_approve_ministry: bool = Field(
        default=True,
        description="ministry adapters report official statistics: approve them on arrival",
    )
    sse_queue_size: int = Field(default=1000, description="events buffered per SSE client")
    sse_coalesce_ms: float = Field(
        default=2.0, description="SSE frames arriving within this window go out in one write"
    )
