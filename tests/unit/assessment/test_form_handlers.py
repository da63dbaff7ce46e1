"""Handlers of forms and submissions on a fake unit of work (no database, no broker)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from services.assessment.domain.form_commands import SubmitAssessment, UploadForm
from services.assessment.domain.form_errors import FormVersionConflictError, WorkbookInvalidError
from services.assessment.service_layer.handlers import forms, submissions
from shared.errors import ForbiddenError
from shared.events.assessment import SubmissionAccepted, SubmissionRejected
from tests.unit.assessment.fakes import FakeCampaign, fake_uow
from tests.unit.assessment.workbooks import survey_v1, xlsform


def submit(answers, **overrides) -> SubmitAssessment:
    values = dict(
        submission_id="s-1",
        form_id="f",
        form_version="1",
        answers=answers,
        submitted_by="tester",
        submitted_at=datetime.now(UTC),
        channel="http",
    )
    values.update(overrides)
    return SubmitAssessment(**values)  # type: ignore[arg-type]


async def uploaded(**campaigns):
    uow = fake_uow(**campaigns)
    await forms.upload_form(UploadForm(survey_v1("f"), "staff-1"), uow)
    uow.published.clear()
    return uow


async def test_upload_stores_a_version_and_the_same_content_again_is_no_change():
    uow = fake_uow()
    first = await forms.upload_form(UploadForm(survey_v1("f"), "staff-1"), uow)
    again = await forms.upload_form(UploadForm(survey_v1("f"), "staff-1"), uow)
    assert first.created and not again.created
    assert uow.committed
    assert list(uow.forms.versions) == [("f", "1")]


async def test_other_content_under_a_stored_version_is_a_conflict():
    uow = await uploaded()
    other = xlsform([["integer", "people", "عدد", "People"]], form_id="f", version="1")
    with pytest.raises(FormVersionConflictError):
        await forms.upload_form(UploadForm(other, "staff-1"), uow)


async def test_a_workbook_without_settings_is_refused_with_located_errors():
    bad = xlsform([["integer", "people", "عدد"]], form_id="", version="", kind="poll")
    with pytest.raises(WorkbookInvalidError) as caught:
        await forms.upload_form(UploadForm(bad, "staff-1"), fake_uow())
    located = {(e.sheet, e.row, e.column) for e in caught.value.sheet_errors}
    assert located >= {("settings", 2, "form_id"), ("settings", 2, "aswan_kind")}


async def test_accepted_submission_is_stored_normalised_and_published():
    uow = await uploaded()
    outcome = await submissions.submit_assessment(
        submit({"people": "٢٠", "sector": "health", "remarks": "x"}), uow
    )
    assert outcome.accepted and uow.committed
    stored, raw, channel = uow.submissions.stored["s-1"]
    assert stored.answers == {"people": 20, "sector": "health", "remarks": "x"}
    assert raw["people"] == "٢٠" and channel == "http"
    [event] = uow.events(SubmissionAccepted)
    assert event.submission_id == "s-1" and event.kind == "survey"


async def test_a_non_relevant_answer_is_ignored_and_a_required_one_missing_rejected():
    uow = await uploaded()
    outcome = await submissions.submit_assessment(submit({"people": 3, "remarks": "x"}), uow)
    assert not outcome.accepted
    assert [(e.field, e.code) for e in outcome.errors] == [("sector", "required")]
    [event] = uow.events(SubmissionRejected)
    assert event.errors == outcome.errors
    assert uow.submissions.stored == {}


async def test_the_same_submission_twice_is_stored_once_and_announced_once():
    uow = await uploaded()
    cmd = submit({"people": 1, "sector": "health"})
    await submissions.decide_submission(cmd, uow)
    again = await submissions.decide_submission(cmd, uow)
    assert again.duplicate
    assert len(uow.events(SubmissionAccepted)) == 1


async def test_an_association_submits_for_itself_only():
    uow = await uploaded()
    with pytest.raises(ForbiddenError):
        await submissions.submit_assessment(
            submit({"people": 1, "sector": "health"}, acting_for="a-1", association_id="a-2"), uow
        )


async def test_a_campaign_must_be_open_and_of_the_form_version():
    uow = await uploaded(c1=FakeCampaign("f", "1", "closed"), c2=FakeCampaign("f", "2", "open"))
    answers = {"people": 1, "sector": "health"}
    closed = await submissions.decide_submission(submit(answers, campaign_id="c1"), uow)
    other = await submissions.decide_submission(submit(answers, campaign_id="c2"), uow)
    unknown = await submissions.decide_submission(submit(answers, campaign_id="c3"), uow)
    assert [e.code for e in closed.errors] == ["campaign_not_open"]
    assert [e.code for e in other.errors] == ["campaign_form_mismatch"]
    assert [e.code for e in unknown.errors] == ["campaign_unknown"]
