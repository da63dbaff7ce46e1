"""Events that the web portal publishes (service ``portal``); its intake events are in
:mod:`shared.events.intake`."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from shared.events.envelope import Event


class Recipient(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    channel: str = Field(description="email | sms")
    address: str = Field(min_length=3, max_length=320)


class SignInCodeRequested(Event):
    """A one-time sign-in code to send. The only event that carries a secret: notify sends it
    and never logs it; the code is useless after ``expires_at`` or 5 tries."""

    ROUTING_KEY = "portal.signin.code-requested.v1"
    TYPE = "portal.SignInCodeRequested.v1"

    recipient: Recipient
    code: str = Field(pattern=r"^[0-9]{6}$")
    expires_at: datetime
    language: str = Field(default="ar", pattern=r"^(ar|en)$")
