"""Use cases of the notify service: one async function each, over a unit of work.

Consumers record who is to hear what (rendered, in the inbox's transaction); sending happens
after the commit, in :mod:`services.notify.service_layer.delivery`.
"""

from __future__ import annotations

import logging
import secrets
import uuid
from typing import TYPE_CHECKING, Any

from services.notify.domain import recipients as who
from services.notify.domain.commands import CreateSubscription, Unsubscribe
from services.notify.domain.errors import (
    InvalidUnsubscribeLinkError,
    SubscriptionNotFoundError,
)
from services.notify.domain.model import Channel, Recipient
from services.notify.domain.signing import verify_unsubscribe

if TYPE_CHECKING:  # the handlers use the unit of work, never import its SQLAlchemy
    from services.notify.service_layer.unit_of_work import NotifyUnitOfWork
from shared.events.assessment import CampaignOpened
from shared.events.envelope import CloudEvent
from shared.events.monitoring import KPIOffTrack
from shared.events.portal import SignInCodeRequested
from shared.events.registry import (
    AssociationRegistered,
    AssociationRegistrationRejected,
    AssociationStatusChanged,
)

log = logging.getLogger(__name__)


async def notify(
    envelope: CloudEvent[Any],
    template: str,
    direct: list[Recipient],
    centre: str | None,
    uow: NotifyUnitOfWork,
    extra: dict[str, Any] | None = None,
) -> None:
    """Render and record one notification per recipient and channel (subscribers included);
    addresses that unsubscribed are skipped by the insert itself."""
    subscribed = who.subscribers(await uow.subscriptions.matching(envelope.type, centre))
    chosen = who.once_each(direct + subscribed)
    items = [uow.factory.build(envelope, template, r, centre, extra) for r in chosen]
    uow.notifications.record(items)  # written with the batch, at commit


async def on_association_registered(envelope: CloudEvent[Any], uow: NotifyUnitOfWork) -> None:
    e: AssociationRegistered = envelope.data
    contact = {
        "org_id": e.org_id,
        "name_ar": e.name_ar,
        "name_en": e.name_en,
        "centre": e.centre.value,
        "status": e.status.value,
        "email": e.contact_email,
        "phone": e.contact_phone,
        "bot_chat_id": e.bot_chat_id,
        "channel": e.channel,
        "language": e.language or "ar",
    }
    uow.contacts.upsert(e.association_id, contact)  # written with the batch
    direct = who.association_contacts(
        e.association_id, e.contact_email, e.contact_phone, e.bot_chat_id, e.language
    )
    await notify(envelope, "association_registered", direct, e.centre.value, uow)


async def on_registration_rejected(envelope: CloudEvent[Any], uow: NotifyUnitOfWork) -> None:
    e: AssociationRegistrationRejected = envelope.data
    direct = who.submitter(
        e.submission_id, e.channel, e.contact_email, e.contact_phone, e.bot_chat_id, e.language
    )
    if not direct:
        log.info("rejected submission %s has no contact to answer", e.submission_id)
    await notify(envelope, "registration_rejected", direct, None, uow)


async def on_association_status_changed(envelope: CloudEvent[Any], uow: NotifyUnitOfWork) -> None:
    e: AssociationStatusChanged = envelope.data
    await uow.contacts.set_status(e.association_id, e.to.value)
    contact = await uow.contacts.get(e.association_id)
    direct = []
    if contact is not None:
        direct = who.association_contacts(
            e.association_id,
            contact["email"],
            contact["phone"],
            contact["bot_chat_id"],
            contact["language"],
        )
    centre = e.centre.value if e.centre else (contact or {}).get("centre")
    extra = {"contact": contact and {k: contact[k] for k in ("name_ar", "name_en", "org_id")}}
    await notify(envelope, "status_changed", direct, centre, uow, extra)


async def on_campaign_opened(envelope: CloudEvent[Any], uow: NotifyUnitOfWork) -> None:
    """An assessment campaign put to associations: each association based in one of its
    centres is invited on its own channels (and subscribers to the event type hear of it)."""
    e: CampaignOpened = envelope.data
    direct: list[Recipient] = []
    if e.audience == "associations":
        for c in await uow.contacts.in_centres([x.value for x in e.centres]):
            direct += who.association_contacts(
                c["association_id"], c["email"], c["phone"], c["bot_chat_id"], c["language"]
            )
    await notify(envelope, "campaign_opened", direct, None, uow)


async def on_kpi_off_track(envelope: CloudEvent[Any], uow: NotifyUnitOfWork) -> None:
    e: KPIOffTrack = envelope.data
    await notify(envelope, "kpi_off_track", [], e.centre.value if e.centre else None, uow)


async def on_signin_code_requested(envelope: CloudEvent[Any], uow: NotifyUnitOfWork) -> None:
    """The portal's one-time code, to the one address it names (no subscriber copies, and the
    code is never logged: only the rendered message, kept like any other, carries it)."""
    e: SignInCodeRequested = envelope.data
    channel = Channel.SMS if e.recipient.channel == "sms" else Channel.EMAIL
    to = Recipient(
        f"signin:{envelope.subject or envelope.id}", channel, e.recipient.address,
        who.language_of(e.language),
    )  # fmt: skip
    uow.notifications.record([uow.factory.build(envelope, "signin_code", to, None)])


async def on_subscribed_event(envelope: CloudEvent[Any], uow: NotifyUnitOfWork) -> None:
    """Any other catalogue event: only those who subscribed to its type hear of it."""
    centre = getattr(envelope.data, "centre", None)
    await notify(envelope, "generic", [], getattr(centre, "value", centre), uow)


async def create_subscription(cmd: CreateSubscription, uow: NotifyUnitOfWork) -> dict[str, Any]:
    """The subscription as stored, but with its webhook signing secret in clear: the only time
    it is shown (the database keeps it sealed)."""
    secret = secrets.token_urlsafe(32) if cmd.channel is Channel.WEBHOOK else None
    values = {
        "subscription_id": str(uuid.uuid4()),
        "recipient": cmd.recipient,
        "channel": cmd.channel.value,
        "address": cmd.address,
        "event_types": list(cmd.event_types),
        "centres": list(cmd.centres),
        "language": cmd.language.value,
        "secret": uow.secret_box.seal(secret) if secret else None,
        "created_by": cmd.created_by,
    }
    await uow.subscriptions.add(values)
    await uow.commit()
    return {**values, "secret": secret}


async def reseal_secrets(uow: NotifyUnitOfWork) -> int:
    """Seal every webhook secret again with the first key of ``WEBHOOK_SECRETS_KEY`` (and seal
    those from before sealing); return how many. One that no key opens stops it, changing none."""
    stored = await uow.subscriptions.secrets()
    for subscription_id, value in stored.items():
        await uow.subscriptions.set_secret(subscription_id, uow.secret_box.reseal(value))
    await uow.commit()
    return len(stored)


async def cancel_subscription(subscription_id: str, uow: NotifyUnitOfWork) -> None:
    if not await uow.subscriptions.deactivate(subscription_id):
        raise SubscriptionNotFoundError(field="subscription_id")
    await uow.commit()


async def unsubscribe(cmd: Unsubscribe, uow: NotifyUnitOfWork) -> dict[str, Any]:
    """A signed link from an email: stop its subscription, or (a contact's mail) its address."""
    nid = verify_unsubscribe(uow.factory.signing_key, cmd.token)
    sent = await uow.notifications.get(nid) if nid else None
    if sent is None:
        raise InvalidUnsubscribeLinkError(field="token")
    if sent["subscription_id"]:
        await uow.subscriptions.deactivate(sent["subscription_id"])
    else:
        await uow.opt_outs.add(sent["channel"], sent["address"])
    await uow.commit()
    return sent
