"""Sends the replies the consumers queued (table ``replies``), oldest first, each marked sent in
the transaction that locked it (``FOR UPDATE SKIP LOCKED``: replicas share the work). A crash
between Telegram's answer and the commit sends that reply again (at least once)."""

from __future__ import annotations

import asyncio
import contextlib
import logging

import sqlalchemy as sa
from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.telegram_bot.adapters.telegram import markup

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 10
_CLAIM = sa.text(
    "SELECT id, chat_id, text, markup FROM replies WHERE sent_at IS NULL AND attempts < :max "
    "ORDER BY id LIMIT 20 FOR UPDATE SKIP LOCKED"
)
_SENT = sa.text("UPDATE replies SET sent_at = now(), attempts = attempts + 1 WHERE id = :id")
_FAILED = sa.text("UPDATE replies SET attempts = attempts + :step, error = :error WHERE id = :id")


class ReplySender:
    def __init__(self, engine: AsyncEngine, bot: Bot, poll_seconds: float) -> None:
        self.engine, self.bot, self.poll_seconds = engine, bot, poll_seconds
        self._task: asyncio.Task[None] | None = None
        self._stopping = False
        self._wake = asyncio.Event()

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="reply-sender")

    async def stop(self) -> None:
        """Let the round in progress finish (its answers recorded), then end; cancel it only
        if it takes longer than 10 s."""
        self._stopping = True
        self._wake.set()
        if self._task is not None:
            _, pending = await asyncio.wait([self._task], timeout=10)
            for task in pending:
                task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _run(self) -> None:
        while not self._stopping:
            try:
                sent = await self.send_batch()
            except Exception:
                log.exception("reply sender failed; retrying")
                sent = 0
            if not sent:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), self.poll_seconds)

    async def send_batch(self) -> int:
        async with self.engine.begin() as conn:
            rows = (await conn.execute(_CLAIM, {"max": MAX_ATTEMPTS})).all()
            for row in rows:
                try:
                    await self.bot.send_message(
                        row.chat_id, row.text, reply_markup=markup(row.markup)
                    )
                except (TelegramBadRequest, TelegramForbiddenError) as exc:  # never deliverable
                    await conn.execute(
                        _FAILED, {"id": row.id, "step": MAX_ATTEMPTS, "error": str(exc)}
                    )
                except Exception as exc:  # noqa: BLE001 - transient: the next round retries
                    await conn.execute(_FAILED, {"id": row.id, "step": 1, "error": str(exc)})
                else:
                    await conn.execute(_SENT, {"id": row.id})
        return len(rows)
