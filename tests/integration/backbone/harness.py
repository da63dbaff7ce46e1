"""A test-only service built from the shared plumbing exactly as a real one is: its own schema
(outbox, inbox and an ``effects`` table), a unit of work, one subscription, a ServiceRuntime.

It consumes ``NeedsUpdated`` (routing key ``assessment.needs.updated.v1``) and counts, per event
id, how many times the handler's transaction committed: the "effect" every test asserts on.
Its relay publishes the harness's own outbox, so one harness is also a full event hop.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable
from typing import Any

from sqlalchemy import Column, Integer, MetaData, Table, Text, text
from sqlalchemy.ext.asyncio import create_async_engine

from shared.config import ServiceSettings
from shared.db import make_engine
from shared.events.assessment import NeedsUpdated
from shared.events.envelope import CloudEvent
from shared.messaging.consumer import PermanentError, Subscription
from shared.messaging.tables import add_backbone_tables
from shared.messaging.uow import UnitOfWork
from shared.runtime import ServiceRuntime
from tests.support.services import TEST_QUEUES

ROUTING_KEY = NeedsUpdated.ROUTING_KEY


class HarnessSettings(ServiceSettings):
    service: str = "harness"


class TransientFailure(Exception):
    """Stands for a database blip or a timeout: retried."""


async def create_harness_schema(admin_db_url: str, schema: str) -> None:
    metadata = MetaData(schema=schema)
    add_backbone_tables(metadata)
    Table(
        "effects",
        metadata,
        Column("event_id", Text, primary_key=True),
        Column("campaign_id", Text, nullable=False),
        Column("n", Integer, nullable=False),
    )
    engine = create_async_engine(admin_db_url)
    async with engine.begin() as conn:
        await conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        await conn.run_sync(metadata.create_all)
    await engine.dispose()


def need(campaign_id: str, severity: int = 3) -> NeedsUpdated:
    return NeedsUpdated(
        centre="edfu",
        sector="health",
        severity=severity,
        people_affected=10,
        campaign_id=campaign_id,
    )


class Harness:
    def __init__(
        self,
        settings_for: Callable[..., Any],
        admin_db_url: str,
        schema: str,
        inbox_at_commit: bool = False,
        **overrides: Any,
    ) -> None:
        self.schema = schema
        self.fail_times: dict[str, int] = {}
        self.reject: set[str] = set()
        self.calls: dict[str, int] = {}
        self.settings = settings_for(
            HarnessSettings, service=schema, database_url=admin_db_url, **overrides
        )
        engine = make_engine(self.settings.database_url, schema, self.settings.db_pool_size)
        source = self.settings.source

        def uow_factory() -> UnitOfWork:
            return UnitOfWork(engine, source, schema)

        self.runtime = ServiceRuntime(
            self.settings,
            engine,
            uow_factory,
            [
                Subscription(
                    "effects", {NeedsUpdated: self._on_need}, inbox_at_commit=inbox_at_commit
                )
            ],
            publishes=[NeedsUpdated],
            roles={"consumers", "relay"},
        )
        names = TEST_QUEUES.setdefault(self.settings.queue_prefix, set())
        for consumer, _ in self.runtime.consumers:
            spec = consumer.spec
            names.update({spec.name, spec.dlq})
            names.update(spec.retry_queue(n) for n in range(1, spec.retry_levels + 1))

    @property
    def queue(self) -> str:
        return self.runtime.consumers[0][0].spec.name

    @property
    def dlq(self) -> str:
        return self.runtime.consumers[0][0].spec.dlq

    async def _on_need(self, envelope: CloudEvent[Any], uow: UnitOfWork) -> None:
        campaign = envelope.data.campaign_id
        self.calls[envelope.id] = self.calls.get(envelope.id, 0) + 1
        if campaign in self.reject:
            raise PermanentError(f"campaign {campaign} is rejected")
        left = self.fail_times.get(campaign, 0)
        if left:
            self.fail_times[campaign] = left - 1
            raise TransientFailure(f"transient failure, {left - 1} more to come")
        await uow.connection.execute(
            text(
                "INSERT INTO effects (event_id, campaign_id, n) VALUES (:id, :c, 1) "
                "ON CONFLICT (event_id) DO UPDATE SET n = effects.n + 1"
            ),
            {"id": envelope.id, "c": campaign},
        )

    async def commit_events(
        self, campaigns: list[str], subject: Callable[[int], str | None] = lambda i: None
    ) -> list[str]:
        """Commit one unit of work that publishes one event per campaign; return their ids."""
        async with self.runtime.uow_factory() as uow:
            ids = [uow.publish(need(c), subject=subject(i)).id for i, c in enumerate(campaigns)]
            await uow.commit()
        return ids

    @contextlib.asynccontextmanager
    async def running(self) -> AsyncIterator[Harness]:
        async with self.runtime.lifespan():
            yield self
