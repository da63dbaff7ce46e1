from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncEngine

from services.notify.adapters.notifications import NotificationsRepository
from services.notify.adapters.repository import (
    ContactsReadModel,
    OptOuts,
    SubscriptionsRepository,
)
from services.notify.adapters.secret_box import SecretBox
from services.notify.adapters.subscription_index import SubscriptionIndex
from services.notify.service_layer.rendering import NotificationFactory
from shared.messaging.uow import UnitOfWork


class NotifyUnitOfWork(UnitOfWork):
    contacts: ContactsReadModel
    subscriptions: SubscriptionsRepository
    opt_outs: OptOuts
    notifications: NotificationsRepository

    def __init__(
        self,
        engine: AsyncEngine,
        source: str,
        schema: str,
        factory: NotificationFactory,
        secret_box: SecretBox,
        index: SubscriptionIndex | None = None,
    ) -> None:
        super().__init__(engine, source, schema)
        self.factory = factory
        self.secret_box = secret_box  # webhook signing secrets are stored sealed
        self.index = index

    def _start(self) -> None:
        self.contacts = ContactsReadModel(self.connection)
        self.subscriptions = SubscriptionsRepository(self.connection, self.index)
        self.opt_outs = OptOuts(self.connection)
        self.notifications = NotificationsRepository(self.connection)

    async def commit(self) -> None:
        """Contacts and notifications recorded by the handlers of a consumer batch go in with one
        statement each, in this transaction (with the inbox rows and the outbox)."""
        await self.contacts.flush()
        await self.notifications.flush()
        await super().commit()
        if self.subscriptions.changed and self.index is not None:
            self.index.invalidate()  # this process need not wait for its own NOTIFY
