"""Email notifications against the real PostgreSQL, RabbitMQ and a local aiosmtpd server."""

from __future__ import annotations

from services.notify.bootstrap import build
from tests.integration.notify.servers import SmtpServer
from tests.support.services import running, wait_until
from tests.unit.notify import examples

SENT = "notify.notification.sent.v1"


async def test_same_registration_delivered_twice_sends_one_email(
    notify_settings, smtp: SmtpServer, bus, notify_db
):
    app = build(notify_settings())
    event, marker = examples.registered(), examples.registered()
    capture = await bus.capture(SENT)
    async with running(app):
        event_id = await bus.publish_event(event, source="/aswan/registry")
        await bus.publish_event(event, source="/aswan/registry", event_id=event_id)
        await bus.publish_event(marker, source="/aswan/registry")
        # the marker was queued after the duplicate: once it is sent, both were handled
        await capture.wait_for(lambda e: e["data"]["cause_event_id"] == event_id)
        await smtp.mailbox.wait_for(marker.contact_email)
    [mail] = smtp.mailbox.to(event.contact_email)
    assert event.org_id in mail["Subject"]
    text = mail.get_body(("plain",)).get_content()
    html = mail.get_body(("html",)).get_content()
    assert text.index("تم تسجيل") < text.index("is registered")  # Arabic first
    assert event.org_id in text and '<html lang="ar" dir="rtl">' in html
    assert mail["List-Unsubscribe"].startswith("<http://notify.test/v1/unsubscribe/")
    rows = await notify_db.fetch(
        "SELECT notification_id, status, message_id FROM notify.notifications "
        "WHERE cause_event_id = $1",
        event_id,
    )
    assert len(rows) == 1 and rows[0]["status"] == "sent"
    assert mail["Message-ID"] == rows[0]["message_id"]
    assert rows[0]["message_id"] == f"<{rows[0]['notification_id']}@aswan2040.test>"
    sent = [e for e in capture.events() if e["data"]["cause_event_id"] == event_id]
    assert len(sent) == 1
    assert sent[0]["data"]["recipient_masked"] != event.contact_email
    assert sent[0]["data"]["recipient_masked"].endswith("@example.org")
    contact = await notify_db.fetchrow(
        "SELECT org_id, email FROM notify.contacts WHERE association_id = $1",
        event.association_id,
    )
    assert contact["org_id"] == event.org_id and contact["email"] == event.contact_email


async def test_smtp_down_for_a_while_then_email_arrives(
    notify_settings, smtp: SmtpServer, bus, notify_db
):
    app = build(notify_settings())
    event = examples.registered()
    capture = await bus.capture(SENT)
    await smtp.stop()
    async with running(app):
        event_id = await bus.publish_event(event, source="/aswan/registry")

        async def failed_twice():
            return await notify_db.fetchrow(
                "SELECT status, attempts, last_error FROM notify.notifications "
                "WHERE cause_event_id = $1 AND attempts >= 2",
                event_id,
            )

        row = await wait_until(failed_twice)
        assert row["status"] == "pending" and row["last_error"]
        assert smtp.mailbox.to(event.contact_email) == []
        await smtp.start()
        [sent] = await capture.wait_for(lambda e: e["data"]["cause_event_id"] == event_id)
        [mail] = await smtp.mailbox.wait_for(event.contact_email)
    assert sent["data"]["attempts"] >= 3
    assert event.org_id in mail["Subject"]


async def test_data_that_breaks_a_template_is_dead_lettered_while_others_flow(
    notify_settings, smtp: SmtpServer, bus, client_factory, uid
):
    settings = notify_settings()
    app = build(settings)
    staff = f"staff-{uid}@aswan.gov.eg"
    # a line break in a KPI name would inject mail headers into the subject
    bad = examples.kpi_off_track(name_ar="مؤشر\r\nBcc: victim@evil.test")
    good = examples.kpi_off_track()
    async with running(app) as client:
        await client_factory(
            client, "email", staff, ["monitoring.KPIOffTrack.v1"], centres=["edfu"]
        )
        bad_id = await bus.publish_event(bad, source="/aswan/monitoring")
        await bus.publish_event(good, source="/aswan/monitoring")
        [mail] = await smtp.mailbox.wait_for(staff)
        [dead] = await bus.drain_queue(settings.queue("kpi-alerts") + ".dlq")
    assert good.kpi_code in mail.get_body(("plain",)).get_content()
    assert dead.message_id == bad_id
    assert dead.headers["x-error-kind"] == "template_error"
    assert "header injection" in dead.headers["x-error"]
    assert dead.headers["x-attempts"] == 1  # not retried: the data cannot get better


async def test_commit_wakes_the_delivery_worker_without_waiting_for_a_poll(
    notify_settings, smtp: SmtpServer, bus
):
    # polling every 60 s: only the LISTEN/NOTIFY wake-up can deliver within the wait below
    app = build(notify_settings(delivery_poll_seconds=60.0))
    event = examples.registered()
    async with running(app):
        await bus.publish_event(event, source="/aswan/registry")
        [mail] = await smtp.mailbox.wait_for(event.contact_email, timeout=10)
    assert event.org_id in mail["Subject"]
