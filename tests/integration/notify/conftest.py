from __future__ import annotations

import secrets
from collections.abc import AsyncIterator, Callable
from typing import Any

import asyncpg
import pytest

from services.notify.config import NotifySettings
from tests.integration.notify.servers import (
    Receiver,
    SmtpServer,
    http_receiver,
    smtp_server,
)

SIGNING_KEY = secrets.token_hex(32)
WEBHOOK_KEY = secrets.token_hex(32)


@pytest.fixture(autouse=True)
def _signing_key(monkeypatch: pytest.MonkeyPatch) -> None:
    # the shared settings_for fixture builds a probe from the environment
    monkeypatch.setenv("UNSUBSCRIBE_SIGNING_KEY", SIGNING_KEY)
    monkeypatch.setenv("WEBHOOK_SECRETS_KEY", WEBHOOK_KEY)


@pytest.fixture
async def smtp() -> AsyncIterator[SmtpServer]:
    async with smtp_server() as server:
        yield server


@pytest.fixture
async def sms_gateway() -> AsyncIterator[Receiver]:
    async with http_receiver() as receiver:
        yield receiver


@pytest.fixture
async def bot_gateway() -> AsyncIterator[Receiver]:
    async with http_receiver() as receiver:
        yield receiver


@pytest.fixture
def notify_settings(
    settings_for: Callable[..., Any],
    smtp: SmtpServer,
    sms_gateway: Receiver,
    bot_gateway: Receiver,
) -> Callable[..., NotifySettings]:
    def make(**overrides: Any) -> NotifySettings:
        values: dict[str, Any] = {
            "smtp_port": smtp.port,
            "smtp_timeout_seconds": 2.0,
            "sms_gateway_url": sms_gateway.url,
            "sms_gateway_token": "sms-token-for-tests",
            "bot_gateway_url": bot_gateway.url,
            "bot_gateway_token": "bot-token-for-tests",
            "gateway_timeout_seconds": 1.0,
            "webhook_timeout_seconds": 0.5,
            "delivery_poll_seconds": 0.1,
            "delivery_backoff_seconds": 0.1,
            "delivery_backoff_max_seconds": 0.4,
            "delivery_max_attempts": 6,
            "unsubscribe_signing_key": SIGNING_KEY,
            "webhook_secrets_key": WEBHOOK_KEY,
            "public_base_url": "http://notify.test",
            "mail_from": "Aswan 2040 <no-reply@aswan2040.test>",
        }
        values.update(overrides)
        return settings_for(NotifySettings, **values)

    return make


@pytest.fixture
async def notify_db(db_url: Callable[[str], str]) -> AsyncIterator[asyncpg.Connection]:
    conn = await asyncpg.connect(db_url("notify").replace("+asyncpg", ""))
    try:
        yield conn
    finally:
        await conn.close()


@pytest.fixture
async def client_factory(
    auth: Callable[..., dict[str, str]], notify_db: asyncpg.Connection
) -> AsyncIterator[Callable[..., Any]]:
    """``await client_factory(client, channel, address, event_types, **more)``: a subscription
    made through the staff API; returns the created body."""

    async def create(
        client: Any, channel: str, address: str, event_types: list[str], **more: Any
    ) -> dict[str, Any]:
        body = {
            "recipient": more.pop("recipient", f"r-{channel}-{address}"),
            "channel": channel,
            "address": address,
            "event_types": event_types,
            **more,
        }
        response = await client.post("/v1/subscriptions", json=body, headers=auth("staff"))
        assert response.status_code == 201, response.text
        made.append(response.json()["subscription_id"])
        return dict(response.json())

    made: list[str] = []
    yield create
    # the database lives for the whole session: a test's subscriptions end with the test
    await notify_db.execute(
        "UPDATE notify.subscriptions SET active = false WHERE subscription_id = ANY($1)", made
    )
