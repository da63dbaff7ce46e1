"""Needs handlers on the fake unit of work: a cell is the median severity and the largest
figures of its statements; people are never summed; every change of a cell is published."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from services.assessment.domain.commands import RecordNeed
from services.assessment.domain.needs import NeedCell, NeedInvalidError, centre_total
from services.assessment.domain.submissions import AcceptedSubmission
from services.assessment.service_layer.handlers import needs
from services.assessment.service_layer.handlers.derive import on_submission_accepted
from shared.events.assessment import PEOPLE_MAX, GapAnalysisPublished, NeedsUpdated
from shared.events.codes import Centre, Sector
from tests.unit.assessment.analysis_fakes import FakeAssessmentUnitOfWork


def submission(sid: str, kind: str = "needs", **answers: object) -> AcceptedSubmission:
    return AcceptedSubmission(
        submission_id=sid, form_id="needs", form_version="1", kind=kind, campaign_id="c1",
        association_id="a1", centre="edfu", answers=answers, submitted_by="tester",
        submitted_at=datetime(2026, 12, 1, tzinfo=UTC),
    )  # fmt: skip


def need(sid: str, severity: int, pin: int, affected: int = 0, sector: str = "health"):
    return submission(sid, sector=sector, severity=severity, people_in_need=pin,
                      people_affected=affected, main_problems=["water"])  # fmt: skip


async def test_a_cell_is_the_median_severity_and_largest_figures_of_its_submissions():
    uow = FakeAssessmentUnitOfWork()
    for sid, sev, pin, aff in [("s1", 2, 100, 500), ("s2", 5, 300, 400), ("s3", 3, 200, 900)]:
        await on_submission_accepted(need(sid, sev, pin, aff), uow)
    cell = uow.needs.cells[("c1", "edfu", "health")]
    assert (cell.severity, cell.people_in_need, cell.people_affected) == (3, 300, 900)
    assert cell.submissions == 3
    assert len(uow.needs.statements_by_id) == 3  # the submissions are kept
    events = uow.events(NeedsUpdated)
    assert [e.severity for e in events] == [2, 5, 3]  # one event per change of the cell
    assert events[-1].people_in_need == 300 and events[-1].submissions == 3


async def test_an_even_count_takes_the_upper_middle_severity():
    uow = FakeAssessmentUnitOfWork()
    await on_submission_accepted(need("s1", 3, 10), uow)
    await on_submission_accepted(need("s2", 4, 10), uow)
    assert uow.needs.cells[("c1", "edfu", "health")].severity == 4


async def test_an_unchanged_cell_is_not_published_again():
    uow = FakeAssessmentUnitOfWork()
    cmd = RecordNeed("c1", Centre.EDFU, Sector.HEALTH, 3, 100, "staff-1", people_in_need=50)
    await needs.record_need(cmd, uow)
    await needs.record_need(cmd, uow)  # the same staff member, the same statement
    assert len(uow.events(NeedsUpdated)) == 1
    assert uow.needs.cells[("c1", "edfu", "health")].submissions == 1


def test_a_centres_total_is_its_largest_sector_never_a_sum():
    cells = [
        NeedCell("c1", "edfu", "health", 3, 700, 900, 1),
        NeedCell("c1", "edfu", "education", 2, 400, 400, 1),
        NeedCell("c1", "daraw", "health", 4, 50, 60, 1),
    ]
    assert centre_total(cells) == {"edfu": 700, "daraw": 50}


@pytest.mark.parametrize(
    ("answers", "field"),
    [
        ({"sector": "health", "severity": 6, "people_in_need": 1}, "severity"),
        ({"sector": "health", "severity": 3, "people_in_need": PEOPLE_MAX + 1}, "people_in_need"),
        ({"sector": "health", "severity": 3, "people_affected": 3_532_036_362}, "people_affected"),
        ({"sector": "mining", "severity": 3}, "sector"),
        ({"sector": "health", "severity": "three"}, "severity"),
    ],
)
async def test_an_out_of_range_need_is_refused_naming_its_field(answers, field):
    uow = FakeAssessmentUnitOfWork()
    with pytest.raises(NeedInvalidError) as caught:
        await on_submission_accepted(submission("s1", **answers), uow)
    assert caught.value.detail.field == field
    assert not uow.needs.cells and not uow.published


async def test_a_change_of_needs_recomputes_the_gaps_once_at_commit():
    uow = FakeAssessmentUnitOfWork()
    await on_submission_accepted(need("s1", 4, 1000), uow)
    await on_submission_accepted(need("s2", 4, 1000, sector="education"), uow)
    assert uow.gaps_dirty == {"c1"}
    await uow.commit()
    [published] = uow.events(GapAnalysisPublished)
    assert [r.sector for r in published.rows] == ["education", "health"]


async def test_survey_submissions_derive_nothing():
    uow = FakeAssessmentUnitOfWork()
    await on_submission_accepted(submission("s1", kind="survey", sector="health"), uow)
    assert not uow.published and not uow.needs.statements_by_id
