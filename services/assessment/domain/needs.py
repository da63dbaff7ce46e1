"""Needs: what each statement says of a cell (centre x sector of a campaign), and the cell.

A cell is made of statements (one per needs submission, one per staff member's PUT). Its
severity is the median of theirs (the upper middle one when their count is even: severity is an
ordinal JIAF phase, and a tie between "severe" and "extreme" should not read as the milder);
its people in need and affected are the largest stated, never a sum: several statements describe
the same people. Across sectors people are never summed either (:func:`centre_total`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from statistics import median_high
from typing import Any, TypeVar

from services.assessment.domain.submissions import AcceptedSubmission
from shared.errors import ValidationFailedError
from shared.events.assessment import PEOPLE_MAX
from shared.events.codes import Centre, Sector

SEVERITY_MIN, SEVERITY_MAX = 1, 5
E = TypeVar("E", Centre, Sector)


class NeedInvalidError(ValidationFailedError):
    code = "need_invalid"


@dataclass(frozen=True)
class NeedStatement:
    statement_id: str
    campaign_id: str
    centre: Centre
    sector: Sector
    severity: int
    people_in_need: int
    people_affected: int
    recorded_by: str
    main_problems: tuple[str, ...] = ()
    submission_id: str | None = None
    association_id: str | None = None

    def __post_init__(self) -> None:
        if not SEVERITY_MIN <= self.severity <= SEVERITY_MAX:
            raise NeedInvalidError(
                f"severity must be between {SEVERITY_MIN} and {SEVERITY_MAX}",
                f"درجة الشدة يجب أن تكون بين {SEVERITY_MIN} و{SEVERITY_MAX}",
                field="severity",
            )
        for name in ("people_in_need", "people_affected"):
            if not 0 <= getattr(self, name) <= PEOPLE_MAX:
                raise NeedInvalidError(
                    f"{name} must be between 0 and {PEOPLE_MAX:,}",
                    f"العدد يجب أن يكون بين 0 و{PEOPLE_MAX:,}",
                    field=name,
                )


@dataclass(frozen=True)
class NeedCell:
    campaign_id: str
    centre: str
    sector: str
    severity: int
    people_in_need: int
    people_affected: int
    submissions: int


def cell_of(statements: list[NeedStatement]) -> NeedCell:
    first = statements[0]
    return NeedCell(
        campaign_id=first.campaign_id,
        centre=first.centre.value,
        sector=first.sector.value,
        severity=median_high(s.severity for s in statements),
        people_in_need=max(s.people_in_need for s in statements),
        people_affected=max(s.people_affected for s in statements),
        submissions=len(statements),
    )


def centre_total(cells: Iterable[NeedCell]) -> dict[str, int]:
    """People in need per centre: the largest of its sectors (one person needs several
    sectors; a sum would count them several times)."""
    out: dict[str, int] = {}
    for c in cells:
        out[c.centre] = max(out.get(c.centre, 0), c.people_in_need)
    return out


def statement_from(submission: AcceptedSubmission) -> NeedStatement:
    """The need a submission of kind ``needs`` states (CONTRACTS.md: centre, sector, severity,
    people_in_need, people_affected, and main_problems as a select_multiple)."""
    a = submission.answers
    if not submission.campaign_id:
        raise NeedInvalidError(
            "A needs submission belongs to a campaign",
            "استبيان الاحتياجات يجب أن يتبع حملة",
            field="campaign_id",
        )
    return NeedStatement(
        statement_id=f"submission:{submission.submission_id}",
        campaign_id=submission.campaign_id,
        centre=_code(Centre, a.get("centre") or submission.centre, "centre"),
        sector=_code(Sector, a.get("sector"), "sector"),
        severity=_int(a.get("severity"), "severity"),
        people_in_need=_int(a.get("people_in_need", 0), "people_in_need"),
        people_affected=_int(a.get("people_affected", 0), "people_affected"),
        recorded_by=submission.submitted_by,
        main_problems=tuple(str(p) for p in a.get("main_problems") or ()),
        submission_id=submission.submission_id,
        association_id=submission.association_id,
    )


def _code(enum: type[E], value: Any, field: str) -> E:
    try:
        return enum(str(value))
    except ValueError:
        raise NeedInvalidError(
            f"Unknown {field}: {value!r}", "رمز غير معروف في القائمة", field=field
        ) from None


def _int(value: Any, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float) or int(value) != value:
        raise NeedInvalidError(
            f"{field} must be a whole number", "يجب أن يكون عددا صحيحا", field=field
        )
    return int(value)
