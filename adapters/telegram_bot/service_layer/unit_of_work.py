from __future__ import annotations

from adapters.telegram_bot.adapters.repository import BotRepository
from shared.messaging.uow import UnitOfWork


class BotUnitOfWork(UnitOfWork):
    bot: BotRepository

    def _start(self) -> None:
        self.bot = BotRepository(self.connection)
