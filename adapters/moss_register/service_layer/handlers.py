"""Use cases: every registry event becomes a push (mapped in the transaction that consumes it),
and every answer of the register is recorded (the ministry's reference published back)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from adapters.moss_register.domain import mapping
from adapters.moss_register.service_layer.unit_of_work import MossUnitOfWork
from shared.events.envelope import CloudEvent, envelope_json
from shared.events.ministry import AssociationLinked


def _parts(envelope: CloudEvent[Any]) -> tuple[dict[str, Any], dict[str, Any], str]:
    raw = json.loads(envelope_json(envelope))
    return raw, raw["data"], raw["time"]


async def on_association_registered(envelope: CloudEvent[Any], uow: MossUnitOfWork) -> None:
    raw, data, time = _parts(envelope)
    aid = data["association_id"]
    await uow.moss.remember(aid, data["registration_number"], data["status"])
    body = mapping.registered(data, envelope.id, time)
    await uow.moss.add_push(raw, envelope.data.ROUTING_KEY, aid, body)


async def on_association_updated(envelope: CloudEvent[Any], uow: MossUnitOfWork) -> None:
    raw, data, time = _parts(envelope)
    aid = data["association_id"]
    if number := data["changed"].get("registration_number"):
        await uow.moss.remember(aid, number, None)
    body = mapping.updated(data, envelope.id, time, await uow.moss.number_of(aid))
    await uow.moss.add_push(raw, envelope.data.ROUTING_KEY, aid, body)


async def on_status_changed(envelope: CloudEvent[Any], uow: MossUnitOfWork) -> None:
    raw, data, time = _parts(envelope)
    aid = data["association_id"]
    await uow.moss.set_status(aid, data["to"])
    body = mapping.status_changed(data, envelope.id, time, await uow.moss.number_of(aid))
    await uow.moss.add_push(raw, envelope.data.ROUTING_KEY, aid, body)


@dataclass(frozen=True)
class PushAnswered:
    """The register's answer to one push: ``outcome`` sent | again | dead."""

    seq: int
    association_id: str
    outcome: str
    reference: str | None = None
    error: str = ""
    retry_in: float = 0.0


async def record_answers(answers: list[PushAnswered], uow: MossUnitOfWork) -> None:
    for answer in answers:
        if answer.outcome == "sent":
            await uow.moss.sent(answer.seq, answer.reference)
            number = None
            if answer.reference:
                number = await uow.moss.link(answer.association_id, answer.reference)
            if number is not None and answer.reference is not None:
                linked = AssociationLinked(
                    association_id=answer.association_id, registration_number=number,
                    ministry_reference=answer.reference,
                )  # fmt: skip
                uow.publish(linked, subject=answer.association_id)
        elif answer.outcome == "again":
            await uow.moss.again(answer.seq, answer.error, answer.retry_in)
        else:
            await uow.moss.dead(answer.seq, answer.error)
    await uow.commit()
