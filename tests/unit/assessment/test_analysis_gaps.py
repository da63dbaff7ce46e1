"""Gap rows and their ranking, and what a registry event marks for a recompute."""

from __future__ import annotations

from typing import Any

from services.assessment.domain.gaps import CellCoverage, Footprint, ranked
from services.assessment.domain.needs import NeedCell
from services.assessment.service_layer.handlers import associations
from shared.events.envelope import make_envelope
from shared.events.registry import (
    AssociationRegistered,
    AssociationStatusChanged,
    AssociationUpdated,
)
from tests.unit.assessment.analysis_fakes import FakeAssessmentUnitOfWork


def test_rows_are_ranked_by_gap_times_severity():
    rows = ranked([
        CellCoverage("edfu", "health", 2, 1000, 200),     # gap 800 x 2 = 1600
        CellCoverage("edfu", "education", 4, 500, 100),   # gap 400 x 4 = 1600, more severe
        CellCoverage("daraw", "health", 5, 100, 400),     # covered: gap 0
        CellCoverage("daraw", "relief", 3, 0, 0),         # nobody in need: covered
    ])  # fmt: skip
    assert [(r.centre, r.sector, r.gap) for r in rows] == [
        ("edfu", "education", 400), ("edfu", "health", 800),
        ("daraw", "health", 0), ("daraw", "relief", 0),
    ]  # fmt: skip
    assert [r.coverage for r in rows] == [0.2, 0.2, 1.0, 1.0]


def test_only_a_change_coverage_sees_touches_centres():
    f = Footprint(True, 100, frozenset({"edfu"}), frozenset({("edfu", "health")}))
    pending = Footprint(False, 100, frozenset({"edfu"}), frozenset({("edfu", "health")}))
    assert Footprint.centres_touched(f, f) == set()
    assert Footprint.centres_touched(None, pending) == set()  # never counted
    assert Footprint.centres_touched(pending, f) == {"edfu"}


def envelope(event: Any) -> Any:
    return make_envelope(event, source="/aswan/registry", subject=None)


async def test_a_pending_association_counts_once_it_becomes_active():
    uow = FakeAssessmentUnitOfWork()
    uow.needs.cells[("c1", "edfu", "health")] = NeedCell("c1", "edfu", "health", 3, 100, 100, 1)
    registered = AssociationRegistered(
        association_id="a1", org_id="EG-MOSS-1", registration_number="1", name_ar="جمعية",
        legal_form="association", centre="edfu", sectors=["health"], centres_served=["edfu"],
        status="pending_verification",
    )  # fmt: skip
    await associations.on_association_registered(envelope(registered), uow)
    updated = AssociationUpdated(
        association_id="a1", version=2, changed={"beneficiaries_per_year": 40}
    )
    await associations.on_association_updated(envelope(updated), uow)
    assert uow.gaps_dirty == set()  # pending associations are not coverage
    activated = AssociationStatusChanged.model_validate(
        {"association_id": "a1", "from": "pending_verification", "to": "active"}
    )
    await associations.on_association_status_changed(envelope(activated), uow)
    assert uow.gaps_dirty == {"c1"}
