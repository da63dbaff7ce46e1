"""aiogram's FSM storage on PostgreSQL (table ``fsm`` of the bot's schema): a conversation's state
and answers survive a restart of the adapter, and any replica can take the next update."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
from aiogram.fsm.state import State
from aiogram.fsm.storage.base import BaseStorage, DefaultKeyBuilder, StateType, StorageKey
from sqlalchemy.ext.asyncio import AsyncEngine

_SET_STATE = sa.text(
    "INSERT INTO fsm (key, state) VALUES (:key, :state) ON CONFLICT (key) "
    "DO UPDATE SET state = excluded.state, updated_at = now()"
)
_SET_DATA = sa.text(
    "INSERT INTO fsm (key, data) VALUES (:key, CAST(:data AS jsonb)) ON CONFLICT (key) "
    "DO UPDATE SET data = excluded.data, updated_at = now()"
)
_GET = sa.text("SELECT state, data FROM fsm WHERE key = :key")


class PostgresStorage(BaseStorage):
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.keys = DefaultKeyBuilder(with_bot_id=True, with_destiny=True)

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        value = state.state if isinstance(state, State) else state
        async with self.engine.begin() as conn:
            await conn.execute(_SET_STATE, {"key": self.keys.build(key), "state": value})

    async def get_state(self, key: StorageKey) -> str | None:
        row = await self._row(key)
        return row[0] if row else None

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        payload = json.dumps(dict(data), ensure_ascii=False)
        async with self.engine.begin() as conn:
            await conn.execute(_SET_DATA, {"key": self.keys.build(key), "data": payload})

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        row = await self._row(key)
        return dict(row[1]) if row else {}

    async def close(self) -> None:
        """The engine belongs to the runtime, which disposes of it."""

    async def _row(self, key: StorageKey) -> Any:
        async with self.engine.connect() as conn:
            return (await conn.execute(_GET, {"key": self.keys.build(key)})).first()
