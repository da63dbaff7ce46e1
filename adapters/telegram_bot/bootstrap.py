"""Composition root of the Telegram bot adapter. Nothing connects until the app starts."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Iterable
from typing import Any

from aiogram import Dispatcher
from fastapi import FastAPI

from adapters.telegram_bot.adapters.fsm_storage import PostgresStorage
from adapters.telegram_bot.adapters.reply_sender import ReplySender
from adapters.telegram_bot.adapters.telegram import make_bot
from adapters.telegram_bot.config import SCHEMA, BotSettings
from adapters.telegram_bot.entrypoints.consumers import subscriptions
from adapters.telegram_bot.entrypoints.conversation import make_router as conversation
from adapters.telegram_bot.entrypoints.http import make_router
from adapters.telegram_bot.service_layer.unit_of_work import BotUnitOfWork
from adapters.telegram_bot.service_layer.views import BotViews
from shared.db import make_engine
from shared.events.intake import AssociationRegistrationSubmitted
from shared.http import make_service_app
from shared.runtime import ALL_ROLES, ServiceRuntime


def build(settings: BotSettings | None = None, roles: Iterable[str] = ALL_ROLES) -> FastAPI:
    settings = settings or BotSettings()  # type: ignore[call-arg]
    roles = frozenset(roles)
    engine = make_engine(settings.database_url, SCHEMA, settings.db_pool_size)

    def uow_factory() -> BotUnitOfWork:
        return BotUnitOfWork(engine, settings.source, SCHEMA)

    runtime = ServiceRuntime(
        settings, engine, uow_factory, subscriptions(),
        publishes=[AssociationRegistrationSubmitted], roles=roles,
    )  # fmt: skip
    bot = make_bot(settings)
    dp = Dispatcher(
        storage=PostgresStorage(engine), uow_factory=uow_factory, views=BotViews(engine)
    )
    dp.include_router(conversation())
    app = make_service_app(
        runtime,
        title="Aswan 2040 — Telegram bot",
        description="بوت تسجيل الجمعيات على تيليجرام — registration by Telegram chat",
        routers=[make_router(settings, bot, dp, engine)],
    )
    sender = ReplySender(engine, bot, settings.reply_poll_seconds)
    platform_lifespan = app.router.lifespan_context

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[Any]:
        async with platform_lifespan(app):
            polling: asyncio.Task[None] | None = None
            if "consumers" in roles:
                sender.start()
            if "api" in roles and settings.telegram_mode == "polling":
                await bot.delete_webhook()
                polling = asyncio.create_task(dp.start_polling(bot, handle_signals=False))
            elif "api" in roles and settings.telegram_webhook_url:
                secret = settings.telegram_webhook_secret
                await bot.set_webhook(
                    settings.telegram_webhook_url,
                    secret_token=secret.get_secret_value() if secret else None,
                )
            try:
                yield
            finally:
                if polling is not None:
                    await dp.stop_polling()
                    await asyncio.gather(polling, return_exceptions=True)
                await sender.stop()
                await bot.session.close()

    app.router.lifespan_context = lifespan
    app.state.bot, app.state.dispatcher, app.state.replies = bot, dp, sender
    return app
