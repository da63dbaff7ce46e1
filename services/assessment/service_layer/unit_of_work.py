from __future__ import annotations

from services.assessment.adapters.campaigns_repository import CampaignsRepository
from services.assessment.adapters.capacity_repository import CapacityRepository
from services.assessment.adapters.coverage_repository import CoverageReadModel
from services.assessment.adapters.forms_repository import FormsRepository
from services.assessment.adapters.gaps_repository import GapsRepository
from services.assessment.adapters.needs_repository import NeedsRepository
from services.assessment.adapters.submissions_repository import SubmissionsRepository
from services.assessment.service_layer.handlers import gaps
from shared.messaging.uow import UnitOfWork


class AssessmentUnitOfWork(UnitOfWork):
    # --- campaigns and analysis
    campaigns: CampaignsRepository
    needs: NeedsRepository
    capacity: CapacityRepository
    associations: CoverageReadModel
    gaps: GapsRepository
    gaps_dirty: set[str]
    # --- forms and submissions
    forms: FormsRepository
    submissions: SubmissionsRepository

    def _start(self) -> None:
        # --- campaigns and analysis
        self.campaigns = CampaignsRepository(self.driver)
        self.needs = NeedsRepository(self.driver)
        self.capacity = CapacityRepository(self.driver)
        self.associations = CoverageReadModel(self.driver)
        self.gaps = GapsRepository(self.driver)
        self.gaps_dirty = set()
        # --- forms and submissions
        self.forms = FormsRepository(self.driver, self.engine)
        self.submissions = SubmissionsRepository(self.driver)

    async def commit(self) -> None:
        # --- forms and submissions: the batch's consumed submissions, in one statement
        await self.submissions.flush()
        # Gap tables are recomputed once per transaction for every campaign whose needs or
        # coverage changed in it (a consumed batch of registry events: once, not per event).
        await gaps.recompute_dirty(self)
        await super().commit()
