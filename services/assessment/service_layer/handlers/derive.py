"""What an accepted submission becomes in the analysis: needs, challenges or capacity.

Called by the accept-submission handler inside its own transaction, so a submission and what is
derived from it are committed together (or not at all). Submissions of kind ``survey`` derive
nothing. A submission that passed its form but cannot be read as its kind (a needs submission
with no sector, a capacity score of 7) raises the kind's ``ValidationFailedError`` subclass,
with the field at fault.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from services.assessment.domain.challenges import challenges_from
from services.assessment.domain.submissions import AcceptedSubmission
from services.assessment.service_layer.handlers.capacity import on_capacity_submission
from services.assessment.service_layer.handlers.needs import on_needs_submission
from services.assessment.service_layer.unit_of_work import AssessmentUnitOfWork

Deriver = Callable[[AcceptedSubmission, AssessmentUnitOfWork], Awaitable[None]]


async def on_challenges_submission(
    submission: AcceptedSubmission, uow: AssessmentUnitOfWork
) -> None:
    await uow.needs.add_challenges(challenges_from(submission))


DERIVERS: dict[str, Deriver] = {
    "needs": on_needs_submission,
    "challenges": on_challenges_submission,
    "capacity": on_capacity_submission,
}


async def on_submission_accepted(submission: AcceptedSubmission, uow: AssessmentUnitOfWork) -> None:
    deriver = DERIVERS.get(submission.kind)
    if deriver is not None:
        await deriver(submission, uow)
