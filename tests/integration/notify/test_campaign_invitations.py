"""Campaign invitations against the real PostgreSQL, RabbitMQ and a local SMTP server: an opened
campaign for associations is mailed to the associations based in its centres, and only them."""

from __future__ import annotations

import uuid

from services.notify.bootstrap import build
from tests.integration.notify.servers import SmtpServer
from tests.support.services import running
from tests.unit.notify import examples

SENT = "notify.notification.sent.v1"


def mail(tag: str) -> str:
    return f"{tag}-{uuid.uuid4().hex[:6]}@example.org"


async def test_an_opened_campaign_invites_the_associations_of_its_centres(
    notify_settings, smtp: SmtpServer, bus, notify_db
):
    app = build(notify_settings())
    edfu = examples.registered(centre="edfu", centres_served=["edfu"], contact_email=mail("e"))
    daraw = examples.registered(centre="daraw", centres_served=["daraw"], status="active",
                                contact_email=mail("d"))  # fmt: skip
    aswan = examples.registered(centre="aswan", centres_served=["aswan"], contact_email=mail("a"))
    campaign = examples.campaign_opened(centres=["edfu", "daraw"])
    staff_only = examples.campaign_opened(centres=["edfu"], audience="staff")
    capture = await bus.capture(SENT)
    async with running(app):
        for event in (edfu, daraw, aswan):
            await bus.publish_event(event, source="/aswan/registry")
        await smtp.mailbox.wait_for(aswan.contact_email)  # the registrations were handled
        staff_id = await bus.publish_event(staff_only, source="/aswan/assessment")
        event_id = await bus.publish_event(campaign, source="/aswan/assessment")
        await capture.wait_for(lambda e: e["data"]["cause_event_id"] == event_id, count=2)
    invited = await notify_db.fetch(
        "SELECT address, template FROM notify.notifications WHERE cause_event_id = $1"
        " ORDER BY address",
        event_id,
    )
    # the session's database holds other tests' associations in these centres too: look at ours
    ours = {edfu.contact_email, daraw.contact_email, aswan.contact_email}
    assert sorted(r["address"] for r in invited if r["address"] in ours) == sorted(
        [edfu.contact_email, daraw.contact_email]
    )
    assert {r["template"] for r in invited} == {"campaign_opened"}
    [letter] = [m for m in smtp.mailbox.to(daraw.contact_email) if "التقييم" in m["Subject"]]
    text = letter.get_body(("plain",)).get_content()
    assert campaign.title_ar in text and "دراو" in text and "2027-02-10" in text
    staff_rows = await notify_db.fetchval(
        "SELECT count(*) FROM notify.notifications WHERE cause_event_id = $1", staff_id
    )
    assert staff_rows == 0  # a campaign for staff invites no association
