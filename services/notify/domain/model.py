"""Notifications: who gets what, once; retry timing; identities. No I/O."""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from enum import StrEnum

# uuid5 namespace of notification ids: the same (cause, recipient, channel) -> the same id.
NOTIFICATION_NAMESPACE = uuid.UUID("6f1d7f3e-2b0c-5a55-9d0e-a55a2040c0de")


class Channel(StrEnum):
    EMAIL = "email"
    SMS = "sms"
    BOT = "bot"
    WEBHOOK = "webhook"


class Status(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"


class Language(StrEnum):
    AR = "ar"
    EN = "en"


@dataclass(frozen=True)
class Recipient:
    """One address to notify. ``recipient`` names the person or system (a staff id, a partner,
    ``association:<id>``, ``submission:<id>``); at most one notification per cause event,
    recipient and channel."""

    recipient: str
    channel: Channel
    address: str
    language: Language = Language.AR
    subscription_id: str | None = None


@dataclass(frozen=True)
class Rendered:
    subject: str | None
    text: str
    html: str | None = None


@dataclass(frozen=True)
class Notification:
    notification_id: str
    cause_source: str
    cause_event_id: str
    event_type: str
    template: str
    recipient: Recipient
    centre: str | None
    rendered: Rendered
    payload: bytes | None
    message_id: str | None


def notification_id(cause_source: str, cause_event_id: str, recipient: str, channel: str) -> str:
    """Deterministic: a redelivered or replayed cause event yields the same id."""
    name = f"{cause_source}|{cause_event_id}|{recipient}|{channel}"
    return str(uuid.uuid5(NOTIFICATION_NAMESPACE, name))


def email_message_id(notification_id: str, mail_from: str) -> str:
    """RFC 5322 Message-ID derived from the notification id: a re-send after a crash between the
    SMTP server's acceptance and our commit carries the same Message-ID."""
    domain = mail_from.rsplit("@", 1)[-1].strip(" >") or "aswan2040.eg"
    return f"<{notification_id}@{domain}>"


def backoff_seconds(
    attempt: int, base: float, cap: float, rand: random.Random | None = None
) -> float:
    """Exponential backoff, capped, with "equal jitter": uniform over [c/2, c] where
    c = min(cap, base * 2^(attempt-1)), so retries of many notifications spread apart."""
    ceiling = min(cap, base * 2 ** max(attempt - 1, 0))
    return ceiling / 2 + (rand or random).uniform(0, ceiling / 2)


@dataclass(frozen=True)
class SendResult:
    """Outcome of one delivery attempt, as the channel adapter reports it."""

    ok: bool
    transient: bool = False
    error: str | None = None
    retry_after: float | None = None

    @classmethod
    def sent(cls) -> SendResult:
        return cls(ok=True)

    @classmethod
    def retry(cls, error: str, retry_after: float | None = None) -> SendResult:
        return cls(ok=False, transient=True, error=error[:500], retry_after=retry_after)

    @classmethod
    def permanent(cls, error: str) -> SendResult:
        return cls(ok=False, transient=False, error=error[:500])


@dataclass(frozen=True)
class Outcome:
    """What to record after an attempt: sent, failed for good, or pending again at ``delay``."""

    status: Status
    error: str | None
    delay: float = 0.0


def decide(
    result: SendResult, attempts: int, max_attempts: int, base: float, cap: float
) -> Outcome:
    if result.ok:
        return Outcome(Status.SENT, None)
    if not result.transient or attempts >= max_attempts:
        return Outcome(Status.FAILED, result.error)
    delay = backoff_seconds(attempts, base, cap)
    if result.retry_after is not None:
        delay = max(delay, min(result.retry_after, cap))
    return Outcome(Status.PENDING, result.error, delay)
