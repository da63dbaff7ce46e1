from __future__ import annotations

from shared.config import ServiceSettings

SCHEMA = "registry"


class RegistrySettings(ServiceSettings):
    service: str = SCHEMA
    http_port: int = 8001
    # POST /v1/registrations per caller (token subject and address): a burst, then a steady rate
    registration_burst: int = 300
    registration_rate_per_second: float = 50.0
