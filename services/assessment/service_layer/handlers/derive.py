"""What an accepted submission becomes in the analysis: needs, challenges or capacity.

Called by the accept-submission handler inside its own transaction, so a submission and what is
derived from it are committed together (or not at all). Submissions of kind ``survey`` derive
nothing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from services.assessment.domain.submissions import AcceptedSubmission
from services.assessment.service_layer.unit_of_work import AssessmentUnitOfWork

Deriver = Callable[[AcceptedSubmission, AssessmentUnitOfWork], Awaitable[None]]

DERIVERS: dict[str, Deriver] = {}


async def on_submission_accepted(submission: AcceptedSubmission, uow: AssessmentUnitOfWork) -> None:
    deriver = DERIVERS.get(submission.kind)
    if deriver is not None:
        await deriver(submission, uow)
