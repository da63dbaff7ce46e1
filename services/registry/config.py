from __future__ import annotations

from shared.config import ServiceSettings

SCHEMA = "registry"


class RegistrySettings(ServiceSettings):
    service: str = SCHEMA
    http_port: int = 8001
