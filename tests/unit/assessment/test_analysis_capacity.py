"""Capacity scoring and action plans on the fake unit of work."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from services.assessment.domain.capacity import CapacityInvalidError, assessment_from, deltas
from services.assessment.domain.commands import AddAction, UpdateAction
from services.assessment.domain.submissions import AcceptedSubmission
from services.assessment.service_layer.handlers import capacity
from services.assessment.service_layer.handlers.derive import on_submission_accepted
from shared.errors import ForbiddenError
from shared.events.assessment import CapacityScored
from tests.unit.assessment.analysis_fakes import FakeAssessmentUnitOfWork


def oca(sid: str, day: int, association: str = "a1", **answers: object) -> AcceptedSubmission:
    return AcceptedSubmission(
        submission_id=sid, form_id="oca", form_version="1", kind="capacity", campaign_id=None,
        association_id=association, centre="edfu", answers=answers, submitted_by="tester",
        submitted_at=datetime(2026, 12, day, tzinfo=UTC),
    )  # fmt: skip


def test_domain_is_the_mean_of_its_sub_areas_and_overall_the_mean_of_domains():
    a = assessment_from(oca("s1", 1, oca_governance_1="4", oca_governance_2="2",
                            oca_finance_1=3, oca_finance_1_evidence="audited accounts 2025",
                            comment="not a sub-area"))  # fmt: skip
    assert a.domains == {"governance": 3.0, "finance": 3.0}
    assert a.overall == 3.0
    assert [s.sub_area for s in a.scores] == ["oca_governance_1", "oca_governance_2",
                                              "oca_finance_1"]  # fmt: skip
    assert a.scores[2].evidence == "audited accounts 2025"


def test_a_score_outside_1_to_4_is_refused_naming_the_sub_area():
    with pytest.raises(CapacityInvalidError) as caught:
        assessment_from(oca("s1", 1, oca_hr_1="5"))
    assert caught.value.detail.field == "oca_hr_1"


async def test_a_reassessment_is_published_with_the_previous_overall():
    uow = FakeAssessmentUnitOfWork()
    await on_submission_accepted(oca("s1", 1, oca_hr_1=1, oca_finance_1=2), uow)
    await on_submission_accepted(oca("s2", 5, oca_hr_1=3, oca_finance_1=4), uow)
    await on_submission_accepted(oca("s2", 5, oca_hr_1=3, oca_finance_1=4), uow)  # again
    first, second = uow.events(CapacityScored)
    assert (first.overall, first.previous_overall) == (1.5, None)
    assert (second.overall, second.previous_overall) == (3.5, 1.5)
    assert second.domains == {"finance": 4.0, "hr": 3.0}


def test_deltas_against_first_and_previous():
    d = deltas({"hr": 3.0, "finance": 2.0}, {"hr": 1.0}, {"hr": 2.5, "finance": 2.5})
    assert d == {
        "hr": {"vs_first": 2.0, "vs_previous": 0.5},
        "finance": {"vs_first": None, "vs_previous": -0.5},
    }


async def test_an_association_edits_only_its_own_action_plan():
    uow = FakeAssessmentUnitOfWork()
    await on_submission_accepted(oca("s1", 1, oca_hr_1=2), uow)
    action = await capacity.add_action(
        AddAction("s1", "hr", "write job descriptions", "board", date(2027, 3, 1), "u1", "a1"),
        uow,
    )
    done = await capacity.update_action(UpdateAction(action.action_id, "u1", status="done"), uow)
    assert done.status == "done" and done.action == "write job descriptions"
    with pytest.raises(ForbiddenError):
        await capacity.add_action(AddAction("s1", "hr", "x", "y", None, "u2", "a2"), uow)
    with pytest.raises(CapacityInvalidError):
        await capacity.add_action(AddAction("s1", "marketing", "x", "y", None, "u1", "a1"), uow)
