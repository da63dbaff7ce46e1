"""kill -9 of notify in the middle of a batch of confirmations: each notification is marked sent
as soon as the SMTP server accepted it, so after the restart only the messages in flight at the
crash go out twice (found from outside: 200 recipients got their confirmation twice, 115-121 s
later, because a whole batch was marked sent only at its end). The duplicate count is printed.
"""

from __future__ import annotations

import asyncio
from collections import Counter

import pytest

from services.notify.bootstrap import build
from tests.integration.backbone.processes import ServiceProcess
from tests.integration.notify.servers import SmtpServer
from tests.support.services import register_queues, wait_until
from tests.unit.notify import examples

N = 300
RATE = 100.0  # emails per second: the batch (200) takes 2 s, so the kill lands inside one


async def test_kill_9_resends_only_the_messages_in_flight(
    notify_settings, smtp: SmtpServer, bus, notify_db, monkeypatch: pytest.MonkeyPatch, tmp_path
):
    settings = notify_settings(delivery_lease_seconds=8.0, rate_email_per_second=RATE)
    register_queues(build(settings))
    env = {
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(smtp.port),
        "MAIL_FROM": settings.mail_from,
        "PUBLIC_BASE_URL": settings.public_base_url,
        "DELIVERY_LEASE_SECONDS": "8",
        "DELIVERY_POLL_SECONDS": "0.2",
        "RATE_EMAIL_PER_SECOND": str(RATE),
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    notify = ServiceProcess("notify", "api,consumers,relay", settings, tmp_path / "notify.log")
    events = [examples.registered() for _ in range(N)]
    addresses = {e.contact_email for e in events}
    try:
        notify.start()
        await notify.wait_ready(60)
        for event in events:
            await bus.publish_event(event, source="/aswan/registry")
        await wait_until(lambda: _mails(smtp, addresses, N // 3), timeout=60, interval=0.01)
        notify.kill()
        at_kill = _count(smtp, addresses)
        notify.start()
        await notify.wait_ready(60)
        await wait_until(lambda: _all_sent(notify_db, [e.contact_email for e in events]), 90)
        # every row is sent: the copies resent after the lease are in the mailbox by now
    finally:
        notify.stop()
    per_address = Counter(m["To"] for m in smtp.mailbox.messages if m["To"] in addresses)
    duplicates = sum(n - 1 for n in per_address.values())
    print(
        f"\nnotify kill -9 after {at_kill} of {N} confirmations: {duplicates} sent twice "
        f"(channel_concurrency {settings.channel_concurrency}, "
        f"SMTP connections {settings.smtp_connections})"
    )
    assert set(per_address) == addresses, "every recipient got the confirmation"
    assert duplicates <= settings.channel_concurrency, notify.logs()


async def _mails(smtp: SmtpServer, addresses: set[str], count: int) -> bool:
    await asyncio.sleep(0)
    return _count(smtp, addresses) >= count


def _count(smtp: SmtpServer, addresses: set[str]) -> int:
    return sum(1 for m in smtp.mailbox.messages if m["To"] in addresses)


async def _all_sent(notify_db, addresses: list[str]) -> bool:
    pending = await notify_db.fetchval(
        "SELECT count(*) FROM notify.notifications WHERE channel = 'email' AND address = ANY($1) "
        "AND status <> 'sent'",
        addresses,
    )
    total = await notify_db.fetchval(
        "SELECT count(*) FROM notify.notifications WHERE channel = 'email' AND address = ANY($1)",
        addresses,
    )
    return bool(total == len(addresses) and pending == 0)
