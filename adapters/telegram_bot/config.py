from __future__ import annotations

from typing import Literal

from pydantic import Field, SecretStr, model_validator

from shared.config import ServiceSettings

SCHEMA = "telegram_bot"


class BotSettings(ServiceSettings):
    """``TELEGRAM_BOT_TOKEN`` and, in webhook mode, ``TELEGRAM_WEBHOOK_SECRET`` are required."""

    service: str = SCHEMA
    http_port: int = 8010
    telegram_bot_token: SecretStr = Field(description="the token BotFather gave")
    telegram_api_base: str = Field(
        default="https://api.telegram.org",
        description="Bot API server (a local Bot API server, or a test's stand-in)",
    )
    telegram_mode: Literal["webhook", "polling"] = Field(
        default="webhook", description="polling is for development only"
    )
    telegram_webhook_secret: SecretStr | None = Field(
        default=None, description="checked in X-Telegram-Bot-Api-Secret-Token (webhook mode)"
    )
    telegram_webhook_url: str | None = Field(
        default=None, description="public URL of /telegram/webhook; setWebhook at start when set"
    )
    gateway_token: SecretStr | None = Field(
        default=None, description="bearer notify's bot channel sends (its BOT_GATEWAY_TOKEN)"
    )
    send_per_second: float = 30.0
    send_per_chat_per_second: float = 1.0
    send_chat_burst: int = 3
    send_attempts: int = 5
    reply_poll_seconds: float = 0.5

    @model_validator(mode="after")
    def _webhook_needs_secret(self) -> BotSettings:
        secret = self.telegram_webhook_secret
        if self.telegram_mode == "webhook" and (secret is None or len(secret) < 16):
            raise ValueError("TELEGRAM_WEBHOOK_SECRET (16+ characters) is required for webhooks")
        return self

    @property
    def source(self) -> str:
        """The contract's source of the bot's events (``/aswan/bot``)."""
        return "/aswan/bot"
