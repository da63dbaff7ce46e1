from __future__ import annotations

from pydantic import Field

from shared.config import ServiceSettings

SCHEMA = "planning_figures"


class PlanningSettings(ServiceSettings):
    """``PLANNING_DIR`` is required: the folder the ministry's files are put in."""

    service: str = SCHEMA
    http_port: int = 8012
    planning_dir: str = Field(description="folder of the KPI files (CSV or XLSX)")
    planning_poll_seconds: float = 60.0
    reported_by: str = Field(default="ministry-of-planning", description="reported_by of events")
