"""In-memory repositories of forms, submissions and campaigns for handler unit tests."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from services.assessment.domain.forms import FormDefinition
from services.assessment.domain.submissions import AcceptedSubmission
from tests.support.fake_uow import FakeUnitOfWork


class InMemoryForms:
    def __init__(self) -> None:
        self.versions: dict[tuple[str, str], FormDefinition] = {}

    async def get(self, form_id: str, version: str) -> FormDefinition | None:
        return self.versions.get((form_id, version))

    async def lock(self, form_id: str) -> None:
        pass

    async def add(self, definition: FormDefinition, workbook: bytes, uploaded_by: str) -> int:
        self.versions[(definition.form_id, definition.version)] = definition
        return len(self.versions)


class InMemorySubmissions:
    def __init__(self) -> None:
        self.stored: dict[str, tuple[AcceptedSubmission, dict[str, Any], str]] = {}

    async def add(self, s: AcceptedSubmission, raw: dict[str, Any], channel: str) -> bool:
        if s.submission_id in self.stored:
            return False
        self.stored[s.submission_id] = (s, raw, channel)
        return True

    def stage(self, s: AcceptedSubmission, raw: dict[str, Any], channel: str) -> None:
        self.stored[s.submission_id] = (s, raw, channel)

    async def flush(self) -> None:
        pass


@dataclass(frozen=True)
class FakeCampaign:
    form_id: str
    form_version: str
    status: str


class InMemoryCampaigns:
    def __init__(self, **campaigns: FakeCampaign) -> None:
        self.campaigns = campaigns

    async def get(self, campaign_id: str, *, for_update: bool = False) -> FakeCampaign | None:
        return self.campaigns.get(campaign_id)


def fake_uow(**campaigns: FakeCampaign) -> Any:
    return FakeUnitOfWork(
        forms=InMemoryForms(), submissions=InMemorySubmissions(),
        campaigns=InMemoryCampaigns(**campaigns),
    )  # fmt: skip
