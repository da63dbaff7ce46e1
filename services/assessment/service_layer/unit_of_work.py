from __future__ import annotations

from services.assessment.adapters.repository import AssociationsReadModel, NeedsRepository
from shared.messaging.uow import UnitOfWork


class AssessmentUnitOfWork(UnitOfWork):
    needs: NeedsRepository
    associations: AssociationsReadModel

    def _start(self) -> None:
        self.needs = NeedsRepository(self.connection)
        self.associations = AssociationsReadModel(self.connection)
