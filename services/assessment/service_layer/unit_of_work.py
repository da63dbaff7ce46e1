from __future__ import annotations

from shared.messaging.uow import UnitOfWork
from services.assessment.adapters.repository import AssociationsReadModel, NeedsRepository


class AssessmentUnitOfWork(UnitOfWork):
    needs: NeedsRepository
    associations: AssociationsReadModel

    def _start(self) -> None:
        self.needs = NeedsRepository(self.connection)
        self.associations = AssociationsReadModel(self.connection)
