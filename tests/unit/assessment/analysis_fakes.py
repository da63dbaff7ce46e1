"""In-memory repositories of the analysis (campaigns, needs, capacity, coverage, gaps) and a
fake unit of work made of them, for the handler unit tests: the same methods as the real
repositories, dictionaries instead of tables; the gap recompute at commit, as the real one."""

from __future__ import annotations

from typing import Any

from services.assessment.domain.campaigns import Campaign
from services.assessment.domain.capacity import Action, CapacityAssessment
from services.assessment.domain.challenges import Challenge
from services.assessment.domain.gaps import CellCoverage, Footprint
from services.assessment.domain.needs import NeedCell, NeedStatement
from services.assessment.service_layer.handlers import gaps as gap_handlers
from shared.events.assessment import GapRow
from tests.support.fake_uow import FakeUnitOfWork


class FakeCampaigns:
    def __init__(self) -> None:
        self.rows: dict[str, Campaign] = {}

    async def get(self, campaign_id: str, *, for_update: bool = False) -> Campaign | None:
        return self.rows.get(campaign_id)

    async def add(self, c: Campaign) -> None:
        self.rows[c.campaign_id] = c

    async def save(self, c: Campaign) -> None:
        self.rows[c.campaign_id] = c


class FakeForms:
    """Only what campaigns ask of forms: does this version exist."""

    def __init__(self) -> None:
        self.known: set[tuple[str, str]] = set()

    async def get(self, form_id: str, version: str) -> object | None:
        return object() if (form_id, version) in self.known else None


class FakeNeeds:
    def __init__(self) -> None:
        self.statements_by_id: dict[str, NeedStatement] = {}
        self.cells: dict[tuple[str, str, str], NeedCell] = {}
        self.challenges: set[Challenge] = set()

    async def lock_cell(self, campaign_id: str, centre: str, sector: str) -> None:
        pass

    async def put_statement(self, s: NeedStatement) -> None:
        self.statements_by_id[s.statement_id] = s

    async def statements(self, campaign_id: str, centre: str, sector: str) -> list[NeedStatement]:
        return sorted(
            (
                s
                for s in self.statements_by_id.values()
                if (s.campaign_id, s.centre, s.sector) == (campaign_id, centre, sector)
            ),
            key=lambda s: s.statement_id,
        )

    async def put_cell(self, c: NeedCell) -> bool:
        key = (c.campaign_id, c.centre, c.sector)
        changed = self.cells.get(key) != c
        self.cells[key] = c
        return changed

    async def add_challenges(self, challenges: list[Challenge]) -> None:
        self.challenges.update(challenges)


class FakeCapacity:
    def __init__(self) -> None:
        self.assessments: dict[str, CapacityAssessment] = {}
        self.actions: dict[str, Action] = {}

    async def add(self, a: CapacityAssessment) -> bool:
        if a.assessment_id in self.assessments:
            return False
        self.assessments[a.assessment_id] = a
        return True

    async def previous_overall(self, a: CapacityAssessment) -> float | None:
        earlier = [
            x
            for x in self.assessments.values()
            if x.association_id == a.association_id
            and (x.assessed_at, x.assessment_id) < (a.assessed_at, a.assessment_id)
        ]
        return (
            max(earlier, key=lambda x: (x.assessed_at, x.assessment_id)).overall
            if earlier
            else None
        )

    async def association_of(self, assessment_id: str) -> str | None:
        a = self.assessments.get(assessment_id)
        return a.association_id if a else None

    async def add_action(self, a: Action, actor: str) -> None:
        self.actions[a.action_id] = a

    async def get_action(self, action_id: str) -> Action | None:
        return self.actions.get(action_id)

    async def save_action(self, a: Action, actor: str) -> None:
        self.actions[a.action_id] = a


class FakeCoverage:
    def __init__(self) -> None:
        self.rows: dict[str, dict[str, Any]] = {}
        self.partnerships: dict[str, dict[str, Any]] = {}

    async def footprint(self, association_id: str) -> Footprint | None:
        a = self.rows.get(association_id)
        if a is None:
            return None
        cells = {(c, s) for c in a["centres_served"] for s in a["sectors"]}
        for p in self.partnerships.values():
            if p["association_id"] == association_id:
                cells |= {(c, s) for c in p["centres"] for s in p["sectors"]}
        counts = a["status"] == "active" and a["beneficiaries_per_year"] > 0
        return Footprint(
            counts, a["beneficiaries_per_year"], frozenset(c for c, _ in cells), frozenset(cells)
        )

    async def upsert(self, association_id: str, values: dict[str, Any]) -> None:
        known = {k: v for k, v in values.items() if k in (
            "centre", "status", "centres_served", "sectors", "beneficiaries_per_year")}  # fmt: skip
        if association_id in self.rows:
            self.rows[association_id].update(known)
        elif {"centre", "status", "centres_served", "sectors"} <= set(known):
            self.rows[association_id] = {"beneficiaries_per_year": 0, **known}

    async def add_partnership(
        self, partnership_id: str, association_id: str, centres: list[str], sectors: list[str],
        starts_on: Any, ends_on: Any,
    ) -> None:  # fmt: skip
        self.partnerships[partnership_id] = {
            "association_id": association_id, "centres": centres, "sectors": sectors
        }  # fmt: skip

    async def centres_of(self, association_id: str) -> list[str]:
        a = self.rows.get(association_id)
        return sorted({a["centre"], *a["centres_served"]}) if a else []


class FakeGaps:
    """Coverage per campaign is what the test sets (the SQL is tested against PostgreSQL)."""

    def __init__(self, needs: FakeNeeds) -> None:
        self.needs = needs
        self.reached: dict[tuple[str, str], int] = {}
        self.tables: dict[str, list[GapRow]] = {}

    async def coverage(self, campaign_id: str) -> list[CellCoverage]:
        return [
            CellCoverage(c.centre, c.sector, c.severity, c.people_in_need,
                         self.reached.get((c.centre, c.sector), 0))
            for (cid, _, _), c in sorted(self.needs.cells.items()) if cid == campaign_id
        ]  # fmt: skip

    async def rows(self, campaign_id: str) -> list[GapRow]:
        return self.tables.get(campaign_id, [])

    async def replace(self, campaign_id: str, rows: list[GapRow]) -> None:
        self.tables[campaign_id] = rows

    async def campaigns_needing(self, centres: list[str]) -> list[str]:
        return sorted({cid for (cid, centre, _) in self.needs.cells if centre in centres})


class FakeAssessmentUnitOfWork(FakeUnitOfWork):
    def __init__(self) -> None:
        needs = FakeNeeds()
        super().__init__(
            forms=FakeForms(), campaigns=FakeCampaigns(), needs=needs, capacity=FakeCapacity(),
            associations=FakeCoverage(), gaps=FakeGaps(needs),
        )  # fmt: skip
        self.gaps_dirty: set[str] = set()
        self.commits = 0

    async def commit(self) -> None:
        await gap_handlers.recompute_dirty(self)  # type: ignore[arg-type]
        self.commits += 1
        await super().commit()
