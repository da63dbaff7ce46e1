"""Queues of the notify service.

A queue binds to its routing keys when it is declared, while subscriptions name event types at
run time: ``notify.subscriptions`` is bound to every catalogue event that no other notify queue
handles (except notify's own, which would loop), and the handler filters by the subscriptions
in force when the event arrives.
"""

from __future__ import annotations

from services.notify.service_layer import handlers
from shared.events import EVENT_TYPES
from shared.events.assessment import CampaignOpened
from shared.events.envelope import Event
from shared.events.monitoring import KPIOffTrack
from shared.events.portal import SignInCodeRequested
from shared.events.registry import (
    AssociationRegistered,
    AssociationRegistrationRejected,
    AssociationStatusChanged,
)
from shared.messaging.consumer import EventHandler, Subscription

DIRECT: dict[type[Event], EventHandler] = {
    AssociationRegistered: handlers.on_association_registered,
    AssociationRegistrationRejected: handlers.on_registration_rejected,
    AssociationStatusChanged: handlers.on_association_status_changed,
}
ALERTS: dict[type[Event], EventHandler] = {KPIOffTrack: handlers.on_kpi_off_track}
CAMPAIGNS: dict[type[Event], EventHandler] = {CampaignOpened: handlers.on_campaign_opened}
# A sign-in code goes to its one recipient only: never to subscribers of its type.
CODES: dict[type[Event], EventHandler] = {SignInCodeRequested: handlers.on_signin_code_requested}


def subscribable() -> dict[type[Event], EventHandler]:
    taken = set(DIRECT) | set(ALERTS) | set(CODES) | set(CAMPAIGNS)
    return {
        model: handlers.on_subscribed_event
        for model in EVENT_TYPES.values()
        if model not in taken and not model.ROUTING_KEY.startswith("notify.")
    }


def subscriptions() -> list[Subscription]:
    # inbox_at_commit: every effect of these handlers is in the transaction (notify sends from
    # its delivery worker, after the commit), so a redelivery may be handled and rolled back.
    return [
        Subscription(
            purpose="registry-events",
            description="Registrations, rejections and status changes: tell the association.",
            handlers=DIRECT,
            inbox_at_commit=True,
        ),
        Subscription(
            purpose="kpi-alerts",
            description="KPIs going off track: tell the subscribed staff and partners.",
            handlers=ALERTS,
            inbox_at_commit=True,
        ),
        Subscription(
            purpose="campaigns",
            description="Assessment campaigns opened: invite the associations of their centres.",
            handlers=CAMPAIGNS,
            inbox_at_commit=True,
        ),
        Subscription(
            purpose="signin-codes",
            description="One-time sign-in codes of the portal: sent to the address given.",
            handlers=CODES,
            inbox_at_commit=True,
        ),
        Subscription(
            purpose="subscriptions",
            description="Every other catalogue event, for the subscriptions that name its type.",
            handlers=subscribable(),
            inbox_at_commit=True,
        ),
    ]
