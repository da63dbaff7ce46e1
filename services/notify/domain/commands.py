from __future__ import annotations

from dataclasses import dataclass

from services.notify.domain.model import Channel, Language


@dataclass(frozen=True)
class CreateSubscription:
    recipient: str
    channel: Channel
    address: str
    event_types: tuple[str, ...]
    centres: tuple[str, ...]
    language: Language
    created_by: str


@dataclass(frozen=True)
class Unsubscribe:
    token: str
