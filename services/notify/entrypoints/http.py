from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, status

from services.notify.domain.commands import CreateSubscription
from services.notify.domain.model import Channel, Status
from services.notify.domain.subscriptions import normalise_address, normalise_event_types
from services.notify.entrypoints.schemas import (
    DeliveryPublic,
    SubscriptionCreate,
    SubscriptionPublic,
)
from services.notify.service_layer import handlers
from services.notify.service_layer.unit_of_work import NotifyUnitOfWork
from shared.auth import StaffPrincipal
from shared.events import EVENT_TYPES
from shared.events.codes import Centre
from shared.http import IdPath, Offset
from shared.privacy import mask_address

UowFactory = Callable[[], NotifyUnitOfWork]


def make_router(uow_factory: UowFactory) -> APIRouter:
    router = APIRouter(prefix="/v1", tags=["notify"])

    @router.post("/subscriptions", status_code=status.HTTP_201_CREATED)
    async def create(body: SubscriptionCreate, principal: StaffPrincipal) -> SubscriptionPublic:
        """Subscribe a recipient to event types on a channel (staff). A webhook's signing
        secret is returned once, here."""
        cmd = CreateSubscription(
            recipient=body.recipient,
            channel=body.channel,
            address=normalise_address(body.channel, body.address),
            event_types=normalise_event_types(body.event_types, EVENT_TYPES),
            centres=tuple(c.value for c in body.centres),
            language=body.language,
            created_by=principal.subject,
        )
        async with uow_factory() as uow:
            created = await handlers.create_subscription(cmd, uow)
        return SubscriptionPublic(**created)

    @router.get("/subscriptions")
    async def list_subscriptions(
        _: StaffPrincipal,
        active: bool = True,
        limit: Annotated[int, Query(ge=1, le=500)] = 100,
        offset: Offset = 0,
    ) -> list[SubscriptionPublic]:
        async with uow_factory() as uow:
            rows = await uow.subscriptions.listing(active, limit, offset)
        return [SubscriptionPublic(**{**r, "secret": None}) for r in rows]

    @router.delete("/subscriptions/{subscription_id}", status_code=status.HTTP_204_NO_CONTENT)
    async def cancel(subscription_id: IdPath, _: StaffPrincipal) -> None:
        async with uow_factory() as uow:
            await handlers.cancel_subscription(subscription_id, uow)

    @router.get("/deliveries")
    async def deliveries(
        _: StaffPrincipal,
        status_: Annotated[Status | None, Query(alias="status")] = None,
        channel: Channel | None = None,
        cause_event_id: str | None = None,
        recipient: str | None = None,
        event_type: str | None = None,
        centre: Centre | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: Annotated[int, Query(ge=1, le=500)] = 100,
        offset: Offset = 0,
    ) -> list[DeliveryPublic]:
        """The delivery log (staff), newest first; addresses masked."""
        filters: dict[str, Any] = {
            "status": status_,
            "channel": channel,
            "cause_event_id": cause_event_id,
            "recipient": recipient,
            "event_type": event_type,
            "centre": centre,
            "since": since,
            "until": until,
        }
        async with uow_factory() as uow:
            rows = await uow.notifications.log(filters, limit, offset)
        return [DeliveryPublic(**r, address_masked=mask_address(r["address"])) for r in rows]

    return router
