from __future__ import annotations

from adapters.moss_register.adapters.repository import MossRepository
from shared.messaging.uow import UnitOfWork


class MossUnitOfWork(UnitOfWork):
    moss: MossRepository

    def _start(self) -> None:
        self.moss = MossRepository(self.connection)
