"""Organisational capacity, after the USAID/JSI OCA: seven domains of sub-areas scored 1-4.

A capacity form names one question per sub-area ``oca_<domain>_<n>`` (select_one 1-4: nascent,
emerging, expanding, mature) and may ask its evidence in ``oca_<domain>_<n>_evidence``. A
domain's score is the mean of its sub-areas; the overall score the mean of the domains scored
(a shorter form that leaves a domain out is scored on the domains it asks).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from statistics import fmean
from typing import Any

from services.assessment.domain.submissions import AcceptedSubmission
from shared.errors import NotFoundError, ValidationFailedError

DOMAINS = ("governance", "finance", "administration", "hr", "programme", "performance",
           "organisation")  # fmt: skip
SCORE_NAMES = {1: "nascent", 2: "emerging", 3: "expanding", 4: "mature"}
_SUB_AREA = re.compile(rf"^oca_({'|'.join(DOMAINS)})_(\d+)$")


class CapacityInvalidError(ValidationFailedError):
    code = "capacity_invalid"


class AssessmentNotFoundError(NotFoundError):
    code = "capacity_assessment_not_found"
    message_ar = "تقييم القدرات غير موجود"
    message_en = "No such capacity assessment"


class ActionNotFoundError(NotFoundError):
    code = "action_not_found"
    message_ar = "الإجراء غير موجود في خطة العمل"
    message_en = "No such action in the action plan"


class ActionStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    DROPPED = "dropped"


@dataclass(frozen=True)
class SubAreaScore:
    sub_area: str
    domain: str
    score: int
    evidence: str | None = None


@dataclass(frozen=True)
class CapacityAssessment:
    assessment_id: str
    association_id: str
    campaign_id: str | None
    form_id: str
    form_version: str
    assessed_at: datetime
    submitted_by: str
    scores: tuple[SubAreaScore, ...]
    domains: dict[str, float] = field(init=False)
    overall: float = field(init=False)

    def __post_init__(self) -> None:
        if not self.scores:
            raise CapacityInvalidError(
                "A capacity assessment scores at least one oca_<domain>_<n> sub-area",
                "تقييم القدرات يجب أن يتضمن درجة لمجال فرعي واحد على الأقل",
                field="answers",
            )
        by_domain: dict[str, list[int]] = {}
        for s in self.scores:
            by_domain.setdefault(s.domain, []).append(s.score)
        domains = {d: round(fmean(by_domain[d]), 4) for d in DOMAINS if d in by_domain}
        object.__setattr__(self, "domains", domains)
        object.__setattr__(self, "overall", round(fmean(domains.values()), 4))


def assessment_from(submission: AcceptedSubmission) -> CapacityAssessment:
    a = submission.answers
    association_id = submission.association_id or a.get("association_id")
    if not association_id:
        raise CapacityInvalidError(
            "A capacity submission names its association", "حدد الجمعية", field="association_id"
        )
    scores = []
    for name, value in a.items():
        m = _SUB_AREA.match(name)
        if m and value is not None:
            evidence = a.get(f"{name}_evidence")
            scores.append(SubAreaScore(name, m.group(1), _score(value, name), evidence or None))
    return CapacityAssessment(
        assessment_id=submission.submission_id, association_id=str(association_id),
        campaign_id=submission.campaign_id, form_id=submission.form_id,
        form_version=submission.form_version, assessed_at=submission.submitted_at,
        submitted_by=submission.submitted_by, scores=tuple(sorted(scores, key=_order)),
    )  # fmt: skip


def deltas(
    current: dict[str, float], first: dict[str, float] | None, previous: dict[str, float] | None
) -> dict[str, dict[str, float | None]]:
    """Per domain: the change against the association's first and previous assessment."""
    return {
        d: {
            "vs_first": _delta(score, first, d),
            "vs_previous": _delta(score, previous, d),
        }
        for d, score in current.items()
    }


@dataclass(frozen=True)
class Action:
    action_id: str
    assessment_id: str
    domain: str
    action: str
    owner: str
    due_on: date | None
    status: ActionStatus = ActionStatus.OPEN

    def __post_init__(self) -> None:
        if self.domain not in DOMAINS:
            raise CapacityInvalidError(
                f"domain must be one of {', '.join(DOMAINS)}", "مجال غير معروف", field="domain"
            )
        for name in ("action", "owner"):
            if not getattr(self, name).strip():
                raise CapacityInvalidError(f"{name} is empty", "حقل مطلوب", field=name)


def _score(value: Any, name: str) -> int:
    try:
        score = int(str(value).strip())
    except ValueError:
        score = 0
    if score not in SCORE_NAMES:
        raise CapacityInvalidError(
            f"{name} must be scored 1 to 4", "الدرجة يجب أن تكون من 1 إلى 4", field=name
        )
    return score


def _order(s: SubAreaScore) -> tuple[int, int]:
    return DOMAINS.index(s.domain), int(s.sub_area.rsplit("_", 1)[1])


def _delta(score: float, other: dict[str, float] | None, domain: str) -> float | None:
    if other is None or domain not in other:
        return None
    return round(score - other[domain], 4)
