"""Reporting periods: a year (``2026``) or a quarter (``2026-Q3``); Arabic-Indic digits accepted."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from shared.text import normalise_digits

_YEAR = re.compile(r"^(\d{4})$")
_QUARTER = re.compile(r"^(\d{4})-?[Qq]([1-4])$")


class PeriodType(StrEnum):
    YEAR = "year"
    QUARTER = "quarter"


@dataclass(frozen=True, order=True)
class Period:
    year: int
    quarter: int | None = None

    @property
    def type(self) -> PeriodType:
        return PeriodType.YEAR if self.quarter is None else PeriodType.QUARTER

    @property
    def end(self) -> float:
        """Position of the period's end on a time axis in years (2026 -> 2027.0, Q1 -> +0.25)."""
        return self.year + (1.0 if self.quarter is None else self.quarter / 4)

    @property
    def year_period(self) -> Period:
        return Period(self.year)

    def __str__(self) -> str:
        return str(self.year) if self.quarter is None else f"{self.year}-Q{self.quarter}"


def parse_period(text: str) -> Period | None:
    """``'2026'``, ``'٢٠٢٦-Q3'`` -> Period; anything else (a month, garbage) -> None."""
    raw = normalise_digits(text.strip())
    if match := _YEAR.match(raw):
        return Period(int(match.group(1)))
    if match := _QUARTER.match(raw):
        return Period(int(match.group(1)), int(match.group(2)))
    return None
