"""Typed settings read from the environment.

Nothing here connects or reads the environment at import time: a service builds its settings in
``bootstrap`` (or tests pass them explicitly). Secrets have no default, and a placeholder value is
refused, so a forgotten secret fails at start-up instead of running with a known key.
"""

from __future__ import annotations

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

_PLACEHOLDERS = {"changeme", "change-me", "secret", "changethis", "password", ""}


class ServiceSettings(BaseSettings):
    """Settings every service shares. Subclasses set ``service`` and add their own fields."""

    model_config = SettingsConfigDict(env_file=None, extra="ignore", frozen=True)

    service: str = Field(default="", description="service name, also its Postgres schema")
    database_url: str = Field(
        default="postgresql+asyncpg://postgres@127.0.0.1:5432/aswan",
        description="postgresql+asyncpg://<service role>@host/db",
    )
    amqp_url: str = "amqp://guest:guest@127.0.0.1:5672/"
    exchange: str = "aswan.events"
    http_host: str = "127.0.0.1"
    http_port: int = 8000
    log_level: str = "INFO"
    log_json: bool = True

    jwt_secret: SecretStr = Field(description="HS256 signing key for bearer tokens")
    jwt_issuer: str = "aswan2040"
    jwt_audience: str = "aswan2040-api"

    db_pool_size: int = 10
    prefetch: int = 200
    batch_max: int = 64
    retry_delays_ms: tuple[int, ...] = (500, 2_000, 8_000)
    relay_batch: int = 500
    relay_poll_seconds: float = 1.0
    outbox_keep_days: int = 7
    inbox_keep_days: int = 30
    drain_seconds: float = 15.0
    queue_prefix: str = Field(
        default="",
        description="prefix for queue names (tests keep queues apart with it); empty in production",
    )

    @field_validator("jwt_secret")
    @classmethod
    def _refuse_placeholder(cls, value: SecretStr) -> SecretStr:
        raw = value.get_secret_value()
        if raw.lower() in _PLACEHOLDERS or len(raw) < 32:
            raise ValueError("JWT_SECRET must be set to a random value of at least 32 characters")
        return value

    @property
    def source(self) -> str:
        """CloudEvents ``source`` of the events this service publishes."""
        return f"/aswan/{self.service}"

    def queue(self, purpose: str) -> str:
        """Durable queue name ``<service>.<purpose>`` of docs/contracts.md."""
        return f"{self.queue_prefix}{self.service}.{purpose}"
