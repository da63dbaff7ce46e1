"""Contacts read model, subscriptions and opt-outs (Core statements on the UoW's connection)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Text, bindparam, func, select, text, update
from sqlalchemy.dialects.postgresql import ARRAY, insert
from sqlalchemy.ext.asyncio import AsyncConnection

from services.notify.adapters.orm import contacts, opt_outs, subscriptions
from services.notify.adapters.subscription_index import CHANGED_CHANNEL, SubscriptionIndex

_MATCHING = text(
    "SELECT subscription_id, recipient, channel, address, language FROM subscriptions "
    "WHERE active AND event_types @> ARRAY[CAST(:event_type AS text)] "
    "AND (CAST(:centre AS text) IS NULL OR cardinality(centres) = 0 OR :centre = ANY(centres))"
)


_ANNOUNCE = text(f"SELECT pg_notify('{CHANGED_CHANNEL}', '')")
_CONTACT_COLUMNS = (
    "org_id",
    "name_ar",
    "name_en",
    "centre",
    "status",
    "email",
    "phone",
    "bot_chat_id",
    "channel",
    "language",
)
_UPSERT_CONTACTS = text(
    f"INSERT INTO contacts (association_id, {', '.join(_CONTACT_COLUMNS)}) "
    f"SELECT * FROM unnest(:association_id, {', '.join(':' + c for c in _CONTACT_COLUMNS)}) "
    "ON CONFLICT (association_id) DO UPDATE SET "
    + ", ".join(f"{c} = coalesce(excluded.{c}, contacts.{c})" for c in _CONTACT_COLUMNS)
    + ", updated_at = now()"
).bindparams(*(bindparam(c, type_=ARRAY(Text)) for c in ("association_id", *_CONTACT_COLUMNS)))


class ContactsReadModel:
    """Upserts of a consumer batch are written in one statement, before anything reads."""

    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn
        self._pending: dict[str, dict[str, Any]] = {}

    def upsert(self, association_id: str, values: dict[str, Any]) -> None:
        """Insert or refresh; a value the event does not carry keeps what was known."""
        known = self._pending.setdefault(association_id, dict.fromkeys(_CONTACT_COLUMNS))
        known.update({k: v for k, v in values.items() if v is not None})

    async def flush(self) -> None:
        if not self._pending:
            return
        pending, self._pending = self._pending, {}
        params = {"association_id": list(pending)}
        params.update({c: [v[c] for v in pending.values()] for c in _CONTACT_COLUMNS})
        await self.conn.execute(_UPSERT_CONTACTS, params)

    async def set_status(self, association_id: str, status: str) -> None:
        await self.flush()
        await self.conn.execute(
            update(contacts)
            .where(contacts.c.association_id == association_id)
            .values(status=status, updated_at=func.now())
        )

    async def in_centres(self, centres: list[str]) -> list[dict[str, Any]]:
        """Contacts of the associations based in these centres that may still answer
        (active or pending verification), for a campaign's invitations."""
        await self.flush()
        rows = await self.conn.execute(
            select(contacts)
            .where(contacts.c.centre.in_(centres))
            .where(contacts.c.status.in_(("active", "pending_verification")))
            .order_by(contacts.c.association_id)
        )
        return [dict(r._mapping) for r in rows]

    async def get(self, association_id: str) -> dict[str, Any] | None:
        await self.flush()
        row = (
            await self.conn.execute(
                select(contacts).where(contacts.c.association_id == association_id)
            )
        ).first()
        return dict(row._mapping) if row else None


class SubscriptionsRepository:
    def __init__(self, conn: AsyncConnection, index: SubscriptionIndex | None = None) -> None:
        self.conn = conn
        self.index = index
        self.changed = False

    async def _announce(self) -> None:
        """Tell every notify process (at commit) that subscriptions changed."""
        await self.conn.execute(_ANNOUNCE)
        self.changed = True

    async def add(self, values: dict[str, Any]) -> None:
        await self.conn.execute(insert(subscriptions).values(values))
        await self._announce()

    async def secrets(self) -> dict[str, str]:
        """Every stored webhook secret (sealed) by subscription id, locked for an update."""
        rows = await self.conn.execute(
            select(subscriptions.c.subscription_id, subscriptions.c.secret)
            .where(subscriptions.c.secret.is_not(None))
            .with_for_update()
        )
        return {r[0]: r[1] for r in rows}

    async def set_secret(self, subscription_id: str, stored: str) -> None:
        await self.conn.execute(
            update(subscriptions)
            .where(subscriptions.c.subscription_id == subscription_id)
            .values(secret=stored)
        )

    async def get(self, subscription_id: str) -> dict[str, Any] | None:
        row = (
            await self.conn.execute(
                select(subscriptions).where(subscriptions.c.subscription_id == subscription_id)
            )
        ).first()
        return dict(row._mapping) if row else None

    async def deactivate(self, subscription_id: str) -> bool:
        result = await self.conn.execute(
            update(subscriptions)
            .where(subscriptions.c.subscription_id == subscription_id)
            .values(active=False)
        )
        await self._announce()
        return bool(result.rowcount)

    async def listing(self, active_only: bool, limit: int, offset: int) -> list[dict[str, Any]]:
        query = select(subscriptions).order_by(subscriptions.c.created_at.desc())
        if active_only:
            query = query.where(subscriptions.c.active)
        rows = await self.conn.execute(query.limit(limit).offset(offset))
        return [dict(r._mapping) for r in rows]

    async def matching(self, event_type: str, centre: str | None) -> list[dict[str, Any]]:
        """Active subscriptions naming ``event_type`` whose centre filter lets ``centre`` in.
        An event about the whole governorate (no centre) reaches every centre filter."""
        if self.index is not None:
            return await self.index.matching(self.conn, event_type, centre)
        rows = await self.conn.execute(_MATCHING, {"event_type": event_type, "centre": centre})
        return [dict(r._mapping) for r in rows]


class OptOuts:
    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def add(self, channel: str, address: str) -> None:
        stmt = insert(opt_outs).values(channel=channel, address=address.lower())
        await self.conn.execute(stmt.on_conflict_do_nothing())
