from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from services.notify.domain.model import Channel, Language
from shared.events.codes import Centre


class SubscriptionCreate(BaseModel):
    recipient: str = Field(min_length=1, max_length=200, description="staff id, partner, system")
    channel: Channel
    address: str = Field(min_length=1, max_length=2000, description="email, phone, chat id, URL")
    event_types: list[str] = Field(min_length=1, max_length=50)
    centres: list[Centre] = Field(default_factory=list, description="empty = every centre")
    language: Language = Language.AR


class SubscriptionPublic(BaseModel):
    subscription_id: str
    recipient: str
    channel: Channel
    address: str
    event_types: list[str]
    centres: list[str]
    language: Language
    active: bool = True
    secret: str | None = Field(
        default=None, description="webhook signing secret: shown once, at creation"
    )


class DeliveryPublic(BaseModel):
    notification_id: str
    cause_event_id: str
    event_type: str
    template: str
    recipient: str
    channel: Channel
    address_masked: str | None
    language: Language
    subscription_id: str | None
    centre: str | None
    status: str
    attempts: int
    last_error: str | None
    created_at: datetime
    sent_at: datetime | None
    next_attempt_at: datetime | None
