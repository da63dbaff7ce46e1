"""Use case: take in the ministry's decisions (a webhook call or an extract). Each new decision
on an association we know becomes ``ministry.association.status-changed.v1``; a row that cannot
be parsed or matched goes to the reconciliation report (and, from the entrypoint, to a dead
letter); the same decision or the same extract again changes nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from adapters.moss_register.domain.decisions import RowProblem, parse
from adapters.moss_register.service_layer.unit_of_work import MossUnitOfWork
from shared.events.ministry import AssociationStatusDecided

UNKNOWN = RowProblem(
    "unknown_registration_number",
    "رقم الإشهار غير مسجل لدينا",
    "No association we know holds this registration number",
)


@dataclass(frozen=True)
class TakeDecisions:
    source: str  # "webhook" or "extract:<file name>"
    rows: list[dict[str, Any]]
    content_hash: str | None = None  # extracts: read once


@dataclass
class DecisionReport:
    accepted: int = 0
    repeated: int = 0
    already_read: bool = False
    problems: list[dict[str, Any]] = field(default_factory=list)


async def take_decisions(cmd: TakeDecisions, uow: MossUnitOfWork) -> DecisionReport:
    report = DecisionReport()
    if cmd.content_hash and not await uow.decisions.first_extract(
        cmd.content_hash, cmd.source, len(cmd.rows)
    ):
        report.already_read = True
        return report
    for row_no, row in enumerate(cmd.rows, start=1):
        try:
            decision = parse(row)
            if not await uow.decisions.known(decision.registration_number):
                raise UNKNOWN
        except RowProblem as exc:
            await uow.decisions.problem(cmd.source, row_no, row, exc.code, exc.ar, exc.en)
            report.problems.append({"row": row_no, "raw": row, "code": exc.code,
                                    "message_ar": exc.ar, "message_en": exc.en})  # fmt: skip
            continue
        values = {**decision.__dict__, "key": decision.key, "source": cmd.source,
                  "number": decision.registration_number}  # fmt: skip
        values.pop("registration_number")
        values.pop("reason")
        if not await uow.decisions.first_decision(values):
            report.repeated += 1
            continue
        event = AssociationStatusDecided(
            registration_number=decision.registration_number, status=decision.status,
            decided_at=decision.decided_at, reference=decision.reference, reason=decision.reason,
        )  # fmt: skip
        uow.publish(event, subject=decision.registration_number)
        report.accepted += 1
    await uow.commit()
    return report
