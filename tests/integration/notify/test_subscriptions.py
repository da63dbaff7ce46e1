"""Subscriptions API, centre filters, the signed unsubscribe link and the delivery log."""

from __future__ import annotations

import re

from services.notify.bootstrap import build
from tests.support.services import running, wait_until
from tests.unit.notify import examples

SENT = "notify.notification.sent.v1"
KPI = "monitoring.KPIOffTrack.v1"


async def test_subscriptions_need_staff_and_valid_input(notify_settings, auth):
    body = {"recipient": "x", "channel": "email", "address": "a@b.org", "event_types": [KPI]}
    async with running(build(notify_settings())) as client:
        anonymous = await client.post("/v1/subscriptions", json=body)
        partner = await client.post("/v1/subscriptions", json=body, headers=auth("partner"))
        unknown = await client.post(
            "/v1/subscriptions",
            json={**body, "event_types": ["registry.Nope.v1"]},
            headers=auth("staff"),
        )
        bad_address = await client.post(
            "/v1/subscriptions",
            json={**body, "channel": "sms", "address": "call me"},
            headers=auth("staff"),
        )
        bad_centre = await client.post(
            "/v1/subscriptions", json={**body, "centres": ["cairo"]}, headers=auth("staff")
        )
        arabic_digits = await client.post(
            "/v1/subscriptions",
            json={**body, "channel": "sms", "address": "+٢٠١٠٠١٢٣٤٥٦٧"},
            headers=auth("staff"),
        )
        log = await client.get("/v1/deliveries", headers=auth("association", association_id="a"))
        await client.delete(
            f"/v1/subscriptions/{arabic_digits.json()['subscription_id']}", headers=auth("staff")
        )
        missing = await client.delete("/v1/subscriptions/nope", headers=auth("staff"))
    assert anonymous.status_code == 401 and partner.status_code == 403
    assert log.status_code == 403
    assert unknown.status_code == 422
    assert unknown.json()["code"] == "unknown_event_type"
    assert unknown.json()["field"] == "event_types" and unknown.json()["message_ar"]
    assert bad_address.status_code == 422 and bad_address.json()["code"] == "invalid_address"
    assert bad_address.json()["field"] == "address"
    assert bad_centre.status_code == 422 and bad_centre.json()["field"] == "centres.0"
    assert arabic_digits.status_code == 201 and arabic_digits.json()["address"] == "+201001234567"
    assert arabic_digits.json()["secret"] is None
    assert missing.status_code == 404 and missing.json()["code"] == "subscription_not_found"


async def test_kpi_off_track_reaches_subscribers_of_its_centre_only(
    notify_settings, smtp, sms_gateway, bus, client_factory, auth, uid
):
    edfu, aswan = f"edfu-{uid}@aswan.gov.eg", f"aswan-{uid}@aswan.gov.eg"
    capture = await bus.capture(SENT)
    async with running(build(notify_settings())) as client:
        await client_factory(client, "email", edfu, [KPI], centres=["edfu"], language="en")
        await client_factory(client, "email", aswan, [KPI], centres=["aswan"])
        await client_factory(client, "sms", "+201112223334", [KPI], recipient=f"partner-{uid}")
        event = examples.kpi_off_track(centre="edfu")
        event_id = await bus.publish_event(event, source="/aswan/monitoring")
        await capture.wait_for(lambda e: e["data"]["cause_event_id"] == event_id, count=2)
        log = await client.get(
            "/v1/deliveries", params={"cause_event_id": event_id}, headers=auth("staff")
        )
        sms_only = await client.get(
            "/v1/deliveries",
            params={"cause_event_id": event_id, "channel": "sms"},
            headers=auth("staff"),
        )
    [mail] = smtp.mailbox.to(edfu)
    assert not smtp.mailbox.to(aswan)
    text = mail.get_body(("plain",)).get_content()
    assert text.index("KPI off track") < text.index("مؤشر خارج المسار")  # English preferred
    assert mail["Subject"].startswith("Off track: Primary school enrolment rate (Edfu")
    assert [r.json()["to"] for r in sms_gateway.requests] == ["+201112223334"]
    rows = log.json()
    assert log.status_code == 200 and len(rows) == 2
    assert {r["status"] for r in rows} == {"sent"}
    assert {r["address_masked"] for r in rows} == {_mask(edfu), "**********334"}
    assert all("address" not in r for r in rows)
    assert [r["channel"] for r in sms_only.json()] == ["sms"]


def _mask(address: str) -> str:
    local, domain = address.split("@")
    return local[0] + "*" * (len(local) - 2) + local[-1] + "@" + domain


async def test_unsubscribe_link_works_without_login(
    notify_settings, smtp, bus, client_factory, auth, uid, notify_db
):
    address = f"partner-{uid}@example.org"
    async with running(build(notify_settings())) as client:
        sub = await client_factory(client, "email", address, [KPI])
        await bus.publish_event(examples.kpi_off_track(), source="/aswan/monitoring")
        [mail] = await smtp.mailbox.wait_for(address)
        link = re.search(
            r"http://notify\.test(/v1/unsubscribe/\S+)", mail.get_body(("plain",)).get_content()
        ).group(1)
        tampered = await client.post(link[:-3] + "AAA")
        page = await client.get(link)
        done = await client.post(link)
        listed = await client.get("/v1/subscriptions", headers=auth("staff"))
        second = await bus.publish_event(examples.kpi_off_track(), source="/aswan/monitoring")
        # handled (its inbox row is committed with any notification rows) ...
        await wait_until(
            lambda: notify_db.fetchval(
                "SELECT count(*) FROM notify.inbox WHERE event_id = $1", second
            )
        )
        # ... and nobody left to tell
        log = await notify_db.fetch(
            "SELECT recipient FROM notify.notifications WHERE cause_event_id = $1", second
        )
    assert tampered.status_code == 404 and 'dir="rtl"' in tampered.text
    assert (
        page.status_code == 200 and 'method="post"' in page.text and "إلغاء الاشتراك" in page.text
    )
    assert done.status_code == 200 and "تم إلغاء الاشتراك" in done.text
    assert sub["subscription_id"] not in {s["subscription_id"] for s in listed.json()}
    assert [r for r in log if r["recipient"] == sub["recipient"]] == []
    assert len(smtp.mailbox.to(address)) == 1


async def test_status_change_reaches_the_association_from_the_read_model(
    notify_settings, smtp, bus, auth
):
    registered = examples.registered()
    capture = await bus.capture(SENT)
    async with running(build(notify_settings())) as client:
        first = await bus.publish_event(registered, source="/aswan/registry")
        await capture.wait_for(lambda e: e["data"]["cause_event_id"] == first)
        change = examples.status_changed(registered.association_id)
        second = await bus.publish_event(change, source="/aswan/registry")
        await capture.wait_for(lambda e: e["data"]["cause_event_id"] == second)
        mails = await smtp.mailbox.wait_for(registered.contact_email, count=2)
        log = await client.get(
            "/v1/deliveries",
            params={"recipient": f"association:{registered.association_id}", "status": "sent"},
            headers=auth("staff"),
        )
    text = mails[1].get_body(("plain",)).get_content()
    assert "تغيّرت حالة جمعية الأمل" in text and "موقوفة" in text
    assert "لم تقدم التقرير السنوي" in text
    assert {r["template"] for r in log.json()} == {"association_registered", "status_changed"}


async def test_subscription_made_by_another_process_reaches_the_consumers_at_once(
    notify_settings, smtp, bus, client_factory, uid
):
    """The API and the consumers in separate processes (roles): the consumers' in-memory
    subscription index is dropped by the API's NOTIFY, well before its 5 s time-to-live."""
    address = f"late-{uid}@aswan.gov.eg"
    consumers = build(notify_settings(), roles=("consumers", "relay"))
    api = build(notify_settings(), roles=("api",))
    index = consumers.state.subscription_index
    async with running(consumers), running(api) as client:
        warm = await bus.publish_event(examples.kpi_off_track(), source="/aswan/monitoring")
        await wait_until(lambda: _has_inbox(consumers, warm))
        assert index._rows is not None  # loaded while handling the first event
        await client_factory(client, "email", address, [KPI])
        await wait_until(lambda: _async(index._rows is None), timeout=4)
        await bus.publish_event(examples.kpi_off_track(), source="/aswan/monitoring")
        [mail] = await smtp.mailbox.wait_for(address, timeout=4)
    assert "مؤشر خارج المسار" in mail["Subject"]


async def _async(value):
    return value


async def _has_inbox(app, event_id):
    async with app.state.runtime.engine.connect() as conn:
        from sqlalchemy import text

        return await conn.scalar(
            text("SELECT count(*) FROM inbox WHERE event_id = :id"), {"id": event_id}
        )


async def test_health_readiness_and_metrics(notify_settings):
    async with running(build(notify_settings())) as client:
        health = await client.get("/healthz")
        # ready once the relay and every consumer are attached (as an orchestrator polls it)
        ready = await wait_until(lambda: _ready(client))
        metrics = await client.get("/metrics")
    assert health.json() == {"status": "ok", "service": "notify"}
    assert ready.status_code == 200 and ready.json()["ready"] is True
    assert {k for k in ready.json() if k.startswith("consumer:")} == {
        f"consumer:{notify_settings().queue(p)}"
        for p in ("registry-events", "kpi-alerts", "campaigns", "signin-codes", "subscriptions")
    }
    assert metrics.status_code == 200 and "aswan_outbox_backlog" in metrics.text


async def _ready(client):
    response = await client.get("/readyz")
    return response if response.status_code == 200 else None
