"""The delivery worker's edges: a crash between SMTP acceptance and the commit, clean stop,
SMTP authentication."""

from __future__ import annotations

import secrets

import pytest
from aiosmtpd.smtp import SMTP, AuthResult

from services.notify.adapters.email import SmtpSender
from services.notify.adapters.templates import TemplateRenderer
from services.notify.bootstrap import build, secret_box
from services.notify.config import SCHEMA
from services.notify.service_layer import handlers
from services.notify.service_layer.rendering import NotificationFactory
from services.notify.service_layer.unit_of_work import NotifyUnitOfWork
from shared.db import make_engine
from shared.events.envelope import make_envelope
from tests.integration.notify.servers import Mailbox, SmtpServer
from tests.support.services import running
from tests.unit.notify import examples

SENT = "notify.notification.sent.v1"
FAILED = "notify.notification.failed.v1"


async def test_crash_after_smtp_acceptance_resends_with_the_same_message_id(
    notify_settings, smtp: SmtpServer, bus, notify_db
):
    settings = notify_settings(delivery_lease_seconds=1.0)
    engine = make_engine(settings.database_url, SCHEMA)
    factory = NotificationFactory(
        TemplateRenderer(),
        settings.mail_from,
        settings.public_base_url,
        settings.unsubscribe_signing_key.get_secret_value().encode(),
    )
    event = examples.registered()
    envelope = make_envelope(event, source="/aswan/registry", subject=event.association_id)
    try:
        # the consumer's work, committed
        async with NotifyUnitOfWork(
            engine, settings.source, SCHEMA, factory, secret_box(settings)
        ) as uow:
            await handlers.on_association_registered(envelope, uow)
            await uow.commit()
        # a worker claims it and the SMTP server accepts it ... then the worker dies
        async with NotifyUnitOfWork(
            engine, settings.source, SCHEMA, factory, secret_box(settings)
        ) as uow:
            claimed = await uow.notifications.claim("email", 10, 1.0)
            await uow.commit()
        [row] = [r for r in claimed if r["address"] == event.contact_email]
        dying = SmtpSender(
            host="127.0.0.1",
            port=smtp.port,
            mail_from=settings.mail_from,
            unsubscribe_url=factory.unsubscribe_url,
        )
        assert (await dying.send(row)).ok
        await dying.close()
    finally:
        await engine.dispose()
    capture = await bus.capture(SENT)
    async with running(build(settings)):
        # the lease ends, another worker sends it again: same Message-ID, so the receiving
        # side can drop the copy
        await capture.wait_for(lambda e: e["data"]["cause_event_id"] == envelope.id)
    first, second = smtp.mailbox.to(event.contact_email)
    assert first["Message-ID"] == second["Message-ID"] == row["message_id"]
    state = await notify_db.fetchrow(
        "SELECT status, attempts FROM notify.notifications WHERE notification_id = $1",
        row["notification_id"],
    )
    assert state["status"] == "sent" and state["attempts"] == 2


async def test_stop_finishes_the_send_in_hand_and_records_it(
    notify_settings, bot_gateway, bus, notify_db
):
    bot_gateway.script = ["hang"]
    bot_gateway.hang_seconds = 0.5  # slower than nothing, faster than the client timeout
    event = examples.rejected(channel="bot", bot_chat_id="chat-stop", contact_email=None)
    app = build(notify_settings())
    async with running(app):
        await bus.publish_event(event, source="/aswan/registry")
        while not bot_gateway.requests:  # the send is in flight
            await _yield()
    worker = app.state.delivery
    assert worker._tasks == []
    row = await notify_db.fetchrow(
        "SELECT status, attempts FROM notify.notifications WHERE address = 'chat-stop'"
    )
    assert row["status"] == "sent" and row["attempts"] == 1


async def _yield():
    import asyncio

    await asyncio.sleep(0.01)


class _Auth:
    def __init__(self, user: str, password: str) -> None:
        self.user, self.password = user.encode(), password.encode()

    def __call__(self, server, session, envelope, mechanism, auth_data):
        ok = auth_data.login == self.user and auth_data.password == self.password
        return AuthResult(success=ok, handled=False)  # let aiosmtpd answer 535


@pytest.fixture
async def auth_smtp():
    mailbox = Mailbox()
    password = secrets.token_hex(8)
    server = SmtpServer(mailbox)

    async def start():
        import asyncio

        loop = asyncio.get_running_loop()
        server._server = await loop.create_server(
            lambda: SMTP(
                mailbox,
                hostname="localhost",
                authenticator=_Auth("notify", password),
                auth_required=True,
                auth_require_tls=False,
            ),
            "127.0.0.1",
            server.port,
        )

    server.start = start  # type: ignore[method-assign]
    await server.start()
    yield server, password
    await server.stop()


async def test_smtp_authentication_is_configurable(notify_settings, auth_smtp, bus):
    server, password = auth_smtp
    good, bad = examples.registered(), examples.registered()
    failed = await bus.capture(FAILED)
    async with running(
        build(
            notify_settings(smtp_port=server.port, smtp_username="notify", smtp_password=password)
        )
    ):
        await bus.publish_event(good, source="/aswan/registry")
        [mail] = await server.mailbox.wait_for(good.contact_email)
    assert good.org_id in mail["Subject"]
    async with running(
        build(
            notify_settings(
                smtp_port=server.port, smtp_username="notify", smtp_password="wrong-password"
            )
        )
    ):
        bad_id = await bus.publish_event(bad, source="/aswan/registry")
        [out] = await failed.wait_for(lambda e: e["data"]["cause_event_id"] == bad_id)
    assert "535" in out["data"]["error"] and out["data"]["attempts"] == 1


def _self_signed(directory) -> tuple[str, str]:
    """A certificate for 127.0.0.1 (the test's own CA file is the certificate itself)."""
    import datetime
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(hours=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return str(cert_path), str(key_path)


async def test_starttls_is_configurable_and_required_by_the_server(notify_settings, bus, tmp_path):
    import asyncio
    import ssl

    cert, key = _self_signed(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    mailbox, port = Mailbox(), SmtpServer(Mailbox()).port
    server = await asyncio.get_running_loop().create_server(
        lambda: SMTP(mailbox, hostname="localhost", tls_context=context, require_starttls=True),
        "127.0.0.1",
        port,
    )
    plain, secure = examples.registered(), examples.registered()
    failed = await bus.capture(FAILED)
    try:
        async with running(
            build(notify_settings(smtp_port=port, smtp_starttls=True, smtp_cert_bundle=cert))
        ):
            await bus.publish_event(secure, source="/aswan/registry")
            [mail] = await mailbox.wait_for(secure.contact_email)
        async with running(build(notify_settings(smtp_port=port, smtp_starttls=False))):
            plain_id = await bus.publish_event(plain, source="/aswan/registry")
            [out] = await failed.wait_for(lambda e: e["data"]["cause_event_id"] == plain_id)
    finally:
        server.close()
    assert secure.org_id in mail["Subject"]
    assert "530" in out["data"]["error"]  # the server refuses mail before STARTTLS
    assert mailbox.to(plain.contact_email) == []


async def test_ended_notifications_are_pruned_after_their_keeping_time(notify_settings, notify_db):
    """Sent and failed notifications hold addresses and rendered messages: deleted after
    ``NOTIFICATIONS_KEEP_DAYS``; a pending one (still to deliver) never is."""
    app = build(notify_settings(notifications_keep_days=90))
    tag = secrets.token_hex(4)
    ages = {"old-sent": ("sent", 100), "old-failed": ("failed", 100),
            "old-pending": ("pending", 100), "recent-sent": ("sent", 10)}  # fmt: skip
    for name, (status, days) in ages.items():
        await notify_db.execute(
            "INSERT INTO notify.notifications (notification_id, cause_source, cause_event_id, "
            "event_type, template, recipient, channel, address, language, body_text, status, "
            "created_at, next_attempt_at) VALUES ($1, '/prune', $1, 't', 'generic', 'r', 'sms', "
            "'+201000000000', 'ar', 'نص', $2, now() - make_interval(days => $3), "
            "now() + interval '1 day')",
            f"{name}-{tag}", status, days,
        )  # fmt: skip
    try:
        pruned = await app.state.delivery.prune()
        left = {
            r[0].rsplit("-", 1)[0]
            for r in await notify_db.fetch(
                "SELECT notification_id FROM notify.notifications WHERE notification_id LIKE $1",
                f"%-{tag}",
            )
        }
    finally:
        await notify_db.execute(
            "DELETE FROM notify.notifications WHERE notification_id LIKE $1", f"%-{tag}"
        )
    assert pruned >= 2  # earlier tests' rows are recent
    assert left == {"old-pending", "recent-sent"}
