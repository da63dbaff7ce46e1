"""Needs against coverage: for each cell of a campaign, who is in need and who is reached.

Reached is the yearly beneficiaries of the active associations serving the cell, each
association's figure split evenly across the cells (centre x sector) it serves; the sum over
all associations is made in SQL (:mod:`services.assessment.adapters.gaps_repository`). Here the
arithmetic of a row and the order of the table: coverage = min(1, reached / in need) (a cell
with nobody in need is covered), gap = in need - reached (never below 0), ranked by
gap x severity, then severity, then centre and sector (a stable order for equal products).
"""

from __future__ import annotations

from dataclasses import dataclass

from shared.events.assessment import GapRow
from shared.events.codes import Centre


@dataclass(frozen=True)
class Footprint:
    """What coverage sees of one association."""

    counts: bool  # active, with beneficiaries: its people are in the coverage
    beneficiaries: int
    centres: frozenset[str]  # served by its profile or by a partnership
    cells: frozenset[tuple[str, str]]

    @staticmethod
    def centres_touched(before: Footprint | None, after: Footprint | None) -> set[str]:
        """The centres whose coverage an event may have changed (none if it changed nothing
        that coverage sees, or the association never counted)."""
        if before == after:
            return set()
        return set().union(*(f.centres for f in (before, after) if f is not None and f.counts))


@dataclass(frozen=True)
class CellCoverage:
    centre: str
    sector: str
    severity: int
    people_in_need: int
    people_reached: int


def gap_row(cell: CellCoverage) -> GapRow:
    pin, reached = cell.people_in_need, cell.people_reached
    return GapRow(
        centre=Centre(cell.centre),
        sector=cell.sector,
        severity=cell.severity,
        people_in_need=pin,
        people_reached=reached,
        coverage=1.0 if pin == 0 else round(min(1.0, reached / pin), 4),
        gap=max(0, pin - reached),
    )


def ranked(cells: list[CellCoverage]) -> list[GapRow]:
    rows = [gap_row(c) for c in cells]
    return sorted(rows, key=lambda r: (-r.gap * r.severity, -r.severity, r.centre, r.sector))
