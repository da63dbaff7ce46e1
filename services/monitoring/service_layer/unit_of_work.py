from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from services.monitoring.adapters.arrival_repository import ArrivalRepository
from services.monitoring.adapters.assessment_read_model import AssessmentReadModel
from services.monitoring.adapters.framework_repository import FrameworkRepository
from services.monitoring.adapters.measurement_repository import MeasurementRepository
from services.monitoring.adapters.reference_data import PopulationReference
from services.monitoring.adapters.repository import AssociationsReadModel, WorkshopRepository
from services.monitoring.adapters.starter_record import StarterRecord
from services.monitoring.adapters.value_repository import ValueRepository
from services.monitoring.domain.progress import Thresholds
from shared.messaging.uow import UnitOfWork

Flush = Callable[["MonitoringUnitOfWork", list[Any]], Awaitable[None]]


class MonitoringUnitOfWork(UnitOfWork):
    """Repositories, the status thresholds, and work deferred to just before the commit.

    A consumer runs several events in one transaction; :meth:`defer` lets a handler collect its
    events' work so that it is done once for all of them (a few statements per batch instead of
    a few per event), still inside the same transaction, before the outbox is written."""

    framework: FrameworkRepository
    measurements: MeasurementRepository
    values: ValueRepository
    arrivals: ArrivalRepository
    associations: AssociationsReadModel
    workshops: WorkshopRepository
    assessment: AssessmentReadModel
    starter: StarterRecord
    population: PopulationReference
    thresholds: Thresholds = Thresholds()
    outlier_z: float = 3.0
    auto_approve_ministry: bool = True

    def _start(self) -> None:
        self.framework = FrameworkRepository(self.connection)
        self.measurements = MeasurementRepository(self.driver)
        self.values = ValueRepository(self.driver)
        self.arrivals = ArrivalRepository(self.driver)
        self.associations = AssociationsReadModel(self.connection)
        self.workshops = WorkshopRepository(self.connection)
        self.assessment = AssessmentReadModel(self.connection)
        self.starter = StarterRecord(self.connection)
        self.population = PopulationReference(self.connection)
        self._deferred: dict[Flush, list[Any]] = {}

    def defer(self, flush: Flush, item: Any) -> None:
        self._deferred.setdefault(flush, []).append(item)

    async def commit(self) -> None:
        deferred, self._deferred = self._deferred, {}
        for flush, items in deferred.items():
            await flush(self, items)
        await super().commit()
