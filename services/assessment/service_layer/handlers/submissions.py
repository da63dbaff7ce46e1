"""Submissions: answers validated against the exact form version they name, accepted (stored,
derived into the analysis, SubmissionAccepted) or rejected with every error (SubmissionRejected).
The same decision serves HTTP (which commits) and the bus (the consumer commits, with the inbox
row that makes a redelivered event a no-op)."""

from __future__ import annotations

from typing import Any

from services.assessment.domain.answers import check_answers
from services.assessment.domain.form_commands import SubmissionOutcome, SubmitAssessment
from services.assessment.domain.forms import FormDefinition
from services.assessment.domain.submission_rules import (
    accepted_submission,
    campaign_errors,
    envelope_errors,
    unknown_version,
)
from services.assessment.service_layer.handlers import derive
from services.assessment.service_layer.unit_of_work import AssessmentUnitOfWork
from shared.errors import ForbiddenError
from shared.events.assessment import FieldError, SubmissionAccepted, SubmissionRejected
from shared.events.envelope import CloudEvent
from shared.events.intake import AssessmentSubmitted


async def submit_assessment(cmd: SubmitAssessment, uow: AssessmentUnitOfWork) -> SubmissionOutcome:
    """HTTP: staff, or an association for itself."""
    outcome = await decide_submission(cmd, uow)
    await uow.commit()
    return outcome


async def on_assessment_submitted(envelope: CloudEvent[Any], uow: AssessmentUnitOfWork) -> None:
    event: AssessmentSubmitted = envelope.data
    cmd = SubmitAssessment(
        submission_id=envelope.id, form_id=event.form_id, form_version=event.form_version,
        answers=event.answers, submitted_by=event.submitted_by, submitted_at=envelope.time,
        channel="bus", campaign_id=event.campaign_id, association_id=event.association_id,
        centre=event.centre, reply_to=event.reply_to,
    )  # fmt: skip
    await decide_submission(cmd, uow)


async def decide_submission(cmd: SubmitAssessment, uow: AssessmentUnitOfWork) -> SubmissionOutcome:
    if cmd.acting_for is not None and cmd.association_id not in (None, cmd.acting_for):
        raise ForbiddenError("An association submits for itself only",
                             "يمكن للجمعية أن ترسل باسمها فقط", field="association_id")  # fmt: skip
    definition = await uow.forms.get(cmd.form_id, cmd.form_version)
    if definition is None:
        return _reject(cmd, [unknown_version()], uow)
    checked = check_answers(definition, cmd.answers)
    errors = envelope_errors(cmd, definition, checked.answers) + checked.errors
    if cmd.campaign_id:
        errors += campaign_errors(cmd, await uow.campaigns.get(cmd.campaign_id))
    if errors:
        return _reject(cmd, errors, uow)
    return await _accept(cmd, definition, checked.answers, uow)


async def _accept(
    cmd: SubmitAssessment, definition: FormDefinition, answers: dict[str, Any],
    uow: AssessmentUnitOfWork,
) -> SubmissionOutcome:  # fmt: skip
    accepted = accepted_submission(cmd, definition, answers)
    if cmd.channel == "bus":  # the inbox deduplicated the event: written with its batch
        uow.submissions.stage(accepted, cmd.answers, cmd.channel)
    elif not await uow.submissions.add(accepted, cmd.answers, cmd.channel):
        return SubmissionOutcome(cmd.submission_id, accepted=True, duplicate=True)
    await derive.on_submission_accepted(accepted, uow)
    uow.publish(
        SubmissionAccepted(
            submission_id=accepted.submission_id, form_id=accepted.form_id,
            form_version=accepted.form_version, campaign_id=accepted.campaign_id,
            association_id=accepted.association_id, centre=accepted.centre, kind=accepted.kind,
        ),  # type: ignore[arg-type]
        subject=accepted.submission_id,
    )  # fmt: skip
    return SubmissionOutcome(cmd.submission_id, accepted=True)


def _reject(
    cmd: SubmitAssessment, errors: list[FieldError], uow: AssessmentUnitOfWork
) -> SubmissionOutcome:
    uow.publish(
        SubmissionRejected(
            submission_id=cmd.submission_id, form_id=cmd.form_id, form_version=cmd.form_version,
            campaign_id=cmd.campaign_id, association_id=cmd.association_id, errors=errors,
            reply_to=cmd.reply_to,
        ),
        subject=cmd.submission_id,
    )  # fmt: skip
    return SubmissionOutcome(cmd.submission_id, accepted=False, errors=errors)
