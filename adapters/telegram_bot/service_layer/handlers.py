"""Use cases of the bot: send a completed registration, and turn the registry's answers into
replies in the chat it came from (queued in the same transaction as the outcome)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from adapters.telegram_bot.domain import replies
from adapters.telegram_bot.service_layer.unit_of_work import BotUnitOfWork
from shared.events.envelope import CloudEvent
from shared.events.intake import AssociationRegistrationSubmitted
from shared.events.registry import (
    AssociationRegistered,
    AssociationRegistrationRejected,
    AssociationStatusChanged,
)


@dataclass(frozen=True)
class SubmitRegistration:
    chat_id: int
    language: str
    data: dict[str, Any]


async def submit_registration(cmd: SubmitRegistration, uow: BotUnitOfWork) -> str:
    """Publish ``intake.registration.submitted.v1``; its id is the submission id the registry
    answers with."""
    submission_id = str(uuid.uuid4())
    event = AssociationRegistrationSubmitted(
        **cmd.data, channel="bot", bot_chat_id=str(cmd.chat_id), language=cmd.language
    )
    uow.publish(event, subject=submission_id, event_id=submission_id, correlation_id=submission_id)
    await uow.bot.add_submission(submission_id, cmd.chat_id, cmd.language)
    await uow.commit()
    return submission_id


async def on_association_registered(envelope: CloudEvent[Any], uow: BotUnitOfWork) -> None:
    event: AssociationRegistered = envelope.data
    if event.channel != "bot" or not event.submission_id:
        return
    chat = await uow.bot.record_outcome(
        event.submission_id, outcome="registered", association_id=event.association_id,
        org_id=event.org_id, status=event.status.value,
    )  # fmt: skip
    if chat is not None:
        text, keyboard = replies.registered(event.org_id, chat["language"])
        await uow.bot.queue_reply(envelope.id, chat["chat_id"], text, keyboard)


async def on_registration_rejected(envelope: CloudEvent[Any], uow: BotUnitOfWork) -> None:
    event: AssociationRegistrationRejected = envelope.data
    if event.channel != "bot":
        return
    errors = [e.model_dump() for e in event.errors]
    chat = await uow.bot.record_outcome(event.submission_id, outcome="rejected", errors=errors)
    if chat is not None:
        text, keyboard = replies.rejected(errors, chat["language"])
        await uow.bot.queue_reply(envelope.id, chat["chat_id"], text, keyboard)


async def on_status_changed(envelope: CloudEvent[Any], uow: BotUnitOfWork) -> None:
    """Keeps /status current (verified, suspended, dissolved)."""
    event: AssociationStatusChanged = envelope.data
    await uow.bot.record_status(event.association_id, event.to.value)
