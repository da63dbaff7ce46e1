"""The adapter's HTTP port: Telegram's webhook, and the outgoing API notify's bot channel posts
to (``BOT_GATEWAY_URL`` = ``<this adapter>/v1/messages``, ``BOT_GATEWAY_TOKEN`` = its
``GATEWAY_TOKEN``)."""

from __future__ import annotations

import hmac
import logging
from typing import Annotated, Any

import sqlalchemy as sa
from aiogram import Bot, Dispatcher
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.types import Update
from fastapi import APIRouter, Header, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.telegram_bot.config import BotSettings
from shared.errors import ErrorBody, UnauthenticatedError, ValidationFailedError

log = logging.getLogger(__name__)
_SEEN = sa.text(
    "INSERT INTO updates (update_id) VALUES (:id) ON CONFLICT DO NOTHING RETURNING update_id"
)
_SENT_BEFORE = sa.text("SELECT message_id FROM gateway_sends WHERE reference = :ref")
_RECORD_SENT = sa.text(
    "INSERT INTO gateway_sends (reference, chat_id, message_id) VALUES (:ref, :chat, :mid) "
    "ON CONFLICT DO NOTHING"
)


class GatewayMessage(BaseModel):
    """What notify's bot channel posts (services/notify/adapters/http_channels.py)."""

    to: str = Field(description="the Telegram chat id", pattern=r"^-?[0-9]{1,20}$")
    text: str = Field(min_length=1, max_length=4096)
    language: str | None = None
    reference: str = Field(min_length=1, max_length=200, description="notification id")


class GatewaySent(BaseModel):
    status: str = Field(description="sent | duplicate")
    message_id: int | None = None


def _same(given: str | None, expected: str) -> bool:
    return given is not None and hmac.compare_digest(given.encode(), expected.encode())


def make_router(settings: BotSettings, bot: Bot, dp: Dispatcher, engine: AsyncEngine) -> APIRouter:
    router = APIRouter()

    @router.post("/telegram/webhook", tags=["telegram"], summary="Updates from Telegram")
    async def webhook(
        request: Request,
        secret: Annotated[str | None, Header(alias="X-Telegram-Bot-Api-Secret-Token")] = None,
    ) -> dict[str, bool]:
        expected = settings.telegram_webhook_secret
        if expected is None or not _same(secret, expected.get_secret_value()):
            raise UnauthenticatedError("Bad webhook secret token", "رمز الويب هوك غير صحيح")
        update = Update.model_validate(await request.json(), context={"bot": bot})
        async with engine.begin() as conn:
            fresh = (await conn.execute(_SEEN, {"id": update.update_id})).first()
        if fresh is not None:  # a handler's failure is logged: Telegram re-sending it would
            try:  # repeat a step half done
                await dp.feed_update(bot, update)
            except Exception:
                log.exception("update %s not handled", update.update_id)
        return {"ok": True}

    @router.post(
        "/v1/messages", tags=["gateway"], summary="Send a message to a chat (notify's bot channel)",
        response_model=GatewaySent,
    )  # fmt: skip
    async def send(
        body: GatewayMessage,
        authorization: Annotated[str | None, Header()] = None,
        idempotency_key: Annotated[str | None, Header()] = None,
    ) -> Any:
        token = settings.gateway_token
        if token is None or not _same(authorization, f"Bearer {token.get_secret_value()}"):
            raise UnauthenticatedError()
        reference = idempotency_key or body.reference
        async with engine.connect() as conn:
            before = (await conn.execute(_SENT_BEFORE, {"ref": reference})).first()
        if before is not None:
            return GatewaySent(status="duplicate", message_id=before[0])
        try:
            sent = await bot.send_message(int(body.to), body.text)
        except TelegramRetryAfter as exc:
            return _unavailable(429, "telegram_rate_limited", exc.retry_after)
        except (TelegramNetworkError, TelegramServerError):
            return _unavailable(503, "telegram_unavailable", 5)
        except (TelegramBadRequest, TelegramForbiddenError) as exc:
            raise ValidationFailedError(
                f"Telegram refused: {exc.message}", "رفض تيليجرام الرسالة", field="to"
            ) from exc
        async with engine.begin() as conn:
            await conn.execute(
                _RECORD_SENT, {"ref": reference, "chat": int(body.to), "mid": sent.message_id}
            )
        return GatewaySent(status="sent", message_id=sent.message_id)

    return router


def _unavailable(status: int, code: str, retry_after: int) -> JSONResponse:
    body = ErrorBody(
        code=code,
        message_ar="تيليجرام غير متاح الآن؛ أعد المحاولة لاحقًا",
        message_en="Telegram is not available now; try again later",
    )
    return JSONResponse(
        body.model_dump(exclude_none=True), status, headers={"Retry-After": str(retry_after)}
    )
