"""Use case: take one file of KPI figures. Every good row is published as
``ministry.kpi.measurement-reported.v1`` (through the outbox); every bad one is kept in the
report with its reason (and dead-lettered by the entrypoint); the same file again changes
nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from adapters.planning_figures.domain.rows import RowProblem, parse
from adapters.planning_figures.service_layer.unit_of_work import PlanningUnitOfWork
from shared.events.ministry import MinistryKPIMeasurementReported


@dataclass(frozen=True)
class TakeFigures:
    source: str
    rows: list[dict[str, Any]]
    content_hash: str
    reported_by: str


@dataclass
class FiguresReport:
    accepted: int = 0
    already_read: bool = False
    problems: list[dict[str, Any]] = field(default_factory=list)


async def take_figures(cmd: TakeFigures, uow: PlanningUnitOfWork) -> FiguresReport:
    report = FiguresReport()
    if not await uow.figures.first_file(cmd.content_hash, cmd.source, len(cmd.rows)):
        report.already_read = True
        return report
    for row_no, row in enumerate(cmd.rows, start=1):
        try:
            figure = parse(row)
        except RowProblem as exc:
            await uow.figures.problem(cmd.source, row_no, row, exc)
            report.problems.append({"row": row_no, "raw": row, "code": exc.code,
                                    "message_ar": exc.ar, "message_en": exc.en})  # fmt: skip
            continue
        event = MinistryKPIMeasurementReported(**figure.__dict__, reported_by=cmd.reported_by)
        uow.publish(event, subject=f"{figure.kpi_code}:{figure.period}:{figure.centre or ''}")
        report.accepted += 1
    await uow.commit()
    return report
