"""The Telegram client: aiogram's Bot on a configurable Bot API server, every call through
:class:`Throttle` (send limits, and 429 answers retried after their ``retry_after``)."""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import TelegramRetryAfter
from aiogram.methods import Response, TelegramMethod
from aiogram.methods.base import TelegramType
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from prometheus_client import Counter

from adapters.telegram_bot.config import BotSettings
from adapters.telegram_bot.domain.pacing import Pacer

log = logging.getLogger(__name__)
RETRIED = Counter("aswan_bot_telegram_retry_after_total", "429 answers retried after retry_after")


class Throttle(BaseRequestMiddleware):
    def __init__(self, pacer: Pacer, attempts: int) -> None:
        self.pacer = pacer
        self.attempts = attempts
        self._lock = asyncio.Lock()

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        chat: Any = getattr(method, "chat_id", None)
        for attempt in range(1, self.attempts + 1):
            async with self._lock:
                wait = self.pacer.reserve(chat, time.monotonic())
            if wait > 0:
                await asyncio.sleep(wait)
            try:
                return await make_request(bot, method)
            except TelegramRetryAfter as exc:
                if attempt == self.attempts:
                    raise
                RETRIED.inc()
                log.warning("Telegram 429 on %s: retrying in %ss", method.__api_method__,
                            exc.retry_after)  # fmt: skip
                await asyncio.sleep(exc.retry_after)
        raise AssertionError("unreachable")


def make_bot(settings: BotSettings) -> Bot:
    session = AiohttpSession(api=TelegramAPIServer.from_base(settings.telegram_api_base))
    pacer = Pacer(
        settings.send_per_second, settings.send_per_chat_per_second, settings.send_chat_burst
    )
    session.middleware(Throttle(pacer, settings.send_attempts))
    return Bot(settings.telegram_bot_token.get_secret_value(), session=session)


def markup(keyboard: Any) -> InlineKeyboardMarkup | None:
    """Rows of (label, callback data) as Telegram's inline keyboard."""
    if not keyboard:
        return None
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [InlineKeyboardButton(text=label, callback_data=data) for label, data in row]
            for row in keyboard
        ]
    )
