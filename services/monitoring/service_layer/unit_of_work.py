from __future__ import annotations

from services.monitoring.adapters.framework_repository import FrameworkRepository
from services.monitoring.adapters.measurement_repository import (
    MeasurementRepository,
    ValueRepository,
)
from services.monitoring.adapters.repository import AssociationsReadModel, WorkshopRepository
from services.monitoring.domain.progress import Thresholds
from shared.messaging.uow import UnitOfWork


class MonitoringUnitOfWork(UnitOfWork):
    framework: FrameworkRepository
    measurements: MeasurementRepository
    values: ValueRepository
    associations: AssociationsReadModel
    workshops: WorkshopRepository
    thresholds: Thresholds = Thresholds()
    outlier_z: float = 3.0
    auto_approve_ministry: bool = True

    def _start(self) -> None:
        self.framework = FrameworkRepository(self.connection)
        self.measurements = MeasurementRepository(self.connection)
        self.values = ValueRepository(self.connection)
        self.associations = AssociationsReadModel(self.connection)
        self.workshops = WorkshopRepository(self.connection)
