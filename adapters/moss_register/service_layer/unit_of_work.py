from __future__ import annotations

from adapters.moss_register.adapters.repository import DecisionRepository, MossRepository
from shared.messaging.uow import UnitOfWork


class MossUnitOfWork(UnitOfWork):
    moss: MossRepository
    decisions: DecisionRepository

    def _start(self) -> None:
        self.moss = MossRepository(self.connection)
        self.decisions = DecisionRepository(self.connection)
