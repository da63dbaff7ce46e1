"""SMS and bot gateways and signed webhooks over HTTP, against real local HTTP servers."""

from __future__ import annotations

import json
import secrets

from services.notify.adapters.secret_box import SecretBox
from services.notify.bootstrap import build, reseal_secrets
from services.notify.domain.signing import verify_webhook
from tests.integration.notify.servers import Receiver, free_port, http_receiver
from tests.support.services import running
from tests.unit.notify import examples

SENT = "notify.notification.sent.v1"
FAILED = "notify.notification.failed.v1"


async def test_sms_gateway_5xx_is_retried_then_sent(notify_settings, sms_gateway: Receiver, bus):
    sms_gateway.script = [503, 500]
    event = examples.registered(contact_email=None, contact_phone="+201001234567")
    capture = await bus.capture(SENT)
    async with running(build(notify_settings())):
        event_id = await bus.publish_event(event, source="/aswan/registry")
        [sent] = await capture.wait_for(lambda e: e["data"]["cause_event_id"] == event_id)
    assert sent["data"]["channel"] == "sms" and sent["data"]["attempts"] == 3
    assert sent["data"]["recipient_masked"] == "**********567"
    assert len(sms_gateway.requests) == 3
    keys = {r.headers["idempotency-key"] for r in sms_gateway.requests}
    assert keys == {sent["data"]["notification_id"]}  # the same key on every retry
    last = sms_gateway.requests[-1]
    assert last.headers["authorization"] == "Bearer sms-token-for-tests"
    body = last.json()
    assert body["to"] == "+201001234567" and event.org_id in body["text"]
    assert body["text"].startswith("أسوان 2040")


async def test_rejection_from_the_bot_is_answered_by_bot_and_from_the_portal_by_email(
    notify_settings, bot_gateway: Receiver, smtp, bus
):
    by_bot = examples.rejected(channel="bot", bot_chat_id="chat-42", language="en")
    by_portal = examples.rejected()
    async with running(build(notify_settings())):
        await bus.publish_event(by_bot, source="/aswan/registry")
        await bus.publish_event(by_portal, source="/aswan/registry")
        [mail] = await smtp.mailbox.wait_for(by_portal.contact_email)
        capture_done = await bus.capture(SENT)
        marker = examples.rejected(channel="bot", bot_chat_id="chat-marker")
        marker_id = await bus.publish_event(marker, source="/aswan/registry")
        await capture_done.wait_for(lambda e: e["data"]["cause_event_id"] == marker_id)
    to_bot = [r.json() for r in bot_gateway.requests if r.json()["to"] == "chat-42"]
    assert len(to_bot) == 1
    assert "The registration number belongs to another association" in to_bot[0]["text"]
    assert to_bot[0]["language"] == "en"
    assert not smtp.mailbox.to(by_bot.contact_email)  # bot submitters hear on the bot only
    text = mail.get_body(("plain",)).get_content()
    assert "رقم القيد مسجل لجمعية أخرى" in text and "registration_number" in text


async def test_webhook_is_signed_and_survives_429_and_a_timeout(
    notify_settings, bus, client_factory, notify_db
):
    async with http_receiver(("429", {"retry-after": "0"}), "hang", hang_seconds=2.0) as hook:
        hook.script[0] = (429, {"retry-after": "0"})
        capture = await bus.capture(SENT)
        async with running(build(notify_settings())) as client:
            created = await client_factory(
                client, "webhook", hook.url, ["registry.PartnershipRecorded.v1"]
            )
            event = examples.partnership(centres=["kom_ombo"])
            event_id = await bus.publish_event(event, source="/aswan/registry", subject="p-1")
            [sent] = await capture.wait_for(lambda e: e["data"]["cause_event_id"] == event_id)
    assert sent["data"]["channel"] == "webhook" and sent["data"]["attempts"] == 3
    assert len(hook.requests) == 3
    final = hook.requests[-1]
    secret = created["secret"]
    stored = await notify_db.fetchval(
        "SELECT secret FROM notify.subscriptions WHERE subscription_id = $1",
        created["subscription_id"],
    )
    assert stored.startswith("fernet:") and secret not in stored  # sealed at rest
    assert verify_webhook(
        secret, final.body, final.headers["webhook-signature"], final.headers["webhook-timestamp"]
    )
    assert not verify_webhook(
        "wrong-secret",
        final.body,
        final.headers["webhook-signature"],
        final.headers["webhook-timestamp"],
    )
    cloud_event = json.loads(final.body)
    assert cloud_event["id"] == event_id
    assert cloud_event["type"] == "eg.aswan.registry.PartnershipRecorded.v1"
    assert cloud_event["data"]["partnership_id"] == event.partnership_id
    assert final.headers["content-type"] == "application/cloudevents+json"
    assert {r.headers["webhook-id"] for r in hook.requests} == {sent["data"]["notification_id"]}


async def test_refused_webhook_fails_after_bounded_attempts(notify_settings, bus, client_factory):
    closed = f"http://127.0.0.1:{free_port()}/hook"  # nothing listens there
    failed = await bus.capture(FAILED)
    async with running(build(notify_settings(delivery_max_attempts=3))) as client:
        await client_factory(client, "webhook", closed, ["registry.PartnershipRecorded.v1"])
        event_id = await bus.publish_event(examples.partnership(), source="/aswan/registry")
        [event] = await failed.wait_for(lambda e: e["data"]["cause_event_id"] == event_id)
    assert event["data"]["attempts"] == 3
    assert "ConnectError" in event["data"]["error"]
    assert event["data"]["recipient_masked"].endswith("/***")


async def test_gateway_4xx_is_permanent_at_once(notify_settings, sms_gateway: Receiver, bus):
    sms_gateway.script = [400]
    failed = await bus.capture(FAILED)
    event = examples.registered(contact_email=None, contact_phone="+201009999999")
    async with running(build(notify_settings())):
        event_id = await bus.publish_event(event, source="/aswan/registry")
        [out] = await failed.wait_for(lambda e: e["data"]["cause_event_id"] == event_id)
    assert out["data"]["attempts"] == 1 and "HTTP 400" in out["data"]["error"]
    assert len(sms_gateway.requests) == 1


async def test_channel_rate_limit_paces_the_gateway(notify_settings, sms_gateway: Receiver, bus):
    events = [
        examples.registered(contact_email=None, contact_phone=f"+2010000000{i:02d}")
        for i in range(6)
    ]
    capture = await bus.capture(SENT)
    # 10 per second, a burst of one: six messages need at least half a second
    async with running(build(notify_settings(rate_sms_per_second=10.0))):
        ids = [await bus.publish_event(e, source="/aswan/registry") for e in events]
        await capture.wait_for(lambda e: e["data"]["cause_event_id"] in ids, count=6)
    arrivals = [r.at for r in sms_gateway.requests]
    assert len(arrivals) == 6
    assert arrivals[-1] - arrivals[0] >= 0.45


async def test_a_key_rotation_reseals_every_secret_and_webhooks_still_verify(
    notify_settings, bus, client_factory, notify_db
):
    """WEBHOOK_SECRETS_KEY=new,old, then ``reseal-secrets``, then the old key dropped: the
    subscriber's secret (and one stored before sealing) still signs, now sealed by the new key."""
    old, new = notify_settings().webhook_secrets_key.get_secret_value(), secrets.token_hex(32)
    legacy_secret = "legacy-secret-0123456789abcdef"
    capture = await bus.capture(SENT)
    async with http_receiver() as hook, http_receiver() as legacy_hook:
        async with running(build(notify_settings())) as client:  # sealed with the old key
            created = await client_factory(
                client, "webhook", hook.url, ["registry.PartnershipRecorded.v1"]
            )
            legacy = await client_factory(
                client, "webhook", legacy_hook.url, ["registry.PartnershipRecorded.v1"]
            )
        await notify_db.execute(  # as a row written before secrets were sealed
            "UPDATE notify.subscriptions SET secret = $2 WHERE subscription_id = $1",
            legacy["subscription_id"],
            legacy_secret,
        )
        resealed = await reseal_secrets(notify_settings(webhook_secrets_key=f"{new},{old}"))
        try:
            stored = dict(
                await notify_db.fetch(
                    "SELECT subscription_id, secret FROM notify.subscriptions "
                    "WHERE subscription_id = ANY($1)",
                    [created["subscription_id"], legacy["subscription_id"]],
                )
            )
            async with running(build(notify_settings(webhook_secrets_key=new))):
                event_id = await bus.publish_event(examples.partnership(), source="/aswan/registry")
                await capture.wait_for(lambda e: e["data"]["cause_event_id"] == event_id, count=2)
        finally:  # the session's later tests seal and open with the old key
            await reseal_secrets(notify_settings(webhook_secrets_key=f"{old},{new}"))
    assert resealed >= 2
    box = SecretBox(new)
    assert box.open(stored[created["subscription_id"]]) == created["secret"]
    assert box.open(stored[legacy["subscription_id"]]) == legacy_secret
    for secret, receiver in ((created["secret"], hook), (legacy_secret, legacy_hook)):
        [request] = receiver.requests
        assert verify_webhook(
            secret,
            request.body,
            request.headers["webhook-signature"],
            request.headers["webhook-timestamp"],
        )
