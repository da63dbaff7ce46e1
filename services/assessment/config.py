from __future__ import annotations

from shared.config import ServiceSettings

SCHEMA = "assessment"


class AssessmentSettings(ServiceSettings):
    service: str = SCHEMA
    http_port: int = 8002
