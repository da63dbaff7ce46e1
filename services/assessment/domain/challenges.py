"""Association challenges: an association's own view of what holds its work back.

A challenges form asks ``challenges`` (select_multiple: funding, staff, premises, registration,
partnerships, skills, ... as its choices list them) and the sectors they hold back, ``sector``
(select_one) or ``sectors`` (select_multiple); the centre is the submission's (or a ``centre``
question). Each (sector, challenge) of a submission is counted once per centre and sector.
"""

from __future__ import annotations

from dataclasses import dataclass

from services.assessment.domain.submissions import AcceptedSubmission
from shared.errors import ValidationFailedError
from shared.events.codes import Centre, Sector


class ChallengesInvalidError(ValidationFailedError):
    code = "challenges_invalid"


@dataclass(frozen=True)
class Challenge:
    submission_id: str
    campaign_id: str | None
    association_id: str | None
    centre: str
    sector: str
    challenge: str


def challenges_from(submission: AcceptedSubmission) -> list[Challenge]:
    a = submission.answers
    centre = str(a.get("centre") or submission.centre or "")
    if centre not in Centre.__members__.values():
        raise ChallengesInvalidError(
            f"Unknown centre: {centre!r}", "مركز غير معروف", field="centre"
        )
    sectors = _listed(a.get("sectors")) or _listed(a.get("sector"))
    for sector in sectors:
        if sector not in Sector.__members__.values():
            raise ChallengesInvalidError(
                f"Unknown sector: {sector!r}", "قطاع غير معروف", field="sectors"
            )
    return [
        Challenge(submission.submission_id, submission.campaign_id, submission.association_id,
                  centre, sector, challenge)
        for sector in sorted(set(sectors))
        for challenge in sorted(set(_listed(a.get("challenges"))))
    ]  # fmt: skip


def _listed(value: object) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    return str(value).split()
