"""No e-mail address or phone number in clear in any log line of a run: registrations over HTTP
and over the bus (accepted and rejected, good and bad contacts), through registry and notify to
the confirmation e-mails at a real SMTP server. Every record any logger wrote (INFO and up, as
production logs) is scanned, its message and its exception text."""

from __future__ import annotations

import logging
import random
import re
import secrets
import uuid

import pytest

from services.notify.bootstrap import build as build_notify
from services.notify.config import NotifySettings
from shared.events.intake import AssociationRegistrationSubmitted
from tests.integration.notify.servers import smtp_server
from tests.support.services import running

EMAIL = re.compile(r"(?<![*\w.+-])[\w.+-]+@[\w-]+(\.[\w-]+)+")
PHONE = re.compile(r"(?<![*\d])(\+?20|0)1[0125]\d{8}(?!\d)")


def _registration(email: str, phone: str) -> dict[str, object]:
    return {
        "name_ar": f"جمعية النور رقم {random.randint(1, 10**9)}",
        "registration_number": str(random.randint(10**9, 10**11)),
        "legal_form": "association",
        "centre": "edfu",
        "sectors": ["health"],
        "contact_email": email,
        "contact_phone": phone,
    }


async def test_logs_of_a_run_hold_no_address_or_phone_in_clear(
    registry_app, settings_for, bus, auth, caplog: pytest.LogCaptureFixture
):
    caplog.set_level(logging.INFO)
    tag = uuid.uuid4().hex[:8]
    emails = [f"person.{tag}.{n}@example.org" for n in range(6)]
    phones = [f"010{random.randint(10**7, 10**8 - 1)}" for _ in range(6)]
    async with smtp_server() as smtp:
        notify = build_notify(
            settings_for(
                NotifySettings,
                smtp_port=smtp.port,
                delivery_poll_seconds=0.1,
                unsubscribe_signing_key=secrets.token_hex(32),
                webhook_secrets_key=secrets.token_hex(32),
            )
        )
        async with running(notify), running(registry_app) as client:
            for n in range(3):  # accepted over HTTP
                answer = await client.post(
                    "/v1/registrations",
                    json=_registration(emails[n], phones[n]),
                    headers=auth("staff"),
                )
                assert answer.status_code == 202, answer.text
            bad = {**_registration(emails[3], "12345"), "centre": "cairo"}  # rejected
            assert (
                await client.post("/v1/registrations", json=bad, headers=auth("staff"))
            ).status_code == 202
            for n in (4, 5):  # over the bus, one of them rejected
                data = _registration(emails[n], phones[n])
                if n == 5:
                    data["registration_number"] = "12ab"
                await bus.publish_event(AssociationRegistrationSubmitted(**data))
            for address in emails:
                await smtp.mailbox.wait_for(address, timeout=30)
    # every logger but the test's own SMTP server (aiosmtpd's "mail.log" shows what it received)
    lines = [
        f"{r.name}: {r.getMessage()}{r.exc_text or ''}"
        for r in caplog.records
        if not r.name.startswith("mail.")
    ]
    assert sum("@example.org" in line for line in lines) >= 4, "contacts were logged, masked"
    leaks = [line for line in lines if any(v in line for v in emails + phones)]
    leaks += [line for line in lines if EMAIL.search(line) or PHONE.search(line)]
    assert leaks == []
