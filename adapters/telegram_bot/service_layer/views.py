"""Reads of the bot's own tables."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.telegram_bot.adapters.orm import submissions


class BotViews:
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine

    async def latest_submission(self, chat_id: int) -> dict[str, Any] | None:
        """The chat's registration: its latest registered one, else its latest attempt."""
        query = (
            sa.select(submissions)
            .where(submissions.c.chat_id == chat_id)
            .order_by(
                (submissions.c.outcome == "registered").desc(), submissions.c.created_at.desc()
            )
            .limit(1)
        )
        async with self.engine.connect() as conn:
            row = (await conn.execute(query)).first()
        return dict(row._mapping) if row else None
