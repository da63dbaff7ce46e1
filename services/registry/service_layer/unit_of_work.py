from __future__ import annotations

from services.registry.adapters.bulk import BulkAssociations
from services.registry.adapters.reference import ReferenceRepository
from services.registry.adapters.repository import AssociationRepository
from shared.messaging.uow import UnitOfWork


class RegistryUnitOfWork(UnitOfWork):
    associations: AssociationRepository
    reference: ReferenceRepository
    bulk: BulkAssociations

    def _start(self) -> None:
        self.associations = AssociationRepository(self.connection)
        self.reference = ReferenceRepository(self.connection)
        self.bulk = BulkAssociations(self.connection)

    async def commit(self) -> None:
        await self.associations.flush()  # registrations are written together, before commit
        await super().commit()
