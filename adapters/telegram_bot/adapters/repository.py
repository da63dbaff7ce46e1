"""The bot's rows, on the unit of work's connection (its transaction)."""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from adapters.telegram_bot.adapters.orm import submissions
from adapters.telegram_bot.domain.replies import Keyboard


class BotRepository:
    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def add_submission(self, submission_id: str, chat_id: int, language: str) -> None:
        await self.conn.execute(
            submissions.insert().values(
                submission_id=submission_id, chat_id=chat_id, language=language, outcome="pending"
            )
        )

    async def record_outcome(self, submission_id: str, **values: Any) -> dict[str, Any] | None:
        """Set what became of a submission; its chat and language (None: not sent from here)."""
        row = (
            await self.conn.execute(
                submissions.update()
                .where(submissions.c.submission_id == submission_id)
                .values(**values)
                .returning(submissions.c.chat_id, submissions.c.language)
            )
        ).first()
        return dict(row._mapping) if row else None

    async def record_status(self, association_id: str, status: str) -> list[dict[str, Any]]:
        rows = await self.conn.execute(
            submissions.update()
            .where(submissions.c.association_id == association_id)
            .values(status=status)
            .returning(submissions.c.chat_id, submissions.c.language)
        )
        return [dict(r._mapping) for r in rows]

    async def queue_reply(
        self, key: str, chat_id: int, text: str, keyboard: Keyboard | None
    ) -> None:
        """A message to send once this transaction commits (sent by the reply sender)."""
        markup = json.dumps(keyboard, ensure_ascii=False) if keyboard else None
        await self.conn.execute(
            sa.text(
                "INSERT INTO replies (key, chat_id, text, markup) "
                "VALUES (:key, :chat, :text, CAST(:markup AS jsonb)) ON CONFLICT (key) DO NOTHING"
            ),
            {"key": key, "chat": chat_id, "text": text, "markup": markup},
        )
