"""Pure rules of notify: who hears what, retry timing, signatures, addresses."""

from __future__ import annotations

import random

import pytest

from services.notify.domain import recipients as who
from services.notify.domain.errors import InvalidAddressError, UnknownEventTypeError
from services.notify.domain.model import (
    Channel,
    Language,
    SendResult,
    Status,
    backoff_seconds,
    decide,
    email_message_id,
    notification_id,
)
from services.notify.domain.signing import (
    sign_unsubscribe,
    verify_unsubscribe,
    verify_webhook,
    webhook_signature,
)
from services.notify.domain.subscriptions import normalise_address, normalise_event_types
from shared.events import EVENT_TYPES


def test_notification_id_is_deterministic_per_cause_recipient_channel():
    a = notification_id("/aswan/registry", "e1", "association:1", "email")
    assert a == notification_id("/aswan/registry", "e1", "association:1", "email")
    assert a != notification_id("/aswan/registry", "e1", "association:1", "sms")
    assert a != notification_id("/aswan/registry", "e2", "association:1", "email")
    assert email_message_id(a, "Aswan <no-reply@aswan2040.eg>") == f"<{a}@aswan2040.eg>"


def test_backoff_grows_exponentially_with_jitter_and_a_cap():
    rand = random.Random(7)
    for attempt, ceiling in [(1, 1.0), (2, 2.0), (3, 4.0), (4, 8.0), (10, 30.0)]:
        values = [backoff_seconds(attempt, 1.0, 30.0, rand) for _ in range(200)]
        assert min(values) >= ceiling / 2 and max(values) <= ceiling
        assert len(set(values)) > 100  # jitter spreads retries apart


def test_decide_sent_retry_and_failed():
    assert decide(SendResult.sent(), 1, 5, 1, 60).status is Status.SENT
    retry = decide(SendResult.retry("503"), 1, 5, 1, 60)
    assert retry.status is Status.PENDING and 0.5 <= retry.delay <= 1.0
    assert decide(SendResult.retry("503"), 5, 5, 1, 60).status is Status.FAILED
    assert decide(SendResult.permanent("550 no such user"), 1, 5, 1, 60).status is Status.FAILED
    honoured = decide(SendResult.retry("429", retry_after=20), 1, 5, 1, 60)
    assert honoured.delay >= 20


def test_unsubscribe_token_round_trip_and_tampering():
    key = b"x" * 32
    token = sign_unsubscribe(key, "n-1")
    assert verify_unsubscribe(key, token) == "n-1"
    assert verify_unsubscribe(b"y" * 32, token) is None
    assert verify_unsubscribe(key, "n-2" + token[3:]) is None
    assert verify_unsubscribe(key, "garbage") is None


def test_webhook_signature_window_and_tampering():
    body, secret, ts = b'{"id":"1"}', "s3cret", 1_800_000_000
    sig = webhook_signature(secret, ts, body)
    assert sig.startswith("v1=")
    assert verify_webhook(secret, body, sig, str(ts), now=ts + 10)
    assert not verify_webhook(secret, body + b" ", sig, str(ts), now=ts)
    assert not verify_webhook("other", body, sig, str(ts), now=ts)
    assert not verify_webhook(secret, body, sig, str(ts), now=ts + 301)  # replayed too late
    assert not verify_webhook(secret, body, sig, "not-a-number", now=ts)


def test_association_hears_by_email_and_bot_sms_only_as_fallback():
    both = who.association_contacts("a1", "a@x.org", "+20100", "chat-1", "en")
    assert [(r.channel, r.address) for r in both] == [
        (Channel.EMAIL, "a@x.org"),
        (Channel.BOT, "chat-1"),
    ]
    assert both[0].language is Language.EN
    only_phone = who.association_contacts("a1", None, "+20100", None, None)
    assert [r.channel for r in only_phone] == [Channel.SMS]
    assert only_phone[0].language is Language.AR


def test_rejection_answers_on_the_channel_the_submission_came_from():
    bot = who.submitter("s1", "bot", "a@x.org", None, "chat-9", None)
    assert [(r.channel, r.address) for r in bot] == [(Channel.BOT, "chat-9")]
    portal = who.submitter("s1", "portal", "a@x.org", None, "chat-9", None)
    assert [(r.channel, r.address) for r in portal] == [(Channel.EMAIL, "a@x.org")]
    assert who.submitter("s1", "portal", None, None, None, None) == []


def test_once_each_keeps_one_per_recipient_and_channel():
    rows = who.association_contacts("a", "a@x.org", None, None, None) * 2
    assert len(who.once_each(rows)) == 1


def test_event_types_short_or_full_and_unknown_refused():
    full = "eg.aswan.registry.AssociationRegistered.v1"
    assert normalise_event_types(["registry.AssociationRegistered.v1", full], EVENT_TYPES) == (
        full,
    )
    with pytest.raises(UnknownEventTypeError):
        normalise_event_types(["registry.Nope.v1"], EVENT_TYPES)
    with pytest.raises(UnknownEventTypeError):  # notify's own events would loop
        normalise_event_types(["notify.NotificationFailed.v1"], EVENT_TYPES)


def test_addresses_per_channel():
    assert normalise_address(Channel.SMS, "+٢٠١٠٠ ١٢٣ ٤٥٦٧") == "+201001234567"
    assert normalise_address(Channel.EMAIL, " staff@aswan.gov.eg ") == "staff@aswan.gov.eg"
    for channel, bad in [
        (Channel.EMAIL, "staff@"),
        (Channel.SMS, "call me"),
        (Channel.WEBHOOK, "ftp://x"),
        (Channel.EMAIL, "a@b.org\r\nBcc: c@d.org"),
    ]:
        with pytest.raises(InvalidAddressError):
            normalise_address(channel, bad)
