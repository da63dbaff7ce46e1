"""Events that the notify service publishes. Addresses are masked: consumers need none."""

from __future__ import annotations

from shared.events.envelope import Event


class NotificationSent(Event):
    ROUTING_KEY = "notify.notification.sent.v1"
    TYPE = "notify.NotificationSent.v1"

    notification_id: str
    channel: str
    template: str
    cause_event_id: str
    attempts: int
    recipient_masked: str | None = None


class NotificationFailed(Event):
    ROUTING_KEY = "notify.notification.failed.v1"
    TYPE = "notify.NotificationFailed.v1"

    notification_id: str
    channel: str
    template: str
    cause_event_id: str
    attempts: int
    error: str | None = None
    recipient_masked: str | None = None
