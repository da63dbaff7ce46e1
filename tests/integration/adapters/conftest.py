"""Fixtures of the adapters' tests: the Telegram stand-in, the bot adapter and the registry in
this test's exchange, and a chat that posts updates to the bot's webhook as Telegram would."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from adapters.telegram_bot.bootstrap import build as build_bot
from adapters.telegram_bot.config import BotSettings
from services.registry.bootstrap import build as build_registry
from services.registry.config import RegistrySettings
from tests.integration.adapters.telegram_standin import (
    TOKEN,
    TelegramStandIn,
    button_update,
    message_update,
)

WEBHOOK_SECRET = "webhook-secret-of-the-test-0123456789"
GATEWAY_TOKEN = "gateway-token-of-the-test-0123456789"


@pytest.fixture
async def telegram() -> AsyncIterator[TelegramStandIn]:
    standin = TelegramStandIn()
    await standin.start()
    yield standin
    await standin.stop()


@pytest.fixture
def bot_settings(settings_for, telegram):
    def make(**overrides: Any) -> BotSettings:
        values: dict[str, Any] = {
            "telegram_bot_token": TOKEN, "telegram_api_base": telegram.base_url,
            "telegram_webhook_secret": WEBHOOK_SECRET, "gateway_token": GATEWAY_TOKEN,
            "send_per_chat_per_second": 50.0, "send_chat_burst": 50, "reply_poll_seconds": 0.1,
        }  # fmt: skip
        values.update(overrides)
        return settings_for(BotSettings, **values)

    return make


@pytest.fixture
def bot_app(bot_settings):
    return build_bot(bot_settings())


@pytest.fixture
def registry_app(settings_for):
    return build_registry(settings_for(RegistrySettings))


@pytest.fixture
def chat_id() -> int:
    return random.randint(10**8, 10**10)


@pytest.fixture
def number():
    return lambda: str(random.randint(10**9, 10**11))


class Chat:
    """One user's private chat, posting updates to the bot's webhook."""

    secret = WEBHOOK_SECRET

    def __init__(self, client: httpx.AsyncClient, chat_id: int) -> None:
        self.client, self.id = client, chat_id

    async def _post(self, update: dict[str, Any]) -> None:
        headers = {"X-Telegram-Bot-Api-Secret-Token": self.secret}
        response = await self.client.post("/telegram/webhook", json=update, headers=headers)
        assert response.status_code == 200, response.text

    async def say(self, text: str) -> None:
        await self._post(message_update(self.id, text))

    async def press(self, data: str) -> None:
        await self._post(button_update(self.id, data))


@pytest.fixture
async def ministry() -> AsyncIterator[Any]:
    from tests.integration.adapters.ministry_standin import MinistryStandIn

    standin = MinistryStandIn()
    await standin.start()
    yield standin
    await standin.stop()


@pytest.fixture
def moss_settings(settings_for, ministry):
    from adapters.moss_register.config import MossSettings
    from tests.integration.adapters.ministry_standin import SECRET

    def make(**overrides: Any) -> Any:
        values: dict[str, Any] = {
            "ministry_url": ministry.base_url, "ministry_signing_secret": SECRET,
            "ministry_timeout_seconds": 0.5, "push_backoff_seconds": 0.05,
            "push_backoff_max_seconds": 0.2, "push_attempts": 6, "push_poll_seconds": 0.05,
        }  # fmt: skip
        values.update(overrides)
        return settings_for(MossSettings, **values)

    return make


@pytest.fixture
async def db(admin_db_url) -> AsyncIterator[Any]:
    import asyncpg

    conn = await asyncpg.connect(admin_db_url.replace("+asyncpg", ""))
    yield conn
    await conn.close()
