"""Composition root of the notify service. Nothing connects until the app starts.

The delivery worker runs with the ``consumers`` role (``--role consumers`` or the default all):
it starts after the runtime (broker, consumers, relay) and stops before it, finishing the
batch in hand.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import secrets
from collections.abc import AsyncIterator, Iterable
from typing import Any

from fastapi import FastAPI

from services.notify.adapters.email import SmtpSender
from services.notify.adapters.http_channels import GatewaySender, WebhookSender
from services.notify.adapters.secret_box import SecretBox
from services.notify.adapters.subscription_index import SubscriptionIndex
from services.notify.adapters.templates import TemplateRenderer
from services.notify.adapters.wakeup import Listener
from services.notify.config import SCHEMA, NotifySettings
from services.notify.domain.model import Channel
from services.notify.entrypoints.consumers import subscriptions
from services.notify.entrypoints.http import make_router
from services.notify.entrypoints.unsubscribe import make_unsubscribe_router
from services.notify.service_layer import handlers
from services.notify.service_layer.delivery import DeliveryWorker, Sender
from services.notify.service_layer.rendering import NotificationFactory
from services.notify.service_layer.unit_of_work import NotifyUnitOfWork
from shared.db import asyncpg_dsn, make_engine
from shared.events.envelope import Event
from shared.events.notify import NotificationFailed, NotificationSent
from shared.http import make_service_app
from shared.runtime import ALL_ROLES, ServiceRuntime

PUBLISHES: list[type[Event]] = [NotificationSent, NotificationFailed]


def _secret(value: Any) -> str | None:
    return value.get_secret_value() if value is not None else None


def secret_box(settings: NotifySettings) -> SecretBox:
    return SecretBox(settings.webhook_secrets_key.get_secret_value())


def notification_factory(settings: NotifySettings) -> NotificationFactory:
    signing_key = settings.unsubscribe_signing_key.get_secret_value().encode()
    return NotificationFactory(
        TemplateRenderer(), settings.mail_from, settings.public_base_url, signing_key
    )


def make_senders(settings: NotifySettings, factory: NotificationFactory) -> dict[Channel, Sender]:
    s = settings
    return {
        Channel.EMAIL: SmtpSender(
            host=s.smtp_host,
            port=s.smtp_port,
            mail_from=s.mail_from,
            username=s.smtp_username,
            password=_secret(s.smtp_password),
            starttls=s.smtp_starttls,
            cert_bundle=s.smtp_cert_bundle,
            use_tls=s.smtp_use_tls,
            timeout=s.smtp_timeout_seconds,
            connections=s.smtp_connections,
            unsubscribe_url=factory.unsubscribe_url,
        ),
        Channel.SMS: GatewaySender(
            s.sms_gateway_url, _secret(s.sms_gateway_token), s.gateway_timeout_seconds, "sms"
        ),
        Channel.BOT: GatewaySender(
            s.bot_gateway_url, _secret(s.bot_gateway_token), s.gateway_timeout_seconds, "bot"
        ),
        Channel.WEBHOOK: WebhookSender(s.webhook_timeout_seconds, secret_box(s)),
    }


def build(settings: NotifySettings | None = None, roles: Iterable[str] = ALL_ROLES) -> FastAPI:
    settings = settings or NotifySettings()  # type: ignore[call-arg]
    roles = frozenset(roles)
    engine = make_engine(settings.database_url, SCHEMA, settings.db_pool_size)
    signing_key = settings.unsubscribe_signing_key.get_secret_value().encode()
    factory = notification_factory(settings)

    index = SubscriptionIndex()
    box = secret_box(settings)

    def uow_factory() -> NotifyUnitOfWork:
        return NotifyUnitOfWork(engine, settings.source, SCHEMA, factory, box, index)

    runtime = ServiceRuntime(
        settings, engine, uow_factory, subscriptions(), publishes=PUBLISHES, roles=roles
    )
    app = make_service_app(
        runtime,
        title="Aswan 2040 — notify",
        description="الإشعارات — Arabic-first notifications: email, SMS, bot, signed webhooks",
        routers=[make_router(uow_factory), make_unsubscribe_router(uow_factory, signing_key)],
    )
    app.state.subscription_index = index
    if "consumers" in roles:
        _run_delivery_worker(app, settings, uow_factory, factory, index)
    return app


async def reseal_secrets(settings: NotifySettings) -> int:
    """``python -m services.notify reseal-secrets``: see :func:`handlers.reseal_secrets`."""
    engine = make_engine(settings.database_url, SCHEMA, 1)
    factory = notification_factory(settings)
    try:
        async with NotifyUnitOfWork(
            engine, settings.source, SCHEMA, factory, secret_box(settings)
        ) as uow:
            return await handlers.reseal_secrets(uow)
    finally:
        await engine.dispose()


def _run_delivery_worker(
    app: FastAPI,
    settings: NotifySettings,
    uow_factory: Any,
    factory: NotificationFactory,
    index: SubscriptionIndex,
) -> None:
    """Wrap the runtime's lifespan: the worker starts after it and stops before it."""
    worker = DeliveryWorker(uow_factory, make_senders(settings, factory), settings)
    listener = Listener(asyncpg_dsn(settings.database_url), worker.wake, index.invalidate)
    app.state.delivery = worker
    inner = app.router.lifespan_context

    @contextlib.asynccontextmanager
    async def lifespan(a: FastAPI) -> AsyncIterator[None]:
        async with inner(a):
            await listener.ensure()
            keeper = asyncio.create_task(listener.keep(), name="delivery-listener")
            worker.start()
            try:
                yield
            finally:
                await worker.stop(settings.drain_seconds)
                keeper.cancel()
                await asyncio.gather(keeper, return_exceptions=True)
                await listener.close()

    app.router.lifespan_context = lifespan


def asyncapi() -> object:
    """Factory for ``faststream docs gen --factory services.notify.bootstrap:asyncapi``."""
    from shared.asyncapi import specification

    settings_cls = functools.partial(
        NotifySettings,
        unsubscribe_signing_key=secrets.token_hex(32),
        webhook_secrets_key=secrets.token_hex(32),
    )
    return specification(build, settings_cls, SCHEMA)  # type: ignore[arg-type]
