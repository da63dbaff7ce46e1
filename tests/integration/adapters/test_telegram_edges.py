"""The bot's edges: the webhook's secret token, Telegram's 429 answered after retry_after, and
the outgoing API notify's bot channel posts to (authenticated, idempotent by reference)."""

from __future__ import annotations

from tests.integration.adapters.conftest import GATEWAY_TOKEN, Chat
from tests.integration.adapters.telegram_standin import message_update
from tests.support.services import running


async def test_webhook_refuses_a_wrong_secret_token(bot_app, telegram, chat_id):
    async with running(bot_app) as client:
        update = message_update(chat_id, "/start")
        wrong = await client.post(
            "/telegram/webhook", json=update,
            headers={"X-Telegram-Bot-Api-Secret-Token": "not-the-secret"},
        )  # fmt: skip
        missing = await client.post("/telegram/webhook", json=update)
    assert wrong.status_code == missing.status_code == 401
    assert wrong.json()["code"] == "unauthenticated"
    assert telegram.messages(chat_id) == []


async def test_the_same_update_twice_is_handled_once(bot_app, telegram, chat_id):
    async with running(bot_app) as client:
        update = message_update(chat_id, "/start")
        for _ in range(2):
            response = await client.post(
                "/telegram/webhook", json=update,
                headers={"X-Telegram-Bot-Api-Secret-Token": Chat.secret},
            )  # fmt: skip
            assert response.status_code == 200
    assert len(telegram.messages(chat_id)) == 1  # welcome and first question, once


async def test_a_429_is_retried_after_retry_after(bot_app, telegram, chat_id):
    telegram.too_many, telegram.retry_after = 1, 1
    async with running(bot_app) as client:
        await Chat(client, chat_id).say("/start")
    sends = [c for c in telegram.calls if c.method.lower() == "sendmessage"]
    assert [c.status for c in sends][:2] == [429, 200]
    assert sends[0].params["text"] == sends[1].params["text"]
    [sent] = telegram.messages(chat_id)  # welcome and the first question, once
    assert "أهلًا بك" in sent["text"] and "اسم الجمعية بالعربية" in sent["text"]


async def test_notify_bot_channel_sends_through_the_gateway_once(bot_app, telegram, chat_id, uid):
    """notify's own GatewaySender (the request it really makes) against the adapter."""
    from services.notify.adapters.http_channels import GatewaySender

    row = {"address": str(chat_id), "body_text": "تم قبول طلبكم", "language": "ar",
           "notification_id": f"n-{uid}"}  # fmt: skip
    async with running(bot_app) as client:
        sender = GatewaySender("http://testserver/v1/messages", GATEWAY_TOKEN, 5.0, "bot")
        await sender.client.aclose()
        sender.client = client
        first = await sender.send(row)
        again = await sender.send(row)  # notify's re-send after a crash: not sent twice
        wrong = GatewaySender("http://testserver/v1/messages", "not-the-token", 5.0, "bot")
        await wrong.client.aclose()
        wrong.client = client
        refused = await wrong.send(row)
        not_a_chat = await sender.send({**row, "address": "@someone", "notification_id": uid})
    assert first.ok and again.ok
    assert not refused.ok and not refused.transient and "401" in (refused.error or "")
    assert not not_a_chat.ok and not not_a_chat.transient
    assert [m["text"] for m in telegram.messages(chat_id)] == ["تم قبول طلبكم"]


async def test_gateway_answers_429_when_telegram_keeps_refusing(bot_settings, telegram, chat_id):
    from adapters.telegram_bot.bootstrap import build

    telegram.too_many, telegram.retry_after = 2, 1
    body = {"to": str(chat_id), "text": "hello", "reference": f"n-{chat_id}"}
    headers = {"authorization": f"Bearer {GATEWAY_TOKEN}"}
    async with running(build(bot_settings(send_attempts=2))) as client:
        response = await client.post("/v1/messages", json=body, headers=headers)
    assert response.status_code == 429
    assert response.headers["retry-after"] == "1"
    assert response.json()["code"] == "telegram_rate_limited"
