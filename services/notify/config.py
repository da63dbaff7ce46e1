from __future__ import annotations

from pydantic import Field, SecretStr, ValidationInfo, field_validator

from shared.config import _PLACEHOLDERS, ServiceSettings

SCHEMA = "notify"


class NotifySettings(ServiceSettings):
    """Environment: SMTP_HOST, SMTP_PORT, SMTP_USERNAME, SMTP_PASSWORD, SMTP_STARTTLS, MAIL_FROM,
    SMS_GATEWAY_URL, SMS_GATEWAY_TOKEN, BOT_GATEWAY_URL, BOT_GATEWAY_TOKEN, PUBLIC_BASE_URL,
    UNSUBSCRIBE_SIGNING_KEY, WEBHOOK_SECRETS_KEY, ... (pydantic-settings maps each field to its
    upper-case name)."""

    service: str = SCHEMA
    http_port: int = 8004

    smtp_host: str = "127.0.0.1"
    smtp_port: int = 25
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    smtp_starttls: bool = False
    smtp_use_tls: bool = Field(default=False, description="implicit TLS (port 465)")
    smtp_cert_bundle: str | None = Field(
        default=None, description="CA file to trust for the SMTP server's certificate"
    )
    smtp_timeout_seconds: float = 10.0
    smtp_connections: int = Field(default=4, description="SMTP connections kept open")
    mail_from: str = "Aswan 2040 <no-reply@aswan2040.eg>"

    sms_gateway_url: str | None = None
    sms_gateway_token: SecretStr | None = None
    bot_gateway_url: str | None = None
    bot_gateway_token: SecretStr | None = None
    gateway_timeout_seconds: float = 10.0
    webhook_timeout_seconds: float = 10.0

    public_base_url: str = "http://127.0.0.1:8004"
    unsubscribe_signing_key: SecretStr = Field(description="HMAC key of unsubscribe links")
    webhook_secrets_key: SecretStr = Field(
        description="seals webhook signing secrets in the database; several keys separated by "
        "commas during a rotation (the first seals, any opens)"
    )

    delivery_batch: int = 200
    delivery_poll_seconds: float = 1.0
    delivery_lease_seconds: float = 120.0
    delivery_max_attempts: int = 8
    delivery_backoff_seconds: float = 2.0
    delivery_backoff_max_seconds: float = 900.0
    rate_email_per_second: float = 500.0
    rate_sms_per_second: float = 20.0
    rate_bot_per_second: float = 30.0
    rate_webhook_per_second: float = 200.0
    channel_concurrency: int = 16
    notifications_keep_days: int = Field(
        default=90,
        ge=1,
        description="sent and failed notifications (addresses, messages) are deleted after this",
    )

    @field_validator("unsubscribe_signing_key", "webhook_secrets_key")
    @classmethod
    def _refuse_placeholder_key(cls, value: SecretStr, info: ValidationInfo) -> SecretStr:
        for raw in value.get_secret_value().split(","):
            if raw.strip().lower() in _PLACEHOLDERS or len(raw.strip()) < 32:
                raise ValueError(
                    f"{(info.field_name or '').upper()} must be set to a random value of at "
                    "least 32 characters (each one, when several are separated by commas)"
                )
        return value

    def rate_per_second(self, channel: str) -> float:
        return float(getattr(self, f"rate_{channel}_per_second"))
