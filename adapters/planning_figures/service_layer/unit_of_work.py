from __future__ import annotations

from adapters.planning_figures.adapters.repository import FigureRepository
from shared.messaging.uow import UnitOfWork


class PlanningUnitOfWork(UnitOfWork):
    figures: FigureRepository

    def _start(self) -> None:
        self.figures = FigureRepository(self.connection)
