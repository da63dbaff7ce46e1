from __future__ import annotations

from pydantic import Field, SecretStr, field_validator

from shared.config import ServiceSettings

SCHEMA = "moss_register"


class MossSettings(ServiceSettings):
    """``MINISTRY_URL`` and ``MINISTRY_SIGNING_SECRET`` are required."""

    service: str = SCHEMA
    http_port: int = 8011
    ministry_url: str = Field(description="base URL of the register's API (https://…)")
    ministry_signing_secret: SecretStr = Field(description="HMAC-SHA256 key agreed with MoSS")
    ministry_client_cert: str | None = Field(default=None, description="mTLS: PEM certificate")
    ministry_client_key: str | None = Field(default=None, description="mTLS: PEM private key")
    ministry_ca_file: str | None = Field(default=None, description="CA bundle of the register")
    ministry_timeout_seconds: float = 10.0
    push_attempts: int = Field(default=10, description="tries before a push is dead-lettered")
    push_backoff_seconds: float = 1.0
    push_backoff_max_seconds: float = 300.0
    push_concurrency: int = Field(default=32, description="associations pushed at once")
    push_poll_seconds: float = 0.5
    extract_dir: str | None = Field(default=None, description="folder the extracts are put in")
    extract_poll_seconds: float = 60.0

    @field_validator("ministry_signing_secret")
    @classmethod
    def _long_enough(cls, value: SecretStr) -> SecretStr:
        if len(value.get_secret_value()) < 32:
            raise ValueError("MINISTRY_SIGNING_SECRET must be at least 32 characters")
        return value
