from __future__ import annotations

from dataclasses import dataclass

from services.portal.adapters.repository import PortalRepository
from services.portal.domain.signin import Keys
from shared.messaging.uow import UnitOfWork


@dataclass(frozen=True)
class SignInPolicy:
    keys: Keys
    code_minutes: int = 10
    code_tries: int = 5
    codes_per_contact_per_hour: int = 5
    session_hours: int = 12


class PortalUnitOfWork(UnitOfWork):
    portal: PortalRepository
    policy: SignInPolicy

    def _start(self) -> None:
        self.portal = PortalRepository(self.connection)
