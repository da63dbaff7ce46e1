from __future__ import annotations

from pydantic import Field

from shared.config import ServiceSettings

SCHEMA = "portal"


class PortalSettings(ServiceSettings):
    service: str = SCHEMA
    http_port: int = 8005
    registry_url: str = Field(default="http://127.0.0.1:8001", description="registry's HTTP API")
    assessment_url: str = Field(default="http://127.0.0.1:8002", description="assessment's API")
    monitoring_url: str = Field(default="http://127.0.0.1:8003", description="monitoring's API")
    public_monitoring_url: str = Field(
        default="", description="dashboard link shown to visitors (empty: monitoring_url)"
    )
    staff_list: tuple[str, ...] = Field(
        default=(),
        description="staff sign-in addresses, 'email' or 'admin:email' (kept by the admins)",
    )
    partner_list: tuple[str, ...] = Field(
        default=(), description="development partners' sign-in addresses ('email')"
    )
    cookie_secure: bool = Field(default=False, description="Secure flag on cookies (HTTPS)")
    session_hours: int = 12
    code_minutes: int = 10
    code_tries: int = 5
    codes_per_contact_per_hour: int = 5
    posts_per_ip_per_minute: int = Field(default=30, description="form posts per client IP")
    upstream_timeout_seconds: float = 5.0
