"""The portal's own tables: sign-in codes, sessions, and the intake events it published (read
back from its outbox, to show a submission as received and to prefill a correction)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from services.portal.adapters.orm import outbox, sessions, signin_codes
from services.portal.domain.signin import IssuedCode, SessionRecord, Subject


class PortalRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self.conn = connection

    async def published(self, event_id: str, routing_key: str) -> dict[str, Any] | None:
        """The data of an event this portal published (while the outbox keeps it)."""
        query = select(outbox.c.body).where(
            outbox.c.event_id == event_id, outbox.c.routing_key == routing_key
        )
        body = (await self.conn.execute(query)).scalar()
        if body is None:
            return None
        data: dict[str, Any] = json.loads(bytes(body)).get("data") or {}
        return data

    # -- sign-in codes -------------------------------------------------------------------

    async def codes_since(self, contact_key: str, since: datetime) -> int:
        query = select(func.count()).where(
            signin_codes.c.contact_key == contact_key, signin_codes.c.created_at >= since
        )
        return int((await self.conn.execute(query)).scalar() or 0)

    async def add_code(self, code: IssuedCode) -> None:
        s = code.subject
        await self.conn.execute(
            signin_codes.insert().values(
                code_id=code.code_id, contact_key=code.contact_key, code_hash=code.code_hash,
                subject=s.subject, roles=list(s.roles), association_id=s.association_id,
                name=s.name, expires_at=code.expires_at,
            )
        )  # fmt: skip

    async def live_code(self, contact_key: str, now: datetime) -> dict[str, Any] | None:
        """The newest unused, unexpired code for this contact, locked for the check."""
        query = (
            select(signin_codes)
            .where(
                signin_codes.c.contact_key == contact_key,
                signin_codes.c.used_at.is_(None),
                signin_codes.c.expires_at > now,
            )
            .order_by(signin_codes.c.created_at.desc())
            .limit(1)
            .with_for_update()
        )
        row = (await self.conn.execute(query)).mappings().first()
        return dict(row) if row else None

    async def count_try(self, code_id: str, used: bool, now: datetime) -> None:
        values: dict[str, Any] = {"tries": signin_codes.c.tries + 1}
        if used:
            values["used_at"] = now
        await self.conn.execute(
            update(signin_codes).where(signin_codes.c.code_id == code_id).values(**values)
        )

    # -- sessions -----------------------------------------------------------------------

    async def add_session(self, record: SessionRecord) -> None:
        s = record.subject
        await self.conn.execute(
            sessions.insert().values(
                session_hash=record.session_hash, subject=s.subject, roles=list(s.roles),
                association_id=s.association_id, name=s.name, csrf=record.csrf,
                expires_at=record.expires_at,
            )
        )  # fmt: skip

    async def session(self, session_hash: str, now: datetime) -> SessionRecord | None:
        query = select(sessions).where(
            sessions.c.session_hash == session_hash,
            sessions.c.ended_at.is_(None),
            sessions.c.expires_at > now,
        )
        row = (await self.conn.execute(query)).mappings().first()
        if row is None:
            return None
        subject = Subject(row["subject"], tuple(row["roles"]), row["association_id"], row["name"])
        return SessionRecord(row["session_hash"], subject, row["csrf"], row["expires_at"])

    async def end_session(self, session_hash: str, now: datetime) -> None:
        await self.conn.execute(
            update(sessions).where(sessions.c.session_hash == session_hash).values(ended_at=now)
        )

    async def prune(self, now: datetime, keep: timedelta) -> None:
        await self.conn.execute(signin_codes.delete().where(signin_codes.c.expires_at < now - keep))
        await self.conn.execute(sessions.delete().where(sessions.c.expires_at < now - keep))
